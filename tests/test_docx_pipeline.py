"""Word documents through the whole pipeline, with the real model: planted hiding places and the corpus."""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor import inputs, run
from redactor.cli import app
from redactor.keyfile import Key
from redactor.settings import FormatSettings, Settings
from tests.conftest import SHARED
from tests.fixtures.docx_builder import build_planted

pytestmark = pytest.mark.model
runner = CliRunner()
CORPUS = SHARED / "corpora" / "docx"
CASE = """
[case]
name = "TEST"

[[person]]
name = "Jane Doe"
pseudonym = "Adult A"
"""


def planted(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return build_planted(path)


def raw_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith((".xml", ".rels"))
        )


def test_planted_identifiers_are_gone_from_every_part(tmp_path: Path) -> None:
    source = planted(tmp_path / "in" / "planted.docx")
    case = tmp_path / "case.toml"
    case.write_text(CASE, encoding="utf-8")
    out = tmp_path / "out"
    refused = runner.invoke(app, ["redact", str(source), "--out", str(out), "--case", str(case)])
    assert refused.exit_code == 2, refused.output  # the planted pictures and embedded object (issue 13)
    assert "2 pictures and 1 embedded object" in " ".join(refused.output.split())
    assert not list(out.glob("*.docx"))
    result = runner.invoke(app, ["redact", str(source), "--out", str(out), "--case", str(case), "--strip-images"])
    assert result.exit_code == 0, result.output
    assert "needs a human check" in result.output.lower()
    xml = raw_xml(out / "planted.docx")
    for marker in ("Jane", "Doe", "jane.doe", "999 000 0018", "999%20000"):
        assert marker not in xml
    verify = runner.invoke(app, ["verify", str(out), "--case", str(case)])
    assert verify.exit_code == 0, verify.output
    run = [json.loads(line) for line in (out / "audit.jsonl").read_text("utf-8").splitlines()][-1]
    (document,) = run["documents"]
    assert any("image" in note for note in document["needs_human_check"])
    assert any("tracked change" in note for note in document["needs_human_check"])


def test_tracked_changes_can_be_refused(tmp_path: Path) -> None:
    source = planted(tmp_path / "in" / "planted.docx")
    case = tmp_path / "case.toml"
    case.write_text(CASE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["redact", str(source), "--out", str(out), "--case", str(case), "--tracked-changes", "fail"]
    )
    assert result.exit_code == 2
    assert "tracked change" in result.output
    assert not out.exists() or not any(out.glob("*.docx"))


def test_file_name_with_a_name_is_pseudonymised(tmp_path: Path) -> None:
    source = planted(tmp_path / "in" / "DHR Jane Doe notes.docx")
    case = tmp_path / "case.toml"
    case.write_text(CASE, encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["redact", str(source), "--out", str(out), "--case", str(case), "--strip-images"]).exit_code == 0
    assert [p.name for p in out.glob("*.docx")] == ["DHR Adult A notes.docx"]


def test_every_readable_corpus_file_is_redacted_and_verified(tmp_path: Path) -> None:
    """Each file of ../shared/corpora/docx is its own case: redacted, published, verified."""
    if not CORPUS.is_dir():
        pytest.skip("the shared .docx corpus is not present")
    done, refused, seconds = [], [], []
    for index, path in enumerate(sorted(CORPUS.glob("*.docx"))):
        redactor = run.Redactor(settings=Settings(), case=None, key=Key.new(f"c{index}"))
        out = tmp_path / f"out{index}"
        started = time.perf_counter()
        try:
            pairs = inputs.collect_inputs([path])
            result = redactor.redact(pairs, out_dir=out, key_path=tmp_path / f"k{index}.json")
        except inputs.InputError as error:
            refused.append((path.name, str(error)))
            continue
        (report,) = result.reports
        if report.status == "refused" and "nobody has checked" in report.reason:
            # Pictures or embedded objects (issue 13): the message says what to do; stripped, it publishes.
            assert "--strip-images" in report.reason and "--strip-embedded" in report.reason, path.name
            stripped = Settings(formats=FormatSettings(strip_images=True))
            redactor = run.Redactor(settings=stripped, case=None, key=Key.new(f"c{index}"))
            result = redactor.redact(pairs, out_dir=out, key_path=tmp_path / f"k{index}.json")
            (report,) = result.reports
        assert report.status in ("done", "refused"), (path.name, report.reason)
        if report.status == "refused":
            refused.append((path.name, report.reason))
            assert not result.outputs and not list(out.glob("*.docx"))
            continue
        seconds.append(time.perf_counter() - started)
        (output,) = result.outputs
        assert output.path.exists()
        findings = redactor.verify(out).findings
        assert not [f for f in findings if f.source == "known"], path.name
        done.append(path.name)
    # The refusals are the password-protected, Strict and damaged files, each with a clear message.
    assert len(done) >= 70
    for _name, message in refused:
        assert re.search(r"password|Strict|damaged|not a Word", message)


def test_verify_says_where_in_words_not_xml(tmp_path: Path) -> None:
    import docx  # python-docx

    word_doc = docx.Document()
    word_doc.add_paragraph("Introduction.")
    table = word_doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Name", "Role"
    table.cell(1, 0).text, table.cell(1, 1).text = "Jane Doe", "victim"
    out = tmp_path / "out"
    out.mkdir()
    word_doc.save(str(out / "report.docx"))
    case = tmp_path / "case.toml"
    case.write_text(CASE, encoding="utf-8")
    verify = runner.invoke(app, ["verify", str(out), "--case", str(case)], env={"COLUMNS": "240"})
    assert verify.exit_code == 1
    assert "table 1, row 2, column 1" in verify.output
    assert "word/document.xml" not in verify.output and "Jane" not in verify.output


CHUNK_CASE = """
[case]
name = "CHUNKS"

[[person]]
name = "Ilona Kowalczyk"
pseudonym = "Adult A"

[[person]]
name = "Kieran Ashcroft"
pseudonym = "Adult B"
"""
CHUNK_LEFTOVER = re.compile(rb"(?i)ilona|kowalczyk|kieran|ashcroft")


def _issue13_inputs(folder: Path) -> dict[str, Path]:
    """One document per hiding place of issue 13, each with the planted names."""
    from tests.fixtures import docx_graphics as g

    before = g.word_document(["Ilona Kowalczyk is the subject of this review."])
    nested = g.word_document(["Ilona Kowalczyk was seen by Kieran Ashcroft."], heading="Nested chronology")
    html = (
        b"<html><head><title>Ilona Kowalczyk</title></head><body><h1>Chronology</h1>"
        b"<p>Ilona Kowalczyk met <b>Kieran</b> Ashcroft.</p>"
        b"<table><tr><td>Kieran Ashcroft</td><td>partner</td></tr></table></body></html>"
    )
    chart = g.chart_xml("Contacts with Ilona Kowalczyk", ["Kieran Ashcroft", "GP", "Police"], "Visits")
    built = {
        "nested.docx": g.with_alt_chunk(before, nested, name="chunk1.docx", content_type=g.DOCX_MAIN),
        "html.docx": g.with_alt_chunk(before, html, name="chunk1.html", content_type="text/html"),
        "chart.docx": g.with_chart(before, chart),
        "smartart.docx": g.with_smartart(before, ["Ilona Kowalczyk", "Kieran Ashcroft and the GP"]),
    }
    return {name: g.save(data, folder / name) for name, data in built.items()}


def test_imported_chunks_charts_and_smartart_are_redacted_and_verified(tmp_path: Path) -> None:
    """Issue 13: nothing unread is published. Every byte of every output part is searched."""
    inputs_dir = tmp_path / "in"
    sources = _issue13_inputs(inputs_dir)
    case = tmp_path / "case.toml"
    case.write_text(CHUNK_CASE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["redact", str(inputs_dir), "--out", str(out), "--case", str(case)])
    assert result.exit_code == 0, result.output
    assert not CHUNK_LEFTOVER.search(result.output.encode())
    for name in sources:
        with zipfile.ZipFile(out / name) as archive:
            for info in archive.infolist():
                assert not CHUNK_LEFTOVER.search(info.filename.encode()), (name, info.filename)
                assert not CHUNK_LEFTOVER.search(archive.read(info)), (name, info.filename)
            names = archive.namelist()
        assert not [n for n in names if "chunk" in n.lower()], name
    with zipfile.ZipFile(out / "chart.docx") as archive:
        chart = archive.read("word/charts/chart1.xml").decode()
    assert "Contacts with Adult A" in chart and "<c:v>Adult B</c:v>" in chart
    with zipfile.ZipFile(out / "smartart.docx") as archive:
        for part in ("word/diagrams/data1.xml", "word/diagrams/drawing1.xml"):
            assert b"<a:t>Adult B and the GP</a:t>" in archive.read(part), part
    verify = runner.invoke(app, ["verify", str(out), "--case", str(case)])
    assert verify.exit_code == 0, verify.output
    assert not CHUNK_LEFTOVER.search(verify.output.encode())
    audit = (out / "audit.jsonl").read_text("utf-8")
    assert not CHUNK_LEFTOVER.search(audit.encode())
    run = [json.loads(line) for line in audit.splitlines()][-1]
    checks = {d["document"]: d["needs_human_check"] for d in run["documents"]}
    assert any("imported chunk (Word document)" in note for note in checks["nested.docx"])
    assert any("imported chunk (HTML)" in note for note in checks["html.docx"])
    assert not any("chart" in note or "SmartArt" in note for note in checks["chart.docx"] + checks["smartart.docx"])


@pytest.mark.libreoffice
def test_issue13_outputs_open_in_libreoffice(tmp_path: Path) -> None:
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui")
    sources = _issue13_inputs(tmp_path / "in")
    case = tmp_path / "case.toml"
    case.write_text(CHUNK_CASE, encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["redact", str(tmp_path / "in"), "--out", str(out), "--case", str(case)]).exit_code == 0
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(tmp_path / "txt"), *(str(out / name) for name in sources)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    for name in sources:
        text = (tmp_path / "txt" / name).with_suffix(".txt").read_text("utf-8-sig")
        assert "Adult A is the subject of this review." in text, name
        assert not CHUNK_LEFTOVER.search(text.encode()), name
    assert "Adult A was seen by Adult B." in (tmp_path / "txt" / "nested.txt").read_text("utf-8-sig")
