"""Bad input, generated at test time: each item is refused with one clear line, or read safely.

Every item of the corpus below is built in a temporary folder (nothing binary is committed) and
checked twice: through the format layer (``format_for(path).read``) and through the real command
line in a subprocess, one file per run. A refused item must give exit code 2 (documented in
``EXIT_CODES``) and one line of output that names the file, says why and says what to do; no
traceback, no redacted copy, the input byte for byte as it was, and bounded memory.

Memory: for a CLI run, the child's peak from ``os.wait4`` (the largest single process, joined
workers included) must stay under ``MAX_RSS`` (1 GiB), and what its processes hold together,
sampled by a watchdog, under ``MAX_TREE``; the watchdog kills a run that goes past either or past
its time limit, so a runaway fails fast instead of taking the machine down. For
in-process reads, the rise of this process's peak (a read that stays under an earlier peak cannot
be measured there; the CLI runs measure every item exactly).

The one-line message: the command line used to print ``error: <file> ...`` on stderr and stop; in
batch mode it prints ``refused: <file>: <reason>`` on stdout under the "Documents" table. The
test accepts a line of either stream, with ``COLUMNS`` set wide so that rich does not wrap it
(in an 80-column log the batch-mode line is wrapped).

Runs that refuse a file stop before the spaCy model is loaded, so they are fast and run in
parallel; runs that succeed load the model and are marked ``model``. tests/unit/formats and
tests/unit/test_txt_format.py already check most format-level messages; this file adds the
end-to-end view, the hostile items (zip bombs, XML entities, deep nesting) and the big file.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import hashlib
import io
import os
import random
import re
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from redactor.cli import EXIT_CODES
from redactor.errors import InputError
from redactor.formats import format_for
from redactor.settings import FormatSettings
from tests.fixtures import docx_builder as b

MiB = 1024 * 1024
#: Peak resident memory allowed for one read, or for any one process of a CLI run (the model
#: alone takes ~200 MB).
MAX_RSS = 1024 * MiB
#: What all the processes of one CLI run may hold together (the main process and its workers;
#: runs that load the model are given ``--workers 2`` where it matters, so this is portable).
MAX_TREE = 2 * MAX_RSS
#: Wall-clock limit for one CLI run that refuses its input (~3 s each, mostly imports).
REFUSAL_TIMEOUT_S = 120.0
#: The honest zip bomb: word/document.xml inflates to this much whitespace (~1 MB compressed).
BOMB_BYTES = 1100 * MiB
#: The single-paragraph text file.
BIG_TXT_BYTES = 5 * MiB
#: One line of /etc/passwd that must never show up anywhere (an external entity would pull it in).
PASSWD_MARKER = "root:x:0:0"
#: A remedy: every refusal tells the user what to do next.
REMEDY = re.compile(r"\b(save|check|remove|rename|split|open|reduce)\b", re.IGNORECASE)
PLANTED = ("Ilona Kowalczyk", "Kieran Ashcroft")
CASE = """
[case]
name = "ROBUST"

[[person]]
name = "Ilona Kowalczyk"
pseudonym = "WX"

[[person]]
name = "Kieran Ashcroft"
pseudonym = "YZ"

[[person]]
name = "Jane Doe"
pseudonym = "Adult A"
"""


def _redactor_command() -> list[str]:
    script = Path(sys.executable).with_name("redactor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "redactor"]


REDACTOR = _redactor_command()


# -- the corpus -------------------------------------------------------------------------------


def _nested_tables(levels: int, text: str = "Jane Doe is named deep inside.") -> str:
    """Return a body with ``text`` inside ``levels`` tables, each inside the one before."""
    inner = b.para(text)
    for _ in range(levels):
        inner = f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    return inner + b.para("After the tables.")


def _with_dtd(xml: str, dtd: str) -> str:
    """Put ``dtd`` between the XML declaration and the root element of a part."""
    declaration, _, rest = xml.partition("?>")
    return f"{declaration}?>{dtd}{rest}"


def _random_bytes(seed: int, size: int) -> bytes:
    data = random.Random(seed).randbytes(size)
    return b"\x7f" + data[1:]  # never a zip, OLE2 or BOM signature, whatever the seed gives


def build_empty(path: Path) -> None:
    path.write_bytes(b"")


def build_garbage(path: Path) -> None:
    path.write_bytes(_random_bytes(1, 64 * 1024))


def build_truncated_docx(path: Path) -> None:
    whole = b.build_planted(path.with_name("whole.docx")).read_bytes()
    path.with_name("whole.docx").unlink()
    path.write_bytes(whole[: len(whole) // 2])


def _write_bomb(path: Path) -> None:
    """Write a .docx whose word/document.xml inflates to BOMB_BYTES of whitespace (~1 MB on disk)."""
    parts = b.minimal_parts(b.para("x"))
    head, _, tail = str(parts.pop("word/document.xml")).partition("<w:body>")
    block = b" " * MiB
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b.content_types(["word/document.xml", *parts]))
        for name, data in parts.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            stream.write((head + "<w:body>").encode())
            for _ in range(BOMB_BYTES // MiB):  # from a generator: never all in memory
                stream.write(block)
            stream.write(tail.encode())


def _declare_size(data: bytearray, name: str, size: int) -> None:
    """Make the zip declare ``size`` bytes for entry ``name`` (local header and central directory)."""
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        header_offset = archive.getinfo(name).header_offset
    struct.pack_into("<I", data, header_offset + 22, size)
    end = data.rfind(b"PK\x05\x06")
    count, _, pos = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + name_len] == name.encode():
            struct.pack_into("<I", data, pos + 24, size)
        pos += 46 + name_len + extra_len + comment_len


@functools.cache
def _bomb_bytes() -> bytes:
    """The honest zip bomb, built once per session (about 4 s: deflating 1.1 GB of spaces)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.docx"
        _write_bomb(path)
        return path.read_bytes()


def build_bomb(path: Path) -> None:
    path.write_bytes(_bomb_bytes())


def build_lying_bomb(path: Path) -> None:
    """The same bomb, with headers that declare 4 KB for word/document.xml (the ratio check passes)."""
    data = bytearray(_bomb_bytes())
    _declare_size(data, "word/document.xml", 4096)
    path.write_bytes(bytes(data))


def build_xxe_docx(path: Path) -> None:
    parts = b.minimal_parts(b.para("Before &xxe; after."))
    dtd = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    parts["word/document.xml"] = _with_dtd(str(parts["word/document.xml"]), dtd)
    b.write_package(path, parts)


def build_xxe_in_theme_docx(path: Path) -> None:
    """An external entity in a part redactor never reads (the theme) must not reach the output."""
    parts = b.minimal_parts(b.para("Nothing to see."))
    parts["word/_rels/document.xml.rels"] = b.rels(
        ("rId1", "styles", "styles.xml"), ("rId2", "theme", "theme/theme1.xml")
    )
    parts["word/theme/theme1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE a:theme [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<a:theme xmlns:a="{b.NS["a"]}" name="&xxe;"><a:themeElements>&xxe;</a:themeElements></a:theme>'
    )
    theme_type = "application/vnd.openxmlformats-officedocument.theme+xml"
    parts["[Content_Types].xml"] = b.content_types(list(parts)).replace(
        "</Types>", f'<Override PartName="/word/theme/theme1.xml" ContentType="{theme_type}"/></Types>'
    )
    b.write_package(path, parts)


def build_billion_laughs_docx(path: Path) -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    parts = b.minimal_parts(b.para("&lol9;"))
    parts["word/document.xml"] = _with_dtd(str(parts["word/document.xml"]), f"<!DOCTYPE w:document [{entities}]>")
    b.write_package(path, parts)


def build_nested_docx(levels: int) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        b.write_package(path, b.minimal_parts(_nested_tables(levels)))

    return build


def build_mixed_encoding_txt(path: Path) -> None:
    utf8 = "Jane Doe met Zo\u00eb on Monday.\n\nThe GP, Dr N\u00fa\u00f1ez, wrote to her.\n".encode()
    path.write_bytes(utf8 + "Caf\u00e9 owner Jos\u00e9 said nothing.\n".encode("latin-1"))


def build_utf16_txt(path: Path) -> None:
    path.write_bytes("Jane Doe met Zo\u00eb on Monday.\n".encode("utf-16"))


def build_password_docx(path: Path) -> None:
    import msoffcrypto  # a pinned dependency (password detection)

    plain = b.build_planted(path.with_name("plain.docx"))
    with plain.open("rb") as source, path.open("wb") as locked:
        msoffcrypto.OfficeFile(source).encrypt("Passw0rd", locked)
    plain.unlink()


def build_legacy_doc(path: Path) -> None:
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + _random_bytes(2, 16 * 1024))


def build_docm(path: Path) -> None:
    b.write_package(path, b.minimal_parts(b.para("Jane Doe met the panel on Monday.")))


def build_big_txt(path: Path) -> None:
    """One paragraph of BIG_TXT_BYTES: plausible words, no newline, a few planted names."""
    rnd = random.Random(5)
    words = (
        "the panel noted that she had contacted services on several occasions and the review found "
        "no record of a referral being made by the agency after the visit when concerns were raised "
        "about the children at school health visitor police officer attended address"
    ).split()
    pieces: list[str] = []
    size = 0
    while size < BIG_TXT_BYTES:
        word = rnd.choice(PLANTED) if rnd.random() < 0.0005 else rnd.choice(words)
        pieces.append(word)
        size += len(word) + 1
    pieces[len(pieces) // 2] = PLANTED[0]  # at least one of each, whatever the seed gives
    pieces[-1] = PLANTED[1]
    path.write_text(" ".join(pieces) + ".", encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class Refused:
    """An item that must be refused: its file name, builder and what the message says."""

    name: str
    build: Callable[[Path], None]
    says: str


REFUSED = [
    Refused("empty.txt", build_empty, "the file is empty"),
    Refused("empty.docx", build_empty, "is empty (0 bytes)"),
    Refused("garbage.docx", build_garbage, "is damaged or is not a Word document"),
    Refused("garbage.txt", build_garbage, "looks like a binary file"),
    Refused("truncated.docx", build_truncated_docx, "is damaged"),
    Refused("bomb.docx", build_bomb, "zip bomb"),
    Refused("bomb_lying.docx", build_lying_bomb, "is damaged"),
    Refused("xxe.docx", build_xxe_docx, "has a DTD (entity definitions) in word/document.xml"),
    Refused("xxe_theme.docx", build_xxe_in_theme_docx, "has a DTD (entity definitions) in word/theme/theme1.xml"),
    Refused("laughs.docx", build_billion_laughs_docx, "has a DTD (entity definitions) in word/document.xml"),
    Refused("nested100.docx", build_nested_docx(100), "more than 256 levels deep"),
    Refused("mixed.txt", build_mixed_encoding_txt, "is not UTF-8 text (undecodable byte at offset 67, line 4)"),
    Refused("utf16.txt", build_utf16_txt, "is UTF-16 text"),
    Refused("locked.docx", build_password_docx, "is password-protected"),
    Refused("legacy.doc", build_legacy_doc, "is a Word 97-2003 document"),
    Refused("macros.docm", build_docm, "is a macro-enabled Word document (.docm)"),
]
BY_NAME = {item.name: item for item in REFUSED}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclasses.dataclass(frozen=True)
class Item:
    path: Path
    sha256: str


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Item]:
    """Build every refused item once, each in a folder of its own."""
    items = {}
    for entry in REFUSED:
        path = tmp_path_factory.mktemp("item") / entry.name
        entry.build(path)
        items[entry.name] = Item(path, _sha256(path))
    return items


# -- measuring --------------------------------------------------------------------------------


def _proc_kb(path: str, field: str) -> int | None:
    """Return ``field`` (in kB) of a /proc status-like file, in bytes; None where unreadable."""
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else None


def _current_rss() -> int:
    """This process's resident memory now, in bytes (0 where /proc is missing)."""
    return _proc_kb("/proc/self/status", "VmRSS") or 0


def _peak_rss(usage: resource.struct_rusage) -> int:
    """ru_maxrss in bytes (Linux reports kilobytes, macOS bytes)."""
    return usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024


def _grows_by(call: Callable[[], object]) -> int:
    """Run ``call``; return how far above the memory in use before it its peak went.

    Only a new peak of this process is visible: if ``call`` stays below an earlier peak, 0 is
    returned (the CLI runs measure each item in a fresh process).
    """
    before_peak = _peak_rss(resource.getrusage(resource.RUSAGE_SELF))
    before = _current_rss()
    try:
        call()
    finally:
        after_peak = _peak_rss(resource.getrusage(resource.RUSAGE_SELF))
    return after_peak - before if after_peak > before_peak else 0


@dataclasses.dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    peak_rss: int  # the largest single process (wait4's ru_maxrss, which covers joined workers)
    tree_peak: int  # the most the run's processes held together (sampled)
    seconds: float
    killed: str  # "", "memory" or "timeout"
    out_dir: Path

    def describe(self) -> str:
        return (
            f"exit {self.returncode}, {self.seconds:.1f} s, peak {self.peak_rss // MiB} MB "
            f"(all processes {self.tree_peak // MiB} MB), killed={self.killed or 'no'}\n"
            f"stdout:\n{self.stdout[-3000:]}\nstderr:\n{self.stderr[-3000:]}"
        )

    def lines(self) -> list[str]:
        return (self.stdout + "\n" + self.stderr).splitlines()


def _tree_memory(root: int) -> tuple[int, int]:
    """Return what ``root`` and every process below it hold together (PSS: shared pages split
    between sharers; RSS where PSS is unreadable) and the largest RSS among them, in bytes."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    total, largest, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        rss = _proc_kb(f"/proc/{pid}/status", "VmRSS") or 0
        pss = _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss")
        total += rss if pss is None else pss
        largest = max(largest, rss)
        stack.extend(children.get(pid, ()))
    return total, largest


def run_cli(inputs: list[Path], work: Path, *, timeout: float, extra: tuple[str, ...] = ()) -> CliRun:
    """Run ``redactor redact INPUTS --out WORK/out --key WORK/k.json`` in a child process.

    The child leads a process group of its own (its forked workers join it) and is only ever
    killed while it runs or is an unreaped zombie (``waitid`` with ``WNOWAIT`` first), so the
    group id cannot have been reused.
    """
    work.mkdir(parents=True, exist_ok=True)
    out_dir = work / "out"
    args = ["redact", *map(str, inputs), "--out", str(out_dir), "--key", str(work / "k.json"), *extra]
    env = {**os.environ, "COLUMNS": "1000"}  # rich must not wrap a message over several lines
    started = time.perf_counter()
    with (work / "stdout").open("wb") as stdout, (work / "stderr").open("wb") as stderr:
        proc = subprocess.Popen(
            [*REDACTOR, *args], stdout=stdout, stderr=stderr, cwd=work, env=env, start_new_session=True
        )
    killed: list[str] = []
    sampled = [0, 0]  # the tree's total, the largest process
    exited = threading.Event()
    lock = threading.Lock()

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while not exited.wait(0.2):
            total, largest = _tree_memory(proc.pid)
            sampled[:] = max(sampled[0], total), max(sampled[1], largest)
            too_big = sampled[0] > MAX_TREE or sampled[1] > MAX_RSS
            reason = "timeout" if time.monotonic() > deadline else "memory" if too_big else ""
            if reason:
                with lock:
                    if not exited.is_set():
                        os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers
                        killed.append(reason)
                return

    watchdog = threading.Thread(target=watch, daemon=True)
    watchdog.start()
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # exited but not reaped yet
    with lock:
        exited.set()
    watchdog.join()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return CliRun(
        returncode=proc.returncode,
        stdout=(work / "stdout").read_text("utf-8", errors="replace"),
        stderr=(work / "stderr").read_text("utf-8", errors="replace"),
        peak_rss=max(_peak_rss(usage), sampled[1]),
        tree_peak=sampled[0],
        seconds=time.perf_counter() - started,
        killed=killed[0] if killed else "",
        out_dir=out_dir,
    )


@pytest.fixture(scope="module")
def refusals(corpus: dict[str, Item], tmp_path_factory: pytest.TempPathFactory) -> dict[str, CliRun]:
    """Run the CLI once per refused item, a few at a time (no model is loaded: ~1.5 s each)."""
    base = tmp_path_factory.mktemp("cli")
    workers = max(2, os.cpu_count() or 2)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            name: pool.submit(run_cli, [item.path], base / name, timeout=REFUSAL_TIMEOUT_S)
            for name, item in corpus.items()
        }
        return {name: future.result() for name, future in futures.items()}


def _files_under(folder: Path) -> Iterator[Path]:
    return (p for p in folder.rglob("*") if p.is_file()) if folder.exists() else iter(())


# -- refused items: the format layer ----------------------------------------------------------


@pytest.mark.parametrize("name", list(BY_NAME))
def test_format_layer_refuses_with_one_clear_line(name: str, corpus: dict[str, Item]) -> None:
    item = corpus[name]
    raised: list[InputError] = []

    def read() -> None:
        with pytest.raises(InputError) as info:
            format_for(item.path).read(item.path, settings=FormatSettings())
        raised.append(info.value)

    grown = _grows_by(read)
    message = str(raised[0])
    assert BY_NAME[name].says in message
    assert name in message and "\n" not in message
    assert REMEDY.search(message), message
    assert PASSWD_MARKER not in message
    assert grown < MAX_RSS, f"reading {name} raised peak memory by {grown // MiB} MB"
    assert _sha256(item.path) == item.sha256


@pytest.mark.parametrize("name", ["xxe.docx", "xxe_theme.docx", "laughs.docx"])
def test_scanning_a_hostile_package_never_expands_entities(name: str, corpus: dict[str, Item]) -> None:
    """``texts`` (what verification scans) may read these parts, but only as raw, unexpanded text."""
    path = corpus[name].path
    found: list[str] = []
    grown = _grows_by(lambda: found.extend(text for _, text in format_for(path).texts(path)))
    joined = "\n".join(found)
    assert PASSWD_MARKER not in joined
    assert "lollollol" not in joined
    assert grown < MAX_RSS


# -- refused items: the command line ----------------------------------------------------------


def test_exit_code_2_is_documented() -> None:
    assert "2 usage or input error" in EXIT_CODES


def _message_lines(run: CliRun, name: str, says: str) -> list[str]:
    """Lines of output that name the file and carry the reason (stderr ``error:`` or a table row)."""
    return [line for line in run.lines() if name in line and says in line]


@pytest.mark.parametrize("name", list(BY_NAME))
def test_cli_refuses_with_exit_2_one_line_and_no_output(
    name: str, corpus: dict[str, Item], refusals: dict[str, CliRun]
) -> None:
    run = refusals[name]
    assert not run.killed, run.describe()
    assert run.returncode == 2, run.describe()
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    assert "internal error" not in run.stdout + run.stderr, run.describe()
    lines = _message_lines(run, name, BY_NAME[name].says)
    assert lines, f"no line names {name} and says {BY_NAME[name].says!r}\n{run.describe()}"
    assert all(REMEDY.search(line) for line in lines), lines
    # No redacted copy and no temporary file; the audit log may record the refusal.
    assert [p.name for p in _files_under(run.out_dir) if p.name != "audit.jsonl"] == []
    assert _sha256(corpus[name].path) == corpus[name].sha256
    assert run.peak_rss < MAX_RSS and run.tree_peak < MAX_TREE, run.describe()


@pytest.mark.parametrize("name", ["xxe.docx", "xxe_theme.docx"])
def test_cli_never_shows_an_external_entity(name: str, refusals: dict[str, CliRun]) -> None:
    run = refusals[name]
    assert PASSWD_MARKER not in run.stdout + run.stderr
    for path in _files_under(run.out_dir.parent):
        assert PASSWD_MARKER not in path.read_text("utf-8", errors="replace"), path.name


# -- items that must be read ------------------------------------------------------------------


def _deepest_readable(tmp_path: Path) -> tuple[int, Path]:
    """Return the most nested tables the XML parser accepts, and that document."""
    deepest = None
    for levels in range(60, 100):
        path = tmp_path / f"nested{levels}.docx"
        build_nested_docx(levels)(path)
        try:
            format_for(path).read(path, settings=FormatSettings())
        except InputError:
            break
        deepest = (levels, path)
    assert deepest is not None, "60 nested tables are refused"
    return deepest


def test_tables_nested_to_the_parsers_limit_are_read_written_and_scanned(tmp_path: Path) -> None:
    """Reading, writing and scanning recurse over elements: no RecursionError at the deepest."""
    levels, path = _deepest_readable(tmp_path)
    assert levels >= 60
    fmt = format_for(path)
    doc = fmt.read(path, settings=FormatSettings())
    assert "Jane Doe is named deep inside." in [seg.text for seg in doc.segments]
    stream = io.BytesIO()
    fmt.write(doc, stream, settings=FormatSettings())
    assert stream.getvalue()
    assert any("Jane Doe is named deep inside." in text for _, text in fmt.texts(path))


def test_big_single_paragraph_text_is_one_segment_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    build_big_txt(path)
    docs = []
    grown = _grows_by(lambda: docs.append(format_for(path).read(path, settings=FormatSettings())))
    (segment,) = docs[0].segments
    assert len(segment.text) == path.stat().st_size
    assert grown < MAX_RSS


def _case(work: Path) -> tuple[str, ...]:
    work.mkdir(parents=True, exist_ok=True)
    case = work / "case.toml"
    case.write_text(CASE, encoding="utf-8")
    return ("--case", str(case))


def _assert_redacted(run: CliRun, output: Path, names: tuple[str, ...]) -> None:
    assert not run.killed and run.returncode == 0, run.describe()
    assert run.peak_rss < MAX_RSS and run.tree_peak < MAX_TREE, run.describe()
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    assert output.is_file(), run.describe()
    text = output.read_bytes().decode("utf-8", errors="replace")
    if output.suffix == ".docx":
        with zipfile.ZipFile(output) as archive:
            text = archive.read("word/document.xml").decode("utf-8")
    for name in names:
        assert name not in text


@pytest.mark.model
def test_cli_redacts_sixty_nested_tables(tmp_path: Path) -> None:
    source = tmp_path / "in" / "nested60.docx"
    source.parent.mkdir()
    build_nested_docx(60)(source)
    before = _sha256(source)
    work = tmp_path / "work"
    run = run_cli([source], work, timeout=300, extra=_case(work))
    _assert_redacted(run, work / "out" / "nested60.docx", ("Jane Doe",))
    assert _sha256(source) == before


@pytest.mark.model
def test_cli_walks_a_folder_with_a_symlink_loop_and_redacts_the_good_file(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "b").symlink_to(folder / "a", target_is_directory=True)  # a/b -> a
    good = folder / "good.txt"
    good.write_text("Ilona Kowalczyk spoke to Kieran Ashcroft on Monday.\n", encoding="utf-8")
    before = _sha256(good)
    work = tmp_path / "work"
    run = run_cli([folder], work, timeout=300, extra=_case(work))
    _assert_redacted(run, work / "out" / "good.txt", PLANTED)
    assert (work / "out" / "good.txt").read_text("utf-8") == "WX spoke to YZ on Monday.\n"
    assert _sha256(good) == before


@pytest.mark.model
def test_cli_redacts_a_five_megabyte_paragraph_in_bounded_memory(tmp_path: Path) -> None:
    source = tmp_path / "in" / "big.txt"
    source.parent.mkdir()
    build_big_txt(source)
    before = _sha256(source)
    work = tmp_path / "work"
    run = run_cli([source], work, timeout=900, extra=(*_case(work), "--workers", "2"))
    _assert_redacted(run, work / "out" / "big.txt", PLANTED)
    assert _sha256(source) == before
