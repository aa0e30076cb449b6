"""The pseudonym key: the one file that holds identifiers in clear.

It maps each entity (person, place, organisation) to its pseudonym with every name variant seen,
lists the other identifiers removed, records who chose each pseudonym, and holds the per-case
HMAC secret used for keyed hashes in the audit log. It is written with mode 0600, atomically,
never inside the output folder (DOMAIN.md section 6).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from redactor.document import Label
from redactor.errors import KeyFileError

KEY_FORMAT = "redactor-key/1"


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
        norm = " ".join(text.replace("’", "'").split()).casefold()
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


def load_key(path: Path, *, case: str | None) -> Key:
    """Read a key file, or start a new key if it does not exist yet.

    Raises:
        KeyFileError: the file cannot be read, is not a redactor key, or is another case's.
    """
    if not path.exists():
        return Key.new(case or "case")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != KEY_FORMAT:
            raise KeyFileError(f"{path.name}: not a redactor key file (format {KEY_FORMAT} expected).")
        key = Key(
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


def save_key(key: Key, path: Path) -> None:
    """Write the key atomically with mode 0600."""
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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".redactor-key-", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2, ensure_ascii=False)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
