"""Dates of birth in text tables whose header names the column ("| Name | DOB | Address |")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from presidio_analyzer import EntityRecognizer, RecognizerResult

from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import make_result
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

#: A header cell that names a date of birth, alone or beside other fields ("DOB / identifiers",
#: "Date of birth (age)"); a cell with a digit is data ("born 03/04/2010").
_HEADER = re.compile(r"^\D*\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s?date|born)\b\D*$", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+(?:\d{4}|['’]\d\d)"  # 1 Feb 1961, 1 Feb '61
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # 19870611, as some systems export it
    r"|[A-Z][a-z]{2,8}\.?\s+\d{4})(?!\w)"
)
_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")  # the |---|:---:| line under a Markdown header


@register
class TableDateOfBirthRecognizer(EntityRecognizer):
    """A date in the column of a pipe table whose header cell reads DOB or "Date of birth".

    Works on Markdown and plain-text tables (one row per line, cells split by "|"). Not handled:
    Word tables (each cell is read on its own, so the header is not in the same text), and
    tables laid out with spaces or tabs.
    """

    SHOULD_MATCH = (
        ("| Name | DOB | Address |\n|---|---|---|\n| Adult A | 09/11/1990 | [address] |", "09/11/1990"),
        ("| Subject | Date of birth |\n|---|---|\n| Victim | 3 November 1984 |", "3 November 1984"),
        ("Name | D.O.B. | Role\nA | 1985-03-12 | victim", "1985-03-12"),
        ("| Person | DOB |\n| --- | --- |\n| P1 | 12.03.85 |\n| P2 | 7 May 1979 |", "7 May 1979"),
        ("| Role | Born |\n|--|--|\n| Son | March 2009 |", "March 2009"),
        ("| Name | Relationship | DOB / identifiers |\n|---|---|---|\n| Adult A | Victim | 17/06/1989; NHS 999 |", "17/06/1989"),
        ("| DOB | Name |\n|---|---|\n| 01/02/2003 | Child 1 |", "01/02/2003"),
        ("| Name | DOB |\n|---|---|\n| Mother | 1 Feb '61 |\n| Brother | 19870611 |", "1 Feb '61"),
        ("| Name | DOB |\n|---|---|\n| Mother | 1 Feb '61 |\n| Brother | 19870611 |", "19870611"),
    )
    SHOULD_NOT_MATCH = (
        "| Date | Event |\n|---|---|\n| 09/11/2020 | Police called |",
        "| Name | DOB |\n|---|---|\n| Adult A | not known |",
        "The DOB was checked on 09/11/2020 by the GP practice.",
        "| Action | Target date |\n|---|---|\n| Training | March 2024 |",
        "| DOB | Name |\n|---|---|\n| withheld | Child 1 |",
        "| Name | Note |\n|---|---|\n| Son | born 2010, moved 03/04/2019 |\n| Daughter | 05/06/2020 seen |",
    )

    def __init__(self) -> None:
        super().__init__(supported_entities=[Label.DATE_OF_BIRTH.value], name="table_date_of_birth")

    def load(self) -> None:  # noqa: D102 - nothing to load
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Find dates in DOB columns of each pipe table in ``text``."""
        if "|" not in text:
            return []
        results: list[RecognizerResult] = []
        columns: list[int] = []
        offset = 0
        for line in text.splitlines(keepends=True):
            cells = _cells(line, offset)
            offset += len(line)
            if len(cells) < 2:
                columns = []
                continue
            if _RULE.match(line):
                continue
            header = [i for i, (_s, _e, cell) in enumerate(cells) if _HEADER.match(cell)]
            if header:
                columns = header
                continue
            for index in columns:
                if index < len(cells):
                    start, _end, cell = cells[index]
                    for date in _DATE.finditer(cell):
                        begin, end = start + date.start(), start + date.end()
                        results.append(make_result(self, Label.DATE_OF_BIRTH.value, begin, end, 0.9, "dob_column"))
        return results


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    """Split a table row into ``(start, end, text)`` cells with offsets into the whole text."""
    if line.count("|") < 1:
        return []
    cells = []
    pos = 0
    body = line.rstrip("\r\n")
    for part in body.split("|"):
        cells.append((offset + pos, offset + pos + len(part), part))
        pos += len(part) + 1
    if body.lstrip().startswith("|"):
        cells = cells[1:]
    if body.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells
