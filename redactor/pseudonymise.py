"""Pseudonymise: one pseudonym per entity, the same in every document and on every re-run.

Officer-chosen pseudonyms from the case file win; then the key's (earlier runs); new entities get
neutral labels in order of first appearance: "Person A", "Person B", ...; "Place 1", ...;
"Organisation 1", .... A generated label never equals another pseudonym or any real name in the
case.
"""

from __future__ import annotations

import dataclasses
import itertools
import string
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from redactor.document import Document, Label
from redactor.entities import Registry
from redactor.text import normalise


def _letters() -> Iterator[str]:
    for size in itertools.count(1):
        for combo in itertools.product(string.ascii_uppercase, repeat=size):
            yield "".join(combo)


def _labels(label: Label) -> Iterator[str]:
    if label is Label.PERSON:
        return (f"Person {s}" for s in _letters())
    word = "Place" if label is Label.LOCATION else "Organisation"
    return (f"{word} {n}" for n in itertools.count(1))


def assign_pseudonyms(registry: Registry) -> dict[str, str]:
    """Return entity id -> pseudonym for every entity of the case (deterministic).

    The registry is not changed: the officer's and the key's pseudonyms are read from it, the
    generated ones only returned.
    """
    entities = list(registry.in_order())
    real = {normalise(n) for e in entities for n in e.names}
    real_words = {n for n in real if " " not in n and len(n) >= 2}  # "du", not the "a" of "K. A."
    taken = {normalise(e.pseudonym) for e in entities if e.pseudonym}
    result: dict[str, str] = {}
    generators: dict[Label, Iterator[str]] = {}
    for entity in entities:
        if entity.pseudonym:
            result[entity.id] = entity.pseudonym
            continue
        gen = generators.setdefault(entity.label, _labels(entity.label))
        for candidate in gen:
            folded = normalise(candidate)
            # "Person DU" must not carry a real name ("Du") inside it, or verification cannot tell.
            if folded not in taken and folded not in real and folded.split()[-1] not in real_words:
                break
        taken.add(normalise(candidate))
        result[entity.id] = candidate
    return result


class Pseudonymise:
    """Stage: attach the case-wide pseudonyms of the entities this document mentions."""

    name = "pseudonymise"

    def __init__(self, pseudonyms: Mapping[str, str]) -> None:
        self._pseudonyms = dict(pseudonyms)

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with ``pseudonyms`` for each of its entities."""
        mine = {e.id: self._pseudonyms[e.id] for e in doc.entities}
        # Notes name entities by id; people read pseudonyms ("Adult C").
        notes = tuple(
            dataclasses.replace(note, pseudonym=self._pseudonyms.get(note.entity_id, note.entity_id))
            for note in doc.link_notes
        )
        return dataclasses.replace(doc, pseudonyms=MappingProxyType(mine), link_notes=notes)
