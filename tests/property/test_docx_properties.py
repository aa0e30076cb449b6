"""Property tests on Word documents: planted case-file names in random run splits and hiding places.

Hypothesis builds a .docx whose paragraphs sit in the body, a table cell, a text box, the
header, the footer and a footnote, each paragraph cut into runs at random places (some runs
bold). After read -> link (case file) -> pseudonymise -> rewrite -> write:

- no planted name survives anywhere in the package's text nodes (an independent lxml reader);
- every segment of the output reads back as its input text with exactly the edits applied.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from redactor.casefile import Case, CasePerson
from redactor.formats import format_for
from redactor.keyfile import Key
from redactor.link import Link, build_registry
from redactor.pseudonymise import Pseudonymise, assign_pseudonyms
from redactor.rewrite import Rewrite
from redactor.settings import FormatSettings
from redactor.surfaces import SurfaceMatcher
from tests.conftest import simple_is_word
from tests.fixtures.docx_builder import minimal_parts, note_part, para, rels, textbox_run, w_part, write_package

PEOPLE = (
    CasePerson("Ilona Katarzyna Kowalczyk", aliases=("Ilka",), pseudonym="WX"),
    CasePerson("Kieran Ashcroft", aliases=("Kez",), pseudonym="YZ"),
    CasePerson("Agnieszka Brzezińska", pseudonym="Adult C"),
)
CASE = Case(name="WX", people=PEOPLE)
FORMS = ["Ilona Katarzyna Kowalczyk", "Ilona", "Kowalczyk", "KOWALCZYK", "ilka", "Kieran", "Ashcroft", "Kez",
         "Agnieszka Brzezińska", "Brzezińska", "Mrs Kowalczyk", "Ashcroft, Kieran", "Kowalczyk's"]
FILLER = st.sampled_from(["the panel", "said", "and", "on 3 May", "Hestia", "the GP", "rose", "will", ".", ",", "&", "<"])
PLACES = ("body", "table", "textbox", "header", "footer", "footnote")
SETTINGS = FormatSettings()
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[str, str, list[int], list[bool]]:
    """A paragraph: its hiding place, its text, where it is cut into runs, which runs are bold."""
    words = draw(st.lists(st.one_of(st.sampled_from(FORMS), FILLER), min_size=1, max_size=12))
    text = " ".join(words)
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(text) - 1)), max_size=6))))
    bold = draw(st.lists(st.booleans(), min_size=len(cuts) + 1, max_size=len(cuts) + 1))
    return draw(st.sampled_from(PLACES)), text, cuts, bold


def _runs(text: str, cuts: list[int], bold: list[bool]) -> str:
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "".join(
        f'<w:r>{"<w:rPr><w:b/></w:rPr>" if b else ""}<w:t xml:space="preserve">{_escape(p)}</w:t></w:r>'
        for p, b in zip(pieces, bold, strict=True)
        if p
    )


def build(path: Path, paras: list[tuple[str, str, list[int], list[bool]]]) -> Path:
    """Write a .docx with each paragraph in its hiding place."""
    placed: dict[str, list[str]] = {place: [] for place in PLACES}
    for place, text, cuts, bold in paras:
        placed[place].append(f"<w:p>{_runs(text, cuts, bold)}</w:p>")
    body = "".join(placed["body"]) or para("Start.")
    if placed["table"]:
        cells = "".join(f"<w:tc><w:tcPr/>{p}</w:tc>" for p in placed["table"])
        body += f"<w:tbl><w:tblPr/><w:tr>{cells}</w:tr></w:tbl>" + para("")
    for p in placed["textbox"]:
        inner = p.removeprefix("<w:p>").removesuffix("</w:p>")
        text_runs = "".join(etree.fromstring(f'<x xmlns:w="{W}">{inner}</x>').itertext())
        body += para(textbox_run(_escape(text_runs)))
    doc_rels = [("rId1", "styles", "styles.xml")]
    sect = ""
    extra: dict[str, str | bytes] = {}
    if placed["header"]:
        extra["word/header1.xml"] = w_part("hdr", "".join(placed["header"]))
        doc_rels.append(("rIdH", "header", "header1.xml"))
        sect += '<w:headerReference w:type="default" r:id="rIdH"/>'
    if placed["footer"]:
        extra["word/footer1.xml"] = w_part("ftr", "".join(placed["footer"]))
        doc_rels.append(("rIdF", "footer", "footer1.xml"))
        sect += '<w:footerReference w:type="default" r:id="rIdF"/>'
    if placed["footnote"]:
        text = " ".join("".join(etree.fromstring(f'<x xmlns:w="{W}">{p}</x>').itertext()) for p in placed["footnote"])
        extra["word/footnotes.xml"] = note_part("footnotes", _escape(text))
        doc_rels.append(("rIdN", "footnotes", "footnotes.xml"))
        body += para('<w:r><w:footnoteReference w:id="1"/></w:r>')
    parts = minimal_parts(body, **extra)
    parts["word/document.xml"] = w_part("document", f"<w:body>{body}<w:sectPr>{sect}</w:sectPr></w:body>")
    parts["word/_rels/document.xml.rels"] = rels(*doc_rels)
    return write_package(path, parts)


def all_text(data: bytes) -> str:
    """Every w:t and a:t text of every XML part, paragraph by paragraph (independent of redactor)."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(archive.read(name))
            for p in root.iter(f"{{{W}}}p"):
                lines.append("".join(t.text or "" for t in p.iter(f"{{{W}}}t")))
            lines.extend(t.text or "" for t in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
    return "\n".join(lines)


def redact(paras: list[tuple[str, str, list[int], list[bool]]]) -> tuple[bytes, dict[str, str], dict[str, str]]:
    """Return the output bytes, the expected text per segment and the output's text per segment."""
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp) / "doc.docx", paras)
        fmt = format_for(path)
        doc = fmt.read(path, settings=SETTINGS)
        registry = build_registry([doc], case=CASE, key=Key.new("WX"), is_word=simple_is_word)
        doc = Rewrite().run(Pseudonymise(assign_pseudonyms(registry)).run(Link(registry).run(doc)))
        expected = {}
        for seg in doc.segments:
            text = seg.text
            for edit in sorted((e for e in doc.edits if e.segment_id == seg.id), key=lambda e: e.start, reverse=True):
                text = text[: edit.start] + edit.replacement + text[edit.end :]
            expected[seg.id] = text
        out = Path(tmp) / "out.docx"
        with out.open("wb") as stream:
            fmt.write(doc, stream, settings=SETTINGS)
        written = {seg.id: seg.text for seg in fmt.read(out, settings=SETTINGS).segments}
        return out.read_bytes(), expected, written


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraphs(), min_size=1, max_size=6))
def test_no_planted_name_survives_in_any_hiding_place_or_run_split(paras: list[tuple[str, str, list[int], list[bool]]]) -> None:
    data, _, _ = redact(paras)
    names = {n for p in PEOPLE for n in (p.name, *p.aliases, *p.name.split())}
    matcher = SurfaceMatcher({n: n for n in names}, is_word=simple_is_word)
    assert not list(matcher.find(all_text(data)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraphs(), min_size=1, max_size=6))
def test_text_outside_the_edits_is_unchanged(paras: list[tuple[str, str, list[int], list[bool]]]) -> None:
    _, expected, written = redact(paras)
    assert written == expected
