"""Estates and the local names people give places: "the Larkhill estate", "we call it the Hill"."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import TextRecognizer, has_context, make_result
from redactor.document import Label

NAME = "estate_name"
ESTATE_SCORE = 0.8  # "the Larkhill estate", "Belfield Park Estate"
NICKNAME_SCORE = 0.75  # "we call it the Hill", after a word for a place
_WORD = r"\p{Lu}[\p{L}'’-]+"
_ESTATE = regex.compile(rf"(?<![\p{{L}}])(?P<name>{_WORD}(?:[ ]{_WORD}){{0,2}})(?P<estate>[ ](?:estate|Estate))\b")
_NICKNAME = regex.compile(
    rf"\b(?:call(?:s|ed)?|know(?:s|n)?[ ]as|nicknamed)[ ]it[ ](?:the[ ])?[\"“‘']?(?P<name>{_WORD}(?:[ ]{_WORD}){{0,2}})"
)
_PLACE_WORDS = ("estate", "area", "street", "road", "park", "town", "village", "flats", "block", "where", "lived", "live")
_NOT_ESTATE = frozenset({"real", "housing", "council", "the", "this", "that", "our", "their", "her", "his", "new", "old"})


@register
class EstateNameRecognizer(TextRecognizer):
    """Find housing estates and the nicknames a transcript gives a place.

    A capitalised name and "estate" is a place below the council area (0.8): "the Larkhill
    estate", "Belfield Park Estate" (the span holds "estate" too). A name after "we call it" or "known as" is a place's local
    name (0.75) when a word for a place stands within 80 characters before it ("the new estate.
    Everybody calls it Little Poland"). Linking then finds the name's other mentions ("up the
    Hill"). Not handled: a nickname said before its place ("Dormo, we call it").
    """

    LABEL = Label.LOCATION.value
    NAME = NAME

    SHOULD_MATCH = (
        ("she lived on the Larkhill estate, Worksop", "Larkhill estate"),
        ("we lived on the Belfield Park estate then", "Belfield Park estate"),
        ("on the Larkhill estate. We call it the Hill.", "Hill"),
        ('on the new estate. Everybody calls it "Little Poland", because', "Little Poland"),
        ("a flat on the Grange Estate near the shops", "Grange Estate"),
        ("the area round the park, known as it the Bowl", "Bowl"),
    )
    SHOULD_NOT_MATCH = (
        "she worked in real estate for a year",
        "a council estate on the edge of town",
        "Everyone called her Lari",
        "We call it a day.",
        "the Housing Estate team",
    )

    def find(self, text: str) -> list[RecognizerResult]:
        """Return estates and places' local names in ``text``."""
        results = []
        if "state" in text:
            for match in _ESTATE.finditer(text):
                name = match.group("name")
                if name.split()[0].casefold() in _NOT_ESTATE:
                    continue
                results.append(make_result(self, Label.LOCATION.value, match.start("name"), match.end("estate"),
                                           ESTATE_SCORE, "estate"))
        for match in _NICKNAME.finditer(text):
            if has_context(text, match.start(), match.end(), _PLACE_WORDS, before=80, after=0):
                results.append(make_result(self, Label.LOCATION.value, match.start("name"), match.end("name"),
                                           NICKNAME_SCORE, "local name"))
        return results
