"""Prison (NOMIS) numbers: one letter, four digits, two letters (A1234BC)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_NOMIS = r"(?<![\w/\-])[A-Z]\d{4}[A-Z]{2}(?![\w/]|-\w)"
_CONTEXT = (
    "prison number",
    "prison numbers",
    "prison no",
    "prisoner number",
    "prisoner no",
    "prisoner",
    "nomis",
    "noms",
    "noms number",
    "booking",
    "booking number",
    "booking no",
    "prison",
    "hmp",
    "yoi",
    "custody",
    "inmate",
)


@register
class UkPrisonNumberRecognizer(PatternRecognizer):
    """Find prison (NOMIS) numbers such as A1234BC.

    The shape has no check character, so it is scored by case and cue: 0.6 in capitals, 0.9 with
    "prison number", "prisoner", "NOMIS", "booking", "HMP" and similar up to 50 characters before
    it or 15 after. A lower-case number scores 0.6 only with such a cue.

    Not handled: numbers with spaces inside ("A 1234 BC"), the older prison numbers of other
    shapes (e.g. "AB1234"), and numbers from Scotland's or Northern Ireland's prison services.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("His prison number is A4471DK and he is held at HMP Ashgrove.", "A4471DK"),
        ("Prisoner details from the prison: KARIMI, Rebwar, A6129CX. PNC on file.", "A6129CX"),
        ("A letter was sent to him at HMP Nene Valley (prison no. A6605DR) in January 2023.", "A6605DR"),
        ("He has been held under prison numbers K2291FT (young offender) and A6605DR (adult).", "K2291FT"),
        ("P now at HMP Fenmoor, no. G1120TR (Kay had it from a letter).", "G1120TR"),
        ("NOMIS: a1234bc was quoted on the visiting order.", "a1234bc"),
        ("The OASys record lists A3307LN as his booking number.", "A3307LN"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The flat at 12A Hillcrest Road was let in 2019.",
        "Form A12345B was completed by the probation officer.",
        "His car, AB12 CDE, was seen on the A2.",
        "The code a1234bc was on a receipt.",
        "Police attended on 12/03/2019 at 14:30 (section 9.2).",
        "Her NI number QQ 12 34 56 C was on file.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.PRISON_NUMBER.value,
            name="uk_prison_number",
            patterns=[Pattern("nomis_number", _NOMIS, score=0.6)],
            global_regex_flags=regex.IGNORECASE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find NOMIS-shaped numbers, then score them by case and cue."""

        def score(result: RecognizerResult) -> float:
            found = text[result.start : result.end]
            cue = has_context(text, result.start, result.end, _CONTEXT, before=50, after=15)
            if found.isupper():
                return 0.9 if cue else 0.6
            return 0.6 if cue else 0.0

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
