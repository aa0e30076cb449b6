"""Text in charts and SmartArt diagrams, read as segments so that it is detected and rewritten.

Which parts: those a story part (the main document, a header, a footer, a note, a kept comment)
reaches by a ``chart`` or ``chartEx`` relationship, the user shapes of those charts (text boxes
drawn on a chart, ``chartUserShapes``), and a SmartArt diagram's data (``diagramData``,
``word/diagrams/dataN.xml``) and cached drawing (``diagramDrawing``, ``drawingN.xml``).

What is read in them:
    * every DrawingML paragraph (``a:p``) with text: chart and axis titles, rich data labels,
      text boxes on a chart, SmartArt node text. Id ``<part>/a:p/<n>``, ``n`` counting every
      ``a:p`` of the part in document order (as verification counts them);
    * every string value of a chart: ``c:v`` in string caches and literals (``c:strCache``,
      ``c:strLit``, ``c:multiLvlStrCache``, data-label ranges), a series name given as a value
      (``c:tx/c:v``), and ChartEx ``cx:pt``/``cx:v`` text. Id ``<part>/v/<n>``. Values inside
      number caches (``c:numCache``, ``c:numLit``, ``cx:numDim``) are numbers and are not read.

A SmartArt diagram's text lives twice, in its data and in its cached drawing (what viewers
other than Word, LibreOffice among them, show). Both are segments: the same text gets the same
detections and the same replacements, and verification reads both back. Dropping the cached
drawing instead would leave Word to lay the diagram out again but show other viewers an empty
or different picture.

Not handled: formulas (``c:f``, ``cx:f``: references into the chart's workbook, such as a sheet
name) are not segments, and the embedded workbook behind a chart is not read (both are still
scanned by verification); SmartArt layout definitions (``layoutN.xml``: generic sample text),
and attribute text (``dgm:prSet/@phldrT``, the placeholder prompt) are not segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from redactor.formats._docx_package import Package, natural_key
from redactor.formats._docx_text import DrawingSource, NodeSource, Source, drawing_atoms
from redactor.formats._docx_xml import A_NS, local_name, namespace

#: Relationship kinds from a story part to a part whose text is read here.
GRAPHIC_KINDS = frozenset({"chart", "chartEx", "diagramData", "diagramDrawing"})
#: ... and from such a part: a chart's user shapes; a diagram's cached drawing (Word lists it
#: among the document's relationships, but a drawing related from the data part is read too).
_FROM_GRAPHIC = frozenset({"chartUserShapes", "diagramDrawing"})
_A_P = f"{{{A_NS}}}p"
_VALUE_NAMES = frozenset({"v", "pt"})
_NUMBERS = frozenset({"numCache", "numLit", "numDim"})


def graphic_parts(pkg: Package, stories: Iterable[str]) -> list[str]:
    """Return the chart and SmartArt parts the story parts reach, each once, in name order."""
    found: set[str] = set()
    for story in stories:
        for rel in pkg.rels(story):
            if rel.external or rel.kind not in GRAPHIC_KINDS:
                continue
            part = pkg.find(rel.part)
            if part is None:
                continue
            found.add(part)
            for inner in pkg.rels(part):
                if not inner.external and inner.kind in _FROM_GRAPHIC and (shapes := pkg.find(inner.part)) is not None:
                    found.add(shapes)
    return sorted(found, key=natural_key)


def graphic_sources(pkg: Package, part: str) -> Iterator[Source]:
    """Yield the segments of one chart, chart user-shapes or SmartArt part (see the module docstring)."""
    root = pkg.xml(part)
    for index, p in enumerate(root.iter(_A_P)):
        atoms = drawing_atoms(p)
        if any(atom.text for atom in atoms):
            yield DrawingSource(f"{part}/a:p/{index}", part, atoms)
    index = 0
    for el in root.iter():
        if _is_string_value(el):
            yield NodeSource(f"{part}/v/{index}", part, el)
            index += 1


def _is_string_value(el: Any) -> bool:
    if local_name(el.tag) not in _VALUE_NAMES or "chart" not in namespace(el.tag):
        return False
    if not (el.text and el.text.strip()) or len(el):
        return False
    return not any(local_name(ancestor.tag) in _NUMBERS for ancestor in el.iterancestors())
