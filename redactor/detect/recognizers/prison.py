"""Named prisons and young offender institutions: "HMP Brackenmoor", "HMP/YOI Ashgrove"."""

from __future__ import annotations

import re

from presidio_analyzer import PatternRecognizer

from redactor.detect.recognizers import Pattern, register
from redactor.document import Label

# "Brackenmoor", "Long Lartin", "Pen-y-Garn" (Welsh names join words with short lower-case links).
_NAME = r"[A-Z][a-z]+(?:(?:-[a-z]{1,3})*-[A-Z][a-z]+)?(?:\s[A-Z][a-z]+)?"


@register
class PrisonRecognizer(PatternRecognizer):
    """A prison named after HMP, HMYOI, YOI or "HM Prison" (DOMAIN.md: "a prison").

    Not handled: a prison named without the prefix ("she visited him at Ashgrove").
    """

    SHOULD_MATCH = (
        ("He was remanded to HMP Brackenmoor in May.", "HMP Brackenmoor"),
        ("Letters were sent to HMP/YOI Ashgrove.", "HMP/YOI Ashgrove"),
        ("He served his sentence at HM Prison Long Lartin.", "HM Prison Long Lartin"),
        ("at HMYOI Feltham", "HMYOI Feltham"),
        ("A visit was booked at HMP Wychwood on 3 May.", "HMP Wychwood"),
        ("He transferred from YOI Kelbrook to an adult prison.", "YOI Kelbrook"),
        ("He is serving a life sentence at HMP Pen-y-Garn.", "HMP Pen-y-Garn"),
    )
    SHOULD_NOT_MATCH = (
        "HMP staff were not invited to the panel.",
        "the prison service (HMPPS) was consulted",
        "He was released from prison in May.",
        "HMP service standards were met.",
        "An HMP officer escorted him.",
    )

    def __init__(self) -> None:
        regex = rf"\b(?:HMP(?:/YOI)?|HMYOI|YOI|HM Prison(?: and YOI)?)\s+(?!Service\b|[Ss]taff\b){_NAME}"
        super().__init__(
            supported_entity=Label.PRISON.value,
            name="prison",
            patterns=[Pattern("prison", regex, 0.85)],
            global_regex_flags=re.MULTILINE,
        )
