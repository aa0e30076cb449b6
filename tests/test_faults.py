"""Faults during a batch: a worker killed, Ctrl-C, the disk full while writing.

Whatever happens: no partial or corrupt output (every output in OUTDIR is one the audit log
records with its SHA-256), no temp file left, inputs unchanged, the audit log's chain intact,
and a plain re-run completes the batch. The CLI runs as a real subprocess with real workers.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redactor import publish, run
from redactor.audit import read_records
from redactor.audit_chain import check_chain
from redactor.inputs import collect_inputs, open_case
from redactor.keyfile import Key
from redactor.settings import Settings

pytestmark = pytest.mark.model

REDACTOR = str(Path(sys.executable).parent / "redactor")
FIRST = "Aoife Bartosz Chidi Delyth Eamon Folasade Grzegorz Hamish Ifeoma Jolanta Kwabena Lowri".split()
LAST = "Quenby Wroblewska Okonkwo-Hart Pryderi Szczepanik Adebayo-Lowe Thistlewood Nakashima".split()
SENTENCES = (
    "{a} said that {b} had taken her phone again on the Friday night.",
    "The IDVA spoke to {a} twice in March; {b} was present for the second call.",
    "{a}: I told {b} I wanted to leave, and he laughed at me.",
    "Police attended and spoke to {b}, who said {a} had fallen.",
    "{a}'s sister rang the GP surgery about the bruising on 4 May 2021.",
    "We never saw {b} angry in public, {a} said, only at home.",
)


def _corpus(folder: Path, count: int, words: int) -> dict[str, str]:
    """Write ``count`` transcripts of about ``words`` words; return their SHA-256 by name."""
    rng = random.Random(count)
    folder.mkdir(parents=True)
    for index in range(count):
        a, b = f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        lines, total = [], 0
        while total < words:
            line = rng.choice(SENTENCES).format(a=a, b=b)
            lines.append(line)
            total += len(line.split())
        (folder / f"interview_{index:02d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return _hashes(folder)


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _default_interrupts() -> None:
    # As a terminal runs a command: Ctrl-C not ignored, even when this test itself was started in
    # the background (a non-interactive shell's "&" ignores SIGINT, and a Python started so never
    # raises KeyboardInterrupt).
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(inputs: Path, out: Path, key: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [REDACTOR, "redact", str(inputs), "--out", str(out), "--key", str(key), "--workers", "2", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_default_interrupts,  # noqa: PLW1509 - a signal disposition, set before exec
    )


def _wait_for_workers(proc: subprocess.Popen[str]) -> list[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        children = _children(proc.pid)
        if len(children) >= 2:
            time.sleep(0.5)  # let them start on the work
            return children
        time.sleep(0.05)
    raise AssertionError("the workers never started")


def _assert_consistent(out: Path) -> None:
    """Every output is complete and recorded; no temp file; the audit chain is intact."""
    assert not [p for p in out.rglob(".redactor-*")], "a temp file was left behind"
    if not (out / "audit.jsonl").exists():
        assert not [p for p in out.rglob("*.txt")]
        return
    assert check_chain(out).intact
    recorded = {}
    for record in read_records(out):
        if record.get("type") == "run":
            for entry in record["documents"]:
                if entry["status"] in ("done", "skipped"):
                    recorded[entry["document"]] = entry["output_sha256"]
    for path in out.rglob("*.txt"):
        rel = path.relative_to(out).as_posix()
        assert rel in recorded, f"{rel} is not in the audit log"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded[rel], f"{rel} is not what was verified"


def _rerun_completes(inputs: Path, out: Path, key: Path, count: int) -> None:
    result = subprocess.run(
        [REDACTOR, "redact", str(inputs), "--out", str(out), "--key", str(key), "--workers", "2"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "failed 0" in result.stdout and "refused 0" in result.stdout
    _assert_consistent(out)
    assert len(list(out.glob("*.txt"))) == count


def test_a_worker_killed_mid_batch_fails_only_its_documents(tmp_path: Path) -> None:
    inputs, out, key = tmp_path / "in", tmp_path / "out", tmp_path / "k.json"
    before = _corpus(inputs, 40, 1500)
    proc = _start(inputs, out, key)
    victim = _wait_for_workers(proc)[0]
    os.kill(victim, signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 3, stdout + stderr
    assert "worker process stopped" in stdout and "run again" in stdout
    assert "Traceback" not in stdout + stderr
    _assert_consistent(out)
    assert _hashes(inputs) == before
    _rerun_completes(inputs, out, key, 40)


def test_ctrl_c_leaves_no_partial_output_and_a_rerun_completes(tmp_path: Path) -> None:
    inputs, out, key = tmp_path / "in", tmp_path / "out", tmp_path / "k.json"
    before = _corpus(inputs, 40, 1500)
    proc = _start(inputs, out, key)
    _wait_for_workers(proc)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 130, stdout + stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stdout + stderr
    _assert_consistent(out)
    assert _hashes(inputs) == before
    _rerun_completes(inputs, out, key, 40)


def test_disk_full_while_writing_fails_that_document_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing writer: flushing one output's temp file fails with ENOSPC, as on a full disk."""
    inputs, out, key_path = tmp_path / "in", tmp_path / "out", tmp_path / "k.json"
    before = _corpus(inputs, 4, 200)
    real_fsync = os.fsync
    calls = {"outputs": 0}

    def failing_fsync(fd: int) -> None:
        target = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if target.parent == out and target.name.startswith(".redactor-") and "audit" not in target.name:
            calls["outputs"] += 1
            if calls["outputs"] == 3:  # the third output written (inputs are written in order)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(publish.os, "fsync", failing_fsync)
    runner = run.Redactor(settings=Settings(), case=None, key=Key.new("faults"))
    result = runner.redact(collect_inputs([inputs]), out_dir=out, key_path=key_path, workers=1)
    monkeypatch.undo()
    statuses = {r.name: r.status for r in result.reports}
    assert statuses == {"interview_00.txt": "done", "interview_01.txt": "done", "interview_02.txt": "failed",
                        "interview_03.txt": "done"}
    (failed,) = [r for r in result.reports if r.status == "failed"]
    assert "No space left on device" in failed.reason and "run again" in failed.reason
    assert result.exit_code == 3
    assert not (out / "interview_02.txt").exists()
    _assert_consistent(out)
    assert _hashes(inputs) == before
    again = run.Redactor(settings=Settings(), case=None, key=open_case(None, key_path)[1])
    rerun = again.redact(collect_inputs([inputs]), out_dir=out, key_path=key_path, workers=1)
    assert {r.name: r.status for r in rerun.reports} == statuses | {"interview_02.txt": "done", "interview_00.txt": "skipped",
                                                                  "interview_01.txt": "skipped", "interview_03.txt": "skipped"}
    _assert_consistent(out)
