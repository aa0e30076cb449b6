"""Paragraph text in Word XML: how it is read into a Segment and how edits are spliced back.

A paragraph's text is made of *atoms*: ``w:t`` and ``m:t`` (text), and ``w:tab`` ("\\t"),
``w:br``/``w:cr`` ("\\n") and ``w:noBreakHyphen`` ("-"), each inside a run (``w:r`` or ``m:r``;
directly, or in a branch of a run-level ``mc:AlternateContent``). Atoms are taken in document
order from everything inside the paragraph (hyperlinks, smart tags, inline content controls,
``w:fldSimple``, ``w:customXml``, ruby, math, both branches of ``mc:AlternateContent``), except
nested paragraphs (text boxes), which are segments of their own. Field codes (``w:instrText``)
are not paragraph text: each field's code is a separate segment.

DrawingML paragraphs (``a:p``: chart titles and labels, SmartArt nodes) are read the same way by
``drawing_atoms``: ``a:t`` in ``a:r`` or ``a:fld`` is text, ``a:br`` is "\\n"; ``DrawingSource``
writes edits back.

Not handled: ``w:sym`` characters (skipped: they are symbol-font glyphs), ``w:ptab`` and
``w:softHyphen`` (zero-length), and field codes that continue into the next paragraph (each
paragraph's piece becomes its own segment, so a name split across that boundary is missed by
detection but still found by verification).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from redactor.formats._docx_xml import (
    A_NS,
    M_NS,
    XML_SPACE,
    remove_keep_tail,
    replace_keep_tail,
    w,
)


def splice_runs(runs: Sequence[str], start: int, end: int, new: str) -> list[str]:
    """Replace ``"".join(runs)[start:end]`` with ``new``, keeping the run structure.

    The replacement goes into the first run the span touches; the covered characters are removed
    from the other runs it touches; runs outside the span are returned unchanged. An empty span
    (``start == end``) inserts ``new`` into the run that holds position ``start`` (the last run
    if ``start`` is the end of the text).

    Args:
        runs: The text of each run, in order.
        start: Offset of the first replaced character in the joined text.
        end: Offset just past the last replaced character.
        new: The replacement text.

    Returns:
        A new list, as long as ``runs``.

    Raises:
        ValueError: the offsets are outside the joined text, or there is no run to insert into.
    """
    total = sum(len(run) for run in runs)
    if not 0 <= start <= end <= total:
        raise ValueError(f"span {start}..{end} is outside a text of length {total}")
    out = list(runs)
    if start == end:
        if not out:
            if new:
                raise ValueError("cannot insert into a paragraph without runs")
            return out
        pos = 0
        for i, run in enumerate(out):
            if pos <= start < pos + len(run):
                out[i] = run[: start - pos] + new + run[start - pos :]
                return out
            pos += len(run)
        out[-1] = out[-1] + new
        return out
    placed = False
    pos = 0
    for i, run in enumerate(runs):
        run_start, run_end = pos, pos + len(run)
        pos = run_end
        lo, hi = max(run_start, start), min(run_end, end)
        if lo >= hi:
            continue
        out[i] = run[: lo - run_start] + ("" if placed else new) + run[hi - run_start :]
        placed = True
    return out


_RUN_TAGS = frozenset({w("r"), f"{{{M_NS}}}r"})
_TEXT_TAGS = frozenset({w("t"), f"{{{M_NS}}}t"})
_FIXED = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}
#: Subtrees that hold properties, never text (``w:pPr`` even holds ``w:tab`` tab stops).
_SKIP = frozenset({w("pPr"), w("rPr"), w("sdtPr"), w("sdtEndPr"), w("fldData"), w("tblPr"), w("trPr"), w("tcPr")})
W_P = w("p")
W_INSTR = w("instrText")
W_FLDCHAR = w("fldChar")
W_FLDCHARTYPE = w("fldCharType")


@dataclasses.dataclass(slots=True)
class Atom:
    """One text-bearing element inside a paragraph."""

    el: Any
    run: Any
    text: str
    fixed: bool


@dataclasses.dataclass(slots=True)
class ParagraphText:
    """The atoms of one paragraph, and its field codes grouped per field."""

    atoms: list[Atom]
    fields: dict[str, list[Atom]]


def paragraph_text(p: Any) -> ParagraphText:
    """Collect the atoms of paragraph ``p`` in document order (nested paragraphs excluded)."""
    atoms: list[Atom] = []
    fields: dict[str, list[Atom]] = {}
    stack: list[str] = []
    counter = 0

    def walk(el: Any, run: Any) -> None:
        nonlocal counter
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == W_P or tag in _SKIP:
                continue
            if tag in _RUN_TAGS:
                walk(child, child)
                continue
            if run is not None:
                # Run content, possibly one level down in an mc:AlternateContent branch.
                if tag in _TEXT_TAGS:
                    atoms.append(Atom(child, run, child.text or "", fixed=False))
                    continue
                if tag in _FIXED:
                    atoms.append(Atom(child, run, _FIXED[tag], fixed=True))
                    continue
                if tag == W_INSTR:
                    key = stack[-1] if stack else "cont"
                    fields.setdefault(key, []).append(Atom(child, run, child.text or "", fixed=False))
                    continue
                if tag == W_FLDCHAR:
                    kind = child.get(W_FLDCHARTYPE)
                    if kind == "begin":
                        stack.append(str(counter))
                        counter += 1
                    elif kind == "end" and stack:
                        stack.pop()
                    continue
            walk(child, run)

    walk(p, None)
    return ParagraphText(atoms, fields)


def run_lengths(atoms: Sequence[Atom]) -> tuple[int, ...]:
    """Return the text length each run contributes (consecutive atoms of one run add up)."""
    lengths: list[int] = []
    previous: Any = None
    for atom in atoms:
        if lengths and atom.run is previous:
            lengths[-1] += len(atom.text)
        else:
            lengths.append(len(atom.text))
            previous = atom.run
    return tuple(lengths)


_VANISH = f"{w('rPr')}/{w('vanish')}"


def is_hidden(run: Any) -> bool:
    """Return True if a run is hidden text (``w:vanish`` set directly on the run)."""
    mark = run.find(_VANISH)
    return mark is not None and mark.get(w("val"), "true").lower() not in ("0", "false", "off")


def _needs_preserve(text: str) -> bool:
    return bool(text) and (text[0].isspace() or text[-1].isspace() or "  " in text)


def set_text(el: Any, text: str) -> None:
    """Set an element's text, adding ``xml:space="preserve"`` when whitespace must survive."""
    el.text = text
    if _needs_preserve(text):
        el.set(XML_SPACE, "preserve")


class Source:
    """A place that a segment's text comes from and that edits are written back into."""

    def __init__(self, segment_id: str, part: str) -> None:
        self.segment_id = segment_id
        self.part = part

    def pieces(self) -> list[str]:
        """Return the text, split the way edits must be spliced (runs, or one piece)."""
        raise NotImplementedError

    def lengths(self) -> tuple[int, ...]:
        """Return the run lengths reported in ``Segment.run_lengths``."""
        return ()

    def encode(self, replacement: str) -> str:
        """Return ``replacement`` as it must be written here (escaped for a URI, say)."""
        return replacement

    def store(self, pieces: list[str]) -> None:
        """Write the new pieces back into the XML."""
        raise NotImplementedError


class _AtomsSource(Source):
    """Text held in a list of atoms inside runs; subclasses say how an atom takes new text."""

    def __init__(self, segment_id: str, part: str, atoms: list[Atom]) -> None:
        super().__init__(segment_id, part)
        self.atoms = atoms

    def pieces(self) -> list[str]:  # noqa: D102
        return [atom.text for atom in self.atoms]

    def lengths(self) -> tuple[int, ...]:  # noqa: D102
        return run_lengths(self.atoms)

    def store(self, pieces: list[str]) -> None:  # noqa: D102
        for atom, new in zip(self.atoms, pieces, strict=True):
            if new == atom.text:
                continue
            if not atom.fixed:
                self._set_text(atom.el, new)
            elif not new:
                remove_keep_tail(atom.el)
            else:
                self._to_text(atom, new)
                atom.fixed = False
            atom.text = new

    def _set_text(self, el: Any, text: str) -> None:
        raise NotImplementedError

    def _to_text(self, atom: Atom, text: str) -> None:
        """Turn a fixed atom (a tab, a break) that receives replacement text into text."""
        raise NotImplementedError


class AtomSource(_AtomsSource):
    """A paragraph's text or a field's code: a list of atoms inside runs."""

    def _set_text(self, el: Any, text: str) -> None:
        set_text(el, text)

    def _to_text(self, atom: Atom, text: str) -> None:
        # A tab or break that receives replacement text becomes a text element.
        tag = f"{{{M_NS}}}t" if atom.run.tag == f"{{{M_NS}}}r" else w("t")
        text_el = atom.el.makeelement(tag)
        set_text(text_el, text)
        replace_keep_tail(atom.el, text_el)
        atom.el = text_el


_A_P = f"{{{A_NS}}}p"
_A_T = f"{{{A_NS}}}t"
_A_R = f"{{{A_NS}}}r"
_A_BR = f"{{{A_NS}}}br"
#: DrawingML run-like parents of ``a:t``: a run, a field (``a:fld``, a date or slide number).
_A_RUNS = frozenset({_A_R, f"{{{A_NS}}}fld"})


def drawing_atoms(p: Any) -> list[Atom]:
    """Collect the atoms of a DrawingML paragraph ``a:p`` in document order (nested ``a:p`` excluded)."""
    atoms: list[Atom] = []
    for el in p.iter(_A_T, _A_BR):
        if next(el.iterancestors(_A_P), None) is not p:
            continue
        if el.tag == _A_BR:
            atoms.append(Atom(el, el, "\n", fixed=True))
            continue
        run = el.getparent()
        if run is not None and run.tag in _A_RUNS:
            atoms.append(Atom(el, run, el.text or "", fixed=False))
    return atoms


class DrawingSource(_AtomsSource):
    """A DrawingML paragraph's text (a chart title or label, a SmartArt node): atoms in ``a:r`` runs."""

    def _set_text(self, el: Any, text: str) -> None:
        el.text = text  # DrawingML keeps spaces without xml:space

    def _to_text(self, atom: Atom, text: str) -> None:
        # A line break that receives replacement text becomes a run of its own.
        run = atom.el.makeelement(_A_R)
        text_el = run.makeelement(_A_T)
        text_el.text = text
        run.append(text_el)
        replace_keep_tail(atom.el, run)
        atom.el, atom.run = text_el, run


class AttrSource(Source):
    """One attribute value (alt text, a field instruction, a relationship target)."""

    def __init__(
        self,
        segment_id: str,
        part: str,
        el: Any,
        attr: str,
        encoder: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(segment_id, part)
        self.el = el
        self.attr = attr
        self._encoder = encoder

    def pieces(self) -> list[str]:  # noqa: D102
        return [self.el.get(self.attr) or ""]

    def encode(self, replacement: str) -> str:  # noqa: D102
        return self._encoder(replacement) if self._encoder else replacement

    def store(self, pieces: list[str]) -> None:  # noqa: D102
        self.el.set(self.attr, "".join(pieces))


class NodeSource(Source):
    """The text (or tail) of one element: document properties, custom XML data."""

    def __init__(self, segment_id: str, part: str, el: Any, *, tail: bool = False) -> None:
        super().__init__(segment_id, part)
        self.el = el
        self.tail = tail

    def pieces(self) -> list[str]:  # noqa: D102
        return [(self.el.tail if self.tail else self.el.text) or ""]

    def store(self, pieces: list[str]) -> None:  # noqa: D102
        if self.tail:
            self.el.tail = "".join(pieces)
        else:
            self.el.text = "".join(pieces)


def encode_uri(replacement: str) -> str:
    """Percent-encode a replacement spliced into a relationship target (``mailto:[email]``)."""
    return quote(replacement, safe="/:@.-_~!$&'()*+,;=?#%")


_NOT_NAME = re.compile(r"[^\w]")


def encode_bookmark(replacement: str) -> str:
    """Make a replacement usable inside a bookmark name (Word allows letters, digits and _)."""
    return _NOT_NAME.sub("_", replacement)


def apply_edits(source: Source, edits: Sequence[tuple[int, int, str]]) -> None:
    """Apply non-overlapping ``(start, end, replacement)`` edits to ``source``.

    Raises:
        ValueError: edits overlap or fall outside the text.
    """
    pieces = source.pieces()
    ordered = sorted(edits, key=lambda e: (e[0], e[1]))
    for (_, prev_end, _), (start, _, _) in zip(ordered, ordered[1:], strict=False):
        if start < prev_end:
            raise ValueError(f"overlapping edits in segment {source.segment_id}")
    encoded = [(start, end, source.encode(replacement)) for start, end, replacement in ordered]
    if all(start < end for start, end, _ in encoded):
        pieces = splice_many(pieces, encoded)
    else:  # insertions: rare, applied one by one
        for start, end, replacement in reversed(encoded):
            pieces = splice_runs(pieces, start, end, replacement)
    source.store(pieces)


def splice_many(runs: Sequence[str], edits: Sequence[tuple[int, int, str]]) -> list[str]:
    """Apply sorted, non-overlapping, non-empty edits in one pass; the same result as applying
    ``splice_runs`` for each, last first, in time linear in the text (a paragraph with thousands
    of names was quadratic).

    Raises:
        ValueError: an edit is empty or outside the joined text.
    """
    total = sum(len(run) for run in runs)
    for start, end, _ in edits:
        if not 0 <= start < end <= total:
            raise ValueError(f"span {start}..{end} is outside a text of length {total} or empty")
    out: list[str] = []
    pos = 0
    k = 0
    placed = False
    for run in runs:
        run_start, run_end = pos, pos + len(run)
        pos = run_end
        parts: list[str] = []
        cursor = run_start
        while k < len(edits):
            start, end, new = edits[k]
            lo, hi = max(run_start, start), min(run_end, end)
            if lo >= hi:
                break  # the edit starts in a later run (or this run is empty)
            parts.append(run[cursor - run_start : lo - run_start])
            if not placed:
                parts.append(new)
                placed = True
            cursor = hi
            if end > run_end:
                break  # it goes on in the next run
            k, placed = k + 1, False
        parts.append(run[cursor - run_start :])
        out.append("".join(parts))
    return out
