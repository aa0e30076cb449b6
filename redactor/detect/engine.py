"""Detect: our Presidio recognizers and the pinned spaCy model's NER, run by one loop.

This is the only module that runs Presidio's recognizers. Their results become our ``Span`` here.
Nothing is downloaded: the loop gets our already-loaded spaCy pipeline and holds only the
recognizers we list (no default e-mail recognizer, so no tldextract).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from redactor.detect.gazetteer import is_first_name
from redactor.detect.nlp import is_base_verb, is_dictionary_word, is_inflected_verb, load_nlp
from redactor.detect.recognizers import recognizer_classes
from redactor.detect.recognizers.private_place import NAME as VENUE_RECOGNIZER
from redactor.document import ENTITY_LABELS, Document, Label, Span
from redactor.workers import Outcome, Pool, WorkerDied

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
NER_SCORE = 0.6
#: spaCy's context window is its own; longer texts are cut at whitespace into chunks this size.
CHUNK_CHARS = 10_000
BATCH_SIZE = 64
#: At most this many characters go through spaCy at once (memory grows with them).
BATCH_CHARS = 20_000
_DIGIT = re.compile(r"\d")
#: Detection work is sent to workers in shards of about this many characters.
SHARD_CHARS = 40_000


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
    """Our recognizers plus spaCy NER, fed in batches.

    Presidio's ``AnalyzerEngine.analyze`` is not used: for every paragraph it rebuilt the
    recognizer list, lemmatised every token into "keywords" for a context boost we switch off,
    and compared every result with every recognizer (about a tenth of detection time on
    transcripts). This loop does what it did for us, in its order: NER's entities mapped to our
    labels, then each recognizer's results, those under the threshold dropped, and Presidio's own
    ``remove_duplicates``.
    """

    def __init__(self, *, score_threshold: float) -> None:
        self._nlp = load_nlp()
        ner = SpacyRecognizer(supported_entities=sorted(set(_NER_MAPPING.values())))
        # The model's entities first, then ours, as Presidio's registry ordered them.
        self._all: tuple[EntityRecognizer, ...] = (ner, *(cls() for cls in recognizer_classes()))
        # A text without a digit skips the recognizers whose every match holds one (phone, NHS,
        # postcode, dates...): most paragraphs of a transcript.
        self._lean: tuple[EntityRecognizer, ...] = tuple(
            r for r in self._all if not getattr(type(r), "NEEDS_DIGIT", False)
        )
        self._entities = sorted({e for r in self._all for e in r.supported_entities})
        for recognizer in self._all:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
        self._threshold = score_threshold
        self.recognizer_names: tuple[str, ...] = tuple(sorted(str(getattr(r, "name", "")) for r in self._all))

    def find(self, texts: Sequence[str]) -> list[list[Found]]:
        """Return, for each text, its detections as ``(start, end, label, recognizer, score)``."""
        pieces = _pieces(texts)
        return _assemble(len(texts), pieces, self.find_chunks([chunk for _, _, chunk in pieces]))

    def find_chunks(self, chunks: Sequence[str]) -> list[list[Found]]:
        """Return the detections of each chunk (at most CHUNK_CHARS, not cut further).

        Chunks go through spaCy in batches of at most BATCH_SIZE chunks and BATCH_CHARS
        characters: spaCy's memory grows with the characters in a batch.
        """
        found: list[list[Found]] = []
        batch: list[str] = []
        size = 0
        for chunk in chunks:
            if batch and (len(batch) >= BATCH_SIZE or size + len(chunk) > BATCH_CHARS):
                found.extend(self._find_batch(batch))
                batch, size = [], 0
            batch.append(chunk)
            size += len(chunk)
        if batch:
            found.extend(self._find_batch(batch))
        return found

    def _find_batch(self, chunks: Sequence[str]) -> list[list[Found]]:
        found: list[list[Found]] = []
        for chunk, doc in zip(chunks, self._nlp.pipe(chunks, batch_size=BATCH_SIZE), strict=True):
            results = self._analyze(chunk, doc)
            found.append(
                [(r.start, r.end, Label(r.entity_type), _recognizer_name(r), float(r.score)) for r in results]
            )
        return found

    def _analyze(self, text: str, doc: Any) -> list[RecognizerResult]:
        """Every recognizer's results on one chunk, over the threshold, without duplicates."""
        ents = [e for e in doc.ents if e.label_ in _NER_MAPPING]
        for ent in ents:
            ent.label_ = _NER_MAPPING[ent.label_]
        artifacts = NlpArtifacts(
            entities=ents, tokens=doc, tokens_indices=[], lemmas=[], nlp_engine=None,
            language="en", scores=[NER_SCORE] * len(ents),
        )
        results: list[RecognizerResult] = []
        for recognizer in self._all if _DIGIT.search(text) else self._lean:
            current = recognizer.analyze(text=text, entities=self._entities, nlp_artifacts=artifacts)
            for result in current or ():
                metadata = result.recognition_metadata if result.recognition_metadata is not None else {}
                metadata.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, str(getattr(recognizer, "name", "")))
                metadata.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, recognizer.id)
                result.recognition_metadata = metadata
                if result.score >= self._threshold:
                    results.append(result)
        return EntityRecognizer.remove_duplicates(results)

    @property
    def threshold(self) -> float:
        """The score threshold this analyzer applies."""
        return self._threshold


#: One detection: ``(start, end, label, recognizer, score)``.
Found = tuple[int, int, Label, str, float]


def _pieces(texts: Sequence[str]) -> list[tuple[int, int, str]]:
    """Cut texts into ``(text index, offset, chunk)`` pieces; blank texts have none."""
    pieces: list[tuple[int, int, str]] = []
    for index, text in enumerate(texts):
        if text.strip():
            pieces.extend((index, offset, chunk) for offset, chunk in _chunks(text))
    return pieces


def _assemble(count: int, pieces: Sequence[tuple[int, int, str]], results: Sequence[list[Found]]) -> list[list[Found]]:
    """Put chunk results back on their texts, shifting offsets."""
    found: list[list[Found]] = [[] for _ in range(count)]
    for (index, offset, _), chunk_found in zip(pieces, results, strict=True):
        found[index].extend((offset + s, offset + e, label, name, score) for s, e, label, name, score in chunk_found)
    return found


def _find_shard(task: tuple[float, list[str]]) -> list[list[Found]]:
    """Worker entry point: detect in a shard of chunks with this process's analyzer."""
    threshold, chunks = task
    return shared_analyzer(threshold).find_chunks(chunks)


def _find_shard_and(per_text: Callable[[str], Any], task: tuple[float, list[str]]) -> tuple[list[list[Found]], list[Any]]:
    """Worker entry point: detect in a shard of chunks, and call ``per_text`` on each chunk."""
    return _find_shard(task), [per_text(chunk) for chunk in task[1]]


def _shards(pieces: Sequence[tuple[int, int, str]], parts: int) -> list[list[int]]:
    """Group consecutive piece indexes into about ``parts`` shards of similar size."""
    total = sum(len(chunk) for _, _, chunk in pieces)
    target = max(CHUNK_CHARS, total // max(1, parts))
    shards: list[list[int]] = [[]]
    size = 0
    for number, (_, _, chunk) in enumerate(pieces):
        if size >= target:
            shards.append([])
            size = 0
        shards[-1].append(number)
        size += len(chunk)
    return [shard for shard in shards if shard]


@functools.cache
def shared_analyzer(score_threshold: float) -> Analyzer:
    """Return one Analyzer per process and threshold (building one takes about a second)."""
    return Analyzer(score_threshold=score_threshold)


def _recognizer_name(result: Any) -> str:
    metadata = result.recognition_metadata or {}
    name = str(metadata.get("recognizer_name", "unknown"))
    return "spacy_ner" if name == "SpacyRecognizer" else name


#: A name broken over a line as a whole ("Siobhan\nMcGrath"): two capitalised words, the second
#: no ordinary heading word ("Ashcroft\nTranscribed" is a name and a heading).
_NAME_OVER_LINES = regex.compile(r"\p{Lu}[\p{L}'’-]+[ \t]*\r?\n[ \t]*(?P<second>\p{Lu}[\p{Ll}'’-]*\p{Lu}?[\p{Ll}'’-]+)")
#: The end of a sentence inside a name span: a word of two letters or more (not a title or an
#: abbreviation such as "St." or "Dr.") followed by a full stop, "?" or "!" and a space.
_SENTENCE_END = regex.compile(
    r"(?<=[^\W\d_]{2})(?<!\b(?:Mr|Mrs|Ms|Mx|Dr|St|Jr|Sr|Rev|Prof|Sgt|Insp|Supt|Cllr|Col|Capt|Lt|Hon))[.?!]\s+(?=\S)"
)


#: A sentence's end and the pronoun or joining word that opens the next one: never inside a name.
_SENTENCE_OPENER = regex.compile(r"[.?!][ ]+(?:It|He|She|They|We|You|That|This|There|So|And|But|Then)(?:['’]s)?(?!\p{L})")
#: The lower-case particles of names: "de Souza", "van der Berg", "ap Dafydd".
_PARTICLES = frozenset("de da do dos das del della di du le la van von der den ter bin ibn al el ap ab ben".split())
#: Lower-case words opening a name span before a capitalised word, not a name's particle.
_LOWER_LEAD = regex.compile(
    r"(?:(?!(?:" + "|".join(sorted(_PARTICLES)) + r")[ ])\p{Ll}+[ ]+)+(?=\p{Lu})"
)
_THE = regex.compile(r"(?:the|The)[ ]+[\"“‘']?(?=\p{Lu})")
#: A lower-case word between two capitalised ones inside a name span: "Julie rang Dr".
_INNER_LOWER = regex.compile(r"(?<=\p{L})[ ]+(\p{Ll}+)[ ]+(?=\p{Lu})")
#: A capitalised word opening a name span before another: "Tell Kayls", "Give Gaz".
_VERB_LEAD = regex.compile(r"(\p{Lu}\p{Ll}+)[ ]+(?=\p{Lu})")


def _opens_sentence(text: str, start: int) -> bool:
    """Say whether ``start`` opens a sentence, a line or a turn (quotes before it aside)."""
    before = text[max(0, start - 40) : start].rstrip(" \t")
    if before[-1:] in ('"', "“", "‘", "'"):
        return True  # a quotation opens: 'and he said, "Tell Kayls..."'
    return not before or before[-1] in ".!?:\n"


#: A capital letter and a full stop opening a name span, after words that spell a letter out.
_LETTER_SPELLED = regex.compile(r"\p{Lu}\.[ ]+(?=\p{Lu})")
_SPELLING_BEFORE = regex.compile(r"(?i:\b(?:one|two|double|with|capital|small)[ ])$")


def _trim(text: str, start: int, end: int, label: Label, recognizer: str = "") -> tuple[int, int]:
    """Keep a name span to the name: no possessive, no trailing punctuation, one line only.

    The possessive stays outside so that "Jane's" becomes "WX's"; spaCy sometimes runs a name
    into the next line's first word ("Ashcroft\nTranscribed"). A venue keeps its "'s": it is
    the venue's name ("Dot's, the café" becomes "Organisation 5, the café").
    """
    if label not in ENTITY_LABELS:
        return start, end
    piece = text[start:end]
    over_lines = _NAME_OVER_LINES.fullmatch(piece.strip()) if label is Label.PERSON else None
    if "\n" in piece.strip() and not (over_lines and not is_dictionary_word(over_lines.group("second"))):
        piece = piece.strip().split("\n", 1)[0]
        start = text.index(piece, start)
        end = start + len(piece)
    if (opener := _SENTENCE_OPENER.search(text, start, end)) is not None:
        end = opener.start() + 1  # "N I A M H. It's": the model ran a name into the next sentence
    if "|" in text[start:end]:  # "Ken | Husband": the model ran a name into the next cell of a table
        piece = text[start:end].split("|", 1)[0].rstrip()
        end = start + len(piece)
    if (dash := _SPACED_DASH.search(text, start, end)) is not None and label in (Label.PERSON, Label.ORGANIZATION):
        # The model ran over a spaced dash from a lower-case word: "van - Norman" is Norman. A
        # capitalised part before a dash stays with what follows ("Mouse - Michael Mousley", a
        # nickname and the name it stands for; "the Priory - Priory Angling Club").
        if not any(ch.isupper() for ch in text[start : dash.start()]):
            start = dash.end()
    if "(" in text[start:end] and ")" not in text[start:end]:  # "Supervisor (G.L.": over a bracket's start
        piece = text[start:end].split("(", 1)[0].rstrip()
        end = start + len(piece)
    if label is not Label.PERSON and (the := _THE.match(text, start, end)) is not None:
        start = the.end()  # "the Lambeth Civic Centre": the name is what follows "the" (linking puts it back)
    if label is Label.PERSON and (lead := _LOWER_LEAD.match(text, start, end)) is not None:
        start = lead.end()  # "rang Dani": the model took the verb before a name into it
    if (
        label is Label.PERSON and recognizer == "spacy_ner" and (verb := _VERB_LEAD.match(text, start, end)) is not None
        and (is_base_verb(verb.group(1)) or is_inflected_verb(verb.group(1))) and not is_first_name(verb.group(1))
        and _opens_sentence(text, start)
    ):
        start = verb.end()  # "Tell Kayls I said hi", "Addressed Mrs M. Curnow": the model took a verb into the name
    if label is Label.PERSON and recognizer == "spacy_ner":
        for inner in _INNER_LOWER.finditer(text, start, end):
            word = inner.group(1)
            if word not in _PARTICLES and (is_inflected_verb(word) or is_base_verb(word)):
                end = inner.start()  # "Julie rang Dr", "Jo meet Gavin": a name, a verb, the next name
                break
    letter = _LETTER_SPELLED.match(text, start, end) if label is Label.PERSON else None
    if letter is not None and _SPELLING_BEFORE.search(text, 0, start):
        start = letter.end()  # "with one L. Jo rang": the letter is spelled, Jo is the name
    if label is Label.PERSON:
        # "Bishop. I'll": the model ran a name over the end of its sentence.
        stop = _SENTENCE_END.search(text, start, end)
        if stop is not None and stop.start() > start:
            left = text[start : stop.start()].split()
            if all(w.isupper() or w.islower() for w in left) and stop.end() < end:
                start = stop.end()  # "PCSO. Rhys Pugh": the name is after the stop
            else:
                end = stop.start()  # "Bishop. I'll"
    elif recognizer == "spacy_ner" and (stop := _SENTENCE_END.search(text, start, end)) is not None and stop.start() > start:
        # "with Gaz. Northern Tube.": the model ran a place or a firm over a sentence's end.
        if len(text[start : stop.start()].split()) == 1:
            start = stop.end()
        else:
            end = stop.start()
    while end > start and text[end - 1] in " \t\r\n.,;:!?)(\"":
        end -= 1
    while start < end and text[start] in " \t\r\n(\"":
        start += 1
    if label is not Label.PERSON and (_SAINTS.match(text, start, end) or recognizer == VENUE_RECOGNIZER):
        return start, end  # "St Mary's": the church's name, not a possessive
    for suffix in ("'s", "’s", "'", "’"):
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            end -= len(suffix)
            break
    return start, end


#: A dash with spaces around it, between two parts of a line ("Safer Cornwall - Domestic Homicide Review").
_SPACED_DASH = regex.compile(r"[ ]+[-–—][ ]+")


#: A place named after a saint keeps its "'s": "St Mary's", "St. Clement's", "Saint Anne's".
_SAINTS = regex.compile(r"(?i:st\.?|saint)[ ]+\p{Lu}[\p{L}-]*['’]s$")


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
        return [self._with_spans(doc, [next(found) for _ in doc.segments]) for doc in docs]

    def run_parallel(
        self,
        docs: Sequence[Document],
        pool: Pool,
        *,
        on_doc: Callable[[int, Outcome[Document]], None] | None = None,
        per_text: tuple[Callable[[str], Any], Callable[[str, Any], None]] | None = None,
    ) -> list[Outcome[Document]]:
        """Detect spans in many documents, sharded over the pool's workers.

        Documents are cut into chunks and the chunks grouped into shards, so one long report
        uses every worker too. A document whose shard failed (a worker died) comes back as an
        error; the others are unaffected. ``on_doc(i, outcome)`` is called as soon as document
        ``i`` is complete, while the workers go on with the others.

        ``per_text = (work, take)``: the workers also call ``work(text)`` on every segment text
        of at most one chunk, and ``take(text, result)`` receives each result here before its
        document's ``on_doc``, so that a later stage need not do that work again in this process
        (the keep stage's scan for kept names: one long report's would otherwise run alone
        after the workers finish). ``work`` reaches the workers by fork, not by pickle.
        """
        texts = [seg.text for doc in docs for seg in doc.segments]
        owner = [i for i, doc in enumerate(docs) for _ in doc.segments]
        first_text = [0] * len(docs)
        for number in range(len(texts) - 1, -1, -1):
            first_text[owner[number]] = number
        pieces = _pieces(texts)
        by_doc: dict[int, list[int]] = {}
        for number, (text_index, _, _) in enumerate(pieces):
            by_doc.setdefault(owner[text_index], []).append(number)
        total = sum(len(chunk) for _, _, chunk in pieces)
        # Small shards (about 40,000 characters, a few seconds of work) keep every worker busy
        # to the end; one shard per worker would leave one idle while the other finishes.
        shards = _shards(pieces, max(pool.workers * 4, total // SHARD_CHARS))
        waiting = Counter(owner[pieces[n][0]] for shard in shards for n in shard)
        chunk_results: list[list[Found]] = [[] for _ in pieces]
        failed: dict[int, BaseException] = {}
        out: list[Outcome[Document]] = [Outcome() for _ in docs]

        def finish(index: int) -> None:
            doc = docs[index]
            if index in failed:
                out[index] = Outcome(error=failed[index])
            else:
                numbers = by_doc.get(index, [])
                local = [(pieces[n][0] - first_text[index], pieces[n][1], pieces[n][2]) for n in numbers]
                found = _assemble(len(doc.segments), local, [chunk_results[n] for n in numbers])
                out[index] = Outcome(value=self._with_spans(doc, found))
            if on_doc is not None:
                on_doc(index, out[index])

        for index in range(len(docs)):
            if not waiting[index]:
                finish(index)  # nothing to analyse (blank document)

        def shard_done(shard_index: int, outcome: Outcome[Any]) -> None:
            shard = shards[shard_index]
            value = outcome.value
            if per_text is not None and value is not None:
                value, extra = value
                for n, result in zip(shard, extra, strict=True):
                    text_index, offset, chunk = pieces[n]
                    if offset == 0 and len(chunk) == len(texts[text_index]):  # the whole text: one chunk
                        per_text[1](chunk, result)
            for n, result in zip(shard, value or [[] for _ in shard], strict=True):
                chunk_results[n] = result
                if outcome.error is not None:
                    failed.setdefault(owner[pieces[n][0]], outcome.error)
            for n in shard:
                doc_index = owner[pieces[n][0]]
                waiting[doc_index] -= 1
                if waiting[doc_index] == 0:
                    finish(doc_index)

        tasks = [(self._analyzer.threshold, [pieces[n][2] for n in shard]) for shard in shards]
        if per_text is None:
            pool.map(_find_shard, tasks, on_done=shard_done)
        else:
            pool.map_shared(_find_shard_and, per_text[0], tasks, on_done=shard_done)
        for index in range(len(docs)):
            if waiting[index] > 0:  # its shards were never run: the pool broke first
                failed.setdefault(index, WorkerDied())
                waiting[index] = 0
                finish(index)
        return out

    @staticmethod
    def _with_spans(doc: Document, found: Sequence[list[Found]]) -> Document:
        spans: list[Span] = list(doc.spans)
        for seg, seg_found in zip(doc.segments, found, strict=True):
            for start, end, label, recognizer, score in seg_found:
                start, end = _trim(seg.text, start, end, label, recognizer)
                if end > start:
                    spans.append(Span(seg.id, start, end, label, recognizer, score))
        return dataclasses.replace(doc, spans=tuple(spans))
