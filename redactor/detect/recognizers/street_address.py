"""Street addresses written outside the UK style: "Parijsstraat 8", "Via Roma 131", "4241 Oak Ave".

Families in DHRs often have addresses abroad (a victim's parents in Poland, a perpetrator's
previous address in the Netherlands or the US), and interview transcripts quote them. The UK
recognizer (``uk_address``) reads house number + street + street type; this one reads the
continental order (street, then number), US numbering (up to five digits, abbreviated types),
apartment and suite numbers, post-office boxes and US military addresses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# Street words that end a one-word street name in Germanic, Nordic, Baltic and Central
# European languages: Friedhofstrasse, Parijsstraat, Östbygatan, Vesterskovvej, Harjukuja.
_JOINED_SUFFIXES = (
    "strasse straße str. gasse weg allee platz ring damm ufer laan straat gracht plein singel kade "
    "dijk steeg gatan vägen gata gränd väg vej gade stræde veien vegen gate vegur braut stígur "
    "tie katu kuja tori polku utca út ulica ulice cesta"
)
# Words that open a street name in Romance and Slavic languages: "Via Roma 131", "ul. Zamkowa 33".
_OPENING_WORDS = (
    "Rue Rua Via Viale Vicolo Corso Calle Carrer Avenida Avinguda Avenue Piazza Plaza Praça Largo "
    "Travessa Strada Ulica ul. Boulevard Chemin Allée Impasse Quai Route Rambla Paseo Camino"
)
_PARTICLES = "de da do dos das del della di la le les des du van von der den"
# Street types after a house number, in full or abbreviated, US and international.
_TYPES = (
    "Street St Avenue Ave Road Rd Boulevard Blvd Lane Ln Drive Dr Court Ct Way Place Pl Parkway "
    "Pkwy Highway Hwy Circle Cir Trail Trl Terrace Ter Square Sq Alley Loop Pike Plaza Crossing "
    "Xing Crossroad Path Pass Ridge Heights Hills Green Greens Glen Grove Park Meadow Meadows Mews "
    "Mall Row Walk View Vista Junction Expressway Freeway Turnpike Estate Estates Gardens Manor "
    "Harbor Harbour Shore Shores Spring Springs Falls Ford Causeway Close Crescent Rise"
)
_MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_NOT_STREET_WORDS = (
    "The A An This That His Her Their Our My Your Its On In At And Or But Of To From For With By "
    "When Then If After Before During Since Until While As She He They We It You Mr Mrs Ms Miss "
    "Dr Sir Police Year Years Day Days Week Weeks Month Months Page Section Chapter Paragraph "
    + _MONTHS
)


def _alternatives(words: str) -> str:
    return "(?:" + "|".join(regex.escape(w) for w in sorted(words.split(), key=len, reverse=True)) + ")"


_SPACE = r"[ \u00a0]"
_CAP_WORD = rf"(?!{_alternatives(_NOT_STREET_WORDS)}\b)\p{{Lu}}[\p{{L}}'’\-]*\.?"
_ANY_WORD = r"\p{L}[\p{L}'’\-]*\.?"
# A house number: 1 to 4 digits and an optional letter, not a year, not inside another number.
_NUMBER = r"(?<![\d.,/:£$€])(?!(?:19|20)\d\d\b)\d{1,4}[A-Za-z]?\b\.?"
# A leading number before a continental street ("23680 Parijsstraat 8"): a postcode-like prefix.
_LEADING = rf"(?:(?<![\d.,/:£$€])\d{{1,5}}{_SPACE}+)?"
_UNIT = rf"(?:(?i:apt\.?|apartment|suite|ste\.)){_SPACE}*\d{{1,5}}[A-Z]?\b"
_UNITS = rf"(?:,?{_SPACE}+{_UNIT}){{0,2}}"
_JOINED = (
    rf"{_LEADING}(?:{_CAP_WORD}{_SPACE}+)?\p{{Lu}}[\p{{L}}\-]*{_alternatives(_JOINED_SUFFIXES)}"
    rf"{_SPACE}+{_NUMBER}{_UNITS}"
)
_OPENED = (
    rf"{_LEADING}(?<!\w){_alternatives(_OPENING_WORDS)}{_SPACE}+(?:{_alternatives(_PARTICLES)}['’]?{_SPACE}*)?"
    rf"(?:{_ANY_WORD}{_SPACE}+){{0,3}}{_ANY_WORD}{_SPACE}+{_NUMBER}{_UNITS}"
)
_US = (
    rf"(?<![\d.,/:£$€\w])(?!(?:19|20)\d\d\b)\d{{1,5}}{_SPACE}+(?:{_CAP_WORD}{_SPACE}+){{1,3}}"
    rf"{_alternatives(_TYPES)}\b\.?{_UNITS}"
)
_UNIT_ALONE = rf"(?<!\w){_UNIT}"
_PO_BOX = r"(?<!\w)(?:P\.?[ ]?O\.?[ ]?Box|PO[ ]Box)[ \u00a0]+\d{1,6}\b"
_MILITARY = r"(?<!\w)(?:PSC|Unit|USNS|USS|USNV|USCGC)[ \u00a0][\w ,]{1,30}\n[ \t]*(?:APO|FPO|DPO)[ \u00a0]A[AEP][ \u00a0]\d{5}\b"

_NOT_HOUSE_NUMBER_BEFORE = regex.compile(
    r"(?<!\w)(?:PC|DC|PS|DS|DI|DCI|PCSO|Sgt|Insp|aged?|officer|section|para|paragraph|page|no|"
    r"number|chapter|appendix|table|figure|recommendation|item|point|year|years|week|weeks|day|days|"
    r"month|months|room|ward|bed|bay|level|floor|grade|band|tier|phase|stage|step|part|case|£|\$|€)"
    r"\.?[ \u00a0]*\Z",
    regex.IGNORECASE,
)


@register
class StreetAddressRecognizer(PatternRecognizer):
    """Find street addresses in continental, Nordic, US and military forms.

    Continental order, street then number: "Parijsstraat 8", "ul. Narewska 94", "Via Roma 131",
    "Rue de Virton 38", with a leading postcode-like number and apartment or suite numbers
    ("23680 Parijsstraat 8, Apt. 026"), 0.7. US order: a house number of up to five digits, one
    to three capitalised words and a street type, full or abbreviated ("4241 Crown St", "2450
    Heatherleigh Ave Suite 620"), 0.7. "Apt. 117" and "Suite 464" alone, 0.5; "P.O. Box 242",
    0.7; US military addresses ("PSC 6477, Box 2981" / "APO AE 83700"), 0.9.

    Not handled: towns and postal codes on the lines after the street (the place layer may
    find the town), street names without a number, addresses in lower case. A year is never a
    house number, nor a number after "page", "section", "aged", "PC" and the like.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Her parents still live at Parijsstraat 8 in Zoetermeer.", "Parijsstraat 8"),
        ("The letter came from ul. Zamkowa 33 in Poznań.", "ul. Zamkowa 33"),
        ("He gave his address as Via Roma 131, Montafia.", "Via Roma 131"),
        ("Send it to 2450 Crown St Suite 510 please.", "2450 Crown St Suite 510"),
        ("She stayed with a cousin at 20 Rue de Virton 38 last summer.", "20 Rue de Virton 38"),
        ("His brother's flat is at Friedhofstrasse 33 in Graz.", "Friedhofstrasse 33"),
        ("The bus station is on Vesterskovvej 79", "Vesterskovvej 79"),
        ("Mail went to P.O. Box 242 for a year.", "P.O. Box 242"),
        ("PSC 6477, Box 2981\nAPO AE 83700", "PSC 6477, Box 2981\nAPO AE 83700"),
        ("Her sister lived at 4821 Maple Grove Ave in Ohio.", "4821 Maple Grove Ave"),
        ("He listed Apt. 322 as his home.", "Apt. 322"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "In 2019 Jane Green moved away from the area.",
        "On 3 March 2019 the police attended.",
        "The report runs to page 12 Section 4 Park.",
        "She was aged 34 Park Road residents said.",
        "The Safer Lewisham Partnership met on 12 May.",
        "He paid £200 Rent Way to the landlord.",
        "Recommendation 3 Police Street Triage should continue.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.ADDRESS.value,
            name="street_address",
            patterns=[
                Pattern("joined", _JOINED, score=0.7),
                Pattern("opened", _OPENED, score=0.7),
                Pattern("us", _US, score=0.7),
                Pattern("unit", _UNIT_ALONE, score=0.5),
                Pattern("po_box", _PO_BOX, score=0.7),
                Pattern("military", _MILITARY, score=0.9),
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
        """Find the address shapes; drop numbers that are counts, pages, ages or money."""

        def score(result: RecognizerResult) -> float:
            before = text[max(0, result.start - 30) : result.start]
            if text[result.start].isdigit() and _NOT_HOUSE_NUMBER_BEFORE.search(before):
                return 0.0
            return {"joined": 0.7, "opened": 0.7, "us": 0.7, "unit": 0.5, "po_box": 0.7, "military": 0.9}[
                pattern_name(result)
            ]

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)
