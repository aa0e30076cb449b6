"""E-mail addresses, by our own regex (Presidio's recognizer downloads a suffix list)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.nlp import is_stop_word
from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import make_result
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# Local part: starts with a word character, then word characters and . % + ' - (o'connor@;
# a mistyped "jane.@" still matches). Not preceded by another local-part character, so
# "mailto:" and quotes are left out.
_LOCAL = r"(?<![\w.%+\-])\w[\w.%+'\-]*"
# Domain: dot-separated labels, then a letter-only top-level domain of 2-63 letters.
_DOMAIN = r"(?:\w(?:[\w\-]{0,61}\w)?\.)+[A-Za-z]{2,63}(?![\w\-])"
_EMAIL = _LOCAL + "@" + _DOMAIN
# An address said aloud or written to dodge filters: "jane dot doe at gmail dot com",
# "jane.doe at hotmail.co.uk", "jane[at]example.com". Its local part and domain are words joined
# by "dot" (said) or "."; the domain ends in a common top-level domain.
_SAID_JOIN = r"(?:[ ]+(?:dot|underscore|hyphen|dash)[ ]+|[._\-])"
_SAID_DOT = r"(?:[ ]+dot[ ]+|\.)"
_SPOKEN = (
    r"(?i)(?<![\w.@])(?P<local>[a-z0-9]+(?:" + _SAID_JOIN + r"[a-z0-9]+)*)"
    r"(?:[ ]+at[ ]+|[ ]?[\[(]at[\])][ ]?)"
    r"(?P<domain>[a-z0-9\-]+(?:" + _SAID_DOT + r"[a-z0-9\-]+)*" + _SAID_DOT
    + r"(?:com|net|org|co|uk|ie|io|me|info|biz|ac|gov|nhs)(?:" + _SAID_DOT + r"(?:uk|net|com))?)(?![\w])"
)
_SPOKEN_RE = regex.compile(_SPOKEN)
#: What must stand before " at " for an address written "jane.doe at hotmail.co.uk".
_JOINED_BEFORE_AT = regex.compile(r"\w[._-]\w+$")


def _said_address(match: regex.Match[str]) -> bool:
    """Say whether a match of the said pattern is an address: a "dot" said or a local part
    joined ("jane.doe at hotmail.co.uk"), never "him at google.com", a word and a web address."""
    local, domain = match.group("local"), match.group("domain")
    said = regex.search(r"(?i)[ ]dot[ ]", match.group()) is not None
    joined = regex.search(r"[._\-\d]|(?i:[ ](?:dot|underscore|hyphen|dash)[ ])", local) is not None
    return (said or joined) and not is_stop_word(local) and not domain.isdigit()


def _may_be_said(text: str) -> bool:
    """A cheap test before the pattern above: a said "dot", "[at]" or "(at)", or "x.y at"."""
    if " dot " in text or " Dot " in text or " DOT " in text or "[at]" in text or "(at)" in text:
        return True
    at = text.find(" at ")
    while at != -1:
        if _JOINED_BEFORE_AT.search(text, max(0, at - 40), at):
            return True
        at = text.find(" at ", at + 4)
    return False


@register
class EmailAddressRecognizer(PatternRecognizer):
    """Find e-mail addresses, including those inside ``mailto:`` links. Score 0.95.

    The span is the address only: a ``mailto:`` prefix, a ``?subject=`` suffix, brackets and a
    sentence's closing full stop are left out.

    An address said aloud or disguised ("jane dot doe at gmail dot com", "jane.doe at
    hotmail.co.uk", "jane[at]example.com") scores 0.85 when a "dot" is said or the local part is
    joined ("jane.doe"); "him at google.com" is a word and a web address.

    Not handled: percent-encoded ones (``jane%40example.com``), quoted local parts, addresses at an IP
    literal or a bare host without a dot (``jane@localhost``), internationalised (non-ASCII or
    punycode) top-level domains, and addresses split across lines. A missing space after the
    address ("jane@example.com.Then") takes the next word too.
    """

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        (
            "Jane e-mailed the IDVA from jane.smith85@example.com on 3 May 2019.",
            "jane.smith85@example.com",
        ),
        (
            'The referral form linked to <a href="mailto:j.brown@example.org.uk">the worker</a>.',
            "j.brown@example.org.uk",
        ),
        (
            "Her address (JANE_SMITH@EXAMPLE.CO.UK) was on the MARAC referral.",
            "JANE_SMITH@EXAMPLE.CO.UK",
        ),
        (
            "mailto:idva.service+referrals@example.net?subject=DHR",
            "idva.service+referrals@example.net",
        ),
        (
            "The perpetrator used o'connor.k@example.com to contact her.",
            "o'connor.k@example.com",
        ),
        ("Messages were forwarded to a.b-c@mail.example.com.", "a.b-c@mail.example.com"),
        ("Contacts: jane@example.com;john@example.com", "john@example.com"),
        ("Her email was jane dot doe at gmail dot com, she said.", "jane dot doe at gmail dot com"),
        ("It's jane.doe at hotmail.co.uk if you need it.", "jane.doe at hotmail.co.uk"),
        ("Write to k.price[at]example.org today.", "k.price[at]example.org"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The force posted an appeal from @MetPoliceUK on 12/03/2019.",
        "Her handle was @jane_smith85 on two platforms.",
        "The e-mail address was withheld at the family's request.",
        "The test account user@localhost was used by the IT team.",
        "The meeting at 14:30 agreed arrears of £1,200 (section 9.2, 2019/20).",
        "See the guidance at www.gov.uk/domestic-homicide-reviews.",
        "I looked him up at google.com and found nothing.",
        "She signed in at facebook.com that night.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.EMAIL_ADDRESS.value,
            name="email",
            patterns=[Pattern("email", _EMAIL, score=0.95)],
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Written addresses, then, where a text says "dot" or writes "[at]" or "x.y at", said ones."""
        results = list(super().analyze(text, entities, nlp_artifacts, regex_flags) or ())
        if _may_be_said(text):
            for match in _SPOKEN_RE.finditer(text):
                if _said_address(match):
                    results.append(make_result(self, Label.EMAIL_ADDRESS.value, match.start(), match.end(), 0.85, "email_said"))
        return results

    def validate_result(self, pattern_text: str) -> bool | None:
        """An address said aloud needs a said "dot" or a joined local part ("jane.doe at
        hotmail.co.uk"), never "him at google.com", a word and a web address."""
        if "@" in pattern_text:
            return None
        match = _SPOKEN_RE.match(pattern_text)
        return match is not None and _said_address(match)
