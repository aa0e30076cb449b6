"""Find known surface forms (names, aliases, identifiers) in text.

Shared by linking (a name found once is found everywhere) and verification (no known identifier
is left), so both use the same rules:

- word boundaries: "Jan" never matches inside "January";
- any run of whitespace in a surface matches any whitespace (a name broken over a line);
- straight and curly apostrophes match each other;
- case-insensitive and accent-insensitive ("renee" finds "Renée"), except for surfaces that are
  also ordinary words ("Rose", "Will") or very short ("Kel"): those match as written, in Title
  Case or in UPPER CASE only; initials in capitals ("AB") match only as written;
- characters that copy-paste hides inside a word (soft hyphen, zero-width space and joiners) are
  ignored: "Bern\u00adadette" is "Bernadette";
- distinctive names (``is_distinctive``) also match between digits or underscores ("kowalczyk85").

Matching walks a token trie (words and single punctuation marks), so its cost grows with the
text, not with the number of surfaces: a case with thousands of names stays fast.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from redactor.text import INVISIBLE, collapse_spaces, without_invisible

WordTest = Callable[[str], bool]

#: A word broken over a line with a hyphen ("Hun-\nter" in notes read out) is one token; a token
#: runs through the invisible characters copy-paste leaves inside words (``text.INVISIBLE``), and
#: they are dropped from its text.
_TOKEN = re.compile(rf"(?:\w|[{INVISIBLE}])+(?:-[ \t]*\r?\n[ \t]*(?:\w|[{INVISIBLE}])+)*|[^\w\s{INVISIBLE}]")
_LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")
_HAS_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_LETTERS = re.compile(r"[^\W\d_]+")
_END = ""  # the trie key under which a node stores the surface key that ends there


def is_case_sensitive(surface: str, is_word: WordTest) -> bool:
    """Say whether a surface must match in its written case (word-like or very short)."""
    letters = [ch for ch in surface if ch.isalpha()]
    if len(letters) <= 3:
        # A three-letter short form that is no word ("Kez", "Daz") is typed in lower case too.
        return not (len(letters) == 3 and surface.isalpha() and surface.istitle() and not is_word(surface))
    tokens = [t for t in re.split(r"[\s'’.-]+", surface) if t]
    return all(is_word(t) for t in tokens)


def is_lower_case_word(surface: str, is_word: WordTest) -> bool:
    """Say whether a known surface is ordinary words typed in lower case ("welfare", from "at the
    welfare" for the miners' welfare club): replaced where it was found, never looked for
    elsewhere, where it is the word ("a concern for welfare")."""
    tokens = [t for t in re.split(r"[\s'’.-]+", surface) if t]
    return bool(tokens) and surface.islower() and all(is_word(t) for t in tokens)


def is_distinctive(surface: str, is_word: WordTest) -> bool:
    """Say whether a surface is a single Latin-script word of 5+ letters that is not a word.

    Such names ("Kowalczyk", "Brzezińska") are matched even inside longer tokens when no letter
    touches them ("kowalczyk85", "DHR_Kowalczyk").
    """
    return (
        len(surface) >= 5
        and surface.isalpha()
        and all(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in surface)
        and not is_word(surface)
    )


def _is_contraction(tokens: tuple[tuple[int, int, str, bool], ...], after: int) -> bool:
    """Say whether the tokens from ``after`` on are the "'t" of a contraction, with no space."""
    return (
        after + 1 < len(tokens) and tokens[after][2] == "'" and not tokens[after][3]
        and tokens[after + 1][2] in ("t", "T") and not tokens[after + 1][3]
    )


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[int, int, str, bool], ...]:
    """Return ``(start, end, token, space_before)``; curly apostrophes read as straight ones.

    Cached: keep, link and verify each match the same paragraphs against their own surfaces.
    """
    out: list[tuple[int, int, str, bool]] = []
    prev_end = -1
    invisible = _HAS_INVISIBLE.search(text) is not None
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        token = match.group()
        if "\n" in token:
            token = _LINE_BREAK_HYPHEN.sub("", token)
        if invisible:
            token = without_invisible(token)
            if not token:
                continue
        if token == "’":
            token = "'"
        out.append((start, end, token, prev_end != -1 and start > prev_end))
        prev_end = end
    return tuple(out)


@functools.lru_cache(maxsize=65_536)
def _fold(token: str) -> str:
    """Casefold and drop accents: the folded trie's key for a token."""
    folded = token.casefold()
    if folded.isascii():
        return folded
    return "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))


def _insert(trie: dict[Any, Any], surface: str, key: str, *, fold: bool) -> None:
    node = trie
    for index, (_s, _e, token, space) in enumerate(_tokens(surface)):
        node = node.setdefault((_fold(token) if fold else token, space and index > 0), {})
    node.setdefault(_END, key)


class SurfaceMatcher:
    """Match many surfaces at once; each maps to a key (an entity id or an identifier id)."""

    def __init__(self, surfaces: Mapping[str, str], *, is_word: WordTest) -> None:
        """Build the matcher.

        Args:
            surfaces: surface text -> key. Later duplicates (same text) are ignored.
            is_word: says whether a single word is an ordinary English word.
        """
        self._exact: dict[Any, Any] = {}
        self._folded: dict[Any, Any] = {}
        self._inside: dict[str, str] = {}
        for surface, key in surfaces.items():
            surface = collapse_spaces(surface)
            if not surface or not any(ch.isalnum() for ch in surface):
                continue
            if is_case_sensitive(surface, is_word):
                letters = [ch for ch in surface if ch.isalpha()]
                initials = len(letters) <= 3 and all(ch.isupper() for ch in letters)
                for variant in (surface,) if initials else (surface, surface.upper(), surface.title()):
                    _insert(self._exact, variant, key, fold=False)
            else:
                _insert(self._folded, surface, key, fold=True)
                if is_distinctive(surface, is_word):
                    self._inside.setdefault(surface.casefold(), key)

    def __bool__(self) -> bool:
        return bool(self._exact or self._folded)

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, key)`` for every match, in order, never overlapping (longest wins)."""
        tokens = _tokens(text)
        exact, folded = self._exact, self._folded
        index = 0
        while index < len(tokens):
            token = tokens[index][2]
            if (token, False) not in exact and (_fold(token), False) not in folded:
                best: tuple[int, str] | None = None  # no surface starts here: the common case
            else:
                best = self._longest(tokens, index)
                if best is not None and _is_contraction(tokens, index + best[0]):
                    best = None  # "Don't", "Won't": a word, not Don or Won
            if best is not None:
                count, key = best
                yield tokens[index][0], tokens[index + count - 1][1], key
                index += count
                continue
            start, _e, token, _space = tokens[index]
            if self._inside and not token.isalpha():
                for run in _LETTERS.finditer(token):
                    inside = self._inside.get(run.group().casefold())
                    if inside is not None:
                        yield start + run.start(), start + run.end(), inside
            index += 1

    def _longest(self, tokens: tuple[tuple[int, int, str, bool], ...], index: int) -> tuple[int, str] | None:
        """Return (tokens consumed, key) of the longest surface starting at ``tokens[index]``."""
        best: tuple[int, str] | None = None
        for trie, fold in ((self._exact, False), (self._folded, True)):
            node: dict[Any, Any] | None = trie
            for offset in range(index, len(tokens)):
                _s, _e, token, space = tokens[offset]
                node = node.get((_fold(token) if fold else token, space and offset > index))  # type: ignore[union-attr]
                if node is None:
                    break
                if _END in node and (best is None or offset - index + 1 > best[0]):
                    best = (offset - index + 1, node[_END])
        return best


#: A capitalised word right after a name: the name begins a longer one ("Prime Minister").
_CAPITALISED_NEXT = re.compile(r"[ \t]+[A-Z]")


def sentence_start(text: str, start: int) -> bool:
    """Say whether ``start`` opens a sentence, a line or a speaker's turn."""
    before = text[:start].rstrip(" \t\"“‘'")
    return not before or before[-1] in ".!?:\n"


#: What a business is, said right after its name: "Stronghold, the gym on Cheney Manor",
#: "Kindly, the home care lot", "Prime - the agency".
_KIND_AFTER = re.compile(
    r"[ \t]*[,:–—-][ \t]*(?:the|a|an|our|her|his|their|my)[ \t]+(?:(?:local|little|new|old|big)[ \t]+)?"
    r"(?:gym|pub|bar|club|nightclub|restaurant|caf[eé]|takeaway|chippy|shop|hotel|salon|garage|factory|warehouse|"
    r"firm|company|business|agency|home[ \t]+care|care[ \t]+(?:company|agency|firm)|carers|church|chapel|mosque|"
    r"bingo|bookies|snooker[ \t]+hall|car[ \t]+wash|caravan[ \t]+(?:site|park)|food[ \t]+bank|charity|cafe)\b",
    re.IGNORECASE,
)


def names_word_business(text: str, start: int, end: int) -> bool:
    """Say whether a business known by one ordinary word ("Star" of Star Cars, "Prime" of Prime
    Staffing) is named at ``text[start:end]``: inside a sentence, or at a sentence's start where
    what follows says what it is ("Stronghold, the gym on Cheney Manor"); never the start of a
    longer capitalised name ("Prime Minister", "Star Wars"). Linking and verification both ask."""
    if _CAPITALISED_NEXT.match(text, end):
        return False
    return not sentence_start(text, start) or _KIND_AFTER.match(text, end) is not None
