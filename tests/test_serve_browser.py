"""The whole workspace flow in real headless Chromium against a real ``redactor serve``.

Create a case, upload a Word document (by the button) and a text file (by drag and drop), fill the
case file, scan, reject one detection, rename a pseudonym, merge two entities, reject one mention
and undo it, add a missed term by selecting text, publish, download the zip; then check the
outputs in the zip, the decisions file on disk (and that ``redactor verify`` agrees), the
keyboard (tab order, visible focus), the title bar and address, and the server's log.
A screenshot of each step goes to ``$REDACTOR_SCREENSHOTS`` (default ``out/screenshots/``).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import Browser, chromium_missing
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.model]

#: Identifier text planted in the documents: never in the outputs, the title bar, the address or the log.
VICTIM = "Margaret Ashworth"
OFFICER = "DC Hollis"
PHONE = "07700 900123"
MISSED = "Bluebell"
PLANTED = ("Margaret", "Ashworth", "Kevin", "Brandt", "Sandra", "Pickering", PHONE, MISSED, "Hollis")


def _report_docx(path: Path) -> None:
    from docx import Document as WordDocument

    word_doc = WordDocument()
    word_doc.sections[0].header.paragraphs[0].text = "Overview report, draft for the panel"
    word_doc.add_heading("Overview", level=1)
    word_doc.add_paragraph(f"{VICTIM} told {OFFICER} that Kevin Brandt rang her on {PHONE} from Harrogate.")
    word_doc.add_paragraph(f"Sandra Pickering drove {VICTIM} home. Her dog {MISSED} stayed with a neighbour.")
    table = word_doc.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Name", (0, 1): "Role", (1, 0): VICTIM, (1, 1): "Victim"}.items():
        table.cell(row, col).text = text
    word_doc.add_heading("Background", level=2)
    word_doc.add_paragraph("Mrs Ashworth worked at the library for ten years.")
    word_doc.save(str(path))


TEXT = (
    f"Interview notes.\n\nKevin Brandt said {VICTIM} was frightened.\n{OFFICER} took the statement. Sandra Pickering was there.\n"
)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("REDACTOR_SCREENSHOTS") or ROOT / "out" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    home = tmp_path_factory.mktemp("home")
    root = home / "cases"
    port = _free_port()
    env = {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / "state")}
    log = home / "server.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "redactor", "serve", str(root), "--port", str(port), "--no-browser"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        try:
            lines = []
            while not lines or "token=" not in lines[-1]:
                line = proc.stdout.readline()  # type: ignore[union-attr]
                assert line, f"serve exited: {log.read_text()}"
                lines.append(line)
            url = re.search(r"http://\S+", lines[-1]).group(0)  # type: ignore[union-attr]
            yield {"url": url, "root": root, "log": log, "stdout": "".join(lines), "port": port}
        finally:
            proc.terminate()
            rest, _ = proc.communicate(timeout=30)
            (home / "server.out").write_text(rest or "")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    missing = chromium_missing()
    if missing:
        pytest.skip(missing)
    b = Browser(tmp_path_factory.mktemp("chromium-profile"), width=1280, height=800)
    try:
        yield b
    finally:
        b.close()


def _no_identifier_in_title_or_address(page: Browser) -> None:
    title, href = page.js("[document.title, location.href]")
    for text in PLANTED:
        assert text not in title and text not in href, (title, href)


def _shot(page: Browser, shots: Path, name: str) -> None:
    _no_identifier_in_title_or_address(page)
    page.screenshot(shots / f"{name}.png")


def _said(page: Browser, text: str) -> None:
    page.wait_until(f"document.getElementById('notice').textContent.includes({text!r})", what=f"the notice {text!r}")


def _mark_of(page: Browser, text: str) -> str:
    """The id of the first shown highlight whose text holds `text`."""
    found = page.js(
        f"(() => {{ const m = [...document.querySelectorAll('#docs mark.m:not(.kept):not(.off)')]"
        f".find(e => e.querySelector('.orig').textContent.includes({text!r})); return m ? m.id : null; }})()"
    )
    assert found, f"no highlight holds {text!r}"
    return str(found)


def _entities(page: Browser) -> list[dict[str, Any]]:
    return list(
        page.js(
            "[...document.querySelectorAll('button.ent')].map(b => ({id: b.id.slice(4), "
            "names: b.querySelector('.names').textContent, ps: b.querySelector('.ps').textContent}))"
        )
    )


def _choose(page: Browser, select: str, value: str) -> None:
    page.js(
        f"(() => {{ const s = document.getElementById({select!r}); s.value = {value!r};"
        " s.dispatchEvent(new Event('change')); })()"
    )


def _decisions(root: Path) -> dict[str, Any]:
    folder = next(p for p in root.iterdir() if (p / "case.toml").is_file())
    return tomllib.loads((folder / "case.decisions.toml").read_text("utf-8"))


def test_the_whole_flow_from_a_new_case_to_a_downloaded_publication(
    server: dict[str, Any], browser: Browser, shots: Path, tmp_path: Path
) -> None:
    page = browser
    began = time.monotonic()
    docx_path, txt_path = tmp_path / "overview report.docx", tmp_path / "interview notes.txt"
    _report_docx(docx_path)
    txt_path.write_text(TEXT, encoding="utf-8")

    # 1. The printed URL sets the cookie and lands on the list of cases, without the token in the address.
    page.open(server["url"])
    page.wait_until("document.querySelector('#create-case')", what="the case list")
    assert page.js("location.href") == f"http://localhost:{server['port']}/"
    _shot(page, shots, "01-cases")

    # 2. Create a case.
    page.click("#new-case-name")
    page.type_text("Case WX 2026")
    page.click("#create-case-button")
    page.wait_until("document.querySelector('h1')?.textContent === 'Case: Case WX 2026'", what="the case")

    # 3. Upload the .docx with the button and the .txt by drag and drop.
    page.set_files("#upload", [docx_path])
    page.wait_until("document.querySelectorAll('#documents tbody tr').length === 1", what="the uploaded Word document")
    page.drop_files("#drop", [txt_path])
    page.wait_until("document.querySelectorAll('#documents tbody tr').length === 2", what="the dropped text file")
    names = page.js("[...document.querySelectorAll('#documents td.name')].map(td => td.textContent)")
    assert sorted(names) == ["interview notes.txt", "overview report.docx"]
    _shot(page, shots, "02-documents")

    # 4. The case file: the victim with a pseudonym, the council area.
    page.click("#add-person")
    page.type_text(VICTIM)
    page.click("#person-0-pseudonym")
    page.type_text("Adult A")
    page.click("#person-0-role")
    page.type_text("victim")
    page.click("#f-area")
    page.type_text("Harrogate")
    page.click("#save-case")
    _said(page, "The case file is saved")
    case_toml = next(p for p in server["root"].iterdir() if p.is_dir()) / "case.toml"
    saved = tomllib.loads(case_toml.read_text("utf-8"))
    assert saved["case"]["area"] == "Harrogate" and "policy" not in saved  # only choices that differ from the defaults
    assert [(p["name"], p["pseudonym"]) for p in saved["person"]] == [(VICTIM, "Adult A")]
    _shot(page, shots, "03-case-file")

    # 5. Scan with a progress bar, then open the review.
    page.click("#scan")
    page.wait_until("document.getElementById('go-review')", what="the end of the scan", timeout_s=120)
    assert page.js("document.getElementById('job-progress').value === document.getElementById('job-progress').max")
    _shot(page, shots, "04-scanned")
    page.click("#go-review")
    page.wait_until("document.querySelector('#docs section.doc')", what="the review")
    # Rendered as it reads: headings, a table, the header marked; every detection with its pseudonym inline.
    assert page.js("document.querySelector('#docs h3.seg').textContent") == "Overview"
    assert page.js("document.querySelectorAll('#docs table.doc-table td').length") == 4
    assert page.js("[...document.querySelectorAll('#docs .part-header .tag')].length") == 1
    victim_mark = _mark_of(page, "Margaret")
    assert page.js(f"document.querySelector('#{victim_mark} .ps').textContent") == "Adult A"
    assert page.js("document.querySelector('#checks') === document.querySelector('#docs').firstElementChild")  # checks first
    _shot(page, shots, "05-review")

    # 6. Reject one detection (keep the officer's name as written) by keyboard: focus it, press r.
    page.click(f"#{_mark_of(page, 'Hollis')}")
    page.key("r")
    _said(page, "Its names stay as written")
    assert page.js(f"document.querySelector('#{_mark_of(page, 'Hollis')} .ps').textContent") == "kept as written"

    # 7. Rename the victim's pseudonym with the button and the dialog.
    page.click(f"#{_mark_of(page, 'Margaret')}")
    page.click("#act-rename")
    page.js("document.getElementById('rename-input').select()")
    page.type_text("WX")
    page.key("Enter")
    _said(page, "Renamed.")
    assert page.js(f"document.querySelector('#{_mark_of(page, 'Margaret')} .ps').textContent") == "WX"
    _shot(page, shots, "06-rejected-and-renamed")

    # 7b. Split a name off the victim's entity: "Mrs Ashworth" becomes someone else.
    victim = next(e for e in _entities(page) if VICTIM in e["names"])
    page.click(f"#ent-{victim['id']}")
    page.key("s")
    page.wait_until("document.getElementById('dialog').open", what="the split dialog")
    page.click("#dialog-body input[value='Mrs Ashworth']")
    page.click("#split-pseudonym")
    page.type_text("Adult C")
    page.click("#dialog-ok")
    _said(page, "Split off.")
    assert page.js(f"document.querySelector('#{_mark_of(page, 'Mrs Ashworth')} .ps').textContent") == "Adult C"

    # 8. Merge two entities: choose one in the side list, press m, pick the other.
    people = [e for e in _entities(page) if not re.search("Margaret|Ashworth|Hollis", e["names"])]
    kevin = next(e for e in people if "Kevin" in e["names"])
    other = next(e for e in people if e["id"] != kevin["id"] and "Kevin" not in e["names"])
    page.click(f"#ent-{other['id']}")
    page.key("m")
    page.wait_until("document.getElementById('dialog').open", what="the merge dialog")
    page.js(f"document.getElementById('merge-into').value = {kevin['id']!r}")
    _shot(page, shots, "07-merge-dialog")
    page.click("#dialog-ok")
    _said(page, "Merged.")
    merged = next(e for e in _entities(page) if e["id"] == other["id"])
    assert merged["ps"] == f"merged into {kevin['id']}"

    # 8b. Another tab renames Kevin's pseudonym meanwhile: this page's next decision is refused (409),
    # and the page reloads the decisions and says so.
    other_tab = page.js(
        "(async () => { const id = location.hash.split('/')[2]; const u = '/api/cases/' + id;"
        " const v = (await (await fetch(u + '/review')).json()).decisions.version;"
        " const r = await fetch(u + '/decisions', {method: 'POST', headers: {'Content-Type': 'application/json'},"
        f" body: JSON.stringify({{op: 'entity', entity: {kevin['id']!r}, pseudonym: 'Person K', version: v}})}});"
        " return r.status; })()"
    )
    assert other_tab == 200
    page.click(f"#{_mark_of(page, 'Kevin')}")
    page.key("a")
    _said(page, "changed in another tab or window")
    assert page.js(f"document.querySelector('#{_mark_of(page, 'Kevin')} .ps').textContent") == "Person K"
    _shot(page, shots, "07b-two-tabs")

    # 9. Reject one mention only (x), then undo it (u).
    page.click(f"#{_mark_of(page, 'Kevin')}")
    page.key("x")
    _said(page, "This mention stays as written")
    assert [m["decision"] for m in _decisions(server["root"]).get("mention", [])] == ["reject"]
    page.key("u")
    _said(page, "Undone.")
    assert _decisions(server["root"]).get("mention", []) == []

    # 10. Add a missed term by selecting it in the text.
    page.js(
        f"(() => {{ const walk = document.createTreeWalker(document.getElementById('docs'), NodeFilter.SHOW_TEXT);"
        f" let n; while ((n = walk.nextNode())) {{ const i = n.textContent.indexOf({MISSED!r});"
        f" if (i >= 0 && !n.parentElement.closest('mark')) {{ const r = document.createRange(); r.setStart(n, i);"
        f" r.setEnd(n, i + {len(MISSED)}); const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; }} }}"
        " return false; })()"
    )
    page.settle()
    page.key("t")
    page.wait_until("document.getElementById('dialog').open", what="the add-term dialog")
    assert page.js("document.getElementById('add-text').value") == MISSED
    page.js("document.getElementById('add-kind').value = 'CUSTOM'")
    page.click("#dialog-ok")
    _said(page, "Added.")
    _shot(page, shots, "08-decided")

    # 11. Publish with a redline; the result, the verification and the statement appear.
    page.click("nav.steps a[href$='/publish']")
    page.wait_until("document.getElementById('publish')", what="the publish screen")
    page.click("#p-redline")
    page.click("#publish")
    page.wait_until("document.getElementById('statement')", what="the publication", timeout_s=120)
    assert page.js("document.getElementById('verify-clean') !== null")
    rows = page.js("[...document.querySelectorAll('#result-table tbody tr')].map(r => r.children[1].textContent)")
    assert rows == ["done", "done"]
    assert "Redaction statement" in page.js("document.getElementById('statement').textContent")
    assert page.js("document.querySelector('#audit .good').textContent").startswith("Intact: ")
    redlines = page.js("[...document.querySelectorAll('a.redline')].map(a => a.textContent)")
    assert "Download overview report.redline.docx (NOT FOR PUBLICATION)" in redlines
    _shot(page, shots, "09-published")

    # 12. Download the zip through the page's link.
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    page.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}, session=False)
    page.click("#download-zip")
    deadline = time.monotonic() + 60
    while not (downloads / "publication.zip").is_file():
        assert time.monotonic() < deadline, "the zip was never downloaded"
        time.sleep(0.1)
    with zipfile.ZipFile(io.BytesIO((downloads / "publication.zip").read_bytes())) as archive:
        members = sorted(archive.namelist())
        texts = {name: _text_of(name, archive.read(name)) for name in members}
    assert members == ["interview notes.txt", "overview report.docx", "redaction-statement.html", "redaction-statement.md"]
    published = texts["overview report.docx"] + texts["interview notes.txt"]
    for text in ("Margaret", "Ashworth", "Kevin Brandt", "Sandra", PHONE, MISSED, "Mrs Ashworth"):
        assert text not in published, text
    assert "WX" in published and OFFICER in published  # renamed; kept as written
    assert f"{OFFICER} took the statement" in texts["interview notes.txt"]

    # 13. The decisions file on disk holds the page's decisions, and `redactor verify` agrees.
    decided = _decisions(server["root"])
    by_id = {e["id"]: e for e in decided["entity"]}
    assert next(e for e in decided["entity"] if OFFICER in e["names"])["decision"] == "reject"
    assert next(e for e in decided["entity"] if VICTIM in e["names"])["pseudonym"] == "WX"
    assert by_id[other["id"]]["merge_into"] == kevin["id"]
    assert (by_id[victim["id"]]["split_off"], by_id[victim["id"]]["split_pseudonym"]) == (["Mrs Ashworth"], "Adult C")
    assert [(a["text"], a.get("kind")) for a in decided["add"]] == [(MISSED, "CUSTOM")]
    folder = case_toml.parent
    verify = subprocess.run(
        [sys.executable, "-m", "redactor", "verify", str(folder / "publication"), "--case", str(case_toml)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(server["root"].parent)},
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr

    # 14. No script error and no blocked resource on the page; nothing identifying in the server's output.
    problems = [
        e
        for e in page.events
        if e["method"] == "Runtime.exceptionThrown"
        or (e["method"] == "Log.entryAdded" and "Content Security Policy" in e["params"]["entry"].get("text", ""))
    ]
    assert problems == []
    origin = f"http://localhost:{server['port']}/"
    requested = {e["params"]["request"]["url"] for e in page.events if e["method"] == "Network.requestWillBeSent"}
    assert requested and all(url.startswith((origin, "data:")) for url in requested), requested  # nothing else is fetched
    logged = server["log"].read_text() + server["stdout"]
    for text in PLANTED + ("overview report", "interview notes"):
        assert text not in logged, text
    print(f"workspace flow: {time.monotonic() - began:.0f} s")


def _text_of(name: str, data: bytes) -> str:
    if name.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml"))
    return data.decode("utf-8")


def test_the_keyboard_reaches_the_main_controls_in_order_with_visible_focus(
    server: dict[str, Any], browser: Browser, shots: Path
) -> None:
    page = browser
    page.open(server["url"])
    page.wait_until("document.querySelector('a.case-link')", what="the case list")
    page.open(page.js("document.querySelector('a.case-link').href"))  # a fresh load: Tab starts at the top
    page.wait_until("document.getElementById('scan')", what="the case")
    page.js("document.activeElement.blur()")
    reached: list[str] = []
    for _ in range(80):
        page.key("Tab")
        focus = page.js(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.id || e.tagName.toLowerCase() + ':' + (e.textContent || '').trim().slice(0, 30),"
            " s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, e.matches(':focus-visible'),"
            " !!(e.labels && e.labels.length) || !!e.getAttribute('aria-label') || !!(e.textContent || '').trim()"
            " || e.tagName === 'SUMMARY']; })()"
        )
        reached.append(focus[0])
        assert focus[1] and focus[2], f"{focus[0]}: focus is not visible"
        assert focus[3], f"{focus[0]}: no label"
        if focus[0] == "scan":
            break
    # Each screen puts the focus on its heading, so Tab goes on from there; the skip link comes first on the page.
    assert page.js("document.activeElement.tagName") in ("A", "BUTTON", "INPUT")
    assert reached[0] == "a:2. Review", reached
    assert page.js("document.querySelector('a[href], button, input, select, textarea').textContent") == "Skip to the content"
    order = [reached.index(control) for control in ("upload", "add-person", "f-pdf", "save-case", "scan")]
    assert order == sorted(order), reached
    page.screenshot(shots / "10-keyboard-focus.png")
    # In the review, j moves to the next detection and the focus shows where it is.
    page.click("nav.steps a[href$='/review']")
    page.wait_until("document.querySelector('#docs mark.m')", what="the review")
    page.js("document.activeElement.blur()")
    page.key("j")
    focused = page.js("[document.activeElement.tagName, document.activeElement.classList.contains('selected')]")
    assert focused == ["MARK", True]
    # The filters: a kind switched off leaves its detections unhighlighted and out of j/k.
    page.click("#f-kind-PERSON")
    assert page.js("[...document.querySelectorAll('#docs mark.k-PERSON')].every(m => m.classList.contains('off'))")
    assert page.js("getComputedStyle(document.querySelector('#docs mark.k-PERSON')).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.js("[...document.querySelectorAll('#docs mark.k-PHONE_NUMBER')].every(m => !m.classList.contains('off'))")
    page.click("#f-kind-PERSON")
    _choose(page, "f-below", "90")
    scores_on = page.js("[...document.querySelectorAll('#docs mark.m:not(.off)')].length")
    scores_all = page.js("[...document.querySelectorAll('#docs mark.m')].length")
    assert 0 < scores_on < scores_all  # only the detections below 90% stay highlighted
    _choose(page, "f-below", "101")
    shortcuts = page.js("document.querySelector('#shortcuts dl').textContent")
    for key in ("reject", "rename", "merge", "split", "undo", "missed term"):
        assert key in shortcuts
    _shot(page, shots, "11-keyboard-review")
