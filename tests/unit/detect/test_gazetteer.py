"""Name lists, the name-list recognizer and the speaker-label recognizer (issue 4).

The list tests read models/names/ only. The recognizer tests also use the spaCy model's word
list (``is_dictionary_word``), so they are marked ``model``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from redactor.detect.gazetteer import FIRST_NAMES_FILE, SURNAMES_FILE, is_first_name, is_surname
from redactor.detect.recognizers.name_gazetteer import NameGazetteerRecognizer
from redactor.detect.recognizers.speaker_label import SpeakerLabelRecognizer

THRESHOLD = 0.35


def _names(path: Path) -> list[str]:
    return [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines()[1:]]


# --- the lists --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [FIRST_NAMES_FILE, SURNAMES_FILE], ids=["first", "surnames"])
def test_list_starts_with_a_source_and_licence_comment(path: Path) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# ") and "Census" in header and "MIT" in header


@pytest.mark.parametrize("path", [FIRST_NAMES_FILE, SURNAMES_FILE], ids=["first", "surnames"])
def test_list_is_sorted_and_deduplicated(path: Path) -> None:
    names = _names(path)
    keys = [n.casefold() for n in names]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("path", [FIRST_NAMES_FILE, SURNAMES_FILE], ids=["first", "surnames"])
def test_list_holds_one_latin_word_per_line(path: Path) -> None:
    bad = [
        n for n in _names(path) if not n or " " in n or any(ch.isalpha() and "LATIN" not in unicodedata.name(ch, "") for ch in n)
    ]
    assert not bad[:5]


def test_lists_are_small_enough_to_ship() -> None:
    assert FIRST_NAMES_FILE.stat().st_size + SURNAMES_FILE.stat().st_size < 2_000_000


def test_lists_are_large() -> None:
    assert len(_names(FIRST_NAMES_FILE)) > 5_000
    assert len(_names(SURNAMES_FILE)) > 20_000


@pytest.mark.parametrize(
    "name",
    ["Callum", "Tomasz", "Oluwaseun", "Siobhán", "Siobhan", "Kwame", "Abdirahman", "Nasrin", "Thanh", "Ioana", "Zeynep"],
)
def test_first_names_of_many_origins_are_listed(name: str) -> None:
    assert is_first_name(name)


@pytest.mark.parametrize(
    "name",
    ["Kowalczyk", "Wiśniewska", "Wisniewska", "Okafor", "Mensah", "Nguyen", "Popescu", "Yılmaz", "MacLeod", "Chowdhury"],
)
def test_surnames_of_many_origins_are_listed(name: str) -> None:
    assert is_surname(name)


@pytest.mark.parametrize("name", ["TOMASZ", "tomasz", "Tomasz"])
def test_first_name_lookup_ignores_case(name: str) -> None:
    assert is_first_name(name)


def test_lookup_folds_diacritics_missing_from_the_list() -> None:
    assert is_surname("Kowalczýk") is is_surname("Kowalczyk") is True


@pytest.mark.parametrize("word", ["", "The", "and", "Jane's", "Mary Jane"])
def test_function_words_possessives_and_phrases_are_not_names(word: str) -> None:
    assert not is_first_name(word)


# --- the name-list recognizer ------------------------------------------------------------------


def _found(recognizer: object, text: str) -> list[tuple[str, float]]:
    results = recognizer.analyze(text, entities=["PERSON"], nlp_artifacts=None)  # type: ignore[attr-defined]
    return [(text[r.start : r.end], round(r.score, 2)) for r in results if r.score >= THRESHOLD]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The tenancy was in Kacper's name.", "Kacper"),
        ("She had told Ngozi Eze about the flat.", "Ngozi Eze"),
        ("Alleged perpetrator: WOJCIK, Marek Pawel", "WOJCIK, Marek Pawel"),
        ("23:10 UNIT ATTENDED. FEMALE AT ADDRESS AGNIESZKA NOWAK STATES ASSAULTED.", "AGNIESZKA NOWAK"),
        ("Her aunt, Rose, had raised her.", "Rose"),
        ("Rose (aged 9) was at school.", "Rose"),
        ("Grace said she had seen the bruises.", "Grace"),
        ("Everyone knew her as Precious Mbeki.", "Precious Mbeki"),
        ("Gwen Morris took the minutes.", "Gwen Morris"),
        ("Her grandmother, Dorothy May Hargreaves, was 80.", "Dorothy May Hargreaves"),
        ('Adebola "Bola" Adeyemi was his closest friend.', 'Adebola "Bola" Adeyemi'),
        ('His brother was known as "Dazza" to everyone.', "Dazza"),
        ("Maternal grandmother: Halina Nowak (née Zielińska).", "Zielińska"),
        ("Letters were signed K. Bhattacharya.", "K. Bhattacharya"),
        ("CALLER MRS J ADEBAYO REPORTS SHOUTING", "MRS J ADEBAYO"),
        ('The log reads: "Officers spoke to NOWAK, who declined".', "NOWAK"),
        ("Child 2, Amber, was in year 4.", "Amber"),
        ("Me and Will grew up on the estate.", "Will"),
    ],
)
def test_name_gazetteer_finds(text: str, expected: str) -> None:
    assert expected in [t for t, _ in _found(NameGazetteerRecognizer(), text)]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "May we have the report by Friday?",
        "Hope is a theme of the tribute.",
        "Amber risk was recorded at the MARAC.",
        "She grew up in Preston.",
        "He lived at 14 Sidney Street before the move.",
        "The family moved to Victoria Road in 2019.",
        "Clare's Law was not used.",
        "The meeting was on Tue 4 Feb.",
        "The Will was read after the funeral.",
        "He drove a silver Lexus.",
        "THE SUSPECT WILL BE INTERVIEWED IN THE MORNING.",
        "Referral to Lewisham Council (Children's Social Care) was made.",
        "Records are kept on Athena and Merlin.",
        "Summer holidays were difficult for the children.",
    ],
)
def test_name_gazetteer_leaves_words_and_places(text: str) -> None:
    assert not _found(NameGazetteerRecognizer(), text)


@pytest.mark.model
def test_name_gazetteer_scores_a_full_name_above_a_lone_first_name() -> None:
    found = dict(_found(NameGazetteerRecognizer(), "Callum spoke to Oluwaseun Adeyemi."))
    assert found["Oluwaseun Adeyemi"] > found["Callum"] >= 0.5


@pytest.mark.model
def test_name_gazetteer_keeps_a_word_like_pair_lower() -> None:
    assert _found(NameGazetteerRecognizer(), "Afterwards Rose Fisher rang the police.") == [("Rose Fisher", 0.6)]


@pytest.mark.model
def test_name_gazetteer_ignores_other_entities() -> None:
    results = NameGazetteerRecognizer().analyze("Callum was there.", entities=["UK_NHS"], nlp_artifacts=None)
    assert results == []


# --- the speaker-label recognizer --------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected", "score"),
    [
        ("KWAME: She was frightened of him.", "KWAME", 0.85),
        ("Mrs Okafor: I rang them twice.", "Mrs Okafor", 0.85),
        ("Mr B: I don't remember.", "Mr B", 0.5),
        ("[14:02] Uncle Tunde: He was jealous.", "Uncle Tunde", 0.85),
        ("[03/11/2020, 21:14:02] Shahid ❤️: where are you", "Shahid", 0.85),
        ("10:42 ROSE: It was a Tuesday.", "ROSE", 0.6),
        ("Grace - support worker: I saw her on Monday.", "Grace", 0.6),
    ],
)
def test_speaker_label_finds(text: str, expected: str, score: float) -> None:
    assert (expected, score) in _found(SpeakerLabelRecognizer(), text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Q: Did you know about the injunction?",
        "A: No.",
        "PANEL: When did you last see her?",
        "Interpreter: She says yes.",
        "Friend 1: We met at college.",
        "Child 2: I was in my room.",
        "Victim: BAKER was arrested later.",
        "Present: the chair, the IDVA and the GP.",
        "Recommendation 3: the ICB should audit referrals.",
        "Key findings: three agencies missed the signs.",
        "DSL: He was a quiet boy.",
        "Chair's comment: the transcript was corrected.",
        "The panel met at 10:30: the chair opened.",
        "She said: I know what he is like.",
    ],
)
def test_speaker_label_leaves_roles_fields_and_headings(text: str) -> None:
    assert not _found(SpeakerLabelRecognizer(), text)


@pytest.mark.model
def test_speaker_label_finds_every_line_of_a_transcript() -> None:
    text = "CHAIR: Thank you.\nKWAME: She was scared.\nCHAIR: Of him?\nKWAME: Yes."
    assert [t for t, _ in _found(SpeakerLabelRecognizer(), text)] == ["KWAME", "KWAME"]
