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
from redactor.settings import FormatSettings, Settings

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


def _warn_before_work(inputs: list[Path], out_dir: Path, case_file: Any) -> None:
    """Say, before any work, which files of the input folders are not read and what the case
    file leaves to chance (counts and positions only, never a name)."""
    from redactor.casefile import case_warnings
    from redactor.inputs import skipped_by_type

    print_skipped(skipped_by_type(inputs, exclude=[out_dir]))
    print_case_warnings(case_warnings(case_file) if case_file else [])


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


def _decisions_for(case: Path | None, key_path: Path, given: Path | None, ignore: bool) -> tuple[Any, Path]:
    """Return the decisions to apply (None if there are none or the officer ignores them) and the
    decisions file's path (the default one beside the case file unless ``--decisions`` names one).

    Raises:
        UsageError: both --decisions and --ignore-decisions.
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
    from redactor.inputs import collect_inputs, open_case, resolve_key_path
    from redactor.lock import case_lock
    from redactor.run import Redactor

    held = contextlib.ExitStack()
    try:
        if tracked_changes not in ("accept", "fail"):
            raise UsageError("--tracked-changes must be 'accept' or 'fail'.")
        passphrase = _passphrase(key_passphrase_env)
        held.enter_context(case_lock(resolve_key_path(case, key), out_dir))  # one run per case at a time
        case_file, key_data, key_path = open_case(case, key, passphrase)
        settings = Settings(
            formats=FormatSettings(
                tracked_changes=tracked_changes,  # type: ignore[arg-type]
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
        decided, decisions_path = _decisions_for(case, key_path, decisions, ignore_decisions)
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
        _warn_before_work(inputs, out_dir, case_file)
        from redactor.workers import default_workers

        count = workers or default_workers()
        err.print(f"Redacting {len(pairs)} document(s) with {count} worker(s)...")
        runner = Redactor(
            settings=settings, case=case_file, key=key_data, key_passphrase=passphrase, decisions=decided,
            decisions_ignored=ignore_decisions,
        )
        with ProgressBar() as progress:
            result = runner.redact(pairs, out_dir=out_dir, key_path=key_path, workers=count, progress=progress)
    except RedactorError as error:
        _fail(error)
    except KeyboardInterrupt:
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
        typer.Option("--out", metavar="REVIEWDIR", help="Folder for review.html and decisions.toml (sensitive: real names)."),
    ],
    case: CaseOpt = None,
    key: KeyOpt = None,
    key_passphrase_env: PassphraseOpt = None,
    workers: WorkersOpt = None,
    decisions: DecisionsOpt = None,
) -> None:
    """Detect and link without publishing: write REVIEWDIR/review.html and the case's decisions file.

    Open review.html in a browser to see every detection in context with its entity id; edit the
    decisions file (accept, reject, rename, merge, split, add a missed term), then run 'redactor
    redact': it reads the decisions file by itself. The decisions file sits next to the case file
    (<case>.decisions.toml) unless --decisions names another; decisions already in it are applied
    and kept. Both files hold real names: keep them with the key, never with the publication copies.
    """
    from redactor.inputs import collect_inputs, open_case, resolve_key_path
    from redactor.lock import case_lock
    from redactor.run import Redactor

    held = contextlib.ExitStack()
    try:
        passphrase = _passphrase(key_passphrase_env)
        held.enter_context(case_lock(resolve_key_path(case, key), review_dir))  # one run per case at a time
        case_file, key_data, key_path = open_case(case, key, passphrase)
        decided, decisions_path = _decisions_for(case, key_path, decisions, ignore=False)
        if review_dir.exists() and not review_dir.is_dir():
            raise UsageError(f"{review_dir}: exists and is not a folder; choose another --out.")
        pairs = collect_inputs(inputs, exclude=[review_dir])
        _warn_before_work(inputs, review_dir, case_file)
        from redactor.workers import default_workers

        count = workers or default_workers()
        err.print(f"Scanning {len(pairs)} document(s) with {count} worker(s)...")
        runner = Redactor(
            settings=Settings(), case=case_file, key=key_data, key_passphrase=passphrase, decisions=decided
        )
        with ProgressBar() as progress:
            result = runner.scan(
                pairs, review_dir=review_dir, key_path=key_path, decisions_path=decisions_path, workers=count,
                progress=progress,
            )
    except RedactorError as error:
        _fail(error)
    except KeyboardInterrupt:
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
    from redactor.inputs import open_case, resolve_key_path
    from redactor.lock import case_lock
    from redactor.run import Redactor

    try:
        with case_lock(resolve_key_path(case, key), out_dir, writes=False):  # never while a run writes it
            case_file, key_data, key_path = open_case(case, key, _passphrase(key_passphrase_env))
            if not key_path.exists() and case_file is None:
                raise UsageError(f"{key_path}: key file not found; pass the --key that redact wrote.")
            decided, _path = _decisions_for(case, key_path, decisions, ignore_decisions)
            runner = Redactor(settings=Settings(), case=case_file, key=key_data, decisions=decided)
            result = runner.verify(out_dir, show=show)
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
