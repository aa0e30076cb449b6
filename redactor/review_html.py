"""Render a `Review` as one self-contained HTML page: the review page of ``redactor scan``.

The page holds the real names, so it is a sensitive file and says so at the top. It needs nothing
from outside itself: the CSS and the script (package data in ``redactor/assets/``) are inline and
a Content-Security-Policy allows only those two (by hash of the inlined text), so the page cannot
load or send anything, even if a name in it were to smuggle markup past the escaping.

Large documents stay usable because the browser does almost no work: the highlighted text is
built here, and the filters only change the class list of one container; one stylesheet rule per
kind and per confidence step does the rest (no loop over mentions in the script).

Not handled: a decision other than "auto" is shown as text, not styled; right-to-left text gets
no special treatment; the page is in English only.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import html
import importlib.resources
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from redactor.document import PLACEHOLDERS, Label
from redactor.errors import InternalError
from redactor.review import Review, ReviewDocument, ReviewEntity, ReviewMention

BANNER = "SENSITIVE: holds the real names. Do not publish, e-mail or share; delete it when the review is done."

#: The confidence filter works in steps of 0.05: a mention's step is its score in hundredths // 5.
_STEP = 5
_STEPS = 100 // _STEP + 1
#: "Show only detections below": thresholds in hundredths, all multiples of `_STEP`.
_THRESHOLDS = (95, 90, 85, 80, 75, 70, 60, 50, 40, 30, 20, 10)
_ANY = 101  # the threshold that hides nothing

#: (background, border) per kind. Dark text (#111) on each background has a contrast ratio above 7:1.
_KIND_COLOURS: dict[str, tuple[str, str]] = {
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
_SPARE_COLOURS = (
    ("#d8f5a2", "#5c940d"),
    ("#bac8ff", "#364fc7"),
    ("#ffdeeb", "#c2255c"),
    ("#c5f6fa", "#0c8599"),
    ("#f3d9fa", "#9c36b5"),
    ("#fff3bf", "#e67700"),
    ("#d3f9d8", "#2f9e44"),
    ("#dee2e6", "#343a40"),
)
_NAMES: dict[str, str] = {
    Label.PERSON: "person",
    Label.LOCATION: "place",
    Label.ORGANIZATION: "organisation",
    **{str(label): placeholder.strip("[]") for label, placeholder in PLACEHOLDERS.items()},
}


def render_review(review: Review) -> str:
    """Return the review page for `review`: one HTML5 document with inline CSS and script only.

    Raises:
        InternalError: A mention does not fit its segment (unknown segment id, offsets outside the
            text or empty) or a document repeats a segment id: the page would misplace it.
    """
    kinds = _Kinds(review)
    docs = [_place_document(i, doc, kinds) for i, doc in enumerate(review.documents)]
    style = _stylesheet(kinds)
    script = _asset("review.js")  # the filters: set the class list of #review; the stylesheet hides what it names
    csp = (
        "default-src 'none'; "
        f"style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
        "frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'"
    )
    out: list[str] = [
        "<!DOCTYPE html>\n",
        f"<!-- {BANNER} -->\n",
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">\n',
        '<meta name="referrer" content="no-referrer">\n<meta name="robots" content="noindex, nofollow">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>SENSITIVE: review of case {_esc(review.case)}</title>\n",
        f"<style>{style}</style>\n</head>\n<body>\n",
        '<a class="skip" href="#documents">Skip to the documents</a>\n',
        f'<p class="sensitive" id="sensitive"><strong>SENSITIVE:</strong> {_esc(BANNER.removeprefix("SENSITIVE: "))}</p>\n',
        '<div id="review">\n',
    ]
    out += _header(review, docs)
    out.append('<div class="layout">\n')
    out += _sidebar(docs, kinds)
    out.append('<main id="main">\n')
    out += _checks(review)
    out += _documents(docs)
    out += _entities(review, docs, kinds)
    out += _lowest_first(docs)
    out.append("</main>\n</div>\n</div>\n")
    out.append(f"<script>{script}</script>\n</body>\n</html>\n")
    return "".join(out)


def iter_anchors(review: Review) -> Iterable[tuple[int, str, ReviewMention]]:
    """Yield ``(document index, anchor id, mention)`` for every mention and kept detection.

    The anchor is the id of the mention's element on the page (``d0-m3``, ``d0-k1``), for links
    from elsewhere (the scan command's summary, tests).
    """
    for i, doc in enumerate(review.documents):
        for k, mention in enumerate(doc.mentions):
            yield i, f"d{i}-m{k}", mention
        for k, mention in enumerate(doc.kept):
            yield i, f"d{i}-k{k}", mention


# --- Placing mentions ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Placed:
    """One mention with where it goes on the page."""

    anchor: str  # the id of its (first) element in the text
    mention: ReviewMention
    kept: bool
    kind: int  # index into _Kinds.order
    pct: int  # score in hundredths, 0..100
    text: str  # the detected text
    segment_index: int
    order: int  # position in the document, for a stable sort

    @property
    def classes(self) -> str:
        return f"k{self.kind} s{self.pct // _STEP}" + (" kept" if self.kept else "")


@dataclasses.dataclass(frozen=True, slots=True)
class _PlacedDocument:
    index: int
    doc: ReviewDocument
    placed: tuple[_Placed, ...]
    by_segment: dict[int, list[_Placed]]


class _Kinds:
    """Every kind on the page, each with a short class name and a colour."""

    def __init__(self, review: Review) -> None:
        seen = {m.kind for d in review.documents for m in (*d.mentions, *d.kept)} | {e.kind for e in review.entities}
        known = [str(label) for label in Label if str(label) in seen]
        self.order: tuple[str, ...] = (*known, *sorted(seen - set(known)))
        self.index = {kind: i for i, kind in enumerate(self.order)}
        spare = iter(_SPARE_COLOURS * (1 + len(self.order) // len(_SPARE_COLOURS)))
        self.colours = tuple(_KIND_COLOURS.get(kind) or next(spare) for kind in self.order)


def _place_document(index: int, doc: ReviewDocument, kinds: _Kinds) -> _PlacedDocument:
    segment_at: dict[str, int] = {}
    for j, (segment_id, _text) in enumerate(doc.segments):
        if segment_id in segment_at:
            raise InternalError(f"review: document {index} has segment id {segment_id!r} twice")
        segment_at[segment_id] = j
    placed: list[_Placed] = []
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
                _Placed(
                    anchor=f"d{index}-{prefix}{k}",
                    mention=mention,
                    kept=kept,
                    kind=kinds.index[mention.kind],
                    pct=_pct(mention.score),
                    text=text[mention.start : mention.end],
                    segment_index=at,
                    order=0,
                )
            )
    placed.sort(key=lambda p: (p.segment_index, p.mention.start, -p.mention.end, p.kept))
    placed = [dataclasses.replace(p, order=n) for n, p in enumerate(placed)]
    by_segment: dict[int, list[_Placed]] = defaultdict(list)
    for p in placed:
        by_segment[p.segment_index].append(p)
    return _PlacedDocument(index, doc, tuple(placed), by_segment)


def _pct(score: float) -> int:
    return min(100, max(0, round(score * 100))) if math.isfinite(score) else 0


def _score(pct: int) -> str:
    return f"{pct // 100}.{pct % 100:02d}"


def _describe(p: _Placed) -> str:
    m = p.mention
    what = "kept, not replaced" if p.kept else f"becomes {m.replacement}"
    decision = "" if m.decision == "auto" else f"; decision: {m.decision}"
    return f"{m.kind}, {what}; detector {m.detector}; confidence {_score(p.pct)}{decision}"


def _highlight(text: str, marks: Sequence[_Placed]) -> str:
    """Return `text` as HTML with each mark as a <mark> element.

    Marks that overlap without nesting cannot be one element each: the later one is cut where
    the earlier one ends, and its second part is a "cont" element that points at the first.
    """
    bounds = sorted({0, len(text), *(p.mention.start for p in marks), *(p.mention.end for p in marks)})
    out: list[str] = []
    stack: list[_Placed] = []
    first_open: set[str] = set()  # anchors whose open element is their first one
    started: set[str] = set()
    pending = list(reversed(marks))  # sorted by (start, -end): nesting order
    active: list[_Placed] = []
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
        out.append(_esc(text[a:b]))
    while stack:
        out.append(_close(stack.pop(), first_open))
    return "".join(out)


def _open(p: _Placed, *, first: bool) -> str:
    if not first:
        return f'<mark class="m {p.classes} cont" data-of="{p.anchor}">'
    m = p.mention
    entity = f' data-entity="{_esc(m.entity_id)}"' if m.entity_id is not None else ""
    return (
        f'<mark id="{p.anchor}" class="m {p.classes}" tabindex="0" title="{_esc(_describe(p))}" '
        f'data-kind="{_esc(m.kind)}" data-replacement="{_esc(m.replacement)}" data-detector="{_esc(m.detector)}" '
        f'data-score="{_esc(repr(float(m.score)))}" data-decision="{_esc(m.decision)}"{entity}>'
    )


def _close(p: _Placed, first_open: set[str]) -> str:
    if p.anchor in first_open:
        first_open.discard(p.anchor)
        return f'<span class="info"> ({_esc(_describe(p))})</span></mark>'
    return "</mark>"


# --- Page parts ------------------------------------------------------------------------------


def _header(review: Review, docs: Sequence[_PlacedDocument]) -> list[str]:
    detections = sum(len(d.doc.mentions) for d in docs)
    kept = sum(len(d.doc.kept) for d in docs)
    checks = sum(len(d.doc.checks) for d in docs)
    return [
        '<header class="top">\n',
        f"<h1>Review of case {_esc(review.case)}</h1>\n",
        '<dl class="facts">',
        f"<div><dt>Generated</dt><dd>{_esc(review.generated)}</dd></div>",
        f"<div><dt>By</dt><dd>{_esc(review.tool)}</dd></div>",
        f"<div><dt>Documents</dt><dd>{len(docs):,}</dd></div>",
        f"<div><dt>Detections</dt><dd>{detections:,}</dd></div>",
        f"<div><dt>Kept</dt><dd>{kept:,}</dd></div>",
        f"<div><dt>Entities</dt><dd>{len(review.entities):,}</dd></div>",
        f"<div><dt>Checks</dt><dd>{checks:,}</dd></div>",
        "</dl>\n",
        '<p class="note">Each highlight is a detection; the colour says its kind. Hover over one, or reach it '
        "with the Tab key, to see what replaces it, which detector found it and how sure it was. "
        "This page does not certify anything as anonymous: read every document.</p>\n",
        "</header>\n",
    ]


def _sidebar(docs: Sequence[_PlacedDocument], kinds: _Kinds) -> list[str]:
    per_kind = Counter(p.kind for d in docs for p in d.placed)
    kept_total = sum(1 for d in docs for p in d.placed if p.kept)
    cells = Counter((p.kind, p.pct // _STEP, int(p.kept)) for d in docs for p in d.placed)
    counts = json.dumps([[k, s, kept, n] for (k, s, kept), n in sorted(cells.items())], separators=(",", ":"))
    out = [
        '<aside aria-label="Contents and filters">\n<nav aria-labelledby="toc-h">\n<h2 id="toc-h">Contents</h2>\n<ul>',
        '<li><a href="#checks">Needs a human check</a></li>',
        '<li><a href="#documents">Documents</a><ul>',
    ]
    out += [f'<li><a href="#d{d.index}">{_esc(d.doc.name)}</a></li>' for d in docs]
    out += [
        "</ul></li>",
        '<li><a href="#entities">Entities</a></li>',
        '<li><a href="#lowest">All detections, lowest confidence first</a></li>',
        "</ul>\n</nav>\n",
        f'<form id="filters" aria-labelledby="filters-h" data-counts="{_esc(counts)}" data-step="{_STEP}" '
        f'data-steps="{_STEPS}">\n<h2 id="filters-h">Filters</h2>\n',
        "<noscript><p>The filters need JavaScript; everything is shown.</p></noscript>\n",
        '<fieldset>\n<legend>Kinds (colour key)</legend>\n<ul class="kinds">\n',
    ]
    for i, kind in enumerate(kinds.order):
        name = _NAMES.get(kind, "")
        described = f' <span class="kn">{_esc(name)}</span>' if name and name.casefold() != kind.casefold() else ""
        out.append(
            f'<li><label><input type="checkbox" id="f-k{i}" data-k="{i}" checked> '
            f'<span class="sw k{i}" aria-hidden="true"></span> <code>{_esc(kind)}</code>{described} '
            f'<span class="n">({per_kind[i]:,})</span></label></li>\n'
        )
    if not kinds.order:
        out.append("<li>No detections.</li>\n")
    out += [
        "</ul>\n",
        '<p class="buttons"><button type="button" id="f-all">All kinds</button> '
        '<button type="button" id="f-none">No kinds</button></p>\n',
        "</fieldset>\n",
        '<p><label><input type="checkbox" id="f-kept" checked> Show kept detections '
        '<span class="sw kept-sw" aria-hidden="true"></span> (public bodies, large places: not replaced) '
        f'<span class="n">({kept_total:,})</span></label></p>\n',
        '<p><label for="f-below">Confidence</label><br>\n<select id="f-below">\n',
        f'<option value="{_ANY}" selected>any confidence</option>\n',
    ]
    out += [f'<option value="{t}">below {_score(t)}</option>\n' for t in _THRESHOLDS]
    out += [
        "</select></p>\n",
        '<p><output id="shown" aria-live="polite"></output></p>\n',
        '<p><button type="reset">Show everything</button></p>\n',
        "</form>\n</aside>\n",
    ]
    return out


def _checks(review: Review) -> list[str]:
    total = sum(len(doc.checks) for doc in review.documents)
    out = [
        '<section id="checks" class="checks" aria-labelledby="checks-h">\n'
        f'<h2 id="checks-h">Needs a human check ({total:,})</h2>\n'
    ]
    if not total:
        out.append("<p>Nothing was flagged for a human check. Still read every document before it is published.</p>\n")
    else:
        out.append("<ul>\n")
        for i, doc in enumerate(review.documents):
            if doc.checks:
                items = "".join(f"<li>{_esc(check)}</li>" for check in doc.checks)
                out.append(f'<li><a href="#d{i}">{_esc(doc.name)}</a><ul>{items}</ul></li>\n')
        out.append("</ul>\n")
    out.append("</section>\n")
    return out


def _documents(docs: Sequence[_PlacedDocument]) -> list[str]:
    out = ['<section id="documents" aria-labelledby="documents-h">\n<h2 id="documents-h">Documents</h2>\n']
    if not docs:
        out.append("<p>No documents.</p>\n")
    for d in docs:
        doc = d.doc
        out.append(
            f'<section class="doc" id="d{d.index}" aria-labelledby="d{d.index}-h">\n'
            f'<h3 id="d{d.index}-h">{_esc(doc.name)}</h3>\n'
            f'<p class="counts">{_count(len(doc.segments), "paragraph")} · {_count(len(doc.mentions), "detection")} · '
            f"{len(doc.kept):,} kept · {_count(len(doc.checks), 'check')}</p>\n"
        )
        if not doc.segments:
            out.append('<p class="empty">This document has no text.</p>\n')
        else:
            out.append('<div class="text">\n')
            for j, (segment_id, text) in enumerate(doc.segments):
                out.append(
                    f'<div class="seg"><span class="sid">{_esc(segment_id)}</span>'
                    f'<p class="st" id="d{d.index}-s{j}" data-seg="{_esc(segment_id)}">'
                    f"{_highlight(text, d.by_segment.get(j, ()))}</p></div>\n"
                )
            out.append("</div>\n")
        out.append("</section>\n")
    out.append("</section>\n")
    return out


def _entities(review: Review, docs: Sequence[_PlacedDocument], kinds: _Kinds) -> list[str]:
    found: dict[str, list[tuple[_PlacedDocument, _Placed]]] = defaultdict(list)
    for d in docs:
        for p in d.placed:
            if p.mention.entity_id is not None:
                found[p.mention.entity_id].append((d, p))
    out = [
        f'<section id="entities" aria-labelledby="entities-h">\n<h2 id="entities-h">Entities ({len(review.entities):,})</h2>\n',
        "<p>Each person, place and organisation with every name it was seen under. Open one to list its "
        "mentions; each links to its place in the text.</p>\n",
    ]
    if not review.entities:
        out.append("<p>No entities.</p>\n")
        return [*out, "</section>\n"]
    out.append('<ul class="ents">\n')
    for n, entity in enumerate(review.entities):
        out += _entity(n, entity, found.get(entity.id, []), kinds)
    out.append("</ul>\n</section>\n")
    return out


def _entity(n: int, entity: ReviewEntity, mentions: Sequence[tuple[_PlacedDocument, _Placed]], kinds: _Kinds) -> list[str]:
    k = kinds.index[entity.kind]
    names = ", ".join(_esc(name) for name in entity.names) or "(none)"
    out = [
        f'<li class="ent row k{k}" id="e-{n}" data-entity="{_esc(entity.id)}"><details>'
        f'<summary><span class="sw k{k}" aria-hidden="true"></span> <strong class="ps">{_esc(entity.pseudonym)}</strong> '
        f"<code>{_esc(entity.kind)}</code> · {_count(entity.mentions, 'mention')} · from {_esc(entity.source)} · "
        f'<span class="names">names: {names}</span></summary>\n'
    ]
    if not mentions:
        out.append("<p>No mention in these documents.</p>")
    else:
        out.append('<ul class="links">')
        by_doc: dict[int, list[_Placed]] = defaultdict(list)
        titles: dict[int, str] = {}
        for d, p in mentions:
            by_doc[d.index].append(p)
            titles[d.index] = d.doc.name
        for index, placed in by_doc.items():
            links = " ".join(
                f'<a href="#{p.anchor}" class="{p.classes}">{_esc(p.text)}'
                f'<span class="vh"> in {_esc(p.mention.segment_id)}</span></a>'
                for p in placed
            )
            out.append(f'<li><span class="dn">{_esc(titles[index])}</span> ({len(placed):,}): {links}</li>')
        out.append("</ul>")
    out.append("</details></li>\n")
    return out


def _lowest_first(docs: Sequence[_PlacedDocument]) -> list[str]:
    rows = sorted(((p.pct, d.index, p.order, d, p) for d in docs for p in d.placed), key=lambda r: r[:3])
    out = [
        '<section id="lowest" aria-labelledby="lowest-h">\n<h2 id="lowest-h">All detections, lowest confidence first</h2>\n',
    ]
    if not rows:
        out.append("<p>No detections.</p>\n</section>\n")
        return out
    out.append(
        '<table class="all">\n<thead><tr><th scope="col">Confidence</th><th scope="col">Kind</th>'
        '<th scope="col">Text</th><th scope="col">Becomes</th><th scope="col">Detector</th>'
        '<th scope="col">Decision</th><th scope="col">Where</th></tr></thead>\n<tbody>\n'
    )
    for pct, _, _, d, p in rows:
        m = p.mention
        becomes = "kept (not replaced)" if p.kept else _esc(m.replacement)
        out.append(
            f'<tr class="row {p.classes}" data-score="{_esc(repr(float(m.score)))}"><td>{_score(pct)}</td>'
            f'<td><span class="sw k{p.kind}" aria-hidden="true"></span> <code>{_esc(m.kind)}</code></td>'
            f'<td class="t">{_esc(p.text)}</td><td>{becomes}</td><td>{_esc(m.detector)}</td>'
            f"<td>{_esc(m.decision)}</td>"
            f'<td><a href="#{p.anchor}">{_esc(d.doc.name)} · {_esc(m.segment_id)}</a></td></tr>\n'
        )
    out.append("</tbody>\n</table>\n</section>\n")
    return out


# --- Style and script ------------------------------------------------------------------------


def _stylesheet(kinds: _Kinds) -> str:
    per_kind = "".join(
        f"mark.k{i},.sw.k{i}{{background:{bg};border-color:{line}}}\n" for i, (bg, line) in enumerate(kinds.colours)
    )
    hidden_marks = [f"#review.hk{i} mark.k{i}" for i in range(len(kinds.order))]
    hidden_marks += [f"#review.hs{s} mark.s{s}" for s in range(_STEPS)] + ["#review.hkept mark.kept"]
    hidden_rows = [f"#review.hk{i} .row.k{i}" for i in range(len(kinds.order))]
    hidden_rows += [f"#review.hs{s} tr.s{s}" for s in range(_STEPS)] + ["#review.hkept tr.kept"]
    hidden_links = [f"#review.hk{i} .links a.k{i}" for i in range(len(kinds.order))]
    hidden_links += [f"#review.hs{s} .links a.s{s}" for s in range(_STEPS)] + ["#review.hkept .links a.kept"]
    return (
        _asset("review.css")
        + per_kind
        + ",\n".join(hidden_marks)
        + "{background:transparent;border-color:transparent;color:inherit}\n"
        + ",\n".join(m + ">.info" for m in hidden_marks)
        + "{visibility:hidden}\n"  # not display: that would lay out the whole text again
        + ",\n".join(hidden_rows + hidden_links)
        + "{display:none}\n"
        + _asset("review-print.css")
    )


# --- Helpers ---------------------------------------------------------------------------------


@functools.cache
def _asset(name: str) -> str:
    """Return the text of ``redactor/assets/<name>`` (package data), read once per process."""
    return importlib.resources.files("redactor").joinpath("assets", name).read_text(encoding="utf-8")


def _esc(text: str) -> str:
    """Escape `text` for HTML text and double-quoted attributes.

    A carriage return becomes a character reference: HTML parsing would turn a literal one (or a
    CR LF pair) into a line feed, and the page must show the text exactly as it is.
    """
    return html.escape(text, quote=True).replace("\r", "&#13;")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
