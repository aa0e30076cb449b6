"""Skipping: a re-run leaves alone what it would write the same way.

A document is skipped when its input, the case file, the decisions file and the settings hash
the same as when its output was written (by the audit log's records), and the output is still
the one redactor wrote. A skipped output that holds an identifier the run learnt since is redone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.audit import readable_records
from redactor.casefile import Case
from redactor.decisions import Decisions
from redactor.detect.nlp import MODEL_NAME, MODEL_VERSION
from redactor.errors import RedactorError
from redactor.formats import format_for
from redactor.settings import FormatSettings, Settings
from redactor.verify import KnownScanner


def sha256_file(path: Path) -> str:
    """Return the SHA-256 (hex) of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(settings: Settings, case: Case | None, decisions: Decisions | None) -> str:
    """Return a hash of everything besides the input that shapes an output."""
    case_sha = ""
    if case is not None and case.path is not None and case.path.exists():
        case_sha = sha256_file(case.path)
    blob = json.dumps(
        {"tool": __version__, "model": f"{MODEL_NAME} {MODEL_VERSION}", "settings": settings.digest(),
         "case": case_sha, "decisions": decisions.sha256 if decisions else ""},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def previous_outputs(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Return, by input id, the latest record of each document the audit log says was written,
    with ``published_by``: the run that wrote the output now in place."""
    latest: dict[str, dict[str, Any]] = {}
    for record in readable_records(out_dir):
        if record.get("type") != "run":
            continue
        for entry in record.get("documents", []):
            if isinstance(entry, dict) and entry.get("input") and entry.get("status", "done") in ("done", "skipped"):
                by = record.get("run", "") if entry.get("status", "done") == "done" else entry.get("published_by", "")
                latest[str(entry["input"])] = {**entry, "published_by": by}
    return latest


def unchanged(prev: Mapping[str, Any], input_sha: str, fingerprint: str, out_dir: Path) -> bool:
    """Say whether an input's output is still what this run would write."""
    output = out_dir / str(prev.get("document", ""))
    return (
        prev.get("input_sha256") == input_sha
        and prev.get("fingerprint") == fingerprint
        and output.is_file()
        and sha256_file(output) == prev.get("output_sha256")
    )


def stale_outputs(
    skipped: Iterable[tuple[int, Mapping[str, Any]]], *, out_dir: Path, scanner: KnownScanner, formats: FormatSettings,
    allowed: Mapping[int, frozenset[str]] | None = None,
) -> list[int]:
    """Return the skipped documents whose output holds an identifier this run learnt (or is
    unreadable); ``allowed`` are the texts the officer keeps as written in each (casefolded)."""
    stale = []
    for index, prev in skipped:
        path = out_dir / str(prev["document"])
        try:
            doc = format_for(path).read(path, settings=formats)
        except RedactorError:
            stale.append(index)
            continue
        kept = (allowed or {}).get(index, frozenset())
        if any(seg.text[s:e].casefold() not in kept for seg in doc.segments for s, e, _k, _h in scanner.scan(seg.text)):
            stale.append(index)
    return sorted(stale)
