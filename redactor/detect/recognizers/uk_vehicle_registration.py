"""UK vehicle registration marks: current, prefix, suffix, Northern Ireland and (with a cue) dateless."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import SAID_NOT_THE_REST, SAID_SOMETHING, has_context, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_S = r"[ \u00a0]?"
# Not glued to other letters, digits or reference punctuation ("CRY/MAR/21", "A1234BC").
_NOT_BEFORE = r"(?<![\w/\-.£$@])"
_NOT_AFTER = r"(?![\w/@]|[.:,\-]\d|-\w)"
# The patterns are loose (any letters); the DVLA's letter rules are applied when scoring, so
# that a cue can still rescue a mark with a misread letter. Current marks may be in lower case
# ("lr19 xkt" in a transcript); older layouts must be in capitals.
_CURRENT = rf"{_NOT_BEFORE}(?i:[A-Z]{{2}}\d{{2}}{_S}[A-Z]{{3}}){_NOT_AFTER}"
#: A current mark with a space after its area letters too ("LX 19 FGH"): in capitals, near a cue.
_CURRENT_SPACED = (
    rf"{_NOT_BEFORE}[A-Z]{{2}}[ \u00a0]\d{{2}}[ \u00a0](?!(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\b)"
    rf"[A-Z]{{3}}{_NOT_AFTER}(?![ \u00a0]\d)"
)
_PREFIX = rf"{_NOT_BEFORE}[A-Z]\d{{1,3}}{_S}[A-Z]{{3}}{_NOT_AFTER}"
#: The start of a current mark someone remembers, said so: "YH67, something", "YH67, I don't know the rest".
_PARTIAL = rf"{_NOT_BEFORE}[A-Z]{{2}}\d{{2}}(?=,?{SAID_SOMETHING}|[.,]?{SAID_NOT_THE_REST})"
_PARTIAL_RE = regex.compile(_PARTIAL)
_SUFFIX = rf"{_NOT_BEFORE}[A-Z]{{3}}{_S}\d{{1,3}}[A-Z]{_NOT_AFTER}"
_NORTHERN_IRELAND = rf"{_NOT_BEFORE}[A-Z]{{3}}{_S}\d{{1,4}}{_NOT_AFTER}(?![ \u00a0]\d)"
_DATELESS = rf"{_NOT_BEFORE}(?<!\d[ \u00a0])(?:[A-Z]{{1,3}}{_S}\d{{1,4}}|\d{{1,4}}{_S}[A-Z]{{1,3}}){_NOT_AFTER}(?![ \u00a0]\d)"

# drivearchive.co.uk: current marks (2001-) use no I, Q or Z in the area letters and no I or Q
# in the random letters. Prefix (1983-2001) and suffix (1963-83) year letters skip I, O, Q, U
# and Z. Northern Ireland: a serial letter (not I, Q or Z), then a county code with I or Z.
_CURRENT_STRICT = regex.compile(r"[A-HJ-PR-Y]{2}(\d\d)[A-HJ-PR-Z]{3}")
_PREFIX_STRICT = regex.compile(r"[A-HJ-NPR-TV-Y]\d{1,3}[A-HJ-PR-Y]{3}")
_SUFFIX_STRICT = regex.compile(r"[A-HJ-PR-Y]{3}\d{1,3}[A-HJ-NPR-TV-Y]")
_NI_STRICT = regex.compile(r"[A-HJ-PR-Y](?:I[ABGJLW]|[JOUX]I|[A-HJ-PR-Y]Z)\d{1,4}")
_CONTEXT = (
    "reg",
    "reg no",
    "reg number",
    "registration",
    "registration number",
    "registration mark",
    "vrm",
    "vrn",
    "vehicle",
    "vehicles",
    "car",
    "cars",
    "van",
    "lorry",
    "motorbike",
    "motorcycle",
    "taxi",
    "plate",
    "plates",
    "number plate",
    "anpr",
    "dvla",
    "registered keeper",
)
# Cues that name the mark itself; enough for a dateless mark in any layout.
_MARK_CONTEXT = (
    "reg",
    "reg no",
    "reg number",
    "registration",
    "registration number",
    "registration mark",
    "vrm",
    "vrn",
    "plate",
    "plates",
    "number plate",
    "private plate",
    "cherished",
)
# Letter groups that are ordinary words or common abbreviations in capitals: "A1 AND", "UNIT
# DN14 ETA", "KPI 3A", "the NHS 111", "S136 MHA" (a section of an Act), car makes and models.
# A mark whose letters are one of these needs a cue.
_WORDS = frozenset(
    """
    ACT ADD AGE AGO AID AIL AIM AIR ALL AND ANY APT ARE ART ASB ASK ATE AUG BAD BAG BED BIG BOX BOY
    BUT BUY CAD CAN CAR CCG CID CJS CPS CRN CRO CSC CSP CUT DAY DHR DID DOB DOG DUE DVA DWP EAT END
    ETA EYE FAR FEB FEW FIG FIT FLT FOR FOX FRI GAS GET GOT GPS GUI GUN HAD HAS HER HIM HIS HOT HOW
    ICU IDS IMR ITS JAN JOB JUL JUN KEY KIA KID KPI LAW LAY LED LEG LET LOG LOT LOW MAN MAP MAR MAY
    MEN MET MIA MIX MON MRS NEW NFA NHS NIB NIL NOR NOT NOV NOW OCT OFF OIL OLD ONE OUR OUT OWN PAY
    PER PIG PIN PNC POB POI PUT RAN RAW RED RIB RIG ROW RTA RTC RUN SAT SAW SAY SEE SEP SET SHE SIX
    SON SUN TAX TEN THE TOO TOP TRY TUE TWO USE VIA WAR WAS WAY WED WHO WHY WIG WIN YES YET YOU
    AM PM HR HRS MPH KM KG ST ND RD TH PC DC PS DS DI DCI PCSO SGT INSP NO NOS REF PG PP AGED YRS
    MHA MCA CJA SOA PFA DPA HRA PHA FLA CPA PCA SCR CSE ACE CIN LAC CYP CAMHS GCSE DVPN DVPO
    JCT RBT NSL VAN BUS CAB REG VRM BMW VW MG DS GMC BYD AMG GTI TDI GT RS SUV MPV LWB SWB XC XF XE XJ TT CLA CLS GLA GLC GLE SLK
    """.split()
)
_ROAD = regex.compile(r"[ABMJ]\d{1,4}")  # A1, M25, B4, J4: roads and junctions, not marks
# A dateless mark next to only a general vehicle cue must look like one: two or more letters, a
# space, digits ("JS 1"), so that model names ("X5", "C200", "BMW 3 Series") stay out.
_SPACED_DATELESS = regex.compile(r"[A-Z]{2,3}[ \u00a0]\d{1,4}|\d{1,4}[ \u00a0][A-Z]{2,3}")
_MODEL_AFTER = regex.compile(r"[ \u00a0\-]*(?i:series|class|sport|estate|hatchback|saloon|coupe)\b")


@register
class VehicleRegistrationRecognizer(PatternRecognizer):
    """Find UK vehicle registration marks.

    In capitals and with the DVLA's letters, a current mark (AB12 CDE; age identifier 02-29 for
    March or 51-79 for September) scores 0.85; a prefix mark (A123 BCD) or a suffix mark (ABC
    123D) 0.6; a Northern Ireland mark (a serial letter, a county code with I or Z, up to 4
    digits: "KIA 1234" is excluded as a word) 0.5. A vehicle cue ("reg", "registration", "VRM",
    "vehicle", "car", "van", "plate", "ANPR" ...) up to 40 characters before or 15 after raises
    each to 0.9, and lets through lower-case marks, marks with letters the DVLA does not issue,
    and dateless (cherished) marks such as "ABC 1" or "1 ABC", scored 0.6. A dateless mark needs
    a cue that names the mark ("reg", "VRM", "plate") within 30 characters before it, or a
    general one ("car", "van") and the spaced layout "JS 1"; a model name ("BMW 3 Series",
    "X5") is not a mark. A mark whose letters are a common word, abbreviation or car make ("A1
    AND", "DN14 ETA", "BMW 3") needs a cue that names the mark and capitals.

    Postcodes (SE4 2XY), NINOs (AB 12 34 56 C) and prison numbers (A1234BC) have other shapes and
    are not matched. Not handled: foreign plates, trade plates, military and diplomatic marks,
    marks split by more than one space or by a hyphen ("AB12-CDE"), and dateless marks without
    a cue.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("She drove a red Micra, FP12 DHX, to the refuge.", "FP12 DHX"),
        ("Do you know the registration at all?\nCALLER: YH67, something. YH67. I don't know the rest.", "YH67"),
        ("The plate on the van was LX 19 FGH.", "LX 19 FGH"),
        ("23:09 VRM GIVEN AS YD09 FMU SILVER ASTRA.", "YD09 FMU"),
        ("Vehicle LB68NVU to be flagged on ANPR.", "LB68NVU"),
        ("Says P drove blue Mondeo + old red van (reg? she thinks R432 FLT).", "R432 FLT"),
        ("An old Jaguar, registration ABC 123D, was parked outside.", "ABC 123D"),
        ("He had since bought a car registered in Belfast, AIG 4521.", "AIG 4521"),
        ("The van had a private plate, JS 1, bought for his fortieth.", "JS 1"),
        ("In the panel's view, the MA18 VXL tracker report was the key warning sign.", "MA18 VXL"),
        ("Her sister wrote the car's reg down as lr19 xkt.", "lr19 xkt"),
        ("It's outside. White Transit. Hang on. GN16 WZP.", "GN16 WZP"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The reference LX 19 FGH was quoted on the form.",
        "Jane moved to 27 Brockley Rise, London SE4 2XY in 2017.",
        "Her NI number AB 12 34 56 C was on the benefits file.",
        "His prison number is A1234BC.",
        "23:06 ALLOCATED PC 3318 (UNIT DN14 ETA 9 MINS).",
        "He drove north on the A1 AND then the M25 after midnight.",
        "She sat in the car from 10 PM until the police arrived at 12/03/2019 14:30.",
        "Her car was written off; section 9.2 covers the 2019/20 insurance claim.",
        "The KPI 3A target and DHR 12 were discussed.",
        "The hearing was at HMP ALTCOURT ON 12 MAY.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.VEHICLE_REGISTRATION.value,
            name="uk_vehicle_registration",
            patterns=[
                Pattern("current", _CURRENT, score=0.85),
                Pattern("current_spaced", _CURRENT_SPACED, score=0.85),
                Pattern("prefix", _PREFIX, score=0.6),
                Pattern("suffix", _SUFFIX, score=0.6),
                Pattern("northern_ireland", _NORTHERN_IRELAND, score=0.5),
                Pattern("dateless", _DATELESS, score=0.6),
                Pattern("partial", _PARTIAL, score=0.6),
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
        """Find mark shapes, then score each by its letters, case and a vehicle cue."""

        def score(result: RecognizerResult) -> float:
            found = text[result.start : result.end]
            compact = "".join(found.split()).upper()
            cue = has_context(text, result.start, result.end, _CONTEXT, before=40, after=15)
            name = pattern_name(result)
            partial = _PARTIAL_RE.match(text, result.start)
            if name == "partial" or (partial is not None and partial.end() == result.end):
                # The start of a mark someone remembers ("YH67, something"): the question that
                # asked for it may be a line or two before.
                asked = cue or has_context(text, result.start, result.end, _CONTEXT, before=120, after=0)
                return 0.6 if asked and _CURRENT_STRICT.match(compact + "AAA") else 0.0
            if name == "dateless":
                return self._dateless_score(text, result, compact)
            if name == "current_spaced":  # "ON 12 MAR" in a log is a date: only a cue makes it a mark
                return 0.9 if cue and self._strict("current", compact) and not self._is_word("current", compact) else 0.0
            strict = found.isupper() and self._strict(name, compact) and not self._is_word(name, compact)
            if strict:
                return 0.9 if cue else {"current": 0.85, "prefix": 0.6, "suffix": 0.6}.get(name, 0.5)
            if not cue or not (found.isupper() or found.islower()):
                return 0.0
            if self._is_word(name, compact):  # "car ... M62 JCT": only a cue naming the mark will do
                mark_cue = has_context(text, result.start, result.end, _MARK_CONTEXT, before=30, after=0)
                return 0.6 if mark_cue and found.isupper() else 0.0
            return 0.6

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)

    @staticmethod
    def _strict(name: str, compact: str) -> bool:
        """Apply the DVLA's letter and age-identifier rules to a mark without spaces."""
        if name == "current":
            match = _CURRENT_STRICT.fullmatch(compact)
            if match is None:
                return False
            age = int(match.group(1))
            return 2 <= age <= 29 or 51 <= age <= 79
        if name == "prefix":
            return _PREFIX_STRICT.fullmatch(compact) is not None
        if name == "suffix":
            return _SUFFIX_STRICT.fullmatch(compact) is not None
        return _NI_STRICT.fullmatch(compact) is not None

    @staticmethod
    def _is_word(name: str, compact: str) -> bool:
        """Say whether the letters of a mark are an ordinary word or abbreviation."""
        letters = "".join(ch for ch in compact if ch.isalpha())
        if name == "current":
            return compact[4:] in _WORDS
        if name == "prefix":
            return letters[1:] in _WORDS
        if name == "suffix":
            return letters[:3] in _WORDS
        return letters in _WORDS

    @staticmethod
    def _dateless_score(text: str, result: RecognizerResult, compact: str) -> float:
        """Score a dateless mark: upper case, a cue just before it, no road or common word."""
        found = text[result.start : result.end]
        letters = "".join(ch for ch in compact if ch.isalpha())
        if not found.isupper() or letters in _WORDS or _ROAD.fullmatch(compact):
            return 0.0
        if _MODEL_AFTER.match(text, result.end):
            return 0.0
        if has_context(text, result.start, result.end, _MARK_CONTEXT, before=30, after=0):
            return 0.6
        if _SPACED_DATELESS.fullmatch(found) and has_context(text, result.start, result.end, _CONTEXT, before=30, after=0):
            return 0.6
        return 0.0
