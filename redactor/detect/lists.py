"""The word lists in ``models/``: one reader for every detector that needs them."""

from __future__ import annotations

import functools
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"


@functools.cache
def allow_list(name: str) -> tuple[str, ...]:
    """Return the entries of ``models/allow/<name>`` as written: one per line, ``#`` comments dropped."""
    path = MODELS_DIR / "allow" / name
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line)


@functools.cache
def country_names() -> frozenset[str]:
    """Return the English names of every country and territory phonenumbers knows ("Estonia").

    phonenumbers ships these names offline with its geocoding data; one example number per
    region gives the name through the public API.
    """
    import phonenumbers
    from phonenumbers import geocoder

    names = set()
    for region in phonenumbers.SUPPORTED_REGIONS:
        example = phonenumbers.example_number(region)
        if example is not None:
            name = geocoder.country_name_for_number(example, "en")
            if name:
                names.add(name)
    return frozenset(names)
