"""Helpers shared by our recognizers: context words and re-scoring. Not a recognizer itself.

We run spaCy without the dependency parser, so Presidio's lemma-based context enhancer is not
used: recognizers look at the raw text around a match with `has_context` instead, and set their
final scores with `rescore`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


@functools.lru_cache(maxsize=64)
def _words_regex(words: tuple[str, ...]) -> regex.Pattern[str]:
    """Compile context words into one case-insensitive, whole-word regex."""
    alternatives = (r"\s+".join(regex.escape(part) for part in word.split()) for word in sorted(words, key=len, reverse=True))
    return regex.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", regex.IGNORECASE)


def has_context(
    text: str,
    start: int,
    end: int,
    words: Sequence[str],
    *,
    before: int = 40,
    after: int = 10,
) -> bool:
    """Say whether a context word occurs near ``text[start:end]``.

    Words match case-insensitively and as whole words ("ni" does not match inside "unit"); a
    space inside a context word matches any run of whitespace. The match itself is not searched.

    Args:
        text: The whole text that was analysed.
        start: Start offset of the match.
        end: End offset of the match.
        words: Context words or phrases.
        before: How many characters before ``start`` to search.
        after: How many characters after ``end`` to search.

    Returns:
        True if any of ``words`` occurs in the window. A word cut by the edge of the window does
        not count.
    """
    if not words:
        return False
    pattern = _words_regex(tuple(words))
    window_before = text[max(0, start - before) : start]
    window_after = text[end : end + after]
    return bool(pattern.search(window_before) or pattern.search(window_after))


#: What follows the part of an identifier someone remembers ("ME5 8-something", "YH67, I don't
#: know the rest"): for a lookahead after that part, with the punctuation each kind allows before it.
SAID_SOMETHING = r"[ \u00a0-]?something\b"
SAID_NOT_THE_REST = (
    r"[ \u00a0]I[ \u00a0](?:don['’]t|do[ \u00a0]not|can['’]t|cannot)[ \u00a0](?:know|remember)[ \u00a0]the[ \u00a0]rest"
)


def pattern_name(result: RecognizerResult) -> str:
    """Return the name of the Presidio ``Pattern`` that produced a result, or ``""``."""
    explanation = result.analysis_explanation
    if explanation is None or explanation.pattern_name is None:
        return ""
    return str(explanation.pattern_name)


def rescore(
    results: Iterable[RecognizerResult],
    score: Callable[[RecognizerResult], float],
) -> list[RecognizerResult]:
    """Give each result the score ``score`` returns; drop zeros and contained duplicates.

    ``PatternRecognizer`` sets a validated result to 1.0 whatever its pattern's score, so a
    recognizer that needs score tiers (layout, context) calls this on ``super().analyze()``.

    Args:
        results: Results from ``PatternRecognizer.analyze``.
        score: The final score of one result; 0 or less drops it.

    Returns:
        The kept results, without any result that another one of the same entity contains with
        an equal or higher score.
    """
    kept: list[RecognizerResult] = []
    for result in results:
        new_score = score(result)
        if new_score <= 0:
            continue
        result.score = new_score
        if result.analysis_explanation is not None:
            result.analysis_explanation.set_improved_score(new_score)
        kept.append(result)
    return EntityRecognizer.remove_duplicates(kept)


def make_result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float, pattern: str) -> RecognizerResult:
    """Build a result for ``text[start:end]`` the way ``PatternRecognizer`` does.

    For recognizers that find a span themselves, e.g. the reference after a trigger word
    rather than the whole regex match. ``pattern`` names the rule, for ``pattern_name``.
    """
    name = str(getattr(recognizer, "name", ""))
    explanation = AnalysisExplanation(
        recognizer=name,
        original_score=score,
        pattern_name=pattern,
        textual_explanation=f"Detected by `{name}` using pattern `{pattern}`",
    )
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: str(recognizer.id),
        },
    )


def follows_trigger(
    text: str,
    start: int,
    trigger: regex.Pattern[str],
    gap: regex.Pattern[str],
    sentence_break: regex.Pattern[str],
    window: int,
) -> bool:
    """Say whether ``trigger`` ends shortly before ``start`` ("born on", "died at home on"): the
    text between must match ``gap`` whole and hold no ``sentence_break``, within ``window``
    characters; or be a colon ending the trigger's line ("Date of birth:" over its value)."""
    before = text[max(0, start - window) : start]
    for match in trigger.finditer(before):
        between = before[match.end() :]
        if gap.fullmatch(between) and not sentence_break.search(between) or _LABEL_LINE.fullmatch(between):
            return True
    return False


#: A form's label on its own line, its value on the next: "Date of birth:\n12/03/1985".
_LABEL_LINE = regex.compile(r"[ \t]*:[ \t]*\r?\n[ \t]*")


class TextRecognizer(EntityRecognizer):
    """A recognizer of one kind that reads the raw text only (no NLP artefacts) and loads its
    lists on first use: subclasses set ``LABEL`` and ``NAME`` and implement ``find``."""

    LABEL: str  # a ``redactor.document.Label`` value
    NAME: str

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.LABEL], name=self.NAME)

    def load(self) -> None:
        """Nothing to load: lists load on first use."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object | None = None) -> list[RecognizerResult]:
        """Return what ``find`` finds in ``text`` when its kind is asked for."""
        return self.find(text) if self.LABEL in entities else []

    def find(self, text: str) -> list[RecognizerResult]:
        """Return the results in ``text``."""
        raise NotImplementedError
