"""Link, pseudonymise and rewrite on hand-built documents (no model)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from redactor.casefile import Case, CasePerson
from redactor.detect.overlaps import ResolveOverlaps
from redactor.document import Document, Label, Segment, Span
from redactor.keyfile import Key
from redactor.link import Link, build_registry
from redactor.pseudonymise import Pseudonymise, assign_pseudonyms
from redactor.rewrite import Rewrite
from tests.conftest import simple_is_word

CASE = Case(
    name="WX",
    people=(
        CasePerson("Jane Elizabeth Doe", aliases=("Janey",), pseudonym="WX", role="victim", title="Mrs"),
        CasePerson("Tom Doe", pseudonym="Child 1", role="son"),
        CasePerson("Kieran Ashcroft", pseudonym="YZ"),
    ),
    redact_terms=("Quenmore Rise",),
)


def make_doc(name: str, *texts: str, spans: tuple[tuple[int, int, int, Label], ...] = ()) -> Document:
    segments = tuple(Segment(f"body/p/{i}", t) for i, t in enumerate(texts))
    doc_spans = tuple(
        Span(f"body/p/{seg}", s, e, label, "spacy_ner", 0.6) for seg, s, e, label in spans
    )
    return Document(Path(name), "text", segments, doc_spans)


def redact(
    *docs: Document, case: Case | None = CASE, key: Key | None = None, is_word: Callable[[str], bool] = simple_is_word
) -> list[str]:
    key = key or Key.new("WX")
    docs_list = [ResolveOverlaps().run(d) for d in docs]
    registry = build_registry(docs_list, case=case, key=key, is_word=is_word)
    pseudonyms = assign_pseudonyms(registry)
    out = []
    for doc in docs_list:
        doc = Rewrite().run(Pseudonymise(pseudonyms).run(Link(registry).run(doc)))
        for seg in doc.segments:
            text = seg.text
            for edit in sorted((e for e in doc.edits if e.segment_id == seg.id), key=lambda e: -e.start):
                text = text[: edit.start] + edit.replacement + text[edit.end :]
            out.append(text)
    return out


def test_every_form_of_a_listed_person_gets_their_pseudonym() -> None:
    text = (
        "Jane Elizabeth Doe met Jane. Jane's sister saw Mrs Doe and JANE DOE. "
        "Janey called. DOE, Jane was logged. i told jane."
    )
    assert redact(make_doc("a.txt", text)) == [
        "WX met WX. WX's sister saw WX and WX. WX called. WX was logged. i told WX."
    ]


def test_relatives_sharing_a_surname_stay_apart() -> None:
    out = redact(make_doc("a.txt", "Tom Doe and Jane Doe; Mrs Doe and Tom."))
    assert out == ["Child 1 and WX; WX and Child 1."]


def test_detected_people_get_labels_and_propagate_across_documents() -> None:
    doc1 = make_doc("a.txt", "Callum Brierley was a friend.", spans=((0, 0, 15, Label.PERSON),))
    doc2 = make_doc("b.txt", "Brierley and callum drank; Mr Brierley left.")
    assert redact(doc1, doc2) == [
        "Person A was a friend.",
        "Person A and Person A drank; Person A left.",
    ]


def test_two_detected_people_never_share_a_pseudonym() -> None:
    doc = make_doc(
        "a.txt",
        "Callum Brierley met Nikhil Raithatha.",
        spans=((0, 0, 15, Label.PERSON), (0, 20, 36, Label.PERSON)),
    )
    assert redact(doc) == ["Person A met Person B."]


def test_generated_labels_skip_officer_chosen_ones() -> None:
    case = dataclasses.replace(CASE, people=(CasePerson("Jane Doe", pseudonym="Person A"),))
    doc = make_doc("a.txt", "Jane Doe met Callum Brierley.", spans=((0, 13, 28, Label.PERSON),))
    assert redact(doc, case=case) == ["Person A met Person B."]


def test_pseudonyms_are_deterministic_and_kept_by_the_key() -> None:
    doc = make_doc("a.txt", "Callum Brierley met Nikhil Raithatha.", spans=((0, 0, 15, Label.PERSON), (0, 20, 36, Label.PERSON)))
    key = Key.new("WX")
    registry = build_registry([doc], case=CASE, key=key, is_word=simple_is_word)
    first = assign_pseudonyms(registry)
    key2 = registry.to_key(key, first)
    # A later run sees only the second person first: the key keeps the earlier labels.
    later = make_doc("b.txt", "Nikhil Raithatha then Callum Brierley.")
    assert redact(later, key=key2) == ["Person B then Person A."]
    assert redact(doc) == redact(doc)


def test_redact_terms_and_places() -> None:
    doc = make_doc("a.txt", "She lived on Quenmore Rise in Faversham.", spans=((0, 30, 39, Label.LOCATION),))
    assert redact(doc) == ["She lived on [redacted] in Place 1."]


def test_possessive_after_a_name_ending_in_s() -> None:
    case = dataclasses.replace(CASE, people=(CasePerson("James Ross", pseudonym="WX"),))
    assert redact(make_doc("a.txt", "James' car and Ross's bag."), case=case) == ["WX's car and WX's bag."]


def test_capitals_follow_the_mention() -> None:
    doc = make_doc("a.txt", "CALLUM BRIERLEY was logged.", spans=((0, 0, 15, Label.PERSON),))
    assert redact(doc) == ["PERSON A was logged."]


def test_no_spans_and_no_case_gives_the_identity() -> None:
    assert redact(make_doc("a.txt", "Nothing to see here."), case=None) == ["Nothing to see here."]


def test_near_spellings_of_known_names_are_caught_and_flagged() -> None:
    case = dataclasses.replace(CASE, people=(CasePerson("Larissa Okonjo", pseudonym="WX"),))
    doc = make_doc("a.txt", "i told larisa and Larrissa, not Lara or Larkin.")
    docs = [ResolveOverlaps().run(doc)]
    registry = build_registry(docs, case=case, key=Key.new("WX"), is_word=simple_is_word)
    linked = Link(registry).run(docs[0])
    assert [linked.span_text(s) for s in linked.spans] == ["larisa", "Larrissa"]
    assert len(linked.notes) == 2 and "near spelling" in linked.notes[0]
    assert "Larissa" not in " ".join(linked.notes)


def test_a_large_place_is_never_a_near_spelling_of_a_name() -> None:
    from redactor.run import _never_misspelt

    case = dataclasses.replace(CASE, people=(CasePerson("Berry Cassidy", pseudonym="WX"),))
    doc = make_doc("a.txt", "Her dad's side are from Derry. Bery rang.")
    docs = [ResolveOverlaps().run(doc)]
    registry = build_registry(docs, case=case, key=Key.new("WX"), is_word=simple_is_word, is_dictionary=_never_misspelt)
    linked = Link(registry).run(docs[0])
    assert [linked.span_text(s) for s in linked.spans] == ["Bery"]


def test_a_word_inside_a_body_that_stays_is_never_a_near_spelling_of_a_name() -> None:
    from redactor.detect.keep import KeepFilter

    case = dataclasses.replace(CASE, people=(CasePerson("Gwenn Prosser", pseudonym="WX"),))
    doc = KeepFilter(is_word=simple_is_word).run(make_doc("a.txt", "She rang Gwent Police. Gwent was her aunt's name for her."))
    docs = [ResolveOverlaps().run(doc)]
    registry = build_registry(docs, case=case, key=Key.new("WX"), is_word=simple_is_word)
    linked = Link(registry).run(docs[0])
    # The police force stays whole; the same word outside it is still read as a misspelling.
    assert [(linked.span_text(s), s.start) for s in linked.spans] == [("Gwent", 23)]


def test_a_listed_name_inside_a_longer_name_that_stays_stays() -> None:
    from redactor.detect.keep import KeepFilter

    case = dataclasses.replace(CASE, people=(CasePerson("Rochelle Bailey", pseudonym="WX"),))
    doc = KeepFilter(is_word=simple_is_word).run(make_doc("a.txt", "He was convicted at the Old Bailey. Bailey's mum came."))
    (out,) = redact(doc, case=case)
    assert out == "He was convicted at the Old Bailey. WX's mum came."


def test_a_company_called_by_its_own_name_alone_is_that_company() -> None:
    # The interview is read first, and the model took "Marchbank" alone for a place.
    interview = make_doc("a.txt", "I was on good money at Marchbank.", spans=((0, 23, 32, Label.LOCATION),))
    report = make_doc("b.txt", "He worked at Marchbank Logistics.", spans=((0, 13, 32, Label.ORGANIZATION),))
    assert redact(interview, report) == ["I was on good money at Organisation 1.", "He worked at Organisation 1."]


def test_a_business_named_by_an_ordinary_word_is_that_business_only_where_it_stands_as_a_name() -> None:
    text = "He drove for Star Cars. Ask anyone at Star. Star of the show. He met the Star Wars fans."
    (out,) = redact(make_doc("a.txt", text, spans=((0, 13, 22, Label.ORGANIZATION),)), is_word=lambda w: w.casefold() == "star")
    assert out == "He drove for Organisation 1. Ask anyone at Organisation 1. Star of the show. He met the Star Wars fans."


def test_verification_passes_an_ordinary_word_a_business_is_named_by_where_it_names_nothing() -> None:
    from redactor.verify import KnownScanner

    scanner = KnownScanner({"Star": Label.ORGANIZATION}, key=Key.new("WX"), is_word=lambda w: w.casefold() == "star")
    assert scanner.scan("Star of the show. The Star Wars fans.") == []
    assert len(scanner.scan("Ask anyone at Star.")) == 1


def test_a_pub_said_with_the_is_also_that_pub_by_its_short_name() -> None:
    text = "They met in the Griffin in 2017. The Griff on a Friday. A griff. Later, the Duke of Edinburgh; the Duke was shut."
    spans = tuple((0, text.index(n), text.index(n) + len(n), Label.ORGANIZATION) for n in ("Griffin", "Duke of Edinburgh"))
    (out,) = redact(make_doc("a.txt", text, spans=spans), is_word=lambda w: w.casefold() in ("the", "duke", "griff"))
    assert out == (  # "the" goes with a venue's name, as people say it
        "They met in Organisation 1 in 2017. Organisation 1 on a Friday. A griff. Later, Organisation 2; "
        "Organisation 2 was shut."
    ), out


def test_a_pub_and_a_business_by_the_short_names_people_use() -> None:
    text = (
        "They met at The Three Cups. Saggar Makers Arms was his local. He drank in the Cups, then the Saggar. "
        "He worked at Dobson's Motors and trained at Titan Gym. At Dobsons all day, then by Titans. Three cups of tea."
    )
    names = ("Three Cups", "Saggar Makers Arms", "Dobson's Motors", "Titan Gym")
    spans = tuple((0, text.index(n), text.index(n) + len(n), Label.ORGANIZATION) for n in names)
    words = ("the", "cups", "titan", "titans", "gym", "motors", "arms", "makers", "tea", "three")
    (out,) = redact(make_doc("a.txt", text, spans=spans), is_word=lambda w: w.casefold() in words)
    assert out == (
        "They met at Organisation 1. Organisation 2 was his local. He drank in Organisation 1, then Organisation 2. "
        "He worked at Organisation 3 and trained at Organisation 4. At Organisation 3 all day, then by Organisation 4. "
        "Three cups of tea."
    ), out


def test_two_companies_sharing_a_word_leave_it_alone() -> None:
    text = "Marchbank Logistics and Marchbank Haulage; at Marchbank."
    spans = ((0, 0, 19, Label.ORGANIZATION), (0, 24, 41, Label.ORGANIZATION), (0, 46, 55, Label.LOCATION))
    companies, alone = redact(make_doc("a.txt", text, spans=spans))[0].split("; at ")
    assert companies == "Organisation 1 and Organisation 2"
    assert "Marchbank" not in alone and "Organisation" not in alone


def test_a_business_named_after_its_owner_is_the_business_not_a_person() -> None:
    text = "Holden's Bakery Ltd took her on. Holden's Bakery was a key site. She liked Holden's staff."
    spans = ((0, 0, 19, Label.ORGANIZATION), (0, 33, 48, Label.ORGANIZATION), (0, 75, 81, Label.PERSON))
    (out,) = redact(make_doc("a.txt", text, spans=spans))
    assert out == "Organisation 1 took her on. Organisation 1 was a key site. She liked Organisation 1's staff."


def test_a_prison_named_without_its_prefix_is_the_prison() -> None:
    doc = make_doc("a.txt", "He is at HMP Ranby. Letters go to the OMU at Ranby.")
    spans = (Span("body/p/0", 9, 18, Label.PRISON, "prison", 0.85),)
    (out,) = redact(dataclasses.replace(doc, spans=spans), case=None)
    assert out == "He is at [prison]. Letters go to the OMU at [prison]."


def test_a_school_is_also_called_by_its_own_name_and_a_name_inside_it_is_no_person() -> None:
    text = (
        "She went to Cwmgarw Comprehensive School. The head at Cwmgarw rang. Cwmgarw Comprehensive knew. "
        "She was at Holly Bank Primary. Holly Bank had a lady come in."
    )
    names = ("Cwmgarw Comprehensive School", "Cwmgarw Comprehensive", "Holly Bank Primary", "Holly Bank")
    labels = (Label.ORGANIZATION, Label.ORGANIZATION, Label.ORGANIZATION, Label.PERSON)
    spans = tuple((0, text.index(n), text.index(n) + len(n), label) for n, label in zip(names, labels, strict=True))
    (out,) = redact(make_doc("a.txt", text, spans=spans))
    assert out == (
        "She went to Organisation 1. The head at Organisation 1 rang. Organisation 1 knew. "
        "She was at Organisation 2. Organisation 2 had a lady come in."
    ), out


def test_a_short_form_that_is_a_word_is_the_person_only_where_it_stands_as_a_name() -> None:
    from redactor.verify import KnownScanner

    text = (
        "Clifford Curnow and Tamsin Curnow married in 1999. She married Cliff at the chapel; Tams rang "
        "me. Cliff Road was closed. Cliff edges are steep. We walked the cliff path. Summary of Calls."
    )
    spans = ((0, 0, 15, Label.PERSON), (0, 20, 33, Label.PERSON))
    words = {"cliff", "tam", "tams", "calls", "call", "road", "edges"}
    (out,) = redact(make_doc("a.txt", text, spans=spans), case=None, is_word=lambda w: w.casefold() in words)
    assert out == (
        "Person A and Person B married in 1999. She married Person A at the chapel; Person B rang "
        "me. Cliff Road was closed. Cliff edges are steep. We walked the cliff path. Summary of Calls."
    ), out
    # Verification asks the same: "Cliff" opening a sentence or before a capitalised word is no leak.
    scanner = KnownScanner({"Cliff": Label.PERSON}, key=Key.new("WX"), is_word=lambda w: w.casefold() in words)
    assert scanner.scan("Cliff Road was closed. Cliff edges are steep.") == []
    assert len(scanner.scan("She married Cliff at the chapel.")) == 1


def test_initials_two_people_share_never_stay_and_a_role_before_a_name_is_no_part_of_it() -> None:
    text = "Carer Jess Parfitt did the evenings. Jo Pettifer did mornings. The rota said JP on Monday."
    spans = tuple((0, text.index(n), text.index(n) + len(n), Label.PERSON) for n in ("Carer Jess Parfitt", "Jo Pettifer"))
    is_word = lambda w: w.casefold() in ("carer", "rota")  # noqa: E731
    (out,) = redact(make_doc("a.txt", text, spans=spans), case=None, is_word=is_word)
    assert "JP" not in out and "Parfitt" not in out and "Pettifer" not in out, out
    registry = build_registry([ResolveOverlaps().run(make_doc("a.txt", text, spans=spans))], case=None,
                              key=Key.new("WX"), is_word=is_word)  # fmt: skip
    jess, jo = registry.owners("Jess Parfitt"), registry.owners("Jo Pettifer")
    assert len(jess) == 1 and jess != jo and not registry.owners("Carer")  # the role is no name
    assert sorted(registry.owners("JP")) == sorted(jess + jo)  # both: each mention resolved in context


def test_initials_a_document_defines_are_that_documents_person() -> None:
    # "MA" is the daughter in one transcript's legend and the care worker in the next one's.
    case = dataclasses.replace(CASE, people=(
        CasePerson("Maxine Ashworth", pseudonym="Daughter"), CasePerson("Mercy Adjei", pseudonym="Carer"),
    ))
    first = make_doc("a.txt", "Speakers: MA = Maxine Ashworth, daughter.", "MA: He was never kind to her.")
    second = make_doc("b.txt", "Speakers: MA = Mercy Adjei, care worker.", "MA: I went four times a day.")
    third = make_doc("c.txt", "SB - practice manager.", "SB - Mrs Ashworth, yes. She moved her registration.")
    out = redact(first, second, third, case=case)
    assert out[1] == "Daughter: He was never kind to her."
    assert out[3] == "Carer: I went four times a day."
    # A label followed by what its speaker says is no legend: "SB" is not Mrs Ashworth.
    assert out[5].startswith("SB - ")


def test_a_rank_with_a_surname_is_the_one_namesake_known_by_that_rank() -> None:
    case = dataclasses.replace(CASE, people=(
        CasePerson("Awen Roberts", pseudonym="Sister"), CasePerson("Llyr Roberts", pseudonym="Officer"),
    ))
    first, last = "The review thanks Awen Roberts and DCI Llyr Roberts.", "DCI Roberts led the investigation."
    at = first.index("DCI")
    doc = make_doc(
        "a.txt", first, "Awen Roberts rang.", last,
        spans=((0, at, at + len("DCI Llyr Roberts"), Label.PERSON), (2, 0, len("DCI Roberts"), Label.PERSON)),
    )
    assert redact(doc, case=case)[2] == "Officer led the investigation."
