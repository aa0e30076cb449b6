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
