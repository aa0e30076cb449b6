"""The review redline: every replacement a tracked change with a comment, over the original.

Inputs are built with the docx builder (split runs, hyperlinks, fields, a table, a header, a
footer, a footnote, a text box, a content control) or are plain text; the real stages run with
a case file (read -> registry -> Link -> Pseudonymise -> Rewrite, no spaCy model). An
independent lxml reader then resolves the redline's tracked changes itself: rejecting all must
give exactly the original paragraph texts, accepting all exactly those of the published output.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from redactor.casefile import Case, CasePerson
from redactor.document import Document, Edit, Label
from redactor.errors import InputError
from redactor.formats import format_for
from redactor.formats.redline import REDLINE_TITLE, REDLINE_WARNING, write_redline
from redactor.keyfile import Key
from redactor.link import Link, build_registry
from redactor.pseudonymise import Pseudonymise, assign_pseudonyms
from redactor.rewrite import Rewrite
from redactor.settings import FormatSettings
from tests.conftest import simple_is_word
from tests.fixtures.docx_builder import (
    EMAIL,
    NHS,
    build_planted,
    minimal_parts,
    note_part,
    para,
    rels,
    text_run,
    textbox_run,
    w_part,
    write_package,
)
from tests.fixtures.docx_helpers import entries, paragraph_texts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CASE = Case(
    name="WX",
    people=(CasePerson("Jane Doe", pseudonym="WX"), CasePerson("Kieran Ashcroft", pseudonym="YZ")),
)
DATE = "2024-05-01T12:00:00Z"
DEFAULT = FormatSettings(objects="list")  # the planted document's pictures are listed, as scan does
STORY = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
COMMENT = re.compile(r"[A-Z_]+ · \S+ · \d\.\d\d")


def q(local: str) -> str:
    return f"{{{W}}}{local}"


# -- inputs and the real stages ---------------------------------------------------------------


def rich_docx(path: Path) -> Path:
    """A document with a case-file name in each place where a redline is hard to get right."""
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF Jane_Doe </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{text_run('Jane Doe')}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    table = (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid>'
        f"<w:tr><w:tc><w:tcPr/>{para('Cell: Kieran ', text_run('Ashcroft', '<w:rPr><w:i/></w:rPr>'), ' (father).')}</w:tc></w:tr>"
        "</w:tbl>"
    )
    body = "".join(
        [
            para(
                text_run("Report about Ja"),
                text_run("ne D", "<w:rPr><w:b/></w:rPr>"),
                text_run("oe", "<w:rPr><w:i/></w:rPr>"),
                text_run(" and her family."),
            ),
            para(text_run("Kieran Ashcroft", '<w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr>'), " said so."),
            para("Written to ", '<w:hyperlink r:id="rIdLink"><w:r><w:t>Jane Doe</w:t></w:r></w:hyperlink>', "."),
            para("Met Jane ", '<w:hyperlink w:anchor="later"><w:r><w:t>Doe</w:t></w:r></w:hyperlink>', " again."),
            para('<w:r><w:t xml:space="preserve">Said by Jane Doe</w:t><w:footnoteReference w:id="1"/></w:r>', " in May."),
            table,
            para("Box follows.", textbox_run("Box: Kieran Ashcroft")),
            para("See ", field, " and ", f'<w:fldSimple w:instr=" REF Kieran ">{text_run("Kieran Ashcroft")}</w:fldSimple>'),
            '<w:sdt><w:sdtPr><w:alias w:val="Client"/><w:id w:val="7"/><w:text/></w:sdtPr>'
            f"<w:sdtContent>{para('Client: Jane Doe')}</w:sdtContent></w:sdt>",
            para("Tab", '<w:r><w:tab/><w:t xml:space="preserve">then Jane Doe&amp;Kieran</w:t></w:r>'),
            para(
                "Nothing to change on page ",
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                ".",
            ),
        ]
    )
    parts = minimal_parts(
        body,
        **{
            "word/header1.xml": w_part("hdr", para("Review of the death of Jane Doe")),
            "word/footer1.xml": w_part("ftr", para(text_run("Kieran "), text_run("Ashcroft"))),
            "word/footnotes.xml": note_part("footnotes", "Press report on Jane Doe."),
        },
    )
    parts["word/document.xml"] = w_part(
        "document",
        f'<w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
        '<w:footerReference w:type="default" r:id="rIdF"/><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
        "</w:sectPr></w:body>",
    )
    parts["word/_rels/document.xml.rels"] = rels(
        ("rId1", "styles", "styles.xml"),
        ("rIdH", "header", "header1.xml"),
        ("rIdF", "footer", "footer1.xml"),
        ("rIdN", "footnotes", "footnotes.xml"),
        ("rIdLink", "hyperlink", f"mailto:{EMAIL}", "External"),
    )
    return write_package(path, parts)


def redact(path: Path, settings: FormatSettings = DEFAULT) -> Document:
    """Run the real stages with the case file (no spaCy model): read, link, pseudonymise, rewrite."""
    doc = format_for(path).read(path, settings=settings)
    registry = build_registry([doc], case=CASE, key=Key.new("WX"), is_word=simple_is_word)
    return Rewrite().run(Pseudonymise(assign_pseudonyms(registry)).run(Link(registry).run(doc)))


def redline_bytes(doc: Document, settings: FormatSettings = DEFAULT, **kwargs: str) -> bytes:
    stream = io.BytesIO()
    write_redline(doc, stream, settings=settings, date=DATE, **kwargs)
    return stream.getvalue()


def output_bytes(doc: Document, settings: FormatSettings = DEFAULT) -> bytes:
    stream = io.BytesIO()
    format_for(doc.path).write(doc, stream, settings=settings)
    return stream.getvalue()


# -- an independent reader that resolves tracked changes itself ---------------------------------


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    parent.remove(el)


def resolve(xml: bytes, mode: str) -> bytes:
    """Accept or reject every tracked change the way Word does (only what the redline writes)."""
    root = etree.fromstring(xml)
    assert not root.findall(f".//{q('pPr')}/{q('rPr')}/{q('del')}"), "the redline never deletes a paragraph mark"
    keep, drop = ("ins", "del") if mode == "accept" else ("del", "ins")
    inserted_marks = [m for m in root.iter(q("ins")) if m.getparent().tag == q("rPr")]
    for el in list(root.iter(q(drop))):
        if el.getparent().tag != q("rPr"):
            _remove(el)
    for el in list(root.iter(q(keep))):
        if el.getparent().tag != q("rPr"):
            _unwrap(el)
    for el in root.iter(q("delText")):
        el.tag = q("t")
    for mark in inserted_marks:
        p = mark.getparent().getparent().getparent()
        _remove(mark)
        if mode == "reject":  # the paragraph mark goes; the paragraph held nothing else
            assert "".join(p.itertext()) == ""
            _remove(p)
    return etree.tostring(root)


def story_texts(data: bytes, mode: str = "plain") -> dict[str, list[str]]:
    """Paragraph texts of each story part, after accepting or rejecting all changes (or as is)."""
    found = {}
    for name, xml in entries(data).items():
        if STORY.fullmatch(name):
            found[name] = paragraph_texts(xml if mode == "plain" else resolve(xml, mode))
    return found


def resolved_package(data: bytes, mode: str) -> bytes:
    """The redline with every story part resolved, and the warning paragraph gone."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, raw in entries(data).items():
            if STORY.fullmatch(name):
                root = etree.fromstring(resolve(raw, mode))
                body = root.find(q("body"))
                if body is not None and "".join(body[0].itertext()) == REDLINE_WARNING:
                    body.remove(body[0])
                raw = etree.tostring(root)
            archive.writestr(name, raw)
    return buffer.getvalue()


def paragraph_segments(path: Path, settings: FormatSettings = DEFAULT) -> dict[str, str]:
    """The format reader's paragraph segments (no field codes, attributes or properties)."""
    doc = format_for(path).read(path, settings=settings)
    return {s.id: s.text for s in doc.segments if re.fullmatch(r"word/(?!comments)[^/]+\.xml/p/\d+", s.id)}


# -- round trips ------------------------------------------------------------------------------


@pytest.fixture()
def rich(tmp_path: Path) -> tuple[Document, bytes, bytes]:
    doc = redact(rich_docx(tmp_path / "rich.docx"))
    assert len(doc.edits) >= 14
    return doc, redline_bytes(doc), output_bytes(doc)


def test_reject_all_gives_back_the_original_paragraphs(rich: tuple[Document, bytes, bytes]) -> None:
    doc, redline, _ = rich
    assert story_texts(redline, "reject") == story_texts(doc.path.read_bytes())


def test_accept_all_gives_the_published_paragraphs_under_the_warning(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, output = rich
    expected = story_texts(output)
    expected["word/document.xml"].insert(0, REDLINE_WARNING)
    assert story_texts(redline, "accept") == expected


def test_the_format_reader_agrees_after_accepting_or_rejecting(rich: tuple[Document, bytes, bytes], tmp_path: Path) -> None:
    doc, redline, output = rich
    accepted = tmp_path / "accepted.docx"
    accepted.write_bytes(resolved_package(redline, "accept"))
    rejected = tmp_path / "rejected.docx"
    rejected.write_bytes(resolved_package(redline, "reject"))
    published = tmp_path / "published.docx"
    published.write_bytes(output)
    assert paragraph_segments(accepted) == paragraph_segments(published)
    assert paragraph_segments(rejected) == paragraph_segments(doc.path)


def test_the_inputs_tracked_changes_are_accepted_first_like_the_writer_does(tmp_path: Path) -> None:
    doc = redact(build_planted(tmp_path / "planted.docx"))
    redline = redline_bytes(doc)
    unedited = output_bytes(dataclasses.replace(doc, edits=()))
    expected = story_texts(output_bytes(doc))
    expected["word/document.xml"].insert(0, REDLINE_WARNING)
    assert story_texts(redline, "reject") == story_texts(unedited)
    assert story_texts(redline, "accept") == expected
    assert "Changes: inserted Jane Doe" in story_texts(redline, "reject")["word/document.xml"]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_inputs_get_a_redline_with_one_paragraph_per_segment(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_text(
        "# Notes on Jane Doe\n\nJane Doe met Kieran Ashcroft.\nThen\tKieran's  sister & <Jane>.\n\n\nNo names.\n", "utf-8"
    )
    doc = redact(path)
    redline = redline_bytes(doc)
    published = tmp_path / f"out{suffix}"
    published.write_bytes(output_bytes(doc))
    out_doc = format_for(published).read(published, settings=DEFAULT)
    assert story_texts(redline, "reject") == {"word/document.xml": [s.text for s in doc.segments]}
    assert story_texts(redline, "accept") == {"word/document.xml": [REDLINE_WARNING] + [s.text for s in out_doc.segments]}
    assert story_texts(redline, "accept")["word/document.xml"][2] == "WX met YZ.\nThen\tYZ's  sister & <WX>."


def test_a_form_feed_and_control_characters_in_text_do_not_break_the_package(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Jane Doe\x0cpage two\x01 Kieran\r\nAshcroft.", "utf-8")
    doc = redact(path)
    xml = entries(redline_bytes(doc))["word/document.xml"].decode()
    assert '<w:br w:type="page"/>' in xml
    assert "\ufffd" in xml
    assert story_texts(redline_bytes(doc), "accept")["word/document.xml"][1] == "WX\npage two\ufffd YZ."


# -- the marks themselves ---------------------------------------------------------------------


def test_every_insertion_in_the_main_document_has_a_comment_naming_kind_recognizer_and_score(
    rich: tuple[Document, bytes, bytes],
) -> None:
    _, redline, _ = rich
    parts = entries(redline)
    root = etree.fromstring(parts["word/document.xml"])
    comments = {c.get(q("id")): "".join(c.itertext()) for c in etree.fromstring(parts["word/comments.xml"]).iter(q("comment"))}
    insertions = [el for el in root.iter(q("ins")) if el.getparent().tag != q("rPr")]
    own_text = [el for el in insertions if not any(a.tag == q("txbxContent") for a in el.iterancestors())]
    assert len(own_text) == len(comments) < len(insertions)
    for ins in own_text:
        end = ins.getnext()
        assert end.tag == q("commentRangeEnd")
        comment_id = end.get(q("id"))
        starts = [s for s in ins.itersiblings(preceding=True) if s.tag == q("commentRangeStart") and s.get(q("id")) == comment_id]
        assert starts, "the comment range opens before the deletion"
        assert end.getnext().find(q("commentReference")).get(q("id")) == comment_id
        text = comments[comment_id]
        assert COMMENT.fullmatch(text) or text.startswith("redactor · not for publication"), text
    assert sorted(comments.values()).count("PERSON · case_file · 1.00") == len(comments) - 1


def test_comments_hold_no_identifier_text(tmp_path: Path) -> None:
    doc = redact(build_planted(tmp_path / "planted.docx"))
    comments = entries(redline_bytes(doc))["word/comments.xml"].decode()
    for marker in ("Jane", "Doe", "Kieran", "Ashcroft", EMAIL, NHS):
        assert marker not in comments


def test_headers_footers_notes_and_text_boxes_are_tracked_without_comment_anchors(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, _ = rich
    parts = entries(redline)
    places = [etree.fromstring(parts[name]) for name in ("word/header1.xml", "word/footer1.xml", "word/footnotes.xml")]
    boxes = list(etree.fromstring(parts["word/document.xml"]).iter(q("txbxContent")))
    assert len(boxes) == 2  # the DrawingML text box and its VML copy
    for place in [*places, *boxes]:
        assert place.find(f".//{q('del')}") is not None and place.find(f".//{q('ins')}") is not None
        assert place.find(f".//{q('commentRangeStart')}") is None and place.find(f".//{q('commentReference')}") is None


def test_revision_and_comment_ids_are_unique_with_author_and_date(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, _ = rich
    revisions, comments = [], []
    for name, xml in entries(redline).items():
        if not name.endswith(".xml"):
            continue
        root = etree.fromstring(xml)
        for el in root.iter(q("ins"), q("del")):
            assert (el.get(q("author")), el.get(q("date"))) == ("redactor", DATE)
            revisions.append(el.get(q("id")))
        comments.extend(el.get(q("id")) for el in root.iter(q("comment")))
    assert len(set(revisions)) == len(revisions)
    assert len(set(comments)) == len(comments)
    assert not set(revisions) & set(comments)


def test_a_replacement_keeps_the_formatting_of_the_first_run_it_replaces(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, _ = rich
    root = etree.fromstring(entries(redline)["word/document.xml"])
    insertions = [ins for ins in root.iter(q("ins")) if ins.getparent().tag != q("rPr")]
    bold_red = [ins for ins in insertions if "".join(ins.itertext()) == "YZ" and ins.find(f".//{q('color')}") is not None]
    assert bold_red and bold_red[0].find(f".//{q('b')}") is not None
    split = root.find(f".//{q('body')}")[1]  # "Report about Ja|ne D|oe": the replacement is plain like "Ja"
    deleted = ["".join(d.itertext()) for d in split.iter(q("del"))]
    assert deleted == ["Jane Doe"]
    assert split.find(f".//{q('ins')}/{q('r')}/{q('rPr')}") is None


def test_a_name_across_a_hyperlink_is_deleted_on_both_sides_and_replaced_once(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, _ = rich
    root = etree.fromstring(entries(redline)["word/document.xml"])
    p = next(p for p in root.iter(q("p")) if "".join(p.itertext()).startswith("Met Jane"))
    assert ["".join(d.itertext()) for d in p.iter(q("del"))] == ["Jane ", "Doe"]
    assert ["".join(i.itertext()) for i in p.iter(q("ins"))] == ["WX"]


def test_deleted_text_is_marked_as_deleted_text(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, _ = rich
    for name, xml in entries(redline).items():
        if STORY.fullmatch(name):
            root = etree.fromstring(xml)
            assert all(d.find(f".//{q('t')}") is None for d in root.iter(q("del"))), name
            assert all(any(a.tag == q("del") for a in t.iterancestors()) for t in root.iter(q("delText"))), name


def test_fields_and_content_controls_around_an_edit_become_plain_text(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, _ = rich
    root = etree.fromstring(entries(redline)["word/document.xml"])
    assert root.find(f".//{q('fldSimple')}") is None and root.find(f".//{q('sdt')}") is None
    codes = ["".join(el.itertext()) for el in root.iter(q("instrText"))]
    assert codes == [" PAGE "]  # the REF around "Jane Doe" is unlinked; the PAGE field stays
    assert len(list(root.iter(q("fldChar")))) == 3
    texts = paragraph_texts(resolve(entries(redline)["word/document.xml"], "reject"))
    assert "See Jane Doe and Kieran Ashcroft" in texts and "Client: Jane Doe" in texts


def test_note_references_and_field_characters_stay_outside_deletions(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, _ = rich
    root = etree.fromstring(entries(redline)["word/document.xml"])
    for deletion in root.iter(q("del")):
        assert deletion.find(f".//{q('footnoteReference')}") is None
        assert deletion.find(f".//{q('fldChar')}") is None


def test_the_warning_is_a_tracked_insertion_at_the_top_and_the_title_says_so(rich: tuple[Document, bytes, bytes]) -> None:
    _, redline, _ = rich
    parts = entries(redline)
    first = etree.fromstring(parts["word/document.xml"]).find(q("body"))[0]
    assert "".join(first.itertext()) == REDLINE_WARNING
    assert first.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}") is not None
    assert first.find(f"{q('ins')}/{q('r')}/{q('t')}").text == REDLINE_WARNING
    assert REDLINE_TITLE == "REDLINE – NOT FOR PUBLICATION"
    assert f"<dc:title>{REDLINE_TITLE}</dc:title>" in parts["docProps/core.xml"].decode()


def test_the_package_is_valid_and_declares_its_comments(rich: tuple[Document, bytes, bytes], tmp_path: Path) -> None:
    _, redline, _ = rich
    with zipfile.ZipFile(io.BytesIO(redline)) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"
    parts = entries(redline)
    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {el.get("PartName"): el.get("ContentType") for el in types}
    assert overrides["/word/comments.xml"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
    assert 'relationships/comments" Target="comments.xml"' in parts["word/_rels/document.xml.rels"].decode()
    path = tmp_path / "redline.docx"
    path.write_bytes(redline)
    opened = docx.Document(str(path))
    assert opened.core_properties.title == REDLINE_TITLE
    assert opened.paragraphs[1].text == "Report about  and her family."  # python-docx skips w:ins and w:del


def test_a_text_redline_is_a_valid_word_package(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Jane Doe met Kieran Ashcroft.", "utf-8")
    out = tmp_path / "notes.redline.docx"
    out.write_bytes(redline_bytes(redact(path)))
    opened = docx.Document(str(out))
    assert opened.core_properties.title == REDLINE_TITLE
    assert len(opened.paragraphs) == 2
    assert format_for(out).read(out, settings=DEFAULT).segments[1].text == "WX met YZ."  # accepted on reading


def test_kept_comments_stay_and_the_new_ones_get_fresh_ids(tmp_path: Path) -> None:
    settings = FormatSettings(keep_comments=True, objects="list")
    doc = redact(build_planted(tmp_path / "planted.docx"), settings)
    redline = redline_bytes(doc, settings)
    root = etree.fromstring(entries(redline)["word/comments.xml"])
    ids = [c.get(q("id")) for c in root.iter(q("comment"))]
    assert "0" in ids and len(ids) == len(set(ids)) > 1
    kept = next(c for c in root.iter(q("comment")) if c.get(q("id")) == "0")
    assert kept.find(f".//{q('del')}") is not None  # the kept comment's own text is tracked too
    assert paragraph_texts(resolve(etree.tostring(kept), "reject")) == ["Check Jane Doe"]


def test_the_author_and_a_default_date_are_used(rich: tuple[Document, bytes, bytes]) -> None:
    doc, _, _ = rich
    stream = io.BytesIO()
    write_redline(doc, stream, settings=DEFAULT, author="Panel review")
    root = etree.fromstring(entries(stream.getvalue())["word/document.xml"])
    ins = next(root.iter(q("ins")))
    assert ins.get(q("author")) == "Panel review"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ins.get(q("date")))
    comment = next(etree.fromstring(entries(stream.getvalue())["word/comments.xml"]).iter(q("comment")))
    assert (comment.get(q("author")), comment.get(q("initials"))) == ("Panel review", "PR")


def test_an_edit_inside_a_math_run_is_applied_directly(tmp_path: Path) -> None:
    math = '<m:oMath><m:r><m:t>Jane Doe</m:t></m:r></m:oMath>'
    path = write_package(tmp_path / "math.docx", minimal_parts(para("Formula ", math, " by Jane Doe.")))
    redline = redline_bytes(redact(path))
    root = etree.fromstring(entries(redline)["word/document.xml"])
    m_text = root.find(".//{http://schemas.openxmlformats.org/officeDocument/2006/math}t")
    assert m_text.text == "WX"
    assert ["".join(d.itertext()) for d in root.iter(q("del"))] == ["Jane Doe"]


# -- refusals ---------------------------------------------------------------------------------


def test_overlapping_edits_are_refused(rich: tuple[Document, bytes, bytes]) -> None:
    doc, _, _ = rich
    first = doc.edits[0]
    clash = Edit(first.segment_id, first.start, first.end, "X", Label.PERSON, "test", 1.0)
    with pytest.raises(ValueError, match="overlapping"):
        write_redline(dataclasses.replace(doc, edits=(*doc.edits, clash)), io.BytesIO(), settings=DEFAULT)


def test_an_edit_for_an_unknown_segment_is_refused(rich: tuple[Document, bytes, bytes]) -> None:
    doc, _, _ = rich
    stray = Edit("word/document.xml/p/999", 0, 1, "X", Label.PERSON, "test", 1.0)
    with pytest.raises(ValueError, match="unknown segment"):
        write_redline(dataclasses.replace(doc, edits=(stray,)), io.BytesIO(), settings=DEFAULT)


def test_an_input_changed_since_reading_is_refused(rich: tuple[Document, bytes, bytes]) -> None:
    doc, _, _ = rich
    changed = copy.copy(doc.segments[0])
    changed = dataclasses.replace(changed, text=changed.text + " more")
    with pytest.raises(InputError, match="changed since it was read"):
        write_redline(dataclasses.replace(doc, segments=(changed, *doc.segments[1:])), io.BytesIO(), settings=DEFAULT)
