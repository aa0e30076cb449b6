"""Publish: pseudonymise and rewrite one linked document, write a temp file, verify it, hand it back.

Runs on the workers. The caller renames the verified temp file into place (``os.replace``, atomic
within one filesystem) only once the whole group is back, so nothing partial is ever published.
The Word redline (every change as a tracked change) is written here too, next to the key.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from pathlib import Path
from typing import Any

from redactor.audit import decision_records
from redactor.context import CaseContext
from redactor.document import Document, Origin
from redactor.files import TEMP_PREFIX, atomic_writer
from redactor.formats import format_for
from redactor.incremental import sha256_file
from redactor.pipeline import after_linking, run_stage, run_stages
from redactor.policy import residual_risks
from redactor.settings import FormatSettings
from redactor.verify import KnownScanner, check_written
from redactor.workers import Outcome


@dataclasses.dataclass(frozen=True, slots=True)
class Output:
    """One published document."""

    name: str  # relative to OUTDIR, pseudonymised
    path: Path
    words: int
    edits: int
    notes: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class PublishTask:
    """One document to publish, with what the worker needs to do it."""

    doc: Document
    pseudonyms: dict[str, str]
    dest: Path
    name: str
    context: CaseContext
    run_id: str
    allowed: frozenset[str] = frozenset()  # texts the officer keeps in this document (casefolded)
    redline: Path | None = None  # where to write the Word redline, next to the key


@dataclasses.dataclass(frozen=True, slots=True)
class Published:
    """A verified temp file, and the records of what was done to it."""

    temp: Path
    output: Output
    format: str
    output_sha256: str
    counts: dict[str, int]
    records: list[dict[str, Any]]
    risks: dict[str, int] = dataclasses.field(default_factory=dict)
    officer_kept: tuple[str, ...] = ()  # where the officer kept a detection as written, in words


_SCANNERS: dict[str, KnownScanner] = {}


def publish_group(tasks: list[PublishTask]) -> list[Outcome[Published]]:
    """Worker entry point: publish a group of documents; one failure does not stop the others."""
    outcomes: list[Outcome[Published]] = []
    for task in tasks:
        try:
            outcomes.append(Outcome(value=publish(task)))
        except Exception as err:  # noqa: BLE001 - reported per document by the caller
            outcomes.append(Outcome(error=err))
    return outcomes


def publish(task: PublishTask) -> Published:
    """Pseudonymise, rewrite, write a temp file beside the output and verify it."""
    context = task.context
    scanner = _SCANNERS.get(task.run_id)
    if scanner is None or len(_SCANNERS) > 4:
        _SCANNERS.clear()
        scanner = _SCANNERS[task.run_id] = context.scanner()
    doc = run_stages(task.doc, after_linking(context, task.pseudonyms))
    formats = context.settings.formats
    dest = task.dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    fmt = format_for(doc.path)
    # The verified temp file stays beside the output: the main process renames it into place.
    with atomic_writer(dest, suffix=dest.suffix, replace=False) as temp:
        run_stage("publish", lambda: fmt.write(doc, temp.stream, settings=formats))
        temp.close()
        tmp = temp.path
        run_stage("verify", lambda: check_written(tmp, fmt, scanner=scanner, allowed=task.allowed, formats=formats))
        if task.redline is not None:
            run_stage("redline", lambda: write_redline(doc, task.redline, formats))  # type: ignore[arg-type]
        counts = Counter(e.label.value for e in doc.edits)
        records = decision_records(doc, document=task.name, key=context.key, run_id=task.run_id)
        output = Output(task.name, dest, doc.word_count, len(doc.edits), doc.notes)
        officer_kept = tuple(dict.fromkeys(doc.where(s.segment_id) for s in doc.kept if s.origin is Origin.DECISION))
        return Published(
            tmp, output, doc.format, sha256_file(tmp), dict(counts), records, residual_risks(doc), officer_kept
        )



def write_redline(doc: Document, dest: Path, formats: FormatSettings) -> None:
    """Write the Word redline of ``doc`` atomically, mode 0600 (it holds the original text)."""
    from redactor.formats.redline import write_redline as write

    dest.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(dest, suffix=".docx", mode=0o600) as temp:
        write(doc, temp.stream, settings=formats)


def remove_stale_temps(out_dir: Path) -> None:
    """Remove temp files a killed run left behind (ours only: they carry our prefix)."""
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            if name.startswith(TEMP_PREFIX) and not name.startswith(".redactor-audit-"):
                (Path(root) / name).unlink(missing_ok=True)
