"""review.json: each segment's role and table position, from what the readers record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from redactor.formats import format_for
from redactor.keyfile import Key
from redactor.review import Review, SegmentLayout, build_review, review_document, segment_layout
from redactor.review_json import render_review_json
from redactor.settings import FormatSettings
from redactor.where import Place

CORPUS = Path("/work/shared/corpora/docx")
#: Tables, a footnote, an endnote, a header and a footer (MANIFEST.json: tables 2, footnotes 1, headers 1).
TABLES_AND_NOTES = CORPUS / "poi__Bug54849.docx"
#: Headings of two levels, a numbered list, text boxes and tables.
HEADINGS_AND_LISTS = CORPUS / "openxml-powertools__HC031-Complicated-Document.docx"


def _review_of(path: Path) -> dict:  # type: ignore[type-arg]
    if not path.is_file():
        pytest.skip(f"{path.name}: the shared docx corpus is not here")
    doc = format_for(path).read(path, settings=FormatSettings(objects="list"))
    review = build_review(
        Key.new("T"), [review_document(path.name, doc)], [], generated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        tool="redactor test",
    )
    data: dict = json.loads(render_review_json(review))  # type: ignore[type-arg]
    return data


def _by_text(data: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {s["text"].strip(): s for s in data["documents"][0]["segments"]}


def test_word_stories_and_table_cells_get_their_roles_and_coordinates() -> None:
    segments = _by_text(_review_of(TABLES_AND_NOTES))
    assert segments["Rich_text_cell1"]["role"] == "table-cell"
    assert segments["Rich_text_cell1"]["table"] == [1, 1, 1]
    assert segments["Rich_text_in_cell"]["table"] == [2, 1, 2]
    assert segments["Abc rich_text_in_paragraph_in_cell"]["table"] == [2, 2, 2]
    assert segments["Rich_text_post_table"] == segments["Rich_text_post_table"] | {"role": "paragraph", "table": None}
    assert segments["Footnote_sdt"]["role"] == "footnote"
    assert segments["Endnote Endnote_sdt"]["role"] == "endnote"
    assert segments["Footer_rich_text"]["role"] == "footer"
    assert segments["This is a header header_rich_text"]["role"] == "header"
    assert segments["MyTitle"]["role"] == "properties"  # a content control's title


def test_word_headings_lists_and_text_boxes_get_their_roles() -> None:
    data = _review_of(HEADINGS_AND_LISTS)
    segments = data["documents"][0]["segments"]
    roles = {s["role"] for s in segments}
    assert {"heading1", "heading2", "list", "textbox", "table-cell", "paragraph"} <= roles
    by_text = _by_text(data)
    assert by_text["Heading1"]["role"] == "heading1"
    assert by_text["Heading 2"]["role"] == "heading2"
    assert [s["table"] for s in segments if s["table"] and s["table"][0] == 2][-1] == [2, 3, 3]
    assert all(s["role"] == "properties" for s in segments if "/instr/" in s["id"])  # field codes


def test_every_segment_has_the_documented_keys() -> None:
    data = _review_of(TABLES_AND_NOTES)
    assert set(data) == {"format", "case", "generated", "tool", "entities", "documents", "uncertain"}
    document = data["documents"][0]
    assert set(document) == {"name", "given", "checks", "segments", "mentions", "kept"}
    assert all({"id", "text", "place", "role", "table"} <= set(s) for s in document["segments"])


@pytest.mark.parametrize(
    ("segment_id", "place", "expected"),
    [
        ("body/p/0", Place(paragraph=1, level=2), SegmentLayout("heading2")),
        ("body/p/0", Place(paragraph=1, level=8), SegmentLayout("heading6")),
        ("body/p/3", Place(paragraph=4, list_item=True), SegmentLayout("list")),
        ("body/p/4", Place(table=1, rows=(0, 12)), SegmentLayout("table-cell", (1, None, None), (0, 12))),
        ("word/footer2.xml/p/0", Place(story="footer", table=1, row=1, column=2), SegmentLayout("footer", (1, 1, 2))),
        ("word/document.xml/p/9", Place(text_box=True, paragraph=7), SegmentLayout("textbox")),
        ("docProps/core.xml/creator", None, SegmentLayout("properties")),
        ("word/comments.xml/p/1", None, SegmentLayout("comment")),
        ("word/charts/chart1.xml/a:p/0", None, SegmentLayout("textbox")),
        ("body/p/7", None, SegmentLayout("paragraph")),
    ],
)
def test_segment_layout(segment_id: str, place: Place | None, expected: SegmentLayout) -> None:
    assert segment_layout(segment_id, place) == expected


def test_markdown_headings_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("# Title\n\n## Background\n\n- first point\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText.\n", "utf-8")
    doc = format_for(path).read(path, settings=FormatSettings())
    review = Review("T", "", "", (review_document("r.md", doc),), ())
    roles = [s["role"] for s in json.loads(render_review_json(review))["documents"][0]["segments"]]
    assert roles == ["heading1", "heading2", "list", "table-cell", "paragraph"]
