"""Numbers, dates and letters read aloud, turned into what was meant (transcripts, issue 15).

People give a phone number as "oh seven seven double oh, nine double oh one two three", a date
of birth as "the third of March nineteen eighty-one" and a registration in the phonetic alphabet
("Lima Victor one nine Kilo Papa Echo"); transcribers write down what they hear. This module
finds such runs in a text and says what they spell: ``spoken_runs`` gives every run of digits
and letters with its offsets, ``spoken_dates`` every date said in words. Pure functions, no
model; the recognizer ``detect/recognizers/spoken_number.py`` decides what a run is.

Digits in Welsh count as digits in English. Not handled: numbers in other languages, "hundred"
and "thousand" anywhere but right after a digit ("nine hundred" is 900; "two thousand and five" only as a year), Roman numerals.
"""

from __future__ import annotations

import dataclasses
import functools

import regex

DIGITS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "niner": "9",
    # Welsh, said in an interview held in Welsh ("dim saith saith dwbl dim"): a run needs five digits
    # or more, so "dim" or "pump" alone in English never starts one.
    "dim": "0", "un": "1", "dau": "2", "dwy": "2", "tri": "3", "tair": "3", "pedwar": "4", "pedair": "4",
    "pump": "5", "chwech": "6", "saith": "7", "wyth": "8", "naw": "9",
}  # fmt: skip
TEENS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}  # fmt: skip
TENS = {"twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7", "eighty": "8", "ninety": "9"}
REPEATS = {"double": 2, "treble": 3, "triple": 3, "dwbl": 2}
PHONETIC = {
    "alpha": "A", "alfa": "A", "bravo": "B", "charlie": "C", "delta": "D", "echo": "E", "foxtrot": "F", "golf": "G",
    "hotel": "H", "india": "I", "juliet": "J", "juliett": "J", "kilo": "K", "lima": "L", "mike": "M",
    "november": "N", "oscar": "O", "papa": "P", "quebec": "Q", "romeo": "R", "sierra": "S", "tango": "T",
    "uniform": "U", "victor": "V", "whiskey": "W", "whisky": "W", "x-ray": "X", "xray": "X", "yankee": "Y",
    "zulu": "Z", "zed": "Z",  # "zed": the letter as the British say it ("two Q zed")
}  # fmt: skip
FILLERS = frozenset({"er", "erm", "um", "umm", "uh", "ah", "eh", "hmm", "mm", "pause", "then"})
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
}  # fmt: skip
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip

#: Words one by one, hyphenated runs too ("oh-seven-seven", "double-oh"); "x-ray" stays whole.
_TOKEN = regex.compile(r"(?i:x-ray)|\d+|[A-Za-z]+")
#: What may stand between two tokens of one run: spaces, commas, hyphens, dots, dashes (no new line).
_GAP = regex.compile(r"[ \t,.\-–—…\[\]]*")
#: A sentence's end between two tokens; not the dots of a pause ("six eight... Lima, Uniform").
_SENTENCE_GAP = regex.compile(r"(?<![.…])[.?!][ \t]")
#: Words before a phonetic-alphabet word that make it a thing's name: "the Golf", "a Romeo".
_DETERMINERS = frozenset("the a an his her my your their our its".split())


@dataclasses.dataclass(frozen=True, slots=True)
class Run:
    """A run of spoken or written digits and letters: where it is and what it spells."""

    start: int
    end: int
    value: str  # "07700900123", "LV19KPE"
    spoken: bool  # at least one token was a word, not a numeral
    letters: int  # how many phonetic-alphabet letters it holds


def _token_value(word: str, following: str | None) -> tuple[str, bool] | None:
    """Return what one token says (digits or letters) and whether it was a word; None if nothing."""
    folded = word.casefold()
    if word.isdigit():
        return word, False
    if folded in DIGITS and (folded != "o" or word in ("o", "O")):
        return DIGITS[folded], True
    if folded in TEENS:
        return TEENS[folded], True
    if folded in PHONETIC:
        return PHONETIC[folded], True
    head, _, tail = folded.partition("-")
    if head in TENS:
        if not tail:
            return TENS[head] + ("" if following in DIGITS and following not in ("oh", "o") else "0"), True
        if tail in DIGITS:
            return TENS[head] + DIGITS[tail], True
    return None


#: A token that can put a digit into a run: a numeral or a number word (a whole token, any case).
_DIGIT_TOKEN = regex.compile(
    r"(?i)(?<![A-Za-z])(?:\d+|"
    + "|".join(sorted({*DIGITS, *TEENS, *TENS, *REPEATS, "hundred"}, key=len, reverse=True))
    + r")(?![A-Za-z])"
)


def may_say_digits(text: str) -> bool:
    """Say whether ``text`` may hold a run of three or more digits with a word among them: such
    a run takes two number tokens at least ("nine double", "eighty one"). A quick test before
    ``spoken_runs``, which most lines of a transcript fail."""
    found = _DIGIT_TOKEN.finditer(text)
    return next(found, None) is not None and next(found, None) is not None


def spoken_digits(word: str) -> str | None:
    """Return the digits one number word says ("seven" -> "7", "eighty" -> "80"), or None."""
    said = _token_value(word, None)
    return said[0] if said is not None and said[0].isdigit() else None


def spoken_runs(text: str, *, min_length: int = 5) -> list[Run]:
    """Return every run of at least ``min_length`` digits and letters said or written in ``text``.

    A run joins numerals, digit words ("oh", "seven"), teens and tens ("eighty-one"), "double" and
    "treble" before a digit, "hundred" after one, and phonetic-alphabet words, with spaces, commas,
    hyphens or dots between them and fillers ("er", "erm") inside.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    runs: list[Run] = []
    i = 0
    while i < len(tokens):
        value, spoken, letters, start, end = "", False, 0, -1, -1
        gap_from = -1  # where the gap before the next token starts (after a filler too)
        repeat = 1
        j = i
        while j < len(tokens):
            s, e, word = tokens[j]
            if gap_from >= 0 and (
                _GAP.fullmatch(text, gap_from, s) is None
                or word[0].isupper() and _SENTENCE_GAP.search(text, gap_from, s) is not None  # "D K. Alpha four ...": said again
            ):
                break
            folded = word.casefold()
            if folded in REPEATS and j + 1 < len(tokens):
                repeat = REPEATS[folded]
                spoken = True  # "07700 9 double 0, 3 4 8": said aloud, though every digit is a numeral
                if start < 0:
                    start = s
                end = gap_from = e
                j += 1
                continue
            if folded in FILLERS and start >= 0:
                gap_from = e
                j += 1
                continue
            if folded in ("hundred",) and value and value[-1].isdigit():
                value += "00"
                end = gap_from = e
                spoken = True
                j += 1
                if j < len(tokens) and tokens[j][2].casefold() == "and":
                    gap_from = tokens[j][1]  # "nine hundred and six five five"
                    j += 1
                continue
            if len(word) == 1 and word.isupper() and word not in "IO" and (start >= 0 or j + 1 < len(tokens)):
                # A letter said alone inside a registration: "Y H six four, K V T".
                value += word
                letters += 1
                if start < 0:
                    start = s
                end = gap_from = e
                j += 1
                continue
            following = tokens[j + 1][2].casefold() if j + 1 < len(tokens) else None
            if folded == "for" and value[-1:].isalpha() and following is not None and PHONETIC.get(following) == value[-1]:
                end = gap_from = tokens[j + 1][1]  # "K for kilo": the letter, said again
                j += 2
                continue
            if start < 0 and folded in PHONETIC and j > 0 and tokens[j - 1][2].casefold() in _DETERMINERS:
                break  # "the Golf, Charlie Alpha seven oh": a car, not the letter G
            said = _token_value(word, following)
            if said is None:
                break
            piece, was_word = said
            if repeat > 1:
                piece = piece * repeat if len(piece) == 1 else piece[0] * repeat + piece[1:]
                repeat = 1
            value += piece
            letters += sum(c.isalpha() for c in piece) if folded in PHONETIC else 0
            spoken = spoken or was_word
            if start < 0:
                start = s
            end = gap_from = e
            j += 1
        if start >= 0 and len(value) >= min_length:
            runs.append(Run(start, end, value, spoken, letters))
        i = max(j, i + 1)
    return runs


_UNITS = "one|two|three|four|five|six|seven|eight|nine"
#: Between the day, month and year said as numbers: "five, three", "ten one", "two three - oh seven".
_DATE_SEP = r"(?:,[ ]?|[ ]|[ ]?[-/][ ]?)"


def _alone(pattern: str, *, teens: bool = True) -> str:
    """``pattern`` not inside a longer run of numbers said aloud ("...four, five, three, eighty-seven");
    without ``teens``, a teen word next to it does not count as such a number."""
    teen_words = f"{'|'.join(TEENS)}|" if teens else ""
    number_word = rf"{_UNITS}|{teen_words}{'|'.join(TENS)}|oh|zero|double|treble|\d+"
    return rf"(?<!\b(?:{number_word})[ ,-]{{1,2}})(?<!\w){pattern}(?![ ,-]{{1,2}}(?:{number_word})\b)(?!\w)"


@functools.cache
def _date_regex() -> regex.Pattern[str]:
    ordinal = "|".join(sorted(ORDINALS, key=len, reverse=True))
    month = "|".join(MONTHS)
    tens = "|".join(TENS)
    teens = "|".join(TEENS)
    day = rf"(?:(?:twenty|thirty)[- ](?:{ordinal})|{ordinal}|\d{{1,2}}(?:st|nd|rd|th)?)"
    two = rf"(?:(?:{tens})(?:[- ](?:{_UNITS}))?|{teens}|oh[- ](?:{_UNITS}))"
    year = rf"(?:(?:nineteen|twenty)[- ]{two}|two[- ]thousand(?:[- ]and)?(?:[- ](?:{_UNITS}|{teens}|{two}))?|{two}|\d{{2,4}})"
    month_part = rf"(?:{month}|(?:the[ ])?(?:{ordinal}|\d{{1,2}}(?:st|nd|rd|th))(?:[ ]month)?|\d{{1,2}})"
    # Day and month as plain numbers said aloud: "five, three, eighty-seven", "ten one eighty-two".
    cardinal_day = rf"(?:thirty(?:[- ]one)?|twenty(?:[- ](?:{_UNITS}))?|{teens}|{_UNITS})"
    cardinal_month = rf"(?:ten|eleven|twelve|{_UNITS})"
    return regex.compile(
        rf"(?<!\w)(?:the[ ])?{day}[ ](?:of[ ](?:the[ ])?)?{month_part},?[ ](?:in[ ])?{year}(?!\w)"
        rf"|(?<!\w)(?:{month})[ ](?:the[ ])?(?:{day}|{cardinal_day}),?[ ]{year}(?!\w)"
        # Year first, as Lithuanian, Polish or Chinese say it, through an interpreter: "nineteen
        # ninety-one, September, fourteenth", "fifty-eight, May, the second".
        rf"|(?<!\w){year},?[ ](?:{month}),?[ ](?:the[ ])?{day}(?!\w)"
        rf"|{_alone(rf'{cardinal_day}{_DATE_SEP}{cardinal_month}{_DATE_SEP}{year}')}",
        regex.IGNORECASE,
    )


@functools.cache
def _digit_pairs_regex() -> regex.Pattern[str]:
    """Day, month and year said as pairs of digits: "two three, oh seven, ninety-one", "one
    nine, oh one, eight one" (a date of birth read off a form)."""
    digit = f"(?:zero|oh|{_UNITS})"
    pair = rf"{digit}[ -]{digit}"
    year = rf"(?:(?:nineteen|twenty)[- ])?(?:{pair}|(?:{'|'.join(TENS)})(?:[- ](?:{_UNITS}))?)"
    return regex.compile(_alone(rf"{pair}{_DATE_SEP}{pair}{_DATE_SEP}{year}", teens=False), regex.IGNORECASE)


def is_date_digits(digits: str) -> bool:
    """Say whether six or eight digits said aloud are a date, day first: "one four, oh three,
    eight five" (14/03/85), "fourteen oh three nineteen eighty-five" (14/03/1985)."""
    if len(digits) not in (6, 8) or not digits.isdigit():
        return False
    day, month, year = int(digits[:2]), int(digits[2:4]), digits[4:]
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return len(year) == 2 or year.startswith(("19", "20"))


@functools.cache
def _day_month_regex() -> regex.Pattern[str]:
    ordinal = "|".join(sorted(ORDINALS, key=len, reverse=True))
    month = "|".join([*MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec"])
    day = rf"(?:(?:twenty|thirty)[- ](?:{ordinal})|{ordinal})"
    nth_month = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    return regex.compile(
        rf"(?<!\w)(?:the[ ])?{day}[ ](?:of[ ])?(?:{month})(?!\w)|(?<!\w)(?:{month})[ ](?:the[ ])?{day}(?!\w)"
        rf"|(?<!\w)(?:the[ ])?{day}[ ]of[ ]the[ ](?:{nth_month})(?!\w)",  # "the seventeenth of the fourth"
        regex.IGNORECASE,
    )


def spoken_days_of_months(text: str) -> list[tuple[int, int]]:
    """Return where a day and month are said in words without a year: "the fourteenth of Feb",
    "twenty-third July", "March the third", "July twenty-third", "the seventeenth of the fourth"
    (a birthday; the caller decides from the words before it)."""
    return [(m.start(), m.end()) for m in _day_month_regex().finditer(text)]


def spoken_dates(text: str) -> list[tuple[int, int]]:
    """Return where a full date (day, month and year) is said in words: "the third of March
    nineteen eighty-one", "twelfth of the fourth eighty-six", "March the third, nineteen
    eighty-one", "August the nineteen, nineteen seventy-nine", and day and month as numbers
    said aloud ("five, three, eighty-seven", "ten one eighty-two") or as pairs of digits ("two
    three, oh seven, ninety-one"). A date written only in numerals is not returned (the date
    recognizers see it)."""
    found = []
    for match in _digit_pairs_regex().finditer(text):
        runs = spoken_runs(match.group(), min_length=6)
        if len(runs) == 1 and is_date_digits(runs[0].value):
            found.append((match.start(), match.end()))
    for match in _date_regex().finditer(text):
        piece = match.group()
        if any(c.isalpha() for c in piece.replace("the", "").replace("of", "")) and not regex.fullmatch(
            r"(?i)(?:the )?\d{1,2}(?:st|nd|rd|th)? (?:of )?[A-Za-z]+,? \d{4}", piece
        ):
            if not any(s <= match.start() < e for s, e in found):
                found.append((match.start(), match.end()))
    return sorted(found)
