"""People as clusters of forms (issue 15): short forms, initials, legends, spelled names,
variants, shared surnames. Hand-built documents and the real linking stages, no model."""

from __future__ import annotations

import pytest

from redactor.casefile import Case, CasePerson
from redactor.detect.gazetteer import first_name_sex
from redactor.document import Label
from redactor.keyfile import Key
from redactor.link import Link, build_registry
from redactor.name_forms import initials, near_names, short_forms, spelled_word
from redactor.names import clean_mention
from redactor.people import legend_pairs
from tests.unit.test_link_pseudonymise_rewrite import make_doc, redact, simple_is_word

CASE = Case(
    name="DHR 9",
    people=(
        CasePerson("Stephanie Jane Miles", pseudonym="Hannah", role="victim", title="Miss"),
        CasePerson("Darren Lee Frost", pseudonym="Ryan", role="perpetrator", title="Mr"),
    ),
)


def _case(*people: CasePerson) -> Case:
    """A case file that lists only ``people``."""
    return Case(name="c", people=people)


@pytest.mark.parametrize(
    ("name", "form"),
    [("Stephanie", "steph"), ("Stephanie", "stephy"), ("Jonathan", "jonno"), ("Renée", "ren"), ("Bernadette", "bernie"),
     ("Margaret", "peggy"), ("Kerry-Ann", "kerry"), ("Shannon", "shan"), ("Agnieszka", "aga"), ("Tomasz", "tomek"),
     ("Małgorzata", "gosia"), ("Dafydd", "dai"), ("Saima", "saim"), ("Kirsty", "kirst"), ("Jaswinder", "jassi"),
     ("Joanne", "jojo"), ("Kathleen", "kath"), ("Ruthven", "ruth"), ("Wayne", "wayno"), ("Jayne", "jaynie"),
     ("Kyle", "ky"), ("Tyler", "ty"), ("Glenys", "glen"), ("Stephen", "stevie"), ("Stephen", "stevo"), ("Terry", "tel"),
     ("Maureen", "mo"), ("Aleena", "leena"), ("Ionela", "nela"), ("Toby", "tobes"), ("Tony", "tones"), ("Riley", "riles")],
)
def test_short_forms_of_a_given_name(name: str, form: str) -> None:
    assert form in short_forms(name)


def test_a_mans_name_is_no_short_form_of_the_womans_name_made_from_it() -> None:
    assert "paul" not in short_forms("Paula") and "daniel" not in short_forms("Danielle")
    assert "paul" not in short_forms("Pauline") and "louis" not in short_forms("Louise")
    assert "sam" in short_forms("Samantha") and "jo" in short_forms("Joanne")


def test_a_silent_e_gives_the_ending_of_the_persons_sex() -> None:
    assert "wayno" in short_forms("Wayne") and "waynie" not in short_forms("Wayne")
    assert "jaynie" in short_forms("Jayne") and "jayno" not in short_forms("Jayne")


def test_a_name_is_not_its_own_short_form() -> None:
    assert "stephanie" not in short_forms("Stephanie")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Amy Brown", {"AB"}), ("Dr Amy Brown", {"AB"}), ("Stephanie Jane Miles", {"SJM", "SM"}), ("Daniel Vaughan", set())],
)
def test_initials_leave_out_abbreviations(name: str, expected: set[str]) -> None:
    assert initials(name) == expected  # "DV" reads as domestic violence


@pytest.mark.parametrize(
    ("text", "word"),
    [("P-A-T-E-L", "PATEL"), ("N I A M H", "NIAMH"), ("M-A-double-L-O-Y", "MALLOY"), ("K, E, R, R, Y", "KERRY"),
     ("Patel", None), ("A B", None)],
)
def test_spelled_words(text: str, word: str | None) -> None:
    assert spelled_word(text) == word


def test_legend_lines_define_initials() -> None:
    assert legend_pairs("Present: Dr Amy Brown (AB), sister; KM = Kelly Marsh.") == [
        ("AB", "Dr Amy Brown"), ("KM", "Kelly Marsh")
    ]


def test_short_forms_lower_case_and_spelled_surname_are_the_person() -> None:
    text = "Steph rang. stephy was upset. Frost said F-R-O-S-T. Miss Miles and Mr Frost left."
    start = text.index("F-R-O-S-T")
    (out,) = redact(make_doc("t.txt", text, spans=((0, start, start + 9, Label.PERSON),)), case=CASE)
    assert out == "Hannah rang. Hannah was upset. Ryan said RYAN. Hannah and Ryan left."  # capitals kept


def test_a_short_name_anywhere_in_a_message_typed_in_lower_case_is_the_person() -> None:
    from redactor.speech import lower_case_mentions

    names = {"mo": ["e1"], "bird": ["e2"]}
    said = 'She read it out: "hes kicked off at the club house mo had to get him off me x". That was all.'
    found = [said[s:e] for s, e, _owners in lower_case_mentions(said, names, is_word=lambda w: w == "bird")]
    assert found == ["mo"]
    assert lower_case_mentions(said, names) == []  # outside a message "mo is" says no person
    proverb = 'She said "a little bird told me" and laughed.'
    assert lower_case_mentions(proverb, names, is_word=lambda w: w == "bird") == []


@pytest.mark.model
def test_a_name_that_is_a_word_before_a_verb_at_a_clause_start_is_the_person() -> None:
    from redactor.detect.nlp import is_inflected_verb
    from redactor.speech import lower_case_mentions

    names = {"ray": ["e1"], "joy": ["e2"]}
    said = "it was bad. ray dealt with it and ray shouted. the x ray showed nothing. it brought joy. joy knows"
    found = [said[s:e] for s, e, _ in lower_case_mentions(said, names, is_word=lambda w: True, is_verb=is_inflected_verb)]
    assert found == ["ray", "ray", "joy"]  # not "x ray showed" (inside a clause), "brought joy."
    assert [said[s:e] for s, e, _ in lower_case_mentions(said, names, is_word=lambda w: True)] == []


def test_a_venue_known_by_a_word_is_that_venue_in_a_message_typed_in_lower_case() -> None:
    from redactor.speech import lower_messages, venue_mentions

    venues = {"flag": "e1", "red lion": "e2"}
    said = 'She read: "hes down the flag since 12. meet u at the red lion x". A flag flew at the Flag.'
    found = venue_mentions(said, venues, lower_messages(said))
    assert [(said[s:e], v) for s, e, v in found] == [("flag", "e1"), ("red lion", "e2")]
    said = 'She read: "hes back from bennys hes had a skinful". Bennys and dinos elsewhere stay.'
    found = venue_mentions(said, {}, lower_messages(said), {"bennys": "e3", "dinos": "e4"})
    assert [(said[s:e], v) for s, e, v in found] == [("bennys", "e3")]  # a name's possessive, no apostrophe


def test_a_chat_exports_line_typed_in_lower_case_is_a_message_typed_so() -> None:
    from redactor.speech import lower_messages, venue_mentions

    said = (
        "    03 Mar 2022 10:47 Reen Cross: are u going regal fri. i cant\n"
        "[14/10/2023, 19:40] Jodie: was he in the furnace today?\n"
        "[14/10/2023, 19:42] Kitch: He Was at the Regal, the regal cinema"
    )
    found = venue_mentions(said, {"regal": "e1", "furnace": "e2"}, lower_messages(said))
    # The last line has capitals: its "regal" is a word, as anywhere outside a message typed in lower case.
    assert [(said[s:e], v) for s, e, v in found] == [("regal", "e1"), ("furnace", "e2")]


def test_a_pubs_short_name_with_the_is_that_pub_in_a_message_typed_in_lower_case() -> None:
    text = 'They met at The Three Cups. She wrote: "hes at the cups til 8 then home x". Three cups of tea.'
    spans = ((0, text.index("Three Cups"), text.index("Three Cups") + 10, Label.ORGANIZATION),)
    words = ("the", "cups", "three", "tea", "home")
    (out,) = redact(make_doc("a.txt", text, spans=spans), is_word=lambda w: w.casefold() in words)
    assert out == 'They met at Organisation 1. She wrote: "hes at Organisation 1 til 8 then home x". Three cups of tea.'


def test_a_subjects_tables_known_as_column_gives_the_person_that_name() -> None:
    case = _case(CasePerson("Craig Anthony Fairhurst", pseudonym="Kevin", role="perpetrator"))
    table = (
        "| Name | Known as | Pseudonym | Relationship |\n|---|---|---|---|\n"
        "| FAIRHURST, Craig Anthony | Fez | Kevin | Husband; perpetrator |\n"
        "| Jane Moss | - | Adult C | Friend |"
    )
    report = make_doc("r.md", table, spans=(_span(table, "FAIRHURST, Craig Anthony"),))
    interview = make_doc("t.txt", "MH: Fez. Nobody calls him Craig. Fez had been in the pub all afternoon.")
    _table, said = redact(report, interview, case=case)
    assert said == "MH: Kevin. Nobody calls him Kevin. Kevin had been in the pub all afternoon."


def test_initials_of_an_accented_name_are_typed_without_the_accents() -> None:
    from redactor.name_forms import label_initials

    assert "ZK" in label_initials("Žaneta Kalniņa") and "IS" in label_initials("Ionela Ștefănescu")


def test_the_start_of_a_name_spelled_right_after_it_is_that_person() -> None:
    case = _case(CasePerson("Parveen Bibi", pseudonym="Adult C"), CasePerson("Pam Bibi", pseudonym="Adult D"))
    text = "My aunt Parveen Bibi, P-A-R-V - sorry, P-A-R-V-E-E-N. Pam came too."
    starts = [text.index("P-A-R-V "), text.index("P-A-R-V-E-E-N")]
    spans = tuple((0, a, a + n, Label.PERSON) for a, n in zip(starts, (7, 13), strict=True))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "My aunt Adult C, ADULT C - sorry, ADULT C. Adult D came too."  # spelled: in capitals


def test_initials_as_speaker_labels_even_when_they_read_as_an_abbreviation() -> None:
    case = _case(CasePerson("Patricia Miles", pseudonym="Adult B"))
    text = "[00:00:26] PM: Yeah, she was fine.\nPM: I rang at 2 PM."
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert out == "[00:00:26] Adult B: Yeah, she was fine.\nAdult B: I rang at 2 PM."


def test_initials_labels_typed_in_lower_case_are_the_person_but_words_are_not() -> None:
    case = _case(CasePerson("Nia Griffiths", pseudonym="Adult C"))
    text = "int: say who you are\nng: Nia Griffiths.\nint: thanks\nng: every saturday\nso: that was it\nso: yes"
    (out,) = redact(make_doc("t.txt", text), case=case)
    lines = out.split("\n")
    assert lines[1].split(":")[0] == lines[3].split(":")[0] != "ng"  # one pseudonym for both turns
    assert [lines[0], lines[2], lines[4], lines[5]] == ["int: say who you are", "int: thanks", "so: that was it", "so: yes"]


def test_a_role_label_a_legend_gives_someone_else_stays_a_role() -> None:
    # "DC" is Dean Cooper's initials, but this transcript's legend says DC is the detective.
    case = _case(CasePerson("Dean Cooper", pseudonym="Adult D"))
    text = (
        "Labels: Chair and DC (DC Martin Shrubsole, 11482).\n(14:03) DC: That incident was logged.\n"
        "(14:04) Chair: Thank you.\n(14:05) DC: Dean Cooper was not there."
    )
    (out,) = redact(make_doc("t.txt", text), case=case)
    lines = out.split("\n")
    assert lines[1] == "(14:03) DC: That incident was logged."
    assert lines[3] == "(14:05) DC: Adult D was not there."


def test_hope_opening_a_sentence_as_a_verb_is_not_hope() -> None:
    case = _case(CasePerson("Hope Dennis", pseudonym="Adult E"))
    text = "Hope Dennis came. Hope that helps. Hope I've got that right. Hope said no."
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert out == "Adult E came. Hope that helps. Hope I've got that right. Adult E said no."


def test_a_lower_case_word_found_as_a_place_is_not_looked_for_elsewhere() -> None:
    # "down the tank" (the Tank, a pub) is replaced where found; "a fish tank" stays ("tank" is
    # a word in the test dictionary).
    text = "stu down the tank till late. It was a fish tank."
    start = text.index("tank")
    spans = ((0, start, start + len("tank"), Label.ORGANIZATION),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=Case(name="c"))
    assert out.endswith("It was a fish tank.") and "the tank till" not in out


def test_call_names_made_of_short_names_and_surnames() -> None:
    assert {"gwennie", "gwenny"} <= short_forms("Gwen") and "deano" in short_forms("Dean")
    assert {"kells"} <= short_forms("Kelly") and {"von", "vonnie"} <= short_forms("Yvonne")
    from redactor.people import _surname_forms

    assert {"heppy", "robbo", "tommo", "sterlo"} <= {
        f for s in ("Hepworth", "Robinson", "Thompson", "Sterling") for f in _surname_forms(s)
    }


def test_a_maiden_name_with_a_short_given_name_is_the_same_woman() -> None:
    case = _case(CasePerson("Natalie Jane Sterling", pseudonym="Jodie"))
    text = "Natalie Sterling lived with her mother, Lorraine Cooper. As a girl, Nat Cooper was shy."
    spans = (_span(text, "Lorraine Cooper"), _span(text, "Nat Cooper"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out.endswith("As a girl, Jodie was shy.")


def test_a_lone_initial_before_a_full_name_is_no_third_name() -> None:
    assert clean_mention("A. Roy Tregenza") == [(None, "Roy Tregenza")]
    assert clean_mention("D. M. Rourke") == [(None, "D. M. Rourke")] and clean_mention("J. Osei") == [(None, "J. Osei")]


def test_a_table_of_people_and_a_bracketed_key_define_initials() -> None:
    text = (
        "| DC | COLCLOUGH, Daniel Craig | Perpetrator |\n| IT | Irene Threlfall | Mother |\n"
        "Labels: [MS] Meleri Stephens, friend."
    )
    assert legend_pairs(text) == [("DC", "Daniel Craig COLCLOUGH"), ("IT", "Irene Threlfall"), ("MS", "Meleri Stephens")]


def test_initials_a_table_defines_are_the_person_in_that_report_but_not_a_rank() -> None:
    case = _case(CasePerson("Daniel Craig Colclough", pseudonym="Adult B"))
    text = (
        "| DC | COLCLOUGH, Daniel Craig | Perpetrator |\nDC declined to take part. A check of DC's history."
        " DC Hywel Pugh took the statement. She saw her GP."
    )
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert "Adult B declined to take part. A check of Adult B's history." in out
    assert "DC Hywel Pugh" in out and "her GP" in out


def test_a_bracketed_initials_label_is_the_speaker() -> None:
    case = _case(CasePerson("Meleri Stephens", pseudonym="Adult M"))
    text = "Labels: [MS] Meleri Stephens, friend.\n[MS] Since we were four.\n(Chair) Thank you.\n[MS] Properly? 2020."
    (out,) = redact(make_doc("t.txt", text), case=case)
    lines = out.split("\n")
    assert lines[1].startswith("[Adult M] Since") or lines[1].startswith("[AM] Since"), lines[1]
    assert lines[1].split("]")[0] == lines[3].split("]")[0]


def test_a_chat_exports_lower_case_sender_is_the_person_it_names() -> None:
    case = _case(CasePerson("Joanne Threlfall", pseudonym="Adult A"))
    text = "[03/10/2022, 18:51] jo t: fine. hes just passing\n[03/10/2022, 18:52] tash: passing my arse"
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert out.startswith("[03/10/2022, 18:51] Adult A: fine.")


def test_dotted_initials_of_a_middle_name_and_a_spelled_letter_for_a_word() -> None:
    case = _case(CasePerson("Stephen Robert Milburn", pseudonym="Carl"))
    text = "Present: the prisoner, R.M.; his probation officer.\nR.M.: Aye. Nobody calls us Stephen."
    spans = (_span(text, "R.M."),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Present: the prisoner, Carl; his probation officer.\nCarl: Aye. Nobody calls us Carl."
    assert spelled_word("P for Peter, A, T, E, L") == "PATEL" and spelled_word("P for Mary, A, T") is None


def test_mr_is_not_a_woman_known_only_as_mrs() -> None:
    text = "Harsha Patel, next door, rang. Mrs Patel said she heard it. Mr Patel was at work."
    spans = (_span(text, "Harsha Patel"), _span(text, "Mrs Patel"), _span(text, "Mr Patel"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=Case(name="c"))
    first = out.split(",")[0]
    assert out.count(first) == 2 and "Mr Patel" not in out  # her husband is someone else, not her


def test_a_contact_name_and_a_spelled_letter_are_no_part_of_a_name() -> None:
    from redactor.detect.engine import _trim
    from redactor.link import _without_contact_words

    assert _without_contact_words("Jo Facebook") == "Jo" and _without_contact_words("Jo on Facebook") == "Jo"
    assert _without_contact_words("Kelly Work") == "Kelly" and _without_contact_words("Jo Threlfall") == "Jo Threlfall"
    text = "Everyone writes it with one L. Jo used to laugh. A note by K. Bhattacharya."
    assert _trim(text, text.index("L. Jo"), text.index("L. Jo") + 5, Label.PERSON) == (text.index("Jo "), text.index("Jo ") + 2)
    rang = "then he rang Dani on the landline; Ana de Souza came"
    i = rang.index("rang Dani")
    assert _trim(rang, i, i + len("rang Dani"), Label.PERSON) == (rang.index("Dani"), rang.index("Dani") + 4)
    i = rang.index("Ana de Souza")
    assert _trim(rang, i, i + len("Ana de Souza"), Label.PERSON) == (i, i + len("Ana de Souza"))
    k = text.index("K. B")
    assert _trim(text, k, k + len("K. Bhattacharya"), Label.PERSON) == (k, k + len("K. Bhattacharya"))


def test_initials_that_are_also_the_half_of_the_day_stay_after_a_time() -> None:
    from redactor.detect.keep import KeepFilter

    keep = KeepFilter(is_word=simple_is_word)
    text = "[03/11/2022, 7:12:09 AM] bex: he knows. answers by Amy Milburn are marked AM."
    assert [text[s:e] for s, e in keep.protected(text)] == ["AM"]  # the first AM only: after a time


def test_the_before_a_place_is_left_to_linking() -> None:
    from redactor.detect.engine import _trim

    text = "a meeting room at the Lambeth Civic Centre."
    i = text.index("the Lambeth")
    assert _trim(text, i, i + len("the Lambeth Civic Centre"), Label.LOCATION) == (text.index("Lambeth"), text.index("."))


def test_a_legend_ties_initials_to_a_name_no_detector_found() -> None:
    text = "Dr Amy Brown (AB) = the sister.\nAB: She rang me."
    (out,) = redact(make_doc("t.txt", text), case=Case(name="c"))
    assert "AB" not in out and "Amy Brown" not in out
    assert out.split("\n")[1].startswith("Person A:")


def test_accents_hyphens_and_hidden_characters_do_not_split_a_person() -> None:
    case = _case(CasePerson("Renée Brown-Hargreaves", pseudonym="Ava"))
    text = "Renee Brown Hargreaves came. Ren\u00adée rang. Hargreaves said."
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert out == "Ava came. Ava rang. Ava said."


def test_a_surname_relatives_share_goes_to_the_person_named_nearest() -> None:
    case = _case(CasePerson("Agnieszka Kowalczyk", pseudonym="Marta", title="Mrs"))
    first = "Marek Kowalczyk came in."
    text = f"{first} Kowalczyk said he knew."
    spans = ((0, 0, 15, Label.PERSON),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Person A came in. Person A said he knew."


def test_a_title_the_case_file_gives_decides_between_relatives() -> None:
    case = _case(
        CasePerson("Stephanie Miles", pseudonym="Hannah", title="Miss"),
        CasePerson("Patricia Miles", pseudonym="Adult B", title="Mrs"),
    )
    (out,) = redact(make_doc("t.txt", "Mrs Miles rang Miss Miles."), case=case)
    assert out == "Adult B rang Hannah."


def test_big_and_our_belong_to_the_call_name() -> None:
    case = _case(CasePerson("David Shaw", pseudonym="Adult D"), CasePerson("Kelly Shaw", pseudonym="Adult K"))
    (out,) = redact(make_doc("t.txt", "Big Dave and our Kelly came."), case=case)
    assert out == "Adult D and Adult K came."


def _span(text: str, name: str, nth: int = 0) -> tuple[int, int, int, Label]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return (0, start, start + len(name.strip()), Label.PERSON)


@pytest.mark.parametrize(
    ("name", "form"),
    [("Gwenllian", "gwen"), ("Nasreen", "nas"), ("Alamgir", "alam"), ("Jahangir", "jahan"), ("Jason", "jase"),
     ("Sandra", "sandie"), ("Rebecca", "bex"), ("Jason", "jay"), ("Christopher", "chris")],
)
def test_clipped_and_respelled_short_forms(name: str, form: str) -> None:
    assert form in short_forms(name)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Rukhsana", "Ruksana", True), ("Rebekah", "Rebecca", True), ("Rahman", "Rehman", True),
     ("Catherine", "Katherine", True), ("Daniel", "Danielle", False), ("Paul", "Paula", False),
     ("Maria", "Marie", False), ("Sean", "Sian", False)],
)
def test_one_name_spelt_two_ways(a: str, b: str, same: bool) -> None:
    assert near_names(a, b) is same


def test_a_name_spelled_with_commas_is_one_name_not_a_list() -> None:
    assert clean_mention("D, A, F, Y, D, D") == [(None, "D, A, F, Y, D, D")]
    case = _case(CasePerson("Dafydd Price", pseudonym="Rhys"))
    text = "That's D, A, F, Y, D, D. Two Ds."
    (out,) = redact(make_doc("t.txt", text, spans=((0, 7, 23, Label.PERSON),)), case=case)
    assert out == "That's RHYS. Two Ds."


def test_a_relationship_said_beside_a_name_decides_mrs_and_mr_among_relatives() -> None:
    text = (
        "Her mother, Gwenllian Price, and her brother Dafydd Price came. Dafydd Price left. "
        "Mrs Price stayed. mrs price cried."
    )
    spans = tuple(_span(text, name, nth) for name, nth in (("Gwenllian Price", 0), ("Dafydd Price", 0), ("Dafydd Price", 1)))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=Case(name="c"))
    assert out == (
        "Her mother, Person A, and her brother Person B came. Person B left. Person A stayed. Person A cried."
    )


def test_a_middle_name_used_as_a_call_name_and_its_initials() -> None:
    case = _case(CasePerson("Catrin Amber Price", pseudonym="Eleri"))
    text = "Amber came. amber price rang. Ms C A Price signed. Amb left."
    spans = tuple(_span(text, name) for name in ("Amber", "amber price", "Amb "))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Eleri came. Eleri rang. Eleri signed. Eleri left."


def test_a_misspelt_name_is_the_known_person() -> None:
    case = _case(CasePerson("Ruksana Begum", pseudonym="Amina"))
    text = "Rukhsana came. Roksana rang."
    spans = tuple(_span(text, name) for name in ("Rukhsana", "Roksana"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Amina came. Amina rang."


def test_a_name_that_is_a_word_in_lower_case_only_where_speech_says_a_person() -> None:
    case = _case(CasePerson("Dawn Stone", pseudonym="Lesley"))
    text = "Dawn came. oh, dawn was like a daughter. me and dawn went out at dawn. a stone's throw. I said, dawn, sit."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Dawn Stone".split()[0]),)), case=case)
    assert out == (
        "Lesley came. oh, Lesley was like a daughter. me and Lesley went out at dawn. a stone's throw. I said, Lesley, sit."
    )


def test_a_nickname_the_text_introduces_is_the_person() -> None:
    case = _case(CasePerson("Imran Hussain", pseudonym="Khalid", title="Mr"))
    text = "Imran drove a cab. The lads called him Tank. Tank rang me. tank was outside. the tank was full."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Imran"),)), case=case)
    assert out == "Khalid drove a cab. The lads called him Khalid. Khalid rang me. Khalid was outside. the tank was full."


def test_a_nickname_in_lower_case_where_it_is_given() -> None:
    case = _case(CasePerson("Imran Hussain", pseudonym="Khalid", title="Mr"))
    text = "Imran drove a cab. I called him tank, the lads did too. tank rang. the tank was full."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Imran"),)), case=case)
    assert out == "Khalid drove a cab. I called him Khalid, the lads did too. Khalid rang. the tank was full."


def test_a_nickname_found_alone_before_it_is_introduced_is_that_person() -> None:
    case = _case(CasePerson("Connor Fox", pseudonym="Alan", title="Mr"))
    text = "Connor was funny. Foxy, all the lads called him Foxy. Foxy rang."
    spans = (_span(text, "Connor"), _span(text, "Foxy"), _span(text, "Foxy", 2))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Alan was funny. Alan, all the lads called him Alan. Alan rang."


def test_nicknames_quoted_in_brackets_after_a_name() -> None:
    case = _case(CasePerson("Charlotte Reed", pseudonym="Jenny", title="Miss"), CasePerson("Connor Fox", pseudonym="Alan"))
    text = 'Charlotte ("Charlie" to friends, "Lottie" at home) met Connor ("Foxy"; "CJ" to his family). Lottie and Foxy.'
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Charlotte"), _span(text, "Connor"))), case=case)
    assert out == 'Jenny ("Jenny" to friends, "Jenny" at home) met Alan ("Alan"; "Alan" to his family). Jenny and Alan.'


def test_him_or_her_is_never_the_speaker_nor_the_one_who_gives_the_name() -> None:
    case = _case(
        CasePerson("Pearl Carpenter", pseudonym="Dorothy", title="Mrs"),
        CasePerson("Ruby Hargreaves", pseudonym="Ivy", title="Mrs"),
        CasePerson("Darren Lamb", pseudonym="Marcus", title="Mr"),
        CasePerson("Paul Lamb", pseudonym="Peter", title="Mr"),
    )
    text = (
        "Pearl loved the club. And her best pal, Ruby - Ruby Hargreaves - she called her Win. Win danced.\n"
        "DL: Paul was big. At work they called him Tiny. Tiny laughed."
    )
    spans = (_span(text, "Pearl"), _span(text, "Ruby Hargreaves"), _span(text, "Paul"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert "she called her Dorothy. Dorothy danced." in out
    assert "they called him Peter. Peter laughed." in out


def test_a_name_with_a_hidden_character_inside_is_the_name_without_it() -> None:
    text = "Tyler Cra\u200bne came in. Later Mr Crane left, and Tyler rang. Took Tyler Saturday."
    spans = (_span(text, "Tyler Cra\u200bne"), _span(text, "Tyler", 1))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=None)
    person = out.split(" came in.")[0]
    assert out == f"{person} came in. Later {person} left, and {person} rang. Took {person} Saturday."


def test_a_surname_nickname_the_family_shares_is_the_one_man_among_them() -> None:
    case = _case(
        CasePerson("Kenneth Dobson", pseudonym="Adult K", title="Mr"),
        CasePerson("Maureen Dobson", pseudonym="Adult M", title="Mrs"),
    )
    text = "Kenneth Dobson ran the garage with Maureen Dobson. Ask Dobbo about the lock-up."
    spans = (_span(text, "Kenneth Dobson"), _span(text, "Maureen Dobson"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Adult K ran the garage with Adult M. Ask Adult K about the lock-up."


@pytest.mark.parametrize(("name", "form"), [("Jake", "jakey"), ("Mike", "mikey"), ("Dave", "davey"), ("Wayne", "wayno")])
def test_a_name_ending_in_a_silent_e_is_said_with_an_ending(name: str, form: str) -> None:
    assert form in short_forms(name)


def test_a_full_name_one_letter_out_in_each_part_is_the_person() -> None:
    case = _case(CasePerson("Charlotte Reed", pseudonym="Jenny", title="Miss"))
    text = "The hospital had her as Charlette Reid. Reid was on the letter."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Charlette Reid"),)), case=case)
    assert out == "The hospital had her as Jenny. Jenny was on the letter."


@pytest.mark.parametrize(("name", "form"), [("Darren", "daz"), ("Sharon", "shaz"), ("Mohammed", "mo"), ("Joanne", "jo")])
def test_spoken_short_forms(name: str, form: str) -> None:
    assert form in short_forms(name)


def test_a_married_name_and_surname_nicknames_are_the_same_person() -> None:
    case = _case(CasePerson("Nadia Parveen Rahman", pseudonym="Layla"), CasePerson("Gary Stone", pseudonym="Keith"))
    text = "Imran Saeed married her. Nadia Saeed moved. Stoney came."
    spans = tuple(_span(text, name) for name in ("Imran Saeed", "Nadia Saeed", "Stoney"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Person A married her. Layla moved. Keith came."


@pytest.mark.parametrize(("name", "form"), [("Dawn", "dawnie"), ("Jim", "jimmy")])
def test_short_names_take_spoken_endings(name: str, form: str) -> None:
    assert form in short_forms(name)


def test_a_mrs_is_not_the_person_listed_as_miss() -> None:
    case = _case(CasePerson("Stephanie Miles", pseudonym="Hannah", title="Miss"))
    text = "Patricia Miles came. Mrs Miles cried."
    later = "Stephanie rang. Miss Miles rang. Mrs Miles cried."
    doc = make_doc("t.txt", text, later, spans=(_span(text, "Patricia Miles"),))
    # "Miss Miles", none of the family named with it near: her mother, whose title no one gives,
    # could be a Miss too, so it takes neither's pseudonym; "Mrs Miles" is never the Miss.
    assert redact(doc, case=case) == ["Person A came. Person A cried.", "Hannah rang. [name] rang. Person A cried."]


def test_a_name_broken_over_a_line_is_one_mention() -> None:
    from redactor.detect.engine import _trim

    text = "Siobhan\nMcGrath said. Ashcroft\nTranscribed by"
    assert _trim(text, 0, 15, Label.PERSON) == (0, 15)
    assert _trim(text, 22, 42, Label.PERSON) == (22, 30)
    row = "| Kenneth Miles | Ken | Husband |"
    assert _trim(row, 18, 31, Label.PERSON) == (18, 21)  # "Ken | Husband": one cell, not a name "Ken Husband"
    assert _trim("Dot's, the café", 0, 5, Label.ORGANIZATION, "private_place") == (0, 5)  # a venue keeps its 's


def test_a_legend_line_initials_and_a_title_with_an_initial() -> None:
    case = _case(CasePerson("Sandra Bishop", pseudonym="Adult S", title="Mrs"))
    text = "Legend: CM = Caroline Mensah (Chair); SB = Sandra Bishop (mother).\nSB: Mrs B tried, in her own way."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Caroline Mensah"), _span(text, "Mrs B"))), case=case)
    assert out == "Legend: Person A = Person A (Chair); Adult S = Adult S (mother).\nAdult S: Adult S tried, in her own way."


def test_a_spelled_name_with_an_accent_said_and_double_letters() -> None:
    assert spelled_word("W, I, S with a line on top, N, I, E, W, S, K, I") == "WISNIEWSKI"
    assert spelled_word("T, A, double-N, E, R") == "TANNER"


def test_a_surname_relatives_share_with_none_of_them_named_near_is_neutral_and_flagged() -> None:
    case = _case(CasePerson("Agnieszka Kowalczyk", pseudonym="Marta"))
    first = "Marek Kowalczyk came in with Agnieszka Kowalczyk."
    later = "Agnieszka cried. Kowalczyk said he knew. Marek Kowalczyk left; Kowalczyk slammed the door."
    spans = ((0, 0, 15, Label.PERSON), (1, later.index("Marek"), later.index("Marek") + 15, Label.PERSON))
    doc = make_doc("t.txt", first, later, spans=spans)
    assert redact(doc, case=case) == [
        "Person A came in with Marta.",
        # Only a mention of the surname says whose it is, not the first name said before it.
        "Marta cried. [name] said he knew. Person A left; Person A slammed the door.",
    ]
    registry = build_registry([doc], case=case, key=Key.new("c"), is_word=simple_is_word)
    notes = [n.text() for n in Link(registry).run(doc).link_notes]
    assert "paragraph 2: a surname relatives may share, none of them named with it nearby, was replaced with a neutral [name]; " \
           "say whose it is" in notes


def test_a_given_name_says_who_mrs_is_not_when_nothing_else_does() -> None:
    text = "Mohammed Rahman and Shamim Rahman came. Mohammed Rahman left. Mrs Rahman stayed."
    spans = tuple(_span(text, name, nth) for name, nth in (("Mohammed Rahman", 0), ("Shamim Rahman", 0), ("Mohammed Rahman", 1)))
    doc = make_doc("t.txt", text, spans=spans)
    registry = build_registry([doc], case=Case(name="c"), key=Key.new("c"), is_word=simple_is_word, given_name_sex=first_name_sex)
    mo = registry.owners("Mohammed Rahman")[0]
    assert registry.sex_of(mo) == "m"
    assert registry.candidates(registry.owners("Rahman"), "Mrs") == registry.owners("Shamim Rahman")


def test_a_first_name_and_a_surname_found_apart_over_a_line_break_are_one_person() -> None:
    text = "the prison offender manager, Siobhan\nMcGrath, stayed. Miss McGrath left. Siobhan waved.\nJane\nthe end"
    spans = tuple(_span(text, name) for name in ("Siobhan", "McGrath", "Jane"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=Case(name="c"))
    assert out == "the prison offender manager, Person A, stayed. Person A left. Person A waved.\nPerson B\nthe end"


def test_a_traditional_surname_nickname_is_the_person() -> None:
    text = "Darren White came. Chalky rang. The chalky soil stayed."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Darren White"),)), case=Case(name="c"))
    assert out == "Person A came. Person A rang. The chalky soil stayed."


def test_a_name_that_is_a_modal_verb_asking_is_no_name() -> None:
    case = _case(CasePerson("Will Barker", pseudonym="Adult W"))
    (out,) = redact(make_doc("t.txt", "Will came. Will I ever stop seeing that? She said Will was late."), case=case)
    assert out == "Adult W came. Will I ever stop seeing that? She said Adult W was late."


def test_a_title_of_the_other_sex_than_the_one_person_known_is_a_relative_no_one_named() -> None:
    case = _case(CasePerson("Gary Stone", pseudonym="Adult B", title="Mr"))
    text = "Gary Stone's mum, Mrs Stone, rang. Mr Stone left. Mrs S came."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Mrs S "),)), case=case)
    assert out == "Adult B's mum, [name], rang. Adult B left. [name] came."


def test_initials_as_a_speaker_label_with_no_legend_are_the_one_person_with_them() -> None:
    text = "Present: Amy Brown, sister.\nAB: Kelly was lovely.\nAB said so."
    spans = (_span(text, "Amy Brown"), _span(text, "AB"), _span(text, "AB", 1))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=Case(name="c"))
    assert out == "Present: Person A, sister.\nPerson A: Kelly was lovely.\nPerson A said so."


def test_a_surname_a_mother_shares_with_her_child_is_hers_in_a_report() -> None:
    case = _case(
        CasePerson("Ilona Kowalczyk", pseudonym="WX", role="victim"),
        CasePerson("Tomasz Kowalczyk", pseudonym="Child 1", role="child"),
    )
    (out,) = redact(make_doc("t.txt", "The log reads: Officers spoke to KOWALCZYK. Tomasz slept."), case=case)
    assert out == "The log reads: Officers spoke to WX. Child 1 slept."


def test_a_relationship_beside_a_bare_surname_gives_no_one_a_sex() -> None:
    case = _case(CasePerson("Gary Stone", pseudonym="Adult B"))
    doc = make_doc("t.txt", "Gary Stone's mum, Mrs Stone, rang us.")
    registry = build_registry([doc], case=case, key=Key.new("c"), is_word=simple_is_word, given_name_sex=first_name_sex)
    assert registry.sex_of(registry.owners("Gary Stone")[0]) == "m"  # from his given name, not "mum"
    assert registry.candidates(registry.owners("Stone"), "Mrs") == []


def test_mrs_is_the_relative_married_into_the_surname_not_the_daughter_born_with_it() -> None:
    # A subjects table names the daughter; "Mrs Cassidy" is her grandmother, whose given name the
    # text also says: the daughter, who fits "Mrs" by sex alone, is not taken.
    text = (
        "| Name | Pseudonym | Relationship |\n| Ruby Cassidy | Child A | Daughter of Adult A |\n"
        "Bernadette Cassidy came in with Ruby Cassidy. Mrs Cassidy said she is seven."
    )
    spans = tuple(_span(text, name, nth) for name, nth in (("Ruby Cassidy", 0), ("Bernadette Cassidy", 0), ("Ruby Cassidy", 1)))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=Case(name="c"))
    assert "Mrs Cassidy" not in out
    grandmother = out.split("\n")[2].split(" came in")[0]
    daughter = out.split("|")[5].strip()
    assert daughter != grandmother
    assert f"{grandmother} came in with {daughter}. {grandmother} said she is seven." in out


def test_a_word_tables_rows_read_as_one_text_each(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import docx

    from redactor.formats import format_for
    from redactor.link import _table_rows
    from redactor.settings import FormatSettings

    word_doc = docx.Document()
    word_doc.add_paragraph("Subjects of the review")
    table = word_doc.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, (("Name", "Pseudonym", "Relationship"), ("Ruby Cassidy", "Child A", "Daughter")),
                          strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    path = tmp_path / "subjects.docx"
    word_doc.save(str(path))
    doc = format_for(path).read(path, settings=FormatSettings())
    assert _table_rows([doc]) == ["| Name | Pseudonym | Relationship |", "| Ruby Cassidy | Child A | Daughter |"]


def test_a_name_spelled_out_right_after_it_is_said_is_that_person() -> None:
    # Known only by title and surname, she spells the surname: one person, not two.
    text = "Nobody's called me Mrs Sterling since the hospital. It's S-T-E-R-L-I-N-G, like the pound."
    spans = (_span(text, "Mrs Sterling"), _span(text, "S-T-E-R-L-I-N-G"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=Case(name="c"))
    assert out == "Nobody's called me Person A since the hospital. It's PERSON A, like the pound."


def test_the_one_greeted_is_the_one_who_answers() -> None:
    # Known only as "Mrs Sterling", she answers as "JOY"; her initials label is hers too, and a
    # label that does not fit the greeted name ("KB") is left alone.
    text = (
        "Interviewer: Thanks for having me in, Mrs Sterling.\nJOY: Sit yourself down.\n"
        "Interviewer: And you, Mrs Hope?\nMH: Yes.\nInterviewer: Thank you, Mrs Sterling.\nKB: Me next."
    )
    spans = (_span(text, "Mrs Sterling"), _span(text, "JOY"), _span(text, "Mrs Hope"), _span(text, "Mrs Sterling", 1))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=Case(name="c"))
    lines = out.split("\n")
    sterling = lines[0].split("me in, ")[1].rstrip(".")
    assert lines[1] == f"{sterling.upper()}: Sit yourself down."  # a label in capitals keeps them
    hope = lines[2].split("you, ")[1].rstrip("?")
    assert hope != sterling
    assert lines[3].split(":")[0] in (hope, "".join(w[0] for w in hope.split()))
    assert lines[5] == "KB: Me next."


def test_greeted_speakers_are_read_from_the_line_before_a_first_turn() -> None:
    from redactor.speech import greeted_speakers

    text = "INT: Thanks for seeing me, Mrs Hope.\nMH: mo, pet.\nINT: And you, Mr Stone?\nMH: No."
    assert greeted_speakers([text]) == {"MH": "Mrs Hope"}


def test_initials_that_label_turns_are_someone_even_when_no_one_known_has_them() -> None:
    text = "INT: Thanks.\nMH: Yes.\nDC: Go on.\nMH: I rang.\nDC: When?\nKB: Once only."
    (out,) = redact(make_doc("t.txt", text), case=Case(name="c"))
    lines = out.split("\n")
    assert lines[1].split(":")[0] == lines[3].split(":")[0] != "MH"  # one pseudonym for both turns
    assert [lines[0], lines[2], lines[4], lines[5]] == ["INT: Thanks.", "DC: Go on.", "DC: When?", "KB: Once only."]


def test_a_single_letter_that_labels_turns_is_someone_but_not_a_word_of_text() -> None:
    text = (
        "I: Hello.\nS: Saima, please.\nI: Go on.\nS: He checked her phone. Size S fits.\n"
        "NO (phone): I can hear you.\nNO (phone): Yes."
    )
    (out,) = redact(make_doc("t.txt", text), case=Case(name="c"))
    lines = out.split("\n")
    speaker = lines[1].split(":")[0]
    assert speaker != "S" and lines[3].startswith(f"{speaker}: He checked her phone. Size S fits.")
    assert lines[0] == "I: Hello." and lines[2] == "I: Go on."
    assert lines[4].split(" (phone)")[0] == lines[5].split(" (phone)")[0] != "NO"


def test_verification_does_not_look_for_a_single_letter_as_a_word() -> None:
    import dataclasses as dc

    from redactor.keyfile import KeyEntity
    from redactor.verify import known_surfaces

    key = dc.replace(Key.new("c"), entities=(KeyEntity("e1", Label.PERSON, "Person A", ("S", "Saima")),))
    known = known_surfaces(None, key)
    assert "Saima" in known and "S" not in known  # "public class P" in a document is no leak


def test_people_a_document_names_by_one_letter() -> None:
    case = Case(name="c", people=(CasePerson("Grace Hadley", pseudonym="Maureen"), CasePerson("Shane Hadley", pseudonym="Carl")))
    text = (
        "I refer to them as the mother, G; the son, S; and the daughter, K. G told the chair that S "
        "came home. K's 999 call was graded standard. See Part G and Appendix S."
    )
    (out,) = redact(make_doc("r.md", text), case=case)
    assert out == (
        "I refer to them as the mother, Maureen; the son, Carl; and the daughter, [name]. Maureen told the chair that Carl "
        "came home. [name]'s 999 call was graded standard. See Part G and Appendix S."
    )
    (other,) = redact(make_doc("t.txt", "G and S are letters here."), case=case)
    assert other == "G and S are letters here."


def test_a_name_that_is_a_word_as_a_lower_case_speaker_label_or_thanked() -> None:
    people = (CasePerson("Dawn Nankervis", pseudonym="Lowen"), CasePerson("Grace Hadley", pseudonym="Maureen"))
    text = "dawn: and she reported it.\nat dawn it rained.\nok thank you grace for letting us come. a grace period."
    (out,) = redact(make_doc("t.txt", text), case=Case(name="c", people=people))
    assert out == "Lowen: and she reported it.\nat dawn it rained.\nok thank you Maureen for letting us come. a grace period."


def test_a_given_name_that_is_a_word_is_the_person_capitalised() -> None:
    text = "Dawn Sallows worked the farm. You mentioned Dawn. We rose at dawn."
    doc = make_doc("t.txt", text, spans=((0, 0, 12, Label.PERSON),))
    (out,) = redact(doc, case=None)
    assert out == "Person A worked the farm. You mentioned Person A. We rose at dawn."


def test_an_ordinary_word_before_a_given_name_does_not_make_a_new_person() -> None:
    case = _case(CasePerson("Eleanor May Pascoe", pseudonym="Morwenna"))
    text = "He named the boat Girl Ellie. Ellie loved it."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Girl Ellie"),)), case=case)
    assert out == "He named the boat Morwenna. Morwenna loved it."


def test_the_whole_given_name_of_someone_known_by_a_short_one_is_them() -> None:
    text = "Merv Catchpole farmed next door.\nMERVYN: I knew her forty years."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Merv Catchpole"), _span(text, "MERVYN"))), case=None)
    assert out == "Person A farmed next door.\nPERSON A: I knew her forty years."


def test_people_known_by_one_name_and_its_short_or_welsh_little_form() -> None:
    text = "Tracey came round. Auntie Trace said no. Meleri rang. Mel Bach was there."
    spans = (_span(text, "Tracey"), _span(text, "Trace", 1), _span(text, "Meleri"), _span(text, "Mel Bach"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=None)
    assert out == "Person A came round. Person A said no. Person B rang. Person B was there."


def test_lower_case_names_after_a_greeting_a_call_or_before_a_nickname_given() -> None:
    people = (
        CasePerson("Joy Sterling", pseudonym="Ann"), CasePerson("Dawn Price", pseudonym="Beth"),
        CasePerson("Tank Hunter", pseudonym="Cal"),
    )
    text = '"Good morning joy, how are you." On the phone to dawn every night. tank, the lads called him. A tank of petrol.'
    (out,) = redact(make_doc("t.txt", text), case=Case(name="c", people=people))
    assert out == '"Good morning Ann, how are you." On the phone to Beth every night. Cal, the lads called him. A tank of petrol.'


def test_a_text_message_opening_with_the_one_it_is_sent_to() -> None:
    case = _case(CasePerson("Dawn Price", pseudonym="Beth"))
    text = 'She read them out. "dawn can u cover my lates". "up at dawn again".'
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert out == 'She read them out. "Beth can u cover my lates". "up at dawn again".'


def test_big_and_little_of_one_call_name_are_a_father_and_his_son() -> None:
    # The son carries the father's name as his middle name; "Little Ray" is the son, "Big Ray" the father.
    case = _case(
        CasePerson("Raymond Leslie Hadley", pseudonym="Harold", role="victim"),
        CasePerson("Shane Raymond Hadley", pseudonym="Carl", role="perpetrator"),
    )
    text = "Big Ray ran the club. Little Ray was his lad. big ray's van was outside."
    spans = tuple(_span(text, s) for s in ("Big Ray", "Little Ray"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Harold ran the club. Carl was his lad. Harold's van was outside."


def test_big_of_a_call_name_no_one_else_has_is_someone_of_their_own() -> None:
    case = _case(CasePerson("James Bell", pseudonym="Adult B"))
    text = "Little Jim stayed with his grandad, Big Jim. Jim Bell was nine."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Big Jim"),)), case=case)
    assert out.startswith("Adult B stayed with his grandad, ") and "Big Jim" not in out and "Adult B." not in out
    assert out.endswith("Adult B was nine.")


def test_big_and_little_of_a_name_no_one_known_has_are_two_people() -> None:
    case = _case(CasePerson("Pearl Carpenter", pseudonym="Dorothy"))
    text = "Big Steve drove. Little Steve sat in the back. Big Steve never let him drive."
    spans = tuple(_span(text, s) for s in ("Big Steve", "Little Steve"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    first, second, third = (sentence.split(" drove")[0].split(" sat")[0].split(" never")[0] for sentence in out.split(". "))
    assert "Steve" not in out and first == third != second, out


def test_big_alone_is_still_the_person_called_so() -> None:
    case = _case(CasePerson("David Jones", pseudonym="Adult C"))
    text = "Big Dave said no. Dave Jones left."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Big Dave"),)), case=case)
    assert out == "Adult C said no. Adult C left."


def test_a_surnames_initial_after_a_given_name_goes_with_it_but_not_a_pronoun() -> None:
    case = _case(CasePerson("Jessica Pryce", pseudonym="Adult D"))
    text = "Jess P covered the Saturday. jess p rang. Jessica told Jess I would ring."
    spans = (_span(text, "Jess P"), _span(text, "Jessica"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Adult D covered the Saturday. Adult D rang. Adult D told Adult D I would ring."


def test_a_call_handlers_label_is_a_role_unless_someone_known_has_those_initials() -> None:
    text = "[00:00:00] CH: Police emergency.\n[00:00:03] CALLER: He's not moving.\n[00:00:07] CH: Where are you?"
    assert redact(make_doc("t.txt", text), case=None) == [text]
    case = _case(CasePerson("Christopher Hunter", pseudonym="Adult B"))
    assert redact(make_doc("t.txt", text), case=case)[0].startswith("[00:00:00] Adult B: Police emergency.")


def test_a_son_named_after_his_father_with_another_middle_name_is_someone_else() -> None:
    case = _case(CasePerson("John Patrick Ward", pseudonym="Declan", role="perpetrator"))
    text = "John Patrick WARD was sentenced. His son, John Martin WARD, gave evidence."
    spans = (_span(text, "John Martin WARD"),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out.startswith("Declan was sentenced. His son, ") and out.endswith(", gave evidence.")
    assert "Declan, gave" not in out and "WARD" not in out and "John" not in out


def test_an_email_headers_surname_comma_given_name_is_one_name() -> None:
    case = _case(CasePerson("Kevin Halliwell", pseudonym="Adult K"))
    text = "To: Halliwell, Kevin <k@example.org>\nHi Kevin, thanks."
    spans = (_span(text, "Halliwell"), _span(text, "Kevin"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "To: Adult K <k@example.org>\nHi Adult K, thanks."


def test_a_surname_written_first_in_capitals_is_the_surname() -> None:
    from redactor.people import name_parts

    assert name_parts("WONG Ka Ming") == name_parts("Ka Ming WONG") == ("ka", "wong")
    assert name_parts("CASSIDY Niamh") == ("niamh", "cassidy")


def test_a_key_that_gives_a_child_a_letter_makes_the_letter_the_child() -> None:
    case = _case(CasePerson("Maisie Trethewey", pseudonym="Child 1"))
    text = "Family shorthand used in entries: M = Maisie. M arrived 09:40 with Nan. A bruise was seen."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Maisie"),)), case=case)
    assert out == "Family shorthand used in entries: Child 1 = Child 1. Child 1 arrived 09:40 with Nan. A bruise was seen."


def test_a_name_spelled_in_parts_or_with_its_double_letter_said_again_is_one_word() -> None:
    from redactor.name_forms import spelled_word

    assert spelled_word("R-E-B-E-C-C-A, double-C") == "REBECCA"  # the double said again, not a fourth C
    assert spelled_word("K-E-R-R-Y, hyphen, A-N-N") == "KERRY-ANN"
    assert spelled_word("K-A, new word, M-I-N-G") == "KA MING"
    assert spelled_word("G-W-E-N, double-L, I-A-N") == "GWENLLIAN"
    assert spelled_word("Kerry, hyphen, Ann") is None


@pytest.mark.parametrize(
    ("name", "form"), [("Kayleigh", "kay"), ("Jayden", "jay"), ("Aled", "al"), ("Lesley", "lez"), ("Rosalind", "roz")]
)
def test_a_first_syllable_ending_in_y_a_z_for_an_s_and_al(name: str, form: str) -> None:
    assert form in short_forms(name)


def test_a_given_name_before_a_relatives_surname_is_one_name_of_the_given_names_person() -> None:
    case = _case(CasePerson("Gavin Roy Booth", pseudonym="Robert", role="perpetrator"))
    text = "Kian stayed with his nan. | Child 1 | Kian BOOTH | son |\nThe article names Kian\nBooth."
    spans = (_span(text, "Kian"),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    first = out.split(" stayed")[0]
    assert f"| Child 1 | {first} | son |" in out and out.endswith(f"names {first}."), out
    assert "Robert" not in out


def test_initials_a_legend_gives_the_pseudonym_of_are_that_person() -> None:
    case = _case(CasePerson("Daniel Graham Bacon", pseudonym="Adult B", role="perpetrator"))
    text = "Present: Chair; DP (Adult B); OM.\n[00:00:21] DP: Danny. Everyone calls me Bacon.\nmother of Adult B (GB)"
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert "[00:00:21] Adult B: " in out and "(GB)" in out, out


def test_a_call_name_with_boy_after_it_is_the_person_not_a_surname() -> None:
    case = _case(CasePerson("Daniel Graham Bacon", pseudonym="Adult B", role="perpetrator"))
    text = "Mum called him Danny Boy. Danny came home late."
    spans = (_span(text, "Danny Boy"), _span(text, "Danny", 1))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Mum called him Adult B. Adult B came home late."


def test_a_guessed_body_that_is_a_titled_name_is_the_person_the_whole_name_says() -> None:
    case = _case(
        CasePerson("Sioned Mair Parry", pseudonym="Ffion", role="victim", title="Mrs"),
        CasePerson("Dylan Rhys Parry", pseudonym="Owen", role="perpetrator", title="Mr"),
    )
    text = "PC Rowlands attends; words of advice to Mr D. Parry."
    start = text.index("Mr D.")
    spans = ((0, start, start + len("Mr D. Parry"), Label.ORGANIZATION),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out.endswith("words of advice to Owen.") or out.endswith("words of advice to Mr Owen."), out


def test_a_short_given_name_with_her_familys_surname_and_a_double_given_name_are_the_same_woman() -> None:
    case = _case(CasePerson("Joanne Louise Booth", pseudonym="Sophie", role="victim"))
    text = "Jo Heap, as she was, met Gavin at school. Her mother, Janet Heap, and Jo-Anne Booth on a letter."
    spans = (_span(text, "Jo Heap"), _span(text, "Janet Heap"), _span(text, "Jo-Anne Booth"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out.startswith("Sophie, as she was") and out.endswith("and Sophie on a letter."), out


def test_a_double_given_names_second_initial_and_a_double_barrelled_surname_fit() -> None:
    case = _case(
        CasePerson("Kerry-Ann Louise Cook", pseudonym="Rosie", role="victim"),
        CasePerson("Patricia Ann Slater", pseudonym="Adult C"),
    )
    text = "K. A. Cook was seen. Then Patricia Slater-Pugh wrote."
    spans = (_span(text, "K. A. Cook"), _span(text, "Patricia Slater-Pugh"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Rosie was seen. Then Adult C wrote.", out


def test_a_surname_comma_given_name_in_an_email_header_is_one_name() -> None:
    text = "P. Richardson took the call.\nCc: Richardson, Paula <admin@example.gov.uk>"
    spans = (_span(text, "P. Richardson"), _span(text, "Richardson", 1), _span(text, "Paula"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=_case())
    first = out.split(" took")[0]
    assert out.endswith(f"Cc: {first} <admin@example.gov.uk>"), out


def test_a_name_with_an_s_for_its_apostrophe_s_in_a_lower_case_message_is_the_person() -> None:
    case = _case(CasePerson("Huw Price", pseudonym="Adult C"))
    text = 'Huw Price was there. She texted: "osh is at huws fri, i got the bills". Huws Lane is a road.'
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Huw Price"),)), case=case)
    assert '"osh is at Adult Cs fri, i got the bills"' in out and out.endswith("Huws Lane is a road."), out


def test_a_practice_known_by_a_word_is_that_practice_only_where_the_word_stands_as_a_name() -> None:
    text = "Her GP was at Kingfisher Surgery. Dr Moody, at Kingfisher, wrote twice. A kingfisher flew past. Kingfisher Way."
    start = text.index("Kingfisher Surgery")
    spans = ((0, start, start + len("Kingfisher Surgery"), Label.ORGANIZATION),)
    is_word = lambda w: w.casefold() == "kingfisher" or simple_is_word(w)  # noqa: E731
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=_case(), is_word=is_word)
    practice = out.split("at ", 1)[1].split(".")[0]
    assert out == f"Her GP was at {practice}. Dr Moody, at {practice}, wrote twice. A kingfisher flew past. Kingfisher Way.", out


def test_a_known_persons_title_and_name_typed_in_lower_case_is_the_person() -> None:
    text = 'Dr Clare Winter saw her. She texted: "dr winter was nice. ds grey rang". DS Lorna Grey took it. A dr who.'
    spans = (_span(text, "Dr Clare Winter"), _span(text, "DS Lorna Grey"))
    is_word = lambda w: w.casefold() in {"winter", "grey", "who"} or simple_is_word(w)  # noqa: E731
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=_case(), is_word=is_word)
    doctor, officer = out.split(" saw")[0], out.split(". A dr")[0].split("rang\". ")[1].split(" took")[0]
    assert f'"{doctor} was nice. {officer} rang"' in out and out.endswith("A dr who."), out


def test_a_scans_abbreviation_is_no_ones_initials() -> None:
    case = _case(CasePerson("Carl Turner", pseudonym="Adult C"))
    text = "Carl Turner was seen. CT head scan normal. An MRI followed."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Carl Turner"),)), case=case)
    assert out == "Adult C was seen. CT head scan normal. An MRI followed.", out


def test_a_colon_legend_defines_initials_that_are_the_names_own() -> None:
    text = "Interviewer: the chair. TW: Toby Wild, friend of the victim.\nAB: Amy said she would come."
    assert legend_pairs(text) == [("TW", "Toby Wild")]


def test_the_one_speaking_is_never_him_of_a_nickname_and_an_open_nickname_is_still_replaced() -> None:
    case = _case(
        CasePerson("Leigh Jonathan Shore", pseudonym="Adult A", role="victim", title="Mr"),
        CasePerson("Tina Webb", pseudonym="Adult C"),
    )
    text = (
        "Interview. TW: Toby Wild, friend.\n"
        "Interviewer: How long did you work with him?\n"
        "TW: Five years. We all called him LJ at the Shed. LJ was kind."
    )
    spans = (_span(text, "Toby Wild"),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    toby = out.split("TW: ")[1].split(",")[0] if "TW: " in out else out.split("Interview. ")[1].split(":")[0]
    assert "LJ" not in out, out
    called = out.split("We all called him ")[1].split(" at the Shed")[0]
    assert called != toby and out.endswith(f"{called} was kind."), out


def test_a_chat_exports_sender_is_a_person_to_replace() -> None:
    text = (
        "CT: Our chat. It's called Niff, that's what I've got her saved as.\n"
        "14/02/2023, 21:47 - Niff 🌻: hes took my phone again\n"
        "14/02/2023, 21:50 - Mum ❤️: ring me\n"
        "14/02/2023, 21:52 - Niff 🌻: no!! he'll know"
    )
    is_word = lambda w: w.casefold() == "niff" or simple_is_word(w)  # noqa: E731
    (out,) = redact(make_doc("t.txt", text), case=_case(), is_word=is_word)
    assert "Niff" not in out and "14/02/2023, 21:50 - Mum ❤️: ring me" in out, out
    name = out.split("It's called ")[1].split(",")[0]
    assert f"14/02/2023, 21:47 - {name} 🌻: hes took my phone again" in out, out


def test_a_club_is_called_by_its_kind_with_the() -> None:
    text = "She did the bar at Basford Ex-Servicemen's Club. I met her at the Ex. My ex rang. The Ex was packed."
    start = text.index("Basford")
    spans = ((0, start, start + len("Basford Ex-Servicemen's Club"), Label.ORGANIZATION),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=_case())
    club = out.split("bar at ")[1].split(".")[0]
    assert out == f"She did the bar at {club}. I met her at {club}. My ex rang. {club} was packed.", out


def test_a_five_letter_surname_gives_its_clipped_nickname_but_no_two_letter_one() -> None:
    from redactor.people import _surname_forms

    assert "poxy" in _surname_forms("poxon")
    assert not {"bo", "bobo"} & _surname_forms("booth")


def test_a_name_in_capitals_as_a_speaker_label_is_that_name_in_lower_case_speech() -> None:
    text = "Interviewer: Thanks for having me in, Mrs Sterling.\nJOY: joy, darlin', please.\nJOY: I did."
    is_word = lambda w: w.casefold() == "joy" or simple_is_word(w)  # noqa: E731
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Mrs Sterling"),)), case=_case(), is_word=is_word)
    name = out.split("\n")[1].split(":")[0]
    assert name != "JOY" and f"{name}: {name.title()}, darlin'" in out, out


def test_a_maiden_name_the_documents_give_is_the_womans() -> None:
    from redactor.people import maiden_names

    said = [
        "| Kelly Brown (née Stone) | Adult C | Daughter |",
        "Ayesha Noreen AKHTAR (née HUSSAIN); DOB withheld.",
        "Her maiden name was Holt; she became a Pickles in 2009.",
        "[00:00:37] Chair: And her maiden name?\n[00:00:39] MA: Birchall. B-I-R-C-H-A-L-L.",
    ]
    assert maiden_names(said) == [
        ("Kelly Brown", "Stone"), ("Ayesha Noreen AKHTAR", "HUSSAIN"), (None, "Holt"), (None, "Birchall"),
    ]
    case = _case(CasePerson("Irene Cross", pseudonym="Edith", role="victim"))
    answer = "Chair: And her maiden name?\nMA: Birchall. Irene Birchall, from Latchford."
    at = answer.index("Irene Birchall")
    report = "| Kelly Brown (née Stone) | Adult C | Daughter |"
    later = "Kelly Stone rang the police."
    stone = report.index("Stone")
    out = redact(
        make_doc("a.txt", answer, spans=((0, at, at + 14, Label.PERSON),)),
        make_doc(
            "b.md", report, later,
            spans=((0, 2, 13, Label.PERSON), (0, stone, stone + 5, Label.PERSON), (1, 0, 11, Label.PERSON)),
        ),
        case=case,
    )
    assert out[0].endswith("Edith, from Latchford.")
    kelly = out[2].removesuffix(" rang the police.")
    assert "Kelly" not in kelly and "Stone" not in out[1] and out[1] == f"| {kelly} (née {kelly}) | Adult C | Daughter |"


def test_a_kin_word_or_endearment_after_a_call_name_goes_with_it() -> None:
    text = "Pushpa aunty rang. Then Geraint bach came. Sunil's uncle was there."
    spans = (_span(text, "Pushpa"), _span(text, "Geraint"), _span(text, "Sunil"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=None)
    assert out == "Person A rang. Then Person B came. Person C's uncle was there."


def test_a_nickname_said_in_the_middle_of_a_full_name_is_no_middle_name() -> None:
    case = _case(
        CasePerson("Kyle James Bissell", pseudonym="Adam", role="perpetrator"), CasePerson("Michael Bissell", pseudonym="Mick")
    )
    text = "On Facebook he was Kyle Tank Bissell, the nickname in the middle."
    (out,) = redact(make_doc("t.txt", text, spans=(_span(text, "Kyle Tank Bissell"),)), case=case)
    assert out == "On Facebook he was Adam, the nickname in the middle."


def test_a_nickname_is_of_the_one_the_sentence_is_about_not_a_name_after_of() -> None:
    text = 'Raymond Salt, the son of Jodie and the perpetrator, known as "Junior". Junior rang me.'
    spans = (_span(text, "Raymond Salt"), _span(text, "Jodie"))
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=None)
    raymond = out.split(",")[0]
    assert out == f'{raymond}, the son of Person B and the perpetrator, known as "{raymond}". {raymond} rang me.'
