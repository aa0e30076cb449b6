"""Run every registered recognizer's SHOULD_MATCH and SHOULD_NOT_MATCH examples."""

from __future__ import annotations

import re
from typing import Any

import pytest

from redactor.detect.recognizers import recognizer_classes
from redactor.document import Label

THRESHOLD = 0.35  # the engine keeps results scoring at least this
CLASSES = recognizer_classes()


def _analyze(cls: type[Any], text: str) -> list[Any]:
    recognizer = cls()
    results: list[Any] = recognizer.analyze(text, entities=recognizer.supported_entities, nlp_artifacts=None)
    return results


def _match_cases() -> list[Any]:
    return [
        pytest.param(cls, sentence, expected, id=f"{cls.__name__}-{index}")
        for cls in CLASSES
        for index, (sentence, expected) in enumerate(cls.SHOULD_MATCH)
    ]


def _no_match_cases() -> list[Any]:
    return [
        pytest.param(cls, sentence, id=f"{cls.__name__}-{index}")
        for cls in CLASSES
        for index, sentence in enumerate(cls.SHOULD_NOT_MATCH)
    ]


def test_recognizers_are_registered() -> None:
    assert CLASSES


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_recognizer_declares_label_name_and_examples(cls: type[Any]) -> None:
    recognizer = cls()
    assert [Label(entity) for entity in recognizer.supported_entities]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", recognizer.name)
    assert len(cls.SHOULD_MATCH) >= 6
    assert len(cls.SHOULD_NOT_MATCH) >= 5
    for sentence, expected in cls.SHOULD_MATCH:
        assert expected in sentence


def test_recognizer_names_are_unique() -> None:
    names = [cls().name for cls in CLASSES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("cls", "sentence", "expected"), _match_cases())
def test_should_match(cls: type[Any], sentence: str, expected: str) -> None:
    found = [(sentence[result.start : result.end], result.score) for result in _analyze(cls, sentence)]
    assert any(text == expected and score >= THRESHOLD for text, score in found), found


@pytest.mark.parametrize(("cls", "sentence"), _no_match_cases())
def test_should_not_match(cls: type[Any], sentence: str) -> None:
    found = [
        (sentence[result.start : result.end], result.score) for result in _analyze(cls, sentence) if result.score >= THRESHOLD
    ]
    assert not found


@pytest.mark.parametrize("cls", [c for c in CLASSES if getattr(c, "NEEDS_DIGIT", False)], ids=lambda cls: cls.__name__)
def test_digit_only_recognizers_find_nothing_without_digits(cls: type[Any]) -> None:
    """The engine skips recognizers marked NEEDS_DIGIT on texts without a digit: each one's
    examples must hold a digit (in the match, or in what it needs after it: a street before its
    postcode), and the same sentences with their digits spelled as words ("seven") must give
    nothing."""
    words = dict(zip("0123456789", "zero one two three four five six seven eight nine".split(), strict=True))
    for sentence, _expected in cls.SHOULD_MATCH:
        assert re.search(r"\d", sentence), sentence
        spelled = re.sub(r"\d", lambda m: f" {words[m.group()]} ", sentence)
        assert not [r for r in _analyze(cls, spelled) if r.score >= THRESHOLD], spelled


def test_the_last_letter_of_a_spelled_name_is_no_initial_of_the_name_after_it() -> None:
    from redactor.detect.recognizers.name_gazetteer import NameGazetteerRecognizer

    sentence = "MA: Birchall. B-I-R-C-H-A-L-L. Irene Birchall, from Latchford."
    found = [sentence[r.start : r.end] for r in _analyze(NameGazetteerRecognizer, sentence) if r.score >= THRESHOLD]
    assert "Irene Birchall" in found
    assert not [text for text in found if text.startswith("L.")], found
