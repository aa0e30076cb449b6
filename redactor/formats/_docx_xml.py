"""Word XML vocabulary and safe XML helpers shared by the ``_docx_*`` modules.

Everything is addressed in Clark notation (``{namespace}local``), so a package that binds
WordprocessingML to a prefix other than ``w:`` reads the same. Only the Transitional namespaces
are listed: Strict OOXML is refused before any of this is used.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
XML_NS = "http://www.w3.org/XML/1998/namespace"

XML_SPACE = f"{{{XML_NS}}}space"


def w(local: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{local}"


def local_name(tag: object) -> str:
    """Return the local part of a Clark name ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag: object) -> str:
    """Return the namespace of a Clark name ('' when it has none)."""
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].partition("}")[0]


#: The parser for every part: no DTDs, no entity expansion, no network, no huge trees.
#: ``remove_blank_text`` stays off so untouched whitespace survives a rewrite.
def make_parser() -> Any:
    """Return a new safe lxml parser (parsers are not shared between threads)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_blank_text=False,
    )


class DtdFound(ValueError):
    """A part declares a DTD: Word never writes one, and its entities could hide or fetch text."""


def parse_xml(data: bytes) -> Any:
    """Parse ``data`` safely and return the root element.

    Entities are never expanded or fetched (``resolve_entities=False``, ``no_network=True``,
    ``load_dtd=False``) and libxml2's limits stay on (``huge_tree=False``: at most 256 levels of
    nesting and 10 MB in one text node), so a hostile part costs neither a file read nor memory.

    Raises:
        etree.XMLSyntaxError: not well-formed XML, or beyond libxml2's limits
            (``code == etree.ErrorTypes.ERR_RESOURCE_LIMIT``).
        DtdFound: the part declares a DTD.
    """
    root = etree.fromstring(data, parser=make_parser())
    if root.getroottree().docinfo.doctype:
        raise DtdFound("part declares a DTD")
    return root


#: The declaration Word writes (double quotes, CRLF), so rewritten parts look like Word's own.
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def serialise(root: Any) -> bytes:
    """Serialise a part the way Word writes it: UTF-8, declaration with standalone="yes"."""
    body: bytes = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=False)
    return XML_DECLARATION + body


def remove_keep_tail(el: Any) -> None:
    """Detach ``el`` from its parent, keeping the whitespace or text that followed it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def unwrap(el: Any) -> None:
    """Replace ``el`` by its children (accepting ``w:ins`` keeps what it wraps)."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    children = list(el)
    if el.text:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.text
        else:
            parent.text = (parent.text or "") + el.text
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if el.tail:
        if children:
            children[-1].tail = (children[-1].tail or "") + el.tail
        else:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def replace_keep_tail(old: Any, new: Any) -> None:
    """Put ``new`` where ``old`` is, keeping ``old``'s tail."""
    parent = old.getparent()
    if parent is None:
        return
    new.tail = old.tail
    parent.replace(old, new)


def is_attached(el: Any, root: Any) -> bool:
    """Return True if ``el`` is still inside ``root`` (earlier removals may have detached it)."""
    node = el
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False
