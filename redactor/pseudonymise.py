"""Pseudonymise: one pseudonym per entity, the same in every document and on every re-run.

Officer-chosen pseudonyms from the case file win; then the key's (earlier runs); new entities get
neutral labels in order of first appearance: "Person A", "Person B", ...; "Place 1", ...;
"Organisation 1", .... A generated label never equals another pseudonym or any real name in the
case.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import string
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from redactor.document import Document, Label
from redactor.link import Registry
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
    """Return entity id -> pseudonym for every entity of the case (deterministic)."""
    real = {normalise(n) for e in registry.entities.values() for n in e.names}
    real_words = {n for n in real if " " not in n and len(n) >= 2}  # "du", not the "a" of "K. A."
    taken = {normalise(e.pseudonym) for e in registry.entities.values() if e.pseudonym}
    result: dict[str, str] = {}
    generators: dict[Label, Iterator[str]] = {}
    for entity in sorted(registry.entities.values(), key=lambda e: e.order):
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
        entity.pseudonym = candidate
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
        # Notes name entities by id ("entity:e3"); people read pseudonyms ("Adult C").
        notes = tuple(
            re.sub(r"entity:(e\d+)", lambda m: f'"{self._pseudonyms.get(m.group(1), m.group(1))}"', note) for note in doc.notes
        )
        return dataclasses.replace(doc, pseudonyms=MappingProxyType(mine), notes=notes)
