"""Text normalisation: the one place that says when two spellings are the same text.

Pure string code, shared by detection, linking, pseudonymisation, the key and verification.
Each function does one fixed thing; callers pick the one whose rule they need. Not handled
here: matching inside text (``redactor.surfaces`` does that, token by token).
"""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"['’]s?$")
_FILE_NAME_SEPARATORS = re.compile(r"[_\-.]")
# Letters that Unicode decomposition does not strip to ASCII (models/names/build_names.py folds
# the same).
_SPECIAL_FOLDS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae", "Æ": "Ae",
     "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L"}
)  # fmt: skip


#: Invisible characters that copy-paste leaves inside words: soft hyphen, zero-width space and
#: joiners, word joiner, byte-order mark ("Cra\u200bne" is Crane).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DROP_INVISIBLE = str.maketrans("", "", INVISIBLE)


def without_invisible(text: str) -> str:
    """Return ``text`` without the invisible characters copy-paste leaves inside words."""
    return text.translate(_DROP_INVISIBLE)


def collapse_spaces(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def tidy(text: str) -> str:
    """Unify apostrophes (curly to straight) and collapse whitespace."""
    return " ".join(text.replace("’", "'").split())


def fold(text: str) -> str:
    """Return ``tidy(text)`` casefolded: the form the key's keyed hashes are taken of."""
    return tidy(text).casefold()


def normalise(text: str) -> str:
    """Casefold, collapse whitespace, unify apostrophes, drop a leading "the" and a possessive."""
    text = tidy(text).strip(" .,;:()[]\"")
    text = _POSSESSIVE.sub("", text)
    if text.lower().startswith("the "):
        text = text[4:]
    return text.casefold()


def strip_possessive(text: str) -> str:
    """Drop a trailing possessive ("Jane's", "James'", "Jane’s")."""
    return _POSSESSIVE.sub("", text)


def name_key(word: str) -> str:
    """Return the lookup key of a name: casefolded, straight apostrophes, NFC."""
    word = word.replace("’", "'")
    if not word.isascii():
        word = unicodedata.normalize("NFC", word)
    return word.casefold()


def strip_diacritics(word: str) -> str:
    """Return ``word`` casefolded with its diacritics removed ("Zófia" -> "zofia", "Łukasz" -> "lukasz")."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_SPECIAL_FOLDS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def file_name_words(stem: str) -> str:
    """Return a file name's stem with ``_``, ``-`` and ``.`` read as spaces ("DHR_Jane_Doe")."""
    return _FILE_NAME_SEPARATORS.sub(" ", stem)
