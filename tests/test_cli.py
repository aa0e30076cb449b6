"""The command line end to end, with the real model, on the sample case and on bad inputs."""

from __future__ import annotations

import json
import logging
import re
import shutil
import socket
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from tests.conftest import SAMPLES

pytestmark = pytest.mark.model
runner = CliRunner()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def case_dir(tmp_path: Path) -> Path:
    """A private copy of sample_reports/ (inputs are compared before and after)."""
    target = tmp_path / "case"
    shutil.copytree(SAMPLES, target, ignore=shutil.ignore_patterns("*.key.json", ".*.lock"))
    return target


def run_redact(case_dir: Path, out: Path, *extra: str) -> object:
    args = ["redact", str(case_dir), "--out", str(out), "--case", str(case_dir / "case.toml"), *extra]
    return runner.invoke(app, args)


def all_identifiers(ids: dict[str, list[str]]) -> list[str]:
    return [v for kind, values in ids.items() if kind != "kept" for v in values]


def docx_text(path: Path) -> str:
    """Every text node and attribute value of every XML part of a .docx (an independent reader)."""
    import zipfile

    from lxml import etree

    pieces = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(archive.read(name))
            for element in root.iter():
                pieces.extend(str(v) for v in element.attrib.values())
            # Paragraph text joined across runs, so a name split over runs is still seen.
            for para in root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
                pieces.append("".join(para.itertext()))
            pieces.append(" ".join(root.itertext()))
    return "\n".join(pieces)


def read_any(path: Path) -> str:
    return docx_text(path) if path.suffix == ".docx" else path.read_text("utf-8-sig")


def present(needle: str, haystack: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack, re.IGNORECASE) is not None


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Run the demo once, with sockets blocked and logging at DEBUG captured."""
    base = tmp_path_factory.mktemp("demo")
    case_dir = base / "case"
    shutil.copytree(SAMPLES, case_dir, ignore=shutil.ignore_patterns("*.key.json", ".*.lock"))
    before = snapshot(case_dir)
    out = base / "out"
    real_socket = socket.socket

    def blocked(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("redactor tried to open a network connection")

    socket.socket = blocked  # type: ignore[assignment,misc]
    records: list[str] = []
    handler = logging.Handler(level=logging.DEBUG)
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        result = run_redact(case_dir, out)
        verify = runner.invoke(app, ["verify", str(out), "--case", str(case_dir / "case.toml")])
    finally:
        socket.socket = real_socket  # type: ignore[misc]
        root.removeHandler(handler)
        root.setLevel(old_level)
    return {
        "result": result, "verify": verify, "out": out, "case_dir": case_dir,
        "before": before, "logs": "\n".join(records),
    }


def test_demo_succeeds_offline(demo: dict[str, object]) -> None:
    result = demo["result"]
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


def test_demo_outputs_hold_no_planted_identifier(demo: dict[str, object], sample_identifiers: dict[str, list[str]]) -> None:
    out = demo["out"]
    texts = {p.name: read_any(p) for p in out.iterdir() if p.suffix in (".md", ".txt", ".docx", ".html")}  # type: ignore[attr-defined]
    assert set(texts) == {
        "overview_report.md", "perpetrator_interview.txt", "action_plan.docx",
        "redaction-statement.md", "redaction-statement.html",  # the statement for the QA Panel holds none either
    }
    inputs = "\n".join(read_any(p) for p in SAMPLES.iterdir() if p.suffix in (".md", ".txt", ".docx"))
    for value in all_identifiers(sample_identifiers):
        assert value in inputs, "ground truth lists a string that is not in the samples"
        for name, text in texts.items():
            assert not present(value, text), f"a planted identifier survived in {name}"


def test_demo_keeps_public_bodies(demo: dict[str, object], sample_identifiers: dict[str, list[str]]) -> None:
    out = demo["out"]
    joined = "\n".join(read_any(p) for p in out.iterdir() if p.suffix in (".md", ".txt", ".docx"))  # type: ignore[attr-defined]
    for term in sample_identifiers["kept"]:
        assert term in joined


def test_demo_verifies_clean(demo: dict[str, object]) -> None:
    verify = demo["verify"]
    assert verify.exit_code == 0, verify.output  # type: ignore[attr-defined]
    assert "Clean" in verify.output  # type: ignore[attr-defined]


def test_nothing_identifying_in_stdout_logs_or_audit(demo: dict[str, object], sample_identifiers: dict[str, list[str]]) -> None:
    audit = (demo["out"] / "audit.jsonl").read_text("utf-8")  # type: ignore[operator]
    channels = {
        "stdout": demo["result"].output,  # type: ignore[attr-defined]
        "verify": demo["verify"].output,  # type: ignore[attr-defined]
        "logs": demo["logs"],
        "audit": audit,
    }
    for value in all_identifiers(sample_identifiers):
        for channel, text in channels.items():
            assert not present(value, str(text)), f"identifier text in {channel}"


def test_audit_log_records_decisions_and_the_run(demo: dict[str, object]) -> None:
    lines = [json.loads(line) for line in (demo["out"] / "audit.jsonl").read_text("utf-8").splitlines()]  # type: ignore[operator]
    decisions = [r for r in lines if r["type"] == "decision"]
    (run,) = [r for r in lines if r["type"] == "run"]
    assert decisions and all(re.fullmatch(r"[0-9a-f]{64}", d["hash"]) for d in decisions)
    assert {"document", "segment", "start", "end", "kind", "detector", "score", "replacement"} <= decisions[0].keys()
    assert {d["document"] for d in run["documents"]} == {"overview_report.md", "perpetrator_interview.txt", "action_plan.docx"}
    for doc in run["documents"]:
        assert re.fullmatch(r"[0-9a-f]{64}", doc["input_sha256"])
        assert re.fullmatch(r"[0-9a-f]{64}", doc["output_sha256"])
    assert run["counts"]["PERSON"] > 0 and run["settings_sha256"] and run["model"]


def test_key_is_private_outside_outdir_and_holds_the_pseudonyms(demo: dict[str, object]) -> None:
    key_path = demo["case_dir"] / "case.key.json"  # type: ignore[operator]
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert not any(p.name.endswith(".key.json") for p in demo["out"].rglob("*"))  # type: ignore[attr-defined]
    key = json.loads(key_path.read_text("utf-8"))
    pseudonyms = {e["pseudonym"] for e in key["entities"]}
    assert {"WX", "YZ", "Child 1", "Adult C"} <= pseudonyms


def test_inputs_are_unchanged(demo: dict[str, object]) -> None:
    after = snapshot(demo["case_dir"])  # type: ignore[arg-type]
    after.pop("case.key.json")
    after.pop(".case.key.json.lock")  # the case's lock, hidden beside its key (one run at a time)
    assert after == demo["before"]


def test_pseudonyms_are_consistent_across_documents(demo: dict[str, object]) -> None:
    key = json.loads((demo["case_dir"] / "case.key.json").read_text("utf-8"))  # type: ignore[operator]
    out = demo["out"]
    report = (out / "overview_report.md").read_text("utf-8")  # type: ignore[operator]
    interview = (out / "perpetrator_interview.txt").read_text("utf-8-sig")  # type: ignore[operator]
    # The perpetrator is in both documents under the same pseudonym; so is a person the case file
    # does not list but who is named in both (found by the model and propagated).
    assert "YZ" in report and "YZ" in interview
    shared = [
        e["pseudonym"] for e in key["entities"]
        if e["source"] == "detected" and e["pseudonym"] in report and e["pseudonym"] in interview
    ]
    assert shared


def test_redaction_is_deterministic(case_dir: Path, tmp_path: Path, demo: dict[str, object]) -> None:
    result = run_redact(case_dir, tmp_path / "again", "--key", str(tmp_path / "fresh.key.json"))
    assert result.exit_code == 0, result.output
    for name in ("overview_report.md", "perpetrator_interview.txt", "action_plan.docx"):
        assert (tmp_path / "again" / name).read_bytes() == (demo["out"] / name).read_bytes()  # type: ignore[operator]


def test_rerun_skips_unchanged_documents_and_redoes_edited_ones(case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_redact(case_dir, out).exit_code == 0
    before = snapshot(out)
    again = run_redact(case_dir, out)
    assert again.exit_code == 0 and "skipped 3" in again.output
    after = snapshot(out)
    documents = ("overview_report.md", "perpetrator_interview.txt", "action_plan.docx")
    assert {k: after[k] for k in documents} == {k: before[k] for k in documents}
    statement = (out / "redaction-statement.md").read_text("utf-8")
    assert "| overview_report.md | 20" in statement and "0 published, 3 unchanged since they were published" in statement
    report = case_dir / "overview_report.md"
    report.write_text(report.read_text("utf-8") + "\nOne more paragraph about the review.\n", encoding="utf-8")
    third = run_redact(case_dir, out)
    assert third.exit_code == 0 and "done 1, skipped 2" in third.output
    assert "One more paragraph" in (out / "overview_report.md").read_text("utf-8")
    forced = run_redact(case_dir, out, "--force")
    assert forced.exit_code == 0 and "done 3, skipped 0" in forced.output


def test_an_output_redactor_did_not_write_is_refused_without_force(case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    foreign = out / "overview_report.md"
    foreign.write_text("someone else's file\n", encoding="utf-8")
    result = run_redact(case_dir, out)
    assert result.exit_code == 2 and "--force" in result.output and "refused 1" in result.output
    assert foreign.read_text("utf-8") == "someone else's file\n"
    assert (out / "perpetrator_interview.txt").exists()  # the others are still published
    assert run_redact(case_dir, out, "--force").exit_code == 0
    assert foreign.read_text("utf-8") != "someone else's file\n"


def test_verify_finds_a_planted_identifier(case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_redact(case_dir, out).exit_code == 0
    target = out / "overview_report.md"
    target.write_text(target.read_text("utf-8") + "\nKowalczyk called 07700 900461.\n", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(out), "--case", str(case_dir / "case.toml")])
    assert result.exit_code == 1
    assert "name" in result.output and "known" in result.output
    assert "Kowalczyk" not in result.output and "07700" not in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "not found"),
        ("report.pdf", b"%PDF-1.4", "save the source document as .docx"),
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02\x03garbage", "binary"),
        ("latin.txt", "Jos\u00e9 Mu\u00f1oz".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_inputs_exit_2_with_a_message_and_no_output_for_them(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    (tmp_path / "in").mkdir()
    good = tmp_path / "in" / "good.txt"
    good.write_text("Kieran Ashcroft met Ilona.", encoding="utf-8")
    bad = tmp_path / "in" / name
    if content is not None:
        bad.write_bytes(content)
    before = snapshot(tmp_path / "in")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["redact", str(good), str(bad), "--out", str(out), "--case", str(SAMPLES / "case.toml"),
              "--key", str(tmp_path / "k" / "k.json")]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and name in result.output
    assert "Traceback" not in result.output
    assert snapshot(tmp_path / "in") == before
    published = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if content is None or name.endswith(".pdf"):
        assert published == []  # a path typed wrong stops the run before anything is written
    else:
        assert published == ["audit.jsonl", "good.txt", "redaction-statement.html", "redaction-statement.md"]
        assert "refused 1" in result.output and "done 1" in result.output


def test_bad_case_file_exits_2_naming_the_line(tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    case.write_text('[case]\nname = "WX"\n\n[[person]]\nname = "A B"\nnick = "x"\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Hello.", encoding="utf-8")
    result = runner.invoke(app, ["redact", str(doc), "--out", str(tmp_path / "out"), "--case", str(case)])
    assert result.exit_code == 2
    assert "line 6" in result.output and "nick" in result.output


def test_redact_needs_a_case_or_a_key(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Hello.", encoding="utf-8")
    result = runner.invoke(app, ["redact", str(doc), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--case" in result.output


def test_key_inside_outdir_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Hello.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["redact", str(doc), "--out", str(out), "--key", str(out / "k.json")])
    assert result.exit_code == 2 and "inside the output folder" in result.output


def test_output_name_never_holds_an_identifier(tmp_path: Path) -> None:
    doc = tmp_path / "DHR_Ilona_Kowalczyk_notes.txt"
    doc.write_text("Notes on Ilona Kowalczyk.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["redact", str(doc), "--out", str(out), "--case", str(SAMPLES / "case.toml"), "--key", str(tmp_path / "k.json")]
    )
    assert result.exit_code == 0, result.output
    names = [p.name for p in out.iterdir() if p.suffix == ".txt"]
    assert names == ["DHR_WX_notes.txt"]
    assert "Kowalczyk" not in result.output


def test_rerun_with_the_key_keeps_generated_pseudonyms(case_dir: Path, tmp_path: Path) -> None:
    key = tmp_path / "k.json"
    assert run_redact(case_dir, tmp_path / "one", "--key", str(key)).exit_code == 0
    first = json.loads(key.read_text("utf-8"))["entities"]
    # A later document names only one detected person: it must get the pseudonym from the key.
    detected = next(e for e in first if e["source"] == "detected" and e["kind"] == "PERSON" and len(e["names"]) > 2)
    full = max(detected["names"], key=len)
    later = tmp_path / "later"
    later.mkdir()
    (later / "addendum.txt").write_text(f"The panel spoke again to {full}.", encoding="utf-8")
    result = runner.invoke(
        app, ["redact", str(later), "--out", str(tmp_path / "two"), "--case", str(case_dir / "case.toml"), "--key", str(key)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "two" / "addendum.txt").read_text("utf-8") == f"The panel spoke again to {detected['pseudonym']}."


def test_help_documents_exit_codes_once_and_reads_as_prose_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and "Exit codes" in top.output
    command = runner.invoke(app, ["redact", "--help"])
    assert command.exit_code == 0 and "Exit codes" not in command.output  # said once, at the top
    assert "<bool>" not in command.output and "--out OUTDIR" in command.output and "--workers N" in command.output
    # A paragraph is rewrapped, not cut where the docstring's lines end ("refused and" ended one).
    assert "refused and one that breaks is failed" in " ".join(command.output.split())
    assert "refused and\n" not in command.output
    assert max(len(line) for line in command.output.splitlines()) <= 80
    # Arguments read as names: "INPUT...", not "{INPUT}..." or "INPUT <list[Path]>".
    assert "redact [OPTIONS] INPUT..." in command.output and "{" not in command.output
    assert "<list[Path]>" not in command.output and "<path>" not in command.output
    verify = runner.invoke(app, ["verify", "--help"])
    assert "verify [OPTIONS] OUTDIR" in verify.output and "<path>" not in verify.output and "--show" in verify.output


@pytest.mark.libreoffice
def test_demo_docx_opens_in_libreoffice(demo: dict[str, object], tmp_path: Path) -> None:
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(demo["out"] / "action_plan.docx")],  # type: ignore[operator]
        capture_output=True, timeout=180, check=False,
    )
    assert result.returncode == 0
    assert (tmp_path / "action_plan.pdf").stat().st_size > 1000


def test_the_number_of_workers_never_changes_the_output(case_dir: Path, tmp_path: Path) -> None:
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        key = tmp_path / f"k{workers}.json"
        result = runner.invoke(
            app, ["redact", str(case_dir), "--out", str(out), "--case", str(case_dir / "case.toml"), "--key", str(key),
                  "--workers", workers]
        )
        assert result.exit_code == 0, result.output
        outputs.append({k: v for k, v in snapshot(out).items() if not k.startswith(("audit", "redaction-statement"))})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 3


def test_files_a_folder_holds_that_are_not_read_are_counted_before_work(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Kieran Ashcroft met Ilona.", encoding="utf-8")
    (folder / "DHR_Ilona_Kowalczyk.pdf").write_bytes(b"%PDF-1.4")
    (folder / "notes.rtf").write_bytes(b"{\\rtf1}")
    result = runner.invoke(
        app, ["redact", str(folder), "--out", str(tmp_path / "out"), "--case", str(SAMPLES / "case.toml"),
              "--key", str(tmp_path / "k" / "k.json")]
    )
    assert result.exit_code == 0, result.output
    assert "Not read (2 file(s) in the input folders)" in result.output
    assert "1 x .pdf: save the source document as .docx" in result.output
    assert "1 x .rtf: save it as .docx" in result.output
    assert "Kowalczyk" not in result.output  # a skipped file's name may hold a name: counted, never named


def test_policy_reads_at_80_columns_with_officer_names_and_nothing_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["policy"])
    assert result.exit_code == 0
    assert "postcode (UK_POSTCODE): label" in result.output
    assert "large places are kept by [keep]" in " ".join(result.output.split())  # markup no longer eats it
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_a_typo_in_the_case_file_names_its_section_and_the_key_meant(tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    case.write_text('[case]\nname = "WX"\n\n[[person]]\nname = "Jane Doe"\npsuedonym = "WX"\n', encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Jane Doe came.", encoding="utf-8")
    result = runner.invoke(app, ["redact", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--case", str(case)])
    assert result.exit_code != 0
    text = " ".join(result.output.split())
    assert "line 6: unknown key 'psuedonym' in [[person]]; did you mean 'pseudonym'?" in text
