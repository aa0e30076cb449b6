"""Sorted intervals per segment: "is [start, end) inside one of them?" in logarithmic time.

Stages ask this for every span or word of a document; a linear scan made one long paragraph
quadratic (a 100,000-word transcript took minutes).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Intervals:
    """Sorted intervals of one segment, answering "does one of them contain [start, end)?" in log time."""

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(intervals)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among intervals starting at or before each
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    @classmethod
    def by_segment(cls, items: Iterable[tuple[str, int, int]]) -> dict[str, Intervals]:
        grouped: dict[str, list[tuple[int, int]]] = {}
        for segment_id, start, end in items:
            grouped.setdefault(segment_id, []).append((start, end))
        return {segment_id: cls(intervals) for segment_id, intervals in grouped.items()}

    def covers(self, start: int, end: int) -> bool:
        """Say whether one interval starts at or before ``start`` and ends at or after ``end``."""
        index = bisect.bisect_right(self._starts, start)
        return index > 0 and self._reach[index - 1] >= end
