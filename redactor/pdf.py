"""Publication PDFs: a PDF of each verified output, itself verified before it is published.

``redact --pdf`` (or ``[publish] pdf = true`` in the case file) converts each published output
with LibreOffice, headless, with a profile of its own in a temp folder (never the user's, and
two runs never share one): Word documents as they are, text and Markdown through a simple HTML
layout (headings, paragraphs, tables). The PDF is PDF/A-2b (archival) and tagged (accessible).

Then, with pikepdf, its document information and XMP metadata are set to neutral values (title:
the published title, which is pseudonymised; author, subject and keywords removed; creator and
producer "redactor"). Last, its text is read back with pdfminer.six (every page), together with
its bookmarks, link targets, annotations, named destinations and metadata (pikepdf), and scanned
for every identifier the case knows: a finding blocks that PDF (the document itself stays
published, verified as before) and says where, never what.

A missing LibreOffice is a usage error naming the Debian package to install.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lxml import etree

from redactor.errors import UsageError
from redactor.files import atomic_writer

if TYPE_CHECKING:
    from redactor.verify import KnownScanner

#: LibreOffice's PDF export: PDF/A-2b, tagged (JSON filter options, LibreOffice 7.4 and later).
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
)
#: The Debian package that provides a headless LibreOffice Writer.
DEBIAN_PACKAGE = "libreoffice-writer-nogui"
#: How long one LibreOffice conversion may take: a start-up, then a few seconds a document.
_TIMEOUT_S = 120
_PER_DOCUMENT_S = 30
TOOL = "redactor"


@dataclasses.dataclass(frozen=True, slots=True)
class PdfResult:
    """What became of one document's PDF (no identifier text)."""

    document: str  # the published document's name in OUTDIR
    name: str  # the PDF's name in OUTDIR ("" if none was published)
    pages: int = 0
    sha256: str = ""
    problem: str = ""  # why no PDF was published, in words


def libreoffice() -> str:
    """Return the LibreOffice command.

    Raises:
        UsageError: LibreOffice is not installed (exit 2), naming the package.
    """
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise UsageError(
        "PDF copies need LibreOffice, which is not installed: install the Debian package "
        f"{DEBIAN_PACKAGE} (sudo apt-get install {DEBIAN_PACKAGE}), or run without --pdf "
        "(and without pdf = true under [publish] in the case file)."
    )


def pdf_name(name: str) -> str:
    """Return the PDF's name in OUTDIR for a published document ("report.docx" -> "report.pdf")."""
    path = Path(name)
    return path.with_suffix(".pdf").as_posix()


# -- text and Markdown to HTML -------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_INLINE_MARKS = re.compile(r"(\*\*|__|\*|`)")


def to_html(text: str, *, markdown: bool, title: str) -> str:
    """Return a simple, readable HTML page of a text or Markdown document (escaped; no assets)."""
    body: list[str] = []
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if markdown and all(line.lstrip().startswith("|") for line in lines):
            body.append(_table(lines))
            continue
        paragraph: list[str] = []
        for line in lines:
            heading = _HEADING.match(line) if markdown else None
            if heading:
                if paragraph:
                    body.append("<p>" + "<br/>".join(paragraph) + "</p>")
                    paragraph = []
                level = len(heading.group(1))
                body.append(f"<h{level}>{_inline(heading.group(2), markdown)}</h{level}>")
            else:
                paragraph.append(_inline(line.strip() if markdown else line, markdown))
        if paragraph:
            body.append("<p>" + "<br/>".join(paragraph) + "</p>")
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:'Liberation Sans',sans-serif;font-size:11pt}"
        "table{border-collapse:collapse}td,th{border:1px solid #777;padding:2pt 4pt}</style>"
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _inline(text: str, markdown: bool) -> str:
    escaped = html.escape(text)
    return _INLINE_MARKS.sub("", escaped) if markdown else escaped


def _table(lines: list[str]) -> str:
    rows = [line for line in lines if not _TABLE_RULE.match(line)]
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    out = ["<table>"]
    for number, row in enumerate(cells):
        tag = "th" if number == 0 and len(rows) < len(lines) else "td"
        out.append("<tr>" + "".join(f"<{tag}>{_inline(c, True)}</{tag}>" for c in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


# -- conversion ----------------------------------------------------------------------------


def _convert(soffice: str, sources: Sequence[Path], out_dir: Path, profile: Path, *, html_input: bool) -> None:
    """Run one LibreOffice process over ``sources`` into ``out_dir`` (PDF/A-2b, tagged)."""
    command = [
        soffice, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
        *(["--infilter=HTML (StarWriter)"] if html_input else []),
        "--convert-to", PDF_FILTER, "--outdir", str(out_dir), *map(str, sources),
    ]
    env = {**os.environ, "HOME": str(profile.parent), "SAL_USE_VCLPLUGIN": "svp"}
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False,
        timeout=_TIMEOUT_S + _PER_DOCUMENT_S * len(sources),
    )


def convert_all(documents: Sequence[tuple[Path, str]], work: Path) -> dict[int, Path]:
    """Convert published outputs to PDF in ``work``; return the PDF of each by its index
    (a document LibreOffice could not convert is missing from the result).

    Each source is copied under a numbered name first, so that LibreOffice never sees a file
    name (a pseudonymised one, but still) and two documents never clash.

    Raises:
        UsageError: LibreOffice is not installed.
    """
    soffice = libreoffice()
    profile = work / "profile"
    words, pages = work / "html", work / "word"
    words.mkdir(parents=True)
    pages.mkdir()
    html_sources: list[Path] = []
    word_sources: list[Path] = []
    for index, (path, title) in enumerate(documents):
        suffix = path.suffix.lower()
        if suffix == ".docx":
            target = pages / f"d{index}.docx"
            shutil.copyfile(path, target)
            word_sources.append(target)
        else:
            target = words / f"d{index}.html"
            text = path.read_text(encoding="utf-8-sig")
            target.write_text(to_html(text, markdown=suffix == ".md", title=title), encoding="utf-8")
            html_sources.append(target)
    converted = work / "pdf"
    converted.mkdir()
    try:
        if word_sources:
            _convert(soffice, word_sources, converted, profile, html_input=False)
        if html_sources:
            _convert(soffice, html_sources, converted, profile, html_input=True)
    except subprocess.TimeoutExpired:
        pass  # what was converted before the limit stands; the rest is reported missing
    found = {}
    for index in range(len(documents)):
        pdf = converted / f"d{index}.pdf"
        if pdf.is_file() and pdf.stat().st_size > 0:
            found[index] = pdf
    return found


# -- metadata ------------------------------------------------------------------------------


def docx_title(path: Path) -> str:
    """Return the (published, so pseudonymised) title of a Word output, or ""."""
    try:
        with zipfile.ZipFile(path) as package:
            root = etree.fromstring(package.read("docProps/core.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return ""
    for el in root.iter("{http://purl.org/dc/elements/1.1/}title"):
        return " ".join((el.text or "").split())
    return ""


def scrub(source: Path, dest: Any, title: str) -> int:
    """Write ``source`` to the binary stream ``dest`` with neutral metadata; return its page count."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            for key in ("dc:creator", "dc:subject", "dc:description", "pdf:Keywords", "xmp:CreatorTool", "pdf:Producer"):
                if key in meta:
                    del meta[key]
            meta["dc:title"] = title
            meta["xmp:CreatorTool"] = TOOL
            meta["pdf:Producer"] = TOOL
        info = pdf.docinfo
        for key in list(info.keys()):
            del info[key]
        info["/Title"] = title
        info["/Creator"] = TOOL
        info["/Producer"] = TOOL
        pages = len(pdf.pages)
        pdf.save(dest, fix_metadata_version=False)
    return pages


# -- reading a PDF back --------------------------------------------------------------------


def pdf_texts(path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(place in words, text)`` for everything a PDF shows or carries: each page's text,
    bookmarks, annotations and link targets, named destinations, document information and XMP."""
    import pikepdf
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    for number, layout in enumerate(extract_pages(str(path)), start=1):
        text = " ".join(el.get_text() for el in layout if isinstance(el, LTTextContainer))
        # Text in CJK scripts has no spaces between words, but the extraction puts one between
        # every glyph: without them, a Latin word inside such text reads as it does in the
        # document ("第CA第", one token), not as a word of its own.
        yield f"page {number}", _CJK_SPACE.sub("", " ".join(text.split()))
    with pikepdf.open(path) as pdf:
        for key, value in pdf.docinfo.items():
            yield f"document information: {str(key).lstrip('/')}", str(value)
        with contextlib.suppress(Exception):
            xmp = etree.fromstring(bytes(pdf.Root.Metadata.read_bytes()))
            yield "XMP metadata", " | ".join(t.strip() for t in xmp.itertext() if t.strip())
        with pdf.open_outline() as outline:
            yield from (("a bookmark", title) for title in _outline_titles(outline.root))
        for number, page in enumerate(pdf.pages, start=1):
            for annot in page.obj.get("/Annots", []) or []:
                for place, text in _annotation_texts(annot):
                    yield f"{place} on page {number}", text
        names = pdf.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        if dests is not None:
            yield from (("a named destination", name) for name in _name_tree_keys(dests))


_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")


def _outline_titles(items: Sequence[Any]) -> Iterator[str]:
    for item in items:
        yield str(item.title or "")
        yield from _outline_titles(item.children)


def _annotation_texts(annot: Any) -> Iterator[tuple[str, str]]:
    for key, place in (("/Contents", "an annotation"), ("/T", "an annotation's author"), ("/TU", "a form field")):
        value = annot.get(key)
        if value is not None:
            yield place, str(value)
    action = annot.get("/A")
    if action is not None:
        for key in ("/URI", "/F", "/D"):
            value = action.get(key)
            if value is not None:
                yield "a link target", unquote(str(value))  # "%20" is a space, "%EF%BC%89" one character


def _name_tree_keys(node: Any, depth: int = 0) -> Iterator[str]:
    if depth > 32:
        return
    names = node.get("/Names")
    if names is not None:
        for key in list(names)[::2]:
            yield str(key)
    for kid in node.get("/Kids", []) or []:
        yield from _name_tree_keys(kid, depth + 1)


def pdf_findings(
    path: Path, scanner: KnownScanner, allowed: frozenset[str] = frozenset(), *, verified_text: str = ""
) -> list[tuple[str, str, str, str]]:
    """Return ``(place in words, kind, keyed hash, words around it)`` of every known identifier in
    a PDF, but the texts the officer keeps as written in its document (``allowed``, casefolded).
    The words around it hold identifier text: for ``verify --show`` on a terminal only.

    ``verified_text`` is the text of the document the PDF was made from, as ``squeezed`` gives
    it. A hit on a page whose letters stand in it (a short one with a neighbouring letter too) is
    that document's own text, which its verification already judged, drawn another way: in
    capitals by its style ("THIS IS" for "This is"), with spaces between CJK characters, cut by a
    line break ("argum ent"), or table cells read in another order. The PDF then shows nothing
    the published document does not. What the PDF adds (metadata, bookmarks, link targets,
    fields LibreOffice computed, text the document reader could not see) is checked in full.
    """
    from redactor.verify import excerpt

    found = []
    for place, text in pdf_texts(path):
        on_page = place.startswith("page ")
        for start, end, kind, digest in scanner.scan(text):
            if text[start:end].casefold() in allowed:
                continue
            if on_page and verified_text and _in_document(text, start, end, verified_text):
                continue
            if on_page and _LIST_LABEL.fullmatch(text[start : end + 1]):
                continue  # "II." drawn by a numbered list: the document holds no such text
            found.append((place, kind.value, digest[:12], excerpt(text, start, end)))
    return found


#: A list's number as LibreOffice draws it before a numbered paragraph ("II.", "iv)", "B."):
#: not text of the document, so never in ``verified_text``, and not a name.
_LIST_LABEL = re.compile(r"(?:[IVXLC]{1,4}|[ivxlc]{1,4}|[A-Za-z])[.)]")
_NEIGHBOURS = 3  # letters beside a short hit that must stand beside it in the document too
_SHORT = 4  # a hit with fewer letters is matched with a neighbour ("CA" stands in "because")


def squeezed(text: str) -> str:
    """Return ``text`` casefolded with every whitespace character removed."""
    return "".join(text.casefold().split())


def _in_document(text: str, start: int, end: int, verified_text: str) -> bool:
    """Say whether a hit on a PDF page is text of the verified document drawn another way."""
    hit = squeezed(text[start:end])
    if hit not in verified_text:
        return False
    if len(hit) >= _SHORT:
        return True
    before = squeezed(text[max(0, start - 4 * _NEIGHBOURS) : start])[-_NEIGHBOURS:]
    after = squeezed(text[end : end + 4 * _NEIGHBOURS])[:_NEIGHBOURS]
    return bool(before) and before + hit in verified_text or bool(after) and hit + after in verified_text


def document_text(path: Path) -> str:
    """Return a published document's text as ``pdf_findings`` compares it (``squeezed``)."""
    from redactor.formats import format_for
    from redactor.settings import FormatSettings

    doc = format_for(path).read(path, settings=FormatSettings())
    return squeezed(" ".join(seg.text for seg in doc.segments))


# -- one run's PDFs ------------------------------------------------------------------------


def publish_pdfs(
    documents: Sequence[tuple[Path, str, frozenset[str]]], out_dir: Path, scanner: KnownScanner
) -> list[PdfResult]:
    """Make, scrub, verify and publish the PDF of each published output ``(path, name, allowed)``
    (``allowed``: the texts the officer keeps as written in that document, casefolded).

    Each PDF is written to a temp file beside its destination, read back and scanned, then
    renamed into place; one with a finding is not published (an older PDF of that document is
    removed, so that no stale copy stays beside the new document).

    Raises:
        UsageError: LibreOffice is not installed.
    """
    if not documents:
        return []
    titles = []
    for path, name, _allowed in documents:
        title = docx_title(path) if path.suffix.lower() == ".docx" else ""
        titles.append((path, title or Path(name).stem.replace("_", " ")))
    results: list[PdfResult] = []
    work = Path(tempfile.mkdtemp(prefix="redactor-pdf-"))
    try:
        converted = convert_all(titles, work)
        for index, (path, name, allowed) in enumerate(documents):
            target = pdf_name(name)
            dest = out_dir / target
            source = converted.get(index)
            if source is None:
                dest.unlink(missing_ok=True)
                results.append(PdfResult(name, "", problem="LibreOffice could not convert it; open the published "
                                                             "document and save it as PDF by hand, then check it"))
                continue
            results.append(_publish_one(source, dest, path, name, target, titles[index][1], scanner, allowed))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _publish_one(
    source: Path, dest: Path, published: Path, name: str, target: str, title: str, scanner: KnownScanner,
    allowed: frozenset[str],
) -> PdfResult:
    from redactor.incremental import sha256_file

    with atomic_writer(dest, suffix=".pdf", replace=False) as temp:
        pages = scrub(source, temp.stream, title)
        temp.close()
        try:
            found = pdf_findings(temp.path, scanner, allowed, verified_text=document_text(published))
        except Exception:  # noqa: BLE001 - an unreadable PDF is never published
            found = [("the whole file", "unreadable", "", "")]
        if found:
            temp.path.unlink(missing_ok=True)
            dest.unlink(missing_ok=True)
            places = ", ".join(dict.fromkeys(place for place, _kind, _hash, _words in found))
            return PdfResult(name, "", problem=f"not published: verification found {len(found)} known identifier(s) "
                                               f"in it ({places}); check the document and publish it by hand")
        digest = sha256_file(temp.path)
        os.replace(temp.path, dest)
    return PdfResult(name, target, pages, digest)
