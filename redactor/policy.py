"""Policies: what happens to each kind of identifier (DOMAIN.md section 2), per case.

Four actions: ``pseudonymise`` (one consistent pseudonym per person, place or organisation),
``label`` (a typed placeholder such as ``[phone number]``), ``generalise`` (a date of death
becomes its month and year, an age a ten-year band) and ``keep`` (left as written, recorded in
the audit log). A case file overrides a default with ``[policy] KIND = "action"``;
``redactor policy`` lists the defaults with their reasons.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping

from redactor.document import ENTITY_LABELS, ENTITY_PLACEHOLDERS, PLACEHOLDERS, Document, Label, Origin

ACTIONS = ("pseudonymise", "label", "generalise", "keep")


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    """The default action for one kind, the actions a case may choose, and why."""

    action: str
    allowed: tuple[str, ...]
    reason: str


_ENTITY = ("pseudonymise", "label", "keep")
# Keeping every person's name would defeat the tool; a name kept on purpose goes in [keep] terms
# or is rejected in decisions.toml.
_PEOPLE = ("pseudonymise", "label")
_DIRECT = ("label", "keep")
DEFAULTS: Mapping[Label, Rule] = {
    Label.PERSON: Rule("pseudonymise", _PEOPLE, "one consistent pseudonym per person across the case; the officer's choice wins"),
    Label.LOCATION: Rule(
        "pseudonymise", _ENTITY, "towns, streets and estates below the CSP area identify people; large places are kept by [keep]"
    ),
    Label.ORGANIZATION: Rule(
        "pseudonymise", _ENTITY, "workplaces, schools, pubs and clubs identify people; public bodies are kept by [keep]"
    ),
    Label.ADDRESS: Rule("label", _DIRECT, "addresses are direct identifiers: removed"),
    Label.UK_POSTCODE: Rule("label", _DIRECT, "full and partial postcodes are removed"),
    Label.PHONE_NUMBER: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.EMAIL_ADDRESS: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.UK_NHS: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.UK_NINO: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.DRIVING_LICENCE: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.VEHICLE_REGISTRATION: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.PNC_ID: Rule("label", _DIRECT, "police references link the case to police records: removed"),
    Label.POLICE_REFERENCE: Rule("label", _DIRECT, "police and court references link the case to records: removed"),
    Label.PRISON_NUMBER: Rule("label", _DIRECT, "links the case to prison records: removed"),
    Label.COLLAR_NUMBER: Rule("label", _DIRECT, "identifies an officer: removed"),
    Label.BANK_DETAILS: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.URL: Rule("label", _DIRECT, "web addresses and profiles identify people (gov.uk and nhs.uk are allowed)"),
    Label.SOCIAL_MEDIA_HANDLE: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.IP_ADDRESS: Rule("label", _DIRECT, "direct identifier: removed"),
    Label.PRISON: Rule("label", _DIRECT, "a named prison narrows down the perpetrator; 'a prison' keeps the meaning"),
    Label.DATE_OF_BIRTH: Rule("label", _DIRECT, "never published, not even as 'born March 1980'; ages stay"),
    Label.DATE_OF_DEATH: Rule(
        "generalise", ("generalise", "label", "keep"), "month and year ('April 2019') keep the chronology readable"
    ),
    Label.AGE: Rule(
        "keep", ("keep", "generalise", "label"), "the QA Panel asks for equality analysis; 'generalise' gives a ten-year band"
    ),
    Label.CUSTOM: Rule("label", ("label",), "the case file says to always redact these terms"),
}


class Policy:
    """The actions in force for one case: the defaults, overridden by the case file."""

    def __init__(self, overrides: Mapping[Label, str] | None = None) -> None:
        self._actions = {label: rule.action for label, rule in DEFAULTS.items()}
        for label, action in (overrides or {}).items():
            if action not in DEFAULTS[label].allowed:
                raise ValueError(f"{label.value}: '{action}' is not allowed; choose one of {', '.join(DEFAULTS[label].allowed)}")
            self._actions[label] = action

    def action(self, label: Label) -> str:
        """Return the action for ``label``."""
        return self._actions.get(label, "label")

    def items(self) -> list[tuple[Label, str]]:
        """Return every kind with its action, in the order of DEFAULTS."""
        return [(label, self._actions[label]) for label in DEFAULTS]

    def changed(self) -> dict[str, str]:
        """Return the kinds whose action differs from the default."""
        return {label.value: action for label, action in self.items() if action != DEFAULTS[label].action}


_MONTHS = ("January February March April May June July August September October November December").split()
_MONTH_ABBR = {m[:3].lower(): i + 1 for i, m in enumerate(_MONTHS)}
_DATE_PATTERNS = (
    (re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})"), "dmy_text"),
    (re.compile(r"(?P<m>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"), "mdy_text"),
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"), "iso"),
    (re.compile(r"(?P<d>\d{1,2})([/.\-])(?P<m>\d{1,2})\2(?P<y>\d{4}|\d{2})"), "dmy_numeric"),
)


def month_and_year(text: str) -> str | None:
    """Return "April 2019" for a full date such as "12th April 2019" or "12/04/2019", else None."""
    for pattern, _kind in _DATE_PATTERNS:
        match = pattern.fullmatch(text.strip())
        if not match:
            continue
        month_text = match.group("m")
        month = int(month_text) if month_text.isdigit() else _MONTH_ABBR.get(month_text[:3].lower())
        year = int(match.group("y"))
        if year < 100:
            year += 2000 if year <= dt.date.today().year % 100 else 1900
        if month is None or not 1 <= month <= 12:
            return None
        return f"{_MONTHS[month - 1]} {year}"
    return None


def age_band(text: str) -> str | None:
    """Return "30–39" for "34"; "under 10" for ages below ten."""
    if not text.strip().isdigit():
        return None
    age = int(text)
    if age < 10:
        return "under 10"
    low = age // 10 * 10
    return f"{low}–{low + 9}"


def replacement(label: Label, action: str, original: str, pseudonym: str | None) -> str | None:
    """Return the replacement of ``original`` under ``action``; None means keep it as written."""
    if action == "keep":
        return None
    if action == "pseudonymise" and label in ENTITY_LABELS and pseudonym:
        return pseudonym
    if action == "generalise":
        general = month_and_year(original) if label is Label.DATE_OF_DEATH else age_band(original) if label is Label.AGE else None
        if general is not None:
            return general
    if label in ENTITY_LABELS:
        return ENTITY_PLACEHOLDERS[label]
    return PLACEHOLDERS.get(label, "[redacted]")


class KeepByPolicy:
    """Stage: move spans whose kind the policy keeps to ``kept`` (before linking, so that they
    are neither propagated nor scanned for)."""

    name = "policy"

    def __init__(self, policy: Policy) -> None:
        self._policy = policy

    def run(self, doc: Document) -> Document:
        """Return ``doc`` without the spans the policy keeps."""
        keep = [s for s in doc.spans if self._policy.action(s.label) == "keep"]
        if not keep:
            return doc
        spans = tuple(s for s in doc.spans if self._policy.action(s.label) != "keep")
        kept = doc.kept + tuple(dataclasses.replace(s, origin=Origin.POLICY) for s in keep)
        return dataclasses.replace(doc, spans=spans, kept=kept)


_FULL_DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b"
)


#: A table header cell that names an age column: "Age", "Age at death", "Age (years)", "Ages".
_AGE_HEADER = re.compile(r"\s*ages?\b[^\n]{0,30}", re.IGNORECASE)
#: A cell that is a plausible age: "34", "34 years", "34 yrs old".
_AGE_CELL = re.compile(r"\s*(?P<n>\d{1,3})(?:\s*(?:years?|yrs?)(?:\s+old)?)?\s*\.?\s*", re.IGNORECASE)
#: Ages in prose: "aged 34", "age 34", "age: 34", "34-year-old", "34 years old".
_AGE_PROSE = re.compile(
    r"\bage(?:d)?\s*:?\s+(?P<a>\d{1,3})\b|\b(?P<b>\d{1,3})[\s-]*(?:year|yr)s?[\s-]*old\b", re.IGNORECASE
)


def _plausible_age(text: str) -> bool:
    match = _AGE_CELL.fullmatch(text)
    return match is not None and int(match.group("n")) <= 120


def _table_age_cells(doc: Document) -> list[tuple[str, int, int]]:
    """Return ``(segment id, start, end)`` of each cell under an "Age" header that holds an age.

    Word tables come from the places the reader recorded (row 1 is the header row); a Markdown
    table is one segment whose rows ``Place.rows`` gives. Nested tables are not looked into.
    """
    cells: list[tuple[str, int, int]] = []
    word: dict[tuple[str, int], dict[tuple[int, int], str]] = {}
    for seg in doc.segments:
        place = doc.places.get(seg.id)
        if place is None or place.table is None or place.nested:
            continue
        if place.rows:
            cells += _markdown_age_cells(seg.id, seg.text, place.rows)
        elif place.row is not None and place.column is not None:
            table = word.setdefault((seg.id.split("/p/", 1)[0], place.table), {})
            table.setdefault((place.row, place.column), seg.id)
    for table in word.values():
        columns = {c for (r, c), sid in table.items() if r == 1 and _AGE_HEADER.fullmatch(doc.segment(sid).text)}
        for (r, c), sid in table.items():
            if r > 1 and c in columns and _plausible_age(text := doc.segment(sid).text):
                cells.append((sid, 0, len(text)))
    return cells


def _row_cells(text: str, start: int) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each cell of the Markdown table row that starts at ``start``
    (escaped pipes, ``\\|``, are not told apart)."""
    end = text.find("\n", start)
    line = text[start : len(text) if end < 0 else end].rstrip("\r")
    bars = [start + i for i, char in enumerate(line) if char == "|"]
    lead = [] if line.lstrip().startswith("|") else [start - 1]
    tail = [] if line.rstrip().endswith("|") else [start + len(line)]
    bounds = [*lead, *bars, *tail]
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _markdown_age_cells(segment_id: str, text: str, rows: tuple[int, ...]) -> list[tuple[str, int, int]]:
    header = _row_cells(text, rows[0])
    columns = [i for i, (a, b) in enumerate(header) if _AGE_HEADER.fullmatch(text[a:b].strip())]
    cells = []
    for start in rows[1:]:
        row = _row_cells(text, start)
        for i in columns:
            if i < len(row) and _plausible_age(text[row[i][0] : row[i][1]]):
                cells.append((segment_id, row[i][0], row[i][1]))
    return cells


def residual_risks(doc: Document) -> dict[str, int]:
    """Count what stays in ``doc``'s published text that a motivated intruder could use:
    full dates (the chronology; DOMAIN.md keeps them and asks for them to be listed) and ages.

    Ages are those kept by policy, the cells of a table column headed "Age" (or "Age at death",
    "Age (years)") that hold an age, and ages in prose that no detector kept ("aged 34",
    "34-year-old"), each once: a place an edit replaced or a kept span covers is not counted
    again. Counts only, never the text.
    """
    edited: dict[str, list[tuple[int, int]]] = {}
    for edit in doc.edits:
        edited.setdefault(edit.segment_id, []).append((edit.start, edit.end))
    dates = 0
    for seg in doc.segments:
        spans = edited.get(seg.id, [])
        for match in _FULL_DATE.finditer(seg.text):
            if not any(s < match.end() and match.start() < e for s, e in spans):
                dates += 1
    kept_ages = [span for span in doc.kept if span.label is Label.AGE]
    covered: dict[str, list[tuple[int, int]]] = {}
    for sid, spans in edited.items():
        covered.setdefault(sid, []).extend(spans)
    for span in doc.kept:
        covered.setdefault(span.segment_id, []).append((span.start, span.end))

    def new(segment_id: str, start: int, end: int) -> bool:
        if any(s < end and start < e for s, e in covered.get(segment_id, ())):
            return False
        covered.setdefault(segment_id, []).append((start, end))
        return True

    ages = len(kept_ages)
    ages += sum(1 for cell in _table_age_cells(doc) if new(*cell))
    for seg in doc.segments:
        for match in _AGE_PROSE.finditer(seg.text):
            group = "a" if match.group("a") else "b"
            if int(match.group(group)) <= 120 and new(seg.id, match.start(group), match.end(group)):
                ages += 1
    return {"full date(s) kept": dates, "age(s) kept": ages}
