"""Dates of death or of the incident: a date shortly after "died on", "date of death", "killed on"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import follows_trigger, rescore
from redactor.detect.recognizers.date_of_birth import _DAY_MONTH, _ISO, _MONTH_DAY, _NUMERIC
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_TRIGGER = (
    r"(?<!\w)(?:died|death|d\.?o\.?d\b\.?|killed|murdered|stabbed|found\s+dead|found\s+unresponsive|"
    r"(?:fatal|final)\s+(?:incident|assault|attack)|homicide|date\s+of\s+(?:the\s+)?(?:incident|death|homicide))(?!\w)"
)
_TRIGGER_REGEX = regex.compile(_TRIGGER, regex.IGNORECASE)
_STOP = r"(?:and|but|then|until|after|before|when|while|since|born|birth|aged?)\b"
_GAP_REGEX = regex.compile(rf"[^\w\n]{{0,4}}(?:(?!{_STOP})[A-Za-z]+[^\w\n]{{1,4}}){{0,4}}", regex.IGNORECASE)
_SENTENCE_BREAK = regex.compile(r"[.!?;]\s+[A-Z]|\n")
_WINDOW = 70


@register
class DateOfDeathRecognizer(PatternRecognizer):
    """Find the date of death or of the fatal incident: a full date after "died", "date of death",
    "killed", "murdered", "found dead", "the homicide", "date of the incident" and the like, with
    up to four short words between ("died in hospital on 3 May 2019"), in the same sentence.

    Score 0.9. The span is the date. The case policy generalises it to month and year by default
    (DOMAIN.md: "April 2019"); other chronology dates are kept.

    Not handled: a trigger after the date ("On 3 May 2019 she died"), dates written in words, a
    month and year alone (already general).
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Adult A died on 12 April 2019 at Lewisham Hospital.", "12 April 2019"),
        ("Date of death: 12/04/2019", "12/04/2019"),
        ("She was killed at her home on 3rd May 2020.", "3rd May 2020"),
        ("The homicide took place on 2021-06-14 in the early hours.", "2021-06-14"),
        ("Police found her dead? No: she was found dead on March 12, 2018 by a neighbour.", "March 12, 2018"),
        ("Date of the incident | 9 January 2022 |", "9 January 2022"),
        ("He murdered his partner on 14 February 2017.", "14 February 2017"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The DHR panel first met on 14 March 2020.",
        "On 12 April 2019 she died in hospital.",
        "Her father died in 2010 and she moved on 12 March 2012 to Kent.",
        "Date of birth: 12/04/1985",
        "She died. On 3 May 2019 the panel was set up.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.DATE_OF_DEATH.value,
            name="date_of_death",
            patterns=[
                Pattern("date_numeric", _NUMERIC, score=0.9),
                Pattern("date_iso", _ISO, score=0.9),
                Pattern("date_day_month", _DAY_MONTH, score=0.9),
                Pattern("date_month_day", _MONTH_DAY, score=0.9),
            ],
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find full dates, then keep only those that follow a death or incident trigger."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return rescore(results, lambda r: 0.9 if self._follows_trigger(text, r.start) else 0.0)

    @staticmethod
    def _follows_trigger(text: str, start: int) -> bool:
        """Say whether a trigger ends shortly before ``start``, in the same sentence."""
        return follows_trigger(text, start, _TRIGGER_REGEX, _GAP_REGEX, _SENTENCE_BREAK, _WINDOW)
