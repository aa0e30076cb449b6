"""The workspace's security rules (``redactor serve``), each tried against the real app with
Starlette's TestClient: token, Host, Origin, headers, path confinement, upload limits, the log,
errors without tracebacks, and the refusal to listen on a non-loopback address."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import warnings
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from redactor.cli import app as cli_app
from redactor.serve.app import ApiError, check_zip, create_app
from redactor.serve.jobs import JobBusy, Jobs
from redactor.serve.security import CSP, cookie_name, name_problem
from redactor.serve.server import check_host, plan
from tests.conftest import serve_address_line

with warnings.catch_warnings():  # Starlette 1.10 prefers httpx2 for its test client; httpx (pinned) works the same
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

PORT = 8765
TOKEN = "test-token-" + "x" * 20
ORIGIN = f"http://127.0.0.1:{PORT}"
#: A name planted in uploaded documents and document names: it must never reach the log.
PLANTED = "Zebedee Quartermaine"


@pytest.fixture()
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # recent cases: not the user's
    folder = tmp_path / "cases"
    folder.mkdir()
    return folder


def _client(root: Path, *, cookie: bool = True, host: str = f"127.0.0.1:{PORT}") -> TestClient:
    client = TestClient(create_app(root=root, token=TOKEN, port=PORT), base_url=f"http://{host}", raise_server_exceptions=True)
    if cookie:
        client.cookies.set(cookie_name(PORT), TOKEN)
    return client


@pytest.fixture()
def client(root: Path) -> Iterator[TestClient]:
    with _client(root) as c:
        yield c


def _post(client: TestClient, url: str, body: Any) -> Any:
    return client.post(url, json=body, headers={"Origin": ORIGIN})


def _new_case(client: TestClient, name: str = "Case WX") -> str:
    response = _post(client, "/api/cases", {"name": name})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _upload(client: TestClient, case: str, name: str, data: bytes, **kw: Any) -> Any:
    headers = {"Origin": ORIGIN, "Content-Type": "application/octet-stream", **kw.pop("headers", {})}
    return client.put(f"/api/cases/{case}/documents/{name}", content=data, headers=headers, **kw)


# -- token --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/cases", "/static/workspace.js", "/api/kinds", "/api/cases/abc/review"])
def test_every_request_without_the_token_is_refused(root: Path, path: str) -> None:
    with _client(root, cookie=False) as client:
        response = client.get(path)
    assert response.status_code == 401
    assert "URL that 'redactor serve' printed" in response.json()["error"]


def test_a_wrong_cookie_is_refused(root: Path) -> None:
    with _client(root, cookie=False) as client:
        client.cookies.set(cookie_name(PORT), TOKEN[:-1] + "y")
        assert client.get("/api/cases").status_code == 401
        client.cookies.clear()
        client.cookies.set(cookie_name(PORT + 1), TOKEN)  # another server's cookie
        assert client.get("/api/cases").status_code == 401


def test_the_token_in_the_url_sets_a_strict_cookie_and_redirects_to_a_clean_address(root: Path) -> None:
    with _client(root, cookie=False) as client:
        assert client.get("/?token=wrong", follow_redirects=False).status_code == 403
        response = client.get(f"/?token={TOKEN}", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{cookie_name(PORT)}={TOKEN};")
        assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= {part.strip() for part in cookie.split(";")}
        client.cookies.set(cookie_name(PORT), TOKEN)
        page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


# -- Host (DNS rebinding) -----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1", "0.0.0.0:8765"])
def test_a_foreign_host_header_is_refused_even_with_the_token(root: Path, host: str) -> None:
    with _client(root) as client:
        response = client.get("/api/cases", headers={"Host": host})
    assert response.status_code == 403
    assert "only at the address it printed" in response.json()["error"]


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}"])
def test_the_loopback_host_names_are_taken(root: Path, host: str) -> None:
    with _client(root, host=host) as client:
        assert client.get("/api/cases").status_code == 200


# -- Origin (cross-site requests) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": f"http://127.0.0.1:{PORT + 1}"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {},
    ],
)
def test_a_state_change_from_another_origin_is_refused(client: TestClient, root: Path, headers: dict[str, str]) -> None:
    response = client.post("/api/cases", json={"name": "Made cross-site"}, headers=headers)
    assert response.status_code == 403
    assert "this workspace's own page" in response.json()["error"]
    assert list(root.iterdir()) == []  # nothing was created


@pytest.mark.parametrize("method", ["PUT", "DELETE", "POST"])
def test_put_and_delete_check_the_origin_too(client: TestClient, root: Path, method: str) -> None:
    case = _new_case(client)
    assert _upload(client, case, "notes.txt", b"Plain words only.\n").status_code == 201
    url = {
        "PUT": f"/api/cases/{case}/documents/other.txt",
        "DELETE": f"/api/cases/{case}/documents/notes.txt",
        "POST": f"/api/cases/{case}/decisions",
    }[method]
    response = client.request(method, url, content=b"x", headers={"Origin": "http://evil.example", "Content-Type": "text/plain"})
    assert response.status_code == 403
    docs = client.get(f"/api/cases/{case}").json()["documents"]
    assert [d["name"] for d in docs] == ["notes.txt"]


def test_a_json_request_over_its_limit_is_refused_before_it_is_read_whole(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(5):
            yield b"x" * (1 << 18)
        yield b'"}'

    response = client.post("/api/cases", content=chunks(), headers={"Origin": ORIGIN, "Content-Type": "application/json"})  # type: ignore[arg-type]
    assert response.status_code == 413


def test_same_origin_fetch_metadata_is_taken_without_an_origin(client: TestClient) -> None:
    response = client.post("/api/cases", json={"name": "Case by fetch"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 201


def test_json_routes_refuse_a_form_post(client: TestClient) -> None:
    response = client.post(
        "/api/cases", content=b"name=x", headers={"Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 415


# -- headers on every response ------------------------------------------------------------------


def _responses(root: Path) -> list[Any]:
    with _client(root) as client, _client(root, cookie=False) as anonymous:
        return [
            client.get("/"),
            client.get("/static/workspace.js"),
            client.get("/static/workspace.css"),
            client.get("/api/cases"),
            client.get("/api/nothing-here"),
            client.get("/api/cases/0123456789abcdef"),
            client.get("/api/cases", headers={"Host": "evil.example"}),
            client.post("/api/cases", json={"name": "x"}),  # no origin: 403
            client.post("/api/cases", content=b"{", headers={"Origin": ORIGIN, "Content-Type": "application/json"}),  # 400
            anonymous.get("/api/cases"),
            anonymous.get(f"/?token={TOKEN}", follow_redirects=False),
        ]


def test_every_response_carries_the_strict_headers(root: Path) -> None:
    responses = _responses(root)
    assert sorted({r.status_code for r in responses}) == [200, 303, 400, 401, 403, 404]
    for response in responses:
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-frame-options"] == "DENY"
        assert "server" not in response.headers
    assert "script-src 'self'" in CSP and "default-src 'none'" in CSP and "unsafe" not in CSP


def test_errors_are_json_without_a_traceback(root: Path) -> None:
    for response in _responses(root):
        if response.status_code >= 400:
            assert set(response.json()) <= {"error", "conflict"}
            assert "Traceback" not in response.text and 'File "' not in response.text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_has_no_inline_script_or_style_and_no_external_asset(client: TestClient) -> None:
    parser = _Tags()
    parser.feed(client.get("/").text)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts == [{"src": "/static/workspace.js", "defer": None}]
    assert not [tag for tag, _ in parser.tags if tag == "style"]
    for tag, attrs in parser.tags:
        assert "style" not in attrs, tag
        assert not [a for a in attrs if a.startswith("on")], tag
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not re.match(r"^(https?:)?//", value), value
    script = client.get("/static/workspace.js").text
    for unsafe in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "eval(",
        "new Function",
        "document.write",
        "http://",
        "https://",
    ):
        assert unsafe not in script


@pytest.mark.parametrize(
    "path", ["/static/review.js", "/static/..%2Fcli.py", "/static/%2E%2E/serve/app.py", "/static/workspace.html"]
)
def test_only_the_page_files_are_served_as_static(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text


# -- path confinement -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case_id",
    ["0123456789abcdef", "..", "..%2F..%2Fetc", "%2Fetc%2Fpasswd", "~", "%2E%2E", "cases", "case.toml"],
)
def test_a_case_id_is_never_a_path(client: TestClient, case_id: str) -> None:
    _new_case(client)
    response = client.get(f"/api/cases/{case_id}")
    assert response.status_code == 404
    assert "root" not in response.text and "passwd" not in response.text


@pytest.mark.parametrize(
    "name",
    [
        "..",
        "...txt",
        ".hidden.txt",
        "..%2F..%2Fescaped.txt",
        "%2Ftmp%2Fescaped.txt",
        "C:%5Cescaped.txt",
        "a%5C..%5Cescaped.txt",
        "a%00b.txt",
        "a%0Ab.txt",
        "report%E2%80%AEtxt.docx",  # right-to-left override: shows as "reportxcod.txt"
        "zero%E2%80%8Bwidth.txt",
        "cafe%CC%81.txt",  # decomposed accent (not NFC)
        "x" * 220 + ".txt",
        "notes.txt%20",
    ],
)
def test_odd_document_names_are_refused_and_nothing_escapes_the_case(client: TestClient, root: Path, name: str) -> None:
    case = _new_case(client)
    response = _upload(client, case, name, b"Plain words.\n")
    assert response.status_code in (400, 404, 405), response.text
    assert "error" in response.json()
    written = [p for p in root.parent.rglob("*") if p.is_file() and p.suffix == ".txt"]
    assert written == []


@pytest.mark.parametrize("name", ["evil.exe", "macro.docm", "notes", "report.pdf"])
def test_a_file_type_redactor_does_not_read_is_refused(client: TestClient, name: str) -> None:
    case = _new_case(client)
    response = _upload(client, case, name, b"MZ\x00\x00")
    assert response.status_code == 400
    assert client.get(f"/api/cases/{case}").json()["documents"] == []


def test_a_broken_word_file_is_refused_with_the_readers_message(client: TestClient) -> None:
    case = _new_case(client)
    response = _upload(client, case, "broken.docx", b"PK\x03\x04 not really a zip")
    assert response.status_code == 400
    assert "broken.docx" in response.json()["error"] or ".docx" in response.json()["error"]
    assert client.get(f"/api/cases/{case}").json()["documents"] == []


def test_a_password_protected_word_file_is_refused_as_the_cli_refuses_it(client: TestClient, tmp_path: Path) -> None:
    import msoffcrypto

    from tests.fixtures import docx_builder as b

    plain = b.write_package(tmp_path / "plain.docx", b.minimal_parts(b.para("Plain words.")))
    locked = io.BytesIO()
    with plain.open("rb") as source:
        msoffcrypto.OfficeFile(source).encrypt("Passw0rd", locked)
    case = _new_case(client)
    response = _upload(client, case, "locked.docx", locked.getvalue())
    assert response.status_code == 400 and "password-protected" in response.json()["error"]
    assert client.get(f"/api/cases/{case}").json()["documents"] == []
    assert _upload(client, case, "plain.docx", plain.read_bytes()).status_code == 201


@pytest.mark.parametrize(
    "kind", ["text/html", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/svg+xml", ""]
)
def test_an_upload_of_another_content_type_is_refused(client: TestClient, kind: str) -> None:
    case = _new_case(client)
    response = _upload(client, case, "notes.txt", b"Plain words.\n", headers={"Content-Type": kind})
    assert response.status_code == 415


def test_an_upload_over_the_size_limit_is_refused_without_reading_it_all(client: TestClient, root: Path) -> None:
    case = _new_case(client)
    response = _upload(client, case, "big.txt", b"", headers={"Content-Length": str(50 * 1024 * 1024 + 1)})
    assert response.status_code == 413


def test_a_streamed_upload_over_the_size_limit_is_refused(client: TestClient) -> None:
    case = _new_case(client)

    def chunks() -> Iterator[bytes]:
        block = b"word " * (1 << 18)  # 1.25 MiB
        for _ in range(41):
            yield block

    response = _upload(client, case, "big.txt", chunks())  # type: ignore[arg-type]
    assert response.status_code == 413
    assert client.get(f"/api/cases/{case}").json()["documents"] == []


def test_an_existing_document_is_replaced_only_when_asked(client: TestClient) -> None:
    case = _new_case(client)
    assert _upload(client, case, "notes.txt", b"First words.\n").status_code == 201
    again = _upload(client, case, "notes.txt", b"Second words.\n")
    assert again.status_code in (400, 409)
    assert _upload(client, case, "notes.txt", b"Second words.\n", params={"replace": "1"}).status_code == 201
    docs = client.get(f"/api/cases/{case}").json()["documents"]
    assert [(d["name"], d["size"]) for d in docs] == [("notes.txt", len(b"Second words.\n"))]


def test_removing_a_symlinked_document_never_touches_its_target(client: TestClient, root: Path, tmp_path: Path) -> None:
    case = _new_case(client)
    assert _upload(client, case, "notes.txt", b"Plain words.\n").status_code == 201
    outside = tmp_path / "outside.txt"
    outside.write_text("not the case's\n")
    folder = next(p for p in root.iterdir() if p.is_dir())
    docs_dir = next(p.parent for p in folder.rglob("notes.txt"))
    (docs_dir / "linked.txt").symlink_to(outside)
    names = [d["name"] for d in client.get(f"/api/cases/{case}").json()["documents"]]
    if "linked.txt" in names:
        client.delete(f"/api/cases/{case}/documents/linked.txt", headers={"Origin": ORIGIN})
    else:
        assert client.delete(f"/api/cases/{case}/documents/linked.txt", headers={"Origin": ORIGIN}).status_code == 404
    assert outside.read_text() == "not the case's\n"
    assert client.delete(f"/api/cases/{case}/documents/..%2Foutside.txt", headers={"Origin": ORIGIN}).status_code in (404, 405)
    assert client.delete(f"/api/cases/{case}/documents/missing.txt", headers={"Origin": ORIGIN}).status_code == 404
    assert outside.exists()


def test_a_redline_outside_the_case_or_symlinked_is_never_served(client: TestClient, root: Path, tmp_path: Path) -> None:
    case = _new_case(client)
    secret = tmp_path / "secret.redline.docx"
    secret.write_bytes(b"secret")
    folder = next(p for p in root.iterdir() if p.is_dir())
    (folder / "linked.redline.docx").symlink_to(secret)
    for name in ("linked.redline.docx", "secret.redline.docx", "..%2Fsecret.redline.docx", "case.key.json"):
        response = client.get(f"/api/cases/{case}/redline/{name}")
        assert response.status_code == 404, name
        assert b"secret" not in response.content


def test_case_names_are_checked_like_file_names(client: TestClient, root: Path) -> None:
    for name in ["../escape", "/tmp/escape", ".hidden", "a\u202eb", "", " ", "x" * 201]:
        response = _post(client, "/api/cases", {"name": name})
        assert response.status_code == 400, name
    assert list(root.iterdir()) == []
    assert not (root.parent / "escape").exists()


@pytest.mark.parametrize(
    ("name", "problem"),
    [("notes.txt", None), ("Överblick 2024.docx", None), ("a/b.txt", "path"), ("a\u200fb.txt", "invisible"), (".x", "dot")],
)
def test_name_problem(name: str, problem: str | None) -> None:
    found = name_problem(name)
    assert (found is None) if problem is None else (problem in (found or ""))


# -- case file: versioned writes ------------------------------------------------------------------


def test_a_case_edit_from_a_stale_page_is_refused_with_the_current_data(client: TestClient) -> None:
    case = _new_case(client)
    first = client.get(f"/api/cases/{case}").json()["case"]
    put = client.put(
        f"/api/cases/{case}/case", json={"changes": {"area": "Lewisham"}, "version": first["version"]}, headers={"Origin": ORIGIN}
    )
    assert put.status_code == 200, put.text
    assert put.json()["case"]["area"] == "Lewisham"
    stale = client.put(
        f"/api/cases/{case}/case", json={"changes": {"area": "Croydon"}, "version": first["version"]}, headers={"Origin": ORIGIN}
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["case"]["area"] == "Lewisham"
    assert client.get(f"/api/cases/{case}").json()["case"]["area"] == "Lewisham"


def test_decisions_without_a_scan_or_with_a_bad_op_are_refused_as_json(client: TestClient) -> None:
    case = _new_case(client)
    bad = _post(client, f"/api/cases/{case}/decisions", {"op": "explode", "version": "x"})
    assert bad.status_code == 400 and "'op' must be one of" in bad.json()["error"]
    no_version = _post(client, f"/api/cases/{case}/decisions", {"op": "undo"})
    assert no_version.status_code == 400


def test_scan_without_documents_says_what_to_do(client: TestClient) -> None:
    case = _new_case(client)
    response = _post(client, f"/api/cases/{case}/scan", {})
    assert response.status_code == 400 and "no documents yet" in response.json()["error"]


# -- the log ----------------------------------------------------------------------------------------


def test_the_log_holds_route_templates_never_document_names_or_text(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    case = _new_case(client)
    name = f"{PLANTED} statement.txt"
    assert _upload(client, case, name, f"{PLANTED} rang 07700 900123 from Brockley Rise.\n".encode()).status_code == 201
    client.get(f"/api/cases/{case}")
    _upload(client, case, f"{PLANTED}.exe", b"MZ")  # refused: its message names the file, the log must not
    client.delete(f"/api/cases/{case}/documents/{name}", headers={"Origin": ORIGIN})
    client.get(f"/api/cases/{case}/redline/{PLANTED}.redline.docx")
    server = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]  # those are the test's client
    text = "\n".join(f"{r.name} {r.getMessage()}" for r in server)
    assert "PUT /api/cases/{case}/documents/{name} 201" in text
    assert "DELETE /api/cases/{case}/documents/{name} 200" in text
    assert "Zebedee" not in text and "Quartermaine" not in text and "07700" not in text and case not in text


# -- jobs: one per case, failures without identifier text ---------------------------------------------


def test_one_job_per_case_at_a_time_and_its_progress() -> None:
    jobs = Jobs()
    release = threading.Event()
    seen: list[str] = []

    def work(progress: Any) -> dict[str, Any]:
        tick = progress("Reading", 2)
        tick()
        seen.append("ticked")
        release.wait(30)
        tick()
        return {"n": 1}

    job = jobs.start("case-a", "scan", work)
    with pytest.raises(JobBusy, match="already running"):
        jobs.start("case-a", "publish", work)
    other = jobs.start("case-b", "scan", lambda progress: {"n": 2})
    release.set()
    for started in (job, other):
        while jobs.get(started.id).view()["state"] == "running":  # type: ignore[union-attr]
            threading.Event().wait(0.01)
    assert job.view() | {"id": "", "case": ""} == {
        "id": "",
        "case": "",
        "kind": "scan",
        "state": "done",
        "step": "Finished",
        "done": 2,
        "total": 2,
        "message": "",
        "result": {"n": 1},
    }
    assert jobs.running("case-a") is None
    jobs.start("case-a", "publish", lambda progress: {})  # free again


def test_a_job_that_breaks_says_so_without_the_exceptions_text(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    jobs = Jobs()

    def work(progress: Any) -> dict[str, Any]:
        raise ValueError(f"cannot parse {PLANTED}")

    job = jobs.start("case-a", "publish", work)
    while job.view()["state"] == "running":
        threading.Event().wait(0.01)
    view = job.view()
    assert view["state"] == "failed" and "internal error (ValueError)" in view["message"]
    assert PLANTED not in json.dumps(view) and PLANTED not in caplog.text
    assert jobs.running("case-a") is None


# -- the publication zip --------------------------------------------------------------------------------


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name",
    [
        "case.key.json",
        "report.redline.docx",
        "case.decisions.toml",
        "review/review.json",
        "review.html",
        "audit.jsonl",
        "case.toml",
        "sub/.case.key.json.lock",
    ],
)
def test_a_zip_holding_a_sensitive_file_is_never_sent(name: str) -> None:
    with pytest.raises(ApiError, match="not for publication"):
        check_zip(_zip("report.docx", name))


def test_a_zip_of_outputs_and_the_statement_passes() -> None:
    check_zip(_zip("report.docx", "report.pdf", "notes.txt", "redaction-statement.md", "redaction-statement.html"))


# -- the address it listens on ------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_need_no_flag(host: str) -> None:
    assert check_host(host, allow_remote=False) == (host, None)


def test_the_default_address_is_loopback() -> None:
    assert check_host(None, allow_remote=False) == ("127.0.0.1", None)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_a_non_loopback_address_is_refused_without_allow_remote(host: str) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--host", host])
    assert result.exit_code == 2
    assert "listens on this computer only" in result.output and "--allow-remote" in result.output
    assert "Traceback" not in result.output


def test_allow_remote_needs_a_host() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--allow-remote"])
    assert result.exit_code == 2 and "--allow-remote needs --host" in result.output


def test_a_non_loopback_address_with_allow_remote_warns(tmp_path: Path) -> None:
    start, warning = plan(tmp_path, host="0.0.0.0", port=9, allow_remote=True)
    assert start.host == "0.0.0.0" and warning is not None and "not encrypted" in warning


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_prints_the_url_with_its_token_and_the_remote_warning(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "HOME": str(tmp_path)}
    args = [
        sys.executable,
        "-m",
        "redactor",
        "serve",
        str(tmp_path / "cases"),
        "--port",
        str(port),
        "--no-browser",
        "--host",
        "0.0.0.0",
        "--allow-remote",
    ]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, cwd=Path(__file__).parent.parent
    )
    try:
        line = serve_address_line(proc)
        assert re.search(rf"http://0\.0\.0\.0:{port}/\?token=[\w-]{{40,}}", line)
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert "warning: listening on 0.0.0.0" in err and "not encrypted" in err
    assert (tmp_path / "cases").is_dir()


def test_a_port_in_use_is_refused_with_a_clear_message() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--port", str(port)])
    assert result.exit_code == 2
    assert f"--port {port}: cannot listen there" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("host", "url_host"), [("127.0.0.1", "localhost"), ("::1", "[::1]"), ("127.0.0.2", "127.0.0.2")])
def test_the_printed_address_names_the_host_the_guard_accepts(tmp_path: Path, host: str, url_host: str) -> None:
    start, _warning = plan(tmp_path, host=host, port=None, allow_remote=False)
    assert start.url.startswith(f"http://{url_host}:{start.port}/?token=")
    app = create_app(root=tmp_path, token=start.token, port=start.port, hosts=start.hosts)
    with TestClient(app, base_url=f"http://{url_host}:{start.port}") as client:
        client.cookies.set(cookie_name(start.port), start.token)
        assert client.get("/api/kinds").status_code == 200


def test_serve_opens_the_browser_at_the_printed_url(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    recorder = tmp_path / "browser.py"
    recorder.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    port = _free_port()
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "HOME": str(tmp_path),
        "BROWSER": f"{sys.executable} {recorder} %s",
        "DISPLAY": "",
    }
    args = [sys.executable, "-m", "redactor", "serve", str(tmp_path / "cases"), "--port", str(port)]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True, cwd=Path(__file__).parent.parent
    )
    try:
        line = serve_address_line(proc)
        url = line.strip()
        deadline = time.monotonic() + 30
        while not (opened.exists() and opened.read_text()):
            assert time.monotonic() < deadline, "the browser was never opened"
            time.sleep(0.05)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    assert opened.read_text() == url == f"http://localhost:{port}/?token={url.rsplit('=', 1)[1]}"
