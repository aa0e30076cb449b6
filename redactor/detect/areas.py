"""The council area a review is for, every UK council area, and public bodies named after places.

DOMAIN.md keeps the council, borough and CSP area as written, and every public body a DHR names
on purpose: "Safer Wirral Partnership", "Kirklees Council Children's Services", "Calderdale and
Huddersfield NHS Foundation Trust", "Humberside Police", "Hull Magistrates' Court". Such a body is
kept whole, and the place inside it with it. This module finds them in text (``kept_regions``)
and infers the CSP area from the documents when the case file does not give it (``infer_area``).

Sources: ``models/places/uk_areas.txt`` (every ISO 3166-2:GB subdivision, built from pycountry by
``models/places/build_areas.py``); the public-body forms below follow how UK bodies name
themselves (NHS trusts, ICBs, police forces, fire services, probation, councils and their
services, council housing companies, courts, safeguarding partnerships).

Not handled: a body named by its place alone after a first mention ("Wirral said..."), private
companies whose name ends like a public body ("Smith Homes" is kept).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import regex

AREAS_FILE = Path(__file__).resolve().parents[2] / "models" / "places" / "uk_areas.txt"

#: A place name as it stands inside a body's name: capitalised words, joined by "and", "of",
#: "upon", "on", "the", "&", commas and hyphens ("Bath and North East Somerset", "Tees, Esk and
#: Wear Valleys", "Stoke-on-Trent").
_WORD = r"(?:St\.|\p{Lu}[\p{L}'’]*(?:-\p{Ll}+-\p{Lu}\p{L}+|-\p{Lu}\p{L}+)*)"
_PLACE = rf"{_WORD}(?:(?:,?[ ](?:and|&|of|upon|on|the|in)[ ]|,[ ]|[ ]){_WORD}){{0,7}}"
_TOWN_WORD = rf"(?!(?:St|Saint|College)\b){_WORD}"
_COLLEGE_TOWNS = rf"{_TOWN_WORD}(?:(?:,?[ ](?:and|&|upon|on)[ ]|[ ]){_TOWN_WORD}){{0,4}}"
_LETTERS = regex.compile(r"\p{L}+")
_JOINER = regex.compile(r",?[ ](?:and|&)[ ]|,[ ]")
_COUNCIL = r"(?:City[ ]|County[ ]|Borough[ ]|District[ ]|Metropolitan[ ]Borough[ ]|Town[ ]|Parish[ ])?Council"
_SERVICE = (
    r"(?:['’]s)?(?:[ ](?:Children['’]s|Childrens|Adults?['’]?|Adult|Family)(?:[ ]and[ ]\p{Lu}\p{L}+)?"
    r"(?:[ ]Social)?[ ](?:Services?|Care|Social[ ]Care|Safeguarding)|[ ]Social[ ]Care|[ ]Social[ ]Services"
    r"|[ ]Housing(?:[ ](?:Services?|Department|Options|Team))?|[ ]Early[ ]Help(?:[ ]Service)?"
    r"|[ ]Public[ ]Health|[ ]Community[ ]Safety(?:[ ]Team)?|[ ]Safeguarding(?:[ ]Team)?)?"
)
_HEADS = (
    rf"{_PLACE}[ ](?:(?:University|Teaching|Community|Mental[ ]Health|Partnership|Healthcare|Hospitals?|Care)[ ])*"
    r"(?:NHS[ ])?(?:Foundation[ ])?Trust",
    rf"NHS[ ]{_PLACE}(?:[ ](?:Integrated[ ]Care[ ]Board|ICB|Clinical[ ]Commissioning[ ]Group|CCG))?",
    rf"{_PLACE}[ ](?:Integrated[ ]Care[ ]Board|ICB|Clinical[ ]Commissioning[ ]Group|CCG|Health[ ]Board)",
    rf"{_PLACE}[ ]Community[ ](?:Healthcare|Health[ ]Services)",  # an NHS community provider: "Medway Community Healthcare"
    # Before "X Hospital": "University Hospital of North Tees" is one body, not "University Hospital".
    rf"(?:University[ ]Hospitals?|Royal[ ]Infirmary)[ ]of[ ]{_PLACE}",
    rf"{_PLACE}[ ](?:(?:General|District[ ]General|Royal|University|Community|County|Memorial|City)[ ])*"
    r"(?:Hospital|Infirmary)",
    rf"{_PLACE}[ ](?:District[ ])?General(?![ ]\p{{Lu}})",  # "Glangwili General", a hospital by its short name
    rf"{_PLACE}[ ](?:Police(?:[ ]Service)?|Constabulary|Fire[ ](?:and|&)[ ]Rescue(?:[ ]Service)?)",
    rf"{_PLACE}[ ](?:Community[ ]Rehabilitation[ ]Company|CRC|Probation(?:[ ](?:Service|Trust|Delivery[ ]Unit))?)",
    rf"{_PLACE}[ ]{_COUNCIL}{_SERVICE}",
    rf"{_PLACE}[ ](?:MBC|BC|DC|CC)(?![\p{{L}}\p{{N}}])(?![ ]?\d)",  # "Pendle BC", "Wirral MBC"; not "Ormerod DC 5533"
    rf"(?:LB|RB|LBC)[ ]{_PLACE}",  # "LB Lambeth"
    # Welsh: "Cyngor Sir Gâr", "Cyngor Bwrdeistref Sirol Wrecsam", "Heddlu Dyfed-Powys", the CSP's Welsh name.
    rf"Cyngor(?:[ ](?:Sir|Dinas(?:[ ]a[ ]Sir)?|Bwrdeistref(?:[ ]Sirol)?))?[ ]{_PLACE}",
    rf"Heddlu[ ]{_PLACE}",
    rf"Partneriaeth[ ]Diogelwch[ ]Cymunedol[ ]{_PLACE}",
    rf"Partneriaeth[ ]{_PLACE}[ ]Mwy[ ]Diogel",  # "Partneriaeth Abertawe Mwy Diogel": Safer Swansea Partnership
    rf"Bwrdd[ ]Iechyd(?:[ ]Prifysgol)?[ ]{_PLACE}",
    rf"{_PLACE}[ ](?:UHB|University[ ]Health[ ]Board|Teaching[ ]Health[ ]Board)",  # a Welsh health board
    rf"(?:(?:London|Royal)[ ]Borough|City|County|Borough)[ ]of[ ]{_PLACE}(?:[ ]Council{_SERVICE})?",
    rf"{_PLACE}[ ](?:Homes|Housing(?:[ ](?:Association|Trust|Group|Partnership))?)",
    rf"{_PLACE}[ ](?:Magistrates['’]?|Crown|County|Family|Combined|Youth|Coroner['’]?s)[ ]Court",
    rf"(?:HMNB|HM[ ]Naval[ ]Base|RAF|RNAS)[ ]{_PLACE}",  # "HMNB Devonport", "RAF Marham": a base, not a home
    rf"(?:Safer|Stronger)[ ]{_PLACE}(?:[ ](?:Communities|Together))?[ ]Partnership",
    # "Safer and Stronger Communities Strategic Partnership"; "Safer Kirklees", a CSP's own name.
    r"Safer[ ](?:and|&)[ ]Stronger(?:[ ]\p{Lu}\p{L}+){0,3}[ ](?:Partnership|Board|Group)",
    rf"Safer[ ]{_PLACE}",
    rf"{_PLACE}[ ](?:Community[ ]Safety[ ]Partnership|CSP|Safeguarding[ ](?:Adults[ ]|Children(?:['’]s)?[ ])?"
    r"(?:Partnership|Board)|MARAC|MASH|Multi-Agency[ ]Safeguarding[ ]Hub)",
    rf"{_PLACE}[ ](?:Women['’]s[ ]Aid|Mind|Rape[ ]Crisis|Citizens[ ]Advice|Victim[ ]Support|Samaritans)",
    # A national charity's local branch, named after its area: "Age UK Blackpool & District", "Mind in Salford".
    rf"(?:Age[ ]UK|Citizens[ ]Advice|Mind[ ]in(?:[ ]the)?|Home-Start|Victim[ ]Support|Samaritans[ ]of)[ ]{_PLACE}",
    rf"{_PLACE}[ ](?:County[ ]Hall|Town[ ]Hall|Civic[ ]Centre)",
    r"(?:County[ ]Hall|Town[ ]Hall|Civic[ ]Centre)",
    rf"University[ ]of[ ]{_PLACE}|{_PLACE}[ ]University",
    # A further education college named after its towns ("Truro and Penwith College"); not a
    # school named after a saint or a person ("St Bede's College").
    rf"(?<!\b(?:St\.?|Saint)[ ]){_COLLEGE_TOWNS}(?<!['’]s)[ ](?:Sixth[ ]Form[ ])?College(?:[ ]of[ ]Further[ ]Education)?",
)
def _factored(heads: Sequence[str]) -> str:
    """The heads as one alternation, in their order, each run of heads that open with a place
    searched as that place once, then any of what may follow it: far quicker than trying the
    place again for every head (the first head that fits at a start still wins)."""
    opener = _PLACE + "[ ]"
    groups: list[list[str]] = []
    for head in heads:
        placed = head.startswith(opener)
        if placed and groups and groups[-1][0].startswith(opener):
            groups[-1].append(head)
        else:
            groups.append([head])
    parts = []
    for group in groups:
        if group[0].startswith(opener) and len(group) > 1:
            parts.append(f"{opener}(?:" + "|".join(f"(?:{h[len(opener):]})" for h in group) + ")")
        else:
            parts.append(f"(?:{group[0]})")
    return "|".join(parts)


_BODY = regex.compile(r"(?<![\p{L}\p{N}])(?:" + _factored(_HEADS) + r")(?![\p{L}\p{N}])")
#: Every body's name holds one of these words: a text without any of them names no body (a cheap
#: test before the long pattern above).
_BODY_CUE = regex.compile(
    r"\b(?:Trust|NHS|ICB|CCG|Board|Healthcare|Health[ ]Services|Hospitals?|Infirmary|Police|Constabulary|Fire"
    r"|Rehabilitation|CRC|Probation"
    r"|Council|Borough|City|County|Homes|Housing|Court|Partnership|MARAC|MASH|Multi-Agency|Aid|Mind|Crisis"
    r"|Advice|Support|Samaritans|Hall|Centre|University|College|CSP|Group|Safer|MBC|BC|DC|CC|LB|RB|LBC|UHB|General"
    r"|Cyngor|Heddlu|Partneriaeth|Bwrdd|HMNB|Naval|RAF|RNAS|UK|Start)\b"
)
#: Acronyms that stay in capitals when words in capitals are read as a title ("SAFER LAMBETH
#: PARTNERSHIP" is read as "Safer Lambeth Partnership"; "NHS" stays "NHS").
_KEEP_CAPITALS = frozenset("NHS ICB CCG CRC CSP MARAC MASH MBC BC DC CC LB RB LBC UHB".split())
_CAPITALS_WORD = regex.compile(r"\b\p{Lu}{2,}\b")
#: Words a sentence may start with that are not part of a place ("The Wirral Council" keeps "Wirral Council").
_LEADING = regex.compile(r"(?:(?:The|This|That|Our|Their|Her|His|And|But|When|Both|Then|In|At|By|From|To|With|For|Of)[ ])+")

#: Where a document names its CSP area.
_AREA_CUES = (
    regex.compile(rf"(?:Safer|Stronger)[ ](?P<area>{_PLACE})(?:[ ](?:Communities|Together))?[ ]Partnership"),
    regex.compile(rf"(?P<area>{_PLACE})[ ](?:Community[ ]Safety[ ]Partnership|CSP)\b"),
    regex.compile(rf"(?:London[ ]|Royal[ ])?Borough[ ]of[ ](?P<area>{_PLACE})"),
    regex.compile(rf"(?P<area>{_PLACE})[ ]{_COUNCIL}\b"),
)
_NOT_AREA = frozenset({"the", "this", "county", "city", "borough", "district", "parish", "town", "local", "our", "each"})


@functools.cache
def uk_areas() -> frozenset[str]:
    """Return every UK council area and nation name (casefolded), from models/places/uk_areas.txt."""
    lines = AREAS_FILE.read_text(encoding="utf-8").splitlines() if AREAS_FILE.exists() else []
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def _trim(start: int, end: int, text: str) -> tuple[int, int]:
    lead = _LEADING.match(text, start, end)
    return (lead.end() if lead else start), end


#: Words of place names that are also listed first names ("North", "Kent", "Avon").
_PLACE_WORDS = frozenset(
    "north south east west upper lower great greater little royal city county borough district vale valley valleys "
    "isle isles forest park new old saint st avon kent mid central inner outer age".split()  # "Age UK"
)


@functools.cache
def _place_words() -> frozenset[str]:
    from redactor.detect.lists import allow_list

    words = set(_PLACE_WORDS)
    listed = [t.casefold() for name in ("places.txt", "agency_words.txt") for t in allow_list(name)]
    for name in (*uk_areas(), *listed):
        words.update(regex.findall(r"\p{L}+", name))
    return frozenset(words)


def _is_person_word(word: str) -> bool:
    from redactor.detect.gazetteer import is_first_name

    return word.casefold() not in _place_words() and bool(is_first_name(word))


def _after_people(start: int, end: int, text: str) -> int:
    """Move ``start`` past the last joiner ("and", "&", a comma) that follows a person's name:
    "Jane Smith and Wirral Council" is a person and a body, not one body."""
    cut = start
    for joiner in _JOINER.finditer(text, start, end):
        left = text[cut : joiner.start()].split()
        if any(_is_person_word(w) for w in left):
            cut = joiner.end()
    return cut


def _as_title(text: str) -> str:
    """``text`` with words in capitals written as titles ("SAFER LAMBETH" -> "Safer Lambeth"),
    acronyms aside; the same length, so offsets hold."""
    titled: str = _CAPITALS_WORD.sub(lambda m: m.group() if m.group() in _KEEP_CAPITALS else m.group().title(), text)
    return titled


def public_body_regions(text: str) -> list[tuple[int, int]]:
    """Return where ``text`` names a public body after a place ("Wirral Council Children's
    Services"), in capitals too ("SAFER LAMBETH PARTNERSHIP")."""
    found = _public_body_regions(text)
    if _CAPITALS_WORD.search(text):
        titled = _as_title(text)
        if len(titled) == len(text) and titled != text:
            found += [r for r in _public_body_regions(titled) if r not in found]
    return found


def _public_body_regions(text: str) -> list[tuple[int, int]]:
    if not text or not _BODY_CUE.search(text):
        return []
    regions = []
    pos = 0
    while match := _BODY.search(text, pos):
        start, end = _trim(match.start(), match.end(), text)
        cut = _after_people(start, end, text)
        if cut > start:  # what stands before the person may be a body of its own
            regions += [r for r in _public_body_regions(text[:cut]) if r[0] >= start]
        regions.append((cut, end))
        pos = match.end()
    return regions


def _area_forms(name: str) -> set[str]:
    """A council area as people also write it: "&" for "and" ("Barking & Dagenham"), and the
    part before "of" when it has two words or more ("East Riding" for "East Riding of Yorkshire")."""
    forms = {name}
    for county, short in _COUNTY_SHORT.items():
        if county in name:
            forms.add(name.replace(county, short))  # "South Glos", "Lincs"
    if " and " in name:
        forms.add(name.replace(" and ", " & "))
    compass, sep, rest = name.partition(" ")
    if sep and compass in ("east", "west", "north", "south"):
        forms |= {f"{compass[0]}. {rest}", f"{compass[0]} {rest}"}  # "E. Lindsey", "N Somerset"
    head, sep, _tail = name.partition(" of ")
    if sep and len(head.split()) >= 2 and not head.startswith(("city", "county", "isle", "vale", "the ")):
        forms.add(head)
    return forms


#: The short forms of county names people write ("South Glos", "North Yorks").
_COUNTY_SHORT = {
    "gloucestershire": "glos", "lincolnshire": "lincs", "yorkshire": "yorks", "nottinghamshire": "notts",
    "buckinghamshire": "bucks", "hertfordshire": "herts", "bedfordshire": "beds", "cambridgeshire": "cambs",
    "hampshire": "hants", "lancashire": "lancs", "leicestershire": "leics", "northamptonshire": "northants",
    "oxfordshire": "oxon", "staffordshire": "staffs", "wiltshire": "wilts", "worcestershire": "worcs",
    "warwickshire": "warks", "derbyshire": "derbys", "shropshire": "shrops",
}  # fmt: skip


@functools.cache
def _area_regex(extra: tuple[str, ...]) -> regex.Pattern[str]:
    bases = {*uk_areas(), *(e.casefold() for e in extra if e.strip())}
    names = sorted({form for name in bases for form in _area_forms(name)}, key=len, reverse=True)
    alternation = "|".join(regex.escape(n).replace(r"\ ", r"\s+") for n in names)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternation})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)


@functools.cache
def _first_words(extra: tuple[str, ...], listed: bool) -> frozenset[str]:
    """The first word (casefolded) of every area name ``area_regions`` looks for."""
    bases = {*(uk_areas() if listed else ()), *(e.casefold() for e in extra if e.strip())}
    return frozenset(m.group() for name in bases for form in _area_forms(name) if (m := _LETTERS.search(form)))


@functools.cache
def _extra_regex(extra: tuple[str, ...]) -> regex.Pattern[str]:
    names = sorted({form for e in extra if e.strip() for form in _area_forms(e.casefold())}, key=len, reverse=True)
    alternation = "|".join(regex.escape(n).replace(r"\ ", r"\s+") for n in names)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternation})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)


def area_regions(
    text: str, extra: Sequence[str] = (), *, listed: bool = True, is_word: Callable[[str], bool] | None = None
) -> list[tuple[int, int]]:
    """Return where ``text`` names a UK council area, or one of ``extra`` (the case's own area).

    Only capitalised mentions count ("Wirral", "WIRRAL"), not a lower-case word ("reading"),
    except the case's own area when its name has two words or more ("all round west lindsey",
    typed in lower case in a transcript), or is one word that ``is_word`` says is no English
    word ("GP practices in lambeth"). ``listed=False`` looks for ``extra`` alone.
    """
    if not text or not (listed or extra):
        return []
    firsts = _first_words(tuple(extra), listed)
    # The case's area may be typed in lower case: several words, or one that is no word.
    several_words = tuple(
        e for e in extra if len(e.split()) >= 2 or is_word is not None and e.strip() and not is_word(e.strip())
    )
    lower_firsts = _first_words(several_words, False)
    lower_whole = {e.strip().casefold() for e in several_words if " " not in e.strip()}
    found: list[tuple[int, int]] = []
    pattern: regex.Pattern[str] | None = None
    end = 0
    # The alternation of every area is tried only where one of their first words starts (few
    # places, often none): scanning the whole text with it costs far more.
    for word in _LETTERS.finditer(text):
        first = word.group().casefold()
        if word.start() < end or first not in firsts:
            continue
        if word.group()[:1].isupper():
            if pattern is None:
                pattern = _area_regex(tuple(extra)) if listed else _extra_regex(tuple(extra))
            match = pattern.match(text, word.start())
        elif first in lower_firsts:
            match = _extra_regex(several_words).match(text, word.start())
            if match is not None and " " not in match.group().strip() and match.group().strip() not in lower_whole:
                match = None  # "west" alone is a word
        else:
            continue
        if match is not None:
            found.append((match.start(), match.end()))
            end = match.end()
    return found


#: Words of a council's type or of a body's name that are no part of its area: "West Lindsey
#: District (Council)", "Safer and Stronger Communities Strategic (Partnership)".
_AREA_TYPE_WORDS = frozenset("city county borough district metropolitan town parish royal london".split())
_NOT_AREA_WORDS = frozenset(
    "communities community strategic safety safer stronger partnership board services service housing solutions "
    "options manager lead officer team abuse domestic children adults adult social care health".split()
)


def _area_name(name: str) -> str | None:
    """Return the area a cue's place part names, or None: after the last comma ("Housing Options
    Manager, West Lindsey"), without a council-type word at its end ("West Lindsey District"),
    and not made of a body's own words ("Communities Strategic")."""
    name = name.rsplit(", ", 1)[-1].strip()
    # "West Lindsey District Council and Lincolnshire": the last body's place only.
    name = regex.split(r"\b(?:Council|Partnership|Board|Trust|Police)(?:[ ]and|[ ]&)?[ ]", name)[-1]
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _AREA_TYPE_WORDS:
        words.pop()
    if not words or any(w.casefold() in _NOT_AREA_WORDS for w in words):
        return None
    return " ".join(words)


def infer_area(texts: Iterable[str]) -> str | None:
    """Return the CSP area the documents name most often, or None (see ``infer_areas``)."""
    found = infer_areas(texts)
    return found[0] if found else None


def infer_areas(texts: Iterable[str]) -> list[str]:
    """Return the council areas the documents name as a CSP's or council's, most named first:
    a district's review also names its county ("West Lindsey District Council", "Safer
    Lincolnshire Partnership"), and both are kept.

    Cues: "Safer X Partnership", "X Community Safety Partnership", "X CSP", "(London) Borough of
    X", "X (City/Borough/County...) Council". A candidate must be named at least twice.
    """
    votes: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for text in texts:
        for cue in _AREA_CUES:
            for match in cue.finditer(text):
                start, end = _trim(match.start("area"), match.end("area"), text)
                name = _area_name(" ".join(text[start:end].split()))
                if not name or name.casefold() in _NOT_AREA or len(name) < 3:
                    continue
                key = name.casefold()
                votes[key] += 1
                shown.setdefault(key, name)
    # "Vale" and "Vale of Glamorgan": the shorter is a cut of the longer, whose votes it adds to.
    for short in list(votes):
        longer = [k for k in votes if k != short and k.startswith(short + " ")]
        if len(longer) == 1:
            votes[longer[0]] += votes.pop(short)
    best = sorted(
        ((n, k) for k, n in votes.items() if n >= 2), key=lambda item: (item[0], item[1] in uk_areas(), -len(item[1])),
        reverse=True,
    )
    return [shown[key] for _count, key in best]


#: A service named like a person or a word: one word, or two ("Norah's Kitchen").
_SERVICE_NAME = r"(?P<name>\p{Lu}[\p{L}]+(?:['’]s)?(?:[ ]\p{Lu}[\p{L}]+)?)"
#: What makes a description a domestic abuse or support charity, not a person's job or agency.
_CHARITY = (
    r"(?:(?:specialist|local|national|regional|small|independent|voluntary)[ ])*"
    r"(?:[\p{L}'’-]+[ ]){0,2}?"  # "a Bengali women's project", "a church-hall food bank"
    r"(?:(?:domestic[ ]abuse|DA|women['’]s|survivors['’]?|community|counselling|advocacy|outreach)[ ]"
    r"(?:charity|service|refuge|organisation|project|helpline|centre|group)"
    r"|charity|refuge|helpline|food[ ]?bank)"
    r"(?!['’]s|[ ](?:worker|manager|officer|volunteer|staff|lady|woman|man|person|user|team))"
)
#: How a document says that a name is a service, not a person: "Freya, the specialist domestic
#: abuse charity", "Harbour (the local DA service)", "the Pathway IDVA service", "Grace is the
#: name of the local DA service", "the charity, Grace", "a Rowan support worker".
_SERVICE_CUES = (
    regex.compile(
        rf"(?<!\p{{Lu}}\p{{L}}*[ ]){_SERVICE_NAME}(?:,?[ ]|[ ]?\()(?:[-–][ ])?"
        r"(?:(?:that['’]s|which[ ]is|is|was|it['’]s)[ ])?(?:the|a|an)[ ]"
        rf"{_CHARITY}\b"
    ),
    regex.compile(
        rf"\b(?:the|a|an)[ ](?:\p{{L}}+[ ]){{0,2}}?charity,?[ ](?:called[ ]|named[ ])?{_SERVICE_NAME}\b"
        r"(?!,?[ ](?:she|he|who)\b)"
    ),
    regex.compile(rf"{_SERVICE_NAME}[ ](?:is|was)[ ]the[ ]name[ ]of[ ](?:the|a)[ ](?:\p{{L}}+[ ]){{0,3}}?{_CHARITY}\b"),
    regex.compile(
        rf"\b(?:the|a|an)[ ]{_SERVICE_NAME}[ ](?:(?:IDVA|ISVA|outreach|advocacy|support|domestic[ ]abuse)[ ])?"
        r"(?:service|project|refuge|helpline|charity)\b(?![ ](?:worker|manager|user))"
    ),
    regex.compile(
        rf"\b(?:a|the|her|his|their|our|my)[ ]{_SERVICE_NAME}[ ]"
        r"(?:support[ ]worker|outreach[ ]worker|caseworker|case[ ]worker|key[ ]?worker|IDVA|ISVA|advocate)\b"
    ),
)
_NOT_SERVICE = frozenset(
    "the this that she he her his they it there a an it's that's there's she's he's they're we're you're "
    "its which what who".split()
)


_BODY_NAME_WORD = r"\p{Lu}[\p{L}'’-]+"
#: A hospital named in full ("James Cook University Hospital", "Royal Gwent Hospital", "Ysbyty Glan
#: Clwyd") and an NHS trust or health board ("Southern Health NHS Foundation Trust"): its own name
#: is what people call it after.
_HOSPITAL = regex.compile(
    rf"(?<![\p{{L}}'’-])(?P<name>{_BODY_NAME_WORD}(?:[ ]{_BODY_NAME_WORD}){{0,3}}?)"
    r"(?:[ ](?:University|General|District|Community|Teaching|County|Memorial))*[ ]Hospitals?(?![\p{L}])"
    rf"|(?<![\p{{L}}'’-])Ysbyty[ ](?P<welsh>{_BODY_NAME_WORD}(?:[ ]{_BODY_NAME_WORD}){{1,2}})(?![\p{{L}}])"
)
_TRUST = regex.compile(
    rf"(?<![\p{{L}}'’-])(?P<name>{_BODY_NAME_WORD}(?:[ ](?:and[ ])?{_BODY_NAME_WORD}){{0,5}}?)[ ]"
    r"(?:NHS[ ](?:Foundation[ ])?Trust|University[ ]Health[ ]Board|Health[ ]Board|Integrated[ ]Care[ ]Board)(?![\p{L}])"
)
_NOT_BODY_OPENERS = frozenset("the a an and of at in to from her his their our my this that its".split())
#: The last words of a place a hospital is named after ("Russells Hall", "Arrowe Park"): the place stays a place.
_PLACE_TAILS = frozenset(
    "park hall hill hills green road lane street wood woods vale bridge gate field fields heath common cross farm "
    "manor grange house court end estate side view way".split()
)


def infer_body_short_names(texts: Iterable[str]) -> set[str]:
    """Return the short names of the hospitals and NHS bodies the documents name in full, kept
    wherever they stand: "James Cook" and "JCUH" after "James Cook University Hospital", "Glan
    Clwyd" after "Ysbyty Glan Clwyd", "Southern Health" and "North Tees" after their trusts'
    names. Never a name of one word or a place's ("Grange" of Grange University Hospital is also
    Grange Avenue; "Morriston", "Russells Hall": the town and the estate it is named after)."""
    from redactor.detect.lists import uk_town_names

    found: set[str] = set()
    for text in texts:
        if "Hospital" not in text and "Ysbyty" not in text and "Trust" not in text and "Board" not in text:
            continue
        for match in _HOSPITAL.finditer(text):
            name = match.group("name") or match.group("welsh")
            words = name.split()
            while words and words[0].casefold() in _NOT_BODY_OPENERS:
                words = words[1:]
            if len(words) < 2 or words[-1].casefold() in _PLACE_TAILS or " ".join(words) in uk_town_names():
                continue  # "Morriston" is the town, "Russells Hall" the estate the hospital is named after
            found.add(" ".join(words))
            whole = match.group().split()[len(name.split()) - len(words) :]
            if match.group("name") and len(whole) >= 3:
                found.add("".join(w[0] for w in whole))  # "JCUH", "GWH": the initials of its whole name
        for match in _TRUST.finditer(text):
            words = match.group("name").split()
            while words and words[0].casefold() in _NOT_BODY_OPENERS:
                words = words[1:]
            if len(words) >= 2 and words[-1].casefold() not in _PLACE_TAILS and " ".join(words) not in uk_town_names():
                found.add(" ".join(words))
                if "and" in words and words.index("and") >= 2:
                    found.add(" ".join(words[: words.index("and")]))  # "North Tees" of North Tees and Hartlepool
    return found


def infer_services(texts: Iterable[str]) -> set[str]:
    """Return names the documents describe as a service or charity ("Freya, the specialist
    domestic abuse charity"), list among the agencies that contributed, or put in the agency
    column of a chronology table, so that every other mention of them is kept too, even one
    that looks like a first name."""
    found: set[str] = set()
    for text in texts:
        for cue in _SERVICE_CUES:
            for match in cue.finditer(text):
                name = match.group("name")
                if name.split()[0].casefold() in _NOT_SERVICE or len(name) < 3:
                    continue
                found.add(name)
        found |= {n for n in _listed_agencies(text) if len(n) >= 3 and n.casefold() not in _NOT_SERVICE}
    return found


#: A heading or lead-in over a list of agencies: "## Contributing agencies", "Agencies that
#: contributed:", "The following agencies provided information".
_AGENCY_LIST_HEAD = regex.compile(r"(?im)^(?:#+[ ]*)?[^\n]{0,40}\bagenc(?:y|ies)\b[^\n|]{0,60}$")
_BULLET = regex.compile(r"^[ \t]*(?:[-*•]|\d+[.)])[ \t]+(?P<item>[^\n]+?)[ \t]*$")
#: A table header naming the agency column of a chronology: "| Date | Agency | Event |".
_AGENCY_COLUMN = regex.compile(r"(?i)^\s*(?:agency|organisation|organization|service|source)\s*$")


def _listed_agencies(text: str) -> set[str]:
    """Names in a list of agencies (a bullet list under a heading that says "agencies") and in
    the agency column of a Markdown table: one capitalised word only, without what follows a
    comma or a bracket ("Robin (by letter)" is "Robin")."""
    names: set[str] = set()
    lines = text.split("\n")
    in_list = False
    column: int | None = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if column is None:
                column = next((i for i, c in enumerate(cells) if _AGENCY_COLUMN.match(c)), None)
            elif column < len(cells) and not set(cells[column]) <= set("-: "):
                names.add(cells[column])
            continue
        column = None
        if _AGENCY_LIST_HEAD.match(stripped) and not stripped.startswith(("-", "*", "•")):
            in_list = True
            continue
        bullet = _BULLET.match(line)
        if in_list and bullet:
            names.add(bullet.group("item"))
        elif stripped:
            in_list = False
    found = set()
    for name in names:
        head = regex.split(r"\s*[,(;:–—]\s*|\s+-\s+", name, maxsplit=1)[0].strip()
        # One word only: a charity named like a person or a word ("Robin", "Marigold"); a longer
        # name (a school, a surgery) is an organisation the other rules decide.
        if regex.fullmatch(r"\p{Lu}[\p{L}'’]+", head):
            found.add(head)
    return found
