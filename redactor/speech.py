"""How speech refers to people of the case (issue 15): names typed in lower case, and
nicknames a transcript introduces.

- ``lower_case_names`` / ``lower_case_mentions``: a known name that is also a word or very short
  ("Dawn", "Mo") is matched only as written; in a hurried transcript it appears in lower case.
  It counts there only where the words around it say a person ("dawn was like a daughter", "me
  and mo", "I said, joy, ..."), never after "the", "a", "at", "no" or a pronoun.
- ``add_nicknames``: "they called him Tank" (the man named nearest before), "call me Mo" (the
  speaker of the line), 'Mohammed Rahman ("Mo")'.
- ``greeted_speakers``: "INT: Thanks for seeing me, Mrs Hope." then "MH: ...": the one greeted
  is the one who answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import regex

from redactor.document import Document, Label
from redactor.entities import Registry
from redactor.name_forms import fold
from redactor.names import clean_mention, strip_title
from redactor.people import people_with_initials, person_ids

#: Words before a lower-case name-word that make it an ordinary word: "at dawn", "a penny",
#: "the holly", "no joy", "all hope".
_NOT_BEFORE = frozenset(
    "the a an this that these those some any no every each all at of in on by for from into than very too "
    "more most such what which whose its their your our's one two few many much i you he she we they it who".split()
)
#: Words that may stand right before a name and a verb: "when tank complained", "and mo rang".
_CLAUSE_START = frozenset("and but so then because cause 'cause cos when if while until after before".split())
#: Words before a name in speech: "me and dawn", "told jay", "my stan", "our kelly".
_PERSON_BEFORE = frozenset(
    "with wiv told tell telling asked ask rang ring ringing called call calls saw seen see met meet said "
    "says our my mate love hi hiya hello bye thanks ta cheers morning evening night dear sorry".split()
)
#: Two words before a name that make it someone spoken with: "on the phone to robin", "talking to jo".
_SPOKE_TO = regex.compile(
    r"(?i)\b(?:phone|talk|talking|talked|spoke|speak|speaking|chat|chatting|listen|listening|married|engaged)[ ]to[ ]+$"
)
#: A nickname given right after it: "hunter, the lads called him", "tank they called him".
_NAMED_AFTER = regex.compile(
    r"(?i)^,?[ ](?:the[ ]\w+|they|everyone|everybody|people|we|his[ ]mates|her[ ]mates)[ ]call(?:s|ed)?[ ](?:him|her)\b"
)
#: Words after a name in speech: "dawn was", "jay said", "mo rang", "hunter on it".
_PERSON_AFTER = frozenset(
    "said says say told tells rang rings called calls came come comes went goes go was were is had has would "
    "could did didn't wasn't weren't doesn't don't never always knew thought wanted looked got gets and "
    "turned started kept used rung phoned texted asked".split()
)
#: Relations before a name: "my son terry", "her fella dean".
_RELATIONS = frozenset(
    "son daughter husband wife brother sister mum mam mom dad mother father nan nana gran grandad grandma uncle "
    "auntie aunty aunt cousin friend fella partner boyfriend girlfriend neighbour".split()
)
_POSSESSIVES = frozenset("my me her his our their your".split())
#: "said" and the like right before the one spoken to: "I said no, clive,", "she says, dean,".
_SAID_BEFORE = regex.compile(r"(?i)\b(?:said|says|say|told|tell)(?:[ ,]+(?:no|yes|yeah|oh|look|listen|right))?[ ,]+$")
#: Verbs of speech and coming after a name no one is known by: "mick says", "ron come round".
_SPEECH_VERBS = frozenset("said says told tells rang rings phoned texted asked come came comes".split())
#: Particles after a verb of motion: a word before one is that verb, not a name ("his mam come in").
_PARTICLES = frozenset("in out round over back home up down off away across through".split())
#: What people call the one they speak to that is also a first name: "no, love,", "ta, pet".
_ENDEARMENTS = frozenset(
    "love pet duck hun hon honey darling darlin sweetheart babe baby dear mate sir madam boss chief lad lass son bro "
    "sunshine flower chuck petal".split()
)
#: The words that give someone a name: "called her", "known as", "nickname was" (``who``: whom).
_NAMING = r"\b(?:call(?:s|ed|ing)?|nicknamed)[ ](?P<who>him|her|me|us|them)|\bknown[ ]as|\bnickname(?:[ ]was|[ ]is)?"
#: A name being given right before it: "I called her nads", "she called me hilly", "known as tank".
_NAMED_BEFORE = regex.compile(rf"(?i:{_NAMING})[ ,:]*[\"“'‘]?$")
#: Names that are virtues, said after "with" as the words they are: "with joy", "with grace".
_VIRTUES = frozenset("joy hope grace faith love patience charity mercy honour pride serenity".split())
_PUNCTUATION = regex.compile(r"[.,;?!]")
#: Words a text message goes on with after the name of the one it is sent to.
_MESSAGE_OPENERS = frozenset(
    "can cant u ur im its hes shes he she dont pls please i where wheres r did ring call text thanks ta sorry".split()
)
_THANK_YOU = regex.compile(r"(?i)\b(?:thank|thanks|love|bless|see)[ ]+you[ ,]+$")
_LOWER_TOKEN = regex.compile(r"(?<![\p{L}\p{N}'’-])\p{Ll}[\p{Ll}'’-]*\p{Ll}(?:['’]s)?(?![\p{L}\p{N}-])")
_WORD_BEFORE = regex.compile(r"([\p{L}'’]+)[ \t]*$")
_WORD_AFTER = regex.compile(r"^[ \t]*([\p{L}'’]+)")


def lower_case_names(reg: Registry) -> dict[str, list[str]]:
    """Return the people's single-word names that propagation matches only as written (words
    such as "Dawn" or "Hunter", and short forms such as "Mo"), folded -> owners."""
    from redactor.detect.gazetteer import is_first_name
    from redactor.surfaces import is_case_sensitive

    found: dict[str, list[str]] = {}
    for entity_id in person_ids(reg):
        for name in reg.entity(entity_id).names:
            if " " in name or not name.isalpha() or len(name) < 2:
                continue
            if name.isupper() and len(name) <= 3 and not (len(name) == 3 and is_first_name(name.title())):
                continue  # initials ("AB"), not a name written in capitals as a speaker label ("JOY")
            if is_case_sensitive(name, reg.is_case_word):
                owners = found.setdefault(fold(name), [])
                if entity_id not in owners:
                    owners.append(entity_id)
    return found

_GAP_AT_END = regex.compile(r"[^\p{L}'’]*$")
_CLAUSE_MARK_AT_END = regex.compile(r"[.,;:!?\]\)\"“”—–-]\s*$")



def gap_before_text(text: str, start: int) -> str:
    """The text between the word before ``start`` and ``start`` (punctuation, spaces)."""
    match = _GAP_AT_END.search(text[max(0, start - 12) : start])
    return match.group() if match else ""


#: A text message read out in quotes and typed without a capital letter: "mo is coming round x".
_LOWER_MESSAGE = regex.compile(r"[\"“](?P<message>[^\"“”\n]{12,})[\"”]")


#: A chat export's message after its date, time and sender: "[14/10/2023, 19:40] Jodie 💅: was he in",
#: "03 Mar 2022 10:47 Reen Cross 🌹: are u going regal fri".
_CHAT_MESSAGE = regex.compile(
    r"(?m)^[ \t]*\[?(?:\d{1,2}/\d{1,2}/\d{2,4},?|\d{1,2}[ ](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
    r"[ ]\d{4},?)[ ]\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ ]?[APap]\.?[Mm]\.?)?\]?[ ]?(?:[-–][ ])?[^:\n]{1,40}?[ \t]*:[ ]"
    r"(?P<message>[^\n]{8,})"
)


def lower_messages(text: str) -> list[tuple[int, int]]:
    """Where ``text`` quotes a message typed all in lower case, or a chat export's line holds one."""
    found: list[tuple[int, int]] = []
    if '"' in text or "“" in text:
        found += [m.span("message") for m in _LOWER_MESSAGE.finditer(text) if not any(c.isupper() for c in m.group("message"))]
    if ":" in text:
        found += [m.span("message") for m in _CHAT_MESSAGE.finditer(text) if not any(c.isupper() for c in m.group("message"))]
    return found


def lower_case_venues(reg: Registry) -> dict[str, str]:
    """Return the names of known places and organisations that are ordinary words ("the Flag",
    "the Crown", "Sparkle"), folded -> their entity: matched only as written elsewhere, and in
    lower case only inside a message typed so (``venue_mentions``)."""
    found: dict[str, str] = {}
    for entity_id, entity in reg.entities.items():
        if entity.label not in (Label.ORGANIZATION, Label.LOCATION):
            continue
        for name in entity.names:
            name = name.removeprefix("the ").removeprefix("The ")  # "the Cups", the short name of the Three Cups
            words = name.split()
            if 1 <= len(words) <= 3 and len(name) >= 3 and all(w[:1].isupper() for w in words) and reg.is_word(words[-1]):
                found.setdefault(fold(name), entity_id)
    return found


def possessive_venue_forms(reg: Registry) -> dict[str, str]:
    """Return a known place's or business's one-word name that is no word, with the possessive "s"
    people type without its apostrophe ("dinos" for Dino's, "bosuns" for the Bosun's), folded ->
    its entity: such a form names it anywhere inside a message typed in lower case."""
    found: dict[str, str] = {}
    for entity_id, entity in reg.entities.items():
        if entity.label not in (Label.ORGANIZATION, Label.LOCATION):
            continue
        for name in entity.names:
            stem = regex.sub(r"['’]s$", "", name.removeprefix("the ").removeprefix("The "))
            if " " not in stem and len(stem) >= 3 and stem[:1].isupper() and stem.isalpha() and not reg.is_word(stem):
                found.setdefault(fold(stem) + "s", entity_id)
    return found


#: Where a venue stands in a message: "down the flag", "at the crown", "hes gone the anchor", "at sparkle".
_VENUE_BEFORE = regex.compile(r"(?:\b(?:the|at|from|rang|ring|going|went|outside|near|to|in|down|up|round)[ ])$")


#: One, two or three words at a place, the longest first.
_WORDS_AT = tuple(regex.compile(rf"\p{{L}}+(?:[ ]\p{{L}}+){{{n}}}(?!\p{{L}})") for n in (2, 1, 0))


def venue_mentions(
    text: str, venues: dict[str, str], messages: Sequence[tuple[int, int]], possessives: dict[str, str] | None = None
) -> list[tuple[int, int, str]]:
    """Return where a message quoted all in lower case (``messages``, from ``lower_messages``)
    names a known venue by a word ("hes down the flag since 12", "i rang sparkle", "are u going
    regal fri"): ``(start, end, entity)``, after "the", "at", "from", "to", "in", "going" and the
    like; or anywhere by a ``possessives`` form ("hes back from bennys", "outside dinos")."""
    if not venues and not possessives:
        return []
    found = []
    for a, b in messages:
        for match in _LOWER_TOKEN.finditer(text, a, b):
            if possessives and (entity := possessives.get(fold(match.group()))) is not None:
                found.append((match.start(), match.end(), entity))
                continue
            for words_of in _WORDS_AT:  # the longest name first: "the red lion", then "the lion"
                words = words_of.match(text, match.start(), b)
                if words is None:
                    continue
                entity = venues.get(fold(words.group()))
                if entity is not None and _VENUE_BEFORE.search(text, max(a, match.start() - 8), match.start()):
                    found.append((match.start(), words.end(), entity))
                    break
    return found


def lower_case_mentions(
    text: str, names: dict[str, list[str]], *, strict: bool = False, words: bool = False,
    is_word: Callable[[str], bool] | None = None, messages: Sequence[tuple[int, int]] | None = None,
    is_verb: Callable[[str], bool] | None = None,
) -> list[tuple[int, int, list[str]]]:
    """Return where ``text`` names a known person in lower case, by a name that is also a word or
    very short ("dawn was like a daughter", "I rang mo", "jay's mate", "I said, nads, love"):
    ``(start, end, owners)``. Only where the words around it say a person: after "me and",
    "told", "my"; before "said", "was", "rang"; between commas as the one spoken to; with the
    person's other name ("ray bell"). Never after "the", "a", "at", "no" and the like.

    ``strict``, for a name no one in the case is known by ("I said no, clive,", "my son terry"):
    only as the one spoken to, beside "me and", after "my", a relation or "told", or before a
    verb of speech or coming ("mick says", "ron come") at a clause's start; with ``words`` too
    (names that are also words: "terry", "dean"), only after a relation, beside "me and", as the
    one spoken to after "said", or before a verb of speech at a clause's start ("my sister" and
    "my bank" are no names).

    With ``is_word`` (a dictionary test), a known name that is no word is one anywhere in a message quoted
    all in lower case ("mo is coming round", "my lil man ty"): nothing there is capitalised
    (``messages``, from ``lower_messages``, when the caller has them already). With ``is_verb``
    (a test for a verb's past or third-person form), such a verb after the name at a clause's
    start says a person too ("not that time no ray dealt with it")."""
    found: list[tuple[int, int, list[str]]] = []
    if not names:
        return found
    if is_word is None or strict:
        messages = []
    elif messages is None:
        messages = lower_messages(text)
    # Speech-to-text writes no punctuation ("not that time no ray dealt with it ray put him out"):
    # every word may open a clause.
    unpunctuated = len(text) > 80 and not _PUNCTUATION.search(text)
    for match in _LOWER_TOKEN.finditer(text):
        word = match.group()
        possessive = word.endswith(("'s", "’s"))
        stem = word[:-2] if possessive else word
        owners = names.get(fold(stem))
        if not owners:
            continue
        start, end = match.start(), match.start() + len(stem)
        before_m = _WORD_BEFORE.search(text, max(0, start - 30), start)
        before = before_m.group(1).casefold() if before_m else ""
        after_m = _WORD_AFTER.search(text[end : end + 30]) if not possessive else None
        after = after_m.group(1).casefold() if after_m else ""
        thanked = before == "you" and _THANK_YOU.search(text, max(0, start - 20), start) is not None  # "thank you grace"
        if before in _NOT_BEFORE and not thanked:
            continue
        gap_before = text[before_m.end() if before_m else max(0, start - 3) : start]
        left = text[max(0, start - 2) : start]
        right = text[end : end + 1]
        vocative = (left.endswith((", ", ": ")) or start == 0 or text[: start].rstrip().endswith((".", "?", "!", ":"))) and (
            right in (",", ".", "?", "!") or possessive
        )
        paired = before in names and set(names[before]) & set(owners) or after in names and set(names[after]) & set(owners)
        # "me and mo", "mo and me"; not "pride and joy".
        two_before = _WORD_BEFORE.search(text, max(0, start - 40), before_m.start()) if before_m else None
        me_and = before == "and" and two_before is not None and two_before.group(1).casefold() in ("me", "i", "him", "her", "us")
        with_me = me_and
        with_me = with_me or after == "and" and text[end : end + 8].casefold().startswith((" and me", " and i "))
        # A verb after the name counts at the start of a clause only: "when tank complained", not
        # "the petrol tank was".
        clause = (
            unpunctuated or not before_m or before in _CLAUSE_START
            or bool(_CLAUSE_MARK_AT_END.search(gap_before_text(text, start)))
        )
        if before == "with" and fold(stem) in _VIRTUES and not gap_before.strip():
            continue  # "with joy", "with hope": the word, not Joy or Hope
        if strict:
            if possessive or fold(stem) in _ENDEARMENTS:
                continue
            spoken_to = vocative and bool(_SAID_BEFORE.search(text, max(0, start - 20), start))
            related = (  # "my son terry", not "Mum said" or "his mam come in"
                before in _RELATIONS and not gap_before.strip()
                and two_before is not None and two_before.group(1).casefold() in _POSSESSIVES
                and not (words and (after in _PARTICLES or fold(stem) in _SPEECH_VERBS))  # "her sister said you"
            )
            person = (
                related or after in _SPEECH_VERBS and clause and before != "and" or spoken_to
                or me_and and fold(stem) not in _PERSON_AFTER  # "me and ron", not "me and said" or "her job and me"
            ) if words else (
                vocative or with_me or before in _PERSON_BEFORE | _RELATIONS and not gap_before.strip()
                or after in _SPEECH_VERBS and clause
            )
        else:
            speaker = (start == 0 or text[start - 1] == "\n") and text.startswith(":", end)  # "jade: can i say"
            # A text message opening with the one it is sent to: "ro can u cover my lates", "sads its happening".
            messaged = text[start - 1 : start] in ('"', "“") and after in _MESSAGE_OPENERS
            in_message = any(a <= start and end <= b for a, b in messages) and is_word is not None and not is_word(stem)
            person = (
                speaker or messaged or in_message or thanked or possessive or vocative or paired or with_me
                or before in _PERSON_BEFORE and not gap_before.strip()
                or (after in _PERSON_AFTER or is_verb is not None and is_verb(after)) and clause
            )
        if (
            person or _NAMED_BEFORE.search(text, max(0, start - 30), start)
            or _SPOKE_TO.search(text, max(0, start - 30), start) or _NAMED_AFTER.match(text[end : end + 40])
        ):
            found.append((start, end, owners))
    return found


#: A nickname being introduced: "they called him Tank.", "I called her nads,", "known as Chalky",
#: "call me Mo", "Mohammed Rahman ("Mo")".
_NICK_INTRO = regex.compile(
    rf"(?i:{_NAMING})"
    r"[ ,:]*[\"“'‘]?(?P<nick>\p{L}[\p{L}'’-]{1,19})[\"”'’]?"
    r"(?=[.,;!?)]|[ ]*$|[ ]+(?:on|at|in|for|because|'cause|cos|after|and[ ]they)\b)"
)
_NICK_QUOTED = regex.compile(
    r"(?P<name>\p{Lu}[\p{L}'’-]+(?:[ ]\p{Lu}[\p{L}'’-]+){0,2})[ ]\((?P<nicks>[\"“'‘]\p{L}[^()\n]{0,80})\)"
)
#: Each nickname quoted in those brackets: '("Foxy"; "CJ" to his family)', '("Charlie" to friends, "Lottie" at home)'.
_QUOTED_WORD = regex.compile(r"(?:^|[;,][ ]*|[ ]or[ ]+)[\"“'‘](?P<nick>\p{L}[\p{L}'’-]{1,19})[\"”'’](?![\p{L}])")
#: The one who gives a nickname, right before its verb: "she called her Win".
_SUBJECT = regex.compile(r"(?i)\b(she|he)[ ]+$")
_NOT_NICKNAMES = frozenset(
    "mum mam mom dad mother father nan gran back up out in over round later again all names that this it him her "
    "them us me you a an the twice once and on about yesterday today tomorrow straight loads something nothing "
    "someone anyone everything everyone police ambulance doctor the home work everybody nobody anybody".split()
)


#: A preposition right before a name: "the son of Jodie", "married to Kim".
_AFTER_PREPOSITION = regex.compile(r"(?i:\b(?:of|to|with|for|from|by))[ ]+$")


def add_nicknames(reg: Registry, docs: Iterable[Document]) -> None:
    """Give people the nicknames a document introduces: "they called him Tank" (the man named
    nearest before), "I called her nads" (the woman), "call me Mo" (the speaker of the line),
    "Mohammed Rahman ("Mo")". A nickname that is a word ("Tank") is then matched only as
    written, or in lower case where speech says a person."""
    # Only documents that introduce a nickname are read for the people they name.
    docs = [d for d in docs if any(_NICK_INTRO.search(s.text) or _NICK_QUOTED.search(s.text) for s in d.segments)]
    if not docs:
        return
    matcher = reg.matcher()
    known: list[list[tuple[int, int, str]]] = []  # each document's (segment index, start, owner) of known people
    for doc in docs:
        found: set[tuple[int, int, str]] = set()
        order = {seg.id: i for i, seg in enumerate(doc.segments)}
        for span in doc.spans:
            if span.label is Label.PERSON:
                owners = reg.owners(strip_title(doc.span_text(span))[1])
                if len(owners) == 1:
                    found.add((order[span.segment_id], span.start, owners[0]))
        for index, seg in enumerate(doc.segments):  # "sorry, Charlotte": known, though no detector said so here
            for start, end, key in matcher.find(seg.text):
                owners = reg.owners(seg.text[start:end]) if key.startswith("E:") else []
                if len(owners) == 1 and reg.entity(owners[0]).label is Label.PERSON:
                    found.add((index, start, owners[0]))
        # A turn's speaker label ("DL:") is who speaks, never whom "him" or "her" stands for.
        labels = {(order[seg.id], m.start("label")) for seg in doc.segments for m in _SPEAKER.finditer(seg.text)}
        known.append(sorted(a for a in found if (a[0], a[1]) not in labels))
    absorbed: dict[str, str] = {}  # someone found only by a nickname -> whose nickname it is

    def give(owner: str, nick: str) -> None:
        for other in _give_nickname(reg, owner, nick):
            absorbed[other] = owner

    def now(entity_id: str) -> str:
        while entity_id in absorbed:
            entity_id = absorbed[entity_id]
        return entity_id

    for doc, anchors in zip(docs, known, strict=True):
        for index, seg in enumerate(doc.segments):
            for match in _NICK_QUOTED.finditer(seg.text):
                owners = reg.owners(strip_title(match.group("name"))[1])
                if len(owners) == 1:
                    for nick in _QUOTED_WORD.finditer(match.group("nicks")):
                        give(owners[0], nick.group("nick"))
            for match in _NICK_INTRO.finditer(seg.text):
                who = (match.group("who") or "").casefold()
                if who == "them":
                    continue  # "called them the twins": no one person's name
                owner = None
                nick = match.group("nick")
                if who in ("me", "us"):
                    owner = _speaker(reg, seg.text, match.start())
                else:
                    sex = {"him": "m", "her": "f"}.get(who)
                    already = set(reg.owners(nick))  # "Foxy, all the lads called him Foxy": not Foxy's own
                    earlier = [a for a in anchors if (a[0], a[1]) < (index, match.start())]
                    # A name after "of" or "to" is no one the sentence is about ("Raymond Salt, the
                    # son of Jodie and the perpetrator, known as "Junior""): the others come first.
                    earlier.sort(key=lambda a: not (
                        a[0] == index and _AFTER_PREPOSITION.search(seg.text, max(0, a[1] - 6), a[1]) is not None
                    ))
                    before = [c for c in (now(a[2]) for a in earlier) if c not in already]
                    # The one speaking says "me", never "him" or "her", of themself ("TW: We all called him LJ").
                    speaking = _speaker(reg, seg.text, match.start())
                    before = [c for c in before if c != speaking][-12:][::-1]
                    subject = _SUBJECT.search(seg.text, max(0, match.start() - 12), match.start())
                    if subject and {"she": "f", "he": "m"}.get(subject.group(1).casefold()) == sex:
                        # "Ruby - Ruby Hargreaves - she called her Win": she is the woman named last
                        same = next((c for c in before if reg.sex_of(c) == sex), None)
                        before = [c for c in before if c != same]
                    # The nearest one the pronoun fits for certain, else the nearest it may fit.
                    owner = next((c for c in before if sex is None or reg.sex_of(c) == sex), None) or next(
                        (c for c in before if reg.sex_of(c) is None), None
                    )
                if owner is not None:
                    give(owner, nick)
                elif who in ("him", "her") and not reg.owners(nick) and not reg.is_dictionary(nick):
                    # Whose it is stays open ("We all called him LJ" with the one speaking the only man
                    # named): the nickname is still someone's name, to replace, never to leave.
                    reg.new_entity(Label.PERSON, {nick})


#: A subjects table's column of other names: "Known as", "Also known as", "AKA", "Nickname".
_KNOWN_AS_HEADER = regex.compile(r"(?i)(?:also[ ])?known[ ]as|a\.?k\.?a\.?|nick[ -]?names?|other[ ]names?|alias(?:es)?|called")
#: Its column of names: "Name", "Full name", "Subject", "Person".
_NAME_HEADER = regex.compile(r"(?i)(?:full[ ])?names?|subjects?|person|individual")
_NO_ALIAS = frozenset({"", "-", "–", "—", "n/a", "none", "not known", "unknown"})


def add_known_as(reg: Registry, texts: Iterable[str]) -> None:
    """Give people the other names a table lists for them: a subjects table with a "Known as"
    column ("| FAIRHURST, Craig Anthony | Fez | Kevin | ... |") gives Craig Fairhurst "Fez", as
    "they called him Fez" would. ``texts`` hold Markdown tables and Word tables' rows as bars."""
    for text in texts:
        alias_col = name_col = None
        for line in text.split("\n"):
            line = line.strip()
            if not (line.startswith("|") and line.endswith("|")):
                alias_col = None
                continue
            cells = [c.strip().strip("*_ ") for c in line[1:-1].split("|")]
            header = [i for i, c in enumerate(cells) if _KNOWN_AS_HEADER.fullmatch(c)]
            if header:
                alias_col = header[0]
                names = [i for i, c in enumerate(cells) if _NAME_HEADER.fullmatch(c)]
                name_col = names[0] if names else 0
                continue
            if alias_col is None or name_col is None or len(cells) <= max(alias_col, name_col):
                continue
            # "FAIRHURST, Craig Anthony" is known as Craig Anthony Fairhurst.
            said = [cells[name_col], *(name for _title, name in clean_mention(cells[name_col]))]
            owners = list(dict.fromkeys(o for name in said for o in reg.owners(strip_title(name)[1])))
            if len(owners) != 1 or reg.entity(owners[0]).label is not Label.PERSON:
                continue
            for alias in regex.split(r"[,;/]|[ ]or[ ]", cells[alias_col]):
                alias = alias.strip(" \"“”'‘’()")
                if alias.casefold() not in _NO_ALIAS and len(alias.split()) <= 2:
                    _give_nickname(reg, owners[0], alias)


_SPEAKER = regex.compile(
    r"(?m)^[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*|\(?\d{1,2}:\d{2}(?::\d{2})?\)?[ \t]+)?(?P<label>[\p{L}][\p{L} .'’-]{0,30}?)[ \t]*:"
)


def _speaker(reg: Registry, text: str, position: int) -> str | None:
    """Return the person whose speaker label starts the line holding ``position``, if known."""
    line_start = text.rfind("\n", 0, position) + 1
    match = _SPEAKER.match(text, line_start)
    if match is None:
        return None
    label = match.group("label").strip()
    owner = reg.label_initials.get(label.upper() if label.islower() and len(label) <= 3 else label)  # "ng:" is "NG:"
    if owner is None:
        owners = [o for o in reg.owners(strip_title(label)[1]) if reg.entity(o).label is Label.PERSON]
        if not owners and 2 <= len(label) <= 3 and label.isupper():
            owners = people_with_initials(reg, label)  # "TW:" for Toby Wild, before his initials are his names
        owner = owners[0] if len(owners) == 1 else None
    return owner


def _give_nickname(reg: Registry, owner: str, nick: str) -> list[str]:
    """Give ``owner`` the nickname; someone found only by that nickname so far is that person
    (returned: they are no one else now)."""
    nick = nick.strip("'’")
    if nick.casefold() in _NOT_NICKNAMES or len(nick) < 2:
        return []
    owners = reg.owners(nick)
    if owners:
        alone = [o for o in owners if o != owner and reg.entity(o).source == "detected"
                 and all(fold(name) == fold(nick) for name in reg.entity(o).names)]
        if owners != alone:
            return []
        for other in alone:  # "Foxy" was found before anyone said whose it is
            reg.absorb(owner, other)
        return alone
    reg.add_name(owner, nick[:1].upper() + nick[1:])
    return []


#: A line that ends by speaking to someone by name: "Thanks for seeing me, Mrs Hope.", "Go on, Joy?"
_GREETED = regex.compile(
    r",[ ]+(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?[ ]+)?\p{Lu}[\p{L}'’-]+(?:[ ]\p{Lu}[\p{L}'’-]+)?)[ ]*[.!?]?[\"”]?[ ]*$"
)


def greeted_speakers(texts: Iterable[str]) -> dict[str, str]:
    """Return the speaker labels of transcripts whose first line answers someone greeted by name
    on the line before: ``{label: name}`` ("INT: Thanks for having me in, Mrs Sterling." then
    "JOY: joy, please." gives ``{"JOY": "Mrs Sterling"}``). A label greeted by two names is left out."""
    found: dict[str, str] = {}
    doubtful: set[str] = set()
    seen: set[str] = set()
    for text in texts:
        previous: tuple[str, str] | None = None  # (label, name greeted at the end of its line)
        for line in text.split("\n"):
            match = _SPEAKER.match(line)
            if match is None:
                previous = None
                continue
            label = match.group("label").strip()
            if previous is not None and previous[0] != label and previous[1] and label not in seen:
                if found.setdefault(label, previous[1]) != previous[1]:
                    doubtful.add(label)
            seen.add(label)
            greeted = _GREETED.search(line, match.end())
            previous = (label, greeted.group("name") if greeted else "")
    return {label: name for label, name in found.items() if label not in doubtful}
