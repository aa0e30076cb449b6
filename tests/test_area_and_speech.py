"""Issue 11 and 15 end to end through the CLI with the real model: the council area and public
bodies stay, a transcript's people keep one pseudonym each, spoken numbers and answered dates of
birth go, and verification agrees."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from redactor.detect.answers import DateOfBirthAnswers, PhoneNumberParts
from redactor.document import Document, Label, Segment, Span

runner = CliRunner()

REPORT = """# Safer Wirral Partnership: Domestic Homicide Review

1.1 The Safer Wirral Partnership commissioned this review after the death of Kelly Marsh in 2023.
Wirral Council Children's Services, Wirral University Teaching Hospital NHS Foundation Trust,
Merseyside Police and Wirral Homes contributed. Freya, the specialist domestic abuse charity, also
contributed; a Freya support worker met the family.

1.2 Kelly lived in Birkenhead with her partner Gary Stone.
"""
TRANSCRIPT = """Chair = the independent chair. Dr Amy Brown (AB) = Kelly's sister.

[00:00:04] Chair: Thank you for coming.
[00:00:09] AB: yeah. kel was my little sister. Gary Stone, that's S-T-O-N-E, he never left her alone.
[00:00:31] Chair: And her date of birth, for the record?
[00:00:36] AB: 03/05/1981.
[00:00:40] AB: her number was oh seven seven double oh, nine double oh one two three.
"""


@pytest.mark.model
def test_area_bodies_and_speech_end_to_end(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "report.md").write_text(REPORT, encoding="utf-8")
    (inputs / "interview.txt").write_text(TRANSCRIPT, encoding="utf-8")
    case = tmp_path / "case.toml"
    case.write_text(
        '[case]\nname = "DHR 1"\n\n[[person]]\nname = "Kelly Marsh"\npseudonym = "Adult A"\nrole = "victim"\n'
        'title = "Ms"\n\n[[person]]\nname = "Gary Stone"\npseudonym = "Adult B"\nrole = "perpetrator"\ntitle = "Mr"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["redact", str(inputs), "--out", str(out), "--case", str(case), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Council area: Wirral (found in the documents" in " ".join(result.output.split())
    report = (out / "report.md").read_text(encoding="utf-8")
    for kept in ("Safer Wirral Partnership", "Wirral Council Children's Services", "Merseyside Police", "Wirral Homes",
                 "Wirral University Teaching Hospital NHS Foundation Trust", "Freya, the specialist"):
        assert kept in report
    interview = (out / "interview.txt").read_text(encoding="utf-8")
    for gone in ("Amy", "Brown", "AB:", "kel ", "Gary", "S-T-O-N-E", "03/05/1981", "double oh"):
        assert gone not in interview
    assert "Chair:" in interview
    assert "Adult B, that's ADULT B" in interview  # the spelled surname is the perpetrator's
    assert interview.count("Person A:") == 3  # the sister's initials label, everywhere the same
    statement = (out / "redaction-statement.md").read_text(encoding="utf-8")
    assert "Wirral" in statement
    verify = runner.invoke(app, ["verify", str(out), "--case", str(case)])
    assert verify.exit_code == 0, verify.output


def test_a_date_answering_a_date_of_birth_question_is_one() -> None:
    doc = Document(
        Path("t.txt"), "text",
        (Segment("body/p/0", "INT: And her date of birth?\nMUM: 03/05/1981. She was lovely."),
         Segment("body/p/1", "INT: When did you last see her?\nMUM: 4 March 2022.")),
    )
    spans = DateOfBirthAnswers().run(doc).spans
    assert [(doc.span_text(s), s.label) for s in spans] == [("03/05/1981", Label.DATE_OF_BIRTH)]


def _dob_answers(text: str) -> list[str]:
    """The dates DateOfBirthAnswers marks in ``text``, one segment of a plain-text file."""
    doc = Document(Path("t.txt"), "text", (Segment("body/p/0", text),))
    return [doc.span_text(s) for s in DateOfBirthAnswers().run(doc).spans]


def test_a_follow_up_question_after_a_date_of_birth_asks_for_another() -> None:
    text = (
        "SH: Her date of birth?\nGWEN: 19/07/1991. Hot, it was.\nSH: And Lowri's, if you know it?\n"
        "GWEN: Eleventh of May, twenty sixteen.\nSH: And when did you move?\nGWEN: 4 March 2022."
    )
    assert _dob_answers(text) == ["19/07/1991", "Eleventh of May, twenty sixteen"]
    text = (
        "Chair: His date of birth?\nAB: 21/06/1988.\n"
        "Chair: And your own, so we can keep you apart in the records?\n"
        "AB: Fourth of March, sixty-three.\nChair: And when did he move out?\nAB: 4 March 2022."
    )
    assert _dob_answers(text) == ["21/06/1988", "Fourth of March, sixty-three"]


def test_an_interpreted_or_confirmed_date_of_birth_is_one_until_another_question() -> None:
    text = (
        "CHAIR: And her date of birth, for the records?\nMRS MORGAN: [in Welsh]\n"
        "ER: The fifth of March, nineteen eighty-seven.\nHUW: Five, three, eighty-seven. Yeah.\n"
        "CHAIR: When did she move to Llanelli?\nHUW: 4 March 2022."
    )
    assert _dob_answers(text) == ["The fifth of March, nineteen eighty-seven", "Five, three, eighty-seven"]


def test_turns_that_are_only_a_note_do_not_use_up_the_answer() -> None:
    text = (
        "Chair: And her date of birth?\nINT: [interprets the question]\nMB: [Punjabi]\n"
        "INT: She says: the ninth of December, nineteen ninety.\nHSB: Two three, oh seven, ninety-one."
        "\nChair: When did they marry?\nHSB: 4 March 2012."
    )
    assert _dob_answers(text) == ["the ninth of December, nineteen ninety", "Two three, oh seven, ninety-one"]


def test_a_date_of_birth_given_turns_later_and_without_its_year_is_one() -> None:
    text = (
        "Interviewer - What was Dani's date of birth?\nSS - [pause] I'm going to cry if I say it.\n"
        "Interviewer - That's all right. We can come back to it.\nRS - Her flat was in Tilbury.\n"
        "SS - Thirtieth of November. St Andrew's Day.\nInterviewer - When did he move in?\n"
        "RS - The first of May."
    )
    assert _dob_answers(text) == ["Thirtieth of November"]


def test_a_date_of_birth_in_a_speech_to_text_export_is_one() -> None:
    turns = [
        ("Helen Yardley   00:01:05", "and his date of birth"),
        ("Speaker 2   00:01:08", "14th of the 2nd 55 valentine's day he used to say"),
        ("Helen Yardley   00:01:15", "and her date of birth"),
        ("Speaker 2   00:01:24", "um 22nd of september 86 the 22nd 9 86 she was born at the general"),
        ("Helen Yardley   00:01:40", "when did you move in there"),
        ("Speaker 2   00:01:43", "the 3rd of may 1990"),
    ]
    doc = Document(Path("t.txt"), "text", tuple(Segment(f"body/p/{i}", f"{a}\n{b}") for i, (a, b) in enumerate(turns)))
    spans = DateOfBirthAnswers().run(doc).spans
    assert [doc.span_text(s) for s in spans] == ["14th of the 2nd 55", "22nd of september 86", "the 22nd 9 86"]


def test_a_report_line_that_mentions_a_date_of_birth_asks_for_none() -> None:
    doc = Document(
        Path("t.txt"), "text",
        (Segment("body/p/0", "4.6 The record gives her date of birth, 12/03/1984, and address.\n"
                             "4.7 The case was heard at the MARAC on 10 September 2020."),),
    )
    assert DateOfBirthAnswers().run(doc).spans == ()


def _phone_parts(text: str, found: str) -> list[str]:
    """The PHONE_NUMBER texts PhoneNumberParts gives ``text``, where a recognizer found ``found``."""
    start = text.index(found)
    doc = Document(
        Path("t.txt"), "text", (Segment("body/p/0", text),),
        spans=(Span("body/p/0", start, start + len(found), Label.PHONE_NUMBER, "spoken_number", 0.85),),
    )
    return [doc.span_text(s) for s in PhoneNumberParts().run(doc).spans]


def test_a_phone_number_finished_after_an_interruption_is_one_number() -> None:
    text = (
        "SR: Her number was oh seven seven double oh, nine double oh -\n"
        "[speaks in Urdu]\n"
        "SR: Sorry, me mum's asking if you want a drink. Four one seven. That's the end of it, nine double oh, four one seven.\n"
        "Chair: Thank you. We waited two or three hours, then one, two more.\n"
        "Chair: Room one two three was empty."
    )
    assert _phone_parts(text, "oh seven seven double oh, nine double oh") == [
        "oh seven seven double oh, nine double oh", "Four one seven", "nine double oh, four one seven",
    ]


def test_a_number_taken_up_again_on_its_line_and_a_numbers_last_digits() -> None:
    text = "Ring my mum's, it's oh one six three two, nine six oh... sorry, nine six oh, seven oh one. Ta."
    assert _phone_parts(text, "oh one six three two, nine six oh")[1:] == ["sorry, nine six oh, seven oh one"]
    corrected = "Mine's oh seven seven double oh, nine double oh, four one nine... no sorry, four nine one. Ta."
    assert _phone_parts(corrected, "oh seven seven double oh, nine double oh, four one nine")[1:] == ["no sorry, four nine one"]
    restarted = "RC: Oh seven seven double oh, nine hundred and... no, sorry, nine double oh, treble two. That's my mobile."
    restart = "and... no, sorry, nine double oh, treble two"
    assert _phone_parts(restarted, "Oh seven seven double oh, nine hundred")[1:] == [restart]
    lone = Document(Path("t.txt"), "text", (Segment("body/p/0", "And mine's the one ending one four seven. Three kids."),))
    assert [lone.span_text(s) for s in PhoneNumberParts().run(lone).spans] == ["one four seven"]
    ended = Document(Path("t.txt"), "text", (Segment("body/p/0", "And his, I blocked it. It ended eight-two-six. I'd know it."),))
    assert [ended.span_text(s) for s in PhoneNumberParts().run(ended).spans] == ["eight-two-six"]


def test_an_answer_in_another_language_is_what_its_interpreter_renders() -> None:
    from redactor.detect.answers import InterpretedAnswers
    from redactor.detect.nlp import is_dictionary_word

    text = (
        "Chair: And your date of birth?\nAW: [Polish] Piętnasty marca, osiemdziesiąty piąty.\n"
        "Interpreter: Fifteenth of March, nineteen eighty-five.\nAW: [Polish] Dziękuję bardzo.\n"
        "Chair: And you came here when?\nAW: In two thousand and nine, with my husband.\n"
        "Interpreter: 4 March 2009."
    )
    doc = DateOfBirthAnswers().run(Document(Path("t.txt"), "text", (Segment("body/p/0", text),)))
    spans = InterpretedAnswers(is_word=is_dictionary_word).run(doc).spans
    assert [(doc.span_text(s), s.label) for s in spans if s.label is Label.DATE_OF_BIRTH] == [
        ("Fifteenth of March, nineteen eighty-five", Label.DATE_OF_BIRTH),
        ("Piętnasty marca, osiemdziesiąty piąty", Label.DATE_OF_BIRTH),
    ]
