"""The pseudonym key encrypted with a passphrase (scrypt + AES-256-GCM), on real files."""

from __future__ import annotations

import base64
import json
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from redactor.document import Label
from redactor.errors import KeyFileError, UsageError
from redactor.keyfile import ENCRYPTED_FORMAT, Key, KeyEntity, KeyIdentifier, ScryptCost, is_encrypted, load_key, save_key

CHEAP = ScryptCost(n=2**14)  # the lowest accepted cost keeps these tests fast
PASSPHRASE = "correct horse battery staple"


@pytest.fixture()
def key() -> Key:
    new = Key.new("WX")
    return Key(
        new.case,
        new.secret,
        (KeyEntity("e1", Label.PERSON, "WX", ("Jane Doe", "Janey"), "case file", "victim"),),
        (KeyIdentifier(Label.PHONE_NUMBER, "07700 900461"),),
    )


def test_round_trip_with_a_passphrase(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "case.key.json"
    save_key(key, path, passphrase=PASSPHRASE, cost=CHEAP)
    assert load_key(path, case="WX", passphrase=PASSPHRASE) == key


def test_round_trip_at_the_default_cost(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "case.key.json"
    save_key(key, path, passphrase=PASSPHRASE)
    envelope = json.loads(path.read_text("utf-8"))
    assert envelope["kdf"] | {"salt": ""} == {"name": "scrypt", "n": 2**17, "r": 8, "p": 1, "salt": ""}
    assert load_key(path, case="WX", passphrase=PASSPHRASE) == key


def test_encrypted_file_is_an_envelope_with_nothing_in_clear(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "case.key.json"
    save_key(key, path, passphrase=PASSPHRASE, cost=CHEAP)
    raw = path.read_bytes()
    envelope = json.loads(raw)
    assert envelope["format"] == ENCRYPTED_FORMAT and is_encrypted(path)
    assert {"case", "secret", "entities", "identifiers"}.isdisjoint(envelope)
    for clear in (b"Jane", b"Doe", b"Janey", b"07700", b"victim", key.secret.hex().encode(), PASSPHRASE.encode()):
        assert clear not in raw


def test_encrypted_file_is_private(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "case.key.json"
    save_key(key, path, passphrase=PASSPHRASE, cost=CHEAP)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_each_save_uses_a_fresh_salt_and_nonce(tmp_path: Path, key: Key) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    save_key(key, one, passphrase=PASSPHRASE, cost=CHEAP)
    save_key(key, two, passphrase=PASSPHRASE, cost=CHEAP)
    first, second = json.loads(one.read_text("utf-8")), json.loads(two.read_text("utf-8"))
    assert first["kdf"]["salt"] != second["kdf"]["salt"] and first["nonce"] != second["nonce"]


def test_wrong_passphrase_is_a_clear_error(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "k.json"
    save_key(key, path, passphrase=PASSPHRASE, cost=CHEAP)
    with pytest.raises(KeyFileError, match="wrong passphrase or damaged key file"):
        load_key(path, case="WX", passphrase="not it")


def test_missing_passphrase_names_the_option(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "k.json"
    save_key(key, path, passphrase=PASSPHRASE, cost=CHEAP)
    with pytest.raises(KeyFileError, match="is encrypted; pass --key-passphrase-env VAR"):
        load_key(path, case="WX")


def flip(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


TAMPERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "ciphertext": lambda e: e.update(ciphertext=flip(e["ciphertext"])),
    "nonce": lambda e: e.update(nonce=flip(e["nonce"])),
    "salt": lambda e: e["kdf"].update(salt=flip(e["kdf"]["salt"])),
    "cost lowered": lambda e: e["kdf"].update(n=2**15),
    "cost huge": lambda e: e["kdf"].update(n=2**40),
    "cost not a number": lambda e: e["kdf"].update(n="16384"),
    "cipher": lambda e: e.update(cipher="AES-128-GCM"),
    "not base64": lambda e: e.update(ciphertext="%%%"),
    "field removed": lambda e: e.pop("nonce"),
    "kdf not an object": lambda e: e.update(kdf=[]),
}


@pytest.mark.parametrize("tamper", TAMPERS.values(), ids=TAMPERS.keys())
def test_a_tampered_envelope_is_refused(tmp_path: Path, key: Key, tamper: Callable[[dict[str, Any]], None]) -> None:
    path = tmp_path / "k.json"
    save_key(key, path, passphrase=PASSPHRASE, cost=CHEAP)
    envelope = json.loads(path.read_text("utf-8"))
    tamper(envelope)
    path.write_text(json.dumps(envelope), encoding="utf-8")
    with pytest.raises(KeyFileError, match="wrong passphrase or damaged key file"):
        load_key(path, case="WX", passphrase=PASSPHRASE)


def test_an_encrypted_key_is_never_rewritten_in_clear(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "k.json"
    save_key(key, path, passphrase=PASSPHRASE, cost=CHEAP)
    before = path.read_bytes()
    with pytest.raises(KeyFileError, match="encrypted and would be rewritten in clear"):
        save_key(key, path)
    assert path.read_bytes() == before


def test_a_plain_key_read_with_a_passphrase_is_saved_encrypted(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "k.json"
    save_key(key, path)
    loaded = load_key(path, case="WX", passphrase=PASSPHRASE)
    save_key(loaded, path, passphrase=PASSPHRASE, cost=CHEAP)
    assert is_encrypted(path) and b"Jane" not in path.read_bytes()
    assert load_key(path, case="WX", passphrase=PASSPHRASE) == key


def test_the_case_is_still_checked_after_decryption(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "k.json"
    save_key(key, path, passphrase=PASSPHRASE, cost=CHEAP)
    with pytest.raises(KeyFileError, match="another case"):
        load_key(path, case="AB", passphrase=PASSPHRASE)


def test_the_passphrase_is_compared_in_one_unicode_form(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "k.json"
    save_key(key, path, passphrase=unicodedata.normalize("NFC", "café"), cost=CHEAP)
    assert load_key(path, case="WX", passphrase=unicodedata.normalize("NFD", "café")) == key


def test_an_empty_passphrase_is_refused(tmp_path: Path, key: Key) -> None:
    with pytest.raises(UsageError, match="passphrase is empty"):
        save_key(key, tmp_path / "k.json", passphrase="", cost=CHEAP)
    assert not (tmp_path / "k.json").exists()


@pytest.mark.parametrize("cost", [ScryptCost(n=2**13), ScryptCost(n=3 * 2**14), ScryptCost(r=9), ScryptCost(p=5)])
def test_a_cost_out_of_bounds_is_refused(tmp_path: Path, key: Key, cost: ScryptCost) -> None:
    with pytest.raises(UsageError, match="scrypt cost"):
        save_key(key, tmp_path / "k.json", passphrase=PASSPHRASE, cost=cost)
