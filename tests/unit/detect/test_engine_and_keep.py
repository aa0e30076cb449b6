"""Detection with the real model: the engine, the keep filter and overlap resolution together."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.detect.engine import Analyzer, Detect
from redactor.detect.nlp import is_dictionary_word
from redactor.detect.overlaps import ResolveOverlaps
from redactor.document import Document, Label, Segment
from tests.fixtures.stages import KeepThenRelabel as KeepFilter

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def detect() -> Detect:
    return Detect(Analyzer(score_threshold=0.35))


def found(detect: Detect, text: str, keep_terms: tuple[str, ...] = ()) -> list[tuple[str, Label]]:
    doc = Document(Path("t.txt"), "text", (Segment("body/p/0", text),))
    doc = detect.run(doc)
    doc = KeepFilter(keep_terms=keep_terms, is_word=is_dictionary_word).run(doc)
    doc = ResolveOverlaps().run(doc)
    return [(doc.span_text(s), s.label) for s in doc.spans]


def test_a_phone_number_is_never_a_date(detect: Detect) -> None:
    spans = found(detect, "She called on 07700 900461 on 14 March 2019 at 23:40.")
    assert spans == [("07700 900461", Label.PHONE_NUMBER)]


def test_people_places_and_patterns(detect: Detect) -> None:
    spans = dict(found(detect, "Dr Okafor saw Siobhan Mulcahy at 27 Quenmore Rise, SE4 2XY. NHS number 999 000 0018."))
    assert spans["Dr Okafor"] is Label.PERSON
    assert spans["Siobhan Mulcahy"] is Label.PERSON
    assert spans["27 Quenmore Rise"] is Label.ADDRESS
    assert spans["SE4 2XY"] is Label.UK_POSTCODE
    assert spans["999 000 0018"] is Label.UK_NHS


def test_possessive_stays_outside_the_name(detect: Detect) -> None:
    assert ("Siobhan Mulcahy", Label.PERSON) in found(detect, "It was Siobhan Mulcahy’s decision.")


def test_a_name_stops_at_its_sentence_and_a_nationality_is_no_name(detect: Detect) -> None:
    spans = found(detect, "Speaker 3: Everybody does. Niamh, N I A M H. It's Irish, my dad's from Donegal.")
    assert ("N I A M H", Label.PERSON) in spans
    assert not any("It" in text or text == "Irish" for text, _label in spans)


def test_a_firm_the_model_runs_over_a_sentence_end_loses_the_name_before_it(detect: Detect) -> None:
    spans = found(detect, "Me ex was on the scaffolding with Gaz. Northern Tube. Northern Tube Scaffolding, NTS on the wagons.")
    assert ("Gaz", Label.PERSON) in spans
    assert not any(". " in text for text, _label in spans)


def test_a_saints_place_keeps_its_s(detect: Detect) -> None:
    assert ("St Mary's", Label.ORGANIZATION) in found(detect, "We were married two year after, at St Mary's. Thirty years.")


@pytest.mark.parametrize(
    "text",
    [
        "The Metropolitan Police Service referred the case to the MARAC.",
        "Lewisham and Greenwich NHS Trust and Children's Social Care attended.",
        "Hestia provided the IDVA service in London.",
        "The review was held under the Domestic Violence, Crime and Victims Act 2004.",
        "She was seen on Monday in March by the GP.",
    ],
)
def test_public_bodies_roles_and_dates_are_kept(detect: Detect, text: str) -> None:
    assert found(detect, text, keep_terms=("Lewisham",)) == []


def test_keep_terms_from_the_case_file(detect: Detect) -> None:
    assert found(detect, "She lived in Faversham.", keep_terms=("Faversham",)) == []
    assert found(detect, "She lived in Faversham.") == [("Faversham", Label.LOCATION)]


def test_a_name_the_model_calls_an_organisation_becomes_a_person(detect: Detect) -> None:
    spans = found(detect, "Prepared by Fenella Gorringe for the Safer Lewisham Partnership")
    assert ("Fenella Gorringe", Label.PERSON) in spans


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("from her landline (01632 960518) to say", "01632 960518"),
        ("She rang (+33 1 84 17 61 18) that night.", "+33 1 84 17 61 18"),
    ],
)
def test_a_bracketed_phone_number_leaves_the_brackets(detect: Detect, text: str, phone: str) -> None:
    assert found(detect, text) == [(phone, Label.PHONE_NUMBER)]


@pytest.mark.parametrize(
    ("text", "place"),
    [("Her parents moved back to Estonia in 2019.", "Estonia"), ("He flew to Amsterdam on Tuesday.", "Amsterdam"),
     ("Tomek is from Kraków, like his brother.", "Kraków"), ("So we came from Goiânia in 2009, me and mum.", "Goiânia")],
)
def test_large_places_are_kept_unless_the_case_redacts_them(detect: Detect, text: str, place: str) -> None:
    doc = detect.run(Document(Path("t.txt"), "text", (Segment("body/p/0", text),)))
    kept = KeepFilter(is_word=is_dictionary_word).run(doc)
    assert place not in [kept.span_text(s) for s in kept.spans]
    redacted = KeepFilter(is_word=is_dictionary_word, large_places=False).run(doc)
    assert place in [redacted.span_text(s) for s in redacted.spans]


def test_public_bodies_are_kept_unless_the_case_redacts_them(detect: Detect) -> None:
    text = "She was referred to the Metropolitan Police and Refuge."
    doc = detect.run(Document(Path("t.txt"), "text", (Segment("body/p/0", text),)))
    assert not KeepFilter(is_word=is_dictionary_word).run(doc).spans
    spans = KeepFilter(is_word=is_dictionary_word, public_bodies=False).run(doc).spans
    assert spans


def test_a_maiden_name_after_nee_is_a_name_even_when_it_is_a_dictionary_word(detect: Detect) -> None:
    assert ("Sousa", Label.PERSON) in found(detect, "Ana Paula Rodrigues (née Sousa) was born in Porto.")


def test_a_model_guess_of_dictionary_words_without_a_name_is_kept_but_a_titled_surname_is_not() -> None:
    from redactor.detect.keep import KeepFilter
    from redactor.detect.nlp import is_dictionary_word
    from redactor.document import Label

    keep = KeepFilter(is_word=is_dictionary_word)
    assert keep.is_kept("Text Box", Label.PERSON)  # a Word shape's name, read by the model
    assert not keep.is_kept("Superintendent Cook", Label.PERSON)
    assert not keep.is_kept("Rose Hill", Label.PERSON)
    # The model's lower-case guesses are noise ("will", "mum"), a listed name no dictionary knows is not.
    assert keep.is_kept("will", Label.PERSON) and keep.is_kept("mum", Label.PERSON)
    assert not keep.is_kept("stan", Label.PERSON)


def test_a_name_said_to_be_a_pub_is_an_organisation_not_a_person() -> None:
    from pathlib import Path

    from redactor.detect.relabel import Relabel
    from redactor.document import Document, Label, Segment, Span

    text = "WX met YZ in 2017 at the Gilded Heron, a public house on the high street. Jane Smith came."
    start = text.index("Gilded Heron")
    spans = (Span("body/p/0", start, start + 12, Label.PERSON, "spacy_ner", 0.6),
             Span("body/p/0", text.index("Jane"), text.index("Jane") + 10, Label.PERSON, "spacy_ner", 0.6))
    out = Relabel().run(Document(Path("t.txt"), "text", (Segment("body/p/0", text),), spans))
    assert [s.label for s in out.spans] == [Label.ORGANIZATION, Label.PERSON]


def test_fixed_expressions_with_a_name_in_them_are_kept_as_written() -> None:
    from redactor.detect.keep import KeepFilter

    text = "They played Amazing Grace. The Old Bill came. The Bishop of Llandaff spoke. Grace rang."
    regions = [text[s:e] for s, e in KeepFilter().protected(text)]
    assert regions == ["Amazing Grace", "Old Bill", "Bishop of"]


def test_a_city_abroad_is_a_large_place_but_a_given_name_is_not() -> None:
    from redactor.detect.keep import is_large_place

    assert is_large_place("Karachi") and is_large_place("Krakow") and is_large_place("Derry")
    assert not is_large_place("Florence") and not is_large_place("Jackson")  # names: decided in context
    assert not is_large_place("Boston")  # a UK town shares it: coded as a place below the CSP area


def test_a_town_guessed_as_an_organisation_is_a_place() -> None:
    from redactor.detect.relabel import Relabel
    from redactor.document import Span

    text = "Penny moved to a flat in Dewsbury, near the Batley Carr Surgery."
    spans = (Span("body/p/0", text.index("Dewsbury"), text.index("Dewsbury") + 8, Label.ORGANIZATION, "spacy_ner", 0.6),
             Span("body/p/0", text.index("Batley"), text.index("Surgery") + 7, Label.ORGANIZATION, "spacy_ner", 0.6))
    out = Relabel().run(Document(Path("t.txt"), "text", (Segment("body/p/0", text),), spans))
    assert [s.label for s in out.spans] == [Label.LOCATION, Label.ORGANIZATION]


def _relabelled(text: str, *guesses: tuple[str, Label, str]) -> list[Label]:
    """The labels Relabel gives guesses ``(text, label, recognizer)`` at their first place in ``text``."""
    from redactor.detect.relabel import Relabel
    from redactor.document import Span

    spans = tuple(
        Span("body/p/0", text.index(said), text.index(said) + len(said), label, recognizer, 0.6)
        for said, label, recognizer in guesses
    )
    return [s.label for s in Relabel().run(Document(Path("t.txt"), "text", (Segment("body/p/0", text),), spans)).spans]


def test_a_street_or_a_school_guessed_as_a_person_is_a_place_or_a_school() -> None:
    text = "He sat on Miry Lane, by 12 Penny Lane, outside Hindley High. PC Green came. Penny Lane rang. D. Green knew."
    assert _relabelled(
        text, ("Miry Lane", Label.PERSON, "spacy_ner"), ("12 Penny Lane", Label.PERSON, "spacy_ner"),
        ("Hindley High", Label.PERSON, "spacy_ner"), ("PC Green", Label.PERSON, "spacy_ner"),
        ("Penny Lane rang", Label.PERSON, "spacy_ner"), ("D. Green", Label.PERSON, "spacy_ner"),
    )[:3] == [Label.LOCATION, Label.PERSON, Label.ORGANIZATION]  # "12 Penny Lane": the number is no name
    assert _relabelled(text, ("Penny Lane", Label.PERSON, "spacy_ner")) == [Label.LOCATION]  # after "12"
    text = "Ask PC Green. Penny Lane rang. D. Green knew."
    assert _relabelled(
        text, ("PC Green", Label.PERSON, "spacy_ner"), ("Penny Lane", Label.PERSON, "spacy_ner"),
        ("D. Green", Label.PERSON, "spacy_ner"),
    ) == [Label.PERSON, Label.PERSON, Label.PERSON]  # a title, a first name, an initial: people
    # A first name and a surname our name lists found inside a school's name is the school's.
    text = "She was at Holly Bank Primary. Holly Bank rang."
    spans = _relabelled(
        text, ("Holly Bank Primary", Label.ORGANIZATION, "spacy_ner"), ("Holly Bank", Label.PERSON, "name_gazetteer")
    )
    assert spans == [Label.ORGANIZATION, Label.ORGANIZATION]


def test_a_named_house_guessed_as_a_person_is_a_place_but_a_person_called_house_is_not() -> None:
    text = "She moved to Trevanion House in May. Later Gregory House came round."
    assert _relabelled(
        text, ("Trevanion House", Label.PERSON, "spacy_ner"), ("Gregory House", Label.PERSON, "spacy_ner")
    ) == [Label.LOCATION, Label.PERSON]


def test_a_hospital_called_by_its_town_and_royal_is_kept() -> None:
    from redactor.detect.keep import KeepFilter as Keep

    keep = Keep(is_word=is_dictionary_word)
    text = "They took her to Calderdale Royal, then the Royal Derby. Drinks at the Royal Oak. Royal Stoke next."
    found = [text[s:e] for s, e in keep.protected(text) if "Royal" in text[s:e]]
    assert found == ["Calderdale Royal", "Royal Derby", "Royal Stoke"]  # not the Royal Oak, a pub


def test_a_guess_in_an_address_column_is_a_place() -> None:
    text = (
        "| Name | Relationship | Address at the time |\n|---|---|---|\n"
        "| Carol Frost | Mother | Bottesford |\n| Dean Hope | Husband | Ashby |"
    )
    assert _relabelled(
        text, ("Bottesford", Label.PERSON, "spacy_ner"), ("Ashby", Label.ORGANIZATION, "spacy_ner"),
        ("Carol Frost", Label.PERSON, "spacy_ner"), ("Mother", Label.PERSON, "spacy_ner"),
    ) == [Label.LOCATION, Label.LOCATION, Label.PERSON, Label.PERSON]


def test_saint_and_one_name_guessed_as_a_person_is_a_place() -> None:
    text = "She moved to St Austell. St Dennis is near."
    assert _relabelled(text, ("St Austell", Label.PERSON, "spacy_ner"), ("St Dennis", Label.PERSON, "spacy_ner")) == [
        Label.LOCATION, Label.LOCATION
    ]


def test_a_name_run_over_a_spaced_dash_from_a_lower_case_word_is_what_follows() -> None:
    from redactor.detect.engine import _trim

    text = "He had the van - Norman said so. Mouse - Michael Mousley came."
    start, end = _trim(text, text.index("van"), text.index(" said"), Label.PERSON, "spacy_ner")
    assert text[start:end] == "Norman"
    start, end = _trim(text, text.index("Mouse"), text.index(" came"), Label.PERSON, "spacy_ner")
    assert text[start:end] == "Mouse - Michael Mousley"  # a nickname and its name: linking pairs them


def test_a_guess_of_role_words_only_is_kept() -> None:
    from redactor.detect.keep import KeepFilter as Keep

    keep = Keep(is_word=is_dictionary_word)
    assert keep.is_kept("Chair - Independent Chair", Label.ORGANIZATION)  # a speakers' key line
    assert keep.is_kept("Interviewer / Reviewer", Label.PERSON)
    assert not keep.is_kept("Chair Rhiannon Evans", Label.PERSON)


def test_work_on_each_whole_text_runs_beside_detection_and_the_keep_stage_uses_it(detect: Detect) -> None:
    from redactor.detect.engine import CHUNK_CHARS
    from redactor.detect.keep import KeepFilter as Keep
    from redactor.workers import Pool

    short = "Jane met the Lewisham MARAC chair at Lewisham Council."
    long = ("Jane went to Lewisham Council again. " * (CHUNK_CHARS // 30)).strip()
    docs = [Document(Path(f"{i}.txt"), "text", (Segment("body/p/0", text),)) for i, text in enumerate((short, long))]
    keep = Keep(is_word=is_dictionary_word, areas=("Lewisham",))
    given: dict[str, list[tuple[int, int]]] = {}

    def take(text: str, regions: list[tuple[int, int]]) -> None:
        given[text] = regions
        keep.remember(text, regions)

    with Pool(1) as pool:
        outcomes = detect.run_parallel(docs, pool, per_text=(keep.protected, take))
    assert list(given) == [short]  # a text cut into chunks is left to the stage
    assert given[short] == Keep(is_word=is_dictionary_word, areas=("Lewisham",)).protected(short)
    assert given[short]  # the council is protected
    kept = keep.run(outcomes[0].value)  # type: ignore[arg-type]
    assert "Lewisham Council" in {kept.span_text(s) for s in kept.kept}
    keep.remember(short, [])  # what the worker found is what the stage uses, once
    assert keep.protected(short) == []
    assert keep.protected(short) == given[short]


@pytest.mark.model
def test_a_bidding_verb_before_a_name_and_a_verb_after_it_are_no_part_of_it() -> None:
    from redactor.detect.engine import _trim

    text = 'He laughed and said, "Tell Kayls her Bear says hi." Julie rang Dr Hale. Jo meet Gavin there.'
    start, end = _trim(text, text.index("Tell"), text.index(" her"), Label.PERSON, "spacy_ner")
    assert text[start:end] == "Kayls"
    start, end = _trim(text, text.index("Julie"), text.index(" Hale"), Label.PERSON, "spacy_ner")
    assert text[start:end] == "Julie"
    start, end = _trim(text, text.index("Jo meet"), text.index(" there"), Label.PERSON, "spacy_ner")
    assert text[start:end] == "Jo"
    text = "14/03/2019 Letter. Addressed Mrs M. Curnow at home."
    start, end = _trim(text, text.index("Addressed"), text.index(" at home"), Label.PERSON, "spacy_ner")
    assert text[start:end] == "Mrs M. Curnow"
    text = "Mark Jones came. Maria de Souza said."
    start, end = _trim(text, 0, text.index(" came"), Label.PERSON, "spacy_ner")
    assert text[start:end] == "Mark Jones"  # a given name that is also a verb stays
    start, end = _trim(text, text.index("Maria"), text.index(" said"), Label.PERSON, "spacy_ner")
    assert text[start:end] == "Maria de Souza"


def test_the_and_an_opening_quote_before_a_guessed_name_are_no_part_of_it() -> None:
    from redactor.detect.engine import _trim

    text = 'But the "Mrs Gamble" who called the police was his mother.'
    start, end = _trim(text, text.index("the"), text.index('" who'), Label.ORGANIZATION, "spacy_ner")
    assert text[start:end] == "Mrs Gamble"
