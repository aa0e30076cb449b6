"""Everything a reader could reach in a package, for verification (``DocxFormat.texts``).

Deliberately independent of the segment code: it walks every part generically, so text in a
place the reader does not know about is still scanned.

Embedded Office Open XML packages (an ``.xlsx`` behind a chart, a ``.docx`` behind
``w:altChunk``) are opened and scanned the same way, two levels deep.

Not handled: other binary parts (images, OLE1/OLE2 objects, fonts) are not decoded; only their
names are yielded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from redactor.errors import InputError
from redactor.formats._docx_package import Package, iter_xml_parts, open_package_bytes
from redactor.formats._docx_xml import A_NS, PKG_RELS_NS, W_NS, local_name

_PARAGRAPHS = {f"{{{W_NS}}}p": "p", f"{{{A_NS}}}p": "a:p"}
#: Elements whose text is paragraph text, in any namespace (w:t, m:t, a:t, w:delText, ...).
_TEXT_NAMES = frozenset({"t", "delText", "instrText", "delInstrText"})
_MARKS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
_TEXT_TYPES = ("text/", "application/rtf", "message/rfc822", "application/xhtml")


_MAX_DEPTH = 2
_ZIP_MAGIC = b"PK\x03\x04"


def scan_package(pkg: Package, prefix: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    """Yield ``(location, text)`` for every entry name, XML text, attribute and target."""
    xml_parts = set(iter_xml_parts(pkg))
    for name in pkg.parts():
        part = name
        yield (f"{prefix}[entry]", name)
        data = pkg.raw[name]
        if data.startswith(_ZIP_MAGIC) and depth < _MAX_DEPTH:
            try:
                inner = open_package_bytes(name, data)
            except InputError:
                continue
            yield from scan_package(inner, f"{prefix}{name}!/", depth + 1)
            continue
        if part in xml_parts:
            try:
                root = pkg.xml(part)
            except InputError:
                yield (prefix + part, data.decode("utf-8", errors="replace"))
                continue
            yield from _scan_xml(prefix + part, root)
        elif pkg.content_type(part).startswith(_TEXT_TYPES) or part.lower().endswith(
            (".htm", ".html", ".mht", ".mhtml", ".rtf", ".txt")
        ):
            yield (prefix + part, data.decode("utf-8", errors="replace"))


def _scan_xml(part: str, root: Any) -> Iterator[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    counters: dict[str, int] = {"p": 0, "a:p": 0, "text": 0, "attr": 0}

    def walk(el: Any, buffer: list[str] | None) -> None:
        for key, value in el.attrib.items():
            if el.tag == f"{{{PKG_RELS_NS}}}Relationship" and key == "Target":
                found.append((f"{part}/{el.get('Id')}", value))
            else:
                found.append((f"{part}/attr/{counters['attr']}/{local_name(key)}", value))
                counters["attr"] += 1
        kind = _PARAGRAPHS.get(el.tag)
        if kind is not None:
            index = counters[kind]
            counters[kind] += 1
            own: list[str] = []
            _text_and_children(el, own)
            found.append((f"{part}/{kind}/{index}", "".join(own)))
            return
        name = local_name(el.tag)
        if buffer is not None and name in _TEXT_NAMES:
            buffer.append(el.text or "")
        elif buffer is not None and name in _MARKS and local_name(el.getparent().tag) == "r":
            buffer.append(_MARKS[name])  # keep words either side of a tab or break apart
        elif el.text and el.text.strip():
            found.append((f"{part}/text/{counters['text']}", el.text))
            counters["text"] += 1
        for child in el:
            if isinstance(child.tag, str):
                walk(child, buffer)
            if child.tail and child.tail.strip():
                found.append((f"{part}/text/{counters['text']}", child.tail))
                counters["text"] += 1

    def _text_and_children(p: Any, own: list[str]) -> None:
        if p.text and p.text.strip():
            found.append((f"{part}/text/{counters['text']}", p.text))
            counters["text"] += 1
        for child in p:
            if isinstance(child.tag, str):
                walk(child, own)
            if child.tail and child.tail.strip():
                found.append((f"{part}/text/{counters['text']}", child.tail))
                counters["text"] += 1

    walk(root, None)
    yield from found
