"""What `redactor scan` shows an officer: every detection in context, every entity, every check.

The data here holds identifier text (it is for the review page only, a sensitive file): it is
never logged, printed or written to the audit log. ``redactor.review_html`` renders it.
"""

from __future__ import annotations

import dataclasses


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


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewDocument:
    """One document: its text by segment and its detections."""

    name: str  # the output name (pseudonymised)
    segments: tuple[tuple[str, str], ...]  # (segment id, text)
    mentions: tuple[ReviewMention, ...]
    checks: tuple[str, ...] = ()  # what needs a human check (images, embedded objects, low confidence)
    kept: tuple[ReviewMention, ...] = ()  # detections kept on purpose (public bodies, big places)


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
