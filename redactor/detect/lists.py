"""The word lists in ``models/``: one reader for every detector that needs them."""

from __future__ import annotations

import functools
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"


@functools.cache
def allow_list(name: str) -> tuple[str, ...]:
    """Return the entries of ``models/allow/<name>`` as written: one per line, ``#`` comments dropped."""
    path = MODELS_DIR / "allow" / name
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line)


@functools.cache
def _brands() -> frozenset[str]:
    return frozenset(b.casefold() for b in allow_list("brands.txt"))


def is_listed_brand(name: str) -> bool:
    """Say whether ``name`` (any case) is a brand, platform or national chain in
    ``models/allow/brands.txt`` ("Greggs", "Costa")."""
    return name.casefold() in _brands()


def _place_list(name: str) -> frozenset[str]:
    """Return the names of ``models/places/<name>`` as written: one per line, ``#`` lines dropped."""
    lines = (MODELS_DIR / "places" / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def country_names() -> frozenset[str]:
    """Return the English names of every country and territory ("Estonia"), from
    ``models/places/countries.txt`` (built from phonenumbers' offline geocoding data by
    ``models/places/build_countries.py``)."""
    return _place_list("countries.txt")


@functools.cache
def world_city_names() -> frozenset[str]:
    """Return cities outside the UK of 100,000 people or more whose names are no given name
    ("Kraków", "Krakow", "Karachi", "Lagos"), from ``models/places/world_cities.txt`` (built from
    GeoNames' data by ``models/places/build_geonames.py``)."""
    return _place_list("world_cities.txt")


@functools.cache
def uk_town_names() -> frozenset[str]:
    """Return UK towns and villages of 1,000 people or more ("Dewsbury", "Batley"), from
    ``models/places/uk_towns.txt`` (built from GeoNames' data by ``models/places/build_geonames.py``)."""
    return _place_list("uk_towns.txt")


#: Labels that name a role, a relationship, a document part or a field, never a person. Words
#: of models/allow/not_names.txt and agencies.txt are added to these.
_ROLE_LABELS = frozenset(
    (
        # roles in interviews, calls and meetings
        "chair chairperson interviewer interviewee panel panellist police officer gp idva isva victim "
        "perpetrator translator interpreter caller operator op dispatcher handler ch witness suspect defendant "
        "prisoner probation po spo om dsl icb hr sw hv cpn flo sio int advocate adviser advisor friend "
        "io oic ao dc pc ds di dci dsi sgt insp ps pcso ap ip susp nbr wit vic control "  # police roles and ranks; AP: aggrieved
        "neighbour colleague manager teacher headteacher nurse doctor midwife solicitor representative author "
        "reviewer scribe facilitator moderator host admin administrator transcriber clerk usher counsel "
        "barrister prosecution defence coordinator keyworker caseworker practitioner agency family member "
        "bot user agent customer system assistant client patient feo "
        # the same roles in Welsh: chair, interviewer, interpreter
        "cadeirydd cyfwelydd cyfieithydd "
        # relationships, also in other languages families use in interviews
        "mother father sister brother son daughter mum mam dad nan gran grandmother grandfather auntie aunty "
        "uncle cousin partner husband wife boyfriend girlfriend ex child baby matka ojciec mama tata brat "
        "siostra babcia dziadek córka corka syn ciocia wujek ammi abbu nani dadi khala chacha mamu baba abba "
        # fields and headings
        "note notes date time location venue present attendees attendee apologies speakers speaker re subject "
        "nb ps cc to from sent received sender recipient tel telephone phone mobile email ref reference "
        "address postcode dob age gender sex ethnicity religion nationality language occupation status "
        "outcome action actions lead owner deadline target summary background context conclusion "
        "conclusions learning finding findings recommendation recommendations rationale comment comments "
        "response question answer update purpose scope aim aims objective objectives issue issues key source "
        "appendix annex section part table figure page chapter title name role relationship contact details "
        "incident log entry statement transcript recording audio video caption quote extract chat export "
        "warning disclaimer definition glossary version draft classification official sensitive confidential "
        "approved reviewed published dated signed encl link url website facebook instagram whatsapp snapchat "
        "tiktok twitter bio post reply username handle profile account group emoji minutes agenda item "
        "interview meeting review report overview legend key abbreviations participants attendance"
    ).split()
)


@functools.cache
def not_label_words() -> frozenset[str]:
    """Return what a transcript's speaker label may be that names no person: roles, relationships,
    fields and headings, plus the one-word terms of not_names.txt, agencies.txt and places.txt
    (casefolded)."""
    words = set(_ROLE_LABELS)
    for name in ("not_names.txt", "agencies.txt", "places.txt"):
        words.update(term.replace("’", "'").casefold() for term in allow_list(name))
    return frozenset(words)
