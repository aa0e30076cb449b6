"""Verify: scan written outputs for any known identifier and for fresh detections.

Known identifiers are every name, alias and identifier in the case file and the key; they are
matched with the same rules as linking (``surfaces.py``), distinctive names even inside longer
tokens ("kowalczyk85"). Fresh detections are what
the detectors find in the output that is not a pseudonym or a placeholder.
Findings carry the kind and a keyed hash, never the text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from redactor.audit import AUDIT_NAME
from redactor.casefile import Case
from redactor.document import PLACEHOLDERS, Document, Label
from redactor.errors import InputError, LeakFound
from redactor.formats import Format, format_for, supported_suffixes
from redactor.intervals import Intervals
from redactor.keyfile import Key
from redactor.names import is_searched_for, person_variants
from redactor.policy import KeepByPolicy
from redactor.settings import FormatSettings
from redactor.statement import STATEMENT_NAME
from redactor.surfaces import SurfaceMatcher, is_lower_case_word, names_word_business
from redactor.text import file_name_words
from redactor.where import describe

if TYPE_CHECKING:
    from redactor.context import CaseContext
    from redactor.detect.engine import Analyzer

WordTest = Callable[[str], bool]


@dataclasses.dataclass(frozen=True, slots=True)
class Finding:
    """Something identifying found in an output.

    ``location`` says where in words a person looks ("paragraph 12", "table 2, row 3, column 1",
    "document properties: keywords"); ``segment`` is the same place for machines: the segment
    id or scanned location and the character offset ("word/document.xml/p/58:12").
    """

    document: str
    location: str
    kind: str
    source: str  # "known" (case file or key) or a detector name
    hash: str
    segment: str = ""
    excerpt: str = ""  # only with ``verify --show``: the words around it, for the terminal, never a file


class Replacements:
    """The pseudonyms and placeholders redactor writes: text inside them is ours, not a leak."""

    def __init__(self, pseudonyms: Iterable[str]) -> None:
        pseudonyms = {p for p in pseudonyms if p}
        tokens = sorted({*pseudonyms, *(p.upper() for p in pseudonyms), *PLACEHOLDERS.values()}, key=len, reverse=True)
        alternation = "|".join(re.escape(t) for t in tokens)
        self._exact = re.compile(alternation)
        self._folded = re.compile(alternation, re.IGNORECASE)

    def regions(self, text: str) -> list[tuple[int, int]]:
        """Return where our own replacements stand in ``text`` (as written)."""
        return [(m.start(), m.end()) for m in self._exact.finditer(text)]

    def covers(self, text: str) -> bool:
        """Say whether a detected text is only our replacements ("Person A's", "[address]")."""
        rest = self._exact.sub(" ", text)
        return not re.sub(r"['’]s\b", "", rest).strip(" \t\r\n.,;:'’()[]-")

    def touches(self, text: str, start: int, end: int) -> bool:
        """Say whether ``text[start:end]`` overlaps one of our replacements, in any case."""
        return any(m.start() < end and start < m.end() for m in self._folded.finditer(text))


class KnownScanner:
    """Find known identifiers in text.

    Every known identifier is looked for in the document's text (its segments, which is what
    redactor rewrites); the precise ones (case file, key patterns) also everywhere else in the
    file (see ``scan_precise``).
    """

    def __init__(
        self,
        known: Mapping[str, Label],
        *,
        key: Key,
        is_word: WordTest,
        precise: Iterable[str] = (),
        protected: Callable[[str], list[tuple[int, int]]] = lambda _text: [],
        replacements: Replacements | None = None,
    ) -> None:
        """Build the scanner.

        Args:
            known: every identifier text known for the case, with its kind.
            key: the case key (for keyed hashes).
            is_word: the dictionary test used for case-sensitive matching.
            precise: the identifiers known for certain (case file, key patterns).
            protected: returns the regions of a text that name kept public bodies; a guessed
                name inside one is not a finding (linking does not replace it there either).
            replacements: the pseudonyms and placeholders written by redactor; a hit inside one
                of them ("DU" in "Person DU") is our own text, not a leak.
        """
        self._protected = protected
        self._ours = replacements or Replacements(())
        # Linking looks for no ordinary lower-case word elsewhere ("welfare"): nor does verification.
        self._kinds = {text: label for text, label in known.items() if not is_lower_case_word(text, is_word)}
        self._matcher = SurfaceMatcher({t: t for t in self._kinds}, is_word=is_word)
        precise_set = {t for t in precise if t in self._kinds}
        self._precise_set = frozenset(precise_set)
        self._precise = SurfaceMatcher({t: t for t in precise_set}, is_word=is_word)
        self._key = key
        self._is_word = is_word


    def scan_precise(self, text: str) -> list[tuple[int, int, Label, str]]:
        """Find only the identifiers known for certain (case file, key patterns).

        Used on every place of a package (attributes, part names, metadata): a model guess such
        as an organisation called "Microsoft" must not fail a run over a theme font name.
        """
        return [(s, e, self._kinds[ref], self._key.keyed_hash(text[s:e])) for s, e, ref in self._precise.find(text)]

    def _word_name_elsewhere(self, text: str, start: int, end: int) -> bool:
        """Say whether a one-word name that is an ordinary word (a business's, a short form of a
        person's) stands where it names no one (``surfaces.names_word_business``)."""
        name = text[start:end]
        return " " not in name and self._is_word(name) and not names_word_business(text, start, end)

    def scan(self, text: str) -> list[tuple[int, int, Label, str]]:
        """Return ``(start, end, kind, keyed hash)`` of every known identifier in ``text``."""
        hits: dict[tuple[int, int], tuple[Label, str]] = {}
        found = list(self._matcher.find(text))
        if not found:
            return []
        regions = Intervals(self._protected(text))
        ours = Intervals(self._ours.regions(text))
        for start, end, ref in found:
            if ref not in self._precise_set and regions.covers(start, end):
                continue
            if ours.covers(start, end):
                continue
            if self._kinds[ref] in _WORD_NAMED and self._word_name_elsewhere(text, start, end):
                # "Prime Minister", "Cliff edges...": linking does not take an ordinary word for Prime
                # Staffing or for Clifford's short name there either.
                continue
            hits[(start, end)] = (self._kinds[ref], self._key.keyed_hash(text[start:end]))
        return [(s, e, kind, h) for (s, e), (kind, h) in sorted(hits.items())]


#: Kinds whose one-word names that are ordinary words stand as names only inside a sentence.
_WORD_NAMED = frozenset({Label.ORGANIZATION, Label.PERSON})


def findings_for(
    document: str, location: str, hits: Iterable[tuple[int, int, Label, str]], source: str,
    *, where: Callable[[int], str] | None = None,
) -> list[Finding]:
    """Turn scanner hits into findings for one place in one document.

    Args:
        location: the segment id or scanned location (kept in ``Finding.segment``).
        where: says where a hit at an offset is, in words; by default, from ``location`` alone.
    """
    say = where if where is not None else (lambda _offset: describe(location))
    return [Finding(document, say(s), kind.value, source, h[:12], f"{location}:{s}") for s, _e, kind, h in hits]


def where_in(doc: Document, location: str, text: str) -> Callable[[int], str]:
    """Return what says where a hit in ``text`` (scanned at ``location`` of ``doc``) is, in words.

    The whole text of a plain-text file is one location ("text"): a hit there is named by its line.
    """
    if location == "text":
        return lambda offset: f"line {text.count(chr(10), 0, offset) + 1}"
    return lambda offset: doc.where(location, offset=offset)


def output_files(out_dir: Path, suffixes: Iterable[str]) -> list[Path]:
    """Return the redacted outputs in ``out_dir`` (not the audit log), sorted."""
    wanted = {s.lower() for s in suffixes}
    return sorted(
        p for p in out_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in wanted and not p.name.startswith(".")
    )


@dataclasses.dataclass(frozen=True, slots=True)
class VerifyResult:
    """What verification found."""

    files: int
    findings: tuple[Finding, ...]


_LOOSE_KINDS = frozenset({Label.SOCIAL_MEDIA_HANDLE, Label.POLICE_REFERENCE})


def precise_surfaces(case: Case | None, key: Key) -> set[str]:
    """Return the identifiers known for certain: the case file's, and the key's patterns."""
    precise: set[str] = set()
    if case is not None:
        for person in case.people:
            precise |= person_variants(person.name, person.aliases)
        precise |= set(case.redact_terms)
    for entity in key.entities:
        if entity.source == "case file":
            precise |= set(entity.names)
    # Identifiers from looser heuristics (handles, reference tokens) are checked in text only.
    precise |= {i.text for i in key.identifiers if i.label not in _LOOSE_KINDS}
    return precise


def known_surfaces(case: Case | None, key: Key) -> dict[str, Label]:
    """Return every identifier text the case file and key know, with its kind."""
    known: dict[str, Label] = {}
    if case is not None:
        for person in case.people:
            for name in person_variants(person.name, person.aliases):
                known.setdefault(name, Label.PERSON)
        for term in case.redact_terms:
            known.setdefault(term, Label.CUSTOM)
    for text, label in key.all_surfaces():
        known.setdefault(text, label)
    keep = {t.casefold() for t in (case.keep_terms if case else ())}
    return {t: k for t, k in known.items() if t.casefold() not in keep and is_searched_for(t)}


def check_written(
    path: Path, fmt: Format, *, scanner: KnownScanner, allowed: frozenset[str], formats: FormatSettings
) -> None:
    """Read a just-written output back and raise if it still holds a known identifier.

    Args:
        allowed: texts the officer keeps in this document (casefolded).

    Raises:
        LeakFound: naming the places (in words, then their segment ids), never the text.
    """
    written = fmt.read(path, settings=formats)

    def leaked(text: str, hits: list[tuple[int, int, Label, str]]) -> int | None:
        return next((s for s, e, _kind, _hash in hits if text[s:e].casefold() not in allowed), None)

    leaks: list[tuple[str, str]] = []
    for seg in written.segments:
        if (offset := leaked(seg.text, scanner.scan(seg.text))) is not None:
            leaks.append((written.where(seg.id, offset=offset), seg.id))
    for loc, text in fmt.texts(path):
        if (offset := leaked(text, scanner.scan_precise(text))) is not None:
            leaks.append((where_in(written, loc, text)(offset), loc))
    if leaks:
        words = ", ".join(dict.fromkeys(w for w, _ in leaks[:3]))
        ids = ", ".join(i for _, i in leaks[:3])
        raise LeakFound(
            f"verification found {len(leaks)} place(s) still holding a known identifier "
            f"({words}; segments {ids}); it was not published. Please report this."
        )


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    """Return the words around ``text[start:end]``, the found text marked with [[ ]] (for the
    officer's terminal only: it holds identifier text)."""
    before = " ".join(text[max(0, start - width) : start].split())
    after = " ".join(text[end : end + width].split())
    return f"...{before} [[{text[start:end]}]] {after}..."


def officer_kept(out_dir: Path, context: CaseContext) -> dict[str, frozenset[str]]:
    """Return, by published document name, the texts the officer keeps as written there (casefolded):
    their mention decisions name a document as given (matched through the audit log's keyed input
    ids) or as published."""
    from redactor.audit import readable_records

    decisions = context.decisions
    if decisions is None or not decisions.mentions:
        return {}
    published: dict[str, str] = {}  # keyed input id -> published name, latest run last
    for record in readable_records(out_dir):
        if record.get("type") == "run":
            for entry in record.get("documents", []):
                if isinstance(entry, dict) and entry.get("input") and entry.get("document"):
                    published[str(entry["input"])] = str(entry["document"])
    kept: dict[str, set[str]] = {}
    for mention in decisions.mentions:
        if mention.decision != "reject":
            continue
        name = published.get(context.key.keyed_hash("input:" + mention.document), mention.document)
        kept.setdefault(name, set()).add(mention.text.casefold())
    return {name: frozenset(texts) for name, texts in kept.items()}


def verify_folder(out_dir: Path, context: CaseContext, analyzer: Analyzer, *, show: bool = False) -> VerifyResult:
    """Scan every output in ``out_dir`` for known identifiers and fresh detections, with the
    case's decisions, policy and keep rules applied as ``redact`` applies them.

    With ``show``, each finding carries the words around it (for the terminal only).

    Raises:
        InputError: ``out_dir`` is not a folder, or holds no redacted document.
    """
    from redactor.detect.engine import Detect
    from redactor.detect.nlp import is_dictionary_word
    from redactor.detect.relabel import Relabel
    from redactor.pdf import pdf_findings, squeezed
    from redactor.pipeline import run_stage

    if not out_dir.is_dir():
        raise InputError(f"{out_dir}: not a folder; give the folder that redact wrote.")
    files = [
        p for p in output_files(out_dir, supported_suffixes())
        if p.name != AUDIT_NAME and not (p.parent == out_dir and p.stem == STATEMENT_NAME)
    ]
    if not files:
        raise InputError(f"{out_dir}: holds no redacted documents to verify; give the folder that redact wrote.")
    read = {path: format_for(path).read(path, settings=context.settings.formats) for path in files}
    # A folder written without a case area keeps the area the documents name (it stays as written).
    context = context.with_area_from(seg.text for doc in read.values() for seg in doc.segments)
    scanner = context.scanner()
    ours = Replacements(context.pseudonyms())
    kept_by_officer = officer_kept(out_dir, context)
    findings: list[Finding] = []
    pdf_files = 0
    docs: list[tuple[str, Document]] = []

    def found(
        rel: str, location: str, text: str, hits: list[tuple[int, int, Label, str]], source: str, where: Callable[[int], str]
    ) -> None:
        allowed = kept_by_officer.get(rel, frozenset())
        hits = [h for h in hits if text[h[0] : h[1]].casefold() not in allowed]
        said = findings_for(rel, location, hits, source, where=where)
        for finding, (start, end, _kind, _hash) in zip(said, hits, strict=True):
            findings.append(dataclasses.replace(finding, excerpt=excerpt(text, start, end)) if show else finding)

    for path in files:
        rel = path.relative_to(out_dir).as_posix()
        fmt = format_for(path)
        name_words = file_name_words(path.stem)
        if scanner.scan(name_words):
            findings.append(Finding(rel, "file name", "PERSON", "known", "", "file name", name_words if show else ""))
        doc = read[path]
        for seg in doc.segments:
            found(rel, seg.id, seg.text, scanner.scan(seg.text), "known", where_in(doc, seg.id, seg.text))
        for location, text in fmt.texts(path):
            found(rel, location, text, scanner.scan_precise(text), "known", where_in(doc, location, text))
        docs.append((rel, doc))
    for path in sorted(out_dir.rglob("*.pdf")):
        if path.name.startswith("."):
            continue
        rel = path.relative_to(out_dir).as_posix()
        stem = path.with_suffix("").relative_to(out_dir).as_posix()
        allowed = frozenset().union(*(t for name, t in kept_by_officer.items() if Path(name).with_suffix("").as_posix() == stem))
        same = [d for p, d in read.items() if p.with_suffix("").relative_to(out_dir).as_posix() == stem]
        verified = squeezed(" ".join(seg.text for d in same for seg in d.segments))
        try:
            hits = pdf_findings(path, scanner, allowed, verified_text=verified)
        except Exception:  # noqa: BLE001 - a PDF that cannot be read back is a finding itself
            hits = [("the whole file", "unreadable", "", "")]
        findings.extend(
            Finding(rel, place, kind, "known", digest, place, words if show else "") for place, kind, digest, words in hits
        )
        pdf_files += 1
    detected = run_stage("detect", lambda: Detect(analyzer).run_many([d for _, d in docs]))
    keep, by_policy, relabel = context.keep_filter(), KeepByPolicy(context.policy), Relabel(is_word=is_dictionary_word)
    for (rel, read_doc), doc in zip(docs, detected, strict=True):
        doc = by_policy.run(relabel.run(keep.run(doc)))
        allowed = kept_by_officer.get(rel, frozenset())
        known_at = {(f.document, f.segment) for f in findings}
        for span in doc.spans:
            text = doc.span_text(span)
            if ours.covers(text) or text.casefold() in allowed or (rel, f"{span.segment_id}:{span.start}") in known_at:
                continue  # ours, kept by the officer, or already a finding of the known identifiers
            if span.recognizer in ("spacy_ner", "titled_name") and ours.touches(
                doc.segment(span.segment_id).text, span.start, span.end
            ):
                continue  # "Person D. Always": the model reading our own pseudonym
            seg_text = doc.segment(span.segment_id).text
            findings.append(
                Finding(rel, read_doc.where(span.segment_id, offset=span.start), span.label.value, span.recognizer,
                        context.key.keyed_hash(text)[:12], f"{span.segment_id}:{span.start}",
                        excerpt(seg_text, span.start, span.end) if show else "")
            )
    return VerifyResult(files=len(files) + pdf_files, findings=tuple(findings))
