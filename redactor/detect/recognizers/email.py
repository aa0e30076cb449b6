"""E-mail addresses, by our own regex (Presidio's recognizer downloads a suffix list)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.recognizers import register
from redactor.document import Label

# Local part: starts with a word character, then word characters and . % + ' - (o'connor@;
# a mistyped "jane.@" still matches). Not preceded by another local-part character, so
# "mailto:" and quotes are left out.
_LOCAL = r"(?<![\w.%+\-])\w[\w.%+'\-]*"
# Domain: dot-separated labels, then a letter-only top-level domain of 2-63 letters.
_DOMAIN = r"(?:\w(?:[\w\-]{0,61}\w)?\.)+[A-Za-z]{2,63}(?![\w\-])"
_EMAIL = _LOCAL + "@" + _DOMAIN


@register
class EmailAddressRecognizer(PatternRecognizer):
    """Find e-mail addresses, including those inside ``mailto:`` links. Score 0.95.

    The span is the address only: a ``mailto:`` prefix, a ``?subject=`` suffix, brackets and a
    sentence's closing full stop are left out.

    Not handled: obfuscated addresses ("jane at example dot com", "jane[at]example.com"),
    percent-encoded ones (``jane%40example.com``), quoted local parts, addresses at an IP
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
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The force posted an appeal from @MetPoliceUK on 12/03/2019.",
        "Her handle was @jane_smith85 on two platforms.",
        "The e-mail address was withheld at the family's request.",
        "The test account user@localhost was used by the IT team.",
        "The meeting at 14:30 agreed arrears of £1,200 (section 9.2, 2019/20).",
        "See the guidance at www.gov.uk/domestic-homicide-reviews.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.EMAIL_ADDRESS.value,
            name="email",
            patterns=[Pattern("email", _EMAIL, score=0.95)],
        )
