"""The audit log's hash chain: written by append_records, checked by check_chain, on real files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from redactor.audit import AUDIT_NAME, GENESIS, append_records, read_records
from redactor.audit_chain import check_chain
from redactor.errors import InputError

Lines = list[bytes]
MARKER = "MARKER-must-never-be-echoed"


def write_log(folder: Path) -> Path:
    """Two runs appended: three decisions and a run record, then two decisions and a run record."""
    append_records(folder, [{"type": "decision", "n": n, "note": MARKER} for n in range(3)] + [{"type": "run"}])
    append_records(folder, [{"type": "decision", "n": n, "note": MARKER} for n in range(3, 5)] + [{"type": "run"}])
    return folder / AUDIT_NAME


def lines_of(path: Path) -> Lines:
    return path.read_bytes().split(b"\n")[:-1]


def write_lines(path: Path, lines: Lines) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def without(line: bytes, field: str) -> bytes:
    record = json.loads(line)
    del record[field]
    return json.dumps(record, sort_keys=True).encode()


def with_field(line: bytes, field: str, value: object) -> bytes:
    return json.dumps({**json.loads(line), field: value}, sort_keys=True).encode()


def test_two_runs_make_one_intact_chain(tmp_path: Path) -> None:
    path = write_log(tmp_path)
    report = check_chain(tmp_path)
    assert report.intact and not report.problems
    assert (report.lines, report.runs, report.unchained) == (7, 2, 0)
    assert report.head == hashlib.sha256(lines_of(path)[-1]).hexdigest()


def test_each_line_holds_its_number_and_the_hash_of_the_line_before(tmp_path: Path) -> None:
    lines = lines_of(write_log(tmp_path))
    records = [json.loads(line) for line in lines]
    assert [r["seq"] for r in records] == list(range(7))
    assert records[0]["prev"] == GENESIS
    assert [r["prev"] for r in records[1:]] == [hashlib.sha256(line).hexdigest() for line in lines[:-1]]


def test_read_records_still_returns_every_record(tmp_path: Path) -> None:
    write_log(tmp_path)
    assert [r.get("n") for r in read_records(tmp_path)] == [0, 1, 2, None, 3, 4, None]


TAMPERS: dict[str, tuple[Callable[[Lines], Lines | bytes], int, str]] = {
    "changed": (lambda ls: [*ls[:2], ls[2].replace(b'"n": 2', b'"n": 9'), *ls[3:]], 3, "changed after it was written"),
    "removed": (lambda ls: [*ls[:2], *ls[3:]], 3, "1 line(s) removed before this line (the original line 3)"),
    "two removed": (lambda ls: [*ls[:2], *ls[4:]], 3, "2 line(s) removed before this line (the original lines 3-4)"),
    "first removed": (lambda ls: ls[1:], 1, "removed before this line (the original line 1)"),
    "swapped": (lambda ls: [*ls[:2], ls[3], ls[2], *ls[4:]], 3, "out of order: it was written as line 4"),
    "first moved to the end": (lambda ls: [*ls[1:], ls[0]], 7, "out of order: it was written as line 1"),
    "copied": (lambda ls: [*ls[:3], ls[2], *ls[3:]], 4, "a copy of line 3"),
    "not JSON": (lambda ls: [*ls[:2], b"{not json", *ls[3:]], 3, "not a JSON record"),
    "blank line": (lambda ls: [*ls[:2], b"", *ls[2:]], 3, "not a JSON record"),
    "inserted": (lambda ls: [*ls[:2], b'{"type": "decision"}', *ls[2:]], 3, "no chain fields"),
    "seq missing": (lambda ls: [*ls[:2], without(ls[2], "seq"), *ls[3:]], 3, "chain field 'seq' missing or garbled"),
    "prev garbled": (lambda ls: [*ls[:2], with_field(ls[2], "prev", "xyz"), *ls[3:]], 3, "'prev' missing or garbled"),
    "seq changed": (lambda ls: [*ls[:2], ls[2].replace(b'"seq": 2', b'"seq": 7'), *ls[3:]], 3, "'seq' changed"),
    "cut short": (lambda ls: b"".join(line + b"\n" for line in ls)[:-10], 7, "cut short"),
}


@pytest.mark.parametrize("tamper", TAMPERS.values(), ids=TAMPERS.keys())
def test_a_tampered_log_is_reported_at_the_right_line(
    tmp_path: Path, tamper: tuple[Callable[[Lines], Lines | bytes], int, str]
) -> None:
    change, line, fragment = tamper
    path = write_log(tmp_path)
    changed = change(lines_of(path))
    if isinstance(changed, bytes):
        path.write_bytes(changed)
    else:
        write_lines(path, changed)
    report = check_chain(tmp_path)
    assert not report.intact
    assert [(p.line, fragment in p.message) for p in report.problems] == [(line, True)], [str(p) for p in report.problems]


@pytest.mark.parametrize("tamper", TAMPERS.values(), ids=TAMPERS.keys())
def test_problems_never_echo_line_content(tmp_path: Path, tamper: tuple[Callable[[Lines], Lines | bytes], int, str]) -> None:
    path = write_log(tmp_path)
    changed = tamper[0](lines_of(path))
    path.write_bytes(changed if isinstance(changed, bytes) else b"".join(line + b"\n" for line in changed))
    assert not any(MARKER in str(p) for p in check_chain(tmp_path).problems)


def test_a_changed_last_line_shows_only_in_the_head(tmp_path: Path) -> None:
    """The documented limit: nothing follows the last line, so only a noted head reveals a change."""
    path = write_log(tmp_path)
    head = check_chain(tmp_path).head
    lines = lines_of(path)
    write_lines(path, [*lines[:-1], lines[-1].replace(b'"run"', b'"nur"')])
    report = check_chain(tmp_path)
    assert report.intact and report.head != head


def test_appending_after_a_change_keeps_the_break_visible(tmp_path: Path) -> None:
    path = write_log(tmp_path)
    lines = lines_of(path)
    write_lines(path, [*lines[:2], lines[2].replace(b'"n": 2', b'"n": 9'), *lines[3:]])
    append_records(tmp_path, [{"type": "run"}])
    report = check_chain(tmp_path)
    assert (report.lines, [p.line for p in report.problems]) == (8, [3])


def test_a_log_from_an_older_version_is_reported_as_not_chained(tmp_path: Path) -> None:
    (tmp_path / AUDIT_NAME).write_text('{"type": "decision"}\n{"type": "run"}\n', encoding="utf-8")
    report = check_chain(tmp_path)
    (problem,) = report.problems
    assert report.unchained == 2 and report.runs == 1
    assert str(problem).startswith("lines 1-2: not chained (written by an older version")
    assert [r["type"] for r in read_records(tmp_path)] == ["decision", "run"]


def test_an_older_log_is_continued_and_its_new_part_checked(tmp_path: Path) -> None:
    old = b'{"type": "decision"}\n{"type": "run"}\n'
    (tmp_path / AUDIT_NAME).write_bytes(old)
    append_records(tmp_path, [{"type": "decision", "n": 1}, {"type": "run"}])
    first_new = json.loads(lines_of(tmp_path / AUDIT_NAME)[2])
    assert (first_new["seq"], first_new["prev"]) == (2, hashlib.sha256(b'{"type": "run"}').hexdigest())
    assert [p.message.startswith("not chained") for p in check_chain(tmp_path).problems] == [True]
    path = tmp_path / AUDIT_NAME
    lines = lines_of(path)
    write_lines(path, [*lines[:2], lines[2].replace(b'"n": 1', b'"n": 2'), lines[3]])
    assert [p.line for p in check_chain(tmp_path).problems] == [1, 3]


def test_an_empty_log_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / AUDIT_NAME).write_bytes(b"")
    assert [p.line for p in check_chain(tmp_path).problems] == [1]


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p], ids=["no folder", "no log"])
def test_a_missing_folder_or_log_is_an_input_error(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    with pytest.raises(InputError, match="redactor redact"):
        check_chain(make(tmp_path))


def test_a_record_holding_a_unicode_line_separator_stays_one_line(tmp_path: Path) -> None:
    append_records(tmp_path, [{"type": "decision", "document": "a\u2028b\u0085c.txt"}, {"type": "run"}])
    assert check_chain(tmp_path).intact
    assert [r["type"] for r in read_records(tmp_path)] == ["decision", "run"]
