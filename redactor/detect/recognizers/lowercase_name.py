"""First names typed in lower case in informal transcripts: "siobhan said", "me and ryan"."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from redactor.detect.gazetteer import is_first_name
from redactor.detect.nlp import is_dictionary_word
from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import TextRecognizer, make_result
from redactor.document import Label

NAME = "lowercase_name"
SCORE = 0.5
_TOKEN = regex.compile(r"(?<![\p{L}\p{N}'’-])\p{Ll}[\p{Ll}'’]{3,}(?![\p{L}\p{N}-])")

_POSSESSIVE = regex.compile(r"['’]s$")



@register
class LowercaseNameRecognizer(TextRecognizer):
    """Find a listed first name written in lower case that is no English word at all.

    Auto-captions and hurried notes lose capitals ("siobhan said", "i told ryan"). A lower-case
    token of four letters or more is taken (0.5) when the name lists hold it as a first name and
    the dictionary does not know it: "siobhan", "ryan", "leanne", not "will", "mark", "kelly"
    (WordNet lists Kelly) or "grace". Linking then gives it the pseudonym of the person known by
    that name elsewhere in the case. Not handled: lower-case names that are also words.
    """

    LABEL = Label.PERSON.value
    NAME = NAME

    SHOULD_MATCH = (
        ("yeah siobhan said he'd been round", "siobhan"),
        ("me and ryan went down there", "ryan"),
        ("i rang leanne after", "leanne"),
        ("and declan was there too", "declan"),
        ("she told priya everything", "priya"),
        ("then kieran's van came", "kieran"),
    )
    SHOULD_NOT_MATCH = (
        "she will mark the grace period",
        "the rose garden was lovely",
        "Siobhan said he'd been round",
        "an ordinary sentence with nothing in it",
        "the summer of that year",
    )

    def find(self, text: str) -> list[RecognizerResult]:
        """Return lower-case first names in ``text``."""
        results = []
        for match in _TOKEN.finditer(text):
            word = match.group()
            stem = _POSSESSIVE.sub("", word)
            if len(stem) < 4 or is_dictionary_word(stem) or not is_first_name(stem):
                continue
            results.append(make_result(self, Label.PERSON.value, match.start(), match.start() + len(stem), SCORE, "lower-case"))
        return results
