"""Detect: one Presidio AnalyzerEngine, built explicitly on the pinned spaCy model.

This is the only module that imports Presidio. Its objects become our ``Span`` here. The engine
never downloads anything: the NLP engine gets our already-loaded spaCy pipeline, the registry
holds only the recognizers we list (no default e-mail recognizer, so no tldextract).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Iterator, Sequence
from typing import Any

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from redactor.detect.nlp import MODEL_NAME, load_nlp
from redactor.detect.recognizers import recognizer_classes
from redactor.document import Document, Label, Span

# Presidio logs at INFO about every recognizer it loads; keep our output clean.
logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)

#: spaCy labels we use, mapped to our labels. Dates, numbers, NORP etc. are ignored: dates of
#: birth and phone numbers come from our own validated recognizers (a phone number must never
#: become a date).
_NER_MAPPING = {
    "PERSON": Label.PERSON.value,
    "GPE": Label.LOCATION.value,
    "LOC": Label.LOCATION.value,
    "FAC": Label.LOCATION.value,
    "ORG": Label.ORGANIZATION.value,
}
_NER_IGNORE = (
    "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "NORP",
    "EVENT", "LAW", "LANGUAGE", "PRODUCT", "WORK_OF_ART",
)  # fmt: skip
NER_SCORE = 0.6
#: spaCy's context window is its own; longer texts are cut at whitespace into chunks this size.
CHUNK_CHARS = 20_000
BATCH_SIZE = 64


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, chunk)`` pieces of at most CHUNK_CHARS, cut at a line break or space."""
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            if cut <= start:
                cut = text.rfind(" ", start, end)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


class Analyzer:
    """Presidio AnalyzerEngine with our recognizers plus spaCy NER, fed in batches."""

    def __init__(self, *, score_threshold: float) -> None:
        config = NerModelConfiguration(
            model_to_presidio_entity_mapping=dict(_NER_MAPPING),
            labels_to_ignore=list(_NER_IGNORE),
            low_score_entity_names=[],
            default_score=NER_SCORE,
        )
        nlp_engine = SpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": MODEL_NAME}],
            ner_model_configuration=config,
        )
        # Hand over the loaded pipeline instead of nlp_engine.load(), which would download a
        # model that is not installed.
        nlp_engine.nlp = {"en": load_nlp()}  # type: ignore[assignment]
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.add_recognizer(
            SpacyRecognizer(supported_entities=sorted(set(_NER_MAPPING.values())))
        )
        for cls in recognizer_classes():
            registry.add_recognizer(cls())
        self._engine = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=["en"]
        )
        self._nlp_engine = nlp_engine
        self._threshold = score_threshold
        self.recognizer_names: tuple[str, ...] = tuple(sorted(str(getattr(r, "name", "")) for r in registry.recognizers))

    def find(self, texts: Sequence[str]) -> list[list[tuple[int, int, Label, str, float]]]:
        """Return, for each text, its detections as ``(start, end, label, recognizer, score)``."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, chunk)
        for index, text in enumerate(texts):
            if text.strip():
                pieces.extend((index, offset, chunk) for offset, chunk in _chunks(text))
        found: list[list[tuple[int, int, Label, str, float]]] = [[] for _ in texts]
        artifacts = self._nlp_engine.process_batch(
            [chunk for _, _, chunk in pieces], language="en", batch_size=BATCH_SIZE
        )
        for (index, offset, chunk), output in zip(pieces, artifacts, strict=True):
            nlp_artifacts = output[1]
            results = self._engine.analyze(
                chunk,
                language="en",
                nlp_artifacts=nlp_artifacts,
                score_threshold=self._threshold,
            )
            for result in results:
                name = _recognizer_name(result)
                found[index].append(
                    (offset + result.start, offset + result.end, Label(result.entity_type), name, float(result.score))
                )
        return found


@functools.cache
def shared_analyzer(score_threshold: float) -> Analyzer:
    """Return one Analyzer per process and threshold (building one takes about a second)."""
    return Analyzer(score_threshold=score_threshold)


def _recognizer_name(result: Any) -> str:
    metadata = result.recognition_metadata or {}
    name = str(metadata.get("recognizer_name", "unknown"))
    return "spacy_ner" if name == "SpacyRecognizer" else name


_ENTITY_LABELS = frozenset({Label.PERSON, Label.LOCATION, Label.ORGANIZATION})


def _trim(text: str, start: int, end: int, label: Label) -> tuple[int, int]:
    """Keep a name span to the name: no possessive, no trailing punctuation, one line only.

    The possessive stays outside so that "Jane's" becomes "WX's"; spaCy sometimes runs a name
    into the next line's first word ("Ashcroft\nTranscribed").
    """
    if label not in _ENTITY_LABELS:
        return start, end
    piece = text[start:end]
    if "\n" in piece.strip():
        piece = piece.strip().split("\n", 1)[0]
        start = text.index(piece, start)
        end = start + len(piece)
    while end > start and text[end - 1] in " \t\r\n.,;:!?)(\"":
        end -= 1
    while start < end and text[start] in " \t\r\n(\"":
        start += 1
    for suffix in ("'s", "’s", "'", "’"):
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            end -= len(suffix)
            break
    return start, end


class Detect:
    """Stage: add every span the analyzer finds to each document (batched over documents)."""

    name = "detect"

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer

    def run(self, doc: Document) -> Document:
        """Detect spans in one document."""
        return self.run_many([doc])[0]

    def run_many(self, docs: Sequence[Document]) -> list[Document]:
        """Detect spans in many documents with one batched pass through spaCy."""
        texts = [seg.text for doc in docs for seg in doc.segments]
        found = iter(self._analyzer.find(texts))
        out: list[Document] = []
        for doc in docs:
            spans: list[Span] = list(doc.spans)
            for seg in doc.segments:
                for start, end, label, recognizer, score in next(found):
                    start, end = _trim(seg.text, start, end, label)
                    if end > start:
                        spans.append(Span(seg.id, start, end, label, recognizer, score))
            out.append(dataclasses.replace(doc, spans=tuple(spans)))
        return out
