"""The review page's HTML, parsed: every mention in place, the text exact, nothing external, all escaped."""

from __future__ import annotations

import base64
import hashlib
import re
import time

import lxml.html
import pytest
from lxml.html import HtmlElement

from redactor.errors import InternalError
from redactor.review import Review, ReviewDocument, ReviewEntity, ReviewMention
from redactor.review_html import BANNER, iter_anchors, render_review

EVIL = "<script>alert(1)</script>"
QUOTED = '" onmouseover="alert(1)" x=\''
TEXT_0 = f'Mrs {EVIL} met Tom O\'Neil & "Bea" at 12 High St,\r\nLS1 4AB; rang 07700 900123.\n\tEnd <b>bold</b> &amp;'
TEXT_1 = "\nLeading newline, then Jane Doe’s café in Zürich — and a trailing one.\n"
TEXT_2 = "Dr Okafor of Leeds Teaching Hospitals NHS Trust"


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _m(
    seg: str, text: str, part: str, kind: str, replacement: str, detector: str, score: float, entity: str | None = None
) -> ReviewMention:
    start, end = _at(text, part)
    return ReviewMention(seg, start, end, kind, replacement, detector, score, entity)


def _review() -> Review:
    report = ReviewDocument(
        name=f"DHR_{EVIL}.docx",
        segments=(("body/p/0", TEXT_0), ("footnote/4/p/0", TEXT_1), ("header/1/p/0", ""), ("body/p/3", TEXT_2)),
        mentions=(
            _m("body/p/0", TEXT_0, f"Mrs {EVIL}", "PERSON", f"X{EVIL}", "spacy_ner", 0.41, "e1"),
            _m("body/p/0", TEXT_0, "Tom O'Neil", "PERSON", QUOTED, "case_file", 1.0, "e2"),
            _m("body/p/0", TEXT_0, "12 High St,\r\nLS1 4AB", "UK_ADDRESS", "[address]", "uk_address", 0.7),
            _m("body/p/0", TEXT_0, "LS1 4AB", "UK_POSTCODE", "[postcode]", "uk_postcode", 0.95),  # nested in the address
            _m("body/p/0", TEXT_0, "07700 900123", "PHONE_NUMBER", "[phone number]", "uk_phone", 0.85),
            _m("body/p/0", TEXT_0, "<b>bold</b> &amp;", f"KIND_{EVIL}", "[redacted]", f"det{EVIL}", 0.05),
            _m("footnote/4/p/0", TEXT_1, "Jane Doe’s café", "PERSON", "WX's", "case_file", 0.99, "e3"),
            _m(
                "footnote/4/p/0", TEXT_1, "café in Zürich", "LOCATION", "Town A", "spacy_ner", 0.33, "e4"
            ),  # crosses the one above
            _m("body/p/3", TEXT_2, "Dr Okafor", "PERSON", "Dr A", "title", 0.55, "e5"),
        ),
        checks=(f"image 1 in {EVIL} could not be read", "2 detections below 0.5"),
        kept=(
            _m(
                "body/p/3",
                TEXT_2,
                "Leeds Teaching Hospitals NHS Trust",
                "ORGANIZATION",
                "Leeds Teaching Hospitals NHS Trust",
                "keep",
                0.8,
            ),
        ),
    )
    empty = ReviewDocument(name="empty.txt", segments=(), mentions=())
    blank = ReviewDocument(name="blank.txt", segments=(("body/p/0", ""),), mentions=())
    entities = (
        ReviewEntity("e1", "PERSON", f"X{EVIL}", (EVIL, "Mrs <i>"), 1, "detected"),
        ReviewEntity("e2", "PERSON", QUOTED, ("Tom O'Neil", "Tom & Jerry"), 1, "case file"),
        ReviewEntity("e3", "PERSON", "WX", ("Jane Doe",), 1, "case file"),
        ReviewEntity("e4", "LOCATION", "Town A", ("café in Zürich",), 1, "detected"),
        ReviewEntity("e5", "PERSON", "Dr A", ("Dr Okafor",), 1, "detected"),
        ReviewEntity("e9", "ORGANIZATION", "Org Z", ("Unseen Ltd",), 0, "decision"),
    )
    return Review(f"WX {EVIL}", "2025-01-02T03:04:05+00:00", "redactor 0.1.0", (report, empty, blank), entities)


@pytest.fixture(scope="module")
def review() -> Review:
    return _review()


@pytest.fixture(scope="module")
def source(review: Review) -> str:
    return render_review(review)


@pytest.fixture(scope="module")
def page(source: str) -> HtmlElement:
    return lxml.html.document_fromstring(source)


def _text(element: HtmlElement) -> str:
    """Return the text of `element` as the reader sees it, without the hidden detection details."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and "info" not in child.classes:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _by_id(page: HtmlElement, id_: str) -> HtmlElement:
    (element,) = page.xpath("//*[@id=$id]", id=id_)
    return element


def _mention_text(page: HtmlElement, anchor: str) -> str:
    first = _by_id(page, anchor)
    return _text(first) + "".join(_text(part) for part in page.xpath("//mark[@data-of=$a]", a=anchor))


# --- Every mention, in place ---


def test_every_mention_is_on_the_page_with_its_kind_replacement_detector_and_score(review: Review, page: HtmlElement) -> None:
    anchors = list(iter_anchors(review))
    assert len(anchors) == 10
    for _, anchor, mention in anchors:
        mark = _by_id(page, anchor)
        assert mark.tag == "mark" and mark.get("tabindex") == "0"
        assert mark.get("data-kind") == mention.kind
        assert mark.get("data-replacement") == mention.replacement
        assert mark.get("data-detector") == mention.detector
        assert float(mark.get("data-score")) == mention.score
        (info,) = mark.xpath("./span[@class='info']")  # its own, not a nested mention's
        for shown in (mark.get("title"), info.text_content()):
            assert mention.kind in shown and mention.detector in shown and f"{mention.score:.2f}" in shown
            assert (mention.replacement in shown) or ("kept, not replaced" in shown)


@pytest.mark.parametrize("index", range(10))
def test_each_highlight_holds_exactly_its_text(review: Review, page: HtmlElement, index: int) -> None:
    i, anchor, mention = list(iter_anchors(review))[index]
    segment_text = dict(review.documents[i].segments)[mention.segment_id]
    assert _mention_text(page, anchor) == segment_text[mention.start : mention.end]


@pytest.mark.parametrize(("j", "text"), [(0, TEXT_0), (1, TEXT_1), (2, ""), (3, TEXT_2)])
def test_segment_text_is_byte_identical_after_unescaping(page: HtmlElement, j: int, text: str) -> None:
    assert _text(_by_id(page, f"d0-s{j}")) == text


def test_text_outside_mentions_is_byte_identical(review: Review, page: HtmlElement) -> None:
    for j, (segment_id, text) in enumerate(review.documents[0].segments):
        paragraph = _by_id(page, f"d0-s{j}")
        outside = [paragraph.text or ""] + [mark.tail or "" for mark in paragraph.iterchildren("mark")]
        covered = [m for _, _, m in iter_anchors(review) if m.segment_id == segment_id]
        bounds, gaps, at = sorted((m.start, m.end) for m in covered), [], 0
        for start, end in bounds:
            gaps.append(text[at:start] if start > at else "")
            at = max(at, end)
        expected = [g for g in [*gaps, text[at:]] if g]
        assert [part for part in outside if part] == expected


def test_crossing_mentions_are_cut_and_the_second_part_points_at_the_first(page: HtmlElement) -> None:
    cafe = "d0-m6"  # "Jane Doe’s café"; "café in Zürich" (d0-m7) starts inside it
    assert _text(_by_id(page, cafe)) == "Jane Doe’s café"
    (rest,) = page.xpath("//mark[@data-of='d0-m7']")
    assert "cont" in rest.classes and rest.text_content() == " in Zürich"
    assert _by_id(page, "d0-m7").getparent().get("id") == cafe  # its first part sits inside the first mention


def test_nested_mention_stays_one_element_inside_the_outer_one(page: HtmlElement) -> None:
    postcode = _by_id(page, "d0-m3")
    assert postcode.getparent().get("id") == "d0-m2" and not page.xpath("//mark[@data-of='d0-m3']")


def test_line_breaks_render_because_segment_text_keeps_white_space(source: str, page: HtmlElement) -> None:
    assert re.search(r"\.st\{[^}]*white-space:pre-wrap", source)
    assert "&#13;" in source and "\r" not in source  # a literal CR would be read back as LF
    assert "\n\tEnd" in _text(_by_id(page, "d0-s0"))


# --- Empty documents ---


def test_empty_documents_render_with_a_heading_and_a_note(page: HtmlElement) -> None:
    assert _by_id(page, "d1-h").text_content() == "empty.txt"
    assert _by_id(page, "d1").find_class("empty")[0].text_content() == "This document has no text."
    assert _by_id(page, "d2-s0").text_content() == ""


def test_a_review_without_documents_or_entities_renders() -> None:
    page = lxml.html.document_fromstring(render_review(Review("WX", "now", "redactor", (), ())))
    assert "No documents." in page.text_content() and "Nothing was flagged" in page.text_content()


# --- Self-contained ---


def test_nothing_points_outside_the_page(source: str, page: HtmlElement) -> None:
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in {"img", "link", "iframe", "object", "embed", "base", "video", "audio", "source", "frame"}
        for name, value in element.attrib.items():
            assert name not in {"src", "srcset", "action", "formaction", "poster", "background", "ping"}
            if name == "href":
                assert value.startswith("#") and _by_id(page, value[1:]) is not None
            assert not name.startswith("on"), f"event handler attribute {name}"
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//|data:|javascript:)""", source, re.I)
    style, script = page.xpath("//style")[0].text, page.xpath("//script")[0].text
    for text in (style, script):
        assert "@import" not in text and "url(" not in text and "@font-face" not in text and "http" not in text
    for call in ("fetch", "XMLHttpRequest", "WebSocket", "import(", "sendBeacon", "EventSource", "Worker"):
        assert call not in script


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_content_security_policy_allows_only_this_inline_style_and_script(page: HtmlElement) -> None:
    (meta,) = page.xpath("//meta[@http-equiv='Content-Security-Policy']")
    assert meta.getparent().index(meta) == 1  # right after <meta charset>: before any style or script
    rules = dict(rule.strip().split(" ", 1) for rule in meta.get("content").split(";"))
    assert rules["default-src"] == "'none'"
    (style,), (script,) = page.xpath("//style"), page.xpath("//script")
    assert rules["style-src"] == f"'{_sha256(style.text)}'"
    assert rules["script-src"] == f"'{_sha256(script.text)}'"
    assert all(value == "'none'" for key, value in rules.items() if key not in {"style-src", "script-src"})
    assert not page.xpath("//*[@style]")  # style attributes would be blocked


# --- Sensitive, escaped ---


def test_sensitive_banner_comes_first(source: str, page: HtmlElement) -> None:
    body = page.body
    banner = _by_id(page, "sensitive")
    assert banner.text_content() == BANNER
    assert [e.get("id") for e in body if isinstance(e.tag, str)][:2] in (["sensitive", "review"], [None, "sensitive"])
    assert page.find(".//title").text_content().startswith("SENSITIVE")
    assert source.index(BANNER) < source.index("<html")  # also in a comment for whoever opens the source


def test_script_in_names_comes_out_as_text(review: Review, source: str, page: HtmlElement) -> None:
    assert EVIL not in source and QUOTED not in source
    assert len(page.xpath("//script")) == 1 and len(page.xpath("//b")) == 0 and len(page.xpath("//i")) == 0
    assert _by_id(page, "d0-h").text_content() == f"DHR_{EVIL}.docx"
    assert page.find(".//h1").text_content() == f"Review of case WX {EVIL}"
    assert _by_id(page, "d0-m1").get("data-replacement") == QUOTED
    names = _by_id(page, "e-0").find_class("names")[0].text_content()
    assert names == f"names: {EVIL}, Mrs <i>"
    assert f"image 1 in {EVIL} could not be read" in _by_id(page, "checks").text_content()


# --- Sections ---


def test_checks_come_first_with_their_document(page: HtmlElement) -> None:
    main = _by_id(page, "main")
    assert [s.get("id") for s in main.iterchildren("section")] == ["checks", "documents", "entities", "lowest"]
    checks = _by_id(page, "checks")
    assert checks.find(".//h2").text_content() == "Needs a human check (2)"
    items = [li.text_content() for li in checks.xpath(".//li/ul/li")]
    assert items == [f"image 1 in {EVIL} could not be read", "2 detections below 0.5"]
    assert checks.xpath(".//a/@href") == ["#d0"]


def test_lowest_first_lists_every_detection_by_score_ascending(review: Review, page: HtmlElement) -> None:
    rows = page.xpath("//section[@id='lowest']//tbody/tr")
    scores = [float(row.get("data-score")) for row in rows]
    assert scores == sorted(m.score for _, _, m in iter_anchors(review))
    targets = [row.xpath(".//a/@href")[0][1:] for row in rows]
    assert sorted(targets) == sorted(anchor for _, anchor, _ in iter_anchors(review))


def test_kept_detections_are_marked_kept_everywhere(page: HtmlElement) -> None:
    mark = _by_id(page, "d0-k0")
    assert "kept" in mark.classes and "kept, not replaced" in mark.get("title")
    (row,) = page.xpath("//tr[.//a[@href='#d0-k0']]")
    assert "kept" in row.classes and "kept (not replaced)" in row.text_content()


def test_entities_link_every_mention_to_its_place(review: Review, page: HtmlElement) -> None:
    for n, entity in enumerate(review.entities):
        links = _by_id(page, f"e-{n}").xpath(".//a/@href")
        expected = [f"#{anchor}" for _, anchor, m in iter_anchors(review) if m.entity_id == entity.id]
        assert sorted(links) == sorted(expected)
        assert all(page.xpath("//mark[@id=$a]", a=link[1:]) for link in links)
    assert "No mention in these documents." in _by_id(page, "e-5").text_content()


# --- Filters and accessibility ---


def test_each_kind_has_a_labelled_checkbox_a_colour_and_a_hiding_rule(review: Review, source: str, page: HtmlElement) -> None:
    boxes = page.xpath("//input[@data-k]")
    kinds = {box.getparent().find("code").text_content(): box.get("data-k") for box in boxes}
    assert set(kinds) == {m.kind for _, _, m in iter_anchors(review)} | {e.kind for e in review.entities}
    for _, anchor, mention in iter_anchors(review):
        assert f"k{kinds[mention.kind]}" in _by_id(page, anchor).classes
    for k in kinds.values():
        assert f"#review.hk{k} mark.k{k}" in source and f"mark.k{k},.sw.k{k}{{background:" in source


@pytest.mark.parametrize(
    ("score", "step", "shown"), [(0.41, "s8", "0.41"), (1.0, "s20", "1.00"), (0.05, "s1", "0.05"), (0.7, "s14", "0.70")]
)
def test_confidence_steps_match_the_score(page: HtmlElement, score: float, step: str, shown: str) -> None:
    marks = page.xpath("//mark[@data-score=$s]", s=repr(score))
    assert marks and all(step in mark.classes for mark in marks)
    rows = page.xpath("//tr[@data-score=$s]", s=repr(score))
    assert all(row.find("td").text_content() == shown for row in rows)


def test_confidence_select_offers_thresholds_and_any(page: HtmlElement) -> None:
    (select,) = page.xpath("//select[@id='f-below']")
    values = [option.get("value") for option in select.iter("option")]
    assert values[0] == "101" and [int(v) for v in values[1:]] == sorted((int(v) for v in values[1:]), reverse=True)


def test_every_control_has_a_label(page: HtmlElement) -> None:
    for control in page.xpath("//input | //select"):
        wrapped = any(a.tag == "label" for a in control.iterancestors())
        assert wrapped or page.xpath("//label[@for=$id]", id=control.get("id"))


def test_headings_are_in_order(page: HtmlElement) -> None:
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_odd_scores_are_clamped() -> None:
    doc = ReviewDocument(
        "a.txt",
        (("p", "Ann Bee"),),
        (ReviewMention("p", 0, 3, "PERSON", "A", "x", float("nan")), ReviewMention("p", 4, 7, "PERSON", "B", "x", 1.7)),
    )
    page = lxml.html.document_fromstring(render_review(Review("WX", "now", "redactor", (doc,), ())))
    assert [row.find("td").text_content() for row in page.xpath("//tbody/tr")] == ["0.00", "1.00"]


# --- Mentions that do not fit ---


@pytest.mark.parametrize(
    ("mention", "reason"),
    [
        (ReviewMention("nowhere", 0, 3, "PERSON", "A", "x", 0.5), "unknown segment"),
        (ReviewMention("p", 4, 99, "PERSON", "A", "x", 0.5), "does not fit"),
        (ReviewMention("p", 3, 3, "PERSON", "A", "x", 0.5), "does not fit"),
        (ReviewMention("p", -1, 2, "PERSON", "A", "x", 0.5), "does not fit"),
    ],
)
def test_a_mention_that_does_not_fit_is_an_internal_error_without_the_text(mention: ReviewMention, reason: str) -> None:
    doc = ReviewDocument("a.txt", (("p", "Secret Name"),), (mention,))
    with pytest.raises(InternalError, match=reason) as caught:
        render_review(Review("WX", "now", "redactor", (doc,), ()))
    assert "Secret" not in str(caught.value)


def test_a_repeated_segment_id_is_an_internal_error() -> None:
    doc = ReviewDocument("a.txt", (("p", "one"), ("p", "two")), ())
    with pytest.raises(InternalError, match="twice"):
        render_review(Review("WX", "now", "redactor", (doc,), ()))


# --- Size ---


def test_a_50000_word_document_with_5000_detections_renders_quickly() -> None:
    words = [f"word{n}" for n in range(50_000)]
    segments, mentions = [], []
    for j in range(0, len(words), 25):
        text = " ".join(words[j : j + 25])
        segments.append((f"body/p/{j // 25}", text))
        if (j // 25) % 2 == 0:
            for k in range(0, 25, 5):  # 5 detections in every other paragraph
                start = _at(text, words[j + k])[0]
                mentions.append(
                    ReviewMention(
                        f"body/p/{j // 25}",
                        start,
                        start + len(words[j + k]),
                        ("PERSON", "LOCATION")[k % 2],
                        "X",
                        "spacy_ner",
                        (k % 20) / 20,
                        f"e{k}",
                    )
                )
    doc = ReviewDocument("big.docx", tuple(segments), tuple(mentions))
    entities = tuple(ReviewEntity(f"e{k}", ("PERSON", "LOCATION")[k % 2], "X", ("n",), 1000, "detected") for k in range(0, 25, 5))
    began = time.perf_counter()
    html = render_review(Review("WX", "now", "redactor", (doc,), entities))
    elapsed = time.perf_counter() - began
    assert len(mentions) == 5000 and html.count("<mark id=") == 5000
    assert elapsed < 5, f"rendering took {elapsed:.1f} s"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize(
    "kinds", [("PERSON", "LOCATION", "ORGANIZATION", "UK_NHS", "URL", "IP_ADDRESS"), tuple(f"K{n}" for n in range(12))]
)
def test_text_on_every_kind_colour_has_enough_contrast(kinds: tuple[str, ...]) -> None:
    doc = ReviewDocument(
        "a.txt",
        (("p", "x" * len(kinds)),),
        tuple(ReviewMention("p", n, n + 1, kind, "X", "d", 0.5) for n, kind in enumerate(kinds)),
    )
    source = render_review(Review("WX", "now", "redactor", (doc,), ()))
    backgrounds = re.findall(r"mark\.k\d+,\.sw\.k\d+\{background:(#[0-9a-f]{6})", source)
    assert len(backgrounds) == len(kinds)
    text = _luminance("#111111")
    for background in backgrounds:
        assert (_luminance(background) + 0.05) / (text + 0.05) >= 7, background  # WCAG AAA for body text


def test_each_entity_shows_its_id_and_the_header_says_decisions_use_them(review: Review, page: HtmlElement) -> None:
    for entity in review.entities:
        (summary,) = page.xpath(f'//li[@data-entity="{entity.id}"]//summary')
        assert summary.xpath('string(.//code[@class="eid"])') == entity.id
    header = page.xpath('string(//header[@class="top"])')
    assert "decisions.toml" in header and "e1" in header


def test_a_mention_tooltip_names_its_entity_id_and_place() -> None:
    from pathlib import Path

    from redactor.document import Document, Edit, Label, Segment
    from redactor.review import review_document
    from redactor.where import Place

    text = "Jane saw the GP."
    doc = Document(
        Path("t.md"), "markdown", (Segment("body/p/0", "# Contact with the GP"), Segment("body/p/1", text)),
        edits=(Edit("body/p/1", 0, 4, "Adult A", Label.PERSON, "case_file", 1.0, "e3"),),
        places={"body/p/0": Place(paragraph=1), "body/p/1": Place(paragraph=2, heading="body/p/0")},
    )
    document = review_document("t.md", doc)
    entity = ReviewEntity("e3", "PERSON", "Adult A", ("Jane",), 1, "case file")
    page = lxml.html.document_fromstring(render_review(Review("WX", "now", "redactor", (document,), (entity,))))
    (mark,) = page.xpath('//mark[@id="d0-m0"]')
    assert "e3" in mark.get("title") and "paragraph 2, under 'Contact with the GP'" in mark.get("title")
    assert [s.text for s in page.xpath('//span[@class="sid"]')] == ["paragraph 1", "paragraph 2, under 'Contact with the GP'"]
