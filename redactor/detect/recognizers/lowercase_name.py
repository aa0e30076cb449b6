"""First names typed in lower case in informal transcripts: "siobhan said", "me and ryan"."""

from __future__ import annotations

import functools

import regex
from presidio_analyzer import RecognizerResult

from redactor.detect.gazetteer import is_first_name, is_surname
from redactor.detect.nlp import is_dictionary_word, is_stop_word
from redactor.detect.recognizers import register
from redactor.detect.recognizers._context import TextRecognizer, make_result
from redactor.document import Label
from redactor.name_forms import fold
from redactor.speech import lower_case_mentions

NAME = "lowercase_name"
SCORE = 0.5
CUED_SCORE = 0.65  # above the model's 0.6 for the same word, which the keep rules read as noise
_TOKEN = regex.compile(r"(?<![\p{L}\p{N}'’-])\p{Ll}[\p{Ll}'’]{2,}(?![\p{L}\p{N}-])")

_POSSESSIVE = regex.compile(r"['’]s$")
#: A title typed in lower case before a lower-case name: "mrs hope", "mr stone", "dr qureshi".
#: "ms" and "dr" also abbreviate words ("she has ms", "oak dr"): only before a word no dictionary knows.
_LOWER_TITLED = regex.compile(
    r"(?<![\p{L}\p{N}'’.-])(?P<title>mrs|mr|ms|dr|dc|pc|ds|di|dci|sgt|pcso|insp)\.?[ ]"
    r"(?P<name>\p{Ll}[\p{Ll}'’-]*\p{Ll})(?:['’]s)?(?![\p{L}\p{N}-])"
)
#: Titles that also abbreviate words ("she has ms", "oak dr", "pc world"): only before a name no dictionary knows.
_WORDY_TITLES = frozenset({"ms", "dr", "dc", "pc", "ds", "di"})
#: A surname in lower case right after a given name: "gwyn jenkins", "gethin bowen".
#: Words listed as given names that are verbs of speech before a name: "said lowri", "told davies".
_VERBS = frozenset(
    "said says told tells asked rang ring rings ringing called call calls text texted phoned phone met meet saw see "
    "visit visited".split()
)
_SURNAME_AFTER = regex.compile(r"[ ](?P<last>\p{Ll}[\p{Ll}'’-]*\p{Ll})(?![\p{L}\p{N}-])")



_LINE_WORD = regex.compile(r"\p{L}[\p{L}'’]*")


def _in_english(text: str, position: int) -> bool:
    """Say whether the line holding ``position`` reads as English: half its lower-case words or
    more, given names aside, are English words. A line said in Welsh or Punjabi ("Roedd hi'n
    bwrw eira", "asi ohnu kehnde aan") is full of words the name lists hold as given names and no
    dictionary knows; "they had 6: leonti, terrence, pamela and brian" is English."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return _english_line(text[start : end if end >= 0 else len(text)])


@functools.lru_cache(maxsize=4096)
def _english_line(line: str) -> bool:
    words = [w for w in _LINE_WORD.findall(line) if w.islower()]  # capitalised ones are names and places
    english = [is_dictionary_word(w) or is_stop_word(w) for w in words]
    others = [e for w, e in zip(words, english, strict=True) if e or not is_first_name(w)]
    return len(others) < 4 or 2 * sum(others) >= len(others)


@register
class LowercaseNameRecognizer(TextRecognizer):
    """Find a listed first name written in lower case that is no English word at all.

    Auto-captions and hurried notes lose capitals ("siobhan said", "i told ryan"). A lower-case
    token of four letters or more is taken (0.5) when the name lists hold it as a first name and
    the dictionary does not know it: "siobhan", "ryan", "leanne", not "will", "mark", "kelly"
    (WordNet lists Kelly) or "grace". Linking then gives it the pseudonym of the person known by
    that name elsewhere in the case. A name that is also a word ("clive", "terry", "dean") or
    only three letters long ("ron") is taken (0.6) only where speech plainly says a person
    (``redactor.speech.lower_case_mentions``, strict): "I said no, clive,", "my son terry", "mick
    says"; never a stop word ("will", "may").
    """

    LABEL = Label.PERSON.value
    NAME = NAME

    SHOULD_MATCH = (
        ("yeah siobhan said he'd been round", "siobhan"),
        ("me and ryan went down there", "ryan"),
        ("i rang leanne after", "leanne"),
        ("and declan was there too", "declan"),
        ("she told priya everything", "priya"),
        ("then kieran's van came", "kieran"),
        ("and I said no, clive, you'll only make it worse", "clive"),
        ("mick says he'd have him on it four times", "mick"),
        ("the sergeant said, mrs hope, she says she's fine", "mrs hope"),
        ("mr stone, I always called him", "mr stone"),
        ("she went to see dr qureshi about it", "dr qureshi"),
        ("the police have got my old phone. dc bowen took it", "dc bowen"),
        ("i told gwyn, the coach - gwyn jenkins - after the do", "gwyn jenkins"),
    )
    SHOULD_NOT_MATCH = (
        "she will mark the grace period",
        "the rose garden was lovely",
        "Siobhan said he'd been round",
        "an ordinary sentence with nothing in it",
        "the summer of that year",
        "my sister rang the bank. Mum said she was nice. nobody come to me and said, right, you need help.",
        "His mam come in once. My dad come round after. Her sister said you kept her messages.",
        "MRS ROWLANDS: Roedd hi'n bwrw eira y noson honno. Doedd dim bws ar ôl naw o'r gloch.",
        "I said, love, you need help. my friend came with me.",
        "she has ms and can't walk far. 12 oak dr was the address. mr and mrs were on the form.",
        "we bought it at pc world. will smith and mark brown were on the telly. the rose garden. tell lee im at urs. "
        "she had her job and me an. said jenkins to me",
    )

    def find(self, text: str) -> list[RecognizerResult]:
        """Return lower-case first names in ``text``."""
        results = []
        short: dict[str, list[str]] = {}
        worded: dict[str, list[str]] = {}
        for match in _TOKEN.finditer(text):
            word = match.group()
            stem = _POSSESSIVE.sub("", word)
            if not is_first_name(stem) or is_stop_word(stem):
                continue
            if word.isalpha() and word not in _VERBS and (full := _SURNAME_AFTER.match(text, match.end())) is not None:
                # A listed given name that is no verb of speech, then a listed surname that is no
                # English word: "gwyn jenkins", not "will smith", "mark brown", "rose garden", "said lowri".
                last = full.group("last")
                if len(last) >= 4 and is_surname(last) and not is_dictionary_word(last) and not is_stop_word(last):
                    results.append(make_result(self, Label.PERSON.value, match.start(), full.end(), CUED_SCORE,
                                               "lower-case given name and surname"))
            if is_dictionary_word(stem):
                worded[fold(stem)] = [stem]  # "clive", "terry": only where speech plainly says a person
            elif len(stem) < 4:
                short[fold(stem)] = [stem]  # "ron", "kev": only where speech says a person
            elif _in_english(text, match.start()):  # not a word of a line in Welsh or Punjabi ("roedd", "asi")
                start = match.start()
                results.append(make_result(self, Label.PERSON.value, start, start + len(stem), SCORE, "lower-case"))
        for match in _LOWER_TITLED.finditer(text):
            name = match.group("name")
            if is_stop_word(name) or match.group("title") in _WORDY_TITLES and is_dictionary_word(name):
                continue
            results.append(make_result(self, Label.PERSON.value, match.start(), match.end("name"), CUED_SCORE,
                                       "lower-case title and name"))
        for names, words in ((short, False), (worded, True)):
            for start, end, _ in lower_case_mentions(text, names, strict=True, words=words) if names else ():
                results.append(make_result(self, Label.PERSON.value, start, end, CUED_SCORE, "lower-case, said of a person"))
        return results
