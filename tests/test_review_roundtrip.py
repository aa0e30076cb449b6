"""Scan, edit decisions (reject one, rename one, add a missed term, reject one mention), redact, verify.

The real CLI on a copy of the sample case; the outputs must reflect each edit, the decisions
must survive an edit to the documents, and a decision that matches nothing is reported.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from tests.conftest import SAMPLES

pytestmark = pytest.mark.model
runner = CliRunner()


def _entity_block(text: str, name: str) -> tuple[int, int]:
    """Return the span of the [[entity]] block whose names list holds ``name``."""
    for match in re.finditer(r"\[\[entity\]\]\n(?:(?!\n\n).)*", text, re.S):
        if f'"{name}"' in match.group().split("names = ", 1)[1].split("\n", 1)[0]:
            return match.start(), match.end()
    raise AssertionError(f"no entity block for {name}")


def _set(text: str, name: str, key: str, value: str) -> str:
    start, end = _entity_block(text, name)
    block = re.sub(rf'^{key} = .*$', f'{key} = "{value}"', text[start:end], flags=re.M)
    return text[:start] + block + text[end:]


@pytest.fixture()
def case(tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(SAMPLES, target, ignore=shutil.ignore_patterns("*.key.json", ".*.lock"))
    return target


def test_scan_decide_redact_verify(case: Path, tmp_path: Path) -> None:
    review, out, key = tmp_path / "review", tmp_path / "out", tmp_path / "k.json"
    common = ["--case", str(case / "case.toml"), "--key", str(key)]
    scanned = runner.invoke(app, ["scan", str(case), "--out", str(review), *common])
    assert scanned.exit_code == 0, scanned.output
    assert not out.exists(), "scan publishes nothing"
    page = (review / "review.html").read_text("utf-8")
    assert "SENSITIVE" in page and "Barraclough" in page
    assert (review / "decisions.toml").stat().st_mode & 0o777 == 0o600
    decisions = (review / "decisions.toml").read_text("utf-8")
    tomllib.loads(decisions)  # valid TOML as written

    # The officer: keeps the neighbour's name, renames the GP, adds a missed phrase, and keeps
    # one uncertain mention as written.
    decisions = _set(decisions, "Gwendolyn Barraclough", "decision", "reject")
    decisions = _set(decisions, "Harjinder Bassi", "pseudonym", "GP 1")
    decisions = re.sub(r'(text = "Nikhil"\n(?:.*\n)*?decision = )"accept"', r'\1"reject"', decisions, count=1)
    assert '"reject"' in decisions.split('text = "Nikhil"', 1)[1].split("[[", 1)[0]
    decisions += '\n[[add]]\ntext = "upper left arm"\nkind = "CUSTOM"\n'
    decisions += '\n[[mention]]\ndocument = "overview_report.md"\ntext = "Zebedee Quux"\nkind = "PERSON"\ndecision = "reject"\n'
    decisions += '\n[[entity]]\nid = "e999"\nkind = "PERSON"\nnames = ["Nobody Atall"]\npseudonym = "Q"\n'
    (review / "decisions.toml").write_text(decisions, encoding="utf-8")

    decided = ["--decisions", str(review / "decisions.toml")]
    redacted = runner.invoke(app, ["redact", str(case), "--out", str(out), *common, *decided])
    assert redacted.exit_code == 0, redacted.output
    assert "Decisions that matched nothing (2)" in redacted.output
    assert "Nobody" not in redacted.output and "Zebedee" not in redacted.output
    interview = (out / "perpetrator_interview.txt").read_text("utf-8")
    assert "Nikhil has the details" in interview and "Raithatha" not in interview  # one mention kept as written
    report = (out / "overview_report.md").read_text("utf-8")
    assert "Gwendolyn Barraclough" in report and "Mrs Barraclough" in report  # rejected: kept as written
    assert "GP 1" in report and "Bassi" not in report  # renamed
    assert "upper left arm" not in report and "[redacted]" in report  # added
    verified = runner.invoke(app, ["verify", str(out), *common])
    assert verified.exit_code in (0, 1), verified.output
    assert "Barraclough" not in verified.output
    statement = (out / "redaction-statement.md").read_text("utf-8")
    assert "officer's decisions were applied" in statement and "2 matched nothing" in statement
    assert "Barraclough" not in statement and "Bassi" not in statement

    # The documents change; the decisions still apply (matched by entity and text, not offset).
    source = case / "overview_report.md"
    source.write_text("A new first paragraph about the review.\n\n" + source.read_text("utf-8"), encoding="utf-8")
    again = runner.invoke(app, ["redact", str(case), "--out", str(out), *common, *decided])
    assert again.exit_code == 0, again.output
    report = (out / "overview_report.md").read_text("utf-8")
    assert report.startswith("A new first paragraph")
    assert "Gwendolyn Barraclough" in report and "GP 1" in report and "upper left arm" not in report

    # A second scan keeps the officer's edits in decisions.toml.
    rescanned = runner.invoke(app, ["scan", str(case), "--out", str(review), *common])
    assert rescanned.exit_code == 0, rescanned.output
    kept = (review / "decisions.toml").read_text("utf-8")
    assert 'pseudonym = "GP 1"' in kept and 'text = "upper left arm"' in kept


def test_redline_is_written_next_to_the_key_not_in_outdir(case: Path, tmp_path: Path) -> None:
    out, key = tmp_path / "out", tmp_path / "keys" / "k.json"
    result = runner.invoke(
        app, ["redact", str(case), "--out", str(out), "--case", str(case / "case.toml"), "--key", str(key), "--redline"]
    )
    assert result.exit_code == 0, result.output
    redlines = sorted(p.name for p in key.parent.glob("*.redline.docx"))
    assert redlines == ["action_plan.redline.docx", "overview_report.redline.docx", "perpetrator_interview.redline.docx"]
    assert not list(out.rglob("*redline*"))
    assert all((key.parent / name).stat().st_mode & 0o777 == 0o600 for name in redlines)


def test_policy_from_the_case_file_changes_the_output(case: Path, tmp_path: Path) -> None:
    toml = case / "case.toml"
    toml.write_text(toml.read_text("utf-8") + '\n[policy]\nAGE = "generalise"\nDATE_OF_DEATH = "label"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["redact", str(case), "--out", str(out), "--case", str(toml), "--key", str(tmp_path / "k.json")])
    assert result.exit_code == 0, result.output
    report = (out / "overview_report.md").read_text("utf-8")
    assert "30–39 years old" in report and "37 years old" not in report
    assert "death on [date]" in report
    statement = (out / "redaction-statement.md").read_text("utf-8")
    assert "| AGE | generalise |" in statement
    listed = runner.invoke(app, ["policy", "--case", str(toml)])
    assert listed.exit_code == 0 and "generalise" in listed.output


def test_redlines_next_to_a_key_in_the_input_folder_are_never_redacted_as_inputs(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["redact", str(case), "--out", str(out), "--case", str(case / "case.toml"), "--redline", "--force"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert len(list(case.glob("*.redline.docx"))) == 3  # the default key sits next to the case file
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "done 3," in second.output and not list(out.glob("*redline*"))


@pytest.mark.parametrize(("kind", "kept"), [("ORGANIZATION", "Larchmere Medical Practice"), ("PHONE_NUMBER", "07700 900461")])
def test_a_kind_the_policy_keeps_is_published_as_written_and_verifies(case: Path, tmp_path: Path, kind: str, kept: str) -> None:
    toml = case / "case.toml"
    toml.write_text(toml.read_text("utf-8") + f'\n[policy]\n{kind} = "keep"\n', encoding="utf-8")
    out, key = tmp_path / "out", tmp_path / "k.json"
    common = ["--case", str(toml), "--key", str(key)]
    result = runner.invoke(app, ["redact", str(case), "--out", str(out), *common])
    assert result.exit_code == 0, result.output
    texts = (out / "overview_report.md").read_text("utf-8") + (out / "perpetrator_interview.txt").read_text("utf-8")
    assert kept in texts
    verified = runner.invoke(app, ["verify", str(out), *common])
    assert verified.exit_code == 0, verified.output
