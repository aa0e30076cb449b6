"""`redactor audit check` and `--key-passphrase-env` from the command line, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from redactor.audit import AUDIT_NAME, append_records
from redactor.cli import app
from redactor.keyfile import ENCRYPTED_FORMAT, Key, ScryptCost, save_key

runner = CliRunner()
VAR = "REDACTOR_TEST_KEY_PASSPHRASE"
PASSPHRASE = "a long test passphrase"
CASE = """\
[case]
name = "WX"

[[person]]
name = "Jane Elizabeth Doe"
pseudonym = "WX"
role = "victim"
"""
NAMES = ("Jane", "Doe")


def audit_check(folder: Path) -> Result:
    return runner.invoke(app, ["audit", "check", str(folder)])


def two_run_log(folder: Path) -> Path:
    append_records(folder, [{"type": "decision", "n": 1}, {"type": "run"}])
    append_records(folder, [{"type": "decision", "n": 2}, {"type": "run"}])
    return folder / AUDIT_NAME


def test_audit_check_says_intact(tmp_path: Path) -> None:
    two_run_log(tmp_path)
    result = audit_check(tmp_path)
    assert result.exit_code == 0, result.output
    assert "intact: 4 lines, 2 runs" in result.output
    assert "last line sha256:" in result.output


def test_audit_check_lists_a_changed_line_and_exits_1(tmp_path: Path) -> None:
    path = two_run_log(tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines[0] = lines[0].replace(b'"n": 1', b'"n": 7')
    path.write_bytes(b"\n".join(lines))
    result = audit_check(tmp_path)
    assert result.exit_code == 1
    assert "line 1: changed after it was written" in result.output
    assert "1 problem(s)" in result.output


def test_audit_check_reports_an_older_log_as_not_chained(tmp_path: Path) -> None:
    (tmp_path / AUDIT_NAME).write_text('{"type": "decision"}\n{"type": "run"}\n', encoding="utf-8")
    result = audit_check(tmp_path)
    assert result.exit_code == 1
    assert "not chained (written by an older version" in result.output


@pytest.mark.parametrize("where", ["missing", "."], ids=["no folder", "no log"])
def test_audit_check_without_a_log_exits_2(tmp_path: Path, where: str) -> None:
    result = audit_check(tmp_path / where)
    assert result.exit_code == 2
    assert "redactor redact" in result.output
    assert "Traceback" not in result.output


def encrypted_key(tmp_path: Path) -> Path:
    path = tmp_path / "k.json"
    save_key(Key.new("WX"), path, passphrase=PASSPHRASE, cost=ScryptCost(n=2**14))
    return path


def test_an_unset_passphrase_variable_exits_2_before_any_work(tmp_path: Path) -> None:
    doc = tmp_path / "notes.txt"
    doc.write_text("Jane Doe met the panel.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["redact", str(doc), "--out", str(out), "--key", str(tmp_path / "k.json"), "--key-passphrase-env", VAR],
        env={VAR: None},
    )
    assert result.exit_code == 2
    assert f"--key-passphrase-env {VAR}: that environment variable is not set or is empty" in result.output
    assert not out.exists() and not (tmp_path / "k.json").exists()


def test_an_empty_passphrase_variable_exits_2(tmp_path: Path) -> None:
    key = encrypted_key(tmp_path)
    result = runner.invoke(app, ["verify", str(tmp_path), "--key", str(key), "--key-passphrase-env", VAR], env={VAR: ""})
    assert result.exit_code == 2
    assert "not set or is empty" in result.output


def test_an_encrypted_key_without_a_passphrase_exits_2(tmp_path: Path) -> None:
    key = encrypted_key(tmp_path)
    result = runner.invoke(app, ["verify", str(tmp_path), "--key", str(key)], env={VAR: None})
    assert result.exit_code == 2
    assert "is encrypted; pass --key-passphrase-env VAR" in result.output


def test_a_wrong_passphrase_exits_2_without_a_traceback(tmp_path: Path) -> None:
    key = encrypted_key(tmp_path)
    result = runner.invoke(app, ["verify", str(tmp_path), "--key", str(key), "--key-passphrase-env", VAR], env={VAR: "nope"})
    assert result.exit_code == 2
    assert "wrong passphrase or damaged key file" in result.output
    assert "Traceback" not in result.output and "InvalidTag" not in result.output


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Redact two tiny documents into one folder in two runs, with an encrypted key, then check."""
    base = tmp_path_factory.mktemp("encrypted")
    case = base / "case.toml"
    case.write_text(CASE, encoding="utf-8")
    key, out = base / "case.key.json", base / "out"
    env = {VAR: PASSPHRASE}
    results = []
    for n, text in enumerate(("Jane Doe met the panel.", "Mrs Doe said Jane was well.")):
        doc = base / f"in{n}" / f"notes{n}.txt"
        doc.parent.mkdir()
        doc.write_text(text, encoding="utf-8")
        args = ["redact", str(doc), "--out", str(out), "--case", str(case), "--key-passphrase-env", VAR]
        results.append(runner.invoke(app, args, env=env))
    check = audit_check(out)
    verify = runner.invoke(app, ["verify", str(out), "--case", str(case), "--key-passphrase-env", VAR], env=env)
    return {"base": base, "case": case, "key": key, "out": out, "runs": results, "check": check, "verify": verify}


@pytest.mark.model
def test_two_runs_append_to_one_intact_chain(two_runs: dict[str, object]) -> None:
    for result in two_runs["runs"]:  # type: ignore[attr-defined]
        assert result.exit_code == 0, result.output
    check = two_runs["check"]
    assert check.exit_code == 0, check.output  # type: ignore[attr-defined]
    lines = (two_runs["out"] / AUDIT_NAME).read_text("utf-8").splitlines()  # type: ignore[operator]
    assert f"intact: {len(lines)} lines, 2 runs" in check.output  # type: ignore[attr-defined]


@pytest.mark.model
def test_the_key_written_by_redact_is_encrypted(two_runs: dict[str, object]) -> None:
    raw = two_runs["key"].read_bytes()  # type: ignore[attr-defined]
    assert json.loads(raw)["format"] == ENCRYPTED_FORMAT
    assert not any(name.encode() in raw for name in NAMES)


@pytest.mark.model
def test_verify_reads_the_encrypted_key(two_runs: dict[str, object]) -> None:
    verify = two_runs["verify"]
    assert verify.exit_code == 0, verify.output  # type: ignore[attr-defined]


@pytest.mark.model
def test_no_name_in_outputs_stdout_or_audit(two_runs: dict[str, object]) -> None:
    out: Path = two_runs["out"]  # type: ignore[assignment]
    texts = [p.read_text("utf-8") for p in out.iterdir()]
    texts += [r.output for r in two_runs["runs"]]  # type: ignore[attr-defined]
    texts.append(two_runs["check"].output)  # type: ignore[attr-defined]
    assert not any(name in text for name in NAMES for text in texts)


@pytest.mark.model
def test_redact_without_the_passphrase_is_refused_and_writes_nothing(two_runs: dict[str, object]) -> None:
    base: Path = two_runs["base"]  # type: ignore[assignment]
    out: Path = two_runs["out"]  # type: ignore[assignment]
    doc = base / "later" / "later.txt"
    doc.parent.mkdir()
    doc.write_text("Jane Doe again.", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    key_before = two_runs["key"].read_bytes()  # type: ignore[attr-defined]
    result = runner.invoke(app, ["redact", str(doc), "--out", str(out), "--case", str(two_runs["case"])], env={VAR: None})
    assert result.exit_code == 2
    assert "is encrypted; pass --key-passphrase-env VAR" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert two_runs["key"].read_bytes() == key_before  # type: ignore[attr-defined]
