"""Word (.docx) files: read every place text hides into segments, and write edits back.

Reading and writing share one routine (``_prepare``): it opens the package, refuses what we
cannot handle, removes hidden content, and lists the *sources* of text in a fixed order. Reading
turns the sources into segments; writing runs the same routine on the same input file, splices
the edits into the sources and saves the package. Parts that nothing changed are copied byte for
byte; changed parts are re-serialised by lxml.

What is read (rewritten by edits):
    * paragraphs (one segment each) of the main document, every header and footer part, the
      footnotes and endnotes, and, with ``keep_comments``, the comments; this covers tables
      (nested too), text boxes (both branches of ``mc:AlternateContent``), content controls,
      hyperlink text, field results and hidden (``w:vanish``) text;
    * field codes (``w:instrText``, one segment per field per paragraph; ``w:fldSimple/@w:instr``);
    * attribute text: picture alt text, titles and names (``wp:docPr``, ``*:cNvPr``, VML
      ``alt``, ``o:title``, ``href`` and non-generated ``id``, WordArt ``v:textpath/@string``), hyperlink tooltips and anchors,
      bookmark names, content-control aliases, tags and list items, form-field texts, table
      captions and descriptions, ``w:permStart/@w:ed`` editors;
    * the Target of every external relationship (hyperlinks, ``mailto:``, linked files);
    * core properties (title, subject, creator, keywords, description, category, ...), the
      ``TitlesOfParts`` list in ``docProps/app.xml``;
    * every text node of ``customXml/item*.xml`` (content-control data, cover-page properties,
      bibliography sources). Bindings from content controls to these items are removed, so Word
      does not refill the controls from the data when the file is opened;
    * imported chunks (``w:altChunk``: a nested .docx, HTML or plain text in an ``aFChunk``
      part) in any story part become ordinary paragraphs of that part, read like the others
      (``_docx_chunks``); the chunk part and its relationship go, and a note per chunk asks
      for its layout to be checked. RTF, MHT and other chunks, chunks nested more than two
      deep and nested packages that cannot be read are refused;
    * charts and SmartArt diagrams reached from a story part (``_docx_graphics``): DrawingML
      paragraphs (``a:p``: titles, labels, nodes; ids ``<part>/a:p/<n>``) and a chart's string
      values (``c:v`` in string caches and literals; ids ``<part>/v/<n>``); a SmartArt
      diagram's data and its cached drawing are both read, so both are rewritten alike.

What is removed or neutralised (the same on every read and write):
    * tracked changes are accepted (settings ``tracked_changes="accept"``) or refused
      (``"fail"``); a note gives the count;
    * comments with their parts, anchors and ``people.xml`` (or, with ``keep_comments``, only
      ``people.xml``); every ``w:author`` becomes "redactor" and every ``w:initials`` "R";
    * the glossary document (building blocks), custom properties, the thumbnail, digital
      signatures (they would no longer match), every part no relationship reaches;
    * ``w:docVars``, ``w:attachedTemplate``, ``w:mailMerge``, ``w:updateFields`` and
      ``w:saveThroughXslt`` in settings, with their relationships;
    * app properties Company, Manager, HyperlinkBase and Template are emptied and HLinks removed;
      on writing, core ``creator`` and ``lastModifiedBy`` are emptied (after any edits);
    * ``o:gfxdata`` (a base64 copy of a VML shape and its text box, for old Word versions);
    * with ``strip_images``, pictures, charts, SmartArt and embedded objects become the text
      "[image removed]" and their parts go; with ``strip_embedded``, embedded objects become
      "[embedded object removed]" and charts lose their embedded workbook (see ``_docx_objects``);
    * picture and object relationships of a story that nothing in it shows.

What is refused, unless resolved (issue 13, ``_docx_objects``):
    * a picture or embedded object (a chart's workbook included) that is neither stripped nor
      in ``settings.checked_objects``; with ``settings.objects == "list"`` (``scan``) each is
      listed in the notes instead. Checked JPEG and PNG pictures lose their metadata.

Not handled (left as they are, and reported or scanned by verification instead):
    * linked objects and subdocuments cannot be read: each is listed in ``Document.notes`` for a
      human to check; pictures and embedded objects are refused unless resolved (above);
    * chart formulas (``c:f``), numbers in chart number caches, SmartArt layout definitions and
      attributes, VML text other than the attributes listed, style names, and the font table are
      not segments (verification still scans them through ``texts``); an imported chunk keeps
      its text but not its formatting, and its own headers, notes and comments are dropped;
    * field results are kept as text; fields are not unlinked, so Word may recompute a field
      when asked to (``w:updateFields`` is removed so it does not do so on opening);
    * ``w:rsid*`` attributes stay (random session numbers; they can link drafts);
    * hidden text is flagged in the notes only when ``w:vanish`` is set on the run itself, not
      through a style; white or tiny text is not flagged.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from redactor.document import Document, Segment
from redactor.errors import InputError
from redactor.formats import register_format
from redactor.formats._docx_chunks import merge_chunks
from redactor.formats._docx_clean import (
    UNREADABLE_KINDS,
    accept_revisions,
    clean_app_properties,
    clean_settings,
    count_revisions,
    needs_cleaning,
    neutralise_authors,
    referenced_ids,
    remove_comment_anchors,
    remove_data_bindings,
    remove_gfxdata,
    strip_unreadable,
)
from redactor.formats._docx_graphics import GRAPHIC_KINDS, graphic_parts, graphic_sources
from redactor.formats._docx_objects import (
    OBJECT_PLACEHOLDER,
    EmbeddedObject,
    clean_checked,
    find_objects,
    object_notes,
    refusal,
    remove_unshown,
    strip_embedded,
)
from redactor.formats._docx_package import (
    Package,
    iter_xml_parts,
    main_part,
    natural_key,
    open_package,
    rels_name,
)
from redactor.formats._docx_places import paragraph_places
from redactor.formats._docx_scan import scan_package
from redactor.formats._docx_text import (
    AtomSource,
    AttrSource,
    NodeSource,
    Source,
    apply_edits,
    encode_bookmark,
    encode_uri,
    is_hidden,
    paragraph_text,
    splice_runs,
)
from redactor.formats._docx_xml import (
    A_NS,
    EP_NS,
    O_NS,
    PKG_RELS_NS,
    V_NS,
    VT_NS,
    WP_NS,
    local_name,
    namespace,
    w,
)
from redactor.settings import FormatSettings
from redactor.where import part_name

__all__ = ["DocxFormat", "splice_runs"]

CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

_STORY_KINDS = ("header", "footer", "footnotes", "endnotes")
_COMMENT_KINDS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible"}
_CUSTOM_XML_ITEM = re.compile(r"^customxml/item\d*\.xml$", re.IGNORECASE)
#: Core properties that hold dates, numbers or codes, not text a person wrote.
_CORE_NOT_TEXT = frozenset({"created", "modified", "lastPrinted", "revision", "language"})
_CORE_CLEARED = ("creator", "lastModifiedBy")


@dataclasses.dataclass(slots=True)
class _Prepared:
    pkg: Package
    sources: list[Source]
    notes: list[str]


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# -- the shared read/write routine -----------------------------------------------------------


def _prepare(path: Path, settings: FormatSettings) -> _Prepared:
    pkg = open_package(path)
    main = main_part(pkg)
    notes: list[str] = []

    orphans = [p for p in pkg.collect() if not p.lower().endswith(".rels")]
    if orphans:
        notes.append(f"removed {_plural(len(orphans), 'part')} that nothing in the document refers to")
    _remove_hidden_parts(pkg, main, settings, notes)
    pkg.collect()
    notes.extend(_merge_chunks(pkg, main, settings))

    word_parts = [p for p in iter_xml_parts(pkg) if "wordprocessingml" in pkg.content_type(p)]
    _resolve_revisions(pkg, word_parts, settings, notes)

    bindings = 0
    for part in word_parts:
        root = pkg.xml(part)
        changed = remove_comment_anchors(root) if not settings.keep_comments else 0
        changed += neutralise_authors(root)
        changed += remove_gfxdata(root)
        found = remove_data_bindings(root)
        bindings += found
        if changed or found:
            pkg.touch(part)
    if bindings:
        notes.append(f"unlinked {_plural(bindings, 'content control')} from their custom XML data")

    _clean_settings(pkg, main, notes)
    for part in pkg.parts_of_type(CT_APP):
        if clean_app_properties(pkg.xml(part)):
            pkg.touch(part)

    stories = _story_parts(pkg, main, settings)
    if settings.strip_images:
        _strip_images(pkg, stories, notes)
    elif settings.strip_embedded and (stripped := strip_embedded(pkg, stories)):
        notes.append(f"replaced or removed {_plural(stripped, 'embedded object')} (placeholder: {OBJECT_PLACEHOLDER})")
    if unshown := remove_unshown(pkg, stories):
        notes.append(f"removed {_plural(unshown, 'link')} to pictures or embedded objects that nothing in the document shows")
    pkg.collect()
    objects = _check_objects(pkg, main, stories, settings, notes)
    notes.extend(n for n in _unreadable_notes(pkg) if not n.startswith(_OBJECT_NOTES))
    notes.extend(object_notes(objects))

    sources: list[Source] = []
    for part in stories:
        sources.extend(_paragraph_sources(pkg, part))
        sources.extend(_attribute_sources(pkg, part))
    for part in graphic_parts(pkg, stories):
        sources.extend(graphic_sources(pkg, part))
    notes.extend(_hidden_text_notes(sources))
    sources.extend(_relationship_sources(pkg))
    sources.extend(_property_sources(pkg))
    sources.extend(_custom_xml_sources(pkg))
    return _Prepared(pkg, sources, notes)


def _remove_hidden_parts(pkg: Package, main: str, settings: FormatSettings, notes: list[str]) -> None:
    glossary = pkg.remove_rels_of_kind(main, {"glossaryDocument"})
    if glossary:
        notes.append("removed the glossary document (building blocks and AutoText)")
    if not settings.keep_comments:
        comments_parts = [r.part for r in pkg.rels(main) if r.kind == "comments" and pkg.find(r.part)]
        count = sum(sum(1 for _ in pkg.xml(p).iter(w("comment"))) for p in comments_parts if pkg.find(p))
        removed = pkg.remove_rels_of_kind(main, _COMMENT_KINDS | {"people"})
        if count:
            notes.append(f"removed {_plural(count, 'comment')} with their authors")
        elif removed:
            notes.append("removed the (empty) comment parts and the list of comment authors")
    else:
        pkg.remove_rels_of_kind(main, {"people"})
    if pkg.remove_rels_of_kind("", {"custom-properties"}):
        notes.append("removed the custom document properties")
    if pkg.remove_rels_of_kind("", {"thumbnail"}):
        notes.append("removed the thumbnail picture of the first page")
    if pkg.remove_rels_of_kind("", {"origin"}):
        notes.append("removed the digital signature (it would no longer match the content)")


def _resolve_revisions(pkg: Package, word_parts: list[str], settings: FormatSettings, notes: list[str]) -> None:
    counts = {part: count_revisions(pkg.xml(part)) for part in word_parts}
    total = sum(counts.values())
    if settings.tracked_changes == "fail" and total:
        where = ", ".join(dict.fromkeys(part_name(p) for p in sorted((p for p, n in counts.items() if n), key=natural_key)))
        raise InputError(
            f"{pkg.display_name} has {total} tracked changes (in {where}); accept or reject them "
            "in Word (Review > Accept or Reject) and save, or rerun with --tracked-changes=accept"
        )
    accepted = 0
    for part in word_parts:
        root = pkg.xml(part)
        if needs_cleaning(root):
            accepted += accept_revisions(root)
            pkg.touch(part)
    if accepted:
        notes.append(f"accepted {_plural(accepted, 'tracked change')}")


def _merge_chunks(pkg: Package, main: str, settings: FormatSettings) -> list[str]:
    """Turn every imported chunk (``w:altChunk``) of the story parts into paragraphs (issue 13)."""
    style_ids: set[str] = set()
    for rel in pkg.rels(main):
        styles = pkg.find(rel.part) if rel.kind == "styles" and not rel.external else None
        if styles is not None:
            style_ids.update(s.get(w("styleId")) or "" for s in pkg.xml(styles).iter(w("style")))
    accept = settings.tracked_changes != "fail"
    notes: list[str] = []
    for part in _story_parts(pkg, main, settings):
        notes.extend(merge_chunks(pkg, part, frozenset(style_ids - {""}), accept_changes=accept))
    return notes


def _clean_settings(pkg: Package, main: str, notes: list[str]) -> None:
    for rel in pkg.rels(main):
        if rel.kind != "settings" or not pkg.find(rel.part):
            continue
        part = pkg.find(rel.part) or rel.part
        root = pkg.xml(part)
        removed = clean_settings(root)
        if removed:
            pkg.touch(part)
            notes.append(f"removed hidden settings from the document settings: {', '.join(removed)}")
        still_used = referenced_ids(root)
        for settings_rel in pkg.rels(part):
            if settings_rel.id not in still_used:
                pkg.remove_rel(part, settings_rel.id)


def _story_parts(pkg: Package, main: str, settings: FormatSettings) -> list[str]:
    kinds = set(_STORY_KINDS) | ({"comments"} if settings.keep_comments else set())
    others = {actual for rel in pkg.rels(main) if rel.kind in kinds and (actual := pkg.find(rel.part)) is not None}
    return [main, *sorted(others - {main}, key=natural_key)]


def _strip_images(pkg: Package, stories: list[str], notes: list[str]) -> None:
    replaced = 0
    for part in stories:
        unreadable = {r.id for r in pkg.rels(part) if r.kind in UNREADABLE_KINDS}
        if not unreadable:
            continue
        root = pkg.xml(part)
        count = strip_unreadable(root, unreadable)
        if not count:
            continue
        replaced += count
        pkg.touch(part)
        still_used = referenced_ids(root)
        for rel in pkg.rels(part):
            if rel.kind in UNREADABLE_KINDS and rel.id not in still_used:
                pkg.remove_rel(part, rel.id)
    if replaced:
        notes.append(
            f"replaced {_plural(replaced, 'image or embedded object', 'images and embedded objects')} with a placeholder"
        )


#: Notes of ``_unreadable_notes`` that ``object_notes`` says better (and per object).
_OBJECT_NOTES = ("image ", "embedded object ")


def _check_objects(
    pkg: Package, main: str, stories: list[str], settings: FormatSettings, notes: list[str]
) -> list[EmbeddedObject]:
    """Refuse a document holding a picture or embedded object nobody checked (unless listing);
    remove the metadata of the checked pictures."""
    objects = find_objects(pkg, main, stories, settings.checked_objects)
    unchecked = [o for o in objects if not o.checked]
    if unchecked and settings.objects == "refuse":
        raise InputError(refusal(pkg.display_name, unchecked))
    cleaned, left = clean_checked(pkg, objects)
    if cleaned:
        notes.append(f"removed the metadata (Exif, XMP, comments) of {_plural(cleaned, 'checked picture')}")
    if left:
        notes.append(
            f"{_plural(left, 'checked picture')} in a format other than JPEG or PNG kept any metadata it holds: "
            "check it by hand"
        )
    return objects


def _unreadable_notes(pkg: Package) -> list[str]:
    """List every picture or object a human must check: where it is in words, never its target."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    seen: set[str] = set()
    for source in sorted({*pkg.parts(), ""}, key=natural_key):
        if source and (source.lower().endswith(".rels") or pkg.find(source) is None):
            continue
        for rel in pkg.rels(source):
            what = None if rel.kind in GRAPHIC_KINDS else UNREADABLE_KINDS.get(rel.kind)
            if what is None:
                continue
            if rel.external:
                found[f"linked {what}"].append(("", source))
            elif rel.part not in seen and pkg.find(rel.part):
                seen.add(rel.part)
                found[what].append((rel.part, source))
    notes = []
    for what, items in found.items():
        items.sort(key=lambda item: (natural_key(item[0]), natural_key(item[1])))
        for index, (target, source) in enumerate(items, start=1):
            outside = " points outside the document and" if not target else ""
            where = part_name(source) if source else "the file"
            notes.append(f"{what} {index} of {len(items)} in {where}{outside} cannot be read: check it by hand")
    return notes


def _hidden_text_notes(sources: list[Source]) -> list[str]:
    """Flag hidden (``w:vanish``) text per part: it is redacted, but a reader would not expect it."""
    hidden: dict[str, int] = defaultdict(int)  # by the part's name in words: headers add up
    for source in sources:
        if isinstance(source, AtomSource) and any(a.text and is_hidden(a.run) for a in source.atoms):
            hidden[part_name(source.part)] += 1
    return [
        f"{where[0].upper()}{where[1:]} has hidden text in {_plural(count, 'paragraph')}; "
        "it is redacted like visible text: check it by hand"
        for where, count in hidden.items()
    ]


# -- sources ---------------------------------------------------------------------------------


def _paragraph_sources(pkg: Package, part: str) -> Iterator[Source]:
    root = pkg.xml(part)
    for index, p in enumerate(root.iter(w("p"))):
        text = paragraph_text(p)
        if any(atom.text for atom in text.atoms):
            yield AtomSource(f"{part}/p/{index}", part, text.atoms)
        for key, atoms in text.fields.items():
            if any(atom.text for atom in atoms):
                yield AtomSource(f"{part}/p/{index}/instr/{key}", part, atoms)


_Encoder = Callable[[str], str] | None
_AttrRule = tuple[str, tuple[tuple[str, _Encoder], ...]]

_W_VAL = ((w("val"), None),)
_FORM_TEXT_PARENTS = {w("ffData"), w("textInput")}
_ATTR_RULES: dict[str, _AttrRule] = {
    f"{{{WP_NS}}}docPr": ("docPr", (("descr", None), ("title", None), ("name", None))),
    w("fldSimple"): ("fldSimple", ((w("instr"), None),)),
    w("hyperlink"): (
        "hyperlink",
        ((w("tooltip"), None), (w("anchor"), encode_bookmark), (w("docLocation"), None)),
    ),
    f"{{{A_NS}}}hlinkClick": ("hlinkClick", (("tooltip", None),)),
    f"{{{A_NS}}}hlinkHover": ("hlinkHover", (("tooltip", None),)),
    w("alias"): ("alias", _W_VAL),
    w("tag"): ("tag", _W_VAL),
    w("listItem"): ("listItem", ((w("displayText"), None), (w("value"), None))),
    w("bookmarkStart"): ("bookmarkStart", ((w("name"), encode_bookmark),)),
    w("permStart"): ("permStart", ((w("ed"), None),)),
    w("tblCaption"): ("tblCaption", _W_VAL),
    w("tblDescription"): ("tblDescription", _W_VAL),
    w("statusText"): ("statusText", _W_VAL),
    w("helpText"): ("helpText", _W_VAL),
    w("listEntry"): ("listEntry", _W_VAL),
    f"{{{V_NS}}}imagedata": ("imagedata", ((f"{{{O_NS}}}title", None),)),
    f"{{{V_NS}}}textpath": ("textpath", (("string", None),)),
}


_VML_ATTRS: tuple[tuple[str, _Encoder], ...] = (
    ("alt", None),
    (f"{{{O_NS}}}title", None),
    ("href", encode_uri),
    (f"{{{O_NS}}}href", encode_uri),
)


def _attribute_rule(el: Any) -> _AttrRule | None:
    tag = el.tag
    rule = _ATTR_RULES.get(tag)
    if rule is not None:
        return rule
    name = local_name(tag)
    if name == "cNvPr":
        return ("cNvPr", (("descr", None), ("title", None), ("name", None)))
    parent = el.getparent()
    parent_tag = parent.tag if parent is not None else ""
    if tag == w("name") and parent_tag == w("ffData"):
        return ("ffName", _W_VAL)
    if tag == w("default") and parent_tag in _FORM_TEXT_PARENTS:
        return ("ffDefault", _W_VAL)
    if namespace(tag) == V_NS:
        # A shape's id mirrors its DrawingML name ("Text Box 10"); generated ids ("_x0000_s1026")
        # are left alone because OLE objects refer to them.
        vml_id = el.get("id") or ""
        attrs = _VML_ATTRS + ((("id", None),) if vml_id and not vml_id.startswith("_x") else ())
        if any(el.get(attr) for attr, _ in attrs):
            return ("vml", attrs)
    return None


def _attribute_sources(pkg: Package, part: str) -> Iterator[Source]:
    root = pkg.xml(part)
    counters: dict[str, int] = defaultdict(int)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        rule = _attribute_rule(el)
        if rule is None:
            continue
        key, attrs = rule
        index = counters[key]
        counters[key] += 1
        for attr, encoder in attrs:
            if el.get(attr):
                yield AttrSource(f"{part}/attr/{key}/{index}/{local_name(attr)}", part, el, attr, encoder)


def _relationship_sources(pkg: Package) -> Iterator[Source]:
    """External targets (URLs, mailto:, file paths) of every relationship in the package."""
    for source in sorted({*pkg.parts(), ""}, key=natural_key):
        if source and (source.lower().endswith(".rels") or pkg.find(source) is None):
            continue
        root = pkg.rels_root(source)
        if root is None:
            continue
        name = pkg.find(rels_name(source)) or rels_name(source)
        for el in root.iter(f"{{{PKG_RELS_NS}}}Relationship"):
            if (el.get("TargetMode") or "").lower() == "external" and el.get("Target"):
                yield AttrSource(f"{name}/{el.get('Id')}", name, el, "Target", encode_uri)


def _property_sources(pkg: Package) -> Iterator[Source]:
    for part in sorted(pkg.parts_of_type(CT_CORE), key=natural_key):
        seen: dict[str, int] = defaultdict(int)
        for el in pkg.xml(part):
            name = local_name(el.tag)
            if not name or name in _CORE_NOT_TEXT:
                continue
            suffix = name if not seen[name] else f"{name}/{seen[name]}"
            seen[name] += 1
            if el.text and el.text.strip():
                yield NodeSource(f"{part}/{suffix}", part, el)
    for part in sorted(pkg.parts_of_type(CT_APP), key=natural_key):
        titles = pkg.xml(part).find(f"{{{EP_NS}}}TitlesOfParts")
        if titles is None:
            continue
        for index, el in enumerate(titles.iter(f"{{{VT_NS}}}lpstr", f"{{{VT_NS}}}lpwstr")):
            if el.text and el.text.strip():
                yield NodeSource(f"{part}/TitlesOfParts/{index}", part, el)


def _custom_xml_sources(pkg: Package) -> Iterator[Source]:
    items = [p for p in pkg.parts() if _CUSTOM_XML_ITEM.match(p)]
    for part in sorted(items, key=natural_key):
        index = 0
        for el in pkg.xml(part).iter():
            if not isinstance(el.tag, str):
                continue
            for tail in (False, True):
                value = el.tail if tail else el.text
                if value and value.strip():
                    yield NodeSource(f"{part}/text/{index}", part, el, tail=tail)
                    index += 1


def _clear_authors(pkg: Package) -> None:
    for part in pkg.parts_of_type(CT_CORE):
        root = pkg.xml(part)
        for el in root:
            if local_name(el.tag) in _CORE_CLEARED and namespace(el.tag) != "" and el.text:
                el.text = ""
                pkg.touch(part)


# -- for other writers of the same input (the review redline) ---------------------------------


def prepare_sources(doc: Document, settings: FormatSettings) -> tuple[Package, dict[str, Source]]:
    """Open ``doc.path`` exactly as ``DocxFormat.write`` does; map each segment id to its source.

    Raises:
        InputError: the input changed since it was read (its segments differ), or is refused
            as in ``read``.
    """
    prepared = _prepare(doc.path, settings)
    by_id = {source.segment_id: source for source in prepared.sources}
    current = {sid: "".join(source.pieces()) for sid, source in by_id.items()}
    if len(current) != len(doc.segments) or any(current.get(seg.id) != seg.text for seg in doc.segments):
        raise InputError(f"{doc.path.name} changed since it was read (or was read with other settings); run redactor again")
    return prepared.pkg, by_id


def list_objects(path: Path, settings: FormatSettings) -> list[EmbeddedObject]:
    """Return the pictures and embedded objects a read of ``path`` with ``settings`` leaves in the
    document (none are refused: this is for the review), with their fingerprints and places.

    Raises:
        InputError: the file is refused for another reason, as in ``read``.
    """
    listing = dataclasses.replace(settings, objects="list")
    prepared = _prepare(path, listing)
    main = main_part(prepared.pkg)
    return find_objects(prepared.pkg, main, _story_parts(prepared.pkg, main, listing), listing.checked_objects)


def clear_authors(pkg: Package) -> None:
    """Empty the core ``creator`` and ``lastModifiedBy`` properties, as ``DocxFormat.write`` does."""
    _clear_authors(pkg)


# -- the format ------------------------------------------------------------------------------


@register_format
class DocxFormat:
    """Word documents (.docx, Transitional Office Open XML).

    Refused with a clear message: empty files, legacy ``.doc`` and other OLE2 files,
    password-protected documents, templates and macro-enabled documents (by content type, even
    when named ``.docx``), Strict Open XML, damaged or truncated zips, zips that are not Word
    documents, a DTD in any XML part (entities are never expanded or fetched), parts that are
    not well-formed or go beyond the XML parser's limits (more than 256 levels of nesting, 10 MB
    in one text node), and zip bombs (a part over 200 MB, or over 1 MB and compressed more than
    200:1, or over 1 GB in all; a part that inflates past its declared size is damaged).
    """

    name = "docx"
    suffixes = (".docx",)

    def read(self, path: Path, *, settings: FormatSettings) -> Document:
        """Read ``path`` into segments (see the module docstring for what is read).

        Raises:
            InputError: the file is refused (see the class docstring) or has tracked changes
                while ``settings.tracked_changes`` is "fail".
        """
        prepared = _prepare(path, settings)
        segments = tuple(Segment(source.segment_id, "".join(source.pieces()), source.lengths()) for source in prepared.sources)
        stories = dict.fromkeys(source.part for source in prepared.sources if isinstance(source, AtomSource))
        places = paragraph_places(prepared.pkg, main_part(prepared.pkg), stories, {seg.id for seg in segments})
        return Document(path=path, format=self.name, segments=segments, notes=tuple(prepared.notes), places=places)

    def write(self, doc: Document, stream: BinaryIO, *, settings: FormatSettings) -> None:
        """Write ``doc.path`` with ``doc.edits`` applied and hidden content removed.

        Raises:
            InputError: the input changed since it was read (its segments differ), or is
                refused as in ``read``.
            ValueError: edits overlap, fall outside their segment or name an unknown segment.
        """
        prepared = _prepare(doc.path, settings)
        by_id = {source.segment_id: source for source in prepared.sources}
        current = {sid: "".join(source.pieces()) for sid, source in by_id.items()}
        if len(current) != len(doc.segments) or any(current.get(seg.id) != seg.text for seg in doc.segments):
            raise InputError(f"{doc.path.name} changed since it was read (or was read with other settings); run redactor again")
        grouped: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for edit in doc.edits:
            if edit.segment_id not in by_id:
                raise ValueError(f"edit for unknown segment {edit.segment_id}")
            grouped[edit.segment_id].append((edit.start, edit.end, edit.replacement))
        for segment_id, edits in grouped.items():
            source = by_id[segment_id]
            apply_edits(source, edits)
            prepared.pkg.touch(source.part)
        _clear_authors(prepared.pkg)
        prepared.pkg.write(stream)

    def texts(self, path: Path) -> Iterator[tuple[str, str]]:
        """Yield ``(location, text)`` for everything in every part of the package at ``path``.

        For each zip entry: its name; for each XML part: each paragraph's joined text (``w:p``
        and DrawingML ``a:p``, across runs, including deleted text and field codes), every
        other text node, every attribute value, and for ``.rels`` parts every Target; for
        text-like parts (HTML, RTF, plain text of ``altChunk``), their decoded content. Binary
        parts (images, OLE objects) are not read.

        Raises:
            InputError: the file cannot be opened as a zip package (see ``read``).
        """
        yield from scan_package(open_package(path))
