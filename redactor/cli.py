"""The command line. Only this module prints and picks exit codes.

Exit codes: 0 done / clean; 1 verify found identifiers, or audit check found the log changed;
2 usage or input error (missing, unsupported, empty or undecodable file, bad case or key file,
output exists); 3 internal error.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from redactor import __version__
from redactor.errors import RedactorError, UsageError
from redactor.settings import FormatSettings, Settings

EXIT_CODES = (
    "Exit codes: 0 done (verify: clean; audit check: intact); 1 verify found identifiers, or audit "
    "check found the log changed; 2 usage or input error "
    "(missing, unsupported, empty or undecodable file, bad case or key file, output exists "
    "without --force); 3 internal error (nothing is published)."
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
) -> None:
    """Redact documents into OUTDIR with consistent pseudonyms, an audit log and a key."""
    from redactor import pipeline

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
        )
        passphrase = _passphrase(key_passphrase_env)
        case_file, key_data, key_path = pipeline.open_case(case, key, passphrase)
        out_resolved = out_dir.resolve()
        if out_resolved == key_path.resolve().parent or out_resolved in key_path.resolve().parents:
            raise UsageError(
                "the key must not be written inside the output folder; choose another --key or --out."
            )
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{out_dir}: exists and is not a folder; choose another --out.")
        pairs = pipeline.collect_inputs(inputs, exclude=[out_dir])
        err.print(f"Redacting {len(pairs)} document(s)...")
        runner = pipeline.Redactor(settings=settings, case=case_file, key=key_data, key_passphrase=passphrase)
        result = runner.redact(pairs, out_dir=out_dir, key_path=key_path)
    except RedactorError as error:
        _fail(error)

    table = Table(title="Redacted documents", show_lines=False)
    table.add_column("output")
    table.add_column("words", justify="right")
    table.add_column("replacements", justify="right")
    for output in result.outputs:
        table.add_row(output.name, str(output.words), str(output.edits))
    out.print(table)
    kinds = ", ".join(f"{k} {n}" for k, n in result.counts.items()) or "none"
    out.print(f"Replacements by kind: {kinds}")
    out.print(f"People, places and organisations: {result.entities} (one pseudonym each)")
    checks = [(o.name, note) for o in result.outputs for note in o.notes]
    if checks:
        out.print(f"[bold yellow]Needs a human check ({len(checks)}):[/]")
        for name, note in checks:
            out.print(f"  {name}: {note}")
    rate = result.words / result.seconds if result.seconds else 0.0
    out.print(f"Outputs:   {out_dir}/ (verified: no known identifier left)")
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
    from redactor import pipeline

    try:
        case_file, key_data, key_path = pipeline.open_case(case, key, _passphrase(key_passphrase_env))
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
    from redactor.audit import check_chain

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
