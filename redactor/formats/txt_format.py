"""Plain text and Markdown: UTF-8, with or without a byte-order mark.

A segment is a paragraph: text between blank lines (single line breaks stay inside the
segment, so a name broken over a line is still one mention). Every byte outside an edit is
written back unchanged: line endings, trailing spaces, Markdown markup and the BOM.
Each segment's place (``Document.places``) is its paragraph number (1-based). In Markdown, a
paragraph whose first line starts with "#" is a heading, and a paragraph that is a pipe table
(its second line is the ``|---|---|`` delimiter row) is "table N" with the start of each row, so
that a place in it can name the row; paragraph numbers in Markdown do not count tables.
Not handled: other encodings, and UTF-8 mixed with other encodings: refused, naming the line
of the first undecodable byte, so that the user saves the file as UTF-8 (nothing is guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from redactor.document import Document, Segment
from redactor.errors import InputError
from redactor.formats import register_format
from redactor.settings import FormatSettings
from redactor.where import Place

_BOM = b"\xef\xbb\xbf"
_BLANK_LINES = re.compile(r"(?:\r?\n)(?:[ \t]*\r?\n)+")
MAX_BYTES = 200 * 1024 * 1024
#: A paragraph that starts as a list item does: "- ", "* ", "+ ", "• ", "1. ", "2) ".
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+\S")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _decode(path: Path) -> tuple[bool, str]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path.name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files."
            )
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{path.name}: file not found; check the path.") from err
    except IsADirectoryError as err:
        raise InputError(f"{path.name}: is a folder, not a file.") from err
    except PermissionError as err:
        raise InputError(f"{path.name}: permission denied; check you can open the file.") from err
    except OSError as err:
        raise InputError(f"{path.name}: cannot be read ({err.strerror}).") from err
    has_bom = raw.startswith(_BOM)
    body = raw[len(_BOM) :] if has_bom else raw
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{path.name}: is UTF-16 text (what Windows calls 'Unicode'); open it in a text editor and save it as UTF-8."
        )
    if b"\x00" in body:
        raise InputError(
            f"{path.name}: looks like a binary file, not text; check it is the right file, or save it as plain text (UTF-8)."
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        # Refused, never guessed: decoding the rest as Latin-1 or with replacement characters
        # would change bytes outside the redactions, and undecodable bytes kept as they are
        # would hide a name spelled in another encoding ("Zo\xeb") from detection and verify.
        offset = err.start + (len(_BOM) if has_bom else 0)
        line = raw.count(b"\n", 0, offset) + 1
        raise InputError(
            f"{path.name}: is not UTF-8 text (undecodable byte at offset {offset}, line {line}); "
            "open it in a text editor and save it as UTF-8."
        ) from err
    if not text.strip():
        raise InputError(f"{path.name}: the file is empty, so there is nothing to redact; check that you picked the right file.")
    return has_bom, text


def _split(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph."""
    bounds = []
    pos = 0
    for match in _BLANK_LINES.finditer(text):
        bounds.append((pos, match.start()))
        pos = match.end()
    bounds.append((pos, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def table_rows(text: str) -> tuple[int, ...]:
    """Return where each row of a Markdown pipe table starts, if ``text`` is one, else ()."""
    lines = text.splitlines(keepends=True)
    if len(lines) < 2 or "|" not in lines[0] or not _TABLE_DELIMITER.match(lines[1]):
        return ()
    starts, pos = [], 0
    for n, line in enumerate(lines):
        if n != 1 and line.strip():
            starts.append(pos)
        pos += len(line)
    return tuple(starts)


def markdown_places(segments: tuple[Segment, ...]) -> dict[str, Place]:
    """Return each Markdown segment's place: paragraph or table number, and the heading above it."""
    places: dict[str, Place] = {}
    paragraphs = tables = 0
    heading: str | None = None
    for seg in segments:
        rows = table_rows(seg.text)
        if rows:
            tables += 1
            places[seg.id] = Place(table=tables, rows=rows, heading=heading)
            continue
        paragraphs += 1
        marks = len(seg.text.lstrip(" ")) - len(seg.text.lstrip(" ").lstrip("#"))
        level = min(marks, 6) if marks else None
        places[seg.id] = Place(
            paragraph=paragraphs, heading=heading, level=level, list_item=bool(_LIST_ITEM.match(seg.text))
        )
        if level is not None:
            heading = seg.id
    return places


class _TextFormat:
    name = "text"
    suffixes: tuple[str, ...] = (".txt",)

    def read(self, path: Path, *, settings: FormatSettings) -> Document:
        """Read a UTF-8 text file into paragraph segments."""
        _, text = _decode(path)
        segments = tuple(Segment(id=f"body/p/{i}", text=text[s:e]) for i, (s, e) in enumerate(_split(text)))
        return Document(path=path, format=self.name, segments=segments, places=self.places(segments))

    def places(self, segments: tuple[Segment, ...]) -> dict[str, Place]:
        """Return each segment's place: its paragraph number."""
        return {
            seg.id: Place(paragraph=i, list_item=bool(_LIST_ITEM.match(seg.text)))
            for i, seg in enumerate(segments, start=1)
        }

    def write(self, doc: Document, stream: BinaryIO, *, settings: FormatSettings) -> None:
        """Write the original bytes with the edits spliced into their paragraphs."""
        has_bom, text = _decode(doc.path)
        bounds = _split(text)
        by_id = {f"body/p/{i}": b for i, b in enumerate(bounds)}
        pieces: list[str] = []
        cursor = 0
        for edit in sorted(doc.edits, key=lambda e: by_id[e.segment_id][0] + e.start):
            seg_start, seg_end = by_id[edit.segment_id]
            start, end = seg_start + edit.start, seg_start + edit.end
            if start < cursor or end > seg_end:
                raise ValueError(f"overlapping or out-of-range edit in {edit.segment_id}")
            pieces.append(text[cursor:start])
            pieces.append(edit.replacement)
            cursor = end
        pieces.append(text[cursor:])
        if has_bom:
            stream.write(_BOM)
        stream.write("".join(pieces).encode("utf-8"))

    def texts(self, path: Path) -> Iterator[tuple[str, str]]:
        """Yield the whole text, once."""
        _, text = _decode(path)
        yield "text", text


@register_format
class TxtFormat(_TextFormat):
    """Plain text (.txt)."""

    name = "text"
    suffixes = (".txt", ".text")


@register_format
class MarkdownFormat(_TextFormat):
    """Markdown (.md): read as text; markup is kept as written."""

    name = "markdown"
    suffixes = (".md", ".markdown")

    def places(self, segments: tuple[Segment, ...]) -> dict[str, Place]:
        """Return each segment's place: paragraph or table number, and the heading above it."""
        return markdown_places(segments)
