from __future__ import annotations

import io
from pathlib import Path

import pytest

from redactor.document import Edit, Label
from redactor.errors import InputError
from redactor.formats import format_for
from redactor.settings import FormatSettings

SETTINGS = FormatSettings()


def roundtrip(path: Path, edits: tuple[Edit, ...] = ()) -> bytes:
    import dataclasses

    fmt = format_for(path)
    doc = fmt.read(path, settings=SETTINGS)
    stream = io.BytesIO()
    fmt.write(dataclasses.replace(doc, edits=edits), stream, settings=SETTINGS)
    return stream.getvalue()


@pytest.mark.parametrize(
    "raw",
    [
        b"One line only",
        b"\xef\xbb\xbfWith a BOM\n\nSecond paragraph\n",
        b"CRLF line\r\nnext line\r\n\r\n\r\nlast  \r\n",
        "Unicode: Brzezi\u0144ska \u2019quoted\u2019\n\n\n  indented\n".encode(),
        b"# Heading\n\n- item **bold**\n- item\n",
    ],
)
def test_no_edits_gives_identical_bytes(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(raw)
    assert roundtrip(path) == raw


def test_paragraphs_are_segments_and_line_breaks_stay_inside(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Jane\nDoe went out.\n\nSecond para.", encoding="utf-8")
    doc = format_for(path).read(path, settings=SETTINGS)
    assert [s.text for s in doc.segments] == ["Jane\nDoe went out.", "Second para."]
    assert [s.id for s in doc.segments] == ["body/p/0", "body/p/1"]


def test_edits_change_only_their_spans(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"\xef\xbb\xbfJane met Tom.\r\n\r\nTom's car.\r\n")
    edits = (
        Edit("body/p/0", 0, 4, "WX", Label.PERSON, "case_file", 1.0, "e1"),
        Edit("body/p/0", 9, 12, "Person A", Label.PERSON, "spacy_ner", 0.6, "e2"),
        Edit("body/p/1", 0, 3, "Person A", Label.PERSON, "spacy_ner", 0.6, "e2"),
    )
    assert roundtrip(path, edits) == b"\xef\xbb\xbfWX met Person A.\r\n\r\nPerson A's car.\r\n"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n \t", "is empty"),
        (b"\x00\x01\x02PK\x03\x04 binary", "binary file"),
        ("caf\u00e9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_text_files_are_refused_clearly(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=message) as info:
        format_for(path).read(path, settings=SETTINGS)
    assert "bad.txt" in str(info.value)


def test_unsupported_suffix_names_the_readable_ones_and_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"'\.pdf' are not read; redactor reads \.docx, \.txt, \.md: save the source"):
        format_for(tmp_path / "report.pdf")
    with pytest.raises(InputError, match=r"'\.rtf' are not read.*save it as \.docx \(Word\) or plain text"):
        format_for(tmp_path / "notes.rtf")
