"""Phone numbers written in other countries' formats: "+1-984-182-0190", "0490 75 40 81".

UK numbers are ``uk_phone``'s; this recognizer catches the rest that families and perpetrators
abroad give: a number libphonenumber calls valid in one of the countries DHR families most often
have links with, or any possible number written with its "+" country code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from stdnum.gb import nhs

from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import has_context, make_result
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

#: Countries tried for numbers written without a "+" code (valid numbers only).
REGIONS = (
    "US", "IE", "FR", "DE", "ES", "IT", "NL", "BE", "PL", "RO", "LT", "LV", "PT", "SE", "FI", "DK", "NO",
    "CH", "AT", "CZ", "SK", "HU", "BG", "GR", "TR", "AU", "NZ", "IN", "PK", "BD", "NG", "GH", "ZA", "JM", "BR",
)  # fmt: skip
_CONTEXT = ("phone", "telephone", "tel", "mobile", "mob", "number", "call", "called", "ring", "text", "whatsapp", "fax")
_DIGITS = re.compile(r"\d")
#: A digit run with the separators phone numbers are written with, at least 7 characters long.
_CANDIDATE = re.compile(r"(?:\+|\(\+?)?\d[\d ().\-]{5,22}\d")
_DATE_LIKE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$|^(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d$|/")


@register
class InternationalPhoneRecognizer(EntityRecognizer):
    """Non-UK phone numbers: valid in a listed country, or possible with a "+" code.

    Not handled: numbers valid only in countries not listed, and numbers written as words.
    Dates ("12.03.2019"), times and digit runs inside longer references are left alone.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH = (
        ("Her brother in Canada is on +1-984-182-0190.", "+1-984-182-0190"),
        ("The family in Warsaw gave +48 512 345 678 as a contact.", "+48 512 345 678"),
        ("Call her cousin in New York on 201-948-1927.", "201-948-1927"),
        ("His Irish mobile, 083 564 9312, was switched off.", "083 564 9312"),
        ("Her mother's number in Lagos is +234 803 123 4567.", "+234 803 123 4567"),
        ("In Lyon her sister answered on 01.84.17.61.18 that evening.", "01.84.17.61.18"),
    )
    SHOULD_NOT_MATCH = (
        "The incident was on 12.03.2019 at 21:40.",
        "Crime reference 46/117823/22 was closed.",
        "She was 37 years old and earned 23,500 a year.",
        "The review covered 2018-2022.",
        "NHS number 999 000 0018 was checked.",
        "The report was logged as a repair (job no. 4471-229).",
    )

    def __init__(self) -> None:
        super().__init__(supported_entities=[Label.PHONE_NUMBER.value], name="international_phone")

    def load(self) -> None:  # noqa: D102 - nothing to load
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Find non-UK phone numbers in ``text``.

        Candidate digit runs are found with one regular expression; only they are parsed, once
        per country, so the cost does not grow with the text times the number of countries.
        """
        if len(_DIGITS.findall(text)) < 7:
            return []
        results = []
        for match in _CANDIDATE.finditer(text):
            raw = match.group()
            start, end = match.start(), match.end()
            if raw.startswith("(") and ")" not in raw:  # "(01632 960518)": the bracket is prose
                raw, start = raw[1:], start + 1
            digits = "".join(_DIGITS.findall(raw))
            if not 7 <= len(digits) <= 15 or _DATE_LIKE.search(raw) or not self._standalone(text, start, end):
                continue
            if len(digits) == 10 and nhs.is_valid(digits):
                continue  # an NHS number (uk_nhs) is not a phone number
            score = self._score(raw)
            if score == 0.0:
                continue
            context = has_context(text, start, end, _CONTEXT, before=50, after=10)
            if score < 0.85 and len(digits) < 9 and not context:
                continue  # a short local number ("job no. 4471-229") needs a phone word nearby
            if context:
                score = max(score, 0.8)
            results.append(make_result(self, Label.PHONE_NUMBER.value, start, end, score, "international"))
        return results

    @staticmethod
    def _score(raw: str) -> float:
        """0.85 for a possible "+" number of another country, 0.6 for a valid local one, else 0."""
        if raw.startswith(("+44", "0044", "(+44")):
            return 0.0  # UK numbers are uk_phone's
        if raw.lstrip("(").startswith("+"):
            try:
                number = phonenumbers.parse(raw, None)
            except phonenumbers.NumberParseException:
                return 0.0
            return 0.85 if phonenumbers.is_possible_number(number) else 0.0
        for region in REGIONS:
            try:
                number = phonenumbers.parse(raw, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number_for_region(number, region):
                return 0.6
        return 0.0

    @staticmethod
    def _standalone(text: str, start: int, end: int) -> bool:
        """Reject digits glued to letters, slashes or more digits (references, NHS numbers)."""
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        return not (before.isalnum() or before in "/-" or after.isalnum() or after in "/")
