#!/usr/bin/env python3
"""Build models/places/countries.txt: the English name of every country and territory.

Not run at run time. phonenumbers (Apache-2.0) ships these names with its offline geocoding
data; one example number per region gives the name through its public API. Reading them at run
time took half a second per run (the geocoder's data loads first), so the list is committed.

Run: python models/places/build_countries.py  (phonenumbers is a dependency already)
"""

from __future__ import annotations

from pathlib import Path

import phonenumbers
from phonenumbers import geocoder

OUT = Path(__file__).resolve().parent / "countries.txt"


def main() -> None:
    names = set()
    for region in phonenumbers.SUPPORTED_REGIONS:
        example = phonenumbers.example_number(region)
        if example is not None:
            name = geocoder.country_name_for_number(example, "en")
            if name:
                names.add(name)
    header = f"# Countries and territories, from phonenumbers {phonenumbers.__version__} geocoding data (Apache-2.0)."
    OUT.write_text("\n".join([header, *sorted(names)]) + "\n", encoding="utf-8")
    print(f"{len(names)} names written to {OUT}")


if __name__ == "__main__":
    main()
