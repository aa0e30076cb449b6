"""Resolve: overlapping spans merge into their union, labelled by the most trusted span.

Over-redaction is the safe side: two overlapping detections become one span covering both. The
label, recognizer and entity come from the most trusted member: case-file and key matches first,
then validated patterns, then titled names, then spaCy's guesses (a phone number must never be
treated as a date or a name).

A first name at the end of a line and a surname at the start of the next, each found alone
("Siobhan" / "McGrath"), are one name broken over the line, and become one span: linking then
knows them as one person.
"""

from __future__ import annotations

import dataclasses
import re

from redactor.detect.gazetteer import is_first_name
from redactor.document import Document, Label, Span
from redactor.spans import merge_into_unions, rank

#: Only a line break (and spaces) between the two words.
_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")

__all__ = ["ResolveOverlaps", "merge_into_unions", "rank"]


class ResolveOverlaps:
    """Stage: overlapping spans become their union."""

    name = "resolve"

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with its spans merged, names broken over a line joined."""
        spans = _cut_at_listed_names(doc, doc.spans)
        return dataclasses.replace(doc, spans=_join_broken_names(doc, merge_into_unions(spans)))


def _cut_at_listed_names(doc: Document, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """End a model's place or body guess before a comma that a name found on its own follows:
    "Malc, Stevie's dad" is two people listed, never one firm "Malc, Stevie" (whose union with
    the name "Stevie" would read as a surname first, "Malc" the surname)."""
    people = {(s.segment_id, s.start) for s in spans if s.label is Label.PERSON and s.recognizer != "spacy_ner"}
    if not people:
        return spans
    out: list[Span] = []
    for span in spans:
        if span.label is not Label.PERSON and span.recognizer == "spacy_ner":
            text = doc.segment(span.segment_id).text
            for comma in _COMMA.finditer(text, span.start, span.end):
                if (span.segment_id, comma.end()) in people and comma.start() > span.start:
                    span = dataclasses.replace(span, end=comma.start())
                    break
        out.append(span)
    return tuple(out)


#: A comma and the space after it, inside a span.
_COMMA = re.compile(r",[ ]+")


def _join_broken_names(doc: Document, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Join a one-word first name ending a line to a one-word capitalised name opening the next."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last is not None and last.segment_id == span.segment_id
            and last.label is Label.PERSON and span.label is Label.PERSON
            and not last.entity_id and not span.entity_id
        ):
            text = doc.segment(span.segment_id).text
            first, second = text[last.start : last.end], text[span.start : span.end]
            if (
                _LINE_BREAK.fullmatch(text, last.end, span.start) and first.isalpha() and is_first_name(first)
                and second[:1].isupper() and " " not in second.strip()
            ):
                out[-1] = dataclasses.replace(max((last, span), key=rank), start=last.start, end=span.end)
                continue
        out.append(span)
    return tuple(out)
