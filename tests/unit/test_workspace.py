"""The workspace's case folder: documents, case file and decisions edits, undo, the publication zip."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest

from redactor import workspace
from redactor.casefile import load_case
from redactor.decisions import DecisionsError, load_decisions, render_decisions
from redactor.document import Label
from redactor.errors import CaseFileError
from redactor.keyfile import KeyEntity
from redactor.lock import hold, lock_path_for_key
from redactor.workspace import CaseFolder, CaseInUse, Conflict, WorkspaceError, recent_cases, remember_case

CORPUS = Path("/work/shared/corpora/docx")
DOCX = CORPUS / "poi__Bug54849.docx"
ENCRYPTED = CORPUS / "poi__protected_agile.docx"  # MANIFEST.md: password-protected (an OLE2 container)
TRUNCATED = CORPUS / "poi__truncated62886.docx"  # MANIFEST.md: a truncated zip

PLANTED = "Ottoline Brackenbury"  # a name that must never reach a message


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def case(tmp_path: Path) -> CaseFolder:
    return CaseFolder.create(tmp_path, "WX")


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".redactor-")]


# --- creating and opening ------------------------------------------------------------------------


def test_create_makes_the_folder_and_a_case_file_the_cli_reads(tmp_path: Path) -> None:
    case = CaseFolder.create(tmp_path, "WX")
    assert case.path == (tmp_path / "WX").resolve()
    assert load_case(case.case_path).name == "WX"
    assert case.documents_dir == case.path / "documents" and case.documents_dir.is_dir()
    assert case.key_path.name == "case.key.json" and case.decisions_path.name == "case.decisions.toml"
    assert _mode(case.case_path) == 0o600
    assert CaseFolder.open(case.path).case_data()["name"] == "WX"


@pytest.mark.parametrize("name", ["../WX", "a/b", ".hidden", "", "W\u202eX"])
def test_create_refuses_a_name_that_is_no_plain_folder_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(WorkspaceError):
        CaseFolder.create(tmp_path, name)
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_an_existing_case(case: CaseFolder) -> None:
    with pytest.raises(WorkspaceError, match="already exists"):
        CaseFolder.create(case.path.parent, "WX")


def test_open_needs_a_case_file(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="case.toml"):
        CaseFolder.open(tmp_path)


def test_without_a_documents_folder_the_files_beside_the_case_file_are_the_documents(tmp_path: Path) -> None:
    (tmp_path / "case.toml").write_text('[case]\nname = "D"\n', "utf-8")
    (tmp_path / "a.txt").write_text("Some text.\n", "utf-8")
    (tmp_path / "b.md").write_text("# Title\n", "utf-8")
    (tmp_path / "x.redline.docx").write_bytes(b"")
    (tmp_path / "notes.json").write_text("{}", "utf-8")
    case = CaseFolder.open(tmp_path)
    assert [p.name for p in case.document_paths()] == ["a.txt", "b.md"]
    case.add_document("c.txt", b"More text.\n")
    assert (tmp_path / "c.txt").is_file()  # beside the others, not in a new folder that would hide them


# --- documents -----------------------------------------------------------------------------------


def test_add_list_and_remove_documents(case: CaseFolder) -> None:
    info = case.add_document("report.txt", b"The review met in May.\n")
    assert info.name == "report.txt" and info.size == 23 and info.kind == "Text file"
    assert info.modified.endswith("+00:00")
    assert _mode(case.documents_dir / "report.txt") == 0o600
    if DOCX.is_file():
        assert case.add_document("b.docx", DOCX.read_bytes()).kind == "Word document"
    assert "report.txt" in [d.name for d in case.documents()]
    assert case.documents_dir / "report.txt" in case.document_paths()
    case.remove_document("report.txt")
    assert "report.txt" not in [d.name for d in case.documents()]
    with pytest.raises(WorkspaceError, match="no document"):
        case.remove_document("report.txt")


def test_a_name_is_nfc_normalised(case: CaseFolder) -> None:
    assert case.add_document("Cafe\u0301.txt", b"Text.\n").name == "Caf\u00e9.txt"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("../x.txt", "folder separator"),
        ("/etc/x.txt", "folder separator"),
        ("x/y.txt", "folder separator"),
        ("x\\y.txt", "folder separator"),
        ("..", "'..'"),
        ("a..txt", "'..'"),
        ("x\x00.txt", "NUL"),
        ("evil\u202etxt.docx", "direction control"),
        ("a\u2066b.txt", "direction control"),
        ("x\x07.txt", "control"),
        ("x\u200b.txt", "control or invisible"),
        (".hidden.txt", "starts with a dot"),
        ("a" * 197 + ".txt", "longer than 200"),
        (" x.txt", "space"),
        ("", "empty"),
        ("report.pdf", "'.pdf' are not read"),
        ("report.exe", "'.exe' are not read"),
        ("report", "(no suffix)"),
    ],
)
def test_add_document_refuses_names(case: CaseFolder, name: str, says: str) -> None:
    with pytest.raises(WorkspaceError, match=re.escape(says)):
        case.add_document(name, b"Text.\n")
    assert list(case.documents_dir.iterdir()) == []
    assert sorted(p.name for p in case.path.iterdir()) == ["case.toml", "documents"]


def test_a_name_of_200_characters_is_allowed(case: CaseFolder) -> None:
    assert case.add_document("a" * 196 + ".txt", b"Text.\n").name == "a" * 196 + ".txt"


def test_add_document_refuses_more_than_50_mib(case: CaseFolder) -> None:
    with pytest.raises(WorkspaceError, match="larger than 50 MiB"):
        case.add_document("big.txt", b"a" * (50 * 1024 * 1024 + 1))
    assert list(case.documents_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("source", "says"),
    [
        (ENCRYPTED, "password"),
        (TRUNCATED, "report.docx"),
    ],
)
def test_add_document_refuses_what_the_reader_refuses_from_the_corpus(case: CaseFolder, source: Path, says: str) -> None:
    if not source.is_file():
        pytest.skip(f"{source.name}: the shared docx corpus is not here")
    with pytest.raises(WorkspaceError, match=says) as caught:
        case.add_document("report.docx", source.read_bytes())
    assert ".redactor-upload" not in str(caught.value)  # the name the officer gave, never the temp file's
    assert list(case.documents_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "broken.docx"),
        ("empty.txt", b"   \n", "empty"),
        ("latin.txt", f"{PLANTED} caf\xe9".encode("latin-1"), "not UTF-8"),
        ("macro.docm", b"PK\x03\x04", "macro-enabled"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Word 97-2003"),
    ],
)
def test_add_document_refuses_broken_files_made_here(case: CaseFolder, name: str, data: bytes, says: str) -> None:
    with pytest.raises(WorkspaceError, match=says) as caught:
        case.add_document(name, data)
    assert PLANTED not in str(caught.value) and "Ottoline" not in str(caught.value)
    assert list(case.documents_dir.iterdir()) == []


def test_an_existing_name_needs_replace(case: CaseFolder) -> None:
    case.add_document("r.txt", b"First.\n")
    with pytest.raises(WorkspaceError, match="already in the case"):
        case.add_document("r.txt", b"Second.\n")
    assert (case.documents_dir / "r.txt").read_bytes() == b"First.\n"
    case.add_document("r.txt", b"Second.\n", replace=True)
    assert (case.documents_dir / "r.txt").read_bytes() == b"Second.\n"


def test_a_symlink_planted_in_documents_is_never_written_through_nor_listed(case: CaseFolder, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("Not the case's.\n", "utf-8")
    (case.documents_dir / "x.txt").symlink_to(outside)
    assert case.document_paths() == []
    for replace in (False, True):
        with pytest.raises(WorkspaceError, match="link"):
            case.add_document("x.txt", b"Overwritten?\n", replace=replace)
    assert outside.read_text("utf-8") == "Not the case's.\n"
    case.remove_document("x.txt")  # the link goes, never its target
    assert outside.is_file()


def test_a_documents_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    case = CaseFolder.create(tmp_path, "WX")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    case.documents_dir.rmdir()
    case.documents_dir.symlink_to(elsewhere)
    with pytest.raises(WorkspaceError, match="link"):
        CaseFolder.open(case.path).add_document("r.txt", b"Text.\n")
    assert list(elsewhere.iterdir()) == []


# --- the case file -------------------------------------------------------------------------------


_COMMENTED = """# Our notes on the case: keep this comment.
[case]
name = "WX"   # the case code

# The victim.
[[person]]
name = "Jane Doe"
pseudonym = "Adult A"
role = "victim"

[keep]
terms = ["Hestia"]
"""


def test_update_case_keeps_comments_and_is_read_by_the_cli(case: CaseFolder) -> None:
    case.case_path.write_text(_COMMENTED, "utf-8")
    data = case.case_data()
    assert data["people"] == [{"name": "Jane Doe", "aliases": [], "pseudonym": "Adult A", "role": "victim", "title": None}]
    people = [
        {**data["people"][0], "aliases": ["Janey"], "title": "Mrs"},
        {"name": "John Roe", "aliases": [], "pseudonym": "Adult B", "role": "perpetrator", "title": None},
    ]
    new = case.update_case(
        {"people": people, "redact_terms": ["Brockley Rise"], "policy": {"AGE": "generalise"}, "area": "Lewisham",
         "pdf": True, "large_places": False},
        version=data["version"],
    )
    text = case.case_path.read_text("utf-8")
    assert "# Our notes on the case: keep this comment." in text and "# The victim." in text and "# the case code" in text
    loaded = load_case(case.case_path)
    assert [p.name for p in loaded.people] == ["Jane Doe", "John Roe"]
    assert loaded.people[0].aliases == ("Janey",) and loaded.people[0].title == "Mrs"
    assert loaded.redact_terms == ("Brockley Rise",) and loaded.keep_terms == ("Hestia",)
    assert loaded.policy == (("AGE", "generalise"),) and loaded.area == "Lewisham" and loaded.publish_pdf
    assert not loaded.keep_large_places
    assert new["version"] != data["version"] and new["people"][1]["pseudonym"] == "Adult B"
    assert _mode(case.case_path) == 0o600
    again = case.update_case({"people": new["people"][:1], "area": None, "policy": {}}, version=new["version"])
    assert len(again["people"]) == 1 and again["area"] is None and again["policy"] == {}


def test_update_case_with_an_old_version_is_a_conflict(case: CaseFolder) -> None:
    old = case.case_data()["version"]
    case.update_case({"keep_terms": ["Hestia"]}, version=old)
    before = case.case_path.read_bytes()
    with pytest.raises(Conflict, match="case.toml has changed"):
        case.update_case({"keep_terms": ["Refuge"]}, version=old)
    assert case.case_path.read_bytes() == before


def test_update_case_refuses_what_the_cli_would_refuse_and_writes_nothing(case: CaseFolder) -> None:
    data = case.case_data()
    before = case.case_path.read_bytes()
    person = {"name": PLANTED, "aliases": [], "pseudonym": PLANTED.split()[0], "role": "victim", "title": None}
    with pytest.raises(CaseFileError, match="case.toml") as caught:
        case.update_case({"people": [person]}, version=data["version"])
    assert "Ottoline" not in str(caught.value) and ".redactor-" not in str(caught.value)
    with pytest.raises(CaseFileError, match="title must be one of"):
        case.update_case({"people": [{"name": PLANTED, "title": "Lord"}]}, version=data["version"])
    with pytest.raises(WorkspaceError, match="unknown case setting"):
        case.update_case({"colour": "red"}, version=data["version"])
    with pytest.raises(CaseFileError, match="unknown kind"):
        case.update_case({"policy": {"SHOE_SIZE": "keep"}}, version=data["version"])
    assert case.case_path.read_bytes() == before
    assert _leftovers(case.path) == []


def test_the_case_name_stays_once_there_is_a_key(case: CaseFolder) -> None:
    data = case.update_case({"name": "WY"}, version=case.case_data()["version"])  # no key yet: fine
    case.key_path.write_text("{}", "utf-8")
    with pytest.raises(WorkspaceError, match="cannot change once the case has a key"):
        case.update_case({"name": "WZ"}, version=data["version"])
    assert case.update_case({"name": "WY", "keep_terms": ["Hestia"]}, version=data["version"])["name"] == "WY"


# --- decisions -----------------------------------------------------------------------------------


def _scanned(case: CaseFolder) -> str:
    """Write a decisions file as a scan would; return its version."""
    entities = [
        (KeyEntity("e1", Label.PERSON, "Person A", (PLANTED, "Ottoline"), "detected"), 4),
        (KeyEntity("e2", Label.PERSON, "Person B", ("Mrs Brackenbury",), "detected"), 1),
        (KeyEntity("e3", Label.LOCATION, "Place 1", ("Brockley Rise",), "detected"), 2),
    ]
    case.decisions_path.write_text(render_decisions("WX", entities, []), "utf-8")
    return str(case.decisions_data()["version"])


def test_decisions_before_any_scan_create_the_file_as_scan_writes_it(case: CaseFolder) -> None:
    data = case.decisions_data()
    assert data["entities"] == [] and not data["can_undo"]
    data = case.add_term("Brockley Rise", "LOCATION", version=data["version"])
    text = case.decisions_path.read_text("utf-8")
    assert text.startswith("# redactor decisions for case WX.\n# SENSITIVE")
    assert load_decisions(case.decisions_path).added[0].kind == "LOCATION"
    assert _mode(case.decisions_path) == 0o600
    assert data["added"] == [{"text": "Brockley Rise", "kind": "LOCATION", "pseudonym": None}] and data["can_undo"]
    data = case.undo(version=data["version"])
    assert data["added"] == [] and not data["can_undo"]


def test_entity_decisions_are_written_for_the_cli(case: CaseFolder) -> None:
    version = _scanned(case)
    data = case.decide_entity("e1", decision="accept", pseudonym="Adult A", version=version)
    data = case.decide_entity("e2", merge_into="e1", version=data["version"])
    data = case.decide_entity("e1", split_off=["Ottoline"], split_pseudonym="Adult C", version=data["version"])
    data = case.decide_entity("e3", decision="reject", version=data["version"])
    loaded = {d.id: d for d in load_decisions(case.decisions_path).entities}
    assert loaded["e1"].pseudonym == "Adult A" and loaded["e1"].split_off == ("Ottoline",)
    assert loaded["e1"].split_pseudonym == "Adult C"
    assert loaded["e2"].merge_into == "e1" and loaded["e3"].decision == "reject"
    assert "# redactor decisions for case WX." in case.decisions_path.read_text("utf-8")  # the comments stay
    by_id = {e["id"]: e for e in data["entities"]}
    assert by_id["e1"]["mentions"] == 4 and by_id["e2"]["merge_into"] == "e1"
    data = case.decide_entity("e2", merge_into="", version=data["version"])
    data = case.decide_entity("e1", split_off=[], split_pseudonym="", version=data["version"])
    loaded = {d.id: d for d in load_decisions(case.decisions_path).entities}
    assert loaded["e2"].merge_into is None and loaded["e1"].split_off == () and loaded["e1"].split_pseudonym is None


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"decision": "maybe"}, "'accept'"),
        ({"pseudonym": "Ottoline"}, "real name"),
        ({"pseudonym": " "}, "empty"),
        ({"merge_into": "e1"}, "another entity"),
        ({"merge_into": "e99"}, "another entity"),
        ({"split_off": ["Somebody Else"]}, "only names of this entity"),
    ],
)
def test_entity_decisions_refused(case: CaseFolder, changes: dict, says: str) -> None:  # type: ignore[type-arg]
    version = _scanned(case)
    before = case.decisions_path.read_bytes()
    with pytest.raises(WorkspaceError, match=says) as caught:
        case.decide_entity("e1", version=version, **changes)
    assert "Ottoline" not in str(caught.value) and "Somebody" not in str(caught.value)
    assert case.decisions_path.read_bytes() == before


def test_an_unknown_entity_is_refused(case: CaseFolder) -> None:
    with pytest.raises(WorkspaceError, match="scan the case again"):
        case.decide_entity("e7", decision="reject", version=_scanned(case))


def test_mention_and_object_decisions(case: CaseFolder) -> None:
    sha = "ab" * 32
    case.decisions_path.write_text(
        render_decisions("WX", [], [])
        + f'\n[[object]]\ndocument = "r.docx"\npart = "word/media/image1.png"\nsha256 = "{sha}"\n'
        'kind = "picture"\nwhere = "paragraph 2"\ndecision = "undecided"\n',
        "utf-8",
    )
    data = case.decisions_data()
    data = case.decide_mention("r.txt", "Rose", "PERSON", "reject", version=data["version"])
    data = case.decide_mention("r.txt", "rose", "PERSON", "accept", version=data["version"])  # the same entry
    assert [m["decision"] for m in data["mentions"]] == ["accept"]
    data = case.decide_object("r.docx", "word/media/image1.png", sha, "checked", version=data["version"])
    assert load_decisions(case.decisions_path).checked_objects() == {("word/media/image1.png", sha)}
    with pytest.raises(WorkspaceError, match="not in the decisions file"):
        case.decide_object("r.docx", "word/media/image2.png", sha, "checked", version=data["version"])
    with pytest.raises(WorkspaceError, match="fingerprint"):
        case.decide_object("r.docx", "word/media/image1.png", "xyz", "checked", version=data["version"])
    with pytest.raises(WorkspaceError, match="unknown kind"):
        case.decide_mention("r.txt", "Rose", "SHOE", "reject", version=data["version"])


def test_add_and_remove_terms(case: CaseFolder) -> None:
    data = case.decisions_data()
    data = case.add_term("Brockley Rise", "LOCATION", version=data["version"], pseudonym="Place Z")
    data = case.add_term("Hestia House", "CUSTOM", version=data["version"])
    data = case.add_term("brockley rise", "ORGANIZATION", version=data["version"])  # the same term, changed
    assert [(a["text"], a["kind"]) for a in data["added"]] == [("Brockley Rise", "ORGANIZATION"), ("Hestia House", "CUSTOM")]
    data = case.remove_term("Brockley Rise", version=data["version"])
    assert [a["text"] for a in data["added"]] == ["Hestia House"]
    with pytest.raises(WorkspaceError, match="not among the added terms"):
        case.remove_term("Nowhere", version=data["version"])
    with pytest.raises(WorkspaceError, match="kind is one of"):
        case.add_term("X", "PHONE_NUMBER", version=data["version"])


def test_an_old_version_is_a_conflict_and_nothing_is_written(case: CaseFolder) -> None:
    version = _scanned(case)
    case.decide_entity("e1", decision="reject", version=version)
    after = case.decisions_path.read_bytes()
    with pytest.raises(Conflict):
        case.decide_entity("e2", decision="reject", version=version)
    with pytest.raises(Conflict):
        case.undo(version=version)
    assert case.decisions_path.read_bytes() == after


def test_undo_steps_back_one_change_at_a_time(case: CaseFolder) -> None:
    first = _scanned(case)
    original = case.decisions_path.read_bytes()
    data = case.decide_entity("e1", pseudonym="Adult A", version=first)
    middle = case.decisions_path.read_bytes()
    data = case.decide_entity("e3", decision="reject", version=data["version"])
    history = sorted(case.history_dir.iterdir())
    assert len(history) == 2 and all(_mode(p) == 0o600 for p in history)
    data = case.undo(version=data["version"])
    assert case.decisions_path.read_bytes() == middle
    data = case.undo(version=data["version"])
    assert case.decisions_path.read_bytes() == original and not data["can_undo"]
    with pytest.raises(WorkspaceError, match="no decision to undo"):
        case.undo(version=data["version"])


def test_a_change_made_elsewhere_ends_the_undo_history(case: CaseFolder) -> None:
    data = case.decide_entity("e1", pseudonym="Adult A", version=_scanned(case))
    assert data["can_undo"]
    case.decisions_path.write_text(case.decisions_path.read_text("utf-8") + "# edited by hand\n", "utf-8")
    assert not case.decisions_data()["can_undo"]  # a scan or a hand edit: undo would lose it


def test_the_history_is_bounded(case: CaseFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace, "HISTORY_LIMIT", 3)
    data = case.decisions_data()
    for n in range(6):
        data = case.add_term(f"Term {n}", "CUSTOM", version=data["version"])
    assert len(list(case.history_dir.iterdir())) == 3
    for _ in range(3):
        data = case.undo(version=data["version"])
    assert [a["text"] for a in data["added"]] == ["Term 0", "Term 1", "Term 2"] and not data["can_undo"]


def test_a_malformed_decisions_file_is_reported_with_its_line(case: CaseFolder) -> None:
    case.decisions_path.write_text('[[entity]]\nid = "e1"\nkind = "SHOE"\npseudonym = "A"\n', "utf-8")
    with pytest.raises(DecisionsError, match="line 1"):
        case.decisions_data()


def test_edits_wait_for_a_run_that_holds_the_case(case: CaseFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace, "LOCK_WAIT_S", 0.2)
    version = _scanned(case)
    before = case.decisions_path.read_bytes()
    with hold(lock_path_for_key(case.key_path), what="this case's key"):  # as scan and redact do
        with pytest.raises(CaseInUse, match="running on this case"):
            case.decide_entity("e1", decision="reject", version=version)
        with pytest.raises(CaseInUse):
            case.update_case({"keep_terms": ["Hestia"]}, version=case.case_data()["version"])
    assert case.decisions_path.read_bytes() == before
    case.decide_entity("e1", decision="reject", version=version)


# --- review data, publication, redlines ----------------------------------------------------------


def test_review_data_is_none_before_the_first_scan(case: CaseFolder) -> None:
    assert case.review_data() is None
    case.review_dir.mkdir()
    (case.review_dir / "review.json").write_text("{not json", "utf-8")
    with pytest.raises(WorkspaceError, match="scan the case again"):
        case.review_data()
    (case.review_dir / "review.json").write_text('{"case": "WX"}', "utf-8")
    assert case.review_data() == {"case": "WX"}


def test_the_publication_zip_holds_outputs_pdfs_and_the_statement_only(case: CaseFolder) -> None:
    pub = case.publication_dir
    (pub / "sub").mkdir(parents=True)
    published = {
        "report.docx": b"PK docx", "report.pdf": b"%PDF", "notes.txt": b"notes", "sub/chronology.md": b"# C",
        "redaction-statement.md": b"# Statement", "redaction-statement.html": b"<html>",
    }  # fmt: skip
    for name, data in published.items():
        (pub / name).write_bytes(data)
    never = {
        ".redactor-x.tmp": b"tmp", "case.key.json": b"{}", "review.json": b"{}",
        "review.html": b"<html>", "case.decisions.toml": b"", "decisions.toml": b"", "report.redline.docx": b"PK",
        ".hidden.txt": b"hidden", "sub/.lock": b"",
    }  # fmt: skip
    for name, data in never.items():
        (pub / name).write_bytes(data)
    (pub / "stray.txt").write_bytes(b"put here by hand")  # no audit record: not published by redactor
    (pub / "edited.txt").write_bytes(b"changed by hand since")
    recorded = [
        {"document": n, "status": "done", "output_sha256": hashlib.sha256(published[n]).hexdigest()}
        for n in published if n.endswith((".docx", ".txt", ".md")) and not n.startswith("redaction-")
    ]
    recorded[0]["pdf"] = {"name": "report.pdf", "sha256": hashlib.sha256(b"%PDF").hexdigest()}
    recorded.append({"document": "edited.txt", "status": "done", "output_sha256": "0" * 64})
    recorded.append({"document": "key.txt", "status": "done", "output_sha256": "0" * 64})
    run = {"type": "run", "run": "r1", "started": "2026-12-07T00:00:00+00:00", "documents": recorded}
    (pub / "audit.jsonl").write_text(json.dumps(run) + "\n", "utf-8")
    case.key_path.write_text('{"secret": true}', "utf-8")
    (pub / "key.txt").symlink_to(case.key_path)  # a link to the key, named as an output
    (case.path / "report.redline.docx").write_bytes(b"PK redline")
    with zipfile.ZipFile(io.BytesIO(case.publication_zip())) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(published)
        assert all(archive.read(n) == published[n] for n in names)
    assert [p.name for p in case.redline_paths()] == ["report.redline.docx"]


def test_the_publication_zip_before_any_publication(case: CaseFolder) -> None:
    with pytest.raises(WorkspaceError, match="publish it first"):
        case.publication_zip()


# --- recent cases --------------------------------------------------------------------------------


def test_recent_cases_are_remembered_privately(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    one = CaseFolder.create(tmp_path, "ONE")
    two = CaseFolder.create(tmp_path, "TWO")
    assert recent_cases() == []
    remember_case(one.path)
    remember_case(two.path)
    remember_case(one.path)
    assert recent_cases() == [one.path, two.path]
    state = tmp_path / "state" / "redactor" / "recent-cases.json"
    assert _mode(state) == 0o600
    assert json.loads(state.read_text("utf-8")) == {"cases": [str(one.path), str(two.path)]}  # paths only
    (two.path / "case.toml").unlink()
    assert recent_cases() == [one.path]


def test_recent_cases_default_to_the_home_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    case = CaseFolder.create(tmp_path, "WX")
    remember_case(case.path)
    assert (tmp_path / ".local" / "state" / "redactor" / "recent-cases.json").is_file()
    assert recent_cases() == [case.path]


def test_nothing_is_left_behind_by_refused_uploads(case: CaseFolder) -> None:
    for name, data in (("a.docx", b"PK junk"), ("b.txt", b""), ("c.txt", b"\xff\xfe")):
        with pytest.raises(WorkspaceError):
            case.add_document(name, data)
    assert os.listdir(case.documents_dir) == []
