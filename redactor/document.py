"""The data that flows through the pipeline: one immutable Document of Segments and Spans.

Every stage takes a Document and returns a new one (``dataclasses.replace``); nothing here is
mutated after construction. Offsets always index ``Segment.text``.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any


class Label(enum.StrEnum):
    """Kinds of identifier. Names reuse Presidio's entity names where Presidio has one."""

    PERSON = "PERSON"
    LOCATION = "LOCATION"
    ORGANIZATION = "ORGANIZATION"
    ADDRESS = "UK_ADDRESS"
    EMAIL_ADDRESS = "EMAIL_ADDRESS"
    PHONE_NUMBER = "PHONE_NUMBER"
    UK_POSTCODE = "UK_POSTCODE"
    UK_NHS = "UK_NHS"
    UK_NINO = "UK_NINO"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    PRISON = "UK_PRISON"
    VEHICLE_REGISTRATION = "UK_VEHICLE_REGISTRATION"
    PNC_ID = "UK_PNC_ID"
    PRISON_NUMBER = "UK_PRISON_NUMBER"
    POLICE_REFERENCE = "UK_POLICE_REFERENCE"
    COLLAR_NUMBER = "UK_COLLAR_NUMBER"
    BANK_DETAILS = "UK_BANK_DETAILS"
    DRIVING_LICENCE = "UK_DRIVING_LICENCE"
    URL = "URL"
    SOCIAL_MEDIA_HANDLE = "SOCIAL_MEDIA_HANDLE"
    IP_ADDRESS = "IP_ADDRESS"
    CUSTOM = "CUSTOM"  # a term the case file says to always redact
    DATE_OF_DEATH = "DATE_OF_DEATH"  # also the date of the fatal incident
    AGE = "AGE"


#: Kinds that name or point at one person, place or organisation and so get an entity and a
#: consistent pseudonym. The other kinds get a typed placeholder.
ENTITY_LABELS = frozenset({Label.PERSON, Label.LOCATION, Label.ORGANIZATION})

#: Quasi-identifiers that are never propagated through the case or scanned for by
#: verification ("34" would be everywhere). A date of death is propagated: the same date in
#: the chronology is the same fact.
QUASI_LABELS = frozenset({Label.AGE})

#: What replaces a person, place or organisation when it is labelled rather than pseudonymised.
ENTITY_PLACEHOLDERS: Mapping[Label, str] = MappingProxyType(
    {Label.PERSON: "[name]", Label.LOCATION: "[place]", Label.ORGANIZATION: "[organisation]"}
)

#: Placeholders for the kinds that are removed rather than pseudonymised (DOMAIN.md section 2).
PLACEHOLDERS: Mapping[Label, str] = MappingProxyType(
    {
        Label.ADDRESS: "[address]",
        Label.EMAIL_ADDRESS: "[email address]",
        Label.PHONE_NUMBER: "[phone number]",
        Label.UK_POSTCODE: "[postcode]",
        Label.UK_NHS: "[NHS number]",
        Label.UK_NINO: "[NI number]",
        Label.DATE_OF_BIRTH: "[date of birth]",
        Label.PRISON: "[prison]",
        Label.VEHICLE_REGISTRATION: "[vehicle registration]",
        Label.PNC_ID: "[police reference]",
        Label.PRISON_NUMBER: "[prison number]",
        Label.POLICE_REFERENCE: "[police reference]",
        Label.COLLAR_NUMBER: "[collar number]",
        Label.BANK_DETAILS: "[bank details]",
        Label.DRIVING_LICENCE: "[driving licence]",
        Label.URL: "[web address]",
        Label.SOCIAL_MEDIA_HANDLE: "[social media handle]",
        Label.IP_ADDRESS: "[IP address]",
        Label.CUSTOM: "[redacted]",
        Label.DATE_OF_DEATH: "[date]",
        Label.AGE: "[age]",
    }
)


@dataclasses.dataclass(frozen=True, slots=True)
class Segment:
    """One paragraph of text.

    Attributes:
        id: Stable location inside the document, e.g. ``body/p/12`` or ``footnote/4/p/0``.
        text: The paragraph's text as the reader sees it.
        run_lengths: Lengths of the formatting runs that make up ``text`` (Word only; empty for
            plain text). They add up to ``len(text)``.
    """

    id: str
    text: str
    run_lengths: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Span:
    """A detected identifier: ``segment.text[start:end]``."""

    segment_id: str
    start: int
    end: int
    label: Label
    recognizer: str
    score: float
    entity_id: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}..{self.end}")


@dataclasses.dataclass(frozen=True, slots=True)
class Entity:
    """One person, place or organisation, with every surface form it was seen under."""

    id: str
    label: Label
    surfaces: frozenset[str]
    from_case_file: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``segment.text[start:end]`` with ``replacement``."""

    segment_id: str
    start: int
    end: int
    replacement: str
    label: Label
    recognizer: str
    score: float
    entity_id: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Document:
    """One input file and everything the stages learnt about it."""

    path: Path
    format: str
    segments: tuple[Segment, ...]
    spans: tuple[Span, ...] = ()
    kept: tuple[Span, ...] = ()  # guesses deliberately kept (public bodies, roles, big places)
    entities: tuple[Entity, ...] = ()
    pseudonyms: Mapping[str, str] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    edits: tuple[Edit, ...] = ()
    notes: tuple[str, ...] = ()  # things a human must check (no identifier text)
    _index: Mapping[str, Segment] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", MappingProxyType({seg.id: seg for seg in self.segments}))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle for worker processes: read-only mappings travel as plain dicts."""
        fields = (self.path, self.format, self.segments, self.spans, self.kept, self.entities)
        return _rebuild_document, (*fields, dict(self.pseudonyms), self.edits, self.notes)

    def segment(self, segment_id: str) -> Segment:
        """Return the segment with this id.

        Raises:
            KeyError: no such segment.
        """
        return self._index[segment_id]

    @property
    def word_count(self) -> int:
        """Count whitespace-separated words over all segments."""
        return sum(len(seg.text.split()) for seg in self.segments)

    def span_text(self, span: Span) -> str:
        """Return the text a span covers."""
        return self.segment(span.segment_id).text[span.start : span.end]


def _rebuild_document(*fields: Any) -> Document:
    """Unpickle a Document (see ``Document.__reduce__``)."""
    path, fmt, segments, spans, kept, entities, pseudonyms, edits, notes = fields
    return Document(path, fmt, segments, spans, kept, entities, MappingProxyType(pseudonyms), edits, notes)
