"""People named with a title or police rank: "Mrs Doe", "Dr Okafor", "DC Patel", "Sgt O'Neil"."""

from __future__ import annotations

import re

from presidio_analyzer import PatternRecognizer

from redactor.detect.gazetteer import is_surname
from redactor.detect.lists import is_listed_brand
from redactor.detect.nlp import is_dictionary_word
from redactor.detect.recognizers import Pattern, register
from redactor.document import Label
from redactor.names import PERSONAL_TITLES, TITLES

#: Police ranks as written before an officer's surname.
_POLICE_RANKS = frozenset({"PC", "DC", "PS", "DS", "DI", "DCI", "Sgt", "PCSO", "Insp", "Supt"})
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
        ("CHILD TO MATERNAL GRANDMOTHER MRS ANN WALTON, 11 FIRTH PARK AVENUE.", "MRS ANN WALTON"),
        ("She talked to the priest, Father Wojciech, about it.", "Father Wojciech"),
        ("Auntie Sheila took the children.", "Auntie Sheila"),
        ("Interviewing officers: DC 2214 Whitaker, DC 5170 Akhtar", "DC 2214 Whitaker"),
        ("The officer was nice, PC Bolt. He arranged a lock.", "PC Bolt"),
    )
    SHOULD_NOT_MATCH = (
        "Mrs J told the panel she was afraid.",
        "The PC attended at 21:40.",
        "PC 4471 attended.",
        "mr smith was there",
        "The DC said it was a mister whippy van.",
        "Mr. and Mrs. were written on the form.",
        "Officer Safety Training was refreshed in 2020.",
        "DC ATTENDED THE ADDRESS AT 23:40.",
        "They dressed as Father Christmas.",
        "He bought the laptop at PC World in 2019.",
    )

    def __init__(self) -> None:
        titles = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(TITLES, key=len, reverse=True))
        upper = "|".join(sorted({t.upper() for t in PERSONAL_TITLES}, key=len, reverse=True))
        caps_name = r"[A-Z][A-Z'’-]+(?!\w)"
        ranks = "PC|DC|PS|DS|Sgt|Insp|PCSO"
        regex = (
            rf"\b(?:(?:{titles})\.?\s+{_NAME}(?:\s+{_NAME})?"
            # A rank, a collar number, then the name: "DC 2214 Whitaker", "PS 1207 HIRST".
            rf"|(?:{ranks})\s?\d{{2,5}}\s+(?:{_NAME}|{caps_name})"
            # A police log in capitals: "MRS ANN WALTON" (personal titles only: "PC ATTENDED").
            rf"|(?:{upper})\.?\s+(?:[A-Z]\s+)?{caps_name}(?:\s+{caps_name})?)"
        )
        super().__init__(
            supported_entity=Label.PERSON.value,
            name="titled_name",
            patterns=[Pattern("titled_name", regex, 0.75)],
            global_regex_flags=re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Drop "Father Christmas", "Officer Safety Training": a role word before ordinary words.

        Personal titles (Mr, Mrs, Ms, Miss, Mx, Dr) are names whatever follows ("Mrs Green").
        """
        title, _, rest = pattern_text.partition(" ")
        if title.rstrip(".").title() in PERSONAL_TITLES or title.rstrip(".") in PERSONAL_TITLES:
            return None
        words = [w for w in re.split(r"\s+", rest.strip()) if w]
        if (
            title.rstrip(".") in _POLICE_RANKS and len(words) == 1 and words[0].istitle() and is_surname(words[0])
            and not is_listed_brand(" ".join(pattern_text.split()))
        ):
            return None  # "PC Bolt", "DC Wood": an officer by a surname that is also a word; not "PC World"
        if words and all(is_dictionary_word(w) for w in words):
            return False
        return None
