"""The case's entities: every person, place and organisation of one case, and its identifiers.

``Registry`` is the index that linking builds once per run (``redactor.link.build_registry``)
from the key, the case file and every document's detections; Link, Pseudonymise and the
pseudonymised file names read it. ``EntityIds`` is the only place that makes entity ids
("e1", "e2", ...): the registry and the officer's decisions both allocate with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator, Sequence

from redactor.document import Label
from redactor.keyfile import Key, KeyEntity, KeyIdentifier
from redactor.names import is_searched_for
from redactor.surfaces import SurfaceMatcher, is_lower_case_word
from redactor.text import normalise, without_invisible

WordTest = Callable[[str], bool]


def id_number(entity_id: str) -> int:
    """Return the number of an entity id ("e12" -> 12)."""
    return int(entity_id[1:])



#: Personal titles and the sex they say (DOMAIN.md: titles separate relatives who share a surname).
_MARRIED = {"mrs": "miss", "miss": "mrs"}
_TITLE_SEX = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lady": "f", "lord": "m"}
#: Titles of a profession or rank: "DCI Roberts" is the one Roberts known as a DCI, not his
#: namesake Awen Roberts.
_RANKS = frozenset(
    "dr prof professor rev revd reverend cllr councillor judge hhj pc dc ps ds di dci dsupt supt sgt insp pcso "
    "constable sergeant inspector sn rn rgn rmn hca cpn hv nurse midwife matron".split()
)


def _owner_key(name: str) -> str:
    """The key a surface is owned under: accents, hyphens and hidden characters aside ("Renée
    Brown-Hargreaves" and "Renee Brown Hargreaves" are one surface)."""
    from redactor.name_forms import fold

    return " ".join(fold(normalise(without_invisible(name))).replace("-", " ").split())


class EntityIds:
    """Hands out entity ids: the lowest ``e<n>`` from a cursor that no entity holds yet.

    Args:
        taken: the ids in use, read at each call (a live mapping or set).
        start: the first number to try.
    """

    def __init__(self, taken: Collection[str], *, start: int = 1) -> None:
        self._taken = taken
        self._next = start

    @classmethod
    def after(cls, taken: Collection[str]) -> EntityIds:
        """Return an allocator that starts above the highest numbered id in ``taken``."""
        highest = max((int(i[1:]) for i in taken if i[1:].isdigit()), default=0)
        return cls(taken, start=highest + 1)

    def new(self) -> str:
        """Return the next free id (taken only once the caller adds an entity under it)."""
        while f"e{self._next}" in self._taken:
            self._next += 1
        return f"e{self._next}"


@dataclasses.dataclass(slots=True)
class CaseEntity:
    """A case-wide entity while the registry is being built (mutable only here)."""

    id: str
    label: Label
    names: set[str]
    pseudonym: str | None = None
    source: str = "detected"
    role: str = ""
    title: str | None = None
    sex: str | None = None  # "f" or "m" where the documents say ("her mother, Jane"); the title wins
    born_in: bool = False  # a daughter or sister of the family ("her daughter, Ruby Cassidy"): born with its surname
    ranks: set[str] = dataclasses.field(default_factory=set)  # ranks said with a full name ("dci": DCI Llŷr Roberts)
    order: int = 0  # first appearance, for deterministic pseudonym numbering


#: The name this class had before the registry moved here.
RegistryEntity = CaseEntity


class Registry:
    """All entities and identifiers of one case, and the matcher that finds them."""

    def __init__(
        self, *, is_word: WordTest, is_dictionary: WordTest | None = None, is_case_word: WordTest | None = None
    ) -> None:
        self.entities: dict[str, CaseEntity] = {}
        self.identifiers: dict[str, Label] = {}  # text -> kind, for non-entity kinds
        self._owners: dict[str, list[str]] = {}  # normalised surface -> entity ids
        # First and last words of people's multi-word names -> entity ids (for "Dr Bassi").
        self._name_parts: dict[str, set[str]] = {}
        self._first_last: dict[tuple[str, str], str] = {}
        self._is_word = is_word
        # Names matched only as written: ordinary words, and everyday words that are surnames.
        self._is_case_word = is_case_word or is_word
        # Any dictionary word, names among them: never read as a misspelt name ("trace").
        self._is_dictionary = is_dictionary or is_word
        self._ids = EntityIds(self.entities)
        self._order = 0
        self._matcher: SurfaceMatcher | None = None
        #: Initials that name one person where they stand as a speaker label ("PM:"), even when
        #: they also read as an abbreviation elsewhere.
        self.label_initials: dict[str, str] = {}
        #: Ordinary words a business or a person is called by alone ("Star" of Star Cars, "Cliff"
        #: for Clifford): matched only where they stand as a name (``link._word_named_business``).
        self.word_stems: set[str] = set()
        #: Surnames the documents give as someone's maiden name ("née Hussain", "Her maiden name
        #: was Holt"), folded: a known given name with one of them is the woman born with it.
        self.maiden_surnames: set[str] = set()
        #: What other modules derive from the entities (people.py's name pairs), each with the
        #: count it was derived at (of entities, or of one entity's names: only ever added to).
        self.memo: dict[object, tuple[int, object]] = {}
        #: The id of every entity added or given a name, in order (an index of people.py reads
        #: only what is new since it last looked).
        self.changes: list[str] = []

    # -- building -------------------------------------------------------------------------
    def add_entity(self, entity: CaseEntity) -> CaseEntity:
        """Add an entity under its own id (the key's) and index its names."""
        self._order += 1
        entity.order = self._order
        self.entities[entity.id] = entity
        self.changes.append(entity.id)
        for name in entity.names:
            self._own(name, entity.id)
        return entity

    def new_entity(
        self,
        label: Label,
        names: set[str],
        *,
        pseudonym: str | None = None,
        source: str = "detected",
        role: str = "",
        title: str | None = None,
    ) -> CaseEntity:
        """Add an entity under a new id and index its names."""
        entity = CaseEntity(
            id=self._ids.new(), label=label, names=names, pseudonym=pseudonym, source=source, role=role, title=title
        )
        return self.add_entity(entity)

    def add_name(self, entity_id: str, name: str) -> None:
        """Record another surface form of an entity."""
        self.entities[entity_id].names.add(name)
        self.changes.append(entity_id)
        self._own(name, entity_id)

    def absorb(self, entity_id: str, other_id: str) -> None:
        """Make ``other_id`` part of ``entity_id``: its names become that entity's, and it goes
        ("Foxy", found alone, then introduced as Connor's nickname)."""
        other = self.entities.pop(other_id)
        self.memo.clear()  # what was derived counted entities that were only ever added to
        for owners in self._owners.values():
            if other_id in owners:
                owners.remove(other_id)
        for owners_of_part in self._name_parts.values():
            owners_of_part.discard(other_id)
        for pair in [pair for pair, owner in self._first_last.items() if owner == other_id]:
            del self._first_last[pair]
        for label in [label for label, owner in self.label_initials.items() if owner == other_id]:
            self.label_initials[label] = entity_id
        self._owners = {key: owners for key, owners in self._owners.items() if owners}
        for name in other.names:
            self.add_name(entity_id, name)

    def add_identifier(self, text: str, label: Label, *, replace: bool = True) -> None:
        """Record an identifier of a non-entity kind (``replace=False``: keep a kind already known)."""
        if replace:
            self.identifiers[text] = label
        else:
            self.identifiers.setdefault(text, label)

    def _own(self, name: str, entity_id: str) -> None:
        owners = self._owners.setdefault(_owner_key(name), [])
        if entity_id not in owners:
            owners.append(entity_id)
        parts = name.split()
        if len(parts) >= 2 and self.entities[entity_id].label is Label.PERSON:
            first, last = parts[0].casefold(), parts[-1].casefold()
            self._name_parts.setdefault(first, set()).add(entity_id)
            self._name_parts.setdefault(last, set()).add(entity_id)
            self._first_last.setdefault((first, last), entity_id)
        self._matcher = None

    # -- lookup ---------------------------------------------------------------------------
    def entity(self, entity_id: str) -> CaseEntity:
        """Return the entity with this id.

        Raises:
            KeyError: no such entity.
        """
        return self.entities[entity_id]

    def identifier(self, text: str) -> Label:
        """Return the kind of a known identifier.

        Raises:
            KeyError: no such identifier.
        """
        return self.identifiers[text]

    def in_order(self) -> Iterator[CaseEntity]:
        """Yield every entity in order of first appearance."""
        yield from sorted(self.entities.values(), key=lambda e: e.order)

    def is_word(self, word: str) -> bool:
        """Say whether ``word`` is an ordinary English word (matched only as written)."""
        return self._is_word(word)

    def is_case_word(self, word: str) -> bool:
        """Say whether a name spelt ``word`` is matched only as written (see ``surfaces.py``)."""
        return self._is_case_word(word)

    def is_dictionary(self, word: str) -> bool:
        """Say whether ``word`` is in the dictionary at all, names among them."""
        return self._is_dictionary(word)

    def people_with_part(self, word: str) -> set[str]:
        """Return the people whose multi-word name starts or ends with ``word``."""
        return set(self._name_parts.get(word.casefold(), ()))

    def person_named(self, first: str, last: str) -> str | None:
        """Return the person whose multi-word name has this first and last word, if any."""
        return self._first_last.get((first.casefold(), last.casefold()))

    def owners(self, text: str) -> list[str]:
        """Return the entities that use this surface form (usually one)."""
        return list(self._owners.get(_owner_key(text), []))

    def candidates(self, owners: Sequence[str], title: str | None) -> list[str]:
        """Narrow the owners of a shared surface by a title said with it ("Mrs Miles"); [] when
        the title is of the other sex than the one owner's ("Mrs Stone" for Gary Stone).

        An owner of the other sex ("Mrs" for a man, by title, relationship or given name) is
        dropped ("Ms" fits "Miss" and "Mrs"), and so is a Miss for "Mrs" and a Mrs for "Miss".
        The one owner given this title (by the case file or a full name) is taken alone when no
        other who fits has a title of their own unknown: "Mr Rahman" is not the perpetrator
        listed as Mr while his father, of no known title, may be meant. The others stay, in their
        order, for Link to choose between by who was named with the name nearest.
        """
        if not owners or not title:
            return list(owners)
        said = title.casefold().rstrip(".")
        if said in _RANKS:
            ranked = [o for o in owners if self._has_rank(o, said)]
            return ranked if len(ranked) == 1 else list(owners)
        if said not in _TITLE_SEX:
            return list(owners)
        if len(owners) == 1:  # "Mrs Stone" is not Gary Stone, the one Stone known: no one known
            return [] if self.sex_of(owners[0]) not in (_TITLE_SEX[said], None) else list(owners)

        def known(owner: str) -> str:
            return (self.entities[owner].title or "").casefold().rstrip(".")

        same = [o for o in owners if known(o) == said]
        sex = _TITLE_SEX[said]
        fitting = [o for o in owners if self.sex_of(o) in (sex, None)]
        if said in _MARRIED:  # a Miss is no Mrs: "Mrs Miles" is not the victim listed as Miss Miles
            fitting = [o for o in fitting if known(o) != _MARRIED[said]] or fitting
        if said == "mrs":  # a Mrs married into the surname: not the daughter or sister born with it
            fitting = [o for o in fitting if known(o) == said or not self.entities[o].born_in] or fitting
        if len(same) == 1 and not [o for o in fitting if o not in same and not known(o)]:
            return same  # the one person given this title, and no relative of no known title who fits it
        return fitting or list(owners)

    def _has_rank(self, entity_id: str, rank: str) -> bool:
        """Say whether a person is known by a rank or profession's title with a name of more than
        one word ("DCI Llŷr Roberts", "Dr G. Williams"), or was given it by the case file."""
        entity = self.entities[entity_id]
        if rank in entity.ranks or (entity.title or "").casefold().rstrip(".") == rank:
            return True
        return any(
            len(words) >= 3 and words[0].casefold().rstrip(".") == rank for words in (n.split() for n in entity.names)
        )

    def sex_of(self, entity_id: str) -> str | None:
        """Return "f" or "m" for a person whose title or relationship says, or whose titled names
        all say one ("Mrs Patel", never "Mr Patel"), else None."""
        entity = self.entities[entity_id]
        known = _TITLE_SEX.get((entity.title or "").casefold().rstrip(".")) or entity.sex
        if known is not None:
            return known
        said = {_TITLE_SEX.get(name.split(" ", 1)[0].casefold().rstrip(".")) for name in entity.names if " " in name}
        said.discard(None)
        return said.pop() if len(said) == 1 else None

    def pick(self, owners: Sequence[str], title: str | None) -> tuple[str, bool]:
        """Choose one owner of a shared surface; say whether the choice was ambiguous."""
        if len(owners) == 1:
            return owners[0], False
        if title:
            titled = [o for o in owners if self.entities[o].title == title]
            if len(titled) == 1:
                return titled[0], False
        return owners[0], True

    def matcher(self) -> SurfaceMatcher:
        """Return a matcher over every entity surface and identifier (built lazily).

        Keys are ``E:<entity id>`` and ``I:<identifier text>``.
        """
        if self._matcher is None:
            surfaces: dict[str, str] = {}
            for entity in self.in_order():
                for name in entity.names:
                    if is_searched_for(name) and not is_lower_case_word(name, self._is_case_word):
                        surfaces.setdefault(name, "E:" + entity.id)
            for text in self.identifiers:
                surfaces.setdefault(text, "I:" + text)
            self._matcher = SurfaceMatcher(surfaces, is_word=self._is_case_word)
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
            for e in sorted(self.entities.values(), key=lambda e: id_number(e.id))
        )
        idents = {(i.label, i.text) for i in key.identifiers}
        idents |= {(label, text) for text, label in self.identifiers.items()}
        return dataclasses.replace(
            key,
            entities=entities,
            identifiers=tuple(KeyIdentifier(label=l, text=t) for l, t in sorted(idents)),
        )

