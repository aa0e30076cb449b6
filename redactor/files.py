"""Atomic writes: a temp file beside the destination, fsynced, then ``os.replace``d over it.

A reader never sees a half-written file, and a failure leaves the destination as it was and no
temp file behind. Temp files carry a prefix (``.redactor-`` and its variants) so that a run can
remove those a killed run left. Not handled: creating the destination's folder (the caller does),
and the folder's own fsync after the rename.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: The prefix of our temp files; stale-temp cleanup looks for it.
TEMP_PREFIX = ".redactor-"


@dataclasses.dataclass(slots=True)
class TempFile:
    """A temp file being written: ``stream`` is open for binary writing until ``close``."""

    path: Path
    stream: BinaryIO

    def close(self) -> None:
        """Flush, fsync and close the stream (again: nothing), so that ``path`` can be read and checked."""
        if not self.stream.closed:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()


@contextlib.contextmanager
def atomic_writer(
    dest: Path, *, prefix: str = TEMP_PREFIX, suffix: str = ".tmp", mode: int | None = None, replace: bool = True
) -> Iterator[TempFile]:
    """Yield a temp file beside ``dest``; when the block ends cleanly, close it and replace ``dest`` with it.

    Inside the block the caller writes to ``temp.stream``; to check the written bytes before the
    rename (publish verifies its output), call ``temp.close()`` and read ``temp.path``; raise to
    abandon it. Whatever is raised, the temp file is removed and ``dest`` is left as it was.

    Args:
        dest: The file to write; its folder must exist.
        prefix: The temp file's name prefix (``.redactor-key-``, ``.redactor-audit-``...).
        suffix: The temp file's name suffix.
        mode: Permission bits to set on the temp file (e.g. 0o600), kept by the rename. None leaves
            ``mkstemp``'s own (0600).
        replace: False leaves the closed temp file in place for the caller, who renames it later
            (publish renames in the main process) and removes it if it does not.
    """
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=prefix, suffix=suffix)
    path = Path(tmp_name)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        stream = os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    temp = TempFile(path, stream)
    try:
        with stream:
            yield temp
            temp.close()
        if replace:
            os.replace(path, dest)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_atomic(dest: Path, data: bytes, *, prefix: str = TEMP_PREFIX, suffix: str = ".tmp", mode: int | None = None) -> None:
    """Write ``data`` to ``dest`` atomically (see ``atomic_writer``)."""
    with atomic_writer(dest, prefix=prefix, suffix=suffix, mode=mode) as temp:
        temp.stream.write(data)


def write_private(path: Path, text: str) -> None:
    """Write a sensitive text file (UTF-8) atomically with mode 0600, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"), suffix=path.suffix, mode=0o600)
