"""Score whole cases: the held-out test split (eval/test/case_*/), as an officer would run it.

Each case folder holds a ``case.toml`` (naming only the victim and the perpetrator) and its
documents, annotated inline (see eval/test/README.md):

    {{KIND:surface|p=PERSON_ID|c=CLASS+CLASS}}   an identifier; p= names the person (PERSON only)
    [[KEEP:CLASS:surface]]                         a string that must stay

The markup is stripped, the documents are written to a temporary folder and read back by the
real format readers, then detected, kept, resolved and linked as ONE case (one registry, the case
file applied), exactly as ``redactor redact`` does before it rewrites. Reported:

- recall by kind, for direct identifiers, and for every identifying mention;
- recall by hard class (short forms, lower case, spelled names, spoken numbers, initials, names
  that are words, variants, private places);
- people split (one person given two or more pseudonyms) and people merged (one pseudonym given
  to two or more people);
- keep: the share of must-keep strings left whole, by class.

Only figures are printed, never document text (``--locations`` prints file and offset only).
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from redactor.casefile import load_case
from redactor.detect.engine import Detect
from redactor.document import Document
from redactor.formats import format_for
from redactor.keyfile import Key
from redactor.link import Link
from redactor.names import TITLES
from redactor.pipeline import before_linking, run_stages
from redactor.pseudonymise import assign_pseudonyms
from redactor.run import Redactor
from redactor.settings import Settings

MARKUP = re.compile(r"\{\{([A-Z_]+):((?:(?!\}\}).)*?)\}\}|\[\[KEEP:([a-z_]+):((?:(?!\]\]).)*?)\]\]", re.DOTALL)
ENTITY_KINDS = {"PERSON", "LOCATION", "ORGANIZATION"}
CLASSES = ("short", "lower", "spelled", "spoken", "initials", "wordname", "variant", "place")
_TITLE = re.compile(r"^(?:" + "|".join(TITLES) + r")\.?\s+")


@dataclasses.dataclass(frozen=True)
class Gold:
    start: int
    end: int
    kind: str
    person: str | None
    classes: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Keep:
    start: int
    end: int
    cls: str


@dataclasses.dataclass
class CaseDoc:
    case: str
    name: str
    text: str
    gold: list[Gold]
    keeps: list[Keep]


def parse(raw: str) -> tuple[str, list[Gold], list[Keep]]:
    """Strip the markup; return the text, the identifiers and the must-keep strings."""
    out, gold, keeps, pos, offset = [], [], [], 0, 0
    for match in MARKUP.finditer(raw):
        out.append(raw[pos : match.start()])
        offset += match.start() - pos
        if match.group(1):
            surface, _, attrs = match.group(2).partition("|")
            fields = dict(a.split("=", 1) for a in attrs.split("|") if "=" in a)
            classes = tuple(c for c in fields.get("c", "").split("+") if c)
            gold.append(Gold(offset, offset + len(surface), match.group(1), fields.get("p"), classes))
        else:
            surface = match.group(4)
            keeps.append(Keep(offset, offset + len(surface), match.group(3)))
        out.append(surface)
        offset += len(surface)
        pos = match.end()
    out.append(raw[pos:])
    return "".join(out), gold, keeps


def load_cases(root: Path) -> dict[Path, list[CaseDoc]]:
    """Return each case folder's documents."""
    cases: dict[Path, list[CaseDoc]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / "case.toml").exists()):
        docs = []
        for path in sorted(folder.iterdir()):
            if path.suffix in (".txt", ".md"):
                text, gold, keeps = parse(path.read_text(encoding="utf-8"))
                docs.append(CaseDoc(folder.name, path.name, text, gold, keeps))
        cases[folder] = docs
    return cases


def _global_spans(doc: Document, text: str) -> list[tuple[int, int, str, str | None]]:
    """Map each span of ``doc`` (segment offsets) to an offset in the whole ``text``."""
    starts: dict[str, int] = {}
    pos = 0
    for seg in doc.segments:
        found = text.find(seg.text, pos) if seg.text else pos
        if found < 0:
            found = text.find(seg.text)
        starts[seg.id] = max(found, 0)
        if found >= 0:
            pos = found + len(seg.text)
    return [(starts[s.segment_id] + s.start, starts[s.segment_id] + s.end, s.label.value, s.entity_id) for s in doc.spans]


def run_case(folder: Path, docs: Sequence[CaseDoc]) -> list[list[tuple[int, int, str, str | None]]]:
    """Detect, keep, resolve and link one case's documents together; return spans with pseudonyms."""
    case = load_case(folder / "case.toml")
    runner = Redactor(settings=Settings(), case=case, key=Key.new(case.name))
    with tempfile.TemporaryDirectory() as tmp:
        read = []
        for d in docs:
            path = Path(tmp) / d.name
            path.write_text(d.text, encoding="utf-8")
            read.append(format_for(path).read(path, settings=runner.settings.formats))
    detected = Detect(runner.analyzer).run_many(read)
    runner.context = runner.context.with_area_from(seg.text for doc in read for seg in doc.segments)
    stages = before_linking(runner.context)
    resolved = [run_stages(doc, stages) for doc in detected]
    registry = runner.registry(resolved)
    link = Link(registry)
    pseudonyms = assign_pseudonyms(registry)
    out = []
    for d, doc in zip(docs, resolved, strict=True):
        linked = link.run(doc)
        out.append([(s, e, k, pseudonyms.get(ent) if ent else None) for s, e, k, ent in _global_spans(linked, d.text)])
    return out


def needed(text: str, start: int, end: int) -> list[int]:
    """Return the offsets of ``text[start:end]`` that must be covered: every letter and digit, a
    leading title aside ("Mrs Doe" is caught when "Doe" is) and a venue's closing possessive
    ("Halliday's" is caught when "Halliday" is: "Organisation 4's" says no more than
    "Organisation 4")."""
    piece = text[start:end]
    title = _TITLE.match(piece)
    skip = title.end() if title else 0
    stop = len(piece) - 2 if len(piece) > 3 and piece[-2:] in ("'s", "’s") else len(piece)
    return [start + i for i, ch in enumerate(piece) if ch.isalnum() and skip <= i < stop]


@dataclasses.dataclass
class Scores:
    gold: Counter[str] = dataclasses.field(default_factory=Counter)
    caught: Counter[str] = dataclasses.field(default_factory=Counter)
    cls_gold: Counter[str] = dataclasses.field(default_factory=Counter)
    cls_caught: Counter[str] = dataclasses.field(default_factory=Counter)
    keep_gold: Counter[str] = dataclasses.field(default_factory=Counter)
    keep_ok: Counter[str] = dataclasses.field(default_factory=Counter)
    people: int = 0
    split: list[str] = dataclasses.field(default_factory=list)
    merged: list[str] = dataclasses.field(default_factory=list)
    misses: list[tuple[str, int, str, tuple[str, ...]]] = dataclasses.field(default_factory=list)
    lost: list[tuple[str, int, str]] = dataclasses.field(default_factory=list)
    words: int = 0
    docs: int = 0


def score_cases(cases: dict[Path, list[CaseDoc]]) -> Scores:
    scores = Scores()
    for folder, docs in cases.items():
        predictions = run_case(folder, docs)
        pseudonyms_of: dict[str, set[str]] = defaultdict(set)
        people_of: dict[str, set[str]] = defaultdict(set)
        persons: set[str] = set()
        for d, preds in zip(docs, predictions, strict=True):
            scores.docs += 1
            scores.words += len(d.text.split())
            covered: set[int] = set()
            for s, e, _k, _p in preds:
                covered.update(range(s, e))
            for g in d.gold:
                scores.gold[g.kind] += 1
                ok = all(i in covered for i in needed(d.text, g.start, g.end))
                scores.caught[g.kind] += ok
                for c in g.classes:
                    scores.cls_gold[c] += 1
                    scores.cls_caught[c] += ok
                if not ok:
                    scores.misses.append((f"{d.case}/{d.name}", g.start, g.kind, g.classes))
                if g.kind == "PERSON" and g.person:
                    person = f"{d.case}:{g.person}"
                    persons.add(person)
                    for s, e, k, pseudonym in preds:
                        if k == "PERSON" and pseudonym and s < g.end and g.start < e:
                            pseudonyms_of[person].add(pseudonym)
                            people_of[f"{d.case}:{pseudonym}"].add(person)
            for keep in d.keeps:
                scores.keep_gold[keep.cls] += 1
                if any(i in covered for i in needed(d.text, keep.start, keep.end)):
                    scores.lost.append((f"{d.case}/{d.name}", keep.start, keep.cls))
                else:
                    scores.keep_ok[keep.cls] += 1
        scores.people += len(persons)
        scores.split += sorted(p for p, ps in pseudonyms_of.items() if len(ps) > 1)
        scores.merged += sorted(p for p, ps in people_of.items() if len(ps) > 1)
    return scores


def _r(a: int, b: int) -> str:
    return "   -  " if not b else f"{a / b:6.3f}"


def report(title: str, scores: Scores, *, locations: bool) -> dict[str, float]:
    """Print the figures; return the headline ones."""
    print(f"\n## {title}\n")
    print(f"{scores.docs} documents, {scores.words} words, {sum(scores.gold.values())} identifiers, "
          f"{sum(scores.keep_gold.values())} must-keep strings, {scores.people} people\n")
    print("| kind | gold | recall |")
    print("|---|---:|---:|")
    for kind in sorted(scores.gold):
        print(f"| {kind} | {scores.gold[kind]} | {_r(scores.caught[kind], scores.gold[kind])} |")
    direct = [k for k in scores.gold if k not in ENTITY_KINDS]
    dg, dc = sum(scores.gold[k] for k in direct), sum(scores.caught[k] for k in direct)
    ag, ac = sum(scores.gold.values()), sum(scores.caught.values())
    print(f"| **direct identifiers** | {dg} | {_r(dc, dg)} |")
    print(f"| **all identifying mentions** | {ag} | {_r(ac, ag)} |")
    print("\n| class | gold | recall |")
    print("|---|---:|---:|")
    for cls in CLASSES:
        print(f"| {cls} | {scores.cls_gold[cls]} | {_r(scores.cls_caught[cls], scores.cls_gold[cls])} |")
    kg, ko = sum(scores.keep_gold.values()), sum(scores.keep_ok.values())
    print("\n| must keep | gold | kept |")
    print("|---|---:|---:|")
    for cls in sorted(scores.keep_gold):
        print(f"| {cls} | {scores.keep_gold[cls]} | {_r(scores.keep_ok[cls], scores.keep_gold[cls])} |")
    print(f"| **all** | {kg} | {_r(ko, kg)} |")
    split_share = len(scores.split) / scores.people if scores.people else 0.0
    print(f"\npeople split over two or more pseudonyms: {len(scores.split)} of {scores.people} ({split_share:.1%}); "
          f"pseudonyms shared by two or more people (merged): {len(scores.merged)}")
    if locations:
        for name, offset, kind, classes in scores.misses:
            print(f"  miss: {name} @{offset} {kind} {'+'.join(classes)}")
        for name, offset, cls in scores.lost:
            print(f"  lost: {name} @{offset} keep:{cls}")
    return {"direct": dc / dg if dg else 1.0, "all": ac / ag if ag else 1.0, "keep": ko / kg if kg else 1.0}
