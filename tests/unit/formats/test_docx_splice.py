"""splice_runs: edits land in the first run they touch, whatever the run split."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from redactor.formats._docx_text import splice_many
from redactor.formats.docx_format import splice_runs


@pytest.mark.parametrize(
    ("runs", "start", "end", "new", "expected"),
    [
        (["Report about Ja", "ne D", "oe", " today"], 13, 21, "Adult A", ["Report about Adult A", "", "", " today"]),
        (["Jane", " ", "Doe"], 0, 8, "X", ["X", "", ""]),
        (["ab", "cd", "ef"], 2, 4, "Z", ["ab", "Z", "ef"]),  # exactly one run
        (["ab", "cd", "ef"], 1, 5, "", ["a", "", "f"]),  # deletion
        (["ab", "", "cd"], 1, 3, "Q", ["aQ", "", "d"]),  # empty runs are never touched
        (["ab", "cd"], 2, 2, "+", ["ab", "+cd"]),  # insertion goes into the run holding the offset
        (["ab", "cd"], 4, 4, "+", ["ab", "cd+"]),  # insertion at the end
    ],
)
def test_splice_runs(runs: list[str], start: int, end: int, new: str, expected: list[str]) -> None:
    assert splice_runs(runs, start, end, new) == expected


def test_runs_outside_the_span_are_the_same_objects() -> None:
    runs = ["keep", "Jane", "keep too"]
    out = splice_runs(runs, 4, 8, "X")
    assert out[0] is runs[0] and out[2] is runs[2]


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (2, 1), (0, 99)])
def test_offsets_outside_the_text_are_refused(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        splice_runs(["abc"], start, end, "x")


@given(runs=st.lists(st.text(max_size=8), min_size=1), data=st.data())
def test_splice_is_independent_of_run_split(runs: list[str], data: st.DataObject) -> None:
    text = "".join(runs)
    assume(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    new = data.draw(st.text(max_size=5))
    out = splice_runs(runs, start, end, new)
    assert "".join(out) == text[:start] + new + text[end:]
    assert len(out) == len(runs)


@given(runs=st.lists(st.text(max_size=8), min_size=1), data=st.data())
def test_untouched_runs_are_unchanged(runs: list[str], data: st.DataObject) -> None:
    text = "".join(runs)
    assume(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    out = splice_runs(runs, start, end, "#")
    pos = 0
    for before, after in zip(runs, out, strict=True):
        if pos + len(before) <= start or pos >= end:
            assert before == after
        pos += len(before)


@st.composite
def runs_and_edits(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, int, str]]]:
    runs = draw(st.lists(st.text(alphabet="abc ", max_size=6), min_size=1, max_size=8))
    total = sum(len(r) for r in runs)
    cuts = sorted(draw(st.lists(st.integers(0, total), max_size=8)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < b and (not edits or a >= edits[-1][1]):
            edits.append((a, b, draw(st.text(alphabet="XY", max_size=3))))
    return runs, edits


@settings(max_examples=400, deadline=None)
@given(runs_and_edits())
def test_splice_many_equals_splicing_one_edit_at_a_time(case: tuple[list[str], list[tuple[int, int, str]]]) -> None:
    runs, edits = case
    expected = list(runs)
    for start, end, new in reversed(edits):
        expected = splice_runs(expected, start, end, new)
    assert splice_many(runs, edits) == expected
