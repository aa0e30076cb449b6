"""Companies by their legal or trading suffix: "Brightwell Logistics Ltd", "Harlow & Sons".

A perpetrator's employer or a victim's workplace identifies them (DOMAIN.md: workplaces are
replaced). spaCy misses many invented-looking company names; their suffix gives them away.
Public bodies that end in such a word ("Children's Services", "Probation Service") are kept
later by the keep stage like any other organisation guess.
"""

from __future__ import annotations

import functools
import re

import regex
from presidio_analyzer import PatternRecognizer

from redactor.detect.recognizers import Pattern, register
from redactor.document import Label

# Legal forms: enough on their own after a capitalised name.
_LEGAL = "Ltd Limited LLP LLC plc PLC Inc Incorporated Corp Corporation GmbH AG S.A. B.V. N.V. Pty"
# Trading words: a company only after one or more capitalised words that are not sentence
# openers ("The Services", "Our Partners" are not companies).
_TRADING = (
    "Holdings Partners Associates Technologies Technology Solutions Logistics Consulting "
    "Consultants Enterprises Industries Systems Networks Labs Analytics Software Markets "
    "Capital Ventures Haulage Motors Builders Construction Plumbing Electrical Roofing "
    "Cleaning Couriers Removals Recruitment Catering Security Cars Taxis Cabs Amusements Foods Distribution "
    "Scaffolding Engineering Recycling Packaging Lounge Bar Nails Beauty Studio Hair Tattoo Tattoos Spa "
    "Metals Lettings Tyres Autos Joinery Carpets Flooring Skips Salvage Kitchens Fabrications Landscaping "
    "Glazing Fencing Plastering & Sons"
)
_LEGAL_FORMS = frozenset(_LEGAL.split())


def without_legal_form(name: str) -> str:
    """``name`` without its legal form: "Holden's Bakery Ltd" is "Holden's Bakery"."""
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(".,") in _LEGAL_FORMS:
        words.pop()
    return " ".join(words).rstrip(",")


@functools.cache
def _kind_words() -> frozenset[str]:
    """The words after a business's own name that say what it is: its legal form, its trade
    ("Marchbank Logistics"), a local business's kind ("Holden's Bakery") or "Homes", "Group"."""
    from redactor.detect.recognizers.private_place import BUSINESS_HEADS

    one_word_heads = {h for h in BUSINESS_HEADS if " " not in h}
    # A school or surgery by its own name too: "Fairmoor" for Fairmoor First School.
    institution = {"School", "Academy", "Primary", "Secondary", "High", "Junior", "Juniors", "Infant", "Infants",
                   "First", "Nursery", "Surgery", "Practice"}  # fmt: skip
    # The kinds of local employer people then call by the first word alone: "Bluebell" for
    # Bluebell Home Care, "Prime" for Prime Staffing, "Sandpiper" for Sandpiper Holiday Park.
    employer = {"Home", "Care", "Homecare", "Staffing", "Agency", "Holiday", "Caravan", "Park", "Leisure", "Bingo", "Hire",
                "Transport", "Wash", "Hotel", "Guest", "Merchants", "Windows"}  # fmt: skip
    words = frozenset((_LEGAL + " " + _TRADING).split()) - {"&"}
    return words | {"Homes", "Housing", "Group"} | one_word_heads | institution | employer


#: The trades of local employers and venues people call by their first word alone, even when it
#: is an ordinary word ("Star" for Star Cars, "Prime" for Prime Staffing); never a corporate word
#: ("Working Group", "Open Systems", "Best Practice Solutions").
LOCAL_TRADES = frozenset(
    "Cars Taxis Cabs Hire Recruitment Staffing Agency Care Home Homecare Holiday Caravan Park Leisure Bingo Gym "
    "Fitness Foods Haulage Scaffolding Builders Roofing Plumbing Cleaning Removals Couriers Motors Garage Autos "
    "Salon Nails Beauty Barbers Barber Bakery Café Cafe Takeaway Kebabs Chippy Bar Lounge Studio Tattoo Hair Spa "
    "Transport Wash Hotel Guest House Merchants Windows Amusements Security Catering Logistics Joinery Carpets "
    "Bookmakers Launderette".split()
)


def is_local_trade(name: str) -> bool:
    """Say whether every word after a business's first word names a local trade (``LOCAL_TRADES``)."""
    words = name.split()
    return len(words) >= 2 and all(w.rstrip(".,") in LOCAL_TRADES or w == "&" for w in words[1:])


def company_stem(name: str) -> str | None:
    """Return the one word a business is also called by: "Marchbank" for "Marchbank Logistics" or
    "Marchbank Haulage Ltd", "Holden" for "Holden's Bakery"; None when the name is not one word
    followed by legal, trade or business words."""
    words = name.split()
    if len(words) < 2:
        return None
    rest = " ".join(words[1:])
    if not (all(w.rstrip(".,") in _kind_words() or w == "&" for w in words[1:]) or rest in _business_heads()):
        return None  # "Halliday Crane Hire", "Ferrand's Cash and Carry": a head of more words
    return words[0].removesuffix("'s").removesuffix("’s")


@functools.cache
def _business_heads() -> frozenset[str]:
    from redactor.detect.recognizers.private_place import BUSINESS_HEADS

    return frozenset(h for h in BUSINESS_HEADS if " " in h and not h.startswith("and "))


_NOT_NAME_WORDS = (
    "The A An This That These Those His Her Their Our My Your Its Every Each Any Some No On In At "
    "And Or But Of To From For With By When Then If After Before During Since Until While As She "
    "He They We It You All Both Other Many Most Several"
)


def _alternatives(words: str) -> str:
    return "(?:" + "|".join(regex.escape(w) for w in sorted(words.split(), key=len, reverse=True)) + ")"


_WORD = rf"(?!{_alternatives(_NOT_NAME_WORDS)}\b)\p{{Lu}}[\p{{L}}'’\-]*"
_NAME = rf"{_WORD}(?:[ \u00a0](?:&[ \u00a0])?{_WORD}){{0,3}}"
_LEGAL_RE = rf"(?<![\p{{L}}\-]){_NAME},?[ \u00a0]{_alternatives(_LEGAL)}(?![\p{{L}}])\.?"
_TRADING_RE = rf"(?<![\p{{L}}\-]){_NAME}[ \u00a0](?:{_alternatives(_TRADING.replace('& Sons', ''))}|&[ \u00a0]Sons)(?![\p{{L}}])"


@register
class CompanyRecognizer(PatternRecognizer):
    """Find company names: capitalised words before a legal form (Ltd, plc, LLP, Inc, GmbH...),
    0.75, or before a trading word (Logistics, Partners, Technologies, Builders, & Sons...), 0.6.

    Not handled: single-word brands ("Transunion") and firms named only by their partners
    ("Barnett, Melton and Garcia": too close to a list of people). A trading word after a public
    body's name ("Probation Services") is found here and kept by the keep stage.
    """

    #: Every company name ends in a legal form or a trading word.
    CUE = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(re.escape(w) for w in (_LEGAL + ' ' + _TRADING).split())})")

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("He was a private hire driver with Spen Cars out of Batley.", "Spen Cars"),
        ("She packed at Riverside Frozen Foods on nights.", "Riverside Frozen Foods"),
        ("He had worked for Brightwell Logistics Ltd since 2015.", "Brightwell Logistics Ltd"),
        ("She was a cleaner at Harlow & Sons in the town centre.", "Harlow & Sons"),
        ("She had her own station at Glam Lounge in Grays.", "Glam Lounge"),
        ("He got the tattoo at Inkwell Tattoos last spring.", "Inkwell Tattoos"),
        ("He was arrested at Parkgate Metals on the Saturday.", "Parkgate Metals"),
        ("The flat was managed by Estuary Homes Lettings.", "Estuary Homes Lettings"),
        ("The van belonged to Kestrel Haulage, his employer.", "Kestrel Haulage"),
        ("Payslips from Ardent Recruitment showed irregular hours.", "Ardent Recruitment"),
        ("The account was held with Shepherd Ltd. until 2020.", "Shepherd Ltd."),
        ("Loveland Technologies employed him as a driver.", "Loveland Technologies"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The Partners in the review met in March.",
        "Their Solutions were not sustainable.",
        "She described her sons as her whole world.",
        "All Systems were checked after the incident.",
        "Police systems showed no previous call-outs.",
        "He drove a white Ford Transit van.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.ORGANIZATION.value,
            name="company",
            patterns=[Pattern("legal", _LEGAL_RE, score=0.75), Pattern("trading", _TRADING_RE, score=0.6)],
            global_regex_flags=regex.MULTILINE,  # case-sensitive: the name is capitalised
        )
