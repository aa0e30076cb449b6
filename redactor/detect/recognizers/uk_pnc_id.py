"""Police National Computer IDs (YY/NNNNNNNL, mod-23 check letter) and, with a cue, CRO numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

#: DOMAIN.md section 4: remainder 1 -> A ... 22 -> Y, 0 -> Z; no I, O or S.
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

_NOT_BEFORE = r"(?<![\w/.\-])"
_NOT_AFTER = r"(?![\w/]|[.\-]\w)"
# Year (2 digits, or 4 as some forces write it) / serial of up to 7 digits / check letter.
_PNC = _NOT_BEFORE + r"(?:\d{2}|(?:19|20)\d{2})/\d{1,7}[A-Z]" + _NOT_AFTER
# Criminal Records Office number: serial/YY + letter ("CRO 123456/08X"). Only with a cue.
_CRO = _NOT_BEFORE + r"\d{1,6}/\d{2}[A-Z]" + _NOT_AFTER
_PNC_CONTEXT = ("pnc", "pnc id", "pnc no", "pnc number", "police national computer", "pnc ref", "pncid")
_CRO_CONTEXT = ("cro", "cro no", "cro number", "criminal records office")
_SHAPE = regex.compile(r"(\d{2}|\d{4})/(\d{1,7})([A-Za-z])")


def pnc_check_letter(year: str, serial: str) -> str:
    """Return the check letter of a PNC ID.

    Args:
        year: The two-digit year (a four-digit year uses its last two digits).
        serial: The serial number, without zero-padding or with it.

    Returns:
        The letter that ``(YY followed by the serial zero-padded to 7 digits) mod 23`` maps to.
    """
    remainder = int(year[-2:] + serial.zfill(7)) % 23
    return CHECK_LETTERS[remainder - 1]  # remainder 0 -> index -1 -> Z


def is_valid_pnc(found: str) -> bool:
    """Say whether ``YY/serial`` + letter carries the right check letter (either case)."""
    match = _SHAPE.fullmatch(found)
    if match is None:
        return False
    year, serial, letter = (str(group) for group in match.groups())
    return pnc_check_letter(year, serial) == letter.upper()


@register
class UkPncIdRecognizer(PatternRecognizer):
    """Find PNC IDs such as 01/123456F, and CRO numbers after "CRO".

    A PNC ID whose check letter is right scores 0.85, or 0.95 with "PNC" (or "Police National
    Computer") up to 40 characters before it; a serial of fewer than 4 digits needs that cue.
    With the cue, a wrong check letter (a typo) still scores 0.5. A four-digit year
    (2003/230991X) is checked on its last two digits. A CRO number (serial/YY + letter) scores
    0.85 only after "CRO"; its check letter is not verified.

    Not handled: PNC IDs with spaces ("01 / 123456F") or without the slash, CRO numbers without
    the cue, Scientific Support (SF) numbers, and the check letter of CRO numbers.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("PNC 01/123456F was checked before the MARAC.", "01/123456F"),
        ("His PNC ID is 07/801776B; he has four previous convictions.", "07/801776B"),
        ("Perpetrator: ASANTE-MENSAH, Kwabena – PNC 18/342824H – driving licence on file", "18/342824H"),
        ("MALE AT ADDRESS DOB 29/01/1985 PNC 03/230991X. WARNINGS: VIOLENCE.", "03/230991X"),
        ("Interviewer: His PNC record? PO: 08/55123M. Four previous DA-related call-outs.", "08/55123M"),
        ("Police research found a record under 21/76002E for the perpetrator.", "21/76002E"),
        ("The PNC number was written as 2001/123456F on the MAPPA form.", "2001/123456F"),
        ("His CRO number 123456/08X was also on the antecedents.", "123456/08X"),
        ("PNC: 01/123456G (as written in the probation file).", "01/123456G"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The record 01/123456G was closed in 2019.",
        "See page 01/2 of the chronology.",
        "Police attended on 12/03/2019 at 14:30; crime reference 46/117823/22.",
        "He was sentenced under the 2019/20 guidelines, section 9.2.",
        "A note dated 12/3A was attached to the file.",
        "Her case was listed as 123456/08X in the court diary.",
        "PNC 01/2A was a typo in the minutes.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.PNC_ID.value,
            name="uk_pnc_id",
            patterns=[Pattern("pnc_id", _PNC, score=0.85), Pattern("cro_number", _CRO, score=0.85)],
            global_regex_flags=regex.IGNORECASE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find PNC ID and CRO shapes, then score them by check letter and cue."""

        def score(result: RecognizerResult) -> float:
            found = text[result.start : result.end]
            if pattern_name(result) == "cro_number":
                return 0.85 if has_context(text, result.start, result.end, _CRO_CONTEXT, after=0) else 0.0
            cue = has_context(text, result.start, result.end, _PNC_CONTEXT, after=0)
            serial = found.split("/")[1][:-1]
            if is_valid_pnc(found):
                if cue:
                    return 0.95
                return 0.85 if len(serial) >= 4 and found[-1].isupper() else 0.0
            return 0.5 if cue and len(serial) >= 4 else 0.0

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
