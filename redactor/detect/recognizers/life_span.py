"""Dates of birth written as the start of a life span: "Carys Jones, 4 February 1981 – October 2022"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from presidio_analyzer import EntityRecognizer, RecognizerResult

from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import has_context, make_result
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_YEAR = r"(?:19|20)\d\d"
_FULL = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<y1>{_YEAR})|\d{{1,2}}[/.]\d{{1,2}}[/.](?P<y2>{_YEAR}))"
_END = rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTH}\s+)?(?P<y3>{_YEAR})|\d{{1,2}}[/.]\d{{1,2}}[/.](?P<y4>{_YEAR}))"
_SPAN = re.compile(rf"\b(?P<birth>{_FULL})\s*(?:–|—|-|to)\s*{_END}\b")
#: Words that introduce a review period, not a life ("the review covers 1 January 2000 – 2022").
_PERIOD = ("period", "covers", "covering", "covered", "between", "from", "review", "timeframe", "scope", "since")
#: A chronology period ("14 March 2019 – 2 April 2019") is short; a life is not.
MIN_YEARS = 15


@register
class LifeSpanRecognizer(EntityRecognizer):
    """The first date of a birth-to-death range at least 15 years long is a date of birth.

    Not handled: ranges that give only years ("1981–2022": a year of birth is kept, as ages are),
    and life spans shorter than 15 years (a child's), which read like chronology periods.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH = (
        ("Carys Rhiannon Jones, 4 February 1981 – October 2022. Daughter, mother, friend.", "4 February 1981"),
        ("In memory of Adaeze (12 March 1979 - 3 June 2021).", "12 March 1979"),
        ("Name: Adult A, 09/11/1990 – 14/02/2022", "09/11/1990"),
        ("Her life, 1st May 1960 to 2 May 2020, was full of love.", "1st May 1960"),
        ("Ewa (23 Sept 1985 – 2023) loved the sea.", "23 Sept 1985"),
        ("MARGARET ELLIS, 7 January 1950 — 30 December 2021", "7 January 1950"),
    )
    SHOULD_NOT_MATCH = (
        "The review covers 1 January 2018 – 11 February 2022.",
        "Between 14 March 2019 - 2 April 2019 she stayed with her sister.",
        "She lived there 1981–2022.",
        "The period 1 April 2015 to 31 March 2021 was examined.",
        "On 4 February 1981 the family arrived in the UK.",
        "The review period is 1 January 2000 – 11 February 2022.",
    )

    def __init__(self) -> None:
        super().__init__(supported_entities=[Label.DATE_OF_BIRTH.value], name="life_span")

    def load(self) -> None:  # noqa: D102 - nothing to load
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Find the birth date of each long date range in ``text``."""
        results = []
        for match in _SPAN.finditer(text):
            born = int(match.group("y1") or match.group("y2"))
            died = int(match.group("y3") or match.group("y4"))
            if died - born >= MIN_YEARS and not has_context(text, match.start(), match.end(), _PERIOD, before=40, after=0):
                start, end = match.span("birth")
                results.append(make_result(self, Label.DATE_OF_BIRTH.value, start, end, 0.85, "life_span"))
        return results
