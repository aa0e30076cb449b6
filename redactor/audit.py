"""The audit log, ``OUTDIR/audit.jsonl``: one line per decision and one run record per run.

It supports Data Protection Act compliance (DOMAIN.md section 6) and never holds an identifier:
an original is referred to by its keyed hash (HMAC-SHA256 with the case secret from the key),
documents by their output names (which are pseudonymised) and SHA-256.

The lines are hash-chained, so that a change made after writing shows: every record holds
``seq``, its 0-based line number in the whole file, and ``prev``, the SHA-256 (hex) of the
previous line's exact bytes without the newline (``GENESIS``, 64 zeros, on the first line).
`check_chain` finds a changed, removed, reordered, copied, inserted, garbled or cut-short line.
What a chain kept beside the log cannot show: a change to the last line, lines removed from the
end, or a log rewritten whole with the chain recomputed. For those, note the last line's hash
(`ChainReport.head`, printed by ``redactor audit check``) somewhere else after each run.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from redactor.document import Document, Origin
from redactor.errors import InputError
from redactor.keyfile import Key

AUDIT_NAME = "audit.jsonl"
GENESIS = "0" * 64
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _kept_reason(origin: Origin) -> str:
    if origin is Origin.DECISION:
        return "officer decision: kept as written"
    if origin is Origin.POLICY:
        return "case policy: kind kept as written"
    return "public body, role or large place: kept"


def decision_records(doc: Document, *, document: str, key: Key, run_id: str) -> list[dict[str, Any]]:
    """Return one record per edit of ``doc`` (no identifier text)."""
    records = []
    for edit in doc.edits:
        original = doc.segment(edit.segment_id).text[edit.start : edit.end]
        records.append(
            {
                "type": "decision",
                "run": run_id,
                "document": document,
                "segment": edit.segment_id,
                "start": edit.start,
                "end": edit.end,
                "kind": edit.label.value,
                "detector": edit.detector,
                "score": round(edit.score, 3),
                "entity": edit.entity_id,
                "replacement": edit.replacement,
                "decision": "auto",
                "hash": key.keyed_hash(original),
            }
        )
    for span in doc.kept:
        original = doc.span_text(span)
        records.append(
            {
                "type": "kept",
                "run": run_id,
                "document": document,
                "segment": span.segment_id,
                "start": span.start,
                "end": span.end,
                "kind": span.label.value,
                "detector": span.detector,
                "score": round(span.score, 3),
                "reason": _kept_reason(span.origin),
                "hash": key.keyed_hash(original),
            }
        )
    return records


def line_hash(line: bytes) -> str:
    """Return the SHA-256 (hex) of one log line's bytes, without its newline."""
    return hashlib.sha256(line).hexdigest()


def append_records(out_dir: Path, records: Iterable[Mapping[str, Any]]) -> Path:
    """Append records to the audit log atomically (the old log plus the new lines, replaced).

    Each new record gets ``seq`` and ``prev``, continuing the chain from the log's last line as
    it is now (a log written before the chain existed is continued from its last line too).
    """
    path = out_dir / AUDIT_NAME
    old = path.read_bytes() if path.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    old_lines = old.split(b"\n")[:-1]
    seq = len(old_lines)
    prev = line_hash(old_lines[-1]) if old_lines else GENESIS
    new_lines = []
    for record in records:
        line = json.dumps({**record, "seq": seq, "prev": prev}, ensure_ascii=False, sort_keys=True).encode("utf-8")
        new_lines.append(line + b"\n")
        seq, prev = seq + 1, line_hash(line)
    new = b"".join(new_lines)
    fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=".redactor-audit-", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(old + new)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def readable_records(out_dir: Path) -> list[dict[str, Any]]:
    """Return the audit log's records, skipping damaged lines (`redactor audit check` reports
    them); for re-runs, which must not fail on a log someone has damaged."""
    path = out_dir / AUDIT_NAME
    records = []
    if path.exists():
        for line in path.read_bytes().split(b"\n"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                records.append(record)
    return records


def read_records(out_dir: Path) -> list[dict[str, Any]]:
    """Return every record of the audit log (empty if there is none)."""
    path = out_dir / AUDIT_NAME
    if not path.exists():
        return []
    # Split on "\n" only, as the chain does: str.splitlines would also split inside a record
    # holding U+2028 or U+0085, which json.dumps(ensure_ascii=False) leaves unescaped.
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


@dataclasses.dataclass(frozen=True, slots=True)
class ChainProblem:
    """One break in the chain: where (1-based line numbers, as an editor shows them) and what.

    Messages never quote a line's content.
    """

    line: int
    message: str
    to_line: int | None = None  # set when the problem covers lines ``line`` to ``to_line``

    def __str__(self) -> str:
        where = f"lines {self.line}-{self.to_line}" if self.to_line is not None else f"line {self.line}"
        return f"{where}: {self.message}"


@dataclasses.dataclass(frozen=True, slots=True)
class ChainReport:
    """What `check_chain` found in one audit log."""

    lines: int
    runs: int
    head: str  # SHA-256 of the last line ("" for an empty log): note it elsewhere to anchor the end
    unchained: int  # leading lines written by a version before the chain (they cannot be checked)
    problems: tuple[ChainProblem, ...]

    @property
    def intact(self) -> bool:
        """True when every line is chained and nothing is wrong."""
        return not self.problems


@dataclasses.dataclass(slots=True)
class _Line:
    pos: int  # 0-based position in the file
    digest: str
    record: dict[str, Any] | None = None
    seq: int | None = None
    prev: str | None = None
    damaged: bool = False  # reported for its own bytes: a break before the next line adds nothing


def check_chain(out_dir: Path) -> ChainReport:
    """Check the hash chain of ``out_dir/audit.jsonl`` line by line.

    Reports a changed line (the next line's ``prev`` no longer matches it), removed lines (a gap
    in ``seq``), lines out of order, copies, lines without or with garbled chain fields, lines
    that are not JSON and a last line cut short. Not shown: see the module docstring.

    Raises:
        InputError: the folder or its audit log is missing or cannot be read.
    """
    if not out_dir.is_dir():
        raise InputError(f"{out_dir}: no such folder; pass the OUTDIR that 'redactor redact --out' wrote.")
    path = out_dir / AUDIT_NAME
    if not path.is_file():
        raise InputError(f"{out_dir}: holds no {AUDIT_NAME}; pass a folder written by 'redactor redact'.")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror}).") from err
    return _check_bytes(raw)


def _check_bytes(raw: bytes) -> ChainReport:
    truncated = bool(raw) and not raw.endswith(b"\n")
    chunks = raw.split(b"\n")
    if not truncated:
        chunks = chunks[:-1]
    problems: list[ChainProblem] = []
    if not chunks:
        problems.append(ChainProblem(1, "the log is empty; redactor never writes an empty log (every line removed?)"))
        return ChainReport(lines=0, runs=0, head="", unchained=0, problems=tuple(problems))

    lines = [_parse(pos, chunk, problems, last=truncated and pos == len(chunks) - 1) for pos, chunk in enumerate(chunks)]
    unchained = 0
    for line in lines:
        if line.record is None or "seq" in line.record or "prev" in line.record:
            break
        unchained += 1
        line.seq = line.pos  # an older version's line: in place by definition, never checked
    if unchained:
        whole = "the log is" if unchained == len(lines) else "these lines are"
        problems.append(
            ChainProblem(1, f"not chained (written by an older version of redactor): {whole} not protected and "
                         "cannot be checked", to_line=unchained if unchained > 1 else None)
        )
    for line in lines[unchained:]:
        if line.record is not None and line.seq is None and not line.damaged:
            _read_fields(line, problems)

    by_seq = _order(lines, problems)
    _gaps(lines, by_seq, problems)
    for line in lines[unchained:]:
        _link(line, by_seq, problems)

    runs = sum(1 for line in lines if line.record is not None and line.record.get("type") == "run")
    problems.sort(key=lambda p: p.line)
    return ChainReport(
        lines=len(lines), runs=runs, head=lines[-1].digest, unchained=unchained, problems=tuple(problems)
    )


def _parse(pos: int, chunk: bytes, problems: list[ChainProblem], *, last: bool) -> _Line:
    line = _Line(pos=pos, digest=line_hash(chunk))
    if last:
        line.damaged = True
        problems.append(ChainProblem(pos + 1, "cut short: the last line has no line end (an interrupted write, or "
                                              "the end of the file removed)"))
    try:
        record = json.loads(chunk.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError both
        record = None
    if not isinstance(record, dict):
        if not line.damaged:
            problems.append(ChainProblem(pos + 1, "not a JSON record (changed or damaged)"))
        line.damaged = True
        return line
    line.record = record
    return line


def _read_fields(line: _Line, problems: list[ChainProblem]) -> None:
    record = line.record or {}
    if "seq" not in record and "prev" not in record:
        line.damaged = True
        problems.append(ChainProblem(line.pos + 1, "no chain fields (seq, prev): a line inserted by hand or by "
                                                   "another program"))
        return
    seq, prev = record.get("seq"), record.get("prev")
    bad = [
        name
        for name, ok in (
            ("seq", type(seq) is int and seq >= 0),
            ("prev", isinstance(prev, str) and _HEX64.fullmatch(prev) is not None),
        )
        if not ok
    ]
    if bad:
        line.damaged = True
        fields = " and ".join(f"'{name}'" for name in bad)
        problems.append(ChainProblem(line.pos + 1, f"chain field {fields} missing or garbled"))
        return
    line.seq, line.prev = seq, prev


def _order(lines: list[_Line], problems: list[ChainProblem]) -> dict[int, _Line]:
    """Find the lines out of order or copied; return the line holding each seq (in-order ones first)."""
    numbered = [line for line in lines if line.seq is not None]
    in_order = _longest_increasing(numbered)
    by_seq = {line.seq: line for line in numbered if line.seq is not None and line.pos in in_order}
    for line in numbered:
        if line.pos in in_order or line.seq is None:
            continue
        in_place = _in_place_seq(line, lines)
        if in_place is not None and in_place not in by_seq:
            # It chains to the line before it, so it is where it was written; its seq was edited.
            line.damaged, line.seq = True, in_place
            by_seq[in_place] = line
            problems.append(ChainProblem(line.pos + 1, "chain field 'seq' changed (the line is in its place)"))
            continue
        same = by_seq.get(line.seq)
        if same is None:
            by_seq[line.seq] = line
            problems.append(ChainProblem(line.pos + 1, f"out of order: it was written as line {line.seq + 1}"))
        elif same.digest == line.digest:
            line.damaged = True
            problems.append(ChainProblem(line.pos + 1, f"a copy of line {same.pos + 1}"))
        else:
            line.damaged = True
            problems.append(
                ChainProblem(line.pos + 1, f"its 'seq' repeats line {same.pos + 1}'s: a line changed or inserted")
            )
    return by_seq


def _in_place_seq(line: _Line, lines: list[_Line]) -> int | None:
    """Return the seq ``line`` would have where it stands, if its prev chains to the line before it."""
    if line.pos == 0:
        return 0 if line.prev == GENESIS else None
    before = lines[line.pos - 1]
    if before.seq is None or before.digest != line.prev:
        return None
    return before.seq + 1


def _longest_increasing(numbered: list[_Line]) -> set[int]:
    """Return the file positions of a longest run of lines whose seq strictly increases."""
    tails: list[int] = []  # tails[k]: index into `numbered` ending the best run of length k + 1
    tail_seqs: list[int] = []
    parent = [-1] * len(numbered)
    for i, line in enumerate(numbered):
        seq = line.seq if line.seq is not None else -1
        k = bisect.bisect_left(tail_seqs, seq)
        parent[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_seqs.append(seq)
        elif tail_seqs[k] != seq:  # on a tie keep the earlier line: the later one is the copy
            tails[k], tail_seqs[k] = i, seq
    chosen: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        chosen.add(numbered[i].pos)
        i = parent[i]
    return chosen


def _gaps(lines: list[_Line], by_seq: dict[int, _Line], problems: list[ChainProblem]) -> None:
    """Report each run of missing seqs at the line that follows it.

    A line whose own seq is unknown (damaged) is taken to hold the seq after the line before it,
    so that one damaged line is not also reported as removed.
    """
    holder = {seq: line.pos for seq, line in by_seq.items()}
    last: int | None = None
    for line in lines:
        if line.seq is not None:
            last = line.seq
        else:
            guess = 0 if last is None else last + 1
            if guess not in holder:
                holder[guess] = line.pos
                last = guess
    missing = sorted(set(range(max(holder) + 1)) - set(holder)) if holder else []
    start = 0
    while start < len(missing):
        end = start
        while end + 1 < len(missing) and missing[end + 1] == missing[end] + 1:
            end += 1
        first, final = missing[start], missing[end]
        count = final - first + 1
        originals = f"line {first + 1}" if count == 1 else f"lines {first + 1}-{final + 1}"
        # final + 1 is held: `missing` stops below the highest seq held, and each run is maximal.
        problems.append(
            ChainProblem(holder[final + 1] + 1, f"{count} line(s) removed before this line (the original {originals})")
        )
        start = end + 1


def _link(line: _Line, by_seq: dict[int, _Line], problems: list[ChainProblem]) -> None:
    """Check that ``line``'s prev is the hash of the line written just before it."""
    if line.seq is None or line.prev is None or by_seq.get(line.seq) is not line:
        return
    if line.seq == 0:
        if line.prev != GENESIS:
            problems.append(ChainProblem(line.pos + 1, "chain field 'prev' garbled: the first line must start the chain"))
        return
    before = by_seq.get(line.seq - 1)
    if before is None or before.damaged or before.digest == line.prev:
        return  # removed or damaged lines are reported already
    problems.append(
        ChainProblem(before.pos + 1, f"changed after it was written (line {line.pos + 1}'s 'prev' does not match "
                                     "it, or that field was changed)")
    )
