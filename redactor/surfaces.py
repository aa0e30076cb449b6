"""Find known surface forms (names, aliases, identifiers) in text.

Shared by linking (a name found once is found everywhere) and verification (no known identifier
is left), so both use the same rules:

- word boundaries: "Jan" never matches inside "January";
- any run of whitespace in a surface matches any whitespace (a name broken over a line);
- straight and curly apostrophes match each other;
- case-insensitive, except for surfaces that are also dictionary words ("Rose", "Will") or very
  short ("JD"): those match as written, in Title Case or in UPPER CASE only;
- distinctive names (``is_distinctive``) also match between digits or underscores ("kowalczyk85").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping

WordTest = Callable[[str], bool]


def is_case_sensitive(surface: str, is_word: WordTest) -> bool:
    """Say whether a surface must match in its written case (word-like or very short)."""
    letters = [ch for ch in surface if ch.isalpha()]
    if len(letters) <= 3:
        return True
    tokens = [t for t in re.split(r"[\s'’.-]+", surface) if t]
    return all(is_word(t) for t in tokens)


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


def _pattern(surface: str) -> str:
    parts = []
    for chunk in re.split(r"(\s+)", surface.strip()):
        if not chunk:
            continue
        if chunk.isspace():
            parts.append(r"\s+")
        else:
            parts.append("".join("['’]" if ch in "'’" else re.escape(ch) for ch in chunk))
    return "".join(parts)


def _alternation(surfaces: Iterable[str]) -> str:
    ordered = sorted(set(surfaces), key=lambda s: (-len(s), s))
    return "|".join(_pattern(s) for s in ordered)


class SurfaceMatcher:
    """Match many surfaces at once; each maps to a key (an entity id or an identifier id)."""

    def __init__(self, surfaces: Mapping[str, str], *, is_word: WordTest) -> None:
        """Build the matcher.

        Args:
            surfaces: surface text -> key. Later duplicates (same text) are ignored.
            is_word: says whether a single word is an English dictionary word.
        """
        self._keys: dict[str, str] = {}
        sensitive: list[str] = []
        insensitive: list[str] = []
        inside: list[str] = []
        for surface, key in surfaces.items():
            surface = " ".join(surface.split())
            if not surface or not any(ch.isalnum() for ch in surface):
                continue
            if is_case_sensitive(surface, is_word):
                for variant in {surface, surface.upper(), surface.title()}:
                    self._keys.setdefault(self._fold(variant, exact=True), key)
                    sensitive.append(variant)
            else:
                self._keys.setdefault(self._fold(surface, exact=False), key)
                insensitive.append(surface)
                if is_distinctive(surface, is_word):
                    inside.append(surface)
        self._regexes: list[tuple[re.Pattern[str], bool]] = []
        if sensitive:
            self._regexes.append(
                (re.compile(rf"(?<!\w)(?:{_alternation(sensitive)})(?!\w)"), True)
            )
        if insensitive:
            self._regexes.append(
                (re.compile(rf"(?<!\w)(?:{_alternation(insensitive)})(?!\w)", re.IGNORECASE), False)
            )
        if inside:
            # Not next to another letter: "kowalczyk85" and "DHR_Kowalczyk", never "Charlene".
            letter = r"[^\W\d_]"
            self._regexes.append(
                (re.compile(rf"(?<!{letter})(?:{_alternation(inside)})(?!{letter})", re.IGNORECASE), False)
            )

    @staticmethod
    def _fold(text: str, *, exact: bool) -> str:
        text = " ".join(text.replace("’", "'").split())
        return "=" + text if exact else "~" + text.casefold()

    def __bool__(self) -> bool:
        return bool(self._regexes)

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, key)`` for every match, in order, never overlapping.

        Where a case-sensitive and a case-insensitive surface overlap, the longer one wins.
        """
        found: list[tuple[int, int, str]] = []
        for regex, exact in self._regexes:
            for match in regex.finditer(text):
                key = self._keys.get(self._fold(match.group(), exact=exact))
                if key is not None:
                    found.append((match.start(), match.end(), key))
        end = -1
        for start, stop, key in sorted(found, key=lambda m: (m[0], m[0] - m[1])):
            if start >= end:
                yield start, stop, key
                end = stop
