"""The command line. Only this module prints and picks exit codes.

Exit codes: 0 done / clean; 1 verify found identifiers, or audit check found the log changed;
2 usage or input error (missing, unsupported, empty or undecodable file, bad case or key file,
output exists); 3 internal error.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from redactor import __version__
from redactor.errors import RedactorError, UsageError
from redactor.settings import FormatSettings, Settings

EXIT_CODES = (
    "Exit codes: 0 done (verify: clean; audit check: intact); 1 verify found identifiers, or audit "
    "check found the log changed; 2 usage or input error "
    "(missing, unsupported, empty or undecodable file, bad case or key file, output exists "
    "without --force); 3 internal error. In a batch, 2 means some files were refused and 3 that "
    "some failed; every other file was still published, and nothing partial is ever written."
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="Pseudonymise Domestic Homicide Review documents for publication.\n\n" + EXIT_CODES,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _fail(error: RedactorError) -> NoReturn:
    err.print(f"[bold red]error:[/] {error}", markup=True, soft_wrap=True)
    raise typer.Exit(error.exit_code)


CaseOpt = Annotated[
    Path | None,
    typer.Option("--case", help="The case file (TOML): people, pseudonyms, keep and redact terms."),
]
KeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--key",
        help="The pseudonym key (JSON, sensitive). Default: <case>.key.json next to the case file.",
    ),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Worker processes (default: the number of cores)."),
]
PassphraseOpt = Annotated[
    str | None,
    typer.Option(
        "--key-passphrase-env",
        metavar="VAR",
        help="Name of an environment variable holding the key passphrase (the key is then read and "
        "written encrypted). The passphrase itself is never taken on the command line.",
    ),
]


def _passphrase(var: str | None) -> str | None:
    """Return the key passphrase from the environment variable named ``var`` (None if no name).

    Raises:
        UsageError: the variable is unset or empty.
    """
    if var is None:
        return None
    value = os.environ.get(var)
    if not value:
        raise UsageError(
            f"--key-passphrase-env {var}: that environment variable is not set or is empty; "
            "set it to the key passphrase."
        )
    return value


@app.command(epilog=EXIT_CODES)
def redact(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .docx).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the redacted copies and audit.jsonl.")],
    case: CaseOpt = None,
    key: KeyOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
    tracked_changes: Annotated[
        str,
        typer.Option(
            "--tracked-changes",
            help="Word tracked changes: 'accept' them all before redacting, or 'fail'.",
        ),
    ] = "accept",
    keep_comments: Annotated[
        bool, typer.Option("--keep-comments", help="Keep Word comments (redacted) instead of removing them.")
    ] = False,
    strip_images: Annotated[
        bool, typer.Option("--strip-images", help="Replace images and embedded objects with a placeholder.")
    ] = False,
    key_passphrase_env: PassphraseOpt = None,
    workers: WorkersOpt = None,
    decisions: Annotated[
        Path | None,
        typer.Option("--decisions", help="The officer's decisions.toml written by 'redactor scan' and edited."),
    ] = None,
    redline: Annotated[
        bool,
        typer.Option(
            "--redline",
            help="Also write <name>.redline.docx next to the key: every change as a Word tracked change "
            "(not for publication).",
        ),
    ] = False,
) -> None:
    """Redact documents into OUTDIR with consistent pseudonyms, an audit log and a key.

    Every supported file below a folder is redacted. A file that cannot be read is refused and
    one that breaks is failed; the others are still published. Documents whose input, case file
    and settings are unchanged since the last run are skipped (--force redoes them).
    """
    from redactor import inputs as pipeline_inputs
    from redactor import run as pipeline

    try:
        if tracked_changes not in ("accept", "fail"):
            raise UsageError("--tracked-changes must be 'accept' or 'fail'.")
        settings = Settings(
            formats=FormatSettings(
                tracked_changes=tracked_changes,  # type: ignore[arg-type]
                keep_comments=keep_comments,
                strip_images=strip_images,
            ),
            force=force,
            redline=redline,
        )
        passphrase = _passphrase(key_passphrase_env)
        case_file, key_data, key_path = pipeline_inputs.open_case(case, key, passphrase)
        decided = _load_decisions(decisions)
        out_resolved = out_dir.resolve()
        if out_resolved == key_path.resolve().parent or out_resolved in key_path.resolve().parents:
            raise UsageError(
                "the key must not be written inside the output folder; choose another --key or --out."
            )
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{out_dir}: exists and is not a folder; choose another --out.")
        pairs = pipeline_inputs.collect_inputs(inputs, exclude=[out_dir])
        from redactor.workers import default_workers

        count = workers or default_workers()
        err.print(f"Redacting {len(pairs)} document(s) with {count} worker(s)...")
        runner = pipeline.Redactor(
            settings=settings, case=case_file, key=key_data, key_passphrase=passphrase, decisions=decided
        )
        with _progress() as progress:
            result = runner.redact(pairs, out_dir=out_dir, key_path=key_path, workers=count, progress=progress)
    except RedactorError as error:
        _fail(error)
    except KeyboardInterrupt:
        err.print(
            "interrupted: no partial output was written; documents already published are in the audit "
            "log. Run the same command again to complete the batch."
        )
        raise typer.Exit(130) from None

    _print_result(result, out_dir)
    _print_unmatched(result.unmatched)
    if redline and result.outputs:
        out.print(
            f"Redlines:  {result.key_path.parent}/*.redline.docx [bold](not for publication: they hold the "
            "original text)[/]"
        )
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def _load_decisions(path: Path | None) -> Any:
    if path is None:
        return None
    from redactor.decisions import load_decisions

    return load_decisions(path)


def _print_unmatched(unmatched: tuple[str, ...]) -> None:
    if unmatched:
        out.print(f"[bold yellow]Decisions that matched nothing ({len(unmatched)}):[/]")
        for message in unmatched:
            out.print(f"  {escape(message)}", soft_wrap=True)


@app.command(epilog=EXIT_CODES)
def scan(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .docx).")],
    review_dir: Annotated[
        Path, typer.Option("--out", help="Folder for review.html and decisions.toml (sensitive: real names).")
    ],
    case: CaseOpt = None,
    key: KeyOpt = None,
    key_passphrase_env: PassphraseOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Detect and link without publishing: write REVIEWDIR/review.html and decisions.toml.

    Open review.html in a browser to see every detection in context; edit decisions.toml
    (accept, reject, rename, merge, split, add a missed term), then run 'redactor redact ...
    --decisions REVIEWDIR/decisions.toml'. A decisions.toml already in REVIEWDIR is applied and
    kept. Both files hold real names: keep them with the key, never with the publication copies.
    """
    from redactor import inputs as pipeline_inputs
    from redactor import run as pipeline

    try:
        passphrase = _passphrase(key_passphrase_env)
        case_file, key_data, key_path = pipeline_inputs.open_case(case, key, passphrase)
        existing = review_dir / "decisions.toml"
        decided = _load_decisions(existing if existing.exists() else None)
        if review_dir.exists() and not review_dir.is_dir():
            raise UsageError(f"{review_dir}: exists and is not a folder; choose another --out.")
        pairs = pipeline_inputs.collect_inputs(inputs, exclude=[review_dir])
        from redactor.workers import default_workers

        count = workers or default_workers()
        err.print(f"Scanning {len(pairs)} document(s) with {count} worker(s)...")
        runner = pipeline.Redactor(
            settings=Settings(), case=case_file, key=key_data, key_passphrase=passphrase, decisions=decided
        )
        with _progress() as progress:
            result = runner.scan(pairs, review_dir=review_dir, key_path=key_path, workers=count, progress=progress)
    except RedactorError as error:
        _fail(error)
    except KeyboardInterrupt:
        err.print("interrupted: nothing was written for this scan.")
        raise typer.Exit(130) from None
    for report in result.reports:
        if report.status != "done":
            out.print(f"{report.status}: {escape(report.name)}: {escape(report.reason)}", soft_wrap=True)
    _print_unmatched(result.unmatched)
    out.print(
        f"Scanned {sum(r.status == 'done' for r in result.reports)} document(s): {result.mentions} detection(s), "
        f"{result.entities} people, places and organisations, {result.uncertain} uncertain, "
        f"{result.checks} human check(s)."
    )
    out.print(f"Review page: {result.review_path} [bold](sensitive: holds real names)[/]")
    out.print(f"Decisions:   {result.decisions_path} (edit, then redact with --decisions)")
    out.print(f"Key:         {result.key_path}")
    codes = [r.status for r in result.reports]
    if "failed" in codes:
        raise typer.Exit(3)
    if "refused" in codes:
        raise typer.Exit(2)


class _ProgressBar:
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

    def __enter__(self) -> _ProgressBar:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()


def _progress() -> _ProgressBar:
    return _ProgressBar()


def _print_result(result: Any, out_dir: Path) -> None:
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
    kinds = ", ".join(f"{k} {n}" for k, n in result.counts.items()) or "none"
    out.print(f"Replacements by kind: {kinds}")
    out.print(f"People, places and organisations: {result.entities} (one pseudonym each)")
    checks = [(o.name, note) for o in result.outputs for note in o.notes]
    if checks:
        out.print(f"[bold yellow]Needs a human check ({len(checks)}):[/]")
        for name, note in checks:
            out.print(f"  {name}: {note}")
    rate = result.words / result.seconds if result.seconds else 0.0
    if result.outputs:
        out.print(f"Outputs:   {out_dir}/ (each verified before it was published: no known identifier left)")
    statement = out_dir / "redaction-statement.md"
    if statement.exists():
        out.print(f"Statement: {statement} (and .html: what was done, for the QA Panel; no identifiers)")
    out.print(f"Audit log: {result.audit_path}")
    out.print(f"Key:       {result.key_path} [bold](sensitive: holds real names; keep it apart)[/]")
    out.print(f"Time:      {result.seconds:.1f} s for {result.words} words ({rate:,.0f} words/s)")


@app.command(epilog=EXIT_CODES)
def verify(
    out_dir: Annotated[Path, typer.Argument(help="A folder written by 'redactor redact'.")],
    case: CaseOpt = None,
    key: KeyOpt = None,
    key_passphrase_env: PassphraseOpt = None,
) -> None:
    """Scan redacted outputs for known identifiers and fresh detections (exit 1 if any)."""
    from redactor import inputs as pipeline_inputs
    from redactor import run as pipeline

    try:
        case_file, key_data, key_path = pipeline_inputs.open_case(case, key, _passphrase(key_passphrase_env))
        if not key_path.exists() and case_file is None:
            raise UsageError(f"{key_path}: key file not found; pass the --key that redact wrote.")
        runner = pipeline.Redactor(settings=Settings(), case=case_file, key=key_data)
        result = runner.verify(out_dir)
    except RedactorError as error:
        _fail(error)
    if not result.findings:
        out.print(f"Clean: {result.files} file(s) checked, no known identifier or fresh detection.")
        return
    table = Table(title=f"Findings ({len(result.findings)})")
    for column in ("file", "location", "kind", "found by", "keyed hash"):
        table.add_column(column)
    for f in result.findings:
        table.add_row(f.document, f.location, f.kind, f.source, f.hash)
    out.print(table)
    out.print(
        f"[bold red]{len(result.findings)} finding(s)[/] in {result.files} file(s). Each needs a "
        "human check; the keyed hash matches the audit log's 'hash' field."
    )
    raise typer.Exit(1)


@app.command(name="policy")
def policy_command(case: CaseOpt = None) -> None:
    """List what happens to each kind of identifier, with the reason (and a case file's choices)."""
    from redactor.casefile import load_case
    from redactor.document import Label
    from redactor.policy import DEFAULTS, Policy

    try:
        case_file = load_case(case) if case is not None else None
    except RedactorError as error:
        _fail(error)
    policy = Policy({Label(k): v for k, v in case_file.policy} if case_file else None)
    table = Table(title="Policy by kind" + (f" for case {escape(case_file.name)}" if case_file else " (defaults)"))
    for column in ("kind", "action", "default", "choices", "why"):
        table.add_column(column, overflow="fold")
    for label, action in policy.items():
        rule = DEFAULTS[label]
        shown = f"[bold]{action}[/]" if action != rule.action else action
        table.add_row(label.value, shown, rule.action, ", ".join(rule.allowed), rule.reason)
    out.print(table)
    out.print('Change one in the case file: [policy] KIND = "action" (e.g. AGE = "generalise").')


@app.command()
def version() -> None:
    """Print the version."""
    out.print(f"redactor {__version__}")


audit_app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="Check the audit log (OUTDIR/audit.jsonl).",
)
app.add_typer(audit_app, name="audit")


@audit_app.command("check", epilog=EXIT_CODES)
def audit_check(
    out_dir: Annotated[Path, typer.Argument(help="A folder written by 'redactor redact'.")],
) -> None:
    """Check the audit log's hash chain: no line changed, removed, reordered or cut short (exit 1 if any)."""
    from redactor.audit_chain import check_chain

    try:
        report = check_chain(out_dir)
    except RedactorError as error:
        _fail(error)
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
    raise typer.Exit(1)


def main() -> None:
    """Entry point: run the app; any unexpected error becomes exit code 3 without a traceback."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from redactor.workers import tune_allocator

    tune_allocator()
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: nothing was published for the unfinished run.")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001
        err.print(
            f"internal error ({type(error).__name__}); nothing was published. Please report it."
        )
        sys.exit(3)
