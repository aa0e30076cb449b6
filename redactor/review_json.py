"""The review as data: ``REVIEWDIR/review.json``, written by ``redactor scan`` beside review.html.

The browser workspace renders it (documents as they read, every detection, every entity). Like
the review page it holds the real names: a sensitive file, written with mode 0600, never logged
and never served for download.

```
{"format": "redactor-review/1", "case", "generated", "tool",
 "entities": [{"id", "kind", "pseudonym", "names", "mentions", "source"}],
 "documents": [{"name" (published), "given" (as the officer gave it), "checks",
                "segments": [{"id", "text", "place", "role", "table": [t, r, c] | null, "rows"?}],
                "mentions": [{"segment_id", "start", "end", "kind", "replacement", "detector", "score",
                              "entity_id", "decision", "where"}],
                "kept": [same]}],
 "uncertain": [{"document", "text", "kind", "detector", "score", "context", "where"}]}
```
``role`` is one of ``review.ROLES``. ``rows`` is present only for a Markdown table held whole in one
segment (``table`` is then ``[t, null, null]``): the offset where each row starts.
"""

from __future__ import annotations

import json
from typing import Any

from redactor.review import Review, ReviewDocument, ReviewMention, SegmentLayout, UncertainMention

FORMAT = "redactor-review/1"
REVIEW_JSON = "review.json"


def _mention(m: ReviewMention) -> dict[str, Any]:
    return {
        "segment_id": m.segment_id, "start": m.start, "end": m.end, "kind": m.kind, "replacement": m.replacement,
        "detector": m.detector, "score": round(m.score, 4), "entity_id": m.entity_id, "decision": m.decision,
        "where": m.where,
    }  # fmt: skip


def _segment(seg_id: str, text: str, place: str, layout: SegmentLayout) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": seg_id, "text": text, "place": place, "role": layout.role,
        "table": list(layout.table) if layout.table is not None else None,
    }  # fmt: skip
    if layout.rows:
        data["rows"] = list(layout.rows)
    return data


def _document(doc: ReviewDocument) -> dict[str, Any]:
    places = doc.places or tuple("" for _ in doc.segments)
    layout = doc.layout or tuple(SegmentLayout() for _ in doc.segments)
    return {
        "name": doc.published or doc.name,
        "given": doc.name,
        "checks": list(doc.checks),
        "segments": [
            _segment(seg_id, text, place, lay)
            for (seg_id, text), place, lay in zip(doc.segments, places, layout, strict=True)
        ],
        "mentions": [_mention(m) for m in doc.mentions],
        "kept": [_mention(m) for m in doc.kept],
    }


def _uncertain(m: UncertainMention) -> dict[str, Any]:
    return {
        "document": m.document, "text": m.text, "kind": m.kind, "detector": m.detector, "score": round(m.score, 4),
        "context": m.context, "where": m.where,
    }  # fmt: skip


def review_data(review: Review) -> dict[str, Any]:
    """Return the review as plain data (see the module's docstring)."""
    return {
        "format": FORMAT,
        "case": review.case,
        "generated": review.generated,
        "tool": review.tool,
        "entities": [
            {"id": e.id, "kind": e.kind, "pseudonym": e.pseudonym, "names": list(e.names), "mentions": e.mentions,
             "source": e.source}
            for e in review.entities
        ],
        "documents": [_document(d) for d in review.documents],
        "uncertain": [_uncertain(m) for m in review.uncertain],
    }


def render_review_json(review: Review) -> str:
    """Return review.json's text (UTF-8, names as written: not ASCII-escaped)."""
    return json.dumps(review_data(review), ensure_ascii=False, indent=1) + "\n"
