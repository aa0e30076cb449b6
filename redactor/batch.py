"""The bookkeeping of a batch: what happened to each input, and why, without identifier text.

Every input ends done, skipped, refused (it cannot be read: the officer must act) or failed (it
broke: run again or report it); reasons never quote document text or the input's name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from redactor.errors import RedactorError
from redactor.publish import Output
from redactor.workers import WorkerDied


@dataclasses.dataclass(frozen=True, slots=True)
class FileReport:
    """What happened to one input (no identifier text: names are pseudonymised)."""

    name: str
    status: str  # done, skipped, refused, failed
    reason: str = ""
    output: Output | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class RunResult:
    """What a redaction run did (no identifier text)."""

    outputs: tuple[Output, ...]
    reports: tuple[FileReport, ...]
    key_path: Path
    audit_path: Path
    counts: dict[str, int]
    entities: int
    words: int
    seconds: float
    unmatched: tuple[str, ...] = ()  # decisions that matched nothing (no identifier text)
    area: str | None = None  # the council area kept as written
    area_source: str = ""  # "case file" or "documents"
    decisions: str = ""  # what the run did with the officer's decisions, in words
    pdfs: tuple[Any, ...] = ()  # PdfResult of each PDF this run made (--pdf)
    pdf_seconds: float = 0.0

    def count(self, status: str) -> int:
        """Return how many inputs ended with ``status`` (done, skipped, refused, failed)."""
        return sum(1 for r in self.reports if r.status == status)

    @property
    def exit_code(self) -> int:
        """The command's exit code for this run, by the one rule in ``cli.batch_exit_code``."""
        from redactor.cli import batch_exit_code

        return batch_exit_code(failed=self.count("failed"), refused=self.count("refused"))


@dataclasses.dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan found (counts only; the names are in the review files)."""

    reports: tuple[FileReport, ...]
    review_path: Path
    decisions_path: Path
    key_path: Path
    entities: int
    mentions: int
    uncertain: int
    checks: int
    seconds: float
    unmatched: tuple[str, ...] = ()


@dataclasses.dataclass
class Batch:
    """The mutable bookkeeping of one run, by input index."""

    inputs: Sequence[tuple[Path, Path]]
    input_ids: dict[int, str] = dataclasses.field(default_factory=dict)
    input_sha: dict[int, str] = dataclasses.field(default_factory=dict)
    names: dict[int, Path] = dataclasses.field(default_factory=dict)
    skipped: dict[int, dict[str, Any]] = dataclasses.field(default_factory=dict)
    reports: dict[int, FileReport] = dataclasses.field(default_factory=dict)
    unmatched_mentions: dict[int, int] = dataclasses.field(default_factory=dict)  # mention decisions matching no text
    pdfs: dict[int, Any] = dataclasses.field(default_factory=dict)  # PdfResult by input index (--pdf)

    def document_names(self, index: int) -> tuple[str, ...]:
        """Return the names the officer may give a document in decisions: as given (its path below
        the input folder) and as published (once linking has named it)."""
        given = self.inputs[index][1].as_posix()
        return (given, self.names[index].as_posix()) if index in self.names else (given,)

    def _name(self, index: int) -> str:
        return self.names[index].as_posix() if index in self.names else ""

    def refuse(self, index: int, reason: str) -> None:
        self.reports[index] = FileReport(self._name(index), "refused", reason)

    def fail(self, index: int, reason: str) -> None:
        self.reports[index] = FileReport(self._name(index), "failed", reason)


def failure(error: BaseException | None, stage: str) -> str:
    """Describe why a document failed, without identifier text."""
    if isinstance(error, WorkerDied):
        return "a worker process stopped (killed or out of memory); run again to complete the batch."
    if isinstance(error, RedactorError):
        return str(error)
    if isinstance(error, OSError):
        reason = error.strerror or type(error).__name__
        return f"could not be written ({reason}); check free space and permissions, then run again."
    name = type(error).__name__ if error is not None else "unknown"
    return f"internal error in the {stage} stage ({name}); nothing was published for it. Please report it."


def without_path(message: str, path: Path) -> str:
    """Drop the input's path or name from a message (it may hold a name); the report names the file."""
    for text in (str(path), path.name):
        message = message.replace(text + ": ", "").replace(text, "the file")
    return message
