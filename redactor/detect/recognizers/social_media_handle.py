"""Social media handles: @handles, and handles named after a platform ("her insta was jadey_b99")."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect.nlp import is_dictionary_word
from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import make_result, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# "@" not preceded by an e-mail local part, a URL or another "@"; up to 30 characters (the
# Instagram limit) of letters, digits, "_" and ".".
_AT_HANDLE = r"(?<![\w@.+\-/:%])@[A-Za-z0-9_][A-Za-z0-9_.]{0,29}(?![\w@]|\.\w*@)"
# A bare token with an underscore between letters or digits ("lewis_h_wigan"); not a file name
# ("DHR_Jane_Smith.docx") or a path.
_UNDERSCORE = r"(?<![\w@.\-/\\{])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+_?(?![\w@/\\\-]|\.\w)"
_PLATFORM_WORDS = (
    r"(?:instagram|insta|ig|snapchat|snap|tiktok|tik[ \-]tok|facebook|fb|twitter|threads|youtube|twitch|"
    r"discord|telegram|kik|reddit|tumblr|onlyfans|linkedin|pinterest|bebo|myspace|"
    r"user[ \-]?name|user|handle|screen[ \-]?name|gamertag|account|profile)"
)
_PLATFORM = regex.compile(rf"(?i)(?<![\w@.]){_PLATFORM_WORDS}(?!\w)")
_GAP = regex.compile(
    r"(?:[\s:,(\-\u2013]|(?i:was|is|as|name|named|called|account|handle|username|user|profile|page|id|her|his|their|my|"
    r"new|private|secret|second|fake|other|one|a|an|the|under|from|at|on|by|now|it['’]s|that['’]s|it)(?![\w.@]))*+"
)
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SAID_DIGIT = rf"(?:{_DIGIT_WORD}|double[ ]{_DIGIT_WORD})"
#: A handle said aloud: "wolfie underscore wilk eight eight", "kaz dot b ninety-one" (words joined by
#: "underscore" or "dot", or followed by digits said one by one).
_SAID_HANDLE = regex.compile(
    rf"(?i)[a-z][a-z0-9]*(?:[ ](?:underscore|dot)[ ][a-z0-9]+|[ ]{_SAID_DIGIT}(?![a-z]))+"
)
_TOKEN = regex.compile(r"[A-Za-z_][A-Za-z0-9_.]{1,29}(?![\w@/])")
_MAX_GAP = 40
_DOMAIN_END = regex.compile(r"(?i)\.(?:com|co\.uk|org\.uk|org|net|uk|io|me|info|biz|gov|ac)\Z")
_ABBREVIATION = regex.compile(r"(?i)(?:[a-z]\.)+[a-z]?|etc|ps|pp|am|pm")
_TIME = regex.compile(r"(?i)\d{1,2}(?:[.:]\d{2})?(?:am|pm|hrs?)")


@register
class SocialMediaHandleRecognizer(PatternRecognizer):
    """Find social media handles.

    An ``@handle`` (not inside an e-mail address, and not "@10pm") scores 0.85; the span keeps
    the "@". A handle without "@" scores 0.8 when it follows a platform or account word
    (Instagram, insta, Snapchat, TikTok, Facebook, Twitter, "username", "user", "account" ...)
    within 40 characters of filler ("her insta was", "Snapchat:", "a private one,") and either
    contains ``.``, ``_`` or a digit ("kezza_91", "jdot.francis") or is in quotes. Any bare
    token with an underscore inside ("lewis_h_wigan") scores 0.5, since prose has none; file
    names with an extension are left out. A closing full stop is not part of a handle.

    A handle said aloud after a platform word ("his Instagram, it's wolfie underscore wilk eight
    eight") scores 0.8 when words are joined by "underscore" or "dot" or digits are said.

    Not handled: plain-word handles without quotes ("her insta was jadeyb"), display names with
    spaces ("Facebook name Kezza Jones": a person name), handles that only a platform's URL
    carries (the URL recognizer takes those), and platform words more than 40 characters before.
    """

    #: Every handle holds "@" or "_", or follows a platform or account word.
    CUE = re.compile(rf"[@_]|(?i:(?<![\w@.]){_PLATFORM_WORDS}(?!\w))")

    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("Messages were sent from an account named @akh_official86 on Instagram.", "@akh_official86"),
        ("and she was obsessed with her insta, honestly, her insta was jadey_b99, it was all hair", "jadey_b99"),
        ("Snapchat: kezza_91 (the victim's sister confirmed this)", "kezza_91"),
        ("He is big on TikTok @x and posts most days.", "@x"),
        ("Social media: Instagram @jdot_nw10; Snapchat jdot.francis. The victim reports", "jdot.francis"),
        ("then she got a new insta, a private one, cerysx_priv, and only ten of us", "cerysx_priv"),
        ('Snapchat message to the sister, 11 July 2022, from user "lew.h87":', "lew.h87"),
        ("Comment from lewis_h_wigan: enjoy it while it lasts", "lewis_h_wigan"),
        ("Instagram story, 9 July 2022, from @gem.marsden:", "@gem.marsden"),
        ("Her Facebook name was 'jadeybabes' until 2021.", "jadeybabes"),
        ("on her Snap Map going where are you. His gamertag was xHunterKernowx. Tiny's is", "xHunterKernowx"),
        ("And his Instagram, it's wolfie underscore wilk eight eight. He made new ones.", "wolfie underscore wilk eight eight"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "She e-mailed jane.smith85@example.com on 3 May 2019.",
        "They met @10pm outside the pub.",
        "She deleted her Facebook account in 2019 and her Instagram at 10.30pm.",
        "The report DHR_Adult_A_v3.docx was circulated.",
        "Police attended on 12/03/2019 at 14:30 (section 9.2, arrears £1,200).",
        "Her Instagram, e.g. her stories, showed the bruises.",
        "He messaged her on Snapchat every night.",
        "On her account it said one two three, then nothing.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.SOCIAL_MEDIA_HANDLE.value,
            name="social_media_handle",
            patterns=[Pattern("at_handle", _AT_HANDLE, score=0.85), Pattern("underscore_token", _UNDERSCORE, score=0.5)],
            global_regex_flags=regex.MULTILINE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find @handles, underscore tokens and handles after platform words."""
        results = list(super().analyze(text, entities, nlp_artifacts, regex_flags))
        for result in results:  # a closing full stop ends the sentence, not the handle
            result.end = result.start + len(text[result.start : result.end].rstrip("."))
        results.extend(self._after_platform(text))

        def score(result: RecognizerResult) -> float:
            if pattern_name(result) == "underscore_token" and not text.strip().count(" "):
                return 0.0  # a lone token is markup (a Word shape id "shapetype_32"), not prose
            if pattern_name(result) == "at_handle":
                handle = text[result.start + 1 : result.end]
                if not any(ch.isalpha() for ch in handle) or _TIME.fullmatch(handle) or _DOMAIN_END.search(handle):
                    return 0.0
            return result.score

        return rescore(results, score)

    def _after_platform(self, text: str) -> list[RecognizerResult]:
        """Return the handle-like token that follows a platform or account word, if any."""
        entity = self.supported_entities[0]
        found: list[RecognizerResult] = []
        for platform in _PLATFORM.finditer(text):
            gap = _GAP.match(text, platform.end())
            start = gap.end() if gap is not None else platform.end()
            quote = text[start : start + 1]
            if quote in _QUOTES:
                start += 1
            if start - platform.end() > _MAX_GAP:
                continue
            said = _SAID_HANDLE.match(text, start)
            joined = said is not None and regex.search(r"(?i)[ ](?:underscore|dot)[ ]", said.group()) is not None
            if said is not None and (joined or not is_dictionary_word(said.group().split()[0].casefold())):
                # "wolfie underscore wilk eight eight"; never "it said one two three"
                found.append(make_result(self, entity, said.start(), said.end(), 0.8, "said_after_platform"))
                continue
            token = _TOKEN.match(text, start)
            if token is None:
                continue
            value = token.group(0).rstrip(".")
            end = token.start() + len(value)
            quoted = quote in _QUOTES and text[end : end + 1] == _QUOTES[quote]
            if self._is_handle(value, quoted=quoted):
                found.append(make_result(self, entity, token.start(), end, 0.8, "after_platform"))
        return found

    @staticmethod
    def _is_handle(value: str, *, quoted: bool) -> bool:
        """Say whether a token after a platform word looks like a handle, not a word."""
        if len(value) < 3 or _ABBREVIATION.fullmatch(value) or _DOMAIN_END.search(value):
            return False
        # "xHunterKernowx": a capital inside a word after a small letter, as gamertags run words together
        inner_capital = any(a.islower() and b.isupper() for a, b in itertools.pairwise(value))
        return quoted or inner_capital or any(ch in "._" or ch.isdigit() for ch in value)
