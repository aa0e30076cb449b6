"""Police collar (shoulder) numbers: "PC 4471", "DC 2214", "Sgt 332", "collar number 4471"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import make_result, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# Abbreviated ranks; an "A/" or "T/" prefix means acting or temporary ("A/Sgt", "T/DC").
_RANKS = r"(?:[AT]/)?(?:PCSO|DCI|DSI|DCS|DSU|SPC|TDC|TPC|PC|DC|PS|DS|DI|SC|Sgt|Insp|Ch\.?[ ]Insp|Supt|CI)"
_SPELT = (
    r"(?:(?:Police|Detective|Special|Woman[ ]Police)[ ])?(?:Constable|Sergeant|Inspector)|Police[ ]Community[ ]Support[ ]Officer"
)
#: A number, with the Met's two-letter borough code after it ("PC 2231LX").
_NUMBER = r"\d{2,5}(?:[A-Z]{2})?(?![\w/%£]|[.:,]\d)"
_NOT_BEFORE = r"(?<![\w/\-])"
_RANK_NUMBER = rf"{_NOT_BEFORE}(?:{_RANKS})\.?[ \u00a0]?{_NUMBER}"
_SPELT_NUMBER = rf"{_NOT_BEFORE}(?:{_SPELT})[ \u00a0]{_NUMBER}"
# Plural ranks with a list: "PCs 4471 and 5120", "PCs 4471, 5120 and 2281".
_PLURAL = regex.compile(
    rf"{_NOT_BEFORE}(?:PCSOs|PCs|DCs|PSs|DSs|Sgts|Officers|officers)[ \u00a0]+(\d{{2,5}})"
    rf"((?:(?:[ \u00a0]*,[ \u00a0]*|[ \u00a0]+(?:and|&)[ \u00a0]+)\d{{2,5}})*)(?![\w/%£]|[.:,]\d)"
)
_LIST_ITEM = regex.compile(r"\d{2,5}")
# "collar number 4471", "shoulder no. 118", "collar 4471": the number only.
_LABELLED = regex.compile(
    r"(?i:\b(?:collar|shoulder|epaulette|warrant(?:[ ]card)?)(?:[ \u00a0]+(?:number|no\.?|num|#))?)"
    r"(?:[ \u00a0]*[:#]?[ \u00a0]*|[ \u00a0]+(?:was|is|as|of)[ \u00a0]+)(\d{2,6})(?![\w/%£]|[.:,]\d)"
)
# A rank, a capitalised surname, then a number: "DC Whitaker 2214" (the number only).
_NAME_NUMBER = regex.compile(
    rf"{_NOT_BEFORE}(?:{_RANKS}|{_SPELT})\.?[ \u00a0]+[A-Z][a-z'\-]+[ \u00a0]+\(?(\d{{3,5}})\)?(?![\w/%£]|[.:,]\d)"
)
_YEAR = regex.compile(r"(?:19[5-9]\d|20[0-4]\d)")
#: A body-worn video transcript's key to its speakers: "4412 = officer wearing the device",
#: "2290 - attending sergeant" (officers are named there by their collar numbers).
_KEY_NUMBER = regex.compile(
    r"(?:(?<![\w/.£:-])(\d{3,5})[ \u00a0]*=|(?m:^)[ \t]*(\d{3,5})[ \u00a0]*[–-])[ \u00a0]*(?:the[ ])?(?:[\w-]+[ ]){0,3}"
    r"(?i:officer|constable|sergeant|inspector|detective|pc|pcso|ps|dc)\b"
)
#: An officer's collar number as the label of their turns: "[22:41:15] 4412: Police. Open the door."
_NUMBER_LABEL = regex.compile(r"(?m)^[ \t]*(?:\[[\d:.]{4,12}\][ \t]*)?(\d{3,5}):[ \t]+(?=[\p{Lu}\[(\"“])")


@register
class UkCollarNumberRecognizer(PatternRecognizer):
    """Find police collar (shoulder) numbers.

    A rank abbreviation (PC, DC, PS, DS, DI, DCI, PCSO, Sgt, Insp and others, optionally "A/" or
    "T/") or a spelt rank ("Police Constable", "Sergeant") followed by 2 to 5 digits scores 0.85,
    and the span is the rank and the number ("PC 4471"). "Collar number 4471", "shoulder no. 118"
    and "warrant number 123456" give the number alone (0.85), and so do "PCs 4471 and 5120" (the
    first with its rank) and "DC Whitaker 2214" (0.6; not when the number looks like a year).
    Ranks are case-sensitive ("pc 4471" is not matched), so the computer sense of "PC" needs
    digits straight after it to match.

    A body-worn video transcript names officers by their numbers: in its key ("4412 = officer
    wearing the device", 0.85) and as the labels of their turns ("4412: Police.", 0.6, when a
    number labels two turns or more).

    Not handled: a named officer without a number ("PC Smith" is a person), numbers with one
    letter ("PC 4471A"; the Met's two-letter borough code is: "PC 2231LX"), force prefixes
    ("MP 4471"), "PC4471/5120" slash lists, and lower-case ranks.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Officers attended within 9 minutes. | PC 4471, PCSO 8824 |", "PCSO 8824"),
        ("The officer in the case was PC Daniel Thackeray (PC 2281), who has since left.", "PC 2281"),
        ("Interviewing officers: DC 2214 Whitaker, DC 5170 Akhtar", "DC 2214"),
        ("23:21 PS 1207 HIRST TO ATTEND.", "PS 1207"),
        ("Sgt 332 reviewed the DASH risk assessment the next morning.", "Sgt 332"),
        ("PC Gemma Hart (PC 2231LX) and PC Tomasz Kowalski attend.", "PC 2231LX"),
        ("The bail decision was made by Insp 45.", "Insp 45"),
        ("Her collar number 4471 appears on the statement.", "4471"),
        ("The officer gave his shoulder number as 1234 at the door.", "1234"),
        ("The officers, PCs 4471 and 5120, left at 02:10.", "5120"),
        ("Police Constable 6604 took the first account.", "Police Constable 6604"),
        ("Author: DS Marcus Levy (DS 2190), Specialist Crime Review Group", "DS 2190"),
        ("Key to speakers: 4412 = officer wearing the device; 5187 = second officer", "5187"),
        ("[22:41:15] 4412: Police. Can you open the door?\n[22:41:20] AP: Yes.\n[22:41:35] 4412: Evening.", "4412"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "PC Smith spoke to the victim at the door.",
        "The officer in the case, DC Patel, called her back.",
        "She used the family PC 2 or 3 times a week.",
        "Police attended on 12/03/2019 at 14:30 and arrears were £1,200.",
        "Section 9.2 covers the police response in 2019/20.",
        "He paid £45 to DS Motors for the repair.",
        "DI Jones (2019) reviewed the case.",
        "2019: The panel met. 2020: The panel met again.",
        "She paid 1200 - the officer said it was fine.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.COLLAR_NUMBER.value,
            name="uk_collar_number",
            patterns=[
                Pattern("rank_number", _RANK_NUMBER, score=0.85),
                Pattern("spelt_rank_number", _SPELT_NUMBER, score=0.85),
            ],
            global_regex_flags=regex.MULTILINE,  # case-sensitive: ranks are written in capitals
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find rank + number, labelled numbers, plural-rank lists and "rank Name number"."""
        entity = self.supported_entities[0]
        results = list(super().analyze(text, entities, nlp_artifacts, regex_flags))
        for match in _LABELLED.finditer(text):
            results.append(make_result(self, entity, match.start(1), match.end(1), 0.85, "labelled_number"))
        for match in _PLURAL.finditer(text):
            results.append(make_result(self, entity, match.start(0), match.end(1), 0.85, "plural_rank"))
            offset = match.start(2)
            for item in _LIST_ITEM.finditer(match.group(2)):
                results.append(make_result(self, entity, offset + item.start(), offset + item.end(), 0.85, "plural_rank"))
        for match in _KEY_NUMBER.finditer(text):
            group = 1 if match.group(1) else 2
            results.append(make_result(self, entity, match.start(group), match.end(group), 0.85, "speaker_key"))
        labels = [m for m in _NUMBER_LABEL.finditer(text) if not _YEAR.fullmatch(m.group(1))]
        for match in labels if len(labels) >= 2 else ():  # a number that labels two turns or more
            results.append(make_result(self, entity, match.start(1), match.end(1), 0.6, "number_label"))
        for match in _NAME_NUMBER.finditer(text):
            if not _YEAR.fullmatch(match.group(1)):
                results.append(make_result(self, entity, match.start(1), match.end(1), 0.6, "rank_name_number"))

        def score(result: RecognizerResult) -> float:
            if pattern_name(result) == "spelt_rank_number":
                return 0.0 if _YEAR.fullmatch(text[result.start : result.end].rsplit(None, 1)[-1]) else 0.85
            return result.score

        return rescore(results, score)
