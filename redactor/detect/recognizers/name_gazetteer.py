"""People found through the first-name and surname lists: names the small spaCy model misses.

"Callum", "Tomasz Wiśniewski", "OLUWASEUN ADEYEMI", "NOWAK, Tomasz", "Grace, her sister" and
"Auntie Sheila". Regular expressions and set lookups only, no spaCy at run time: it works with
``nlp_artifacts=None`` and runs at well over 100,000 words a second.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from redactor.detect.gazetteer import is_first_name, is_surname
from redactor.detect.lists import allow_list, not_label_words
from redactor.detect.nlp import is_dictionary_word
from redactor.detect.recognizers import register
from redactor.document import Label
from redactor.name_forms import ACRONYMS
from redactor.names import TITLES
from redactor.text import without_invisible

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


# Scores (the engine keeps results from 0.35).
FULL_NAME_SCORE = 0.85  # a listed first name with a surname, one of them not an English word
FIRST_NAME_SCORE = 0.6  # a listed first name that is not an English word, alone
CONTEXT_SCORE = 0.6  # a first name that is also a word ("Grace"), in name context
TITLED_SCORE = 0.75  # "MRS ADAEZE", "Auntie Sheila", "Pastor Asamoah"
CAPITALS_SCORE = 0.5  # "FLORENTINA" alone in a line of capitals (a police log)

# A capitalised word: Title Case ("Kowalczyk", "McDonald", "O'Neil", "Asante-Darko", "Wiśniewska")
# or capitals ("KOWALCZYK"), with an optional possessive.
_TOKEN = regex.compile(
    r"(?<![\p{L}\p{M}\d'’])(?!I['’](?:ve|m|ll|d)(?![\p{L}\p{M}]))"  # "I've", "I'm": the speaker, never a name
    r"(?!\p{Lu}{2,}\p{Ll})"  # "NINo", "GPs", "IDVAs": an abbreviation, never a name
    # Invisible characters copy-paste leaves inside a word ("Bir\u00adchall") are part of it.
    r"\p{Lu}[\p{L}\p{M}]*(?:[\u00ad\u200b\u200c\u200d\u2060\ufeff]+[\p{L}\p{M}]+)*"
    r"(?:['’][\p{L}\p{M}]+)*(?:-\p{L}[\p{L}\p{M}]*(?:['’][\p{L}\p{M}]+)*)*"
)
_POSSESSIVE_SUFFIXES = ("'s", "’s", "'S", "’S")
_SPACES = (" ", "\u00a0")

_MONTHS = frozenset("january february march april may june july august september october november december".split())
#: Never names: weekdays and the short forms of days and months ("Tue 4 Feb"), colours before
#: a car ("SILVER ASTRA"), and the first words of place names ("North Radley").
_NEVER_FIRST = frozenset(
    (
        "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
        "jan feb mar apr jun jul aug sep sept oct nov dec "
        "silver grey gray black white red blue green yellow gold orange purple brown maroon navy beige bronze "
        "north south east west upper lower great greater little new old royal saint port fort mount "
        # record systems named like people ("recorded on Athena", "a Merlin report")
        "athena merlin niche storm connect pronto tiburon rio paris lorenzo mosaic orion "
        # kinship words of languages heard in interviews ("MATKA (mother)")
        "matka ojciec siostra brat babcia dziadek ciocia wujek "
        # street words of other languages
        "rua rúa rue via calle avenida ulica"
    ).split()
)
_COLOURS = frozenset(
    "silver grey gray black white red blue green yellow gold orange purple brown maroon navy beige bronze".split()
)
#: How the recognizer is named in results and audit records.
NAME = "name_gazetteer"
#: Kinship and religious forms of address used like a title, beyond redactor.names.TITLES.
_EXTRA_HONORIFICS = ("Bishop", "Nurse")
#: Titles, ranks and forms of address, as written or in capitals ("Mrs", "MRS", "Auntie").
_TITLE_FORMS = frozenset({*TITLES, *_EXTRA_HONORIFICS, *(t.upper() for t in (*TITLES, *_EXTRA_HONORIFICS))})
_TITLE_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])(\p{Lu}[\p{L}]*)(\.?)[ \u00a0]$")
#: Relationship and role nouns: "Grace, her sister" or "her sister Grace" makes "Grace" a name.
_RELATIONS = (
    "mother mum mom mummy mam father dad daddy sister brother sibling daughter son child baby aunt auntie aunty "
    "uncle cousin niece nephew grandmother grandfather grandma grandad granddad grandpa nan nana nanny gran "
    "granny grandson granddaughter grandchild stepfather stepmother stepson stepdaughter stepbrother stepsister "
    "half-brother half-sister twin wife husband partner ex-partner ex-wife ex-husband boyfriend girlfriend "
    "ex-boyfriend ex-girlfriend fiancé fiancée fiance fiancee friend neighbour neighbor colleague flatmate "
    "housemate landlord landlady employer manager boss carer godmother godfather relative mother-in-law "
    "father-in-law sister-in-law brother-in-law daughter-in-law son-in-law worker officer nurse doctor gp "
    "teacher idva isva advocate solicitor counsellor therapist psychiatrist psychologist consultant midwife "
    "pastor imam priest vicar interpreter translator"
).split() + ["health visitor", "social worker", "key worker", "support worker"]
_RELATION_WORDS = frozenset(_RELATIONS)
_RELATION_ALT = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(_RELATIONS, key=len, reverse=True))
_MODIFIERS = r"(?:(?:older|younger|elder|eldest|oldest|youngest|twin|late|former|new|best|close|family|then|big|little)\s+)*"
_OWNER = r"(?:her|his|their|its|our|my|your|the|a|an|whose|[\p{L}][\p{L}\p{M}-]*['’]s?)"
#: After the name: ", her sister", " (the victim's mother)", " (14)", ", aged 14".
_PSEUDONYM_CODE = r"(?:Adult|Child|Person|Subject|Sibling|Friend|Victim|Perpetrator)\s+(?:[A-Z]|\d{1,2})\b"
_APPOSITION_AFTER = regex.compile(
    rf"(?:\s*,\s*|\s+[-–—]\s+)(?:{_OWNER}\s+){_MODIFIERS}(?:{_RELATION_ALT})s?\b"
    rf"|\s*(?:\(|=)\s*(?:{_OWNER}\s+)?{_MODIFIERS}(?:{_RELATION_ALT})s?\b"
    rf"|\s+(?:is|was)\s+(?:a|an|the|her|his|their|my|our|your)\s+{_MODIFIERS}(?:{_RELATION_ALT})\b"
    r"|\s*\(\s*(?:aged?\s+)?\d{1,3}\s*\)|\s*,\s*aged?\s+\d{1,3}\b|\s*,\s*\d{1,2}\s*,"
    rf"|\s*\(\s*{_PSEUDONYM_CODE}|\s*,\s*who\b|\s+(?:was|were)\s+born\b|\s+(?:and|&)\s+(?:I|me)\b",
    regex.IGNORECASE,
)
#: Before the name: "her sister Grace", "his friend, Will,", "known as Rose", "named Hope".
_RELATION_BEFORE = regex.compile(
    rf"(?:\b{_OWNER}\s+{_MODIFIERS}(?:{_RELATION_ALT})s?|\b(?:named|called|known(?:\s+to(?:\s+[a-z]+){1,5})?\s+as|nicknamed|aka|a\.k\.a\.|name)"
    rf"|\b{_PSEUDONYM_CODE}|\b(?:me|him|us)\s+(?:and|&)|(?<![\p{{L}}])our)[\s,(\"“‘'=:]+$",
    regex.IGNORECASE,
)
#: A reporting verb right after the name: "Will said", "Grace told the panel".
_SPEECH_AFTER = regex.compile(
    r"\s+(?:said|says|told|tells|stated|states|explained|recalled|remembered|reported|described|disclosed|added|"
    r"asked|replied|confirmed|denied|admitted|agreed|texted|messaged|rang|phoned|wrote|noted|mentioned|flagged|"
    r"contacted|visited|cried|screamed|shouted|laughed|smiled|saw|urged|warned)\b"
)
#: What joins the members of a list of names: ", ", " and ", ", and ", " & ", " or ".
_LIST_GAP = regex.compile(r",[ \u00a0]*(?:(?:and|or|&)[ \u00a0]+)?|[ \u00a0]+(?:and|or|&)[ \u00a0]+")
#: Words before a lone capitalised word that make it a place: "in Preston", "at Victoria".
_PLACE_PREPOSITIONS = frozenset("in at near around outside across towards toward via into within inside throughout".split())
#: Words before "First Hall" that make it a street or a building: "at Aldous Lane" ("on" is
#: left out: "an assault on Leanne Green").
_STREET_PREPOSITIONS = _PLACE_PREPOSITIONS | frozenset("off along opposite past behind".split())
#: Words before a lone capitalised word that make it a thing: "the Will", "a Christian".
_ARTICLES = frozenset("the a an every each any".split())
_DETERMINERS = _ARTICLES | frozenset("his her their its my your".split())
#: Function words the name lists hold as given names (not "Will" or "May", which are names too).
_FUNCTION_NAMES = frozenset(
    "among any can else even ever hence less many mine nine nor other over part per see seem side via".split()
)
_STOP_WORDS = frozenset(
    (
        "a an and as at but by for from he her his i if in into is it its me my no not of on or our she so than "
        "that the their them then there these they this those to was we were what when where which who why "
        "with you your after before during since until while about against between through over under"
    ).split()
)
#: Street and place words: after a first name they make it a place ("Victoria Road"); a
#: lone first name right after one and a comma is a district ("Ferndale Terrace, Ashby").
_STREET_WORDS = frozenset(
    (
        "road street avenue crescent drive terrace gardens square mews parade estate rise boulevard embankment "
        "walk farm wharf quay yard common heights circus way lane close grove hill park green"
    ).split()
)
#: Words after a first name that make it a place or a body: "Victoria Road", "Clare's Law",
#: "Farooq Pharmacy".
_PLACE_OR_BODY = frozenset(
    (
        "road street avenue crescent drive terrace gardens square mews parade estate rise boulevard embankment "
        "walk farm wharf quay yard common heights circus "
        "hospital hospice surgery clinic centre center practice school academy college university nursery "
        "cathedral mosque masjid temple mandir synagogue gurdwara station airport library hotel pub inn tavern "
        "club stadium unit trust foundation charity project group team services service partnership board "
        "council borough county district healthcare health medical care homes home housing association society "
        "institute limited ltd llp plc company solicitors associates pharmacy chemist wholesale stores store shop "
        "market supermarket restaurant cafe café takeaway kebab pizza chippy diner grill kitchen bakery sweets "
        "salon barbers nails spa gym fitness studio garage motors autos tyres wash cleaners launderette builders "
        "recycling logistics transport taxis cabs travel lettings estates properties law act bill rule syndrome "
        "disease day tower towers palace theatre cinema gallery museum bay beach island valley "
        "st rd ave route mall plaza inc llc corp gmbh"
    ).split()
)
#: Place words that are also common surnames ("Jane Hall", "Sam Park"): a surname only after a
#: first name that is not itself a word, and not after "on", "in" or "at".
_PLACE_SURNAMES = frozenset(
    (
        "hall park lane hill wood green court house lodge close way field fields gate bridge brook ford cross "
        "moor dale vale view place row grove church chapel marsh heath wells banks rivers ward"
    ).split()
)
#: Capitalised words that may stand right before a lone first name.
_NAME_LEADERS = frozenset("dear hi hello thanks thank poor little baby young old big".split())
#: A house number right before a word: "56 ", "14a " (a year, "2020 ", is not one).
_HOUSE_NUMBER_BEFORE = regex.compile(r"(?<![\d/.:,-])(\d{1,5}[A-Za-z]?)[ \u00a0]$")
#: Street words that come before the name in other languages: "Rua Augusta", "ul. Miła".
_STREET_LEADERS = frozenset("rua rúa rue via calle avenida ulica ul ul. strasse straße utca".split())
#: Acronyms in DHR text that are also listed surnames.
_ACRONYMS = frozenset("lado sarc mappa marac idva isva camhs".split())
#: A naming word and a name: 'known as "Dar"', 'called him "Nee"', 'née Wróbel', 'aka "J-Dot"'.
_NAMED_AS = regex.compile(
    r"(?:\b(?:known\s+as|nicknamed|aka|a\.k\.a\.|called(?:\s+(?:him|her|them|me))?|the\s+(?:English\s+)?name)|(?P<nee>\b(?:née|nee|née)))"
    r"\s+(?P<quote>[\"“‘'])?(?P<name>\p{Lu}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*)(?(quote)[\"”’'])",
)
#: A nickname in brackets right after a name: ' ("Dot")', " ('Big Gabi')".
_BRACKETED_NICKNAME = regex.compile(r"['’]?s?[ \u00a0]*\([\"“‘'](?P<name>\p{Lu}[\p{L}\p{M}'’-]{1,20})[\"”’']\)")
#: An initial with a full stop, then a capitalised word: "K. Bhattacharya", "T. Adeyemi-Cole".
_INITIAL_SURNAME = regex.compile(
    # Not a letter someone spells ("with one L. Jo rang", "two Ns. Then"), which ends a sentence.
    r"(?<!\b(?i:one|two|double|with|an?|the|capital|small)[ \u00a0])"
    r"(?<![\p{L}\p{M}\d.\-])\p{Lu}\.[ \u00a0]?(?P<surname>\p{Lu}\p{Ll}[\p{L}\p{M}'’]*(?:-\p{Lu}[\p{L}\p{M}'’]*)?)"
)
#: A quoted nickname between a first name and a surname: ' "Bola" '.
_NICKNAME = regex.compile(r"[ \u00a0]+[\"“‘'][\p{Lu}][\p{L}\p{M}'’-]{0,20}[\"”’'][ \u00a0]+")
_POSTCODE_AFTER = regex.compile(r",?\s+[A-Z]{1,2}\d[A-Z\d]?(?:\s*\d[A-Z]{2})?\b")


@functools.cache
def _allow_words() -> frozenset[str]:
    """One-word terms of models/allow/ (roles, kinship, labels, agencies and their words, big
    places), months and titles: never a name."""
    words: set[str] = set()
    for name in ("not_names.txt", "agencies.txt", "places.txt", "agency_words.txt"):
        for term in allow_list(name):
            if " " not in term:
                words.add(term.replace("’", "'").casefold())
    return frozenset(words | _MONTHS | {t.casefold() for t in _TITLE_FORMS})


@functools.lru_cache(maxsize=65_536)
def _is_word(word: str) -> bool:
    return is_dictionary_word(word)


@dataclasses.dataclass(slots=True)
class _Token:
    start: int
    end: int  # without the possessive
    text: str  # without the possessive
    possessive: bool
    capitals: bool  # "KOWALCZYK" rather than "Kowalczyk"
    folded: str


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word, end = match.group(), match.end()
        possessive = word.endswith(_POSSESSIVE_SUFFIXES) and len(word) > 3
        if possessive:
            word, end = word[:-2], end - 2
        word = without_invisible(word)
        letters = word.replace("'", "").replace("’", "").replace("-", "")
        capitals = len(letters) > 1 and letters.isupper()
        tokens.append(_Token(match.start(), end, word, possessive, capitals, word.replace("’", "'").casefold()))
    return tokens

_LAST_WORD = regex.compile(r"[\p{L}\p{M}'’.-]+$")
_ENUMERATOR = regex.compile(r"\s*(?:\d+(?:\.\d+)*[.)]?|[a-z][.)]|[ivx]+[.)])\s*")
_VOWEL = regex.compile(r"[AEIOUY]")
_YEAR = regex.compile(r"(?:19|20)\d\d")
_WORD_AND_COMMA_AT_END = regex.compile(r"([\p{L}]+),[ \u00a0]*$")



def _previous_word(text: str, start: int) -> str:
    """Return the word right before ``start`` on the same line (trailing full stop kept)."""
    window_start = max(0, start - 40)
    line_start = text.rfind("\n", window_start, start) + 1
    before = text[max(line_start, window_start) : start].rstrip(" \t\u00a0")
    match = _LAST_WORD.search(before)
    return match.group() if match else ""


def _sentence_initial(text: str, start: int) -> bool:
    """Say whether ``text[start]`` starts a sentence, line, table cell, list item or heading."""
    i = start
    while i > 0 and text[i - 1] in " \t\u00a0*_#>\"'“‘([•–—-":
        i -= 1
    if i == 0 or text[i - 1] in ".!?:;|\n\r]":
        return True
    line_start = text.rfind("\n", max(0, i - 20), i) + 1
    if line_start == 0 and i > 20:
        return False  # an enumerator is short: "1.4 ", "a) "
    return bool(_ENUMERATOR.fullmatch(text[line_start:i]))


def _capitals_line(text: str, start: int) -> bool:
    """Say whether the text around ``start`` (its line, at most 200 characters either side) is
    written in capitals (a police log)."""
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    line_end = text.find("\n", start, start + 200)
    line = text[max(line_start, start - 200) : line_end if line_end >= 0 else start + 200]
    letters = [ch for ch in line if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    """Say whether two words are one space apart, the left one with no possessive."""
    return not left.possessive and text[left.end : right.start] in _SPACES


def _next_to(text: str, left: _Token, right: _Token) -> bool:
    """Say whether two words are one space apart, a possessive allowed: "Clare's Law"."""
    return text[left.end + (2 if left.possessive else 0) : right.start] in _SPACES


class _Finder:
    """One pass over one text; the recognizer keeps no state between texts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.found: list[tuple[int, int, float, str]] = []  # start, end, score, why
        self.pending: list[tuple[int, int]] = []  # word-like first names waiting for a list
        self.used: set[int] = set()

    def run(self) -> list[tuple[int, int, float, str]]:
        for index, token in enumerate(self.tokens):
            if index in self.used:
                continue
            if token.text in _TITLE_FORMS:
                self._titled(index)
            elif token.capitals and self._police_style(index) and self._capitals_surname(index):
                continue
            elif self._first_name(token):
                self._name(index)
            elif token.capitals:
                self._capitals_surname(index)
        self._lists()
        self._nicknames()
        self._initials()
        return self.found

    # --- word classes ----------------------------------------------------------------------

    @staticmethod
    def _first_name(token: _Token) -> bool:
        return (
            len(token.text) > 1
            and token.folded not in _allow_words()
            and token.folded not in _NEVER_FIRST
            and is_first_name(token.text)
        )

    @staticmethod
    def _surname_like(token: _Token) -> bool:
        """A listed surname, a listed first name that is not a word, or an unknown word.

        "Kowalczyk", "Hill" (a listed surname that is also a word) and "Zyzzlewski" (unknown) are
        surname-like; "Said" and "Will" are not, unless the surname list has them.
        """
        if len(token.text) < 2 or token.folded in _allow_words():
            return False
        return all(not _is_word(part) or is_surname(part) for part in token.text.split("-") if part)

    @staticmethod
    def _strong(token: _Token) -> bool:
        """Not an English word: the part that makes a name certain ("Kowalczyk", not "Hill")."""
        return not _is_word(token.text)

    # --- the cases -------------------------------------------------------------------------

    def _name(self, index: int) -> None:
        """A listed first name at ``tokens[index]``, with up to two more name words."""
        text, tokens, first = self.text, self.tokens, self.tokens[index]
        word_like = _is_word(first.text)
        before = _previous_word(text, first.start).casefold()
        parts, place, j = self._parts(index, word_like, before)
        following = tokens[j] if j < len(tokens) and _next_to(text, parts[-1], tokens[j]) else None
        if following is not None and following.folded in _PLACE_OR_BODY:
            place = True  # "Victoria Road", "Clare's Law"
        self.used.update(range(index, j))
        if self._street_before(first.start):
            return  # "14 Aldous Lane", "Rua Nova de Almada"
        title = self._title_before(first.start)
        start, end = (first.start if title is None else title), parts[-1].end
        strong_rest = any(self._strong(p) for p in parts[1:])
        surname_first = None if title is not None else self._surname_before(index)
        if surname_first is not None:
            start, strong_rest = surname_first, True
        if title is None and place and (word_like or not strong_rest):
            return
        if title is None and word_like and before in _PLACE_PREPOSITIONS and not parts[-1].possessive:
            return  # "in Great Harwood"
        if len(parts) > 1 or surname_first is not None:
            if not strong_rest and not title:
                if not self._plain_pair(first, following, before):
                    return
            score = FULL_NAME_SCORE if (strong_rest or not word_like) else CONTEXT_SCORE
            self._add(start, end, score, "full")
        elif title is not None:
            self._add(start, end, TITLED_SCORE, "titled")
        else:
            self._lone(first, word_like, before, following)

    def _parts(self, index: int, word_like: bool, before: str) -> tuple[list[_Token], bool, int]:
        """Return the words of the name that starts at ``tokens[index]``, whether a place word
        cut it short, and the index after it.

        A middle word may be an English word or a month if a surname that is not follows it
        ("Ann May Hughes", "DARREN PAUL MCKENNA"); a quoted nickname may sit between
        the names ("Adebola "Bola" Adeyemi").
        """
        text, tokens, first = self.text, self.tokens, self.tokens[index]
        parts, weak = [first], [False]
        j = index + 1
        place = False
        while len(parts) < 4 and j < len(tokens):
            nxt = tokens[j]
            if not _adjacent(text, parts[-1], nxt):
                if (
                    len(parts) == 1
                    and not first.possessive
                    and j + 1 < len(tokens)
                    and _NICKNAME.fullmatch(text, first.end, tokens[j + 1].start)
                ):
                    j += 1  # skip the nickname: "Adebola "Bola" Adeyemi"
                    nxt = tokens[j]
                else:
                    break
            if nxt.folded in _PLACE_OR_BODY or (nxt.folded in _PLACE_SURNAMES and (word_like or before in _STREET_PREPOSITIONS)):
                place = True
                break
            if first.capitals != nxt.capitals and (first.capitals or len(nxt.text) < 4):
                break  # "Jane SMITH" (police style) yes; "Jane GP", "JANE Smith" no
            if self._surname_like(nxt):
                # In capitals an English word may not be a name: "JANE SAID".
                is_weak = not self._strong(nxt) and (first.capitals or nxt.capitals)
            elif nxt.folded in _MONTHS or (self._first_name(nxt) and not nxt.capitals):
                is_weak = True  # a middle name only: "Ann May Hughes"
            else:
                break
            parts.append(nxt)
            weak.append(is_weak)
            j += 1
        while len(parts) > 1 and weak[-1]:
            parts.pop()
            weak.pop()
            j -= 1
        if len(parts) > 3:  # four words: the last may be the start of something else
            parts.pop()
            j -= 1
        return parts, place, j

    def _plain_pair(self, first: _Token, following: _Token | None, before: str) -> bool:
        """Say whether a name of two English words ("Rose Green") stands as a name, not a phrase."""
        if following is not None and not following.capitals:
            return False  # "Summer Hill Car Wash", "Royal Oak Leeds"
        if before in _DETERMINERS or before in _STREET_PREPOSITIONS:
            return False  # "the White Hart", "at Ivy Farm"
        return not self._inside_capitalised_phrase(first)

    def _lone(self, token: _Token, word_like: bool, before: str, following: _Token | None) -> None:
        """A first name with no surname: alone if it is not a word, else only in name context."""
        text = self.text
        if (before in _PLACE_PREPOSITIONS and not token.possessive) or before in _ARTICLES or before in _COLOURS:
            return  # "in Preston" (but "in Callum's car"), "the Will", "a grey Mercedes"
        if before in ("st", "st.", "saint"):
            return  # "St Helens"
        if self._in_address(token) or self._inside_capitalised_phrase(token):
            return
        if (
            following is not None
            and not token.possessive
            and len(following.text) > 1
            and not following.capitals
            and following.folded not in _RELATION_WORDS
            and following.folded not in _STOP_WORDS
        ):
            return  # "Craven Tenants' Association", "Rhys's Chippy": a name heading a phrase
        after = text[token.end + (2 if token.possessive else 0) :]
        related = bool(_APPOSITION_AFTER.match(after) or _RELATION_BEFORE.search(text[max(0, token.start - 80) : token.start]))
        if not word_like:
            if not token.capitals:
                self._add(token.start, token.end, FIRST_NAME_SCORE, "first")
            elif related:
                self._add(token.start, token.end, CONTEXT_SCORE, "context")
            elif len(token.text) >= 4 and _capitals_line(text, token.start):
                self._add(token.start, token.end, CAPITALS_SCORE, "capitals")
            return
        if token.capitals or before in _DETERMINERS or token.folded in _FUNCTION_NAMES:
            return  # "Mine's oh seven seven...": a function word that some lists hold as a name
        if related or _SPEECH_AFTER.match(after) or token.possessive:
            self._add(token.start, token.end, CONTEXT_SCORE, "context")
        else:
            self.pending.append((token.start, token.end))

    def _titled(self, index: int) -> None:
        """A form of address and a surname: "Pastor Asamoah", "MRS J ADEBAYO", "Auntie Lau".

        A first name after the title is left to ``_name``, which widens it to the title.
        """
        text, tokens, title = self.text, self.tokens, self.tokens[index]
        j = index + 1
        if j >= len(tokens) or text[title.end : tokens[j].start] not in (" ", "\u00a0", ". "):
            return
        if len(tokens[j].text) == 1 and j + 1 < len(tokens) and text[tokens[j].end : tokens[j + 1].start] in (" ", ". "):
            j += 1  # "Mrs J Smith", "MRS J. SMITH"
        nxt = tokens[j]
        if j == index + 1 and self._first_name(nxt):
            return
        if not self._surname_like(nxt) or not self._strong(nxt):
            return
        if j + 1 < len(tokens) and tokens[j + 1].folded in _PLACE_OR_BODY and _next_to(text, nxt, tokens[j + 1]):
            return
        self.used.update(range(index + 1, j + 1))
        self._add(title.start, nxt.end, TITLED_SCORE, "titled")

    def _police_style(self, index: int) -> bool:
        """Say whether ``tokens[index]`` is followed by ", " and a Title Case word: "KARIMI, Rebwar"."""
        if index + 1 >= len(self.tokens):
            return False
        after = self.tokens[index + 1]
        gap = self.text[self.tokens[index].end : after.start]
        return not after.capitals and gap in (", ", ",") and not self._first_name(after)

    def _capitals_surname(self, index: int) -> bool:
        """A listed surname in capitals, police style: "NOWAK, Rebwar", "HOSSAIN answered the door".

        Alone, it counts only in a line of mixed case (in a line of capitals every word is in
        capitals) and only if it is not an English word or a known acronym.
        """
        text, tokens, token = self.text, self.tokens, self.tokens[index]
        if len(token.text) < 3 or not self._strong(token) or not self._surname_like(token) or token.folded in _ACRONYMS:
            return False
        if not is_surname(token.text) or not _VOWEL.search(token.text):
            return False
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if after is not None and not after.capitals and _adjacent(text, token, after) and self._first_name(after):
            return False  # "WANG Meiling": found with the first name
        if after is not None and not after.capitals and text[token.end : after.start] in (", ", ","):
            # "KARIMI, Rebwar Ali": a first name not in the lists, written like a name
            parts = [after]
            while len(parts) < 3 and self._surname_like(parts[-1]) and self._strong(parts[-1]):
                k = index + len(parts) + 1
                if k < len(tokens) and _adjacent(text, parts[-1], tokens[k]) and not tokens[k].capitals:
                    parts.append(tokens[k])
                else:
                    break
            while parts and not (self._surname_like(parts[-1]) and (self._strong(parts[-1]) or self._first_name(parts[-1]))):
                parts.pop()
            if parts and self._strong(parts[0]):
                self.used.update(range(index, index + len(parts) + 1))
                self._add(token.start, parts[-1].end, FULL_NAME_SCORE, "full")
                return True
        before = _previous_word(text, token.start).casefold()
        if (
            len(token.text) >= 4
            and before not in _PLACE_PREPOSITIONS
            and before != "from"
            and not _capitals_line(text, token.start)
            and self._title_before(token.start) is None
        ):
            self._add(token.start, token.end, CAPITALS_SCORE, "capitals")
            return True
        return False

    def _nicknames(self) -> None:
        """Quoted names after a naming word or a found name: 'known as "Dar"', 'Jones ("Dot")', 'née Wróbel'."""
        text = self.text
        for match in _NAMED_AS.finditer(text):
            word = match.group("name")
            token = _Token(match.start("name"), match.end("name"), word, False, word.isupper() and len(word) > 1, word.casefold())
            if token.folded in _allow_words():
                continue
            # After "née" comes a maiden name, whatever lists say; otherwise the word must look like a name.
            if not match.group("nee") and not (self._strong(token) or self._first_name(token) or is_surname(word)):
                continue
            if not match.group("quote") and not match.group("nee") and not self._first_name(token) and not self._strong(token):
                continue
            self._add(token.start, token.end, CONTEXT_SCORE, "nickname")
        for _, end, _, _ in list(self.found):
            match = _BRACKETED_NICKNAME.match(text, end)
            if match:
                word = match.group("name")
                if word.casefold() not in _allow_words() and (not _is_word(word) or is_first_name(word)):
                    self._add(match.start("name"), match.end("name"), CONTEXT_SCORE, "nickname")

    def _initials(self) -> None:
        """An initial with a full stop and a listed surname that is not a word: "K. Bhattacharya"."""
        for match in _INITIAL_SURNAME.finditer(self.text):
            surname = match.group("surname")
            if surname.casefold() in _allow_words() or _is_word(surname) or not is_surname(surname):
                continue
            if any(s <= match.start() < e for s, e, _, _ in self.found):
                continue
            self._add(match.start(), match.end(), CONTEXT_SCORE, "initial")

    def _lists(self) -> None:
        """Accept a pending word-like first name listed next to a found one: "Callum, Rose and Jade"."""
        changed = True
        while changed and self.pending:
            changed = False
            for start, end in list(self.pending):
                for other_start, other_end, _, why in self.found:
                    if why == "titled":
                        continue  # "Ashdown Heath, Mrs Okafor" is no list
                    gap_start, gap_end = (end, other_start) if other_start >= end else (other_end, start)
                    if 0 < gap_end - gap_start <= 8 and _LIST_GAP.fullmatch(self.text, gap_start, gap_end):
                        self._add(start, end, CONTEXT_SCORE, "list")
                        self.pending.remove((start, end))
                        changed = True
                        break

    # --- context ---------------------------------------------------------------------------

    def _title_before(self, start: int) -> int | None:
        """Return where a title right before ``start`` begins ("Mrs ", "MISS ", "Auntie ", "Dr. ")."""
        match = _TITLE_BEFORE.search(self.text, max(0, start - 20), start)
        if not match or match.group(1) not in _TITLE_FORMS:
            return None
        if match.group(2) and len(match.group(1)) > 4:
            return None  # "her uncle. See": a full stop ends a sentence after a long word
        return int(match.start())

    def _surname_before(self, index: int) -> int | None:
        """Return where a surname written first begins: "NOWAK, Tomasz", "WANG Meiling"."""
        if index == 0:
            return None
        first, prev = self.tokens[index], self.tokens[index - 1]
        gap = self.text[prev.end : first.start]
        if prev.possessive or not self._surname_like(prev) or any(s <= prev.start < e for s, e, _, _ in self.found):
            return None
        if gap in (", ", ",") and prev.capitals and not first.capitals and (self._strong(prev) or is_surname(prev.text)):
            if self._initials_of_next(index - 1):
                return None  # "CJ, Connor James": his initials, then the names they stand for
            return prev.start  # police style: "NOWAK, Tomasz", "BAKER, Ruth"
        if not self._strong(prev):
            return None
        if gap in _SPACES and prev.capitals and not first.capitals and is_surname(prev.text) and not self._first_name(prev):
            return prev.start  # "WANG Meiling"; in Title Case "Hartley Wing" is more often a place
        return None

    def _initials_of_next(self, index: int) -> bool:
        """Say whether ``tokens[index]`` ("CJ") is the initials of the Title Case words right after it."""
        letters = self.tokens[index].text
        following = self.tokens[index + 1 : index + 1 + len(letters)]
        return (
            len(letters) <= 3 and len(following) == len(letters)
            and all(t.text[:1].isupper() and t.text[1:].islower() for t in following)
            and "".join(t.text[0] for t in following) == letters
        )

    def _inside_capitalised_phrase(self, token: _Token) -> bool:
        """Say whether ``token`` continues a capitalised phrase: "Royal Preston", "Harlow Court".

        A capitalised function word before it ("Contact With Callum", a heading), a title, a
        greeting and a sentence-initial word ("Always Yusuf") do not count.
        """
        before = _previous_word(self.text, token.start)
        if not before or not before[0].isupper() or before.endswith("."):
            return False
        folded = before.replace("’", "'").casefold()
        if folded in _NAME_LEADERS or before in _TITLE_FORMS or folded in _STOP_WORDS:
            return False
        # At a sentence start the word before is capitalised anyway: "Always Yusuf", "Tell Abena".
        return not _sentence_initial(self.text, token.start - len(before) - 1)

    def _street_before(self, start: int) -> bool:
        """Say whether a house number or a foreign street word comes right before ``start``."""
        before = self.text[max(0, start - 12) : start]
        match = _HOUSE_NUMBER_BEFORE.search(before)
        if match and not _YEAR.fullmatch(match.group(1)):
            return True
        return _previous_word(self.text, start).casefold() in _STREET_LEADERS

    def _in_address(self, token: _Token) -> bool:
        """Say whether a lone name is a district in an address: "Ferndale Terrace, Ashby, LE65"."""
        before = self.text[max(0, token.start - 30) : token.start]
        match = _WORD_AND_COMMA_AT_END.search(before)
        if match and match.group(1).casefold() in _STREET_WORDS:
            return True
        return bool(_POSTCODE_AFTER.match(self.text, token.end + (2 if token.possessive else 0)))

    def _add(self, start: int, end: int, score: float, why: str) -> None:
        self.found.append((start, end, score, why))


#: A surname in capitals, then one to three initials, as rosters and bank lines write people:
#: "HOCKING L R", "SANTOS M C", "MOB TFR TO HOCKING L R".
_SURNAME_INITIALS = regex.compile(r"(?<![\p{L}\d'’-])(?P<surname>\p{Lu}{3,}(?:-\p{Lu}{2,})?)(?:[ ]\p{Lu}){1,3}(?![\p{L}\d'’.-])")


def _surnames_with_initials(text: str) -> list[tuple[int, int, float, str]]:
    """Return "SURNAME I I" names: the capitals no English word ("WARD A" is a ward, "STORES
    A" a shop) unless a listed surname before two initials or more, no acronym, role or heading."""
    found = []
    for match in _SURNAME_INITIALS.finditer(text):
        surname = match.group("surname")
        if surname in ACRONYMS or surname.casefold() in not_label_words():
            continue
        initials = match.group().count(" ")
        words = [part for part in surname.split("-") if is_dictionary_word(part.casefold())]
        if words and not (initials >= 2 and all(is_surname(w) for w in words)):
            continue  # "WARD A", "STORES A"; but "HOCKING L R", a listed surname with two initials
        found.append((match.start(), match.end(), 0.6, "surname and initials"))
    return found


@register
class NameGazetteerRecognizer(EntityRecognizer):
    """Listed first names, alone or with surnames, and forms of address before a surname.

    A first name that is not an English word counts alone ("Callum"); one that is also a word
    ("Grace", "Will", and the many names the word list includes, "Clive") counts only in name
    context: a surname after it, a title before it, a relationship next to it ("Grace, her
    sister"; "her sister Grace"), a reporting verb after it ("Will said"), a possessive, or a
    list with another found name.

    Also found: police style "NOWAK, Tomasz" and "WANG Meiling", a listed surname in capitals
    alone in mixed-case text ("spoke to NOWAK"; 0.5), "Mrs J Adebayo", a listed surname after an
    initial and a full stop ("K. Bhattacharya"), and nicknames after "known as", "aka" or "née",
    or in quotes or brackets next to a name.

    Not handled: lower-case names ("callum"), bare initials ("JS", "J Smith"), a surname alone in
    Title Case ("Kowalczyk said"; after a title the titled-name recognizer finds it), first names
    missing from the lists, a word-like name with no context ("Hope was 24"), other scripts, a
    lone capitalised name inside a longer capitalised phrase ("Royal Preston Hospital": left to
    the organisation and place detectors), a lone name after "in", "at" or "the" (taken as a
    place or thing), and organisations named after people ("Ravi Patel Motors" gives "Ravi
    Patel"). Months ("May", "June") and weekdays are never names, except as a middle name ("Ann
    May Hughes").
    """

    SHOULD_MATCH = (
        ("Callum had moved out by then.", "Callum"),
        ('Records held her as "CROSS, Irene" and Irene Bir\u00adchall (her maiden name).', "Irene Bir\u00adchall"),
        ("She later told Oluwaseun Adeyemi about the threats.", "Oluwaseun Adeyemi"),
        ("Tomasz Wiśniewski was arrested at 02:10.", "Tomasz Wiśniewski"),
        ("Grace, her sister, rang the police.", "Grace"),
        ("Her friends Zofia, Rose and Kwame attended the vigil.", "Rose"),
        ("Detained: NOWAK, Tomasz (aged 41)", "NOWAK, Tomasz"),
        ("STATEMENT OF MRS ADAEZE OKAFOR TAKEN AT 14:00", "MRS ADAEZE OKAFOR"),
        ("Will said he would leave the flat.", "Will"),
        ("She stayed with Auntie Sheila in the holidays.", "Auntie Sheila"),
        ("Pastor Asamoah visited twice.", "Pastor Asamoah"),
        ("20/04/2023 | MOB TFR TO HOCKING L R 30-95-18 | 200.00 |", "HOCKING L R"),
        ("His nan called him CJ, Connor James, so you'd get a text.", "Connor James"),  # initials, not a surname
    )
    SHOULD_NOT_MATCH = (
        "Will she be safe if he is released?",
        "Mark the date in the diary.",
        "The review met in May and again in June.",
        "Hope and Faith are values the service holds.",
        "Sarah, her name was. Hope I've got that right.",
        "She was seen at the Alexandra Road surgery.",
        "She lived in Preston before moving to Leeds.",
        "MARAC and MAPPA were both informed.",
        "Grace periods apply to rent arrears.",
        "Tue 4 Feb 01:12 I am outside.",
        "He drove a grey Mercedes estate.",
        "She was moved to WARD A, then to BAY C. The NHS E team and the MARAC A list.",
    )

    def __init__(self) -> None:
        super().__init__(supported_entities=[Label.PERSON.value], name=NAME)

    def load(self) -> None:
        """Nothing to load: the name lists load on first use."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Return the people found in ``text``; ``nlp_artifacts`` is not used."""
        if Label.PERSON.value not in entities:
            return []
        results = []
        for start, end, score, why in [*_Finder(text).run(), *_surnames_with_initials(text)]:
            explanation = AnalysisExplanation(recognizer=NAME, original_score=score, textual_explanation=f"name list: {why}")
            results.append(
                RecognizerResult(
                    Label.PERSON.value,
                    start,
                    end,
                    score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: NAME,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return EntityRecognizer.remove_duplicates(results)
