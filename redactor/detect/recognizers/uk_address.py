"""Street addresses: "Flat 3, 27 Brockley Rise", "14a Hillcrest Road", "Honor Oak Road"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import pattern_name, rescore
from redactor.document import Label
from redactor.spoken import DIGITS, TEENS, TENS, spoken_runs

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


# Street types that are rarely a surname or an ordinary capitalised phrase: enough on their own.
_PLAIN_SUFFIXES = "Road Street Avenue Crescent Terrace Gardens Mews Drive Grove Rise Square Parade Boulevard Embankment Wharf"
# Street types that are also surnames (Jane Hill, Lois Lane) or common words (Car Park, Whole
# Family Approach): without a house number they need a place preposition before them ("on",
# "at", "in", "near").
_AMBIGUOUS_SUFFIXES = (
    "Lane Close Way Hill Park Green Gate Row Walk View Vale Place Court Wood Fields Field End "
    "Common Croft Yard Heights Circus Quay Villas Cottages Meadows Meadow Hollow Ridge Broadway "
    "Approach Mead Mount Brow Garth Fold Dene Wynd Nook Paddock Spinney Drove Brae Chase Glen Grange Leys"
)
# Abbreviations only count after a house number ("27 Brockley Rd"): "Dr", "St" and "Pl" are too
# often something else.
_ABBREVIATED_SUFFIXES = "Rd St Ave Av Ln Cl Dr Cres Gdns Pl Sq Tce Terr Ct Gr Pk"
# Abbreviations that may end a street without a number, after a place word ("the gym on Western
# Rd", "at Larkspur Cl"); not "St", "Dr", "Pl" or "Pk", too often something else.
_ABBREVIATED_ALONE = "Rd Ave Ln Cl Cres Gdns Tce Gr"
# A named block after "Flat 6,": "Flat 6, Marchmont House".
_BUILDING_TYPES = (
    "House Court Lodge Mansions Tower Towers Point Heights Building Buildings Block Hall "
    "Cottage Cottages Villas Apartments Flats Chambers Works Mill Place"
)
_FLAT_WORDS = r"(?i:flat|unit|apartment|apt\.?|suite|studio|maisonette|caravan|chalet|plot|pitch|bedsit)"
_MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
# Capitalised words that never start or sit inside a street name here: articles, pronouns,
# prepositions and titles (sentence starts such as "The Park", "In Brockley Road"), months and
# weekdays (chronology: "On 12 March Jane Hill called"), "Car" (Car Park) and "Police" (Police
# Street Triage).
_NOT_STREET_WORDS = (
    "The A An This That These Those His Her Hers Their Our My Your Its Every Each Any Some No "
    "Not On In At And Or But Of To From For With By When Then If After Before During Since "
    "Until While As She He They We It You Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Flat Unit "
    "Apartment Apt Suite Room Car Police " + _MONTHS + " " + _WEEKDAYS
)
# Words after the street type that make it an organisation or a building named after the
# street (Lewisham Park Surgery, Honor Oak Park Station): agencies are kept (DOMAIN.md).
_ORGANISATION_WORDS = (
    "Surgery School Hospital Station Police Medical Health Centre Center Practice Clinic "
    "Primary Academy College University Library Church Mosque Temple Synagogue Gurdwara Prison "
    "Hotel Pub Tavern Inn Leisure Sports Community Nursery Infant Infants Junior Secondary "
    "Baptist Methodist Football Cricket Rugby Golf Tennis Club Stadium Partnership Group Trust "
    "Housing Magistrates Crown County Court Tribunal Children's Family Youth Day Care Home Homes"
)
# Courts are public bodies (High Court, Snaresbrook Crown Court, Central Family Court).
_COURT_WORDS = (
    "Crown High County Magistrates Magistrates' Magistrates’ Family Youth Coroner's Coroner’s "
    "Coroners Coroners' Coroners’ Supreme Appeal Appeals Combined Civil Sheriff Justice "
    "Criminal Tribunal Royal"
)
_SPACE = r"[ \u00a0]"
# One word of a street name. Title case: Brockley, St, St., O'Connell, McDonald, John's,
# Stoke-on-Trent. All capitals (police logs): SPITAL, ST., JOHN'S, STOKE-ON-TRENT.
_TITLE_WORD = r"(?:St\.|O['’][A-Z][a-z]+|[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:['’][a-z]+)?(?:-[A-Za-z][a-z]*)*)"
_CAPITALS_WORD = r"(?:ST\.|[A-Z]+(?:['’][A-Z]+)?(?:-[A-Z]+)*)"
# A house number (27, 14a, 27-29) not inside another number, a date or money.
_HOUSE_NUMBER = r"(?<![\w.,/£$€:\-])\d{1,3}[A-Za-z]?(?:[ \u00a0]?[-–][ \u00a0]?\d{1,3}[A-Za-z]?)?\b"
#: A flat's number said in words: "Flat six, Kestrel House".
_UNIT_WORDS = "|".join(w for w, d in DIGITS.items() if d != "0" and w != "niner")
_SAID_FLAT_NUMBER = rf"(?i:(?:{'|'.join(TENS)})(?:[- ](?:{_UNIT_WORDS}))?|{_UNIT_WORDS}|{'|'.join(TEENS)})"
_FLAT = rf"\b{_FLAT_WORDS}{_SPACE}+(?:\d{{1,4}}[A-Za-z]?|[A-Z]|{_SAID_FLAT_NUMBER})\b,?{_SPACE}+"


#: Welsh street types, written before the name.
_WELSH_STREETS = "Heol|Ffordd|Stryd|Lôn|Lon|Clos|Rhodfa|Cwrt|Maes|Teras|Llys|Rhes|Ystad|Cilgant|Pen[ ]y[ ]Bryn"


def _alternatives(words: str, *, capitals: bool) -> str:
    return "(?:" + "|".join(word.upper() if capitals else word for word in words.split()) + ")"


def _grammar(*, capitals: bool) -> tuple[str, str]:
    """Build the regexes for a numbered address and for a street name alone.

    Args:
        capitals: Build them for text in all capitals instead of title case.

    Returns:
        ``(numbered, street)``.
    """

    def alternatives(words: str) -> str:
        return _alternatives(words, capitals=capitals)

    word = rf"(?!{alternatives(_NOT_STREET_WORDS)}\b)" + (_CAPITALS_WORD if capitals else _TITLE_WORD)
    # Every word starts with a capital: said first, it spares the engine the long lookahead
    # at every other position (five times faster over a transcript, the same matches).
    words = rf"(?=[A-Z])(?:{word}{_SPACE}){{1,3}}"
    court = "COURT" if capitals else "Court"
    court = rf"{court}(?<!{alternatives(_COURT_WORDS)}{_SPACE}{court})"
    suffix = alternatives(_PLAIN_SUFFIXES + " " + _AMBIGUOUS_SUFFIXES.replace("Court", "")) + f"|{court}"
    end = rf"\b(?!{_SPACE}+{alternatives(_ORGANISATION_WORDS)}\b)"
    street = rf"{words}(?:{suffix}|{alternatives(_ABBREVIATED_ALONE)}\.?){end}"
    numbered_street = rf"{words}(?:{suffix}|{alternatives(_ABBREVIATED_SUFFIXES)}){end}"
    # Not a day of the month: "On 12 March Jane Hill called".
    house_number = rf"{_HOUSE_NUMBER}(?!{_SPACE}+{alternatives(_MONTHS)}\b)"
    building = rf"{words}(?:{alternatives(_BUILDING_TYPES.replace('Court', ''))}|{court})\b"
    # "…Road, Thornton Heath": one or two words of town, then punctuation, a postcode or the
    # end of the line (so that "…Road, Jane said" does not take the name, and "…Road,
    # Plaistow with her children" does not take the town).
    # Up to two towns: "…Close, Milnrow, Rochdale OL16 9XW".
    town = (
        "" if capitals
        else rf"(?:(?:,{_SPACE}{word}(?:{_SPACE}{word})?){{1,2}}(?=[ \u00a0]*(?:[,.;:()\[\]|–\-]|$|[A-Z]{{1,2}}\d)))?"
    )
    # Welsh streets put the street type first: "22 Clos Tregatwg", "5 Heol y Felin".
    welsh = (
        "(?!)" if capitals
        else rf"(?:{house_number}|(?<!\w){_SAID_FLAT_NUMBER}(?!\w)),?{_SPACE}+(?:{_WELSH_STREETS})"
        rf"(?:{_SPACE}+(?:y|yr))?{_SPACE}+{word}(?:{_SPACE}+{word})?"
    )
    numbered = (  # each form opens with a flat word, a digit or a number word: said first, for speed
        rf"(?=\d|(?i:[abcdefmnopstuw]))(?:{_FLAT}(?:{building},?{_SPACE}+)?(?:{house_number},?{_SPACE}+)?{numbered_street}"
        rf"|{house_number},?{_SPACE}+{numbered_street}"
        rf"|{welsh}"
        rf"|{_FLAT}{building}){town}"
    )
    return numbered, street


_NUMBERED, _STREET = _grammar(capitals=False)
_NUMBERED_CAPITALS, _ = _grammar(capitals=True)

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
_AMBIGUOUS = frozenset(_AMBIGUOUS_SUFFIXES.split()) | frozenset(_ABBREVIATED_ALONE.split())


@register
class UkAddressRecognizer(PatternRecognizer):
    """Find street addresses: a house number or flat, then a street name and street type.

    "27 Brockley Rise", "14a Hillcrest Road", "27 Brockley Rd", "Flat 3, 27 Brockley Rise",
    "Flat 6, Marchmont House, 41 Brigstock Road", "Flat 9, Fawood House" and "Unit 5, Riverside
    Way" score 0.85, with a town after a comma when punctuation, a postcode or the end of the line
    follows it ("118 Boundary Road, Plaistow."). The same in all capitals ("FLAT 2 49 SPITAL
    HILL", police logs) scores 0.7. A street name without a number ("the flat on Honor Oak
    Road": span "Honor Oak Road") scores 0.6, and when its type is also a surname or a common
    word (Hill, Park, Green, Lane, Close, Way, Court...) only after "on", "in", "at", "near" and
    the like, and not as a possessive ("Jane Green's"). The street name is one to three
    capitalised words.

    Left out on purpose: courts ("Snaresbrook Crown Court", "High Court"), and a street name
    followed by Surgery, School, Hospital, Station, Police, Centre and other organisation words
    ("Lewisham Park Surgery"); agencies and public bodies are kept. A number after "PC", "aged",
    "section", "page" and similar words is not a house number.

    Not handled: house names ("Rose Cottage") and streets without a street type ("3 Tan-y-Bryn",
    "57 Crook Log", "27 The Lindens"); a town followed by more words ("…Road, Plaistow with her
    children" stops before the town: left to the LOCATION layer); streets in lower case; ordinal
    street names ("3rd Avenue"); house numbers above 999; more than three words before the
    street type; an ambiguous type without a number or preposition ("Brockley Park was closed").
    Known over-matches: two capitalised words ending in an ambiguous type after a preposition
    are taken for a street even when they are a person ("an assault on Leanne Green"), and in
    all-capitals text a number before any capitalised words and a street type matches ("2
    OFFICERS ATTENDED PARK"): we over-redact rather than miss.
    """

    #: Every address holds a street or building word as written (title case or capitals), a
    #: flat word or a Welsh street word.
    CUE = re.compile(
        r"(?<![^\W\d_])(?:"
        + "|".join(
            w
            for word in f"{_PLAIN_SUFFIXES} {_AMBIGUOUS_SUFFIXES} {_ABBREVIATED_SUFFIXES} {_BUILDING_TYPES} Court".split()
            for w in (word, word.upper())
        )
        + rf"|{_WELSH_STREETS.replace('[ ]', ' ')})(?![^\W\d_])|{_FLAT_WORDS}"
    )

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("| Address (Feb 2023) | c/o 5 Chalcot Mews, Old Town, SN1 4JF |", "c/o 5 Chalcot Mews, Old Town"),
        ("for the letters. Twenty-two Wendover Close, Mablethorpe.", "Twenty-two Wendover Close"),
        ("Abba stayed at number nine, Ashgrove Street because of the mosque.", "number nine, Ashgrove Street"),
        ("MAREK: Flat two, eighty-eight Harrowgate Street. Normanton.", "Flat two, eighty-eight Harrowgate Street"),
        ("HP: Twenty-seven Maes y Dderwen, in Gwersyllt.", "Twenty-seven Maes y Dderwen"),
        ("Jane moved to Flat 3, 27 Brockley Rise in 2017.", "Flat 3, 27 Brockley Rise"),
        ("Police attended 27 Brockley Rise at 23:10.", "27 Brockley Rise"),
        ("She was at the gym on Western Rd when he rang.", "Western Rd"),
        ("| 8 Ingleby Close, Milnrow, Rochdale OL16 9XW |", "8 Ingleby Close, Milnrow, Rochdale"),
        ("She lived at 5 Heol y Felin, Dinas Powys CF64 4ZT until 2020.", "5 Heol y Felin, Dinas Powys"),
        ("The family lived at 14a Hillcrest Road for six years.", "14a Hillcrest Road"),
        ("The couple rented the flat on Honor Oak Road from 2016.", "Honor Oak Road"),
        ("He worked from Unit 5, Riverside Way, until his arrest.", "Unit 5, Riverside Way"),
        ("The perpetrator's mother lived at 3 St John's Close.", "3 St John's Close"),
        ("A neighbour at 41 Brockley Park heard shouting.", "41 Brockley Park"),
        ("She was seen walking along Hilly Fields at night.", "Hilly Fields"),
        ("Letters went to 102 Stoke-on-Trent Rd instead.", "102 Stoke-on-Trent Rd"),
        ("Officers found him near Brockley Grove.", "Brockley Grove"),
        ("In Sydenham Hill Road the police stopped his car.", "Sydenham Hill Road"),
        (
            "She lived at Flat 6, Marchmont House, 41 Brigstock Road, Thornton Heath, CR7 7JH.",
            "Flat 6, Marchmont House, 41 Brigstock Road, Thornton Heath",
        ),
        ("CALLER REPORTS SHOUTING FROM FLAT 2 49 SPITAL HILL S4 7LG.", "FLAT 2 49 SPITAL HILL"),
        ("Address: Flat 9, Fawood House, Stonebridge, NW10 0RH", "Flat 9, Fawood House, Stonebridge"),
        ("She lived at forty-two Acacia Avenue then.", "forty-two Acacia Avenue"),
        ("She had the house there, seventeen Brookvale Close. It was her tenancy.", "seventeen Brookvale Close"),
        ("The flat in Brinnington. Flat six, Kestrel House, Penfold Walk. S K five.", "Flat six, Kestrel House, Penfold Walk"),
        ("And the house?\nHSB: Forty-two, Barras Lane. Landline's", "Forty-two, Barras Lane"),
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
        "PC 4471 ATTENDED AT 14:30 AND SPOKE TO THE CALLER.",
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
                Pattern("numbered_street_capitals", _NUMBERED_CAPITALS, score=0.5),
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
            name = pattern_name(result)
            if name.startswith("numbered_street"):
                if text[result.start].isdigit() and _NOT_HOUSE_NUMBER_BEFORE.search(before):
                    return 0.0
                return 0.85 if name == "numbered_street" else 0.7
            if _said_house_number(before) is not None or _opens_with_said_number(text[result.start : result.end]):
                return 0.85  # "seventeen Brookvale Close", "Forty-two, Barras Lane", "Twenty-two Wendover Close"
            street_type = text[result.start : result.end].rsplit(maxsplit=1)[-1].rstrip(".")
            if street_type not in _AMBIGUOUS:
                return 0.6
            if _POSSESSIVE_AFTER.match(text, result.end):
                return 0.0
            return 0.6 if _PLACE_PREPOSITION_BEFORE.search(before) else 0.0

        results = rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
        for result in results:  # "forty-two Acacia Avenue": a house number said in words
            before = text[max(0, result.start - 30) : result.start]
            said = _said_house_number(before)
            if said is not None:
                result.start -= len(before) - said
            # "number nine, Ashgrove Street", "Flat two, eighty-eight Harrowgate Street": the words
            # that say the number is a house's or a flat's go with it.
            if (lead := _NUMBER_LEAD.search(text, max(0, result.start - 30), result.start)) is not None:
                result.start = lead.start()
            if text[max(0, result.start - 2) : result.start + 2].casefold() == "c/o ":
                result.start -= 2  # "c/o 5 Chalcot Mews": the "o" of "care of" was read as a house's name
        return results


#: What says that the number after it is a house's or a flat's: "number ", "No. ", "Flat ".
_NUMBER_LEAD = regex.compile(rf"(?<!\w)(?:(?i:number|no\.?)|{_FLAT_WORDS})[ \u00a0]+$")


def _opens_with_said_number(street: str) -> bool:
    """Say whether a street found whole opens with its house number said in words: at a
    sentence's start the number is capitalised and read as the street's first word
    ("Twenty-two Wendover Close")."""
    first, _, rest = street.partition(" ")
    said = spoken_runs(first, min_length=1)
    return bool(rest) and len(said) == 1 and said[0].spoken and said[0].value.isdigit() and said[0].end == len(first)


def _said_house_number(before: str) -> int | None:
    """Return where a house number said in words ends ``before`` (a street's name follows it),
    with a comma or not: "forty-two Acacia Avenue", "Forty-two, Barras Lane"; None if none does."""
    said = [r for r in spoken_runs(before, min_length=1) if r.end == len(before.rstrip(" \u00a0,"))][-1:]
    if said and said[0].spoken and said[0].value.isdigit() and len(said[0].value) <= 3:
        return said[0].start
    return None
