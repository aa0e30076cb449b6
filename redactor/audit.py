"""The audit log, ``OUTDIR/audit.jsonl``: one line per decision and one run record per run.

It supports Data Protection Act compliance (DOMAIN.md section 6) and never holds an identifier:
an original is referred to by its keyed hash (HMAC-SHA256 with the case secret from the key),
documents by their output names (which are pseudonymised) and SHA-256.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from redactor.document import Document
from redactor.keyfile import Key

AUDIT_NAME = "audit.jsonl"


def decision_records(doc: Document, *, document: str, key: Key, run_id: str) -> list[dict[str, Any]]:
    """Return one record per edit of ``doc`` (no identifier text)."""
    records = []
    for edit in doc.edits:
        original = doc.segment(edit.segment_id).text[edit.start : edit.end]
        records.append(
            {
                "type": "decision",
                "run": run_id,
                "document": document,
                "segment": edit.segment_id,
                "start": edit.start,
                "end": edit.end,
                "kind": edit.label.value,
                "detector": edit.recognizer,
                "score": round(edit.score, 3),
                "entity": edit.entity_id,
                "replacement": edit.replacement,
                "decision": "auto",
                "hash": key.keyed_hash(original),
            }
        )
    for span in doc.kept:
        original = doc.span_text(span)
        records.append(
            {
                "type": "kept",
                "run": run_id,
                "document": document,
                "segment": span.segment_id,
                "start": span.start,
                "end": span.end,
                "kind": span.label.value,
                "detector": span.recognizer,
                "score": round(span.score, 3),
                "reason": "public body, role or large place: kept",
                "hash": key.keyed_hash(original),
            }
        )
    return records


def append_records(out_dir: Path, records: Iterable[Mapping[str, Any]]) -> Path:
    """Append records to the audit log atomically (the old log plus the new lines, replaced)."""
    path = out_dir / AUDIT_NAME
    old = path.read_bytes() if path.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    new = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=".redactor-audit-", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(old + new.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def read_records(out_dir: Path) -> list[dict[str, Any]]:
    """Return every record of the audit log (empty if there is none)."""
    path = out_dir / AUDIT_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
