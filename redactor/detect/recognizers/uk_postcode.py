"""UK postcodes: full ones, ZZ99 pseudo postcodes, and outward codes with a cue."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import SAID_NOT_THE_REST, SAID_SOMETHING, has_context, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_SPACE = r"[ \u00a0]?"
_OUTWARD = r"(?:[A-PR-UWYZ]\d[\dA-HJKSTUW]?|[A-PR-UWYZ][A-HK-Y]\d[\dABEHMNPRVWXY]?)"
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
# DOMAIN.md section 4; case-insensitive, since postcodes are typed in lower case too.
_STRICT = rf"(?i:\b(?:GIR{_SPACE}0AA|{_OUTWARD}{_SPACE}{_INWARD})\b)"
# Breaks the grammar (ZZ99 3VZ, "no fixed abode"); upper case only, so it needs a real-looking
# shape.
_LOOSE = rf"\b[A-Z]{{1,2}}\d[A-Z\d]?{_SPACE}\d[A-Z]{{2}}\b"
# An outward code alone ("SE4"): upper case, not the start of a full postcode, nor of a vehicle
# registration ("YE15 XKR"), nor a road ("A1 road").
_OUTWARD_ALONE = (
    rf"\b{_OUTWARD}\b(?!{_SPACE}\d[A-Z]{{2}}\b)(?!{_SPACE}[A-Z]{{3}}\b)"
    r"(?![ \u00a0]+(?i:road|motorway|junction)\b)"
)
_CONTEXT = ("postcode", "post code", "postal code", "postal district", "postcode district")
#: The part of a postcode someone remembers, said so: "ME5 8-something", "DE21, I don't know the rest".
_PARTIAL = rf"\b{_OUTWARD}(?:{_SPACE}\d)?(?={SAID_SOMETHING}|,?{SAID_NOT_THE_REST})"
# "…Brockley Rise, SE4" or "…Rise, London SE4": a capitalised word, a comma, up to two more
# capitalised words (the town), then the outward code.
_AFTER_ADDRESS_COMMA = regex.compile(r"[A-Z][a-z]+,[ \u00a0]*(?:[A-Z][a-z]+[ \u00a0]+){0,2}\Z")


@register
class PostcodeRecognizer(PatternRecognizer):
    """Find UK postcodes.

    A postcode that fits the Royal Mail grammar scores 0.9 in upper case and 0.7 otherwise. An
    upper-case postcode shape outside the grammar (ZZ99 3VZ, used for "no fixed abode") scores
    0.6. An outward code alone ("SE4") scores 0.5, and only with "postcode" nearby or right after
    an address comma ("27 Brockley Rise, SE4", "Brockley, London SE4"); the part of a postcode
    someone remembers, said so ("ME5 8-something", "DE21, I don't know the rest"), 0.6.

    Not handled: an outward code alone without those cues ("she moved to SE4"), since bare
    outward codes look like road numbers, grid squares and paper sizes (A1, M25, B4); postcodes
    split across lines or written with more than one space; lower-case pseudo postcodes.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Jane moved to 27 Brockley Rise, London SE4 1AA in 2017.", "SE4 1AA"),
        ("The refuge postcode (SW1A 2AA) was withheld from the perpetrator.", "SW1A 2AA"),
        ("Police recorded his address as M1 1AE.", "M1 1AE"),
        ("GP records list the postcode as ec1a1bb.", "ec1a1bb"),
        ("He was recorded as no fixed abode, postcode ZZ99 3VZ.", "ZZ99 3VZ"),
        ("She lived near the station, postcode area SE13, until 2018.", "SE13"),
        ("The flat was at 14a Hillcrest Road, Lewisham SE4.", "SE4"),
        ("Historic letters were sent to GIR 0AA by mistake.", "GIR 0AA"),
        ("Her new address was in the CR0 2AB area.", "CR0 2AB"),
        ("18 Heron Walk. I can't remember the postcode. ME5 8-something. And the call handler", "ME5 8"),
        ("twelve Meadow Brook Rise, Chaddesden. DE21, I don't know the rest.", "DE21"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "He drove north on the A1 road towards the M25 after midnight.",
        "Her NI number QQ 12 34 56 C was on the benefits file.",
        "The hearing was listed for 14:30 on 12/03/2019.",
        "Arrears of £1,200 are discussed in section 9.2 of the 2019/20 report.",
        "Family court case LV21C00123 concluded in 2021.",
        "The print was enlarged to A3, B4 and A1 sizes.",
        "Actions A1, B2 and C3 were agreed by the panel.",
        "She drove a red Micra, FP12 DHX, to the refuge.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.UK_POSTCODE.value,
            name="uk_postcode",
            patterns=[
                Pattern("postcode", _STRICT, score=0.9),
                Pattern("pseudo_postcode", _LOOSE, score=0.6),
                Pattern("outward_code", _OUTWARD_ALONE, score=0.5),
                Pattern("partial_postcode", _PARTIAL, score=0.6),
            ],
            global_regex_flags=regex.MULTILINE,  # case-sensitive except where marked (?i:)
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find postcodes, then score each by its shape, case and cues."""

        def score(result: RecognizerResult) -> float:
            found = text[result.start : result.end]
            name = pattern_name(result)
            if name == "postcode":
                return 0.9 if found.isupper() else 0.7
            if name in ("pseudo_postcode", "partial_postcode"):
                return 0.6
            if has_context(text, result.start, result.end, _CONTEXT, after=0):
                return 0.5
            if _AFTER_ADDRESS_COMMA.search(text[max(0, result.start - 60) : result.start]):
                return 0.5
            return 0.0

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
