"""Rewrite: turn spans into edits; only the detected spans change.

The form follows the mention: the possessive stays outside the span, so "Jane's" becomes
"WX's"; a title joins the mention, so "Mrs Doe" becomes "WX"; a name written in capitals gets
its pseudonym in capitals ("JANE DOE" -> "PERSON A"); "James' car" becomes "WX's car". Other kinds
get their typed placeholder ("[phone number]").
"""

from __future__ import annotations

import dataclasses

from redactor.document import ENTITY_LABELS, PLACEHOLDERS, Document, Edit, Label, Span

#: Used when an entity span has no entity (should not happen; never leaves the text in place).
_FALLBACK = {Label.PERSON: "[name]", Label.LOCATION: "[place]", Label.ORGANIZATION: "[organisation]"}


def replacement_for(doc: Document, span: Span) -> str:
    """Return the text that replaces ``span`` in ``doc``."""
    original = doc.span_text(span)
    if span.label in ENTITY_LABELS:
        pseudonym = doc.pseudonyms.get(span.entity_id or "", _FALLBACK[span.label])
        letters = [ch for ch in original if ch.isalpha()]
        if len(letters) >= 3 and all(ch.isupper() for ch in letters) and not pseudonym.isupper():
            return pseudonym.upper()
        return pseudonym
    return PLACEHOLDERS.get(span.label, "[redacted]")


class Rewrite:
    """Stage: one edit per span."""

    name = "rewrite"

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with ``edits`` for every span, in document order."""
        edits: list[Edit] = []
        for span in doc.spans:
            new = replacement_for(doc, span)
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
            edits.append(
                Edit(span.segment_id, start, end, new, span.label, span.recognizer, span.score, span.entity_id)
            )
        return dataclasses.replace(doc, edits=tuple(edits))
