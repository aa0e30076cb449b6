"""Shared fixtures. Paths to ../shared are read, never copied into the repository."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reports"
SHARED = ROOT.parent / "shared"

#: A tiny stand-in for the dictionary test, for tests that must not load the spaCy model.
WORDS = frozenset(
    "rose will mark grace green hope may bill pat the a an and of in on at to she he her his "
    "told said was is doe children dawn stone tank chalky girl".split()
)


def simple_is_word(word: str) -> bool:
    """Say whether ``word`` is in the tiny test dictionary."""
    return word.casefold() in WORDS


@pytest.fixture()
def is_word():  # type: ignore[no-untyped-def]
    return simple_is_word


@pytest.fixture(scope="session")
def sample_identifiers() -> dict[str, list[str]]:
    """The independent ground truth of identifiers planted in sample_reports/."""
    data = tomllib.loads((ROOT / "tests" / "data" / "sample_case_identifiers.toml").read_text("utf-8"))
    return {kind: list(values) for kind, values in data["identifiers"].items()} | {
        "kept": list(data["kept"]["terms"])
    }


def serve_address_line(proc: subprocess.Popen[str]) -> str:
    """Read a started ``redactor serve``'s output up to the line with its address and token."""
    line = ""
    while "token=" not in line:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line, "serve exited before printing its address"
    return line
