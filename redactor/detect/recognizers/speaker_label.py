"""Speakers named at the start of a transcript line: "JANE:", "Mr Kowalczyk:", "Auntie Sheila:"."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from redactor.detect.gazetteer import is_first_name, is_surname
from redactor.detect.lists import not_label_words
from redactor.detect.nlp import is_dictionary_word
from redactor.detect.recognizers import register
from redactor.document import Label
from redactor.names import TITLES

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


NAME_SCORE = 0.85  # "Jane Smith:", "FLORENTINA:", "Mr Kowalczyk:"
WORD_NAME_SCORE = 0.6  # a listed first name that is also a word: "ROSE:", "Will:"
INITIAL_SCORE = 0.5  # "Mr K:": an initial, weakest when it is the real one (DOMAIN.md section 3)
UNKNOWN_SCORE = 0.45  # one unlisted word that is not English either: most likely a name
CONTACT_SCORE = 0.7  # a chat export's sender, whatever its words: "Dolly Mixture 💋:"
#: How the recognizer is named in results and audit records.
NAME = "speaker_label"

_WORD = r"\p{Lu}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*(?:-\p{Lu}[\p{L}\p{M}]*)*"
_TITLE_ALT = "|".join(sorted((t for t in TITLES), key=len, reverse=True))
#: A line start, then an optional bullet, timestamp ("[00:01:04]", "[03/11/2020, 21:14:02]",
#: "10:42") and bold markup, then the label, an optional note in brackets, and the colon.
_LABEL = regex.compile(
    r"^[ \t]*(?:[-*•>][ \t]+)?"
    r"(?:\[[^\]\n]{1,40}\][ \t]*|\(?\d{1,2}:\d{2}(?::\d{2})?\)?[ \t]+"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?::\d{2})?[ \t]+)?"
    r"(?:\*\*|__)?"
    rf"(?P<label>(?:(?i:{_TITLE_ALT})\.?[ \t]+)?{_WORD}(?:\.?[ \t]+{_WORD}){{0,3}}\.?)"
    r"(?:\*\*|__)?"
    r"(?:[ \t]*[\p{So}\p{Sk}\p{Cf}\uFE0F]+)?"  # an emoji after a contact name: "Yusuf ❤️:"
    r"[ \t]*(?:\([^)\n]{1,60}\)[ \t]*|[-–][ \t]+[\p{L} ]{1,30}[ \t]*)?"  # "JANE (sister):", "Hope - support worker:"
    r"(?:\*\*|__)?:(?!\d)",
    regex.MULTILINE,
)
_TITLE_WORDS = frozenset(t.casefold() for t in TITLES)
_HONORIFICS = frozenset(
    "auntie aunty aunt uncle nan nana nanny gran granny grandma grandad granddad grandpa cousin pastor imam "
    "father sister brother reverend bishop rabbi sheikh".split()
)
#: Pseudonym labels: "Adult A", "Child 1", "Friend 2", "Person B".
_PSEUDONYM = regex.compile(r"^\p{L}+\s+(?:[A-Z]|\d{1,2})$")


#: A chat export's message stamp, date and time: "[19/02/2022 11:02] ", "[03/11/2020, 21:14:02] ".
_CHAT_STAMP = regex.compile(r"[ \t]*\[\d{1,2}[./]\d{1,2}[./]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?\][ \t]*")


def _is_contact_name(label: str) -> bool:
    """Say whether a chat sender's label may be a person's contact name: two words at most, in
    capitals or title case, one of them a name or no English word, not a role, relationship or
    field ("Mum", "Support Worker"; "Nana Pat" and "Dolly Mixture" are names)."""
    words = label.split()
    return (
        1 <= len(words) <= 2 and label.casefold() not in not_label_words()
        and not all(w.casefold() in not_label_words() or w.casefold() in _HONORIFICS for w in words)
        and all(w[:1].isupper() for w in words)
        and any(is_first_name(w) or not _is_word(w) for w in words)  # not "Support Worker"
    )


@functools.lru_cache(maxsize=16_384)
def _is_word(word: str) -> bool:
    return is_dictionary_word(word)


def _label_score(label: str) -> float:
    """Return how likely a line-initial label names a person; 0 for roles, fields and headings."""
    words = [w.rstrip(".") for w in label.split()]
    folded = [w.replace("’", "'").casefold() for w in words]
    title = folded[0] in _TITLE_WORDS or folded[0] in _HONORIFICS
    if " ".join(folded) in not_label_words() or (not title and _PSEUDONYM.match(label)):
        return 0.0
    if any(w.endswith(("'s", "'")) for w in folded):
        return 0.0  # "Chair's comment"
    names = words[1:] if title else words
    if not names:
        return 0.0
    if title and len(names) == 1 and len(names[0]) == 1:
        return INITIAL_SCORE if folded[0] in _TITLE_WORDS else 0.0  # "Mr K"
    if any(len(w) == 1 for w in names[:-1]) or len(names[-1]) == 1:
        names = [w for w in names if len(w) > 1]  # "Jane M. Smith", "Jane S"
        if not names:
            return 0.0
    if not title and any(w.casefold() in not_label_words() for w in names):
        return 0.0  # "Police Officer", "Family Liaison", "MOTHER"
    listed = [is_first_name(w) or is_surname(w) for w in names]
    words_like = [_is_word(w) for w in names]
    for word, is_listed, is_word in zip(names, listed, words_like, strict=True):
        if is_word and not is_listed:
            return 0.0  # "Summary", "Key Findings", "Domestic Homicide Review"
        if word.isupper() and len(word) <= 3 and not is_listed:
            return 0.0  # "ICB", "DSL": acronyms
    if title:
        return NAME_SCORE
    if any(not w for w in words_like):
        if len(names) == 1 and not listed[0]:
            return UNKNOWN_SCORE if len(names[0]) >= 4 else 0.0
        return NAME_SCORE
    return WORD_NAME_SCORE if all(is_first_name(w) for w in names[:1]) else 0.0


@register
class SpeakerLabelRecognizer(EntityRecognizer):
    """Transcript speaker labels that name a person, at the start of a line before a colon.

    Finds "JANE:", "Jane Smith:", "FLORENTINA (sister):", "Mr K:" (0.5: an initial), "Mr
    Kowalczyk:", "Auntie Sheila:" and "[00:01:04] JANE:", with or without bold markup.

    Not handled: speaker labels that are roles, relationships, pseudonyms or fields ("Chair",
    "MOTHER", "Adult A", "Child 1", "Summary", "Recommendation 3": never flagged), labels in
    lower case ("jane:"), labels of five or more words, "Q. Jane" or "Jane -" styles without a
    colon, and a name later in the line (the name-list recognizer looks there).
    """

    SHOULD_MATCH = (
        ("JANE: I didn't know where she was.", "JANE"),
        ("Tomasz Nowak: We met in 2015.", "Tomasz Nowak"),
        ("[00:12:40] FLORENTINA: She rang me that night.", "FLORENTINA"),
        ("Mr K: I was at work.", "Mr K"),
        ("Mr Kowalczyk: I never hit her.", "Mr Kowalczyk"),
        ("Auntie Sheila: We all knew.", "Auntie Sheila"),
        ("CHAIR: Thank you.\nOLUWASEUN (brother): She was scared of him.", "OLUWASEUN"),
        ("**Grace:** He took her phone.", "Grace"),
        ("[12/05/2022, 09:41:10] Hope - support worker: Hi, it's Hope from the service.", "Hope"),
        ("[19/02/2022 11:02] Dolly Mixture 💋: who was that", "Dolly Mixture"),
    )
    SHOULD_NOT_MATCH = (
        "CHAIR: Thank you for having us.",
        "Interviewer: How long had you known her?",
        "MOTHER: [through interpreter] She loved her garden.",
        "Adult A: I didn't know.",
        "Summary: the panel met twice.",
        "Recommendation 3: the ICB should audit referrals.",
        "Time: 14:30",
        "Mon 14 Mar 16:02 where are you",
        "Key Findings: three agencies missed the signs.",
        "ICB: We have changed the policy.",
        "[14/03/2023, 09:12] Mum: love you",
        "[14/03/2023, 09:12] Support Worker: are you safe",
    )

    def __init__(self) -> None:
        super().__init__(supported_entities=[Label.PERSON.value], name=NAME)

    def load(self) -> None:
        """Nothing to load: the name lists load on first use."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Return the speaker labels in ``text`` that name people; ``nlp_artifacts`` is not used."""
        if Label.PERSON.value not in entities or ":" not in text:
            return []
        results = []
        for match in _LABEL.finditer(text):
            label = match.group("label").rstrip(".")
            score = _label_score(label)
            if score <= 0 and _CHAT_STAMP.match(text, match.start()) and _is_contact_name(label):
                score = CONTACT_SCORE  # "[19/02/2022 11:02] Dolly Mixture 💋:": a chat's sender
            if score <= 0:
                continue
            start = match.start("label")
            explanation = AnalysisExplanation(recognizer=NAME, original_score=score, textual_explanation="speaker label")
            results.append(
                RecognizerResult(
                    Label.PERSON.value,
                    start,
                    start + len(label),
                    score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: NAME,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results
