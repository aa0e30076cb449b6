"""A minimal DevTools-protocol client for headless Chromium, shared by the browser tests.

Chromium speaks the protocol over two pipes (``--remote-debugging-pipe``: it reads commands on
fd 3 and writes replies and events on fd 4, each a JSON text ended by NUL), so no WebDriver,
websocket library or network port is needed. ``.ci/run`` installs Chromium from Debian.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("REDACTOR_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
TIMEOUT_S = 20.0
#: How long `wait_until` waits for the page by default (a deadline for a hung page, not a speed check).
WAIT_S = float(os.environ.get("REDACTOR_BROWSER_WAIT_S", "90"))


class Browser:
    """A minimal DevTools protocol client over Chromium's debugging pipes, with one page attached."""

    def __init__(self, user_data_dir: Path, *, width: int = 1280, height: int = 900) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Move the child's ends above 3 and 4 so that moving them onto 3 and 4 cannot clobber each other.
        high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD_CLOEXEC, 10)
        high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)
        for fd in (to_child_r, from_child_w):
            os.close(fd)

        def onto_3_and_4() -> None:  # runs in the child, before exec: dup2 leaves 3 and 4 inheritable
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self._log = user_data_dir.with_name(user_data_dir.name + ".log")
        with self._log.open("wb") as log:
            self.proc = subprocess.Popen(
                [CHROMIUM, *FLAGS, f"--user-data-dir={user_data_dir}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                close_fds=False,  # our other descriptors are close-on-exec already
                preexec_fn=onto_3_and_4,
            )
        os.close(high_r)
        os.close(high_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""
        try:
            target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            attached = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)
            self.session = attached["sessionId"]
            for domain in ("Page", "Network", "Runtime", "Log"):
                self.send(f"{domain}.enable")
            viewport = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
            self.send("Emulation.setDeviceMetricsOverride", viewport)
        except BaseException:
            self.close()
            raise

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> dict[str, Any]:
        """Send one command and return its result, keeping the events that arrive meanwhile."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        """Return the first event called `method` since the last `clear_events`."""
        while True:
            for event in self.events:
                if event["method"] == method:
                    return event
            self.events.append(self._receive())

    def clear_events(self) -> None:
        self.events.clear()

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT_S
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_child], [], [], left)[0]:
                raise TimeoutError(f"chromium did not answer in time; its log ends: {self._log_tail()}")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError(f"chromium closed its debugging pipe; its log ends: {self._log_tail()}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _log_tail(self) -> str:
        return self._log.read_text("utf-8", errors="replace")[-2000:]

    def open(self, url: str) -> None:
        """Load `url` and wait for its load event."""
        for target in ("about:blank", url):  # from a blank page: reloading would restore the old scroll position
            self.clear_events()
            self.send("Page.navigate", {"url": target})
            self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        """Evaluate `expression` in the page and return its value (JSON-able)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """Click the centre of the element `selector` with the mouse, as a person would."""
        self.js(f"document.querySelector({json.dumps(selector)}).scrollIntoView({{block: 'center'}})")
        self.settle()  # paragraphs that come into view are laid out on the next frame and may move things
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;"
            " const hit = document.elementFromPoint(x, y); return [x, y, !!hit && (e === hit || e.contains(hit))]; })()"
        )
        assert box[2], f"{selector} is hidden or covered: a click would miss it"
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})

    def wait_until(self, expression: str, *, what: str, timeout_s: float = WAIT_S) -> Any:
        """Evaluate `expression` until it is truthy and return its value (a deadline, not a timing check)."""
        deadline = time.monotonic() + timeout_s
        while True:
            value = self.js(f"(() => {{ const v = ({expression}); return v instanceof Node ? true : v; }})()")
            if value:
                return value
            if time.monotonic() > deadline:
                shown = self.js("(document.body ? document.body.innerText : '').slice(0, 1500)")
                raise TimeoutError(f"the page never showed {what}; it shows: {shown}")
            time.sleep(0.1)

    def key(self, key: str, *, code: str = "", key_code: int = 0, text: str | None = None, modifiers: int = 0) -> None:
        """Press and release one key, as a person would (``key``: "Tab", "Enter", "r")."""
        if text is None:
            text = key if len(key) == 1 else {"Enter": "\r"}.get(key)
        code = code or (f"Key{key.upper()}" if len(key) == 1 and key.isalpha() else key)
        key_code = key_code or {"Tab": 9, "Enter": 13, "Escape": 27}.get(key, ord(key.upper()) if len(key) == 1 else 0)
        event: dict[str, Any] = {"key": key, "code": code, "windowsVirtualKeyCode": key_code, "modifiers": modifiers}
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", **event, **({"text": text} if text else {})})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **event})

    def type_text(self, text: str) -> None:
        """Type `text` into the focused element."""
        self.send("Input.insertText", {"text": text})

    def set_files(self, selector: str, paths: list[Path]) -> None:
        """Choose `paths` in the file input `selector`, as the file dialog would."""
        found = self.send("Runtime.evaluate", {"expression": f"document.querySelector({json.dumps(selector)})"})
        self.send("DOM.setFileInputFiles", {"files": [str(p) for p in paths], "objectId": found["result"]["objectId"]})

    def drop_files(self, selector: str, paths: list[Path]) -> None:
        """Drag `paths` from the desktop and drop them on the element `selector`."""
        x, y = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        data = {"items": [], "files": [str(p) for p in paths], "dragOperationsMask": 1}
        for kind in ("dragEnter", "dragOver", "drop"):
            self.send("Input.dispatchDragEvent", {"type": kind, "x": x, "y": y, "data": data})

    def screenshot(self, path: Path) -> None:
        """Save the viewport as a PNG."""
        self.settle()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"]))

    def settle(self) -> None:
        """Wait for two frames, so that style, layout and scrolling have caught up."""
        self.js("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


def chromium_missing() -> str | None:
    """Say why Chromium cannot run here (None when it can)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and shutil.which(CHROMIUM) is None:
        return f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does this)"
    return None
