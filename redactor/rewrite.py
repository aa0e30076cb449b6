"""Rewrite: turn spans into edits; only the detected spans change.

The form follows the mention: the possessive stays outside the span, so "Jane's" becomes
"WX's"; a title joins the mention, so "Mrs Doe" becomes "WX"; a name written in capitals gets
its pseudonym in capitals ("JANE DOE" -> "PERSON A"); "James' car" becomes "WX's car". Other kinds
get their typed placeholder ("[phone number]").
"""

from __future__ import annotations

import dataclasses

from redactor.document import ENTITY_LABELS, ENTITY_PLACEHOLDERS, Document, Edit, Label, Span
from redactor.policy import Policy, replacement


def replacement_for(doc: Document, span: Span, policy: Policy | None = None) -> str | None:
    """Return the text that replaces ``span`` in ``doc`` under ``policy`` (None: keep it)."""
    original = doc.span_text(span)
    policy = policy or Policy()
    pseudonym = doc.pseudonyms.get(span.entity_id or "", ENTITY_PLACEHOLDERS[span.label]) if span.label in ENTITY_LABELS else None
    new = replacement(span.label, policy.action(span.label), original, pseudonym)
    if new is not None and span.label in ENTITY_LABELS:
        letters = [ch for ch in original if ch.isalpha()]
        if len(letters) >= 3 and all(ch.isupper() for ch in letters) and not new.isupper():
            return new.upper()
    return new


class Rewrite:
    """Stage: one edit per span, as the case policy says."""

    name = "rewrite"

    def __init__(self, policy: Policy | None = None) -> None:
        self._policy = policy or Policy()

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with ``edits`` for every span, in document order."""
        edits: list[Edit] = []
        for span in doc.spans:
            new = replacement_for(doc, span, self._policy)
            if new is None:
                continue
            start, end = span.start, span.end
            text = doc.segment(span.segment_id).text
            original = text[start:end]
            # "James' car": a bare apostrophe after a name ending in s is a possessive.
            if (
                span.label is Label.PERSON
                and original[-1:] in ("s", "S")
                and text[end : end + 1] in ("'", "’")
                and not text[end + 1 : end + 2].isalnum()
                and not new.endswith(("s", "S"))
            ):
                new, end = new + text[end] + "s", end + 1
            if span.label is Label.DATE_OF_DEATH and new[:1].isalpha() and text[max(0, start - 3) : start] in ("on ", "On "):
                # "died on 12 April 2019" -> "died in April 2019"
                new, start = ("in " if text[start - 3] == "o" else "In ") + new, start - 3
            edits.append(
                Edit(
                    span.segment_id, start, end, new, span.label, span.recognizer, span.score, span.entity_id, span.origin
                )
            )
        return dataclasses.replace(doc, edits=tuple(edits))
