"""Keep: drop detections of things a DHR names on purpose.

Public agencies, large places, role and kinship words, months and pseudonym labels are not
identifiers (DOMAIN.md section 2, "Keep"). The lists live in ``models/allow/``; a case file's
``[keep] terms`` extend them. Only guesses (people, places, organisations, whoever found them) are filtered:
validated patterns are never dropped here (case-file matches are added later, by linking).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable

from redactor.detect.lists import allow_list, country_names
from redactor.document import ENTITY_LABELS, Document, Label, Origin, Span
from redactor.intervals import Intervals
from redactor.surfaces import SurfaceMatcher
from redactor.text import normalise

#: Spans of these kinds are guesses (model, titles, name lists, speaker labels), whatever found them.
_GUESSED_LABELS = ENTITY_LABELS
_LABEL_LIKE = re.compile(
    r"^(?:person|adult|child|subject|friend|neighbour|relative|gp|officer|practitioner|place|"
    r"organisation|victim|perpetrator)\s+[a-z0-9]{1,2}$",
    re.IGNORECASE,
)
#: Our own name detectors, which judge a word in its context before calling it a name.
_NAME_DETECTORS = frozenset({"name_gazetteer"})
_RANK_COLLAR_NAME = re.compile(r"^(?:PC|DC|PS|DS|Sgt|Insp|PCSO)\s?\d{2,5}\s+[A-Z]")
_ACRONYM = re.compile(r"^[A-Z&]{2,5}s?$")


@functools.cache
def _load_list(name: str) -> frozenset[str]:
    return frozenset(normalise(term) for term in allow_list(name))


@functools.cache
def _countries() -> frozenset[str]:
    return frozenset(normalise(name) for name in country_names())


@functools.cache
def _agency_words() -> re.Pattern[str]:
    words = sorted(_load_list("agency_words.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


_STREET_WORDS = re.compile(
    r"\b(?:Road|Street|Avenue|Lane|Close|Crescent|Drive|Estate|Rise|Grove|Terrace|Gardens|Mews|"
    r"Square|Way|Walk|Park|Green|Hill|Row|Place)$"
)


#: The allow lists whose entries are kept wherever they are found, as written.
_ALLOW_FILES = ("agencies.txt", "brands.txt", "terms.txt")


@functools.cache
def allow_terms() -> tuple[str, ...]:
    """Return the public bodies, brands and terms of ``models/allow/`` as written."""
    return tuple(term for name in _ALLOW_FILES for term in allow_list(name))


@functools.cache
def _allowed() -> frozenset[str]:
    return frozenset(normalise(t) for t in allow_terms())


def _is_first_name(token: str) -> bool:
    try:
        from redactor.detect.gazetteer import is_first_name
    except ImportError:  # without name lists, keep treating the model's guess as a name
        return True
    return bool(is_first_name(token))


class KeepFilter:
    """Stage: drop model guesses that are public bodies, big places, roles or labels.

    Literal mentions of allow-listed bodies and case keep terms are protected regions: no guess
    inside one is kept as an identifier ("Children" in "Children's Social Care").
    """

    name = "keep"

    def __init__(
        self,
        *,
        keep_terms: Iterable[str] = (),
        pseudonyms: Iterable[str] = (),
        is_word: Callable[[str], bool] = lambda _w: False,
        large_places: bool = True,
        public_bodies: bool = True,
    ) -> None:
        keep_terms = tuple(keep_terms)
        self._large_places = large_places
        self._public_bodies = public_bodies
        self._keep = frozenset(normalise(t) for t in keep_terms) | frozenset(
            normalise(p) for p in pseudonyms
        )
        self._is_word = is_word
        allowed = allow_terms() if public_bodies else allow_list("terms.txt")
        self._protected = SurfaceMatcher({t: t for t in (*allowed, *keep_terms)}, is_word=is_word)

    def protected(self, text: str) -> list[tuple[int, int]]:
        """Return the regions of ``text`` that name an allow-listed body or a keep term."""
        return [(s, e) for s, e, _ in self._protected.find(text)]

    def is_kept(self, text: str, label: Label, recognizer: str = "spacy_ner") -> bool:
        """Say whether a guessed span with this text and label names something kept.

        ``recognizer`` says who guessed: our name detectors have already judged a lone word in
        its context ('née Sousa'), so the dictionary test below applies to the model's guesses.
        """
        norm = normalise(text)
        if not norm or norm in self._keep or _LABEL_LIKE.match(norm):
            return True
        if not any(ch.isalpha() for ch in norm):
            return True
        tokens = norm.split()
        not_names = _load_list("not_names.txt")
        agencies = _allowed() if self._public_bodies else _load_list("terms.txt")
        places = _load_list("places.txt") if self._large_places else frozenset()
        if norm in _load_list("places.txt") or norm in _countries():
            # "Kent" and "Estonia" are neither people nor identifying places, unless the case
            # redacts large places.
            return self._large_places
        if label is not Label.PERSON and len(tokens) == 2 and self._is_word(tokens[0]) and tokens[1].isdigit():
            return True  # "Flat 4", "Room 2", "Ward 7": not identifying on their own
        if any(len(tok) >= 2 and tok.isupper() and normalise(tok) in agencies for tok in text.split()):
            return True  # an agency acronym inside: "Lewisham MARAC", "the IDVA" (not "Costa" the surname)
        if self._public_bodies and _agency_words().search(text) and (len(tokens) > 1 or label is not Label.LOCATION):
            return True  # "Safer Swansea Partnership", "Solace Advocacy Service", "Council"
        if label is Label.PERSON and (
            not any(ch.isupper() for ch in text)  # the model's lower-case guesses are noise
            # "Text Box 2", "Rectangle 469"; not "DC 2214 Whitaker" (rank, collar number, name)
            or (any(ch.isdigit() for ch in text) and not _RANK_COLLAR_NAME.match(text))
            or norm in not_names
            or all(tok in not_names for tok in tokens)
            # "Appendix C", "Section 4"
            or (tokens[0] in not_names and all(len(t) <= 2 or t.isdigit() for t in tokens[1:]))
        ):
            return True
        if label is Label.PERSON and all(self._is_word(t) for t in tokens) and (
            len(tokens) > 1 or recognizer not in _NAME_DETECTORS
        ):
            letters = [ch for ch in text if ch.isalpha()]
            if len(tokens) == 1 and not all(ch.isupper() for ch in letters):
                # "Patient", "Square": a lone dictionary word is a name only if it is a known
                # first name ("Rose", "Grace"); the gazetteer decides.
                return not _is_first_name(tokens[0])
            if all(ch.isupper() for ch in letters) and not any(_is_first_name(t) for t in tokens):
                return True  # "BELIEVES MALE", "SILVER ASTRA" in a police log; not "MISS HYACINTH"
        if label is Label.PERSON:
            return False
        # A case that redacts every place or body accepts over-redaction: the dictionary rules
        # below would keep "Amsterdam" and "Phoenix" (WordNet lists them).
        lenient = self._large_places if label is Label.LOCATION else self._public_bodies
        if lenient and len(tokens) == 1 and self._is_word(tokens[0]):
            return True  # a lone dictionary word guessed as a place or body: "Name", "Children"
        letters = [ch for ch in text if ch.isalpha()]
        words = re.findall(r"[a-z]+", norm)
        if lenient and words and all(ch.isupper() for ch in letters) and all(self._is_word(t) for t in words):
            return True  # "CONTROL LOG", "FEMALE LOCATED": a police log in capitals
        if label is Label.LOCATION:
            return norm in places or norm in agencies
        if label is Label.ORGANIZATION:
            stripped = text.strip(" .,;:()\"'’")
            return self._public_bodies and (
                norm in agencies
                or norm in places
                or bool(_agency_words().search(text))
                # Short capitalised acronyms in reports are overwhelmingly agency shorthand
                # (CSC, ASC, A&E); a private body spelt as an acronym is a known miss.
                or bool(_ACRONYM.match(stripped))
            )
        return False

    def run(self, doc: Document) -> Document:
        """Return ``doc`` without the guessed spans that name kept things."""
        kept_regions = self._kept_regions(doc)
        literal: list[Span] = []
        for seg in doc.segments:
            for start, end in self.protected(seg.text):
                literal.append(Span(seg.id, start, end, Label.ORGANIZATION, "", 1.0, origin=Origin.ALLOW_LIST))
                kept_regions.append((seg.id, start, end))
        spans: list[Span] = []
        kept: list[Span] = list(doc.kept) + literal
        regions = Intervals.by_segment(kept_regions)
        for span in doc.spans:
            if span.label in _GUESSED_LABELS and (
                self.is_kept(doc.span_text(span), span.label, span.recognizer)
                or (span.segment_id in regions and regions[span.segment_id].covers(span.start, span.end))
            ):
                kept.append(span)
                continue
            if span.recognizer == "spacy_ner" and span.label is Label.ORGANIZATION and _STREET_WORDS.search(
                doc.span_text(span).strip(" .,;:")
            ):
                span = dataclasses.replace(span, label=Label.LOCATION)  # "Ollerby Crescent"
            elif span.recognizer == "spacy_ner" and span.label is not Label.PERSON and self._looks_like_person(
                doc.span_text(span)
            ):
                span = dataclasses.replace(span, label=Label.PERSON)  # "Prepared by Fenella Gorringe"
            spans.append(span)
        return dataclasses.replace(doc, spans=tuple(spans), kept=tuple(kept))

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
        if _STREET_WORDS.search(text) or self._is_word(first):
            return False
        # A listed first name, or an unlisted one before a listed surname that is not a word.
        return (is_first_name(first) and (is_surname(last) or not self._is_word(last))) or (
            is_surname(last) and not self._is_word(last)
        )

    def _kept_regions(self, doc: Document) -> list[tuple[str, int, int]]:
        """Return the guessed organisation spans that are kept: nothing inside them goes."""
        return [
            (s.segment_id, s.start, s.end)
            for s in doc.spans
            if s.recognizer == "spacy_ner"
            and s.label is Label.ORGANIZATION
            and self.is_kept(doc.span_text(s), s.label)
        ]
