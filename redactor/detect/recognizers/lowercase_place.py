"""UK towns and villages typed in lower case in informal transcripts: "moved to porthcawl"."""

from __future__ import annotations

import functools

import regex
from presidio_analyzer import RecognizerResult

from redactor.detect.lists import uk_town_names
from redactor.detect.nlp import is_dictionary_word
from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import TextRecognizer, make_result
from redactor.document import Label

NAME = "lowercase_place"
SCORE = 0.5
_WORD = regex.compile(r"\p{Ll}[\p{Ll}'’-]*")


@functools.cache
def _first_words() -> frozenset[str]:
    return frozenset(town.split()[0] for town in _towns())


@functools.cache
def _towns() -> dict[str, int]:
    """UK towns and villages (casefolded) with their number of words, less those that hold an
    English word ("tumble", "street", "hope", "cross hands"): those stay decided in context."""
    towns: dict[str, int] = {}
    for town in uk_town_names():
        words = town.casefold().replace("-", " ").split()
        if words and all(w.isalpha() and len(w) >= 4 and not is_dictionary_word(w) for w in words):
            towns[town.casefold()] = len(words)
    return towns


@register
class LowercasePlaceRecognizer(TextRecognizer):
    """Find a UK town or village written in lower case, as hurried transcripts write them.

    A town of 1,000 people or more (``models/places/uk_towns.txt``, from GeoNames) whose every
    word is no English word is taken (0.5) in lower case: "moved to porthcawl", "a boy from
    cefneithin". The keep stage still keeps a city or the case's own area. Not handled: towns
    whose name holds an English word ("tumble", "hope", "cross hands"), and villages smaller
    than the list.
    """

    LABEL = Label.LOCATION.value
    NAME = NAME

    SHOULD_MATCH = (
        ("he's gone now, moved to porthcawl.", "porthcawl"),
        ("we went to the chippy in dewsbury after", "dewsbury"),
        ("she grew up in barnsley, then rotherham", "barnsley"),
        ("his mam lives in pontefract now", "pontefract"),
        ("the baby bank in llanelli. mari started it", "llanelli"),
        ("carys from pontyates, i know her sister", "pontyates"),
    )
    SHOULD_NOT_MATCH = (
        "the doctor in tumble, by the square",
        "Porthcawl is lovely in summer",
        "an ordinary sentence with nothing in it",
        "we had a street party in the close",
        "she was reading about hope and wells in the paper",
    )

    def find(self, text: str) -> list[RecognizerResult]:
        """Return lower-case UK towns in ``text``."""
        towns = _towns()
        firsts = _first_words()
        results: list[RecognizerResult] = []
        taken_to = -1
        for word in _WORD.finditer(text):
            start = word.start()
            if word.group().split("-")[0] not in firsts and word.group() not in firsts:
                continue  # most words: no town starts so
            if start < taken_to or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-")):
                continue
            for size in (3, 2, 1):
                words = _WORD_RUN[size].match(text, start)
                if words is None:
                    continue
                folded = words.group().replace("-", " ")
                if towns.get(folded) == size:
                    results.append(make_result(self, self.LABEL, start, words.end(), SCORE, "lower-case town"))
                    taken_to = words.end()
                    break
        return results


#: Runs of one, two and three lower-case words from a given start.
_WORD_RUN = {
    n: regex.compile(r"\p{Ll}[\p{Ll}'’-]*" + r"(?:[ ]\p{Ll}[\p{Ll}'’-]*)" * (n - 1) + r"(?![\p{L}\p{N}-])")
    for n in (1, 2, 3)
}
