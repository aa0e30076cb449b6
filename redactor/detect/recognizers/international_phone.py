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
_DATE_LIKE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$|^(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d$|/")


@register
class InternationalPhoneRecognizer(EntityRecognizer):
    """Non-UK phone numbers: valid in a listed country, or possible with a "+" code.

    Not handled: numbers valid only in countries not listed, and numbers written as words.
    Dates ("12.03.2019"), times and digit runs inside longer references are left alone.
    """

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
    )

    def __init__(self) -> None:
        super().__init__(supported_entities=[Label.PHONE_NUMBER.value], name="international_phone")

    def load(self) -> None:  # noqa: D102 - nothing to load
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Find non-UK phone numbers in ``text``."""
        if len(_DIGITS.findall(text)) < 7:
            return []
        found: dict[tuple[int, int], float] = {}
        for region in ("GB", *REGIONS):
            leniency = phonenumbers.Leniency.POSSIBLE if region == "GB" else phonenumbers.Leniency.VALID
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency):
                raw = match.raw_string
                if _DATE_LIKE.search(raw) or not self._standalone(text, match.start, match.end):
                    continue
                digits = "".join(_DIGITS.findall(raw))
                if len(digits) == 10 and nhs.is_valid(digits):
                    continue  # an NHS number (uk_nhs) is not a phone number
                if region == "GB" and not raw.lstrip("(").startswith("+"):
                    continue  # UK layouts are uk_phone's; here only "+" numbers of any country
                if raw.lstrip("(").startswith(("+44", "0044")):
                    continue
                score = 0.85 if raw.startswith("+") else 0.6
                if has_context(text, match.start, match.end, _CONTEXT, before=50, after=10):
                    score = max(score, 0.8)
                key = (match.start, match.end)
                found[key] = max(found.get(key, 0.0), score)
        return [make_result(self, Label.PHONE_NUMBER.value, s, e, score, "international") for (s, e), score in found.items()]

    @staticmethod
    def _standalone(text: str, start: int, end: int) -> bool:
        """Reject digits glued to letters, slashes or more digits (references, NHS numbers)."""
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        return not (before.isalnum() or before in "/-" or after.isalnum() or after in "/")
