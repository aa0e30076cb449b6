"""Merge imported chunks (``w:altChunk``) into the document as ordinary paragraphs.

A ``w:altChunk`` shows a whole other file (a part reached by an ``aFChunk`` relationship) where
it stands; Word merges it into the document when the file is saved again. Its text would be
published without being read, so each chunk becomes plain paragraphs of the part it is in, and
the chunk part and its relationship go. The paragraphs are then read, detected, rewritten and
verified like any other. The conversion depends only on the input's bytes, so reading and
writing the same file give the same paragraphs (and segment ids).

How each kind of chunk becomes paragraphs:
    * HTML (``text/html``, ``application/xhtml+xml``, ``.htm``/``.html``): each block (``p``,
      ``h1``-``h6``, ``li``, ``div``, ``pre``, ``blockquote``, ``dt``/``dd``, ...) is a paragraph
      and ``br`` starts a new one; a table row is one paragraph, its cells joined by tabs. White
      space is collapsed as a browser does (``pre`` keeps its lines). A heading gets the style
      ``HeadingN`` when the main document has that style id. ``head``, ``script``, ``style``,
      comments and attribute values (links, image sources, alt text) are dropped.
    * plain text (``text/plain``, ``.txt``): one paragraph per line (blank lines stay, empty).
    * a Word document (an Office Open XML package inside the part): every paragraph of its body,
      table cells and text boxes included, as plain text (its paragraph style kept when the main
      document has that style id); its tracked changes are accepted first, or the file is
      refused when tracked changes must fail. An imported chunk inside it is merged the same way,
      two levels deep at most. Its headers, footers, notes, comments, pictures and field codes
      are dropped, not published.

Refused (``InputError``, naming the file and saying to save it again from Word): RTF, MHT,
XML and other kinds of chunk, a nested package that is not a readable Word document, chunks
nested more than two deep.

Not handled: formatting (bold, lists, table layout) is not carried over; HTML character
references are decoded by lxml, and text with no declared encoding is read as UTF-8 when it
decodes as such (else as Windows-1252).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

from redactor.errors import InputError
from redactor.formats._docx_clean import accept_revisions, count_revisions
from redactor.formats._docx_package import Package, main_part, open_package_bytes
from redactor.formats._docx_text import paragraph_text
from redactor.formats._docx_xml import MC_NS, R_NS, XML_SPACE, remove_keep_tail, w
from redactor.where import part_name

#: How deep imported chunks may nest (a chunk in the document is level 1).
MAX_DEPTH = 2

_ALT_CHUNK = w("altChunk")
_R_ID = f"{{{R_NS}}}id"
_FALLBACK = f"{{{MC_NS}}}Fallback"
_REMEDY = "open it in Word, and save it again as .docx: Word merges imported chunks into the document"
_ZIP_MAGIC = b"PK\x03\x04"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SUFFIXES = (".htm", ".html", ".xhtml")
_TEXT_TYPES = ("text/plain",)
_TEXT_SUFFIXES = (".txt",)
#: Characters XML 1.0 cannot hold (a text or HTML chunk may have them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: A converted paragraph: its style id (None: the default) and its text ("\t" and "\n" allowed).
_Paragraph = tuple[str | None, str]


def merge_chunks(pkg: Package, part: str, style_ids: frozenset[str], *, accept_changes: bool) -> list[str]:
    """Replace every ``w:altChunk`` of ``part`` with paragraphs; remove the chunk parts.

    Args:
        pkg: The package (the main document's).
        part: A story part (main document, header, footer, notes, kept comments).
        style_ids: The paragraph style ids the main document defines.
        accept_changes: Accept tracked changes inside an imported Word document (else refuse it).

    Returns:
        One note per merged chunk, in words (its kind, where it was and how many paragraphs).

    Raises:
        InputError: a chunk cannot be read (see the module docstring).
    """
    merger = _Merger(pkg.display_name, style_ids, accept_changes)
    notes = []
    for kind, count in merger.merge(pkg, part, 1):
        notes.append(
            f"an imported chunk ({kind}) in {part_name(part)} was merged into the document as "
            f"{count} paragraph{'' if count == 1 else 's'}: check its layout"
        )
    return notes


class _ChunkRefused(InputError):
    """A refusal already worded for the officer (raised from any level of nesting)."""


class _Merger:
    def __init__(self, display_name: str, style_ids: frozenset[str], accept_changes: bool) -> None:
        self.display_name = display_name
        self.style_ids = style_ids
        self.accept_changes = accept_changes

    def refuse(self, what: str, part: str) -> InputError:
        return _ChunkRefused(
            f"{self.display_name} has an imported chunk ({what}) in {part_name(part)} that redactor cannot read; {_REMEDY}"
        )

    def merge(self, pkg: Package, part: str, depth: int) -> list[tuple[str, int]]:
        """Merge the chunks of ``part`` in place; return (kind, paragraphs) per chunk."""
        rels = {rel.id: rel for rel in pkg.rels(part) if rel.kind == "aFChunk"}
        root = pkg.xml(part)
        chunks = list(root.iter(_ALT_CHUNK))
        merged: list[tuple[str, int]] = []
        for el in chunks:
            if depth > MAX_DEPTH:
                raise self.refuse("nested more than two levels deep", part)
            rel = rels.get(el.get(_R_ID) or "")
            target = pkg.find(rel.part) if rel is not None and not rel.external else None
            if target is None:
                kind, paragraphs = "empty", list[_Paragraph]()  # points at nothing: Word shows nothing either
            else:
                kind, paragraphs = self.convert(pkg, target, part, depth)
            _replace(el, paragraphs)
            merged.append((kind, sum(1 for _, text in paragraphs if text.strip())))
        for rel in pkg.rels(part):
            if rel.kind == "aFChunk":
                pkg.remove_rel(part, rel.id)
                if rel.part:
                    pkg.remove(rel.part)
        if chunks:
            pkg.touch(part)
        return merged

    def convert(self, pkg: Package, target: str, part: str, depth: int) -> tuple[str, list[_Paragraph]]:
        data = pkg.raw[target]
        ctype = pkg.content_type(target)
        lower = target.lower()
        if data.startswith(_ZIP_MAGIC):
            return "Word document", self.from_package(target, data, part, depth)
        if ctype.startswith(_HTML_TYPES) or (not ctype.startswith("text/") and lower.endswith(_HTML_SUFFIXES)):
            return "HTML", self.from_html(data, part)
        if ctype.startswith(_TEXT_TYPES) or lower.endswith(_TEXT_SUFFIXES):
            return "plain text", [(None, line) for line in _decode(data).splitlines()]
        if ctype in ("application/rtf", "text/rtf") or lower.endswith(".rtf") or data.lstrip().startswith(b"{\\rtf"):
            raise self.refuse("RTF", part)
        if ctype == "message/rfc822" or lower.endswith((".mht", ".mhtml")):
            raise self.refuse("a web archive, MHT", part)
        raise self.refuse("of a kind redactor does not read", part)

    def from_package(self, target: str, data: bytes, part: str, depth: int) -> list[_Paragraph]:
        try:
            inner = open_package_bytes(target, data)
            inner_main = main_part(inner)
            self.merge(inner, inner_main, depth + 1)
            root = inner.xml(inner_main)
        except _ChunkRefused:
            raise
        except InputError as err:
            raise self.refuse("a Word document that cannot be read", part) from err
        if count_revisions(root):
            if not self.accept_changes:
                raise _ChunkRefused(
                    f"{self.display_name} has tracked changes in an imported chunk in {part_name(part)}; "
                    f"{_REMEDY}, or rerun with --tracked-changes=accept"
                )
            accept_revisions(root)
        body = root.find(w("body"))
        if body is None:
            return []
        paragraphs: list[_Paragraph] = []
        for p in body.iter(w("p")):
            if any(a.tag == _FALLBACK for a in p.iterancestors()):
                continue  # a text box's VML copy: its mc:Choice twin is read
            text = "".join(atom.text for atom in paragraph_text(p).atoms)
            style = p.find(f"{w('pPr')}/{w('pStyle')}")
            style_id = style.get(w("val")) if style is not None else None
            paragraphs.append((style_id if style_id in self.style_ids else None, text))
        return paragraphs

    def from_html(self, data: bytes, part: str) -> list[_Paragraph]:
        parser = lxml.html.HTMLParser(
            no_network=True, remove_comments=True, remove_pis=True, recover=True, encoding=_html_encoding(data)
        )
        try:
            root = lxml.html.document_fromstring(data, parser=parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            return []  # nothing a browser would show
        body = root.find("body")
        return list(_HtmlBlocks(self.style_ids).paragraphs(body if body is not None else root))


def _replace(chunk: Any, paragraphs: list[_Paragraph]) -> None:
    """Put paragraphs where ``chunk`` stands (a cell left without a paragraph gets an empty one)."""
    parent = chunk.getparent()
    index = parent.index(chunk)
    for offset, (style, text) in enumerate(paragraphs):
        parent.insert(index + 1 + offset, _w_paragraph(chunk, style, text))
    remove_keep_tail(chunk)
    if parent.tag == w("tc") and parent.find(w("p")) is None:
        parent.append(parent.makeelement(w("p")))


def _w_paragraph(near: Any, style: str | None, text: str) -> Any:
    p = near.makeelement(w("p"))
    if style:
        ppr = etree.SubElement(p, w("pPr"))
        etree.SubElement(ppr, w("pStyle")).set(w("val"), style)
    text = _NOT_XML.sub("", text)
    if not text:
        return p
    run = etree.SubElement(p, w("r"))
    for piece in re.split(r"(\t|\n)", text):
        if piece == "\t":
            etree.SubElement(run, w("tab"))
        elif piece == "\n":
            etree.SubElement(run, w("br"))
        elif piece:
            t = etree.SubElement(run, w("t"))
            t.text = piece
            t.set(XML_SPACE, "preserve")
    return p


def _decode(data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_META_CHARSET = re.compile(rb"<meta[^>]+charset", re.IGNORECASE)


def _html_encoding(data: bytes) -> str | None:
    """Return the encoding to force on an HTML chunk, or None to let its declaration decide."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return encoding
    if _META_CHARSET.search(data[:4096]):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


_SKIPPED = frozenset({"head", "script", "style", "title", "noscript", "template", "object", "iframe", "svg", "math"})
_BLOCKS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "header", "footer",
        "main", "nav", "aside", "address", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "caption",
        "hr", "form", "fieldset", "legend", "details", "summary", "center",
    }
)  # fmt: skip
_HEADINGS = {f"h{n}": f"Heading{n}" for n in range(1, 7)}
_SPACES = re.compile(r"\s+")


class _HtmlBlocks:
    """Walk an HTML tree and cut its text into paragraphs at block boundaries."""

    def __init__(self, style_ids: frozenset[str]) -> None:
        self.style_ids = style_ids
        self.buffer: list[str] = []
        self.out: list[_Paragraph] = []

    def paragraphs(self, root: Any) -> Iterator[_Paragraph]:
        self.walk(root)
        self.flush(None)
        yield from self.out

    def flush(self, style: str | None) -> None:
        text = _SPACES.sub(" ", "".join(self.buffer)).strip()
        self.buffer.clear()
        if text:
            self.out.append((style if style in self.style_ids else None, text))

    def walk(self, el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIPPED or not tag:
            return
        if tag == "br":
            self.flush(None)
            return
        if tag == "tr":
            self.flush(None)
            cells = [_cell_text(c) for c in el if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            if any(cells):
                self.out.append((None, "\t".join(cells)))
            return
        if tag == "pre":
            self.flush(None)
            for line in "".join(_texts(el)).splitlines():
                if line.strip():
                    self.out.append((None, line.rstrip()))
            return
        heading = _HEADINGS.get(tag)
        block = heading is not None or tag in _BLOCKS
        if block:
            self.flush(None)
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.flush(heading)


_SEPARATED = _BLOCKS | set(_HEADINGS) | {"br", "tr", "td", "th", "pre"}


def _texts(el: Any) -> Iterator[str]:
    """Yield the text inside ``el`` in document order, leaving out skipped elements (not their
    tails); blocks, cells and line breaks are set apart by spaces."""
    if el.text:
        yield el.text
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag and tag not in _SKIPPED:
            apart = tag in _SEPARATED
            if apart:
                yield " "
            yield from _texts(child)
            if apart:
                yield " "
        if child.tail:
            yield child.tail


def _cell_text(cell: Any) -> str:
    return _SPACES.sub(" ", "".join(_texts(cell))).strip()
