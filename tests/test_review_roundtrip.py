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
        if name in match.group().split("names = ", 1)[1].split("\n", 1)[0]:  # "Dr Harjinder Bassi" holds it
            return match.start(), match.end()
    raise AssertionError(f"no entity block for {name}")


def _set(text: str, name: str, key: str, value: str) -> str:
    start, end = _entity_block(text, name)
    block = re.sub(rf'^{key} = .*$', f'{key} = "{value}"', text[start:end], flags=re.M)
    return text[:start] + block + text[end:]


@pytest.fixture()
def case(tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(SAMPLES, target, ignore=shutil.ignore_patterns("*.key.json", "*.decisions.toml", ".*.lock"))
    return target


def _without_latest_run(statement: str) -> str:
    """The statement without what changes from run to run: the date it was prepared and the latest run."""
    body = statement.split("## Latest run", 1)[0]
    return re.sub(r"Prepared on \d{4}-\d{2}-\d{2}", "Prepared on DATE", body)


def test_the_officer_session_end_to_end(case: Path, tmp_path: Path) -> None:
    """A new officer's session: scan; edit the decisions (reject, rename, add, keep one mention);
    redact with a redline; verify; redact again with nothing changed; then without the decisions
    file (refused), on purpose without it, and with it again."""
    interview = case / "Kieran Ashcroft interview.txt"  # a file name that names someone
    (case / "perpetrator_interview.txt").rename(interview)
    review, out = tmp_path / "review", tmp_path / "out"
    common = ["--case", str(case / "case.toml")]  # the key and the decisions file sit beside the case file
    decisions_path = case / "case.decisions.toml"

    scanned = runner.invoke(app, ["scan", str(case), "--out", str(review), *common])
    assert scanned.exit_code == 0, scanned.output
    assert not out.exists(), "scan publishes nothing"
    assert str(decisions_path) in scanned.output.replace("\n", "")
    page = (review / "review.html").read_text("utf-8")
    assert "SENSITIVE" in page and "Barraclough" in page
    assert "Kieran Ashcroft interview.txt" in page, "the page names documents as the officer gave them"
    assert decisions_path.stat().st_mode & 0o777 == 0o600
    decisions = decisions_path.read_text("utf-8")
    assert 'document = "Kieran Ashcroft interview.txt"' in decisions
    tomllib.loads(decisions)  # valid TOML as written

    # The officer: keeps the neighbour's name, renames the GP, adds a missed phrase, and keeps
    # one uncertain mention as written; two decisions match nothing.
    decisions = _set(decisions, "Gwendolyn Barraclough", "decision", "reject")
    decisions = _set(decisions, "Harjinder Bassi", "pseudonym", "GP 1")
    decisions = re.sub(r'(text = "Nikhil"\n(?:.*\n)*?decision = )"accept"', r'\1"reject"', decisions, count=1)
    assert '"reject"' in decisions.split('text = "Nikhil"', 1)[1].split("[[", 1)[0]
    decisions += '\n[[add]]\ntext = "upper left arm"\nkind = "CUSTOM"\n'
    decisions += '\n[[mention]]\ndocument = "overview_report.md"\ntext = "Zebedee Quux"\nkind = "PERSON"\ndecision = "reject"\n'
    decisions += '\n[[entity]]\nid = "e999"\nkind = "PERSON"\nnames = ["Nobody Atall"]\npseudonym = "Q"\n'
    decisions_path.write_text(decisions, encoding="utf-8")

    redacted = runner.invoke(app, ["redact", str(case), "--out", str(out), *common, "--redline"])
    assert redacted.exit_code == 0, redacted.output
    assert "case.decisions.toml applied" in redacted.output
    assert "Decisions that matched nothing (2)" in redacted.output
    assert "Nobody" not in redacted.output and "Zebedee" not in redacted.output
    published = out / "YZ interview.txt"
    text = published.read_text("utf-8")
    assert "Nikhil has the details" in text and "Raithatha" not in text  # one mention kept as written
    report = (out / "overview_report.md").read_text("utf-8")
    assert "Gwendolyn Barraclough" in report and "Mrs Barraclough" in report  # rejected: kept as written
    assert "GP 1" in report and "Bassi" not in report  # renamed
    assert "upper left arm" not in report and "[redacted]" in report  # added
    assert (case / "overview_report.redline.docx").exists()

    verified = runner.invoke(app, ["verify", str(out), *common])
    assert verified.exit_code == 0, verified.output  # verify applies the same decisions: it agrees
    statement = (out / "redaction-statement.md").read_text("utf-8")
    officer = statement.split("## Officer decisions", 1)[1].split("## ", 1)[0]
    assert "case.decisions.toml" in officer and "2 decisions matched nothing" in officer
    assert "kept as written in every document" in officer  # the rejected neighbour, not "a term the case file keeps"
    assert 'pseudonym chosen by the officer, "GP 1"' in officer
    assert re.search(r"YZ interview.txt: \d+ detections? kept as written at the officer's request", officer)
    assert "term the tool missed, added by the officer" in officer
    assert "2 terms the case file keeps" in statement  # the case file's own, not the officer's rejections
    assert "## Sign-off" in statement and "QA Panel decision" in statement
    for secret in ("Barraclough", "Bassi", "Nikhil", "Kieran", "Ashcroft", "upper left arm"):
        assert secret not in statement

    # Nothing changed: every document is skipped, and the statement says the same.
    again = runner.invoke(app, ["redact", str(case), "--out", str(out), *common, "--redline"])
    assert again.exit_code == 0, again.output
    assert "skipped 3" in again.output and "unchanged since they were published" in again.output
    restated = (out / "redaction-statement.md").read_text("utf-8")
    assert _without_latest_run(restated) == _without_latest_run(statement)
    assert "0 published, 3 unchanged" in restated

    # The decisions file is moved away: publishing without it would undo every decision silently.
    before = published.read_bytes()
    moved = decisions_path.rename(tmp_path / "elsewhere.toml")
    refused = runner.invoke(app, ["redact", str(case), "--out", str(out), *common])
    assert refused.exit_code == 2, refused.output
    assert "--ignore-decisions" in refused.output and published.read_bytes() == before
    unverifiable = runner.invoke(app, ["verify", str(out), *common])
    assert unverifiable.exit_code == 1, "without the decisions, the kept neighbour is a finding again"

    # The officer says so: published without decisions, and the statement says it.
    ignored = runner.invoke(app, ["redact", str(case), "--out", str(out), *common, "--ignore-decisions"])
    assert ignored.exit_code == 0, ignored.output
    assert "Barraclough" not in (out / "overview_report.md").read_text("utf-8")
    assert "chose to publish without the case's decisions file" in (out / "redaction-statement.md").read_text("utf-8")

    # Back in place (or named with --decisions): every decision applies again.
    named = runner.invoke(app, ["redact", str(case), "--out", str(out), *common, "--decisions", str(moved)])
    assert named.exit_code == 0, named.output
    assert "Gwendolyn Barraclough" in (out / "overview_report.md").read_text("utf-8")
    assert runner.invoke(app, ["verify", str(out), *common, "--decisions", str(moved)]).exit_code == 0

    # The documents change; the decisions still apply (matched by entity and text, not offset).
    source = case / "overview_report.md"
    source.write_text("A new first paragraph about the review.\n\n" + source.read_text("utf-8"), encoding="utf-8")
    edited = runner.invoke(app, ["redact", str(case), "--out", str(out), *common, "--decisions", str(moved)])
    assert edited.exit_code == 0, edited.output
    report = (out / "overview_report.md").read_text("utf-8")
    assert report.startswith("A new first paragraph")
    assert "Gwendolyn Barraclough" in report and "GP 1" in report and "upper left arm" not in report

    # A second scan keeps the officer's edits in the decisions file.
    rescanned = runner.invoke(app, ["scan", str(case), "--out", str(review), *common, "--decisions", str(moved)])
    assert rescanned.exit_code == 0, rescanned.output
    kept = moved.read_text("utf-8")
    assert 'pseudonym = "GP 1"' in kept and 'text = "upper left arm"' in kept


def test_verify_show_prints_context_to_the_terminal_only(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    common = ["--case", str(case / "case.toml")]
    assert runner.invoke(app, ["redact", str(case), "--out", str(out), *common]).exit_code == 0
    report = out / "overview_report.md"
    report.write_text(report.read_text("utf-8") + "\nA late addition about Kieran Ashcroft at the hearing.\n", "utf-8")
    quiet = runner.invoke(app, ["verify", str(out), *common])
    assert quiet.exit_code == 1 and "Ashcroft" not in quiet.output and "--show" in quiet.output
    shown = runner.invoke(app, ["verify", str(out), *common, "--show"])
    assert shown.exit_code == 1 and "[[Kieran Ashcroft]]" in shown.output and "at the hearing" in shown.output
    assert "Ashcroft" not in (out / "audit.jsonl").read_text("utf-8")


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
    assert "| age | generalise |" in statement
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
