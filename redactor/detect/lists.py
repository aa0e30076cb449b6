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
    """Return the English names of every country and territory ("Estonia"), from
    ``models/places/countries.txt`` (built from phonenumbers' offline geocoding data by
    ``models/places/build_countries.py``)."""
    path = MODELS_DIR / "places" / "countries.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def world_city_names() -> frozenset[str]:
    """Return cities outside the UK of 100,000 people or more whose names are no given name
    ("Kraków", "Krakow", "Karachi", "Lagos"), from ``models/places/world_cities.txt`` (built from
    GeoNames' data by ``models/places/build_geonames.py``)."""
    path = MODELS_DIR / "places" / "world_cities.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def uk_town_names() -> frozenset[str]:
    """Return UK towns and villages of 1,000 people or more ("Dewsbury", "Batley"), from
    ``models/places/uk_towns.txt`` (built from GeoNames' data by ``models/places/build_geonames.py``)."""
    path = MODELS_DIR / "places" / "uk_towns.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
