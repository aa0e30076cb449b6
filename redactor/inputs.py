"""Inputs and output names: find the documents to read, name what is written, guard what exists.

An output is named after its input with every known identifier replaced ("DHR_Jane_Doe.txt" ->
"DHR_Person_A.txt"); a redline goes next to the key, never into OUTDIR. An output that exists is
overwritten only when redactor wrote it and it is unchanged since, or with ``--force``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from redactor.casefile import Case, load_case
from redactor.errors import InputError, UsageError
from redactor.formats import READABLE, format_for, supported_suffixes
from redactor.incremental import sha256_file
from redactor.keyfile import Key, default_key_path, load_key
from redactor.link import Registry
from redactor.text import file_name_words

REDLINE_SUFFIX = ".redline.docx"


def collect_inputs(paths: Sequence[Path], *, exclude: Sequence[Path] = ()) -> list[tuple[Path, Path]]:
    """Expand files and folders into ``(input path, name relative to OUTDIR)`` pairs.

    Folders are walked without following symbolic links; hidden files and anything under an
    excluded folder (the output folder) are skipped, as are files of unsupported types.

    Raises:
        InputError: a path does not exist, a named file has an unsupported type, or no
            supported file was found.
    """
    suffixes = set(supported_suffixes())
    excluded = [p.resolve() for p in exclude]
    found: dict[Path, Path] = {}
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: not found; check the path.")
        if path.is_dir():
            for file_path in _folder_files(path, excluded):
                if file_path.suffix.lower() not in suffixes:
                    continue
                if file_path.name.lower().endswith(REDLINE_SUFFIX):
                    continue  # our own review copy (next to a key kept in the input folder)
                if file_path.is_symlink() and not file_path.is_file():
                    continue
                found.setdefault(file_path.resolve(), file_path.relative_to(path))
        else:
            format_for(path)  # raises a clear error for unsupported types
            found.setdefault(path.resolve(), Path(path.name))
    if not found:
        raise InputError(
            f"no file redactor reads found in the given inputs; it reads {', '.join(READABLE)} (save other documents "
            "as .docx and run again)."
        )
    return [(p, rel) for p, rel in found.items()]


#: redactor's own files, which may sit with the documents: the case file, decisions, the key, locks.
_OWN_SUFFIXES = frozenset({".toml", ".json", ".jsonl", ".lock"})


def skipped_by_type(paths: Sequence[Path], *, exclude: Sequence[Path] = ()) -> list[Path]:
    """Return the files inside the given folders that are not read because of their type
    ("report.pdf", "notes.rtf"), relative to their folder: the officer is told before work."""
    ignored = set(supported_suffixes()) | _OWN_SUFFIXES
    excluded = [p.resolve() for p in exclude]
    return [
        file_path.relative_to(path)
        for path in paths if path.is_dir()
        for file_path in _folder_files(path, excluded) if file_path.suffix.lower() not in ignored
    ]


def _folder_files(folder: Path, excluded: Sequence[Path]) -> Iterator[Path]:
    """Yield the files below ``folder`` in name order: symbolic links to folders not followed,
    hidden files and folders and the ``excluded`` folders (the output folder) left out."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        root_path = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (root_path / d).resolve() not in excluded)
        yield from (root_path / f for f in sorted(files) if not f.startswith("."))


def output_name(rel: Path, registry: Registry, pseudonyms: Mapping[str, str]) -> Path:
    """Replace known identifiers in each part of a relative path ("DHR_Jane_Doe.txt")."""
    parts = []
    for index, part in enumerate(rel.parts):
        is_file = index == len(rel.parts) - 1
        stem, suffix = (Path(part).stem, Path(part).suffix) if is_file else (part, "")
        spaced = file_name_words(stem)
        out = stem
        for start, end, key in sorted(registry.matcher().find(spaced), reverse=True):
            kind, _, ref = key.partition(":")
            new = pseudonyms[ref] if kind == "E" else "redacted"
            sep = "_" if "_" in stem else " "
            out = out[:start] + new.replace(" ", sep) + out[end:]
        parts.append(out + suffix)
    return Path(*parts)


def redline_path(key_path: Path, name: Path) -> Path:
    """Return where the redline of output ``name`` goes: next to the key, never in OUTDIR."""
    flat = "__".join(name.with_suffix("").parts)
    return key_path.parent / f"{flat}{REDLINE_SUFFIX}"


def guard_outputs(
    names: Mapping[int, Path], indices: Sequence[int], *, out_dir: Path, force: bool, owned: Mapping[str, Mapping[str, Any]]
) -> tuple[list[int], dict[int, str]]:
    """Return the documents whose output may be written, and why each other one may not.

    Args:
        names: output names by input index.
        indices: the documents about to be written.
        owned: the latest audit record of each output redactor wrote, by output name.
    """
    ready: list[int] = []
    refused: dict[int, str] = {}
    seen: dict[Path, int] = {}
    for index in sorted(indices):
        name = names[index]
        if name in seen:
            refused[index] = f"would be written as {name.as_posix()}, like another input; rename one of them."
            continue
        seen[name] = index
        dest = out_dir / name
        if dest.exists() and not force:
            prev = owned.get(name.as_posix())
            if prev is None or sha256_file(dest) != prev.get("output_sha256"):
                refused[index] = (
                    f"output {name.as_posix()} already exists and was not written by redactor (or was edited "
                    "since); use --force to overwrite it, or choose another --out."
                )
                continue
        ready.append(index)
    return ready, refused


def resolve_key_path(case_path: Path | None, key_path: Path | None) -> Path:
    """Return the key path: ``--key``, else ``<case>.key.json`` next to the case file.

    Raises:
        UsageError: neither a case file nor a key was given.
    """
    if key_path is not None:
        return key_path
    if case_path is not None:
        return default_key_path(case_path)
    raise UsageError(
        "give --case CASE.toml (the key is then kept next to it) or --key KEYFILE, so that "
        "pseudonyms stay the same across documents and runs."
    )


def open_case(
    case_path: Path | None, key_path: Path | None, passphrase: str | None = None
) -> tuple[Case | None, Key, Path]:
    """Load the case file and the key (new if absent; decrypted with ``passphrase`` if encrypted)."""
    case = load_case(case_path) if case_path is not None else None
    resolved = resolve_key_path(case_path, key_path)
    key = load_key(resolved, case=case.name if case else None, passphrase=passphrase)
    return case, key, resolved
