"""Word file types redactor refuses, registered so that users get a reason and a remedy.

Legacy ``.doc`` files, macro-enabled documents (``.docm``) and templates (``.dotx``, ``.dotm``)
are not read: a ``.doc`` is a binary format we cannot rewrite safely, macros can hold text and
run code, and templates are not documents to publish. Each read says what to do instead. A
``.docx`` with one of these content types is refused by the docx format itself.

Not handled: nothing is read from these files, and ``texts`` yields nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from redactor.document import Document
from redactor.errors import InputError
from redactor.formats import register_format
from redactor.formats._docx_package import OLE2_MAGIC, refuse_ole2
from redactor.settings import FormatSettings

_REASONS = {
    ".doc": "is a Word 97-2003 document; open it in Word and save it as .docx",
    ".docm": (
        "is a macro-enabled Word document (.docm); open it in Word and save it as Word Document (.docx), which removes the macros"
    ),
    ".dotx": "is a Word template (.dotx); open it in Word and save it as Word Document (.docx)",
    ".dotm": ("is a macro-enabled Word template (.dotm); open it in Word and save it as Word Document (.docx)"),
}


def _refuse(path: Path) -> InputError:
    """Return the error that explains why ``path`` is refused and what to do."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        head = b""
    if head.startswith(OLE2_MAGIC) and suffix != ".doc":
        try:
            refuse_ole2(path, head)  # password-protected, or a .doc under another name
        except InputError as err:
            return err
    if suffix == ".doc" and head.startswith(OLE2_MAGIC):
        try:
            refuse_ole2(path, head)
        except InputError as err:
            if "password" in str(err):
                return err
    if suffix == ".doc" and head.startswith(b"PK"):
        return InputError(f"{path.name} is named .doc but looks like a .docx file; rename it to .docx and try again")
    return InputError(f"{path.name} {_REASONS.get(suffix, 'is not a supported Word file')}")


@register_format
class RefusedWordFormats:
    """Legacy and macro-enabled Word documents and Word templates: refused with a remedy."""

    name = "refused-word"
    suffixes = tuple(_REASONS)

    def read(self, path: Path, *, settings: FormatSettings) -> Document:
        """Refuse ``path``.

        Raises:
            InputError: always, naming the file, what it is and what to do.
        """
        raise _refuse(path)

    def write(self, doc: Document, stream: BinaryIO, *, settings: FormatSettings) -> None:
        """Refuse to write (nothing of these types is ever read).

        Raises:
            InputError: always.
        """
        raise _refuse(doc.path)

    def texts(self, path: Path) -> Iterator[tuple[str, str]]:
        """Refuse to scan.

        Raises:
            InputError: always.
        """
        raise _refuse(path)
