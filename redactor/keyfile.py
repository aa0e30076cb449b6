"""The pseudonym key: the one file that holds identifiers in clear.

It maps each entity (person, place, organisation) to its pseudonym with every name variant seen,
lists the other identifiers removed, records who chose each pseudonym, and holds the per-case
HMAC secret used for keyed hashes in the audit log. It is written with mode 0600, atomically,
never inside the output folder (DOMAIN.md section 6).

With a passphrase the key is written as an encrypted envelope instead of plain JSON: AES-256-GCM
under a key derived from the passphrase with scrypt, so a copy of the file alone reveals nothing.
The passphrase is not stored anywhere, and a lost passphrase cannot be recovered.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
import secrets
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from redactor.document import Label
from redactor.errors import KeyFileError, UsageError
from redactor.files import write_atomic
from redactor.text import fold

KEY_FORMAT = "redactor-key/1"
ENCRYPTED_FORMAT = "redactor-key-encrypted/1"
_CIPHER = "AES-256-GCM"
_SALT_BYTES = 16
_NONCE_BYTES = 12


@dataclasses.dataclass(frozen=True, slots=True)
class ScryptCost:
    """scrypt parameters for deriving the file key from a passphrase (stored in the envelope).

    The default follows OWASP's recommendation (N=2**17, r=8, p=1: 128 MiB, about a second). Only
    powers of two from 2**14 to 2**20 are accepted for ``n``, ``r`` up to 8 and ``p`` up to 4, so a
    tampered envelope cannot make loading take gigabytes of memory.
    """

    n: int = 2**17
    r: int = 8
    p: int = 1

    def is_valid(self) -> bool:
        """Say whether the parameters are within the accepted bounds."""
        return all(type(v) is int for v in (self.n, self.r, self.p)) and (
            2**14 <= self.n <= 2**20 and self.n & (self.n - 1) == 0 and 1 <= self.r <= 8 and 1 <= self.p <= 4
        )


@dataclasses.dataclass(frozen=True, slots=True)
class KeyEntity:
    """One entity as the key records it."""

    id: str
    label: Label
    pseudonym: str
    names: tuple[str, ...]
    source: str = "detected"  # "case file" when the officer listed the person
    role: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class KeyIdentifier:
    """An identifier that is not an entity (phone, e-mail, ...) and its placeholder."""

    label: Label
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Key:
    """The whole key for one case."""

    case: str
    secret: bytes
    entities: tuple[KeyEntity, ...] = ()
    identifiers: tuple[KeyIdentifier, ...] = ()

    @classmethod
    def new(cls, case: str) -> Key:
        """Return an empty key with a fresh 256-bit secret."""
        return cls(case=case, secret=secrets.token_bytes(32))

    def keyed_hash(self, text: str) -> str:
        """Return HMAC-SHA256(secret, casefolded text with collapsed whitespace), hex."""
        norm = fold(text)
        return hmac.new(self.secret, norm.encode("utf-8"), hashlib.sha256).hexdigest()

    def all_surfaces(self) -> Iterable[tuple[str, Label]]:
        """Yield every clear-text name and identifier the key knows, with its kind."""
        for entity in self.entities:
            for name in entity.names:
                yield name, entity.label
        for ident in self.identifiers:
            yield ident.text, ident.label


def default_key_path(case_path: Path) -> Path:
    """Return ``<case>.key.json`` next to the case file."""
    return case_path.with_name(case_path.stem + ".key.json")


def is_encrypted(path: Path) -> bool:
    """Say whether ``path`` holds an encrypted key envelope (False if absent or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == ENCRYPTED_FORMAT


def load_key(path: Path, *, case: str | None, passphrase: str | None = None) -> Key:
    """Read a key file, or start a new key if it does not exist yet.

    A passphrase given for a plain key file is accepted: the key is read as it is and will be
    written encrypted the next time it is saved with that passphrase.

    Raises:
        KeyFileError: the file cannot be read, is not a redactor key, is another case's, is
            encrypted and no passphrase was given, or the passphrase is wrong.
    """
    if not path.exists():
        return Key.new(case or "case")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("format") == ENCRYPTED_FORMAT:
            if passphrase is None:
                raise KeyFileError(
                    f"{path.name}: the key file is encrypted; pass --key-passphrase-env VAR naming an "
                    "environment variable that holds the passphrase."
                )
            data = json.loads(_decrypt(data, passphrase, path).decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
            raise KeyFileError(f"{path.name}: not a redactor key file (format {KEY_FORMAT} expected).")
        key = _key_from_data(data)
    except KeyFileError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise KeyFileError(
            f"{path.name}: the key file is damaged or unreadable; restore it from your backup."
        ) from err
    if case is not None and key.case != case:
        raise KeyFileError(
            f"{path.name}: this key belongs to another case; pass the right --key for this case."
        )
    return key


def _key_from_data(data: dict[str, Any]) -> Key:
    return Key(
        case=str(data["case"]),
        secret=bytes.fromhex(data["secret"]),
        entities=tuple(
            KeyEntity(
                id=str(e["id"]),
                label=Label(e["kind"]),
                pseudonym=str(e["pseudonym"]),
                names=tuple(str(n) for n in e["names"]),
                source=str(e.get("source", "detected")),
                role=str(e.get("role", "")),
            )
            for e in data.get("entities", [])
        ),
        identifiers=tuple(
            KeyIdentifier(label=Label(i["kind"]), text=str(i["text"]))
            for i in data.get("identifiers", [])
        ),
    )


def _file_key(passphrase: str, salt: bytes, cost: ScryptCost) -> bytes:
    # NFC, so the same passphrase typed on systems that compose accents differently still works.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=cost.n, r=cost.r, p=cost.p).derive(secret)


def _header(cost: ScryptCost, salt: bytes) -> dict[str, Any]:
    return {
        "format": ENCRYPTED_FORMAT,
        "kdf": {"name": "scrypt", "n": cost.n, "r": cost.r, "p": cost.p, "salt": _b64(salt)},
        "cipher": _CIPHER,
    }


def _aad(header: dict[str, Any]) -> bytes:
    """The envelope's header as associated data: changing a parameter fails authentication too."""
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("base64 text expected")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _encrypt(plain: bytes, passphrase: str, cost: ScryptCost) -> dict[str, Any]:
    salt = secrets.token_bytes(_SALT_BYTES)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    header = _header(cost, salt)
    sealed = AESGCM(_file_key(passphrase, salt, cost)).encrypt(nonce, plain, _aad(header))
    return {
        **header,
        "warning": "SENSITIVE: encrypted pseudonym key. Keep it, and its passphrase, apart from published copies.",
        "nonce": _b64(nonce),
        "ciphertext": _b64(sealed),
    }


def _decrypt(envelope: dict[str, Any], passphrase: str, path: Path) -> bytes:
    """Return the plain key JSON in ``envelope``.

    Raises:
        KeyFileError: the passphrase is wrong or the envelope was changed or damaged.
    """
    wrong = KeyFileError(
        f"{path.name}: wrong passphrase or damaged key file; check the passphrase, or restore the key "
        "from your backup."
    )
    try:
        kdf = envelope["kdf"]
        cost = ScryptCost(n=kdf["n"], r=kdf["r"], p=kdf["p"])
        salt, nonce = _unb64(kdf["salt"]), _unb64(envelope["nonce"])
        sealed = _unb64(envelope["ciphertext"])
        if (
            kdf.get("name") != "scrypt"
            or envelope.get("cipher") != _CIPHER
            or not cost.is_valid()
            or len(salt) < _SALT_BYTES
            or len(nonce) != _NONCE_BYTES
        ):
            raise wrong
        return AESGCM(_file_key(passphrase, salt, cost)).decrypt(nonce, sealed, _aad(_header(cost, salt)))
    except KeyFileError:
        raise
    except (InvalidTag, KeyError, TypeError, ValueError, AttributeError, binascii.Error) as err:
        raise wrong from err


def save_key(key: Key, path: Path, passphrase: str | None = None, *, cost: ScryptCost | None = None) -> None:
    """Write the key atomically with mode 0600, encrypted when a passphrase is given.

    Args:
        key: the key.
        path: where to write it.
        passphrase: encrypt with this passphrase; None writes plain JSON.
        cost: scrypt parameters for the encryption (default: ``ScryptCost()``).

    Raises:
        UsageError: the passphrase is empty, or ``cost`` is out of bounds.
        KeyFileError: no passphrase was given but the file there now is encrypted (an encrypted
            key is never rewritten in clear).
    """
    if passphrase is None and is_encrypted(path):
        raise KeyFileError(
            f"{path.name}: the key file is encrypted and would be rewritten in clear; pass "
            "--key-passphrase-env VAR naming an environment variable that holds the passphrase."
        )
    if passphrase is not None and not passphrase:
        raise UsageError("the key passphrase is empty; set a passphrase that is not empty.")
    cost = cost or ScryptCost()
    if not cost.is_valid():
        raise UsageError("scrypt cost out of bounds: n must be a power of two from 2**14 to 2**20, r 1-8, p 1-4.")
    data: dict[str, Any] = {
        "format": KEY_FORMAT,
        "warning": "SENSITIVE: this file holds real names. Keep it apart from published copies.",
        "case": key.case,
        "secret": key.secret.hex(),
        "entities": [
            {
                "id": e.id,
                "kind": e.label.value,
                "pseudonym": e.pseudonym,
                "source": e.source,
                "role": e.role,
                "names": sorted(e.names),
            }
            for e in key.entities
        ],
        "identifiers": [
            {"kind": i.label.value, "text": i.text}
            for i in sorted(key.identifiers, key=lambda i: (i.label.value, i.text))
        ],
    }
    if passphrase is not None:
        plain = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        data = _encrypt(plain, passphrase, cost)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"), prefix=".redactor-key-", suffix=".tmp", mode=0o600)
