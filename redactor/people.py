"""People as clusters of the forms they are called by, not as strings (issue 15).

``build_registry`` (link.py) asks two questions here before it makes a new person:

- ``same_person``: does a detected full name ("M. Ellison", "Tom Wisniewski", "Renee Brown
  Hargreaves", "CASSIDY Niamh") name a person already known? Yes when the surname agrees
  (accents, hyphens and case aside) and the given name agrees, is an initial of it, or is one of
  its short forms, and exactly one person fits.
- ``person_for_word``: does a single name word ("Steph", "Renee", "F-R-O-S-T") name exactly one
  known person, by a part of their name, a short form of their given name, or a name spelled out?

Then ``add_forms`` gives every person the forms they will be called by elsewhere, so that
propagation finds them: short forms of the given name ("Steph", "Stephy"), initials ("SJM"),
initial and surname ("S. Miles"), police style ("MILES Stephanie"), and both halves of a
double-barrelled surname with and without its hyphen, surname nicknames ("Stoney"), a middle
name used as a call name. A form is given only when no other person could own it, it is not an
ordinary English word, and it is not a common abbreviation.

``note_sexes`` reads relationships said beside a name ("her mother, Gwen Price"), so that "Mrs
Price" never names a man; ``add_legends`` ties a transcript's legend initials to their person.
What speech adds (lower-case names, nicknames a text introduces) is in ``speech.py``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

import regex

from redactor.detect.gazetteer import is_first_name
from redactor.document import Label
from redactor.entities import Registry
from redactor.name_forms import (
    ACRONYMS,
    VOWELS,
    clippings,
    fold,
    initials,
    label_initials,
    near_names,
    nicknames,
    short_forms,
    skeleton,
    spelled_word,
)
from redactor.names import is_calendar_word, strip_title
from redactor.text import strip_possessive

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _words(name: str) -> list[str]:
    return _WORD.findall(name)


@functools.lru_cache(maxsize=65536)
def name_parts(name: str) -> tuple[str, str] | None:
    """Return (given name, surname) of a multi-word name, folded; police style ("CASSIDY Niamh",
    "WISNIEWSKI, Tomasz") is turned round. None for a single word."""
    _title, rest = strip_title(" ".join(name.split()))
    if spelled_word(rest) is not None:
        return None
    if "," in rest:
        surname, _, given = rest.partition(",")
        rest = f"{given.strip()} {surname.strip()}"
    words = _given_first(_words(rest))
    if len(words) < 2:
        return None
    last = rest.split()[-1]
    if "-" in last and len(_words(last)) > 1 and words[-1] == _words(last)[-1]:
        return fold(words[0]), fold("-".join(_words(last)))  # "Slater-Pugh", both halves
    return fold(words[0]), fold(words[-1])


def _given_first(words: list[str]) -> list[str]:
    """A name's words with the surname last: police style and Chinese order write it first in
    capitals ("CASSIDY Niamh", "WONG Ka Ming" is Ka Ming Wong)."""
    if len(words) >= 2 and words[0].isupper() and len(words[0]) > 1 and not any(w.isupper() for w in words[1:]):
        return [*words[1:], words[0]]
    return words


T = TypeVar("T")


def _remembered(reg: Registry, key: object, count: int, derive: Callable[[], T]) -> T:
    """Return what ``derive`` gives, derived again only when ``count`` has changed: entities and
    an entity's names are only ever added to, so their number says whether it is new."""
    memo = reg.memo.get(key)
    if memo is not None and memo[0] == count:
        return memo[1]  # type: ignore[return-value]
    value = derive()
    reg.memo[key] = (count, value)
    return value


def person_ids(reg: Registry) -> tuple[str, ...]:
    """Return the ids of the registry's people, in order of first appearance."""
    return _remembered(
        reg, "person_ids", len(reg.entities), lambda: tuple(e.id for e in reg.in_order() if e.label is Label.PERSON)
    )


def full_names(reg: Registry, entity_id: str, *, middle: bool = False) -> tuple[tuple[str, str], ...]:
    """Return the (given name, surname) pairs an entity is known by (folded); with ``middle``,
    also each middle name with the surname ("Catrin Amber Price" is also "Amber Price")."""
    names = reg.entity(entity_id).names

    def derive() -> tuple[tuple[str, str], ...]:
        pairs: list[tuple[str, str]] = []
        for name in sorted(names):
            parts = name_parts(name)
            if parts is not None and len(parts[0]) > 1:
                pairs.append(parts)
                if middle:
                    pairs.extend((m, parts[1]) for m in middle_names(name) if len(m) > 1)
        return tuple(pairs)

    return _remembered(reg, ("full_names", entity_id, middle), len(names), derive)


@functools.lru_cache(maxsize=65536)
def middle_names(name: str) -> tuple[str, ...]:
    _title, rest = strip_title(" ".join(name.split()))
    if "," in rest or spelled_word(rest) is not None:
        return ()
    words = _given_first(_words(rest))
    first = rest.split()[0]
    if "-" in first and not first.isupper() and words[:1] == _words(first)[:1]:
        words = words[:1] + words[len(_words(first)) :]  # "Jo-Anne Booth": Anne is no middle name
    last = _words(rest.split()[-1])
    if len(last) > 1 and words[-len(last) :] == last:
        words = words[: -len(last)] + last[-1:]  # "Ann Keeble-Mayhew": Keeble is no middle name
    return tuple(fold(w) for w in words[1:-1]) if len(words) >= 3 else ()


def _given_fits(given: str, known: str) -> bool:
    """Say whether a given name as written fits a known given name (both folded)."""
    if given == known:
        return True
    if len(given) == 1:
        return known.startswith(given)
    if "-" in given + known and given.replace("-", "") == known.replace("-", ""):
        return True  # "Jo-Anne" for Joanne
    return given in short_forms(known) or known in short_forms(given) or near_names(given, known)


def _surname_fits(surname: str, known: str) -> bool:
    """Say whether a surname as written fits a known surname (both folded, hyphens as spaces):
    the same, one half of a double-barrelled one (or a double-barrelled one of which the known
    surname is one half), its initial ("Jess P" in a rota), or the same
    name spelt another way."""
    if len(surname) == 1:
        return known.startswith(surname)
    if " " in surname and known in surname.split():
        return True  # "Slater-Pugh" for Patricia Slater, who married into the name
    return surname == known or surname in known.split() or near_names(surname, known)


def _first_sounds(surname: str) -> frozenset[str]:
    """The first letters of a surname's words as ``skeleton`` spells them: two surnames that fit
    (the same, one half of the other, or spelt two ways) share one."""
    return frozenset(skeleton(word)[:1] for word in surname.split())


def _surnames(reg: Registry, entity_id: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """A person's (given name, surname with hyphens as spaces, its first sounds), middle names as
    given names too; derived again only when the person has a new name."""
    return _remembered(
        reg, ("surnames", entity_id), len(reg.entity(entity_id).names),
        lambda: tuple(
            (given, surname.replace("-", " "), _first_sounds(surname.replace("-", " ")))
            for given, surname in full_names(reg, entity_id, middle=True)
        ),
    )


def same_person(reg: Registry, name: str) -> str | None:
    """Return the one known person a full name names, or None (no one, or several)."""
    found = people_named(reg, name)
    return found[0] if len(found) == 1 else None


def people_named(reg: Registry, name: str) -> list[str]:
    """Return the known people a full name may name: the one it names, or every relative an
    initial leaves open ("Mr A Rahman" for Abdul and Alamgir Rahman); [] for no one."""
    parts = name_parts(name)
    if parts is None:
        return []
    given, surname = parts
    surname = surname.replace("-", " ")
    letters = _first_sounds(surname)
    middles = middle_names(name)
    found: set[str] = set()
    exact: set[str] = set()
    index = _index(reg)
    for entity_id in index.sharing_a_sound(letters):
        if middles and not middles_fit(reg, entity_id, middles):
            continue  # "John Martin WARD" is not John Patrick Ward: a son named after his father
        for known_given, known_surname, known_letters in _surnames(reg, entity_id):
            if letters.isdisjoint(known_letters) or not _surname_fits(surname, known_surname):
                continue
            if _given_fits(given, known_given):
                found.add(entity_id)
                if given == known_given and (surname == known_surname or surname in known_surname.split()):
                    exact.add(entity_id)
    if len(exact) == 1:
        return [exact.pop()]  # "Jo Price" is Jo Price, not her namesake Joe Price
    if len(found) == 1 or len(given) == 1:
        return sorted(found, key=lambda e: reg.entity(e).order)  # in order of first appearance
    if not found and len(given) >= 2:
        married = _married_name(reg, given, surname)
        return [married] if married and (not middles or middles_fit(reg, married, middles)) else []
    return []


class _PeopleIndex:
    """The registry's people by the first sounds of their surnames, by given name, by the short
    forms of their given names, and by surname (hyphens as spaces), kept up to date from the
    registry's change log: a case of hundreds of transcripts asks for a name hundreds of times,
    and a scan of every person for each would grow with the square of the case."""

    def __init__(self) -> None:
        self.seen = 0  # how much of ``Registry.changes`` is indexed
        self.keys: dict[str, tuple[frozenset[str], ...]] = {}  # person -> what it is indexed under
        self.maps: tuple[dict[str, set[str]], ...] = ({}, {}, {}, {})  # sounds, givens, short forms, surnames

    def update(self, reg: Registry) -> _PeopleIndex:
        for entity_id in dict.fromkeys(reg.changes[self.seen :]):
            for old, by_key in zip(self.keys.pop(entity_id, ((),) * len(self.maps)), self.maps, strict=True):
                for key in old:
                    by_key[key].discard(entity_id)
                    if not by_key[key]:
                        del by_key[key]
            entity = reg.entities.get(entity_id)
            if entity is None or entity.label is not Label.PERSON:
                continue
            givens = frozenset(g for g, _s in full_names(reg, entity_id))
            keys = (
                frozenset(letter for _g, _s, letters in _surnames(reg, entity_id) for letter in letters),
                givens,
                frozenset(form for g in givens for form in short_forms(g)),
                frozenset(s for _g, s, _l in _surnames(reg, entity_id)),
            )
            self.keys[entity_id] = keys
            for group, by_key in zip(keys, self.maps, strict=True):
                for key in group:
                    by_key.setdefault(key, set()).add(entity_id)
        self.seen = len(reg.changes)
        return self

    def sharing_a_sound(self, letters: frozenset[str]) -> set[str]:
        return set().union(*(self.maps[0].get(letter, ()) for letter in letters))

    def with_given(self, given: str) -> set[str]:
        return self.maps[1].get(given, set())

    def with_short_form(self, form: str) -> set[str]:
        return self.maps[2].get(form, set())

    def has_surname(self, surname: str) -> bool:
        return surname in self.maps[3]


def _index(reg: Registry) -> _PeopleIndex:
    """Return the registry's people index, brought up to date (a new one after ``absorb``)."""
    memo = reg.memo.get("people index")
    index = memo[1] if memo is not None and isinstance(memo[1], _PeopleIndex) else _PeopleIndex()
    reg.memo["people index"] = (0, index)
    return index.update(reg)


def middles_fit(reg: Registry, entity_id: str, middles: tuple[str, ...]) -> bool:
    """Say whether middle names said (folded, ``middle_names``) fit a person's: they do when the
    person has no known middle name, or one of them is one of the person's, or its initial, or
    they are nicknames (words no name list holds: "Kyle Tank Bissell")."""
    # A nickname said in the middle is no middle name: "Kyle Tank Bissell" is Kyle James Bissell.
    middles = tuple(m for m in middles if len(m) == 1 or is_first_name(m) or not reg.is_dictionary(m))
    if not middles:
        return True
    names = reg.entity(entity_id).names
    known = {m for name in names for m in middle_names(name)}
    # The second part of a double given name stands as a middle initial too: "K. A. Cook" for
    # Kerry-Ann Louise Cook.
    known |= {fold(p) for name in names if name.split() for p in _words(strip_title(name)[1].split()[0])[1:]} if known else set()
    return not known or any(_given_fits(said, k) for said in middles for k in known)


@functools.lru_cache(maxsize=16384)
def _surname_forms(surname: str) -> frozenset[str]:
    """Nicknames made of a surname (folded): "Stone" -> "stoney", "Bishop" -> "bish"."""
    if len(surname) < 4 or not surname.isalpha():
        return frozenset()
    forms = {surname + "y"} if surname[-1] not in VOWELS else {surname[:-1] + "ey", surname + "y"}
    if len(surname) >= 5:
        # "Bish", "Heppy", "Robbo", "Sterlo", "Poxy" (Poxon); "Tommo" from Thompson
        stems = [surname, "t" + surname[2:]] if surname.casefold().startswith("th") else [surname]
        forms |= {
            f for stem in stems for f in clippings(stem)
            if f[:3] == fold(stem)[:3] and (len(f) == 4 or (4 <= len(f) <= 6 and f.endswith(("o", "y"))))
        }
    return frozenset(forms)


def _married_name(reg: Registry, given: str, surname: str) -> str | None:
    """Return the one person with this given name (or, when no one has it, the one it is a short
    form of) when the surname is another of the family's, or a maiden name the documents give:
    "Nadia Saeed" is Nadia Rahman who married Imran Saeed; "Zara Rahman" is Zara Saeed; "Nat
    Cooper" is Natalie Sterling, née Cooper; "Irene Birchall" is Irene Cross ("Her maiden name?" "Birchall.")."""
    index = _index(reg)
    with_given = index.with_given(given)
    if not with_given:  # "Nat Cooper" is Natalie Sterling, née Cooper; "Jo-Jo Heap" is Joanne
        with_given = index.with_short_form(given.replace("-", ""))
    if len(with_given) != 1:
        return None
    return next(iter(with_given)) if index.has_surname(surname) or surname in reg.maiden_surnames else None


_SURNAME = r"(?P<surname>\p{Lu}[\p{L}'’-]+)"
#: A maiden name given: "Kelly Brown (née Stone)", "Ayesha AKHTAR (née HUSSAIN)", "Kelly Brown, née
#: Stone", "her maiden name was Holt", "And her maiden name?" answered "Birchall." on the next line.
_MAIDEN = regex.compile(
    r"(?P<name>\p{Lu}[\p{L}'’-]+(?:[ ]\p{Lu}[\p{L}'’.-]*){1,3})[ ]?(?:\([ ]?|,[ ])(?i:née|nee)[ ]" + _SURNAME
    + r"|(?i:maiden[ ]name)(?:[ ](?:was|is))?[,:]?[ ]+" + _SURNAME + r"(?![ ]\p{Lu})"
    + r"|(?i:maiden[ ]name)\?[^\n]*\n[^\n]{0,40}?:[ ]+" + _SURNAME + r"[.,]"
)


def maiden_names(texts: Iterable[str]) -> list[tuple[str | None, str]]:
    """Return each maiden name the texts give, with the full name it is given for where one is
    (``(None, surname)`` where it is only said: "her maiden name was Holt")."""
    found: list[tuple[str | None, str]] = []
    for text in texts:
        if "maiden" not in text.casefold() and "ée" not in text and "nee" not in text.casefold():
            continue
        for match in _MAIDEN.finditer(text):
            surname = match.group("surname")
            if surname.casefold() in ("the", "her", "his", "she", "it", "was", "is", "a", "an"):
                continue
            found.append((match.group("name"), surname))
    return found


def people_with_initial(reg: Registry, letter: str) -> list[str]:
    """Return the people whose surname starts with ``letter`` ("Mrs B": Mrs Bishop)."""
    key = fold(letter)
    return [e for e in person_ids(reg) if any(s.startswith(key) for _g, s in full_names(reg, e))]


def people_with_given_initial(reg: Registry, letter: str) -> list[str]:
    """Return the people whose given name starts with ``letter`` ("G" for Grace Hadley)."""
    key = fold(letter)
    return [e for e in person_ids(reg) if any(g.startswith(key) for g, _s in full_names(reg, e))]


def people_with_initials(reg: Registry, letters: str) -> list[str]:
    """Return the people whose full name has these initials ("AB" for Amy Brown, speaking as
    "AB:" in a transcript with no legend), abbreviations such as "DV" included."""
    return [
        e for e in person_ids(reg)
        if any(letters in label_initials(n) for n in reg.entity(e).names if " " in n.strip())
    ]


def people_for_word(reg: Registry, word: str) -> list[str]:
    """Return the known people a single name word may name: by a part of their name (or a spelled
    out one), else by a short form of their given name, else by the whole name of a given name
    they are known by in short ("Mervyn" for Merv Catchpole). Several when relatives share it."""
    spelled = spelled_word(word)
    key = fold(spelled or word).replace("-", " ")
    if spelled is None and "-" in word and " " not in word.strip():
        # "Kelly-Lou": the person whose given name is its first part, if they are known.
        first = people_for_word(reg, word.split("-")[0])
        if len(first) == 1:
            return first
    if spelled is not None and " " in key.strip():
        # "KERRY-ANN", "KA MING": a given name of two words, or a name's words, spelled out.
        return [
            e for e in person_ids(reg)
            if any(f" {key} " in f" {fold(strip_title(n)[1]).replace('-', ' ')} " for n in reg.entity(e).names)
        ]
    if not key or " " in key.strip():
        return []
    by_part, by_short, by_long, by_near = set(), set(), set(), set()
    long_forms_of = short_forms(key) if spelled is None and len(key) >= 5 else frozenset()
    for entity_id in person_ids(reg):
        for given, surname in full_names(reg, entity_id):
            if key == given or key in surname.replace("-", " ").split() or key == surname.replace("-", " "):
                by_part.add(entity_id)
            elif spelled is None and len(key) >= 2 and key in short_forms(given):
                by_short.add(entity_id)
            elif spelled is None and key in _surname_forms(surname):
                by_short.add(entity_id)  # "Stoney", "Bish"
            elif len(given) >= 4 and given in long_forms_of:
                by_long.add(entity_id)  # "MERVYN:" for Merv Catchpole, known by his short name
            elif near_names(key, given) or any(near_names(key, part) for part in surname.replace("-", " ").split()):
                by_near.add(entity_id)  # "Roksana" for Ruksana, "Rehman" for Rahman
        middles = {m for name in reg.entity(entity_id).names for m in middle_names(name)}
        if key in middles:
            by_part.add(entity_id)  # a middle name used as a call name
        elif spelled is None and len(key) >= 3 and any(key in short_forms(m) for m in middles):
            by_short.add(entity_id)  # "Jahan" for Mohammed Jahangir Rahman, called Jahangir
    found = by_part or by_short or by_long or by_near
    return [e for e in person_ids(reg) if e in found]


def _capitalise(form: str) -> str:
    return form[:1].upper() + form[1:]


#: The nicknames British men with these surnames are traditionally given, in the forces and at
#: work ("Chalky" White, "Dusty" Miller, "Spud" Murphy): words, so matched only as written.
_SURNAME_NICKNAMES = {
    "white": ("Chalky", "Knocker"), "miller": ("Dusty",), "rhodes": ("Dusty",), "clark": ("Nobby",),
    "clarke": ("Nobby",), "murphy": ("Spud",), "smith": ("Smudge",), "wilson": ("Tug",), "martin": ("Pincher",),
    "bell": ("Dinger",), "warren": ("Bunny",), "gray": ("Dolly",), "grey": ("Dolly",), "ward": ("Sharkey",),
    "wright": ("Shiner",), "collins": ("Jumper",), "hooper": ("Hoops",), "jones": ("Jonah",),
}  # fmt: skip


def add_forms(reg: Registry) -> None:
    """Give every person the forms they are called by (see the module docstring)."""
    from redactor.detect.nlp import is_stop_word

    people = person_ids(reg)
    wanted: dict[str, set[str]] = {}
    claims: Counter[str] = Counter()
    by_surname: dict[str, set[str]] = {}  # a form made of a surname -> the people it was made for
    traditional = {nick for nicks in _SURNAME_NICKNAMES.values() for nick in nicks}

    def want(entity_id: str, forms: Iterable[str]) -> None:
        mine = wanted.setdefault(entity_id, set())
        for form in forms:
            key = fold(form)
            if key not in {fold(f) for f in mine}:
                mine.add(form)
                claims[key] += 1

    for entity_id in people:
        pairs = full_names(reg, entity_id)
        # The forms come from the person's fullest names ("Darren Lee Frost", not "Darren Lee"
        # or "FROST Darren").
        named = [
            n for n in reg.entity(entity_id).names
            if name_parts(n) is not None and "," not in n and not n.split()[0].isupper()
        ]
        most = max((len(_words(strip_title(n)[1])) for n in named), default=0)
        originals = [n for n in named if len(_words(strip_title(n)[1])) == most]
        forms: set[str] = set()
        for name in originals:
            _title, bare = strip_title(" ".join(name.split()))
            tokens = bare.split() if "," in bare else _given_first(bare.split())
            if len(tokens) < 2 or not all(t[:1].isupper() for t in tokens):
                continue
            given, surname = tokens[0], tokens[-1]
            forms |= {i for i in initials(bare) if i not in ACRONYMS}
            forms |= {f"{given[0]}. {surname}", f"{given[0]} {surname}", f"{surname.upper()} {given}"}
            middle = [t for t in tokens[1:-1] if t[:1].isupper() and t.isalpha()]
            if middle:  # "C A Price", "C. A. Price", "C.A. Price"
                letters = [given[0], *(t[0] for t in middle)]
                forms |= {f"{' '.join(letters)} {surname}", f"{'. '.join(letters)}. {surname}", f"{'.'.join(letters)}. {surname}"}
            if "-" in surname:  # "Brown-Hargreaves": also "Brown Hargreaves" and "Hargreaves" alone
                halves = surname.split("-")
                forms |= {f"{given} {' '.join(halves)}", " ".join(halves), *halves, f"{given[0]} {' '.join(halves)}"}
        for _given, surname in pairs:  # "Stoney", "Bish": what mates call a man by his surname
            made = {_capitalise(f) for f in _surname_forms(surname)}
            forms |= made
            for form in made:
                by_surname.setdefault(fold(form), set()).add(entity_id)
            forms |= set(_SURNAME_NICKNAMES.get(surname, ()))  # "Chalky" White
        singles = {fold(n) for n in reg.entity(entity_id).names if len(n.split()) == 1}
        call_names = {m for n in reg.entity(entity_id).names for m in middle_names(n) if m in singles}
        for given in {g for g, _surname in pairs} | call_names:  # "Amber", her middle name, is "Amb"
            forms |= {_capitalise(f) for f in short_forms(given)}
        want(entity_id, forms)
    # Initials as speaker labels ("PM:", "HA:"), abbreviations included: only at a label.
    labels: dict[str, set[str]] = {}
    for entity_id in people:
        for name in reg.entity(entity_id).names:
            _title, bare = strip_title(" ".join(name.split()))
            words = _words(bare)
            if len(words) >= 2 and all(w.islower() for w in words):  # "nia griffiths", typed in lower case
                bare = " ".join(w[:1].upper() + w[1:] for w in words)
            elif not (len(words) >= 2 and all(w[:1].isupper() for w in words) and not words[0].isupper()):
                continue
            for i in label_initials(bare):
                labels.setdefault(i, set()).add(entity_id)
    for label, owners in labels.items():
        if len(owners) == 1 and not reg.owners(label):
            reg.label_initials[label] = owners.pop()
    shared: dict[str, list[str]] = {}
    for entity_id, forms in wanted.items():
        for form in sorted(forms):
            key = fold(form)
            if claims[key] > 1 and form.isalpha() and form.isupper() and 2 <= len(form) <= 3 and not reg.owners(form):
                shared.setdefault(form, []).append(entity_id)  # "JP" for Jess Parfitt and Jo Pettifer
                continue
            family = by_surname.get(key, set())
            # "Dobbo" of the Dobsons is the one man among them: a surname's nickname is a man's.
            mans = claims[key] == len(family) and [e for e in family if reg.sex_of(e) == "m"] == [entity_id]
            if claims[key] > 1 and not mans or set(reg.owners(form)) - {entity_id}:
                continue  # two people could be called so, or someone else already is
            if form in reg.entity(entity_id).names:
                continue
            letters = [ch for ch in form if ch.isalpha()]
            if len(letters) < 2:
                continue
            if len(_words(form)) == 1 and not form.isupper() and reg.is_word(form) and form not in traditional:
                # "Cliff" for Clifford, "Mo" for Maureen, "Tams" for Tamsin: an ordinary word is the
                # person only inside a sentence and not before another capitalised word ("She
                # married Cliff in ninety-nine", not "Cliff Road" or "Cliff edges..."); never a
                # stop word or a month ("Will", "May").
                if is_stop_word(form) or is_calendar_word(form) or not _word_form_fits(reg, entity_id, form):
                    continue
                reg.word_stems.add(form)
            reg.add_name(entity_id, form)
    # Initials two people share are both people's: Link gives each mention to the one its context
    # says, or a neutral label it flags; never left as written.
    for form, sharers in shared.items():
        for owner in sharers:
            reg.add_name(owner, form)


def _word_form_fits(reg: Registry, entity_id: str, form: str) -> bool:
    """Say whether a short form that is an ordinary word is one people really use for this person:
    a nickname the tables give ("Mo" for Maureen, "Jack" for John), the start of a given name
    ("Cliff" for Clifford), or such a start with an "s" when the start is no word ("Tams" for
    Tamsin, not "Calls" for Callum or "Pens" for Penelope): not every ending the rules make."""
    key = fold(form)
    names = reg.entity(entity_id).names
    givens = {g for g, _s in full_names(reg, entity_id)} | {m for n in names for m in middle_names(n)}
    for given in givens:
        if key in nicknames(given) or len(key) >= 3 and given.startswith(key):
            return True
        if len(key) >= 4 and key.endswith("s") and given.startswith(key[:-1]) and not reg.is_word(form[:-1]):
            return True
    return False


_LEGEND_NAME = r"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?[ ])?\p{Lu}[\p{L}'’-]+(?:[ ]\p{Lu}[\p{L}'’-]+){1,3})"
_LEGEND_INITIALS = r"(?P<initials>[A-Z]{2,3}|(?:[A-Z]\.){2,3})"
#: How a transcript says who a speaker's initials are: "Dr Amy Brown (AB)", "AB = Amy Brown",
#: "AB: Amy Brown, sister" on a legend line, "AB - Amy Brown", "DC (DC Martin Shrubsole, 11482)".
_LEGENDS = (
    regex.compile(rf"{_LEGEND_NAME}[ ]?\({_LEGEND_INITIALS}\)"),
    regex.compile(rf"(?<![\p{{L}}\p{{N}}]){_LEGEND_INITIALS}[ ]?(?:=|–|—|-|is)[ ]?{_LEGEND_NAME}"),
    regex.compile(
        rf"(?<![\p{{L}}\p{{N}}]){_LEGEND_INITIALS}[ ]\((?:(?:DC|DS|DI|DCI|PC|PCSO|Sgt|Insp)\.?[ ])?{_LEGEND_NAME}[,;)]"
    ),
    # A table of the people: "| IT | Irene Threlfall | Mother |", "| DC | COLCLOUGH, Daniel Craig |".
    regex.compile(
        rf"\|[ \t]*{_LEGEND_INITIALS}[ \t]*\|[ \t]*"
        r"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?[ ])?\p{Lu}[\p{L}'’-]+(?:,?[ ]\p{Lu}[\p{L}'’-]+){1,3})"
        r"(?=[ \t]*[|(\"“])"
    ),
    # A speaker key in brackets: "[MS] Meleri Stephens, friend of the family".
    regex.compile(rf"\[{_LEGEND_INITIALS}\][ ]{_LEGEND_NAME}"),
)


@functools.lru_cache(maxsize=16_384)
def _legends(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every legend in ``text``: where its initials are, the initials without dots, and the name."""
    found = []
    for legend in _LEGENDS:
        for match in legend.finditer(text):
            name = match.group("name")
            if "," in name:  # police style: "COLCLOUGH, Daniel Craig"
                surname, _, given = name.partition(",")
                name = f"{given.strip()} {surname.strip()}"
            found.append((match.start("initials"), match.end("initials"), match.group("initials").replace(".", ""), name))
    for match in _COLON_LEGEND.finditer(text):
        # "TW: Toby Wild, friend of the victim": a colon defines initials only when they are the name's
        # own, never a turn ("AB: Amy said...").
        letters = match.group("initials")
        if letters in label_initials(strip_title(match.group("name"))[1]):
            found.append((match.start("initials"), match.end("initials"), letters, match.group("name")))
    return tuple(found)


#: A speaker key with a colon: "TW: Toby Wild, friend", "Interviewer: the chair. TW: Toby Wild."
_COLON_LEGEND = regex.compile(
    rf"(?:^|(?<=[.;]\s)|(?<=\n))(?P<initials>[A-Z]{{2,3}}):[ ]{_LEGEND_NAME}(?=[ ]?[,.;(\n]|[ ]?$|[ ]-[ ])"
)


def legend_initials(text: str) -> list[tuple[int, int, str]]:
    """Return where a legend in ``text`` writes the initials it defines: ``(start, end,
    initials)`` ("NB" in "NB = Nasreen Begum (sister)")."""
    return [(start, end, initials_) for start, end, initials_, _name in _legends(text)]


def legend_pairs(text: str) -> list[tuple[str, str]]:
    """Return (initials, name) pairs a legend in ``text`` defines ("Dr Amy Brown (AB)" -> ("AB",
    "Dr Amy Brown"); "| DC | COLCLOUGH, Daniel Craig |" -> ("DC", "Daniel Craig COLCLOUGH"));
    initials are returned without dots."""
    return [(initials_, name) for _start, _end, initials_, name in _legends(text)]


_BODY_WORDS = frozenset(
    "partnership council service services team trust police hospital court board group agency unit office "
    "centre center school college university practice surgery charity project panel review company ltd".split()
)


def _legend_person(reg: Registry, name: str, initials_: str) -> bool:
    """Say whether a legend's name is a person's: its initials are the name's, no word names a body
    ("Safer Wirral Partnership (SWP)"), and not every word is an ordinary one ("Independent Chair (IC)")."""
    words = _words(strip_title(name)[1])
    if "".join(w[0] for w in words).upper() != initials_:
        return False
    if any(w.casefold() in _BODY_WORDS for w in words):
        return False
    return not all(reg.is_word(w) for w in words)


def is_role_legend(initials_: str, name: str) -> bool:
    """Say whether a legend gives a role's label to someone whose initials it is not ("SW = Tamsin
    Rowe, social worker", "DC (DC Martin Shrubsole)"): the label stays, as the role."""
    from redactor.detect.lists import not_label_words

    return initials_.casefold() in not_label_words() and initials_ not in initials(strip_title(name)[1], abbreviations=True)


def role_labels(text: str) -> frozenset[str]:
    """Return the role labels the legends in ``text`` give someone whose initials they are not
    (``is_role_legend``): "DC (DC Martin Shrubsole)". ("GS = the perpetrator" is his initials.)"""
    return frozenset(i for i, name in legend_pairs(text) if is_role_legend(i, name))


def _pseudonym_legends(reg: Registry) -> regex.Pattern[str] | None:
    """A legend that gives initials the pseudonym a case file or key chose: "DP (Adult B)",
    "Adult B (DP)" opening a line or an item of a list (not "mother of Adult A (PF)"), "DP =
    Adult B"; None when no person has a pseudonym yet."""
    people = {e.pseudonym for e in reg.entities.values() if e.pseudonym and e.label is Label.PERSON}
    chosen = sorted(people, key=len, reverse=True)
    if not chosen:
        return None
    said = "|".join(regex.escape(p) for p in chosen)
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}])(?:(?P<initials>[A-Z]{{2,3}})[ ]?"
        rf"(?:\((?:the[ ])?(?P<p1>{said})\)|(?:=|–|—|-)[ ]?(?P<p2>{said})\b)"
        rf"|(?<=^|[;:,(\n][ ]?)(?P<p3>{said})[ ]?\((?P<initials2>[A-Z]{{2,3}})\))(?![\p{{L}}\p{{N}}])"
    )


def _defines(initials_: str, name: str) -> bool:
    """Say whether a legend's initials are its name's ("MA = Mercy Adjei"; "BR = Rebecca Reed", called
    Becky), not a speaker label and what its speaker says ("SB - Mrs Colclough, yes.")."""
    bare = strip_title(name)[1]
    if initials_ in label_initials(bare) or initials_ in initials(bare, abbreviations=True):
        return True
    words = _words(bare)
    # A call name's initial: "BR = Rebecca Reed", called Becky.
    return len(words) >= 2 and len(initials_) >= 2 and initials_[-1] == words[-1][:1].upper()


def legend_owner(reg: Registry, name: str) -> str | None:
    """Return the one known person a legend's name names ("MA = Mercy Adjei, care worker"), or None."""
    owners = reg.owners(name) or reg.owners(strip_title(name)[1])
    owner = owners[0] if len(owners) == 1 else same_person(reg, name)
    return owner if owner is not None and reg.entity(owner).label is Label.PERSON else None


def document_legends(reg: Registry, texts: Iterable[str]) -> dict[str, str]:
    """Return the initials one document's own legends give a known person, initials -> person: a
    label is that document's ("MA" is the daughter in one transcript and the care worker in the
    next), whichever person the case's first legend gave it to."""
    found: dict[str, str] = {}
    for text in texts:
        for initials_, name in legend_pairs(text):
            if not _defines(initials_, name):
                continue
            owner = legend_owner(reg, name)
            if owner is not None:
                found.setdefault(initials_, owner)
    return found


def add_legends(reg: Registry, texts: Iterable[str]) -> None:
    """Tie initials that a legend defines to the person it names: they are that person's speaker
    label everywhere, and a name of theirs when they cannot read as an abbreviation. A legend may
    name the person by the pseudonym the case file gives them ("DP (Adult B)")."""
    from redactor.detect.lists import not_label_words

    texts = list(texts)
    by_pseudonym = _pseudonym_legends(reg)
    if by_pseudonym is not None:
        owner_of = {e.pseudonym: e.id for e in reg.entities.values() if e.pseudonym and e.label is Label.PERSON}
        for text in texts:
            if "(" not in text and "=" not in text and "-" not in text:
                continue
            for match in by_pseudonym.finditer(text):
                initials_ = match.group("initials") or match.group("initials2")
                chosen = match.group("p1") or match.group("p2") or match.group("p3")
                if initials_.casefold() in not_label_words() or initials_ in ACRONYMS and initials_ in reg.label_initials:
                    continue
                person = owner_of[chosen]
                reg.label_initials.setdefault(initials_, person)
                if initials_ not in ACRONYMS and not reg.owners(initials_):
                    reg.add_name(person, initials_)
    for text in texts:
        for initials_, name in legend_pairs(text):
            if is_role_legend(initials_, name) or not _defines(initials_, name):
                continue
            owners = reg.owners(name) or reg.owners(strip_title(name)[1])
            owner = legend_owner(reg, name)
            if owner is None and not owners and _legend_person(reg, name, initials_):
                owner = reg.new_entity(Label.PERSON, {strip_title(name)[1]}).id  # no detector named them
            if owner is None or reg.entity(owner).label is not Label.PERSON:
                continue
            reg.label_initials.setdefault(initials_, owner)
            if initials_ not in ACRONYMS and not reg.owners(initials_):
                reg.add_name(owner, initials_)


_FEMALE = (
    "mother|mum|mam|mom|mummy|sister|daughter|wife|girlfriend|aunt|auntie|aunty|niece|grandmother|gran|granny|"
    "nan|nana|nanna|granddaughter|stepmother|stepdaughter|stepsister|half-sister|fiancée|widow|ex-wife|"
    "mother-in-law|sister-in-law|daughter-in-law|stepmum"
)
_MALE = (
    "father|dad|daddy|brother|son|husband|boyfriend|uncle|nephew|grandfather|grandad|granddad|grandpa|grandson|"
    "stepfather|stepson|stepbrother|half-brother|fiancé|widower|ex-husband|father-in-law|brother-in-law|"
    "son-in-law|stepdad"
)
_KIN = rf"(?i:(?P<f>{_FEMALE})|(?P<m>{_MALE}))"
#: Relatives born with the family's surname, who are no "Mrs" of it ("Mrs Cassidy" is the mother,
#: not the victim's daughter Ruby Cassidy).
_BORN_IN = regex.compile(r"daughter|granddaughter|stepdaughter|sister|half-sister|stepsister|niece")
_KIN_NAME = r"(?P<name>\p{Lu}[\p{L}'’-]+(?:[ ]\p{Lu}[\p{L}'’-]+){0,2})"
#: A relationship said right beside a name: "her mother, Gwen Price", "brother Dafydd";
#: "Gwen Price, her mother", "Dafydd (brother)", a subjects table's "| Gwen Price | Mother of...".
_KIN_BEFORE = regex.compile(rf"(?<![\p{{L}}'’-]){_KIN},?[ ]{_KIN_NAME}(?![\p{{L}}'’-])(?!['’]s\b)")
_KIN_AFTER = regex.compile(
    rf"(?<![\p{{L}}'’-]){_KIN_NAME}(?:,[ ](?:(?i:her|his|my|their|our|the)[ ](?:\p{{L}}+['’]s[ ])?)?|[ ]\([ ]?"
    rf"|[ ]*\|(?:[^|\n]{{1,30}}\|){{0,2}}[ ]*)"  # a subjects table: "| Ruby Cassidy | Child A | Daughter of Adult A |"
    rf"{_KIN}(?![\p{{L}}-])"
)


def is_surname_of(reg: Registry, entity_id: str, word: str) -> bool:
    """Say whether ``word`` is (part of) a surname the entity is known by."""
    key = fold(word)
    return any(key in surname.replace("-", " ").split() for _g, surname in full_names(reg, entity_id))


def note_sexes(reg: Registry, texts: Iterable[str], given_name_sex: Callable[[str], str | None] | None = None) -> None:
    """Give people their sex where the documents say how they are related ("her mother, Gwen
    Price", "Dafydd Price | Brother"), so that "Mrs Price" never names a man among relatives who
    share a surname. A person's title, from the case file or a full name, wins; conflicting
    statements leave the sex unknown. Where the documents say nothing, ``given_name_sex`` may
    tell it from the given names ("Mohammed Rahman" is no "Mrs Rahman"), when they all agree."""
    votes: dict[str, Counter[str]] = {}
    for text in texts:
        for pattern in (_KIN_BEFORE, _KIN_AFTER):
            for match in pattern.finditer(text):
                words = strip_title(match.group("name"))[1].split()
                owners: list[str] = []
                while words and not owners:  # "Gwen Price Said": the longest known name
                    found = " ".join(words)
                    owners = [o for o in reg.owners(found) if reg.entity(o).label is Label.PERSON]
                    words.pop()
                if len(owners) == 1 and not (" " not in found and is_surname_of(reg, owners[0], found)):
                    # A surname alone says nothing of whom: "Gary Stone's mum, Mrs Stone" is not Gary.
                    votes.setdefault(owners[0], Counter())["f" if match.group("f") else "m"] += 1
                    if match.group("f") and _BORN_IN.fullmatch(match.group("f").casefold()):
                        reg.entity(owners[0]).born_in = True
    for entity_id, counted in votes.items():
        ranked = counted.most_common()
        entity = reg.entity(entity_id)
        if entity.sex is None and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            entity.sex = ranked[0][0]
    if given_name_sex is None:
        return
    for entity_id in person_ids(reg):
        entity = reg.entity(entity_id)
        if entity.sex is not None or entity_id in votes or reg.sex_of(entity_id) is not None:
            continue
        said = {given_name_sex(given) for given, _surname in full_names(reg, entity_id)}
        if len(said) == 1 and None not in said:
            entity.sex = said.pop()


#: A call name said with an epithet of the elder or the younger of two people who share it:
#: "Big Ray" and "Little Ray", "Old Cliff" and "Young Cliff", "Bryn Mawr" and "Bryn Bach",
#: "John Senior" and "John Junior". Any case ("big bryn"); the name's own letters are kept.
_CALL = r"(?P<name>\p{L}[\p{Ll}'’]+|\p{Lu}[\p{Lu}'’]+)"
_ELDER = regex.compile(
    rf"(?<![\p{{L}}'’-])(?:(?i:big|old)[ ]{_CALL}|{_CALL.replace('name', 'after')}[ ](?i:senior|snr|mawr))(?![\p{{L}}'’-])"
)
_YOUNGER = regex.compile(
    rf"(?<![\p{{L}}'’-])(?:(?i:little|lil|young|wee)[ ]{_CALL}"
    rf"|{_CALL.replace('name', 'after')}[ ](?i:junior|jnr|jr|bach|fach))(?![\p{{L}}'’-])"
)


def _called(reg: Registry, call: str) -> tuple[list[str], list[str]]:
    """Return the people whose first given name ``call`` (folded) is or is a short form of, and
    those whose middle name it is ("Shane Raymond Hadley" is the younger "Ray", named after his father)."""
    firsts, middles = [], []
    for entity_id in person_ids(reg):
        if any(_given_fits(call, given) for given, _surname in full_names(reg, entity_id)):
            firsts.append(entity_id)
        elif any(
            _given_fits(call, middle) for name in reg.entity(entity_id).names for middle in middle_names(name)
        ):
            middles.append(entity_id)
    return firsts, middles


def add_generations(reg: Registry, texts: Iterable[str]) -> None:
    """Tell apart two people of one call name whom the documents call the elder and the younger:
    "Big Ray" and "Little Ray" are a father and his son, never one person.

    Only where both epithets of a name occur in the case. The younger is the one person with the
    name as a middle name (a son named after his father), else the one person called by it; the
    elder is the one other person whose first given name it is, or, where there is none, a
    person of their own, known by the epithet form ("Big Jim" the grandfather beside James
    "Little Jim" Bell). Each epithet form, as written, becomes a name of its person, so that
    linking never strips it off to reach the other.
    """
    elder: dict[str, set[str]] = {}
    younger: dict[str, set[str]] = {}
    for text in texts:
        for pattern, found in ((_ELDER, elder), (_YOUNGER, younger)):
            for match in pattern.finditer(text):
                call = strip_possessive(match.group("name") or match.group("after"))
                if not reg.is_dictionary(call) or reg.owners(call):
                    found.setdefault(fold(call), set()).add(strip_possessive(match.group()))
    for call in sorted(elder.keys() & younger.keys()):
        firsts, middles = _called(reg, call)
        young = middles[0] if len(middles) == 1 else firsts[0] if len(firsts) == 1 and not middles else None
        others = [p for p in firsts if p != young]
        if young is None or len(others) > 1:
            # No one, or too many, known by it: the documents do not say who is who, but the elder
            # and the younger are two people all the same ("Big Steve" and "Little Steve").
            for forms in (elder[call], younger[call]):
                free = {f for f in forms if not reg.owners(f)}
                if free:
                    reg.new_entity(Label.PERSON, free)
            continue
        old = others[0] if others else None
        for person, forms in ((old, elder[call]), (young, younger[call])):
            forms = {f for f in forms if not any(o != person for o in reg.owners(f))}
            if person is None:
                if forms:
                    reg.new_entity(Label.PERSON, forms)
                continue
            for form in forms:
                reg.add_name(person, form)
