"""Dates of birth: a date shortly after "DOB", "date of birth" or "born"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import follows_trigger, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_NUMERIC = rf"\b{_DAY}([/.\- ]){_MONTH_NUMBER}\1(?:{_YEAR}|\d\d)\b"  # 12/03/1985, 12.03.85, 12 03 1985
_ISO = rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"  # 1985-03-12
_DAY_MONTH = rf"\b{_DAY}{_ORDINAL}(?:\s+of)?\s+{_MONTH},?\s+(?:{_YEAR}|['’]?\d\d)\b"  # 12 March 1985, 12th Mar '85, 12 March 85
_MONTH_DAY = rf"\b{_MONTH}\s+{_DAY}{_ORDINAL},?\s+{_YEAR}\b"  # March 12, 1985
_MONTH_YEAR = rf"\b{_MONTH}\s+{_YEAR}\b"  # "born in March 1985"
_DAY_MON_DASHED = rf"\b{_DAY}([-/]){_MONTH}\1(?:{_YEAR}|\d\d)\b"  # 12-Mar-1985, 12/Mar/85
# A birthday's day and month without its year ("her birthday is 14 February", "born on the 3rd
# of May"): part of a date of birth, never published (DOMAIN.md); taken only after a trigger.
_NO_YEAR = rf"(?!,?\s*(?:{_YEAR}|['’]?\d\d\b|\d))"
_MONTH_NO_DOT = _MONTH.removesuffix(r"\.?")  # the sentence's full stop is not the month's
_DAY_MONTH_ONLY = rf"\b{_DAY}{_ORDINAL}(?:\s+of)?\s+{_MONTH_NO_DOT}(?!\w){_NO_YEAR}"
_MONTH_DAY_ONLY = rf"\b{_MONTH_NO_DOT}\s+{_DAY}{_ORDINAL}\b{_NO_YEAR}"
_WITHOUT_YEAR = frozenset({"date_day_month_only", "date_month_day_only"})

# The trigger, then at most three short words ("on", "in London on", "is recorded as") and
# punctuation, then the date.
# "b." counts only after a comma or bracket ("Ewa Kowalska, b. 27/01/1985"), not as a list item.
_TRIGGER = r"(?<!\w)(?:d\.?\s?o\.?\s?b\b\.?|dates?\s+of\s+birth|birth\s?dates?|birthdays?|born|(?<=[,(]\s?)b\.)(?!\w)"
_STOP_WORDS = r"(?:and|but|then|until|after|before|when|while|since|died|death|aged?)\b"
_GAP = rf"[^\w\n]{{0,4}}(?:(?!{_STOP_WORDS})[A-Za-z]+[^\w\n]{{1,4}}){{0,3}}"
_TRIGGER_REGEX = regex.compile(_TRIGGER, regex.IGNORECASE)
_GAP_REGEX = regex.compile(_GAP, regex.IGNORECASE)
_SENTENCE_BREAK = regex.compile(r"[.!?;]\s+[A-Z]|\n")
# A date right after a date of birth, separated only by this, is one too: "| Date of birth |
# 2 August 1971 | 14 March 1967 |", "dates of birth 3 May 2015 and 9 June 2017".
_LIST_SEPARATOR = regex.compile(r"\s*(?:[|,;/&]|and)\s*", regex.IGNORECASE)
_WINDOW = 60
#: Words right after a date that make it a date of birth: a trigger after it ("12/03/1985
#: (DOB)"), or what a subjects list gives next to one: sex, ethnicity ("Jane Doe, 12/03/1984,
#: female, White British").
_AFTER = regex.compile(
    r"[ \t]*[,;|(\-–][ \t]*(?:(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|born)(?!\w)"
    r"|(?:(?:aged[ \t]+)?\d{1,3}(?:[ \t]*(?:years?|yrs?))?[ \t]*[,;|][ \t]*)?"  # "| 38 |", an age cell between
    r"(?:(?:female|male|woman|man)\b[ \t]*[,;|)]|(?:white|black|asian|mixed|british|irish|pakistani|bangladeshi|indian"
    r"|african|caribbean|polish|chinese|arab|gypsy|traveller)\b))",
    regex.IGNORECASE,
)


#: A line that lists several people's dates of birth: "Dates of birth, checked against the
#: chair's list: Jo, 14th Feb 1984; Lee, 21.6.81".
_PLURAL_TRIGGER = regex.compile(r"(?i)(?<!\w)(?:dates\s+of\s+birth|birth\s?dates|birthdays|d\.?o\.?b\.?s)(?!\w)")


def _in_a_list_of_births(text: str, start: int) -> bool:
    """Say whether a full date stands on a line, after "dates of birth" (plural), within 300 characters."""
    line_start = text.rfind("\n", 0, start) + 1
    return _PLURAL_TRIGGER.search(text, max(line_start, start - 300), start) is not None


@register
class DateOfBirthRecognizer(PatternRecognizer):
    """Find dates of birth: a date right after "DOB", "D.O.B.", "date of birth" or "born".

    The span is the date, not the trigger. Up to three words may come between the two ("born in
    London on 3 May 2015", "date of birth is recorded as 12/03/1985"), but not a sentence break
    or a word such as "and", "after" or "died". A month and year after a trigger ("born in March
    1985") count too. Score 0.95. A date without a trigger never matches: chronology dates are
    kept.

    "b." is a trigger only after a comma or bracket ("Ewa Kowalska, b. 27/01/1985"). A date that
    follows a date of birth with only a list separator between ("|", ",", "and") is one too.

    A full date followed by a trigger ("12/03/1985 (DOB)") or by what a subjects list puts beside
    a date of birth (sex, ethnicity: "Jane Doe, 12/03/1984, female, White British") is one too.

    A day and month without a year ("her birthday is 14 February") counts only right after a
    trigger.

    Not handled: a year alone ("born in 1985": no more than the age, which stays), dates in
    Word table cells whose column heading is the trigger (each cell is its own text), a
    birth-death range without a trigger ("Carys Jones, 4 February 1981 – October 2019"),
    American month-first numeric dates, and dates written in words ("the twelfth of March").
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Adult A (DOB 12/03/1985) was known to the GP.", "12/03/1985"),
        ("The perpetrator, D.O.B. 12.03.85, had two previous partners.", "12.03.85"),
        ("Her date of birth is recorded as 12 March 1985 on the GP system.", "12 March 1985"),
        ("Child 1 was born on 12th March 2015 at Lewisham Hospital.", "12th March 2015"),
        ("The police log gives his date of birth as March 12, 1985.", "March 12, 1985"),
        ("Date of birth: 1985-03-12", "1985-03-12"),
        ("Date of birth: 23 July 89.", "23 July 89"),
        ("DOB 12 03 1985", "12 03 1985"),
        ("4. Dates of birth, checked against the chair's list: Jo, 14th Feb 1984 (KH); Lee, 21.6.81.", "21.6.81"),
        ("Name: Adult A\nDate of Birth:\n12/03/1985\nAddress: withheld", "12/03/1985"),
        ("She was born in London on 3 May 1990 and moved to Kent in 2010.", "3 May 1990"),
        ("Jane was born in March 1985.", "March 1985"),
        ("d.o.b - 01-02-1979", "01-02-1979"),
        ("- The victim: Ewa Kowalska, b. 27/01/1985, died 2021.", "27/01/1985"),
        ("| Date of birth | 2 August 1971 | 14 March 1967 |", "14 March 1967"),
        ("Born: 12-Mar-1984", "12-Mar-1984"),
        ("Adult A, 12/03/1985 (DOB), was known to the GP.", "12/03/1985"),
        ("- Jane Doe, 12/03/1984, female, White British, the victim", "12/03/1984"),
        ("| Jane Doe | 12.03.1984 | 38 | White British | victim |", "12.03.1984"),
        ("Her birthday is 12 March 1984, she told me.", "12 March 1984"),
        ("Her birthday is 14 February, she'd be forty-four now.", "14 February"),
        ("He was born on the 3rd of May, in Leeds.", "3rd of May"),
        ("It was his birthday, March 12th.", "March 12th"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "On 12/03/2019 police attended the address at 14:30.",
        "The DHR panel first met on 14 March 2020.",
        "Jane was born in 1985 and moved to Lewisham on 12 March 2019.",
        "Her date of birth is on the GP system. On 12/03/2019 she saw the GP.",
        "Newborn checks were completed on 03/05/2015.",
        "The 2019/20 action plan was agreed on 1 June 2020 (section 9.2).",
        "She was born in Jamaica, and on 12 March 2019 she moved to Lewisham.",
        "b. 12/03/2019 Police attended after a neighbour called.",
        "The DOB field was blank; on 14/03/2019 the GP saw her.",
        "On 12/03/2019, a male neighbour called the police.",
        "The review met on 12/03/2020 - the chair and the panel attended.",
        "| 12/03/2020 | 3 | Police attended. |",
        "On 14 February police attended the address.",
        "She was born in Leeds. On 3 May she moved to Kent.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.DATE_OF_BIRTH.value,
            name="date_of_birth",
            patterns=[
                Pattern("date_numeric", _NUMERIC, score=0.95),
                Pattern("date_iso", _ISO, score=0.95),
                Pattern("date_day_month", _DAY_MONTH, score=0.95),
                Pattern("date_month_day", _MONTH_DAY, score=0.95),
                Pattern("date_month_year", _MONTH_YEAR, score=0.95),
                Pattern("date_day_month_dashed", _DAY_MON_DASHED, score=0.95),
                Pattern("date_day_month_only", _DAY_MONTH_ONLY, score=0.95),
                Pattern("date_month_day_only", _MONTH_DAY_ONLY, score=0.95),
            ],
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find dates, then keep only those that follow a date-of-birth trigger."""

        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        births: set[tuple[int, int]] = set()
        previous_end: int | None = None
        for result in sorted(results, key=lambda r: (r.start, -r.end)):
            if pattern_name(result) in _WITHOUT_YEAR:  # a day and month alone: only right after a trigger
                if self._follows_trigger(text, result.start):
                    births.add((result.start, result.end))
                continue
            listed = previous_end is not None and bool(_LIST_SEPARATOR.fullmatch(text, previous_end, result.start))
            said_after = pattern_name(result) != "date_month_year" and bool(_AFTER.match(text, result.end))
            if listed or said_after or self._follows_trigger(text, result.start) or _in_a_list_of_births(text, result.start):
                births.add((result.start, result.end))
                previous_end = result.end
        return rescore(results, lambda r: 0.95 if (r.start, r.end) in births else 0.0)

    @staticmethod
    def _follows_trigger(text: str, start: int) -> bool:
        """Say whether a trigger ends shortly before ``start``, in the same sentence."""
        return follows_trigger(text, start, _TRIGGER_REGEX, _GAP_REGEX, _SENTENCE_BREAK, _WINDOW)
