"""Bank details: sort codes, account numbers, IBANs (mod-97) and payment card numbers (Luhn)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult
from stdnum import iban, luhn

from redactor.detect.recognizers import Pattern, register
from redactor.detect.recognizers._context import has_context, make_result, pattern_name, rescore
from redactor.document import Label

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_SP = r"[ \u00a0]"
_NOT_BEFORE = r"(?<![\w/.\-+£$€])"
_NOT_AFTER = r"(?![\w/%£]|[.,\-]\d)"
_SORT_CODE_HYPHEN = rf"{_NOT_BEFORE}\d{{2}}-\d{{2}}-\d{{2}}{_NOT_AFTER}"
# Spaced sort codes, not the middle of a NINO ("QQ 12 34 56 C") or of a longer digit run.
_SORT_CODE_SPACED = (
    rf"{_NOT_BEFORE}(?<![A-Z]{{2}}{_SP})(?<!\d{_SP})\d{{2}}{_SP}\d{{2}}{_SP}\d{{2}}{_NOT_AFTER}(?!{_SP}?(?:\d|[A-D]\b))"
)
_SIX_DIGITS = rf"{_NOT_BEFORE}(?<!\d{_SP})\d{{6}}{_NOT_AFTER}(?!{_SP}\d)"
_ACCOUNT = rf"{_NOT_BEFORE}(?<!\d{_SP})(?:\d{{8}}|\d{{4}}{_SP}\d{{4}}){_NOT_AFTER}(?!{_SP}\d)"
_CARD = rf"{_NOT_BEFORE}(?<!\d{_SP})\d(?:[ \u00a0\-]?\d){{11,18}}{_NOT_AFTER}(?!{_SP}\d)"
# IBAN: country, check digits, then groups; candidates are trimmed group by group until valid.
_IBAN = regex.compile(rf"(?<![\w])(?i:[A-Z]{{2}}\d{{2}}(?:{_SP}?[A-Z0-9]{{4}}){{2,7}}(?:{_SP}?[A-Z0-9]{{1,3}})?)(?!\w)")
_IBAN_GROUP_END = regex.compile(rf"{_SP}?[A-Z0-9]{{1,4}}\Z", regex.IGNORECASE)
#: The last digits of a card or account, said or masked: "card ending 9021", "account ending in
#: 4418", "last four 9021", "**** **** **** 9021".
_PARTIAL = regex.compile(
    r"(?i:\b(?:card|account|a/c|acc)(?:[ \u00a0]+(?:number|no\.?))?[ \u00a0]+"
    r"(?:ending(?:[ \u00a0]+in)?|ends[ \u00a0]+in|ended[ \u00a0]+in|ends|last[ \u00a0]+(?:four|4)(?:[ \u00a0]+digits)?)"
    r"[ \u00a0:-]*(?:[ \u00a0]+(?:is|was)[ \u00a0]+)?)(\d{4})(?![\w/%£]|[.,\-]\d)"
    r"|(?:[*xX•]{4}[ \u00a0-]?){1,3}(\d{4})(?![\w/%£]|[.,\-]\d)"
)
_CARD_LAYOUT = regex.compile(r"\d{4}([ \u00a0\-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ \u00a0\-])\d{6}\2\d{5}")

_SORT_CODE_WORDS = ("sort code", "sort-code", "sortcode", "s/c")
_SORT_CONTEXT = ("sort code", "sort-code", "sortcode", "s/c", "bank", "banks", "account", "acc", "a/c", "branch")
_ACCOUNT_CONTEXT = (
    "account",
    "accounts",
    "acc",
    "acct",
    "a/c",
    "account number",
    "account no",
    "acc no",
    "bank",
    "sort code",
    "savings",
    "current account",
)
_STRONG_ACCOUNT_CONTEXT = ("account number", "account no", "acc no", "a/c", "acct no", "account #")
_CARD_CONTEXT = (
    "card",
    "cards",
    "card number",
    "card no",
    "cc",
    "visa",
    "mastercard",
    "amex",
    "maestro",
    "debit",
    "credit",
    "pan",
)


def _is_date_like(first: int, second: int, third: int) -> bool:
    """Say whether three 2-digit numbers could be a day-first, month-first or year-first date."""
    return (
        (1 <= first <= 31 and 1 <= second <= 12)
        or (1 <= first <= 12 and 1 <= second <= 31)
        or (1 <= second <= 12 and 1 <= third <= 31)
    )


def _is_ddmmyyyy(digits: str) -> bool:
    """Say whether 8 digits read as a real date DDMMYYYY or YYYYMMDD in 1900-2099."""
    for day, month, year in ((digits[:2], digits[2:4], digits[4:]), (digits[6:], digits[4:6], digits[:4])):
        if year[:2] in {"19", "20"}:
            try:
                datetime.date(int(year), int(month), int(day))
            except ValueError:
                continue
            return True
    return False


@register
class UkBankDetailsRecognizer(PatternRecognizer):
    """Find sort codes, account numbers, IBANs and payment card numbers.

    Sort codes: "12-34-56" scores 0.9 with a cue ("sort code", "bank", "account", "a/c") up to 40
    characters before or 15 after, and 0.45 without one. One that could be a date ("12-03-19")
    needs "sort code" itself, since "account" is also a narrative word ("her account of 12-03-19").
    "12 34 56" needs a cue and "123456" needs "sort code" (0.85).
    Account numbers: 8 digits (or 4 + 4) need an account or bank cue (0.85); an 8-digit date
    such as 12032019 needs "account number" or "a/c". IBANs pass the mod-97 check
    (python-stdnum) at 0.95, in any case, with or without spaces between groups of four. Card
    numbers: 12 to 19 digits, optionally split by spaces or hyphens, must pass Luhn; they score
    0.9 in 4-4-4-4 (or Amex 4-6-5) layout or after a card cue ("card", "Visa", "debit" ...),
    and 0.4 otherwise (12 digits need the cue). A mistyped IBAN or card number (failing its
    checksum) is not matched, whatever the cue.

    The last four digits of a card or account, said ("card ending 9021", "account ending in
    4418") or masked ("**** **** **** 9021"), score 0.85.

    Not handled: 7- or 10-digit account
    numbers, building society roll numbers, sort codes with dots, IBANs split other than in
    groups of four, and account numbers whose cue is more than 40 characters away.
    """

    NEEDS_DIGIT = True  # every match holds a digit: the engine skips texts without one
    SHOULD_MATCH: tuple[tuple[str, str], ...] = (
        ("£2,350 was transferred from her account (sort code 40-11-62, account 31926054).", "40-11-62"),
        ("£2,350 was transferred from her account (sort code 40-11-62, account 31926054).", "31926054"),
        ("sort code 60-83-71 acc 20071349. dont mess it up", "20071349"),
        ("The account was 41207763, sort code 20-45-77, I gave the police all that.", "41207763"),
        ("Her pension went to sort code 09-01-28, account no. 70461325, opened online.", "09-01-28"),
        ("Payments went to the joint account (IBAN GB58 BARC 2004 1563 9172 24).", "GB58 BARC 2004 1563 9172 24"),
        ("The transfer reached GB82WEST12345698765432 the same day.", "GB82WEST12345698765432"),
        ("Her debit card 4111 1111 1111 1111 was used at 02:14.", "4111 1111 1111 1111"),
        ("He kept her card, number 4111111111111111, in his wallet.", "4111111111111111"),
        ("Bank statements list her sort code as 20 45 77.", "20 45 77"),
        ("The money went to 20-45-77 the next morning.", "20-45-77"),
        ("Debit card ending 9021 was used at the pub.", "9021"),
        ("The transfers out of the account ending in 4418 stopped.", "4418"),
        ("Card: **** **** **** 9021, expired.", "9021"),
    )
    SHOULD_NOT_MATCH: tuple[str, ...] = (
        "Police attended on 12-03-19 at 14:30.",
        "Her NI number QQ 12 34 56 C was on the benefits file.",
        "The reference 12345678 appears on the letter.",
        "Arrears of £1,200 are discussed in section 9.2 of the 2019/20 report.",
        "A card number 4111 1111 1111 1112 was never issued.",
        "The scores were 12 34 56 across the three assessments.",
        "Her NHS number 999 000 0018 was on the referral.",
        "Her account ending the relationship was given in 2019.",
        "The IBAN field GB00 WEST 1234 5698 7654 32 was blank on the form.",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=Label.BANK_DETAILS.value,
            name="uk_bank_details",
            patterns=[
                Pattern("sort_code_hyphen", _SORT_CODE_HYPHEN, score=0.9),
                Pattern("sort_code_spaced", _SORT_CODE_SPACED, score=0.85),
                Pattern("sort_code_bare", _SIX_DIGITS, score=0.85),
                Pattern("account_number", _ACCOUNT, score=0.85),
                Pattern("card_number", _CARD, score=0.9),
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
        """Find the shapes, then score each by its checksum, layout and cue."""

        def near(result: RecognizerResult, words: tuple[str, ...], before: int = 40, after: int = 15) -> bool:
            return has_context(text, result.start, result.end, words, before=before, after=after)

        def score(result: RecognizerResult) -> float:
            found = text[result.start : result.end]
            digits = "".join(ch for ch in found if ch.isdigit())
            name = pattern_name(result)
            if name == "sort_code_hyphen":
                if not _is_date_like(*(int(part) for part in found.split("-"))):
                    return 0.9 if near(result, _SORT_CONTEXT) else 0.45
                return 0.9 if near(result, _SORT_CODE_WORDS) else 0.0
            if name == "sort_code_spaced":
                return 0.85 if near(result, _SORT_CONTEXT) else 0.0
            if name == "sort_code_bare":
                return 0.85 if near(result, _SORT_CODE_WORDS, before=30, after=0) else 0.0
            if name == "account_number":
                if not near(result, _ACCOUNT_CONTEXT):
                    return 0.0
                if len(digits) == 8 and _is_ddmmyyyy(digits) and not near(result, _STRONG_ACCOUNT_CONTEXT):
                    return 0.0
                return 0.85
            if name == "card_number":
                cue = near(result, _CARD_CONTEXT, before=50, after=15)
                if not luhn.is_valid(digits):
                    return 0.0
                if cue or _CARD_LAYOUT.fullmatch(found):
                    return 0.9
                return 0.4 if len(digits) >= 13 else 0.0  # 12 digits (some Maestro cards) need the cue
            return result.score  # iban: scored when found

        results = list(super().analyze(text, entities, nlp_artifacts, regex_flags))
        results.extend(self._ibans(text))
        for match in _PARTIAL.finditer(text):  # "card ending 9021": the digits only
            group = 1 if match.group(1) else 2
            results.append(make_result(self, self.supported_entities[0], match.start(group), match.end(group), 0.85, "partial"))
        return rescore(results, score)

    def _ibans(self, text: str) -> list[RecognizerResult]:
        """Return IBANs that pass mod-97, trimming trailing groups that belong to the next words."""
        entity = self.supported_entities[0]
        found: list[RecognizerResult] = []
        for match in _IBAN.finditer(text):
            candidate = match.group(0)
            while len(iban.compact(candidate)) >= 15:
                if iban.is_valid(candidate):
                    found.append(make_result(self, entity, match.start(), match.start() + len(candidate), 0.95, "iban"))
                    break
                candidate = _IBAN_GROUP_END.sub("", candidate)
        return found
