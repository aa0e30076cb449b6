"""The Word format on the shared corpus of real .docx files (read from ../shared, never copied).

Every file python-docx can open must read, write without edits, open again in python-docx and
convert in LibreOffice; edits must change nothing but the replaced spans, as an independent
reader (``w:t`` text per paragraph) sees it. Files python-docx cannot open get a clear refusal.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from redactor.document import Document
from redactor.errors import InputError
from redactor.formats import format_for
from redactor.formats.docx_format import list_objects
from redactor.settings import FormatSettings
from tests.conftest import SHARED
from tests.fixtures.docx_helpers import DEFAULT, FMT, edits_for, entries, paragraph_texts, write_bytes

CORPUS = SHARED / "corpora" / "docx"
FILES = sorted(p for p in CORPUS.glob("*") if p.suffix.lower() in (".docx", ".docm", ".dotx", ".dotm"))

pytestmark = pytest.mark.skipif(not FILES, reason=f"no docx corpus at {CORPUS}")

#: Files python-docx cannot open, and the reason our refusal must give.
REFUSED = {
    "openxml-sdk__AcademicReport_TP10067036.dotx": "is a Word template (.dotx)",
    "openxml-sdk__CommunicationsPlan_TP10192719.dotx": "is a Word template (.dotx)",
    "openxml-sdk__Strict01.docx": "not Strict Open XML",
    "poi__45690.docm": "is a macro-enabled Word document (.docm)",
    "poi__SimpleMacro.docm": "is a macro-enabled Word document (.docm)",
    "poi__protected_agile.docx": "is password-protected",
    "poi__truncated62886.docx": "is damaged",
}
#: python-docx fails on these for its own reasons, but they are valid Word files that we read.
PYTHON_DOCX_ONLY_FAILS = {
    "openxml-powertools__CA009-altChunk.docx": "python-docx parses the altChunk .dat (a zip) as XML",
}
READABLE = [p for p in FILES if p.name not in REFUSED]
REPLACEMENT = "Qqqq"


@cache
def python_docx_opens(path: Path) -> bool:
    import docx

    try:
        docx.Document(str(path))
    except Exception:  # noqa: BLE001 - any failure means "python-docx cannot open it"
        return False
    return True


def _opens_from_bytes(data: bytes, tmp_path: Path) -> bool:
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    return python_docx_opens(out)


@cache
def _checked(path: Path) -> FormatSettings:
    """Settings with every picture and embedded object of ``path`` checked, as a person's decisions
    would: the file then publishes with them (pictures without their metadata)."""
    objects = list_objects(path, FormatSettings())
    return FormatSettings(checked_objects=frozenset((o.part, o.sha256) for o in objects))


@cache
def _read(path: Path) -> Document:
    return FMT.read(path, settings=_checked(path))


@cache
def _baseline(path: Path) -> bytes:
    return write_bytes(_read(path), _checked(path))


def _common_word(doc: Document) -> str | None:
    words = collections.Counter(
        word for seg in doc.segments if re.search(r"/p/\d+$", seg.id) for word in re.findall(r"\b[A-Za-z]{4,}\b", seg.text)
    )
    return words.most_common(1)[0][0] if words else None


@cache
def _edited(path: Path) -> tuple[str | None, bytes]:
    doc = _read(path)
    word = _common_word(doc)
    if word is None:
        return None, _baseline(path)
    paragraph_ids = [seg.id for seg in doc.segments if re.search(r"/p/\d+$", seg.id)]
    return word, write_bytes(edits_for(doc, rf"\b{word}\b", REPLACEMENT, ids=paragraph_ids), _checked(path))


def _story_texts(data: bytes) -> dict[str, list[str]]:
    found = {}
    for name, xml in entries(data).items():
        if name.startswith("word/") and name.endswith(".xml") and b"<w:p" in xml:
            found[name] = paragraph_texts(xml)
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_read_or_clearly_refused(path: Path) -> None:
    expected = REFUSED.get(path.name)
    if expected is None:
        assert python_docx_opens(path) or path.name in PYTHON_DOCX_ONLY_FAILS
        try:
            FMT.read(path, settings=FormatSettings())
        except InputError as err:  # pictures or embedded objects: refused, saying what to do
            message = str(err)
            assert message.startswith(path.name) and "nobody has checked" in message
            assert "--strip-images" in message and "--strip-embedded" in message and 'decision = "checked"' in message
            assert FMT.read(path, settings=FormatSettings(strip_images=True)).segments is not None
        assert FMT.read(path, settings=_checked(path)).segments is not None
        return
    assert not python_docx_opens(path)
    for reader in (format_for(path), FMT):
        with pytest.raises(InputError) as info:
            reader.read(path, settings=DEFAULT)
        message = str(info.value)
        assert message.startswith(path.name) and expected in message


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_round_trip_without_edits(path: Path, tmp_path: Path) -> None:
    doc = _read(path)
    data = _baseline(path)
    if python_docx_opens(path):
        assert _opens_from_bytes(data, tmp_path)
    out = tmp_path / path.name
    out.write_bytes(data)
    again = FMT.read(out, settings=_checked(path))
    cleared = re.compile(r"docProps/core\d*\.xml/(creator|lastModifiedBy)$")
    assert again.segments == tuple(seg for seg in doc.segments if not cleared.search(seg.id))
    if not any(note.startswith(("accepted", "replaced", "an imported chunk")) for note in doc.notes):
        before, after = _story_texts(path.read_bytes()), _story_texts(data)
        for name, texts in after.items():
            assert texts == before[name], name


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_edits_change_only_the_replaced_spans(path: Path, tmp_path: Path) -> None:
    word, data = _edited(path)
    if word is None:
        pytest.skip("no word of four letters or more to replace")
    if python_docx_opens(path):
        assert _opens_from_bytes(data, tmp_path)
    before, after = _story_texts(_baseline(path)), _story_texts(data)
    assert before.keys() == after.keys()
    pattern = re.compile(rf"\b{word}\b")
    for name, texts in before.items():
        assert after[name] == [pattern.sub(REPLACEMENT, text) for text in texts], name


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_every_segment_kind_can_be_rewritten(path: Path, tmp_path: Path) -> None:
    doc = _read(path)
    data = write_bytes(edits_for(doc, r"[A-Za-z]{5,}", "Zzzzz"), _checked(path))
    out = tmp_path / path.name
    out.write_bytes(data)
    if python_docx_opens(path):
        assert python_docx_opens(out)
    for seg in FMT.read(out, settings=_checked(path)).segments:
        assert set(re.findall(r"[A-Za-z]{5,}", seg.text)) <= {"Zzzzz"}, seg.id


@pytest.mark.libreoffice
def test_outputs_convert_in_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui")
    names = []
    for path in READABLE:
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", path.stem)
        for kind, data in (("plain", _baseline(path)), ("edited", _edited(path)[1])):
            name = f"{stem}.{kind}"
            (tmp_path / f"{name}.docx").write_bytes(data)
            names.append(name)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *(str(tmp_path / f"{n}.docx") for n in names)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    missing = [n for n in names if not (tmp_path / "pdf" / f"{n}.pdf").is_file()]
    assert not missing
