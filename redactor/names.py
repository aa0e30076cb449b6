"""Person names: titles, clean-up of detected mentions and the variants of a known name.

Pure string code, shared by the titled-name recognizer, linking and verification.
"""

from __future__ import annotations

import re

from redactor.name_forms import spelled_word
from redactor.text import strip_possessive, tidy, without_invisible

#: Titles and ranks that precede a surname in DHR reports.
TITLES = (
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Rev", "Revd", "Reverend", "Cllr", "Sir", "Dame",
    "Lady", "Lord", "Judge", "HHJ", "Pastor", "Father", "Fr", "Imam", "Rabbi", "Canon", "Sister", "Brother",
    "PC", "DC", "PS", "DS", "DI", "DCI", "DSupt", "Supt", "Sgt", "Insp", "PCSO", "Officer", "Constable", "Sergeant",
    "Inspector", "Detective", "Auntie", "Aunty", "Aunt", "Uncle", "Nan", "Nana", "Nanny", "Gran", "Granny", "Grandma",
    "Grandad", "Granddad", "Grandpa", "Cousin", "Sheikh",
    # Kin words said before a name: "Nanna Glen", "Granda Joe"; Welsh "Anti Siân", "Wncl Dai", "Mamgu", "Taid".
    "Nanna", "Nannie", "Granda", "Grampa", "Grampy", "Gramps", "Anti", "Wncl", "Bopa", "Mamgu", "Tadcu", "Nain", "Taid",
    "Councillor", "Ch Insp", "Chief Inspector",
    "Chief Superintendent", "Det Sgt", "Det Con", "Detective Sergeant", "Detective Constable", "Detective Inspector",
    "Detective Chief Inspector", "Police Constable", "Police Sergeant", "Acting Sergeant",
    # Health and care staff in notes and rotas: "SN Marina Kell", "HCA Guy Ferris", "HV Jane Obi".
    "SN", "RN", "RGN", "RMN", "HCA", "CPN", "HV", "Nurse", "Midwife", "Matron",
    # Honorifics families from abroad use ("Pani Nowak" is Mrs Nowak, "Pan Tadek" Mr Tadek).
    "Pani", "Pan", "Herr", "Frau", "Señor", "Señora", "Senhor", "Senhora", "Signor", "Signora", "Madame", "Monsieur",
    "Mme",
)  # fmt: skip
#: Titles a case file may give a person (they separate relatives who share a surname).
PERSONAL_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")

#: Titles a careless transcript types in lower case ("mrs price"); not "miss", a verb.
_LOWER_TITLES = ("mr", "mrs", "ms", "dr")
#: Titles as written and in capitals ("MRS J OYELARAN" in a police log).
_TITLE_ALT = "|".join(
    sorted(
        {*(re.escape(t).replace(r"\ ", r"\s+") for t in (*TITLES, *(t.upper() for t in TITLES), *_LOWER_TITLES))},
        key=len, reverse=True,
    )
)
_LEADING_TITLE = re.compile(rf"^(?:{_TITLE_ALT})\.?\s+")
#: A title right before a match: used to widen "Doe" to "Mrs Doe".
TRAILING_TITLE = re.compile(rf"(?<!\w)(?:{_TITLE_ALT})\.?\s+$")
_SPLIT_PEOPLE = re.compile(r"\s+(?:and|&|[-–—])\s+|\s*[-–—]\s*$")
#: Words of speech before a call name: "Big Dave" is Dave, "our Kelly" is Kelly.
_EPITHET = re.compile(r"^(?:Big|BIG|Little|LITTLE|Lil|Our|OUR|our|Young|Old)\s+(?=\S)")
#: Welsh "little" after a call name: "Mel Bach" is Mel, "Bryn Fach" is Bryn.
_EPITHET_AFTER = re.compile(r"(?<=\S)\s+(?:[Bb]ach|[Ff]ach)$")


_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def is_calendar_word(text: str) -> bool:
    """Say whether a surface is a month or weekday name ("May", "June" are also first names).

    Such a name is replaced where it was detected as a person, but never searched for
    elsewhere: every date in the case would otherwise lose its month.
    """
    return text.strip().casefold() in _CALENDAR


def is_searched_for(surface: str) -> bool:
    """Say whether a known surface is looked for everywhere in the text (linking and
    verification alike): not a month or weekday name (``is_calendar_word``), and not a single
    letter ("S", the label of a speaker no one named, replaced only where it labels a turn;
    "public class P" holds no identifier)."""
    return len(surface.strip()) > 1 and not is_calendar_word(surface)


def strip_title(text: str) -> tuple[str | None, str]:
    """Split a leading title off a name: "Mrs Doe" -> ("Mrs", "Doe")."""
    match = _LEADING_TITLE.match(text)
    if not match:
        return None, text
    return match.group().strip().rstrip("."), text[match.end() :]


#: One initial before a given name and a surname: a heading's letter or an initial the rest of
#: the case does not use ("A. Roy Tregenza" is Roy Tregenza).
_LEADING_INITIAL = re.compile(r"^[A-Z]\.\s+(?=[A-Z][a-z]+\s+[A-Z][A-Za-z'’-]+$)")


def clean_mention(text: str) -> list[tuple[str | None, str]]:
    """Turn a detected person mention into ``(title, name)`` pairs.

    Collapses whitespace, drops a possessive and surrounding punctuation, splits "Jane and Tom"
    (or "David - Big Dave") into two people, drops an epithet ("Big Dave" is Dave) and a lone
    initial before a full name, and turns police style "DOE, Jane" into "Jane DOE".
    """
    text = strip_possessive(tidy(without_invisible(text)).strip(" .,;:()[]\""))
    if spelled_word(text) is not None:
        return [(None, text)]  # "D, A, F, Y, D, D" is one name spelled out, not a list
    people = []
    for part in _SPLIT_PEOPLE.split(text):
        title, name = strip_title(part.strip())
        if "," in name:
            surname, _, first = name.partition(",")
            name = f"{first.strip()} {surname.strip()}".strip()
        name = _EPITHET_AFTER.sub("", _EPITHET.sub("", name.strip(" .,;:-–—")))
        name = _LEADING_INITIAL.sub("", name)  # "Part A. Roy Tregenza": Roy Tregenza, not a third name
        if any(ch.isalpha() for ch in name):
            people.append((title, name))
    return people


def person_variants(full_name: str, aliases: tuple[str, ...] = ()) -> set[str]:
    """Return the surface forms of a listed person (DOMAIN.md section 3, "Variants").

    Covers the full name, first + last without middle names, every name part alone (a middle
    name alone still identifies; over-redacting a namesake is the safer error), police style
    "Doe, Jane", and initials "J.D.", "J. D.", "J Doe", "J. Doe". Bare two-letter initials
    ("JD") only come from aliases.
    """
    tokens = full_name.split()
    variants = {full_name, *aliases}
    if len(tokens) >= 2:
        first, last = tokens[0], tokens[-1]
        variants |= set(tokens)
        variants |= {
            f"{first} {' '.join(tokens[1:-1])}".strip(),
            first,
            last,
            f"{first} {last}",
            f"{last}, {first}",
            f"{first[0]}.{last[0]}.",
            f"{first[0]}. {last[0]}.",
            f"{first[0]} {last}",
            f"{first[0]}. {last}",
        }
    return {v for v in variants if v.strip()}


#: Words that end a school's, a nursery's or a GP practice's name: "Hindley High", "Holly Bank Primary".
_INSTITUTION_KINDS = (
    "Primary|High|Academy|School|College|Comprehensive|Grammar|Infants|Juniors|Nursery|Surgery|Practice|"
    "Medical Centre|Health Centre"
)
INSTITUTION_WORDS = re.compile(rf"\b(?:{_INSTITUTION_KINDS})$")
#: The words after a school's or a practice's own name, any of them: "Cwmgarw" of Cwmgarw
#: Comprehensive School, "St Ebba's" of St Ebba's RC Primary.
INSTITUTION_TAIL = re.compile(
    rf"[ ]+(?:{_INSTITUTION_KINDS}|Infant|Junior|Community|Catholic|CE|RC|C of E|Church of England)$"
)


#: An apposition that says a name is a venue or a business: "the Gilded Heron, a public house".
VENUE_AFTER = re.compile(
    r",?\s+(?:a|an|the)\s+(?:(?:local|small|busy|family|corner|village|independent)\s+)?"
    r"(?:public\s+house|pub|bar|club|nightclub|restaurant|caf[eé]|takeaway|shop|hotel|salon|gym|garage|"
    r"factory|warehouse|firm|company|business)\b"
)
