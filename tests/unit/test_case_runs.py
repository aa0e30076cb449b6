"""case_runs: the scan, redact and verify the CLI and the workspace share."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest

from redactor.case_runs import Starting, as_data, redact_case, scan_case, verify_case
from redactor.decisions import load_decisions
from redactor.errors import InputError, UsageError
from redactor.workspace import CaseFolder

REPORT = (
    "Domestic Homicide Review\n\n"
    "Jane Doe lived with John Smith at Greenfield Farm for six years.\n\n"
    "In March John Smith told the GP that Jane Doe had moved out. Jane Doe's sister called the police.\n\n"
    "Later they moved to the blue caravan by the canal.\n\n"
    "The review panel thanks everyone who took part.\n"
)


class _Stop(Exception):
    """Raised by an on_start callback to end a run before any work."""


def test_tracked_changes_must_be_accept_or_fail(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--tracked-changes"):
        redact_case([tmp_path], out_dir=tmp_path / "out", case=None, key=tmp_path / "k.key.json", tracked_changes="keep")


def test_decisions_and_ignore_decisions_contradict(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(REPORT, "utf-8")
    with pytest.raises(UsageError, match="contradict"):
        redact_case(
            [tmp_path / "r.txt"], out_dir=tmp_path / "out", case=None, key=tmp_path / "k.key.json",
            decisions=tmp_path / "d.toml", ignore_decisions=True,
        )
    assert not (tmp_path / "out").exists()


def test_verify_needs_a_key_or_a_case(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="key file not found"):
        verify_case(tmp_path, case=None, key=tmp_path / "missing.key.json")


def test_on_start_is_told_before_any_work(tmp_path: Path) -> None:
    case = CaseFolder.create(tmp_path, "WX")
    case.add_document("r.txt", REPORT.encode("utf-8"))
    (case.documents_dir / "notes.pdf").write_bytes(b"%PDF")
    seen: list[Starting] = []

    def on_start(starting: Starting) -> None:
        seen.append(starting)
        raise _Stop

    for run in ("scan", "redact"):
        with pytest.raises(_Stop):
            if run == "scan":
                scan_case([case.documents_dir], review_dir=case.review_dir, case=case.case_path, key=None, workers=1,
                          on_start=on_start)
            else:
                redact_case([case.documents_dir], out_dir=case.publication_dir, case=case.case_path, key=None,
                            workers=1, on_start=on_start)
    assert [(s.documents, s.workers, s.skipped) for s in seen] == [(1, 1, (Path("notes.pdf"),))] * 2
    assert not case.publication_dir.exists() and not case.key_path.exists()


@pytest.mark.model
def test_scan_decide_publish_and_verify_a_small_case(tmp_path: Path) -> None:
    case = CaseFolder.create(tmp_path, "WX")
    data = case.case_data()
    case.update_case(
        {"people": [{"name": "Jane Doe", "pseudonym": "Adult A", "role": "victim"}]}, version=data["version"]
    )
    case.add_document("report.txt", REPORT.encode("utf-8"))
    steps: list[str] = []

    def progress(label: str, total: int):  # type: ignore[no-untyped-def]
        steps.append(label)
        return lambda: None

    scanned = scan_case(case.document_paths(), review_dir=case.review_dir, case=case.case_path, key=None, workers=1,
                        progress=progress)
    assert [r.status for r in scanned.reports] == ["done"] and "Detecting" in steps
    review = case.review_data()
    assert review is not None and review["documents"][0]["given"] == "report.txt"
    assert {s["role"] for s in review["documents"][0]["segments"]} == {"paragraph"}
    decisions = case.decisions_data()
    john = next(e for e in decisions["entities"] if "John Smith" in e["names"])
    decisions = case.decide_entity(john["id"], pseudonym="Mr Z", version=decisions["version"])
    decisions = case.add_term("blue caravan", "CUSTOM", version=decisions["version"])  # missed: no detector finds it
    decisions = case.decide_mention("report.txt", "GP", "ORGANIZATION", "reject", version=decisions["version"])
    assert decisions["can_undo"]
    loaded = load_decisions(case.decisions_path)
    assert {d.pseudonym for d in loaded.entities if d.id == john["id"]} == {"Mr Z"}
    assert [a.text for a in loaded.added] == ["blue caravan"]

    result = redact_case(case.document_paths(), out_dir=case.publication_dir, case=case.case_path, key=None, workers=1)
    assert [r.status for r in result.reports] == ["done"]
    text = (case.publication_dir / "report.txt").read_text("utf-8")
    assert "Mr Z" in text and "Adult A" in text and "[redacted]" in text
    for name in ("John", "Smith", "Jane", "Doe", "Greenfield", "caravan"):
        assert name not in text
    assert result.decisions.startswith("case.decisions.toml applied")
    assert not verify_case(case.publication_dir, case=case.case_path, key=None).findings
    assert not case.verify().findings  # the workspace's own call: the same run
    data = json.loads(json.dumps(as_data(result)))
    assert data["reports"][0]["status"] == "done" and data["reports"][0]["output"]["name"] == "report.txt"
    assert "Jane" not in json.dumps(data) and "Jane" not in json.dumps(as_data(scanned))

    with zipfile.ZipFile(io.BytesIO(case.publication_zip())) as archive:
        assert sorted(archive.namelist()) == ["redaction-statement.html", "redaction-statement.md", "report.txt"]


@pytest.mark.model
def test_the_case_folder_runs_scan_and_publish_itself(tmp_path: Path) -> None:
    case = CaseFolder.create(tmp_path, "WX")
    with pytest.raises(InputError, match="no document yet"):
        case.scan(workers=1)
    case.add_document("report.txt", REPORT.encode("utf-8"))
    assert case.scan(workers=1).review_path == case.review_dir / "review.html"
    assert _mode(case.review_dir / "review.json") == 0o600
    result = case.publish(workers=1)
    assert [r.status for r in result.reports] == ["done"]
    assert not case.verify().findings
    assert "John" not in (case.publication_dir / "report.txt").read_text("utf-8")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
