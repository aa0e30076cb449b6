"""Relabel: fix the kind of spaCy's guesses that the model gets wrong in DHR reports.

Runs right after the keep stage, on the guesses it did not drop:

- an "organisation" that ends in a street word is a place ("Ollerby Crescent");
- an "organisation" that is a UK town or village is a place ("a flat in Dewsbury"): a town is
  never an organisation;
- a place or body guess that reads as a first name and a surname is a person ("Prepared by
  Fenella Gorringe");
- a guess followed by "a public house", "a pub", "a café" and the like is an organisation
  ("the Gilded Heron, a public house");
- a "person" ending in a street word or a building's word whose first word is no first name is a
  place ("Miry Lane", "Wigan Lane", "Trevanion House"), as is one after a house number ("12 Penny
  Lane");
- a "person" that is "St" and one name is a place ("St Austell");
- a "person" ending in a school's or a practice's word is an organisation ("Hindley High"), and
  so is a name our name lists found inside such an organisation ("Holly Bank" in "Holly Bank
  Primary");
- a guess in a table column headed "Address", "Area", "Lives" and the like is a place.

Only spaCy's guesses are relabelled (and, inside a school's name, our name lists'): our other
recognizers say what they found. Not handled here: a guess that names a known person of the case
(linking gives it that person's entity and kind).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from redactor.detect.gazetteer import is_first_name
from redactor.detect.lists import uk_town_names
from redactor.document import Document, Label, Span
from redactor.names import INSTITUTION_WORDS, VENUE_AFTER, strip_title

#: Words that end a street's name.
STREET_WORDS = re.compile(
    r"\b(?:Road|Street|Avenue|Lane|Close|Crescent|Drive|Estate|Rise|Grove|Terrace|Gardens|Mews|"
    r"Square|Way|Walk|Park|Green|Hill|Row|Place)$"
)


#: Words that end the name of a block of flats or a named house ("Trevanion House", "Kestrel Court").
BUILDING_WORDS = re.compile(
    r"\b(?:House|Court|Lodge|Mansions|Towers?|Heights|Hall|Cottages?|Villas|Flats|Apartments|Chambers|Mill)$"
)
#: A house number right before a name: "12 Penny Lane", "12a Penny Lane".
_HOUSE_NUMBER = re.compile(r"\b\d{1,4}[A-Za-z]?,?[ ]+$")
#: Table column headers whose cells are places.
_PLACE_COLUMN = re.compile(r"(?i)(?:home |current |last )?(?:address(?:es)?|area|location|lives?|lived|town|residence|where)\b.*")
#: Recognizers whose person guesses are only a list's word: a school's name may hold one.
_LIST_GUESSES = frozenset({"name_gazetteer", "spacy_ner"})


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
        headers = _word_headers(doc) if doc.places else {}  # read once per document, not per span
        spans = tuple(self._relabel(doc, span, headers) for span in doc.spans)
        schools = [s for s in spans if s.recognizer == "spacy_ner" and s.label is Label.ORGANIZATION
                   and INSTITUTION_WORDS.search(doc.span_text(s).strip(" .,;:"))]  # fmt: skip
        if schools:
            spans = tuple(
                dataclasses.replace(span, label=Label.ORGANIZATION)
                if span.label is Label.PERSON and span.recognizer in _LIST_GUESSES
                and any(s.segment_id == span.segment_id and s.start <= span.start and span.end < s.end for s in schools)
                else span
                for span in spans
            )  # "Holly Bank" in "Holly Bank Primary": the school's name
        return dataclasses.replace(doc, spans=spans)

    def _relabel(self, doc: Document, span: Span, headers: dict[tuple[str, int, int], str]) -> Span:
        if span.recognizer != "spacy_ner":
            return span
        if span.label is not Label.LOCATION and _in_place_column(doc, span, headers):
            return dataclasses.replace(span, label=Label.LOCATION)  # "| Mother | Pemberton |" under "Address"
        if span.label is Label.PERSON:
            text = doc.span_text(span).strip(" .,;:")
            words = text.split()
            if len(words) >= 2 and INSTITUTION_WORDS.search(text):
                return dataclasses.replace(span, label=Label.ORGANIZATION)  # "Hindley High"
            if len(words) == 2 and words[0] in ("St", "St.", "Saint") and words[1][:1].isupper():
                return dataclasses.replace(span, label=Label.LOCATION)  # "St Austell", "St Dennis"
            before = doc.segment(span.segment_id).text[max(0, span.start - 8) : span.start]
            placed = STREET_WORDS.search(text) or BUILDING_WORDS.search(text)
            if len(words) >= 2 and placed and strip_title(text)[0] is None and (
                words[0].isalpha() and len(words[0]) >= 2 and not is_first_name(words[0]) or _HOUSE_NUMBER.search(before)
            ):
                return dataclasses.replace(span, label=Label.LOCATION)  # "Miry Lane", "12 Penny Lane", "Trevanion House"
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
        if STREET_WORDS.search(text) or INSTITUTION_WORDS.search(text) or self._is_word(first):
            return False
        # A listed first name, or an unlisted one before a listed surname that is not a word.
        return (is_first_name(first) and (is_surname(last) or not self._is_word(last))) or (
            is_surname(last) and not self._is_word(last)
        )


def _in_place_column(doc: Document, span: Span, headers: dict[tuple[str, int, int], str]) -> bool:
    """Say whether a span stands in a table column headed "Address", "Area" or the like: a Word
    table's cell (by its row 1 cell in the same column) or a row of a table written with bars."""
    place = doc.places.get(span.segment_id)
    if place is not None and place.table is not None and place.column is not None and place.row not in (None, 1):
        header = headers.get((span.segment_id.split("/p/", 1)[0], place.table, place.column))
        return header is not None and bool(_PLACE_COLUMN.fullmatch(header))
    text = doc.segment(span.segment_id).text
    if "|" not in text:
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if not line.lstrip().startswith("|"):
        return False
    column = text.count("|", line_start, span.start) - 1
    header = None
    for previous in reversed(text[: max(0, line_start - 1)].split("\n")):  # the first line of this block of bar lines
        if not previous.lstrip().startswith("|"):
            break
        header = previous
    if header is None or column < 0:
        return False
    cells = header.strip().strip("|").split("|")
    return column < len(cells) and bool(_PLACE_COLUMN.fullmatch(cells[column].strip(" *_:")))



def _word_headers(doc: Document) -> dict[tuple[str, int, int], str]:
    """A Word document's table headers: (part, table, column) -> the text of the column's row 1
    cell (its first paragraph)."""
    headers: dict[tuple[str, int, int], str] = {}
    for seg in doc.segments:
        place = doc.places.get(seg.id)
        if place is not None and place.table is not None and place.row == 1 and place.column is not None and not place.nested:
            headers.setdefault((seg.id.split("/p/", 1)[0], place.table, place.column), seg.text.strip(" *_:"))
    return headers
