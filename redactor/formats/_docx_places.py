"""Where each paragraph of a Word package stands, as a ``Place`` (see ``redactor.where``).

Counted on the same cleaned tree the reader takes its segments from, so the paragraph index in
a segment id (``word/document.xml/p/58``) is the index here.

* Paragraph numbers count the main document's paragraphs that have text (a segment), outside
  tables and text boxes, 1-based, in document order: what a person reading the body counts.
* Tables are numbered per part, top-level tables only, in document order; a paragraph in a
  nested table gets the top-level table's row and column and ``nested``. Rows and cells are
  counted as they stand in the XML (a cell merged across columns counts once).
* Footnotes and endnotes are numbered by the order of their references in the main document
  (the number a reader sees for automatically numbered notes); a note no reference reaches is
  numbered after them, in the order of its part. Comments are numbered in the order of the
  comments part.
* A heading is a paragraph whose style id or name starts with "Heading" or "Title", or with an
  outline level (``w:outlineLvl`` other than 9, body text) in its own or its style's properties.
  Its level is the outline level plus one, else the number in the style's name ("heading 2"),
  else 1 (a title). A list item is a paragraph with Word numbering (``w:numPr``) in its own or
  its style's properties.

Not handled: custom note marks (``w:customMarkFollows``) and restarted note numbering are not
followed; a style's ``w:basedOn`` chain is not followed for headings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from typing import Any

from redactor.formats._docx_package import Package
from redactor.formats._docx_xml import local_name, w
from redactor.where import Place

_STORIES = {"document": "body", "hdr": "header", "ftr": "footer", "footnotes": "footnote", "endnotes": "endnote",
            "comments": "comment"}  # fmt: skip
_NOTE_TAGS = {"footnote": w("footnote"), "endnote": w("endnote"), "comment": w("comment")}
_W_P, _W_TBL, _W_TR, _W_TC, _W_TXBX = w("p"), w("tbl"), w("tr"), w("tc"), w("txbxContent")


def paragraph_places(pkg: Package, main: str, parts: Iterable[str], segment_ids: Collection[str]) -> dict[str, Place]:
    """Return the place of every paragraph that is a segment, by segment id.

    Args:
        pkg: the package, cleaned as the reader left it.
        main: the main document part.
        parts: the story parts (main document, headers, footers, notes, comments).
        segment_ids: the ids of the segments the reader made (a paragraph without one has no text).
    """
    headings = _HeadingStyles(pkg, main)
    numbers = {kind: _note_numbers(pkg, main, kind) for kind in ("footnote", "endnote")}
    places: dict[str, Place] = {}
    for part in parts:
        root = pkg.xml(part)
        story = _STORIES.get(local_name(root.tag), "body")
        places.update(_part_places(part, root, story, segment_ids, headings, numbers.get(story, {})))
    return places


def _part_places(
    part: str, root: Any, story: str, segment_ids: Collection[str], headings: _HeadingStyles, note_numbers: dict[str, int]
) -> dict[str, Place]:
    tables = _Tables(root)
    notes = _NoteOrder(root, story, note_numbers)
    numbered: dict[Any, int] = {}  # top-level body paragraph -> its number
    count = 0
    heading: str | None = None
    places: dict[str, Place] = {}
    for index, p in enumerate(root.iter(_W_P)):
        segment_id = f"{part}/p/{index}"
        has_text = segment_id in segment_ids
        tbls, tc, box_anchor, note = _ancestors(p)
        plain = not tbls and box_anchor is None
        if story == "body" and plain and has_text:
            count += 1
            numbered[p] = count
        if not has_text:
            continue
        place = Place(
            story=story, heading=heading if story == "body" else None, level=headings.level(p),
            list_item=headings.is_list_item(p),
        )
        if note is not None:
            place = _with(place, note=notes.number(note))
        if tbls:
            top = tbls[-1]
            row, column = tables.cell(top, tc)
            place = _with(place, table=tables.number(top), row=row, column=column, nested=len(tbls) > 1)
        if box_anchor is not None:
            anchor = numbered.get(box_anchor)
            place = _with(place, text_box=True, paragraph=anchor if anchor is not None else count, after=anchor is None)
        elif plain and story == "body":
            place = _with(place, paragraph=count)
        places[segment_id] = place
        if story == "body" and place.level is not None:
            heading = segment_id
    return places


def _with(place: Place, **changes: Any) -> Place:
    return dataclasses.replace(place, **changes)


def _ancestors(p: Any) -> tuple[list[Any], Any, Any, Any]:
    """Return the tables around ``p`` (innermost first), the cell of the outermost one, the
    paragraph that anchors the text box ``p`` is in (None outside one), and the note or
    comment element it belongs to."""
    tbls: list[Any] = []
    cells: list[Any] = []
    box_anchor = None
    in_box = False
    note = None
    el = p.getparent()
    while el is not None:
        tag = el.tag
        if tag == _W_TC:
            cells.append(el)
        elif tag == _W_TBL:
            tbls.append(el)
        elif tag == _W_TXBX:
            in_box = True
        elif tag == _W_P and in_box and box_anchor is None:
            box_anchor = el
        elif tag in _NOTE_TAGS.values():
            note = el
        el = el.getparent()
    # The outermost table's cell is the last cell met below that table.
    outer_cell = None
    if tbls:
        for cell in cells:
            if _nearest(cell, _W_TBL) is tbls[-1]:
                outer_cell = cell
    return tbls, outer_cell, box_anchor, note


def _nearest(el: Any, tag: str) -> Any:
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


class _Tables:
    """Numbers of a part's top-level tables, and the row and column of each cell."""

    def __init__(self, root: Any) -> None:
        self._numbers: dict[Any, int] = {}
        for tbl in root.iter(_W_TBL):
            if _nearest(tbl, _W_TBL) is None:
                self._numbers[tbl] = len(self._numbers) + 1
        self._cells: dict[Any, tuple[int, int]] = {}
        self._done: set[Any] = set()

    def number(self, tbl: Any) -> int | None:
        return self._numbers.get(tbl)

    def cell(self, tbl: Any, tc: Any) -> tuple[int | None, int | None]:
        if tbl not in self._done:
            self._done.add(tbl)
            rows = [tr for tr in tbl.iter(_W_TR) if _nearest(tr, _W_TBL) is tbl]
            for r, tr in enumerate(rows, start=1):
                cells = [c for c in tr.iter(_W_TC) if _nearest(c, _W_TR) is tr]
                for c, cell in enumerate(cells, start=1):
                    self._cells[cell] = (r, c)
        return self._cells.get(tc, (None, None))


class _NoteOrder:
    """The number of each footnote, endnote or comment of one part."""

    def __init__(self, root: Any, story: str, by_reference: dict[str, int]) -> None:
        self._numbers: dict[Any, int] = {}
        tag = _NOTE_TAGS.get(story)
        if tag is None:
            return
        if story == "comment":
            for n, el in enumerate(root.iter(tag), start=1):
                self._numbers[el] = n
            return
        # Separators (w:type="separator", "continuationSeparator") are not notes a reader sees.
        real = [el for el in root.iter(tag) if el.get(w("type")) in (None, "normal")]
        after = max(by_reference.values(), default=0)
        for el in real:
            number = by_reference.get(el.get(w("id")) or "")
            if number is None:
                after += 1
                number = after
            self._numbers[el] = number

    def number(self, el: Any) -> int | None:
        return self._numbers.get(el)


def _note_numbers(pkg: Package, main: str, kind: str) -> dict[str, int]:
    """Return note id -> the number a reader sees, by the order of references in the body."""
    numbers: dict[str, int] = {}
    for ref in pkg.xml(main).iter(w(f"{kind}Reference")):
        note_id = ref.get(w("id"))
        if note_id is not None and note_id not in numbers:
            numbers[note_id] = len(numbers) + 1
    return numbers


class _HeadingStyles:
    """Which paragraphs are headings (by style id or name, or by outline level), at which level,
    and which are list items (by Word numbering)."""

    def __init__(self, pkg: Package, main: str) -> None:
        self._levels: dict[str, int] = {}
        self._lists: set[str] = set()
        for rel in pkg.rels(main):
            part = pkg.find(rel.part) if rel.kind == "styles" and not rel.external else None
            if part is None:
                continue
            for style in pkg.xml(part).iter(w("style")):
                style_id = style.get(w("styleId")) or ""
                name_el = style.find(w("name"))
                name = (name_el.get(w("val")) if name_el is not None else "") or ""
                outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
                level = _outline(outline) or _heading_name(style_id) or _heading_name(name)
                if level:
                    self._levels[style_id] = level
                if style.find(f"{w('pPr')}/{w('numPr')}") is not None:
                    self._lists.add(style_id)

    def level(self, p: Any) -> int | None:
        """Return the paragraph's heading level (1 to 9), or None if it is no heading."""
        ppr = p.find(w("pPr"))
        if ppr is None:
            return None
        own = _outline(ppr.find(w("outlineLvl")))
        if own:
            return own
        style_id = _style_id(ppr)
        if not style_id:
            return None
        return self._levels.get(style_id) or _heading_name(style_id) or None

    def is_list_item(self, p: Any) -> bool:
        """Say whether the paragraph is numbered or bulleted by Word."""
        ppr = p.find(w("pPr"))
        if ppr is None:
            return False
        numpr = ppr.find(w("numPr"))
        if numpr is not None:
            num = numpr.find(w("numId"))
            return num is None or (num.get(w("val")) or "0") != "0"  # numId 0 removes the style's numbering
        return _style_id(ppr) in self._lists


def _style_id(ppr: Any) -> str:
    style = ppr.find(w("pStyle"))
    return (style.get(w("val")) if style is not None else "") or ""


def _heading_name(name: str) -> int:
    """Return the level a style's id or name gives ("Heading2", "heading 3": 2, 3; "Title": 1), else 0."""
    folded = name.casefold().replace(" ", "")
    if folded.startswith("title"):
        return 1
    if not folded.startswith("heading"):
        return 0
    digits = folded.removeprefix("heading")
    return min(int(digits), 9) if digits.isdigit() and int(digits) > 0 else 1


def _outline(el: Any) -> int:
    """Return an outline level element's heading level (``w:val`` plus one), 0 for body text or none."""
    if el is None:
        return 0
    value = el.get(w("val")) or "9"
    return int(value) + 1 if value.isdigit() and int(value) < 9 else 0
