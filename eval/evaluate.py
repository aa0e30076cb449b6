#!/usr/bin/env python3
"""Measure detection quality: `make eval`.

Runs redactor's detection (detect -> keep -> resolve -> link, no case file) and plain Presidio
(its default recognizers on the same spaCy model, default threshold) over:

1. the annotated development corpus in eval/dev/ (fictional DHR documents, inline
   ``{{KIND:text}}`` annotations; each file is treated as its own case);
2. the held-out test split in eval/test/ (whole cases with a case file; scored by eval/cases.py,
   which also reports hard classes, people split or merged, and must-keep strings);
3. the peer dataset ../shared/corpora/pii/presidio-research__synth_dataset_v2.json (each record
   its own case).

For each kind it prints recall, precision and F2 for both. A gold span counts as caught when
every letter and digit of it (a leading title aside) is covered by some detection, of any kind:
for redaction, what matters is that the text goes. A detection counts as correct when it
overlaps some gold span. Misses of direct identifiers are counted by kind; with --locations the
file and offset of each miss are printed (never the text).

Usage: python eval/evaluate.py [--locations] [--no-presidio] [--dev-only]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # plain Presidio's e-mail recognizer

from cases import needed  # noqa: E402

from redactor.casefile import Case  # noqa: E402
from redactor.detect.engine import Detect  # noqa: E402
from redactor.detect.nlp import MODEL_NAME  # noqa: E402
from redactor.document import Document, Segment  # noqa: E402
from redactor.keyfile import Key  # noqa: E402
from redactor.link import Link  # noqa: E402
from redactor.pipeline import before_linking, run_stages  # noqa: E402
from redactor.run import Redactor  # noqa: E402
from redactor.settings import Settings  # noqa: E402

DEV = ROOT / "eval" / "dev"
TEST = ROOT / "eval" / "test"
DEV_CASES = ROOT / "eval" / "dev_cases"
PEER = ROOT.parent / "shared" / "corpora" / "pii" / "presidio-research__synth_dataset_v2.json"
ANN = re.compile(r"\{\{([A-Za-z_]+):([^{}]*)\}\}")

#: Corpus kinds -> the kind names this report uses (redactor's labels).
DEV_KINDS = {
    "PERSON": "PERSON", "LOCATION": "LOCATION", "ORGANIZATION": "ORGANIZATION",
    "UK_ADDRESS": "UK_ADDRESS", "UK_POSTCODE": "UK_POSTCODE", "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS", "URL": "URL", "SOCIAL_HANDLE": "SOCIAL_MEDIA_HANDLE",
    "UK_NHS": "UK_NHS", "UK_NINO": "UK_NINO", "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "UK_VEHICLE_REG": "UK_VEHICLE_REGISTRATION", "UK_PNC_ID": "UK_PNC_ID",
    "UK_PRISON_NUMBER": "UK_PRISON_NUMBER", "POLICE_REFERENCE": "UK_POLICE_REFERENCE",
    "COLLAR_NUMBER": "UK_COLLAR_NUMBER", "BANK_DETAILS": "UK_BANK_DETAILS",
    "DRIVING_LICENCE": "UK_DRIVING_LICENCE", "PRISON": "UK_PRISON",
}  # fmt: skip
#: Peer dataset kinds -> ours; None: a kind redactor keeps by policy or does not support.
PEER_KINDS: dict[str, str | None] = {
    "PERSON": "PERSON", "STREET_ADDRESS": "UK_ADDRESS", "GPE": "LOCATION", "ORGANIZATION": "ORGANIZATION",
    "CREDIT_CARD": "UK_BANK_DETAILS", "IBAN_CODE": "UK_BANK_DETAILS", "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS", "IP_ADDRESS": "IP_ADDRESS", "DOMAIN_NAME": "URL",
    "DATE_TIME": None, "TITLE": None, "AGE": None, "NRP": None, "ZIP_CODE": None, "US_SSN": None,
    "US_DRIVER_LICENSE": None,
}  # fmt: skip
#: Plain Presidio's entity types -> the kinds of this report (for its per-kind precision).
PRESIDIO_KINDS = {
    "CREDIT_CARD": "UK_BANK_DETAILS", "IBAN_CODE": "UK_BANK_DETAILS", "UK_NHS": "UK_NHS",
    "DATE_TIME": "DATE_TIME", "NRP": "NRP",
}
ENTITY_KINDS = {"PERSON", "LOCATION", "ORGANIZATION"}


@dataclasses.dataclass
class Sample:
    name: str
    text: str
    gold: list[tuple[int, int, str]]


def load_dev() -> list[Sample]:
    samples = []
    for path in sorted(DEV.iterdir()):
        if path.suffix not in (".md", ".txt") or path.name == "README.md":
            continue
        raw = path.read_text(encoding="utf-8")
        text, gold, pos = [], [], 0
        offset = 0
        for match in ANN.finditer(raw):
            text.append(raw[pos : match.start()])
            offset += match.start() - pos
            surface = match.group(2)
            gold.append((offset, offset + len(surface), DEV_KINDS[match.group(1)]))
            text.append(surface)
            offset += len(surface)
            pos = match.end()
        text.append(raw[pos:])
        samples.append(Sample(path.name, "".join(text), gold))
    return samples


def load_peer() -> list[Sample]:
    records = json.loads(PEER.read_text(encoding="utf-8"))
    samples = []
    for index, record in enumerate(records):
        gold = [
            (s["start_position"], s["end_position"], PEER_KINDS.get(s["entity_type"]) or "kept:" + s["entity_type"])
            for s in record["spans"]
        ]
        samples.append(Sample(f"record {index}", record["full_text"], gold))
    return samples


def run_redactor(samples: Sequence[Sample], *, keep_public: bool = True) -> list[list[tuple[int, int, str]]]:
    """Detect, keep, resolve and link each sample as its own case.

    ``keep_public=False`` runs the case-file policy ``[keep] large_places = false,
    public_bodies = false``: every city, country and organisation is redacted, as the peer
    dataset's annotations expect.
    """
    case = None if keep_public else Case(name="eval", keep_large_places=False, keep_public_bodies=False)
    runner = Redactor(settings=Settings(), case=case, key=Key.new("eval"))
    docs = [Document(Path(s.name), "text", (Segment("body/p/0", s.text),)) for s in samples]
    detected = Detect(runner.analyzer).run_many(docs)
    stages = before_linking(runner.context)
    out = []
    for doc in detected:
        doc = run_stages(doc, stages)
        registry = runner.registry([doc])  # one document at a time, with the run's own word tests
        doc = Link(registry).run(doc)
        out.append([(s.start, s.end, s.label.value) for s in doc.spans])
    return out


def run_presidio(samples: Sequence[Sample]) -> list[list[tuple[int, int, str]]]:
    """Plain Presidio: default recognizers, the same spaCy model, default threshold."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL_NAME}]}
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    out = []
    for sample in samples:
        results = engine.analyze(sample.text, language="en")
        out.append([(r.start, r.end, PRESIDIO_KINDS.get(r.entity_type, r.entity_type)) for r in results])
    return out


def score(samples: Sequence[Sample], predictions: Sequence[list[tuple[int, int, str]]]) -> dict[str, object]:
    """Return per-kind gold counts, caught counts, prediction counts and correct predictions."""
    gold_n: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    pred_ok: Counter[str] = Counter()
    misses: list[tuple[str, int, str]] = []
    for sample, preds in zip(samples, predictions, strict=True):
        covered = set()
        for start, end, _ in preds:
            covered.update(range(start, end))
        for start, end, kind in sample.gold:
            gold_n[kind] += 1
            if all(i in covered for i in needed(sample.text, start, end)):
                caught[kind] += 1
            else:
                misses.append((sample.name, start, kind))
        for start, end, kind in preds:
            pred_n[kind] += 1
            if any(start < g_end and g_start < end for g_start, g_end, _ in sample.gold):
                pred_ok[kind] += 1
    return {"gold": gold_n, "caught": caught, "pred": pred_n, "ok": pred_ok, "misses": misses}


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _f2(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None
    return 5 * p * r / (4 * p + r)


def _fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def report(title: str, ours: dict[str, object], theirs: dict[str, object] | None, *, locations: bool) -> None:
    gold: Counter[str] = ours["gold"]  # type: ignore[assignment]
    print(f"\n## {title}\n")
    print("| kind | gold | recall | precision | F2 | Presidio recall | Presidio precision | Presidio F2 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    kinds = sorted(k for k in gold if not k.startswith("kept:"))
    for kind in kinds:
        cells = []
        for result in (ours, theirs):
            if result is None:
                cells.append(("   -  ", "   -  ", "   -  "))
                continue
            r = _ratio(result["caught"][kind], result["gold"][kind])  # type: ignore[index]
            p = _ratio(result["ok"][kind], result["pred"][kind])  # type: ignore[index]
            cells.append((_fmt(r), _fmt(p), _fmt(_f2(p, r))))
        print(f"| {kind} | {gold[kind]} | " + " | ".join(" | ".join(c) for c in cells) + " |")
    for label, group in (("person mentions", {"PERSON"}), ("places and organisations", {"LOCATION", "ORGANIZATION"}),
                         ("direct identifiers", {k for k in kinds if k not in ENTITY_KINDS})):
        cells = []
        for result in (ours, theirs):
            if result is None:
                cells.append(("   -  ", "   -  ", "   -  "))
                continue
            g = sum(result["gold"][k] for k in group)  # type: ignore[index]
            c = sum(result["caught"][k] for k in group)  # type: ignore[index]
            pn = sum(result["pred"][k] for k in group)  # type: ignore[index]
            po = sum(result["ok"][k] for k in group)  # type: ignore[index]
            r, p = _ratio(c, g), _ratio(po, pn)
            cells.append((_fmt(r), _fmt(p), _fmt(_f2(p, r))))
        n = sum(gold[k] for k in group)
        print(f"| **{label}** | {n} | " + " | ".join(" | ".join(c) for c in cells) + " |")
    all_pred = sum(ours["pred"].values())  # type: ignore[union-attr]
    all_ok = sum(ours["ok"].values())  # type: ignore[union-attr]
    print(f"\nredactor: overall precision {_fmt(_ratio(all_ok, all_pred)).strip()} over {all_pred} detections")
    if theirs is not None:
        t_pred, t_ok = sum(theirs["pred"].values()), sum(theirs["ok"].values())  # type: ignore[union-attr]
        print(f"Presidio: overall precision {_fmt(_ratio(t_ok, t_pred)).strip()} over {t_pred} detections")
    direct_misses = [m for m in ours["misses"] if m[2] not in ENTITY_KINDS and not m[2].startswith("kept:")]  # type: ignore[union-attr]
    by_kind = Counter(kind for _, _, kind in direct_misses)
    listed = ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items()))
    print(f"redactor direct-identifier misses: {len(direct_misses)}" + (f" ({listed})" if listed else ""))
    if locations:
        for name, offset, kind in ours["misses"]:  # type: ignore[union-attr]
            if not kind.startswith("kept:"):
                print(f"  miss: {name} @{offset} {kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--locations", action="store_true", help="print file and offset of every miss")
    parser.add_argument("--no-presidio", action="store_true", help="skip plain Presidio")
    parser.add_argument("--dev-only", action="store_true", help="skip the test split and the peer dataset")
    parser.add_argument("--test-only", action="store_true", help="only the held-out test split")
    args = parser.parse_args()
    if not args.dev_only and TEST.is_dir():
        from cases import load_cases, score_cases
        from cases import report as report_cases

        started = time.perf_counter()
        scores = score_cases(load_cases(TEST))
        print(f"time: redactor {time.perf_counter() - started:.1f} s")
        report_cases("Held-out test split (eval/test: 6 cases written blind to the detectors; quote these first)",
                     scores, locations=False)
    if not args.test_only and DEV_CASES.is_dir():
        from cases import load_cases, score_cases
        from cases import report as report_cases

        report_cases("Development cases (eval/dev_cases: the same format, for tuning)",
                     score_cases(load_cases(DEV_CASES)), locations=args.locations)
    if args.test_only:
        return
    sets = [("Development corpus (eval/dev, fictional DHR documents)", load_dev(), True)]
    if not args.dev_only and PEER.exists():
        sets.append(
            ("Peer dataset (presidio-research synth_dataset_v2), policy: redact large places and public bodies",
             load_peer(), False)
        )
    for title, samples, keep_public in sets:
        words = sum(len(s.text.split()) for s in samples)
        started = time.perf_counter()
        ours = score(samples, run_redactor(samples, keep_public=keep_public))
        ours_s = time.perf_counter() - started
        theirs = None
        if not args.no_presidio:
            started = time.perf_counter()
            theirs = score(samples, run_presidio(samples))
            theirs_s = time.perf_counter() - started
        print(f"\n{title}: {len(samples)} documents, {words} words, {sum(ours['gold'].values())} annotations")  # type: ignore[union-attr]
        print(f"time: redactor {ours_s:.1f} s" + ("" if theirs is None else f", plain Presidio {theirs_s:.1f} s"))
        report(title, ours, theirs, locations=args.locations)
        if not keep_public:
            default = score(samples, run_redactor(samples, keep_public=True))
            cells = []
            for kind in ("LOCATION", "ORGANIZATION"):
                r = _ratio(default["caught"][kind], default["gold"][kind])  # type: ignore[index]
                cells.append(f"{kind} recall {_fmt(r).strip()}")
            print(
                "\nThe peer dataset counts every city, country and company as personal data, so it is scored "
                "above with the case-file policy [keep] large_places = false, public_bodies = false. Under the "
                "DHR default (countries, cities and public bodies kept on purpose): " + ", ".join(cells) + "."
            )


if __name__ == "__main__":
    main()
