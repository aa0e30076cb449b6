"""Place a review's mentions in their segments and mark them up as HTML (for ``review_html``).

Each mention becomes a ``<mark>`` with its kind's class and its confidence step's class; marks
that overlap without nesting are cut in two (see ``highlight``). Not handled: right-to-left text.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections import defaultdict
from collections.abc import Sequence

from redactor.document import Label
from redactor.errors import InternalError
from redactor.review import Review, ReviewDocument, ReviewMention

#: The confidence filter works in steps of 0.05: a mention's step is its score in hundredths // 5.
STEP = 5

#: (background, border) per kind. Dark text (#111) on each background has a contrast ratio above 7:1.
KIND_COLOURS: dict[str, tuple[str, str]] = {
    Label.PERSON: ("#ffe066", "#9c7500"),
    Label.LOCATION: ("#b2f2bb", "#2b8a3e"),
    Label.ORGANIZATION: ("#a5d8ff", "#1864ab"),
    Label.ADDRESS: ("#ffc9c9", "#c92a2a"),
    Label.EMAIL_ADDRESS: ("#eebefa", "#862e9c"),
    Label.PHONE_NUMBER: ("#ffd8a8", "#d9480f"),
    Label.UK_POSTCODE: ("#99e9f2", "#0b7285"),
    Label.UK_NHS: ("#d0bfff", "#5f3dc4"),
    Label.UK_NINO: ("#fcc2d7", "#a61e4d"),
    Label.DATE_OF_BIRTH: ("#c3fae8", "#087f5b"),
    Label.PRISON: ("#e9ecef", "#495057"),
    Label.CUSTOM: ("#ffec99", "#e67700"),
}
#: For the other kinds, in order of first use.
SPARE_COLOURS = (
    ("#d8f5a2", "#5c940d"),
    ("#bac8ff", "#364fc7"),
    ("#ffdeeb", "#c2255c"),
    ("#c5f6fa", "#0c8599"),
    ("#f3d9fa", "#9c36b5"),
    ("#fff3bf", "#e67700"),
    ("#d3f9d8", "#2f9e44"),
    ("#dee2e6", "#343a40"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class Placed:
    """One mention with where it goes on the page."""

    anchor: str  # the id of its (first) element in the text
    mention: ReviewMention
    kept: bool
    kind: int  # index into Kinds.order
    pct: int  # score in hundredths, 0..100
    text: str  # the detected text
    segment_index: int
    order: int  # position in the document, for a stable sort

    @property
    def classes(self) -> str:
        return f"k{self.kind} s{self.pct // STEP}" + (" kept" if self.kept else "")


@dataclasses.dataclass(frozen=True, slots=True)
class PlacedDocument:
    index: int
    doc: ReviewDocument
    placed: tuple[Placed, ...]
    by_segment: dict[int, list[Placed]]


class Kinds:
    """Every kind on the page, each with a short class name and a colour."""

    def __init__(self, review: Review) -> None:
        seen = {m.kind for d in review.documents for m in (*d.mentions, *d.kept)} | {e.kind for e in review.entities}
        known = [str(label) for label in Label if str(label) in seen]
        self.order: tuple[str, ...] = (*known, *sorted(seen - set(known)))
        self.index = {kind: i for i, kind in enumerate(self.order)}
        spare = iter(SPARE_COLOURS * (1 + len(self.order) // len(SPARE_COLOURS)))
        self.colours = tuple(KIND_COLOURS.get(kind) or next(spare) for kind in self.order)


def place_document(index: int, doc: ReviewDocument, kinds: Kinds) -> PlacedDocument:
    """Return document ``index``'s mentions and kept detections placed in its segments, in text order.

    Raises:
        InternalError: A mention does not fit its segment, or the document repeats a segment id.
    """
    segment_at: dict[str, int] = {}
    for j, (segment_id, _text) in enumerate(doc.segments):
        if segment_id in segment_at:
            raise InternalError(f"review: document {index} has segment id {segment_id!r} twice")
        segment_at[segment_id] = j
    placed: list[Placed] = []
    for kept, prefix, mentions in ((False, "m", doc.mentions), (True, "k", doc.kept)):
        for k, mention in enumerate(mentions):
            at = segment_at.get(mention.segment_id)
            if at is None:
                raise InternalError(f"review: document {index} has a mention in unknown segment {mention.segment_id!r}")
            text = doc.segments[at][1]
            if not 0 <= mention.start < mention.end <= len(text):
                raise InternalError(
                    f"review: document {index}, segment {mention.segment_id!r}: mention "
                    f"{mention.start}..{mention.end} does not fit the segment's {len(text)} characters"
                )
            placed.append(
                Placed(
                    anchor=f"d{index}-{prefix}{k}",
                    mention=mention,
                    kept=kept,
                    kind=kinds.index[mention.kind],
                    pct=hundredths(mention.score),
                    text=text[mention.start : mention.end],
                    segment_index=at,
                    order=0,
                )
            )
    placed.sort(key=lambda p: (p.segment_index, p.mention.start, -p.mention.end, p.kept))
    placed = [dataclasses.replace(p, order=n) for n, p in enumerate(placed)]
    by_segment: dict[int, list[Placed]] = defaultdict(list)
    for p in placed:
        by_segment[p.segment_index].append(p)
    return PlacedDocument(index, doc, tuple(placed), by_segment)


def hundredths(score: float) -> int:
    """Return a confidence score in hundredths, clamped to 0..100 (0 for NaN)."""
    return min(100, max(0, round(score * 100))) if math.isfinite(score) else 0


def score_text(pct: int) -> str:
    """Return hundredths as a score, e.g. 5 -> "0.05"."""
    return f"{pct // 100}.{pct % 100:02d}"


def describe(p: Placed) -> str:
    """Return what a mark's tooltip says: kind, entity id, what replaces it, detector, confidence,
    decision and place (decisions.toml names entities by their ids)."""
    m = p.mention
    what = "kept, not replaced" if p.kept else f"becomes {m.replacement}"
    entity = f" {m.entity_id}" if m.entity_id is not None else ""
    decision = "" if m.decision == "auto" else f"; decision: {m.decision}"
    where = f"; {m.where}" if m.where else ""
    return f"{m.kind}{entity}, {what}; detector {m.detector}; confidence {score_text(p.pct)}{decision}{where}"


def highlight(text: str, marks: Sequence[Placed]) -> str:
    """Return `text` as HTML with each mark as a <mark> element.

    Marks that overlap without nesting cannot be one element each: the later one is cut where
    the earlier one ends, and its second part is a "cont" element that points at the first.
    """
    bounds = sorted({0, len(text), *(p.mention.start for p in marks), *(p.mention.end for p in marks)})
    out: list[str] = []
    stack: list[Placed] = []
    first_open: set[str] = set()  # anchors whose open element is their first one
    started: set[str] = set()
    pending = list(reversed(marks))  # sorted by (start, -end): nesting order
    active: list[Placed] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [p for p in active if p.mention.end > a]
        while pending and pending[-1].mention.start == a:
            active.append(pending.pop())  # starts at or after every active mark: order holds
        chain = active
        keep = 0
        while keep < len(stack) and keep < len(chain) and stack[keep] is chain[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(_close(stack.pop(), first_open))
        for p in chain[keep:]:
            out.append(_open(p, first=p.anchor not in started))
            if p.anchor not in started:
                started.add(p.anchor)
                first_open.add(p.anchor)
            stack.append(p)
        out.append(esc(text[a:b]))
    while stack:
        out.append(_close(stack.pop(), first_open))
    return "".join(out)


def _open(p: Placed, *, first: bool) -> str:
    if not first:
        return f'<mark class="m {p.classes} cont" data-of="{p.anchor}">'
    m = p.mention
    entity = f' data-entity="{esc(m.entity_id)}"' if m.entity_id is not None else ""
    return (
        f'<mark id="{p.anchor}" class="m {p.classes}" tabindex="0" title="{esc(describe(p))}" '
        f'data-kind="{esc(m.kind)}" data-replacement="{esc(m.replacement)}" data-detector="{esc(m.detector)}" '
        f'data-score="{esc(repr(float(m.score)))}" data-decision="{esc(m.decision)}"{entity}>'
    )


def _close(p: Placed, first_open: set[str]) -> str:
    if p.anchor in first_open:
        first_open.discard(p.anchor)
        return f'<span class="info"> ({esc(describe(p))})</span></mark>'
    return "</mark>"


def esc(text: str) -> str:
    """Escape `text` for HTML text and double-quoted attributes.

    A carriage return becomes a character reference: HTML parsing would turn a literal one (or a
    CR LF pair) into a line feed, and the page must show the text exactly as it is.
    """
    return html.escape(text, quote=True).replace("\r", "&#13;")
