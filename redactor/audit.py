"""The audit log, ``OUTDIR/audit.jsonl``: one line per decision and one run record per run.

It supports Data Protection Act compliance (DOMAIN.md section 6) and never holds an identifier:
an original is referred to by its keyed hash (HMAC-SHA256 with the case secret from the key),
documents by their output names (which are pseudonymised) and SHA-256.

The lines are hash-chained, so that a change made after writing shows: every record holds
``seq``, its 0-based line number in the whole file, and ``prev``, the SHA-256 (hex) of the
previous line's exact bytes without the newline (``GENESIS``, 64 zeros, on the first line).
`check_chain` finds a changed, removed, reordered, copied, inserted, garbled or cut-short line.
What a chain kept beside the log cannot show: a change to the last line, lines removed from the
end, or a log rewritten whole with the chain recomputed. For those, note the last line's hash
(`ChainReport.head`, printed by ``redactor audit check``) somewhere else after each run.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redactor.document import Document, Origin
from redactor.files import write_atomic
from redactor.keyfile import Key

if TYPE_CHECKING:
    from redactor.batch import FileReport
    from redactor.context import CaseContext
    from redactor.publish import Published

AUDIT_NAME = "audit.jsonl"
GENESIS = "0" * 64
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _kept_reason(origin: Origin) -> str:
    if origin is Origin.DECISION:
        return "officer decision: kept as written"
    if origin is Origin.POLICY:
        return "case policy: kind kept as written"
    return "public body, role or large place: kept"


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
                "detector": edit.detector,
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
                "detector": span.detector,
                "score": round(span.score, 3),
                "reason": _kept_reason(span.origin),
                "hash": key.keyed_hash(original),
            }
        )
    return records


def line_hash(line: bytes) -> str:
    """Return the SHA-256 (hex) of one log line's bytes, without its newline."""
    return hashlib.sha256(line).hexdigest()


def append_records(out_dir: Path, records: Iterable[Mapping[str, Any]]) -> Path:
    """Append records to the audit log atomically (the old log plus the new lines, replaced).

    Each new record gets ``seq`` and ``prev``, continuing the chain from the log's last line as
    it is now (a log written before the chain existed is continued from its last line too).
    """
    path = out_dir / AUDIT_NAME
    old = path.read_bytes() if path.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    old_lines = old.split(b"\n")[:-1]
    seq = len(old_lines)
    prev = line_hash(old_lines[-1]) if old_lines else GENESIS
    new_lines = []
    for record in records:
        line = json.dumps({**record, "seq": seq, "prev": prev}, ensure_ascii=False, sort_keys=True).encode("utf-8")
        new_lines.append(line + b"\n")
        seq, prev = seq + 1, line_hash(line)
    new = b"".join(new_lines)
    write_atomic(path, old + new, prefix=".redactor-audit-", suffix=".tmp")
    return path


def readable_records(out_dir: Path) -> list[dict[str, Any]]:
    """Return the audit log's records, skipping damaged lines (`redactor audit check` reports
    them); for re-runs, which must not fail on a log someone has damaged."""
    path = out_dir / AUDIT_NAME
    try:
        stat = path.stat()
    except OSError:
        return []
    # A run reads the log several times (its unchanged outputs, the outputs it owns, the area of
    # the last run): parse it once while it is unchanged; a log grows with every run.
    stamp = (stat.st_size, stat.st_mtime_ns)
    key = str(path.resolve())
    if key in _PARSED and _PARSED[key][0] == stamp:
        return [dict(record) for record in _PARSED[key][1]]
    records = []
    for line in path.read_bytes().split(b"\n"):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    _PARSED.clear()  # one log at a time
    _PARSED[key] = (stamp, records)
    return [dict(record) for record in records]


#: The last audit log parsed, by path: its (size, modification time) then, and its records.
_PARSED: dict[str, tuple[tuple[int, int], list[dict[str, Any]]]] = {}


def last_reading_run(records: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """Return the latest run record of a run that read documents (and so knows the council area
    and the services the documents name); None if there is none."""
    runs = [r for r in records if r.get("type") == "run" and r.get("read_documents", True)]
    return runs[-1] if runs else None


def last_decisions_sha256(out_dir: Path) -> str | None:
    """Return the SHA-256 of the decisions file the last run that published into ``out_dir``
    applied (None if it applied none, or nothing was published there)."""
    for record in reversed(readable_records(out_dir)):
        if record.get("type") == "run" and any(
            isinstance(d, dict) and d.get("status") in ("done", "skipped") for d in record.get("documents", [])
        ):
            sha = record.get("decisions_sha256")
            return str(sha) if sha else None
    return None


def read_records(out_dir: Path) -> list[dict[str, Any]]:
    """Return every record of the audit log (empty if there is none)."""
    path = out_dir / AUDIT_NAME
    if not path.exists():
        return []
    # Split on "\n" only, as the chain does: str.splitlines would also split inside a record
    # holding U+2028 or U+0085, which json.dumps(ensure_ascii=False) leaves unescaped.
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def run_record(
    context: CaseContext,
    reports: Mapping[int, FileReport],
    published: Mapping[int, Published],
    *,
    input_ids: Mapping[int, str],
    input_sha: Mapping[int, str],
    skipped: Mapping[int, Mapping[str, Any]],
    run_id: str,
    fingerprint: str,
    started_at: dt.datetime,
    interrupted: bool = False,
    read: bool = True,
    unmatched_mentions: Mapping[int, int] | None = None,
    pdfs: Mapping[int, Any] | None = None,
) -> dict[str, Any]:
    """Return the record of one run: tool, model, settings, policy, operator, times and each
    document's status and hashes (no identifier text: documents by their output names)."""
    from redactor import __version__
    from redactor.detect.nlp import MODEL_NAME, MODEL_VERSION

    documents = []
    for index in sorted(reports):
        report = reports[index]
        entry: dict[str, Any] = {
            "document": report.name,
            "status": report.status,
            "input": input_ids.get(index, ""),
            "input_sha256": input_sha.get(index, ""),
            "fingerprint": fingerprint,
        }
        if index in published:
            done = published[index]
            entry |= {"format": done.format, "output_sha256": done.output_sha256,
                      "needs_human_check": list(done.output.notes), "words": done.output.words,
                      "risks": dict(done.risks), "officer_kept": list(done.officer_kept),
                      "unmatched_mentions": (unmatched_mentions or {}).get(index, 0)}
        elif report.status == "skipped":
            prev = skipped.get(index, {})
            entry |= {"output_sha256": prev.get("output_sha256", ""), "fingerprint": prev.get("fingerprint", ""),
                      "published_by": prev.get("published_by", "")}
        else:
            entry["reason"] = report.reason
        pdf = (pdfs or {}).get(index)
        if pdf is not None:
            entry["pdf"] = {"name": pdf.name, "pages": pdf.pages, "sha256": pdf.sha256, "problem": pdf.problem}
        documents.append(entry)
    counts: Counter[str] = Counter()
    for p in published.values():
        counts.update(p.counts)
    decisions = context.decisions
    return {
        "type": "run",
        "run": run_id,
        "tool": f"redactor {__version__}",
        "model": f"{MODEL_NAME} {MODEL_VERSION}",
        "settings_sha256": context.settings.digest(),
        "policy": context.policy.changed(),
        "case": context.key.case,
        "operator": getpass.getuser(),
        "started": started_at.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "documents": documents,
        "counts": dict(sorted(counts.items())),
        "entities": len(context.key.entities),
        "verified": True,
        "interrupted": interrupted,
        "decisions_sha256": decisions.sha256 if decisions else None,
        "decisions_file": decisions.source if decisions else None,
        "decisions_ignored": context.decisions_ignored,
        "decided": list(context.decided),
        "unmatched_decisions": len(context.unmatched),
        "unmatched_entity_decisions": context.unmatched_entities,
        "read_documents": read,  # False: every document was skipped, so area and services are not known
        "area": context.area or "",
        "area_source": context.area_source,
        "services": len(context.services),
    }
