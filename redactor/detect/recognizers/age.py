"""Ages: "aged 34", "age 34", "a 34-year-old", "34 years old"."""

from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from redactor.detect.recognizers import Pattern, register
from redactor.document import Label

_NUMBER = r"(?:1[01]\d|[1-9]?\d)"  # 0 to 119
_AGED = rf"(?<=\b(?:[Aa]ged?|AGED?)[ \u00a0]){_NUMBER}\b(?![.,]\d)"
_YEAR_OLD = rf"(?<![\d.,£$€])\b{_NUMBER}(?=[ \u00a0-](?:years?|yrs?)[ \u00a0-]old\b)"


@register
class AgeRecognizer(PatternRecognizer):
    """Find ages: the number in "aged 34", "age 34", "34-year-old", "34 years old" (score 0.85).

    Ages stay by default (the QA Panel asks for equality analysis, DOMAIN.md); a case can
    generalise them to a band ("30–39") or remove them with ``[policy] AGE``. The span is the
    number only, so the words around it stay grammatical.

    Not handled: ages in words ("thirty-four"), "in her thirties", a bare number in brackets.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Adult A, aged 34, lived with her children.", "34"),
        ("The perpetrator was a 41-year-old man.", "41"),
        ("Her son was 7 years old at the time.", "7"),
        ("AGE 52. NO PREVIOUS CONVICTIONS.", "52"),
        ("She was a 29 year old nurse.", "29"),
        ("Child 1, age 3, attended nursery.", "3"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The review took 34 weeks to complete.",
        "She had lived there for 12 years.",
        "The 2019 action plan has 14 recommendations.",
        "Section 9 of the Act was applied.",
        "She had been in the UK for 5 years and 6 months.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.AGE.value,
            name="age",
            patterns=[Pattern("aged", _AGED, score=0.85), Pattern("year_old", _YEAR_OLD, score=0.85)],
            global_regex_flags=0,
        )
