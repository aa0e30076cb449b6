"""Addresses whose street has no street word but that end in a postcode: "57 Crook Log, DA6 8EA"."""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import PatternRecognizer

from redactor.detect.recognizers import Pattern, register
from redactor.document import Label

_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
#: Street words that say a name is a street ("Fellside Lane"), when a postcode follows.
_STREET_WORDS = (
    "Road|Street|Avenue|Crescent|Terrace|Gardens|Mews|Drive|Grove|Rise|Square|Parade|Lane|Close|Way|Hill|Park|"
    "Green|Row|Walk|View|Place|Court|Fields|Croft|Mount|Brow|Fold|Wynd|Rd|St|Ave|Ln|Cl|Dr"
)
_POSTCODE = r"(?:[A-PR-UWYZ]\d[\dA-HJKSTUW]?|[A-PR-UWYZ][A-HK-Y]\d[\dABEHMNPRVWXY]?)\s?\d[ABD-HJLNP-UW-Z]{2}"


_POSTCODE_RE = re.compile(rf"\b{_POSTCODE}\b")


@register
class AddressBeforePostcodeRecognizer(PatternRecognizer):
    """A house number and capitalised words, an optional town, then a comma and a full postcode.

    Catches streets without a street word ("3 Tan-y-Bryn, Ponciau, LL14 1RT"); the postcode
    itself is ``uk_postcode``'s. Not handled: such an address written without its postcode.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH = (
        ("The report was sent to 3 Tan-y-Bryn, Ponciau, LL14 1RT last week.", "3 Tan-y-Bryn, Ponciau"),
        ("Police attended 57 Crook Log, DA6 8EA, that weekend.", "57 Crook Log"),
        ("She moved to 12a Maes Glas, Bangor, LL57 2TP in 2019.", "12a Maes Glas, Bangor"),
        ("Letters went to 8 The Paddocks, Hexham, NE46 3QT.", "8 The Paddocks, Hexham"),
        ("His address was 140 Ffordd Pen-y-Bryn, LL12 7AB.", "140 Ffordd Pen-y-Bryn"),
        ("c/o 2 Orchard View, SW9 8AB", "2 Orchard View"),
        ("they lived on the yard at Harkerbeck, Fellside Lane, Blackford CA6 4TW.", "Harkerbeck, Fellside Lane, Blackford"),
    )
    SHOULD_NOT_MATCH = (
        "The panel met 3 times in Lewisham, SE13 6LW being the venue's postcode.",
        "Recommendation 4, SE1 office to action.",
        "On 12 March, SE4 2XY was the postcode given.",
        "She was 37, DA6 8EA is irrelevant here.",
        "Page 3 of 12, LL14 1RT",
    )

    def __init__(self) -> None:
        street = rf"\b\d{{1,4}}[A-Za-z]?\s+{_WORD}(?:\s+{_WORD}){{0,3}}"
        town = rf"(?:,\s*{_WORD}(?:\s+{_WORD}){{0,2}})?"
        regex = rf"{street}{town}(?=,\s*{_POSTCODE}\b)"
        # No house number, but a street word: "Harkerbeck, Fellside Lane, Blackford CA6 4TW".
        named = rf"\b(?:{_WORD},\s*)?{_WORD}(?:\s+{_WORD}){{0,2}}\s+(?:{_STREET_WORDS})"
        unnumbered = rf"{named}(?:,\s*{_WORD}(?:\s+{_WORD}){{0,2}})?(?=,?\s+{_POSTCODE}\b)"
        super().__init__(
            supported_entity=Label.ADDRESS.value,
            name="address_before_postcode",
            patterns=[Pattern("address_before_postcode", regex, 0.85), Pattern("street_before_postcode", unnumbered, 0.85)],
            global_regex_flags=re.MULTILINE,
        )

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None) -> Any:
        """Every match ends before a postcode: a text without one has none (a cheap test first)."""
        if not _POSTCODE_RE.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Reject "3 times in Lewisham", "12 March": the words after the number must be a name."""
        words = pattern_text.split()[1:]
        months = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"}  # fmt: skip
        if not words or words[0] in months or words[0].lower() in {"of", "times", "years"}:
            return False
        return None
