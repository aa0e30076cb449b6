"""Where each paragraph of a real .docx is (Document.places), and the ages its tables hold."""

from __future__ import annotations

import docx  # python-docx: builds the file as Word would
import pytest

from redactor.document import Document
from redactor.formats.docx_format import DocxFormat
from redactor.policy import residual_risks
from redactor.settings import FormatSettings
from tests.conftest import SHARED

FMT = DocxFormat()
CORPUS = SHARED / "corpora" / "docx"


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    word_doc = docx.Document()
    word_doc.sections[0].header.paragraphs[0].text = "Case WX"
    word_doc.add_heading("Background", level=1)
    word_doc.add_paragraph("First paragraph.")
    word_doc.add_paragraph("")  # no text: not counted
    table = word_doc.add_table(rows=3, cols=2)
    for r, row in enumerate([("Name", "Age at death"), ("Adult A", "34"), ("Adult B", "40 years")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    word_doc.add_heading("Contact with the GP", level=2)
    word_doc.add_paragraph("After the table.")
    path = tmp_path_factory.mktemp("places") / "places.docx"
    word_doc.save(str(path))
    return FMT.read(path, settings=FormatSettings())


def _where(doc: Document, text: str, **kwargs: bool) -> str:
    (seg,) = [s for s in doc.segments if s.text == text]
    return doc.where(seg.id, **kwargs)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Background", "paragraph 1"),
        ("First paragraph.", "paragraph 2"),
        ("Name", "table 1, row 1, column 1"),
        ("Age at death", "table 1, row 1, column 2"),
        ("34", "table 1, row 2, column 2"),
        ("Adult B", "table 1, row 3, column 1"),
        ("Contact with the GP", "paragraph 3"),
        ("After the table.", "paragraph 4"),
        ("Case WX", "the header"),
    ],
)
def test_each_paragraph_has_its_place_in_words(doc: Document, text: str, words: str) -> None:
    assert _where(doc, text) == words


def test_the_sensitive_view_adds_the_nearest_heading(doc: Document) -> None:
    assert _where(doc, "34", heading=True) == "table 1, row 2, column 2, under 'Background'"
    assert _where(doc, "After the table.", heading=True) == "paragraph 4, under 'Contact with the GP'"
    assert _where(doc, "Background", heading=True) == "paragraph 1"


def test_ages_in_an_age_column_are_counted(doc: Document) -> None:
    assert residual_risks(doc)["age(s) kept"] == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mammoth__endnotes.docx", {"endnote 1", "endnote 2"}),
        ("openxml-sdk__Comment042.docx", {"footnote 1", "the header", "the footer", "a text box in paragraph 1"}),
    ],
)
def test_notes_headers_and_text_boxes_in_corpus_files(name: str, expected: set[str]) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("the shared .docx corpus is not present")
    doc = FMT.read(path, settings=FormatSettings())
    words = {doc.where(seg.id) for seg in doc.segments}
    assert expected <= words
    assert not any(".xml" in w for w in words)
