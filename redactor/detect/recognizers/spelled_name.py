"""Names spelled out letter by letter in transcripts: "that's P-A-T-E-L", "N I A M H"."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import TextRecognizer, has_context, make_result
from redactor.document import Label
from redactor.name_forms import ACCENT_SAID, SPELLING_JOINER

NAME = "spelled_name"
CUED_SCORE = 0.85  # after "spell", "spelt", "that's", "letters"
HYPHEN_SCORE = 0.75  # four or more hyphenated letters without a cue: "S-I-O-B-H-A-N"
SPACED_SCORE = 0.6  # four or more spaced capitals without a cue: "N I A M H"
_LETTER = r"(?:double[- ])?\p{L}"
#: Letters joined by hyphens ("P-A-T-E-L", "M-A-double-L"), by spaces or commas between
#: capitals ("N I A M H", "P, A, T"), or by dots ("P.A.T.E.L").
_GROUP = rf"(?:double[- ])?\p{{Lu}}(?:-(?:double[- ])?\p{{Lu}})*(?:{ACCENT_SAID})?"
_ITEM = r"(?:(?i:double)[ ]\p{Lu}|\p{Lu}(?:[ ]for[ ]\p{Lu}\p{Ll}+)?)"
_JOINER = SPELLING_JOINER
_SPELLED = regex.compile(
    rf"(?<![\w-])(?:{_LETTER}(?:-{_LETTER}){{2,}}(?![\w-]|,[ ](?:double|{_JOINER},|\p{{Lu}}\b))"
    rf"|{_GROUP}(?:,[ ]{_GROUP}){{2,}}(?![\w-])"  # "G-W-E-N, double-L, I-A-N", "T, A, double-N, E, R"
    rf"|{_GROUP},[ ]{_JOINER},[ ]{_GROUP}(?:,[ ]{_GROUP})*(?![\w-])"  # "K-E-R-R-Y, hyphen, A-N-N"
    rf"|{_GROUP},[ ]double-\p{{Lu}}(?![\w-])"  # "R-E-B-E-C-C-A, double-C": the doubled letter said again
    r"|\p{Lu}(?:,?[ ]\p{Lu}){2,}(?![\w-])"
    # "P for Peter, A, T, E, L", "O apostrophe K double E F E": letters made clear with a word,
    # doubled, or with the apostrophe said.
    rf"|{_ITEM}(?:,?[ ](?:apostrophe,?[ ])?{_ITEM}){{2,}}(?![\w-])"
    r"|\p{L}(?:\.\p{L}){3,}\.?(?![\w-]))"
)
_CUES = ("spell", "spelt", "spelled", "spelling", "that's", "thats", "it's", "letters", "with a", "capital")


@register
class SpelledNameRecognizer(TextRecognizer):
    """Find names spelled out on request: letters joined by hyphens, spaces or dots.

    Three letters or more after a spelling cue ("spell", "spelt", "that's", "letters"); four or
    more without one. A spelled name is a person's: linking gives it the person's pseudonym when
    the letters make a name the case knows. Not handled: letters said as words ("pee ay tee"),
    spelled names split over two turns.
    """

    LABEL = Label.PERSON.value
    NAME = NAME

    SHOULD_MATCH = (
        ("Her surname, that's P-A-T-E-L.", "P-A-T-E-L"),
        ("It's spelt N I A M H, the Irish way.", "N I A M H"),
        ("Siobhan, S-I-O-B-H-A-N, she was my best friend.", "S-I-O-B-H-A-N"),
        ("can you spell that? M-A-double-L-O-Y", "M-A-double-L-O-Y"),
        ("yeah it's K, E, R, R, Y", "K, E, R, R, Y"),
        ("the name was spelled J.O.N.E.S. in the notes", "J.O.N.E.S."),
        ("It's Gwenllian. G-W-E-N, double-L, I-A-N. Everybody", "G-W-E-N, double-L, I-A-N"),
        ("PAWEL: W, I, S with a line on top, N, I, E, W, S, K, I. But", "W, I, S with a line on top, N, I, E, W, S, K, I"),
        ("FRIEND: Patel, P for Peter, A, T, E, L.", "P for Peter, A, T, E, L"),
        ("FRIEND: O'Keefe, O apostrophe K double E F E.", "O apostrophe K double E F E"),
        ("DL: K-E-R-R-Y, hyphen, A-N-N. Two Rs, two Ns.", "K-E-R-R-Y, hyphen, A-N-N"),
        ("And everybody calls her Aga. A-G-A.", "A-G-A"),
        ("KM: K-A, new word, M-I-N-G. Two words, no hyphen.", "K-A, new word, M-I-N-G"),
        ("RB: You will have, duck. Rebecca. R-E-B-E-C-C-A, double-C, her mam were particular", "R-E-B-E-C-C-A, double-C"),
    )
    SHOULD_NOT_MATCH = (
        "The MARAC met on Tuesday.",
        "She was on a T-shirt-and-jeans budget.",
        "I went A to B in the car",
        "the X-ray showed nothing",
        "U.K. and E.U. rules",
    )

    def find(self, text: str) -> list[RecognizerResult]:
        """Return names spelled out in ``text``."""
        results = []
        for match in _SPELLED.finditer(text):
            piece = match.group()
            bare = regex.sub(rf",[ ]{_JOINER},", ",", regex.sub(ACCENT_SAID, "", piece))
            letters = [c for c in regex.sub(r"(?i)double", "", bare) if c.isalpha()]
            parts = [p for p in regex.split(r"[-, ]+", bare) if p]
            if "-" in bare and not all(len(part) == 1 or part.casefold() == "double" for part in parts):
                continue
            cued = has_context(text, match.start(), match.end(), _CUES, before=40, after=0)
            # "everybody calls her Aga. A-G-A.": the name just said, spelled.
            said = "".join(letters)
            before = text[max(0, match.start() - 80) : match.start()]
            echo = len(letters) >= 3 and regex.search(rf"(?i)\b{regex.escape(said)}\b", before) is not None
            if (cued or echo) and len(letters) >= 3:
                score = CUED_SCORE
            elif len(letters) >= 4:
                score = HYPHEN_SCORE if "-" in piece else SPACED_SCORE
            else:
                continue
            results.append(make_result(self, Label.PERSON.value, match.start(), match.end(), score, "spelled"))
        return results
