from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from redactor.audit import append_records, read_records
from redactor.document import Label
from redactor.errors import KeyFileError
from redactor.keyfile import Key, KeyEntity, load_key, save_key


def test_key_roundtrip_is_private(tmp_path: Path) -> None:
    key = Key.new("WX")
    key = Key(key.case, key.secret, (KeyEntity("e1", Label.PERSON, "WX", ("Jane Doe",), "case file", "victim"),))
    path = tmp_path / "case.key.json"
    save_key(key, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key(path, case="WX") == key


def test_key_of_another_case_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    save_key(Key.new("AB"), path)
    with pytest.raises(KeyFileError, match="another case"):
        load_key(path, case="WX")


def test_damaged_key_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_text('{"format": "redactor-key/1", "case": "WX"', encoding="utf-8")
    with pytest.raises(KeyFileError, match="damaged"):
        load_key(path, case="WX")


def test_keyed_hash_normalises_and_depends_on_the_secret() -> None:
    key = Key.new("WX")
    assert key.keyed_hash("Jane  Doe") == key.keyed_hash("jane doe")
    assert key.keyed_hash("Jane Doe") != Key.new("WX").keyed_hash("Jane Doe")


def test_audit_appends_whole_lines(tmp_path: Path) -> None:
    append_records(tmp_path, [{"type": "run", "n": 1}])
    append_records(tmp_path, [{"type": "run", "n": 2}, {"type": "decision"}])
    assert [r.get("n") for r in read_records(tmp_path)] == [1, 2, None]
    assert all(json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines())
