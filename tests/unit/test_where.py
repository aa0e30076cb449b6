"""Places in words (redactor/where.py), and Document.where."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from redactor.document import Document, Note, NoteKind, Segment
from redactor.where import Place, describe, part_name


@pytest.mark.parametrize(
    ("segment_id", "place", "words"),
    [
        ("word/document.xml/p/58", Place(paragraph=12), "paragraph 12"),
        ("word/document.xml/p/3", Place(table=2, row=3, column=1), "table 2, row 3, column 1"),
        (
            "word/document.xml/p/3",
            Place(table=2, row=3, column=1, nested=True),
            "table 2, row 3, column 1 (in a table inside that cell)",
        ),
        ("word/footnotes.xml/p/2", Place(story="footnote", note=4), "footnote 4"),
        ("word/endnotes.xml/p/2", Place(story="endnote", note=1), "endnote 1"),
        ("word/header1.xml/p/0", Place(story="header"), "the header"),
        ("word/footer2.xml/p/0", Place(story="footer", table=1, row=1, column=2), "table 1, row 1, column 2 in the footer"),
        ("word/comments.xml/p/1", Place(story="comment", note=2), "comment 2"),
        ("word/document.xml/p/9", Place(text_box=True, paragraph=7), "a text box in paragraph 7"),
        ("word/document.xml/p/9", Place(text_box=True, paragraph=7, after=True), "a text box after paragraph 7"),
        ("word/document.xml/p/9/instr/0", Place(paragraph=9), "a field code in paragraph 9"),
        ("body/p/4", Place(table=1, rows=(0, 10, 20)), "table 1"),
        ("body/p/4", None, "paragraph 5"),
    ],
)
def test_describe_says_the_place(segment_id: str, place: Place | None, words: str) -> None:
    assert describe(segment_id, place) == words


@pytest.mark.parametrize(
    ("segment_id", "words"),
    [
        ("docProps/core.xml/keywords", "document properties: keywords"),
        ("docProps/core.xml/creator", "document properties: author"),
        ("docProps/app.xml/TitlesOfParts/0", "document properties: titles of parts"),
        ("word/document.xml/attr/docPr/0/descr", "an image's description"),
        ("word/header1.xml/attr/docPr/0/descr", "an image's description in the header"),
        ("word/_rels/document.xml.rels/rId5", "a link's target"),
        ("customXml/item1.xml/text/3", "custom XML data"),
        ("word/document.xml/p/58", "a paragraph in the body"),
        ("word/document.xml/p/58/instr/1", "a field code in a paragraph in the body"),
        ("word/xyz.xml/whatever", "part word/xyz.xml"),
        ("word/charts/chart1.xml/a:p/0", "a chart's text"),
        ("word/charts/chart1.xml/v/3", "a chart's category or series name"),
        ("word/charts/chart1.xml/text/3", "a chart's text"),
        ("word/diagrams/data1.xml/a:p/2", "a SmartArt diagram's text"),
        ("word/drawings/drawing1.xml/a:p/0", "a chart's text"),
        ("word/diagrams/drawing1.xml/a:p/2", "a SmartArt diagram's text"),
        ("[entry]", "a part's name inside the file"),
        ("word/embeddings/x.docx!/word/document.xml/p/0", "a paragraph in the body in an embedded file"),
        ("text", "the text"),
    ],
)
def test_describe_without_a_place_goes_by_the_id(segment_id: str, words: str) -> None:
    assert describe(segment_id) == words


@pytest.mark.parametrize("segment_id", ["", "???", "/", "p/x", "body/p/", "a.xml/p/notanumber", "x!/", "\x00"])
def test_describe_never_raises(segment_id: str) -> None:
    assert describe(segment_id, Place(rows=(0,)), offset=-5)


def test_markdown_table_row_comes_from_the_offset() -> None:
    assert describe("body/p/2", Place(table=1, rows=(0, 20, 40)), offset=25) == "table 1, row 2"


def test_part_name() -> None:
    assert part_name("word/header2.xml") == "the header"
    assert part_name("word/document.xml") == "the body"


def _doc() -> Document:
    segments = (Segment("body/p/0", "# Contact with the GP"), Segment("body/p/1", "Jane saw the GP."))
    places = {"body/p/0": Place(paragraph=1), "body/p/1": Place(paragraph=2, heading="body/p/0")}
    note = Note("body/p/1", NoteKind.SHARED_NAME, "e1", "Adult A")
    return Document(Path("t.md"), "markdown", segments, link_notes=(note,), places=places)


def test_document_where_adds_the_heading_only_when_asked() -> None:
    doc = _doc()
    assert doc.where("body/p/1") == "paragraph 2"
    assert doc.where("body/p/1", heading=True) == "paragraph 2, under 'Contact with the GP'"
    assert doc.where("no such id") == "part no such id"


def test_linking_notes_name_the_place_in_words() -> None:
    (note,) = _doc().notes
    assert note.startswith("paragraph 2: a name shared by several people")
    assert "body/p/" not in note and "Jane" not in note


def test_places_survive_pickling_and_replace() -> None:
    doc = _doc()
    assert pickle.loads(pickle.dumps(doc)).places == doc.places
    assert dataclasses.replace(doc, spans=()).places == doc.places
    with pytest.raises(TypeError):
        doc.places["x"] = Place()  # type: ignore[index]
