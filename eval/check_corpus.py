#!/usr/bin/env python3
"""Validate the annotated development corpus in eval/dev/.

Every eval/dev/*.md and *.txt file (except README.md) is wholly fictional text in
which each identifier is marked inline as ``{{KIND:surface text}}``.

This script checks:
  * annotation syntax: balanced ``{{ ... }}``, no nesting, a known KIND, a
    non-empty surface text with no surrounding whitespace;
  * check digits of annotated values: NHS numbers (mod-11) and PNC IDs
    (check letter);
  * the format of some other annotated kinds (warnings only);
  * high-risk patterns left unannotated in the plain text (warnings only).

It prints, per file and in total, the word count (of the text with the markup
stripped) and the number of annotations per kind. Exit status is 1 if any
error was found, else 0.

Usage: python eval/check_corpus.py [--quiet] [DIR]
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

KINDS = (
    "PERSON", "LOCATION", "ORGANIZATION", "UK_ADDRESS", "UK_POSTCODE",
    "PHONE_NUMBER", "EMAIL_ADDRESS", "URL", "SOCIAL_HANDLE", "UK_NHS",
    "UK_NINO", "DATE_OF_BIRTH", "UK_VEHICLE_REG", "UK_PNC_ID",
    "UK_PRISON_NUMBER", "POLICE_REFERENCE", "COLLAR_NUMBER", "BANK_DETAILS",
    "DRIVING_LICENCE", "PRISON",
)

ANN = re.compile(r"\{\{([A-Za-z_]+):([^{}]*)\}\}")
PNC_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

# Format checks for annotated values (warnings, not errors).
FORMATS = {
    "UK_POSTCODE": re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(?: ?\d[A-Z]{2})?$"),
    "UK_NINO": re.compile(r"^[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]?$"),
    "UK_PRISON_NUMBER": re.compile(r"^[A-Z]\d{4}[A-Z]{2}$"),
    "UK_VEHICLE_REG": re.compile(
        r"^(?:[A-Z]{2}\d{2} ?[A-Z]{3}|[A-Z]\d{1,3} ?[A-Z]{3}|[A-Z]{3} ?\d{1,3}[A-Z])$"),
    "EMAIL_ADDRESS": re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I),
    "COLLAR_NUMBER": re.compile(
        r"^(?:PC|DC|PS|DS|DI|DCI|PCSO|Sgt|Insp|TDC)\.? ?\d{2,5}$", re.I),
    "SOCIAL_HANDLE": re.compile(r"^@?[A-Za-z0-9_.]{2,}$"),
}
# Ofcom drama ranges.
DRAMA_PHONE = re.compile(r"^(?:7700900\d{3}|1632960\d{3}|2079460\d{3})$")

# Patterns that should not appear unannotated in the stripped text (warnings).
LEAK_PATTERNS = {
    "phone-like": re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)(?:7700|1632|20)[\s-]?\d{3,4}[\s-]?\d{3,4}\b"),
    "NHS-like": re.compile(r"\b999[ -]?\d{3}[ -]?\d{4}\b"),
    "postcode-like": re.compile(
        r"\b(?:[A-PR-UWYZ]\d[\dA-HJKSTUW]?|[A-PR-UWYZ][A-HK-Y]\d[\dABEHMNPRVWXY]?) ?\d[ABD-HJLNP-UW-Z]{2}\b"),
    "email-like": re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"),
    "PNC-like": re.compile(r"\b\d{2}/\d{1,7}[A-Z]\b"),
    "prison-number-like": re.compile(r"\b[A-Z]\d{4}[A-Z]{2}\b"),
}


def nhs_valid(value: str) -> bool:
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def pnc_valid(value: str) -> bool:
    m = re.fullmatch(r"(\d{2})/(\d{1,7})([A-Z])", value.strip().upper())
    if not m:
        return False
    number = int(m.group(1) + m.group(2).zfill(7))
    rem = number % 23
    expected = "Z" if rem == 0 else PNC_LETTERS[rem - 1]
    return m.group(3) == expected


def phone_digits(value: str) -> str:
    d = re.sub(r"\D", "", value)
    if d.startswith("440"):
        d = d[3:]
    elif d.startswith("44"):
        d = d[2:]
    elif d.startswith("0"):
        d = d[1:]
    return d


def strip(text: str) -> str:
    return ANN.sub(lambda m: m.group(2), text)


def check_file(path: Path):
    text = path.read_text(encoding="utf-8")
    errors: list[str] = []
    warnings: list[str] = []
    counts: Counter = Counter()

    def lineno(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    for m in ANN.finditer(text):
        kind, surface = m.group(1), m.group(2)
        ln = lineno(m.start())
        if kind not in KINDS:
            errors.append(f"line {ln}: unknown kind {kind!r}")
            continue
        if not surface.strip():
            errors.append(f"line {ln}: empty surface for {kind}")
            continue
        if surface != surface.strip():
            errors.append(f"line {ln}: surface has outer whitespace: {surface!r}")
        if "\n" in surface:
            errors.append(f"line {ln}: surface spans lines: {surface!r}")
        counts[kind] += 1
        if kind == "UK_NHS" and not nhs_valid(surface):
            errors.append(f"line {ln}: NHS number fails mod-11: {surface!r}")
        if kind == "UK_PNC_ID" and not pnc_valid(surface):
            errors.append(f"line {ln}: PNC ID check letter wrong: {surface!r}")
        if kind == "PHONE_NUMBER" and not DRAMA_PHONE.match(phone_digits(surface)):
            warnings.append(f"line {ln}: phone not in an Ofcom drama range: {surface!r}")
        fmt = FORMATS.get(kind)
        if fmt and not fmt.match(surface.strip()):
            warnings.append(f"line {ln}: unusual {kind} format: {surface!r}")
        if kind == "PERSON" and re.search(r"'s$|’s$", surface):
            warnings.append(f"line {ln}: possessive inside PERSON: {surface!r}")

    # Anything brace-like left after removing well-formed annotations is broken.
    rest = ANN.sub("", text)
    for m in re.finditer(r"\{\{|\}\}|\{[A-Z_]+:", rest):
        errors.append(f"line {lineno(text.find(m.group(0)))}: unbalanced or malformed markup near {m.group(0)!r}")

    # Unannotated high-risk patterns: scan text with annotations blanked out.
    blanked = ANN.sub(lambda m: " " * len(m.group(0)), text)
    for name, pat in LEAK_PATTERNS.items():
        for m in pat.finditer(blanked):
            warnings.append(f"line {lineno(m.start())}: unannotated {name}: {m.group(0)!r}")

    words = len(re.findall(r"\S+", strip(text)))
    return words, counts, errors, warnings


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else Path(__file__).resolve().parent / "dev"
    files = sorted(p for p in root.iterdir()
                   if p.suffix in (".md", ".txt") and p.name.lower() != "readme.md")
    if not files:
        print(f"no corpus files in {root}")
        return 1
    total_words = 0
    total: Counter = Counter()
    n_err = n_warn = 0
    for p in files:
        words, counts, errors, warnings = check_file(p)
        total_words += words
        total.update(counts)
        n_err += len(errors)
        n_warn += len(warnings)
        if not quiet:
            print(f"{p.name}: {words} words, {sum(counts.values())} annotations")
        for e in errors:
            print(f"  ERROR {p.name} {e}")
        for w in warnings:
            print(f"  warning {p.name} {w}")
    print()
    print(f"files: {len(files)}")
    print(f"words: {total_words}")
    print(f"annotations: {sum(total.values())}")
    for kind in KINDS:
        print(f"  {kind:18} {total[kind]}")
    print(f"errors: {n_err}  warnings: {n_warn}")
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
