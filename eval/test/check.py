#!/usr/bin/env python3
"""Validate the held-out test corpus markup and print counts.

Stdlib only (Python 3.11+). Usage:

    python3 eval/test/check.py            # checks the folder this file is in
    python3 eval/test/check.py PATH       # checks another corpus folder

Markup:
    {{KIND:surface|p=PERSONID|c=CLASS+CLASS}}   identifier to redact
    [[KEEP:CLASS:surface]]                      string that must stay

Exit status is 1 on any markup error, 0 otherwise.
"""
from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

KINDS = {
    "PERSON", "LOCATION", "ORGANIZATION", "UK_ADDRESS", "UK_POSTCODE",
    "PHONE_NUMBER", "EMAIL_ADDRESS", "URL", "SOCIAL_HANDLE", "UK_NHS",
    "UK_NINO", "DATE_OF_BIRTH", "UK_VEHICLE_REG", "UK_PNC_ID",
    "UK_PRISON_NUMBER", "POLICE_REFERENCE", "COLLAR_NUMBER", "BANK_DETAILS",
    "DRIVING_LICENCE", "PRISON",
}
CLASSES = {"short", "lower", "spelled", "spoken", "initials", "wordname",
           "variant", "place"}
KEEP_CLASSES = {"area", "public_body", "agency", "word", "role", "place"}
TITLES = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}

TARGETS = {
    "transcripts": 13,
    "reports": 6,
    "words": 16000,
    "class": 25,
    "keep": 150,
}

TOKEN_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]")
TIMESTAMP_RE = re.compile(r"^\[?\d{1,2}:\d{2}(:\d{2})?\]?$")
WORD_RE = re.compile(r"[^\s|#*>`]+")


def nhs_ok(digits: str) -> bool:
    d = [int(c) for c in digits]
    total = sum(d[i] * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == d[9]


class Doc:
    def __init__(self, path: Path):
        self.path = path
        self.errors: list[str] = []
        self.spans: list[dict] = []   # identifiers
        self.keeps: list[dict] = []   # must-keep strings
        self.plain = ""
        self.covered: list[tuple[int, int]] = []  # plain-text ranges under markup
        self.parse(path.read_text(encoding="utf-8"))

    def err(self, pos: int, text: str, msg: str) -> None:
        line = text.count("\n", 0, pos) + 1
        self.errors.append(f"{self.path}:{line}: {msg}")

    def parse(self, text: str) -> None:
        out: list[str] = []
        i = 0
        n = len(text)
        while i < n:
            m = TOKEN_RE.search(text, i)
            if not m:
                out.append(text[i:])
                break
            tok = m.group(0)
            out.append(text[i:m.start()])
            if tok in ("}}", "]]"):
                self.err(m.start(), text, f"unbalanced closing {tok!r}")
                out.append(tok)
                i = m.end()
                continue
            close = "}}" if tok == "{{" else "]]"
            j = text.find(close, m.end())
            if j < 0:
                self.err(m.start(), text, f"unclosed {tok!r}")
                out.append(text[m.start():])
                break
            inner = text[m.end():j]
            if any(t in inner for t in ("{{", "[[", "}}", "]]")):
                self.err(m.start(), text, "nested or overlapping markup")
            start = sum(len(x) for x in out)
            if tok == "{{":
                surface = self.parse_span(inner, m.start(), text)
                if self.spans and self.spans[-1]["surface"] == surface:
                    self.spans[-1]["start"] = start
            else:
                surface = self.parse_keep(inner, m.start(), text)
            self.covered.append((start, start + len(surface)))
            out.append(surface)
            i = j + 2
        self.plain = "".join(out)

    def parse_span(self, inner: str, pos: int, text: str) -> str:
        if ":" not in inner:
            self.err(pos, text, f"span without KIND: {inner[:40]!r}")
            return inner
        kind, rest = inner.split(":", 1)
        parts = rest.split("|")
        surface, attrs = parts[0], parts[1:]
        if kind not in KINDS:
            self.err(pos, text, f"unknown KIND {kind!r}")
        if not surface or surface != surface.strip(" \t"):
            self.err(pos, text, f"empty surface or outer spaces: {surface!r}")
        info = {"kind": kind, "surface": surface, "p": None, "c": []}
        for a in attrs:
            if "=" not in a:
                self.err(pos, text, f"bad attribute {a!r}")
                continue
            k, v = a.split("=", 1)
            if k == "p":
                if not re.fullmatch(r"[a-z][a-z0-9_]*", v):
                    self.err(pos, text, f"bad person id {v!r}")
                info["p"] = v
            elif k == "c":
                cls = v.split("+")
                for c in cls:
                    if c not in CLASSES:
                        self.err(pos, text, f"unknown CLASS {c!r}")
                info["c"] = cls
            else:
                self.err(pos, text, f"unknown attribute {k!r}")
        if kind == "PERSON" and not info["p"]:
            self.err(pos, text, f"PERSON without p=: {surface!r}")
        if kind != "PERSON" and info["p"]:
            self.err(pos, text, f"p= on non-PERSON {kind}")
        if kind == "UK_NHS" and "spoken" not in info["c"]:
            digits = re.sub(r"\D", "", surface)
            if len(digits) != 10 or not digits.startswith("999") or not nhs_ok(digits):
                self.err(pos, text, f"NHS number not a valid 999-range number: {surface!r}")
        if kind == "UK_PNC_ID":
            m = re.fullmatch(r"(\d{2})/(\d{1,7})([A-Z])", surface)
            letters = "ZABCDEFGHJKLMNPQRTUVWXY"
            if not m or letters[int(m.group(1) + m.group(2).zfill(7)) % 23] != m.group(3):
                self.err(pos, text, f"PNC ID with a wrong check letter: {surface!r}")
        if kind == "PHONE_NUMBER" and "spoken" not in info["c"]:
            digits = re.sub(r"\D", "", surface)
            if digits.startswith("44"):
                digits = "0" + digits[2:]
            if not (re.fullmatch(r"07700900\d{3}", digits)
                    or re.fullmatch(r"01632960\d{3}", digits)
                    or re.fullmatch(r"02079460\d{3}", digits)):
                self.err(pos, text, f"phone number outside Ofcom drama ranges: {surface!r}")
        self.spans.append(info)
        return surface

    def parse_keep(self, inner: str, pos: int, text: str) -> str:
        parts = inner.split(":", 2)
        if len(parts) != 3 or parts[0] != "KEEP":
            self.err(pos, text, f"bad keep markup: {inner[:40]!r}")
            return inner
        _, cls, surface = parts
        if cls not in KEEP_CLASSES:
            self.err(pos, text, f"unknown KEEP class {cls!r}")
        if not surface or surface != surface.strip():
            self.err(pos, text, f"empty keep surface or outer spaces: {surface!r}")
        self.keeps.append({"cls": cls, "surface": surface})
        return surface

    def words(self) -> int:
        count = 0
        for line in self.plain.splitlines():
            if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line) and "-" in line:
                continue  # markdown table separator
            for tok in WORD_RE.findall(line):
                if TIMESTAMP_RE.match(tok):
                    continue
                if re.search(r"[^\W_]", tok):
                    count += 1
        return count


def unmarked(docs: list[Doc]) -> list[str]:
    """Warn where a surface annotated somewhere in the case also occurs unmarked.

    Case-sensitive, whole-word. Ordinary-word uses of name-like words are
    expected to be marked [[KEEP:word:...]], so they do not show up here.
    """
    surfaces = {s["surface"] for d in docs for s in d.spans
                if s["kind"] in ("PERSON", "LOCATION", "ORGANIZATION")
                and "spelled" not in s["c"] and "initials" not in s["c"]
                and len(s["surface"]) >= 3}
    warnings = []
    for d in docs:
        for surf in sorted(surfaces):
            for m in re.finditer(r"(?<![\w-])" + re.escape(surf) + r"(?![\w-])", d.plain):
                if not any(a <= m.start() and m.end() <= b for a, b in d.covered):
                    line = d.plain.count("\n", 0, m.start()) + 1
                    warnings.append(f"{d.path}:{line}: unmarked {surf!r}")
    return warnings


def check_case(folder: Path) -> tuple[dict, list[str]]:
    errors: list[str] = []
    toml_path = folder / "case.toml"
    people: dict[str, dict] = {}
    if not toml_path.exists():
        errors.append(f"{folder}: missing case.toml")
    else:
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            errors.append(f"{toml_path}: {e}")
            data = {}
        if not isinstance(data.get("case"), dict) or not data["case"].get("name"):
            errors.append(f"{toml_path}: [case] name missing")
        persons = data.get("person", [])
        roles = [p.get("role") for p in persons]
        if sorted(roles) != ["perpetrator", "victim"]:
            errors.append(f"{toml_path}: need exactly one victim and one perpetrator, got {roles}")
        for p in persons:
            for key in ("name", "pseudonym", "role", "title"):
                if not p.get(key):
                    errors.append(f"{toml_path}: person missing {key}")
            extra = set(p) - {"name", "pseudonym", "role", "title"}
            if extra:
                errors.append(f"{toml_path}: unexpected person keys {sorted(extra)}")
            if p.get("title") and p["title"] not in TITLES:
                errors.append(f"{toml_path}: unknown title {p['title']!r}")
            if p.get("role") in ("victim", "perpetrator"):
                people[p["role"]] = p
        extra_top = set(data) - {"case", "person"}
        if extra_top:
            errors.append(f"{toml_path}: unexpected tables {sorted(extra_top)}")

    docs = [Doc(p) for p in sorted(folder.iterdir())
            if p.suffix in (".txt", ".md")]
    for d in docs:
        errors.extend(d.errors)
    transcripts = [d for d in docs if d.path.suffix == ".txt"]
    reports = [d for d in docs if d.path.suffix == ".md"]
    if len(transcripts) < 2:
        errors.append(f"{folder}: fewer than 2 transcripts")
    if len(reports) < 1:
        errors.append(f"{folder}: no report-style .md document")

    spans = [s for d in docs for s in d.spans]
    keeps = [k for d in docs for k in d.keeps]
    # victim/perpetrator full names annotated with the fixed ids
    for role, pid in (("victim", "victim"), ("perpetrator", "perp")):
        p = people.get(role)
        if not p:
            continue
        hits = [s for s in spans if s["kind"] == "PERSON" and s["surface"] == p["name"]]
        if not hits:
            errors.append(f"{folder}: {role} name {p['name']!r} never annotated")
        for s in hits:
            if s["p"] != pid:
                errors.append(f"{folder}: {role} name {p['name']!r} annotated with p={s['p']}, expected p={pid}")
        if not any(s["p"] == pid for s in spans):
            errors.append(f"{folder}: no PERSON annotation with p={pid}")
        # pseudonym must not be a surface of any person in the case
        pseudo = p.get("pseudonym", "")
        for s in spans:
            if s["kind"] == "PERSON" and s["surface"].lower() == pseudo.lower():
                errors.append(f"{folder}: pseudonym {pseudo!r} is also a name in the case")
    warnings = unmarked(docs)
    stats = {
        "transcripts": len(transcripts),
        "reports": len(reports),
        "words": sum(d.words() for d in docs),
        "kinds": Counter(s["kind"] for s in spans),
        "classes": Counter(c for s in spans for c in s["c"]),
        "keeps": Counter(k["cls"] for k in keeps),
        "persons": len({s["p"] for s in spans if s["kind"] == "PERSON"}),
        "spans": len(spans),
        "warnings": warnings,
    }
    return stats, errors


def fmt_counter(c: Counter) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(c.items())) or "-"


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    cases = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("case_"))
    if not cases:
        print(f"no case_* folders under {root}")
        return 1
    all_errors: list[str] = []
    total = {"transcripts": 0, "reports": 0, "words": 0, "kinds": Counter(),
             "classes": Counter(), "keeps": Counter(), "persons": 0, "spans": 0}
    for case in cases:
        stats, errors = check_case(case)
        all_errors.extend(errors)
        for k in ("transcripts", "reports", "words", "persons", "spans"):
            total[k] += stats[k]
        for k in ("kinds", "classes", "keeps"):
            total[k].update(stats[k])
        print(f"== {case.name}: {stats['transcripts']} transcripts, {stats['reports']} reports, "
              f"{stats['words']} words, {stats['spans']} identifiers, "
              f"{sum(stats['keeps'].values())} keeps, {stats['persons']} persons")
        print(f"   kinds:   {fmt_counter(stats['kinds'])}")
        print(f"   classes: {fmt_counter(stats['classes'])}")
        print(f"   keeps:   {fmt_counter(stats['keeps'])}")
        for w in stats["warnings"]:
            print(f"   warning: {w}")
    print(f"== TOTAL: {len(cases)} cases, {total['transcripts']} transcripts, "
          f"{total['reports']} reports, {total['words']} words, {total['spans']} identifiers, "
          f"{sum(total['keeps'].values())} keeps, {total['persons']} persons")
    print(f"   kinds:   {fmt_counter(total['kinds'])}")
    print(f"   classes: {fmt_counter(total['classes'])}")
    print(f"   keeps:   {fmt_counter(total['keeps'])}")

    shortfalls = []
    for k in ("transcripts", "reports", "words"):
        if total[k] < TARGETS[k]:
            shortfalls.append(f"{k} {total[k]} < {TARGETS[k]}")
    for c in sorted(CLASSES):
        if total["classes"][c] < TARGETS["class"]:
            shortfalls.append(f"class {c} {total['classes'][c]} < {TARGETS['class']}")
    if sum(total["keeps"].values()) < TARGETS["keep"]:
        shortfalls.append(f"keeps {sum(total['keeps'].values())} < {TARGETS['keep']}")
    if shortfalls:
        print("   below target: " + "; ".join(shortfalls))
    else:
        print("   all volume targets met")

    if all_errors:
        print(f"\n{len(all_errors)} markup error(s):")
        for e in all_errors:
            print("  " + e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
