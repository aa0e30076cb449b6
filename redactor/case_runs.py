"""The one implementation of scan, redact and verify over a case, for the CLI and the workspace.

Each function takes the case lock, opens the case file and the key, applies the officer's
decisions and runs ``run.Redactor``; it raises ``RedactorError`` subclasses whose messages are
the CLI's. It prints nothing: ``cli.py`` prints, picks exit codes and parses flags; the browser
workspace (``redactor serve``) shows the same results as data.

Not handled: reading a passphrase from the environment (the caller passes the passphrase itself)
and Ctrl-C (``KeyboardInterrupt`` goes through to the caller, after the lock is dropped).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redactor.errors import UsageError
from redactor.settings import FormatSettings, Settings

if TYPE_CHECKING:  # the run's modules load the language model's code: imported when a run starts
    from redactor.batch import RunResult, ScanResult
    from redactor.decisions import Decisions
    from redactor.run import Progress
    from redactor.verify import VerifyResult

__all__ = ["OnStart", "Starting", "as_data", "decisions_for", "redact_case", "scan_case", "verify_case"]


@dataclasses.dataclass(frozen=True, slots=True)
class Starting:
    """What a run is about to do, said before any work (no identifier text).

    Attributes:
        documents: how many documents it reads.
        workers: how many worker processes it uses.
        skipped: the files inside the input folders that are not read because of their type,
            relative to their folder (their names may hold a name: the CLI counts them).
        case_warnings: what the case file leaves to chance (``casefile.case_warnings``).
    """

    documents: int
    workers: int
    skipped: tuple[Path, ...] = ()
    case_warnings: tuple[str, ...] = ()


#: Called once a run has opened its case and found its inputs, before the work starts.
OnStart = Callable[[Starting], None]


def decisions_for(
    case: Path | None, key_path: Path, given: Path | None, ignore: bool
) -> tuple[Decisions | None, Path]:
    """Return the decisions to apply (None if there are none or the officer ignores them) and the
    decisions file's path (the default one beside the case file unless ``given`` names one).

    Raises:
        UsageError: both a decisions file and ``ignore``.
        DecisionsError: the file is given but missing, or malformed.
    """
    from redactor.decisions import default_decisions_path, load_decisions

    if given is not None and ignore:
        raise UsageError("--decisions and --ignore-decisions contradict each other; give one of them.")
    path = given or default_decisions_path(case, key_path)
    if ignore or (given is None and not path.exists()):
        return None, path
    return load_decisions(path), path


def _refuse_dropped_decisions(out_dir: Path, decisions_path: Path) -> None:
    """Refuse to publish without decisions into a folder whose documents were published with
    them (a forgotten or moved decisions file would silently undo every decision).

    Raises:
        UsageError: the last run into ``out_dir`` applied decisions.
    """
    from redactor.audit import last_decisions_sha256

    if last_decisions_sha256(out_dir):
        raise UsageError(
            f"{out_dir}: its documents were published with the officer's decisions, but there is no "
            f"decisions file at {decisions_path}. Put it back or give --decisions FILE; to publish "
            "without any decisions, run again with --ignore-decisions."
        )


def _starting(inputs: Sequence[Path], out_dir: Path, case_file: object, documents: int, workers: int) -> Starting:
    from redactor.casefile import Case, case_warnings
    from redactor.inputs import skipped_by_type

    return Starting(
        documents=documents,
        workers=workers,
        skipped=tuple(skipped_by_type(inputs, exclude=[out_dir])),
        case_warnings=tuple(case_warnings(case_file)) if isinstance(case_file, Case) else (),
    )


def redact_case(
    inputs: Sequence[Path],
    *,
    out_dir: Path,
    case: Path | None,
    key: Path | None,
    passphrase: str | None = None,
    decisions: Path | None = None,
    ignore_decisions: bool = False,
    force: bool = False,
    tracked_changes: str = "accept",
    keep_comments: bool = False,
    strip_images: bool = False,
    strip_embedded: bool = False,
    pdf: bool = False,
    redline: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
    on_start: OnStart | None = None,
) -> RunResult:
    """Redact the documents ``inputs`` (files or folders) into ``out_dir`` for one case.

    Args:
        inputs: files and folders (every supported file below a folder is read).
        out_dir: the publication folder: outputs, audit.jsonl, the statement (and PDFs).
        case: the case file, if any; the key defaults to ``<case>.key.json`` beside it.
        key: the key file (``--key``); None: the case's default.
        passphrase: the key's passphrase (the key is then read and written encrypted).
        decisions: the decisions file; None: ``<case>.decisions.toml``, used whenever it exists.
        ignore_decisions: work without the decisions file (the statement says so).
        workers: worker processes; None: the number of cores.
        progress: told of each stage and each document done.
        on_start: told what the run is about to do, once, before any work.

    Raises:
        UsageError: contradictory or impossible options (the key inside ``out_dir``...).
        CaseBusy: another run holds the case.
        CaseFileError, DecisionsError, KeyFileError, InputError: what the officer gave is wrong.
    """
    import contextlib

    from redactor.inputs import collect_inputs, open_case, resolve_key_path
    from redactor.lock import case_lock
    from redactor.run import Redactor
    from redactor.workers import default_workers

    if tracked_changes not in ("accept", "fail"):
        raise UsageError("--tracked-changes must be 'accept' or 'fail'.")
    with contextlib.ExitStack() as held:
        held.enter_context(case_lock(resolve_key_path(case, key), out_dir))  # one run per case at a time
        case_file, key_data, key_path = open_case(case, key, passphrase)
        settings = Settings(
            formats=FormatSettings(
                tracked_changes=tracked_changes,  # type: ignore[arg-type]  # checked above
                keep_comments=keep_comments,
                strip_images=strip_images,
                strip_embedded=strip_embedded,
            ),
            force=force,
            redline=redline,
            pdf=pdf or bool(case_file and case_file.publish_pdf),
        )
        if settings.pdf:
            from redactor.pdf import libreoffice

            libreoffice()  # refuse before any work when LibreOffice is missing
        decided, decisions_path = decisions_for(case, key_path, decisions, ignore_decisions)
        if decided is None and not ignore_decisions:
            _refuse_dropped_decisions(out_dir, decisions_path)
        out_resolved = out_dir.resolve()
        if out_resolved == key_path.resolve().parent or out_resolved in key_path.resolve().parents:
            raise UsageError(
                "the key must not be written inside the output folder; choose another --key or --out."
            )
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{out_dir}: exists and is not a folder; choose another --out.")
        pairs = collect_inputs(inputs, exclude=[out_dir])
        count = workers or default_workers()
        if on_start is not None:
            on_start(_starting(inputs, out_dir, case_file, len(pairs), count))
        runner = Redactor(
            settings=settings, case=case_file, key=key_data, key_passphrase=passphrase, decisions=decided,
            decisions_ignored=ignore_decisions,
        )
        return runner.redact(pairs, out_dir=out_dir, key_path=key_path, workers=count, progress=progress)


def scan_case(
    inputs: Sequence[Path],
    *,
    review_dir: Path,
    case: Path | None,
    key: Path | None,
    passphrase: str | None = None,
    decisions: Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    on_start: OnStart | None = None,
) -> ScanResult:
    """Detect and link without publishing: write ``review_dir``/review.html and review.json and
    the case's decisions file (decisions already in it are applied and kept).

    Args: as ``redact_case``; ``review_dir`` is the folder for the review page and its data.

    Raises:
        UsageError, CaseBusy, CaseFileError, DecisionsError, KeyFileError, InputError: as ``redact_case``.
    """
    from redactor.inputs import collect_inputs, open_case, resolve_key_path
    from redactor.lock import case_lock
    from redactor.run import Redactor
    from redactor.workers import default_workers

    with case_lock(resolve_key_path(case, key), review_dir):  # one run per case at a time
        case_file, key_data, key_path = open_case(case, key, passphrase)
        decided, decisions_path = decisions_for(case, key_path, decisions, ignore=False)
        if review_dir.exists() and not review_dir.is_dir():
            raise UsageError(f"{review_dir}: exists and is not a folder; choose another --out.")
        pairs = collect_inputs(inputs, exclude=[review_dir])
        count = workers or default_workers()
        if on_start is not None:
            on_start(_starting(inputs, review_dir, case_file, len(pairs), count))
        runner = Redactor(
            settings=Settings(), case=case_file, key=key_data, key_passphrase=passphrase, decisions=decided
        )
        return runner.scan(
            pairs, review_dir=review_dir, key_path=key_path, decisions_path=decisions_path, workers=count,
            progress=progress,
        )


def verify_case(
    out_dir: Path,
    *,
    case: Path | None,
    key: Path | None,
    passphrase: str | None = None,
    decisions: Path | None = None,
    ignore_decisions: bool = False,
    show: bool = False,
) -> VerifyResult:
    """Scan the outputs in ``out_dir`` for known identifiers and fresh detections, with the same
    case file, decisions, policy and keep rules as ``redact_case`` (so the two agree).

    Args:
        show: each finding carries the words around it (for the officer's eyes only).

    Raises:
        UsageError: no key and no case file; contradictory decisions options.
        CaseBusy: a run is writing the case.
        CaseFileError, DecisionsError, KeyFileError: what the officer gave is wrong.
    """
    from redactor.inputs import open_case, resolve_key_path
    from redactor.lock import case_lock
    from redactor.run import Redactor

    with case_lock(resolve_key_path(case, key), out_dir, writes=False):  # never while a run writes it
        case_file, key_data, key_path = open_case(case, key, passphrase)
        if not key_path.exists() and case_file is None:
            raise UsageError(f"{key_path}: key file not found; pass the --key that redact wrote.")
        decided, _path = decisions_for(case, key_path, decisions, ignore_decisions)
        runner = Redactor(settings=Settings(), case=case_file, key=key_data, decisions=decided)
        return runner.verify(out_dir, show=show)


def as_data(value: Any) -> Any:
    """Return a run's result (``RunResult``, ``ScanResult``, ``VerifyResult``) as plain JSON data:
    dataclasses become dicts, paths text, tuples lists. The results hold no identifier text,
    except a ``Finding.excerpt`` asked for with ``show``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: as_data(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_data(v) for k, v in value.items()}
    return value
