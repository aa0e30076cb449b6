"""People referred to by dotted initials, as reports do: "C.J.D.'s risk", "In interview (A.O.)"."""

from __future__ import annotations

import re

from presidio_analyzer import PatternRecognizer

from redactor.detect.recognizers import Pattern, register
from redactor.document import Label

#: Dotted abbreviations that are not people.
NOT_INITIALS = frozenset(
    {
        "A.M.", "P.M.", "U.K.", "U.S.", "U.S.A.", "E.U.", "N.B.", "P.S.", "R.I.P.", "D.O.B.", "D.O.D.", "Q.C.", "K.C.",
        "B.A.", "M.A.", "B.Sc.", "M.Sc.", "Ph.D.", "M.P.", "J.P.", "G.P.", "A.K.A.", "E.T.A.", "V.A.T.", "N.H.S.",
        "C.I.D.", "R.S.V.P.", "I.D.", "T.V.", "P.T.O.", "A.D.", "B.C.", "O.K.",
    }
)  # fmt: skip


@register
class InitialsRecognizer(PatternRecognizer):
    """Two to four capital initials, each followed by a full stop ("A.K.H.", "J. S.").

    Scored low (0.5): initials are the weakest pseudonym when they are the real ones (DOMAIN.md),
    so they are replaced. Not handled: undotted initials ("JS", too often an acronym); those of
    people the case file lists are found by linking.
    """

    SHOULD_MATCH = (
        ("a) C.J.D.'s risk was assessed as standard.", "C.J.D."),
        ("In interview (A.O., 9 November 2022) she said so.", "A.O."),
        ("4.7 D.P.M. declined to take part in the review.", "D.P.M."),
        ("The panel thanks J. S. for her account.", "J. S."),
        ("A.K.H. was never assessed by an IDVA.", "A.K.H."),
        ("Statement of R.T.W., the neighbour.", "R.T.W."),
    )
    SHOULD_NOT_MATCH = (
        "She was seen at 9 a.m. by the GP.",
        "He moved to the U.K. in 2006.",
        "D.O.B. was recorded wrongly.",
        "Q. Did you call the police? A. No.",
        "See section 4.2 and 4.3.",
        "N.B. the log was incomplete.",
    )

    def __init__(self) -> None:
        regex = r"(?<![\w.])(?:[A-Z]\.\s?){1,3}[A-Z]\.(?![\w.]|\s?[A-Z]\.)"
        super().__init__(
            supported_entity=Label.PERSON.value,
            name="initials",
            patterns=[Pattern("dotted_initials", regex, 0.5)],
            global_regex_flags=re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Drop known abbreviations ("U.K.", "D.O.B.")."""
        return False if pattern_text.replace(" ", "") in NOT_INITIALS else None
