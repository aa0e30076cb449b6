"""Street addresses: "Flat 3, 27 Brockley Rise", "14a Hillcrest Road", "Honor Oak Road"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


def _alternatives(words: str) -> str:
    return "(?:" + "|".join(words.split()) + ")"


# Street types that are rarely a surname or an ordinary capitalised phrase: enough on their own.
_PLAIN_SUFFIXES = (
    "Road Street Avenue Crescent Terrace Gardens Mews Drive Grove Rise Square Parade "
    "Boulevard Embankment Wharf"
)
# Street types that are also surnames (Jane Hill, Lois Lane) or common words (Car Park, Whole
# Family Approach): without a house number they need a place preposition before them ("on",
# "at", "in", "near").
_AMBIGUOUS_SUFFIXES = (
    "Lane Close Way Hill Park Green Gate Row Walk View Vale Place Court Wood Fields Field End "
    "Common Croft Yard Heights Circus Quay Villas Cottages Meadows Meadow Hollow Ridge Broadway "
    "Approach"
)
# Abbreviations only count after a house number ("27 Brockley Rd"): "Dr", "St" and "Pl" are too
# often something else.
_ABBREVIATED_SUFFIXES = r"(?:Rd|St|Ave?|Ln|Cl|Dr|Cres|Gdns|Pl|Sq|Tce|Terr|Ct|Gr|Pk)"
_MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
# Capitalised words that never start or sit inside a street name here: articles, pronouns,
# prepositions and titles (sentence starts such as "The Park", "In Brockley Road"), months and
# weekdays (chronology: "On 12 March Jane Hill called"), "Car" (Car Park) and "Police" (Police
# Street Triage).
_NOT_STREET_WORDS = _alternatives(
    "The A An This That These Those His Her Hers Their Our My Your Its Every Each Any Some No "
    "Not On In At And Or But Of To From For With By When Then If After Before During Since "
    "Until While As She He They We It You Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Flat Unit "
    "Apartment Apt Suite Room Car Police " + _MONTHS + " " + _WEEKDAYS
)
# Words after the street type that make it an organisation or a building named after the
# street (Lewisham Park Surgery, Honor Oak Park Station): agencies are kept (DOMAIN.md).
_ORGANISATION_WORDS = _alternatives(
    "Surgery School Hospital Station Police Medical Health Centre Center Practice Clinic "
    "Primary Academy College University Library Church Mosque Temple Synagogue Gurdwara Prison "
    "Hotel Pub Tavern Inn Leisure Sports Community Nursery Infant Infants Junior Secondary "
    "Baptist Methodist Football Cricket Rugby Golf Tennis Club Stadium Partnership Group Trust "
    "Housing Magistrates Crown County Court Tribunal Children's Family Youth Day Care Home Homes"
)
# Courts are public bodies (High Court, Snaresbrook Crown Court, Central Family Court).
_COURT_WORDS = _alternatives(
    "Crown High County Magistrates Magistrates' Magistrates’ Family Youth Coroner's Coroner’s "
    "Coroners Coroners' Coroners’ Supreme Appeal Appeals Combined Civil Sheriff Justice "
    "Criminal Tribunal Royal"
)

_SPACE = r"[ \u00a0]"
# One capitalised word of a street name: Brockley, St, St., O'Connell, McDonald, John's,
# Stoke-on-Trent.
_WORD = (
    rf"(?!{_NOT_STREET_WORDS}\b)"
    r"(?:St\.|O['’][A-Z][a-z]+|[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:['’][a-z]+)?(?:-[A-Za-z][a-z]*)*)"
)
_COURT = rf"Court(?<!{_COURT_WORDS}{_SPACE}Court)"
_FULL_SUFFIX = (
    "(?:"
    + "|".join(_PLAIN_SUFFIXES.split())
    + "|"
    + "|".join(word for word in _AMBIGUOUS_SUFFIXES.split() if word != "Court")
    + "|"
    + _COURT
    + ")"
)
_STREET_END = rf"\b(?!{_SPACE}+{_ORGANISATION_WORDS}\b)"
_STREET = rf"(?:{_WORD}{_SPACE}){{1,3}}{_FULL_SUFFIX}{_STREET_END}"
_NUMBERED_STREET = (
    rf"(?:{_WORD}{_SPACE}){{1,3}}(?:{_FULL_SUFFIX}|{_ABBREVIATED_SUFFIXES}){_STREET_END}"
)
# A house number (27, 14a, 27-29) not inside another number, a date or money, and not a day of
# the month ("12 March").
_HOUSE_NUMBER = (
    r"(?<![\w.,/£$€:\-])\d{1,3}[A-Za-z]?(?:[ \u00a0]?[-–][ \u00a0]?\d{1,3}[A-Za-z]?)?\b"
    rf"(?!{_SPACE}+(?:{_alternatives(_MONTHS)})\b)"
)
_FLAT = (
    r"\b(?:Flat|Unit|Apartment|Apt\.?|Suite|Studio|Maisonette)"
    rf"{_SPACE}+(?:\d{{1,4}}[A-Za-z]?|[A-Z])\b,?{_SPACE}+"
)
_NUMBERED = rf"(?:{_FLAT}(?:{_HOUSE_NUMBER},?{_SPACE}+)?|{_HOUSE_NUMBER},?{_SPACE}+){_NUMBERED_STREET}"

# A number after these words is not a house number: collar numbers (PC 123), ages, sections.
_NOT_HOUSE_NUMBER_BEFORE = regex.compile(
    r"(?<!\w)(?:PC|DC|PS|DS|DI|DCI|PCSO|Sgt|Insp|aged?|officer|GP|child|adult|friend|subject|"
    r"section|para|paragraph|page|no|number|chapter|appendix|table|figure|recommendation|item|"
    r"point|year|years|week|weeks|day|days|month|months|room|ward|bed|bay|level|floor|grade|"
    r"band|tier|phase|stage|step|part|case|victim|perpetrator)\.?[ \u00a0]*\Z",
    regex.IGNORECASE,
)
_PLACE_PREPOSITION_BEFORE = regex.compile(
    r"(?<!\w)(?:on|in|at|along|off|near|into|onto|opposite|via|outside|towards?)"
    r"[ \u00a0]+(?:the[ \u00a0]+)?\Z",
    regex.IGNORECASE,
)
_POSSESSIVE_AFTER = regex.compile(r"['’]s?\b")
_AMBIGUOUS = frozenset(_AMBIGUOUS_SUFFIXES.split())


@register
class UkAddressRecognizer(PatternRecognizer):
    """Find street addresses: a house number or flat, then a street name and street type.

    "27 Brockley Rise", "14a Hillcrest Road", "Flat 3, 27 Brockley Rise" and "Unit 5, Riverside
    Way" score 0.85; "27 Brockley Rd" too. A street name without a number ("the flat on Honor Oak
    Road": span "Honor Oak Road") scores 0.6, and when its type is also a surname or a common
    word (Hill, Park, Green, Lane, Close, Way, Court...) only after "on", "in", "at", "near" and
    the like, and not as a possessive ("Jane Green's"). The street name is one to three
    capitalised words.

    Left out on purpose: courts ("Snaresbrook Crown Court", "High Court"), and a street name
    followed by Surgery, School, Hospital, Station, Police, Centre and other organisation words
    ("Lewisham Park Surgery"); agencies and public bodies are kept. A number after "PC", "aged",
    "section", "page" and similar words is not a house number.

    Not handled: house names ("Rose Cottage"), building names ("Cedar House") and towns (left to
    the LOCATION layer), streets in lower case or all capitals (police logs), ordinal street
    names ("3rd Avenue"), house numbers above 999, streets of more than three words before the
    type, streets without a street type ("27 The Lindens"), and an ambiguous type without a
    number or preposition ("Brockley Park was closed"). Two capitalised words ending in an
    ambiguous type after a preposition are taken for a street even when they are a person ("sat
    near Jane Hill"): we over-redact rather than miss.
    """

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Jane moved to Flat 3, 27 Brockley Rise in 2017.", "Flat 3, 27 Brockley Rise"),
        ("Police attended 27 Brockley Rise at 23:10.", "27 Brockley Rise"),
        ("The family lived at 14a Hillcrest Road for six years.", "14a Hillcrest Road"),
        ("The couple rented the flat on Honor Oak Road from 2016.", "Honor Oak Road"),
        ("He worked from Unit 5, Riverside Way, until his arrest.", "Unit 5, Riverside Way"),
        ("The perpetrator's mother lived at 3 St John's Close.", "3 St John's Close"),
        ("A neighbour at 41 Brockley Park heard shouting.", "41 Brockley Park"),
        ("She was seen walking along Hilly Fields at night.", "Hilly Fields"),
        ("Letters went to 102 Stoke-on-Trent Rd instead.", "102 Stoke-on-Trent Rd"),
        ("Officers found him near Brockley Grove.", "Brockley Grove"),
        ("In Sydenham Hill Road the police stopped his car.", "Sydenham Hill Road"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The case was heard at Snaresbrook Crown Court in 2020.",
        "The High Court granted a non-molestation order.",
        "She was registered at Lewisham Park Surgery until 2018.",
        "The Park was closed for the summer.",
        "Jane Green attended the meeting with her sister.",
        "On 12 March Robert Lane telephoned the police.",
        "PC 123 Jane Hill attended at 14:30.",
        "Arrears of £1,200 are covered in section 9.2 of the 2019/20 report.",
        "The trial at the Old Bailey ended in a conviction.",
        "Staff at Honor Oak Park Station saw the couple argue.",
        "She had lunch at Jane Green's house.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.ADDRESS.value,
            name="uk_address",
            patterns=[
                # The pattern scores only order the results before ``rescore``: the numbered
                # form scores lower here so that the street inside it survives Presidio's
                # de-duplication when the number turns out not to be a house number.
                Pattern("numbered_street", _NUMBERED, score=0.5),
                Pattern("street", _STREET, score=0.6),
            ],
            global_regex_flags=regex.MULTILINE,  # case-sensitive: street words are capitalised
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find street-address shapes, then drop numbers that are not house numbers and
        ambiguous streets without a place preposition."""

        def score(result: RecognizerResult) -> float:
            before = text[max(0, result.start - 30) : result.start]
            if pattern_name(result) == "numbered_street":
                if text[result.start].isdigit() and _NOT_HOUSE_NUMBER_BEFORE.search(before):
                    return 0.0
                return 0.85
            street_type = text[result.start : result.end].rsplit(maxsplit=1)[-1]
            if street_type not in _AMBIGUOUS:
                return 0.6
            if _POSSESSIVE_AFTER.match(text, result.end):
                return 0.0
            return 0.6 if _PLACE_PREPOSITION_BEFORE.search(before) else 0.0

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
