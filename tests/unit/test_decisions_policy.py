"""Decisions (load, apply, render) and policies (actions, generalising, case-file overrides)."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.casefile import Case, CasePerson, load_case
from redactor.decisions import (
    AddedTerm,
    Decisions,
    DecisionsError,
    EntityDecision,
    MentionDecision,
    apply_decisions,
    load_decisions,
    render_decisions,
)
from redactor.document import Label
from redactor.errors import CaseFileError
from redactor.keyfile import Key, KeyEntity
from redactor.policy import DEFAULTS, Policy, age_band, month_and_year, replacement
from redactor.review import UncertainMention

KEY = Key(
    case="WX",
    secret=b"s" * 32,
    entities=(
        KeyEntity("e1", Label.PERSON, "WX", ("Ilona Kowalczyk", "Ilona", "Mrs Kowalczyk"), "case file"),
        KeyEntity("e2", Label.PERSON, "Person A", ("Harjinder Bassi", "Dr Bassi", "Bassi")),
        KeyEntity("e3", Label.PERSON, "Person B", ("H. Bassi",)),
        KeyEntity("e4", Label.LOCATION, "Place 1", ("Quenmore Rise",)),
    ),
)
CASE = Case(name="WX", people=(CasePerson("Ilona Kowalczyk", pseudonym="WX"),))


def entity(id_: str, names: tuple[str, ...], pseudonym: str, **extra: object) -> EntityDecision:
    return EntityDecision(id=id_, kind="PERSON", names=names, pseudonym=pseudonym, **extra)  # type: ignore[arg-type]


def test_reject_keeps_every_name_and_drops_the_entity() -> None:
    applied = apply_decisions(CASE, KEY, Decisions(entities=(entity("e4", ("Quenmore Rise",), "Place 1", decision="reject"),)))
    assert "e4" not in {e.id for e in applied.key.entities}
    assert "Quenmore Rise" in applied.case.keep_terms
    assert not applied.unmatched


def test_rename_merge_and_split() -> None:
    decisions = Decisions(
        entities=(
            entity("e1", ("Ilona Kowalczyk",), "Louise"),
            entity("e3", ("H. Bassi",), "Person B", merge_into="e2"),
            entity("e2", ("Harjinder Bassi",), "Person A", split_off=("Dr Bassi",), split_pseudonym="GP 2"),
        )
    )
    applied = apply_decisions(CASE, KEY, decisions)
    by_id = {e.id: e for e in applied.key.entities}
    assert by_id["e1"].pseudonym == "Louise" and applied.case.people[0].pseudonym == "Louise"
    assert "e3" not in by_id and "H. Bassi" in by_id["e2"].names
    assert "Dr Bassi" not in by_id["e2"].names
    (split,) = [e for e in by_id.values() if e.names == ("Dr Bassi",)]
    assert split.pseudonym == "GP 2" and split.source == "decision"


def test_decisions_match_by_names_when_ids_moved_and_report_what_matches_nothing() -> None:
    decisions = Decisions(
        entities=(entity("e9", ("Bassi",), "GP 1"), entity("e7", ("Nobody Known",), "Person Z")),
    )
    applied = apply_decisions(CASE, KEY, decisions)
    assert {e.id: e.pseudonym for e in applied.key.entities}["e2"] == "GP 1"
    assert applied.unmatched == ("entity decision 'e7' (PERSON) matches no entity of this case",)
    assert "Nobody" not in " ".join(applied.unmatched)


def test_added_terms_become_people_terms_or_entities() -> None:
    added = (AddedTerm("Callum Brierley", "PERSON"), AddedTerm("Flat 9", "CUSTOM"), AddedTerm("The Gilded Heron", "ORGANIZATION"))
    decisions = Decisions(added=added)
    applied = apply_decisions(CASE, KEY, decisions)
    assert "Callum Brierley" in [p.name for p in applied.case.people]
    assert "Flat 9" in applied.case.redact_terms
    assert any(e.names == ("The Gilded Heron",) and e.label is Label.ORGANIZATION for e in applied.key.entities)


def test_rendered_decisions_load_back_and_keep_earlier_choices(tmp_path: Path) -> None:
    earlier = Decisions(
        entities=(entity("e2", ("Harjinder Bassi",), "GP 1", decision="reject"),),
        mentions=(MentionDecision("report.md", "Rose", "PERSON", "reject"),),
        added=(AddedTerm("Brockley Rise", "LOCATION"),),
    )
    text = render_decisions(
        "WX",
        [(e, 3) for e in KEY.entities],
        [UncertainMention("report.md", 'Rose "the" \\ friend', "PERSON", "spacy_ner", 0.41, "her friend Rose said",
                          "paragraph 3, under 'Background'")],
        earlier,
    )
    assert text.startswith("# redactor decisions") and "SENSITIVE" in text
    path = tmp_path / "decisions.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_decisions(path)
    assert [d.id for d in loaded.entities] == ["e1", "e2", "e3", "e4"]
    assert {d.id: (d.decision, d.pseudonym) for d in loaded.entities}["e2"] == ("reject", "GP 1")
    assert loaded.mentions[0].text == 'Rose "the" \\ friend'
    assert "where = \"paragraph 3, under 'Background'\"" in text
    assert loaded.added == (AddedTerm("Brockley Rise", "LOCATION"),)
    assert loaded.sha256


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[entity]]\nid = "e1"\nkind = "PERSON"\nnames = ["A"]\npseudonym = "X"\ndecision = "maybe"\n', "line 1: 'decision'"),
        ('[[entity]]\nid = "e1"\nkind = "PERSON"\npseudonym = "X"\nnickname = "Y"\n', "unknown key 'nickname'"),
        ('[[mention]]\ndocument = "a.md"\ntext = ""\nkind = "PERSON"\n', "'text' must be a non-empty"),
        ('[[add]]\ntext = "x"\nkind = "PHONE_NUMBER"\n', "'kind' must be one of"),
        ("[[entity]\n", "not valid TOML"),
        ('[other]\nx = 1\n', "unknown table 'other'"),
    ],
)
def test_a_bad_decisions_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "decisions.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DecisionsError, match=message):
        load_decisions(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12 April 2019", "April 2019"), ("12th April 2019", "April 2019"), ("12/04/2019", "April 2019"),
     ("2019-04-12", "April 2019"), ("April 12, 2019", "April 2019"), ("3rd of Sept 2020", "September 2020"),
     ("12.04.19", "April 2019"), ("31/13/2019", None), ("sometime", None)],
)
def test_month_and_year(text: str, expected: str | None) -> None:
    assert month_and_year(text) == expected


def test_age_bands() -> None:
    assert [age_band(a) for a in ("7", "34", "40", "101", "x")] == ["under 10", "30–39", "40–49", "100–109", None]


def test_policy_defaults_follow_domain_and_overrides_are_checked() -> None:
    policy = Policy()
    assert policy.action(Label.PERSON) == "pseudonymise" and policy.action(Label.DATE_OF_BIRTH) == "label"
    assert policy.action(Label.DATE_OF_DEATH) == "generalise" and policy.action(Label.AGE) == "keep"
    assert all(rule.action in rule.allowed and rule.reason for rule in DEFAULTS.values())
    assert Policy({Label.AGE: "generalise"}).changed() == {"AGE": "generalise"}
    with pytest.raises(ValueError, match="not allowed"):
        Policy({Label.DATE_OF_BIRTH: "generalise"})


def test_replacements_by_action() -> None:
    assert replacement(Label.PERSON, "pseudonymise", "Jane", "WX") == "WX"
    assert replacement(Label.PERSON, "label", "Jane", "WX") == "[name]"
    assert replacement(Label.PHONE_NUMBER, "label", "07700 900123", None) == "[phone number]"
    assert replacement(Label.DATE_OF_DEATH, "generalise", "12 April 2019", None) == "April 2019"
    assert replacement(Label.DATE_OF_DEATH, "generalise", "the spring", None) == "[date]"
    assert replacement(Label.AGE, "keep", "34", None) is None


def test_case_file_policy_table(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text('[case]\nname = "WX"\n\n[policy]\nAGE = "generalise"\nPERSON = "label"\n', encoding="utf-8")
    assert load_case(path).policy == (("AGE", "generalise"), ("PERSON", "label"))
    path.write_text('[case]\nname = "WX"\n\n[policy]\nDATE_OF_BIRTH = "generalise"\n', encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"line 5: DATE_OF_BIRTH can be \"label\", \"keep\""):
        load_case(path)
    path.write_text('[case]\nname = "WX"\n\n[policy]\nSHOE_SIZE = "keep"\n', encoding="utf-8")
    with pytest.raises(CaseFileError, match="unknown kind 'SHOE_SIZE'"):
        load_case(path)


def test_residual_risks_count_dates_and_ages_left_in_the_text() -> None:
    from redactor.document import Document, Edit, Segment, Span
    from redactor.policy import residual_risks

    text = "She died on 12 April 2019. Police came on 3 May 2018 and 04/06/2018; Adult A, aged 34."
    doc = Document(
        Path("t.txt"), "text", (Segment("body/p/0", text),),
        kept=(Span("body/p/0", text.index("34"), text.index("34") + 2, Label.AGE, "policy:age", 0.85),),
        edits=(Edit("body/p/0", 12, 25, "April 2019", Label.DATE_OF_DEATH, "date_of_death", 0.9),),
    )
    assert residual_risks(doc) == {"full date(s) kept": 2, "age(s) kept": 1}
