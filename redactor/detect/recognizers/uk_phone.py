"""UK phone numbers in the ways people write them, plus ``+``-prefixed foreign numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import phonenumbers
import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_SEP = r"[ \u00a0\-]"  # one space, no-break space (common in Word) or hyphen between groups
# Not inside a longer run: no letter, digit, "+" or "/" just before, and no digit-hyphen.
_BEFORE = r"(?<![\w+/]|\d-)"
# Not followed by a letter, digit or "/", nor by a hyphen and a digit. A space and a digit may
# follow ("called 07700 900123 12 times").
_AFTER = r"(?![\w/]|-\d)"
# National significant number: 9 or 10 digits after the trunk 0; a ")" may close an area code.
_NSN = rf"[1-9](?:\)?{_SEP}?\d){{8,9}}"
_UK = _BEFORE + r"(?:(?:\+|00)44[ \u00a0]?(?:\(0\)[ \u00a0]?)?|\(0(?=\d{2,5}\))|0)" + _NSN + _AFTER
_INTERNATIONAL = _BEFORE + rf"\+(?!44)[1-9](?:{_SEP}?(?:\(0\)[ \u00a0]?)?\d){{7,14}}" + _AFTER
_AREA_IN_BRACKETS = regex.compile(r"\(0\d{2,5}\)")
_CONTEXT = (
    "tel",
    "telephone",
    "phone",
    "phoned",
    "mobile",
    "mob",
    "landline",
    "call",
    "called",
    "calls",
    "rang",
    "text",
    "texted",
    "texts",
    "number",
    "contact",
)


@register
class UkPhoneRecognizer(PatternRecognizer):
    """Find UK phone numbers, including Ofcom drama numbers that libphonenumber calls invalid.

    A UK number starts with ``0``, ``(0``, ``+44``, ``0044`` or ``+44 (0)`` and has 9 or 10
    digits after the trunk 0, in groups split by one space, no-break space or hyphen. It is kept
    if libphonenumber finds it *possible* for region GB (length only), so drama ranges and
    mistyped real numbers match. A bare run of digits that is not a mobile (``07``) scores 0.6,
    or 0.9 with a phone word near it; every other layout scores 0.9. ``+`` numbers of other
    countries score 0.85 when libphonenumber finds them possible.

    Not handled: numbers with dots or slashes between groups, extensions ("ext 123"), numbers
    without the trunk 0 ("7700 900123"), spelt-out digits, and foreign numbers written without
    ``+``. A number followed by a space and 1 digit that fits the length may take that digit.
    NHS numbers (which never start with 0), dates, times and year ranges do not match.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Jane called the IDVA from 07700 900123 at 9pm.", "07700 900123"),
        ("The GP practice recorded her mobile as 07700900123.", "07700900123"),
        ("The police log gives the landline as (01632) 960 123.", "(01632) 960 123"),
        ("Her mother's number, 01632 960123, was on the referral.", "01632 960123"),
        ("The MARAC coordinator can be reached on 020 7946 0123.", "020 7946 0123"),
        ("Calls were traced to +44 20 7946 0123 in March 2019.", "+44 20 7946 0123"),
        ("He texted from +44 (0)7700 900123 that night.", "+44 (0)7700 900123"),
        ("A relative abroad rang from 0044 7700 900123.", "0044 7700 900123"),
        ("The helpline 0800 123 4567 was given to Jane.", "0800 123 4567"),
        ("Tel: 07700-900-456", "07700-900-456"),
        ("She called 07700 900123 12 times that day.", "07700 900123"),
        ("Her sister in France was on +33 1 23 45 67 89.", "+33 1 23 45 67 89"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "Her NHS number is 999 000 0018.",
        "Police attended on 12/03/2019 at 14:30.",
        "The couple lived together between 2019-2020.",
        "Rent arrears of £1,200 were recorded in 2019/20.",
        "See section 9.2 and paragraph 4.12 of the overview report.",
        "Crime reference 0770090012345 was closed.",
        "Family court case LV21C00123 was listed on 01/02/2021.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.PHONE_NUMBER.value,
            name="uk_phone",
            patterns=[
                Pattern("uk_phone", _UK, score=0.9),
                Pattern("international_phone", _INTERNATIONAL, score=0.85),
            ],
        )

    def validate_result(self, pattern_text: str) -> bool:
        """Check the bracket layout and ask libphonenumber whether the number is possible."""
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        if pattern_text.startswith("+") and not pattern_text.startswith("+44"):
            return self._is_possible("+" + digits, None)
        if not self._brackets_ok(pattern_text):
            return False
        if pattern_text.startswith("+44"):
            national = digits.removeprefix("44").removeprefix("0")  # +44 (0)20 ...
        elif pattern_text.startswith("0044"):
            national = digits.removeprefix("0044").removeprefix("0")
        else:
            national = digits.removeprefix("0")
        if national[:1] in {"4", "6"}:  # no UK numbers start 04 or 06
            return False
        return self._is_possible("0" + national, "GB")

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find phone numbers, then score each by its layout and nearby words."""

        def score(result: RecognizerResult) -> float:
            if pattern_name(result) == "international_phone":
                return 0.85
            found = text[result.start : result.end]
            if found.isdigit() and not found.startswith("07"):
                return 0.9 if has_context(text, result.start, result.end, _CONTEXT) else 0.6
            return 0.9

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)

    @staticmethod
    def _brackets_ok(pattern_text: str) -> bool:
        """Allow only ``(0AAAA) ...`` or ``+44 (0)...`` brackets."""
        if "(" not in pattern_text and ")" not in pattern_text:
            return True
        if pattern_text.count("(") != 1 or pattern_text.count(")") != 1:
            return False
        if pattern_text.startswith("("):
            return _AREA_IN_BRACKETS.match(pattern_text) is not None
        return "(0)" in pattern_text

    @staticmethod
    def _is_possible(number: str, region: str | None) -> bool:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            return False
        return bool(phonenumbers.is_possible_number(parsed))
