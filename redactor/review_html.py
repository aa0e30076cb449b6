"""Render a `Review` as one self-contained HTML page: the review page of ``redactor scan``.

The page holds the real names, so it is a sensitive file and says so at the top. It needs nothing
from outside itself: the CSS and the script (package data in ``redactor/assets/``) are inline and
a Content-Security-Policy allows only those two (by hash of the inlined text), so the page cannot
load or send anything, even if a name in it were to smuggle markup past the escaping.

Large documents stay usable because the browser does almost no work: the highlighted text is
built here (with ``review_marks``), and the filters only change the class list of one container;
one stylesheet rule per kind and per confidence step does the rest (no loop over mentions in the
script).

Not handled: a decision other than "auto" is shown as text, not styled; right-to-left text gets
no special treatment; the page is in English only.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import importlib.resources
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from redactor.document import PLACEHOLDERS, Label
from redactor.review import Review, ReviewEntity, ReviewMention
from redactor.review_marks import STEP, Kinds, Placed, PlacedDocument, esc, highlight, place_document, score_text

BANNER = "SENSITIVE: holds the real names. Do not publish, e-mail or share; delete it when the review is done."

#: The confidence steps, 0 to 100 in steps of STEP hundredths.
_STEPS = 100 // STEP + 1
#: "Show only detections below": thresholds in hundredths, all multiples of `STEP`.
_THRESHOLDS = (95, 90, 85, 80, 75, 70, 60, 50, 40, 30, 20, 10)
_ANY = 101  # the threshold that hides nothing

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
    kinds = Kinds(review)
    docs = [place_document(i, doc, kinds) for i, doc in enumerate(review.documents)]
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
        f"<title>SENSITIVE: review of case {esc(review.case)}</title>\n",
        f"<style>{style}</style>\n</head>\n<body>\n",
        '<a class="skip" href="#documents">Skip to the documents</a>\n',
        f'<p class="sensitive" id="sensitive"><strong>SENSITIVE:</strong> {esc(BANNER.removeprefix("SENSITIVE: "))}</p>\n',
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


# --- Page parts ------------------------------------------------------------------------------


def _header(review: Review, docs: Sequence[PlacedDocument]) -> list[str]:
    detections = sum(len(d.doc.mentions) for d in docs)
    kept = sum(len(d.doc.kept) for d in docs)
    checks = sum(len(d.doc.checks) for d in docs)
    return [
        '<header class="top">\n',
        f"<h1>Review of case {esc(review.case)}</h1>\n",
        '<dl class="facts">',
        f"<div><dt>Generated</dt><dd>{esc(review.generated)}</dd></div>",
        f"<div><dt>By</dt><dd>{esc(review.tool)}</dd></div>",
        f"<div><dt>Documents</dt><dd>{len(docs):,}</dd></div>",
        f"<div><dt>Detections</dt><dd>{detections:,}</dd></div>",
        f"<div><dt>Kept</dt><dd>{kept:,}</dd></div>",
        f"<div><dt>Entities</dt><dd>{len(review.entities):,}</dd></div>",
        f"<div><dt>Checks</dt><dd>{checks:,}</dd></div>",
        "</dl>\n",
        '<p class="note">Each highlight is a detection; the colour says its kind. Hover over one, or reach it '
        "with the Tab key, to see what replaces it, which detector found it and how sure it was. "
        "This page does not certify anything as anonymous: read every document.</p>\n",
        '<p class="note">Each person, place and organisation has an id (e1, e3, ...), shown beside its '
        "pseudonym: decisions.toml uses these ids to refer to it.</p>\n",
        "</header>\n",
    ]


def _sidebar(docs: Sequence[PlacedDocument], kinds: Kinds) -> list[str]:
    per_kind = Counter(p.kind for d in docs for p in d.placed)
    kept_total = sum(1 for d in docs for p in d.placed if p.kept)
    cells = Counter((p.kind, p.pct // STEP, int(p.kept)) for d in docs for p in d.placed)
    counts = json.dumps([[k, s, kept, n] for (k, s, kept), n in sorted(cells.items())], separators=(",", ":"))
    out = [
        '<aside aria-label="Contents and filters">\n<nav aria-labelledby="toc-h">\n<h2 id="toc-h">Contents</h2>\n<ul>',
        '<li><a href="#checks">Needs a human check</a></li>',
        '<li><a href="#documents">Documents</a><ul>',
    ]
    out += [f'<li><a href="#d{d.index}">{esc(d.doc.name)}</a></li>' for d in docs]
    out += [
        "</ul></li>",
        '<li><a href="#entities">Entities</a></li>',
        '<li><a href="#lowest">All detections, lowest confidence first</a></li>',
        "</ul>\n</nav>\n",
        f'<form id="filters" aria-labelledby="filters-h" data-counts="{esc(counts)}" data-step="{STEP}" '
        f'data-steps="{_STEPS}">\n<h2 id="filters-h">Filters</h2>\n',
        "<noscript><p>The filters need JavaScript; everything is shown.</p></noscript>\n",
        '<fieldset>\n<legend>Kinds (colour key)</legend>\n<ul class="kinds">\n',
    ]
    for i, kind in enumerate(kinds.order):
        name = _NAMES.get(kind, "")
        described = f' <span class="kn">{esc(name)}</span>' if name and name.casefold() != kind.casefold() else ""
        out.append(
            f'<li><label><input type="checkbox" id="f-k{i}" data-k="{i}" checked> '
            f'<span class="sw k{i}" aria-hidden="true"></span> <code>{esc(kind)}</code>{described} '
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
    out += [f'<option value="{t}">below {score_text(t)}</option>\n' for t in _THRESHOLDS]
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
                items = "".join(f"<li>{esc(check)}</li>" for check in doc.checks)
                out.append(f'<li><a href="#d{i}">{esc(doc.name)}</a><ul>{items}</ul></li>\n')
        out.append("</ul>\n")
    out.append("</section>\n")
    return out


def _documents(docs: Sequence[PlacedDocument]) -> list[str]:
    out = ['<section id="documents" aria-labelledby="documents-h">\n<h2 id="documents-h">Documents</h2>\n']
    if not docs:
        out.append("<p>No documents.</p>\n")
    for d in docs:
        doc = d.doc
        out.append(
            f'<section class="doc" id="d{d.index}" aria-labelledby="d{d.index}-h">\n'
            f'<h3 id="d{d.index}-h">{esc(doc.name)}</h3>\n'
            f'<p class="counts">{_count(len(doc.segments), "paragraph")} · {_count(len(doc.mentions), "detection")} · '
            f"{len(doc.kept):,} kept · {_count(len(doc.checks), 'check')}</p>\n"
        )
        if not doc.segments:
            out.append('<p class="empty">This document has no text.</p>\n')
        else:
            out.append('<div class="text">\n')
            for j, (segment_id, text) in enumerate(doc.segments):
                place = doc.places[j] if j < len(doc.places) else segment_id
                out.append(
                    f'<div class="seg"><span class="sid">{esc(place)}</span>'
                    f'<p class="st" id="d{d.index}-s{j}" data-seg="{esc(segment_id)}">'
                    f"{highlight(text, d.by_segment.get(j, ()))}</p></div>\n"
                )
            out.append("</div>\n")
        out.append("</section>\n")
    out.append("</section>\n")
    return out


def _entities(review: Review, docs: Sequence[PlacedDocument], kinds: Kinds) -> list[str]:
    found: dict[str, list[tuple[PlacedDocument, Placed]]] = defaultdict(list)
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


def _entity(n: int, entity: ReviewEntity, mentions: Sequence[tuple[PlacedDocument, Placed]], kinds: Kinds) -> list[str]:
    k = kinds.index[entity.kind]
    names = ", ".join(esc(name) for name in entity.names) or "(none)"
    out = [
        f'<li class="ent row k{k}" id="e-{n}" data-entity="{esc(entity.id)}"><details>'
        f'<summary><span class="sw k{k}" aria-hidden="true"></span> <strong class="ps">{esc(entity.pseudonym)}</strong> '
        f'<code class="eid" title="the id decisions.toml uses">{esc(entity.id)}</code> '
        f"<code>{esc(entity.kind)}</code> · {_count(entity.mentions, 'mention')} · from {esc(entity.source)} · "
        f'<span class="names">names: {names}</span></summary>\n'
    ]
    if not mentions:
        out.append("<p>No mention in these documents.</p>")
    else:
        out.append('<ul class="links">')
        by_doc: dict[int, list[Placed]] = defaultdict(list)
        titles: dict[int, str] = {}
        for d, p in mentions:
            by_doc[d.index].append(p)
            titles[d.index] = d.doc.name
        for index, placed in by_doc.items():
            links = " ".join(
                f'<a href="#{p.anchor}" class="{p.classes}">{esc(p.text)}'
                f'<span class="vh"> in {esc(p.mention.where or p.mention.segment_id)}</span></a>'
                for p in placed
            )
            out.append(f'<li><span class="dn">{esc(titles[index])}</span> ({len(placed):,}): {links}</li>')
        out.append("</ul>")
    out.append("</details></li>\n")
    return out


def _lowest_first(docs: Sequence[PlacedDocument]) -> list[str]:
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
        becomes = "kept (not replaced)" if p.kept else esc(m.replacement)
        out.append(
            f'<tr class="row {p.classes}" data-score="{esc(repr(float(m.score)))}"><td>{score_text(pct)}</td>'
            f'<td><span class="sw k{p.kind}" aria-hidden="true"></span> <code>{esc(m.kind)}</code></td>'
            f'<td class="t">{esc(p.text)}</td><td>{becomes}</td><td>{esc(m.detector)}</td>'
            f"<td>{esc(m.decision)}</td>"
            f'<td><a href="#{p.anchor}">{esc(d.doc.name)} · {esc(m.where or m.segment_id)}</a></td></tr>\n'
        )
    out.append("</tbody>\n</table>\n</section>\n")
    return out


# --- Style and script ------------------------------------------------------------------------


def _stylesheet(kinds: Kinds) -> str:
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


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
