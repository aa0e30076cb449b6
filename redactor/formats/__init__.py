"""File formats: each module reads a file into a Document and writes it back with edits applied.

Only the modules in this package know about file layouts (Word runs, text encodings). A format
registers itself by suffix with ``@register_format``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from redactor.document import Document
from redactor.errors import InputError
from redactor.settings import FormatSettings


class Format(Protocol):
    """What a file format module provides."""

    name: str
    suffixes: tuple[str, ...]

    def read(self, path: Path, *, settings: FormatSettings) -> Document:
        """Read ``path`` into a Document of segments.

        Raises:
            InputError: the file is empty, undecodable, corrupt or of a kind we refuse.
        """
        ...

    def write(self, doc: Document, stream: BinaryIO, *, settings: FormatSettings) -> None:
        """Write ``doc.path``'s content with ``doc.edits`` applied to ``stream``.

        The writer re-reads ``doc.path`` (inputs are never modified) and must find the same
        segments that ``read`` produced; edits never overlap and index ``Segment.text``.
        """
        ...

    def texts(self, path: Path) -> Iterator[tuple[str, str]]:
        """Yield ``(location, text)`` for every piece of text a reader of ``path`` could reach.

        Verification scans these, so a format must include hidden places (metadata, markup
        attributes), not only what ``read`` turns into segments.
        """
        ...


_FORMATS: dict[str, Format] = {}


def register_format(cls: type) -> type:
    """Class decorator: register one instance of a format under each of its suffixes."""
    instance = cls()
    for suffix in instance.suffixes:
        _FORMATS[suffix.lower()] = instance
    return cls


def _load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):  # private helpers are imported by their format
            importlib.import_module(f"{__name__}.{module.name}")


def supported_suffixes() -> tuple[str, ...]:
    """Return every suffix some format reads, sorted."""
    _load_all()
    return tuple(sorted(_FORMATS))


def format_for(path: Path) -> Format:
    """Return the format that reads ``path``, chosen by its suffix.

    Raises:
        InputError: no format reads this suffix.
    """
    _load_all()
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path.name}: {unsupported_advice(path)}")
    return fmt


#: What redactor publishes from (the other registered suffixes are refused with their own reason).
READABLE = (".docx", ".txt", ".md")


def what_to_do(suffix: str) -> str:
    """Say what to do with a file of a type redactor does not read (".pdf", ".rtf")."""
    if suffix.lower() == ".pdf":
        return "save the source document as .docx and run again (a PDF holds no editable text to rewrite)"
    return "save it as .docx (Word) or plain text (.txt) and run again"


def unsupported_advice(path: Path) -> str:
    """Say why a file of this type is not read, and what to do, without its contents."""
    suffix = path.suffix.lower() or "(no suffix)"
    return f"files of type '{suffix}' are not read; redactor reads {', '.join(READABLE)}: {what_to_do(suffix)}."
