"""Near spellings: misspellings of known people's names (edit distance 1), flagged for a human.

Transcripts misspell names ("larrisa" for Larissa, "Jayne" for Jane); DOMAIN.md asks for edit
distance 1 on names of 5+ letters. Only distinctive names (not English words) are indexed, and
a dictionary word in the text is never read as a misspelt name ("trace"). Not handled: two
edits, names of under five letters, names of several words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.document import Document, Label, Note, NoteKind, Origin, Span
from redactor.entities import Registry
from redactor.intervals import Intervals
from redactor.name_forms import within_one_edit

_WORD = re.compile(r"[^\W\d_]{5,}")


def _deletions(word: str) -> set[str]:
    """Return every string made by deleting one character of ``word``."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def fuzzy_index(registry: Registry) -> dict[str, set[str]]:
    """Return one-deletion variants of people's distinctive names -> entity ids."""
    index: dict[str, set[str]] = {}
    for entity in registry.entities.values():
        if entity.label is not Label.PERSON:
            continue
        for name in entity.names:
            if len(name) >= 5 and name.isalpha() and not registry.is_word(name):
                for variant in _deletions(name.casefold()) | {name.casefold()}:
                    index.setdefault(variant, set()).add(entity.id)
    return index


class NearSpellings:
    """Finds misspellings of the registry's people; build it once the registry is complete."""

    def __init__(self, registry: Registry) -> None:
        self._reg = registry
        self._index: dict[str, set[str]] | None = None

    def find(self, doc: Document, covered_by: Iterable[Span]) -> tuple[list[Span], list[Note]]:
        """Return near-spelling spans of ``doc`` outside ``covered_by`` and outside what the
        document keeps on purpose ("Gwent" of Gwent Police is no misspelt name), and a note for each."""
        reg = self._reg
        if self._index is None:
            self._index = fuzzy_index(reg)
        index = self._index
        if not index:
            return [], []
        covered = Intervals.by_segment((s.segment_id, s.start, s.end) for s in (*covered_by, *doc.kept))
        found: list[Span] = []
        notes: list[Note] = []
        for seg in doc.segments:
            seg_covered = covered.get(seg.id)
            for match in _WORD.finditer(seg.text):
                word = match.group()
                if seg_covered is not None and seg_covered.covers(match.start(), match.end()):
                    continue
                folded = word.casefold()
                if reg.is_dictionary(word) or folded in index and any(
                    folded in {n.casefold() for n in reg.entity(i).names} for i in index[folded]
                ):
                    continue
                owners = {i for v in _deletions(folded) | {folded} for i in index.get(v, ())}
                owners = {
                    i for i in owners
                    if any(
                        within_one_edit(folded, n.casefold()) for n in reg.entity(i).names
                        if len(n) >= 5 and n not in reg.word_stems  # "Linds" is matched as written only
                    )
                }
                if not owners:
                    continue
                entity_id = min(owners, key=lambda i: reg.entity(i).order)
                found.append(Span(seg.id, match.start(), match.end(), Label.PERSON, "", 0.6, entity_id, Origin.NEAR_SPELLING))
                notes.append(Note(seg.id, NoteKind.NEAR_SPELLING, entity_id))
        return found, notes
