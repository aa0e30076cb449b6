"""The case file: the TOML contract an officer writes for one review.

```toml
[case]
name = "WX"
area = "Lewisham"      # optional: the council / CSP area; found in the documents when absent

[[person]]
name = "Jane Elizabeth Doe"
aliases = ["Janey", "JD"]
pseudonym = "WX"
role = "victim"
title = "Mrs"          # optional: resolves "Mrs Doe" when relatives share a surname

[keep]
terms = ["Hestia", "Lewisham"]
large_places = true    # default: countries, regions and cities stay (DOMAIN.md section 2)
public_bodies = true   # default: police forces, NHS trusts, councils, charities stay

[redact]
terms = ["Brockley Rise"]

[policy]               # optional: see `redactor policy` for every kind, default and reason
AGE = "generalise"     # ages as ten-year bands
```
Unknown keys and malformed values are errors that name the line. Identifier text never appears
in an error message; keys and line numbers do.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from redactor.errors import CaseFileError

_ALLOWED: Mapping[str, frozenset[str]] = {
    "": frozenset({"case", "person", "keep", "redact", "policy", "publish"}),
    "case": frozenset({"name", "area"}),
    "person": frozenset({"name", "aliases", "pseudonym", "role", "title"}),
    "keep": frozenset({"terms", "large_places", "public_bodies"}),
    "redact": frozenset({"terms"}),
    "publish": frozenset({"pdf"}),
}
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")


@dataclasses.dataclass(frozen=True, slots=True)
class CasePerson:
    """One person the officer listed, with the pseudonym they chose (if any)."""

    name: str
    aliases: tuple[str, ...] = ()
    pseudonym: str | None = None
    role: str = ""
    title: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Case:
    """A parsed case file."""

    name: str
    people: tuple[CasePerson, ...] = ()
    keep_terms: tuple[str, ...] = ()
    redact_terms: tuple[str, ...] = ()
    path: Path | None = None
    keep_large_places: bool = True
    keep_public_bodies: bool = True
    policy: tuple[tuple[str, str], ...] = ()  # (kind, action) overrides of redactor.policy.DEFAULTS
    area: str | None = None  # the council / CSP area the review is for: kept as written everywhere
    publish_pdf: bool = False  # [publish] pdf = true: a verified PDF beside each published document


def _line_of(source: str, key: str, occurrence: int = 0) -> int:
    """Return the 1-based line where ``key =`` or ``[key]`` appears (best effort), else 0."""
    pattern = re.compile(rf"^\s*(?:\[\[?\s*{re.escape(key)}\s*\]\]?|{re.escape(key)}\s*=)", re.M)
    matches = list(pattern.finditer(source))
    if not matches:
        return 0
    match = matches[min(occurrence, len(matches) - 1)]
    return source.count("\n", 0, match.start()) + 1


def _where(path: Path, line: int) -> str:
    return f"{path.name}, line {line}" if line else path.name


def _check_keys(path: Path, source: str, table: Mapping[str, Any], section: str, index: int) -> None:
    for key in table:
        if key not in _ALLOWED[section]:
            line = _line_of(source, key)
            allowed = ", ".join(sorted(_ALLOWED[section]))
            where = (f"[[{section}]]" if section == "person" else f"[{section}]") if section else "the top level"
            close = difflib.get_close_matches(key, sorted(_ALLOWED[section]), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise CaseFileError(
                f"{_where(path, line)}: unknown key '{key}' in {where}; {hint}allowed keys are {allowed}."
            )


def _string(path: Path, source: str, value: Any, key: str, index: int) -> str:
    if not isinstance(value, str) or not value.strip():
        line = _line_of(source, key, index)
        raise CaseFileError(f"{_where(path, line)}: '{key}' must be a non-empty text in quotes.")
    return " ".join(value.split())


def _strings(path: Path, source: str, value: Any, key: str, index: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        line = _line_of(source, key, index)
        raise CaseFileError(
            f"{_where(path, line)}: '{key}' must be a list of non-empty texts, e.g. {key} = [\"...\"]."
        )
    return tuple(" ".join(v.split()) for v in value)


def load_case(path: Path) -> Case:
    """Read and validate a case file.

    Raises:
        CaseFileError: the file is missing, not TOML, or breaks the schema above.
    """
    try:
        source = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise CaseFileError(f"{path.name}: case file not found; check the --case path.") from err
    except (OSError, UnicodeDecodeError) as err:
        raise CaseFileError(f"{path.name}: cannot read the case file as UTF-8 text.") from err
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        # tomllib's message holds a position, never the file's content.
        raise CaseFileError(f"{path.name}: not valid TOML ({err}); fix that line.") from err

    _check_keys(path, source, data, "", 0)
    case_table = data.get("case", {})
    if not isinstance(case_table, dict) or "name" not in case_table:
        raise CaseFileError(f"{path.name}: needs a [case] table with name = \"<case code>\".")
    _check_keys(path, source, case_table, "case", 0)
    case_name = _string(path, source, case_table["name"], "name", 0)
    area = _string(path, source, case_table["area"], "area", 0) if "area" in case_table else None

    people_raw = data.get("person", [])
    if not isinstance(people_raw, list):
        raise CaseFileError(f"{_where(path, _line_of(source, 'person'))}: write people as [[person]] tables.")
    people: list[CasePerson] = []
    for index, entry in enumerate(people_raw):
        _check_keys(path, source, entry, "person", index)
        if "name" not in entry:
            line = _line_of(source, "person", index)
            raise CaseFileError(f"{_where(path, line)}: each [[person]] needs name = \"...\".")
        name_index = index + 1  # the [case] table's name comes first
        title = entry.get("title")
        if title is not None:
            title = _string(path, source, title, "title", index).rstrip(".")
            if title not in _TITLES:
                line = _line_of(source, "title", index)
                raise CaseFileError(
                    f"{_where(path, line)}: title must be one of {', '.join(_TITLES)}."
                )
        pseudonym = entry.get("pseudonym")
        people.append(
            CasePerson(
                name=_string(path, source, entry["name"], "name", name_index),
                aliases=_strings(path, source, entry.get("aliases", []), "aliases", index),
                pseudonym=None if pseudonym is None else _string(path, source, pseudonym, "pseudonym", index),
                role=entry.get("role", "") if isinstance(entry.get("role", ""), str) else "",
                title=title,
            )
        )

    terms: dict[str, tuple[str, ...]] = {}
    for section in ("keep", "redact"):
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise CaseFileError(f"{_where(path, _line_of(source, section))}: [{section}] must be a table.")
        _check_keys(path, source, table, section, 0)
        terms[section] = _strings(path, source, table.get("terms", []), "terms", 0 if section == "keep" else 1)
    keep_table = data.get("keep", {})
    switches = {}
    for switch in ("large_places", "public_bodies"):
        value = keep_table.get(switch, True)
        if not isinstance(value, bool):
            line = _line_of(source, switch)
            raise CaseFileError(f"{_where(path, line)}: '{switch}' must be true or false (no quotes).")
        switches[switch] = value

    publish_table = data.get("publish", {})
    if not isinstance(publish_table, dict):
        raise CaseFileError(f"{_where(path, _line_of(source, 'publish'))}: [publish] must be a table.")
    _check_keys(path, source, publish_table, "publish", 0)
    publish_pdf = publish_table.get("pdf", False)
    if not isinstance(publish_pdf, bool):
        raise CaseFileError(f"{_where(path, _line_of(source, 'pdf'))}: 'pdf' must be true or false (no quotes).")

    policy_table = data.get("policy", {})
    if not isinstance(policy_table, dict):
        raise CaseFileError(f"{_where(path, _line_of(source, 'policy'))}: [policy] must be a table of KIND = \"action\".")
    from redactor.policy import DEFAULTS

    kinds = {label.value: rule for label, rule in DEFAULTS.items()}
    policy: list[tuple[str, str]] = []
    for kind, action in policy_table.items():
        line = _line_of(source, kind)
        if kind not in kinds:
            raise CaseFileError(f"{_where(path, line)}: unknown kind '{kind}' in [policy]; see 'redactor policy' for the kinds.")
        if action not in kinds[kind].allowed:
            allowed = ", ".join(f'"{a}"' for a in kinds[kind].allowed)
            raise CaseFileError(f"{_where(path, line)}: {kind} can be {allowed}, not {action!r}.")
        policy.append((kind, action))
    case = Case(
        name=case_name,
        people=tuple(people),
        keep_terms=terms["keep"],
        redact_terms=terms["redact"],
        path=path,
        keep_large_places=switches["large_places"],
        keep_public_bodies=switches["public_bodies"],
        policy=tuple(policy),
        area=area,
        publish_pdf=publish_pdf,
    )
    _check_pseudonyms(path, source, case)
    return case


def _check_pseudonyms(path: Path, source: str, case: Case) -> None:
    """Refuse pseudonyms that are reused or equal a real name or alias (DOMAIN.md section 3)."""
    real = {n.casefold() for p in case.people for n in (p.name, *p.aliases, *p.name.split())}
    seen: set[str] = set()
    for index, person in enumerate(case.people):
        if person.pseudonym is None:
            continue
        folded = person.pseudonym.casefold()
        line = _line_of(source, "pseudonym", index)
        if folded in real:
            raise CaseFileError(
                f"{_where(path, line)}: a pseudonym equals a real name or alias in this case; "
                "choose another, or verification cannot tell a leak from a pseudonym."
            )
        if folded in seen:
            raise CaseFileError(f"{_where(path, line)}: two people share a pseudonym; give each their own.")
        seen.add(folded)


def case_warnings(case: Case) -> list[str]:
    """Return what the officer should know about the case file before a run, without a name:
    people with no pseudonym of their own, and an alias given to two people."""
    warnings = []
    unnamed = [str(i) for i, person in enumerate(case.people, start=1) if person.pseudonym is None]
    if unnamed:
        warnings.append(
            f"[[person]] {', '.join(unnamed)} (in the order of the case file) "
            f"{'has' if len(unnamed) == 1 else 'have'} no pseudonym: the run gives a label such as "
            "\"Person A\" in order of first appearance, kept in the key from then on; set pseudonym = \"...\" "
            "for each person the report must call by a chosen name."
        )
    owners: dict[str, set[int]] = {}
    for index, person in enumerate(case.people, start=1):
        for alias in person.aliases:
            owners.setdefault(alias.casefold(), set()).add(index)
    for shared in sorted({tuple(sorted(o)) for o in owners.values() if len(o) > 1}):
        warnings.append(
            f"[[person]] {' and '.join(map(str, shared))} share an alias: a mention of it goes to whichever of "
            "them was named nearest, flagged for a check; give it to one of them if it is theirs alone."
        )
    return warnings
