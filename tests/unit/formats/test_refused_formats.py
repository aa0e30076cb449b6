"""Legacy, macro-enabled and template Word files are refused with a reason and a remedy."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.errors import InputError
from redactor.formats import format_for
from redactor.settings import FormatSettings
from tests.fixtures import docx_builder as b

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(1024)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.doc", "report.doc is a Word 97-2003 document; open it in Word and save it as .docx"),
        ("report.docm", "report.docm is a macro-enabled Word document (.docm); open it in Word and save it as"),
        ("report.dotx", "report.dotx is a Word template (.dotx); open it in Word and save it as Word Document"),
        ("report.DOTM", "report.DOTM is a macro-enabled Word template (.dotm); open it in Word and save it"),
    ],
)
def test_suffix_is_refused_with_a_remedy(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(OLE2 if name.endswith(".doc") else b"PK\x03\x04")
    fmt = format_for(path)
    with pytest.raises(InputError) as info:
        fmt.read(path, settings=FormatSettings())
    assert str(info.value).startswith(expected)
    with pytest.raises(InputError):
        list(fmt.texts(path))


def test_docx_named_doc_is_told_to_rename(tmp_path: Path) -> None:
    path = b.write_package(tmp_path / "report.doc", b.minimal_parts(b.para("x")))
    with pytest.raises(InputError, match="rename it to .docx"):
        format_for(path).read(path, settings=FormatSettings())


def test_password_protected_doc_says_so(tmp_path: Path) -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto")
    plain = b.write_package(tmp_path / "plain.docx", b.minimal_parts(b.para("x")))
    path = tmp_path / "locked.docm"
    with plain.open("rb") as source, path.open("wb") as locked:
        msoffcrypto.OfficeFile(source).encrypt("Passw0rd", locked)
    with pytest.raises(InputError, match="is password-protected"):
        format_for(path).read(path, settings=FormatSettings())
