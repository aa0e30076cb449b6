"""The atomic writer: the destination is replaced whole or not at all, and no temp file stays behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from redactor.files import atomic_writer, write_atomic, write_private


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_replaces_the_file_with_the_mode_asked(tmp_path: Path) -> None:
    dest = tmp_path / "key.json"
    dest.write_text("old")
    write_atomic(dest, b"new", prefix=".redactor-key-", mode=0o600)
    assert dest.read_bytes() == b"new"
    assert _mode(dest) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]


def test_write_private_creates_the_folder_and_writes_utf8(tmp_path: Path) -> None:
    dest = tmp_path / "review" / "decisions.toml"
    write_private(dest, "name = \"Zoë\"\n")
    assert dest.read_bytes() == "name = \"Zoë\"\n".encode()
    assert _mode(dest) == 0o600


def test_a_failure_leaves_the_destination_and_no_temp(tmp_path: Path) -> None:
    dest = tmp_path / "out.docx"
    dest.write_bytes(b"published")
    with pytest.raises(ValueError), atomic_writer(dest, suffix=".docx") as temp:
        temp.stream.write(b"half")
        temp.close()
        assert temp.path.read_bytes() == b"half"  # the caller can check the bytes before the rename
        raise ValueError("verification failed")
    assert dest.read_bytes() == b"published"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_replace_false_leaves_the_temp_for_the_caller(tmp_path: Path) -> None:
    dest = tmp_path / "out.txt"
    with atomic_writer(dest, prefix=".redactor-", suffix=".txt", replace=False) as temp:
        temp.stream.write(b"checked")
    assert not dest.exists()
    assert temp.path.name.startswith(".redactor-") and temp.path.read_bytes() == b"checked"
