"""NHS numbers (and Scottish CHI / Northern Irish H&C numbers, which share the layout)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from presidio_analyzer import PatternRecognizer, RecognizerResult
from stdnum.gb import nhs

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# Never inside a longer run of digits, nor after a currency sign or a decimal point.
_BEFORE = r"(?<![\w£$€.,/]|\d[ \u00a0\-])"
_AFTER = r"(?![\w/]|[ \u00a0\-]\d|[.,]\d)"
_GROUPED = _BEFORE + r"\d{3}[ \u00a0\-]\d{3}[ \u00a0\-]\d{4}" + _AFTER
_BARE = _BEFORE + r"\d{10}" + _AFTER
_CONTEXT = (
    "nhs",
    "nhs number",
    "nhs no",
    "chi",
    "chi number",
    "h&c",
    "health and care number",
    "patient number",
)


@register
class UkNhsRecognizer(PatternRecognizer):
    """Find 10-digit NHS numbers that pass the mod-11 check.

    A number in the usual 3-3-4 layout (spaces, no-break spaces or hyphens) scores 0.9; a bare
    run of 10 digits scores 0.9 with a context word ("NHS", "CHI", "H&C") near it and 0.4
    without. The test range 999 000 0000-999 999 9999 matches like any other valid number.

    Not handled: other layouts (3-4-3, 5-5, digits split by dots), numbers split across lines,
    and bare 10-digit runs in the 1 in 11 of unrelated numbers that happen to pass mod-11 (they
    score 0.4, just above the threshold: we over-redact rather than miss). A CHI number's first
    six digits are a date of birth; it is removed like any NHS number.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Jane's NHS number 999 000 0018 was on the GP referral.", "999 000 0018"),
        ("The hospital discharge summary gave 999 111 1115.", "999 111 1115"),
        ("NHS no: 9990000018", "9990000018"),
        ("Her records (NHS Number 999-999-9999) were shared with the panel.", "999-999-9999"),
        ("The ambulance service recorded him under 999\u00a0000\u00a00018.", "999\u00a0000\u00a00018"),
        ("The GP searched for 9991111115 but found no NHS record.", "9991111115"),
        ("A bare 9990000018 appears in the mental health trust's log.", "9990000018"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The NHS number 999 000 0019 was mistyped in the referral.",
        "Account 12345678901234 was frozen in 2019.",
        "Police attended on 12/03/2019 at 14:30.",
        "Arrears of £1,200 are covered in section 9.2 of the 2019/20 report.",
        "Call 0800 123 4567 or 020 7946 0123 for advice.",
        "Crime reference 1234567890 was allocated on the same day.",
        "Case number 2019/9990000018 was closed.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.UK_NHS.value,
            name="uk_nhs",
            patterns=[
                Pattern("nhs_grouped", _GROUPED, score=0.9),
                Pattern("nhs_bare", _BARE, score=0.4),
            ],
        )

    def validate_result(self, pattern_text: str) -> bool:
        """Check the mod-11 check digit."""
        return bool(nhs.is_valid(pattern_text.replace("\u00a0", " ")))

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find valid NHS numbers, then score each by its layout and nearby words."""

        def score(result: RecognizerResult) -> float:
            if pattern_name(result) == "nhs_grouped":
                return 0.9
            return 0.9 if has_context(text, result.start, result.end, _CONTEXT) else 0.4

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
