"""Pictures and embedded objects (issue 13): refused until stripped or checked; checked pictures
lose their metadata; a changed object needs a new check."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from redactor.errors import InputError
from redactor.formats._docx_clean import IMAGE_PLACEHOLDER
from redactor.formats._docx_objects import OBJECT_PLACEHOLDER, fingerprint, remove_metadata
from redactor.formats.docx_format import list_objects
from redactor.settings import FormatSettings
from tests.fixtures.docx_helpers import FMT, entries, write_bytes
from tests.fixtures.pictures import OWNER, PLAIN_JPEG, docx_with_pictures, jpeg_with_metadata, png

CORPUS = Path("/work/shared/corpora/docx")
WORKBOOK = CORPUS / "tika__testWORD_2006ml.docx"  # 3 OLE objects, a chart with its workbook, pictures
ATTACHMENTS = CORPUS / "poi__WordWithAttachments.docx"  # OLE objects and a package, with preview pictures
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared docx corpus is not here")


# -- metadata ---------------------------------------------------------------------------------


def test_jpeg_loses_exif_xmp_and_comment_and_keeps_every_other_byte() -> None:
    dirty = jpeg_with_metadata()
    assert OWNER.encode() in dirty
    assert remove_metadata(dirty) == PLAIN_JPEG


def test_jpeg_keeps_the_adobe_colour_segment() -> None:
    adobe = b"\xff\xee\x00\x0eAdobe\x00\x64\x00\x00\x00\x00\x01"
    picture = PLAIN_JPEG[:2] + adobe + PLAIN_JPEG[2:]
    assert remove_metadata(picture) == picture


def test_png_loses_text_and_time_chunks_and_keeps_the_image() -> None:
    assert OWNER.encode() in png()
    assert remove_metadata(png()) == png(owner=None)


@pytest.mark.parametrize("picture", [PLAIN_JPEG, png(owner=None)], ids=["jpeg", "png"])
def test_a_picture_without_metadata_is_unchanged(picture: bytes) -> None:
    assert remove_metadata(picture) == picture


@pytest.mark.parametrize(
    "data",
    [b"GIF89a\x01\x00\x01\x00", b"PK\x03\x04 a workbook", jpeg_with_metadata()[:40], png()[:30]],
    ids=["gif", "zip", "truncated-jpeg", "truncated-png"],
)
def test_other_or_damaged_formats_are_left_for_a_note(data: bytes) -> None:
    assert remove_metadata(data) is None


def test_fingerprint_is_of_the_picture_as_published() -> None:
    assert fingerprint(jpeg_with_metadata()) == fingerprint(PLAIN_JPEG) == hashlib.sha256(PLAIN_JPEG).hexdigest()
    assert fingerprint(b"not a picture") == hashlib.sha256(b"not a picture").hexdigest()


# -- refusing ---------------------------------------------------------------------------------


@pytest.fixture()
def pictured(tmp_path: Path) -> Path:
    return docx_with_pictures(tmp_path / "report.docx")


def test_a_document_with_pictures_is_refused_with_the_counts_and_the_remedies(pictured: Path) -> None:
    with pytest.raises(InputError) as caught:
        FMT.read(pictured, settings=FormatSettings())
    message = str(caught.value)
    assert "holds 2 pictures that redactor cannot read" in message
    assert "--strip-images" in message and "--strip-embedded" in message and 'decision = "checked"' in message
    assert OWNER not in message


def test_listing_reads_the_document_and_notes_each_picture(pictured: Path) -> None:
    doc = FMT.read(pictured, settings=FormatSettings(objects="list"))
    assert "The panel met" in doc.segments[0].text
    notes = [n for n in doc.notes if "cannot be read by redactor" in n]
    assert [n.split(" (")[0] for n in notes] == ["picture 1 of 2", "picture 2 of 2"]
    assert all("not checked yet" in n for n in notes)


def test_list_objects_gives_part_fingerprint_and_place(pictured: Path) -> None:
    objects = list_objects(pictured, FormatSettings())
    assert [o.kind for o in objects] == ["picture", "picture"]
    assert all(o.part.startswith("word/media/") and len(o.sha256) == 64 and not o.checked for o in objects)
    assert [o.where for o in objects] == ["after paragraph 1", "after paragraph 2"]


# -- resolving --------------------------------------------------------------------------------


def test_strip_images_publishes_placeholders_and_no_pictures(pictured: Path) -> None:
    settings = FormatSettings(strip_images=True)
    data = write_bytes(FMT.read(pictured, settings=settings), settings)
    parts = entries(data)
    assert not [name for name in parts if name.startswith("word/media/")]
    assert parts["word/document.xml"].count(IMAGE_PLACEHOLDER.encode()) == 2
    assert OWNER.encode() not in data


def checked(path: Path) -> FormatSettings:
    return FormatSettings(checked_objects=frozenset((o.part, o.sha256) for o in list_objects(path, FormatSettings())))


def test_checked_pictures_are_published_without_their_metadata(pictured: Path) -> None:
    settings = checked(pictured)
    doc = FMT.read(pictured, settings=settings)
    assert any("removed the metadata" in n for n in doc.notes)
    data = write_bytes(doc, settings)
    media = {name: blob for name, blob in entries(data).items() if name.startswith("word/media/")}
    assert len(media) == 2
    assert PLAIN_JPEG in media.values() and png(owner=None) in media.values()
    assert OWNER.encode() not in data


def test_the_published_copy_reads_back_with_the_same_decisions(pictured: Path, tmp_path: Path) -> None:
    settings = checked(pictured)
    out = tmp_path / "out.docx"
    out.write_bytes(write_bytes(FMT.read(pictured, settings=settings), settings))
    assert FMT.read(out, settings=settings).segments  # verification reads it without refusing


def test_a_changed_picture_needs_a_new_check(pictured: Path, tmp_path: Path) -> None:
    settings = checked(pictured)
    changed = docx_with_pictures(tmp_path / "changed.docx", png_data=png(colour=(0, 0, 0)))
    with pytest.raises(InputError, match="holds 1 picture that"):
        FMT.read(changed, settings=settings)


def test_a_partial_check_still_refuses_the_rest(pictured: Path) -> None:
    first = list_objects(pictured, FormatSettings())[0]
    with pytest.raises(InputError, match="holds 1 picture that"):
        FMT.read(pictured, settings=FormatSettings(checked_objects=frozenset({(first.part, first.sha256)})))


# -- embedded objects -------------------------------------------------------------------------


@needs_corpus
def test_embedded_objects_and_a_chart_workbook_are_counted() -> None:
    with pytest.raises(InputError, match="holds 4 pictures and 4 embedded objects"):
        FMT.read(WORKBOOK, settings=FormatSettings())
    kinds = [(o.kind, o.part.rpartition("/")[0]) for o in list_objects(WORKBOOK, FormatSettings())]
    assert kinds.count(("embedded object", "word/embeddings")) == 4


@needs_corpus
def test_strip_embedded_removes_objects_and_their_previews_and_keeps_pictures(tmp_path: Path) -> None:
    settings = FormatSettings(strip_embedded=True)
    doc = FMT.read(ATTACHMENTS, settings=settings)
    data = write_bytes(doc, settings)
    parts = entries(data)
    assert not [name for name in parts if name.startswith(("word/embeddings/", "word/media/"))]
    assert parts["word/document.xml"].count(OBJECT_PLACEHOLDER.encode()) == 5
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    FMT.read(out, settings=FormatSettings())  # nothing left to refuse


@needs_corpus
def test_strip_embedded_keeps_the_chart_but_removes_its_workbook(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds 1 picture that"):  # pictures stay subject to the rule
        FMT.read(WORKBOOK, settings=FormatSettings(strip_embedded=True))
    copy = shutil.copy(WORKBOOK, tmp_path / "w.docx")
    settings = dataclass_with_pictures_checked(Path(copy))
    doc = FMT.read(Path(copy), settings=settings)
    parts = entries(write_bytes(doc, settings))
    assert not [name for name in parts if name.startswith("word/embeddings/")]
    chart = next(name for name in parts if name.startswith("word/charts/chart") and name.endswith(".xml"))
    assert b"externalData" not in parts[chart]
    assert b"c:strCache" in parts[chart] or b"c:numCache" in parts[chart]  # the chart's cached values stay
    rels = parts.get(chart.replace("charts/", "charts/_rels/") + ".rels", b"")
    assert b"embeddings" not in rels


def dataclass_with_pictures_checked(path: Path) -> FormatSettings:
    listed = list_objects(path, FormatSettings(strip_embedded=True))
    pictures = frozenset((o.part, o.sha256) for o in listed if o.kind == "picture")
    return FormatSettings(strip_embedded=True, checked_objects=pictures)


@needs_corpus
def test_strip_images_removes_embedded_objects_too() -> None:
    settings = FormatSettings(strip_images=True)
    names = zipfile.ZipFile(__import__("io").BytesIO(write_bytes(FMT.read(WORKBOOK, settings=settings), settings))).namelist()
    assert not [n for n in names if n.startswith(("word/embeddings/", "word/media/"))]
