"""Keep: drop detections of things a DHR names on purpose.

Public agencies, large places, role and kinship words, months and pseudonym labels are not
identifiers (DOMAIN.md section 2, "Keep"). The lists live in ``models/allow/``; a case file's
``[keep] terms`` extend them. Only guesses (people, places, organisations, whoever found them) are filtered:
validated patterns are never dropped here (case-file matches are added later, by linking).
This stage only drops spans (to ``Document.kept``); fixing a guess's kind is ``detect.relabel``'s.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable

import regex

from redactor.detect.areas import area_regions, public_body_regions, uk_areas
from redactor.detect.lists import allow_list, country_names, world_city_names
from redactor.document import ENTITY_LABELS, Document, Label, Origin, Span
from redactor.intervals import Intervals
from redactor.name_forms import spelled_word
from redactor.names import TITLES
from redactor.surfaces import SurfaceMatcher
from redactor.text import normalise

#: A rule's verdict on a guess: kept (True), not kept (False), or None: the next rule decides.
Verdict = bool | None

#: Spans of these kinds are guesses (model, titles, name lists, speaker labels), whatever found them.
_GUESSED_LABELS = ENTITY_LABELS
_LABEL_LIKE = re.compile(
    r"^(?:person|adult|child|subject|friend|neighbour|relative|gp|officer|practitioner|place|"
    r"organisation|victim|perpetrator)\s+[a-z0-9]{1,2}$",
    re.IGNORECASE,
)
#: Our own name detectors, which judge a word in its context before calling it a name.
_NAME_DETECTORS = frozenset({"name_gazetteer"})
#: Detectors that find a name by how it is said, not by what it looks like: a spelled-out name
#: ("N I A M H") or a pub after "down the" ("the Swan"). Only an explicit keep (a keep term, the
#: area, a protected body) overrides them, never the word-likeness rules.
_CONTEXT_DETECTORS = frozenset({"spelled_name", "private_place", "lowercase_name", "estate_name"})
_RANK_COLLAR_NAME = re.compile(r"^(?:PC|DC|PS|DS|Sgt|Insp|PCSO)\s?\d{2,5}\s+[A-Z]")
_ACRONYM = re.compile(r"^[A-Z&]{2,5}s?$")
#: The half of the day after a time: "7:12:09 AM", "9 P.M.".
_TIME_OF_DAY = re.compile(r"\d[ ]?(?P<half>AM|PM|A\.M\.|P\.M\.)(?![\w])")
_DOTTED_INITIALS = re.compile(r"^(?:[A-Z]\.[ ]?){1,3}[A-Z]\.?$")
#: Words of a workplace's name (normalised): a body named so is an employer, never a public body
#: kept by an agency word in its name ("Deeside Parcel Hub").
_WORKPLACE = frozenset(
    "parcel parcels distribution logistics warehouse depot cars taxis cabs amusements foods scaffolding haulage "
    "couriers removals packaging recycling".split()
)


@functools.cache
def _load_list(name: str) -> frozenset[str]:
    return frozenset(normalise(term) for term in allow_list(name))


@functools.cache
def _countries() -> frozenset[str]:
    return frozenset(normalise(name) for name in country_names())


@functools.cache
def _world_cities() -> frozenset[str]:
    return frozenset(normalise(name) for name in world_city_names())


#: A hospital by its town and "Royal", as people call it: "the Royal Derby", "Calderdale Royal",
#: "Royal Stoke" (not "Royal Oak", a pub, nor "Royal Mail"): the town must be one.
_ROYAL = regex.compile(
    r"(?<![\p{L}\p{N}])(?:Royal[ ](?P<after>\p{Lu}\p{Ll}+)|(?P<before>\p{Lu}\p{Ll}+)[ ]Royal)(?![\p{L}\p{N}]|[ ]\p{Lu})"
)


def _royal_hospitals(text: str) -> list[tuple[int, int]]:
    from redactor.detect.lists import uk_town_names

    found = []
    for match in _ROYAL.finditer(text):
        town = match.group("after") or match.group("before")
        if town in uk_town_names() or is_large_place(town):
            found.append(match.span())
    return found


def is_large_place(text: str) -> bool:
    """Say whether ``text`` names a country, a UK council area or city, or a city abroad: never
    a person's name misspelt ("Derry" is no "Berry")."""
    return _is_large(normalise(text))


def _is_large(norm: str) -> bool:
    return norm in _load_list("places.txt") or norm in _countries() or norm in uk_areas() or norm in _world_cities()


@functools.cache
def _agency_words() -> re.Pattern[str]:
    words = sorted(_load_list("agency_words.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@functools.cache
def _football() -> regex.Pattern[str]:
    clubs = sorted(allow_list("football_clubs.txt"), key=len, reverse=True)
    club = "|".join(regex.escape(c) for c in clubs)
    before = (
        r"(?i:support(?:s|ed|ing|er|ers)?|fans?[ ]of|follow(?:s|ed|ing)?|season[ ]ticket[ ](?:at|for)|watch(?:es|ed|ing)?"
        r"|played[ ]for|signed[ ]for)[ ](?:the[ ])?"  # not "loved": "he loved Chelsea" may be a person
    )
    after = (
        r"[ ](?i:fan|fans|supporter|supporters|shirt|shirts|top|kit|scarf|game|games|match|matches|season[ ]ticket"
        r"|were[ ]playing|won|lost|drew|beat|away|at[ ]home|FC|AFC)(?![\p{L}])"
    )
    return regex.compile(rf"(?<={before})(?:{club})(?![\p{{L}}])|(?<![\p{{L}}])(?:{club})(?={after})")


def football_regions(text: str) -> list[tuple[int, int]]:
    """Return where ``text`` names a football club as one, by the words around it: "she
    supported Burnley", "a Chelsea shirt" (a club named after a town or a name is kept only so)."""
    return [m.span() for m in _football().finditer(text)]


#: The allow lists whose entries are kept wherever they are found, as written.
_ALLOW_FILES = ("agencies.txt", "brands.txt", "terms.txt", "phrases.txt")


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


#: Titles and ranks before a surname: "Superintendent Cook" is a person, "Text Box" is not.
_TITLES = frozenset(t.casefold() for t in TITLES) | frozenset(
    "superintendent inspector constable sergeant detective officer doctor nurse matron chief judge".split()
)
#: Words right before a name that say a person has it: "a mate called Robin", "my
#: sister-in-law's called Marigold", "a bloke named Seren".
_PERSON_CALLED = regex.compile(
    r"(?i:\b(?:bloke|man|woman|lad|lass|girl|boy|fella|fellow|guy|mate|friend|pal|husband|wife|partner|"
    r"boyfriend|girlfriend|sister|brother|mum|mam|mother|dad|father|son|daughter|cousin|aunt|auntie|uncle|"
    r"in-law|neighbour|someone|somebody|person)(?:['’]s)?[ ](?:is[ ]|was[ ])?(?:called|named)[ ])$"
)


def _called_a_person(text: str, start: int) -> bool:
    return _PERSON_CALLED.search(text, max(0, start - 50), start) is not None


@dataclasses.dataclass(frozen=True, slots=True)
class _Guess:
    """A guessed span's text as the keep rules read it."""

    text: str
    norm: str  # ``normalise(text)``
    tokens: tuple[str, ...]  # the words of ``norm``
    label: Label
    recognizer: str

    @property
    def letters(self) -> list[str]:
        return [ch for ch in self.text if ch.isalpha()]


#: Words that go with roles in a speakers' key: "Independent Chair", "Chair of the Review Panel".
_ROLE_FILLERS = frozenset("independent lead the of and for to".split())


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
        areas: Iterable[str] = (),
        decided: Iterable[str] = (),
    ) -> None:
        """``decided`` are the keep terms that come from the officer's decisions (rejected
        entities): what they keep is recorded as the officer's decision, not a keep rule's."""
        keep_terms = tuple(keep_terms)
        self._decided = frozenset(normalise(t) for t in decided)
        #: The review's own council area (case file or inferred): kept wherever it is named.
        self._areas = tuple(a for a in areas if a.strip())
        self._area_norms = frozenset(normalise(a) for a in self._areas)
        self._large_places = large_places
        self._public_bodies = public_bodies
        self._keep = frozenset(normalise(t) for t in keep_terms) | frozenset(
            normalise(p) for p in pseudonyms
        )
        self._is_word = is_word
        allowed = allow_terms() if public_bodies else allow_list("terms.txt")
        self._protected = SurfaceMatcher({t: t for t in (*allowed, *keep_terms)}, is_word=is_word)
        #: Protected regions a detection worker already found, by text (``remember``).
        self._found: dict[str, list[tuple[int, int]]] = {}
        #: Verdicts already given, by (text, label, recognizer): a name recurs on every page.
        self._verdicts: dict[tuple[str, Label, str], bool] = {}
        #: The rules, in order: the first verdict that is not None decides; none means not kept.
        self._rules: tuple[Callable[[_Guess], Verdict], ...] = (
            self._not_a_name,
            self._roles_only,
            self._large_place,
            self._numbered_room,
            self._agency,
            self._person,
            self._place_or_body,
        )

    def protected(self, text: str) -> list[tuple[int, int]]:
        """Return the regions of ``text`` that name an allow-listed body, a keep term, the case's
        council area, any UK council area (unless the case redacts large places) or a public body
        named after a place (unless it redacts public bodies): "Safer Wirral Partnership"."""
        found = self._found.pop(text, None)
        if found is not None:
            return found
        regions = [(s, e) for s, e, _ in self._protected.find(text)] + football_regions(text)
        regions += [m.span("half") for m in _TIME_OF_DAY.finditer(text)]  # "7:12 AM" is no one's initials
        if self._public_bodies:
            regions += public_body_regions(text)
            if "Royal" in text:
                regions += _royal_hospitals(text)
        if self._large_places:
            regions += area_regions(text, self._areas, is_word=self._is_word)
        elif self._areas:
            regions += area_regions(text, self._areas, listed=False, is_word=self._is_word)
        return regions

    def remember(self, text: str, regions: list[tuple[int, int]]) -> None:
        """Hold ``protected(text)``, found by a detection worker, for this stage to use once."""
        self._found[text] = regions

    def is_kept(self, text: str, label: Label, recognizer: str = "spacy_ner") -> bool:
        """Say whether a guessed span with this text and label names something kept (``_is_kept``)."""
        verdict = self._verdicts.get((text, label, recognizer))
        if verdict is None:
            verdict = self._verdicts[(text, label, recognizer)] = self._is_kept(text, label, recognizer)
        return verdict

    def _is_kept(self, text: str, label: Label, recognizer: str) -> bool:
        """Say whether a guessed span with this text and label names something kept.

        ``recognizer`` says who guessed: our name detectors have already judged a lone word in
        its context ('née Sousa'), so the dictionary test applies to the model's guesses.
        """
        if (spelled := spelled_word(text)) is not None:
            from redactor.detect.lists import not_label_words

            # "B I S H O P": a name spelled out, never a police log in capitals; "D.O.B." a field
            return spelled.casefold() in not_label_words()
        norm = normalise(text)
        guess = _Guess(text, norm, tuple(norm.split()), label, recognizer)
        if recognizer in _CONTEXT_DETECTORS:
            return norm in self._keep
        for rule in self._rules:
            verdict = rule(guess)
            if verdict is not None:
                return verdict
        return False

    # -- the rules ------------------------------------------------------------------------
    def _not_a_name(self, g: _Guess) -> Verdict:
        """Keep what is empty, a keep term or pseudonym, a pseudonym-like label ("Adult C") or
        letterless; never dotted initials guessed as a body ("C.W.")."""
        if not g.norm or g.norm in self._keep or _LABEL_LIKE.match(g.norm):
            return True
        if not any(ch.isalpha() for ch in g.norm):
            return True
        if g.label is not Label.PERSON and _DOTTED_INITIALS.match(g.text.strip()):
            return False  # "C.W.", "G.L.": someone's initials, never a body's shorthand
        return None

    def _roles_only(self, g: _Guess) -> Verdict:
        """Keep a guess of role words only, a speakers' key line among them ("Chair - Independent
        Chair", "Interviewer / Reviewer"): no one is named."""
        from redactor.detect.lists import not_label_words

        words = re.findall(r"[a-z]+", g.norm)
        if len(words) >= 2 and all(w in not_label_words() or w in _ROLE_FILLERS for w in words):
            return True
        return None

    def _large_place(self, g: _Guess) -> Verdict:
        """Keep a large place ("Kent", "Estonia": neither a person nor identifying), unless the
        case redacts large places."""
        if g.norm in self._area_norms:
            return True  # the review's own council area: always named on purpose
        if _is_large(g.norm):
            return self._large_places
        return None

    def _numbered_room(self, g: _Guess) -> Verdict:
        """Keep a numbered room ("Flat 4", "Room 2", "Ward 7"): not identifying on its own."""
        if g.label is not Label.PERSON and len(g.tokens) == 2 and self._is_word(g.tokens[0]) and g.tokens[1].isdigit():
            return True
        return None

    def _agency(self, g: _Guess) -> Verdict:
        """Keep a guess with an agency acronym inside ("Lewisham MARAC", "the IDVA"; not "Costa"
        the surname) or an agency word ("Safer Swansea Partnership", "Solace Advocacy Service")."""
        agencies = self._agencies()
        if len(g.tokens) > 1 and not _WORKPLACE.isdisjoint(g.tokens):
            return False  # "Deeside Parcel Hub", "Severnside Distribution": a workplace, whatever its name holds
        if any(len(tok) >= 2 and tok.isupper() and normalise(tok) in agencies for tok in g.text.split()):
            return True
        if self._public_bodies and _agency_words().search(g.text) and (len(g.tokens) > 1 or g.label is not Label.LOCATION):
            return True
        return None

    def _person(self, g: _Guess) -> Verdict:
        """Decide a person guess: noise, dictionary words and capitals are kept, a name is not."""
        if g.label is not Label.PERSON:
            return None
        not_names = _load_list("not_names.txt")
        tokens, text = g.tokens, g.text
        if not any(ch.isupper() for ch in text):
            # The model's lower-case guesses are noise, but for a listed first name no dictionary
            # knows ("stan", "gwyn"): the lower-case name detector agreed, at a lower score.
            return not (len(tokens) == 1 and len(tokens[0]) >= 3 and _is_first_name(tokens[0])
                        and not self._is_word(tokens[0]))
        if (
            # "Text Box 2", "Rectangle 469"; not "DC 2214 Whitaker" (rank, collar number, name)
            (any(ch.isdigit() for ch in text) and not _RANK_COLLAR_NAME.match(text))
            or g.norm in not_names
            or all(tok in not_names for tok in tokens)
            # "Appendix C", "Section 4"
            or (tokens[0] in not_names and all(len(t) <= 2 or t.isdigit() for t in tokens[1:]))
        ):
            return True
        if all(self._is_word(t) for t in tokens) and (len(tokens) > 1 or g.recognizer not in _NAME_DETECTORS):
            letters = g.letters
            if len(tokens) == 1 and not all(ch.isupper() for ch in letters):
                # "Patient", "Square": a lone dictionary word is a name only if it is a known
                # first name ("Rose", "Grace"); the gazetteer decides.
                return not _is_first_name(tokens[0])
            if all(ch.isupper() for ch in letters) and not any(_is_first_name(t) for t in tokens):
                return True  # "BELIEVES MALE", "SILVER ASTRA" in a police log; not "MISS HYACINTH"
            if g.recognizer == "spacy_ner" and tokens[0] not in _TITLES and not any(_is_first_name(t) for t in tokens):
                return True  # "Text Box", "Straight Connector": the model's guess, no name in it
        return False

    def _place_or_body(self, g: _Guess) -> Verdict:
        """Decide a place or body guess: dictionary words, police-log capitals and listed names are kept."""
        # A case that redacts every place or body accepts over-redaction: the dictionary rules
        # below would keep "Amsterdam" and "Phoenix" (WordNet lists them).
        lenient = self._large_places if g.label is Label.LOCATION else self._public_bodies
        if lenient and len(g.tokens) == 1 and self._is_word(g.tokens[0]):
            return True  # a lone dictionary word guessed as a place or body: "Name", "Children"
        words = re.findall(r"[a-z]+", g.norm)
        if lenient and words and all(ch.isupper() for ch in g.letters) and all(self._is_word(t) for t in words):
            return True  # "CONTROL LOG", "FEMALE LOCATED": a police log in capitals
        places = _load_list("places.txt") if self._large_places else frozenset()
        agencies = self._agencies()
        if g.label is Label.LOCATION:
            return g.norm in places or g.norm in agencies
        if g.label is Label.ORGANIZATION:
            stripped = g.text.strip(" .,;:()\"'’")
            return self._public_bodies and (
                g.norm in agencies
                or g.norm in places
                or bool(_agency_words().search(g.text))
                # Short capitalised acronyms in reports are overwhelmingly agency shorthand
                # (CSC, ASC, A&E); a private body spelt as an acronym is a known miss.
                or bool(_ACRONYM.match(stripped))
            )
        return None

    def _agencies(self) -> frozenset[str]:
        return _allowed() if self._public_bodies else _load_list("terms.txt")

    # -- the stage ------------------------------------------------------------------------
    def run(self, doc: Document) -> Document:
        """Return ``doc`` without the guessed spans that name kept things (moved to ``kept``).

        A kept word said as a person's name ("a mate called Robin", when Robin is also the
        local charity) is no keep there.
        """
        texts = {seg.id: seg.text for seg in doc.segments}
        verdicts = [
            span.label in _GUESSED_LABELS and self.is_kept(doc.span_text(span), span.label, span.recognizer)
            and not _called_a_person(texts[span.segment_id], span.start)
            for span in doc.spans
        ]
        # Kept organisation guesses are protected regions too: nothing inside them goes.
        regions = [
            (s.segment_id, s.start, s.end)
            for s, kept_it in zip(doc.spans, verdicts, strict=True)
            if kept_it and s.recognizer == "spacy_ner" and s.label is Label.ORGANIZATION
        ]
        literal: list[Span] = []
        for seg in doc.segments:
            for start, end in self.protected(seg.text):
                if _called_a_person(seg.text, start):
                    continue
                origin = Origin.DECISION if normalise(seg.text[start:end]) in self._decided else Origin.ALLOW_LIST
                literal.append(Span(seg.id, start, end, Label.ORGANIZATION, "", 1.0, origin=origin))
                regions.append((seg.id, start, end))
        spans: list[Span] = []
        kept: list[Span] = list(doc.kept) + literal
        covered = Intervals.by_segment(regions)
        for span, kept_it in zip(doc.spans, verdicts, strict=True):
            if span.label in _GUESSED_LABELS and (
                kept_it or (span.segment_id in covered and covered[span.segment_id].covers(span.start, span.end))
            ):
                if self._decided and normalise(doc.span_text(span)) in self._decided:
                    span = dataclasses.replace(span, origin=Origin.DECISION)
                kept.append(span)
            else:
                spans.append(span)
        return dataclasses.replace(doc, spans=tuple(spans), kept=tuple(kept))
