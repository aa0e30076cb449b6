"""The Word format on a planted package: every hiding place is read, rewritten or removed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from redactor.document import Document, Edit, Label
from redactor.errors import InputError
from redactor.formats.docx_format import DocxFormat
from redactor.settings import FormatSettings
from tests.fixtures import docx_builder as b
from tests.fixtures.docx_helpers import (
    DEFAULT,
    FMT,
    edits_for,
    entries,
    paragraph_texts,
    save,
    write_bytes,
)

#: Every spelling of the planted identifiers that a full redaction must remove.
ALL_IDENTIFIERS = r"(?i)jane[ .\-]?doe(?:@example\.com)?|jdoe|999 000 0018"
#: What must not be left in any byte of a fully redacted package.
LEFTOVER = re.compile(rb"(?i)jane|j?doe\b|999 000 0018")


@pytest.fixture()
def planted(tmp_path: Path) -> Path:
    return b.build_planted(tmp_path / "planted.docx")


@pytest.fixture()
def doc(planted: Path) -> Document:
    return FMT.read(planted, settings=DEFAULT)


def _text(doc: Document, segment_id: str) -> str:
    return doc.segment(segment_id).text


# -- reading: every hiding place becomes a segment --------------------------------------------


@pytest.mark.parametrize(
    ("segment_id", "expected"),
    [
        ("word/document.xml/p/0", "Report about Jane Doe and her family."),  # split over 3 runs
        ("word/document.xml/p/1", "NHS 999 000 0018"),  # table cell
        ("word/document.xml/p/2", "Nested: Jane Doe"),  # nested table
        ("word/document.xml/p/4", "Contact jane.doe@example.com today."),  # hyperlink text
        ("word/document.xml/p/5", "email her and Jane Doe"),  # field result + fldSimple result
        ("word/document.xml/p/5/instr/0", ' HYPERLINK "mailto:jane.doe@example.com" '),
        ("word/document.xml/p/7", "Box: Jane Doe"),  # text box, mc:Choice
        ("word/document.xml/p/8", "Box: Jane Doe"),  # the same text box, VML mc:Fallback
        ("word/document.xml/p/9", "Client: Jane Doe"),  # content control
        ("word/document.xml/p/11", "Visible. Hidden Jane Doe"),  # w:vanish
        ("word/document.xml/p/12", "Changes: inserted Jane Doe"),  # insertion accepted
        ("word/document.xml/p/13", "First half second half."),  # deleted paragraph mark: merged
        ("word/document.xml/p/17", "Tab\tbefore Jane Doe"),
        ("word/document.xml/attr/fldSimple/0/instr", " DOCPROPERTY ClientName \\* MERGEFORMAT Jane Doe "),
        ("word/document.xml/attr/hyperlink/0/tooltip", "Write to Jane Doe"),
        ("word/document.xml/attr/tblCaption/0/val", "Contacts of Jane Doe"),
        ("word/document.xml/attr/alias/0/val", "Client Jane Doe"),
        ("word/document.xml/attr/tag/0/val", "client-jane-doe"),
        ("word/document.xml/attr/docPr/1/descr", "Photo of Jane Doe"),
        ("word/document.xml/attr/docPr/1/title", "Jane Doe"),
        ("word/document.xml/attr/cNvPr/0/descr", "Jane Doe.png"),
        ("word/document.xml/attr/vml/0/href", "mailto:jane.doe@example.com"),
        ("word/document.xml/attr/vml/0/id", "Text Box 10"),  # mirrors the DrawingML name
        ("word/document.xml/attr/vml/1/alt", "Spreadsheet from Jane Doe"),
        ("word/document.xml/attr/imagedata/0/title", "Jane Doe data"),
        ("word/header1.xml/p/0", "Review of the death of Jane Doe"),
        ("word/header2.xml/p/0", "First page: Jane Doe"),  # first-page header (titlePg)
        ("word/footer1.xml/p/0", "Contact jane.doe@example.com"),
        ("word/footnotes.xml/p/2", " Press report on Jane Doe."),
        ("word/endnotes.xml/p/2", " NHS 999 000 0018."),
        ("word/_rels/document.xml.rels/rIdLink", "mailto:jane.doe@example.com"),
        ("docProps/core.xml/creator", "Jane Doe"),
        ("docProps/core.xml/lastModifiedBy", "jdoe"),
        ("docProps/core.xml/title", "DHR Jane Doe"),
        ("docProps/core.xml/subject", "Review of Jane Doe"),
        ("docProps/core.xml/keywords", "999 000 0018"),
        ("docProps/core.xml/description", "Contact jane.doe@example.com"),
        ("docProps/core.xml/category", "Jane Doe"),
        ("docProps/app.xml/TitlesOfParts/0", "DHR Jane Doe"),
        ("customXml/item1.xml/text/0", "Jane Doe"),
        ("customXml/item1.xml/text/1", "jane.doe@example.com"),
    ],
)
def test_every_hiding_place_is_a_segment(doc: Document, segment_id: str, expected: str) -> None:
    assert _text(doc, segment_id) == expected


def test_run_lengths_follow_the_runs(doc: Document) -> None:
    seg = doc.segment("word/document.xml/p/0")
    assert seg.run_lengths == (15, 4, 2, 16)
    assert sum(seg.run_lengths) == len(seg.text)


def test_segment_ids_are_unique_and_stable(planted: Path) -> None:
    first = FMT.read(planted, settings=DEFAULT)
    second = FMT.read(planted, settings=DEFAULT)
    ids = [seg.id for seg in first.segments]
    assert len(ids) == len(set(ids))
    assert first.segments == second.segments


def test_removed_content_is_not_read(doc: Document) -> None:
    every = "\n".join(seg.text for seg in doc.segments)
    assert "deleted" not in every  # tracked deletion
    assert "Signed" not in every  # glossary
    assert "Check Jane" not in every  # comment
    assert not any("comments" in seg.id for seg in doc.segments)


def test_notes_name_parts_and_counts_but_no_text(doc: Document) -> None:
    assert "accepted 3 tracked changes" in doc.notes
    assert "The body has hidden text in 1 paragraph; it is redacted like visible text: check it by hand" in doc.notes
    assert any(note.startswith("picture 1 of 2 (") and "not checked yet" in note for note in doc.notes)
    assert any(note.startswith("embedded object 1 of 1 (") for note in doc.notes)
    assert not any(".xml" in note for note in doc.notes)
    for note in doc.notes:
        assert not re.search(ALL_IDENTIFIERS, note)


# -- writing ----------------------------------------------------------------------------------


def test_full_redaction_leaves_nothing_anywhere(doc: Document, tmp_path: Path) -> None:
    out = save(write_bytes(edits_for(doc, ALL_IDENTIFIERS, "[redacted]")), tmp_path / "out.docx")
    for name, data in entries(out.read_bytes()).items():
        assert not LEFTOVER.search(data), name
        assert not LEFTOVER.search(name.encode()), name
    for location, text in FMT.texts(out):
        assert not re.search(ALL_IDENTIFIERS, text), location


def test_split_name_goes_into_the_first_run(doc: Document) -> None:
    edited = edits_for(doc, "Jane Doe", "Adult A", ids=["word/document.xml/p/0"])
    xml = entries(write_bytes(edited))["word/document.xml"]
    root = etree.fromstring(xml)
    runs = root.findall(f".//{{{b.NS['w']}}}p")[0].findall(f"{{{b.NS['w']}}}r")
    texts = ["".join(t.text or "" for t in run.iter(f"{{{b.NS['w']}}}t")) for run in runs]
    assert texts == ["Report about Adult A", "", "", " and her family."]
    # the formatting runs survive
    assert runs[1].find(f"{{{b.NS['w']}}}rPr/{{{b.NS['w']}}}b") is not None


def test_untouched_parts_are_copied_byte_for_byte(planted: Path, doc: Document) -> None:
    before = entries(planted.read_bytes())
    after = entries(write_bytes(edits_for(doc, "Jane Doe", "Adult A", ids=["word/header1.xml/p/0"])))
    for name in ("word/styles.xml", "word/header2.xml", "word/footer1.xml", "word/media/image1.png"):
        assert after[name] == before[name], name
    assert after["word/header1.xml"] != before["word/header1.xml"]


def test_untouched_paragraphs_keep_their_xml(planted: Path, doc: Document) -> None:
    def paragraphs(xml: bytes) -> list[bytes]:
        root = etree.fromstring(xml)
        return [etree.tostring(p) for p in root.iter(f"{{{b.NS['w']}}}p")]

    baseline = paragraphs(entries(write_bytes(doc))["word/document.xml"])
    edited = paragraphs(
        entries(write_bytes(edits_for(doc, "Jane Doe", "Adult A", ids=["word/document.xml/p/2"])))["word/document.xml"]
    )
    changed = [i for i, (x, y) in enumerate(zip(baseline, edited, strict=True)) if x != y]
    assert changed == [2]


def test_written_declaration_is_standalone(doc: Document) -> None:
    xml = entries(write_bytes(edits_for(doc, "Jane", "X")))["word/document.xml"]
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document ')


def test_leading_space_in_replacement_is_preserved(tmp_path: Path) -> None:
    path = b.write_package(tmp_path / "s.docx", b.minimal_parts("<w:p><w:r><w:t>Name:Jane</w:t></w:r></w:p>"))
    doc = FMT.read(path, settings=DEFAULT)
    out = save(write_bytes(edits_for(doc, "Jane", " Adult A ")), tmp_path / "o.docx")
    xml = entries(out.read_bytes())["word/document.xml"]
    assert b'xml:space="preserve">Name: Adult A </w:t>' in xml
    assert FMT.read(out, settings=DEFAULT).segments[0].text == "Name: Adult A "


def test_span_over_a_tab_turns_the_tab_into_text(doc: Document, tmp_path: Path) -> None:
    seg = doc.segment("word/document.xml/p/17")
    edit = Edit(seg.id, 0, 10, "X", Label.CUSTOM, "test", 1.0)  # "Tab\tbefore"
    out = save(write_bytes(Document(doc.path, "docx", doc.segments, edits=(edit,))), tmp_path / "o.docx")
    assert FMT.read(out, settings=DEFAULT).segment(seg.id).text == "X Jane Doe"


def test_span_starting_on_a_tab_puts_the_replacement_there(tmp_path: Path) -> None:
    body = '<w:p><w:r><w:t>a</w:t><w:tab/><w:t xml:space="preserve">b c</w:t></w:r></w:p>'
    path = b.write_package(tmp_path / "t.docx", b.minimal_parts(body))
    doc = FMT.read(path, settings=DEFAULT)
    edit = Edit(doc.segments[0].id, 1, 3, "Z", Label.CUSTOM, "test", 1.0)
    out = save(write_bytes(Document(path, "docx", doc.segments, edits=(edit,))), tmp_path / "o.docx")
    assert FMT.read(out, settings=DEFAULT).segments[0].text == "aZ c"


def test_hyperlink_target_is_rewritten_as_a_valid_uri(doc: Document) -> None:
    edited = edits_for(doc, r"jane\.doe@example\.com", "[email address]")
    rels = entries(write_bytes(edited))["word/_rels/document.xml.rels"]
    assert b'Target="mailto:%5Bemail%20address%5D"' in rels


def test_field_codes_are_rewritten(doc: Document) -> None:
    edited = edits_for(doc, "Jane Doe|jane\\.doe@example\\.com", "[x]")
    xml = entries(write_bytes(edited))["word/document.xml"]
    assert b'HYPERLINK "mailto:[x]"' in xml
    assert b'w:instr=" DOCPROPERTY ClientName \\* MERGEFORMAT [x] "' in xml


def test_text_box_is_rewritten_in_both_branches(doc: Document) -> None:
    xml = entries(write_bytes(edits_for(doc, "Jane Doe", "Adult A")))["word/document.xml"]
    assert xml.count(b"Box: Adult A") == 2


def test_core_authors_are_emptied_on_write(doc: Document) -> None:
    core = entries(write_bytes(doc))["docProps/core.xml"]
    root = etree.fromstring(core)
    assert root.find("{http://purl.org/dc/elements/1.1/}creator").text is None
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    assert root.find(f"{{{cp}}}lastModifiedBy").text is None
    assert b"jdoe" not in core


def test_app_properties_are_cleared(doc: Document) -> None:
    app = entries(write_bytes(doc))["docProps/app.xml"]
    for gone in (b"Ltd", b"jdoe", b"mailto", b"<HLinks"):
        assert gone not in app
    assert b"DHR Jane Doe" in app  # TitlesOfParts is a segment: left to the edits


@pytest.mark.parametrize(
    "part",
    [
        "docProps/custom.xml",
        "docProps/thumbnail.jpeg",
        "word/glossary/document.xml",
        "word/comments.xml",
        "word/commentsExtended.xml",
        "word/commentsIds.xml",
        "word/commentsExtensible.xml",
        "word/people.xml",
    ],
)
def test_hidden_parts_go_with_their_relationship_and_content_type(doc: Document, part: str) -> None:
    files = entries(write_bytes(doc))
    assert part not in files
    assert f'Target="{part}"'.encode() not in files["_rels/.rels"]
    assert f'Target="{part.removeprefix("word/")}"'.encode() not in files["word/_rels/document.xml.rels"]
    assert f"/{part}".encode() not in files["[Content_Types].xml"]


def test_comment_anchors_are_removed(doc: Document) -> None:
    xml = entries(write_bytes(doc))["word/document.xml"]
    for anchor in (b"commentRangeStart", b"commentRangeEnd", b"commentReference"):
        assert anchor not in xml


def test_settings_lose_variables_template_and_mail_merge(doc: Document) -> None:
    files = entries(write_bytes(doc))
    settings = files["word/settings.xml"]
    for gone in (b"docVars", b"attachedTemplate", b"mailMerge", b"updateFields"):
        assert gone not in settings
    assert b"rsidRoot" in settings  # rsids stay (documented)
    assert "word/_rels/settings.xml.rels" not in files or b"jdoe" not in files["word/_rels/settings.xml.rels"]


def test_vml_copies_of_text_boxes_are_removed(doc: Document) -> None:
    assert b"gfxdata" not in entries(write_bytes(doc))["word/document.xml"]


def test_data_bindings_are_removed(doc: Document) -> None:
    assert b"dataBinding" not in entries(write_bytes(doc))["word/document.xml"]


def test_tracked_changes_are_accepted(doc: Document) -> None:
    xml = entries(write_bytes(doc))["word/document.xml"]
    for gone in (b"<w:ins ", b"<w:del ", b"delText", b"w:author"):
        assert gone not in xml
    assert "First half second half." in paragraph_texts(xml)


def test_tracked_changes_can_be_refused(planted: Path) -> None:
    with pytest.raises(InputError) as info:
        FMT.read(planted, settings=FormatSettings(tracked_changes="fail"))
    message = str(info.value)
    assert message.startswith("planted.docx has 3 tracked changes (in the body)")
    assert "--tracked-changes=accept" in message
    assert not re.search(ALL_IDENTIFIERS, message)


def test_no_tracked_changes_pass_in_fail_mode(tmp_path: Path) -> None:
    path = b.write_package(tmp_path / "c.docx", b.minimal_parts(b.para("clean")))
    assert FMT.read(path, settings=FormatSettings(tracked_changes="fail")).segments[0].text == "clean"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # insertion inside a deletion: the deletion wins
            '<w:p><w:del w:id="1" w:author="A"><w:ins w:id="2" w:author="B"><w:r><w:delText>x</w:delText>'
            "</w:r></w:ins></w:del><w:r><w:t>kept</w:t></w:r></w:p>",
            ["kept"],
        ),
        (  # a move: the source goes, the destination stays
            '<w:p><w:moveFromRangeStart w:id="1" w:author="A" w:name="m"/><w:moveFrom w:id="2" w:author="A">'
            '<w:r><w:t>moved</w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="1"/></w:p>'
            '<w:p><w:moveToRangeStart w:id="3" w:author="A" w:name="m"/><w:moveTo w:id="4" w:author="A">'
            '<w:r><w:t>moved</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="3"/></w:p>',
            ["", "moved"],
        ),
        (  # a deleted table row goes whole
            '<w:tbl><w:tr><w:trPr><w:del w:id="1" w:author="A"/></w:trPr><w:tc><w:p><w:r><w:delText>row'
            "</w:delText></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>stays</w:t></w:r></w:p></w:tc>"
            "</w:tr></w:tbl><w:p/>",
            ["stays", ""],
        ),
        (  # formatting changes lose their record, keep the new formatting
            '<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="A"><w:rPr/></w:rPrChange></w:rPr><w:t>bold</w:t></w:r></w:p>',
            ["bold"],
        ),
    ],
)
def test_revision_kinds_are_accepted(tmp_path: Path, body: str, expected: list[str]) -> None:
    path = b.write_package(tmp_path / "r.docx", b.minimal_parts(body))
    doc = FMT.read(path, settings=DEFAULT)
    xml = entries(write_bytes(doc))["word/document.xml"]
    assert paragraph_texts(xml) == expected
    assert b"w:author" not in xml
    assert any(note.startswith("accepted ") for note in doc.notes)


def test_kept_comments_are_segments_with_neutral_authors(planted: Path) -> None:
    settings = FormatSettings(keep_comments=True, objects="list")
    doc = FMT.read(planted, settings=settings)
    assert _text(doc, "word/comments.xml/p/0") == "Check Jane Doe"
    files = entries(write_bytes(edits_for(doc, ALL_IDENTIFIERS, "[x]"), settings))
    comments = files["word/comments.xml"]
    assert b'w:author="redactor"' in comments and b'w:initials="R"' in comments
    assert b"Check [x]" in comments
    assert "word/people.xml" not in files
    assert b"commentReference" in files["word/document.xml"]


def test_strip_images_replaces_pictures_and_objects(planted: Path) -> None:
    settings = FormatSettings(strip_images=True)
    doc = FMT.read(planted, settings=settings)
    assert _text(doc, "word/document.xml/p/10") == "Photo: [image removed]"
    assert _text(doc, "word/document.xml/p/16") == "Object: [image removed]"
    assert _text(doc, "word/document.xml/p/7") == "Box: Jane Doe"  # a text box is not an image
    files = entries(write_bytes(doc, settings))
    assert not [name for name in files if name.startswith(("word/media/", "word/embeddings/"))]
    assert b"image1.png" not in files["word/_rels/document.xml.rels"]
    assert any(note.startswith("replaced 2 images") for note in doc.notes)
    assert not any("cannot be read" in note for note in doc.notes)


def test_output_opens_in_python_docx(doc: Document, tmp_path: Path) -> None:
    import docx  # python-docx: an independent reader

    out = save(write_bytes(edits_for(doc, ALL_IDENTIFIERS, "[x]")), tmp_path / "o.docx")
    word_doc = docx.Document(str(out))
    assert word_doc.paragraphs[0].text == "Report about [x] and her family."


@pytest.mark.libreoffice
def test_planted_output_converts_in_libreoffice(doc: Document, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui")
    out = save(write_bytes(edits_for(doc, ALL_IDENTIFIERS, "[x]")), tmp_path / "o.docx")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    text = (tmp_path / "o.txt").read_text("utf-8-sig")
    assert "Report about [x] and her family." in text
    assert not re.search(ALL_IDENTIFIERS, text)


def test_changed_input_is_detected(planted: Path, doc: Document) -> None:
    parts = b.planted_parts()
    parts["word/header1.xml"] = b.w_part("hdr", b.para("Another header"))
    b.write_package(planted, parts)
    with pytest.raises(InputError, match="changed since it was read"):
        write_bytes(edits_for(doc, "Jane", "X"))


def test_overlapping_edits_are_a_bug(doc: Document) -> None:
    seg = doc.segment("word/document.xml/p/0")
    edits = (
        Edit(seg.id, 13, 21, "A", Label.PERSON, "t", 1.0),
        Edit(seg.id, 18, 25, "B", Label.PERSON, "t", 1.0),
    )
    with pytest.raises(ValueError, match="overlapping"):
        write_bytes(Document(doc.path, "docx", doc.segments, edits=edits))


# -- texts: what verification scans -----------------------------------------------------------


def test_texts_join_split_runs_and_reach_every_part(planted: Path) -> None:
    found = list(FMT.texts(planted))
    texts = [text for _, text in found]
    assert "Report about Jane Doe and her family." in texts
    locations = {location.split("/p/")[0].split("/attr/")[0].split("/text/")[0] for location, _ in found}
    for part in ("word/people.xml", "word/glossary/document.xml", "docProps/custom.xml", "word/settings.xml"):
        assert part in locations
    assert ("word/_rels/document.xml.rels/rIdLink", "mailto:jane.doe@example.com") in found
    assert any("deleted 999 000 0018" in text for text in texts)  # w:delText too
    assert ("[entry]", "docProps/thumbnail.jpeg") in found


def test_texts_scan_embedded_packages(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>Jane Doe</t></si></sst>")
    parts = b.minimal_parts(b.para("x"), **{"word/embeddings/book.xlsx": inner.getvalue()})
    path = b.write_package(tmp_path / "e.docx", parts)
    assert any("Jane Doe" in text for _, text in FMT.texts(path))


# -- refusals ---------------------------------------------------------------------------------


def _refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        FMT.read(path, settings=DEFAULT)
    message = str(info.value)
    assert message.startswith(path.name)
    assert "\n" not in message
    return message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    assert "is empty" in _refusal(path)


def test_legacy_doc_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1024)
    assert "Word 97-2003 document" in _refusal(path)


def test_password_protected_docx_is_refused(planted: Path, tmp_path: Path) -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto")
    path = tmp_path / "locked.docx"
    with planted.open("rb") as plain, path.open("wb") as locked:
        msoffcrypto.OfficeFile(plain).encrypt("Passw0rd", locked)
    message = _refusal(path)
    assert "is password-protected; remove the password in Word (File > Info > Protect Document)" in message


def test_truncated_zip_is_refused(planted: Path, tmp_path: Path) -> None:
    data = planted.read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    assert "is damaged" in _refusal(path)


def test_corrupt_entry_is_refused(planted: Path, tmp_path: Path) -> None:
    data = bytearray(planted.read_bytes())
    with zipfile.ZipFile(planted) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start : start + 20] = bytes(20)
    path = tmp_path / "bad.docx"
    path.write_bytes(bytes(data))
    assert "is damaged" in _refusal(path)


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("just text")
    assert "is damaged or is not a Word document" in _refusal(path)


def test_zip_that_is_not_word_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert "is not a Word document" in _refusal(path)


def test_workbook_is_refused(tmp_path: Path) -> None:
    parts = b.minimal_parts("")
    parts["_rels/.rels"] = b.rels(("rId1", "officeDocument", "xl/workbook.xml"))
    parts["xl/workbook.xml"] = '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    assert "is not a Word document" in _refusal(b.write_package(tmp_path / "book.docx", parts))


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/vnd.ms-word.document.macroEnabled.main+xml", "is a macro-enabled Word document (.docm)"),
        ("application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "is a macro-enabled Word template"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "is a Word template"),
    ],
)
def test_macro_and_template_content_types_are_refused(tmp_path: Path, content_type: str, expected: str) -> None:
    parts = b.minimal_parts(b.para("x"))
    names = list(parts)
    parts["[Content_Types].xml"] = b.content_types(names).replace(b.CONTENT_TYPES["word/document.xml"], content_type)
    message = _refusal(b.write_package(tmp_path / "renamed.docx", parts))
    assert expected in message
    assert "save it as Word Document (.docx)" in message


def test_strict_open_xml_is_refused(tmp_path: Path) -> None:
    parts = b.minimal_parts(b.para("x"))
    parts["word/document.xml"] = str(parts["word/document.xml"]).replace(
        b.NS["w"], "http://purl.oclc.org/ooxml/wordprocessingml/main"
    )
    assert "not Strict Open XML" in _refusal(b.write_package(tmp_path / "strict.docx", parts))


def test_dtd_in_a_part_is_refused(tmp_path: Path) -> None:
    parts = b.minimal_parts(b.para("x"))
    parts["word/styles.xml"] = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "Jane">]><w:styles xmlns:w="' + b.NS["w"] + '">&e;</w:styles>'
    )
    message = _refusal(b.write_package(tmp_path / "dtd.docx", parts))
    assert "has a DTD (entity definitions) in word/styles.xml" in message


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    parts = b.minimal_parts(b.para("x"), **{"word/media/blank.bin": bytes(4 * 1024 * 1024)})
    assert "zip bomb" in _refusal(b.write_package(tmp_path / "bomb.docx", parts))


def test_oversized_part_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor.formats import _docx_package

    monkeypatch.setattr(_docx_package, "MAX_PART_BYTES", 1000)
    parts = b.minimal_parts(b.para("x" * 2000))
    assert "zip bomb" in _refusal(b.write_package(tmp_path / "big.docx", parts))


def test_unreferenced_parts_are_dropped(tmp_path: Path) -> None:
    parts = b.minimal_parts(b.para("x"), **{"word/media/orphan.png": b.tiny_png()})
    path = b.write_package(tmp_path / "o.docx", parts)
    doc = FMT.read(path, settings=DEFAULT)
    assert "word/media/orphan.png" not in entries(write_bytes(doc))
    assert "removed 1 part that nothing in the document refers to" in doc.notes


def test_format_is_registered_for_docx_only() -> None:
    from redactor.formats import format_for

    assert isinstance(format_for(Path("x.DOCX")), DocxFormat)


def test_table_whose_rows_were_all_deleted_goes(tmp_path: Path) -> None:
    body = (
        '<w:tbl><w:tr><w:trPr><w:del w:id="1" w:author="A"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
        "<w:p><w:r><w:t>after</w:t></w:r></w:p>"
    )
    path = b.write_package(tmp_path / "t.docx", b.minimal_parts(body))
    xml = entries(write_bytes(FMT.read(path, settings=DEFAULT)))["word/document.xml"]
    assert b"<w:tbl" not in xml
    assert paragraph_texts(xml) == ["after"]


def test_run_level_alternate_content_and_math_are_text(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:t>A</w:t></mc:Choice>'
        "<mc:Fallback><w:t>B</w:t></mc:Fallback></mc:AlternateContent></w:r>"
        "<m:oMath><m:r><m:t>Jane</m:t></m:r></m:oMath></w:p>"
    )
    path = b.write_package(tmp_path / "m.docx", b.minimal_parts(body))
    doc = FMT.read(path, settings=DEFAULT)
    assert doc.segments[0].text == "ABJane"
    out = save(write_bytes(edits_for(doc, "Jane", "X")), tmp_path / "o.docx")
    assert FMT.read(out, settings=DEFAULT).segments[0].text == "ABX"
