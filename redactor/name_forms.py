"""The other forms a known person's name takes in speech and notes (issue 15).

A person named in the case ("Stephanie Jane Miles") is also "Steph", "Stephy", "steph", "SJM",
"S. Miles" and "MILES, Stephanie". This module generates such forms from a full name; linking
decides which of them to trust (a form another person owns, or one that is an ordinary word, is
not propagated on its own).

Sources: the ``nicknames`` package (Apache-2.0: a hand-curated table of English given names and
their nicknames, "Margaret" -> "Peggy") and clipping rules for the forms no table lists: the
first syllable or two of a name ("Steph", "Bern", "Ren"), with the endings English speech adds
("-y", "-ie", "-o", "-s": "Stephy", "Bernie", "Jonno", "Renny").

Not handled: diminutives of other languages beyond clipping ("Aga" for Agnieszka), nicknames
unrelated to the name ("Bubbles"), which only a case file's aliases can give.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from redactor.detect.lists import MODELS_DIR

VOWELS = frozenset("aeiouy")
_ENDINGS = ("y", "ie", "o", "s", "sy", "ey", "i")
#: Two-letter short forms English speech gives names ("Mo" for Mohammed or Maureen, "Jo" for
#: Joanne): other two-letter clippings ("Da", "Ka") are no names.
_TWO_LETTER_NAMES = frozenset({"mo", "jo", "di", "vi", "bo", "ty", "ky"})
_DIGRAPHS = frozenset({"ph", "th", "sh", "ch", "ck", "gh", "wh"})
#: Two- and three-letter capitals that are abbreviations in DHR writing, never anyone's initials here.
ACRONYMS = frozenset(
    """AM PM OK TV ID UK US EU GP PC DC DS DI DV DA SW HV HR IT MP PA QC KC CC RE NB PS CV IQ
    AE ED IC OT SN RN DN WC BB DJ PE RE VR ME MS NA AA NI CJ FM AI CPS CSP CRC GPS MSN DOB DOD
    NHS ICB CCG MARAC MAPPA MASH IDVA ISVA DASH DSL DSO SPOC FLO SIO CID CAD CPN CMHT AMHP HMP
    YOI NFA DWP HMRC PIP ESA JSA DLA ASB ACE OCD PTSD ADHD CBT RIP FYI ASAP CT MRI ECG EEG ICU ITU HDU ENT""".split()
)


@functools.lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Casefold and strip accents: "Renée" and "renee" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ł", "l").replace("ø", "o")


@functools.cache
def _nicknamer() -> object | None:
    try:
        from nicknames import NickNamer
    except ImportError:  # the table is optional: clipping still works without it
        return None
    return NickNamer()


_DIMINUTIVES_FILE = MODELS_DIR / "names" / "diminutives.txt"


@functools.cache
def _diminutives() -> dict[str, frozenset[str]]:
    """Given name (folded) -> its call names (folded), from models/names/diminutives.txt."""
    table: dict[str, frozenset[str]] = {}
    for line in _DIMINUTIVES_FILE.read_text(encoding="utf-8").splitlines():
        name, sep, forms = line.partition(":")
        if sep and not line.startswith("#"):
            table[fold(name.strip())] = frozenset(fold(f.strip()) for f in forms.split(",") if f.strip())
    return table


@functools.lru_cache(maxsize=4096)
def nicknames(first: str) -> frozenset[str]:
    """Return the nicknames the tables list for a given name ("Margaret" -> "peggy", "maggie";
    "Agnieszka" -> "aga", models/names/diminutives.txt)."""
    namer = _nicknamer()
    if not first.isalpha():
        return frozenset()
    found = set(_diminutives().get(fold(first), ()))
    if namer is not None:
        found |= {n for n in namer.nicknames_of(fold(first)) if len(n) >= 2}  # type: ignore[attr-defined]
    for nick in list(found):  # the spellings speech gives them: Sandy, Sandie, Sandi; Becks, Bex
        if nick.endswith("y") and len(nick) >= 4 and nick[-2] not in VOWELS:
            found |= {nick[:-1] + "ie", nick[:-1] + "i"}
        elif nick.endswith("ie") and len(nick) >= 4:
            found.add(nick[:-2] + "y")
        if nick.endswith("cky"):
            found |= {nick[:-1] + "s", nick[:-3] + "x"}
    return frozenset(found)


@functools.lru_cache(maxsize=4096)
def clippings(first: str) -> frozenset[str]:
    """Return short forms made by clipping a given name at a syllable, with spoken endings.

    "Stephanie" -> steph, stephy, stephie, ...; "Shannon" -> shan, shanny, shanno; "Renée" ->
    ren, renny. All casefolded and accent-free.
    """
    name = fold(first)
    if len(name) < 3 or not name.isalpha():
        return frozenset()
    forms: set[str] = set()
    if len(name) <= 5 and name[-1] not in VOWELS:
        # A short name with a spoken ending: "Dawnie", "Jimmy", "Gwennie", "Deano", "Kelly-Lou" aside.
        single_vowel = name[-2] in VOWELS and name[-3] not in VOWELS and name[-1] not in "hwxy"
        double = name + name[-1] if single_vowel and len(name) <= 4 else name
        forms |= {name + "ie", name + "y", name + "o", double + "y", double + "ie", double + "o"}
    if len(name) < 4:
        return frozenset(forms - {name})
    if 4 <= len(name) <= 6 and name[-1] == "e" and name[-2] not in VOWELS and name[-3] in VOWELS:
        forms |= _silent_e_forms(first, name)  # Wayno, Jaynie
    for cut in range(3, min(6, len(name) - 1)):  # the first syllable or two: at most five letters
        head, following = name[:cut], name[cut]
        if head[-1] == "y" and head[-2] in "aeo" and following not in VOWELS:
            forms.add(head)  # "Kay|leigh", "Jay|den", "Roy|ston": the syllable alone, no ending
            continue
        if head[-1] in VOWELS:
            continue
        if head[-1] + following in _DIGRAPHS:
            continue  # "Step|hanie": clip after the "ph", not inside it
        if following not in VOWELS and following != head[-1] and head[-2] not in VOWELS and head[-2:] not in _DIGRAPHS:
            continue  # a closed syllable ("Nas|reen", "Gwen|llian", "Alam|gir") or before a vowel; "Kath|leen" clips
        forms.add(head)
        for ending in _ENDINGS:
            forms.add(head + ending)
        if len(head) == 3 and head[1] in VOWELS and head[0] not in VOWELS and head[2] in "svtk":
            forms.add(head + "e")  # Jase, Dave
        if head[-1] not in "hwxy":
            forms.add(head + head[-1] + "y")  # Renny
            forms.add(head + head[-1] + "o")  # Jonno, Shanno
            forms.add(head + head[-1] + "ie")  # Bennie
            forms.add(head + head[-1] + "i")  # Jassi
    if name[0] in "aeiou" and len(name) >= 4 and name[1] not in VOWELS:
        forms |= {name[:2] + name[1] + "y", name[:2] + name[1] + "ie"}  # Immy, Olly, Emmy, Eddie
    for ending in ("ey", "ie", "y"):
        stem = name[: -len(ending)]
        if name.endswith(ending) and len(stem) == 3 and stem[-1] not in VOWELS and stem[1] in VOWELS:
            forms.add(stem + "es")  # Tobes for Toby, Tones for Tony, Riles for Riley, Jodes for Jodie
            break
    if name.endswith("ey") and len(name) >= 5:
        forms.add(name[:-1])  # Trace for Tracey
    if name[-1] in "ayi" and len(name) >= 5:
        forms.add(name[:-1])  # Saim for Saima, Kirst for Kirsty, Nadi for Nadia
        if name[-2] == name[-3]:
            forms.add(name[:-1] + "s")  # Kells for Kelly
    if name[0] == "y" and len(name) >= 5 and name[1] not in VOWELS and name[2] in VOWELS:
        forms |= clippings(name[1:]) | {name[1:]}  # Von, Vonnie for Yvonne
    if name[0] in "aeiou" and (rest := name.lstrip("aeiou")) and len(rest) >= 4 and rest[1] in VOWELS:
        forms.add(rest)  # the first syllable dropped: Leena for Aleena, Nela for Ionela
    onset = re.match(r"[^aeiouy]*[aeiouy]", name)
    if onset and len(name) >= 4:
        head = onset.group()
        if head in _TWO_LETTER_NAMES:
            forms |= {head, head + head}  # Mo, Jo, Di; Jojo, Momo
        if name[len(head) : len(head) + 1] == "r":
            forms |= {head + "z", head + "zza"}  # Daz, Gaz, Shaz, Kez, Gazza
    if name.startswith("al") and len(name) >= 4:
        forms.add("al")  # Al for Alan, Aled, Alistair
    for form in list(forms):
        if form.endswith(("cs", "ks")):
            forms.add(form[:-2] + "x")  # Bex
        if len(form) == 3 and form.endswith("s") and form[1] in VOWELS:
            forms.add(form[:-1] + "z")  # said with a z: Lez for Lesley, Roz for Rosalind, Jaz for Jasmine
    forms.discard(name)
    return frozenset(forms)


def _silent_e_forms(first: str, name: str) -> set[str]:
    """A name ending in a silent "e" with a spoken ending in its place: a man's "-o" and "-ey"
    ("Wayne" -> wayno, "Jake" -> jakey), a woman's "-ie" and "-ey" ("Jayne" -> jaynie, jayney);
    all where the sex is unknown."""
    from redactor.detect.gazetteer import first_name_sex

    stem, sex = name[:-1], first_name_sex(first)
    return ({stem + "o"} if sex != "f" else set()) | ({stem + "ie"} if sex != "m" else set()) | {stem + "ey"}


@functools.lru_cache(maxsize=4096)
def short_forms(first: str) -> frozenset[str]:
    """Return every likely short form of a given name (casefolded, accent-free), itself excluded.

    A hyphenated name ("Kerry-Ann") gives its first part and that part's short forms too.
    """
    forms: set[str] = set()
    parts = [p for p in re.split(r"[-‐]", first) if p]
    for part in parts:
        forms |= nicknames(part) | clippings(part)
        for nick in nicknames(part):  # the table's "Steve" said as "Stevie", "Stevo"
            if 4 <= len(nick) <= 5 and nick[-1] == "e" and nick[-2] not in VOWELS and nick[-3] in VOWELS:
                forms |= _silent_e_forms(part, nick)
    if len(parts) == 1 and fold(first)[:1] == "j" and len(first) >= 4:
        forms.add("jay")  # the letter as a name: Jason, James and Jamie are all "Jay"
    if len(parts) > 1:
        forms.add(fold(parts[0]))
    return frozenset(forms - {fold(first)} - _other_sex_stems(first, forms))


def _other_sex_stems(first: str, forms: set[str]) -> set[str]:
    """The forms that are the man's name a woman's name is made from by an ending ("Paul" for
    Paula, "Daniel" for Danielle, "Louis" for Louise): another person's name, never a short form."""
    from redactor.detect.gazetteer import first_name_sex

    name = fold(first)
    if first_name_sex(first) != "f":
        return set()
    return {f for f in forms if name.startswith(f) and name[len(f) :] in _FEMININE_ENDINGS and first_name_sex(f) == "m"}


#: What turns a man's name into a woman's: Paul-a, Louis-e, Daniel-le, Anton-ia, Jean-ne; not the
#: "-ys" of Glenys, whose "Glen" is her own short form.
_FEMININE_ENDINGS = frozenset({"a", "e", "ia", "le", "ne", "na", "ie", "ette", "elle", "ine", "ina"})


_SPELLED = re.compile(r"^(?:(?:double[- ])?[^\W\d_])(?:(?:[-., ]+|,[ ]*)(?:double[- ])?[^\W\d_]){2,}\.?$", re.IGNORECASE)


#: How people say an accent while spelling a name: "S with a line on top", "E with the little line".
ACCENT_SAID = (
    r"[ ]with[ ](?:a|an|the)[ ](?:[a-z]+[ ]){0,3}?(?:line|accent|dot|dots|tail|hook|mark|squiggle|stroke)"
    r"(?:[ ](?:on[ ]top|over[ ]it|above|underneath|below))?"
)


#: A letter made clear with a word that starts with it: "P for Peter", "K for kilo".
_LETTER_FOR_WORD = re.compile(r"\b([A-Za-z])[ ]for[ ](?i:\1)[a-z]+\b")


#: A word said between two spelled parts of one name: "K-E-R-R-Y, hyphen, A-N-N", "K-A, new word, M-I-N-G".
SPELLING_JOINER = r"(?:hyphen|dash|space|new[ ]word)"


def spelled_word(text: str) -> str | None:
    """Return the word a spelled-out name makes ("P-A-T-E-L" -> "PATEL", "M-A-double-L-O-Y" ->
    "MALLOY"), or None when ``text`` is not letters spelled one by one."""
    text = re.sub(ACCENT_SAID, "", text)  # "S with a line on top" is an S
    text = _LETTER_FOR_WORD.sub(r"\1", text)  # "P for Peter" is a P
    text = re.sub(r"(?i)[ ,]+apostrophe(?=[ ,])", "", text)  # "O apostrophe K": O'K
    # "K-E-R-R-Y, hyphen, A-N-N" is KERRY-ANN; "K-A, new word, M-I-N-G" is KA MING.
    pieces = re.split(rf"(?i),[ ]*({SPELLING_JOINER}),[ ]*", text.strip())
    words = []
    for number, piece in enumerate(pieces):
        if number % 2:
            words.append("-" if piece.casefold() in ("hyphen", "dash") else " ")
            continue
        if not _SPELLED.match(piece) and not (len(pieces) > 1 and re.fullmatch(r"[^\W\d_](?:-[^\W\d_])+", piece)):
            return None
        letters: list[str] = []
        parts = re.findall(r"double[- ][^\W\d_]|[^\W\d_]+", piece, flags=re.IGNORECASE)
        for index, part in enumerate(parts):
            if part.casefold().startswith("double"):
                doubled = part[-1].upper() * 2
                if index == len(parts) - 1 and doubled in "".join(letters).upper():
                    continue  # "R-E-B-E-C-C-A, double-C": the doubled letter said again after the name
                letters.append(part[-1] * 2)
            elif len(part) == 1:
                letters.append(part)
            else:
                return None
        words.append("".join(letters))
    word = "".join(words).upper()
    return word if sum(ch.isalpha() for ch in word) >= 3 else None


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _capitalised_words(full_name: str) -> list[str]:
    """The capitalised words of a name, titles left out ("Dr Amy Brown" -> Amy, Brown)."""
    from redactor.names import TITLES

    titles = {t.casefold() for t in TITLES}
    return [w for w in _NAME_WORD.findall(full_name) if w[:1].isupper() and w.casefold() not in titles]


def initials(full_name: str, *, abbreviations: bool = False) -> frozenset[str]:
    """Return the initials a full name is written as in notes and speaker labels.

    "Amy Brown" -> {"AB"}; "Stephanie Jane Miles" -> {"SJM", "SM"}. Only names of two to four
    capitalised words; initials that read as a common abbreviation ("DV", "PM") are left out
    unless ``abbreviations`` (a speaker label "PM:" is a person, "2 PM" is not).
    """
    words = _capitalised_words(full_name)
    if not 2 <= len(words) <= 4:
        return frozenset()
    letters = [fold(w[0]).upper() for w in words]  # "ZK" for Žaneta Kalniņa, as a transcript types it
    found = {"".join(letters), letters[0] + letters[-1]}
    return frozenset(i for i in found if i.isascii() and (abbreviations or i not in ACRONYMS))


def label_initials(full_name: str) -> frozenset[str]:
    """Return the initials a person may speak under as a transcript's label ("PM:", "DV:"):
    ``initials`` with abbreviations, and a middle name used as a call name with the surname ("RM"
    for Stephen Robert Milburn, called Robert). Looked for only where a label stands."""
    found = set(initials(full_name, abbreviations=True))
    words = _capitalised_words(full_name)
    if len(words) == 3 and (pair := (words[1][0] + words[2][0]).upper()).isascii():
        found.add(pair)
    return frozenset(found)


@functools.lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The letters a name keeps however it is spelt: folded, "ck"/"c" as "k", "ph" as "f", an "h"
    after a consonant dropped, "y" as "i", doubled letters once ("Rukhsana" and "Ruksana",
    "Rebekah" and "Rebecca" share one)."""
    s = fold(name)
    s = s.replace("ph", "f").replace("ck", "k")
    s = re.sub(r"c(?!h)", "k", s)
    s = re.sub(r"(?<=[^aeiouy\W])h", "", s)
    s = s.replace("y", "i")
    s = re.sub(r"(.)\1+", r"\1", s)
    return re.sub(r"(?<=.)h$", "", s)


def within_one_edit(a: str, b: str, *, swaps: bool = True) -> bool:
    """Say whether two words are the same or one edit apart: a letter added, dropped or changed,
    or (with ``swaps``) two neighbouring letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = swaps and len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return len(diff) == 1 or swapped
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@functools.lru_cache(maxsize=262144)
def near_names(a: str, b: str) -> bool:
    """Say whether two name words are one name spelt two ways: the same skeleton ("Rukhsana",
    "Ruksana"), or, from six letters, one letter apart in it ("Rahman", "Rehman"), with the same
    first letter. A name and the same name with an ending ("Daniel", "Danielle"; "Paul",
    "Paula") are two names."""
    x, y = skeleton(a), skeleton(b)
    if len(x) < 4 or len(y) < 4:
        return False
    if x == y:
        return True
    if x[0] != y[0] or min(len(fold(a)), len(fold(b))) < 6:
        return False
    short, long_ = sorted((x, y), key=len)
    if long_.startswith(short):
        return False  # an ending added: Daniel/Danielle, Louis/Louise
    return within_one_edit(x, y, swaps=False)
