from __future__ import annotations

from redactor.detect.overlaps import merge_into_unions
from redactor.document import Label, Span


def test_overlapping_spans_become_their_union_labelled_by_the_trusted_one() -> None:
    guess = Span("p", 0, 10, Label.LOCATION, "spacy_ner", 0.9)
    phone = Span("p", 4, 16, Label.PHONE_NUMBER, "uk_phone", 0.9)
    (merged,) = merge_into_unions([guess, phone])
    assert (merged.start, merged.end, merged.label) == (0, 16, Label.PHONE_NUMBER)


def test_case_file_beats_patterns_and_guesses() -> None:
    spans = [
        Span("p", 0, 8, Label.ORGANIZATION, "spacy_ner", 0.99),
        Span("p", 0, 8, Label.PERSON, "case_file", 1.0, "e1"),
    ]
    (merged,) = merge_into_unions(spans)
    assert merged.label is Label.PERSON and merged.entity_id == "e1"


def test_separate_spans_and_segments_stay_apart() -> None:
    spans = [
        Span("a", 0, 4, Label.PERSON, "spacy_ner", 0.6),
        Span("a", 5, 9, Label.PERSON, "spacy_ner", 0.6),
        Span("b", 0, 4, Label.PERSON, "spacy_ner", 0.6),
    ]
    assert len(merge_into_unions(spans)) == 3


def test_touching_spans_are_not_merged() -> None:
    spans = [Span("a", 0, 4, Label.PERSON, "spacy_ner", 0.6), Span("a", 4, 8, Label.PERSON, "spacy_ner", 0.6)]
    assert len(merge_into_unions(spans)) == 2


def test_a_guess_over_a_comma_ends_before_a_name_found_after_it() -> None:
    from pathlib import Path

    from redactor.detect.overlaps import ResolveOverlaps
    from redactor.document import Document, Segment

    text = "Then there's Malc, Stevie's dad."
    start = text.index("Malc")
    guess = Span("p", start, text.index("'s dad"), Label.ORGANIZATION, "spacy_ner", 0.6)
    name = Span("p", text.index("Stevie"), text.index("'s dad"), Label.PERSON, "name_gazetteer", 0.6)
    doc = ResolveOverlaps().run(Document(Path("t.txt"), "text", (Segment("p", text),), (guess, name)))
    assert [(text[s.start : s.end], s.label) for s in doc.spans] == [
        ("Malc", Label.ORGANIZATION), ("Stevie", Label.PERSON)
    ]  # two people listed, never one name "Malc, Stevie" with Malc its surname
