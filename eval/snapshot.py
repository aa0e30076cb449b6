#!/usr/bin/env python3
"""Snapshot every output of the real CLI, to prove a refactor changes no behaviour.

Runs ``redactor redact`` (with a redline) and ``redactor scan`` through the installed CLI over

1. ``sample_reports/`` with its case file (the demo);
2. every .docx in ``../shared/corpora/docx`` (one case, no case file);
3. eval/dev with its ``{{KIND:text}}`` markup stripped (one case, no case file);

each with a fixed key (made by the first run and kept in the snapshot folder, so pseudonyms do
not depend on a fresh random secret), then records the SHA-256 of every file written: outputs,
statements, the review page, decisions.toml, redlines, and the key and ``audit.jsonl`` with
times and run ids removed. ``--compare`` prints what differs and exits 1 if anything does.

Usage:
    python eval/snapshot.py SNAPDIR            # write SNAPDIR/manifest.json (and keys)
    python eval/snapshot.py SNAPDIR --compare  # run again and compare with SNAPDIR/manifest.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ANN = re.compile(r"\{\{[A-Za-z_]+:([^{}]*)\}\}")
#: Fields that change from run to run whatever the code does.
VOLATILE = {"run", "prev", "started", "finished", "created", "updated", "time", "seq_hash"}
DATE = re.compile(r"\b20\d\d-\d\d-\d\d(?:T[\d:.+Z-]+)?")


def _normalise_json(value: object) -> object:
    if isinstance(value, dict):
        return {k: _normalise_json(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_normalise_json(v) for v in value]
    if isinstance(value, str):
        return DATE.sub("<date>", value)
    return value


def _digest(path: Path) -> str:
    data = path.read_bytes()
    if path.name == "audit.jsonl":
        lines = [json.dumps(_normalise_json(json.loads(line)), sort_keys=True) for line in data.splitlines()]
        data = "\n".join(lines).encode()
    elif path.suffix == ".json":
        data = json.dumps(_normalise_json(json.loads(data)), sort_keys=True).encode()
    elif path.suffix == ".docx":
        # A redline's tracked changes carry the time they were made: hash each part, times removed.
        with zipfile.ZipFile(path) as package:
            parts = [(i.filename, DATE.sub("<date>", package.read(i).decode("latin-1"))) for i in package.infolist()]
        data = json.dumps(parts).encode("latin-1")
    elif path.name.startswith("redaction-statement") or path.name == "review.html":
        data = DATE.sub("<date>", data.decode("utf-8")).encode()
    return hashlib.sha256(data).hexdigest()


def _corpora(work: Path) -> dict[str, tuple[Path, Path | None]]:
    """Each corpus: (input folder, case file or None)."""
    corpora: dict[str, tuple[Path, Path | None]] = {}
    demo = work / "in" / "demo"
    demo.mkdir(parents=True)
    for path in (ROOT / "sample_reports").iterdir():
        if path.suffix in {".md", ".txt", ".docx", ".toml"}:
            shutil.copy2(path, demo / path.name)
    corpora["demo"] = (demo, demo / "case.toml")
    docx_dir = SHARED / "corpora" / "docx"
    if docx_dir.is_dir():
        docx = work / "in" / "docx"
        docx.mkdir(parents=True)
        for path in sorted(docx_dir.glob("*.docx")):
            shutil.copy2(path, docx / path.name)
        corpora["docx"] = (docx, None)
    dev = work / "in" / "dev"
    dev.mkdir(parents=True)
    for path in sorted((ROOT / "eval" / "dev").iterdir()):
        if path.suffix in {".md", ".txt"} and path.name != "README.md":
            (dev / path.name).write_text(ANN.sub(r"\1", path.read_text(encoding="utf-8")), encoding="utf-8")
    corpora["dev"] = (dev, None)
    return corpora


def _run(args: list[str]) -> int:
    # ``python -m redactor`` from ROOT: the code of this working tree (a git worktree too).
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "redactor", *args], capture_output=True, text=True, check=False,
                          cwd=ROOT, env=env)
    return proc.returncode


def snapshot(snap: Path) -> dict[str, str]:
    """Run every corpus and return {relative path or exit code name: digest}."""
    manifest: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, (inputs, case) in _corpora(work).items():
            saved_key = snap / "keys" / f"{name}.key.json"
            key = work / "keys" / name / "case.key.json"
            key.parent.mkdir(parents=True)
            if saved_key.exists():
                shutil.copy2(saved_key, key)
            case_args = ["--case", str(case)] if case else []
            out = work / "out" / name
            review = work / "review" / name
            # Scan first (it saves the key): review.html and decisions.toml.
            manifest[f"{name}/exit/scan"] = str(_run(["scan", str(inputs), "--out", str(review), *case_args, "--key", str(key)]))
            manifest[f"{name}/exit/redact"] = str(
                _run(["redact", str(inputs), "--out", str(out), *case_args, "--key", str(key), "--force", "--redline"])
            )
            manifest[f"{name}/exit/verify"] = str(_run(["verify", str(out), *case_args, "--key", str(key)]))
            if not saved_key.exists():
                saved_key.parent.mkdir(parents=True, exist_ok=True)
                # The key as it stood before this first run is not kept: re-runs start from the
                # key the first run wrote, so record the key *after* a second, identical run.
                shutil.copy2(key, saved_key)
            for folder, tag in ((out, "out"), (review, "review"), (key.parent, "key")):
                for path in sorted(folder.rglob("*")):
                    if path.is_file() and not path.name.endswith(".lock"):  # a run's lock: its process id and time
                        manifest[f"{name}/{tag}/{path.relative_to(folder)}"] = _digest(path)
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("snapdir", type=Path)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    snap: Path = args.snapdir
    snap.mkdir(parents=True, exist_ok=True)
    manifest_path = snap / "manifest.json"
    if not args.compare and not (snap / "keys").exists():
        snapshot(snap)  # first pass only makes the keys; the manifest comes from a run on them
    manifest = snapshot(snap)
    if not args.compare:
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(manifest)} entries written to {manifest_path}")
        return 0
    before = json.loads(manifest_path.read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() | manifest.keys() if before.get(k) != manifest.get(k))
    for key in differ:
        print(f"DIFFERS: {key}: {before.get(key, 'missing')[:12]} -> {manifest.get(key, 'missing')[:12]}")
    same = len(before.keys() & manifest.keys()) - len([k for k in differ if k in before and k in manifest])
    print(f"{same} of {len(before)} entries identical; {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
