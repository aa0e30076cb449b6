"""People named with a title or police rank: "Mrs Doe", "Dr Okafor", "DC Patel", "Sgt O'Neil"."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.recognizers import register
from redactor.document import Label
from redactor.names import TITLES

_NAME = r"(?:(?:[A-Z]['’])?(?:Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)*|[A-Z]{2,}(?!\w))"


@register
class TitledNameRecognizer(PatternRecognizer):
    """A title or rank, then one or two capitalised name words.

    Not handled: a title followed by a single initial ("Mrs J", a common pseudonym style, is
    left alone on purpose), lower-case names, and "Mr and Mrs Doe" (only "Mrs Doe" is found).
    """

    SHOULD_MATCH = (
        ("The GP, Dr Okafor, saw her on 3 May.", "Dr Okafor"),
        ("Mrs Doe’s sister called the police.", "Mrs Doe"),
        ("DC Patel attended the address.", "DC Patel"),
        ("Sgt O'Neil reviewed the log.", "Sgt O'Neil"),
        ("Mr. Kowalczyk declined to attend.", "Mr. Kowalczyk"),
        ("She told Ms Adaeze Nwosu about the threats.", "Ms Adaeze Nwosu"),
        ("Statement taken by PC MACDONALD at 21:40.", "PC MACDONALD"),
    )
    SHOULD_NOT_MATCH = (
        "Mrs J told the panel she was afraid.",
        "The PC attended at 21:40.",
        "PC 4471 attended.",
        "mr smith was there",
        "The DC said it was a mister whippy van.",
        "Mr. and Mrs. were written on the form.",
    )

    def __init__(self) -> None:
        titles = "|".join(TITLES)
        regex = rf"\b(?:{titles})\.?\s+{_NAME}(?:\s+{_NAME})?"
        super().__init__(
            supported_entity=Label.PERSON.value,
            name="titled_name",
            patterns=[Pattern("titled_name", regex, 0.75)],
            global_regex_flags=re.MULTILINE,
        )
