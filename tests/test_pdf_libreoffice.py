"""Publication PDFs (issue 13): real LibreOffice converts real outputs, and the PDFs are read back.

Each PDF must open, have pages, show the pseudonymised text, and hold no planted identifier in
its pages, bookmarks, link targets, annotations or metadata; a name planted later in a PDF's
metadata is caught by ``redactor verify``; and without LibreOffice ``--pdf`` is refused with the
Debian package to install.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from redactor.pdf import pdf_texts, to_html
from tests.fixtures.docx_builder import RAW_MARKERS, para, planted_parts, text_run, write_package

pytestmark = [pytest.mark.model, pytest.mark.libreoffice]
runner = CliRunner()
CASE = '[case]\nname = "TEST"\n\n[[person]]\nname = "Jane Doe"\npseudonym = "Adult A"\n'


def _soffice() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")


def _case(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    parts = planted_parts()
    # A heading (outline level 1) that names her: LibreOffice turns it into a PDF bookmark.
    heading = para(text_run("Background to Jane Doe"), ppr='<w:pPr><w:outlineLvl w:val="0"/></w:pPr>')
    document = str(parts["word/document.xml"])
    parts["word/document.xml"] = document.replace("<w:body>", "<w:body>" + heading, 1)
    write_package(folder / "planted.docx", parts)
    (folder / "notes.md").write_text(
        "# Notes on Jane Doe\n\nJane Doe was seen by her GP.\n\n| who | contact |\n|---|---|\n"
        "| Jane Doe | jane.doe@example.com |\n",
        encoding="utf-8",
    )
    (folder / "call.txt").write_text("Q: Who called?\nA: Jane Doe called on 0161 496 0000.\n", encoding="utf-8")
    case = tmp_path / "case.toml"
    case.write_text(CASE, encoding="utf-8")
    return folder, case


def test_every_document_gets_a_verified_pdf_without_a_planted_identifier(tmp_path: Path) -> None:
    _soffice()
    folder, case = _case(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["redact", str(folder), "--out", str(out), "--case", str(case), "--pdf", "--strip-images"])
    assert result.exit_code == 0, result.output
    assert "PDF copies: 3 of 3 published" in result.output
    for name in ("planted", "notes", "call"):
        pdf = out / f"{name}.pdf"
        places = list(pdf_texts(pdf))
        pages = [text for place, text in places if place.startswith("page ")]
        assert pages and any("Adult A" in text for text in pages), name  # the text was read, pseudonymised
        everything = "\n".join(text for _place, text in places)
        for marker in RAW_MARKERS:
            assert marker not in everything, (name, marker)
        info = dict(places)
        assert info["document information: Producer"] == "redactor"
        assert "Jane" not in info.get("document information: Title", "")
    planted = dict(pdf_texts(out / "planted.pdf"))
    assert "a bookmark" in planted and "Adult A" in planted["a bookmark"]  # bookmarks are read, and clean
    statement = (out / "redaction-statement.md").read_text("utf-8")
    assert "| planted.pdf | planted.docx |" in statement and "| notes.pdf | notes.md |" in statement
    assert runner.invoke(app, ["verify", str(out), "--case", str(case)]).exit_code == 0


def test_a_name_planted_in_a_pdf_s_metadata_is_caught_by_verify(tmp_path: Path) -> None:
    import pikepdf

    _soffice()
    folder, case = _case(tmp_path)
    out = tmp_path / "out"
    (folder / "planted.docx").unlink()
    assert runner.invoke(app, ["redact", str(folder), "--out", str(out), "--case", str(case), "--pdf"]).exit_code == 0
    target = out / "notes.pdf"
    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Author"] = "Jane Doe"
        pdf.save(target)
    verified = runner.invoke(app, ["verify", str(out), "--case", str(case)])
    assert verified.exit_code == 1, verified.output
    assert "notes.pdf" in verified.output and "document information: Author" in verified.output
    assert "Jane" not in verified.output


def test_pdf_without_libreoffice_is_refused_naming_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, case = _case(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = runner.invoke(app, ["redact", str(folder), "--out", str(tmp_path / "out"), "--case", str(case), "--pdf"])
    assert result.exit_code == 2, result.output
    assert "libreoffice-writer-nogui" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


def test_markdown_becomes_a_readable_page() -> None:
    page = to_html("# Title\n\nOne *line*\nand <two>.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", markdown=True, title="T")
    assert "<h1>Title</h1>" in page and "<p>One line<br/>and &lt;two&gt;.</p>" in page
    assert "<tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr>" in page


def test_every_word_corpus_file_is_published_with_its_pdf_or_refused_saying_what_to_do(tmp_path: Path) -> None:
    """The Word corpus (80 files from other projects) as one case: each file is published with a
    verified PDF, or refused with what to do; none fails, and no PDF is withheld."""
    import json

    from tests.conftest import SHARED

    _soffice()
    corpus = SHARED / "corpora" / "docx"
    if not corpus.is_dir():
        pytest.skip("the shared .docx corpus is not present")
    folder = tmp_path / "in"
    folder.mkdir()
    names = sorted(p.name for p in corpus.glob("*.docx"))
    for name in names:
        shutil.copyfile(corpus / name, folder / name)
    case = tmp_path / "case.toml"
    case.write_text('[case]\nname = "CORPUS"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["redact", str(folder), "--out", str(out), "--case", str(case), "--pdf", "--strip-images", "--strip-embedded"]
    )
    assert result.exit_code in (0, 2), result.output  # 2: some refused; never 3 (failed)
    run = [json.loads(line) for line in (out / "audit.jsonl").read_text("utf-8").splitlines()][-1]
    statuses = {entry["status"] for entry in run["documents"]}
    assert statuses <= {"done", "refused"} and len(run["documents"]) == len(names)
    for entry in run["documents"]:
        if entry["status"] == "refused":
            assert re.search(r"\b(save|remove|open)\b", entry["reason"]), entry["reason"]
        else:
            pdf = entry["pdf"]
            assert pdf["name"] and not pdf["problem"], (entry["document"], pdf["problem"])
            assert (out / pdf["name"]).is_file() and pdf["pages"] >= 1
