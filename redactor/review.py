"""What `redactor scan` shows an officer: every detection in context, every entity, every check.

The data here holds identifier text (it is for the review page only, a sensitive file): it is
never logged, printed or written to the audit log. ``redactor.review_html`` renders it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from redactor.document import Document, Edit, Origin
from redactor.keyfile import Key, KeyEntity
from redactor.where import Place


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewMention:
    """One detection as the review page shows it."""

    segment_id: str
    start: int
    end: int
    kind: str  # a Label value: PERSON, PHONE_NUMBER, ...
    replacement: str  # the pseudonym or placeholder that would replace it
    detector: str  # recognizer name: spacy_ner, case_file, uk_phone, ...
    score: float  # 0..1
    entity_id: str | None = None  # "e3" for people, places and organisations
    decision: str = "auto"  # auto, accepted, rejected, added (from decisions.toml)
    where: str = ""  # the place in words, with its heading ("paragraph 12, under 'Contact with the GP'")


#: A segment's role in its document, as the workspace renders it.
ROLES = (
    "heading1", "heading2", "heading3", "heading4", "heading5", "heading6", "paragraph", "list", "table-cell",
    "footnote", "endnote", "header", "footer", "comment", "textbox", "properties",
)  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class SegmentLayout:
    """How one segment stands in its document, from what the reader recorded (``Document.places``)
    and the segment id: its role (one of ``ROLES``) and, in a table, where.

    Attributes:
        role: "heading1".."heading6", "paragraph", "list", "table-cell", "footnote", "endnote",
            "header", "footer", "comment", "textbox" or "properties".
        table: (table, row, column), 1-based, for a paragraph in a table (also in a header,
            footer or note); row and column are None for a Markdown table held whole in one
            segment (``rows`` then says where each row starts).
        rows: the offset where each row of a Markdown table starts (header row first).
    """

    role: str = "paragraph"
    table: tuple[int, int | None, int | None] | None = None
    rows: tuple[int, ...] = ()


_STORY_ROLES = {"header": "header", "footer": "footer", "footnote": "footnote", "endnote": "endnote", "comment": "comment"}
_PART_STORY = re.compile(r"(?:^|/)(header|footer|footnotes|endnotes|comments)\d*\.xml/", re.IGNORECASE)


def segment_layout(segment_id: str, place: Place | None) -> SegmentLayout:
    """Return a segment's role and table position: from its ``Place`` when the reader recorded
    one, else from the shape of its id (document properties, attributes, text in graphics)."""
    lower = segment_id.lower()
    if "/instr/" in lower:  # a field code: hidden instructions, not the paragraph's text
        return SegmentLayout("properties")
    if place is None:
        if lower.startswith(("docprops/", "customxml/")) or "/attr/" in lower or lower.endswith("[entry]"):
            return SegmentLayout("properties")
        story = _PART_STORY.search(lower)
        if story is not None:
            name = story.group(1).lower()
            return SegmentLayout(_STORY_ROLES.get(name.removesuffix("s"), name))
        if "/charts/" in lower or "/diagrams/" in lower or lower.startswith("word/drawings/"):
            return SegmentLayout("textbox")
        return SegmentLayout()
    table = None
    if place.table is not None:
        table = (place.table, None, None) if place.rows else (place.table, place.row, place.column)
    if place.story in _STORY_ROLES:
        role = _STORY_ROLES[place.story]
    elif place.text_box:
        role = "textbox"
    elif table is not None:
        role = "table-cell"
    elif place.level is not None:
        role = f"heading{min(place.level, 6)}"
    elif place.list_item:
        role = "list"
    else:
        role = "paragraph"
    return SegmentLayout(role, table, place.rows)


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewDocument:
    """One document: its text by segment and its detections."""

    name: str  # the output name (pseudonymised)
    segments: tuple[tuple[str, str], ...]  # (segment id, text)
    mentions: tuple[ReviewMention, ...]
    checks: tuple[str, ...] = ()  # what needs a human check (images, embedded objects, low confidence)
    kept: tuple[ReviewMention, ...] = ()  # detections kept on purpose (public bodies, big places)
    places: tuple[str, ...] = ()  # each segment's place in words, as ``segments``; empty: show the ids
    layout: tuple[SegmentLayout, ...] = ()  # each segment's role and table position, as ``segments``
    published: str = ""  # the name it is published under (pseudonymised), when ``name`` is the name as given


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewEntity:
    """One person, place or organisation across the case."""

    id: str
    kind: str
    pseudonym: str
    names: tuple[str, ...]  # every surface form seen
    mentions: int
    source: str  # "case file", "detected", "decision"


@dataclasses.dataclass(frozen=True, slots=True)
class Review:
    """Everything the review page shows."""

    case: str
    generated: str  # ISO timestamp
    tool: str  # "redactor 0.1.0"
    documents: tuple[ReviewDocument, ...]
    entities: tuple[ReviewEntity, ...]
    uncertain: tuple[UncertainMention, ...] = ()  # the detections with a decision entry of their own


#: Detections below this score, or from these detectors, get their own decision entry.
UNCERTAIN_SCORE = 0.7
_UNCERTAIN_ORIGINS = frozenset({Origin.NEAR_SPELLING, Origin.SHARED_NAME})


def review_document(name: str, doc: Document) -> ReviewDocument:
    """Return the review page's view of one rewritten document.

    Places are said in words with the nearest heading's text: the review page is a sensitive file.
    """
    mentions = tuple(
        ReviewMention(e.segment_id, e.start, e.end, e.label.value, e.replacement, e.detector, e.score, e.entity_id,
                      where=doc.where(e.segment_id, offset=e.start, heading=True))
        for e in doc.edits
    )
    kept = tuple(
        ReviewMention(s.segment_id, s.start, s.end, s.label.value, "", s.detector, s.score, s.entity_id,
                      "rejected" if s.origin is Origin.DECISION else "kept",
                      where=doc.where(s.segment_id, offset=s.start, heading=True))
        for s in doc.kept
    )
    checks = list(doc.notes)
    low = [m for m in mentions if m.score < UNCERTAIN_SCORE]
    if low:
        checks.append(f"{len(low)} detection(s) with confidence under {UNCERTAIN_SCORE}: see the list, lowest first")
    segments = tuple((seg.id, seg.text) for seg in doc.segments)
    places = tuple(doc.where(seg.id, heading=True) for seg in doc.segments)
    layout = tuple(segment_layout(seg.id, doc.places.get(seg.id)) for seg in doc.segments)
    return ReviewDocument(
        name=name, segments=segments, mentions=mentions, checks=tuple(checks), kept=kept, places=places, layout=layout
    )


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class UncertainMention:
    """A detection the officer should decide on (low confidence, a near spelling, a shared name):
    one ``[[mention]]`` entry of the decisions file. Holds identifier text: sensitive."""

    document: str  # as the officer gave it
    text: str
    kind: str
    detector: str
    score: float
    context: str  # the words around it
    where: str  # where it was first seen, in words ("paragraph 12, under 'Background'")


def uncertain_mention(name: str, doc: Document, edit: Edit) -> UncertainMention | None:
    """Return the decision entry for an edit the officer should decide on (low confidence or a
    near spelling), else None."""
    if not (edit.score < UNCERTAIN_SCORE or edit.origin in _UNCERTAIN_ORIGINS):
        return None
    seg_text = doc.segment(edit.segment_id).text
    text = seg_text[edit.start : edit.end]
    context = " ".join(seg_text[max(0, edit.start - 40) : edit.end + 40].split())
    where = doc.where(edit.segment_id, offset=edit.start, heading=True)
    return UncertainMention(name, text, edit.label.value, edit.detector, edit.score, context, where)


def build_review(
    key: Key, documents: Sequence[ReviewDocument], entities: Sequence[tuple[KeyEntity, int]], *,
    generated: dt.datetime, tool: str, uncertain: Sequence[UncertainMention] = (),
) -> Review:
    """Return everything the review page shows: the documents and each entity with its mention count."""
    return Review(
        uncertain=tuple(uncertain),
        case=key.case,
        generated=generated.isoformat(timespec="seconds"),
        tool=tool,
        documents=tuple(documents),
        entities=tuple(ReviewEntity(e.id, e.label.value, e.pseudonym, e.names, count, e.source) for e, count in entities),
    )
