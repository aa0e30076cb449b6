"""National Insurance numbers: the strict HMRC grammar, and any similar shape with a cue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_S = r"[ \u00a0.\-]?"  # "QQ 12 34 56 C", "QQ-12-34-56-C"
# DOMAIN.md section 4: first letter never D F I Q U V, second never D F I O Q U V, and the
# pairs BG GB KN NK NT TN ZZ are never issued; the suffix is A-D.
_STRICT = (
    r"\b(?!BG|GB|NK|KN|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    rf"{_S}\d{{2}}{_S}\d{{2}}{_S}\d{{2}}{_S}[A-D]\b"
)
# Admin prefixes (OO, CR, FY, MW, NC), HMRC's example QQ and suffix-less forms: only with a cue.
_LOOSE = rf"\b[A-Z]{{2}}{_S}\d{{2}}{_S}\d{{2}}{_S}\d{{2}}(?:{_S}[A-D])?\b"
_CONTEXT = (
    "national insurance",
    "ni",
    "ni number",
    "ni no",
    "n.i.",
    "n.i. number",
    "n.i. no",
    "nino",
    "nin",
)


@register
class NationalInsuranceRecognizer(PatternRecognizer):
    """Find National Insurance numbers.

    A number that fits HMRC's grammar scores 0.85 (0.9 with a cue). Any two letters, six digits
    and an optional A-D suffix score 0.9 when "NI number", "National Insurance", "NINO" or "NI
    no" comes within 30 characters before it. Without a cue, such a shape still scores 0.6 if it
    is in capitals and has the suffix ("QQ 40 72 19 B": nothing else in a report looks like it),
    and is dropped otherwise ("AB123456" may be any reference). Letters may be in either case;
    pairs of digits may be split by single spaces.

    Not handled: temporary reference numbers (TRNs, e.g. 11A 22 33 44), numbers split by hyphens
    or dots, a cue after the number, and suffix-less or lower-case numbers outside the grammar
    without a cue.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Her National Insurance number QQ 12 34 56 C was used to trace her.", "QQ 12 34 56 C"),
        ("DWP confirmed the claim under AB 12 34 56 C.", "AB 12 34 56 C"),
        ("The benefits file lists his NINO as JG103759A.", "JG103759A"),
        ("National Insurance: QQ-12-34-56-C, on the claim.", "QQ-12-34-56-C"),
        ("NI number: QQ123456C", "QQ123456C"),
        ("Jobcentre records show ce 12 34 56 d for the perpetrator.", "ce 12 34 56 d"),
        ("Her NI no. was recorded as QQ 12 34 56 without a suffix.", "QQ 12 34 56"),
        ("An old national insurance reference, TN311258, was on file.", "TN311258"),
        ("The number on the claim was QQ 40 72 19 B.", "QQ 40 72 19 B"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "Reference AB123456 was closed in 2019.",
        "Vehicle AB12 CDE was stopped on the A2 at 14:30.",
        "Police attended on 12/03/2019 at 14:30 under case LV21C00123.",
        "Arrears of £1,200 are covered in section 9.2 of the 2019/20 report.",
        "Her NHS number 999 000 0018 was on the referral.",
        "Postcode SE4 1AA was withheld.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.UK_NINO.value,
            name="uk_nino",
            patterns=[
                Pattern("nino", _STRICT, score=0.85),
                Pattern("nino_loose", _LOOSE, score=0.5),
            ],
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find NINO shapes, then keep loose ones only where a cue precedes them."""

        def score(result: RecognizerResult) -> float:
            cue = has_context(text, result.start, result.end, _CONTEXT, before=30, after=0)
            if pattern_name(result) == "nino":
                return 0.9 if cue else 0.85
            if cue:
                return 0.9
            found = text[result.start : result.end]
            return 0.6 if found.isupper() and found[-1].isalpha() else 0.0

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
