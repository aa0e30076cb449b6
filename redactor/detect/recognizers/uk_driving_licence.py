"""Driving licence numbers: GB (DVLA, 16 characters) and, with a cue, Northern Ireland (8 digits)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_SP = r"[ \u00a0]?"
# DOMAIN.md section 4: surname (5, padded with 9), decade, month (+50 for women), day, year,
# initials (2, padded with 9), a digit, two check characters. Groups may be spaced on a card.
_GB = r"(?<![\w/\-])(?i:[A-Z9]{5}" + _SP + r"\d[0156]\d[0-3]\d\d" + _SP + r"[A-Z9]{2}\d[A-Z0-9]{2})(?![\w/]|-\w)"
_NORTHERN_IRELAND = r"(?<![\w/.\-+£])(?<!\d[ \u00a0])\d{8}(?![\w/%]|[.,\-]\d)(?![ \u00a0]\d)"
_SHAPE = regex.compile(r"[A-Z9]{5}\d(\d\d)(\d\d)\d[A-Z9]{2}\d[A-Z0-9]{2}")
_CONTEXT = (
    "driving licence",
    "driving license",
    "driver's licence",
    "drivers licence",
    "licence",
    "license",
    "licence number",
    "licence no",
    "driver number",
    "dvla",
    "dva",
)


def _valid_gb(found: str) -> bool:
    """Check the month (01-12, or 51-62 for women) and the day (01-31) a GB number encodes."""
    match = _SHAPE.fullmatch("".join(found.split()).upper())
    if match is None:
        return False
    month, day = int(match.group(1)), int(match.group(2))
    return (1 <= month <= 12 or 51 <= month <= 62) and 1 <= day <= 31


@register
class GbDrivingLicenceRecognizer(PatternRecognizer):
    """Find driving licence numbers.

    A GB (DVLA) number such as MORGA753116SM9IJ, optionally spaced "MORGA 753116 SM9IJ", scores
    0.85 in capitals when its month and day are possible, and 0.95 with "licence", "driving
    licence", "DVLA" or "driver number" up to 40 characters before it or 15 after. With that cue,
    lower-case numbers and impossible dates still score 0.6. A Northern Ireland licence (8
    digits) scores 0.8 only with the cue.

    Not handled: the two-digit issue number printed after a GB number ("... SM9IJ 35"), the
    check characters (their algorithm is not public), foreign licences, and NI numbers without
    the cue.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("| Driving licence | RODRI758021AP9LK | RODRI603147JM9XY |", "RODRI758021AP9LK"),
        ("Victim: BISHOP, Ruth Esther – driving licence BISHO961090RE9TW", "BISHO961090RE9TW"),
        ("Her licence number's on all three agreements, SUTCL957194CJ9AB.", "SUTCL957194CJ9AB"),
        ("The DVLA specimen MORGA753116SM9IJ was used in training.", "MORGA753116SM9IJ"),
        ("The hire form gave MORGA 753116 SM9IJ as his licence.", "MORGA 753116 SM9IJ"),
        ("His Northern Ireland driving licence, 12345678, was seized.", "12345678"),
        ("The licence was recorded as morga753116sm9ij in the log.", "morga753116sm9ij"),
        ("Car hire records show ASANT807218KA9QP for the perpetrator.", "ASANT807218KA9QP"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The reference 12345678 was on the letter.",
        "Her NI number QQ 12 34 56 C was on file.",
        "Code MORGA793116SM9IJ was on the screen.",
        "Police attended on 12/03/2019 at 14:30.",
        "His TV licence was paid in 2019/20 (section 9.2).",
        "The account number 31926054 was given to the police.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.DRIVING_LICENCE.value,
            name="uk_driving_licence",
            patterns=[
                Pattern("gb_licence", _GB, score=0.85),
                Pattern("ni_licence", _NORTHERN_IRELAND, score=0.8),
            ],
            global_regex_flags=regex.MULTILINE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find licence shapes, then score them by the date they encode, case and cue."""

        def score(result: RecognizerResult) -> float:
            found = text[result.start : result.end]
            cue = has_context(text, result.start, result.end, _CONTEXT, before=40, after=15)
            if pattern_name(result) == "ni_licence":
                return 0.8 if cue and not has_context(text, result.start, result.end, ("tv licence", "tv license")) else 0.0
            if found.isupper() and _valid_gb(found):
                return 0.95 if cue else 0.85
            return 0.6 if cue else 0.0

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
