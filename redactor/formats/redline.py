"""The review redline: the original document with every replacement as a Word tracked change.

``write_redline`` writes a .docx in which each edit is a deletion of the original text (``w:del``)
followed by an insertion of its pseudonym or placeholder (``w:ins``), with a comment giving the
kind, the recognizer and the score ("PERSON · case_file · 1.00"), so that a reviewer can step
through the changes in Word (Review > Next) or LibreOffice (Edit > Track Changes > Manage).
"Accept all" gives the redacted text, "reject all" the original. The redline holds the original
text: it belongs next to the key, never with the published documents.

How it is marked as not for publication (the choice, and why):
    * the core ``title`` property becomes "REDLINE – NOT FOR PUBLICATION";
    * a warning paragraph opens the body ("REDLINE: NOT FOR PUBLICATION. ..."), and it is itself
      a tracked insertion (its runs in ``w:ins`` and its paragraph mark marked inserted), with a
      comment. So "reject all" gives back exactly the original text and "accept all" exactly the
      redacted text with the warning on top: whichever way a reviewer resolves the changes, the
      result is never an unmarked copy that looks publishable. A plain paragraph would survive
      "reject all" and break the round trip; a header would be missed by anyone reading the
      body only.

Word input: the package is prepared exactly as for the published output (``prepare_sources``:
tracked changes accepted, comments removed unless kept, hidden parts and settings removed), so
the edits' offsets line up with the same sources. Edits are then applied per source:
    * paragraph text in the body, tables, text boxes, content controls, headers, footers,
      footnotes, endnotes and kept comments: tracked. Runs are split at the edit's ends (each
      piece keeps its formatting), the covered runs are wrapped in ``w:del`` (``w:t`` becomes
      ``w:delText``) and a ``w:ins`` run with the formatting of the first covered run follows
      them, as in the published output;
    * the comment is anchored in the main document's own text only (body, tables, content
      controls). Word has no comments in headers, footers or comments; LibreOffice 7.4 refuses
      to open a .docx with a comment in a footnote (measured); not every Word version takes
      comments in text boxes (not checked in Word, so left out), and their VML copy
      (``mc:Fallback``) would anchor a comment a second time. Changes in those places are
      tracked without a comment;
    * field codes, attribute text (alt text, hyperlink targets, bookmark names), document
      properties and custom XML: the replacement is applied directly, as the published output
      does, and nothing is listed for them (Word cannot track changes there).

Other inputs (plain text, Markdown): a new .docx with one paragraph per segment (tabs as tabs,
line breaks inside a paragraph as line breaks) and the same tracked changes and comments.

A field (``w:fldSimple``, or a complex field whose result holds an edit) or content control
(``w:sdt``) around an edit is unlinked in the redline: its text stays, as plain text, but its
code, alias and tag go. LibreOffice drops tracked changes inside simple fields and content
controls, and recomputes a complex field whose result has them.

Not handled:
    * an edit inside a math run (``m:r``), in a run whose text sits in a run-level
      ``mc:AlternateContent``, or one that ends inside a tab, break or other one-character atom,
      is applied directly (untracked) like a field code: "reject all" keeps its replacement;
    * an empty edit (an insertion without a deletion) is applied directly too (Rewrite never
      makes one);
    * characters XML cannot hold (control characters in a text file) show as U+FFFD, a form
      feed as a page break, and "\\r\\n" inside a text paragraph as one line break;
    * blank lines between text paragraphs are not kept (each segment is one paragraph).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, BinaryIO

from lxml import etree

from redactor.document import Document, Edit
from redactor.formats._docx_package import Package, main_part, open_package_bytes
from redactor.formats._docx_text import Atom, AtomSource, Source, apply_edits, set_text, splice_runs
from redactor.formats._docx_xml import (
    CP_NS,
    M_NS,
    MC_NS,
    PKG_RELS_NS,
    W_NS,
    XML_DECLARATION,
    local_name,
    namespace,
    remove_keep_tail,
    unwrap,
    w,
)
from redactor.formats.docx_format import CT_CORE, clear_authors, prepare_sources
from redactor.settings import FormatSettings

__all__ = ["REDLINE_TITLE", "REDLINE_WARNING", "comment_text", "write_redline"]

REDLINE_TITLE = "REDLINE – NOT FOR PUBLICATION"
REDLINE_WARNING = (
    "REDLINE: NOT FOR PUBLICATION. Shows every change redactor made as a tracked change. Holds the original text."
)
_WARNING_COMMENT = "redactor · not for publication: reject all changes for the original, accept all for the redacted text"

_CT_W = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_COMMENTS = _CT_W + "comments+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_COMMENTS = _REL + "/comments"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"

#: Story parts whose paragraphs may hold tracked changes, by content type.
_TRACKED_TYPES = {
    _CT_W + "document.main+xml": "document",
    _CT_W + "header+xml": "header",
    _CT_W + "footer+xml": "footer",
    _CT_W + "footnotes+xml": "footnotes",
    _CT_W + "endnotes+xml": "endnotes",
    _CT_W + "comments+xml": "comments",
}
#: Of those, the ones where comments are anchored (see the module docstring).
_COMMENTED_KINDS = frozenset({"document"})

W_R = w("r")
W_RPR = w("rPr")
W_T = w("t")
#: Places inside the main document where no comment is anchored (see the module docstring).
_NO_COMMENTS = frozenset({f"{{{MC_NS}}}Fallback", w("txbxContent")})
_MATH_RUN = f"{{{M_NS}}}r"
#: Characters XML 1.0 cannot hold (tab, line feed and carriage return are handled before).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_redline(
    doc: Document,
    stream: BinaryIO,
    *,
    settings: FormatSettings,
    author: str = "redactor",
    date: str | None = None,
) -> None:
    """Write the review redline of ``doc`` (after Rewrite) to ``stream`` as a .docx.

    Args:
        doc: The document with its edits; ``doc.path`` is the original input.
        stream: Where the .docx goes.
        settings: The settings the document was read with (a Word input is prepared as for the
            published output, so that the edits line up).
        author: The author of every tracked change and comment.
        date: The date of every tracked change and comment (``2024-05-01T12:00:00Z``); now, in
            UTC, when not given.

    Raises:
        InputError: a Word input changed since it was read, or is refused as in ``read``.
        ValueError: edits overlap, fall outside their segment or name an unknown segment.
    """
    when = date or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    grouped = _group_edits(doc)
    if doc.format == "docx":
        pkg, sources = prepare_sources(doc, settings)
    else:
        pkg, sources = _package_from_segments(doc)
    main = main_part(pkg)
    marks = _Marks(author, when, _used_ids(pkg))
    tracked: list[tuple[AtomSource, list[Edit], str]] = []
    for segment_id, edits in grouped.items():
        source = sources.get(segment_id)
        if source is None:
            raise ValueError(f"edit for unknown segment {segment_id}")
        pkg.touch(source.part)
        kind = _TRACKED_TYPES.get(pkg.content_type(source.part))
        if kind is not None and isinstance(source, AtomSource) and source.segment_id == _paragraph_id(source):
            tracked.append((source, edits, kind))
        else:
            apply_edits(source, [(e.start, e.end, e.replacement) for e in edits])
    _unlink_fields(pkg, tracked)
    for source, edits, kind in tracked:
        _track_edits(source, edits, marks, comments=kind in _COMMENTED_KINDS)
    clear_authors(pkg)
    _add_warning(pkg, main, marks)
    _set_title(pkg)
    _add_comments(pkg, main, marks)
    pkg.write(stream)


def _group_edits(doc: Document) -> dict[str, list[Edit]]:
    grouped: dict[str, list[Edit]] = defaultdict(list)
    for edit in doc.edits:
        grouped[edit.segment_id].append(edit)
    for segment_id, edits in grouped.items():
        edits.sort(key=lambda e: (e.start, e.end))
        for previous, current in zip(edits, edits[1:], strict=False):
            if current.start < previous.end:
                raise ValueError(f"overlapping edits in segment {segment_id}")
    return grouped


W_FLDCHAR = w("fldChar")
W_INSTR = w("instrText")
_TEXT_ATOMS = frozenset({W_T, w("tab"), w("br"), w("cr"), w("noBreakHyphen")})


def _unlink_fields(pkg: Package, tracked: list[tuple[AtomSource, list[Edit], str]]) -> None:
    """Unlink every complex field whose result holds (part of) an edit: keep its result as text.

    LibreOffice recomputes a field whose result has tracked changes (a REF then reads "Error:
    Reference source not found") and loses comments inside it. The field's code and its
    begin, separate and end marks are removed; nested fields without an edit stay.
    """
    by_part: dict[str, list[tuple[AtomSource, list[Edit]]]] = defaultdict(list)
    for source, edits, _ in tracked:
        by_part[source.part].append((source, edits))
    for part, items in by_part.items():
        around = _fields_around_text(pkg.xml(part))
        if not around:
            continue
        doomed: dict[int, list[Any]] = {}
        for source, edits in items:
            offset = 0
            for atom in source.atoms:
                end = offset + len(atom.text)
                if any(edit.start < end and offset < edit.end for edit in edits):
                    for field in around.get(atom.el, ()):
                        doomed[id(field)] = field
                offset = end
        for field in doomed.values():
            for mark in field:
                run = mark.getparent()
                remove_keep_tail(mark)
                if run is not None and run.tag == W_R and all(child.tag == W_RPR for child in run):
                    remove_keep_tail(run)


def _fields_around_text(root: Any) -> dict[Any, list[list[Any]]]:
    """Map each text element inside a complex field's result to the fields (their marks) around it."""
    around: dict[Any, list[list[Any]]] = {}
    stack: list[tuple[list[Any], list[bool]]] = []  # (marks, [in result?])
    for el in root.iter(W_FLDCHAR, W_INSTR, *_TEXT_ATOMS):
        if el.tag == W_FLDCHAR:
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                stack.append(([el], [False]))
            elif stack:
                stack[-1][0].append(el)
                if kind == "separate":
                    stack[-1][1][0] = True
                elif kind == "end":
                    stack.pop()
        elif el.tag == W_INSTR:
            if stack:
                stack[-1][0].append(el)
        else:
            fields = [marks for marks, state in stack if state[0]]
            if fields:
                around[el] = fields
    return around


def _paragraph_id(source: AtomSource) -> str:
    """Return the id a paragraph's own text has in ``source.part`` (field codes have longer ids)."""
    match = re.match(re.escape(source.part) + r"/p/\d+", source.segment_id)
    return match.group(0) if match else ""


# -- tracked changes and comments --------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class _Marks:
    """Makes revision and comment marks with unique ids, and collects the comments' texts."""

    author: str
    date: str
    used: set[int]
    comments: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    _next: int = 0

    def take_id(self) -> str:
        """Return the smallest ``w:id`` not used anywhere in the package yet."""
        self._next += 1
        while self._next in self.used:
            self._next += 1
        return str(self._next)

    def revision(self, near: Any, local: str) -> Any:
        """Return a new ``w:ins`` or ``w:del`` (or a paragraph-mark marker) in ``near``'s document."""
        return near.makeelement(w(local), {w("id"): self.take_id(), w("author"): self.author, w("date"): self.date})

    def anchor(self, first: Any, last: Any, text: str) -> None:
        """Put a comment holding ``text`` on the siblings ``first`` .. ``last``."""
        comment_id = self.take_id()
        start = first.makeelement(w("commentRangeStart"), {w("id"): comment_id})
        end = first.makeelement(w("commentRangeEnd"), {w("id"): comment_id})
        ref_run = first.makeelement(W_R)
        ref_run.append(ref_run.makeelement(w("commentReference"), {w("id"): comment_id}))
        first.addprevious(start)
        last.addnext(end)
        end.addnext(ref_run)
        self.comments.append((comment_id, text))


def comment_text(edit: Edit) -> str:
    """Return what a reviewer sees in an edit's comment: kind, recognizer and score, never text."""
    return f"{edit.label.value} · {edit.detector} · {edit.score:.2f}"


def _track_edits(source: AtomSource, edits: Sequence[Edit], marks: _Marks, *, comments: bool) -> None:
    """Apply ``edits`` (sorted, non-overlapping) to a paragraph as tracked changes.

    Edits are handled from the last to the first, so the offsets of the ones still to come
    never move.
    """
    for edit in reversed(edits):
        total = sum(len(atom.text) for atom in source.atoms)
        if not 0 <= edit.start <= edit.end <= total:
            raise ValueError(f"edit {edit.start}..{edit.end} is outside segment {source.segment_id}")
        covered = _isolate_text(source.atoms, edit.start, edit.end) if edit.start < edit.end else None
        if not covered:
            pieces = splice_runs([atom.text for atom in source.atoms], edit.start, edit.end, edit.replacement)
            source.store(pieces)
            continue
        _unwrap_containers(covered)
        runs = _isolate_runs(source.atoms, covered)
        _wrap(runs, edit, marks, comments=comments)


_CONTAINERS = frozenset({w("fldSimple"), w("sdt")})


def _unwrap_containers(covered: list[Atom]) -> None:
    """Unwrap simple fields and content controls around covered text into plain content.

    LibreOffice turns both into fields or controls of its own and drops tracked changes inside
    them (measured with 7.4: "reject all" kept the pseudonym). Their text stays; their field
    code, alias and tag do not appear in the redline.
    """
    for atom in covered:
        for ancestor in list(atom.run.iterancestors(*_CONTAINERS)):
            if ancestor.tag == w("sdt"):
                for child in list(ancestor):
                    if child.tag != w("sdtContent"):
                        remove_keep_tail(child)
                content = ancestor.find(w("sdtContent"))
                if content is not None:
                    unwrap(content)
            unwrap(ancestor)


def _isolate_text(atoms: list[Atom], start: int, end: int) -> list[Atom] | None:
    """Split text atoms at ``start`` and ``end``; return the atoms in between if they can be tracked.

    Returns None (apply the edit directly) when an end falls inside an atom that cannot be cut
    (the one break that holds a text file's "\\r\\n"), or a covered atom is not a text element
    directly inside a ``w:r`` (math runs, run-level ``mc:AlternateContent``).
    """
    for pos in (end, start):
        offset = 0
        for index, atom in enumerate(atoms):
            if offset < pos < offset + len(atom.text):
                if atom.fixed:
                    return None
                _split_atom(atoms, index, pos - offset)
                break
            offset += len(atom.text)
    covered = []
    offset = 0
    for atom in atoms:
        if atom.text and start <= offset and offset + len(atom.text) <= end:
            covered.append(atom)
        offset += len(atom.text)
    for atom in covered:
        parent = atom.run.getparent()
        if atom.run.tag != W_R or atom.el.getparent() is not atom.run or parent is None or namespace(parent.tag) == M_NS:
            return None
    return covered


def _split_atom(atoms: list[Atom], index: int, at: int) -> None:
    """Cut the text element ``atoms[index]`` in two at ``at`` (both halves stay in its run)."""
    atom = atoms[index]
    right = atom.el.makeelement(atom.el.tag)
    set_text(right, atom.text[at:])
    right.tail, atom.el.tail = atom.el.tail, None
    set_text(atom.el, atom.text[:at])
    atom.el.addnext(right)
    atoms.insert(index + 1, Atom(right, atom.run, atom.text[at:], fixed=False))
    atom.text = atom.text[:at]


def _isolate_runs(atoms: list[Atom], covered: list[Atom]) -> list[Any]:
    """Split runs so that the covered atoms fill whole runs; return those runs in document order.

    Everything else in a run (field characters, drawings, note references, empty text) stays
    outside the covered runs, so that accepting the deletion removes only text, as the published
    output does.
    """
    covered_els = {id(atom.el) for atom in covered}
    result: list[Any] = []
    seen: set[int] = set()
    for atom in covered:
        run = atom.run
        if id(run) in seen:
            continue
        seen.add(id(run))
        pieces: list[tuple[bool, list[Any]]] = []
        for child in run:
            if child.tag == W_RPR:
                continue
            inside = id(child) in covered_els
            if pieces and pieces[-1][0] == inside:
                pieces[-1][1].append(child)
            else:
                pieces.append((inside, [child]))
        properties = run.find(W_RPR)
        previous = run
        for number, (inside, children) in enumerate(pieces):
            if number == 0:
                target = run
            else:
                target = run.makeelement(W_R, dict(run.attrib))
                if properties is not None:
                    target.append(copy.deepcopy(properties))
                for child in children:
                    target.append(child)
                previous.addnext(target)
                previous = target
            if inside:
                result.append(target)
        for other in atoms:
            if other.run is run:
                other.run = _run_of(other.el, run)
    return result


def _run_of(el: Any, default: Any) -> Any:
    """Return the run that holds ``el`` now (``default`` if it is in none)."""
    for ancestor in el.iterancestors(W_R, _MATH_RUN):
        return ancestor
    return default


def _wrap(runs: list[Any], edit: Edit, marks: _Marks, *, comments: bool) -> None:
    """Wrap the covered runs in ``w:del`` and put a ``w:ins`` of the replacement after the first."""
    groups: list[list[Any]] = []
    for run in runs:
        if groups and groups[-1][-1].getnext() is run:
            groups[-1].append(run)
        else:
            groups.append([run])
    properties = runs[0].find(W_RPR)
    deletions = []
    for group in groups:
        deletion = marks.revision(group[0], "del")
        group[0].addprevious(deletion)
        for run in group:
            deletion.append(run)
            for text in run.iter(W_T):
                text.tag = w("delText")
        deletions.append(deletion)
    last = deletions[0]
    if edit.replacement:
        insertion = marks.revision(last, "ins")
        new_run = insertion.makeelement(W_R)
        if properties is not None:
            new_run.append(copy.deepcopy(properties))
        _append_text(new_run, edit.replacement)
        insertion.append(new_run)
        last.addnext(insertion)
        last = insertion
    if comments and not any(el.tag in _NO_COMMENTS for el in deletions[0].iterancestors()):
        marks.anchor(deletions[0], last, comment_text(edit))


def _append_text(run: Any, text: str) -> None:
    """Append ``text`` to a run: tabs and line breaks as Word's own elements."""
    for piece in re.split(r"(\t|\r\n|\n|\r|\f)", text):
        if not piece:
            continue
        if piece == "\t":
            run.append(run.makeelement(w("tab")))
        elif piece == "\f":
            run.append(run.makeelement(w("br"), {w("type"): "page"}))
        elif piece in ("\r\n", "\n", "\r"):
            run.append(run.makeelement(w("br")))
        else:
            el = run.makeelement(W_T)
            set_text(el, _NOT_XML.sub("\ufffd", piece))
            run.append(el)


def _used_ids(pkg: Package) -> set[int]:
    """Return every numeric ``w:id`` in the package's Word parts (bookmarks, notes, comments)."""
    used: set[int] = set()
    for part in pkg.parts():
        if not pkg.content_type(part).startswith(_CT_W):
            continue
        for el in pkg.xml(part).iter():
            value = el.get(w("id")) if isinstance(el.tag, str) else None
            if value is not None and value.lstrip("-").isdigit():
                used.add(int(value))
    return used


# -- the warning, the title and the comments part ----------------------------------------------


def _add_warning(pkg: Package, main: str, marks: _Marks) -> None:
    """Open the body with the warning paragraph, itself a tracked insertion with a comment."""
    body = pkg.xml(main).find(w("body"))
    if body is None:
        raise ValueError(f"{main} has no body")
    p = body.makeelement(w("p"))
    p_pr = p.makeelement(w("pPr"))
    mark_pr = p_pr.makeelement(W_RPR)
    mark_pr.append(marks.revision(mark_pr, "ins"))
    p_pr.append(mark_pr)
    p.append(p_pr)
    insertion = marks.revision(p, "ins")
    run = insertion.makeelement(W_R)
    run_pr = run.makeelement(W_RPR)
    run_pr.append(run_pr.makeelement(w("b")))
    run_pr.append(run_pr.makeelement(w("color"), {w("val"): "C00000"}))
    run.append(run_pr)
    _append_text(run, REDLINE_WARNING)
    insertion.append(run)
    p.append(insertion)
    body.insert(0, p)
    marks.anchor(insertion, insertion, _WARNING_COMMENT)
    pkg.touch(main)


def _set_title(pkg: Package) -> None:
    """Set the core title property, creating the core properties part if there is none."""
    parts = pkg.parts_of_type(CT_CORE)
    if parts:
        part = parts[0]
        root = pkg.xml(part)
    else:
        root = etree.Element(f"{{{CP_NS}}}coreProperties", nsmap={"cp": CP_NS, "dc": DC_NS})
        part = pkg.add_part(_free_name(pkg, "docProps/core.xml"), root, CT_CORE)
        pkg.add_rel("", REL_CORE, part)
    titles = [el for el in root if isinstance(el.tag, str) and local_name(el.tag) == "title" and namespace(el.tag) == DC_NS]
    if not titles:
        titles = [root.makeelement(f"{{{DC_NS}}}title")]
        root.insert(0, titles[0])
    for title in titles:
        title.text = REDLINE_TITLE
    pkg.touch(part)


def _free_name(pkg: Package, name: str) -> str:
    """Return ``name``, or ``name`` numbered (``comments2.xml``) if a present part has it."""
    stem, _, suffix = name.rpartition(".")
    number = 1
    while pkg.find(name) is not None:
        number += 1
        name = f"{stem}{number}.{suffix}"
    return name


def _add_comments(pkg: Package, main: str, marks: _Marks) -> None:
    """Write the comments into the main document's comments part (added if there is none)."""
    existing = [actual for rel in pkg.rels(main) if rel.kind == "comments" and (actual := pkg.find(rel.part)) is not None]
    if existing:
        part = existing[0]
        root = pkg.xml(part)
    else:
        root = etree.Element(w("comments"), nsmap={"w": W_NS})
        part = pkg.add_part(_free_name(pkg, "word/comments.xml"), root, CT_COMMENTS)
        folder = main.rpartition("/")[0]
        target = part[len(folder) + 1 :] if folder and part.startswith(folder + "/") else "/" + part
        pkg.add_rel(main, REL_COMMENTS, target)
    initials = "".join(word[0] for word in marks.author.split()).upper()[:4] or "R"
    for comment_id, text in marks.comments:
        comment = root.makeelement(
            w("comment"), {w("id"): comment_id, w("author"): marks.author, w("date"): marks.date, w("initials"): initials}
        )
        p = comment.makeelement(w("p"))
        ref = p.makeelement(W_R)
        ref.append(ref.makeelement(w("annotationRef")))
        p.append(ref)
        run = p.makeelement(W_R)
        _append_text(run, text)
        p.append(run)
        comment.append(p)
        root.append(comment)
    pkg.touch(part)


# -- a package for inputs that are not Word documents ----------------------------------------


_DECL = XML_DECLARATION.decode()
_EMPTY_PACKAGE = {
    "[Content_Types].xml": (
        f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_CT_W}document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'{_DECL}<Relationships xmlns="{PKG_RELS_NS}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
    "word/document.xml": (
        f'{_DECL}<w:document xmlns:w="{W_NS}"><w:body><w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    ),
}


def _package_from_segments(doc: Document) -> tuple[Package, dict[str, Source]]:
    """Build a new package with one paragraph per segment; return it and each paragraph's source."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _EMPTY_PACKAGE.items():
            archive.writestr(name, text.encode("utf-8"))
    pkg = open_package_bytes(doc.path.name, buffer.getvalue())
    main = main_part(pkg)
    body = pkg.xml(main).find(w("body"))
    sources: dict[str, Source] = {}
    for index, segment in enumerate(doc.segments):
        p = body.makeelement(w("p"))
        run = p.makeelement(W_R)
        p.append(run)
        atoms = _plain_atoms(run, segment.text)
        body.insert(index, p)
        sources[segment.id] = AtomSource(f"{main}/p/{index}", main, atoms)
    pkg.touch(main)
    return pkg, sources


def _plain_atoms(run: Any, text: str) -> list[Atom]:
    """Fill a run with ``text``; return atoms whose texts join to exactly ``text``.

    A tab, a line break ("\\n", "\\r\\n" or "\\r"), a form feed and each character XML cannot
    hold get an element and an atom of their own that is never cut, so that offsets into
    ``text`` stay valid.
    """
    atoms: list[Atom] = []
    for piece in re.split(r"(\t|\r\n|\n|\r|\f|[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff])", text):
        if not piece:
            continue
        before = len(run)
        _append_text(run, piece)
        el = run[before]
        fixed = piece in ("\t", "\r\n", "\n", "\r", "\f") or bool(_NOT_XML.fullmatch(piece))
        atoms.append(Atom(el, run, piece, fixed=fixed))
    return atoms

