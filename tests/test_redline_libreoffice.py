"""LibreOffice itself opens the review redline, and its own "accept all" / "reject all" give the
published text / the original text.

LibreOffice is driven through its UNO bridge by ``tests/fixtures/lo_revisions.py``, run with
the system Python that has python3-uno (the venv cannot import it); one headless soffice serves
every file. Each file is described by LibreOffice: its text export, footnotes, text boxes,
headers and footers, comments and tracked changes. The redacted and original documents are
described the same way, so both sides of each comparison come from LibreOffice.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from redactor.document import Document
from redactor.formats import format_for
from redactor.formats.redline import REDLINE_WARNING
from redactor.settings import FormatSettings
from tests.fixtures.docx_helpers import entries
from tests.unit.formats.test_redline import output_bytes, redact, redline_bytes, rich_docx

pytestmark = pytest.mark.libreoffice

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).parent / "fixtures" / "lo_revisions.py"
TEXT = "Notes on Jane Doe.\n\nJane Doe met Kieran Ashcroft.\nThen\tKieran's sister & <Jane>.\n\nNo names here.\n"


def _require_libreoffice() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    if shutil.which(SYSTEM_PYTHON) is None or subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False
    ).returncode:
        pytest.skip("LibreOffice's Python bridge is not installed (Debian: python3-uno); .ci/run installs it")


def _lines(segments: list[str]) -> list[str]:
    """What LibreOffice's text export shows for these paragraphs (a line break starts a line)."""
    return "\n".join(segments).rstrip("\n").split("\n")


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every file of the test as LibreOffice sees it, after accepting or rejecting as named."""
    _require_libreoffice()
    tmp = tmp_path_factory.mktemp("redline_lo")
    docs: dict[str, Document] = {"rich": redact(rich_docx(tmp / "rich.docx"))}
    (tmp / "notes.txt").write_text(TEXT, "utf-8")
    docs["notes"] = redact(tmp / "notes.txt")
    for name, doc in docs.items():
        (tmp / f"{name}.redline.docx").write_bytes(redline_bytes(doc))
        (tmp / f"{name}.out{doc.path.suffix}").write_bytes(output_bytes(doc))
    jobs = {
        "original": "as-is:rich.docx",
        "published": "as-is:rich.out.docx",
        "accepted": "accept:rich.redline.docx",
        "rejected": "reject:rich.redline.docx",
        "text accepted": "accept:notes.redline.docx",
        "text rejected": "reject:notes.redline.docx",
    }
    out = tmp / "described.json"
    subprocess.run(
        [SYSTEM_PYTHON, str(SCRIPT), str(tmp / "profile"), str(out), *jobs.values()],
        cwd=tmp, check=True, timeout=180, capture_output=True,
    )
    results = dict(zip(jobs, json.loads(out.read_text("utf-8")), strict=True))
    published_text = format_for(tmp / "notes.out.txt").read(tmp / "notes.out.txt", settings=FormatSettings())
    results["text original"] = _lines([s.text for s in docs["notes"].segments])
    results["text published"] = _lines([s.text for s in published_text.segments])
    results["comments"] = _comments(tmp / "rich.redline.docx")
    return results


def _comments(path: Path) -> list[str]:
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(entries(path.read_bytes())["word/comments.xml"])
    return sorted("".join(c.itertext()) for c in root.iter(f"{w}comment"))


def _text(result: dict[str, Any]) -> dict[str, Any]:
    return {key: result[key] for key in ("body", "notes", "frames", "headers")}


def test_libreoffice_opens_the_redline_with_every_tracked_change_and_comment(described: dict[str, Any]) -> None:
    for name in ("accepted", "rejected", "text accepted", "text rejected"):
        assert described[name] is not None, f"LibreOffice could not open the {name} redline"
        assert described[name]["redlines_before"] > 0
        assert described[name]["redlines"] == 0
    assert sorted(described["accepted"]["comments"]) == described["comments"]
    assert described["comments"].count("PERSON · case_file · 1.00") == len(described["comments"]) - 1


def test_libreoffice_accept_all_gives_the_published_text(described: dict[str, Any]) -> None:
    expected = _text(described["published"])
    expected["body"] = [REDLINE_WARNING, *expected["body"]]
    assert _text(described["accepted"]) == expected


def test_libreoffice_reject_all_gives_the_original_text(described: dict[str, Any]) -> None:
    assert _text(described["rejected"]) == _text(described["original"])
    assert "Box: Kieran Ashcroft" in described["rejected"]["frames"]


def test_libreoffice_accept_and_reject_on_a_text_redline(described: dict[str, Any]) -> None:
    assert _lines(described["text accepted"]["body"]) == [REDLINE_WARNING, *described["text published"]]
    assert _lines(described["text rejected"]["body"]) == described["text original"]
