"""People as clusters of forms (issue 15): short forms, initials, legends, spelled names,
variants, shared surnames. Hand-built documents and the real linking stages, no model."""

from __future__ import annotations

import pytest

from redactor.casefile import Case, CasePerson
from redactor.document import Label
from redactor.name_forms import initials, short_forms
from redactor.people import legend_pairs, spelled_word
from tests.unit.test_link_pseudonymise_rewrite import make_doc, redact

CASE = Case(
    name="DHR 9",
    people=(
        CasePerson("Stephanie Jane Miles", pseudonym="Hannah", role="victim", title="Miss"),
        CasePerson("Darren Lee Frost", pseudonym="Ryan", role="perpetrator", title="Mr"),
    ),
)


@pytest.mark.parametrize(
    ("name", "form"),
    [("Stephanie", "steph"), ("Stephanie", "stephy"), ("Jonathan", "jonno"), ("Renée", "ren"), ("Bernadette", "bernie"),
     ("Margaret", "peggy"), ("Kerry-Ann", "kerry"), ("Shannon", "shan")],
)
def test_short_forms_of_a_given_name(name: str, form: str) -> None:
    assert form in short_forms(name)


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


def test_initials_as_speaker_labels_even_when_they_read_as_an_abbreviation() -> None:
    case = Case(name="c", people=(CasePerson("Patricia Miles", pseudonym="Adult B"),))
    text = "[00:00:26] PM: Yeah, she was fine.\nPM: I rang at 2 PM."
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert out == "[00:00:26] Adult B: Yeah, she was fine.\nAdult B: I rang at 2 PM."


def test_a_legend_ties_initials_to_a_name_no_detector_found() -> None:
    text = "Dr Amy Brown (AB) = the sister.\nAB: She rang me."
    (out,) = redact(make_doc("t.txt", text), case=Case(name="c"))
    assert "AB" not in out and "Amy Brown" not in out
    assert out.split("\n")[1].startswith("Person A:")


def test_accents_hyphens_and_hidden_characters_do_not_split_a_person() -> None:
    case = Case(name="c", people=(CasePerson("Renée Brown-Hargreaves", pseudonym="Ava"),))
    text = "Renee Brown Hargreaves came. Ren\u00adée rang. Hargreaves said."
    (out,) = redact(make_doc("t.txt", text), case=case)
    assert out == "Ava came. Ava rang. Ava said."


def test_a_surname_relatives_share_goes_to_the_person_named_nearest() -> None:
    case = Case(name="c", people=(CasePerson("Agnieszka Kowalczyk", pseudonym="Marta", title="Mrs"),))
    first = "Marek Kowalczyk came in."
    text = f"{first} Kowalczyk said he knew."
    spans = ((0, 0, 15, Label.PERSON),)
    (out,) = redact(make_doc("t.txt", text, spans=spans), case=case)
    assert out == "Person A came in. Person A said he knew."


def test_a_title_the_case_file_gives_decides_between_relatives() -> None:
    case = Case(
        name="c",
        people=(
            CasePerson("Stephanie Miles", pseudonym="Hannah", title="Miss"),
            CasePerson("Patricia Miles", pseudonym="Adult B", title="Mrs"),
        ),
    )
    (out,) = redact(make_doc("t.txt", "Mrs Miles rang Miss Miles."), case=case)
    assert out == "Adult B rang Hannah."


def test_big_and_our_belong_to_the_call_name() -> None:
    case = Case(name="c", people=(CasePerson("David Shaw", pseudonym="Adult D"), CasePerson("Kelly Shaw", pseudonym="Adult K")))
    (out,) = redact(make_doc("t.txt", "Big Dave and our Kelly came."), case=case)
    assert out == "Adult D and Adult K came."
