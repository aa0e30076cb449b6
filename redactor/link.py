"""Link: every mention of one person, place or organisation becomes one entity, case-wide.

The Registry is built once for the whole run, from the case file, the existing key and the
detections of every document, so a person has one entity in the overview report, the action
plan and the interview alike. The Link stage then, per document:

1. gives each detected span its entity;
2. propagates: every known surface form of every entity (and every identifier and case-file
   "always redact" term) is searched in every segment, so a name found once is found everywhere,
   including its parts and possessives; a title right before a surname joins the mention;
3. merges overlaps again.

Two different people never share an entity. A surname shared by two listed relatives is resolved
by the title when the case file gives one ("Mrs Doe"), otherwise it goes to the first listed
person and the mention is noted for a human check.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from redactor.casefile import Case
from redactor.detect.overlaps import merge_into_unions
from redactor.document import ENTITY_LABELS, QUASI_LABELS, Document, Entity, Label, Span
from redactor.intervals import Intervals
from redactor.keyfile import Key, KeyEntity, KeyIdentifier
from redactor.names import TRAILING_TITLE, clean_mention, is_calendar_word, person_variants, strip_title
from redactor.surfaces import SurfaceMatcher
from redactor.text import collapse_spaces, normalise

WordTest = Callable[[str], bool]


@dataclasses.dataclass(slots=True)
class RegistryEntity:
    """A case-wide entity while the registry is being built (mutable only here)."""

    id: str
    label: Label
    names: set[str]
    pseudonym: str | None = None
    source: str = "detected"
    role: str = ""
    title: str | None = None
    order: int = 0  # first appearance, for deterministic pseudonym numbering


class Registry:
    """All entities and identifiers of one case, and the matcher that finds them."""

    def __init__(self, *, is_word: WordTest, is_dictionary: WordTest | None = None) -> None:
        self.entities: dict[str, RegistryEntity] = {}
        self.identifiers: dict[str, Label] = {}  # text -> kind, for non-entity kinds
        self._owners: dict[str, list[str]] = {}  # normalised surface -> entity ids
        # First and last words of people's multi-word names -> entity ids (for "Dr Bassi").
        self._name_parts: dict[str, set[str]] = {}
        self._first_last: dict[tuple[str, str], str] = {}
        self._is_word = is_word
        # Any dictionary word, names among them: never read as a misspelt name ("trace").
        self._is_dictionary = is_dictionary or is_word
        self._next = 1
        self._order = 0
        self._matcher: SurfaceMatcher | None = None
        self._fuzzy: dict[str, set[str]] | None = None
        self._case_surfaces: set[str] = set()

    # -- building -------------------------------------------------------------------------
    def _new_id(self) -> str:
        while f"e{self._next}" in self.entities:
            self._next += 1
        return f"e{self._next}"

    def add_entity(self, entity: RegistryEntity) -> RegistryEntity:
        """Add an entity and index its names."""
        self._order += 1
        entity.order = self._order
        self.entities[entity.id] = entity
        for name in entity.names:
            self._own(name, entity.id)
        return entity

    def add_name(self, entity_id: str, name: str) -> None:
        """Record another surface form of an entity."""
        self.entities[entity_id].names.add(name)
        self._own(name, entity_id)

    def _own(self, name: str, entity_id: str) -> None:
        self._fuzzy = None
        owners = self._owners.setdefault(normalise(name), [])
        if entity_id not in owners:
            owners.append(entity_id)
        parts = name.split()
        if len(parts) >= 2 and self.entities[entity_id].label is Label.PERSON:
            first, last = parts[0].casefold(), parts[-1].casefold()
            self._name_parts.setdefault(first, set()).add(entity_id)
            self._name_parts.setdefault(last, set()).add(entity_id)
            self._first_last.setdefault((first, last), entity_id)
        self._matcher = None

    def people_with_part(self, word: str) -> set[str]:
        """Return the people whose multi-word name starts or ends with ``word``."""
        return set(self._name_parts.get(word.casefold(), ()))

    def person_named(self, first: str, last: str) -> str | None:
        """Return the person whose multi-word name has this first and last word, if any."""
        return self._first_last.get((first.casefold(), last.casefold()))

    def owners(self, text: str) -> list[str]:
        """Return the entities that use this surface form (usually one)."""
        return list(self._owners.get(normalise(text), []))

    # -- lookup ---------------------------------------------------------------------------
    def pick(self, owners: Sequence[str], title: str | None) -> tuple[str, bool]:
        """Choose one owner of a shared surface; say whether the choice was ambiguous."""
        if len(owners) == 1:
            return owners[0], False
        if title:
            titled = [o for o in owners if self.entities[o].title == title]
            if len(titled) == 1:
                return titled[0], False
        return owners[0], True

    def fuzzy_index(self) -> dict[str, set[str]]:
        """Return one-deletion variants of people's distinctive names -> entity ids (built lazily).

        Transcripts misspell names ("larrisa" for Larissa, "Jayne" for Jane); DOMAIN.md asks for
        edit distance 1 on names of 5+ letters, flagged for a human.
        """
        if self._fuzzy is None:
            index: dict[str, set[str]] = {}
            for entity in self.entities.values():
                if entity.label is not Label.PERSON:
                    continue
                for name in entity.names:
                    if len(name) >= 5 and name.isalpha() and not self._is_word(name):
                        for variant in _deletions(name.casefold()) | {name.casefold()}:
                            index.setdefault(variant, set()).add(entity.id)
            self._fuzzy = index
        return self._fuzzy

    def matcher(self) -> SurfaceMatcher:
        """Return a matcher over every entity surface and identifier (built lazily)."""
        if self._matcher is None:
            surfaces: dict[str, str] = {}
            for entity in sorted(self.entities.values(), key=lambda e: e.order):
                for name in entity.names:
                    if not is_calendar_word(name):
                        surfaces.setdefault(name, "E:" + entity.id)
            for text in self.identifiers:
                surfaces.setdefault(text, "I:" + text)
            self._matcher = SurfaceMatcher(surfaces, is_word=self._is_word)
        return self._matcher

    def is_case_surface(self, entity_id: str) -> bool:
        """Say whether an entity came from the case file or an earlier run's key."""
        return self.entities[entity_id].source != "detected"

    def to_key(self, key: Key, pseudonyms: dict[str, str]) -> Key:
        """Return ``key`` updated with every entity, pseudonym and identifier of this run."""
        entities = tuple(
            KeyEntity(
                id=e.id,
                label=e.label,
                pseudonym=pseudonyms[e.id],
                names=tuple(sorted(e.names)),
                source=e.source,
                role=e.role,
            )
            for e in sorted(self.entities.values(), key=lambda e: int(e.id[1:]))
        )
        idents = {(i.label, i.text) for i in key.identifiers}
        idents |= {(label, text) for text, label in self.identifiers.items()}
        return dataclasses.replace(
            key,
            entities=entities,
            identifiers=tuple(KeyIdentifier(label=l, text=t) for l, t in sorted(idents)),
        )


_WORD = re.compile(r"[^\W\d_]{5,}")


def _deletions(word: str) -> set[str]:
    """Return every string made by deleting one character of ``word``."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one(a: str, b: str) -> bool:
    """Say whether two words are one edit apart (insert, delete, substitute or swap two)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return len(diff) == 1 or swapped
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def build_registry(
    docs: Sequence[Document], *, case: Case | None, key: Key, is_word: WordTest, is_dictionary: WordTest | None = None
) -> Registry:
    """Build the case-wide registry from the key, the case file and all detections.

    Args:
        docs: every document of the run, detected, kept and resolved.
        case: the case file, if any.
        key: the case key (earlier runs' entities).
        is_word: says whether a word is an ordinary English word (matched only as written).
        is_dictionary: says whether a word is in the dictionary at all (default: ``is_word``).
    """
    reg = Registry(is_word=is_word, is_dictionary=is_dictionary)
    # 1. The key: earlier runs' entities keep their ids, names and pseudonyms.
    for ke in key.entities:
        reg.add_entity(
            RegistryEntity(
                id=ke.id, label=ke.label, names=set(ke.names), pseudonym=ke.pseudonym,
                source="key" if ke.source == "detected" else ke.source, role=ke.role,
            )
        )
    for ident in key.identifiers:
        reg.identifiers[ident.text] = ident.label
    # 2. The case file: listed people, their variants, aliases and chosen pseudonyms.
    if case is not None:
        for person in case.people:
            existing = [
                e for e in reg.entities.values()
                if e.source == "case file" and person.name in e.names
            ]
            variants = person_variants(person.name, person.aliases)
            if existing:
                entity = existing[0]
                entity.pseudonym = person.pseudonym or entity.pseudonym
                entity.role, entity.title = person.role, person.title
                for name in variants:
                    reg.add_name(entity.id, name)
            else:
                reg.add_entity(
                    RegistryEntity(
                        id=reg._new_id(), label=Label.PERSON, names=variants,
                        pseudonym=person.pseudonym, source="case file", role=person.role,
                        title=person.title,
                    )
                )
        for term in case.redact_terms:
            reg.identifiers[term] = Label.CUSTOM
    # 3. Detections, in document order: full names first, then single words.
    # People first (full names, then single words), so that a place or body guess that is
    # really a person's name links to them ("Chidinma Okafor" tagged as a place).
    detected = [(doc, span) for doc in docs for span in doc.spans]
    people: list[tuple[str | None, str]] = []
    for doc, span in detected:
        if span.label is Label.PERSON:
            people.extend(clean_mention(doc.span_text(span)))
    for title, name in people:
        if len(name.split()) >= 2:
            _link_full_name(reg, title, name)
    for title, name in people:
        if len(name.split()) >= 2:
            continue
        if not reg.owners(name):
            # "Dr Bassi" after "Harjinder Bassi": a part of a known full name, even a word-like one.
            candidates = reg.people_with_part(name)
            if len(candidates) == 1:
                reg.add_name(candidates.pop(), name)
            else:
                reg.add_entity(RegistryEntity(id=reg._new_id(), label=Label.PERSON, names={name}))
        if title:
            owner, _ = reg.pick(reg.owners(name), title)
            reg.add_name(owner, f"{title} {name}")
    for doc, span in detected:
        text = doc.span_text(span)
        if span.label is Label.PERSON:
            continue
        if span.label in ENTITY_LABELS:
            name = text.strip(" .,;:()\"").removesuffix("'s").removesuffix("’s")
            owner_id = _person_in(reg, text)
            if owner_id is not None:
                reg.add_name(owner_id, name)
            elif not reg.owners(text):
                if name.lower().startswith("the "):
                    name = name[4:]
                reg.add_entity(RegistryEntity(id=reg._new_id(), label=span.label, names={name}))
        elif span.label not in QUASI_LABELS:
            reg.identifiers.setdefault(collapse_spaces(text), span.label)
    return reg


def _person_in(reg: Registry, text: str) -> str | None:
    """Return the person a place or body guess really names ("Chidinma Okafor"), if any."""
    for _title, name in clean_mention(text):
        tokens = name.split()
        if len(tokens) > 3:
            return None
        for token in tokens:
            for owner in reg.owners(token):
                if reg.entities[owner].label is Label.PERSON and not reg._is_word(token):
                    return owner
    return None


def _link_full_name(reg: Registry, title: str | None, name: str) -> None:
    owners = reg.owners(name)
    if owners:
        return
    tokens = name.split()
    # "Ashcroft Transcribed": a known name followed by ordinary words is that person.
    head = reg.owners(tokens[0])
    if head and all(reg._is_word(t) for t in tokens[1:]) and reg.entities[head[0]].label is Label.PERSON:
        reg.add_name(head[0], name)
        return
    first, last = tokens[0].casefold(), tokens[-1].casefold()
    known = reg.person_named(first, last)
    if known is not None:
        reg.add_name(known, name)
        return
    while tokens and reg._is_word(tokens[0]) and tokens[0].islower() is False and tokens[0].lower() in ("the", "a", "an"):
        tokens = tokens[1:]
    if len(tokens) < 2:
        if tokens:
            reg.add_entity(RegistryEntity(id=reg._new_id(), label=Label.PERSON, names={name}))
        return
    names = {name, f"{tokens[0]} {tokens[-1]}"}
    if 2 <= len(tokens) <= 4 and all(t[:1].isupper() and t.isalpha() for t in tokens):
        names.add("".join(f"{t[0]}." for t in tokens))  # "A.K.H." for Amira Kaur Hussain
    # Parts of a detected name are propagated only when they cannot be ordinary words:
    # "Callum" and "Brierley" are, "Will" and "Green" are not (issue 4 adds name context).
    for part in (tokens[0], tokens[-1]):
        if sum(ch.isalpha() for ch in part) >= 2 and part[0].isupper() and not reg._is_word(part):
            names.add(part)
    reg.add_entity(RegistryEntity(id=reg._new_id(), label=Label.PERSON, names=names, title=title))


class Link:
    """Stage: give spans their entities and find every other mention of known entities."""

    name = "link"

    def __init__(self, registry: Registry) -> None:
        self._reg = registry

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with linked, propagated and merged spans, and its entities."""
        reg = self._reg
        spans: list[Span] = []
        notes: list[str] = list(doc.notes)
        for span in doc.spans:
            spans.append(self._link_span(doc, span))
        matcher = reg.matcher()
        # Literal public-body names and keep terms (the same regions verification honours).
        kept = Intervals.by_segment((s.segment_id, s.start, s.end) for s in doc.kept if s.recognizer == "allow_list")
        for seg in doc.segments:
            for start, end, key in matcher.find(seg.text):
                kind, _, ref = key.partition(":")
                if kind == "E" and not reg.is_case_surface(ref) and seg.id in kept and kept[seg.id].covers(start, end):
                    continue  # "Greenwich" inside "Lewisham and Greenwich NHS Trust" stays
                if kind == "I":
                    label = reg.identifiers[ref]
                    spans.append(Span(seg.id, start, end, label, "case_file" if label is Label.CUSTOM else "registry", 1.0))
                    continue
                owners = reg.owners(seg.text[start:end])
                title_match = TRAILING_TITLE.search(seg.text, max(0, start - 60), start)  # titles are short
                title = None
                if title_match and reg.entities[owners[0] if owners else ref].label is Label.PERSON:
                    title = title_match.group().strip().rstrip(".")
                    start = title_match.start()
                entity_id, ambiguous = reg.pick(owners or [ref], title)
                if ambiguous:
                    notes.append(
                        f"{seg.id}: a name shared by several people was given entity:{entity_id}'s pseudonym; check it"
                    )
                recognizer = "case_file" if reg.is_case_surface(entity_id) else "propagated"
                label = reg.entities[entity_id].label
                spans.append(Span(seg.id, start, end, label, recognizer, 1.0, entity_id))
        spans.extend(self._near_spellings(doc, spans, notes))
        merged = merge_into_unions(spans)
        merged = tuple(self._ensure_entity(doc, s) for s in merged)
        used = sorted({s.entity_id for s in merged if s.entity_id}, key=lambda i: int(i[1:]))
        entities = tuple(
            Entity(
                id=i,
                label=reg.entities[i].label,
                surfaces=frozenset(reg.entities[i].names),
                from_case_file=reg.entities[i].source == "case file",
            )
            for i in used
        )
        return dataclasses.replace(doc, spans=merged, entities=entities, notes=tuple(notes))

    def _near_spellings(self, doc: Document, spans: list[Span], notes: list[str]) -> list[Span]:
        """Find misspellings of known people's names (edit distance 1) not found otherwise."""
        reg = self._reg
        index = reg.fuzzy_index()
        if not index:
            return []
        covered = Intervals.by_segment((s.segment_id, s.start, s.end) for s in spans)
        found: list[Span] = []
        for seg in doc.segments:
            seg_covered = covered.get(seg.id)
            for match in _WORD.finditer(seg.text):
                word = match.group()
                if seg_covered is not None and seg_covered.covers(match.start(), match.end()):
                    continue
                folded = word.casefold()
                if reg._is_dictionary(word) or folded in index and any(
                    folded in {n.casefold() for n in reg.entities[i].names} for i in index[folded]
                ):
                    continue
                owners = {i for v in _deletions(folded) | {folded} for i in index.get(v, ())}
                owners = {
                    i for i in owners
                    if any(_within_one(folded, n.casefold()) for n in reg.entities[i].names if len(n) >= 5)
                }
                if not owners:
                    continue
                entity_id = min(owners, key=lambda i: reg.entities[i].order)
                found.append(Span(seg.id, match.start(), match.end(), Label.PERSON, "near_spelling", 0.6, entity_id))
                notes.append(f"{seg.id}: a near spelling of a known name was given entity:{entity_id}'s pseudonym; check it")
        return found

    def _link_span(self, doc: Document, span: Span) -> Span:
        if span.label not in ENTITY_LABELS:
            return span
        text = doc.span_text(span)
        reg = self._reg
        owners = reg.owners(text)
        title = None
        if not owners and span.label is Label.PERSON:
            mentions = clean_mention(text)
            if mentions:
                title, name = mentions[0]
                owners = reg.owners(name)
        if not owners and span.label is not Label.PERSON:
            owners = reg.owners(text.strip(" .,;:()\"").removesuffix("'s").removesuffix("’s"))
        if not owners:
            return span
        entity_id, _ = reg.pick(owners, title)
        entity = reg.entities[entity_id]
        # A place or organisation guess that is really a known person's name becomes that person.
        return dataclasses.replace(span, entity_id=entity_id, label=entity.label)

    def _ensure_entity(self, doc: Document, span: Span) -> Span:
        if span.label not in ENTITY_LABELS or span.entity_id:
            return span
        linked = self._link_span(doc, span)
        if linked.entity_id:
            return linked
        _, name = strip_title(doc.span_text(span))
        owners = self._reg.owners(name)
        return dataclasses.replace(span, entity_id=owners[0]) if owners else span


