"""One run per case at a time (redactor.lock): a second holder waits, then is told who holds it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redactor.errors import UsageError
from redactor.lock import CaseBusy, case_lock, hold


def test_a_second_run_is_told_which_run_holds_the_case(tmp_path: Path) -> None:
    key = tmp_path / "case.key.json"
    with case_lock(key, tmp_path / "out"):
        with pytest.raises(CaseBusy, match=rf"in use by another run of redactor \(process {os.getpid()}, started 20"):
            with case_lock(key, tmp_path / "other-out", wait_s=0.2):
                pass
        with pytest.raises(CaseBusy, match="the output folder"):
            with case_lock(tmp_path / "other.key.json", tmp_path / "out", wait_s=0.2):
                pass
    with case_lock(key, tmp_path / "out", wait_s=0.2):  # released with the block: taken at once
        pass
    assert not list((tmp_path / "out").parent.glob("out/*"))  # nothing written into the output folder


def test_a_lock_that_cannot_be_written_stops_a_run_but_not_a_verification(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "published.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot write the lock file that keeps two runs apart"):
        with hold(not_a_folder / "x.lock", what="x"):
            pass
    ran = []
    with hold(not_a_folder / "x.lock", what="x", required=False):
        ran.append(True)
    assert ran == [True]
