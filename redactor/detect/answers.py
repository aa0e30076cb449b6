"""Stages: what a later line of an interview gives for what was asked or begun before (issue 15).

A recognizer sees one paragraph; in an interview the answer often comes a turn later.

- ``DateOfBirthAnswers``: "INT: And her date of birth?" / "MUM: 03/05/1981." A full date
  (numeric, written or said in words) on the line after a line that asks for a date of birth is
  one, and so is one in the next four speaker turns, or in the four turns after a turn that gave
  one (an interpreter's rendering, a correction, a confirmation: "ER: The fifth of March,
  nineteen eighty-seven." / "HUW: Five, three, eighty-seven."); in such a turn, a day and month
  said without the year too ("Thirtieth of November."). A turn that is only a note in brackets
  ("INT: [interprets]") is not counted. Not handled: a year alone ("1981"), which stays (it is
  no full date of birth).
- ``PhoneNumberParts``: a phone number said in parts, broken off and taken up again ("oh one six
  three two, nine six oh... sorry, nine six oh, seven oh one"), or finished a turn later after
  an interruption ("Four one seven."), and a number's last digits ("the one ending one four
  seven"). Three or more digits said as words, after a phone number on the same line or within
  the next few lines, or after "ending"/"ends in"/"last three digits", are part of a number.
- ``InterpretedAnswers``: an answer said in another language, rendered in English by the
  interpreter on the next turn, is the same identifier (the whole answer).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable

import regex

from redactor.document import Document, Label, Span
from redactor.spoken import may_say_digits, spoken_dates, spoken_days_of_months, spoken_runs

NAME = "dob_answer"
SCORE = 0.8
_ASKS = regex.compile(
    r"(?i)\b(?:dates?\s+of\s+birth|d\.?\s?o\.?\s?b\b|birth\s?date|when\s+was\s+(?:she|he|you|they|her|his)\s+born"
    r"|(?:her|his|your|their)\s+birthday|born\s+when|what\s+year\s+was\s+(?:she|he)\s+born)"
)
#: A short follow-up question after a date of birth was given: "And Lowri's?", "And his?".
_FOLLOW_UP = regex.compile(
    r"(?i)(?:^|[:.!?])\s*(?:and\s+)?(?:[\p{L}'’ ]{0,30}['’]s|his|hers|theirs|yours|(?:your|her|his|their)\s+own)"
    # "And Tariq's, if you know it?", "And your own, so we can keep you apart in the records?"
    r"(?:,[^?\n]{0,60})?\s*\?\s*$"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = regex.compile(
    r"(?i)(?<![\w/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}\.?,?\s+(?:\d{{4}}|['’]\d\d)"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})(?![\w/])"
)


#: How many speaker turns after a question for a date of birth, or after a turn that gave one,
#: still give it (an interpreter between, a correction, a confirmation, "give me a minute" and
#: another's answer to something else).
_ANSWER_TURNS = 4
#: A transcript's turn: a speaker label at the line's start, after an optional time stamp.
_TURN = regex.compile(
    r"^[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*|\(?\d{1,2}:\d{2}(?::\d{2})?\)?[ \t]+)?"
    r"(?:\p{Lu}{1,3}\.|[\p{L}][\p{L} .'’-]{0,30}?[ \t]*:"  # "SA. ", "Q. ", "HUW: ", "Mrs Morgan: "
    r"|\p{Lu}[\p{L}.'’]{0,20}(?:[ ]\p{Lu}[\p{L}.'’]{0,20})?[ \t]+[-–—])[ \t]"  # "SS - ", "Interviewer - "
)


#: A speaker's own line in a speech-to-text export (Teams, Otter): "Helen Yardley   00:01:05",
#: "Speaker 2  12:04"; what they said follows on the next lines.
_HEADER = regex.compile(
    r"[ \t]*[\p{L}][\p{L}\d .'’-]{0,40}?[ \t]{2,}\(?\d{1,2}:\d{2}(?::\d{2})?\)?[ \t]*"
)

#: A question without its question mark, as speech-to-text writes it: "when did you move in there".
_QUESTION_START = regex.compile(
    r"[ \t]*(?i:(?:and|so|ok|okay|right)[ ,]+)?"
    r"(?i:when|where|what|who|whose|why|how|did|does|do|was|were|is|are|can|could|would|have|had)\b"
)

#: A turn that holds only a note in brackets ("INT: [interprets the question]", "MB: [Punjabi]"):
#: it gives no answer and takes none of the turns an answer may come in.
_NOTE_ONLY = regex.compile(r"[ \t]*(?:\[[^\]\n]*\][ \t.]*)+$")


def _is_question(line: str) -> bool:
    """Say whether a line asks rather than tells: a question mark, a colon at its end, or no
    full date of its own ("INT: And her date of birth?", "Can I have her date of birth please.");
    not a report's sentence that gives one ("...her date of birth, 12/03/1984, and address.")."""
    return "?" in line or line.rstrip().endswith(":") or not _dates(line)


def _dates(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _DATE.finditer(line)] + spoken_dates(line)


def _answered_dates(line: str) -> list[tuple[int, int]]:
    """The dates an answer gives: full dates, and a day and month said without the year ("SS -
    Thirtieth of November. St Andrew's Day.")."""
    full = _dates(line)
    return full + [(s, e) for s, e in spoken_days_of_months(line) if not any(a <= s < b for a, b in full)]


def _lines(doc: Document) -> list[tuple[str, int, str]]:
    """Return the document's non-blank lines in order: (segment id, offset in it, line)."""
    lines: list[tuple[str, int, str]] = []
    for seg in doc.segments:
        offset = 0
        for line in seg.text.split("\n"):
            if line.strip():
                lines.append((seg.id, offset, line))
            offset += len(line) + 1
    return lines


class DateOfBirthAnswers:
    """Stage: mark the full dates on the line after a line that asks for a date of birth."""

    name = "dob_answers"

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with those dates as DATE_OF_BIRTH spans."""
        lines = _lines(doc)
        taken = {(s.segment_id, s.start) for s in doc.spans if s.label is Label.DATE_OF_BIRTH}
        added = []
        dobs = [s for s in doc.spans if s.label is Label.DATE_OF_BIRTH]
        had_dob = [any(s.segment_id == sid and off <= s.start < off + len(text) for s in dobs) for sid, off, text in lines]
        turns_left = 0  # speaker turns after a question or a date of birth whose dates are dates of birth too
        headers = [bool(_HEADER.fullmatch(text)) for _sid, _off, text in lines]
        for i in range(1, len(lines)):
            if headers[i]:
                continue
            # A speech-to-text export puts each speaker on a line of their own ("Speaker 2   00:01:08"):
            # the line before that is what was said before, and the line after it opens a turn.
            after_header = headers[i - 1]
            before = i - 2 if after_header else i - 1
            if before < 0:
                continue
            previous = lines[before][2]
            seg_id, offset, line = lines[i]
            # "And Lowri's?" right after a date of birth was given asks for another one.
            follow_up = before >= 1 and had_dob[before - 1] and _FOLLOW_UP.search(previous)
            asked = bool(_ASKS.search(previous) and _is_question(previous)) or bool(follow_up)
            if asked:
                turns_left = _ANSWER_TURNS
            label = _TURN.match(line)
            turn = (bool(label) or after_header) and not _NOTE_ONLY.fullmatch(line, label.end() if label else 0)
            if asked or turn and turns_left > 0:
                for start, end in _answered_dates(line):
                    had_dob[i] = True
                    if (seg_id, offset + start) not in taken:
                        added.append(Span(seg_id, offset + start, offset + end, Label.DATE_OF_BIRTH, NAME, SCORE))
            if turn:
                # An interpreter's rendering, a correction or a confirmation follows a date of
                # birth given in a turn: "ER: The fifth of March..." / "HUW: Five, three, eighty-seven."
                # Another question ends it: "INT: And when did she move?" asks for another date.
                said = line[label.end():] if label else line
                asks_other = ("?" in line or bool(_QUESTION_START.match(said))) and not _ASKS.search(line)
                turns_left = 0 if asks_other else _ANSWER_TURNS if had_dob[i] else turns_left - 1
        if not added:
            return doc
        return dataclasses.replace(doc, spans=doc.spans + tuple(added))


PARTS_NAME = "phone_number_parts"
#: How many lines after a phone number its rest may come (an interruption, a drink offered).
_PARTS_LINES = 3
#: A number's last digits: "the one ending one four seven", "ends in", "last three digits are".
_ENDING = regex.compile(
    r"(?i)(?:\bend(?:ing|s|ed)(?:\s+(?:in|with))?|\blast\s+(?:three|four|few|3|4)\s+(?:digits|numbers)(?:\s+(?:are|is|were))?)"
    r"[\s:,\-]*$"
)


#: What a number taken up again follows: a clause's or a turn's end ("...: ", ", ", ". ").
_CLAUSE_END = frozenset(".,;:!?-–—…")
#: A sentence's end: a group never runs over it ("one four seven. Three kids").
_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=\p{Lu})")


def _digit_groups(text: str) -> list[tuple[int, int]]:
    """Where three or more digits are said as words ("four one seven", "nine double oh")."""
    if not may_say_digits(text):
        return []
    groups, start = [], 0
    for piece in [*_SENTENCE_END.split(text)]:
        start = text.index(piece, start)
        groups += [(start + r.start, start + r.end) for r in spoken_runs(piece, min_length=3) if r.spoken and r.value.isdigit()]
        start += len(piece)
    return groups


#: What stands between a number said wrong and its correction: "... no, sorry, ", "and... no sorry, ",
#: "... I mean ". A correction on the same line is covered with the number, as one span.
_CORRECTION_GAP = regex.compile(
    r"(?i)(?:[\s.,;:!?…\-–—]|\b(?:no|sorry|wait|hang[ ]on|I[ ]mean|er|erm|um|uh|not|and|actually|oops)\b)*"
)


class PhoneNumberParts:
    """Stage: mark the parts of a phone number said apart from where it was found."""

    name = "phone_number_parts"

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with those parts as PHONE_NUMBER spans."""
        phones = [s for s in doc.spans if s.label is Label.PHONE_NUMBER]
        lines = _lines(doc)
        added: list[Span] = []
        last_phone_line = -_PARTS_LINES - 1
        for index, (seg_id, offset, line) in enumerate(lines):
            ends = [
                s.end - offset for s in (*phones, *added) if s.segment_id == seg_id and offset <= s.start < offset + len(line)
            ]
            after = max(ends) if ends else (0 if index - last_phone_line <= _PARTS_LINES else len(line) + 1)
            for start, end in _digit_groups(line):
                before = line[:start].rstrip()
                if _ENDING.search(before):
                    pass  # "the one ending one four seven"
                elif start < after or (before and before[-1] not in _CLAUSE_END):
                    continue  # a number goes on at a clause's start: "Four one seven.", not "Room one two three"
                previous = max((e for e in ends if e <= start), default=None)
                if previous is not None and start - previous <= 40 and _CORRECTION_GAP.fullmatch(line, previous, start):
                    # "four one nine... no sorry, four nine one": the words of the correction go with the number.
                    start = next((i for i in range(previous, start) if line[i].isalnum()), start)
                span = Span(seg_id, offset + start, offset + end, Label.PHONE_NUMBER, PARTS_NAME, SCORE)
                if not any(s.segment_id == seg_id and s.start < span.end and span.start < s.end for s in doc.spans):
                    added.append(span)
                    ends.append(end)
            if ends:
                last_phone_line = index
        if not added:
            return doc
        return dataclasses.replace(doc, spans=doc.spans + tuple(added))


INTERPRETED_NAME = "interpreted_answer"
#: The kinds an interpreter renders from an answer in another language (a name is found alone).
_RENDERED = frozenset({Label.DATE_OF_BIRTH, Label.PHONE_NUMBER, Label.UK_POSTCODE, Label.UK_NINO, Label.UK_NHS})
#: A note in brackets inside a turn: "[Polish]", "[in Welsh, reading from a card]".
_BRACKETED = regex.compile(r"\[[^\]\n]*\]")
_WORD = regex.compile(r"\p{L}+")


class InterpretedAnswers:
    """Stage: an answer said in another language, whose interpreter gives it in English on the
    next turn ("AW: Piętnasty marca, osiemdziesiąty piąty." / "Interpreter: Fifteenth of March,
    nineteen eighty-five."), is the same date of birth, phone number, postcode, NI or NHS number:
    the whole answer, its notes in brackets aside. A turn is in another language when at most a
    third of its words are English ones. Numbers in other languages are not read; this is how a
    transcript with an interpreter gives them away."""

    name = "interpreted_answers"

    def __init__(self, is_word: Callable[[str], bool]) -> None:
        self._is_word = is_word

    def _foreign(self, said: str) -> bool:
        words = _WORD.findall(_BRACKETED.sub(" ", said))
        return len(words) >= 2 and sum(self._is_word(w) for w in words) * 3 <= len(words)

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with such answers marked as their rendering is."""
        lines = _lines(doc)
        turns = [(i, label) for i, (_sid, _off, text) in enumerate(lines) if (label := _TURN.match(text))]
        if len(turns) < 2:
            return doc
        # The kinds found on each line, by (segment, line offset): each span looked at once.
        starts: dict[str, list[int]] = {}
        for seg_id, offset, _line in lines:
            starts.setdefault(seg_id, []).append(offset)
        found: dict[tuple[str, int], list[Label]] = {}
        for s in doc.spans:
            if s.label in _RENDERED and s.segment_id in starts:
                offsets = starts[s.segment_id]
                at = bisect.bisect_right(offsets, s.start) - 1
                if at >= 0:
                    found.setdefault((s.segment_id, offsets[at]), []).append(s.label)
        added: list[Span] = []
        for (i, label), (j, _next_label) in zip(turns, turns[1:], strict=False):
            if j != i + 1:
                continue
            seg_id, offset, line = lines[i]
            kinds = found.get((lines[j][0], lines[j][1]), [])
            if not kinds or (seg_id, offset) in found:
                continue  # nothing rendered, or the answer already holds it
            said = line[label.end() :]
            if not self._foreign(said):
                continue
            start = label.end() + len(said) - len(said.lstrip())
            notes = _BRACKETED.match(line, start)
            while notes is not None:  # "[in Welsh] Y pumed o Fawrth...": the note is no answer
                start = notes.end() + len(line[notes.end() :]) - len(line[notes.end() :].lstrip())
                notes = _BRACKETED.match(line, start)
            end = len(line.rstrip(" \t.…"))
            if end > start:
                added.append(Span(seg_id, offset + start, offset + end, kinds[0], INTERPRETED_NAME, SCORE))
        if not added:
            return doc
        return dataclasses.replace(doc, spans=doc.spans + tuple(added))
