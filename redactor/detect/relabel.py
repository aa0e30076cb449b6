"""Relabel: fix the kind of spaCy's guesses that the model gets wrong in DHR reports.

Runs right after the keep stage, on the guesses it did not drop:

- an "organisation" that ends in a street word is a place ("Ollerby Crescent");
- an "organisation" that is a UK town or village is a place ("a flat in Dewsbury"): a town is
  never an organisation;
- a place or body guess that reads as a first name and a surname is a person ("Prepared by
  Fenella Gorringe");
- a guess followed by "a public house", "a pub", "a café" and the like is an organisation
  ("the Gilded Heron, a public house").

Only spaCy's guesses are relabelled: our recognizers say what they found. Not handled here: a
guess that names a known person of the case (linking gives it that person's entity and kind).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from redactor.detect.lists import uk_town_names
from redactor.document import Document, Label, Span
from redactor.names import VENUE_AFTER

#: Words that end a street's name.
STREET_WORDS = re.compile(
    r"\b(?:Road|Street|Avenue|Lane|Close|Crescent|Drive|Estate|Rise|Grove|Terrace|Gardens|Mews|"
    r"Square|Way|Walk|Park|Green|Hill|Row|Place)$"
)


def _without_the(text: str) -> str:
    text = text.strip(" .,;:()\"'’")
    return text[4:] if text[:4].casefold() == "the " else text


class Relabel:
    """Stage: give spaCy's place and body guesses the kind they really are."""

    name = "relabel"

    def __init__(self, *, is_word: Callable[[str], bool] = lambda _w: False) -> None:
        self._is_word = is_word

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with relabelled spans (the same spans, in the same order)."""
        return dataclasses.replace(doc, spans=tuple(self._relabel(doc, span) for span in doc.spans))

    def _relabel(self, doc: Document, span: Span) -> Span:
        if span.recognizer != "spacy_ner":
            return span
        after = doc.segment(span.segment_id).text[span.end : span.end + 40]
        if span.label is not Label.ORGANIZATION and VENUE_AFTER.match(after):
            return dataclasses.replace(span, label=Label.ORGANIZATION)  # "the Gilded Heron, a public house"
        if span.label is Label.ORGANIZATION and STREET_WORDS.search(doc.span_text(span).strip(" .,;:")):
            return dataclasses.replace(span, label=Label.LOCATION)  # "Ollerby Crescent"
        if span.label is Label.ORGANIZATION and _without_the(doc.span_text(span)) in uk_town_names():
            return dataclasses.replace(span, label=Label.LOCATION)  # "a flat in Dewsbury"
        if span.label is not Label.PERSON and self._looks_like_person(doc.span_text(span)):
            return dataclasses.replace(span, label=Label.PERSON)  # "Prepared by Fenella Gorringe"
        return span

    def _looks_like_person(self, text: str) -> bool:
        """Say whether a place or body guess is a first name and a surname ("Fenella Gorringe")."""
        tokens = text.strip(" .,;:()\"'’").split()
        if not 2 <= len(tokens) <= 3 or not all(t[:1].isupper() and t.isalpha() for t in tokens):
            return False
        first, last = tokens[0], tokens[-1]
        try:
            from redactor.detect.gazetteer import is_first_name, is_surname
        except ImportError:
            return False
        if STREET_WORDS.search(text) or self._is_word(first):
            return False
        # A listed first name, or an unlisted one before a listed surname that is not a word.
        return (is_first_name(first) and (is_surname(last) or not self._is_word(last))) or (
            is_surname(last) and not self._is_word(last)
        )
