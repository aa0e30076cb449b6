"""Spans: their order of trust, and the merge of overlapping spans into their union.

Pure code over ``Span`` values, shared by the resolve stage (``redactor.detect.overlaps``) and
linking, which merges again once it has added the mentions it found.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from redactor.document import Origin, Span

#: Higher wins. Any other detection is a validated pattern recognizer's, and any other origin
#: (a near spelling) ranks with them (2); a shared name left neutral gives way to anything that
#: says whose it is.
_ORIGIN_RANK = {Origin.CASE_FILE: 4, Origin.REGISTRY: 3, Origin.PROPAGATED: 1, Origin.SHARED_NAME: -1}
_DETECTOR_RANK = {"titled_name": 1, "spacy_ner": 0}


def rank(span: Span) -> tuple[int, float, int]:
    """Order spans by trust: origin or recognizer tier, then score, then length."""
    if span.origin is Origin.DETECTED:
        tier = _DETECTOR_RANK.get(span.recognizer, 2)
    else:
        tier = _ORIGIN_RANK.get(span.origin, 2)
    return (tier, span.score, span.end - span.start)


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
