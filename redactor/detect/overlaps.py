"""Resolve: overlapping spans merge into their union, labelled by the most trusted span.

Over-redaction is the safe side: two overlapping detections become one span covering both. The
label, recognizer and entity come from the most trusted member: case-file and key matches first,
then validated patterns, then titled names, then spaCy's guesses (a phone number must never be
treated as a date or a name).
"""

from __future__ import annotations

import dataclasses

from redactor.document import Document
from redactor.spans import merge_into_unions, rank

__all__ = ["ResolveOverlaps", "merge_into_unions", "rank"]


class ResolveOverlaps:
    """Stage: overlapping spans become their union."""

    name = "resolve"

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with its spans merged."""
        return dataclasses.replace(doc, spans=merge_into_unions(doc.spans))
