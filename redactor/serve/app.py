"""The workspace's routes: a Starlette app over ``workspace.CaseFolder`` (which runs ``case_runs``).

Every route answers JSON (the page, its script and style aside); a user error is
``{"error": message}`` with a 4xx status and never a traceback; our messages carry no identifier
text. Case ids are opaque (a keyed hash of the folder), never paths; document names are checked
by ``security.name_problem`` and must name a document of the case to be removed or downloaded.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route

from redactor.errors import RedactorError
from redactor.lock import CaseBusy
from redactor.serve.jobs import JobBusy, Jobs, Progress
from redactor.serve.security import ASGIApp, Guard, Scope, name_problem
from redactor.statement import statement_path

log = logging.getLogger("redactor.serve")

#: Largest upload taken (the workspace's own limit says the same).
MAX_UPLOAD = 50 * 1024 * 1024
#: Largest JSON request taken (a case file's changes, a decision).
MAX_JSON = 1024 * 1024
#: Upload content types taken: what a browser or the page sends for a Word, text or Markdown file.
UPLOAD_TYPES = frozenset({
    "application/octet-stream",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
})
#: Names never allowed in a publication zip (sensitive files of a case), checked before sending.
_NOT_PUBLIC_SUFFIXES = (
    ".key.json", ".redline.docx", ".decisions.toml", ".toml", "review.json", "review.html", "audit.jsonl", ".lock",
)
#: The page's files, served from the package only.
STATIC = {"workspace.js": "text/javascript; charset=utf-8", "workspace.css": "text/css; charset=utf-8"}


class ApiError(Exception):
    """A refusal the page shows: status and message (no identifier text)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.extra = extra


def _workspace() -> Any:
    import importlib

    return importlib.import_module("redactor.workspace")


@dataclass
class Cases:
    """The cases this server knows, by opaque id: the workspace root's case folders, the recent
    cases and the one opened on the command line."""

    root: Path
    opened: Path | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    _paths: dict[str, Path] = field(default_factory=dict)

    def id_of(self, path: Path) -> str:
        path = path.resolve()
        case_id = hmac.new(self.secret, str(path).encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()[:16]
        self._paths[case_id] = path
        return case_id

    def known(self) -> list[Path]:
        """Every case folder known now: opened first, then the recent ones, then the root's."""
        found: list[Path] = []
        candidates: list[Path] = [self.opened] if self.opened is not None else []
        candidates += list(_workspace().recent_cases())
        if self.root.is_dir():
            candidates += sorted(p for p in self.root.iterdir() if p.is_dir() and not p.is_symlink())
        for path in candidates:
            resolved = path.resolve()
            if (resolved / "case.toml").is_file() and resolved not in found:
                found.append(resolved)
        return found

    def path(self, case_id: str) -> Path:
        """The folder of ``case_id``.

        Raises:
            ApiError: 404, no such case (ids are only those this server gave out).
        """
        if case_id not in self._paths:
            for known in self.known():
                self.id_of(known)
        found = self._paths.get(case_id)
        if found is None or not (found / "case.toml").is_file():
            raise ApiError(404, "no such case here; go back to the list of cases")
        return found


def _document_json(info: Any) -> dict[str, Any]:
    return {"name": info.name, "size": info.size, "kind": info.kind, "modified": info.modified}


def _scanned(folder: Any) -> bool:
    return bool((Path(folder.review_dir) / "review.json").is_file())


def _published(folder: Any) -> bool:
    return statement_path(Path(folder.publication_dir)).is_file()


def _file_reports(reports: Any) -> list[dict[str, Any]]:
    rows = []
    for report in reports:
        output = report.output
        rows.append({
            "name": report.name, "status": report.status, "reason": report.reason,
            "output": output.name if output else "", "words": output.words if output else None,
            "edits": output.edits if output else None, "notes": list(output.notes) if output else [],
        })
    return rows


def scan_json(result: Any) -> dict[str, Any]:
    """A scan's result for the page (counts and file names, no identifier text)."""
    return {
        "files": _file_reports(result.reports), "entities": result.entities, "mentions": result.mentions,
        "uncertain": result.uncertain, "checks": result.checks, "seconds": round(result.seconds, 1),
        "unmatched": len(result.unmatched),
    }


def verify_json(result: Any) -> dict[str, Any]:
    """A verification for the page: where and what kind, never the words around a finding."""
    return {
        "files": result.files,
        "findings": [
            {"document": f.document, "location": f.location, "kind": f.kind, "source": f.source, "hash": f.hash}
            for f in result.findings
        ],
    }


def redact_json(result: Any) -> dict[str, Any]:
    """A publication run's result for the page (the CLI's table and summary)."""
    return {
        "files": _file_reports(result.reports),
        "counts": dict(result.counts), "entities": result.entities, "words": result.words,
        "seconds": round(result.seconds, 1), "unmatched": len(result.unmatched), "area": result.area or "",
        "area_source": result.area_source, "decisions": result.decisions,
        "pdfs": [{"document": p.document, "name": p.name, "pages": p.pages, "problem": p.problem} for p in result.pdfs],
    }


def check_zip(data: bytes) -> None:
    """Refuse a publication zip holding a sensitive file of the case (key, redline, review data,
    decisions, case file, audit log): a second check behind ``CaseFolder.publication_zip``.

    Raises:
        ApiError: 500, such a file is in the zip.
    """
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in archive.namelist():
            base = name.rsplit("/", 1)[-1].lower()
            if base.endswith(_NOT_PUBLIC_SUFFIXES) or base.startswith("."):
                raise ApiError(
                    500, "the publication zip would hold a file that is not for publication; nothing was sent. Please report it."
                )


def _text(body: dict[str, Any], key: str, *, required: bool = True, limit: int = 2000) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise ApiError(400, f"'{key}' must be a text of at most {limit} characters")
    return value


async def _read_capped(request: Request, limit: int, message: str) -> bytes:
    """Read the request body, refusing it (413) as soon as it passes ``limit`` bytes, whatever
    its Content-Length says."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise ApiError(413, message)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, message)
        chunks.append(chunk)
    return b"".join(chunks)


async def _body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise ApiError(415, "send JSON (Content-Type: application/json)")
    raw = await _read_capped(request, MAX_JSON, "the request is too large")
    try:
        body = json.loads(raw or b"{}")
    except ValueError as err:
        raise ApiError(400, "the request is not valid JSON") from err
    if not isinstance(body, dict):
        raise ApiError(400, "the request must be a JSON object")
    return body


Handler = Callable[[Request], Awaitable[Response]]


def _answers(handler: Handler) -> Handler:
    """Turn refusals into JSON ``{error}`` responses; an unexpected exception into a 500 naming only its class."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as error:
            return JSONResponse({"error": str(error), **error.extra}, status_code=error.status)
        except (JobBusy, CaseBusy) as error:
            return JSONResponse({"error": str(error)}, status_code=409)
        except RedactorError as error:
            workspace = _workspace()
            if isinstance(error, workspace.Conflict):
                return JSONResponse({"error": str(error), "conflict": True}, status_code=409)
            if isinstance(error, workspace.CaseInUse):
                return JSONResponse({"error": str(error)}, status_code=409)
            return JSONResponse({"error": str(error)}, status_code=400)
        except Exception as error:  # noqa: BLE001  # its text may hold names: only the class is said
            log.error("internal error (%s)", type(error).__name__)
            message = f"internal error ({type(error).__name__}); nothing was changed by it. Please report it."
            return JSONResponse({"error": message}, status_code=500)

    wrapped.__name__ = handler.__name__
    return wrapped


class Workspace:
    """The routes, over the cases this server knows and its jobs."""

    def __init__(self, cases: Cases) -> None:
        self.cases = cases
        self.jobs = Jobs()

    def folder(self, request: Request) -> tuple[str, Any]:
        case_id = request.path_params["case"]
        path = self.cases.path(case_id)
        return case_id, _workspace().CaseFolder.open(path)

    # -- the page -------------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        html = resources.files("redactor").joinpath("assets", "workspace.html").read_bytes()
        return Response(html, media_type="text/html; charset=utf-8")

    async def static(self, request: Request) -> Response:
        name = request.path_params["file"]
        if name not in STATIC:
            raise ApiError(404, "no such file")
        data = resources.files("redactor").joinpath("assets", name).read_bytes()
        return Response(data, media_type=STATIC[name])

    async def kinds(self, request: Request) -> Response:
        from redactor.document import kind_name
        from redactor.policy import DEFAULTS

        rows = [
            {
                "kind": label.value, "name": kind_name(label), "default": rule.action, "allowed": list(rule.allowed),
                "reason": rule.reason,
            }
            for label, rule in DEFAULTS.items()
        ]
        return JSONResponse({"kinds": rows})

    # -- cases ----------------------------------------------------------------------------------

    def _summary(self, path: Path) -> dict[str, Any]:
        folder = _workspace().CaseFolder.open(path)
        case_id = self.cases.id_of(path)
        return {
            "id": case_id, "name": folder.case_data().get("name", ""), "documents": len(folder.documents()),
            "scanned": _scanned(folder), "published": _published(folder), "opened": path == self.cases.opened,
        }

    async def list_cases(self, request: Request) -> Response:
        def work() -> list[dict[str, Any]]:
            rows = []
            for path in self.cases.known():
                try:
                    rows.append(self._summary(path))
                except RedactorError:
                    continue  # a broken case folder is not listed; the CLI says what is wrong with it
            return rows

        return JSONResponse({"cases": await run_in_threadpool(work), "root": str(self.cases.root)})

    async def create_case(self, request: Request) -> Response:
        body = await _body(request)
        name = _text(body, "name", limit=200) or ""
        name = name.strip()
        problem = name_problem(name)
        if problem:
            raise ApiError(400, f"case name: {problem}")

        def work() -> dict[str, Any]:
            workspace = _workspace()
            self.cases.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            folder = workspace.CaseFolder.create(self.cases.root, name)
            workspace.remember_case(Path(folder.path))
            return self._summary(Path(folder.path))

        return JSONResponse(await run_in_threadpool(work), status_code=201)

    def _case_view(self, case_id: str, folder: Any) -> dict[str, Any]:
        job = self.jobs.running(case_id)
        return {
            "id": case_id, "case": folder.case_data(), "documents": [_document_json(d) for d in folder.documents()],
            "scanned": _scanned(folder), "published": _published(folder), "job": job.view() if job else None,
            "redlines": [p.name for p in folder.redline_paths()],
            "has_key": Path(folder.key_path).exists(),  # the case's name is then fixed (the key belongs to it)
        }

    async def get_case(self, request: Request) -> Response:
        def work() -> dict[str, Any]:
            case_id, folder = self.folder(request)
            _workspace().remember_case(Path(folder.path))
            return self._case_view(case_id, folder)

        return JSONResponse(await run_in_threadpool(work))

    async def put_case(self, request: Request) -> Response:
        body = await _body(request)
        version = _text(body, "version", limit=100)
        changes = body.get("changes")
        if not isinstance(changes, dict):
            raise ApiError(400, "'changes' must be an object of the case's fields")

        def work() -> dict[str, Any]:
            case_id, folder = self.folder(request)
            try:
                folder.update_case(changes, version=version)
            except _workspace().Conflict as error:
                raise ApiError(409, str(error), conflict=True, current=self._case_view(case_id, folder)) from error
            return self._case_view(case_id, folder)

        return JSONResponse(await run_in_threadpool(work))

    # -- documents ------------------------------------------------------------------------------

    async def put_document(self, request: Request) -> Response:
        name = request.path_params["name"]
        problem = name_problem(name)
        if problem:
            raise ApiError(400, f"document name: {problem}")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in UPLOAD_TYPES:
            raise ApiError(415, "upload a Word document (.docx), a text file (.txt) or Markdown (.md) as a file")
        data = await _read_capped(
            request, MAX_UPLOAD, f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB; split it or remove pictures"
        )
        replace = request.query_params.get("replace") == "1"

        def work() -> dict[str, Any]:
            case_id, folder = self.folder(request)
            self._refuse_while_running(case_id)
            info = folder.add_document(name, data, replace=replace)
            return _document_json(info)

        return JSONResponse(await run_in_threadpool(work), status_code=201)

    def _refuse_while_running(self, case_id: str) -> None:
        job = self.jobs.running(case_id)
        if job is not None:
            raise ApiError(409, f"a {job.kind} is running for this case; change its documents when it has finished")

    async def delete_document(self, request: Request) -> Response:
        name = request.path_params["name"]

        def work() -> dict[str, Any]:
            case_id, folder = self.folder(request)
            self._refuse_while_running(case_id)
            if name not in {d.name for d in folder.documents()}:
                raise ApiError(404, "no such document in this case")
            folder.remove_document(name)
            return self._case_view(case_id, folder)

        return JSONResponse(await run_in_threadpool(work))

    # -- jobs -----------------------------------------------------------------------------------

    async def scan(self, request: Request) -> Response:
        case_id, folder = await run_in_threadpool(self.folder, request)
        if not folder.document_paths():
            raise ApiError(400, "the case has no documents yet; add a .docx, .txt or .md file first")

        def work(progress: Progress) -> dict[str, Any]:
            # workers=1: in this process, so the spaCy model loaded by the first job serves the next ones
            return scan_json(folder.scan(workers=1, progress=progress))

        job = self.jobs.start(case_id, "scan", work)
        return JSONResponse({"job": job.id}, status_code=202)

    async def publish(self, request: Request) -> Response:
        body = await _body(request)
        case_id, folder = await run_in_threadpool(self.folder, request)
        if not folder.document_paths():
            raise ApiError(400, "the case has no documents yet; add a .docx, .txt or .md file first")
        pdf, redline = body.get("pdf"), body.get("redline", False)
        if pdf is not None and not isinstance(pdf, bool) or not isinstance(redline, bool):
            raise ApiError(400, "'pdf' and 'redline' must be true or false")

        def work(progress: Progress) -> dict[str, Any]:
            done = redact_json(folder.publish(pdf=bool(pdf), redline=redline, workers=1, progress=progress))
            progress("Verifying the publication folder", 1)()
            done["verify"] = verify_json(folder.verify())
            return done

        job = self.jobs.start(case_id, "publish", work)
        return JSONResponse({"job": job.id}, status_code=202)

    async def job(self, request: Request) -> Response:
        job = self.jobs.get(request.path_params["job"])
        if job is None:
            raise ApiError(404, "no such job (the server may have restarted); reload the page")
        return JSONResponse(job.view())

    # -- review and decisions -------------------------------------------------------------------

    async def review(self, request: Request) -> Response:
        def work() -> dict[str, Any]:
            _case_id, folder = self.folder(request)
            return {"review": folder.review_data(), "decisions": folder.decisions_data()}

        return JSONResponse(await run_in_threadpool(work))

    async def decide(self, request: Request) -> Response:
        body = await _body(request)
        op = body.get("op")
        version = _text(body, "version", limit=100)

        def work() -> dict[str, Any]:
            _case_id, folder = self.folder(request)
            try:
                return _decide(folder, op, version or "", body)
            except _workspace().Conflict as error:
                raise ApiError(409, str(error), conflict=True, decisions=folder.decisions_data()) from error

        return JSONResponse(await run_in_threadpool(work))

    # -- publication ----------------------------------------------------------------------------

    async def verify(self, request: Request) -> Response:
        def work() -> dict[str, Any]:
            _case_id, folder = self.folder(request)
            if not _published(folder):
                raise ApiError(404, "nothing is published yet; publish first")
            return verify_json(folder.verify())

        return JSONResponse(await run_in_threadpool(work))

    async def audit(self, request: Request) -> Response:
        """The audit check of the publication folder (``redactor audit check``) as data."""
        from redactor.audit_chain import check_chain

        def work() -> dict[str, Any]:
            _case_id, folder = self.folder(request)
            if not _published(folder):
                raise ApiError(404, "nothing is published yet; publish first")
            report = check_chain(Path(folder.publication_dir))
            return {
                "intact": report.intact, "lines": report.lines, "runs": report.runs, "head": report.head,
                "unchained": report.unchained, "problems": [str(p) for p in report.problems],
            }

        return JSONResponse(await run_in_threadpool(work))

    async def statement(self, request: Request) -> Response:
        def work() -> dict[str, Any]:
            _case_id, folder = self.folder(request)
            path = statement_path(Path(folder.publication_dir))
            if not path.is_file():
                raise ApiError(404, "nothing is published yet; publish first")
            return {"text": path.read_text("utf-8")}

        return JSONResponse(await run_in_threadpool(work))

    async def publication_zip(self, request: Request) -> Response:
        def work() -> bytes:
            _case_id, folder = self.folder(request)
            if not _published(folder):
                raise ApiError(404, "nothing is published yet; publish first")
            data: bytes = folder.publication_zip()
            check_zip(data)
            return data

        data = await run_in_threadpool(work)
        headers = {"content-disposition": 'attachment; filename="publication.zip"'}
        return Response(data, media_type="application/zip", headers=headers)

    async def redline(self, request: Request) -> Response:
        name = request.path_params["name"]

        def work() -> bytes:
            _case_id, folder = self.folder(request)
            base = Path(folder.path).resolve()
            for path in folder.redline_paths():
                path = Path(path)
                if path.name == name:
                    if path.is_symlink() or path.resolve().parent != base or not path.is_file():
                        raise ApiError(404, "no such redline in this case")
                    return path.read_bytes()
            raise ApiError(404, "no such redline in this case")

        data = await run_in_threadpool(work)
        filename = f"NOT-FOR-PUBLICATION-{name}"
        disposition = f"attachment; filename=\"NOT-FOR-PUBLICATION.redline.docx\"; filename*=UTF-8''{quote(filename)}"
        headers = {"content-disposition": disposition}
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return Response(data, media_type=media, headers=headers)


def _decide(folder: Any, op: Any, version: str, body: dict[str, Any]) -> dict[str, Any]:
    """Apply one decision through the workspace and return the decisions as they now are."""
    if op == "entity":
        entity = _text(body, "entity", limit=100) or ""
        split = body.get("split_off")
        if split is not None and (not isinstance(split, list) or not all(isinstance(s, str) and s for s in split)):
            raise ApiError(400, "'split_off' must be a list of names")
        decision = _text(body, "decision", required=False, limit=20)
        if decision not in (None, "accept", "reject"):
            raise ApiError(400, "'decision' must be 'accept' or 'reject'")
        return dict(folder.decide_entity(
            entity, version=version, decision=decision, pseudonym=_text(body, "pseudonym", required=False, limit=200),
            merge_into=_text(body, "merge_into", required=False, limit=100), split_off=split,
            split_pseudonym=_text(body, "split_pseudonym", required=False, limit=200),
        ))
    if op == "mention":
        decision = _text(body, "decision", limit=20)
        return dict(folder.decide_mention(
            _text(body, "document", limit=400), _text(body, "text"), _text(body, "kind", limit=60), decision, version=version
        ))
    if op == "add":
        return dict(folder.add_term(
            _text(body, "text", limit=500), _text(body, "kind", limit=60), version=version,
            pseudonym=_text(body, "pseudonym", required=False, limit=200),
        ))
    if op == "remove-add":
        return dict(folder.remove_term(_text(body, "text", limit=500), version=version))
    if op == "object":
        return dict(folder.decide_object(
            _text(body, "document", limit=400), _text(body, "part", limit=400), _text(body, "sha256", limit=64),
            _text(body, "decision", limit=20), version=version,
        ))
    if op == "undo":
        return dict(folder.undo(version=version))
    raise ApiError(400, "'op' must be one of entity, mention, add, remove-add, object, undo")


def _route_of(routes: list[Route]) -> Callable[[Scope], str]:
    def route_of(scope: Scope) -> str:
        for route in routes:
            match, _child = route.matches(scope)
            if match == Match.FULL:
                return route.path
        return "(no route)"

    return route_of


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    message = "no such address in this workspace" if status in (404, 405) else "the request was refused"
    return JSONResponse({"error": message}, status_code=status)


def create_app(*, root: Path, token: str, port: int, opened: Path | None = None, hosts: tuple[str, ...] = ()) -> ASGIApp:
    """Build the workspace app behind its guard.

    Args:
        root: the folder new cases are created in (``~/redactor-cases`` by default).
        token: the random token the printed URL carries.
        port: the port it listens on (Host and Origin must name it).
        opened: the case folder named on the command line, if any.
        hosts: other host names allowed (``--host`` with ``--allow-remote``).
    """
    ws = Workspace(Cases(root=root.expanduser().resolve(), opened=opened.resolve() if opened else None))
    r = _answers
    routes = [
        Route("/", r(ws.page), methods=["GET"]),
        Route("/static/{file}", r(ws.static), methods=["GET"]),
        Route("/api/kinds", r(ws.kinds), methods=["GET"]),
        Route("/api/cases", r(ws.list_cases), methods=["GET"]),
        Route("/api/cases", r(ws.create_case), methods=["POST"]),
        Route("/api/cases/{case}", r(ws.get_case), methods=["GET"]),
        Route("/api/cases/{case}/case", r(ws.put_case), methods=["PUT"]),
        Route("/api/cases/{case}/documents/{name}", r(ws.put_document), methods=["PUT"]),
        Route("/api/cases/{case}/documents/{name}", r(ws.delete_document), methods=["DELETE"]),
        Route("/api/cases/{case}/scan", r(ws.scan), methods=["POST"]),
        Route("/api/cases/{case}/publish", r(ws.publish), methods=["POST"]),
        Route("/api/jobs/{job}", r(ws.job), methods=["GET"]),
        Route("/api/cases/{case}/review", r(ws.review), methods=["GET"]),
        Route("/api/cases/{case}/decisions", r(ws.decide), methods=["POST"]),
        Route("/api/cases/{case}/verify", r(ws.verify), methods=["GET"]),
        Route("/api/cases/{case}/statement", r(ws.statement), methods=["GET"]),
        Route("/api/cases/{case}/audit", r(ws.audit), methods=["GET"]),
        Route("/api/cases/{case}/publication.zip", r(ws.publication_zip), methods=["GET"]),
        Route("/api/cases/{case}/redline/{name}", r(ws.redline), methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _not_found, 404: _not_found, 405: _not_found})
    guarded = Guard(app, token=token, port=port, hosts=hosts, route_of=_route_of(routes))
    guarded.workspace = ws  # type: ignore[attr-defined]  # for tests and the server's start-up
    return guarded
