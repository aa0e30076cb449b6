"""Start the workspace: pick the address, make the token, print the URL, open the browser, run uvicorn."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.errors import UsageError

DEFAULT_ROOT = Path("~/redactor-cases")
LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    """Say whether ``host`` is a loopback address or ``localhost``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str | None, *, allow_remote: bool) -> tuple[str, str | None]:
    """Return the address to bind and the warning to print (None on loopback).

    Raises:
        UsageError: a non-loopback address without ``--allow-remote``, or ``--allow-remote`` without ``--host``.
    """
    if host is None:
        if allow_remote:
            raise UsageError("--allow-remote needs --host ADDRESS naming the address to listen on.")
        return LOOPBACK, None
    if is_loopback(host):
        return host, None
    if not allow_remote:
        raise UsageError(
            f"--host {host}: the workspace shows real names and listens on this computer only (127.0.0.1). "
            "To listen on another address anyway, give --allow-remote as well."
        )
    return host, (
        f"warning: listening on {host}: anyone who can reach this address and has the token can read the "
        "case's real names. The connection is not encrypted. Stop the server (Ctrl-C) when you are done."
    )


def free_port(host: str = LOOPBACK) -> int:
    """Return a port free on ``host`` now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _check_free(host: str, port: int) -> None:
    """Refuse a port that is taken, before any work (uvicorn would only log it).

    Raises:
        UsageError: the port is in use or not allowed.
    """
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        try:
            sock.bind((host, port))
        except OSError as err:
            raise UsageError(
                f"--port {port}: cannot listen there ({err.strerror}); another program (or another "
                "'redactor serve') may use it. Choose another --port, or leave it out to take a free one."
            ) from err


@dataclass(frozen=True)
class Start:
    """Where the workspace runs: the folders and the address."""

    root: Path
    opened: Path | None
    host: str
    port: int
    token: str

    @property
    def url(self) -> str:
        return f"http://{self.url_host}:{self.port}/?token={self.token}"

    @property
    def url_host(self) -> str:
        """The host part of the URL (and of the Host header the browser sends)."""
        if self.host in ("127.0.0.1", "localhost"):
            return "localhost"
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def hosts(self) -> tuple[str, ...]:
        """The host names the guard accepts besides 127.0.0.1 and localhost."""
        return () if self.url_host == "localhost" else (self.url_host,)


def plan(folder: Path | None, *, host: str | None, port: int | None, allow_remote: bool) -> tuple[Start, str | None]:
    """Decide the root, the opened case, the address and the token, and return the warning to print.

    ``folder`` holding ``case.toml`` is a case folder: it is opened and new cases go to the default
    root; any other folder is the workspace root (created if missing).

    Raises:
        UsageError: the address is refused, or ``folder`` is a file.
    """
    bind, warning = check_host(host, allow_remote=allow_remote)
    opened = None
    root = DEFAULT_ROOT.expanduser()
    if folder is not None:
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder}: is a file; give a case folder or a folder of cases.")
        if (folder / "case.toml").is_file():
            opened = folder.resolve()
        else:
            root = folder.expanduser()
    if port:
        _check_free(bind, port)
    chosen = port if port else free_port(bind)
    return Start(root=root.resolve(), opened=opened, host=bind, port=chosen, token=secrets.token_urlsafe(32)), warning


def serve(start: Start, *, open_browser: bool, say: Callable[[str], None]) -> None:
    """Run the workspace until Ctrl-C: print its URL and open the browser at it."""
    import uvicorn

    from redactor.serve.app import create_app

    start.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    app = create_app(root=start.root, token=start.token, port=start.port, opened=start.opened, hosts=start.hosts)
    if start.opened is not None:
        from redactor.workspace import remember_case

        remember_case(start.opened)
    config = uvicorn.Config(
        app, host=start.host, port=start.port, access_log=False, log_level="warning", server_header=False,
        date_header=False, lifespan="off", log_config=None,
    )
    server = uvicorn.Server(config)
    say(f"The workspace is at:\n\n    {start.url}\n\nOpen that address in your browser (it carries this run's "
        "token). Stop the server with Ctrl-C.")
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, start.url), daemon=True).start()
    server.run()


def _open_when_started(server: Any, url: str) -> None:
    """Open the browser once uvicorn listens (not before: the first page would fail to load)."""
    for _ in range(200):
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.05)
