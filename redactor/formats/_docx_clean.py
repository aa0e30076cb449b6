"""Remove hidden content from Word XML parts before their text is read.

Each function changes one parsed part in place and says whether (or how much) it changed, so
the caller can mark the part for re-serialisation. None of them reads or reports text.

Not handled:
    * Accepting a deleted paragraph mark merges the paragraph into the next one only when the
      next sibling is a paragraph; at the end of a cell, text box or note the marker is just
      dropped (the two paragraphs stay apart). A section break stored in a merged paragraph's
      properties is lost with them.
    * A deleted table cell (``w:cellDel``) is removed outright; Word would also shift merged
      cells. Deleted or inserted math control characters (``m:ctrlPr`` markers) only lose their
      marker.
    * ``w:rsid*`` attributes stay: they are random edit-session numbers, not names (they can link
      drafts of one document to each other, which DOMAIN.md accepts for now).
"""

from __future__ import annotations

from typing import Any

from redactor.formats._docx_xml import (
    MC_NS,
    O_NS,
    R_NS,
    W15_NS,
    is_attached,
    remove_keep_tail,
    replace_keep_tail,
    unwrap,
    w,
)

# -- tracked changes -------------------------------------------------------------------------

_DEL = frozenset({w("del"), w("moveFrom")})
_INS = frozenset({w("ins"), w("moveTo")})
_CHANGES = frozenset(
    w(name)
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "tblPrExChange",
        "numberingChange",
    )
)
_CELL_MARKS = frozenset({w("cellIns"), w("cellDel"), w("cellMerge")})
_RANGE_MARKS = frozenset(
    w(name)
    for name in (
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    )
)
_STRAY_DELETED = frozenset({w("delText"), w("delInstrText")})
#: Parents under which w:ins/w:del are markers on a paragraph mark, row or math control, not
#: wrappers around content.
_MARKER_PARENTS = frozenset(
    {w("rPr"), w("trPr"), w("tcPr"), "{http://schemas.openxmlformats.org/officeDocument/2006/math}ctrlPr"}
)
_COUNTED = _DEL | _INS | _CHANGES | _CELL_MARKS

W_P = w("p")
W_PPR = w("pPr")
W_RPR = w("rPr")
W_TR = w("tr")
W_TC = w("tc")
W_TBL = w("tbl")
W_TRPR = w("trPr")
W_TCPR = w("tcPr")


def count_revisions(root: Any) -> int:
    """Return how many tracked changes (insertions, deletions, moves, property changes) a part has."""
    return sum(1 for _ in root.iter(*_COUNTED))


def accept_revisions(root: Any) -> int:
    """Accept every tracked change in a part, as Word's "Accept All Changes" does.

    Insertions and move destinations are kept (their wrappers unwrapped); deletions, move
    sources and deleted table rows are dropped with their text; property-change records and move
    ranges are removed. A paragraph whose mark was deleted is merged into the next paragraph.

    Returns:
        The number of tracked changes accepted (0 means the part was not touched, unless stray
        range markers or deleted text were cleaned; see ``needs_cleaning``).
    """
    count = count_revisions(root)
    # Deleted rows and cells go first, whole.
    for mark in list(root.iter(*_DEL)):
        parent = mark.getparent()
        if parent is not None and parent.tag == W_TRPR and mark.tag == w("del"):
            row = parent.getparent()
            if row is not None and row.tag == W_TR:
                remove_keep_tail(row)
    for mark in list(root.iter(w("cellDel"))):
        cell_pr = mark.getparent()
        cell = cell_pr.getparent() if cell_pr is not None else None
        if cell is not None and cell.tag == W_TC and is_attached(cell, root):
            remove_keep_tail(cell)
    # Deleted content (not markers) goes with its text.
    for el in list(root.iter(*_DEL)):
        parent = el.getparent()
        if parent is not None and parent.tag not in _MARKER_PARENTS:
            remove_keep_tail(el)
    # Paragraphs whose mark was deleted join the next paragraph.
    for p in list(root.iter(W_P)):
        if not is_attached(p, root):
            continue
        marks = [m for m in p.findall(f"{W_PPR}/{W_RPR}/*") if m.tag in _DEL]
        if not marks:
            continue
        for mark in marks:
            remove_keep_tail(mark)
        _merge_into_next(p)
    # Inserted content stays, unwrapped.
    for el in list(root.iter(*_INS)):
        parent = el.getparent()
        if parent is not None and parent.tag not in _MARKER_PARENTS:
            unwrap(el)
    # Whatever marks and records remain are dropped.
    for el in list(root.iter(*(_DEL | _INS | _CHANGES | _CELL_MARKS | _RANGE_MARKS | _STRAY_DELETED))):
        remove_keep_tail(el)
    _repair_tables(root)
    return count


def _repair_tables(root: Any) -> None:
    """Keep tables valid after rows or cells went: no empty rows or tables, no empty cells."""
    for row in list(root.iter(W_TR)):
        if row.find(W_TC) is None and row.find(f".//{W_TC}") is None:
            remove_keep_tail(row)
    for table in list(root.iter(W_TBL)):
        if is_attached(table, root) and table.find(f".//{W_TR}") is None:
            remove_keep_tail(table)
    for cell in root.iter(W_TC):
        children = [c for c in cell if isinstance(c.tag, str) and c.tag != W_TCPR]
        if not children:
            cell.append(cell.makeelement(W_P))


def needs_cleaning(root: Any) -> bool:
    """Return True if the part has any revision markup at all (counted or not)."""
    for _ in root.iter(*(_COUNTED | _RANGE_MARKS | _STRAY_DELETED)):
        return True
    return False


def _merge_into_next(p: Any) -> None:
    nxt = p.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if nxt is None or nxt.tag != W_P:
        return
    position = 1 if len(nxt) and nxt[0].tag == W_PPR else 0
    for child in [c for c in p if c.tag != W_PPR]:
        nxt.insert(position, child)
        position += 1
    remove_keep_tail(p)


# -- comments and authors --------------------------------------------------------------------

_COMMENT_ANCHORS = frozenset({w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")})
W_R = w("r")


def remove_comment_anchors(root: Any) -> int:
    """Remove comment ranges and reference marks (and runs left empty by them).

    Returns:
        How many anchors were removed.
    """
    removed = 0
    for el in list(root.iter(*_COMMENT_ANCHORS)):
        parent = el.getparent()
        remove_keep_tail(el)
        removed += 1
        if parent is not None and parent.tag == W_R and all(c.tag == W_RPR for c in parent if isinstance(c.tag, str)):
            remove_keep_tail(parent)
    return removed


NEUTRAL_AUTHOR = "redactor"
NEUTRAL_INITIALS = "R"


def neutralise_authors(root: Any) -> int:
    """Set every ``w:author`` to "redactor" and every ``w:initials`` to "R".

    Returns:
        How many attributes changed.
    """
    changed = 0
    author, initials = w("author"), w("initials")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get(author) not in (None, NEUTRAL_AUTHOR):
            el.set(author, NEUTRAL_AUTHOR)
            changed += 1
        if el.get(initials) not in (None, NEUTRAL_INITIALS):
            el.set(initials, NEUTRAL_INITIALS)
            changed += 1
    return changed


# -- VML shapes ------------------------------------------------------------------------------

_GFXDATA = f"{{{O_NS}}}gfxdata"


def remove_gfxdata(root: Any) -> int:
    """Drop ``o:gfxdata`` from VML shapes: a base64 zip holding a second copy of a text box.

    Word writes it for old versions and does not need it; its text would escape rewriting.

    Returns:
        How many attributes were removed.
    """
    removed = 0
    for el in root.iter():
        if isinstance(el.tag, str) and _GFXDATA in el.attrib:
            del el.attrib[_GFXDATA]
            removed += 1
    return removed


# -- content controls ------------------------------------------------------------------------


def remove_data_bindings(root: Any) -> int:
    """Unbind content controls from custom XML (Word would refill them on open).

    Returns:
        How many bindings were removed.
    """
    found = list(root.iter(w("dataBinding"), f"{{{W15_NS}}}dataBinding"))
    for el in found:
        remove_keep_tail(el)
    return len(found)


# -- settings and extended properties ---------------------------------------------------------

_SETTINGS_REMOVED = frozenset(w(name) for name in ("docVars", "attachedTemplate", "mailMerge", "updateFields", "saveThroughXslt"))


def clean_settings(root: Any) -> list[str]:
    """Remove document variables, the template path, mail merge and the update-fields flag.

    Returns:
        The local names of the elements removed (Word's element names, never document text).
    """
    found = [el for el in root if el.tag in _SETTINGS_REMOVED]
    for el in found:
        remove_keep_tail(el)
    return [el.tag.rpartition("}")[2] for el in found]


def referenced_ids(root: Any) -> set[str]:
    """Return every relationship id an attribute of this part refers to."""
    ids: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for key, value in el.attrib.items():
            if key.startswith(f"{{{R_NS}}}") or key == f"{{{O_NS}}}relid":
                ids.add(value)
    return ids


_APP_CLEARED = ("Company", "Manager", "HyperlinkBase", "Template")


def clean_app_properties(root: Any) -> int:
    """Clear Company, Manager, HyperlinkBase and Template; drop HLinks (hyperlink copies).

    Returns:
        How many values were cleared or removed.
    """
    changed = 0
    for el in list(root):
        if not isinstance(el.tag, str):
            continue
        name = el.tag.rpartition("}")[2]
        if name in _APP_CLEARED and (el.text or len(el)):
            for child in list(el):
                el.remove(child)
            el.text = ""
            changed += 1
        elif name == "HLinks":
            remove_keep_tail(el)
            changed += 1
    return changed


# -- images and embedded objects --------------------------------------------------------------

#: Relationship kinds whose targets redactor cannot read, with the words used in notes.
UNREADABLE_KINDS = {
    "image": "image",
    "hdphoto": "image",
    "oleObject": "embedded object",
    "package": "embedded object",
    "control": "ActiveX control",
    "chart": "chart",
    "chartEx": "chart",
    "diagramData": "SmartArt diagram",
    "aFChunk": "embedded document (altChunk)",
    "subDocument": "subdocument",
    "video": "video",
    "audio": "audio",
    "media": "media file",
}

IMAGE_PLACEHOLDER = "[image removed]"
CHUNK_PLACEHOLDER = "[embedded document removed]"

_MC_BRANCHES = frozenset({f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"})
_MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
_TXBX = w("txbxContent")


def _references(el: Any, ids: set[str]) -> bool:
    """Return True if ``el`` (outside nested text boxes) refers to one of ``ids``."""
    stack = [el]
    while stack:
        node = stack.pop()
        for key, value in node.attrib.items():
            if (key.startswith(f"{{{R_NS}}}") or key == f"{{{O_NS}}}relid") and value in ids:
                return True
        stack.extend(c for c in node if isinstance(c.tag, str) and c.tag != _TXBX)
    return False


def replace_with_placeholder(root: Any, ids: set[str], placeholder: str) -> int:
    """Replace each attached drawing, VML picture or object that refers to one of ``ids`` with the
    text ``placeholder`` (the whole ``mc:AlternateContent`` when either branch refers to one).

    A drawing that is only a text box stays (its text is read); a drawing that holds a picture
    goes whole, including any text box grouped with it. Returns how many were replaced.
    """
    replaced = 0
    for el in list(root.iter(w("drawing"), w("pict"), w("object"))):
        if not is_attached(el, root) or not _references(el, ids):
            continue
        node = el
        parent = el.getparent()
        if parent is not None and parent.tag in _MC_BRANCHES:
            alternate = parent.getparent()
            if alternate is not None and alternate.tag == _MC_ALTERNATE:
                node = alternate
        holder = node.getparent()
        if holder is None:
            continue
        text = node.makeelement(w("t"))
        text.text = placeholder
        if holder.tag == W_R:
            replace_keep_tail(node, text)
        else:
            run = node.makeelement(W_R)
            run.append(text)
            replace_keep_tail(node, run)
        replaced += 1
    return replaced


def strip_unreadable(root: Any, unreadable_ids: set[str]) -> int:
    """Replace drawings, VML pictures and objects that show an unreadable part with a placeholder
    (see ``replace_with_placeholder``); ``w:altChunk`` becomes a placeholder paragraph.

    Returns:
        How many objects were replaced.
    """
    replaced = replace_with_placeholder(root, unreadable_ids, IMAGE_PLACEHOLDER)
    for el in list(root.iter(w("altChunk"))):
        p = el.makeelement(W_P)
        run = p.makeelement(W_R)
        text = run.makeelement(w("t"))
        text.text = CHUNK_PLACEHOLDER
        run.append(text)
        p.append(run)
        replace_keep_tail(el, p)
        replaced += 1
    return replaced
