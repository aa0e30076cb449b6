"""The workspace's runs through its HTTP API with the spaCy model: scan, decisions from two tabs,
publish, the zip, the log, and a server killed mid-publish."""

from __future__ import annotations

import io
import logging
import os
import re
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from redactor.serve.app import create_app
from redactor.serve.security import cookie_name
from tests.conftest import ROOT, serve_address_line

with warnings.catch_warnings():  # Starlette 1.10 prefers httpx2 for its test client; httpx (pinned) works the same
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

pytestmark = pytest.mark.model

PORT = 8766
ORIGIN = f"http://127.0.0.1:{PORT}"
NAMES = ("Wilhelmina Ashcombe", "Torvald Brackenridge")
TEXT = (
    f"{NAMES[0]} told the officer that {NAMES[1]} rang her on 07700 900987.\n\n"
    f"Later {NAMES[1]} said {NAMES[0]} had moved to Lowther Street.\n"
)


@pytest.fixture()
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = create_app(root=tmp_path / "cases", token="tok", port=PORT)
    with TestClient(app, base_url=ORIGIN) as c:
        c.cookies.set(cookie_name(PORT), "tok")
        yield c


def _wait(client: Any, job: str) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while True:
        view: dict[str, Any] = client.get(f"/api/jobs/{job}").json()
        if view["state"] != "running":
            return view
        assert time.monotonic() < deadline, "the job never finished"
        time.sleep(0.1)


def _scanned_case(client: Any) -> str:
    case = client.post("/api/cases", json={"name": "Case RT"}, headers={"Origin": ORIGIN}).json()["id"]
    headers = {"Origin": ORIGIN, "Content-Type": "text/plain"}
    assert (
        client.put(f"/api/cases/{case}/documents/{NAMES[0]} notes.txt", content=TEXT.encode(), headers=headers).status_code == 201
    )
    job = client.post(f"/api/cases/{case}/scan", headers={"Origin": ORIGIN}).json()["job"]
    done = _wait(client, job)
    assert done["state"] == "done", done["message"]
    assert done["result"]["entities"] >= 2
    return str(case)


def _decide(client: Any, case: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/cases/{case}/decisions", json=body, headers={"Origin": ORIGIN})


def test_a_decision_from_a_stale_tab_is_refused_and_the_current_decisions_come_back(client: TestClient) -> None:
    case = _scanned_case(client)
    seen = client.get(f"/api/cases/{case}/review").json()
    entity = next(e for e in seen["review"]["entities"] if e["kind"] == "PERSON")["id"]
    first = _decide(
        client, case, {"op": "entity", "entity": entity, "pseudonym": "Adult B", "version": seen["decisions"]["version"]}
    )
    assert first.status_code == 200
    stale = _decide(
        client, case, {"op": "entity", "entity": entity, "decision": "reject", "version": seen["decisions"]["version"]}
    )
    assert stale.status_code == 409 and stale.json()["conflict"] is True
    current = stale.json()["decisions"]
    assert current["version"] == first.json()["version"]
    assert next(e for e in current["entities"] if e["id"] == entity) | {"mentions": None} == next(
        e for e in first.json()["entities"] if e["id"] == entity
    ) | {"mentions": None}
    assert next(e for e in current["entities"] if e["id"] == entity)["decision"] == "accept"  # the stale reject was not written


def test_publish_zip_and_log_hold_no_sensitive_file_and_no_name(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    case = _scanned_case(client)
    job = client.post(f"/api/cases/{case}/publish", json={"redline": True}, headers={"Origin": ORIGIN}).json()["job"]
    done = _wait(client, job)
    assert done["state"] == "done", done["message"]
    assert done["result"]["verify"]["findings"] == []
    assert [f["status"] for f in done["result"]["files"]] == ["done"]
    view = client.get(f"/api/cases/{case}").json()
    assert view["published"] and view["scanned"] and len(view["redlines"]) == 1
    response = client.get(f"/api/cases/{case}/publication.zip")
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        members = archive.namelist()
        published = b"".join(archive.read(n) for n in members).decode("utf-8", "replace")
    assert sorted(members) == ["Person A notes.txt", "redaction-statement.html", "redaction-statement.md"] or all(
        NAMES[0] not in m for m in members
    )
    for sensitive in ("key.json", "redline", "review", "decisions", "audit.jsonl", "case.toml"):
        assert not [m for m in members if sensitive in m], sensitive
    for name in NAMES:
        for part in name.split():
            assert part not in published
    redline = client.get(f"/api/cases/{case}/redline/{view['redlines'][0]}")
    assert redline.status_code == 200 and "NOT-FOR-PUBLICATION" in redline.headers["content-disposition"]
    server_log = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records if not r.name.startswith(("httpx", "httpcore")))
    assert "POST /api/cases/{case}/publish 202" in server_log
    for name in NAMES:
        for part in name.split():
            assert part not in server_log, part


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(root: Path, home: Path, port: int) -> tuple[subprocess.Popen[str], httpx.Client]:
    env = {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / "state")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "redactor", "serve", str(root), "--port", str(port), "--no-browser"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = serve_address_line(proc)
    token = re.search(r"token=([\w-]+)", line).group(1)  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    client = httpx.Client(base_url=base, headers={"Origin": base}, cookies={cookie_name(port): token}, timeout=60)
    return proc, client


def test_a_server_killed_mid_publish_leaves_only_whole_outputs_and_the_next_publish_completes(tmp_path: Path) -> None:
    home, root = tmp_path / "home", tmp_path / "home" / "cases"
    port = _free_port()
    proc, client = _start(root, home, port)
    try:
        case = client.post("/api/cases", json={"name": "Case K"}).json()["id"]
        for n in range(6):
            body = (TEXT * 40).encode()
            uploaded = client.put(
                f"/api/cases/{case}/documents/notes {n}.txt", content=body, headers={"Content-Type": "text/plain"}
            )
            assert uploaded.status_code == 201
        out = next(p for p in root.iterdir() if (p / "case.toml").is_file()) / "publication"
        job = client.post(f"/api/cases/{case}/publish", json={}).json()["job"]
        while not list(out.glob("notes *.txt")) and client.get(f"/api/jobs/{job}").json()["state"] == "running":
            time.sleep(0.005)  # kill it once the first output is published, or at its end
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # a crash: no clean-up runs
        proc.communicate(timeout=30)
        client.close()
    whole = sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []
    for name in whole:
        if name.endswith(".txt"):
            text = (out / name).read_text("utf-8")
            assert text.count("\n") == (TEXT * 40).count("\n")  # complete, never cut short
            assert NAMES[0] not in text
    # Started again, the same case publishes in full; nothing partial is left.
    proc, client = _start(root, home, _free_port())
    try:
        case = client.get("/api/cases").json()["cases"][0]["id"]
        job = client.post(f"/api/cases/{case}/publish", json={}).json()["job"]
        deadline = time.monotonic() + 180
        while (view := client.get(f"/api/jobs/{job}").json())["state"] == "running":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert view["state"] == "done", view["message"]
        assert view["result"]["verify"]["findings"] == []
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
        client.close()
    names = sorted(p.name for p in out.iterdir())
    assert [n for n in names if n.startswith(".redactor-") and not n.startswith(".redactor-audit-")] == []
    assert [n for n in names if n.endswith(".txt")] == [f"notes {n}.txt" for n in range(6)]
