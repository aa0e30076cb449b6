from __future__ import annotations

from pathlib import Path

import pytest

from redactor.casefile import load_case
from redactor.errors import CaseFileError

GOOD = """
[case]
name = "WX"

[[person]]
name = "Jane Elizabeth Doe"
aliases = ["Janey", "JD"]
pseudonym = "WX"
role = "victim"
title = "Mrs"

[[person]]
name = "John Roe"

[keep]
terms = ["Hestia"]

[redact]
terms = ["Brockley Rise"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_people_terms_and_pseudonyms(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, GOOD))
    assert case.name == "WX"
    assert [p.name for p in case.people] == ["Jane Elizabeth Doe", "John Roe"]
    assert case.people[0].aliases == ("Janey", "JD")
    assert case.people[0].pseudonym == "WX"
    assert case.people[0].title == "Mrs"
    assert case.people[1].pseudonym is None
    assert case.keep_terms == ("Hestia",)
    assert case.redact_terms == ("Brockley Rise",)


def test_unknown_key_names_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('role = "victim"', 'role = "victim"\nnickname = "J"')
    with pytest.raises(CaseFileError, match=r"line 10: unknown key 'nickname'"):
        load_case(write(tmp_path, text))


def test_malformed_toml_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="not valid TOML.*line 3"):
        load_case(write(tmp_path, '[case]\nname = "WX"\n[[person]\nname="x"'))


def test_error_never_quotes_the_names(tmp_path: Path) -> None:
    text = GOOD.replace('aliases = ["Janey", "JD"]', 'aliases = "Janey"')
    with pytest.raises(CaseFileError) as info:
        load_case(write(tmp_path, text))
    assert "Janey" not in str(info.value)
    assert "aliases" in str(info.value)


def test_pseudonym_equal_to_a_real_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="equals a real name"):
        load_case(write(tmp_path, GOOD.replace('pseudonym = "WX"', 'pseudonym = "Janey"')))


def test_two_people_cannot_share_a_pseudonym(tmp_path: Path) -> None:
    text = GOOD.replace('name = "John Roe"', 'name = "John Roe"\npseudonym = "WX"')
    with pytest.raises(CaseFileError, match="share a pseudonym"):
        load_case(write(tmp_path, text))


def test_missing_case_table(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match=r"needs a \[case\] table"):
        load_case(write(tmp_path, '[[person]]\nname = "A B"\n'))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="not found"):
        load_case(tmp_path / "nope.toml")


def test_keep_policy_switches_default_to_keeping(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, GOOD))
    assert case.keep_large_places and case.keep_public_bodies


def test_keep_policy_switches_can_be_turned_off(tmp_path: Path) -> None:
    text = GOOD.replace('[keep]\n', '[keep]\nlarge_places = false\npublic_bodies = false\n')
    assert '[keep]\nlarge_places' in text
    case = load_case(write(tmp_path, text))
    assert not case.keep_large_places and not case.keep_public_bodies


def test_keep_policy_switch_must_be_a_boolean(tmp_path: Path) -> None:
    text = GOOD.replace('[keep]\n', '[keep]\nlarge_places = "no"\n')
    with pytest.raises(CaseFileError, match="'large_places' must be true or false"):
        load_case(write(tmp_path, text))


def test_people_without_a_pseudonym_and_a_shared_alias_are_warned_of_without_a_name() -> None:
    from redactor.casefile import Case, CasePerson, case_warnings

    case = Case(
        name="c",
        people=(
            CasePerson("Jane Doe", pseudonym="WX", aliases=("JD",)),
            CasePerson("John Doe", aliases=("JD",)),
            CasePerson("Mary Roe"),
        ),
    )
    warnings = case_warnings(case)
    assert warnings[0].startswith("[[person]] 2, 3 (in the order of the case file) have no pseudonym")
    assert warnings[1].startswith("[[person]] 1 and 2 share an alias")
    assert not any(n in w for w in warnings for n in ("Jane", "John", "Mary", "Doe", "JD"))
    assert case_warnings(Case(name="c", people=(CasePerson("Jane Doe", pseudonym="WX"),))) == []
