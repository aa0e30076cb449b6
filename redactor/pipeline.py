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
import os
import re
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from redactor import __version__
from redactor.audit import AUDIT_NAME, append_records, decision_records
from redactor.casefile import Case, load_case
from redactor.detect.engine import Analyzer, Detect, shared_analyzer
from redactor.detect.keep import KeepFilter
from redactor.detect.nlp import MODEL_NAME, MODEL_VERSION, is_dictionary_word, is_ordinary_word
from redactor.detect.overlaps import ResolveOverlaps
from redactor.document import Document, Label, Segment
from redactor.errors import (
    InputError,
    InternalError,
    LeakFound,
    OutputExistsError,
    RedactorError,
    UsageError,
)
from redactor.formats import Format, format_for, supported_suffixes
from redactor.keyfile import Key, default_key_path, load_key, save_key
from redactor.link import Link, Registry, build_registry
from redactor.names import is_calendar_word, person_variants
from redactor.pseudonymise import Pseudonymise, assign_pseudonyms
from redactor.rewrite import Rewrite
from redactor.settings import Settings
from redactor.verify import (
    Finding,
    KnownScanner,
    Replacements,
    findings_for,
    output_files,
)

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
    key_path: Path
    audit_path: Path
    counts: dict[str, int]
    entities: int
    words: int
    seconds: float


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
        spaced = re.sub(r"[_\-.]", " ", stem)
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


class Redactor:
    """Runs the pipeline for one case."""

    def __init__(self, *, settings: Settings, case: Case | None, key: Key, key_passphrase: str | None = None) -> None:
        self.settings = settings
        self.case = case
        self.key = key
        self.key_passphrase = key_passphrase
        self._analyzer: Analyzer | None = None

    @property
    def analyzer(self) -> Analyzer:
        """The Presidio engine, built once, on first use."""
        if self._analyzer is None:
            self._analyzer = _stage("detect", lambda: shared_analyzer(self.settings.score_threshold))
        return self._analyzer

    def keep_filter(self) -> KeepFilter:
        """Return the keep stage for this case (its keep terms and pseudonyms)."""
        case = self.case
        return KeepFilter(
            keep_terms=case.keep_terms if case is not None else (),
            pseudonyms=self._pseudonyms(),
            is_word=is_dictionary_word,
            large_places=case.keep_large_places if case is not None else True,
            public_bodies=case.keep_public_bodies if case is not None else True,
        )

    def _pseudonyms(self) -> set[str]:
        """Return every pseudonym of the case: the key's and the case file's."""
        pseudonyms = {e.pseudonym for e in self.key.entities}
        if self.case is not None:
            pseudonyms |= {p.pseudonym for p in self.case.people if p.pseudonym}
        return pseudonyms

    def process(self, docs: Sequence[Document]) -> tuple[list[Document], Registry, dict[str, str]]:
        """Run detect -> keep -> resolve -> link -> pseudonymise -> rewrite over all documents."""
        detected = _stage("detect", lambda: Detect(self.analyzer).run_many(docs))
        keep, resolve = self.keep_filter(), ResolveOverlaps()
        resolved = _stage("resolve", lambda: [resolve.run(keep.run(d)) for d in detected])
        registry = _stage(
            "link",
            lambda: build_registry(
                resolved, case=self.case, key=self.key, is_word=is_ordinary_word, is_dictionary=is_dictionary_word
            ),
        )
        link = Link(registry)
        linked = _stage("link", lambda: [link.run(d) for d in resolved])
        pseudonyms = _stage("pseudonymise", lambda: assign_pseudonyms(registry))
        stages = (Pseudonymise(pseudonyms), Rewrite())
        out = []
        for doc in linked:
            for stage in stages:
                doc = _stage(stage.name, lambda s=stage, d=doc: s.run(d))  # type: ignore[misc]
            out.append(doc)
        return out, registry, pseudonyms

    def redact(
        self, inputs: Sequence[tuple[Path, Path]], *, out_dir: Path, key_path: Path
    ) -> RunResult:
        """Redact ``inputs`` into ``out_dir``; publish nothing unless every output verifies."""
        started = time.perf_counter()
        started_at = dt.datetime.now(dt.UTC)
        docs = [format_for(path).read(path, settings=self.settings.formats) for path, _ in inputs]
        processed, registry, pseudonyms = self.process(docs)
        names = [_pseudonymise_name(rel, registry, pseudonyms) for _, rel in inputs]
        self._check_outputs(out_dir, names)
        self.key = registry.to_key(self.key, pseudonyms)
        scanner = self._scanner()
        out_dir.mkdir(parents=True, exist_ok=True)
        save_key(self.key, key_path, passphrase=self.key_passphrase)
        temps: list[tuple[Path, Path]] = []
        try:
            for doc, name in zip(processed, names, strict=True):
                temps.append((self._write_temp(doc, out_dir / name, scanner), out_dir / name))
            for tmp, dest in temps:
                os.replace(tmp, dest)
        finally:
            for tmp, _ in temps:
                tmp.unlink(missing_ok=True)
        run_id = uuid.uuid4().hex
        records: list[dict[str, Any]] = []
        counts: Counter[str] = Counter()
        outputs = []
        for doc, name in zip(processed, names, strict=True):
            records.extend(decision_records(doc, document=name.as_posix(), key=self.key, run_id=run_id))
            counts.update(e.label.value for e in doc.edits)
            outputs.append(Output(name.as_posix(), out_dir / name, doc.word_count, len(doc.edits), doc.notes))
        seconds = time.perf_counter() - started
        records.append(
            {
                "type": "run",
                "run": run_id,
                "tool": f"redactor {__version__}",
                "model": f"{MODEL_NAME} {MODEL_VERSION}",
                "settings_sha256": self.settings.digest(),
                "case": self.key.case,
                "operator": getpass.getuser(),
                "started": started_at.isoformat(timespec="seconds"),
                "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "documents": [
                    {
                        "document": name.as_posix(),
                        "format": doc.format,
                        "input_sha256": _sha256(path),
                        "output_sha256": _sha256(out_dir / name),
                        "needs_human_check": list(doc.notes),
                    }
                    for (path, _), doc, name in zip(inputs, processed, names, strict=True)
                ],
                "counts": dict(sorted(counts.items())),
                "entities": len(registry.entities),
                "verified": True,
            }
        )
        audit_path = append_records(out_dir, records)
        return RunResult(
            outputs=tuple(outputs),
            key_path=key_path,
            audit_path=audit_path,
            counts=dict(sorted(counts.items())),
            entities=len(registry.entities),
            words=sum(d.word_count for d in processed),
            seconds=seconds,
        )

    def _segments(self, fmt: Format, path: Path) -> tuple[Segment, ...]:
        return _stage("verify", lambda: fmt.read(path, settings=self.settings.formats).segments)

    def _scanner(self) -> KnownScanner:
        known = known_surfaces(self.case, self.key)
        precise = precise_surfaces(self.case, self.key)
        return KnownScanner(
            known,
            key=self.key,
            is_word=is_ordinary_word,
            precise=precise,
            protected=self.keep_filter().protected,
            replacements=Replacements(self._pseudonyms()),
        )

    def _check_outputs(self, out_dir: Path, names: Sequence[Path]) -> None:
        seen: set[Path] = set()
        for name in names:
            if name in seen:
                raise InputError(
                    f"two inputs would both be written as {name.as_posix()}; rename one of them."
                )
            seen.add(name)
        if self.settings.force:
            return
        existing = [n for n in names if (out_dir / n).exists()]
        if existing:
            raise OutputExistsError(
                f"{len(existing)} output file(s) already exist in {out_dir} (e.g. "
                f"{existing[0].as_posix()}); use --force to overwrite, or choose another --out."
            )

    def _write_temp(self, doc: Document, dest: Path, scanner: KnownScanner) -> Path:
        """Write one output to a temp file beside ``dest`` and verify it; return the temp path."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        fmt = format_for(doc.path)
        fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=".redactor-", suffix=dest.suffix)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as stream:
                _stage("publish", lambda: fmt.write(doc, stream, settings=self.settings.formats))
                stream.flush()
                os.fsync(stream.fileno())
            leaks = [seg.id for seg in self._segments(fmt, tmp) if scanner.scan(seg.text)]
            leaks += [loc for loc, text in _stage("verify", lambda: list(fmt.texts(tmp))) if scanner.scan_precise(text)]
            if leaks:
                raise LeakFound(
                    f"{dest.name}: verification found {len(leaks)} place(s) still holding a known "
                    f"identifier ({', '.join(leaks[:3])}); nothing was published. Please report this."
                )
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def verify(self, out_dir: Path) -> VerifyResult:
        """Scan every output in ``out_dir`` for known identifiers and fresh detections."""
        if not out_dir.is_dir():
            raise InputError(f"{out_dir}: not a folder; give the folder that redact wrote.")
        files = [p for p in output_files(out_dir, supported_suffixes()) if p.name != AUDIT_NAME]
        if not files:
            raise InputError(f"{out_dir}: holds no redacted documents to verify; give the folder that redact wrote.")
        scanner = self._scanner()
        ours = Replacements(self._pseudonyms())
        findings: list[Finding] = []
        docs: list[tuple[str, Document]] = []
        for path in files:
            rel = path.relative_to(out_dir).as_posix()
            fmt = format_for(path)
            if scanner.scan(re.sub(r"[_\-.]", " ", path.stem)):
                findings.append(Finding(rel, "file name", "PERSON", "known", ""))
            doc = fmt.read(path, settings=self.settings.formats)
            for seg in doc.segments:
                findings.extend(findings_for(rel, seg.id, scanner.scan(seg.text), "known"))
            for location, text in fmt.texts(path):
                findings.extend(findings_for(rel, location, scanner.scan_precise(text), "known"))
            docs.append((rel, doc))
        detected = _stage("detect", lambda: Detect(self.analyzer).run_many([d for _, d in docs]))
        keep = self.keep_filter()
        for (rel, _), doc in zip(docs, detected, strict=True):
            doc = keep.run(doc)
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


