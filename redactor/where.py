"""Say where a segment is in words an officer looks for: "paragraph 12", "table 2, row 3, column 1".

Segment ids ("word/document.xml/p/58", "docProps/core.xml/keywords") are positions in the file's
markup: right for the audit log, meaningless to the person who opens the document in Word. A
reader records what it knows about each paragraph as a ``Place`` (``Document.places``);
``describe`` turns an id, with its place when there is one, into words. An id with no place is
described from its shape alone, and an id of a shape not known here still gets words ("part
word/xyz.xml"): ``describe`` never raises.

The words name positions and kinds only, never the document's text. The nearest heading is a
segment id; only the review page (a sensitive file) turns it into the heading's text.

Not handled: paragraph numbers count what the reader sees as paragraphs in the file's order;
Word's own numbering of headings and lists is not used, and page numbers are unknown.
"""

from __future__ import annotations

import dataclasses
import re

__all__ = ["Place", "describe"]


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """What a reader knows about where one segment (a paragraph) stands.

    Attributes:
        story: Where the paragraph lives: "body", "header", "footer", "footnote", "endnote" or
            "comment".
        paragraph: For a body paragraph outside tables and text boxes: its number among the body
            paragraphs that have text (1-based). For a text box: the number of the paragraph it is
            anchored in (or of the last numbered paragraph before it, with ``after``).
        after: The text box's anchor paragraph has no text of its own: ``paragraph`` is the last
            numbered paragraph before it (0: none).
        note: The footnote, endnote or comment number (1-based), as ``story`` says.
        table: The table number in this part of the document (top-level tables, document order,
            1-based); None outside tables.
        row: The row in that table (1-based; row 1 is usually the header row).
        column: The cell in that row (1-based; merged cells count once).
        nested: The paragraph is in a table nested inside ``table``'s cell.
        text_box: The paragraph is inside a text box (or another shape with text).
        heading: The segment id of the nearest heading before this paragraph (body only), if any.
        rows: For a plain-text segment that holds a whole Markdown table: the offset where each
            row starts (header row first; the ``|---|`` line is not a row).
        level: The paragraph is itself a heading of this level (1 to 9; a title is 1); None
            for any other paragraph. Shown by the workspace, never in the words ``describe`` says.
        list_item: The paragraph is an item of a numbered or bulleted list (Word numbering).
    """

    story: str = "body"
    paragraph: int | None = None
    after: bool = False
    note: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    nested: bool = False
    text_box: bool = False
    heading: str | None = None
    rows: tuple[int, ...] = ()
    level: int | None = None
    list_item: bool = False


#: What each attribute rule of the Word reader (``docx_format._ATTR_RULES``) reads, in words.
_ATTRIBUTES = {
    ("docPr", "descr"): "an image's description",
    ("docPr", "title"): "an image's title",
    ("docPr", "name"): "an image's name",
    ("cNvPr", "descr"): "an image's description",
    ("cNvPr", "title"): "an image's title",
    ("cNvPr", "name"): "an image's name",
    ("vml", "alt"): "an image's description",
    ("vml", "title"): "an image's title",
    ("vml", "href"): "a shape's link",
    ("vml", "id"): "a shape's name",
    ("imagedata", "title"): "an image's title",
    ("textpath", "string"): "WordArt text",
    ("fldSimple", "instr"): "a field code",
    ("hyperlink", "tooltip"): "a link's tooltip",
    ("hyperlink", "anchor"): "a link's bookmark",
    ("hyperlink", "docLocation"): "a link's target",
    ("hlinkClick", "tooltip"): "a link's tooltip",
    ("hlinkHover", "tooltip"): "a link's tooltip",
    ("alias", "val"): "a content control's title",
    ("tag", "val"): "a content control's tag",
    ("listItem", "displayText"): "a drop-down list item",
    ("listItem", "value"): "a drop-down list item",
    ("bookmarkStart", "name"): "a bookmark's name",
    ("permStart", "ed"): "an editing permission",
    ("tblCaption", "val"): "a table's title",
    ("tblDescription", "val"): "a table's description",
    ("statusText", "val"): "a form field's status text",
    ("helpText", "val"): "a form field's help text",
    ("listEntry", "val"): "a form field's list entry",
    ("ffName", "val"): "a form field's name",
    ("ffDefault", "val"): "a form field's default text",
}

#: Core and app properties as Word's File > Info > Properties names them.
_PROPERTIES = {
    "title": "title",
    "subject": "subject",
    "creator": "author",
    "keywords": "keywords",
    "description": "comments",
    "category": "category",
    "lastModifiedBy": "last modified by",
    "contentStatus": "status",
    "identifier": "identifier",
    "version": "version",
    "TitlesOfParts": "titles of parts",
}

_PART = re.compile(r"^(?P<part>.+?\.(?:xml|rels))(?:/(?P<rest>.*))?$")
_PARAGRAPH = re.compile(r"^p/(?P<index>\d+)(?P<instr>/instr/.+)?$")
_STORY_OF_PART = re.compile(r"(?:^|/)(?P<story>header|footer|footnotes|endnotes|comments)\d*\.xml$", re.IGNORECASE)
_STORY_NAMES = {"footnotes": "footnote", "endnotes": "endnote", "comments": "comment"}


def describe(segment_id: str, place: Place | None = None, *, offset: int | None = None) -> str:
    """Return where ``segment_id`` is, in words ("paragraph 12", "footnote 4").

    Args:
        segment_id: A segment id, or a location that verification scans (``DocxFormat.texts``).
        place: What the reader recorded for this id (or, for a field code, for its paragraph).
        offset: A character offset in the segment: picks the row of a Markdown table.

    Never raises: an id it does not know is described by its part ("part word/xyz.xml"), or
    as "an unknown place".
    """
    try:
        return _describe(segment_id, place, offset)
    except Exception:  # noqa: BLE001 - a location must never stop a report
        return "an unknown place"


def _describe(segment_id: str, place: Place | None, offset: int | None) -> str:
    if segment_id.startswith("body/p/"):  # plain text and Markdown
        rest = segment_id.removeprefix("body/p/")
        if place is not None:
            return _place_words(place, offset)
        return f"paragraph {int(rest) + 1}" if rest.isdigit() else "a paragraph"
    if segment_id == "text":
        return "the text"
    if segment_id.endswith("[entry]"):
        return "a part's name inside the file"
    inner = ""
    if "!/" in segment_id:  # a package embedded in another (a chart's workbook)
        inner, _, segment_id = segment_id.rpartition("!/")
    match = _PART.match(segment_id)
    if match is None:
        return f"part {segment_id}" if segment_id else "an unknown place"
    part, rest = match.group("part"), match.group("rest") or ""
    words = _part_words(part, rest, place, offset)
    return f"{words} in an embedded file" if inner else words


def _part_words(part: str, rest: str, place: Place | None, offset: int | None) -> str:
    lower = part.lower()
    if lower.startswith("customxml/"):
        return "custom XML data"
    if lower.startswith("docprops/"):
        name = rest.split("/", 1)[0]
        return f"document properties: {_PROPERTIES.get(name, name)}" if name else "the document properties"
    if "_rels/" in lower:
        return "a link's target" if rest else "the list of links"
    paragraph = _PARAGRAPH.match(rest)
    if paragraph is not None:
        where = _place_words(place, offset) if place is not None else f"a paragraph {in_part(part)}"
        if paragraph.group("instr"):
            return f"a field code in {where}"
        return where
    if rest.startswith("attr/"):
        bits = rest.split("/")
        key = bits[1] if len(bits) > 1 else ""
        attr = bits[-1]
        what = _ATTRIBUTES.get((key, attr), "an attribute")
        story = in_part(part)
        return what if story == "in the body" else f"{what} {story}"
    if rest.startswith(("a:p/", "text/", "v/")):
        if "/charts/" in lower or lower.startswith("word/drawings/"):  # a chart, or shapes drawn on one
            # A chart's string values are its category and series names.
            return "a chart's category or series name" if rest.startswith("v/") else "a chart's text"
        if "/diagrams/" in lower:
            return "a SmartArt diagram's text"
        return f"text {in_part(part)}"
    return f"part {part}"


def in_part(part: str) -> str:
    """Return where a part of a Word package is, in words: "in the header", "in the footnotes"."""
    lower = part.lower()
    if (lower.endswith("/document.xml") or lower == "document.xml") and "glossary" not in lower:
        return "in the body"
    match = _STORY_OF_PART.search(lower)
    if match is not None:
        return f"in the {match.group('story')}"
    if lower.startswith("docprops/"):
        return "in the document properties"
    if lower.startswith("customxml/"):
        return "in custom XML data"
    if "/charts/" in lower:
        return "in a chart"
    if "/diagrams/" in lower:
        return "in a SmartArt graphic"
    return f"in part {part}"


def part_name(part: str) -> str:
    """Return a part of a Word package as an officer would name it: "the header", "the body"."""
    return in_part(part).removeprefix("in ")


def _place_words(place: Place, offset: int | None) -> str:
    if place.rows and offset is not None:
        row = sum(1 for start in place.rows if start <= offset)
        cell = f"table {place.table}, row {max(row, 1)}"
    elif place.table is not None:
        cell = f"table {place.table}"
        if place.row is not None:
            cell += f", row {place.row}"
        if place.column is not None:
            cell += f", column {place.column}"
        if place.nested:
            cell += " (in a table inside that cell)"
    else:
        cell = ""
    if place.text_box:
        if cell:
            base = f"a text box in {cell}"
        elif place.story == "body" and place.paragraph:
            base = f"a text box {'after' if place.after else 'in'} paragraph {place.paragraph}"
        else:
            base = "a text box"
    elif cell:
        base = cell
    elif place.story == "body":
        base = f"paragraph {place.paragraph}" if place.paragraph else "a paragraph"
    else:
        base = ""
    story = _story_words(place)
    if not story:
        return base or "a paragraph"
    return f"{base} in {story}" if base else story


def _story_words(place: Place) -> str:
    if place.story == "body":
        return ""
    if place.story in ("header", "footer"):
        return f"the {place.story}"
    if place.note is not None:
        return f"{place.story} {place.note}"
    return f"an {place.story}" if place.story[0] in "aeiou" else f"a {place.story}"
