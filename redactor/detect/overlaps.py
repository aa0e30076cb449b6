"""Resolve: overlapping spans merge into their union, labelled by the most trusted span.

Over-redaction is the safe side: two overlapping detections become one span covering both. The
label, recognizer and entity come from the most trusted member: case-file and key matches first,
then validated patterns, then titled names, then spaCy's guesses (a phone number must never be
treated as a date or a name).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from redactor.document import Document, Span

#: Higher wins. Anything not listed is a validated pattern recognizer (rank 2).
_RANK = {"case_file": 4, "registry": 3, "titled_name": 1, "propagated": 1, "spacy_ner": 0}


def rank(span: Span) -> tuple[int, float, int]:
    """Order spans by trust: recognizer tier, then score, then length."""
    return (_RANK.get(span.recognizer, 2), span.score, span.end - span.start)


def merge_into_unions(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Merge overlapping spans of each segment into unions; return them sorted by position."""
    by_segment: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        by_segment[span.segment_id].append(span)
    merged: list[Span] = []
    for segment_id in by_segment:
        group: list[Span] = []
        group_end = -1
        for span in sorted(by_segment[segment_id], key=lambda s: (s.start, -s.end)):
            if group and span.start < group_end:
                group.append(span)
                group_end = max(group_end, span.end)
                continue
            if group:
                merged.append(_union(group))
            group, group_end = [span], span.end
        if group:
            merged.append(_union(group))
    order = {seg_id: i for i, seg_id in enumerate(by_segment)}
    return tuple(sorted(merged, key=lambda s: (order[s.segment_id], s.start)))


def _union(group: list[Span]) -> Span:
    best = max(group, key=rank)
    return dataclasses.replace(
        best, start=min(s.start for s in group), end=max(s.end for s in group)
    )


class ResolveOverlaps:
    """Stage: overlapping spans become their union."""

    name = "resolve"

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with its spans merged."""
        return dataclasses.replace(doc, spans=merge_into_unions(doc.spans))
