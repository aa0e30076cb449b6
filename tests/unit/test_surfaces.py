from __future__ import annotations

import pytest

from redactor.surfaces import SurfaceMatcher
from tests.conftest import simple_is_word


def found(surfaces: dict[str, str], text: str) -> list[str]:
    matcher = SurfaceMatcher(surfaces, is_word=simple_is_word)
    return [text[s:e] for s, e, _ in sorted(matcher.find(text))]


def test_respects_word_boundaries() -> None:
    assert found({"Jan": "e1"}, "In January Jan left.") == ["Jan"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kowalczyk said", ["Kowalczyk"]),
        ("KOWALCZYK said", ["KOWALCZYK"]),
        ("i told kowalczyk", ["kowalczyk"]),
    ],
)
def test_distinctive_names_match_in_any_case(text: str, expected: list[str]) -> None:
    assert found({"Kowalczyk": "e1"}, text) == expected


def test_names_that_are_words_match_only_as_names() -> None:
    text = "Rose said prices rose. ROSE agreed."
    assert found({"Rose": "e1"}, text) == ["Rose", "ROSE"]


def test_whitespace_and_apostrophes_are_flexible() -> None:
    assert found({"Jane Doe": "e1"}, "Jane\n  Doe’s car") == ["Jane\n  Doe"]
    assert found({"O'Neil": "e1"}, "Sgt O’Neil") == ["O’Neil"]


def test_longest_surface_wins() -> None:
    assert found({"Jane": "e1", "Jane Doe": "e1"}, "Jane Doe came") == ["Jane Doe"]


def test_keys_are_returned() -> None:
    matcher = SurfaceMatcher({"Jane Doe": "e1", "Tom Roe": "e2"}, is_word=simple_is_word)
    assert sorted(k for _, _, k in matcher.find("Tom Roe met Jane Doe")) == ["e1", "e2"]


def test_distinctive_names_are_found_inside_tokens_but_not_inside_words() -> None:
    assert found({"Kowalczyk": "e1"}, "user kowalczyk85 and DHR_Kowalczyk_v2") == ["kowalczyk", "Kowalczyk"]
    assert found({"Arlene": "e1"}, "Charlene and Marlene") == []


def test_a_name_broken_over_a_line_with_a_hyphen_is_found() -> None:
    matcher = SurfaceMatcher({"Hunter": "E:e1"}, is_word=lambda w: w.casefold() == "hunter")
    text = "Says J. Hun-\nter put the window in. A hunter."
    assert [text[s:e] for s, e, _k in matcher.find(text)] == ["Hun-\nter"]


def test_a_contraction_is_no_name() -> None:
    assert found({"Don": "e1"}, "Don't know, Don said. DON’T. Don's car.") == ["Don", "Don"]


@pytest.mark.parametrize(
    ("text", "word", "named"),
    [
        ("He trained at Stronghold most nights.", "Stronghold", True),
        ("Wilk means wolf. Stronghold, the gym on Cheney Manor, was his.", "Stronghold", True),
        ("The carers. Kindly, the home care lot, found the bruises.", "Kindly", True),
        ("Stronghold is what she needed.", "Stronghold", False),  # a sentence's first word, and no more
        ("Kindly, the nurse said no.", "Kindly", False),
        ("He met the Prime Minister.", "Prime", False),
    ],
)
def test_a_business_known_by_a_word_is_named_where_the_text_says_what_it_is(text: str, word: str, named: bool) -> None:
    from redactor.surfaces import names_word_business

    start = text.index(word)
    assert names_word_business(text, start, start + len(word)) is named
