"""The command line. Only this module picks exit codes; it and ``cli_report`` print.

Exit codes: 0 done / clean; 1 verify found identifiers, or audit check found the log changed;
2 usage or input error (missing, unsupported, empty or undecodable file, bad case or key file,
output exists); 3 internal error; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand

from redactor import __version__
from redactor.cli_report import (
    ProgressBar,
    err,
    out,
    print_audit,
    print_case_warnings,
    print_policy,
    print_redact,
    print_scan,
    print_skipped,
    print_verify,
)
from redactor.errors import (
    CaseFileError,
    InputError,
    InternalError,
    KeyFileError,
    LeakFound,
    ModelMissing,
    OutputExistsError,
    RedactorError,
    UsageError,
)
from redactor.lock import CaseBusy

EXIT_CODES = (
    "Exit codes: 0 done (verify: clean; audit check: intact); 1 verify found identifiers, or audit "
    "check found the log changed; 2 usage or input error "
    "(missing, unsupported, empty or undecodable file, bad case or key file, output exists "
    "without --force, another run holding the case); 3 internal error. In a batch, 2 means some files were refused and 3 that "
    "some failed; every other file was still published, and nothing partial is ever written."
)

#: The exit codes (EXIT_CODES above says what each means to the officer).
DONE, FOUND, BAD_INPUT, BUG, INTERRUPTED = 0, 1, 2, 3, 130
#: Exit code per exception class; an error takes the code of the nearest class in its MRO.
ERROR_CODES: dict[type[BaseException], int] = {
    UsageError: BAD_INPUT,
    InputError: BAD_INPUT,
    CaseFileError: BAD_INPUT,  # and DecisionsError, a subclass
    KeyFileError: BAD_INPUT,
    OutputExistsError: BAD_INPUT,
    LeakFound: BUG,
    InternalError: BUG,
    ModelMissing: BUG,
    CaseBusy: BAD_INPUT,
    RedactorError: BUG,
}


def exit_code(error: BaseException) -> int:
    """Return the exit code for ``error``: its nearest class in ``ERROR_CODES``, else 3 (our bug)."""
    for cls in type(error).__mro__:
        if cls in ERROR_CODES:
            return ERROR_CODES[cls]
    return BUG


def batch_exit_code(*, failed: int, refused: int) -> int:
    """Return a batch's exit code from its counts: 3 if any document failed, else 2 if any was refused, else 0."""
    if failed:
        return BUG
    return BAD_INPUT if refused else DONE


class _PlainArgument(TyperArgument):
    """An argument shown as people read it: "INPUT..." in the usage line, no "{INPUT}" braces
    and no "<list[Path]>" type after its name."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _Command(TyperCommand):
    """A command whose arguments read as plain names (see ``_PlainArgument``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _PlainArgument


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,  # click's plain help: prose rewrapped at the terminal's width
    help="Pseudonymise Domestic Homicide Review documents for publication.\n\n" + EXIT_CODES,
)


def _announce(verb: str, out_dir: Path, bar: ProgressBar, held: contextlib.ExitStack) -> Callable[[Any], None]:
    """Return the run's ``on_start``: say, before any work, which files of the input folders are
    not read and what the case file leaves to chance (counts and positions only, never a name),
    how many documents and workers, then show the progress bar."""

    def on_start(starting: Any) -> None:
        print_skipped(list(starting.skipped))
        print_case_warnings(list(starting.case_warnings))
        err.print(f"{verb} {starting.documents} document(s) with {starting.workers} worker(s)...")
        held.enter_context(bar)

    return on_start


def _fail(error: RedactorError) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(str(error))}", markup=True, soft_wrap=True)
    raise typer.Exit(exit_code(error))


CaseOpt = Annotated[
    Path | None,
    typer.Option(
        "--case", metavar="CASE.toml", help="The case file (TOML): people, pseudonyms, keep and redact terms."
    ),
]
KeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--key",
        metavar="KEYFILE",
        help="The pseudonym key (JSON, sensitive). Default: <case>.key.json next to the case file.",
    ),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=1, metavar="N", help="Worker processes (default: the number of cores)."),
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


DecisionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        metavar="DECISIONS.toml",
        help="The officer's decisions. Default: <case>.decisions.toml next to the case file (or next to "
        "the key without a case file), used whenever it exists; 'redactor scan' writes it there.",
    ),
]
IgnoreDecisionsOpt = Annotated[
    bool,
    typer.Option(
        "--ignore-decisions",
        help="Work without the case's decisions file even though one exists or an earlier run used one "
        "(the statement says so).",
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


@app.command(cls=_Command)
def redact(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT", help="Files or folders (.txt, .md, .docx).")],
    out_dir: Annotated[Path, typer.Option("--out", metavar="OUTDIR", help="Folder for the redacted copies and audit.jsonl.")],
    case: CaseOpt = None,
    key: KeyOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
    tracked_changes: Annotated[
        str,
        typer.Option(
            "--tracked-changes",
            metavar="accept|fail",
            help="Word tracked changes: 'accept' them all before redacting, or 'fail'.",
        ),
    ] = "accept",
    keep_comments: Annotated[
        bool, typer.Option("--keep-comments", help="Keep Word comments (redacted) instead of removing them.")
    ] = False,
    strip_images: Annotated[
        bool,
        typer.Option(
            "--strip-images",
            help='Replace every picture, chart, SmartArt diagram and embedded object of a Word document with '
            '"[image removed]" (a document holding a picture or embedded object nobody checked is refused otherwise).',
        ),
    ] = False,
    strip_embedded: Annotated[
        bool,
        typer.Option(
            "--strip-embedded",
            help='Replace embedded objects (workbooks, documents, PDFs inside a Word document) with "[embedded object '
            'removed]" and remove charts\' embedded workbooks (the charts stay); pictures stay, and still need '
            '--strip-images or a "checked" decision.',
        ),
    ] = False,
    key_passphrase_env: PassphraseOpt = None,
    workers: WorkersOpt = None,
    decisions: DecisionsOpt = None,
    ignore_decisions: IgnoreDecisionsOpt = False,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="Also publish <name>.pdf beside each document (PDF/A-2b, tagged; converted by LibreOffice, "
            "its metadata made neutral, then read back and checked). Also: [publish] pdf = true in the case file.",
        ),
    ] = False,
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
    from redactor.case_runs import redact_case

    held = contextlib.ExitStack()
    try:
        bar = ProgressBar()
        result = redact_case(
            inputs, out_dir=out_dir, case=case, key=key, passphrase=_passphrase(key_passphrase_env),
            decisions=decisions, ignore_decisions=ignore_decisions, force=force, tracked_changes=tracked_changes,
            keep_comments=keep_comments, strip_images=strip_images, strip_embedded=strip_embedded, pdf=pdf,
            redline=redline, workers=workers, progress=bar, on_start=_announce("Redacting", out_dir, bar, held),
        )
    except RedactorError as error:
        held.close()
        _fail(error)
    except KeyboardInterrupt:
        held.close()
        err.print(
            "interrupted: no partial output was written; documents already published are in the audit "
            "log. Run the same command again to complete the batch."
        )
        raise typer.Exit(INTERRUPTED) from None
    finally:
        held.close()

    print_redact(result, out_dir, redline=redline)
    code = batch_exit_code(failed=result.count("failed"), refused=result.count("refused"))
    if code:
        raise typer.Exit(code)


@app.command(cls=_Command)
def scan(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT", help="Files or folders (.txt, .md, .docx).")],
    review_dir: Annotated[
        Path,
        typer.Option(
            "--out", metavar="REVIEWDIR",
            help="Folder for review.html and review.json, the same review as data (sensitive: real names).",
        ),
    ],
    case: CaseOpt = None,
    key: KeyOpt = None,
    key_passphrase_env: PassphraseOpt = None,
    workers: WorkersOpt = None,
    decisions: DecisionsOpt = None,
) -> None:
    """Detect and link without publishing: write REVIEWDIR/review.html (and review.json) and the case's decisions file.

    Open review.html in a browser to see every detection in context with its entity id; edit the
    decisions file (accept, reject, rename, merge, split, add a missed term), then run 'redactor
    redact': it reads the decisions file by itself. The decisions file sits next to the case file
    (<case>.decisions.toml) unless --decisions names another; decisions already in it are applied
    and kept. Both files hold real names: keep them with the key, never with the publication copies.
    """
    from redactor.case_runs import scan_case

    held = contextlib.ExitStack()
    try:
        bar = ProgressBar()
        result = scan_case(
            inputs, review_dir=review_dir, case=case, key=key, passphrase=_passphrase(key_passphrase_env),
            decisions=decisions, workers=workers, progress=bar, on_start=_announce("Scanning", review_dir, bar, held),
        )
    except RedactorError as error:
        held.close()
        _fail(error)
    except KeyboardInterrupt:
        held.close()
        err.print("interrupted: nothing was written for this scan.")
        raise typer.Exit(INTERRUPTED) from None
    finally:
        held.close()
    print_scan(result)
    statuses = [r.status for r in result.reports]
    code = batch_exit_code(failed=statuses.count("failed"), refused=statuses.count("refused"))
    if code:
        raise typer.Exit(code)


@app.command(cls=_Command)
def verify(
    out_dir: Annotated[Path, typer.Argument(metavar="OUTDIR", help="A folder written by 'redactor redact'.")],
    case: CaseOpt = None,
    key: KeyOpt = None,
    key_passphrase_env: PassphraseOpt = None,
    decisions: DecisionsOpt = None,
    ignore_decisions: IgnoreDecisionsOpt = False,
    show: Annotated[
        bool,
        typer.Option(
            "--show",
            help="Also print each finding with the words around it, to this terminal only (they may hold a "
            "name: never paste them into an e-mail or a ticket).",
        ),
    ] = False,
) -> None:
    """Scan redacted outputs for known identifiers and fresh detections (exit 1 if any).

    Applies the same case file, decisions, policy and keep rules as 'redact', so the two agree: a
    term the officer decided to keep as written is no finding.
    """
    from redactor.case_runs import verify_case

    try:
        result = verify_case(
            out_dir, case=case, key=key, passphrase=_passphrase(key_passphrase_env), decisions=decisions,
            ignore_decisions=ignore_decisions, show=show,
        )
    except RedactorError as error:
        _fail(error)
    print_verify(result)
    if result.findings:
        raise typer.Exit(FOUND)


@app.command(name="policy", cls=_Command)
def policy_command(case: CaseOpt = None) -> None:
    """List what happens to each kind of identifier, with the reason (and a case file's choices)."""
    from redactor.casefile import load_case

    try:
        case_file = load_case(case) if case is not None else None
    except RedactorError as error:
        _fail(error)
    print_policy(case_file)


@app.command(cls=_Command)
def version() -> None:
    """Print the version."""
    out.print(f"redactor {__version__}")


audit_app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    help="Check the audit log (OUTDIR/audit.jsonl).",
)
app.add_typer(audit_app, name="audit")


@audit_app.command("check", cls=_Command)
def audit_check(
    out_dir: Annotated[Path, typer.Argument(metavar="OUTDIR", help="A folder written by 'redactor redact'.")],
) -> None:
    """Check the audit log's hash chain: no line changed, removed, reordered or cut short (exit 1 if any)."""
    from redactor.audit_chain import check_chain

    try:
        report = check_chain(out_dir)
    except RedactorError as error:
        _fail(error)
    print_audit(report, out_dir)
    if not report.intact:
        raise typer.Exit(FOUND)


def main() -> None:
    """Entry point: run the app; any unexpected error becomes exit code 3 without a traceback, Ctrl-C 130."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from redactor.workers import tune_allocator

    tune_allocator()
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: nothing was published for the unfinished run.")
        sys.exit(INTERRUPTED)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001
        err.print(
            f"internal error ({type(error).__name__}); nothing was published. Please report it."
        )
        sys.exit(BUG)  # escaped every command's handler: a bug, whatever its class


@app.command(cls=_Command)
def serve(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="CASE_FOLDER",
            help="A case folder (holding case.toml) to open, or a folder of cases. Default: ~/redactor-cases.",
        ),
    ] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535, metavar="N", help="Port (default: a free one).")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Print the address only; do not open a browser.")] = False,
    host: Annotated[
        str | None,
        typer.Option("--host", metavar="ADDRESS", help="Listen on this address instead of 127.0.0.1 (needs --allow-remote)."),
    ] = None,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Allow --host to name an address other computers can reach (not encrypted)."),
    ] = False,
) -> None:
    """Open the officer's workspace in the browser: cases, documents, scan, review, decisions, publish.

    Listens on 127.0.0.1 only and prints an address carrying a random token (the page needs it);
    the same case files, decisions and runs as the other commands.
    """
    from redactor.serve.server import plan
    from redactor.serve.server import serve as run_server

    try:
        start, warning = plan(folder, host=host, port=port, allow_remote=allow_remote)
        if warning:
            err.print(f"[bold yellow]{escape(warning)}[/]", markup=True, soft_wrap=True)
        run_server(
            start, open_browser=not no_browser, say=lambda text: out.print(text, soft_wrap=True, markup=False, highlight=False)
        )
    except RedactorError as error:
        _fail(error)
    except OSError as error:
        _fail(UsageError(f"cannot listen on that address and port ({error.strerror}); choose another --port."))
