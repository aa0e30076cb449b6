"""The rules every request to the workspace passes, as one ASGI middleware, and the name checks.

- **Token**: every request carries the server's random token, as a cookie after the first visit
  (``GET /?token=T`` sets it and redirects to ``/``); compared in constant time.
- **Host**: ``127.0.0.1:<port>`` or ``localhost:<port>`` only (no DNS rebinding); with
  ``--allow-remote`` also the address the officer named.
- **Origin**: every POST, PUT and DELETE comes from this server (``Origin``, or when a browser
  sends none, ``Sec-Fetch-Site: same-origin``); a request with neither is refused.
- **Headers**: a strict Content-Security-Policy and no caching on every response, errors included.
- **Log**: one line per request with the route template and status, never the path (document
  names) or the query.
"""

from __future__ import annotations

import hmac
import json
import logging
import unicodedata
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

log = logging.getLogger("redactor.serve")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: Sent with every response, errors and redirects included.
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH"})
#: Longest file or case name the workspace takes.
MAX_NAME = 200


def cookie_name(port: int) -> str:
    """The session cookie's name: one per port, so two servers on one machine keep their own."""
    return f"redactor_session_{port}"


def name_problem(name: str) -> str | None:
    """Say why ``name`` is not a plain file or case name (None when it is one).

    Refused: empty, longer than ``MAX_NAME``, not NFC-normalised, a path separator, ``..``, a
    leading dot or space, a trailing dot or space, control, format (bidi overrides, zero-width)
    or surrogate characters, NUL.
    """
    if not name:
        return "the name is empty"
    if len(name) > MAX_NAME:
        return f"the name is longer than {MAX_NAME} characters; shorten it"
    if unicodedata.normalize("NFC", name) != name:
        return "the name is not in the usual Unicode form (NFC); rename it"
    if "/" in name or "\\" in name or ".." in name:
        return "the name holds a path ('/', '\\' or '..'); give a plain file name"
    if name[0] in ". " or name[-1] in ". ":
        return "the name starts with a dot or a space, or ends with one; rename it"
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            return "the name holds an invisible or control character (such as a text-direction override); rename it"
    return None


class Guard:
    """ASGI middleware: token, Host, Origin, headers and a log line without the path.

    Args:
        app: the application behind the guard.
        token: the server's random token (the URL printed at start-up carries it).
        port: the port the server listens on (the Host and Origin must name it).
        hosts: the host names accepted besides ``127.0.0.1`` and ``localhost`` (``--allow-remote``).
        route_of: gives the route template of a path (``/api/cases/{id}``) for the log line.
    """

    def __init__(
        self, app: ASGIApp, *, token: str, port: int, hosts: Iterable[str] = (), route_of: Callable[[Scope], str]
    ) -> None:
        self.app = app
        self.token = token.encode()
        self.port = port
        names = ("127.0.0.1", "localhost", *hosts)
        self.hosts = frozenset(f"{host}:{port}" for host in names)
        self.origins = frozenset(f"http://{host}" for host in self.hosts)
        self.cookie = cookie_name(port)
        self.route_of = route_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets
            return
        status_seen: list[int] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_seen.append(message["status"])
                names = {name for name, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + list(HEADERS)
            await send(message)

        try:
            await self._guarded(scope, receive, send_with_headers)
        finally:
            route = self.route_of(scope)
            log.info("%s %s %s", scope.get("method", "-"), route, status_seen[0] if status_seen else "-")

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        if headers.get("host", "").lower() not in self.hosts:
            await _json(send, 403, "this server answers only at the address it printed (127.0.0.1 or localhost and its port)")
            return
        method = scope["method"]
        if method in UNSAFE_METHODS and not self._same_origin(headers):
            await _json(send, 403, "a change must come from this workspace's own page; reload the page and try again")
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = query.get("token", [""])[0]
        if scope["path"] == "/" and method == "GET" and given:
            if not hmac.compare_digest(given.encode(), self.token):
                await _json(send, 403, "this link's token is not this server's; open the URL that 'redactor serve' printed")
                return
            cookie = f"{self.cookie}={self.token.decode()}; HttpOnly; SameSite=Strict; Path=/"
            await send({
                "type": "http.response.start", "status": 303,
                "headers": [(b"location", b"/"), (b"set-cookie", cookie.encode()), (b"content-length", b"0")],
            })
            await send({"type": "http.response.body", "body": b""})
            return
        if not self._has_token(headers):
            await _json(send, 401, "open the workspace with the URL that 'redactor serve' printed (it carries the token)")
            return
        await self.app(scope, receive, send)

    def _has_token(self, headers: dict[str, str]) -> bool:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001  # a malformed cookie header is no token
            return False
        morsel = jar.get(self.cookie)
        return morsel is not None and hmac.compare_digest(morsel.value.encode(), self.token)

    def _same_origin(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin")
        if origin is not None:
            return origin.lower() in self.origins
        return headers.get("sec-fetch-site") == "same-origin"


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers by lower-case name (the last of repeated ones; Host must be one)."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        key = name.decode("latin-1").lower()
        if key == "host" and key in found:
            found[key] = ""  # two Host headers: refused
            continue
        found[key] = value.decode("latin-1")
    return found


async def _json(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})
