"""Numbers, letters and dates read aloud (redactor.spoken): what each run spells."""

from __future__ import annotations

import pytest

from redactor.spoken import may_say_digits, spoken_dates, spoken_runs


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        ("oh seven seven double oh, nine double oh one two three", "oh seven seven double oh, nine double oh one two three",
         "07700900123"),
        ("it's 07700 nine double oh, one two three ok", "07700 nine double oh, one two three", "07700900123"),
        ("oh one six three two, nine six oh, er, double four five", "oh one six three two, nine six oh, er, double four five",
         "01632960445"),
        ("treble five, double two, four one", "treble five, double two, four one", "5552241"),
        ("seven seven double oh nine hundred, one two three", "seven seven double oh nine hundred, one two three",
         "7700900123"),
        ("Lima Victor one nine Kilo Papa Echo.", "Lima Victor one nine Kilo Papa Echo", "LV19KPE"),
        ("X-ray Ray", "", ""),
        ("nineteen eighty-one", "", ""),
    ],
)
def test_run_spells_what_was_said(text: str, said: str, value: str) -> None:
    runs = spoken_runs(text)
    assert [(text[r.start : r.end], r.value) for r in runs] == ([(said, value)] if said else [])


def test_ordinary_counting_is_no_run() -> None:
    assert spoken_runs("she had one or two drinks, maybe three") == []


def test_a_filler_after_the_last_digit_is_not_part_of_the_run() -> None:
    text = "oh seven seven double oh nine double oh one two three erm yeah"
    (run,) = spoken_runs(text)
    assert text[run.start : run.end].endswith("three")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("she was born the third of March nineteen eighty-one.", "the third of March nineteen eighty-one"),
        ("DOB twelfth of the fourth eighty-six", "twelfth of the fourth eighty-six"),
        ("March the third, nineteen eighty one", "March the third, nineteen eighty one"),
        ("the twenty-second of June two thousand and five", "the twenty-second of June two thousand and five"),
        ("DEAN: Two three, oh seven, ninety-one. Her PIN", "Two three, oh seven, ninety-one"),
        ("SH: One nine, oh one, eight one.", "One nine, oh one, eight one"),
    ],
)
def test_dates_in_words(text: str, date: str) -> None:
    assert [text[s:e] for s, e in spoken_dates(text)] == [date]


@pytest.mark.parametrize(
    "text",
    ["on the 3rd of March 1981", "in March", "the third time in a year", "account seven one, three three, oh nine, four two",
     "four five, one three, two two"],
)
def test_numeric_or_partial_dates_are_not_spoken_dates(text: str) -> None:
    assert spoken_dates(text) == []


def test_letters_said_one_by_one_in_a_registration() -> None:
    (run,) = spoken_runs("knock. N X six seven, D G U. I rang")
    assert run.value == "NX67DGU" and run.letters == 5


def test_hundred_and_and_a_pause_inside_a_phone_number() -> None:
    assert [r.value for r in spoken_runs("oh seven seven oh oh, nine hundred and, erm, six five five")] == ["07700900655"]
    assert [r.value for r in spoken_runs("Oh seven seven double oh, nine double oh, [pause] four one eight")] == [
        "07700900418"
    ]


def test_a_day_and_month_said_without_a_year() -> None:
    from redactor.spoken import spoken_days_of_months

    text = "Seventeenth. The seventeenth of the fourth. Then the fourteenth of Feb, and March the third."
    assert [text[s:e] for s, e in spoken_days_of_months(text)] == [
        "The seventeenth of the fourth", "the fourteenth of Feb", "March the third"
    ]


def test_digits_said_in_welsh_are_digits() -> None:
    from redactor.spoken import spoken_runs

    text = "Dim saith saith dwbl dim, naw dwbl dim, tri un saith. Dyna'r tŷ. A dim light, a pump, un dau."
    assert [(r.value, r.spoken) for r in spoken_runs(text)] == [("07700900317", True)]


@pytest.mark.parametrize(
    ("text", "may"),
    [
        ("oh seven seven double oh", True),
        ("it was 12 and nine", True),
        ("twenty-one", True),
        ("no one came", False),
        ("Seventy", False),
        ("Yeah, I know.", False),
    ],
)
def test_the_quick_test_for_digits_said_needs_two_number_tokens(text: str, may: bool) -> None:
    assert may_say_digits(text) is may
    if not may:  # never wrong: a line it rejects holds no spoken run of three digits
        assert not [r for r in spoken_runs(text, min_length=3) if r.spoken and r.value.isdigit()]


def test_a_pause_does_not_end_a_registration_and_a_car_named_with_the_is_no_letter() -> None:
    text = "Little red Aygo. Charlie Alpha six eight... Lima, Uniform, Tango. And the Golf, Charlie Alpha seven oh."
    values = [r.value for r in spoken_runs(text, min_length=3)]
    assert values == ["CA68LUT", "CA70"]  # not "GCA70": "the Golf" is a car
