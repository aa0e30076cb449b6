"""Render a `Review` as one self-contained HTML page: the review page of ``redactor scan``.

The page holds the real names, so it is a sensitive file and says so at the top. It needs nothing
from outside itself: the CSS and the script are inline and a Content-Security-Policy allows only
those two (by hash), so the page cannot load or send anything, even if a name in it were to
smuggle markup past the escaping.

Large documents stay usable because the browser does almost no work: the highlighted text is
built here, and the filters only change the class list of one container; one stylesheet rule per
kind and per confidence step does the rest (no loop over mentions in the script).

Not handled: a decision other than "auto" is shown as text, not styled; right-to-left text gets
no special treatment; the page is in English only.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
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
    script = _SCRIPT
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
        _BASE_CSS
        + per_kind
        + ",\n".join(hidden_marks)
        + "{background:transparent;border-color:transparent;color:inherit}\n"
        + ",\n".join(m + ">.info" for m in hidden_marks)
        + "{visibility:hidden}\n"  # not display: that would lay out the whole text again
        + ",\n".join(hidden_rows + hidden_links)
        + "{display:none}\n"
        + _PRINT_CSS
    )


_BASE_CSS = """
:root{color-scheme:light}
*{box-sizing:border-box}
html{scroll-behavior:auto}
body{margin:0;color:#111;background:#fff;
  font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:#0b4fb3}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,summary:focus-visible{
  outline:3px solid #1a4fd6;outline-offset:2px}
code{font:0.85em/1 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
.skip{position:absolute;left:-999rem;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem;z-index:10}
.sensitive{margin:0;padding:1rem 1.5rem;background:#8b0000;color:#fff;font-size:1.3rem;font-weight:600;
  border-bottom:6px solid #111}
.sensitive strong{font-weight:800;letter-spacing:.03em}
.top{padding:.5rem 1.5rem 0}
.top h1{margin:.6rem 0 .3rem;font-size:1.8rem}
.facts{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;margin:0 0 .5rem}
.facts div{display:flex;gap:.4rem}
.facts dt{color:#555}
.facts dd{margin:0;font-weight:600}
.note{max-width:60rem;color:#333;margin:.3rem 0 0}
.layout{display:grid;grid-template-columns:minmax(15rem,19rem) minmax(0,1fr);gap:2rem;padding:0 1.5rem 3rem}
aside{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:.5rem .75rem 1rem 0;
  border-right:1px solid #ccc}
aside h2{font-size:1.1rem;margin:1rem 0 .4rem}
aside ul{margin:0;padding-left:1.1rem}
aside nav li{margin:.15rem 0;overflow-wrap:anywhere}
fieldset{border:1px solid #bbb;border-radius:4px;margin:0 0 .75rem;padding:.3rem .6rem .5rem}
legend{font-weight:600;padding:0 .3rem}
ul.kinds{list-style:none;padding:0;margin:.2rem 0}
ul.kinds li{margin:.15rem 0}
.kn{color:#444}
.n{color:#555}
.buttons{margin:.4rem 0 0}
button,select{font:inherit;padding:.15rem .6rem}
.sw{display:inline-block;width:1.1em;height:1.1em;vertical-align:-.2em;border:2px solid;border-radius:3px}
.sw.kept-sw{background:#fff;border:2px dashed #6b6b6b}
main{min-width:0}
main h2{font-size:1.45rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #111;padding-bottom:.2rem}
.checks{border:3px solid #b35c00;background:#fff4e6;border-radius:6px;padding:0 1rem .5rem;margin-top:1rem}
.checks h2{border-bottom-color:#b35c00}
section.doc{margin:0 0 2rem}
section.doc h3{font-size:1.25rem;margin:1.2rem 0 .2rem;overflow-wrap:anywhere}
.counts{color:#555;margin:0 0 .5rem}
.empty{font-style:italic;color:#555}
.text{border:1px solid #ddd;border-radius:4px;padding:.5rem .75rem}
.seg{display:grid;grid-template-columns:7.5rem minmax(0,1fr);gap:.75rem;padding:.2rem 0;border-bottom:1px solid #f0f0f0}
.sid{color:#666;font-size:.75rem;padding-top:.25rem;overflow-wrap:anywhere}
.st{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;min-height:1.2em}
mark.m{color:inherit;border-bottom-width:3px;border-bottom-style:solid;
  border-radius:2px;padding:0 1px;position:relative;scroll-margin:35vh 0}
mark.m.kept{background:transparent;color:#4a4a4a;border-bottom:2px dashed #6b6b6b}
mark.m:focus{outline:3px solid #1a4fd6;outline-offset:1px;z-index:3}
mark.m:target{outline:4px solid #c00;outline-offset:2px}
.info,.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
mark.m:focus>.info{clip:auto;clip-path:none;width:auto;height:auto;overflow:visible;left:0;top:100%;margin-top:4px;z-index:5;
  background:#111;color:#fff;padding:.25rem .5rem;border-radius:4px;font-size:.85rem;line-height:1.3;white-space:pre}
ul.ents{list-style:none;padding:0}
li.ent{border-bottom:1px solid #e3e3e3;padding:.3rem 0}
li.ent summary{cursor:pointer;overflow-wrap:anywhere}
.ps{font-size:1.05em}
.names{color:#333}
ul.links{margin:.3rem 0 .3rem 1.5rem;padding:0}
ul.links li{margin:.2rem 0;overflow-wrap:anywhere}
ul.links a{margin-right:.4rem}
ul.links a.kept{color:#4a4a4a}
.dn{font-weight:600}
#lowest{content-visibility:auto;contain-intrinsic-size:auto 100vh}
table.all{border-collapse:collapse;width:100%;font-size:.92rem}
table.all th,table.all td{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
table.all thead th{position:sticky;top:0;background:#f3f3f3}
table.all td.t{white-space:pre-wrap;overflow-wrap:anywhere}
table.all tr.kept{color:#4a4a4a}
table.all tr.kept td.t{font-style:italic}
@media (max-width:60rem){.layout{grid-template-columns:1fr}aside{position:static;max-height:none;border-right:0}}
"""

_PRINT_CSS = """
@media print{
 aside,.skip,noscript{display:none}
 #lowest{content-visibility:visible}
 .layout{display:block;padding:0}
 .sensitive,mark.m,.sw,.checks{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .sensitive{font-size:12pt}
 body{font-size:10pt}
 a{color:inherit;text-decoration:none}
 mark.m:focus>.info{display:none}
 section.doc{break-before:page}
 .seg{break-inside:avoid}
 table.all thead th{position:static}
 table.all tr{break-inside:avoid}
}
"""

#: Filters: set the class list of #review once per change; the stylesheet hides what it names.
_SCRIPT = """
(function () {
  "use strict";
  var root = document.getElementById("review");
  var form = document.getElementById("filters");
  if (!root || !form) { return; }
  var counts = JSON.parse(form.getAttribute("data-counts") || "[]");
  var step = parseInt(form.getAttribute("data-step"), 10);
  var steps = parseInt(form.getAttribute("data-steps"), 10);
  var boxes = form.querySelectorAll("input[data-k]");
  var kept = document.getElementById("f-kept");
  var below = document.getElementById("f-below");
  var shown = document.getElementById("shown");
  var total = 0;
  counts.forEach(function (c) { total += c[3]; });
  function apply() {
    var hide = [];
    var off = {};
    boxes.forEach(function (box) {
      var k = box.getAttribute("data-k");
      if (!box.checked) { hide.push("hk" + k); off[k] = true; }
    });
    var t = parseInt(below.value, 10);
    for (var s = 0; s < steps; s++) { if (s * step >= t) { hide.push("hs" + s); } }
    if (!kept.checked) { hide.push("hkept"); }
    root.className = hide.join(" ");
    var n = 0;
    counts.forEach(function (c) {
      if (!off[String(c[0])] && c[1] * step < t && (kept.checked || !c[2])) { n += c[3]; }
    });
    shown.textContent = "Showing " + n.toLocaleString("en-GB") + " of " + total.toLocaleString("en-GB") + " highlights.";
  }
  function setAll(on) { boxes.forEach(function (box) { box.checked = on; }); apply(); }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  document.getElementById("f-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("f-none").addEventListener("click", function () { setAll(false); });
  apply();
})();
"""


# --- Helpers ---------------------------------------------------------------------------------


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
