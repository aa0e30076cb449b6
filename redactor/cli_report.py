"""What the command line prints: tables, summaries and progress bars (rich). No exit codes here.

Everything printed is pseudonymised or counts only; file names are escaped for rich markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from redactor.document import kind_name

if TYPE_CHECKING:
    from redactor.audit_chain import ChainReport
    from redactor.casefile import Case

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class ProgressBar:
    """A rich progress bar per stage, with files/s and an ETA; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=err,
            disable=not err.is_terminal,
            transient=False,
        )

    def __call__(self, label: str, total: int) -> Callable[[], None]:
        import time

        task = self._bar.add_task(label, total=total, rate="")
        started = time.perf_counter()
        done = [0]

        def advance() -> None:
            done[0] += 1
            elapsed = max(time.perf_counter() - started, 1e-6)
            self._bar.update(task, advance=1, rate=f"{done[0] / elapsed:5.1f} files/s")

        return advance

    def __enter__(self) -> ProgressBar:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()


def print_unmatched(unmatched: tuple[str, ...]) -> None:
    """Print the decisions that matched nothing (no identifier text)."""
    if unmatched:
        out.print(f"[bold yellow]Decisions that matched nothing ({len(unmatched)}):[/]")
        for message in unmatched:
            out.print(f"  {escape(message)}", soft_wrap=True)


def print_redact(result: Any, out_dir: Path, *, redline: bool) -> None:
    """Print what a redaction run did: the per-file table, the summary and the decisions that matched nothing."""
    print_result(result, out_dir)
    print_unmatched(result.unmatched)
    if redline and result.outputs:
        out.print(
            f"Redlines:  {result.key_path.parent}/*.redline.docx [bold](not for publication: they hold the "
            "original text)[/]"
        )


def area_line(area: str | None, source: str) -> str:
    """Say which council area is kept as written, and how it was found (for the officer to correct)."""
    if not area:
        return 'none found; name it in the case file ([case] area = "...") so that it stays as written'
    if source == "case file":
        return f"{area} (from the case file; kept as written)"
    return f'{area} (found in the documents; kept as written; if wrong, set [case] area = "..." in the case file)'


#: A batch of interviews can raise thousands of checks: the summary shows the first ones, the
#: statement (redaction-statement.md) lists them all.
_CHECKS_SHOWN = 20


def print_result(result: Any, out_dir: Path) -> None:
    """Print the per-file table and the run summary (names are pseudonymised)."""
    table = Table(title="Documents", show_lines=False)
    table.add_column("file", overflow="fold")
    table.add_column("status")
    table.add_column("words", justify="right")
    table.add_column("replacements", justify="right")
    style = {"done": "green", "skipped": "cyan", "refused": "yellow", "failed": "bold red"}
    for report in result.reports:
        words = str(report.output.words) if report.output else ""
        edits = str(report.output.edits) if report.output else ""
        status = f"[{style[report.status]}]{report.status}[/]"
        table.add_row(escape(report.name), status, words, edits)
    out.print(table)
    for report in result.reports:
        if report.status in ("refused", "failed"):
            out.print(
                f"[{style[report.status]}]{report.status}:[/] {escape(report.name)}: {escape(report.reason)}",
                soft_wrap=True,
            )
    summary = ", ".join(f"{s} {result.count(s)}" for s in ("done", "skipped", "refused", "failed"))
    out.print(f"Files:     {summary}")
    if result.count("skipped"):
        out.print(
            f"Skipped:   {result.count('skipped')} unchanged since they were published (same input, case file, "
            "decisions and settings); --force redoes them.", soft_wrap=True,
        )
    if result.decisions:
        out.print(f"Decisions: {escape(result.decisions)}", soft_wrap=True)
    kinds = ", ".join(f"{kind_name(_label(k))} {n}" for k, n in result.counts.items()) or "none"
    out.print(f"Replacements by kind: {kinds}")
    out.print(f"People, places and organisations: {result.entities} (one pseudonym each)")
    out.print(f"Council area: {escape(area_line(result.area, result.area_source))}", soft_wrap=True)
    checks = [(o.name, note) for o in result.outputs for note in o.notes]
    if checks:
        out.print(f"[bold yellow]Needs a human check ({len(checks)}):[/]")
        for name, note in checks[:_CHECKS_SHOWN]:
            out.print(f"  {escape(name)}: {escape(note)}")
        if len(checks) > _CHECKS_SHOWN:
            out.print(f"  ... and {len(checks) - _CHECKS_SHOWN} more: the statement lists every one.")
    if result.pdfs:
        made = [p for p in result.pdfs if p.name]
        per_minute = len(result.pdfs) / result.pdf_seconds * 60 if result.pdf_seconds else 0.0
        out.print(
            f"PDF copies: {len(made)} of {len(result.pdfs)} published, each read back and checked "
            f"({result.pdf_seconds:.1f} s, {per_minute:,.0f} documents/min)"
        )
        for p in result.pdfs:
            if not p.name:
                out.print(f"  [yellow]no PDF:[/] {escape(p.document)}: {escape(p.problem)}", soft_wrap=True)
    rate = result.words / result.seconds if result.seconds else 0.0
    if result.outputs:
        out.print(f"Outputs:   {out_dir}/ (each verified before it was published: no known identifier left)")
    statement = out_dir / "redaction-statement.md"
    if statement.exists():
        out.print(f"Statement: {statement} (and .html: what was done, for the QA Panel; no identifiers)")
    out.print(f"Audit log: {result.audit_path}")
    out.print(f"Key:       {result.key_path} [bold](sensitive: holds real names; keep it apart)[/]")
    out.print(f"Time:      {result.seconds:.1f} s for {result.words} words ({rate:,.0f} words/s)")


def print_scan(result: Any) -> None:
    """Print what a scan found: files not done, decisions that matched nothing, the counts and the paths."""
    for report in result.reports:
        if report.status != "done":
            out.print(f"{report.status}: {escape(report.name)}: {escape(report.reason)}", soft_wrap=True)
    print_unmatched(result.unmatched)
    out.print(
        f"Scanned {sum(r.status == 'done' for r in result.reports)} document(s): {result.mentions} detection(s), "
        f"{result.entities} people, places and organisations, {result.uncertain} uncertain, "
        f"{result.checks} human check(s)."
    )
    out.print(f"Review page: {result.review_path} [bold](sensitive: holds real names)[/]")
    out.print(f"Decisions:   {result.decisions_path} [bold](sensitive)[/]: edit it; redact and verify read it from there")
    out.print(f"Key:         {result.key_path}")


def print_verify(result: Any) -> None:
    """Print verification's findings as a table, or one line if the outputs are clean."""
    if not result.findings:
        out.print(f"Clean: {result.files} file(s) checked, no known identifier or fresh detection.")
        return
    table = Table(title=f"Findings ({len(result.findings)})")
    for column in ("file", "location", "kind", "found by", "keyed hash"):
        table.add_column(column)
    for f in result.findings:
        table.add_row(f.document, f.location, kind_name(f.kind), f.source, f.hash)
    out.print(table)
    shown = [f for f in result.findings if f.excerpt]
    if shown:
        out.print("[bold]In context[/] (this terminal only; the words may hold a name):")
        for f in shown:
            out.print(f"  {escape(f.document)}, {escape(f.location)}: {escape(f.excerpt)}", soft_wrap=True)
    out.print(
        f"[bold red]{len(result.findings)} finding(s)[/] in {result.files} file(s). Each needs a "
        "human check; the keyed hash matches the audit log's 'hash' field."
        + ("" if shown else " To see each in context on this terminal only, run again with --show.")
    )


def print_policy(case_file: Case | None) -> None:
    """Print what happens to each kind of identifier, with the reason (and a case file's choices):
    one entry a kind, wrapped at word boundaries, so that it reads at 80 columns."""
    from redactor.document import Label
    from redactor.policy import DEFAULTS, Policy

    policy = Policy({Label(k): v for k, v in case_file.policy} if case_file else None)
    title = "Policy by kind" + (f" for case {escape(case_file.name)}" if case_file else " (defaults)")
    out.print(f"[bold]{title}[/]")
    for label, action in policy.items():
        rule = DEFAULTS[label]
        changed = f" [bold](the case file's choice; default {rule.action})[/]" if action != rule.action else ""
        out.print(f"\n[bold]{escape(kind_name(label))}[/] ({label.value}): {action}{changed}", soft_wrap=False)
        out.print(f"  choices: {', '.join(rule.allowed)}. {escape(rule.reason)}")
    out.print('\nChange one in the case file: [policy] KIND = "action" (e.g. AGE = "generalise").', markup=False)


def print_audit(report: ChainReport, out_dir: Path) -> None:
    """Print the audit check: intact with its head hash, or every problem and what it means."""
    if report.intact:
        out.print(f"intact: {report.lines} lines, {report.runs} runs")
        out.print(
            f"last line sha256: {report.head} (keep a note of it elsewhere: the chain cannot show a "
            "later change to its own last line)",
            soft_wrap=True,
        )
        return
    for problem in report.problems:
        out.print(str(problem), markup=False, soft_wrap=True)
    if report.unchained and len(report.problems) == 1:
        what = "it holds lines written before redactor chained its audit log, which cannot be checked."
    else:
        what = "it was changed or damaged after it was written; compare it with your backup."
    out.print(
        f"[bold red]{len(report.problems)} problem(s)[/] in {report.lines} line(s) of {out_dir / 'audit.jsonl'}: {what}",
        soft_wrap=True,
    )


def print_skipped(skipped: Sequence[Path]) -> None:
    """Warn, before any work, of the files in the input folders that will not be read, counted by
    type with what to do (not named: a file name may hold a name)."""
    if not skipped:
        return
    from redactor.formats import what_to_do

    by_type = Counter(p.suffix.lower() or "(no suffix)" for p in skipped)
    err.print(f"[bold yellow]Not read ({len(skipped)} file(s) in the input folders):[/]")
    for suffix, count in sorted(by_type.items()):
        err.print(f"  {count} x {escape(suffix)}: {escape(what_to_do(suffix))}.")


def print_case_warnings(warnings: Sequence[str]) -> None:
    """Warn, before any work, of what the case file leaves to chance (never a name)."""
    for warning in warnings:
        err.print(f"[bold yellow]Case file:[/] {escape(warning)}")


def _label(kind: str) -> Any:
    from redactor.document import Label

    try:
        return Label(kind)
    except ValueError:
        return kind
