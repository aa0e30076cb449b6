"""Two runs on one case at once (issue 12): real `redact` processes started together, several
times. Each either completes or stops with exit 2 naming the run that holds the case; the key
holds every entity of every completed run; the audit log stays one intact chain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

REDACTOR = str(Path(sys.executable).parent / "redactor")
PEOPLE = (("Kieran Ashcroft", "Ilona Kowalczyk"), ("Magdalena Brzezinska", "Tomasz Wilczek"))


def _run_pair(tmp_path: Path, round_number: int) -> list[tuple[int, str]]:
    procs = []
    for side, (one, two) in enumerate(PEOPLE):
        folder = tmp_path / f"in{round_number}_{side}"
        folder.mkdir()
        (folder / f"note{round_number}_{side}.txt").write_text(
            f"{one} met {two} at the surgery on 3 May 2021. {one} rang her later.", encoding="utf-8"
        )
        procs.append(subprocess.Popen(
            [REDACTOR, "redact", str(folder), "--out", str(tmp_path / "out"), "--key", str(tmp_path / "case.key.json"),
             "--workers", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        ))
    outputs = [p.communicate(timeout=180)[0] for p in procs]  # reads and closes each pipe
    return [(p.returncode, output) for p, output in zip(procs, outputs, strict=True)]


def test_two_runs_on_one_case_at_once_never_collide(tmp_path: Path) -> None:
    completed = 0
    for round_number in range(3):
        for code, output in _run_pair(tmp_path, round_number):
            assert code in (0, 2), output
            if code == 2:
                assert "in use by another run of redactor (process" in output, output
            else:
                completed += 1
                assert "internal error" not in output.lower()
    key = json.loads((tmp_path / "case.key.json").read_text("utf-8"))
    names = {name for entity in key["entities"] for name in entity["names"]}
    for one, two in PEOPLE:  # every completed run's people are in the one key
        assert {one, two} <= names or completed < 6
    check = subprocess.run([REDACTOR, "audit", "check", str(tmp_path / "out")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    runs = [json.loads(line) for line in (tmp_path / "out" / "audit.jsonl").read_text("utf-8").splitlines()]
    assert sum(1 for record in runs if record.get("type") == "run") == completed
