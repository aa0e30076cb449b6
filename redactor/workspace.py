"""A case folder as Python objects, for the browser workspace (``redactor serve``, issue 14).

```
<case folder>/
  case.toml                 the case file (casefile.py)
  case.decisions.toml       the decisions file (beside the case file, as the CLI reads it)
  case.key.json             the key: never served
  documents/                the inputs as given (uploads go here); without this folder, the
                            supported files directly in the case folder are the documents
  review/                   scan output: review.html, review.json, decisions-history/ (sensitive)
  publication/              redact's OUTDIR: outputs, PDFs, audit.jsonl, the statement
  *.redline.docx            redlines, beside the key: never in the publication zip
```

The case file and the decisions file are edited with tomlkit, so that comments and layout stay;
each edit is checked with the loader the CLI uses (``casefile.load_case``,
``decisions.load_decisions``) before it replaces the file atomically, under the case's lock (the
one scan and redact hold), and only if the file is still the version the caller saw (the
sha256 of its bytes; else ``Conflict``). Every decision is one such write, and the file's
previous version is kept in ``review/decisions-history/`` so that it can be undone.

Messages say what, which file and what to do; they never quote text from inside a document or
the case file (a name the officer has just typed, such as an upload's file name, may appear).

Not handled: documents in subfolders of ``documents/`` are listed by the CLI's walk but cannot be
uploaded or removed here; the history is per case folder, not per browser tab.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
import tomllib
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit
from tomlkit.items import AoT, Table

from redactor.errors import RedactorError

if TYPE_CHECKING:
    from redactor.batch import RunResult, ScanResult
    from redactor.run import Progress
    from redactor.verify import VerifyResult

CASE_NAME = "case.toml"
DOCUMENTS = "documents"
REVIEW = "review"
PUBLICATION = "publication"
HISTORY = "decisions-history"
#: Undo steps kept per case.
HISTORY_LIMIT = 200
#: The largest document an upload may be.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
#: The longest document or case name, in characters.
MAX_NAME = 200
#: How many recent cases are remembered.
RECENT_LIMIT = 20
#: How long an edit waits for a run (scan, publish) that holds the case.
LOCK_WAIT_S = 2.0

_KINDS = {".docx": "Word document", ".txt": "Text file", ".text": "Text file", ".md": "Markdown file",
          ".markdown": "Markdown file"}  # fmt: skip
#: Bidirectional controls (embeddings, overrides, isolates, marks): a name could hide its real suffix.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class WorkspaceError(RedactorError):
    """What the officer asked cannot be done as asked; the message says why and what to do."""


class Conflict(WorkspaceError):
    """The file changed since the version the caller saw (another tab, the CLI, a scan)."""


class CaseInUse(WorkspaceError):
    """A run (scan or publish) holds the case, so its files cannot be edited now."""


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentInfo:
    """One document of a case, as the workspace lists it."""

    name: str
    size: int
    kind: str  # "Word document", "Text file", "Markdown file"
    modified: str  # ISO 8601, UTC


def sha256_hex(data: bytes) -> str:
    """Return the version of a file's bytes: their sha256, in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes:
    """Return a file's bytes, or b"" if it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def check_name(name: object, *, what: str = "document") -> str:
    """Return ``name`` NFC-normalised if it is a plain file name, else raise.

    Refused: not text, empty, a folder separator, "..", a leading dot, NUL or another control
    character, a bidirectional control (U+202E would show "evil\u202etxt.docx" reversed), or
    more than ``MAX_NAME`` characters.

    Raises:
        WorkspaceError: the name is refused, saying why.
    """
    if not isinstance(name, str) or not name.strip():
        raise WorkspaceError(f"the {what} name is empty; give the file a name.")
    if "\x00" in name:
        raise WorkspaceError(f"the {what} name holds a NUL character; rename the file and try again.")
    if any(ch in _BIDI for ch in name):
        raise WorkspaceError(
            f"the {what} name holds a right-to-left or other direction control character, which can hide "
            "its real type; rename the file and try again."
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise WorkspaceError(f"the {what} name holds a control or invisible character; rename the file and try again.")
    name = unicodedata.normalize("NFC", name)
    if "/" in name or "\\" in name:
        raise WorkspaceError(f"the {what} name holds a folder separator ('/' or '\\'); give a plain file name.")
    if ".." in name:
        raise WorkspaceError(f"the {what} name holds '..'; rename the file and try again.")
    if name.startswith("."):
        raise WorkspaceError(f"the {what} name starts with a dot (a hidden file); rename the file and try again.")
    if name != name.strip():
        raise WorkspaceError(f"the {what} name starts or ends with a space; rename the file and try again.")
    if len(name) > MAX_NAME:
        raise WorkspaceError(f"the {what} name is longer than {MAX_NAME} characters; give the file a shorter name.")
    return name


def _state_file() -> Path:
    """``$XDG_STATE_HOME/redactor/recent-cases.json`` (default ``~/.local/state``), read when called."""
    base = os.environ.get("XDG_STATE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "state"
    return root / "redactor" / "recent-cases.json"


def _recent_paths() -> list[Path]:
    try:
        data = json.loads(_state_file().read_text("utf-8"))
    except (OSError, ValueError):
        return []
    cases = data.get("cases") if isinstance(data, dict) else None
    return [Path(p) for p in cases if isinstance(p, str) and Path(p).is_absolute()] if isinstance(cases, list) else []


def recent_cases() -> list[Path]:
    """Return the case folders opened lately, most recent first, those that still hold a case file."""
    return [p for p in _recent_paths() if (p / CASE_NAME).is_file()]


def remember_case(path: Path) -> None:
    """Put ``path`` first in the recent cases (the file holds folder paths only; mode 0600)."""
    from redactor.files import write_atomic

    resolved = path.resolve()
    paths = [resolved, *(p for p in _recent_paths() if p != resolved)][:RECENT_LIMIT]
    state = _state_file()
    state.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = json.dumps({"cases": [str(p) for p in paths]}, indent=1) + "\n"
    write_atomic(state, data.encode("utf-8"), suffix=".json", mode=0o600)


class CaseFolder:
    """One case folder: its documents, case file, decisions, review data and publication."""

    def __init__(self, path: Path) -> None:
        from redactor.decisions import default_decisions_path
        from redactor.keyfile import default_key_path

        self.path = path.resolve()
        self.case_path = self.path / CASE_NAME
        self.key_path = default_key_path(self.case_path)
        self.decisions_path = default_decisions_path(self.case_path, self.key_path)
        folder = self.path / DOCUMENTS
        # The demo case (sample_reports) keeps its documents beside the case file.
        self.documents_dir = folder if folder.is_dir() or not self._loose_documents() else self.path
        self.review_dir = self.path / REVIEW
        self.publication_dir = self.path / PUBLICATION
        self.history_dir = self.review_dir / HISTORY

    def __repr__(self) -> str:
        return f"CaseFolder({str(self.path)!r})"

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, parent: Path, name: str) -> CaseFolder:
        """Create ``parent/name`` with a case file holding ``[case] name`` and an empty documents folder.

        Raises:
            WorkspaceError: the name is not a plain folder name, the folder exists, or ``parent``
                is not a folder.
        """
        from redactor.files import write_atomic

        name = check_name(name, what="case")
        if not parent.is_dir():
            raise WorkspaceError(f"{parent}: is not a folder; choose the folder that holds your cases.")
        path = parent / name
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            raise WorkspaceError(f"a case folder named {name} already exists; open it or choose another name.") from None
        except OSError as err:
            raise WorkspaceError(f"{parent}: cannot create a folder there ({err.strerror}); check its permissions.") from None
        (path / DOCUMENTS).mkdir(mode=0o700)
        doc = tomlkit.document()
        doc.add(tomlkit.comment("redactor case file: the people of the case, and what to keep and to redact."))
        doc.add(tomlkit.comment("SENSITIVE: holds real names. Keep it with the key, never with the publication."))
        doc.add(tomlkit.nl())
        table = tomlkit.table()
        table.add("name", name)
        doc.add("case", table)
        write_atomic(path / CASE_NAME, tomlkit.dumps(doc).encode("utf-8"), suffix=".toml", mode=0o600)
        folder = cls(path)
        folder._load_case()
        return folder

    @classmethod
    def open(cls, path: Path) -> CaseFolder:
        """Open an existing case folder.

        Raises:
            WorkspaceError: ``path`` is not a folder or holds no case.toml.
        """
        if not path.is_dir():
            raise WorkspaceError(f"{path}: is not a folder; choose a case folder.")
        if not (path / CASE_NAME).is_file():
            raise WorkspaceError(
                f"{path}: holds no {CASE_NAME}; choose a case folder, or create a new case."
            )
        return cls(path)

    def _loose_documents(self) -> list[Path]:
        from redactor.formats import supported_suffixes
        from redactor.inputs import REDLINE_SUFFIX

        suffixes = set(supported_suffixes())
        return sorted(
            p for p in self.path.iterdir()
            if p.suffix.lower() in suffixes and not p.name.startswith(".") and not p.is_symlink() and p.is_file()
            and not p.name.lower().endswith(REDLINE_SUFFIX)
        )  # fmt: skip

    # --- runs ----------------------------------------------------------------------------------

    def scan(self, *, workers: int | None = None, progress: Progress | None = None) -> ScanResult:
        """Scan the case's documents (``case_runs.scan_case``): review.html and review.json in
        ``review_dir``, the decisions file beside the case file.

        Raises:
            InputError: the case has no document; and what ``scan_case`` raises.
        """
        from redactor.case_runs import scan_case

        return scan_case(
            self._inputs(), review_dir=self.review_dir, case=self.case_path, key=None, workers=workers, progress=progress
        )

    def publish(
        self, *, pdf: bool = False, redline: bool = False, workers: int | None = None, progress: Progress | None = None
    ) -> RunResult:
        """Redact the case's documents into ``publication_dir`` (``case_runs.redact_case``), with
        the decisions file whenever it exists; redlines go beside the key.

        Raises:
            InputError: the case has no document; and what ``redact_case`` raises.
        """
        from redactor.case_runs import redact_case

        return redact_case(
            self._inputs(), out_dir=self.publication_dir, case=self.case_path, key=None, pdf=pdf, redline=redline,
            workers=workers, progress=progress,
        )

    def verify(self) -> VerifyResult:
        """Verify the publication folder (``case_runs.verify_case``) with the case's key and decisions."""
        from redactor.case_runs import verify_case

        return verify_case(self.publication_dir, case=self.case_path, key=None)

    def _inputs(self) -> list[Path]:
        from redactor.errors import InputError

        paths = self.document_paths()
        if not paths:
            raise InputError("the case has no document yet; add the documents to review, then try again.")
        return paths

    # --- documents -----------------------------------------------------------------------------

    def document_paths(self) -> list[Path]:
        """Return the case's documents (the inputs of scan and redact): the supported, visible,
        regular files of the documents folder (links are never followed), in name order."""
        from redactor.formats import supported_suffixes
        from redactor.inputs import REDLINE_SUFFIX

        if self.documents_dir == self.path:
            return self._loose_documents()
        folder = self.documents_dir
        if folder.is_symlink() or not folder.is_dir():
            return []
        suffixes = set(supported_suffixes())
        return sorted(
            p for p in folder.iterdir()
            if p.suffix.lower() in suffixes and not p.name.startswith(".") and not p.is_symlink() and p.is_file()
            and not p.name.lower().endswith(REDLINE_SUFFIX)
        )  # fmt: skip

    def documents(self) -> list[DocumentInfo]:
        """Return what the workspace lists of each document: name, size, kind, last change."""
        infos = []
        for path in self.document_paths():
            stat = path.stat()
            modified = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).isoformat(timespec="seconds")
            infos.append(DocumentInfo(path.name, stat.st_size, _KINDS.get(path.suffix.lower(), "Document"), modified))
        return infos

    def _document_path(self, name: str) -> Path:
        """Return where document ``name`` lives, the name checked and the folder confined to the case.

        Raises:
            WorkspaceError: the name is refused, or the documents folder is a link or not a folder.
        """
        name = check_name(name)
        folder = self.documents_dir
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise WorkspaceError(
                f"{folder.name}: is a link or not a folder; make it a plain folder inside the case folder."
            )
        path = folder / name
        if path.parent.resolve() != folder.resolve() or not folder.resolve().is_relative_to(self.path):
            raise WorkspaceError(f"{name}: is not inside the case's documents folder; give a plain file name.")
        return path

    def add_document(self, name: str, data: bytes, *, replace: bool = False) -> DocumentInfo:
        """Add (or, with ``replace``, replace) a document: checked, then written atomically, mode 0600.

        The bytes must pass the same refusals as the CLI: they are read with their format's reader
        from a temp file in the documents folder (encrypted, macro-enabled, broken or empty files
        are refused with the reader's message), which is then renamed into place.

        Raises:
            WorkspaceError: the name, type or size is refused, the name exists without ``replace``,
                a link stands in the way, or the reader refuses the bytes.
        """
        from redactor.files import atomic_writer
        from redactor.formats import format_for, supported_suffixes, unsupported_advice
        from redactor.settings import FormatSettings

        path = self._document_path(name)
        name = path.name
        suffix = path.suffix.lower()
        if suffix not in supported_suffixes():
            raise WorkspaceError(f"{name}: {unsupported_advice(path)}")
        if not isinstance(data, bytes | bytearray):
            raise WorkspaceError(f"{name}: no file content was received; upload the file again.")
        if len(data) > MAX_DOCUMENT_BYTES:
            raise WorkspaceError(
                f"{name}: is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB; split the document or remove "
                "large pictures, then upload it again."
            )
        if path.is_symlink():
            raise WorkspaceError(
                f"{name}: a link of that name stands in the documents folder; remove it from the folder, then upload again."
            )
        if path.exists() and not replace:
            raise WorkspaceError(f"{name}: a document of that name is already in the case; replace it, or rename the file.")
        if path.exists() and not path.is_file():
            raise WorkspaceError(f"{name}: something other than a file has that name in the documents folder; rename the file.")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with atomic_writer(path, prefix=".redactor-upload-", suffix=suffix, mode=0o600, replace=False) as temp:
            temp.stream.write(data)
            temp.close()
            try:
                format_for(temp.path).read(temp.path, settings=FormatSettings(objects="list"))
            except RedactorError as err:
                message = str(err).replace(temp.path.name, name).replace(str(temp.path), name)
                raise WorkspaceError(message) from None
            except Exception as err:  # noqa: BLE001 - a reader's bug must not pass an unchecked file
                raise WorkspaceError(
                    f"{name}: could not be read ({type(err).__name__}); check that it opens in Word or a text "
                    "editor, save it again and upload it again."
                ) from None
            if path.is_symlink():  # planted while the file was read
                raise WorkspaceError(
                    f"{name}: a link of that name appeared in the documents folder; remove it, then upload again."
                )
            os.replace(temp.path, path)
        return next(d for d in self.documents() if d.name == name)

    def remove_document(self, name: str) -> None:
        """Remove document ``name`` from the case (the file only; a link is removed, never followed).

        Raises:
            WorkspaceError: the name is refused or no such document exists.
        """
        path = self._document_path(name)
        if not path.is_symlink() and not path.is_file():
            raise WorkspaceError(f"{path.name}: no document of that name is in the case; reload the page.")
        path.unlink()

    # --- locking and versions --------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the case's lock (the one scan and redact hold on the key) while a file is edited."""
        from redactor.lock import CaseBusy, hold, lock_path_for_key

        try:
            with hold(lock_path_for_key(self.key_path), what="this case", wait_s=LOCK_WAIT_S):
                yield
        except CaseBusy:
            raise CaseInUse(
                "a scan or publication is running on this case; wait for it to end, then make the change again."
            ) from None

    @staticmethod
    def _check_version(path: Path, current: bytes, version: str) -> None:
        if not isinstance(version, str) or version != sha256_hex(current):
            raise Conflict(
                f"{path.name} has changed since this page read it (another tab, the command line or a scan); "
                "reload, check the change, then make yours again."
            )

    # --- the case file ---------------------------------------------------------------------------

    def _load_case(self) -> Any:
        from redactor.casefile import load_case

        return load_case(self.case_path)

    def case_data(self) -> dict[str, Any]:
        """Return the case file as the workspace's forms show it, with its version.

        Raises:
            CaseFileError: the case file is malformed (the message names the line).
        """
        raw = _read(self.case_path)
        case = self._load_case()
        return {
            "version": sha256_hex(raw),
            "name": case.name,
            "area": case.area,
            "people": [
                {"name": p.name, "aliases": list(p.aliases), "pseudonym": p.pseudonym, "role": p.role, "title": p.title}
                for p in case.people
            ],
            "keep_terms": list(case.keep_terms),
            "redact_terms": list(case.redact_terms),
            "large_places": case.keep_large_places,
            "public_bodies": case.keep_public_bodies,
            "policy": dict(case.policy),
            "pdf": case.publish_pdf,
        }

    def update_case(self, changes: Mapping[str, Any], *, version: str) -> dict[str, Any]:
        """Change the case file: each key of ``changes`` (those of ``case_data`` but "version")
        replaces that value; comments and layout are kept where they can be.

        Raises:
            Conflict: the file changed since ``version``.
            CaseInUse: a run holds the case.
            WorkspaceError: an unknown key or a value of the wrong type.
            CaseFileError: the result breaks the case file's rules (checked before anything is written).
        """
        from redactor.casefile import load_case
        from redactor.errors import CaseFileError

        unknown = sorted(set(changes) - _CASE_KEYS)
        if unknown:
            raise WorkspaceError(f"unknown case setting {unknown[0]!r}; the settings are {', '.join(sorted(_CASE_KEYS))}.")
        with self._locked():
            raw = _read(self.case_path)
            self._check_version(self.case_path, raw, version)
            if "name" in changes and self.key_path.exists() and changes["name"] != self._load_case().name:
                raise WorkspaceError(
                    f"the case name cannot change once the case has a key ({self.key_path.name}): the key belongs "
                    "to the case of that name. Keep the name, or create a new case."
                )
            try:
                doc = tomlkit.parse(raw.decode("utf-8-sig"))
            except Exception as err:  # noqa: BLE001 - tomlkit's errors name a line only
                raise CaseFileError(
                    f"{CASE_NAME}: not valid TOML ({type(err).__name__}); fix the file, then try again."
                ) from None
            _apply_case_changes(doc, changes)
            text = tomlkit.dumps(doc)
            self._replace_checked(self.case_path, text, load_case)
        return self.case_data()

    def _replace_checked(self, path: Path, text: str, load: Any) -> None:
        """Write ``text`` to a temp file beside ``path``, load it with ``load`` (which raises on a
        broken file, naming the temp file: the name is put back), then rename it over ``path``."""
        from redactor.files import atomic_writer

        with atomic_writer(path, prefix=".redactor-edit-", suffix=".toml", mode=0o600) as temp:
            temp.stream.write(text.encode("utf-8"))
            temp.close()
            try:
                load(temp.path)
            except RedactorError as err:
                raise type(err)(str(err).replace(temp.path.name, path.name)) from None

    # --- decisions -------------------------------------------------------------------------------

    def decisions_data(self) -> dict[str, Any]:
        """Return the decisions file as data, with its version and whether the last change can be
        undone (no decisions file yet: empty lists).

        Raises:
            DecisionsError: the file is malformed (the message names the line).
        """
        from redactor.decisions import load_decisions

        raw = _read(self.decisions_path)
        version = sha256_hex(raw)
        data: dict[str, Any] = {}
        if raw:
            load_decisions(self.decisions_path)  # the CLI's checks, with its messages
            data = tomllib.loads(raw.decode("utf-8-sig"))
        entities = [
            {
                "id": t["id"], "kind": t["kind"], "names": list(t.get("names", [])), "pseudonym": t["pseudonym"],
                "decision": t.get("decision", "accept"), "merge_into": t.get("merge_into"),
                "split_off": list(t.get("split_off", [])), "split_pseudonym": t.get("split_pseudonym"),
                "mentions": t.get("mentions"),
            }
            for t in data.get("entity", [])
        ]  # fmt: skip
        mentions = [
            {
                "document": t["document"], "text": t["text"], "kind": t["kind"], "decision": t.get("decision", "accept"),
                "detector": t.get("detector"), "score": t.get("score"), "context": t.get("context"), "where": t.get("where"),
            }
            for t in data.get("mention", [])
        ]  # fmt: skip
        added = [
            {"text": t["text"], "kind": t.get("kind", "CUSTOM"), "pseudonym": t.get("pseudonym")}
            for t in data.get("add", [])
        ]
        objects = [
            {
                "document": t["document"], "part": t["part"], "sha256": t["sha256"], "kind": t.get("kind", "picture"),
                "where": t.get("where", ""), "decision": t.get("decision", "undecided"),
            }
            for t in data.get("object", [])
        ]  # fmt: skip
        return {
            "version": version, "entities": entities, "mentions": mentions, "added": added, "objects": objects,
            "can_undo": self._last_step(version) is not None,
        }  # fmt: skip

    def _empty_decisions(self) -> str:
        from redactor.decisions import render_decisions

        try:
            name = self._load_case().name
        except RedactorError:
            name = self.path.name
        return render_decisions(name, [], [], None, [])

    def _edit_decisions(self, version: str, change: Any) -> dict[str, Any]:
        """Apply ``change(doc)`` to the decisions file as one checked, atomic, undoable write."""
        from redactor.decisions import DecisionsError, load_decisions

        with self._locked():
            raw = _read(self.decisions_path)
            self._check_version(self.decisions_path, raw, version)
            before = raw.decode("utf-8-sig") if raw else self._empty_decisions()
            try:
                doc = tomlkit.parse(before)
            except Exception as err:  # noqa: BLE001 - tomlkit's errors name a line only
                raise DecisionsError(
                    f"{self.decisions_path.name}: not valid TOML ({type(err).__name__}); fix the file, then try again."
                ) from None
            change(doc)
            text = tomlkit.dumps(doc)
            self._replace_checked(self.decisions_path, text, load_decisions)
            self._push_step(before.encode("utf-8"), sha256_hex(text.encode("utf-8")))
        return self.decisions_data()

    def decide_entity(
        self,
        entity_id: str,
        *,
        version: str,
        decision: str | None = None,
        pseudonym: str | None = None,
        merge_into: str | None = None,
        split_off: Sequence[str] | None = None,
        split_pseudonym: str | None = None,
    ) -> dict[str, Any]:
        """Decide on one entity: accept or reject it, rename its pseudonym, merge it into another
        entity, split names off it. None leaves a field as it is; "" (or an empty ``split_off``)
        clears ``merge_into``, ``split_off`` and ``split_pseudonym``.

        Raises:
            Conflict, CaseInUse: as ``update_case``.
            WorkspaceError: no such entity, an unknown decision, a pseudonym that is a real name
                of the case, a merge into itself or into no entity, a name to split off that the
                entity does not have.
        """
        if decision is not None and decision not in ("accept", "reject"):
            raise WorkspaceError("an entity's decision is 'accept' (redact as shown) or 'reject' (keep as written).")

        def change(doc: Any) -> None:
            entities = _tables(doc, "entity")
            table = next((t for t in entities if t.get("id") == entity_id), None)
            if table is None:
                raise WorkspaceError(
                    f"entity {entity_id!s:.20} is not in the decisions file; scan the case again, then decide."
                )
            names = {str(n).casefold() for t in entities for n in t.get("names", [])}
            names |= self._case_names()
            if decision is not None:
                table["decision"] = decision
            if pseudonym is not None:
                table["pseudonym"] = self._pseudonym(pseudonym, names)
            if merge_into is not None:
                if merge_into == "":
                    _drop(table, "merge_into")
                elif merge_into == entity_id or not any(t.get("id") == merge_into for t in entities):
                    raise WorkspaceError(
                        "an entity can be merged only into another entity of the case; choose one from the list."
                    )
                else:
                    table["merge_into"] = merge_into
            if split_off is not None:
                own = {str(n).casefold() for n in table.get("names", [])}
                wanted = [" ".join(str(n).split()) for n in split_off]
                if any(not n or n.casefold() not in own for n in wanted):
                    raise WorkspaceError("only names of this entity can be split off it; choose them from its list of names.")
                if wanted:
                    table["split_off"] = wanted
                else:
                    _drop(table, "split_off")
            if split_pseudonym is not None:
                if split_pseudonym == "":
                    _drop(table, "split_pseudonym")
                else:
                    table["split_pseudonym"] = self._pseudonym(split_pseudonym, names)

        return self._edit_decisions(version, change)

    def decide_mention(self, document: str, text: str, kind: str, decision: str, *, version: str) -> dict[str, Any]:
        """Accept or reject one detected text in one document ("reject": keep it as written in
        that document); the ``[[mention]]`` entry is updated, or added if the scan listed none.

        Raises:
            Conflict, CaseInUse: as ``update_case``.
            WorkspaceError: an unknown decision or kind, or an empty text or document.
        """
        from redactor.document import Label

        if decision not in ("accept", "reject"):
            raise WorkspaceError("a mention's decision is 'accept' (redact it) or 'reject' (keep it as written).")
        if kind not in {label.value for label in Label}:
            raise WorkspaceError("unknown kind of identifier; choose one the review lists.")
        text = _plain_text(text, "the text")
        document = _plain_text(document, "the document")

        def change(doc: Any) -> None:
            for table in _tables(doc, "mention"):
                if table.get("document") == document and str(table.get("text", "")).casefold() == text.casefold():
                    table["decision"] = decision
                    return
            entry = tomlkit.table()
            entry.update({"document": document, "text": text, "kind": kind, "decision": decision})
            _append(doc, "mention", entry)

        return self._edit_decisions(version, change)

    def add_term(self, text: str, kind: str, *, version: str, pseudonym: str | None = None) -> dict[str, Any]:
        """Add a term the tool missed (redacted everywhere), or change the one of that text.

        Raises:
            Conflict, CaseInUse: as ``update_case``.
            WorkspaceError: an unknown kind, an empty text, or a pseudonym that is a real name.
        """
        from redactor.decisions import _ADD_KINDS

        if kind not in _ADD_KINDS:
            raise WorkspaceError(f"a missed term's kind is one of {', '.join(_ADD_KINDS)}.")
        text = _plain_text(text, "the term")

        def change(doc: Any) -> None:
            entry = next((t for t in _tables(doc, "add") if str(t.get("text", "")).casefold() == text.casefold()), None)
            new = entry is None
            if entry is None:
                entry = tomlkit.table()
                entry["text"] = text
            entry["kind"] = kind
            if pseudonym:
                names = self._case_names() | {str(n).casefold() for t in _tables(doc, "entity") for n in t.get("names", [])}
                entry["pseudonym"] = self._pseudonym(pseudonym, names | {text.casefold()})
            else:
                _drop(entry, "pseudonym")
            if new:
                _append(doc, "add", entry)

        return self._edit_decisions(version, change)

    def remove_term(self, text: str, *, version: str) -> dict[str, Any]:
        """Remove an added term.

        Raises:
            Conflict, CaseInUse: as ``update_case``.
            WorkspaceError: no added term has that text.
        """

        def change(doc: Any) -> None:
            folded = str(text).casefold()
            aot = doc.get("add")
            tables = _tables(doc, "add")
            keep = [t for t in tables if str(t.get("text", "")).casefold() != folded]
            if len(keep) == len(tables) or not isinstance(aot, AoT):
                raise WorkspaceError("that term is not among the added terms; reload the page.")
            for index in reversed(range(len(tables))):
                if str(tables[index].get("text", "")).casefold() == folded:
                    del aot[index]
            if not keep:
                del doc["add"]

        return self._edit_decisions(version, change)

    def decide_object(self, document: str, part: str, sha256: str, decision: str, *, version: str) -> dict[str, Any]:
        """Mark one picture or embedded object "checked" (a person looked at it: publish it as it
        is) or "undecided".

        Raises:
            Conflict, CaseInUse: as ``update_case``.
            WorkspaceError: an unknown decision, or no such object in the decisions file.
        """
        if decision not in ("undecided", "checked"):
            raise WorkspaceError("an object's decision is 'checked' (a person looked at it) or 'undecided'.")
        wanted_sha = str(sha256).strip().lower()
        if not _SHA256.fullmatch(wanted_sha):
            raise WorkspaceError("an object is named by the 64-digit fingerprint the scan wrote; reload the page.")

        def change(doc: Any) -> None:
            for table in _tables(doc, "object"):
                if (table.get("document") == document and str(table.get("part", "")).lstrip("/") == part.lstrip("/")
                        and str(table.get("sha256", "")).lower() == wanted_sha):
                    table["decision"] = decision
                    return
            raise WorkspaceError("that picture or object is not in the decisions file; scan the case again.")

        return self._edit_decisions(version, change)

    def undo(self, *, version: str) -> dict[str, Any]:
        """Put back the decisions file as it was before the last change made here.

        Raises:
            Conflict, CaseInUse: as ``update_case``.
            WorkspaceError: nothing to undo (no change made here, or the file changed since: a
                scan or a hand edit starts a new history).
        """
        from redactor.decisions import load_decisions

        with self._locked():
            raw = _read(self.decisions_path)
            self._check_version(self.decisions_path, raw, version)
            step = self._last_step(sha256_hex(raw))
            if step is None:
                raise WorkspaceError("there is no decision to undo since the last scan or edit of the file.")
            self._replace_checked(self.decisions_path, step.read_bytes().decode("utf-8"), load_decisions)
            step.unlink()
        return self.decisions_data()

    # --- the undo history ------------------------------------------------------------------------

    def _steps(self) -> list[Path]:
        if not self.history_dir.is_dir() or self.history_dir.is_symlink():
            return []
        return sorted(p for p in self.history_dir.iterdir() if re.fullmatch(r"\d{6}-[0-9a-f]{64}\.toml", p.name))

    def _last_step(self, current: str) -> Path | None:
        """Return the latest history entry if it led to the current file (``current`` its sha256)."""
        steps = self._steps()
        if not steps or not steps[-1].name.endswith(f"-{current}.toml"):
            return None
        return steps[-1]

    def _push_step(self, before: bytes, after: str) -> None:
        """Keep ``before`` (the file's previous bytes) as the step that led to the version ``after``."""
        from redactor.files import write_atomic

        self.review_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.history_dir.mkdir(exist_ok=True, mode=0o700)
        steps = self._steps()
        number = int(steps[-1].name[:6]) + 1 if steps else 1
        if number > 999_999:  # renumber, oldest first
            for n, old in enumerate(steps, start=1):
                old.rename(old.with_name(f"{n:06d}{old.name[6:]}"))
            steps, number = self._steps(), len(steps) + 1
        write_atomic(self.history_dir / f"{number:06d}-{after}.toml", before, suffix=".toml", mode=0o600)
        for old in steps[: max(0, len(steps) + 1 - HISTORY_LIMIT)]:
            old.unlink(missing_ok=True)

    # --- helpers for decisions ---------------------------------------------------------------------

    def _case_names(self) -> set[str]:
        try:
            case = self._load_case()
        except RedactorError:
            return set()
        return {n.casefold() for p in case.people for n in (p.name, *p.aliases, *p.name.split())}

    @staticmethod
    def _pseudonym(value: str, real: set[str]) -> str:
        pseudonym = _plain_text(value, "the pseudonym")
        if pseudonym.casefold() in real:
            raise WorkspaceError(
                "that pseudonym is a real name in this case; choose another, or verification cannot tell a leak "
                "from a pseudonym."
            )
        return pseudonym

    # --- review and publication ----------------------------------------------------------------

    def review_data(self) -> dict[str, Any] | None:
        """Return review/review.json as data, or None before the first scan.

        Raises:
            WorkspaceError: the file cannot be read as JSON (scan again).
        """
        from redactor.review_json import REVIEW_JSON

        path = self.review_dir / REVIEW_JSON
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            raise WorkspaceError(f"{REVIEW}/{REVIEW_JSON}: cannot be read; scan the case again.") from None
        return data if isinstance(data, dict) else None

    def publication_files(self) -> list[Path]:
        """Return what the publication folder holds for publication: the redacted documents the
        audit log records as published there and unchanged since, their verified PDFs, and the
        statement (.md and .html).

        Never the audit log, the key, the decisions, redlines, review data, temp or hidden files,
        a file the audit log does not record (put there by hand) or one changed since redactor
        wrote it, nor anything reached through a link.
        """
        from redactor.audit import readable_records
        from redactor.inputs import REDLINE_SUFFIX
        from redactor.statement import STATEMENT_NAME, publication

        root = self.publication_dir
        if root.is_symlink() or not root.is_dir():
            return []
        recorded: set[str] = set()
        for document in publication(readable_records(root), root):
            if not document.changed:
                recorded.add(document.name)
                if document.pdf:
                    recorded.add(document.pdf)
        allowed = set(_KINDS) | {".pdf"}
        statement = {f"{STATEMENT_NAME}.md", f"{STATEMENT_NAME}.html"}
        found = []
        for folder, dirs, files in os.walk(root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(folder) / name
                rel = path.relative_to(root).as_posix()
                if name.startswith(".") or path.is_symlink() or not path.is_file() or name.lower().endswith(REDLINE_SUFFIX):
                    continue
                if rel in statement or (rel in recorded and path.suffix.lower() in allowed):
                    found.append(path)
        return found

    def publication_zip(self) -> bytes:
        """Return a zip of the publication (``publication_files``), built in memory.

        Raises:
            WorkspaceError: nothing has been published yet.
        """
        files = self.publication_files()
        if not files:
            raise WorkspaceError("nothing has been published for this case yet; publish it first.")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                arcname = path.relative_to(self.publication_dir).as_posix()
                info = zipfile.ZipInfo(arcname, date_time=_zip_time(path))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
        return buffer.getvalue()

    def redline_paths(self) -> list[Path]:
        """Return the redlines (``*.redline.docx`` beside the key): not for publication."""
        from redactor.inputs import REDLINE_SUFFIX

        folder = self.key_path.parent
        return sorted(
            p for p in folder.iterdir()
            if p.name.lower().endswith(REDLINE_SUFFIX) and not p.name.startswith(".") and not p.is_symlink() and p.is_file()
        )  # fmt: skip


def _zip_time(path: Path) -> tuple[int, int, int, int, int, int]:
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    year = min(max(stamp.year, 1980), 2107)
    return (year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


# --- tomlkit editing ------------------------------------------------------------------------------

_CASE_KEYS = frozenset(
    {"name", "area", "people", "keep_terms", "redact_terms", "large_places", "public_bodies", "policy", "pdf"}
)
_PERSON_KEYS = ("name", "aliases", "pseudonym", "role", "title")


def _plain_text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WorkspaceError(f"{what} is empty; type it in.")
    return " ".join(value.split())


def _tables(doc: Any, name: str) -> list[Any]:
    value = doc.get(name)
    return list(value) if isinstance(value, AoT | list) else []


def _append(doc: Any, name: str, table: Table) -> None:
    """Append ``table`` to the array of tables ``name`` (created at the end if absent), a blank line after it."""
    table.add(tomlkit.nl())
    value = doc.get(name)
    if isinstance(value, AoT):
        value.append(table)
    else:
        doc.append(name, tomlkit.aot())
        doc[name].append(table)


def _drop(table: Any, key: str) -> None:
    if key in table:
        del table[key]


def _texts(value: object, what: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise WorkspaceError(f"{what} must be a list of texts.")
    return [" ".join(v.split()) for v in value if v.strip()]


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise WorkspaceError(f"{what} must be true or false.")
    return value


def _section(doc: Any, name: str) -> Any:
    """Return the top-level table ``name``, created at the end of the file if absent."""
    if name not in doc:
        doc.add(name, tomlkit.table())
    return doc[name]


def _set_or_drop(table: Any, key: str, value: Any) -> None:
    if value in (None, "", []):
        _drop(table, key)
    else:
        table[key] = value


def _apply_case_changes(doc: Any, changes: Mapping[str, Any]) -> None:
    """Apply the workspace's changes to the parsed case file, keeping what they do not touch."""
    if "name" in changes:
        _section(doc, "case")["name"] = _plain_text(changes["name"], "the case name")
    if "area" in changes:
        area = changes["area"]
        if area is not None and not isinstance(area, str):
            raise WorkspaceError("the area must be a text, or empty.")
        _set_or_drop(_section(doc, "case"), "area", " ".join((area or "").split()))
    if "people" in changes:
        _apply_people(doc, changes["people"])
    for key, section, field in (("keep_terms", "keep", "terms"), ("redact_terms", "redact", "terms")):
        if key in changes:
            terms = _texts(changes[key], key.replace("_", " "))
            if terms or section in doc:
                _set_or_drop(_section(doc, section), field, terms)
    for key in ("large_places", "public_bodies"):
        if key in changes:
            value = _flag(changes[key], key.replace("_", " "))
            if not value or ("keep" in doc and key in doc["keep"]):
                _section(doc, "keep")[key] = value
    if "pdf" in changes:
        value = _flag(changes["pdf"], "pdf")
        if value or ("publish" in doc and "pdf" in doc["publish"]):
            _section(doc, "publish")["pdf"] = value
    if "policy" in changes:
        policy = changes["policy"]
        if not isinstance(policy, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in policy.items()):
            raise WorkspaceError("the policy must map kinds to actions, e.g. AGE = \"generalise\".")
        if policy or "policy" in doc:
            table = _section(doc, "policy")
            for kind in [k for k in table if k not in policy]:
                del table[kind]
            for kind, action in policy.items():
                table[kind] = action
    for name in ("keep", "redact", "policy", "publish"):  # a table left empty goes
        if name in doc and isinstance(doc[name], Table) and not len(doc[name]):
            del doc[name]


def _apply_people(doc: Any, people: object) -> None:
    if not isinstance(people, list | tuple) or not all(isinstance(p, Mapping) for p in people):
        raise WorkspaceError("people must be a list of people, each with a name.")
    tables = _tables(doc, "person")
    for index, person in enumerate(people):
        unknown = sorted(set(person) - set(_PERSON_KEYS))
        if unknown:
            raise WorkspaceError(f"unknown detail {unknown[0]!r} for a person; the details are {', '.join(_PERSON_KEYS)}.")
        table = tables[index] if index < len(tables) else tomlkit.table()
        table["name"] = _plain_text(person.get("name"), f"person {index + 1}'s name")
        _set_or_drop(table, "aliases", _texts(person.get("aliases") or [], "aliases"))
        for key in ("pseudonym", "role", "title"):
            value = person.get(key)
            if value is not None and not isinstance(value, str):
                raise WorkspaceError(f"person {index + 1}'s {key} must be a text, or empty.")
            _set_or_drop(table, key, " ".join((value or "").split()))
        if index >= len(tables):
            _append(doc, "person", table)
    aot = doc.get("person")
    if isinstance(aot, AoT):
        for index in reversed(range(len(people), len(tables))):
            del aot[index]
        if not people:
            del doc["person"]
