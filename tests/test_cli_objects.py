"""Issue 13 end to end: a Word document with pictures is refused until a person resolves each one
(strip them, or record in the decisions file that they checked them)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from tests.fixtures.pictures import OWNER, PLAIN_JPEG, docx_with_pictures, png

pytestmark = pytest.mark.model
runner = CliRunner()


@pytest.fixture()
def case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "case.toml").write_text('[case]\nname = "DHR99"\n', "utf-8")
    (folder / "inputs").mkdir()
    docx_with_pictures(folder / "inputs" / "report.docx")
    return folder


def redact(case: Path, out: Path, *extra: str) -> object:
    return runner.invoke(app, ["redact", str(case / "inputs"), "--out", str(out), "--case", str(case / "case.toml"), *extra])


def media(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def test_refused_then_stripped(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = redact(case, out)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    said = " ".join(result.output.split())  # type: ignore[attr-defined]
    assert "holds 2 pictures" in said and "--strip-images" in said and "--strip-embedded" in said
    assert not (out / "report.docx").exists()
    result = redact(case, out, "--strip-images")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert media(out / "report.docx") == []


def test_checked_in_the_decisions_file_then_published_without_metadata(case: Path, tmp_path: Path) -> None:
    scan = ["scan", str(case / "inputs"), "--out", str(tmp_path / "review"), "--case", str(case / "case.toml")]
    result = runner.invoke(app, scan)
    assert result.exit_code == 0, result.output
    decisions = case / "case.decisions.toml"
    text = decisions.read_text("utf-8")
    assert text.count("\n[[object]]") == 2 and text.count("\ndecision = \"undecided\"") == 2
    assert 'document = "report.docx"' in text
    decisions.write_text(text.replace('decision = "undecided"', 'decision = "checked"'), "utf-8")

    out = tmp_path / "out"
    result = redact(case, out)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    published = media(out / "report.docx")
    assert PLAIN_JPEG in published and png(owner=None) in published
    assert OWNER.encode() not in (out / "report.docx").read_bytes()
    verified = runner.invoke(app, ["verify", str(out), "--case", str(case / "case.toml")])
    assert verified.exit_code == 0, verified.output

    # A re-scan keeps the decisions; a changed picture needs a new check.
    runner.invoke(app, scan)
    assert decisions.read_text("utf-8").count("\ndecision = \"checked\"") == 2
    docx_with_pictures(case / "inputs" / "report.docx", png_data=png(colour=(0, 0, 0)))
    result = redact(case, out, "--force")
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert re.search(r"holds\s+1\s+picture", result.output)  # type: ignore[attr-defined]
