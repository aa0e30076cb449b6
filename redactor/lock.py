"""One run per case at a time: a lock on the key and on the output folder.

Two runs on one case at once (two terminals, a double-click, a script beside a person) would
write the key, the decisions, the audit log and the statement together. ``scan``, ``redact`` and
``verify`` hold an exclusive ``flock`` on a lock file next to the key (``.<key>.lock``) and one
next to the output folder (``.<folder>.redactor.lock``, outside the publication copy) for the
whole run. A second run waits a few seconds, then
stops with ``CaseBusy``, saying which run holds the case (its start time and process id). The
kernel drops a lock when its process ends, however it ends, so a lock left by a killed run is
taken over at once; the file itself stays and is reused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from redactor.errors import RedactorError, UsageError

#: How long a second run waits for the first before it stops.
WAIT_S = 5.0
_POLL_S = 0.1


class CaseBusy(RedactorError):
    """Another run holds this case (its key or its output folder)."""


def lock_path_for_key(key_path: Path) -> Path:
    """The lock file of a case: hidden next to its key, never in the output folder."""
    return key_path.with_name(f".{key_path.name}.lock")


@contextlib.contextmanager
def hold(path: Path, *, what: str, wait_s: float = WAIT_S, required: bool = True) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if absent) while the block runs; with
    ``required=False`` a place where no lock file can be written (a read-only share being
    verified) runs without one.

    Raises:
        CaseBusy: another process held it for ``wait_s`` seconds.
        UsageError: ``required`` and no lock file can be written there.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        if not required:
            yield
            return
        raise UsageError(
            f"{path.parent}: cannot write the lock file that keeps two runs apart ({error.strerror}); "
            "check the folder's permissions."
        ) from None
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CaseBusy(f"{what} is in use by another run of redactor{_holder(fd)}; wait for it to end, "
                                   "then run again.") from None
                time.sleep(_POLL_S)
        holder = {"pid": os.getpid(), "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def _holder(fd: int) -> str:
    """" (process 1234, started 2026-12-06T22:41:07+00:00)", or "" when the file says nothing."""
    try:
        holder = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
        return f" (process {int(holder['pid'])}, started {holder['started']})"
    except (ValueError, KeyError, TypeError, OSError):
        return ""


@contextlib.contextmanager
def case_lock(key_path: Path, out_dir: Path | None, *, wait_s: float = WAIT_S, writes: bool = True) -> Iterator[None]:
    """Hold the case's key lock, then its output folder's (always in this order: no deadlock).
    ``writes=False`` (verify) runs unlocked where no lock file can be written."""
    with hold(lock_path_for_key(key_path), what="this case's key", wait_s=wait_s, required=writes):
        if out_dir is None:
            yield
            return
        out_lock = out_dir.resolve().parent / f".{out_dir.resolve().name}.redactor.lock"
        with hold(out_lock, what=f"the output folder {out_dir}", wait_s=wait_s, required=writes):
            yield
