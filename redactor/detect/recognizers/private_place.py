"""Pubs, clubs and local venues said in speech: "down the Swan", "the Red Lion", "the Legion"."""

from __future__ import annotations

import functools
import re

import regex
from presidio_analyzer import RecognizerResult

from redactor.detect.lists import MODELS_DIR, is_listed_brand, not_label_words
from redactor.detect.nlp import is_dictionary_word
from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import TextRecognizer, make_result
from redactor.document import Label

NAME = "private_place"
CUED_SCORE = 0.85  # "down the Swan", "at the Legion", "the Plough pub"
NAMED_SCORE = 0.75  # "the Red Lion", "the Kings Arms": a two-word pub name or a venue word
#: "on the Grange", "at the Shed": a capitalised word after a place cue; above the model's 0.6 for
#: the same span, which the keep rules would read as a dictionary word ("shed", "knap").
CAPITAL_SCORE = 0.65
#: Words before "the" that place someone at a venue.
_CUE = r"(?:down|up|at|in|into|to|from|outside|round|around|near|behind|opposite|by|past|called|leaving|left)"
#: One-word names that are also newspapers or stations: taken only after a place word, not "in" or "from".
_AMBIGUOUS = frozenset({"sun", "star", "globe", "mirror", "echo", "victoria", "railway", "castle", "albion"})
_PLACE_CUES = frozenset({"down", "up", "at", "outside", "round", "around", "near", "behind", "opposite", "past", "called",
                         "leaving", "left"})
_VENUE = r"(?:Arms|Inn|Tavern|Hotel|Club)"
#: Schools, GP practices and places of worship (DOMAIN.md: small places that identify; a coded
#: label, never kept as an agency): "Longmead Primary School", "Kennet House Surgery",
#: "St Mary's Church", "Coborn Health Centre".
_SCHOOL_WORDS = frozenset(
    "Primary Junior Infant Infants Secondary High Grammar Nursery Catholic RC CofE Church Community Free Academy and".split()
)
_INSTITUTION = (
    r"(?:(?:(?:Primary|Junior|Infants?|Secondary|High|Grammar|Catholic|RC|CofE|C[ ]of[ ]E|Church|Community|Free)"
    r"(?:[ ]and[ ](?:Infants?|Junior|Nursery))?[ ])*(?:School|Academy)|Nursery|(?:Medical[ ])?Practice|Surgery"
    r"|Health[ ]Centre|Medical[ ]Centre|Church|Mosque|Chapel|Gurdwara|Temple|Synagogue|Masjid"
    r"|High(?![ ]+\p{Lu})"  # "went to Airedale High": a secondary school by its usual short name
    r"|Primary(?![ ]+\p{Lu})|Comp(?:rehensive)?(?![ ]+\p{Lu}))"  # "St Ebba's RC Primary", "Treorchy Comp"
)
_LEADING_WORDS = frozenset(
    "the at her his their our my in to from by with and for of on a an this that she he we they then so but or "
    "not just even like because".split()
    # "That's the Three Hatters on Manchester Road": a contraction opening the sentence.
    + [f"{w}{a}s" for w in ("that", "it", "there", "here", "he", "she", "what", "where", "who") for a in "'’"]
)
_NAME_WORD = r"\p{Lu}[\p{L}'’]+"


def _without_leading_words(start: int, words: list[str]) -> tuple[int, list[str]]:
    """Drop the words a matched name may begin with that are no part of it ("At Longmead Primary
    School", "Then Pengelly's"): the new start and the words left."""
    while words and words[0].casefold() in _LEADING_WORDS:
        start += len(words[0]) + 1
        words = words[1:]
    return start, words


#: A capitalised word after "on the", "at the", "down the" inside a sentence: a local place by its
#: short name ("on the Grange", "at the Shed", "down the Nelson"); one word, not a day, month,
#: public service or common heading word (those the keep rules decide too).
_CUED_CAPITAL = regex.compile(
    r"(?:(?<=\p{Ll}[ ])(?:on|up|down|at|in|round|off|near|outside|behind|from|to)"
    r"|(?:(?<=^|[.!?:][ ])|(?<=^[^\n]{0,40}:[ ]))(?:Down|Up|Round|Outside))[ ]the[ ]"  # "Down the Duke." opening a turn
    r"(?P<name>\p{Lu}\p{Ll}{2,})(?![\p{L}'’-])(?![ ]+\p{Lu})(?![ ]+(?:of|and|&|upon|on)[ ]+\p{Lu})"
    r"(?![ ]+(?:community|communities|website|site|people|language|faith|way|style|government|system)\b)"
)
_NOT_PLACES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december christmas easter police council hospital court school
    college university church mosque chapel temple internet bible government army navy queen king crown
    lord panel review chair report board trust service services team unit ward surgery practice centre
    home office probation prison jobcentre family children adults victim perpetrator end time
    vale valleys dales wolds fens moors borders highlands lowlands lakes peaks coast island isle city county
    borough district region north south east west midlands sun times mirror guardian mail express star echo
    telegraph post herald news independent observer gazette eisteddfod judiciary""".split()
)


@functools.cache
def _not_venue_words() -> frozenset[str]:
    """Words that are no venue's name after "at the", "from the": the above, and roles and
    headings ("a note from the Interpreter", "at the Review")."""
    return _NOT_PLACES | not_label_words()


#: A place's local name being introduced: "we call it the Hill", "everyone calls it the Mill".
_CALLED_IT = regex.compile(
    r"(?i:\b(?:call|calls|called|calling)[ ]it[ ]the)[ ](?P<name>\p{Lu}\p{L}+(?:[ ]\p{Lu}\p{L}+)?)(?![\p{L}'’])"
)


#: What a local workplace or venue is said to be: "the call centre", "the bookies", "the gym".
_VENUE_NOUN = (
    # "the surf shop", "the pasty shop", "the harbour pub", "the big new gym": up to two words first
    r"(?:(?:local|big|new|old|little|Polish|Asian|Indian|Chinese|Turkish|Italian|\p{Ll}{3,12})[ ]){0,2}"
    r"(?:call[ ]centre|curry[ ]house|Indian|Chinese|kebab[ ](?:shop|house)|fish[ ](?:shop|bar)|chip[ ]shop"
    r"|factory|warehouse|depot|minicabs?|minicab[ ]firm|taxi[ ]firm|cab[ ]firm|taxis|nightclub|pub|club|social[ ]club"
    r"|working[ ]men's[ ]club|takeaway|chippy|garage|yard|building[ ]site|care[ ]home|nursing[ ]home|gym|caf[eé]"
    r"|restaurant|salon|barbers?|bakery|mill|works|plant|distribution[ ]centre|packing[ ]plant|abattoir|shop"
    r"|corner[ ]shop|off[ ]licence|offy|bookies|bookmakers?|betting[ ]shop|bingo|bingo[ ]hall|hostel|community[ ]centre"
    r"|leisure[ ]centre|sports[ ]centre|snooker[ ]hall|social|church|chapel|mosque|masjid|gurdwara|temple|estate"
    r"|boxing[ ]gym|boxing[ ]club|rugby[ ]club|football[ ]club|cricket[ ]club|golf[ ]club|darts[ ]team|supermarket|bar"
    r"|nursery|school|surgery|practice|launderette|laundrette|market|car[ ]wash|scrapyard|scrappy|haulage[ ]firm"
    # "Fenwick's, the bookie's", "Dino's, the kebab place", "Bismillah's, the cash and carry"
    r"|bookie['’]?s|butcher['’]?s|baker['’]?s|barber['’]s|hairdresser['’]?s|newsagent['’]?s|fish[ ]merchant['’]?s?"
    r"|(?:kebab|pizza|chicken|chip|curry|coffee|burger)[ ](?:place|shop|house|bar)|cash[ ]and[ ]carry|amusements"
    r"|arcade|shisha(?:[ ](?:lounge|bar|place))?)"
)
#: A local workplace or venue named, then said what it is: "Calderside, the call centre",
#: "Kwik Cars, the minicab firm", "Benny's is the chippy", "Ironside. The gym on Stanley Road." (the second only as a
#: fragment that says no more than where it is: "Barnsley. The pub was shut" names no pub). A
#: one-word name must not be an English word ("Work, the call centre" is no name).
_APPOSITION = regex.compile(
    r"(?<![\p{L}'’-])(?P<name>\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}+){0,2}(?:['’]s)?)"
    r"(?:(?:,|[ ][-–—]|(?<=['’]s)[ ]is)[ ]the[ ]" + _VENUE_NOUN
    + r"(?=[.,;:!?)]|$|[ ][-–—]|[ ](?:on|in|by|at|near|behind|down|up|over|off|round|opposite|next|across|from|where|that)\b)"
    r"|[.?!][\"”]?(?:[ ]+|[ ]*\n(?:\p{Lu}[\p{L}]{0,15}:[ ]+)?)The[ ]" + _VENUE_NOUN
    + r"(?=[.,;!?]|[ ](?:on|in|by|at|near|behind|down|up|over|off|round|opposite|next|across|from)\b))"
)
#: A venue said what it is, then named: "That gym, Ironside, it's all lads", "the café, Maria's.",
#: "a bookies called Mac's". The name ends the clause or leads to where it is.
_NAMED_AFTER = regex.compile(
    r"(?<![\p{L}])(?i:the|that|this|a|her|his|their|our|my)[ ](?:\p{Lu}\p{Ll}*\.?[ ]){0,2}" + _VENUE_NOUN
    + r"(?:,[ ]|[ ](?:called|named)[ ]|[ ]\()(?P<name>\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}+){0,2}(?:['’]s)?)"
    r"(?=[.,;!?)]|$|[ ](?:on|in|by|at|near|behind|down|up|over|off|round|opposite|next|across|from)\b)"
)
#: A business named, then what it is in lower case: "Rileys snooker hall", "Meadowbank care home",
#: "Dave's garage". At a sentence's start the name must be a possessive or no dictionary word.
_NAME_THEN_KIND = regex.compile(
    r"(?<![\p{L}'’-])(?P<name>\p{Lu}[\p{L}'’]+(?:[ ]\p{Lu}[\p{L}'’]+)?)[ ]"
    r"(?:snooker[ ]hall|care[ ]home|nursing[ ]home|garage|salon|takeaway|chippy|nightclub|bakery|barbers?|gym"
    r"|caf[eé]|chip[ ]shop|kebab[ ]shop|cab[ ]firm|taxi[ ]firm|car[ ]wash|scrapyard|boxing[ ]gym)(?![\p{L}])"
)
#: A business named, then the street it stands on: "Kwiknails on Station Road", "the Hope and
#: Anchor on Acre Lane", "The Pitman's Rest, on Milburn Road", "Dunn's off the High Street".
_ON_STREET = regex.compile(
    r",?[ ](?:on|off)[ ](?:the[ ])?(?:\p{Lu}[\p{L}'’-]+[ ]){1,2}"
    r"(?:Road|Street|Lane|Avenue|Way|Drive|Close|Parade|Terrace|Row|Hill|Place|Square|Crescent|Broadway|Walk|Green)"
    r"(?![\p{L}])"
)
#: The name right before "on <street>", read back from it.
_NAME_BEFORE_STREET = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Lu}[\p{L}'’]+(?:[ ](?:and|&|of|the|y|\p{Lu}[\p{L}'’]+)){0,4})$")
#: A venue owned up to as someone's local: "The Mainsail's my pub, down the harbour."
_OWN_LOCAL = regex.compile(
    r"(?:(?<=^|[.!?][ ])|(?<=^[^\n]{0,40}:[ ]))(?:The[ ])?(?P<name>\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}+){0,2})['’]s[ ]"
    r"(?:my|our|his|her|their)[ ](?:local\b|" + _VENUE_NOUN + r"(?!\p{L}))",
    regex.MULTILINE,
)
#: What a local business's name ends with: "Holden's Bakery", "Noor Community Kitchen", "Brookvale
#: Hub", "Aladdin's Kebab House", "Titan Fitness", "Kwik Cars".
BUSINESS_HEADS = (
    "Bakery", "Café", "Cafe", "Kitchen", "Gym", "Fitness", "Hub", "Pavilion", "Fellowship", "Grill", "Takeaway",
    "Kebab House", "Kebabs", "Chippy", "Fish Bar", "Barbers", "Barber", "Salon", "Garage", "Motors", "Autos", "Cars",
    "Taxis", "Cabs", "Builders", "Logistics", "Haulage", "Removals", "Scaffolding", "Roofing", "Joinery", "Plumbing",
    "Carpets", "Bookmakers", "Boxing Club", "ABC", "Snooker Club", "Social Club", "Launderette", "Off Licence",
    "Mini Market", "Food Bank", "Baby Bank", "Dental", "Dentistry", "Opticians", "Pharmacy", "Chemist", "Chemists",
    "Vets", "Caravan Park", "Holiday Park", "Holiday Village", "Balti House", "Curry House", "Tandoori", "Pizza",
    "Pizzeria", "Pantry", "Tearooms", "Tea Rooms", "Tea Room",
    "Tea Shop", "Diner", "Bistro", "Carvery", "Crane Hire", "Plant Hire", "Van Hire",
    "Skip Hire", "Car Wash", "Nail Bar", "Butchers", "Florist", "Florists", "Newsagents", "Cash and Carry", "Tyres",
    "and Son", "and Sons", "Bingo", "Care Services", "Cleaning", "Cleaning Services", "Kebabs", "Rest",
)  # fmt: skip
#: Words that make a business's name generic, not its own: "Local Bakery", "Community Gym".
_GENERIC_OWN = frozenset(
    "local community family public council national new old main central village town city county "
    "the our your their his her my a an this that any every".split()
)
_BUSINESS_HEAD = "(?:" + "|".join(h.replace(" ", "[ ]") for h in BUSINESS_HEADS) + ")(?![\\p{L}'’-])"
#: A cheap test before the pattern below (the standard library's engine is quicker at this).
_BUSINESS_CUE = re.compile("[ ](?:" + "|".join(re.escape(h) for h in BUSINESS_HEADS) + ")\\b")
_BUSINESS = regex.compile(r"(?<![\p{L}'’-])(?P<name>(?:\p{Lu}[\p{L}'’-]+[ ]){1,3}" + _BUSINESS_HEAD + ")")
_TWO_WORD_HEADS = frozenset(h.casefold() for h in BUSINESS_HEADS if " " in h)
#: "at St Mary's", "he's at st clement's": a church or school by its saint alone, said where someone is.
_AT_SAINT = regex.compile(r"(?<![\p{L}])(?i:at)[ ](?P<name>(?i:st\.?|saint)[ ]\p{L}+['’]s)(?![ ]+\p{Lu})(?!\p{L})")
#: What says a "... High" is a school: "went to", "at", "left", "attended".
_TO_SCHOOL = regex.compile(r"(?i:\b(?:to|at|from|attended|attends|left|leaving|joined))[ ]+$")
#: A second venue joined to one found: "down the Anchor or the Legion".
_AND_THE = regex.compile(r"[ ]+(?:or|and|then)[ ]+the[ ]+(?P<name>\p{Lu}\p{Ll}{2,})(?![\p{L}'’-])(?![ ]+\p{Lu})")


@functools.cache
def _pub_names() -> tuple[str, ...]:
    path = MODELS_DIR / "places" / "pub_names.txt"
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(sorted((line for line in lines if line), key=len, reverse=True))


@functools.cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    names = "|".join(regex.escape(n).replace(r"\ ", r"\s+") for n in _pub_names())
    # The cue in any case ("Down the Legion"); a cued name in any case too ("down the legion",
    # "the con club" in a hurried transcript), an uncued one as written.
    listed = regex.compile(
        rf"(?:(?P<cue>\b(?i:{_CUE})\s+)(?i:the)\s+(?P<name>(?i:{names}))|\b[Tt]he\s+(?P<name>(?:{names})))"
        rf"(?!['’]?\p{{L}})(?!\s+\p{{Lu}})(?P<pub>\s+pub)?"
    )
    venue = regex.compile(rf"(?<![\p{{L}}])(?P<name>{_NAME_WORD}(?:\s+(?:and\s+)?{_NAME_WORD}){{0,2}}\s+{_VENUE})(?!\p{{L}})")
    institution = regex.compile(
        rf"(?<![\p{{L}}])(?P<name>(?P<words>(?:{_NAME_WORD}[ ]){{1,3}}){_INSTITUTION}"
        # Welsh: a school ("Ysgol Pen y Don"), a surgery ("Meddygfa'r Bont", "Meddygfa Teifi").
        rf"|(?:Ysgol|Meddygfa(?:['’]r)?)(?:[ ]{_NAME_WORD}|[ ]y|[ ]yr){{1,4}})(?!\p{{L}})"
    )
    return listed, venue, institution


@register
class PrivatePlaceRecognizer(TextRecognizer):
    """Find pubs, clubs and local venues as people name them in interviews and reports.

    A common pub name after "the" (``models/places/pub_names.txt``: "the Red Lion", "the Swan",
    "the Legion", "the Rec"): 0.85 after a place word ("down the", "at the") or before "pub";
    0.75 alone when the name has two words or more; a one-word name alone ("the Crown", "the
    Sun") is not taken, nor one followed by another capitalised word ("the Crown Court"). A
    capitalised name before Arms, Inn, Tavern, Hotel or Club ("Miners Arms", "Cleethorpes
    Social Club"): 0.75. A named school, GP practice or place of worship ("Longmead Primary
    School", "Kennet House Surgery", "St Mary's Church", "Ysgol Pen y Don"): 0.75, never kept as
    an agency. A venue said what it is, after its name or before it ("Calderside, the call
    centre", "Ironside. The gym on Stanley Road.", "that gym, Ironside,"), and a local business
    named by its own words and what it is ("Holden's Bakery", "Brookvale Hub"; not a listed
    chain): 0.75. The span is the name, without "the", with a venue's "'s". Not handled: pubs
    with other names said without "the" ("we went to Wetherspoons": a brand, kept), nicknames
    of estates.
    """

    LABEL = Label.ORGANIZATION.value
    NAME = NAME

    SHOULD_MATCH = (
        ("have a bet in Fenwick's, the bookie's at the top of the road", "Fenwick's"),
        ("Dazza, down the Hatters. That's the Three Hatters on Manchester Road, his local.", "Three Hatters"),
        ("The white van with Moss and Son on the side", "Moss and Son"),
        ("then he got into the gym, Bulldog Gym in Landore, and the stuff", "Bulldog Gym"),
        ("she did the teas at Annie's Pantry in Bensham", "Annie's Pantry"),
        ("Then he went to Treorchy Comp and left at sixteen.", "Treorchy Comp"),
        ("He drove for Halliday Crane Hire, on the industrial park.", "Halliday Crane Hire"),
        ("Benny's is the chippy. And I've been over it.", "Benny's"),
        ("at Bismillah's, the cash and carry - on Dunstable Road", "Bismillah's"),
        ("we'd go down the Swan on a Friday", "Swan"),
        ("she worked behind the bar at the Red Lion", "Red Lion"),
        ("he was always at the Legion", "Legion"),
        ("they met in the Kings Arms in 2018", "Kings Arms"),
        ("the Plough pub was shut", "Plough"),
        ("a fight outside Colliers Arms that night", "Colliers Arms"),
        ("drinks at the Rose and Crown", "Rose and Crown"),
        ("Down the Legion every night with Chalky", "Legion"),
        ("he drinks down the con club in Kingswood", "con club"),
        ("the call centre, everyone calls it the Mill 'cause", "Mill"),
        ("everyone on the Grange knew that", "Grange"),
        ("- Hollinbank Junior and Infant School", "Hollinbank Junior and Infant School"),
        ("At Longmead Primary School she was happy.", "Longmead Primary School"),
        ("She went to Kwiknails on Station Road every Saturday.", "Kwiknails"),
        ("She had a Saturday job at Bright Smiles Dental until 2019.", "Bright Smiles Dental"),
        ("Me and our Neil went to Airedale High, left at sixteen.", "Airedale High"),
        ("Down the Duke. The Duke of Edinburgh, on Ferndale Road.", "Duke of Edinburgh"),
        ("she'd go down the Hope and Anchor on Acre Lane to watch the game", "Hope and Anchor"),
        ("registered at Kennet House Surgery, Yate", "Kennet House Surgery"),
        ("they married at St Mary's Church in 1990", "St Mary's Church"),
        ("- Ysgol Pen y Don", "Ysgol Pen y Don"),
        ("and the GP practice, Meddygfa'r Bont.", "Meddygfa'r Bont"),
        ("She'd been to Nellie's Tea Room, by the market.", "Nellie's Tea Room"),
        ("back in 2015? Calderside, the call centre, down by the canal", "Calderside"),
        ("drinking every night down the Anchor or the Legion, with him", "Legion"),
        ("we were married two year after, at St Mary's. Thirty-three year.", "St Mary's"),
        ("DW: Down the Duke. Big Mike.", "Duke"),
        ("We met at Rosie's, the café by the lido.", "Rosie's"),
        ("at the Christmas do, at the Shalimar - the curry house in Colne", "Shalimar"),
        ("He used to ring her when she was at Ironside. The gym on Stanley Road.", "Ironside"),
        ("Chair: Mac's?\nSJ: The bookies. Macnamara's.", "Mac's"),
        ("To be frank, I didn't trust her. That gym, Ironside, it's all lads.", "Ironside"),
        ("She'd go and sit in the café, Maria's, on her break.", "Maria's"),
        ("she worked at the surf shop, Tidemark, on the front", "Tidemark"),
        ("Jago at a St Ives pub (Mainsail) asking for her", "Mainsail"),
        ("Mick put him out.\n\nThe Mainsail's my pub, down the harbour.", "Mainsail"),
        ("We met at Rileys snooker hall in 2019.", "Rileys"),
        ("She was a carer at Meadowbank care home.", "Meadowbank"),
        ("She worked on the bread line at Holden's Bakery for years.", "Holden's Bakery"),
        ("Jo told a woman at the food bank - Noor Community Kitchen - about it.", "Noor Community Kitchen"),
        ("a parenting group at Brookvale Hub, on the estate", "Brookvale Hub"),
    )
    SHOULD_NOT_MATCH = (
        "the case was heard at the Crown Court",
        "I ordered from Domino's Pizza. The NHS Primary Care Trust wrote. He and Sons went.",
        "She used the Local Bakery. It was a Community Gym. Gym sessions were free.",
        "[note from the Interpreter: she means her aunt]",
        "Parking on Station Road was hard. Sarah on Acre Lane rang. We lived in Bootle on Derby Road.",
        "I saw her at Tesco on the High Street.",
        "The tide was High. Spirits ran Sky High that night.",
        "she read it in the Sun",
        "the Crown Prosecution Service",
        "the swan on the river",
        "the bell rang twice",
        "the Primary School was told",
        "a letter from the Surgery",
        "the Council Health Centre",
        "Work, the call centre, was shut that week.",
        "she was at St Mary's Hospital for a week",
        "We moved back to Barnsley. The pub was shut by then.",
        "I rang the bookies, Dave said no.",
        "He went to the gym, Monday to Friday.",
        "She was seen at the Family Hub and at Community Kitchen sessions.",
        "They met at Greggs Bakery most days.",
        "She asked Jane, the new shop manager, for help.",
        "The Council gym was shut. Local takeaway owners were asked.",
        "Greggs bakery on the corner was open.",
    )

    @staticmethod
    def _business(text: str, match: regex.Match[str]) -> tuple[int, int] | None:
        """Return a local business's name: its own words before what it is, one of them no
        dictionary word or a possessive ("Holden's Bakery", "Brookvale Hub"), and no chain
        ("Greggs Bakery") or public word ("Community Hub", "Family Hub" are the council's)."""
        start, words = _without_leading_words(match.start("name"), match.group("name").split(" "))
        head = len(words) - (2 if words[-2:-1] and f"{words[-2]} {words[-1]}".casefold() in _TWO_WORD_HEADS else 1)
        own = [regex.sub(r"['’]s$", "", w) for w in words[:head]]
        if not own or any(w.casefold() in _NOT_PLACES for w in own):
            return None
        before = text[:start].rstrip(" \"“'‘")
        inside = bool(before) and before[-1] not in ".!?:\n"
        family_firm = words[head:] in (["and", "Son"], ["and", "Sons"])  # "Moss and Son": a surname's firm
        # "into the gym, Bulldog Gym in Landore", "at Regal Bingo": one word of its own inside a sentence.
        own_word = inside and len(own) == 1 and own[0].casefold() not in _GENERIC_OWN and words[0] == own[0]
        if not (len(own) >= 2 and inside) and not family_firm and not own_word and not any(
            w != words[i] or not is_dictionary_word(w.casefold()) for i, w in enumerate(own)
        ):
            # every word of its own a dictionary word, none a possessive, and not two words or
            # more inside a sentence ("Bright Smiles Dental" is a name, "Local Bakery" is not)
            return None
        if is_listed_brand(" ".join(own)) or is_listed_brand(own[0]) or is_listed_brand(words[0]):  # "Domino's Pizza"
            return None
        return start, match.end("name")

    @staticmethod
    def _on_street(text: str, match: regex.Match[str]) -> tuple[int, int] | None:
        """The name before "on <street>" when it names a business: not a person's given name
        alone, a town, a listed chain, a role or heading word, nor one dictionary word opening a
        sentence ("Parking on Station Road")."""
        from redactor.detect.gazetteer import is_first_name
        from redactor.detect.lists import uk_town_names

        start, words = _without_leading_words(match.start("name"), match.group("name").split(" "))
        if not words or words[-1].casefold() in _LEADING_WORDS:
            return None
        name = " ".join(words)
        bare = regex.sub(r"['’]s$", "", name)
        before = text[:start].rstrip(" \"“'‘")
        opens = not before or before[-1] in ".!?:\n"
        if (
            all(w.casefold() in _not_venue_words() or w.casefold() in _LEADING_WORDS for w in words)
            or (len(words) == 1 and (is_first_name(bare) or (opens and is_dictionary_word(bare.casefold()))))
            or bare in uk_town_names() or is_listed_brand(bare)
        ):
            return None
        return start, start + len(name)

    def find(self, text: str) -> list[RecognizerResult]:
        """Return venues named in ``text``."""
        listed, venue, institution = _patterns()
        found: dict[tuple[int, int], float] = {}
        for match in listed.finditer(text):
            name = match.group("name")
            cue = (match.group("cue") or "").strip().casefold()
            if name.casefold() in _AMBIGUOUS and not (cue in _PLACE_CUES or match.group("pub")):
                continue
            if cue or match.group("pub"):
                score = CUED_SCORE
            elif len(name.split()) >= 2:
                score = NAMED_SCORE
            else:
                continue
            found[(match.start("name"), match.end("name"))] = score
        for match in _CUED_CAPITAL.finditer(text):  # "on the Grange", "at the Shed", "on the Rec"
            name = match.group("name")
            opens = text[match.start()].isupper()  # "Down the Duke." opening a sentence or a turn
            after_stop = bool(regex.search(r"[.!?:]\s*$", text[: match.start()][-3:] or ""))
            if name.casefold() not in _not_venue_words() and (opens or not after_stop):
                found.setdefault((match.start("name"), match.end("name")), CAPITAL_SCORE)
        for match in _CALLED_IT.finditer(text):  # "we all call it the Sandpit"
            found.setdefault((match.start("name"), match.end("name")), CUED_SCORE)
        for match in venue.finditer(text):
            key = (match.start("name"), match.end("name"))
            found.setdefault(key, NAMED_SCORE)
        for match in _NAME_THEN_KIND.finditer(text):  # "Rileys snooker hall", "Dave's garage"
            name = match.group("name")
            bare = regex.sub(r"['’]s$", "", name)
            words = bare.split()
            owned = name.endswith(("'s", "’s"))
            before = text[: match.start()].rstrip(" \"“'‘")
            opens = not before or before[-1] in ".!?:\n"  # "Local takeaway owners": a capital that proves nothing
            if not any(w.casefold() in _LEADING_WORDS | _NOT_PLACES for w in words) and not is_listed_brand(bare) and (
                owned or not opens or not all(is_dictionary_word(w.casefold()) for w in words)
            ):
                found.setdefault((match.start("name"), match.end("name")), NAMED_SCORE)
        for pattern in (_APPOSITION, _NAMED_AFTER, _OWN_LOCAL):  # "Calderside, the call centre", "that gym, Ironside,"
            for match in pattern.finditer(text):
                start, words = match.start("name"), match.group("name").split(" ")
                start, words = _without_leading_words(start, words[:-1]) if len(words) > 1 else (start, [])
                name = text[start : match.end("name")]
                bare = regex.sub(r"['’]s$", "", name).casefold()
                # A capital inside a sentence makes a dictionary word a name ("at Ironside. The
                # gym"), and so does a possessive ("Mac's, the bookies"); a capital at a
                # sentence's start proves nothing ("Work, the call centre, was shut").
                before = text[:start].rstrip(" \"“'‘")
                opens = not before or before[-1] in ".!?:\n"
                owned = name.endswith(("'s", "’s"))
                if " " in name or not (bare in _NOT_PLACES or (opens and not owned and is_dictionary_word(bare))):
                    found.setdefault((start, match.end("name")), NAMED_SCORE)
        for street in _ON_STREET.finditer(text) if " on " in text or " off " in text else ():
            match = _NAME_BEFORE_STREET.search(text, max(0, street.start() - 60), street.start())
            span = self._on_street(text, match) if match else None  # "Kwiknails on Station Road"
            if span is not None:
                found.setdefault(span, NAMED_SCORE)
        for match in _BUSINESS.finditer(text) if _BUSINESS_CUE.search(text) else ():  # "Holden's Bakery"
            span = self._business(text, match)
            if span is not None:
                found.setdefault(span, NAMED_SCORE)
        for match in _AT_SAINT.finditer(text):  # "married at St Mary's"
            found.setdefault((match.start("name"), match.end("name")), CAPITAL_SCORE)
        for (_start, end), score in list(found.items()):  # "down the Anchor or the Legion"
            joined = _AND_THE.match(text, end)
            if joined and joined.group("name").casefold() not in _NOT_PLACES:
                found.setdefault((joined.start("name"), joined.end("name")), score)
        for match in institution.finditer(text):
            start, words = _without_leading_words(match.start("name"), (match.group("words") or "").split())
            named = [w for w in words if w not in _SCHOOL_WORDS and w.casefold() not in _NOT_PLACES]
            if match.group("name").endswith(" High") and not _TO_SCHOOL.search(text, max(0, start - 12), start):
                continue  # "went to Airedale High", never "Sky High" with nothing to say it is a school
            if named or match.group("name").startswith(("Ysgol ", "Meddygfa")):
                found.setdefault((start, match.end("name")), NAMED_SCORE)
        return [make_result(self, Label.ORGANIZATION.value, s, e, score, "venue") for (s, e), score in sorted(found.items())]
