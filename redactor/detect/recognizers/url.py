"""Web addresses (except the allowed public-sector sites) and IP addresses."""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# Characters that may appear in a URL after the host; a closing bracket or quote is trimmed
# later if it does not belong to the URL.
_URL_CHARS = r"[^\s<>\"\u201c\u201d\u2018\u2019|{}\\^`]"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_HOST = rf"(?:{_LABEL}\.)+[a-z]{{2,24}}"
_NOT_BEFORE = r"(?<![\w@.\-/:%])"
_SCHEME = rf"(?i:\b(?:https?|ftp)://{_URL_CHARS}+)"
_WWW = rf"{_NOT_BEFORE}(?i:www\.{_HOST}(?::\d{{2,5}})?(?:[/?#]{_URL_CHARS}*)?)"
# A bare host with a path: "example.com/jane", "facebook.com/leanne.marsden.5439".
_BARE_WITH_PATH = rf"{_NOT_BEFORE}(?i:{_HOST}/{_URL_CHARS}*)"
# A bare host without a path, only under common top-level domains ("roshnibakes.co.uk").
_COMMON_TLDS = r"(?:com|co\.uk|org\.uk|me\.uk|ltd\.uk|org|net|uk|io|me|info|biz|tv|app|online|site|shop|blog|co|page)"
_BARE = rf"{_NOT_BEFORE}(?i:(?:{_LABEL}\.)+{_COMMON_TLDS})(?![\w@\-]|\.\w)"
_TRAILING = ".,;:!?'\"*_"
_HOST_OF = regex.compile(r"(?i)^(?:[a-z][a-z0-9+.\-]*://)?(?:[^@/?#]*@)?([^/?#:]+)")
# DOMAIN.md section 2: gov.uk, legislation.gov.uk and nhs.uk are allowed, and so is police.uk;
# a GP practice's own site under nhs.uk still names the practice, so it is not allowed.
_ALLOWED_SUFFIXES = ("gov.uk", "police.uk", "nhs.uk")
# The hosts of the standard XML namespaces a Word package names ("http://schemas.openxmlformats.org/
# wordprocessingml/2006/main"): names of file formats, never of anyone, and everywhere in a package.
_NAMESPACE_HOSTS = frozenset({"schemas.openxmlformats.org", "schemas.microsoft.com", "www.w3.org", "w3.org", "purl.org",
                              "ns.adobe.com", "schemas.xmlsoap.org"})
_PRACTICE_WORDS = regex.compile(r"(?i)surgery|practice|medical|healthcentre|health-centre|\bgp|gp\b|clinic")


def _trim(found: str) -> str:
    """Drop a sentence's closing punctuation and unbalanced closing brackets from a URL."""
    while found:
        if found[-1] in _TRAILING:
            found = found[:-1]
        elif found[-1] == ")" and found.count(")") > found.count("("):
            found = found[:-1]
        elif found[-1] == "]" and found.count("]") > found.count("["):
            found = found[:-1]
        else:
            break
    return found


def is_allowed_url(found: str) -> bool:
    """Say whether a URL is on a site DOMAIN.md allows to stay (gov.uk, police.uk, nhs.uk), or
    is a standard XML namespace."""
    match = _HOST_OF.match(found)
    if match is None:
        return False
    host = match.group(1).lower().rstrip(".")
    if host in _NAMESPACE_HOSTS:
        return True
    for suffix in _ALLOWED_SUFFIXES:
        if host == suffix or host.endswith("." + suffix):
            subdomain = host[: -len(suffix)]
            return not (suffix == "nhs.uk" and _PRACTICE_WORDS.search(subdomain))
    return False


@register
class WebAddressRecognizer(PatternRecognizer):
    """Find web addresses.

    ``http(s)://`` and ``ftp://`` URLs and ``www.`` addresses score 0.9; a bare host with a path
    ("example.com/jane") 0.85; a bare host without a path only under common top-level domains
    (.com, .co.uk, .org, .net, .uk, .io ...) 0.5. The span drops a sentence's closing
    punctuation and unbalanced closing brackets. Addresses on gov.uk, police.uk and nhs.uk (and
    their subdomains; not a GP practice's site under nhs.uk) are not matched (DOMAIN.md).
    E-mail addresses are left to the e-mail recognizer.

    Not handled: bare hosts without a path under other top-level domains ("jane.example"),
    internationalised domain names, URLs split across lines or containing spaces, and shortened
    links written without a scheme ("bit.ly/x" is matched; "bit ly/x" is not).
    """

    #: Every web address it keeps has a dot before a letter or digit (its host).
    CUE = re.compile(r"\.\w")

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        (
            "Their online memorial page is at https://www.justgiving.example/remember-caz-jones and the choir's.",
            "https://www.justgiving.example/remember-caz-jones",
        ),
        (
            "Accessed via hounslowgazette.example.co.uk/crime/2020/01/29/husband-charged.",
            "hounslowgazette.example.co.uk/crime/2020/01/29/husband-charged",
        ),
        (
            "See also the family's fundraising page, www.gofundme.example/f/justice-for-simran.",
            "www.gofundme.example/f/justice-for-simran",
        ),
        ("Facebook, 2 April 2022, posted by Leanne (facebook.com/leanne.marsden.5439):", "facebook.com/leanne.marsden.5439"),
        ("Location: https://maps.example.com/?q=51.5164,-0.0596", "https://maps.example.com/?q=51.5164,-0.0596"),
        ("She marketed her cakes on a simple website (roshnibakes.co.uk).", "roshnibakes.co.uk"),
        (
            "The report (see https://en.wikipedia.org/wiki/Example_(disambiguation)) was cited.",
            "https://en.wikipedia.org/wiki/Example_(disambiguation)",
        ),
        ("The GP surgery site www.ashgrovesurgery.nhs.uk lists the partners.", "www.ashgrovesurgery.nhs.uk"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "The guidance is at https://www.gov.uk/government/publications/domestic-homicide-reviews.",
        "See https://www.legislation.gov.uk/ukpga/2004/28/section/9 for the duty.",
        "Advice on coercive control is on www.nhs.uk/live-well/ and www.police.uk.",
        "She e-mailed jane.smith85@example.com on 3 May 2019.",
        "The review met on 12/03/2019 at 14:30; see section 9.2 and the 2019/20 plan.",
        "The file Overview_v1.1.docx was circulated, e.g. to the panel.",
        "Kent Police's site, www.kent.police.uk/report, was updated.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.URL.value,
            name="url",
            patterns=[
                Pattern("url_scheme", _SCHEME, score=0.9),
                Pattern("url_www", _WWW, score=0.9),
                Pattern("url_bare_path", _BARE_WITH_PATH, score=0.85),
                Pattern("url_bare", _BARE, score=0.5),
            ],
            global_regex_flags=regex.MULTILINE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find URLs, trim trailing punctuation and drop allowed sites and e-mail domains."""
        kept: list[RecognizerResult] = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            found = _trim(text[result.start : result.end])
            if not found or is_allowed_url(found) or text[result.start + len(found) : result.start + len(found) + 1] == "@":
                continue
            if "." not in found.split("://", 1)[-1]:
                continue
            result.end = result.start + len(found)
            kept.append(result)
        return rescore(kept, lambda result: result.score)


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = rf"(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\w]|\.\d)"
_IPV6 = r"(?<![\w:.])(?i:[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?![\w:])"
_IP_CONTEXT = ("ip", "ip address", "ipv4", "ipv6", "logged in", "log-in", "login", "router", "server", "vpn", "isp")


@register
class IpAddressRecognizer(PatternRecognizer):
    """Find IPv4 and IPv6 addresses.

    IPv4 needs four octets of 0-255 and scores 0.9 with "IP", "IP address", "router", "VPN",
    "ISP" or "logged in" nearby; without a cue it scores 0.6 if an octet is over 31. If no
    octet is, the cue must come within 20 characters before it, so that section numbers such as
    "3.2.1.4" are left alone. IPv6 (8 groups or "::" compression,
    checked by ``ipaddress``) scores 0.85.

    Not handled: IPv4 addresses with leading zeros ("192.168.001.001"), with a port
    ("1.2.3.4:80" is matched without the port), written with spaces, and section-like addresses
    without a cue.
    """

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("The account was accessed from IP address 203.0.113.42 that night.", "203.0.113.42"),
        ("Police traced the log-in to 198.51.100.7, a VPN exit.", "198.51.100.7"),
        ("Her router (192.168.1.1) showed an unknown device.", "192.168.1.1"),
        ("The provider's records list 2001:db8::8a2e:370:7334 for the account.", "2001:db8::8a2e:370:7334"),
        ("Messages were sent from 81.2.69.160 on three occasions.", "81.2.69.160"),
        ("IP: 10.0.0.5 (home broadband)", "10.0.0.5"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "See paragraph 3.2.1.4 of the overview report.",
        "The call connected at 02:17:44 and lasted 12:30.",
        "Police attended on 12.03.2019 at 14.30.",
        "Version 1.2.3.4 of the form was used.",
        "The value 256.1.1.1 is not an address.",
        "Arrears of £1,200 (section 9.2) were noted in 2019/20.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.IP_ADDRESS.value,
            name="ip_address",
            patterns=[Pattern("ipv4", _IPV4, score=0.6), Pattern("ipv6", _IPV6, score=0.85)],
            global_regex_flags=regex.MULTILINE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find IP addresses, then score IPv4 by cue and octet size and check IPv6."""

        def score(result: RecognizerResult) -> float:
            found = text[result.start : result.end]
            if pattern_name(result) == "ipv6":
                return 0.85 if self._is_ipv6(found) else 0.0
            if max(int(octet) for octet in found.split(".")) > 31:
                return 0.9 if has_context(text, result.start, result.end, _IP_CONTEXT, before=40, after=15) else 0.6
            # Small octets look like section numbers ("3.2.1.4"): the cue must be right before.
            return 0.9 if has_context(text, result.start, result.end, _IP_CONTEXT, before=20, after=0) else 0.0

        return rescore(super().analyze(text, entities, nlp_artifacts, regex_flags), score)

    @staticmethod
    def _is_ipv6(found: str) -> bool:
        """Accept full (8-group) or "::"-compressed IPv6 addresses only; times have neither."""
        if "::" not in found and found.count(":") != 7:
            return False
        try:
            ipaddress.IPv6Address(found)
        except ValueError:
            return False
        return sum(1 for group in found.split(":") if group) >= 2
