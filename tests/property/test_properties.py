"""Property tests: planted case-file identifiers never survive; text outside spans is unchanged."""

from __future__ import annotations

import dataclasses
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.casefile import Case, CasePerson
from redactor.document import Document
from redactor.formats import format_for
from redactor.keyfile import Key
from redactor.link import Link, build_registry
from redactor.pseudonymise import Pseudonymise, assign_pseudonyms
from redactor.rewrite import Rewrite
from redactor.settings import FormatSettings
from redactor.surfaces import SurfaceMatcher
from tests.conftest import simple_is_word

PEOPLE = (
    CasePerson("Ilona Katarzyna Kowalczyk", aliases=("Ilka",), pseudonym="WX"),
    CasePerson("Kieran Ashcroft", aliases=("Kez",), pseudonym="YZ"),
    CasePerson("Agnieszka Brzezińska", pseudonym="Adult C"),
)
CASE = Case(name="WX", people=PEOPLE)
FORMS = ["Ilona Katarzyna Kowalczyk", "Ilona", "Kowalczyk", "KOWALCZYK", "ilka", "Kieran", "Ashcroft",
         "Kez", "Agnieszka Brzezińska", "Brzezińska", "Mrs Kowalczyk", "Ashcroft, Kieran"]
FILLER = st.sampled_from(["the panel", "said", "and", "on 3 May", "Hestia", "the GP", "rose", "will", "\n", ".", ","])
SETTINGS = FormatSettings()


@st.composite
def documents(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.one_of(st.sampled_from(FORMS), FILLER), min_size=1, max_size=30))
    paragraphs = draw(st.integers(1, 3))
    text = "Start. " + " ".join(words)
    chunk = max(1, len(text) // paragraphs)
    return "\n\n".join(text[i : i + chunk] for i in range(0, len(text), chunk))


def redact_text(text: str) -> tuple[str, Document]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        fmt = format_for(path)
        doc = fmt.read(path, settings=SETTINGS)
        registry = build_registry([doc], case=CASE, key=Key.new("WX"), is_word=simple_is_word)
        doc = Link(registry).run(doc)
        doc = Pseudonymise(assign_pseudonyms(registry)).run(doc)
        doc = Rewrite().run(doc)
        stream = io.BytesIO()
        fmt.write(doc, stream, settings=SETTINGS)
        return stream.getvalue().decode("utf-8"), doc


@settings(max_examples=150, deadline=None)
@given(documents())
def test_no_planted_identifier_survives(text: str) -> None:
    out, _ = redact_text(text)
    names = {n for p in PEOPLE for n in (p.name, *p.aliases, *p.name.split())}
    matcher = SurfaceMatcher({n: n for n in names}, is_word=simple_is_word)
    assert not list(matcher.find(out))


@settings(max_examples=150, deadline=None)
@given(documents())
def test_text_outside_spans_is_unchanged(text: str) -> None:
    out, doc = redact_text(text)
    # Apply the edits to the input independently of the format: the output must be exactly that.
    offsets = {}
    pos = 0
    for seg in doc.segments:
        pos = text.index(seg.text, pos)
        offsets[seg.id] = pos
        pos += len(seg.text)
    pieces, cursor = [], 0
    for edit in sorted(doc.edits, key=lambda e: offsets[e.segment_id] + e.start):
        start = offsets[edit.segment_id] + edit.start
        pieces.append(text[cursor:start])
        pieces.append(edit.replacement)
        cursor = offsets[edit.segment_id] + edit.end
    pieces.append(text[cursor:])
    assert out == "".join(pieces)


@settings(max_examples=60, deadline=None)
@given(documents())
def test_pseudonymisation_is_deterministic(text: str) -> None:
    assert redact_text(text)[0] == redact_text(text)[0]


def test_identity_without_identifiers() -> None:
    out, doc = redact_text("Nothing identifying here.\n\nAt all.")
    assert out == "Nothing identifying here.\n\nAt all." and doc.edits == ()


def test_document_is_immutable() -> None:
    _, doc = redact_text("Ilona said.")
    try:
        doc.spans = ()  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        return
    raise AssertionError("Document must be frozen")
