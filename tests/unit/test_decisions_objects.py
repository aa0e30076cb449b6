"""The decisions file's [[object]] table (issue 13): read, validated with line numbers, rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.decisions import DecisionsError, ObjectDecision, load_decisions, render_decisions

SHA = "ab" * 32


def test_object_decisions_are_read_and_checked_ones_reach_the_format(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        '[[object]]\ndocument = "a.docx"\npart = "word/media/image1.png"\n'
        f'sha256 = "{SHA}"\nwhere = "paragraph 2"\ndecision = "checked"\n\n'
        '[[object]]\ndocument = "a.docx"\npart = "word/media/image2.png"\n'
        f'sha256 = "{SHA.upper()}"\n',
        "utf-8",
    )
    decisions = load_decisions(path)
    assert [o.decision for o in decisions.objects] == ["checked", "undecided"]
    assert decisions.checked_objects() == frozenset({("word/media/image1.png", SHA)})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('sha256 = "abc"', r"d.toml, line 1: 'sha256'"),
        (f'sha256 = "{SHA}"\ndecision = "accept"', r"d.toml, line 1: 'decision' must be one of 'undecided', 'checked'"),
        (f'sha256 = "{SHA}"\nowner = "x"', r"d.toml, line 1: unknown key 'owner'"),
    ],
    ids=["fingerprint", "decision", "key"],
)
def test_a_bad_object_decision_names_its_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "d.toml"
    path.write_text(f'[[object]]\ndocument = "a.docx"\npart = "word/media/image1.png"\n{body}\n', "utf-8")
    with pytest.raises(DecisionsError, match=message):
        load_decisions(path)


def test_a_rescan_keeps_a_decision_only_for_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    listed = [
        ObjectDecision("a.docx", "word/media/image1.png", SHA, "picture", "paragraph 2"),
        ObjectDecision("a.docx", "word/media/image2.png", "cd" * 32, "picture", "paragraph 3"),
    ]
    path.write_text(render_decisions("C1", [], [], None, listed).replace('"undecided"', '"checked"'), "utf-8")
    earlier = load_decisions(path)
    changed = [listed[0], ObjectDecision("a.docx", "word/media/image2.png", "ef" * 32, "picture", "paragraph 3")]
    path.write_text(render_decisions("C1", [], [], earlier, changed), "utf-8")
    assert [o.decision for o in load_decisions(path).objects] == ["checked", "undecided"]
