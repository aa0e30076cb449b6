"""Name lists: is a word a known first name or surname?

The lists live in ``models/names/`` (built offline by ``models/names/build_names.py`` from the US
Census and SSA lists, Faker and Mimesis locale data and a hand-written supplement; see the
README there). They are loaded once per process.

Lookups ignore case, curly versus straight apostrophes and diacritics ("ZOFIA", "Zófia" and
"zofia" all find "Zofia"). Not handled here: possessives ("Jane's" is not found: strip it
first), hyphenated names (look the parts up one by one), several words ("Mary Jane"), and
whether a name is also an English word (``redactor.detect.nlp.is_dictionary_word`` says that).
"""

from __future__ import annotations

import functools
from pathlib import Path

from redactor.text import name_key, strip_diacritics

NAMES_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "names"
FIRST_NAMES_FILE = NAMES_DIR / "first_names.txt"
SURNAMES_FILE = NAMES_DIR / "surnames.txt"
SEX_FILE = NAMES_DIR / "first_name_sex.txt"


def _read(path: Path) -> frozenset[str]:
    """Every name of a list, by ``name_key``: the whole file keyed at once (the key is taken a
    character at a time and a line break never combines, so it is each line's key)."""
    lines = name_key(path.read_text(encoding="utf-8")).splitlines()
    return frozenset(line for line in map(str.strip, lines) if line and not line.startswith("#"))


@functools.cache
def first_names() -> frozenset[str]:
    """Return every known first name, casefolded.

    Raises:
        OSError: ``models/names/first_names.txt`` is missing or unreadable.
    """
    return _read(FIRST_NAMES_FILE)


@functools.cache
def surnames() -> frozenset[str]:
    """Return every known surname, casefolded.

    Raises:
        OSError: ``models/names/surnames.txt`` is missing or unreadable.
    """
    return _read(SURNAMES_FILE)


def _lookup(word: str, names: frozenset[str]) -> bool:
    if not word:
        return False
    key = name_key(word)
    if key in names:
        return True
    return not key.isascii() and strip_diacritics(key) in names


def is_first_name(token: str) -> bool:
    """Say whether ``token`` (one word, any case) is in the first-name list, e.g. "Tomasz"."""
    return _lookup(token, first_names())


def is_surname(token: str) -> bool:
    """Say whether ``token`` (one word, any case) is in the surname list, e.g. "Kowalczyk"."""
    return _lookup(token, surnames())


@functools.cache
def _sexes() -> dict[str, str]:
    sexes: dict[str, str] = {}
    with SEX_FILE.open(encoding="utf-8") as stream:
        for line in stream:
            name, _, sex = line.rstrip("\n").partition("\t")
            if sex and not name.startswith("#"):
                sexes[name_key(name)] = sex
    return sexes


def first_name_sex(token: str) -> str | None:
    """Return "f" or "m" for a first name given (almost) only to women or to men ("Halina",
    "Marek"), None for one given both ways ("Jordan") or not known ("Dafydd")."""
    if not token:
        return None
    key = name_key(token)
    sexes = _sexes()
    return sexes.get(key) or (sexes.get(strip_diacritics(key)) if not key.isascii() else None)
