"""One run over one case: ``redact`` (publish) and ``scan`` (review only).

A run reads and detects every document (detection sharded over the workers), keeps and resolves
each as soon as it is detected, links them case-wide, saves the key, then publishes them in
groups on the workers and renames each verified output into place. One bad file never stops the
others: each input ends done, skipped, refused or failed, with its reason. On Ctrl-C, what was
already published is recorded in the audit log, so that a re-run completes the batch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.audit import append_records, last_reading_run, readable_records, run_record
from redactor.batch import Batch, FileReport, RunResult, ScanResult, failure, without_path
from redactor.casefile import Case
from redactor.context import CaseContext
from redactor.decisions import DECISIONS_NAME, Decisions, ObjectDecision, load_decisions, render_decisions
from redactor.detect.engine import Analyzer, Detect, shared_analyzer
from redactor.detect.gazetteer import first_name_sex
from redactor.detect.keep import KeepFilter, is_large_place
from redactor.detect.nlp import is_case_word, is_dictionary_word, is_ordinary_word
from redactor.document import Document, Origin, Segment
from redactor.errors import InternalError, RedactorError
from redactor.files import write_private
from redactor.formats import format_for
from redactor.incremental import fingerprint, previous_outputs, sha256_file, stale_outputs, unchanged
from redactor.inputs import guard_outputs, output_name, redline_path
from redactor.keyfile import Key, save_key
from redactor.link import Link, Registry, build_registry
from redactor.pdf import PdfResult, pdf_name, publish_pdfs
from redactor.pipeline import after_linking, before_linking, run_stage, run_stages
from redactor.policy import Policy
from redactor.pseudonymise import assign_pseudonyms
from redactor.publish import Published, PublishTask, publish_group, remove_stale_temps
from redactor.review import ReviewDocument, UncertainMention, build_review, review_document, uncertain_mention
from redactor.settings import FormatSettings, Settings
from redactor.statement import statement_path, write_run_statement
from redactor.verify import VerifyResult, verify_folder
from redactor.workers import Outcome, Pool

#: ``progress(label, total)`` starts a stage of ``total`` documents and returns its "one more done" call.
Progress = Callable[[str, int], Callable[[], None]]


def _step(progress: Progress | None, label: str, total: int) -> Callable[[], None]:
    if progress is None or total == 0:
        return lambda: None
    return progress(label, total)


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



def _object_entries(name: str, doc: Document, formats: FormatSettings) -> list[ObjectDecision]:
    """Return the decisions file's ``[[object]]`` entries for a document's pictures and embedded
    objects (Word documents only), pre-filled "undecided"."""
    if doc.format != "docx":
        return []
    from redactor.formats.docx_format import list_objects

    return [
        ObjectDecision(name, o.part, o.sha256, o.kind, o.where, "checked" if o.checked else "undecided")
        for o in list_objects(doc.path, formats)
    ]


def _names_as_written(names: Sequence[str], written: Iterable[str]) -> tuple[str, ...]:
    """Return an entity's names as the documents write them, each as the key holds it (decisions
    are matched to entities by these): a written form the key holds, else the longest name of the
    key inside it ("the Gilded Heron" -> "Gilded Heron", "Dr Harjinder Bassi" -> "Harjinder Bassi")."""
    by_fold = {n.casefold(): n for n in names}
    shown: dict[str, None] = {}
    for form in written:
        if form.casefold() in by_fold:
            shown[by_fold[form.casefold()]] = None
            continue
        inside = [n for fold, n in by_fold.items() if re.search(rf"(?<!\w){re.escape(fold)}(?!\w)", form.casefold())]
        if inside:
            shown[max(inside, key=len)] = None
    return tuple(sorted(shown, key=str.casefold))


def _never_misspelt(word: str) -> bool:
    """A dictionary word or a large place is never read as a misspelt name ("trace", "Derry")."""
    return is_dictionary_word(word) or is_large_place(word)


def _link_one(link: Link, doc: Document) -> Document:
    """Worker entry point: link one document with the case's registry (shared by fork)."""
    return link.run(doc)

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
        decisions_ignored: bool = False,
    ) -> None:
        if decisions is not None and decisions.objects:  # the pictures and objects a person checked
            checked = settings.formats.checked_objects | decisions.checked_objects()
            settings = dataclasses.replace(settings, formats=dataclasses.replace(settings.formats, checked_objects=checked))
        self.context = CaseContext.build(
            settings=settings, case=case, key=key, decisions=decisions, decisions_ignored=decisions_ignored
        )
        self.key_passphrase = key_passphrase
        self._analyzer: Analyzer | None = None

    # The context's parts, as callers (eval, tests) read them.
    @property
    def settings(self) -> Settings:
        return self.context.settings

    @property
    def case(self) -> Case | None:
        return self.context.case

    @property
    def key(self) -> Key:
        return self.context.key

    @property
    def policy(self) -> Policy:
        return self.context.policy

    @property
    def unmatched(self) -> tuple[str, ...]:
        return self.context.unmatched

    @property
    def analyzer(self) -> Analyzer:
        """The Presidio engine, built once, on first use."""
        if self._analyzer is None:
            self._analyzer = run_stage("detect", lambda: shared_analyzer(self.settings.score_threshold))
        return self._analyzer

    def registry(self, docs: Sequence[Document]) -> Registry:
        """Build the case-wide registry from these resolved documents, the case file and the key,
        with the word tests the CLI uses (``eval/cases.py`` calls this too, so that evaluation
        links exactly as a run does)."""
        return build_registry(
            docs, case=self.case, key=self.key,
            is_word=is_ordinary_word, is_dictionary=_never_misspelt, is_case_word=is_case_word,
            given_name_sex=first_name_sex,
        )

    def _warm_up(self) -> None:
        """Run detection once on a sample before workers fork, so that every lazily loaded list
        (names, dictionary, places) is loaded once and shared, not once per worker."""
        sample = "Jane Doe met PC 1234 Owain Threlfall at 27 Brockley Rise, London SE4 2XY, aged 34, on 3 May 2019."
        self.analyzer.find([sample])
        self.keep_filter().run(Document(Path("warm-up.txt"), "text", (Segment("body/p/0", sample),)))

    def keep_filter(self) -> KeepFilter:
        """Return the keep stage for this case (its keep terms and pseudonyms)."""
        return self.context.keep_filter()

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
        remove_stale_temps(out_dir)
        run_id = uuid.uuid4().hex
        print_ = fingerprint(self.settings, self.case, self.context.decisions)
        previous = {} if self.settings.force else previous_outputs(out_dir)
        batch = Batch(inputs)
        for index, (path, rel) in enumerate(inputs):
            input_id = self.key.keyed_hash("input:" + rel.as_posix())
            batch.input_ids[index] = input_id
            try:
                batch.input_sha[index] = sha256_file(path)
            except OSError as err:
                batch.refuse(index, f"cannot be read ({err.strerror or type(err).__name__}); check the file and its permissions.")
                continue
            prev = previous.get(input_id)
            if prev is not None and unchanged(prev, batch.input_sha[index], print_, out_dir):
                batch.skipped[index] = prev
        todo = [i for i in range(len(inputs)) if i not in batch.reports and i not in batch.skipped]
        pool = Pool(workers)
        published: dict[int, Published] = {}
        try:
            self._publish(batch, todo, published, out_dir=out_dir, key_path=key_path, pool=pool, run_id=run_id,
                          progress=progress)
            redo = self._stale_skips(batch, out_dir)
            if redo:  # a name found in this run is in an output skipped as unchanged: redo it
                self._publish(batch, redo, published, out_dir=out_dir, key_path=key_path, pool=pool, run_id=run_id,
                              progress=progress)
            pool.close(cancel=True)
            pdfs, pdf_seconds = self._pdfs(batch, published, out_dir=out_dir, progress=progress)
        except BaseException:
            # Ctrl-C or a fatal error: what was already published is still recorded, so that a
            # re-run recognises those outputs as its own and completes the batch.
            pool.close(cancel=True)
            remove_stale_temps(out_dir)
            if published:
                self._audit(batch, published, out_dir=out_dir, run_id=run_id, fingerprint=print_,
                            started_at=started_at, interrupted=True)
            raise
        pool.close(cancel=True)
        remove_stale_temps(out_dir)
        if any(not r.name for r in batch.reports.values()):  # refused before linking
            registry = self.registry([])
            pseudonyms = assign_pseudonyms(registry)
            for index, report in list(batch.reports.items()):
                if not report.name:
                    name = output_name(batch.inputs[index][1], registry, pseudonyms).as_posix()
                    batch.reports[index] = dataclasses.replace(report, name=name)
        for index, prev in batch.skipped.items():
            if index not in batch.reports:
                batch.reports[index] = FileReport(str(prev["document"]), "skipped", "unchanged since the last run")
        seconds = time.perf_counter() - started
        read = bool(todo) or bool(published) or any(r.status == "failed" for r in batch.reports.values())
        audit_path = self._audit(batch, published, out_dir=out_dir, run_id=run_id, fingerprint=print_,
                                 started_at=started_at, read=read)
        if not read:  # every document unchanged: the area is the one the run that read them found
            recorded = last_reading_run(readable_records(out_dir)) or {}
            if not self.context.area and recorded.get("area"):
                self.context = dataclasses.replace(
                    self.context, area=str(recorded["area"]), area_source=str(recorded.get("area_source", ""))
                )
        if any(r.status in ("done", "skipped") for r in batch.reports.values()) or statement_path(out_dir).exists():
            write_run_statement(out_dir, self.context, batch.reports, started_at=started_at)
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
            area=self.context.area,
            area_source=self.context.area_source,
            decisions=self._decisions_line(),
            pdfs=tuple(pdfs.values()),
            pdf_seconds=pdf_seconds,
        )

    def _pdfs(
        self, batch: Batch, published: dict[int, Published], *, out_dir: Path, progress: Progress | None
    ) -> tuple[dict[int, PdfResult], float]:
        """Publish the PDF of each document published by this run, and of each skipped one whose
        PDF is missing (``settings.pdf`` only); return them by input index and the seconds taken."""
        if not self.settings.pdf:
            return {}, 0.0
        started = time.perf_counter()
        wanted = sorted(published) + [
            i for i, prev in sorted(batch.skipped.items())
            if i not in published and not (out_dir / pdf_name(str(prev["document"]))).is_file()
        ]
        names = {i: published[i].output.name if i in published else str(batch.skipped[i]["document"]) for i in wanted}
        step = _step(progress, "PDF", 1 if wanted else 0)
        documents = [(out_dir / names[i], names[i], self._kept_as_written(batch, i)) for i in wanted]
        results = publish_pdfs(documents, out_dir, self.context.scanner())
        step()
        pdfs = dict(zip(wanted, results, strict=True))
        batch.pdfs.update(pdfs)
        return pdfs, time.perf_counter() - started

    def _kept_as_written(self, batch: Batch, index: int) -> frozenset[str]:
        """Return the texts the officer keeps as written in one document (casefolded; mention decisions)."""
        decisions = self.context.decisions
        return decisions.rejected_mentions(*batch.document_names(index)) if decisions else frozenset()

    def _decisions_line(self) -> str:
        """Say in words which decisions this run applied (no identifier text)."""
        decisions = self.context.decisions
        if decisions is None:
            return "ignored on request (--ignore-decisions)" if self.context.decisions_ignored else "none"
        changed = len(self.context.decided)
        mentions = len(decisions.mentions)
        return f"{decisions.source} applied ({changed} change(s) to what the tool found, {mentions} mention decision(s))"

    def _prepare(
        self, batch: Batch, todo: Sequence[int], *, key_path: Path, pool: Pool, progress: Progress | None
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
                batch.refuse(index, without_path(str(err), path))
            except Exception as err:  # noqa: BLE001 - one broken file never stops the batch
                batch.fail(index, f"internal error while reading ({type(err).__name__}); please report it.")
        order = sorted(docs)
        # The council area is kept everywhere: the case file's, or the one the documents name.
        self.context = self.context.with_area_from(seg.text for i in order for seg in docs[i].segments)
        if order:
            self.analyzer  # noqa: B018 - load the model before forking, so workers share it
        detect_step = _step(progress, "Detecting", len(order))
        stages = before_linking(self.context)
        resolved: dict[int, Document] = {}

        def detected(position: int, outcome: Outcome[Document]) -> None:
            """Keep and resolve each document as soon as it is detected, while workers go on."""
            index = order[position]
            detect_step()
            if outcome.value is None:
                batch.fail(index, failure(outcome.error, "detect"))
                return
            try:
                resolved[index] = run_stages(outcome.value, stages, wrap=False)
            except Exception as err:  # noqa: BLE001 - one broken file never stops the batch
                batch.fail(index, failure(err, "resolve"))

        if order and pool.workers > 1:
            self._warm_up()
        keep = next(stage for stage in stages if isinstance(stage, KeepFilter))
        # The keep stage's scan of every text for kept names runs in the workers, beside detection.
        Detect(self.analyzer).run_parallel(
            [docs[i] for i in order], pool, on_doc=detected, per_text=(keep.protected, keep.remember)
        )
        registry = run_stage(
            "link",
            lambda: self.registry([resolved[i] for i in sorted(resolved)]),
        )
        linked: dict[int, Document] = {}
        registry.matcher()  # built once, here, before the workers that link fork
        link_order = sorted(resolved)
        outcomes = pool.map_shared(_link_one, Link(registry), [resolved[i] for i in link_order])
        for index, outcome in zip(link_order, outcomes, strict=True):
            if outcome.value is None:
                batch.fail(index, failure(outcome.error, "link"))
            else:
                linked[index] = outcome.value
        pseudonyms = run_stage("pseudonymise", lambda: assign_pseudonyms(registry))
        self.context = self.context.with_key(registry.to_key(self.key, pseudonyms))
        save_key(self.key, key_path, passphrase=self.key_passphrase)
        for index in range(len(batch.inputs)):
            batch.names[index] = output_name(batch.inputs[index][1], registry, pseudonyms)
        for index, report in list(batch.reports.items()):
            if report.status in ("refused", "failed") and not report.name:
                batch.reports[index] = dataclasses.replace(report, name=batch.names[index].as_posix())
        decisions = self.context.decisions
        if decisions is not None:
            for index, doc in list(linked.items()):
                linked[index] = _keep_rejected(doc, self._kept_as_written(batch, index))
            texts = {
                name: "\n".join(s.text for s in d.segments).casefold()
                for i, d in linked.items() for name in batch.document_names(i)
            }
            missing = [
                m for m in decisions.mentions
                if m.document in texts and m.text.casefold() not in texts[m.document]
            ]
            for index in linked:
                names = batch.document_names(index)
                batch.unmatched_mentions[index] = sum(1 for m in missing if m.document in names)
            self.context = self.context.with_unmatched(tuple(
                f"mention decision in {m.document} ({m.kind}) matches no text of that document" for m in missing
            ))
        return linked, pseudonyms

    def _publish(
        self,
        batch: Batch,
        todo: Sequence[int],
        published: dict[int, Published],
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
        owned = {str(r["document"]): r for r in previous_outputs(out_dir).values()}
        ready, refused = guard_outputs(batch.names, sorted(linked), out_dir=out_dir, force=self.settings.force, owned=owned)
        for index, reason in refused.items():
            batch.refuse(index, reason)
        tasks = [
            PublishTask(
                doc=linked[i], pseudonyms=pseudonyms, dest=out_dir / batch.names[i], name=batch.names[i].as_posix(),
                context=self.context, run_id=run_id,
                allowed=self._kept_as_written(batch, i),
                redline=redline_path(key_path, batch.names[i]) if self.settings.redline else None,
            )
            for i in ready
        ]
        write_step = _step(progress, "Writing", len(tasks))
        # Tasks travel in groups: the case, key and pseudonyms they share are pickled once a group.
        size = max(1, min(16, len(tasks) // (pool.workers * 4) or 1))
        groups = [tasks[i : i + size] for i in range(0, len(tasks), size)]

        def group_done(number: int, outcome: Outcome[list[Outcome[Published]]]) -> None:
            for _ in groups[number]:
                write_step()

        grouped = pool.map(publish_group, groups, on_done=group_done)
        results: list[Outcome[Published]] = []
        for group, outcome in zip(groups, grouped, strict=True):
            results.extend(outcome.value if outcome.value is not None else [Outcome(error=outcome.error)] * len(group))
        try:
            for index, task, done in zip(ready, tasks, results, strict=True):
                if done.value is None:
                    batch.fail(index, failure(done.error, "publish"))
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
        decisions_path: Path | None = None,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> ScanResult:
        """Detect and link without publishing; write review.html and the decisions file for the officer.

        Documents are named as the officer gave them (their path below the input folder), in the
        page and in the decisions file; the decisions file goes to ``decisions_path`` (default:
        ``review_dir/decisions.toml``).
        """
        from redactor.review_html import render_review
        from redactor.review_json import REVIEW_JSON, render_review_json

        started = time.perf_counter()
        batch = Batch(inputs)
        # List pictures and embedded objects for review (and the decisions file) instead of refusing.
        formats = dataclasses.replace(self.settings.formats, objects="list")
        self.context = dataclasses.replace(self.context, settings=dataclasses.replace(self.settings, formats=formats))
        with Pool(workers) as pool:
            linked, pseudonyms = self._prepare(batch, range(len(inputs)), key_path=key_path, pool=pool, progress=progress)
        stages = after_linking(self.context, pseudonyms)
        documents: list[ReviewDocument] = []
        mentions_by_entity: Counter[str] = Counter()
        seen: dict[str, dict[str, None]] = {}  # entity id -> the forms the documents write, in order
        uncertain: dict[tuple[str, str], UncertainMention] = {}
        objects: list[ObjectDecision] = []
        for index in sorted(linked):
            name = batch.inputs[index][1].as_posix()
            try:
                doc = run_stages(linked[index], stages, wrap=False)
            except Exception as err:  # noqa: BLE001 - one broken file never stops the batch
                batch.fail(index, failure(err, "rewrite"))
                continue
            documents.append(
                dataclasses.replace(review_document(name, doc), published=batch.names[index].as_posix())
            )
            objects.extend(_object_entries(name, doc, formats))
            for edit in doc.edits:
                if edit.entity_id:
                    mentions_by_entity[edit.entity_id] += 1
                    written = " ".join(doc.segment(edit.segment_id).text[edit.start : edit.end].split())
                    seen.setdefault(edit.entity_id, {})[written] = None
                entry = uncertain_mention(name, doc, edit)
                if entry is not None:
                    uncertain.setdefault((name, entry.text.casefold()), entry)
            batch.reports[index] = FileReport(name, "done", "")
        # The officer sees each entity's names as the documents write them, not every form the
        # key holds to find them ("Kez" and "Mr Ashcroft", not the generated "Kiero" or "Ashcrofty").
        entities = [
            (dataclasses.replace(e, names=_names_as_written(e.names, seen.get(e.id, {})) or e.names), mentions_by_entity[e.id])
            for e in self.key.entities if mentions_by_entity[e.id]
        ]
        review = build_review(
            self.key, documents, entities, generated=dt.datetime.now(dt.UTC), tool=f"redactor {__version__}",
            uncertain=sorted(uncertain.values()),
        )
        review_dir.mkdir(parents=True, exist_ok=True)
        decisions_path = decisions_path or review_dir / DECISIONS_NAME
        previous = self.context.decisions
        if previous is None and decisions_path.exists():
            previous = load_decisions(decisions_path)
        write_private(review_dir / "review.html", render_review(review))
        write_private(review_dir / REVIEW_JSON, render_review_json(review))  # the workspace's view of the same
        write_private(
            decisions_path, render_decisions(self.key.case, entities, sorted(uncertain.values()), previous, objects)
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

    def _stale_skips(self, batch: Batch, out_dir: Path) -> list[int]:
        """Return skipped documents whose output holds an identifier this run learned."""
        if not batch.skipped:
            return []
        allowed = {i: self._kept_as_written(batch, i) for i in batch.skipped}
        stale = stale_outputs(batch.skipped.items(), out_dir=out_dir, scanner=self.context.scanner(),
                              formats=self.settings.formats, allowed=allowed)
        for index in stale:
            del batch.skipped[index]
        return stale

    def _audit(
        self,
        batch: Batch,
        published: dict[int, Published],
        *,
        out_dir: Path,
        run_id: str,
        fingerprint: str,
        started_at: dt.datetime,
        interrupted: bool = False,
        read: bool = True,
    ) -> Path:
        """Append this run's decisions and run record to the audit log.

        Raises:
            InternalError: the log could not be written (disk full); the outputs stand.
        """
        records: list[dict[str, Any]] = []
        for index in sorted(published):
            records.extend(published[index].records)
        records.append(
            run_record(
                self.context, batch.reports, published, input_ids=batch.input_ids, input_sha=batch.input_sha,
                skipped=batch.skipped, run_id=run_id, fingerprint=fingerprint, started_at=started_at,
                interrupted=interrupted, read=read, unmatched_mentions=batch.unmatched_mentions, pdfs=batch.pdfs,
            )
        )
        try:
            return append_records(out_dir, records)
        except OSError as err:
            raise InternalError(
                f"{len(published)} output(s) were published but the audit log could not be written "
                f"({err.strerror or type(err).__name__}); free some space, then run again with --force."
            ) from err

    def verify(self, out_dir: Path, *, show: bool = False) -> VerifyResult:
        """Scan every output in ``out_dir`` for known identifiers and fresh detections (with
        ``show``, each finding carries the words around it, for the terminal only)."""
        return verify_folder(out_dir, self.context, self.analyzer, show=show)
