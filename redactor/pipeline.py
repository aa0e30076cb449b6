"""Build the stage list from Settings and run it over a case's documents.

read -> detect -> keep -> resolve -> link -> pseudonymise -> rewrite -> publish -> audit
(verification runs inside publish, and on demand with ``verify``). This module alone knows the
order; unexpected exceptions inside a stage become ``InternalError`` (exit code 3) with no
document text in the message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import hashlib
import json
import os
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from redactor import __version__
from redactor.audit import AUDIT_NAME, append_records, decision_records, readable_records
from redactor.casefile import Case, load_case
from redactor.decisions import DECISIONS_NAME, Decisions, apply_decisions, load_decisions, render_decisions, write_private
from redactor.detect.engine import Analyzer, Detect, shared_analyzer
from redactor.detect.keep import KeepFilter
from redactor.detect.nlp import MODEL_NAME, MODEL_VERSION, is_dictionary_word, is_ordinary_word
from redactor.detect.overlaps import ResolveOverlaps
from redactor.detect.relabel import Relabel
from redactor.document import Document, Label, Origin, Segment
from redactor.errors import (
    InputError,
    InternalError,
    LeakFound,
    RedactorError,
    UsageError,
)
from redactor.formats import Format, format_for, supported_suffixes
from redactor.keyfile import Key, default_key_path, load_key, save_key
from redactor.link import Link, Registry, build_registry
from redactor.names import is_calendar_word, person_variants
from redactor.policy import DEFAULTS, KeepByPolicy, Policy, residual_risks
from redactor.pseudonymise import Pseudonymise, assign_pseudonyms
from redactor.review import Review, ReviewDocument, ReviewEntity, ReviewMention
from redactor.rewrite import Rewrite
from redactor.settings import FormatSettings, Settings
from redactor.statement import STATEMENT_NAME, Statement, StatementDocument, published_counts, write_statement
from redactor.text import file_name_words
from redactor.verify import (
    Finding,
    KnownScanner,
    Replacements,
    findings_for,
    output_files,
)
from redactor.workers import Outcome, Pool, WorkerDied

T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class Output:
    """One published document."""

    name: str  # relative to OUTDIR, pseudonymised
    path: Path
    words: int
    edits: int
    notes: tuple[str, ...]


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

    def count(self, status: str) -> int:
        """Return how many inputs ended with ``status`` (done, skipped, refused, failed)."""
        return sum(1 for r in self.reports if r.status == status)

    @property
    def exit_code(self) -> int:
        """3 if any document failed, 2 if any was refused, else 0."""
        if self.count("failed"):
            return 3
        return 2 if self.count("refused") else 0


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


#: Detections below this score, or from these detectors, get their own decision entry.
UNCERTAIN_SCORE = 0.7
_UNCERTAIN_ORIGINS = frozenset({Origin.NEAR_SPELLING})


def _review_document(name: str, doc: Document) -> ReviewDocument:
    """Return the review page's view of one rewritten document."""
    mentions = tuple(
        ReviewMention(e.segment_id, e.start, e.end, e.label.value, e.replacement, e.detector, e.score, e.entity_id)
        for e in doc.edits
    )
    kept = tuple(
        ReviewMention(s.segment_id, s.start, s.end, s.label.value, "", s.detector, s.score, s.entity_id,
                      "rejected" if s.origin is Origin.DECISION else "kept")
        for s in doc.kept
    )
    checks = list(doc.notes)
    low = [m for m in mentions if m.score < UNCERTAIN_SCORE]
    if low:
        checks.append(f"{len(low)} detection(s) with confidence under {UNCERTAIN_SCORE}: see the list, lowest first")
    segments = tuple((seg.id, seg.text) for seg in doc.segments)
    return ReviewDocument(name=name, segments=segments, mentions=mentions, checks=tuple(checks), kept=kept)


@dataclasses.dataclass(frozen=True, slots=True)
class VerifyResult:
    """What verification found."""

    files: int
    findings: tuple[Finding, ...]


def _stage(name: str, func: Callable[[], T]) -> T:
    try:
        return func()
    except RedactorError:
        raise
    except Exception as err:  # noqa: BLE001 - every unexpected error becomes exit code 3
        raise InternalError(
            f"internal error in the {name} stage ({type(err).__name__}); nothing was published. "
            "Please report it with the audit log, not the documents."
        ) from err


def collect_inputs(paths: Sequence[Path], *, exclude: Sequence[Path] = ()) -> list[tuple[Path, Path]]:
    """Expand files and folders into ``(input path, name relative to OUTDIR)`` pairs.

    Folders are walked without following symbolic links; hidden files and anything under an
    excluded folder (the output folder) are skipped, as are files of unsupported types.

    Raises:
        InputError: a path does not exist, a named file has an unsupported type, or no
            supported file was found.
    """
    suffixes = set(supported_suffixes())
    excluded = [p.resolve() for p in exclude]
    found: dict[Path, Path] = {}
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: not found; check the path.")
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                root_path = Path(root)
                dirs[:] = sorted(
                    d for d in dirs
                    if not d.startswith(".") and (root_path / d).resolve() not in excluded
                )
                for file_name in sorted(files):
                    file_path = root_path / file_name
                    if file_name.startswith(".") or file_path.suffix.lower() not in suffixes:
                        continue
                    if file_name.lower().endswith(REDLINE_SUFFIX):
                        continue  # our own review copy (next to a key kept in the input folder)
                    if file_path.is_symlink() and not file_path.is_file():
                        continue
                    found.setdefault(file_path.resolve(), file_path.relative_to(path))
        else:
            format_for(path)  # raises a clear error for unsupported types
            found.setdefault(path.resolve(), Path(path.name))
    if not found:
        raise InputError(
            "no supported files found in the given inputs; redactor reads "
            + ", ".join(sorted(suffixes))
            + "."
        )
    return [(p, rel) for p, rel in found.items()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pseudonymise_name(rel: Path, registry: Registry, pseudonyms: dict[str, str]) -> Path:
    """Replace known identifiers in each part of a relative path ("DHR_Jane_Doe.txt")."""
    parts = []
    for index, part in enumerate(rel.parts):
        is_file = index == len(rel.parts) - 1
        stem, suffix = (Path(part).stem, Path(part).suffix) if is_file else (part, "")
        spaced = file_name_words(stem)
        out = stem
        for start, end, key in sorted(registry.matcher().find(spaced), reverse=True):
            kind, _, ref = key.partition(":")
            new = pseudonyms[ref] if kind == "E" else "redacted"
            sep = "_" if "_" in stem else " "
            out = out[:start] + new.replace(" ", sep) + out[end:]
        parts.append(out + suffix)
    return Path(*parts)


_LOOSE_KINDS = frozenset({Label.SOCIAL_MEDIA_HANDLE, Label.POLICE_REFERENCE})


def precise_surfaces(case: Case | None, key: Key) -> set[str]:
    """Return the identifiers known for certain: the case file's, and the key's patterns."""
    precise: set[str] = set()
    if case is not None:
        for person in case.people:
            precise |= person_variants(person.name, person.aliases)
        precise |= set(case.redact_terms)
    for entity in key.entities:
        if entity.source == "case file":
            precise |= set(entity.names)
    # Identifiers from looser heuristics (handles, reference tokens) are checked in text only.
    precise |= {i.text for i in key.identifiers if i.label not in _LOOSE_KINDS}
    return precise


def known_surfaces(case: Case | None, key: Key) -> dict[str, Label]:
    """Return every identifier text the case file and key know, with its kind."""
    known: dict[str, Label] = {}
    if case is not None:
        for person in case.people:
            for name in person_variants(person.name, person.aliases):
                known.setdefault(name, Label.PERSON)
        for term in case.redact_terms:
            known.setdefault(term, Label.CUSTOM)
    for text, label in key.all_surfaces():
        known.setdefault(text, label)
    keep = {t.casefold() for t in (case.keep_terms if case else ())}
    return {t: k for t, k in known.items() if t.casefold() not in keep and not is_calendar_word(t)}


def resolve_key_path(case_path: Path | None, key_path: Path | None) -> Path:
    """Return the key path: ``--key``, else ``<case>.key.json`` next to the case file.

    Raises:
        UsageError: neither a case file nor a key was given.
    """
    if key_path is not None:
        return key_path
    if case_path is not None:
        return default_key_path(case_path)
    raise UsageError(
        "give --case CASE.toml (the key is then kept next to it) or --key KEYFILE, so that "
        "pseudonyms stay the same across documents and runs."
    )


#: ``progress(label, total)`` starts a stage of ``total`` documents and returns its "one more done" call.
Progress = Callable[[str, int], Callable[[], None]]


def _step(progress: Progress | None, label: str, total: int) -> Callable[[], None]:
    if progress is None or total == 0:
        return lambda: None
    return progress(label, total)


@dataclasses.dataclass(frozen=True, slots=True)
class FileReport:
    """What happened to one input (no identifier text: names are pseudonymised)."""

    name: str
    status: str  # done, skipped, refused, failed
    reason: str = ""
    output: Output | None = None


@dataclasses.dataclass
class _Batch:
    """The mutable bookkeeping of one run, by input index."""

    inputs: Sequence[tuple[Path, Path]]
    input_ids: dict[int, str] = dataclasses.field(default_factory=dict)
    input_sha: dict[int, str] = dataclasses.field(default_factory=dict)
    names: dict[int, Path] = dataclasses.field(default_factory=dict)
    skipped: dict[int, dict[str, Any]] = dataclasses.field(default_factory=dict)
    reports: dict[int, FileReport] = dataclasses.field(default_factory=dict)

    def _name(self, index: int) -> str:
        return self.names[index].as_posix() if index in self.names else ""

    def refuse(self, index: int, reason: str) -> None:
        self.reports[index] = FileReport(self._name(index), "refused", reason)

    def fail(self, index: int, reason: str) -> None:
        self.reports[index] = FileReport(self._name(index), "failed", reason)


@dataclasses.dataclass(frozen=True, slots=True)
class _PublishTask:
    doc: Document
    pseudonyms: dict[str, str]
    dest: Path
    name: str
    formats: FormatSettings
    case: Case | None
    key: Key
    run_id: str
    allowed: frozenset[str] = frozenset()  # texts the officer keeps in this document (casefolded)
    redline: Path | None = None  # where to write the Word redline, next to the key
    policy: Policy = dataclasses.field(default_factory=Policy)


@dataclasses.dataclass(frozen=True, slots=True)
class _Published:
    temp: Path
    output: Output
    format: str
    output_sha256: str
    counts: dict[str, int]
    records: list[dict[str, Any]]
    risks: dict[str, int] = dataclasses.field(default_factory=dict)


_SCANNERS: dict[str, KnownScanner] = {}


def case_pseudonyms(case: Case | None, key: Key) -> set[str]:
    """Return every pseudonym of the case: the key's and the case file's."""
    return {e.pseudonym for e in key.entities} | {p.pseudonym for p in (case.people if case else ()) if p.pseudonym}


def keep_filter_for(case: Case | None, key: Key) -> KeepFilter:
    """Return the keep stage for a case: its keep terms, pseudonyms and keep switches."""
    return KeepFilter(
        keep_terms=case.keep_terms if case is not None else (),
        pseudonyms=case_pseudonyms(case, key),
        is_word=is_dictionary_word,
        large_places=case.keep_large_places if case is not None else True,
        public_bodies=case.keep_public_bodies if case is not None else True,
    )


def build_scanner(case: Case | None, key: Key, policy: Policy | None = None) -> KnownScanner:
    """Return the verification scanner for a case: every identifier it knows (but the kinds its
    policy keeps as written), and its pseudonyms."""
    policy = policy or Policy()
    pseudonyms = case_pseudonyms(case, key)
    keep = keep_filter_for(case, key)
    known = {text: label for text, label in known_surfaces(case, key).items() if policy.action(label) != "keep"}
    return KnownScanner(
        known,
        key=key,
        is_word=is_ordinary_word,
        precise={t for t in precise_surfaces(case, key) if t in known},
        protected=keep.protected,
        replacements=Replacements(pseudonyms),
    )


def _publish_group(tasks: list[_PublishTask]) -> list[Outcome[_Published]]:
    """Worker entry point: publish a group of documents; one failure does not stop the others."""
    outcomes: list[Outcome[_Published]] = []
    for task in tasks:
        try:
            outcomes.append(Outcome(value=_publish(task)))
        except Exception as err:  # noqa: BLE001 - reported per document by the caller
            outcomes.append(Outcome(error=err))
    return outcomes


def _publish(task: _PublishTask) -> _Published:
    """Worker entry point: pseudonymise, rewrite, write a temp file beside the output and verify it."""
    scanner = _SCANNERS.get(task.run_id)
    if scanner is None or len(_SCANNERS) > 4:
        _SCANNERS.clear()
        scanner = _SCANNERS[task.run_id] = build_scanner(task.case, task.key, task.policy)
    doc = task.doc
    for stage in (Pseudonymise(task.pseudonyms), Rewrite(task.policy)):
        doc = _stage(stage.name, lambda s=stage, d=doc: s.run(d))  # type: ignore[misc]
    dest = task.dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    fmt = format_for(doc.path)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=TEMP_PREFIX, suffix=dest.suffix)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            _stage("publish", lambda: fmt.write(doc, stream, settings=task.formats))
            stream.flush()
            os.fsync(stream.fileno())
        written = _stage("verify", lambda: fmt.read(tmp, settings=task.formats))

        def leaked(text: str, hits: list[tuple[int, int, Label, str]]) -> bool:
            return any(text[s:e].casefold() not in task.allowed for s, e, _kind, _hash in hits)

        leaks = [seg.id for seg in written.segments if leaked(seg.text, scanner.scan(seg.text))]
        texts = _stage("verify", lambda: list(fmt.texts(tmp)))
        leaks += [loc for loc, text in texts if leaked(text, scanner.scan_precise(text))]
        if leaks:
            raise LeakFound(
                f"verification found {len(leaks)} place(s) still holding a known identifier "
                f"({', '.join(leaks[:3])}); it was not published. Please report this."
            )
        if task.redline is not None:
            _stage("redline", lambda: _write_redline(doc, task.redline, task.formats))  # type: ignore[arg-type]
        counts = Counter(e.label.value for e in doc.edits)
        records = decision_records(doc, document=task.name, key=task.key, run_id=task.run_id)
        output = Output(task.name, dest, doc.word_count, len(doc.edits), doc.notes)
        return _Published(tmp, output, doc.format, _sha256(tmp), dict(counts), records, residual_risks(doc))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


TEMP_PREFIX = ".redactor-"


REDLINE_SUFFIX = ".redline.docx"


def redline_path(key_path: Path, name: Path) -> Path:
    """Return where the redline of output ``name`` goes: next to the key, never in OUTDIR."""
    flat = "__".join(name.with_suffix("").parts)
    return key_path.parent / f"{flat}{REDLINE_SUFFIX}"


def _write_redline(doc: Document, dest: Path, formats: FormatSettings) -> None:
    """Write the Word redline of ``doc`` atomically, mode 0600 (it holds the original text)."""
    from redactor.formats.redline import write_redline

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=TEMP_PREFIX, suffix=".docx")
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as stream:
            write_redline(doc, stream, settings=formats)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _keep_rejected(doc: Document, rejected: frozenset[str]) -> Document:
    """Move the spans whose text the officer keeps in this document to ``kept``."""
    if not rejected:
        return doc
    spans, kept = [], list(doc.kept)
    for span in doc.spans:
        if doc.span_text(span).casefold() in rejected:
            kept.append(dataclasses.replace(span, origin=Origin.DECISION))
        else:
            spans.append(span)
    return dataclasses.replace(doc, spans=tuple(spans), kept=tuple(kept))


def _remove_stale_temps(out_dir: Path) -> None:
    """Remove temp files a killed run left behind (ours only: they carry our prefix)."""
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            if name.startswith(TEMP_PREFIX) and not name.startswith(".redactor-audit-"):
                (Path(root) / name).unlink(missing_ok=True)


def _previous_outputs(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Return, by input id, the latest record of each document the audit log says was written."""
    latest: dict[str, dict[str, Any]] = {}
    for record in readable_records(out_dir):
        if record.get("type") != "run":
            continue
        for entry in record.get("documents", []):
            if isinstance(entry, dict) and entry.get("input") and entry.get("status", "done") in ("done", "skipped"):
                latest[str(entry["input"])] = entry
    return latest


def _unchanged(prev: Mapping[str, Any], input_sha: str, fingerprint: str, out_dir: Path) -> bool:
    """Say whether an input's output is still what this run would write."""
    output = out_dir / str(prev.get("document", ""))
    return (
        prev.get("input_sha256") == input_sha
        and prev.get("fingerprint") == fingerprint
        and output.is_file()
        and _sha256(output) == prev.get("output_sha256")
    )


def _failure(error: BaseException | None, stage: str) -> str:
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


def _without_path(message: str, path: Path) -> str:
    """Drop the input's path or name from a message (it may hold a name); the report names the file."""
    for text in (str(path), path.name):
        message = message.replace(text + ": ", "").replace(text, "the file")
    return message


class Redactor:
    """Runs the pipeline for one case."""

    def __init__(
        self,
        *,
        settings: Settings,
        case: Case | None,
        key: Key,
        key_passphrase: str | None = None,
        decisions: Decisions | None = None,
    ) -> None:
        self.settings = settings
        self.decisions = decisions
        self.unmatched: tuple[str, ...] = ()
        if decisions is not None:
            applied = apply_decisions(case, key, decisions)
            case, key, self.unmatched = applied.case, applied.key, applied.unmatched
        self.case = case
        self.key = key
        self.policy = Policy({Label(kind): action for kind, action in case.policy} if case is not None else None)
        self.key_passphrase = key_passphrase
        self._analyzer: Analyzer | None = None

    @property
    def analyzer(self) -> Analyzer:
        """The Presidio engine, built once, on first use."""
        if self._analyzer is None:
            self._analyzer = _stage("detect", lambda: shared_analyzer(self.settings.score_threshold))
        return self._analyzer

    def _warm_up(self) -> None:
        """Run detection once on a sample before workers fork, so that every lazily loaded list
        (names, dictionary, places) is loaded once and shared, not once per worker."""
        sample = "Jane Doe met PC 1234 Owain Threlfall at 27 Brockley Rise, London SE4 2XY, aged 34, on 3 May 2019."
        self.analyzer.find([sample])
        self.keep_filter().run(Document(Path("warm-up.txt"), "text", (Segment("body/p/0", sample),)))

    def keep_filter(self) -> KeepFilter:
        """Return the keep stage for this case (its keep terms and pseudonyms)."""
        return keep_filter_for(self.case, self.key)

    def _pseudonyms(self) -> set[str]:
        """Return every pseudonym of the case: the key's and the case file's."""
        return case_pseudonyms(self.case, self.key)

    def redact(
        self,
        inputs: Sequence[tuple[Path, Path]],
        *,
        out_dir: Path,
        key_path: Path,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> RunResult:
        """Redact ``inputs`` into ``out_dir``, one document at a time, all or nothing per document.

        Every output is written to a temp file, verified, then renamed. A document that cannot be
        read is refused, one that breaks is failed; the others are still published. A document
        whose input, case file and settings are unchanged since its output was written (by the
        audit log's hashes) is skipped, unless ``settings.force``.
        """
        started = time.perf_counter()
        started_at = dt.datetime.now(dt.UTC)
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(out_dir)
        run_id = uuid.uuid4().hex
        fingerprint = self._fingerprint()
        previous = {} if self.settings.force else _previous_outputs(out_dir)
        batch = _Batch(inputs)
        for index, (path, rel) in enumerate(inputs):
            input_id = self.key.keyed_hash("input:" + rel.as_posix())
            batch.input_ids[index] = input_id
            try:
                batch.input_sha[index] = _sha256(path)
            except OSError as err:
                batch.refuse(index, f"cannot be read ({err.strerror or type(err).__name__}); check the file and its permissions.")
                continue
            prev = previous.get(input_id)
            if prev is not None and _unchanged(prev, batch.input_sha[index], fingerprint, out_dir):
                batch.skipped[index] = prev
        todo = [i for i in range(len(inputs)) if i not in batch.reports and i not in batch.skipped]
        pool = Pool(workers)
        published: dict[int, _Published] = {}
        try:
            self._run(batch, todo, published, out_dir=out_dir, key_path=key_path, pool=pool, run_id=run_id,
                      progress=progress)
            redo = self._stale_skips(batch, out_dir)
            if redo:  # a name found in this run is in an output skipped as unchanged: redo it
                self._run(batch, redo, published, out_dir=out_dir, key_path=key_path, pool=pool, run_id=run_id,
                          progress=progress)
        except BaseException:
            # Ctrl-C or a fatal error: what was already published is still recorded, so that a
            # re-run recognises those outputs as its own and completes the batch.
            pool.close(cancel=True)
            _remove_stale_temps(out_dir)
            if published:
                self._audit(batch, published, out_dir=out_dir, run_id=run_id, fingerprint=fingerprint,
                            started_at=started_at, interrupted=True)
            raise
        pool.close(cancel=True)
        _remove_stale_temps(out_dir)
        if any(not r.name for r in batch.reports.values()):  # refused before linking
            registry = build_registry(
                [], case=self.case, key=self.key, is_word=is_ordinary_word, is_dictionary=is_dictionary_word
            )
            pseudonyms = assign_pseudonyms(registry)
            for index, report in list(batch.reports.items()):
                if not report.name:
                    name = _pseudonymise_name(batch.inputs[index][1], registry, pseudonyms).as_posix()
                    batch.reports[index] = dataclasses.replace(report, name=name)
        for index, prev in batch.skipped.items():
            if index not in batch.reports:
                batch.reports[index] = FileReport(str(prev["document"]), "skipped", "unchanged since the last run")
        seconds = time.perf_counter() - started
        audit_path = self._audit(batch, published, out_dir=out_dir, run_id=run_id, fingerprint=fingerprint,
                                 started_at=started_at)
        if any(r.status in ("done", "skipped") for r in batch.reports.values()):
            self._statement(batch, published, out_dir=out_dir, started_at=started_at)
        outputs = tuple(p.output for p in published.values())
        counts: Counter[str] = Counter()
        for p in published.values():
            counts.update(p.counts)
        return RunResult(
            outputs=outputs,
            reports=tuple(batch.reports[i] for i in sorted(batch.reports)),
            key_path=key_path,
            audit_path=audit_path,
            counts=dict(sorted(counts.items())),
            entities=len(self.key.entities),
            words=sum(o.words for o in outputs),
            seconds=seconds,
            unmatched=self.unmatched,
        )

    def _prepare(
        self, batch: _Batch, todo: Sequence[int], *, key_path: Path, pool: Pool, progress: Progress | None
    ) -> tuple[dict[int, Document], dict[str, str]]:
        """Read, detect, keep, resolve and link the documents ``todo``; save the key.

        Returns the linked documents by input index and the case's pseudonyms.
        """
        docs: dict[int, Document] = {}
        for index in todo:
            path = batch.inputs[index][0]
            try:
                docs[index] = format_for(path).read(path, settings=self.settings.formats)
            except RedactorError as err:
                batch.refuse(index, _without_path(str(err), path))
            except Exception as err:  # noqa: BLE001 - one broken file never stops the batch
                batch.fail(index, f"internal error while reading ({type(err).__name__}); please report it.")
        order = sorted(docs)
        if order:
            self.analyzer  # noqa: B018 - load the model before forking, so workers share it
        detect_step = _step(progress, "Detecting", len(order))
        keep, by_policy, resolve = self.keep_filter(), KeepByPolicy(self.policy), ResolveOverlaps()
        relabel = Relabel(is_word=is_dictionary_word)
        resolved: dict[int, Document] = {}

        def detected(position: int, outcome: Outcome[Document]) -> None:
            """Keep and resolve each document as soon as it is detected, while workers go on."""
            index = order[position]
            detect_step()
            if outcome.value is None:
                batch.fail(index, _failure(outcome.error, "detect"))
                return
            try:
                resolved[index] = resolve.run(by_policy.run(relabel.run(keep.run(outcome.value))))
            except Exception as err:  # noqa: BLE001 - one broken file never stops the batch
                batch.fail(index, _failure(err, "resolve"))

        if order and pool.workers > 1:
            self._warm_up()
        Detect(self.analyzer).run_parallel([docs[i] for i in order], pool, on_doc=detected)
        registry = _stage(
            "link",
            lambda: build_registry(
                [resolved[i] for i in sorted(resolved)], case=self.case, key=self.key,
                is_word=is_ordinary_word, is_dictionary=is_dictionary_word,
            ),
        )
        link = Link(registry)
        linked: dict[int, Document] = {}
        for index, doc in sorted(resolved.items()):
            try:
                linked[index] = link.run(doc)
            except Exception as err:  # noqa: BLE001 - one broken file never stops the batch
                batch.fail(index, _failure(err, "link"))
        pseudonyms = _stage("pseudonymise", lambda: assign_pseudonyms(registry))
        self.key = registry.to_key(self.key, pseudonyms)
        save_key(self.key, key_path, passphrase=self.key_passphrase)
        for index in range(len(batch.inputs)):
            batch.names[index] = _pseudonymise_name(batch.inputs[index][1], registry, pseudonyms)
        for index, report in list(batch.reports.items()):
            if report.status in ("refused", "failed") and not report.name:
                batch.reports[index] = dataclasses.replace(report, name=batch.names[index].as_posix())
        if self.decisions is not None:
            for index, doc in list(linked.items()):
                linked[index] = _keep_rejected(doc, self.decisions.rejected_mentions(batch.names[index].as_posix()))
            texts = {batch.names[i].as_posix(): "\n".join(s.text for s in d.segments).casefold() for i, d in linked.items()}
            missing = [
                m for m in self.decisions.mentions
                if m.document in texts and m.text.casefold() not in texts[m.document]
            ]
            self.unmatched += tuple(
                f"mention decision in {m.document} ({m.kind}) matches no text of that document" for m in missing
            )
        return linked, pseudonyms

    def _run(
        self,
        batch: _Batch,
        todo: Sequence[int],
        published: dict[int, _Published],
        *,
        out_dir: Path,
        key_path: Path,
        pool: Pool,
        run_id: str,
        progress: Progress | None,
    ) -> None:
        """Prepare the documents ``todo``, then rewrite, verify and publish them (into ``published``)."""
        if not todo:
            return
        linked, pseudonyms = self._prepare(batch, todo, key_path=key_path, pool=pool, progress=progress)
        ready = self._check_outputs(batch, linked, out_dir)
        tasks = [
            _PublishTask(
                doc=linked[i], pseudonyms=pseudonyms, dest=out_dir / batch.names[i], name=batch.names[i].as_posix(),
                formats=self.settings.formats, case=self.case, key=self.key, run_id=run_id,
                allowed=self.decisions.rejected_mentions(batch.names[i].as_posix()) if self.decisions else frozenset(),
                redline=redline_path(key_path, batch.names[i]) if self.settings.redline else None,
                policy=self.policy,
            )
            for i in ready
        ]
        write_step = _step(progress, "Writing", len(tasks))
        # Tasks travel in groups: the case, key and pseudonyms they share are pickled once a group.
        size = max(1, min(16, len(tasks) // (pool.workers * 4) or 1))
        groups = [tasks[i : i + size] for i in range(0, len(tasks), size)]

        def group_done(number: int, outcome: Outcome[list[Outcome[_Published]]]) -> None:
            for _ in groups[number]:
                write_step()

        grouped = pool.map(_publish_group, groups, on_done=group_done)
        results: list[Outcome[_Published]] = []
        for group, outcome in zip(groups, grouped, strict=True):
            results.extend(outcome.value if outcome.value is not None else [Outcome(error=outcome.error)] * len(group))
        try:
            for index, task, done in zip(ready, tasks, results, strict=True):
                if done.value is None:
                    batch.fail(index, _failure(done.error, "publish"))
                    continue
                result = done.value
                os.replace(result.temp, task.dest)
                published[index] = result
                batch.reports[index] = FileReport(task.name, "done", "", result.output)
                batch.skipped.pop(index, None)
        finally:
            for done in results:
                if done.value is not None:
                    done.value.temp.unlink(missing_ok=True)

    def scan(
        self,
        inputs: Sequence[tuple[Path, Path]],
        *,
        review_dir: Path,
        key_path: Path,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> ScanResult:
        """Detect and link without publishing; write review.html and decisions.toml for the officer."""
        from redactor.review_html import render_review

        started = time.perf_counter()
        batch = _Batch(inputs)
        with Pool(workers) as pool:
            linked, pseudonyms = self._prepare(batch, range(len(inputs)), key_path=key_path, pool=pool, progress=progress)
        stages = (Pseudonymise(pseudonyms), Rewrite(self.policy))
        documents: list[ReviewDocument] = []
        mentions_by_entity: Counter[str] = Counter()
        uncertain: dict[tuple[str, str], tuple[str, str, str, str, float, str]] = {}
        for index in sorted(linked):
            name = batch.names[index].as_posix()
            try:
                doc = linked[index]
                for stage in stages:
                    doc = stage.run(doc)
            except Exception as err:  # noqa: BLE001 - one broken file never stops the batch
                batch.fail(index, _failure(err, "rewrite"))
                continue
            documents.append(_review_document(name, doc))
            for edit in doc.edits:
                if edit.entity_id:
                    mentions_by_entity[edit.entity_id] += 1
                text = doc.segment(edit.segment_id).text[edit.start : edit.end]
                if edit.score < UNCERTAIN_SCORE or edit.origin in _UNCERTAIN_ORIGINS:
                    seg_text = doc.segment(edit.segment_id).text
                    context = " ".join(seg_text[max(0, edit.start - 40) : edit.end + 40].split())
                    uncertain.setdefault(
                        (name, text.casefold()), (name, text, edit.label.value, edit.detector, edit.score, context)
                    )
            batch.reports[index] = FileReport(name, "done", "")
        entities = [(e, mentions_by_entity[e.id]) for e in self.key.entities if mentions_by_entity[e.id]]
        review = Review(
            case=self.key.case,
            generated=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            tool=f"redactor {__version__}",
            documents=tuple(documents),
            entities=tuple(
                ReviewEntity(e.id, e.label.value, e.pseudonym, e.names, count, e.source) for e, count in entities
            ),
        )
        review_dir.mkdir(parents=True, exist_ok=True)
        decisions_path = review_dir / DECISIONS_NAME
        previous = self.decisions
        if previous is None and decisions_path.exists():
            previous = load_decisions(decisions_path)
        write_private(review_dir / "review.html", render_review(review))
        write_private(
            decisions_path, render_decisions(self.key.case, entities, sorted(uncertain.values()), previous)
        )
        return ScanResult(
            reports=tuple(batch.reports[i] for i in sorted(batch.reports)),
            review_path=review_dir / "review.html",
            decisions_path=decisions_path,
            key_path=key_path,
            entities=len(entities),
            mentions=sum(len(d.mentions) for d in documents),
            uncertain=len(uncertain),
            checks=sum(len(d.checks) for d in documents),
            seconds=time.perf_counter() - started,
            unmatched=self.unmatched,
        )

    def _statement(
        self, batch: _Batch, published: Mapping[int, _Published], *, out_dir: Path, started_at: dt.datetime
    ) -> Path:
        """Write OUTDIR/redaction-statement.md and .html for this run (no identifier text)."""
        earlier = published_counts(readable_records(out_dir))
        documents = []
        for index in sorted(batch.reports):
            report = batch.reports[index]
            if index in published:
                p = published[index]
                documents.append(
                    StatementDocument(report.name, "done", p.output.words, p.counts, p.output.notes, risks=p.risks)
                )
            elif report.status == "skipped":
                documents.append(StatementDocument(report.name, "skipped", None, earlier.get(report.name, Counter()), ()))
            else:
                documents.append(StatementDocument(report.name, report.status, None, {}, (), report.reason))
        case = self.case
        keep = []
        if case is None or case.keep_public_bodies:
            keep.append("public bodies a DHR names on purpose (police forces, NHS trusts, councils, probation, charities)")
        if case is None or case.keep_large_places:
            keep.append("countries, regions and cities (too large to identify anyone)")
        if case is not None and case.keep_terms:
            keep.append(f"{len(case.keep_terms)} term(s) the case file keeps")
        keep.append("roles, job titles, legislation, months and years")
        if self.decisions is None:
            decided = "No decisions file was given: every detection was applied as the tool found it."
        else:
            decided = (
                f"The officer's decisions were applied ({len(self.decisions.entities)} entity, "
                f"{len(self.decisions.mentions)} mention and {len(self.decisions.added)} added-term entries; decisions "
                f"file SHA-256 {self.decisions.sha256[:16]}...); {len(self.unmatched)} matched nothing."
            )
        done = sum(1 for d in documents if d.status == "done")
        verified = (
            f"Each of the {done} document(s) published by this run was read back after it was written and checked for "
            "every identifier the case file and key hold before it was released; 'redactor verify' repeats the check "
            "and also runs detection again."
        )
        statement = Statement(
            case=self.key.case,
            date=started_at.date().isoformat(),
            tool=f"redactor {__version__}",
            model=f"{MODEL_NAME} {MODEL_VERSION}",
            documents=tuple(documents),
            policy=tuple((label.value, action, DEFAULTS[label].reason) for label, action in self.policy.items()),
            keep=tuple(keep),
            decisions=decided,
            verified=verified,
        )
        return write_statement(out_dir, statement)

    def _check_outputs(self, batch: _Batch, linked: Mapping[int, Document], out_dir: Path) -> list[int]:
        """Return the documents whose output may be written; refuse the others."""
        ready: list[int] = []
        seen: dict[Path, int] = {}
        owned = {str(r["document"]): r for r in _previous_outputs(out_dir).values()}
        for index in sorted(linked):
            name = batch.names[index]
            if name in seen:
                batch.refuse(index, f"would be written as {name.as_posix()}, like another input; rename one of them.")
                continue
            seen[name] = index
            dest = out_dir / name
            if dest.exists() and not self.settings.force:
                prev = owned.get(name.as_posix())
                if prev is None or _sha256(dest) != prev.get("output_sha256"):
                    batch.refuse(
                        index,
                        f"output {name.as_posix()} already exists and was not written by redactor (or was edited "
                        "since); use --force to overwrite it, or choose another --out.",
                    )
                    continue
            ready.append(index)
        return ready

    def _stale_skips(self, batch: _Batch, out_dir: Path) -> list[int]:
        """Return skipped documents whose output holds an identifier this run learned."""
        if not batch.skipped:
            return []
        scanner = self._scanner()
        stale = []
        for index, prev in batch.skipped.items():
            path = out_dir / str(prev["document"])
            try:
                doc = format_for(path).read(path, settings=self.settings.formats)
            except RedactorError:
                stale.append(index)
                continue
            if any(scanner.scan(seg.text) for seg in doc.segments):
                stale.append(index)
        for index in stale:
            del batch.skipped[index]
        return sorted(stale)

    def _fingerprint(self) -> str:
        """Return a hash of everything besides the input that shapes an output."""
        case_sha = ""
        if self.case is not None and self.case.path is not None and self.case.path.exists():
            case_sha = _sha256(self.case.path)
        blob = json.dumps(
            {"tool": __version__, "model": f"{MODEL_NAME} {MODEL_VERSION}", "settings": self.settings.digest(),
             "case": case_sha, "decisions": self.decisions.sha256 if self.decisions else ""},
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def _audit(
        self,
        batch: _Batch,
        published: Mapping[int, _Published],
        *,
        out_dir: Path,
        run_id: str,
        fingerprint: str,
        started_at: dt.datetime,
        interrupted: bool = False,
    ) -> Path:
        """Append this run's decisions and run record to the audit log.

        Raises:
            InternalError: the log could not be written (disk full); the outputs stand.
        """
        records: list[dict[str, Any]] = []
        for index in sorted(published):
            records.extend(published[index].records)
        documents = []
        for index in sorted(batch.reports):
            report = batch.reports[index]
            entry: dict[str, Any] = {
                "document": report.name,
                "status": report.status,
                "input": batch.input_ids.get(index, ""),
                "input_sha256": batch.input_sha.get(index, ""),
                "fingerprint": fingerprint,
            }
            if index in published:
                entry |= {"format": published[index].format, "output_sha256": published[index].output_sha256,
                          "needs_human_check": list(published[index].output.notes)}
            elif report.status == "skipped":
                prev = batch.skipped.get(index, {})
                entry |= {"output_sha256": prev.get("output_sha256", ""), "fingerprint": prev.get("fingerprint", "")}
            else:
                entry["reason"] = report.reason
            documents.append(entry)
        counts: Counter[str] = Counter()
        for p in published.values():
            counts.update(p.counts)
        records.append(
            {
                "type": "run",
                "run": run_id,
                "tool": f"redactor {__version__}",
                "model": f"{MODEL_NAME} {MODEL_VERSION}",
                "settings_sha256": self.settings.digest(),
                "policy": self.policy.changed(),
                "case": self.key.case,
                "operator": getpass.getuser(),
                "started": started_at.isoformat(timespec="seconds"),
                "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "documents": documents,
                "counts": dict(sorted(counts.items())),
                "entities": len(self.key.entities),
                "verified": True,
                "interrupted": interrupted,
                "decisions_sha256": self.decisions.sha256 if self.decisions else None,
                "unmatched_decisions": len(self.unmatched),
            }
        )
        try:
            return append_records(out_dir, records)
        except OSError as err:
            raise InternalError(
                f"{len(published)} output(s) were published but the audit log could not be written "
                f"({err.strerror or type(err).__name__}); free some space, then run again with --force."
            ) from err

    def _segments(self, fmt: Format, path: Path) -> tuple[Segment, ...]:
        return _stage("verify", lambda: fmt.read(path, settings=self.settings.formats).segments)

    def _scanner(self) -> KnownScanner:
        return build_scanner(self.case, self.key, self.policy)

    def verify(self, out_dir: Path) -> VerifyResult:
        """Scan every output in ``out_dir`` for known identifiers and fresh detections."""
        if not out_dir.is_dir():
            raise InputError(f"{out_dir}: not a folder; give the folder that redact wrote.")
        files = [
            p for p in output_files(out_dir, supported_suffixes())
            if p.name != AUDIT_NAME and not (p.parent == out_dir and p.stem == STATEMENT_NAME)
        ]
        if not files:
            raise InputError(f"{out_dir}: holds no redacted documents to verify; give the folder that redact wrote.")
        scanner = self._scanner()
        ours = Replacements(self._pseudonyms())
        findings: list[Finding] = []
        docs: list[tuple[str, Document]] = []
        for path in files:
            rel = path.relative_to(out_dir).as_posix()
            fmt = format_for(path)
            if scanner.scan(file_name_words(path.stem)):
                findings.append(Finding(rel, "file name", "PERSON", "known", ""))
            doc = fmt.read(path, settings=self.settings.formats)
            for seg in doc.segments:
                findings.extend(findings_for(rel, seg.id, scanner.scan(seg.text), "known"))
            for location, text in fmt.texts(path):
                findings.extend(findings_for(rel, location, scanner.scan_precise(text), "known"))
            docs.append((rel, doc))
        detected = _stage("detect", lambda: Detect(self.analyzer).run_many([d for _, d in docs]))
        keep, by_policy, relabel = self.keep_filter(), KeepByPolicy(self.policy), Relabel(is_word=is_dictionary_word)
        for (rel, _), doc in zip(docs, detected, strict=True):
            doc = by_policy.run(relabel.run(keep.run(doc)))
            for span in doc.spans:
                text = doc.span_text(span)
                if ours.covers(text):
                    continue
                if span.recognizer in ("spacy_ner", "titled_name") and ours.touches(
                    doc.segment(span.segment_id).text, span.start, span.end
                ):
                    continue  # "Person D. Always": the model reading our own pseudonym
                findings.append(
                    Finding(rel, f"{span.segment_id}:{span.start}", span.label.value, span.recognizer,
                            self.key.keyed_hash(text)[:12])
                )
        return VerifyResult(files=len(files), findings=tuple(findings))


def open_case(
    case_path: Path | None, key_path: Path | None, passphrase: str | None = None
) -> tuple[Case | None, Key, Path]:
    """Load the case file and the key (new if absent; decrypted with ``passphrase`` if encrypted)."""
    case = load_case(case_path) if case_path is not None else None
    resolved = resolve_key_path(case_path, key_path)
    key = load_key(resolved, case=case.name if case else None, passphrase=passphrase)
    return case, key, resolved


