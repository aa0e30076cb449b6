"""Stage: a date that answers a question about a date of birth is a date of birth (issue 15).

In an interview the date often comes a turn after the question: "INT: And her date of birth?" /
"MUM: 03/05/1981." A recognizer sees one paragraph and no cue near the date; this stage reads
the document's lines in order and marks a full date (numeric, written or said in words) on the
line after a line that asks for a date of birth. Not handled: an answer two turns later, a
year alone ("1981"), which stays (it is no full date of birth).
"""

from __future__ import annotations

import dataclasses

import regex

from redactor.document import Document, Label, Span
from redactor.spoken import spoken_dates

NAME = "dob_answer"
SCORE = 0.8
_ASKS = regex.compile(
    r"(?i)\b(?:date\s+of\s+birth|d\.?\s?o\.?\s?b\b|birth\s?date|when\s+was\s+(?:she|he|you|they|her|his)\s+born"
    r"|(?:her|his|your|their)\s+birthday|born\s+when|what\s+year\s+was\s+(?:she|he)\s+born)"
)
#: A short follow-up question after a date of birth was given: "And Lowri's?", "And his?".
_FOLLOW_UP = regex.compile(r"(?i)(?:^|[:.!?])\s*(?:and\s+)?(?:[\p{L}'’ ]{0,30}['’]s|his|hers|theirs|yours)\s*\?\s*$")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = regex.compile(
    r"(?i)(?<![\w/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}\.?,?\s+(?:\d{{4}}|['’]\d\d)"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})(?![\w/])"
)


def _is_question(line: str) -> bool:
    """Say whether a line asks rather than tells: a question mark, a colon at its end, or no
    full date of its own ("INT: And her date of birth?", "Can I have her date of birth please.");
    not a report's sentence that gives one ("...her date of birth, 12/03/1984, and address.")."""
    return "?" in line or line.rstrip().endswith(":") or not _dates(line)


def _dates(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _DATE.finditer(line)] + spoken_dates(line)


class DateOfBirthAnswers:
    """Stage: mark the full dates on the line after a line that asks for a date of birth."""

    name = "dob_answers"

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with those dates as DATE_OF_BIRTH spans."""
        lines: list[tuple[str, int, str]] = []  # (segment id, offset, line), blank lines dropped
        for seg in doc.segments:
            offset = 0
            for line in seg.text.split("\n"):
                if line.strip():
                    lines.append((seg.id, offset, line))
                offset += len(line) + 1
        taken = {(s.segment_id, s.start) for s in doc.spans if s.label is Label.DATE_OF_BIRTH}
        added = []
        dobs = [s for s in doc.spans if s.label is Label.DATE_OF_BIRTH]
        had_dob = [any(s.segment_id == sid and off <= s.start < off + len(text) for s in dobs) for sid, off, text in lines]
        for i in range(1, len(lines)):
            previous = lines[i - 1][2]
            seg_id, offset, line = lines[i]
            # "And Lowri's?" right after a date of birth was given asks for another one.
            follow_up = i >= 2 and had_dob[i - 2] and _FOLLOW_UP.search(previous)
            if not ((_ASKS.search(previous) and _is_question(previous)) or follow_up):
                continue
            for start, end in _dates(line):
                had_dob[i] = True
                if (seg_id, offset + start) not in taken:
                    added.append(Span(seg_id, offset + start, offset + end, Label.DATE_OF_BIRTH, NAME, SCORE))
        if not added:
            return doc
        return dataclasses.replace(doc, spans=doc.spans + tuple(added))
