"""Imported chunks, charts and SmartArt (issue 13, "nothing unread is published"), at the format level.

Imported chunks become body paragraphs; chart and SmartArt text become segments. Every planted
name must go from every byte of the written package when the segments are edited.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from redactor.document import Document
from redactor.errors import InputError
from redactor.formats._docx_text import DrawingSource, apply_edits, drawing_atoms
from redactor.settings import FormatSettings
from redactor.where import describe
from tests.fixtures import docx_graphics as g
from tests.fixtures.docx_helpers import DEFAULT, FMT, edits_for, entries, save, write_bytes

NAMES = r"Ilona Kowalczyk|Kieran Ashcroft|Kowalczyk|Ashcroft"
LEFTOVER = re.compile(rb"(?i)ilona|kowalczyk|kieran|ashcroft")
HTML = (
    b"<!DOCTYPE html><html><head><title>Notes on Ilona Kowalczyk</title><style>p {color: red}</style></head><body>"
    b"<h1>Chronology</h1><p>Ilona Kowalczyk met <b>Kieran</b> Ashcroft.</p><div>Seen by the GP.<br>Again later.</div>"
    b"<ul><li>First visit</li><li>Second visit</li></ul>"
    b"<table><tr><th>Name</th><th>Role</th></tr><tr><td>Kieran Ashcroft</td><td>partner</td></tr></table>"
    b'<p><a href="mailto:kieran@example.com">write</a> <img src="x.png" alt="Ilona"></p><!-- Ilona --></body></html>'
)


def _read(path: Path) -> Document:
    return FMT.read(path, settings=DEFAULT)


def _redacted(doc: Document, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = save(write_bytes(edits_for(doc, NAMES, "Adult A")), tmp_path / "out.docx")
    return out, entries(out.read_bytes())


def _assert_nothing_left(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        assert not LEFTOVER.search(data), name
        assert not LEFTOVER.search(name.encode()), name


def _body(doc: Document) -> list[str]:
    return [seg.text for seg in doc.segments if re.fullmatch(r"word/document\.xml/p/\d+", seg.id)]


# -- imported chunks ---------------------------------------------------------------------------


@pytest.fixture()
def nested_docx(tmp_path: Path) -> Path:
    inner = g.word_document(["Ilona Kowalczyk was seen by Kieran Ashcroft.", "A second paragraph."], heading="Inner")
    base = g.word_document(["Before the chunk."])
    return g.save(g.with_alt_chunk(base, inner, name="chunk1.docx", content_type=g.DOCX_MAIN), tmp_path / "in.docx")


def test_nested_word_document_becomes_body_paragraphs(nested_docx: Path) -> None:
    doc = _read(nested_docx)
    assert _body(doc) == ["Before the chunk.", "Inner", "Ilona Kowalczyk was seen by Kieran Ashcroft.", "A second paragraph."]
    assert "an imported chunk (Word document) in the body was merged into the document as 3 paragraphs: check its layout" in (
        doc.notes
    )
    assert not any("cannot be read" in note for note in doc.notes)


def test_nested_word_document_keeps_heading_style_and_leaves_no_copy(nested_docx: Path, tmp_path: Path) -> None:
    _, files = _redacted(_read(nested_docx), tmp_path)
    _assert_nothing_left(files)
    assert "word/chunk1.docx" not in files
    assert b"aFChunk" not in files["word/_rels/document.xml.rels"] and b"chunk1" not in files["[Content_Types].xml"]
    assert b"altChunk" not in files["word/document.xml"]
    assert b'w:pStyle w:val="Heading1"' in files["word/document.xml"]


def test_segment_ids_are_the_same_on_every_read(nested_docx: Path) -> None:
    assert _read(nested_docx).segments == _read(nested_docx).segments


def test_html_chunk_becomes_paragraphs(tmp_path: Path) -> None:
    base = g.word_document(["Before."])
    path = g.save(g.with_alt_chunk(base, HTML, name="chunk.html", content_type="text/html"), tmp_path / "in.docx")
    doc = _read(path)
    assert _body(doc) == [
        "Before.",
        "Chronology",
        "Ilona Kowalczyk met Kieran Ashcroft.",
        "Seen by the GP.",
        "Again later.",
        "First visit",
        "Second visit",
        "Name\tRole",
        "Kieran Ashcroft\tpartner",
        "write",
    ]
    assert "an imported chunk (HTML) in the body was merged into the document as 9 paragraphs: check its layout" in doc.notes
    out, files = _redacted(doc, tmp_path)
    _assert_nothing_left(files)
    assert "word/chunk.html" not in files
    again = _read(out)
    assert "Adult A met Adult A." in _body(again)


def test_html_heading_gets_a_heading_style_only_if_the_document_has_it(tmp_path: Path) -> None:
    base = g.word_document(["Before."], heading="Has headings")  # python-docx's template has Heading1
    path = g.save(
        g.with_alt_chunk(base, b"<h1>Title</h1><h6>Small</h6>", name="c.htm", content_type="text/html"), tmp_path / "a.docx"
    )
    xml = entries(write_bytes(_read(path)))["word/document.xml"].decode()
    assert xml.count('w:val="Heading1"') == 2  # the document's own heading and the chunk's
    assert "Heading6" not in xml or 'w:styleId="Heading6"' in entries(path.read_bytes())["word/styles.xml"].decode()


def test_plain_text_chunk_is_one_paragraph_per_line(tmp_path: Path) -> None:
    base = g.word_document(["Before."])
    text = "Ilona Kowalczyk\r\n\r\nKieran Ashcroft, partner\n".encode("utf-8-sig")
    path = g.save(g.with_alt_chunk(base, text, name="chunk.txt", content_type="text/plain"), tmp_path / "in.docx")
    doc = _read(path)
    assert _body(doc) == ["Before.", "Ilona Kowalczyk", "Kieran Ashcroft, partner"]
    assert any(note.startswith("an imported chunk (plain text) in the body was merged") for note in doc.notes)
    _assert_nothing_left(_redacted(doc, tmp_path)[1])


def test_chunk_in_a_chunk_is_merged(tmp_path: Path) -> None:
    innermost = g.word_document(["Kieran Ashcroft, deepest."])
    inner = g.with_alt_chunk(g.word_document(["Middle."]), innermost, name="deep.docx", content_type=g.DOCX_MAIN)
    path = g.save(
        g.with_alt_chunk(g.word_document(["Top."]), inner, name="mid.docx", content_type=g.DOCX_MAIN), tmp_path / "a.docx"
    )
    doc = _read(path)
    assert _body(doc) == ["Top.", "Middle.", "Kieran Ashcroft, deepest."]
    _assert_nothing_left(_redacted(doc, tmp_path)[1])


@pytest.mark.parametrize(
    ("chunk", "name", "content_type", "what"),
    [
        (b"{\\rtf1\\ansi Ilona Kowalczyk}", "chunk.rtf", "application/rtf", "RTF"),
        (b"MIME-Version: 1.0\r\n\r\nIlona", "chunk.mht", "message/rfc822", "MHT"),
        (b"<x>Ilona</x>", "chunk.xml", "application/xml", "of a kind redactor does not read"),
        (b"PK\x03\x04 not really a zip", "chunk.docx", g.DOCX_MAIN, "a Word document that cannot be read"),
    ],
)
def test_unreadable_chunks_are_refused_with_what_to_do(
    tmp_path: Path, chunk: bytes, name: str, content_type: str, what: str
) -> None:
    path = g.save(
        g.with_alt_chunk(g.word_document(["Before."]), chunk, name=name, content_type=content_type), tmp_path / "r.docx"
    )
    with pytest.raises(InputError) as info:
        _read(path)
    message = str(info.value)
    assert message.startswith("r.docx has an imported chunk") and what in message
    assert "save it again as .docx: Word merges imported chunks into the document" in message
    assert not LEFTOVER.search(message.encode())


def test_chunks_nested_too_deep_are_refused(tmp_path: Path) -> None:
    level3 = g.word_document(["Ilona Kowalczyk."])
    level2 = g.with_alt_chunk(g.word_document(["Two."]), level3, name="c3.docx", content_type=g.DOCX_MAIN)
    level1 = g.with_alt_chunk(g.word_document(["One."]), level2, name="c2.docx", content_type=g.DOCX_MAIN)
    path = g.save(
        g.with_alt_chunk(g.word_document(["Top."]), level1, name="c1.docx", content_type=g.DOCX_MAIN), tmp_path / "d.docx"
    )
    with pytest.raises(InputError, match="nested more than two levels deep.*open it in Word"):
        _read(path)


def test_tracked_changes_in_a_chunk_follow_the_setting(tmp_path: Path) -> None:
    inner = g.add_parts(
        g.word_document([]),
        body_xml='<w:p><w:ins w:id="1" w:author="A"><w:r><w:t>Kieran Ashcroft</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText>Ilona Kowalczyk</w:delText></w:r></w:del></w:p>',
        parts={}, rels=[], types={},
    )  # fmt: skip
    path = g.save(
        g.with_alt_chunk(g.word_document(["Top."]), inner, name="c.docx", content_type=g.DOCX_MAIN), tmp_path / "t.docx"
    )
    assert _body(_read(path)) == ["Top.", "Kieran Ashcroft"]
    with pytest.raises(InputError, match="tracked changes in an imported chunk"):
        FMT.read(path, settings=FormatSettings(tracked_changes="fail"))


# -- charts and SmartArt -----------------------------------------------------------------------


@pytest.fixture()
def chart_docx(tmp_path: Path) -> Path:
    chart = g.chart_xml("Contacts with Ilona Kowalczyk", ["Kieran Ashcroft", "GP", "Police"], "Visits")
    return g.save(g.with_chart(g.word_document(["A chart follows."]), chart), tmp_path / "chart.docx")


def test_chart_text_is_segments(chart_docx: Path) -> None:
    doc = _read(chart_docx)
    texts = {seg.id: seg.text for seg in doc.segments if "charts/" in seg.id}
    assert texts == {
        "word/charts/chart1.xml/a:p/0": "Contacts with Ilona Kowalczyk",
        "word/charts/chart1.xml/v/0": "Visits",
        "word/charts/chart1.xml/v/1": "Kieran Ashcroft",
        "word/charts/chart1.xml/v/2": "GP",
        "word/charts/chart1.xml/v/3": "Police",
    }  # the numbers of the number cache are not text
    assert not any("chart" in note for note in doc.notes)
    assert describe("word/charts/chart1.xml/v/1", doc.places.get("word/charts/chart1.xml/v/1")) == (
        "a chart's category or series name"
    )


def test_chart_is_rewritten_and_its_numbers_kept(chart_docx: Path, tmp_path: Path) -> None:
    out, files = _redacted(_read(chart_docx), tmp_path)
    _assert_nothing_left(files)
    chart = files["word/charts/chart1.xml"].decode()
    assert "<a:t>Contacts with Adult A</a:t>" in chart and "<c:v>Adult A</c:v>" in chart
    assert '<c:pt idx="2"><c:v>3</c:v></c:pt>' in chart
    assert {seg.text for seg in _read(out).segments if "charts/" in seg.id} == {
        "Contacts with Adult A",
        "Visits",
        "Adult A",
        "GP",
        "Police",
    }


@pytest.fixture()
def smartart_docx(tmp_path: Path) -> Path:
    base = g.word_document(["A diagram follows."])
    return g.save(g.with_smartart(base, ["Ilona Kowalczyk", "Kieran Ashcroft and the GP"]), tmp_path / "smart.docx")


def test_smartart_data_and_drawing_are_both_segments(smartart_docx: Path) -> None:
    doc = _read(smartart_docx)
    texts = {seg.id: seg.text for seg in doc.segments if "diagrams/" in seg.id}
    assert texts == {
        "word/diagrams/data1.xml/a:p/1": "Ilona Kowalczyk",
        "word/diagrams/data1.xml/a:p/2": "Kieran Ashcroft and the GP",
        "word/diagrams/drawing1.xml/a:p/0": "Ilona Kowalczyk",
        "word/diagrams/drawing1.xml/a:p/1": "Kieran Ashcroft and the GP",
    }
    assert not any("SmartArt" in note for note in doc.notes)
    assert describe("word/diagrams/drawing1.xml/a:p/0") == "a SmartArt diagram's text"


def test_smartart_data_and_drawing_are_rewritten_alike(smartart_docx: Path, tmp_path: Path) -> None:
    out, files = _redacted(_read(smartart_docx), tmp_path)
    _assert_nothing_left(files)
    for part in ("word/diagrams/data1.xml", "word/diagrams/drawing1.xml"):
        assert b"<a:t>Adult A and the GP</a:t>" in files[part], part
    again = {seg.id.rpartition("/a:p/")[0]: seg.text for seg in _read(out).segments if "diagrams/" in seg.id}
    assert set(again) == {"word/diagrams/data1.xml", "word/diagrams/drawing1.xml"}


CHARTEX = (
    f'<cx:chartSpace xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex" xmlns:a="{g.A}">'
    '<cx:chartData><cx:data id="0"><cx:strDim type="cat"><cx:f>Sheet1!$A$2:$A$3</cx:f><cx:lvl ptCount="2">'
    '<cx:pt idx="0">Ilona Kowalczyk</cx:pt><cx:pt idx="1">GP</cx:pt></cx:lvl></cx:strDim>'
    '<cx:numDim type="val"><cx:lvl ptCount="2"><cx:pt idx="0">4</cx:pt><cx:pt idx="1">2</cx:pt></cx:lvl></cx:numDim>'
    "</cx:data></cx:chartData><cx:chart><cx:title><cx:tx><cx:txData><cx:v>Kieran Ashcroft</cx:v></cx:txData></cx:tx>"
    "</cx:title></cx:chart></cx:chartSpace>"
)


def test_chartex_text_is_segments(tmp_path: Path) -> None:
    data = g.add_parts(
        g.word_document(["Before."]),
        body_xml="",
        parts={"word/charts/chartEx1.xml": CHARTEX.encode()},
        rels=[("rIdCx", "http://schemas.microsoft.com/office/2014/relationships/chartEx", "charts/chartEx1.xml")],
        types={"word/charts/chartEx1.xml": "application/vnd.ms-office.chartex+xml"},
    )
    doc = _read(g.save(data, tmp_path / "cx.docx"))
    assert [(seg.id, seg.text) for seg in doc.segments if "charts/" in seg.id] == [
        ("word/charts/chartEx1.xml/v/0", "Ilona Kowalczyk"),
        ("word/charts/chartEx1.xml/v/1", "GP"),
        ("word/charts/chartEx1.xml/v/2", "Kieran Ashcroft"),
    ]
    _assert_nothing_left(_redacted(doc, tmp_path)[1])


def test_strip_images_still_replaces_charts(chart_docx: Path) -> None:
    settings = FormatSettings(strip_images=True)
    doc = FMT.read(chart_docx, settings=settings)
    assert not [seg for seg in doc.segments if "charts/" in seg.id]
    assert "word/charts/chart1.xml" not in entries(write_bytes(doc, settings))


def test_drawingml_line_break_receiving_text_becomes_a_run() -> None:
    p = etree.fromstring(f'<a:p xmlns:a="{g.A}"><a:r><a:t>Ilona</a:t></a:r><a:br/><a:r><a:t>Kowalczyk</a:t></a:r></a:p>')
    source = DrawingSource("x/a:p/0", "x", drawing_atoms(p))
    assert "".join(source.pieces()) == "Ilona\nKowalczyk"
    apply_edits(source, [(5, 6, " ")])
    assert etree.tostring(p).decode().count("<a:t>") == 3 and "<a:br/>" not in etree.tostring(p).decode()


# -- LibreOffice opens every output ------------------------------------------------------------


@pytest.mark.libreoffice
def test_outputs_open_in_libreoffice(nested_docx: Path, chart_docx: Path, smartart_docx: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui")
    html = g.save(
        g.with_alt_chunk(g.word_document(["Before."]), HTML, name="c.html", content_type="text/html"), tmp_path / "h.docx"
    )
    outs = []
    for index, path in enumerate((nested_docx, html, chart_docx, smartart_docx)):
        outs.append(save(write_bytes(edits_for(_read(path), NAMES, "Adult A")), tmp_path / f"out{index}.docx"))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(tmp_path / "txt"), *map(str, outs)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    texts = [(tmp_path / "txt" / f"out{i}.txt").read_text("utf-8-sig") for i in range(len(outs))]
    assert "Adult A was seen by Adult A." in texts[0]
    assert "Adult A met Adult A." in texts[1]
    for text in texts:
        assert not LEFTOVER.search(text.encode())
