"""Phone numbers, registrations and dates of birth read aloud in transcripts (``redactor.spoken``)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import phonenumbers
import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import has_context, make_result
from redactor.document import Label
from redactor.names import is_calendar_word
from redactor.spoken import (
    DIGITS,
    MONTHS,
    ORDINALS,
    PHONETIC,
    REPEATS,
    TEENS,
    TENS,
    Run,
    is_date_digits,
    spoken_dates,
    spoken_days_of_months,
    spoken_digits,
    spoken_runs,
)

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

NAME = "spoken_number"
SCORE = 0.85
#: A cheap test before the tokenizer runs: every run it can take holds a number word, a phonetic
#: letter or an ordinal ("oh", "treble", "eighty", "Kilo", "third", "3rd"); a paragraph without
#: one is skipped.
_PREFILTER = regex.compile(
    r"(?i)(?<![a-z])(?:"
    + "|".join(sorted({*DIGITS, *TEENS, *TENS, *REPEATS, *PHONETIC, *ORDINALS}, key=len, reverse=True))
    + r")(?![a-z])|\d(?:st|nd|rd|th)\b"
)
_PLATES = (
    regex.compile(r"[A-HJ-PR-Y]{2}\d{2}[A-HJ-PR-Z]{3}"),  # LV19KPE
    regex.compile(r"[A-HJ-NPR-TV-Y]\d{1,3}[A-HJ-PR-Y]{3}"),  # prefix: K123ABC
    regex.compile(r"[A-HJ-PR-Y]{3}\d{1,3}[A-HJ-NPR-TV-Y]"),  # suffix: ABC123K
)
#: The start of a registration someone half saw, after a registration word: "the start of the
#: reg, C V nineteen" (two letters of the area, the two of the age, maybe some of the rest).
_PLATE_START = regex.compile(r"[A-HJ-PR-Y]{2}\d{2}[A-HJ-PR-Z]{0,2}")
#: A prison number (NOMIS) said aloud: "A, four eight two one, K T", "Alpha eight one six four, Echo Juliet".
_PRISON_SAID = regex.compile(r"[A-Z]\d{4}[A-Z]{2}")
#: A registration said near its name that fits no standard format: a private plate ("G one L, L Y").
_PLATE_ANY = regex.compile(r"(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z0-9]{2,7}")
#: A digit said or written as one, not the letter O read as zero: "J O N E S" spells a name, not "J0NES".
_REAL_DIGIT = regex.compile(
    r"\d|(?i:\b(?:zero|one|two|three|four|five|six|seven|eight|nine|niner|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|double|treble"
    r"|triple)\b)"
)
_POSTCODE_SAID = regex.compile(r"[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPS-UW\d]?\d[ABD-HJLNP-UW-Z]{2}")
_NINO_SAID = regex.compile(r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")
#: A police rank, then the collar number said in words: "PC four four seven one".
_RANK_SAID = regex.compile(
    r"\b(?:PC|DC|PS|DS|PCSO|Sgt|Sergeant|Constable)\.?[ ]+(?P<number>(?:(?:oh|zero|one|two|three|four|five|six|seven|eight"
    r"|nine|double|treble)[ ,-]*){2,6})",
    regex.IGNORECASE,
)
#: The names of a police reference that say a run of digits after them is one (not "number" alone).
_REFERENCE_NAMES = (
    "crime number", "crime reference", "crime ref", "reference", "reference number", "ref", "log number",
    "incident number", "occurrence number", "occurrence", "cad", "storm",
)
#: A UK phone number's shape (0 and ten digits): left to the phone rules.
_PHONE_SHAPE = regex.compile(r"0\d{9,10}")
#: What a police reference is called before it is read out: "crime number", "log", "occurrence".
_REFERENCE_WORDS = (
    "crime number", "crime reference", "crime ref", "reference", "ref", "log", "log number", "incident", "occurrence",
    "number", "marac", "cad", "storm",
)
#: A reference's scheme read out before its first slash: "MARAC slash", "CAD stroke".
_SCHEME_BEFORE = regex.compile(
    r"\b(?:MARAC|CAD|STORM|CRIS|CRN|URN|[A-Z]{2,5})[ ]*,?[ ]*(?:(?i:forward[ ]slash|slash|stroke)|/)[ ]*,?[ ]*$"
)
#: Between the parts of a reference read out: "one three slash two one four four oh slash twenty-two".
_SLASH_SAID = regex.compile(r"[ ]*,?[ ]*(?:(?i:forward[ ]slash|slash|stroke)|/)[ ]*,?[ ]*")


@functools.cache
def _day_said() -> regex.Pattern[str]:
    """The day a log was opened, said after its serial: "of the ninth", "of the thirteenth of the
    tenth", "of the fourteenth of June", ", twelfth of the tenth, twenty-two"."""
    ordinal = "|".join(sorted(ORDINALS, key=len, reverse=True))
    day = rf"(?:(?:twenty|thirty)[- ](?:{ordinal})|{ordinal})"
    month = "|".join(MONTHS)
    year = r"(?:(?:twenty|nineteen)[- ]?[a-z]+(?:[- ][a-z]+)?|\d{2,4})"
    return regex.compile(
        rf"(?:,?[ ]of[ ]the[ ]|,[ ](?:the[ ])?){day}(?:[ ]of[ ](?:the[ ])?(?:{day}|{month}))?(?:,?[ ]{year}(?![a-z]))?",
        regex.IGNORECASE,
    )


#: A full name and a comma right before a date said aloud, as a record reads out a person:
#: "Jason Lee Miles, third of the fourth, eighty-five, PNC ...".
_AFTER_FULL_NAME = regex.compile(r"(?<![\p{L}])\p{Lu}\p{Ll}+(?:[ ]\p{Lu}[\p{Ll}'’-]+){1,3},[ ]$")
_NOT_NAME_WORDS = frozenset("on in at by from since until till after before the and but then".split())


def _after_full_name(text: str, start: int) -> bool:
    """Say whether a full name and a comma stand right before ``start`` ("Jason Lee Miles, ..."),
    not a sentence's opening words ("On Saturday, ...")."""
    match = _AFTER_FULL_NAME.search(text, max(0, start - 60), start)
    words = match.group().rstrip(", ").split() if match is not None else []
    return bool(words) and not any(w.casefold() in _NOT_NAME_WORDS or is_calendar_word(w) for w in words)


_REG_WORDS = ("reg", "registration", "number plate", "plate", "plates", "reg number", "index number")
_PHONE_WORDS = ("number", "phone", "mobile", "ring", "rang", "call", "text", "landline", "contact", "reach")
#: The phone words that say a phone, not any number: near a reference's digits, a phone's instead.
_PHONE_ONLY = tuple(word for word in _PHONE_WORDS if word != "number")
_DOB_WORDS = ("born", "date of birth", "dates of birth", "dob", "d.o.b", "birthday", "birth date")


_NHS_WORDS = ("nhs", "nhs number", "health number", "chi number", "patient number")
_NINO_WORDS = ("national insurance", "ni number", "n i number", "nino", "ni no")
_NINO_LOOSE = regex.compile(r"[A-Z]{2}\d{6}[A-D]?")  # the strict pattern aside: "Q Q one two ..." (HMRC's example)
_SORT_CODE_WORDS = ("sort code", "sort-code", "sortcode")
#: An account number's name right before it: "account number ...", "account seven one, ...".
_ACCOUNT_BEFORE = regex.compile(r"(?i)\b(?:account|acc|acct)(?:[ ]+(?:number|no\.?|num))?(?:[ ]+(?:is|was))?[ ,:.-]*$")


def _nhs_valid(digits: str) -> bool:
    """Say whether ten digits pass the NHS number's modulus 11 check."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _is_phone(digits: str, *, cued: bool) -> bool:
    """Say whether digits said aloud are a UK phone number: possible for GB, or, after a phone
    word, a 10-14 digit run from 0 (people add, drop or say again a digit when they say a number)."""
    if digits.startswith("44") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if digits.startswith("7") and len(digits) == 10:
        digits = "0" + digits  # "seven seven double oh, nine hundred, five two eight", the oh left off
    if digits.startswith("0") and len(digits) in (8, 9) and (cued or digits[1] in "1237"):
        # A number broken off after its first eight digits still narrows to a few people; from
        # "oh one", "oh two", "oh three" or "oh seven" it is a phone number's start, cue or none.
        return True
    if cued and digits.startswith("0") and len(digits) in (13, 14):
        return True  # "one one... treble one": a number and a digit said twice, after a phone word
    if not digits.startswith("0") or len(digits) not in (10, 11, 12):
        return False
    if cued:
        return True
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(digits, "GB")))
    except phonenumbers.NumberParseException:
        return False


def _phone_start(text: str, run: Run, *, cued: bool) -> int | None:
    """Return where the phone number in a run starts, or None: a run may begin with a word that is
    not part of it ("the English one, oh seven seven...")."""
    value, start = run.value, run.start
    for _ in range(3):
        if value.isdigit() and _is_phone(value, cued=cued):
            return start
        first = _FIRST_WORD.search(text[start : run.end])
        if first is None or not value:
            return None
        token = first.group().casefold()
        said = spoken_digits(token)
        if said is None or len(said) >= len(value):
            return None
        value = value[len(said) :]
        nxt = _LETTER_OR_DIGIT.search(text[start + first.end() : run.end])
        if nxt is None:
            return None
        start = start + first.end() + nxt.start()
    return None

_FIRST_WORD = regex.compile(r"[\w-]+")
_LETTER_OR_DIGIT = regex.compile(r"[^\W_]")



@register
class SpokenNumberRecognizer(EntityRecognizer):
    """Numbers said aloud: a UK phone number in words ("oh seven seven double oh nine double oh
    one two three", digits and words mixed, "treble", fillers inside), a registration in the
    phonetic alphabet ("Lima Victor one nine Kilo Papa Echo") and a date of birth in words ("born
    on the third of March nineteen eighty-one").

    A run counts as a phone number when it has 10 or 11 digits starting with 0 (or 44) that
    libphonenumber finds possible for GB, or 10 from a mobile's "seven" with the "oh" left off,
    and at least one of them was said in words (numerals alone are the phone recognizer's); a
    number broken off after 8 or 9 digits counts from "oh one/two/three/seven" or after a phone
    word. A date in words is a date of birth only after "born", "date of birth", "DOB" or
    "birthday" (within 60 characters); other dates are chronology and stay. A number's other
    parts, said later or a turn later, are ``detect/answers.py``'s. Not handled: foreign numbers
    in words.
    """

    SHOULD_MATCH = (
        ("WILL: Mine. 07700 9 double 0, 3 4 8. Dad doe answer his mobile.", "07700 9 double 0, 3 4 8"),
        ('"Occurrence number" - two three, oh four one, one eight seven.', "two three, oh four one, one eight seven"),
        ("CALLER: He's forty-three. Second of March, eighty, his birthday, why does that", "Second of March, eighty"),
        ("number was oh seven seven double oh, nine double oh one two", "oh seven seven double oh, nine double oh one two"),
        ("call me on 07700 nine double oh, er, one two three", "07700 nine double oh, er, one two three"),
        ("the reg was Lima Victor one nine Kilo Papa Echo", "Lima Victor one nine Kilo Papa Echo"),
        ("she was born on the third of March nineteen eighty-one", "the third of March nineteen eighty-one"),
        ("date of birth, twelfth of the fourth eighty-six", "twelfth of the fourth eighty-six"),
        ("her birthday's the fourteenth of Feb, she'd be forty-four", "the fourteenth of Feb"),
        ("NHS number... nine nine nine, three one eight, five five two three. And",
         "nine nine nine, three one eight, five five two three"),
        ("Silver Octavia. Y H six four, Kilo Victor Tango. The police", "Y H six four, Kilo Victor Tango"),
        ("it's plus four four seven seven double oh nine hundred one two",
         "four four seven seven double oh nine hundred one two"),
        ("His is seven seven oh oh, nine oh oh, four three eight, with the oh in front.",
         "seven seven oh oh, nine oh oh, four three eight"),
        ("I only saw the start of the reg, C V nineteen, something.", "C V nineteen"),
        ("It was PC four four seven one who came.", "four four seven one"),
        ("the postcode is L S nine, four A B", "L S nine, four A B"),
        ("Mablethorpe, L N twelve, two Q Zed. Thank you.", "L N twelve, two Q Zed"),
        ("her national insurance, A B one two three four five six C", "A B one two three four five six C"),
        ("hang on, I've got it in here... oh seven seven double oh, nine double oh -",
         "oh seven seven double oh, nine double oh"),
        ("NHS number, four eight five, seven seven seven, three four five six",
         "four eight five, seven seven seven, three four five six"),
        ("her national insurance number is Q Q one two three four five six C", "Q Q one two three four five six C"),
        ("DOB fourteen oh three nineteen eighty-five", "fourteen oh three nineteen eighty-five"),
        ("Her birthday was twenty-third July, she'd have been thirty-five.", "twenty-third July"),
        ("date of birth, one four, oh three, eight five.", "one four, oh three, eight five"),
        ("sort code two oh, one two, three four", "two oh, one two, three four"),
        ("Your prison number?\n10.07 DW: A, four eight two one, K T.", "A, four eight two one, K T"),
        ("Number's A8164EJ. Alpha eight one six four, Echo Juliet, they make you learn it",
         "Alpha eight one six four, Echo Juliet"),
        ("he'd parked it across the pavement. Charlie Kilo six niner, Whiskey Foxtrot Tango.",
         "Charlie Kilo six niner, Whiskey Foxtrot Tango"),
        ("one of them private number plates on his BMW. G one L, L Y.", "G one L, L Y"),
        ("Crime number one three slash two one four four oh slash twenty-two, that's it.",
         "one three slash two one four four oh slash twenty-two"),
        ("They gave me a log number and I wrote it on my hand. Log four-one-two of the ninth. The ninth of June.",
         "four-one-two of the ninth"),
        ("I've got a reference on my phone: two-nine-seven of the thirteenth of the tenth.",
         "two-nine-seven of the thirteenth of the tenth"),
        ("the account number was four one two three, four five six seven", "four one two three, four five six seven"),
        ("Sort code four oh, sixty-two, eighteen, account seven one, three three, oh nine, four two. I gave",
         "seven one, three three, oh nine, four two"),
        ("He was given a log number on a card: 0893 of the fourteenth of the ninth. The second",
         "0893 of the fourteenth of the ninth"),
        ("They gave me a number, oh-three-four-five of the fourteenth of June. And I told them",
         "oh-three-four-five of the fourteenth of June"),
        ("The custody sergeant did. Jason Lee Miles, third of the fourth, eighty-five, PNC 11/604532R.",
         "third of the fourth, eighty-five"),
        ("The MARAC was in December, reference MARAC slash S-W slash two two slash oh nine one. I got",
         "MARAC slash S-W slash two two slash oh nine one"),
        ("National Insurance. I had to find it in her drawer. [reading] Q Q, three one, four four, zero six, B for Bravo.",
         "Q Q, three one, four four, zero six, B for Bravo"),
    )
    SHOULD_NOT_MATCH = (
        "she had one or two drinks, maybe three",
        "double-barrelled, Smith-Jones, S M I T H hyphen J O N E S.",
        "we met on the third of March two thousand and nineteen at the hearing",
        "Mike and Charlie came round at nine",
        "call 07700 900123",
        "we waited one, two, three, four, five hours",
        "the reg was in the Mike Oscar file, page one two",
        "it was the fourteenth of February when the police came",
        "she was born in nineteen eighty-five, one four oh three people live there",
        "the account of what happened, one two three four five six seven eight",
        "We met on the twenty-third July, it was raining",
        "On Saturday, the third of June, twenty twenty, he left",
        "I rang at 1230 of the clock from room 101 of the third floor",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[
                Label.PHONE_NUMBER.value, Label.VEHICLE_REGISTRATION.value, Label.DATE_OF_BIRTH.value, Label.UK_NHS.value,
                Label.UK_POSTCODE.value, Label.UK_NINO.value, Label.COLLAR_NUMBER.value, Label.BANK_DETAILS.value,
                Label.PRISON_NUMBER.value, Label.POLICE_REFERENCE.value,
            ],
            name=NAME,
        )

    def load(self) -> None:
        """Nothing to load."""

    @staticmethod
    def _said_code(run: Run) -> Label | None:
        """The kind of a prison number, postcode or National Insurance number spelled out ("L S
        nine, four A B", "A, four four one seven, Delta Quebec")."""
        if run.letters < 2 or not run.spoken:
            return None
        if _PRISON_SAID.fullmatch(run.value):
            return Label.PRISON_NUMBER
        if _POSTCODE_SAID.fullmatch(run.value):
            return Label.UK_POSTCODE
        if _NINO_SAID.fullmatch(run.value):
            return Label.UK_NINO
        return None

    @staticmethod
    def _after_its_name(text: str, run: Run, entities: list[str]) -> Label | None:
        """The kind of a number read aloud right after its own name, whatever its check digits say
        (a speaker misreads one, a writer makes one up): "NHS number, four eight five, ...", "sort
        code two oh, one two, three four", "account number ...", "national insurance Q Q one two
        ...", "DOB fourteen oh three nineteen eighty-five"."""
        value = run.value
        digits = value.isdigit()

        # (kind, whether the run fits it, its names, how far before the run a name may stand): a
        # National Insurance number is often read off a card a sentence after it is asked for.
        checks = (
            (Label.UK_NHS, digits and len(value) == 10, _NHS_WORDS, 40),
            (Label.UK_NINO, run.letters >= 2 and bool(_NINO_LOOSE.fullmatch(value)), _NINO_WORDS, 80),
            (Label.BANK_DETAILS, digits and len(value) == 6, _SORT_CODE_WORDS, 40),
            (Label.DATE_OF_BIRTH, digits and is_date_digits(value), _DOB_WORDS, 40),
        )
        for label, fits, words, before in checks:
            if fits and label.value in entities and has_context(text, run.start, run.end, words, before=before, after=0):
                return label
        account = digits and len(value) == 8 and not value.startswith("0")
        if account and Label.BANK_DETAILS.value in entities and _ACCOUNT_BEFORE.search(text, max(0, run.start - 30), run.start):
            return Label.BANK_DETAILS
        return None

    def _references(self, text: str, runs: list[Run]) -> list[RecognizerResult]:
        """Police references read out after their name: parts joined by "slash" or "stroke" ("one
        three slash two one four four oh slash twenty-two"), or a log's serial and its day ("log
        four-one-two of the ninth", "two-nine-seven of the thirteenth of the tenth"). ``runs`` are
        the text's spoken runs of any length."""
        found = []
        runs = [r for r in runs if r.value.isalnum()]
        i = 0
        while i < len(runs):
            j = i
            while j + 1 < len(runs) and _SLASH_SAID.fullmatch(text, runs[j].end, runs[j + 1].start):
                j += 1
            group = runs[i : j + 1]
            start, end = group[0].start, group[-1].end
            if j > i and (named := _SCHEME_BEFORE.search(text, max(0, start - 20), start)) is not None:
                start = named.start()  # "MARAC slash S-W slash two two ...": the scheme is part of it
            said = any(r.spoken for r in group) and sum(len(r.value) for r in group) >= 6
            cued = has_context(text, start, end, _REFERENCE_WORDS, before=60, after=0)
            if j > i and said and cued:
                found.append(self._result(Label.POLICE_REFERENCE, start, end, "reference read aloud"))
            elif j == i and 3 <= len(group[0].value) <= 5 and group[0].value.isdigit() and cued:  # "0893 of the ninth" too
                day = _day_said().match(text, end)
                if day is not None:
                    found.append(self._result(Label.POLICE_REFERENCE, start, day.end(), "log number read aloud"))
            i = j + 1
        return found

    def _result(self, label: Label, start: int, end: int, why: str) -> RecognizerResult:
        return make_result(self, label.value, start, end, SCORE, why)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Return spoken phone numbers, registrations and dates of birth; ``nlp_artifacts`` is unused."""
        if not _PREFILTER.search(text):
            return []
        results = []
        runs = spoken_runs(text, min_length=1)
        for run in (r for r in runs if len(r.value) >= 4):
            if not run.spoken:
                continue
            said = self._said_code(run)
            if said is not None and said.value in entities:
                results.append(self._result(said, run.start, run.end, "code read aloud"))
                continue
            named = self._after_its_name(text, run, entities)
            if named is not None:
                results.append(self._result(named, run.start, run.end, "number read aloud after its name"))
                continue
            if run.letters >= 2 or len(run.value) == 4:  # a registration, whole or its start; nothing else so short
                if Label.VEHICLE_REGISTRATION.value in entities and _REAL_DIGIT.search(text, run.start, run.end):
                    if any(p.fullmatch(run.value) for p in _PLATES):
                        results.append(self._result(Label.VEHICLE_REGISTRATION, run.start, run.end, "registration read aloud"))
                    elif (_PLATE_START.fullmatch(run.value) or _PLATE_ANY.fullmatch(run.value)) and has_context(
                        text, run.start, run.end, _REG_WORDS, before=80, after=0
                    ):
                        results.append(self._result(Label.VEHICLE_REGISTRATION, run.start, run.end, "part of a registration"))
                continue
            if (
                run.value.isdigit() and 6 <= len(run.value) <= 14 and not _PHONE_SHAPE.fullmatch(run.value)
                and Label.POLICE_REFERENCE.value in entities
                and has_context(text, run.start, run.end, _REFERENCE_NAMES, before=50, after=0)
                and not has_context(text, run.start, run.end, _PHONE_ONLY, before=50, after=0)
            ):  # "Occurrence number - two three, oh four one, one eight seven"
                results.append(self._result(Label.POLICE_REFERENCE, run.start, run.end, "reference read aloud"))
                continue
            if len(run.value) == 10 and run.value.isdigit() and Label.UK_NHS.value in entities:
                if _nhs_valid(run.value) and has_context(text, run.start, run.end, _NHS_WORDS, before=80, after=20):
                    results.append(self._result(Label.UK_NHS, run.start, run.end, "NHS number read aloud"))
                    continue
            if Label.PHONE_NUMBER.value in entities:
                cued = has_context(text, run.start, run.end, _PHONE_WORDS, before=80, after=40)
                start = _phone_start(text, run, cued=cued)
                if start is not None:
                    results.append(self._result(Label.PHONE_NUMBER, start, run.end, "phone number read aloud"))
        if Label.POLICE_REFERENCE.value in entities:
            results.extend(self._references(text, runs))
        if Label.COLLAR_NUMBER.value in entities:
            for match in _RANK_SAID.finditer(text):  # "PC four four seven one"
                for said_number in spoken_runs(match.group("number"), min_length=2)[:1]:
                    if said_number.spoken and said_number.value.isdigit() and 2 <= len(said_number.value) <= 5:
                        offset = match.start("number")
                        start, end = offset + said_number.start, offset + said_number.end
                        results.append(self._result(Label.COLLAR_NUMBER, start, end, "collar number read aloud"))
        if Label.DATE_OF_BIRTH.value in entities:
            full = spoken_dates(text)
            for start, end in full:
                # "born the third of March...", "Second of March, eighty, his birthday"
                if has_context(text, start, end, _DOB_WORDS, before=60, after=25) or _after_full_name(text, start):
                    results.append(self._result(Label.DATE_OF_BIRTH, start, end, "date of birth read aloud"))
            for start, end in spoken_days_of_months(text):  # "her birthday's the fourteenth of Feb"
                inside = any(s <= start and end <= e for s, e in full)
                if not inside and has_context(text, start, end, _DOB_WORDS, before=40, after=0):
                    results.append(self._result(Label.DATE_OF_BIRTH, start, end, "birthday read aloud"))
        return results
