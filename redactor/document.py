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

from redactor.where import Place, describe


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


#: Kinds whose placeholder is no name for them ("[redacted]", "[date]").
_KIND_NAMES = {"CUSTOM": "case-file term", "DATE_OF_DEATH": "date of death", "UK_PNC_ID": "PNC number"}


def kind_name(label: Label | str) -> str:
    """The name an officer reads for a kind: "postcode", "phone number" (the placeholder's words)."""
    value = getattr(label, "value", str(label))
    if value in _KIND_NAMES:
        return _KIND_NAMES[value]
    try:
        known = Label(value)
    except ValueError:
        return value
    return (ENTITY_PLACEHOLDERS.get(known) or PLACEHOLDERS.get(known) or value).strip("[]")


class Origin(enum.Enum):
    """Where a span came from. Values are the names the audit log, the review page and
    decisions.toml give it (see ``detector_name``)."""

    DETECTED = "detected"  # a recognizer found it; ``recognizer`` names which
    CASE_FILE = "case_file"  # linking found a case-file or key entity, or an "always redact" term
    REGISTRY = "registry"  # linking found an identifier detected somewhere in the case
    PROPAGATED = "propagated"  # linking found another mention of a detected entity
    NEAR_SPELLING = "near_spelling"  # linking found a misspelt known name (flagged for a human)
    SHARED_NAME = "shared_name"  # a name several people share, none named near it: left neutral ("[name]"), flagged
    ALLOW_LIST = "allow_list"  # kept: a literal public body or keep term
    DECISION = "decision"  # kept: the officer rejected it in decisions.toml
    POLICY = "policy"  # kept: the case policy keeps its kind as written


def detector_name(origin: Origin, recognizer: str) -> str:
    """Return what the audit log, the review page and decisions.toml call a span's source.

    A detection is named by its recognizer ("spacy_ner"), a policy keep by the recognizer it
    kept ("policy:age"), anything else by its origin ("propagated", "decision").
    """
    if origin is Origin.DETECTED:
        return recognizer
    if origin is Origin.POLICY:
        return f"policy:{recognizer}"
    return str(origin.value)


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
    recognizer: str  # the detector's name; empty for spans that linking found
    score: float
    entity_id: str | None = None
    origin: Origin = Origin.DETECTED

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}..{self.end}")

    @property
    def detector(self) -> str:
        """Return the name the audit log and the review page give this span's source."""
        return detector_name(self.origin, self.recognizer)


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
    origin: Origin = Origin.DETECTED

    @property
    def detector(self) -> str:
        """Return the name the audit log and the review page give this edit's source."""
        return detector_name(self.origin, self.recognizer)


class NoteKind(enum.Enum):
    """What linking was unsure of; the value starts the note's text."""

    SHARED_NAME = "a name shared by several people"
    NEAR_SPELLING = "a near spelling of a known name"
    NEUTRAL_NAME = "a surname relatives may share, none of them named with it nearby,"


@dataclasses.dataclass(frozen=True, slots=True)
class Note:
    """A mention linking gave an entity it could not be sure of, for a human to check.

    Rendered by ``text`` with the entity's pseudonym once ``Pseudonymise`` has set it (people
    read pseudonyms, not ids); never with identifier text.
    """

    segment_id: str
    kind: NoteKind
    entity_id: str
    pseudonym: str | None = None

    def text(self, *, where: str | None = None) -> str:
        """Return the note as people read it.

        Args:
            where: the mention's place in words (``Document.where``); without it, the place is
                described from the segment id alone.
        """
        at = where if where is not None else describe(self.segment_id)
        if self.kind is NoteKind.NEUTRAL_NAME:
            return f"{at}: {self.kind.value} was replaced with a neutral [name]; say whose it is"
        who = f'"{self.pseudonym}"' if self.pseudonym is not None else f"entity:{self.entity_id}"
        return f"{at}: {self.kind.value} was given {who}'s pseudonym; check it"


@dataclasses.dataclass(frozen=True, slots=True, init=False)
class Document:
    """One input file and everything the stages learnt about it.

    ``notes`` lists, as text, everything a human must check: first the reader's notes
    (``file_notes``: parts it removed or could not read), then linking's (``link_notes``).
    ``places`` holds what the reader knows of each segment's position (``where`` says it in
    words); a segment without one is described from its id.
    """

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
    file_notes: tuple[str, ...] = ()  # from the format reader (no identifier text)
    link_notes: tuple[Note, ...] = ()
    places: Mapping[str, Place] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    _index: Mapping[str, Segment] = dataclasses.field(init=False, repr=False, compare=False)

    def __init__(
        self,
        path: Path,
        format: str,
        segments: tuple[Segment, ...],
        spans: tuple[Span, ...] = (),
        kept: tuple[Span, ...] = (),
        entities: tuple[Entity, ...] = (),
        pseudonyms: Mapping[str, str] | None = None,
        edits: tuple[Edit, ...] = (),
        notes: tuple[str, ...] = (),
        link_notes: tuple[Note, ...] = (),
        *,
        file_notes: tuple[str, ...] | None = None,
        places: Mapping[str, Place] | None = None,
    ) -> None:
        """Build a Document; ``notes`` (the readers' spelling) and ``file_notes`` are the same field."""
        values = {
            "path": path, "format": format, "segments": segments, "spans": spans, "kept": kept,
            "entities": entities, "pseudonyms": MappingProxyType({}) if pseudonyms is None else pseudonyms,
            "edits": edits, "file_notes": notes if file_notes is None else file_notes, "link_notes": link_notes,
            "places": _read_only(places),
            "_index": MappingProxyType({seg.id: seg for seg in segments}),
        }  # fmt: skip
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle for worker processes: read-only mappings travel as plain dicts."""
        fields = (self.path, self.format, self.segments, self.spans, self.kept, self.entities)
        rest = (dict(self.pseudonyms), self.edits, self.file_notes, self.link_notes, dict(self.places))
        return _rebuild_document, (*fields, *rest)

    @property
    def notes(self) -> tuple[str, ...]:
        """Return every note for a human as text: the reader's, then linking's."""
        return self.file_notes + tuple(note.text(where=self.where(note.segment_id)) for note in self.link_notes)

    def where(self, segment_id: str, *, offset: int | None = None, heading: bool = False) -> str:
        """Return where a segment (or a location verification scans) is, in words; never raises.

        Args:
            segment_id: a segment id, or a location from ``Format.texts``.
            offset: a character offset in the segment (picks a Markdown table's row).
            heading: add the nearest heading's text ("paragraph 12, under 'Contact with the GP'").
                That is the document's own text: for the review page only (a sensitive file),
                never for logs, messages or the public statement.
        """
        place = self.places.get(segment_id)
        if place is None and "/instr/" in segment_id:  # a field code: its paragraph's place
            place = self.places.get(segment_id.split("/instr/", 1)[0])
        words = describe(segment_id, place, offset=offset)
        if heading and place is not None and place.heading is not None:
            title = _heading_text(self._index.get(place.heading))
            if title:
                words += f", under '{title}'"
        return words

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


def _read_only(places: Mapping[str, Place] | None) -> Mapping[str, Place]:
    if places is None:
        return MappingProxyType({})
    return places if isinstance(places, MappingProxyType) else MappingProxyType(dict(places))


def _heading_text(seg: Segment | None, limit: int = 80) -> str:
    """Return a heading segment's first line without Markdown's "#" marks, shortened."""
    if seg is None:
        return ""
    lines = seg.text.strip().splitlines()
    title = " ".join(lines[0].lstrip("#").split()) if lines else ""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _rebuild_document(*fields: Any) -> Document:
    """Unpickle a Document (see ``Document.__reduce__``)."""
    path, fmt, segments, spans, kept, entities, pseudonyms, edits, file_notes, link_notes, places = fields
    return Document(
        path, fmt, segments, spans, kept, entities, MappingProxyType(pseudonyms), edits, file_notes, link_notes,
        places=places,
    )
