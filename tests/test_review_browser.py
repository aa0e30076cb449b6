"""The review page in a real browser: headless Chromium driven over the DevTools protocol.

Chromium speaks the protocol over two pipes (``--remote-debugging-pipe``: it reads commands on
fd 3 and writes replies and events on fd 4, each a JSON text ended by NUL), so no WebDriver,
websocket library or network port is needed. Skipped when ``/usr/bin/chromium`` is missing;
``.ci/run`` installs it from Debian.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from redactor.review import Review, ReviewDocument, ReviewEntity, ReviewMention
from redactor.review_html import BANNER, render_review
from tests.browser import Browser, chromium_missing

pytestmark = pytest.mark.browser


def _mention(
    seg: str, start: int, end: int, kind: str, replacement: str, detector: str, score: float, entity: str | None = None
) -> ReviewMention:
    return ReviewMention(seg, start, end, kind, replacement, detector, score, entity)


TEXT_0 = "Jane Doe told DC Patel at Lewisham Police that Bob <b>&amp; rang 07700 900123.\nShe moved to Brockley Rise."
TEXT_1 = "Janey said it again."


def _review() -> Review:
    filler = tuple((f"body/p/{n}", "A long paragraph of plain filler text. " * 12) for n in range(2, 40))
    report = ReviewDocument(
        name="overview_report.docx",
        segments=(("body/p/0", TEXT_0), ("body/p/1", TEXT_1), *filler, ("body/p/40", "At the end, Jane Doe again.")),
        mentions=(
            _mention("body/p/0", 0, 8, "PERSON", "WX", "case_file", 1.0, "e1"),
            _mention("body/p/0", 14, 22, "PERSON", "Officer A", "spacy_ner", 0.5, "e2"),
            _mention("body/p/0", 47, 59, "PERSON", "Person B", "spacy_ner", 0.31, "e3"),
            _mention("body/p/0", 65, 77, "PHONE_NUMBER", "[phone number]", "uk_phone", 0.85),
            _mention("body/p/0", 92, 105, "LOCATION", "Town A", "spacy_ner", 0.45, "e4"),
            _mention("body/p/1", 0, 5, "PERSON", "WX", "case_file", 0.97, "e1"),
            _mention("body/p/40", 12, 20, "PERSON", "WX", "case_file", 1.0, "e1"),
        ),
        checks=("1 image in the body could not be read: check it by hand",),
        kept=(_mention("body/p/0", 26, 41, "ORGANIZATION", "Lewisham Police", "keep_policy", 0.9),),
    )
    entities = (
        ReviewEntity("e1", "PERSON", "WX", ("Jane Doe", "Janey"), 3, "case file"),
        ReviewEntity("e2", "PERSON", "Officer A", ("DC Patel",), 1, "detected"),
        ReviewEntity("e3", "PERSON", "Person B", ("Bob <b>&amp;",), 1, "detected"),
        ReviewEntity("e4", "LOCATION", "Town A", ("Brockley Rise",), 1, "detected"),
    )
    return Review("WX", "2025-01-02T03:04:05Z", "redactor 0.1.0", (report, ReviewDocument("empty.txt", (), ())), entities)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    missing = chromium_missing()
    if missing:
        pytest.skip(missing)
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(render_review(_review()), encoding="utf-8")
    return path.as_uri()


@pytest.fixture()
def page(browser: Browser, page_url: str) -> Browser:
    browser.open(page_url)
    return browser


def _artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("REDACTOR_TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_page_shows_the_banner_and_the_documents_and_saves_a_screenshot(page: Browser, tmp_path: Path) -> None:
    banner = page.js(
        "(() => { const e = document.getElementById('sensitive'); const r = e.getBoundingClientRect();"
        " return [e.innerText, r.top, r.height, getComputedStyle(e).visibility]; })()"
    )
    assert banner[0] == BANNER and banner[1] < 10 and banner[2] > 20 and banner[3] == "visible"
    heading = page.js(
        "(() => { const r = document.getElementById('d0-h').getBoundingClientRect();"
        " return [document.getElementById('d0-h').textContent, r.width > 0, r.height > 0]; })()"
    )
    assert heading == ["overview_report.docx", True, True]
    assert page.js("document.getElementById('d0-m2').firstChild.textContent") == "Bob <b>&amp;"
    assert page.js("document.querySelectorAll('script').length") == 1  # the names did not become markup
    png = base64.b64decode(page.send("Page.captureScreenshot", {"format": "png"})["data"])
    shot = _artifacts(tmp_path) / "review_page.png"
    shot.write_bytes(png)
    assert shot.stat().st_size > 1000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_page_makes_no_network_request_and_breaks_no_content_policy(page: Browser, page_url: str) -> None:
    page.click("#d0-m0")  # focus a highlight: its details panel appears
    _choose_threshold(page, "50")
    page.settle()
    assert page.js("performance.getEntriesByType('resource').length") == 0
    requests = [e["params"]["request"]["url"] for e in page.events if e["method"] == "Network.requestWillBeSent"]
    assert requests == [page_url]  # the page itself, nothing else
    console = [e for e in page.events if e["method"] in ("Log.entryAdded", "Runtime.exceptionThrown", "Runtime.consoleAPICalled")]
    assert console == []  # a blocked style or script would log a Content-Security-Policy error


def _highlighted(page: Browser, anchor: str) -> bool:
    return bool(page.js(f"getComputedStyle(document.getElementById('{anchor}')).backgroundColor !== 'rgba(0, 0, 0, 0)'"))


def _row_display(page: Browser, anchor: str) -> str:
    return str(page.js(f"getComputedStyle(document.querySelector('tr.row a[href=\"#{anchor}\"]').closest('tr')).display"))


def test_kind_filter_hides_and_shows_highlights(page: Browser) -> None:
    person, phone = "d0-m0", "d0-m3"
    assert _highlighted(page, person) and _highlighted(page, phone)
    person_box = page.js("document.querySelector('input[data-k]').id")  # PERSON comes first
    page.click(f"#{person_box}")
    assert not _highlighted(page, person) and _highlighted(page, phone)
    assert _row_display(page, person) == "none" and _row_display(page, phone) == "table-row"
    assert page.js(f"getComputedStyle(document.querySelector('#{person} > .info')).visibility") == "hidden"
    assert page.js("document.getElementById('d0-m0').firstChild.textContent") == "Jane Doe"  # the text stays
    assert page.js("document.getElementById('shown').textContent") == "Showing 3 of 8 highlights."
    page.click(f"#{person_box}")
    assert _highlighted(page, person) and _row_display(page, person) == "table-row"


def _choose_threshold(page: Browser, value: str) -> None:
    page.js(
        f"(() => {{ const s = document.getElementById('f-below'); s.value = '{value}';"
        " s.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )


def test_confidence_filter_shows_only_detections_below_the_threshold(page: Browser) -> None:
    _choose_threshold(page, "50")
    below = page.js(
        "[...document.querySelectorAll('tr.row')].filter(r => getComputedStyle(r).display !== 'none')"
        ".map(r => parseFloat(r.dataset.score))"
    )
    assert below == [0.31, 0.45]
    assert not _highlighted(page, "d0-m0") and _highlighted(page, "d0-m2")
    page.click("button[type=reset]")
    page.js("new Promise(r => setTimeout(r, 50))")
    assert _highlighted(page, "d0-m0") and page.js("document.getElementById('f-below').value") == "101"


def test_kept_detections_are_muted_and_can_be_hidden(page: Browser) -> None:
    kept = "d0-k0"
    styles = page.js(
        f"(() => {{ const s = getComputedStyle(document.getElementById('{kept}'));"
        " return [s.backgroundColor, s.borderBottomStyle]; })()"
    )
    assert styles == ["rgba(0, 0, 0, 0)", "dashed"]
    assert _row_display(page, kept) == "table-row"
    page.click("#f-kept")
    assert _row_display(page, kept) == "none"
    assert page.js(f"getComputedStyle(document.getElementById('{kept}')).borderBottomColor") == "rgba(0, 0, 0, 0)"


def test_lowest_first_list_is_sorted_ascending(page: Browser) -> None:
    scores = page.js("[...document.querySelectorAll('#lowest tr.row')].map(r => parseFloat(r.dataset.score))")
    assert len(scores) == 8 and scores == sorted(scores) and scores[0] == 0.31


def test_entity_mention_link_scrolls_to_its_place_in_the_text(page: Browser) -> None:
    page.click("#e-0 summary")  # open Jane Doe's entity
    link = "#e-0 a[href='#d0-m6']"  # the mention at the end of the long document
    assert page.js(f'document.querySelector("{link}").textContent') == "Jane Doe in body/p/40"
    page.click(link)
    page.settle()
    target = page.js(
        "(() => { const t = document.querySelector(':target'); const r = t.getBoundingClientRect();"
        " return [location.hash, t.id, r.top >= 0 && r.bottom <= innerHeight, scrollY > 500]; })()"
    )
    assert target == ["#d0-m6", "d0-m6", True, True]
    assert page.js("getComputedStyle(document.getElementById('d0-m6')).outlineStyle") == "solid"


def test_a_highlight_reached_by_keyboard_shows_its_details(page: Browser) -> None:
    page.js("document.getElementById('d0-m1').focus()")
    info = page.js(
        "(() => { const e = document.querySelector('#d0-m1 > .info'); const r = e.getBoundingClientRect();"
        " return [e.textContent, r.width > 50, r.height > 10]; })()"
    )
    assert info == [" (PERSON e2, becomes Officer A; detector spacy_ner; confidence 0.50)", True, True]


def _big_review() -> Review:
    """50,000 words in 2,000 paragraphs with 5,000 detections of two kinds, scores spread over 0..0.95."""
    segments, mentions = [], []
    for j in range(2000):
        words = [f"word{j}x{k}" for k in range(25)]
        text = " ".join(words)
        segments.append((f"body/p/{j}", text))
        if j % 2 == 0:
            for k in range(0, 25, 5):
                start = text.index(words[k])
                kind = ("PERSON", "LOCATION")[k % 2]
                mentions.append(
                    _mention(f"body/p/{j}", start, start + len(words[k]), kind, "X", "spacy_ner", (j + k) % 20 / 20, f"e{k}")
                )
    entities = tuple(ReviewEntity(f"e{k}", ("PERSON", "LOCATION")[k % 2], "X", ("n",), 1000, "detected") for k in range(0, 25, 5))
    return Review("WX", "now", "redactor", (ReviewDocument("big.docx", tuple(segments), tuple(mentions)),), entities)


def test_a_50000_word_page_with_5000_detections_stays_responsive(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_text(render_review(_big_review()), encoding="utf-8")
    began = time.monotonic()
    browser.open(path.as_uri())
    loaded = time.monotonic() - began
    toggle_ms = browser.js(
        "(() => { const t = performance.now(); document.getElementById('f-k0').click();"
        " const hidden = getComputedStyle(document.getElementById('d0-m0')).backgroundColor;"
        " document.body.getBoundingClientRect(); return [performance.now() - t, hidden]; })()"
    )
    assert toggle_ms[1] == "rgba(0, 0, 0, 0)"
    assert browser.js("document.querySelectorAll('mark[id]').length") == 5000
    assert loaded < 10 and toggle_ms[0] < 1000, f"load {loaded:.2f} s, filter {toggle_ms[0]:.0f} ms"
    print(f"50k-word page: {path.stat().st_size / 1e6:.1f} MB, load {loaded:.2f} s, kind filter {toggle_ms[0]:.0f} ms")
