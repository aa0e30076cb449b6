"""Crime, incident, MASH/MARAC and court references: the token after a trigger word, and a few shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, make_result, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# DOMAIN.md section 4: there is no national format, so a reference is the token that follows a
# trigger word. Police systems and their acronyms are matched in their usual capitalisation
# only ("urn", "storm" and "connect" are words).
_SYSTEMS = (
    r"(?-i:CAD|CRIS|URN|CRN|ASN|PPN|CRO|Athena|ATHENA|Niche|NICHE|Storm|STORM|Connect|CONNECT|Merlin|MERLIN|ViSOR|VISOR)"
)
#: A system's code right before its number is part of the reference as people write it: "CRIS 3014422/21".
_SYSTEM_BEFORE = regex.compile(rf"{_SYSTEMS}[ \u00a0]+$")
#: The date a log or CAD number was opened, after it: "log 3317 of 14/08/22", "CAD 0915 of 2 March 2022".
_OPENED = regex.compile(
    r"(?:[ \u00a0]+of|,)?[ \u00a0]+(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
    r"|\d{1,2}(?:st|nd|rd|th)?[ \u00a0]+(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"(?:[ \u00a0]+\d{4})?)(?![\w/])"
)
#: A reference that opens with its own system's name and slashes: "MARAC/LAM/22/0418".
_SLASHED = (
    r"(?<![\w/\-])(?:[A-Z]{2,4}(?P<sep>[/\-]))?(?:MARAC|MASH|CAD|CRIS|ASB|DVDS|DVPN|DVPO)(?(sep)(?P=sep)|/)[A-Z0-9]+"
    r"(?:[/\-][A-Z0-9]+)+(?![\w/])"
)
_QUALIFIER = r"(?:ref(?:erence)?s?|numbers?|nos?|id|log)\b"
_PHRASES = (
    r"(?i:crime(?:[ \u00a0]+(?:ref(?:erence)?s?|numbers?|nos?|report|recorded|record|id)\b)?"
    r"|occurrences?"
    rf"|incident(?:[ \u00a0]+{_QUALIFIER})?"
    r"|custody[ \u00a0]+(?:record|ref(?:erence)?|numbers?|nos?)\b"
    rf"|(?:court|claim|indictment|recall|referral|mash|marac|police|safeguarding|asb|file|intelligence)[ \u00a0]+{_QUALIFIER}"
    r"|exhibits?"  # "exhibit KH/3": an officer's initials and a number
    r"|case|log|ref(?:erence)?s?)"
)
#: A meeting's or hub's name right before its reference: "MARAC CDM/23/0611", "MASH 22-0419".
_FORUMS = r"(?-i:MARAC|MASH)"
_TRIGGER = regex.compile(rf"(?<![\w/\-])(?:{_SYSTEMS}|{_PHRASES}|{_FORUMS})(?![\w/])\.?")
_FILLER = (
    r"(?i:no|nos|number|numbers|num|ref|refs|reference|references|id|was|is|were|as|of|given|"
    r"recorded|quoted|record|log|(?-i:CAD|CRIS))\.?(?=[\s:#(*])"
)
_GAP = regex.compile(rf"(?:[\s:#=(*_\-\u2013\u2014]|{_FILLER})*+")
_TOKEN = regex.compile(r"[A-Za-z0-9](?:[A-Za-z0-9/.\-]*[A-Za-z0-9])?(?![A-Za-z0-9%£$€@]|[/.\-][A-Za-z0-9])")
_NEXT = regex.compile(r"(?:[ \u00a0]*[,;&][ \u00a0]*|[ \u00a0]+and[ \u00a0]+)")
_MAX_GAP = 40
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# Whole tokens that are not references: dates, month-year, years and year ranges, section and
# paragraph numbers, times, ordinals and quantities with units.
_NOT_REFERENCE = regex.compile(
    r"(?i:\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?"
    r"|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    rf"|\d{{1,2}}[\-/.]?{_MONTHS}(?:[\-/.]?\d{{2,4}})?"
    r"|\d{1,2}[/.\-](?:19|20)\d{2}"
    r"|(?:19|20)\d{2}(?:[/\-](?:\d{2}|(?:19|20)\d{2}))?"
    r"|\d{1,3}(?:\.\d{1,3})+[a-z]?"
    r"|\d+(?:\.\d+)?(?:st|nd|rd|th|am|pm|hrs?|hours?|mins?|secs?|h|s|m|k|kg|km|mph|yrs?|ml|mg|x|p|pc|pcs|pages?|days?))"
)
_YEAR = regex.compile(r"(?:19|20)\d{2}")

# Shapes that are references without a trigger.
_NOT_BEFORE = r"(?<![\w/.\-])"
_NOT_AFTER = r"(?![\w/]|[.\-]\w)"
# Force/area code / serial / year, as many forces write crime numbers ("46/117823/22").
# Also with letters first ("CR/058813/23"), and the Met's CRIS serial and year ("3014422/21").
_CRIME_NUMBER = rf"{_NOT_BEFORE}(?:(?:\d{{1,2}}|[A-Z]{{2,4}})/\d{{5,7}}/\d{{2}}|\d{{7}}/\d{{2}}){_NOT_AFTER}"
# Letters, a two-digit year and a serial, as stop records and MARAC lists number their cases ("SR/23/03071").
_LETTERS_YEAR_SERIAL = rf"{_NOT_BEFORE}[A-Z]{{2,5}}/\d{{2}}/\d{{4,6}}{_NOT_AFTER}"
# CAD serial / day + month + year ("4417/12MAR21").
_CAD = rf"{_NOT_BEFORE}\d{{3,5}}[/\-](?i:\d{{1,2}}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\d{{2}}){_NOT_AFTER}"
#: A log's serial and the day it was opened, with no trigger: "1140 of 05/10/2022" (a force's
#: incident log, as chronologies list them).
_LOG_OF_DATE = rf"{_NOT_BEFORE}\d{{3,5}}[ \u00a0]+of[ \u00a0]+\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}}){_NOT_AFTER}"
# Crown Court case number, T + year + serial ("T20217012"); family court, court code + year +
# case type + serial ("LV21C00123"). Both only with a court cue.
_CROWN_COURT = rf"{_NOT_BEFORE}T(?:19|20)\d{{6}}{_NOT_AFTER}"
_FAMILY_COURT = rf"{_NOT_BEFORE}[A-Z]{{2}}\d{{2}}[A-Z]\d{{5}}{_NOT_AFTER}"
_COURT_CONTEXT = (
    "court",
    "crown court",
    "case",
    "trial",
    "indictment",
    "hearing",
    "proceedings",
    "sentenced",
    "convicted",
    "listed",
    "family court",
    "care proceedings",
    "judge",
    # What a chronology's row says beside a Crown Court number: "Remanded at HMP Bristol", "plea to murder".
    "remanded",
    "remand",
    "imprisonment",
    "plea",
    "pleaded",
    "guilty",
    "murder",
    "manslaughter",
    "minimum term",
    "sentence",
)


@register
class UkPoliceReferenceRecognizer(PatternRecognizer):
    """Find crime, incident, case and court references.

    After a trigger word, the next token (letters and digits, joined by ``/``, ``-`` or ``.``,
    no spaces, with at least one digit) is a reference; the span is the token, not the trigger.
    Triggers are police systems and codes in their usual capitals (CAD, CRIS, URN, CRN, ASN, PPN,
    Athena, Niche, Storm, Connect, Merlin, ViSOR: 0.85), phrases such as "crime ref", "crime
    number", "incident log", "occurrence", "custody record", "court ref", "MASH ref", "MARAC
    ref" (0.85), and "case", "log", "ref", "reference" alone (0.7, or 0.5 for a 3-digit number).
    Up to 40 characters of punctuation and filler words ("no.", "number", "was", "given as") may
    come between. Further tokens joined by commas or "and" are taken too ("CRIS 4401762/22 and
    4401763/22"). A token that is a date, month-year, year range, section number ("9.2"), time,
    ordinal or quantity is not taken, nor is a year ("2019"), except straight after a system or
    phrase trigger ("CAD 2019", a CAD serial).

    "MARAC" and "MASH" in capitals are triggers too ("MARAC CDM/23/0611"), never before a year.
    Without a trigger: "46/117823/22" crime numbers and "SR/23/03071" letters, year and serial
    (0.6), "4417/12MAR21" CAD numbers (0.7); with a court cue within 150 characters before (a
    court, a trial, a plea, a remand, a sentence), Crown Court "T20217012" and family court
    "LV21C00123" numbers (0.85).

    A system's code right before the number is part of the span ("CRIS 3014422/21"), and so is the
    day a log or CAD serial was opened ("log 3317 of 14/08/22"); a reference that opens with its
    system and slashes is one without a trigger ("MARAC/LAM/22/0418").

    Not handled: references with other spaces inside ("CAD 4417 12MAR21": only "CAD 4417" is taken),
    references more than a few words after the trigger ("the crime reference for the assault
    on her sister was ..."), references in a table column whose header is the only trigger, and
    ambulance, NHS or local-authority case numbers without one of the triggers.
    """

    NEEDS_DIGIT = True  # every reference holds a digit: the engine skips texts without one

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("| 12.07.2021 | Right to ask application by her sister. | SWP/DVDS/21/0412 |", "SWP/DVDS/21/0412"),
        ("Crime recorded (criminal damage) CR/058813/23. Suspect not at home.", "CR/058813/23"),
        ("and then a crime number under it, 3014422/21.", "3014422/21"),
        ("On the second occasion (CAD 7391/14APR21) officers spoke to the neighbour.", "CAD 7391/14APR21"),
        ("| 18/08/2020 | CRIS 5209931/20 | Crime of common assault recorded. |", "CRIS 5209931/20"),
        ("A referral was made to the MASH (MASH ref NM-MASH-19-02741) and screened.", "NM-MASH-19-02741"),
        ("The crime number was 35/88412/21, I have it on a paper.", "35/88412/21"),
        ("Custody record: AE-22-011874    Crime reference: 13/198234/22", "AE-22-011874"),
        ("Incident log: CAD 0412-14/03/22; linked crime number 46/21879/22", "CAD 0412-14/03/22"),
        ("Key references: CRIS 4401762/22; Merlin 22MIS118305; CAD 9012/30DEC22.", "Merlin 22MIS118305"),
        ("He was convicted at Leeds Crown Court (case number T20227031).", "T20227031"),
        ("Care proceedings in the family court, LV21C00123, concluded in 2021.", "LV21C00123"),
        ("He was asked about the previous incident in August (13/154470/21).", "13/154470/21"),
        ("Police records show one previous call from this address (log 1188-02/09/21).", "1188-02/09/21"),
        ("Perpetrator CRN E227904; prison number A9143BF", "CRN E227904"),
        ("The victim's friend was also harassed (CAD 0915 of 2 March 2022).", "CAD 0915 of 2 March 2022"),
        ("The hoodie was recovered from the bin, exhibit KH/3; the knife is MW/4.", "KH/3"),
        ("Crime ref CRIS 4410271/22. I rang her the next week.", "CRIS 4410271/22"),
        ("Neighbour's 999 call, log 3317 14/08/22. PC R. Doherty attended.", "3317 14/08/22"),
        ("MARAC referral (MARAC/LAM/22/0418) listed for 14 July.", "MARAC/LAM/22/0418"),
        ("His 2011 conviction is held under CRO 114923/11G.", "CRO 114923/11G"),
        ("Anti-social behaviour case ASB-22-1187, held jointly with the police.", "ASB-22-1187"),
        ("**MARAC ref:** BRT-MARAC-2020-0562  **Referring agency:** Brent", "BRT-MARAC-2020-0562"),
        ("URN 46AB1234521 was used for the file sent to the CPS.", "URN 46AB1234521"),
        ("CRIS 3018846/19 and 3047112/19 were both closed.", "3047112/19"),
        ("MARAC referral (NLD/MARAC/22/1187) for 10 Nov.", "NLD/MARAC/22/1187"),
        ("MARAC referral (MDW-MARAC-23-0147), listed for 9 March.", "MDW-MARAC-23-0147"),
        ("Neighbour's 999 call (incident MP-220618-0952). PC T. Gallagher attended.", "MP-220618-0952"),
        ("| 05/10/22 23:31 | Essex Police | 1140 of 05/10/2022; crime 42/198734/22 |", "1140 of 05/10/2022"),
        ("Craig answers. Incident 0412 of 20/02/2023.", "0412 of 20/02/2023"),
        ("| 21/11/2023 | North Wales Police | Risk reviewed; high priority agreed. | MARAC CDM/23/0611 |", "CDM/23/0611"),
        ("Subject: RE: MARAC SOTON-MARAC-23-019 - welfare visit?", "SOTON-MARAC-23-019"),
        ("| 07/03/2023 | Gwent Police | Stop check of the car. No offence. | Stop record SR/23/03071 |", "SR/23/03071"),
        ("| Adult B | Pleaded guilty to murder. Life imprisonment, minimum term 21 years. | T20247031 |", "T20247031"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "the exhibit was bagged and the exhibits officer signed for it",
        "Police attended on 12/03/2019 at 14:30 and spoke to Jane.",
        "See section 9.2 and the terms of reference (2019/20).",
        "The case was heard at MARAC 03/23 and again in 2021.",
        "Arrears of £1,200 were recorded in the log on 3rd May.",
        "With reference to paragraph 4.12, the incident log showed 12 calls.",
        "The case 2019 review was referenced in section 3.2.1.",
        "Ref 12 | Recommendation | Lead agency",
        "The CAD at 23:05 was graded immediate; crime recorded 12MAR21.",
        "A parking ticket, T20217012, was found in his car.",
        "The case went to MARAC 2023 and the MASH in March.",
        "The incident 2 weeks later was not recorded.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.POLICE_REFERENCE.value,
            name="uk_police_reference",
            patterns=[
                Pattern("crime_number", _CRIME_NUMBER, score=0.6),
                Pattern("letters_year_serial", _LETTERS_YEAR_SERIAL, score=0.6),
                Pattern("cad_number", _CAD, score=0.7),
                Pattern("crown_court", _CROWN_COURT, score=0.85),
                Pattern("family_court", _FAMILY_COURT, score=0.85),
                Pattern("slashed", _SLASHED, score=0.85),
                Pattern("log_of_date", _LOG_OF_DATE, score=0.7),
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
        """Find references after trigger words, plus the trigger-free and court shapes."""

        def score(result: RecognizerResult) -> float:
            if pattern_name(result) in {"crown_court", "family_court"}:
                return 0.85 if has_context(text, result.start, result.end, _COURT_CONTEXT, before=150, after=0) else 0.0
            return result.score

        results = list(super().analyze(text, entities, nlp_artifacts, regex_flags))
        results.extend(self._after_triggers(text))
        return rescore(results, score)

    def _after_triggers(self, text: str) -> list[RecognizerResult]:
        """Return the token (or tokens) right after each trigger word."""
        entity = self.supported_entities[0]
        found: list[RecognizerResult] = []
        for trigger in _TRIGGER.finditer(text):
            word = trigger.group(0).rstrip(".").lower()
            strong = word not in {"case", "log", "ref", "refs", "reference", "references"}
            forum = word in {"marac", "mash"}  # "MARAC 2023" is the year of a meeting, not its reference
            gap = _GAP.match(text, trigger.end())
            if gap is None or gap.end() - trigger.end() > _MAX_GAP:
                continue
            token = _TOKEN.match(text, gap.end())
            if token is None or not self._is_reference(
                token.group(0), allow_year=strong and not forum and gap.end() - trigger.end() <= 1
            ):
                continue
            value = token.group(0)
            base = 0.85 if strong else (0.5 if value.isdigit() and len(value) == 3 else 0.7)
            start, end = token.start(), token.end()
            if (system := _SYSTEM_BEFORE.search(text, max(0, start - 12), start)) is not None:
                start = system.start()
            if value.isdigit() and (opened := _OPENED.match(text, end)) is not None:
                end = opened.end()  # a serial is a reference only with its day
            found.append(make_result(self, entity, start, end, base, "after_trigger"))
            position = token.end()
            while (separator := _NEXT.match(text, position)) is not None:
                more = _TOKEN.match(text, separator.end())
                if more is None or len(more.group(0)) < 4 or not self._is_reference(more.group(0), allow_year=False):
                    break
                found.append(make_result(self, entity, more.start(), more.end(), base, "after_trigger"))
                position = more.end()
        return found

    @staticmethod
    def _is_reference(token: str, *, allow_year: bool) -> bool:
        """Say whether a token after a trigger can be a reference rather than a date or number."""
        if len(token) < 3 or not any(ch.isdigit() for ch in token):
            return False
        if _YEAR.fullmatch(token):
            return allow_year
        return _NOT_REFERENCE.fullmatch(token) is None
