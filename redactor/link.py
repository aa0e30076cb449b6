"""Link: every mention of one person, place or organisation becomes one entity, case-wide.

The Registry is built once for the whole run, from the case file, the existing key and the
detections of every document, so a person has one entity in the overview report, the action
plan and the interview alike. The Link stage then, per document:

1. gives each detected span its entity;
2. propagates: every known surface form of every entity (and every identifier and case-file
   "always redact" term) is searched in every segment, so a name found once is found everywhere,
   including its parts and possessives; a title right before a surname joins the mention;
3. merges overlaps again.

Two different people never share an entity. A surname shared by two listed relatives is resolved
by the title when the case file gives one ("Mrs Doe"), otherwise it goes to the first listed
person and the mention is noted for a human check.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence

from redactor.casefile import Case
from redactor.document import ENTITY_LABELS, QUASI_LABELS, Document, Entity, Label, Note, NoteKind, Origin, Span
from redactor.entities import CaseEntity, Registry, RegistryEntity, WordTest, id_number
from redactor.intervals import Intervals
from redactor.keyfile import Key
from redactor.name_forms import ACRONYMS, clippings, fold, short_forms, spelled_word, within_one_edit
from redactor.names import (
    INSTITUTION_TAIL,
    INSTITUTION_WORDS,
    PERSONAL_TITLES,
    TRAILING_TITLE,
    VENUE_AFTER,
    clean_mention,
    is_calendar_word,
    person_variants,
    strip_title,
)
from redactor.near_spelling import NearSpellings
from redactor.people import (
    add_forms,
    add_generations,
    add_legends,
    document_legends,
    full_names,
    is_role_legend,
    is_surname_of,
    legend_initials,
    legend_pairs,
    maiden_names,
    middle_names,
    middles_fit,
    note_sexes,
    people_for_word,
    people_named,
    people_with_given_initial,
    people_with_initial,
    people_with_initials,
    person_ids,
    role_labels,
    same_person,
)
from redactor.spans import merge_into_unions
from redactor.speech import (
    add_known_as,
    add_nicknames,
    greeted_speakers,
    lower_case_mentions,
    lower_case_names,
    lower_case_venues,
    lower_messages,
    possessive_venue_forms,
    venue_mentions,
)
from redactor.surfaces import names_word_business, sentence_start
from redactor.text import collapse_spaces

#: ``Registry`` and ``RegistryEntity`` live in ``redactor.entities``; importable here as before.
__all__ = ["Link", "Registry", "RegistryEntity", "build_registry"]


def _spelled_after_name(doc: Document, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """A name spelled out right after it was said is the one just named, whoever else shares
    it: "Nobody calls me Mrs Sterling. It's S-T-E-R-L-I-N-G", "that's Lane, L, A, N, E", its start
    too ("Parveen, P-A-R-V...")."""
    out = list(spans)
    for i, span in enumerate(spans):
        if span.label is not Label.PERSON:
            continue
        word = spelled_word(doc.span_text(span))
        if word is None:
            continue
        for before in reversed(spans[:i]):
            if before.segment_id != span.segment_id or span.start - before.end > 120:
                break
            words = fold(strip_title(doc.span_text(before))[1]).replace("-", " ").split()
            said = fold(word)
            # The whole word, or its start when the speaker broke off: "Kalniņa, K-A-L-N-I - the N has a tail".
            fits = said in words or len(said) >= 3 and any(w.startswith(said) for w in words)
            if before.label is Label.PERSON and before.entity_id and fits and spelled_word(doc.span_text(before)) is None:
                out[i] = dataclasses.replace(span, entity_id=before.entity_id)
                break
    return tuple(out)


#: What a phone's contact name adds to a name: "Jo Mob", "Jo Facebook", "Jo on Facebook", "Dan Work".
_CONTACT_WORDS = frozenset(
    "mob mobile work home new old facebook fb insta instagram whatsapp messenger snapchat landline phone number".split()
)


def _without_contact_words(name: str) -> str:
    """Return a name without what a contact list adds after it ("Jo Facebook" is Jo)."""
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _CONTACT_WORDS:
        words.pop()
        if len(words) > 1 and words[-1].casefold() == "on":
            words.pop()
    return " ".join(words) if len(words) < len(name.split()) else name


def _add_unknown_speakers(reg: Registry, texts: Iterable[str]) -> None:
    """Make a person of initials that label a speaker's turns twice or more when no one known has
    them and they are no role ("MH:" with no legend and no Maureen Hope named): real initials are
    an identifier, so they get a pseudonym of their own rather than stay. Roles and ranks ("INT:",
    "DC:", "IO:") and acronyms stay."""
    from redactor.detect.lists import not_label_words

    counts: dict[str, int] = {}
    texts = list(texts)
    legend_roles = frozenset().union(*(role_labels(text) for text in texts))  # "FEO = firearms enquiry officer"
    for text in texts:
        for match in _LABEL_INITIALS.finditer(text):
            label = _label_initials_of(reg, match)
            if label is not None:
                counts[label] = counts.get(label, 0) + 1
    roles = not_label_words()
    for label, count in counts.items():
        if count < 2 or label in reg.label_initials or reg.owners(label) or label in ACRONYMS or label in _ROLE_LETTERS:
            continue
        if people_with_initials(reg, label):
            continue  # someone known has them: linking decides (relatives may share them)
        if label.casefold() in roles or label in legend_roles:
            continue
        reg.label_initials[label] = reg.new_entity(Label.PERSON, {label}).id


#: A chat export's line and its sender: WhatsApp "14/02/2023, 21:47 - Niff 🌻: text" or
#: "[14/02/2023, 21:47:12] Niff: text", Messenger "Leigh Shore 🌊 · Sun 11 Dec 2022, 01:14"; each with
#: the mark its lines cannot lack.
_CHAT_LINES = (
    (":", re.compile(
        r"(?m)^[ \t]*\[?\d{1,2}/\d{1,2}/\d{2,4},?[ ]\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ ]?[APap]\.?[Mm]\.?)?\]?"
        r"[ ]?(?:[-–][ ])?(?P<sender>[^:\n]{1,40}?)[ \t]*:[ ]"
    )),
    ("·", re.compile(r"(?m)^(?P<sender>[^\n·:]{2,40}?)[ ]·[ ](?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Yesterday|Today|\d{1,2}[:/])")),
)
#: Contact names that are no one's name: "Mum ❤️", "Work", "Unknown".
_NOT_SENDERS = frozenset(
    "mum mam mom mummy dad daddy nan nana nanna gran grandma grandad me you work home unknown babe baby hubby wifey "
    "sis bro bestie".split()
)


def _add_chat_senders(reg: Registry, texts: Iterable[str]) -> None:
    """Make a person of each name a chat export sends its messages under twice or more ("Niff 🌻",
    "Candy Tonge"), when no one is known by it: a display name is someone's name or nickname, an
    identifier to replace. A full name or a short form of one known person's name is theirs; a
    full name no one has is left to the detectors."""
    counts: dict[str, int] = {}
    for text in texts:
        for mark, pattern in _CHAT_LINES:
            if mark not in text:
                continue  # each export's lines hold their mark: ":" after the sender, "·" after the name
            for match in pattern.finditer(text):
                sender = " ".join(re.findall(r"[^\W\d_][\w'’-]*", match.group("sender")))
                words = sender.split()
                if 1 <= len(words) <= 3 and sender.casefold() not in _NOT_SENDERS and words[0][0].isupper():
                    counts[sender] = counts.get(sender, 0) + 1
    for sender, count in counts.items():
        if count < 2 or reg.owners(sender):
            continue
        if " " in sender:
            named = people_named(reg, sender)
            if len(named) == 1:
                reg.add_name(named[0], sender)
            continue  # a full name no one has: the detectors' to find, as any other
        owners = [o for o in people_for_word(reg, sender) if reg.entity(o).label is Label.PERSON]
        if len(owners) == 1:
            reg.add_name(owners[0], sender)
        elif not owners and len(sender) >= 2:
            reg.new_entity(Label.PERSON, {sender})


def _add_greeted(reg: Registry, greeted: dict[str, str], answering: list[str]) -> None:
    """Give the speaker labels that answer a greeting ("INT: Thanks for seeing me, Mrs Hope." then
    "MH: ...", "JOY: ...") to the one greeted, where nothing known says otherwise: a name label
    only to someone of no known given name ("Mrs Sterling" is "JOY"), initials only when they fit
    the greeted name ("MH" for Mrs Hope, not "KB"). ``answering`` are the name labels no one owns."""

    def greeted_person(label: str) -> str | None:
        said = greeted[label]
        owners = reg.owners(said) or reg.owners(strip_title(said)[1])
        people = [o for o in owners if reg.entity(o).label is Label.PERSON]
        return people[0] if len(people) == 1 else None

    for name in dict.fromkeys(answering):
        if reg.owners(name):
            continue  # another form of a label already placed ("joy" after "JOY")
        owner = greeted_person(name) if name in greeted else None
        if owner is not None and not full_names(reg, owner):
            reg.add_name(owner, name)
        else:
            reg.new_entity(Label.PERSON, {name})
    for label in greeted:
        if not (2 <= len(label) <= 3 and label.isalpha() and label.isupper()) or label in reg.label_initials:
            continue
        owner = greeted_person(label)
        if owner is None or reg.owners(label):
            continue
        surnames = {strip_title(n)[1].split()[-1][:1].upper() for n in reg.entity(owner).names if strip_title(n)[1]}
        givens = {given[:1].upper() for given, _surname in full_names(reg, owner)}
        if label[-1] in surnames and (not givens or label[0] in givens):
            reg.label_initials[label] = owner
            if label not in ACRONYMS:
                reg.add_name(owner, label)


def _table_rows(docs: Sequence[Document]) -> list[str]:
    """Each row of a Word table as one text, its cells between bars ("| Ruby Cassidy | Child A |
    Daughter of Adult A |"), so that a subjects table says who is related how as a Markdown one does."""
    rows: dict[tuple[int, str, int, int], list[str]] = {}
    for n, doc in enumerate(docs):
        for seg in doc.segments:
            place = doc.places.get(seg.id)
            if place is None or place.table is None or place.row is None or place.nested or "/instr/" in seg.id:
                continue
            part = seg.id.split("/p/", 1)[0]
            rows.setdefault((n, part, place.table, place.row), []).append(seg.text.strip())
    return ["| " + " | ".join(cells) + " |" for cells in rows.values() if len(cells) > 1]


def build_registry(
    docs: Sequence[Document], *, case: Case | None, key: Key, is_word: WordTest, is_dictionary: WordTest | None = None,
    is_case_word: WordTest | None = None, given_name_sex: Callable[[str], str | None] | None = None,
) -> Registry:
    """Build the case-wide registry from the key, the case file and all detections.

    Args:
        docs: every document of the run, detected, kept and resolved.
        case: the case file, if any.
        key: the case key (earlier runs' entities).
        is_word: says whether a word is an ordinary English word (matched only as written).
        is_dictionary: says whether a word is in the dictionary at all (default: ``is_word``).
        is_case_word: says whether a name spelt so is matched only as written (default: ``is_word``).
        given_name_sex: "f", "m" or None for a given name (people's sex where nothing else says).
    """
    reg = Registry(is_word=is_word, is_dictionary=is_dictionary, is_case_word=is_case_word)
    # 1. The key: earlier runs' entities keep their ids, names and pseudonyms.
    for ke in key.entities:
        reg.add_entity(
            CaseEntity(
                id=ke.id, label=ke.label, names=set(ke.names), pseudonym=ke.pseudonym,
                source="key" if ke.source == "detected" else ke.source, role=ke.role,
            )
        )
    for ident in key.identifiers:
        reg.add_identifier(ident.text, ident.label)
    # 2. The case file: listed people, their variants, aliases and chosen pseudonyms.
    if case is not None:
        for person in case.people:
            existing = [e for e in reg.entities.values() if e.source == "case file" and person.name in e.names]
            variants = person_variants(person.name, person.aliases)
            if existing:
                entity = existing[0]
                entity.pseudonym = person.pseudonym or entity.pseudonym
                entity.role, entity.title = person.role, person.title
                for name in variants:
                    reg.add_name(entity.id, name)
            else:
                reg.new_entity(
                    Label.PERSON, variants, pseudonym=person.pseudonym, source="case file", role=person.role,
                    title=person.title,
                )
        for term in case.redact_terms:
            reg.add_identifier(term, Label.CUSTOM)
    # 3. Detections, in document order: full names first, then single words.
    # People first (full names, then single words), so that a place or body guess that is
    # really a person's name links to them ("Chidinma Okafor" tagged as a place).
    detected = [(doc, span) for doc in docs for span in doc.spans]
    # "the Gilded Heron, a public house": a name a document calls a venue is no person anywhere.
    venues = {
        _without_the(doc.span_text(span)).casefold()
        for doc, span in detected
        if span.label is not Label.PERSON and VENUE_AFTER.match(doc.segment(span.segment_id).text, span.end)
    }
    # "Holly Bank" for Holly Bank Primary: a school or a practice by its name without its last word.
    schools = _institution_heads(reg, (doc.span_text(s) for doc, s in detected if s.label is Label.ORGANIZATION))
    venues |= {head.casefold() for head in schools}
    from redactor.detect.lists import not_label_words

    roles = not_label_words()
    people: list[tuple[str | None, str]] = []
    for doc, span in detected:
        if span.label is Label.PERSON and _without_the(doc.span_text(span)).casefold() not in venues:
            parts = clean_mention(doc.span_text(span))
            if len(parts) > 1:  # "Interviewer - Hope's dad": a role's label and a name, not two people
                parts = [(t, n) for t, n in parts if n.casefold() not in roles]
            people.extend((t, _without_word_before_name(reg, _without_contact_words(n))) for t, n in parts)
    # "Marchbank" for "Marchbank Logistics": the businesses detected, by their own name alone.
    companies = _companies(doc.span_text(span) for doc, span in detected if span.label is Label.ORGANIZATION)
    # Names with a whole given name first, so that "R. Patel" finds "Rajesh Patel" already known.
    full = [(t, n) for t, n in people if len(n.split()) >= 2 and spelled_word(n) is None]
    maidens = maiden_names(seg.text for doc in docs for seg in doc.segments)
    reg.maiden_surnames |= {fold(surname).replace("-", " ") for _name, surname in maidens}
    later: list[tuple[str | None, str]] = []
    for title, name in sorted(full, key=lambda tn: len(tn[1].split()[0].rstrip(".")) <= 1):
        if _short_name_of_someone(reg, name):
            later.append((title, name))  # "Jo Heap": once the Heaps are known, Joanne Booth née Heap
        else:
            _link_full_name(reg, title, name)
    for title, name in later:
        _link_full_name(reg, title, name)
    _add_maiden_names(reg, maidens)
    # "her mother, Gwen Price": who is a woman and who a man, before titled surnames are shared.
    note_sexes(reg, [*(seg.text for doc in docs for seg in doc.segments), *_table_rows(docs)], given_name_sex)
    # The initials a transcript's legend defines ("Dr Amy Brown (AB)") are that person's, before
    # a detector's "AB" alone could become someone else.
    add_legends(reg, (seg.text for doc in docs for seg in doc.segments))
    # "INT: Thanks for seeing me, Mrs Hope." then "JOY: ...": the one greeted answers.
    greeted = greeted_speakers(seg.text for doc in docs for seg in doc.segments)
    answering: list[str] = []
    for title, name in people:
        if len(name.split()) >= 2 and spelled_word(name) is None:
            continue
        if sum(ch.isalpha() for ch in name) < 2:
            # "Mrs B": a title and the initial of a surname is a person of the case with that
            # surname; one letter alone is no name to look for elsewhere.
            if title and len(name) == 1 and name.isupper():
                for owner in reg.candidates(people_with_initial(reg, name), title):
                    reg.add_name(owner, f"{title} {name}")
            continue
        if not reg.owners(name):
            # "Dr Bassi" after "Harjinder Bassi": a part of a known full name, even a word-like one;
            # "Steph" after "Stephanie Miles", "P-A-T-E-L" after "Dr Patel": a form of one person.
            candidates = reg.people_with_part(name)
            owners = [candidates.pop()] if len(candidates) == 1 else people_for_word(reg, name)
            owners = owners or _known_by_one_name(reg, name)  # "Auntie Trace" after "Tracey"
            letters = name.replace(".", "").replace(" ", "")  # "R.M." written with dots is "RM"
            if not owners and 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper():
                legend = reg.label_initials.get(letters)
                owners = [legend] if legend else people_with_initials(reg, letters)[:2]  # "AB:" for Amy Brown
                owners = owners if len(owners) == 1 else []  # several: relatives
            for owner in owners:  # several: relatives who share it; each mention is resolved in Link
                reg.add_name(owner, name)
            if not owners and not title and (name in greeted or fold(name) in map(fold, answering)):
                answering.append(name)  # once everyone named is known ("joy" is the label "JOY")
            elif not owners and name not in companies:  # "at Holden's" is the bakery, not a Mr Holden
                reg.new_entity(Label.PERSON, {name})
        if title:
            # "Mrs Miles": the people called so, narrowed by the title; relatives who still share
            # it all own the titled form, and Link resolves each mention.
            namesakes = [p for p in sorted(reg.people_with_part(name), key=id_number) if p not in reg.owners(name)]
            for owner in reg.candidates(reg.owners(name) + namesakes, title):
                reg.add_name(owner, f"{title} {name}")
    _add_greeted(reg, greeted, answering)
    for doc, span in detected:
        text = doc.span_text(span)
        if span.label is Label.PERSON:
            continue
        if span.label in ENTITY_LABELS:
            name = text.strip(" .,;:()\"").removesuffix("'s").removesuffix("’s")
            owner_id = _person_in(reg, text)
            if owner_id is not None:
                words = name.split()
                while len(words) > 1 and is_calendar_word(words[-1]):
                    words.pop()  # "took Tyler Saturday": the model ran a name into the day
                reg.add_name(owner_id, " ".join(words))
            elif name in schools and not reg.owners(name):
                # "Cwmgarw Comprehensive" beside "Cwmgarw Comprehensive School": one school.
                owners = reg.owners(schools[name]) or [reg.new_entity(Label.ORGANIZATION, {schools[name]}).id]
                reg.add_name(owners[0], name)
            elif (company := _company_of(name, companies)) and not reg.owners(name) and not reg.is_word(name):
                # "good money at Marchbank", "Holden's Bakery" beside "Holden's Bakery Ltd": one
                # business, however the model read it.
                owners = reg.owners(company) or [reg.new_entity(Label.ORGANIZATION, {company}).id]
                reg.add_name(owners[0], name)
            elif not reg.owners(text):
                if name.lower().startswith("the "):
                    name = name[4:]
                reg.new_entity(span.label, {name})
        elif span.label not in QUASI_LABELS:
            reg.add_identifier(collapse_spaces(text), span.label, replace=False)
            bare = _PRISON_PREFIX.sub("", collapse_spaces(text)) if span.label is Label.PRISON else ""
            if bare and bare != collapse_spaces(text) and not any(reg.is_dictionary(w) for w in bare.split()):
                reg.add_identifier(bare, Label.PRISON, replace=False)  # "OMU at Ranby" after "HMP Ranby"
    for head, whole in schools.items():
        owners = reg.owners(whole)
        if len(owners) == 1 and reg.entity(owners[0]).label is Label.ORGANIZATION and not reg.owners(head):
            reg.add_name(owners[0], head)
            if " " not in head and reg.is_dictionary(head):
                reg.word_stems.add(head)  # "Dr Moody, at Kingfisher", not "a kingfisher" or "Kingfisher Way"
    # "a bet in Mac's", "worked at Holden's": a business by its own name, wherever it stands.
    _add_company_stems(reg, companies)
    # "the Griff" for the Griffin, "the Duke" for the Duke of Edinburgh: a pub by its short name.
    _add_venue_short_forms(reg, [
        (doc.span_text(span), _after_the(doc.segment(span.segment_id).text, span.start))
        for doc, span in detected if span.label is Label.ORGANIZATION
    ])
    # "They called him Tank": nicknames the documents introduce, and a subjects table's "Known as".
    add_nicknames(reg, docs)
    add_known_as(reg, [*(seg.text for doc in docs for seg in doc.segments), "\n".join(_table_rows(docs))])
    # 4. The forms people are called by elsewhere: short forms, initials, police style.
    add_forms(reg)
    # "Big Ray" and "Little Ray": a father and a son of one call name, never one person.
    add_generations(reg, (seg.text for doc in docs for seg in doc.segments))
    # Initials that label turns and fit no one known are someone all the same.
    _add_unknown_speakers(reg, (seg.text for doc in docs for seg in doc.segments))
    # "14/02/2023, 21:47 - Niff 🌻: ..." in a chat export: the sender is a person.
    _add_chat_senders(reg, (seg.text for doc in docs for seg in doc.segments))
    return reg


def _companies(names: Iterable[str]) -> dict[str, str]:
    """The one word each company detected is also called by -> its whole name ("Marchbank" ->
    "Marchbank Logistics"); a word two companies share is neither's."""
    from redactor.detect.recognizers.company import company_stem, without_legal_form

    found: dict[str, dict[str, str]] = {}  # stem -> the name without its legal form -> a name as written
    for name in names:
        name = collapse_spaces(name.strip(" .,;:()\""))
        if (stem := company_stem(name)) is not None:
            found.setdefault(stem, {}).setdefault(without_legal_form(name), name)
    return {stem: next(iter(whole.values())) for stem, whole in found.items() if len(whole) == 1}


#: A prison's prefix: "HMP Ranby" is also called "Ranby"; not "HMP Lincoln", a city's name.
_PRISON_PREFIX = re.compile(r"^(?:HMP(?:/YOI)?|HMYOI|YOI|HM Prison(?: and YOI)?)\s+")


def _known_by_one_name(reg: Registry, word: str) -> list[str]:
    """Return the one person known only by a single name (no surname seen) that ``word`` is a
    short or whole form of ("Trace" and "Tracey", "Lenny" and "Leonard"); [] if none or several."""
    key = fold(word)
    if len(key) < 3 or " " in key or not key.isalpha():
        return []
    found = []
    for entity_id in person_ids(reg):
        names = reg.entity(entity_id).names
        if any(" " in n.strip() for n in names):
            continue
        if any(key in short_forms(n) or (len(fold(n)) >= 3 and fold(n) in short_forms(word)) for n in names):
            found.append(entity_id)
    return found if len(found) == 1 else []


def _without_word_before_name(reg: Registry, name: str) -> str:
    """``name`` without an ordinary word before a given name that is neither a first name nor a
    surname: "Girl Ellie" (a boat named after her) is Ellie; "Rose Pascoe" stays whole."""
    from redactor.detect.gazetteer import is_first_name, is_surname
    from redactor.detect.lists import not_label_words

    tokens = name.split()
    if (
        len(tokens) == 2 and len(tokens[0]) >= 3 and tokens[0][1:].islower() and reg.is_word(tokens[0])
        and not is_first_name(tokens[0]) and not is_surname(tokens[0])
    ):
        if is_first_name(tokens[1]):
            return tokens[1]
    if len(tokens) >= 3 and tokens[0][1:].islower() and tokens[0].casefold() in not_label_words() and is_first_name(tokens[1]):
        return " ".join(tokens[1:])  # "Caller Sandra HAWKE", "Carer Jess Parfitt": a role before a full name
    return name


def _company_of(name: str, companies: dict[str, str]) -> str | None:
    """The business (one of ``companies``, by its name as first written) that ``name`` names:
    by its own name alone, or with or without its legal form; None if none."""
    from redactor.detect.recognizers.company import company_stem, without_legal_form

    if name in companies:
        return companies[name]
    whole = companies.get(company_stem(name) or "")
    return whole if whole is not None and without_legal_form(whole) == without_legal_form(name) else None


def _add_company_stems(reg: Registry, companies: dict[str, str]) -> None:
    """Give each business detected its own name alone as a name ("Holden" for "Holden's
    Bakery"), unless that word is already someone's or something's, a stop word or a large place
    ("Sandwell Homes" is not called "Sandwell"). A word of the dictionary ("Star" of Star Cars,
    "Tidewater" of Tidewater Recruitment) counts only for a local trade's business, and is matched
    only as written and where it stands as a name (``_word_named_business``)."""
    from redactor.detect.nlp import is_stop_word
    from redactor.detect.recognizers.company import is_local_trade

    for stem, whole in companies.items():
        owners = reg.owners(whole)
        if len(owners) != 1 or reg.entity(owners[0]).label is not Label.ORGANIZATION or reg.owners(stem):
            continue
        if len(stem) < 3 or not stem[0].isupper():
            continue
        word = reg.is_dictionary(stem)
        if word and (len(stem) < 4 or is_stop_word(stem) or not reg.is_word(stem) or not is_local_trade(whole)):
            continue
        reg.add_name(owners[0], stem)
        if word:
            reg.word_stems.add(stem)
        # "at Dobsons" for Dobson's Motors, "by Titans" for Titan Gym: the name people say with an "s".
        plural = stem if stem.endswith("s") else stem + "s"
        if stem[-1:].isalpha() and not reg.owners(plural) and not is_stop_word(plural):
            reg.add_name(owners[0], plural)
            if reg.is_dictionary(plural):
                reg.word_stems.add(plural)


#: The last word of a pub's or a club's name, dropped when people say it short ("the Pitman's" for
#: the Pitman's Rest).
_VENUE_TAILS = frozenset("Arms Inn Tavern Rest Hotel Club Welfare Institute Social Whistle Head".split())
#: The tails that make a name a pub's, "the" said before it or not ("Saggar Makers Arms").
_PUB_TAILS = frozenset("Arms Inn Tavern".split())
#: The first words of pubs named after someone ("the Duke" for the Duke of Edinburgh).
_PUB_HEADS = frozenset("Duke Duchess King Queen Prince Princess Marquis Marquess Earl Lord".split())
#: The first of a pub's two words that people drop ("the Cups" for the Three Cups, "the Collier"
#: for the Jolly Collier).
_PUB_FIRSTS = frozenset(
    "Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Cross Crossed Jolly Old Red White Black Golden "
    "Royal Blue Green Grey Brown Noah's Flying Fighting Dun Pied".split()
)


def _after_the(text: str, start: int) -> bool:
    """Say whether the name at ``start`` is said with "the" ("down the Griffin", "The Duke of Edinburgh")."""
    return text[max(0, start - 4) : start].casefold() == "the " or text[start : start + 4] == "The "


#: The kinds of club people call by their kind alone, with "the": "the Ex", "the Stute", "the Con Club".
_CLUB_KINDS = {
    "Ex-Servicemen": ("Ex", "Exies"), "Ex Servicemen": ("Ex", "Exies"), "Institute": ("Stute",),
    "Conservative Club": ("Con Club", "Con"), "Social Club": ("Social",),
}


def _add_venue_short_forms(reg: Registry, names: Sequence[tuple[str, bool]]) -> None:
    """Give a venue the short names people use, each with its "the" so that the word alone stays a
    word: the start of a one-word name said with "the" ("the Griff" for the Griffin, "the Corrie"
    for the Coronation), the first word of a pub's or a club's longer name ("the Duke" for the
    Duke of Edinburgh, "the Saggar" for the Saggar Makers Arms) and the last of a pub's two
    ("the Cups" for the Three Cups, "the Keys" for the Cross Keys), and a club's kind ("the Ex"
    for an Ex-Servicemen's Club, "the Stute" for an Institute). ``names``: each organisation
    detected, and whether "the" was said before it."""
    from redactor.detect.keep import is_large_place

    for text, after_the in names:
        name = collapse_spaces(text.strip(" .,;:()\""))
        words = name.removeprefix("The ").removeprefix("the ").split()
        owners = reg.owners(name) or reg.owners(" ".join(words))
        if len(owners) != 1 or reg.entity(owners[0]).label is not Label.ORGANIZATION or not words[0][:1].isupper():
            continue
        kinds = {short for kind, said in _CLUB_KINDS.items() if kind in name for short in said}
        if kinds:
            shorts = kinds  # "the Ex" for Basford Ex-Servicemen's Club, "the Stute" for the Institute
        elif after_the and len(words) == 1 and len(words[0]) >= 6 and words[0][1:].islower() and not is_large_place(words[0]):
            shorts = {f for f in clippings(words[0]) if len(f) >= 4}
        elif len(words) >= 2 and (
            words[-1] in _VENUE_TAILS and (after_the or words[-1] in _PUB_TAILS) or words[1] == "of" and words[0] in _PUB_HEADS
        ):
            shorts = {words[0]}
        elif len(words) == 2 and words[0] in _PUB_FIRSTS and words[1][:1].isupper() and words[1].isalpha():
            shorts = {words[1]}
        else:
            continue
        for short in shorts:
            short = short[:1].upper() + short[1:]
            for form in (f"the {short}", f"The {short}"):
                if not reg.owners(form):
                    reg.add_name(owners[0], form)


def _word_named_business(reg: Registry, ref: str, text: str, start: int, end: int) -> bool:
    """Say whether a match of an entity's name names it: always, unless it is an ordinary word the
    business was only ever called by as part of its whole name ("Star" of Star Cars) or a short
    form of a person's name that is a word ("Cliff" for Clifford, "Mo" for Maureen), which must
    stand as a name (``names_word_business``)."""
    name = text[start:end]
    if name not in reg.word_stems:
        return True
    return names_word_business(text, start, end)


def _without_the(text: str) -> str:
    text = text.strip(" .,;:()\"")
    return text[4:] if text[:4].casefold() == "the " else text


#: One-word heads of a school's name that say where it is, not which it is ("Central Primary").
_GENERIC_HEADS = frozenset(
    "north south east west central upper lower middle high great little new old saint park church chapel valley "
    "green hill grove lane road street bridge castle abbey priory manor village town city county community".split()
)


def _institution_heads(reg: Registry, names: Iterable[str]) -> dict[str, str]:
    """A school's or a practice's name without the words that say what it is -> the whole name
    ("Holly Bank" -> "Holly Bank Primary"; "Cwmgarw Comprehensive" and "Cwmgarw" -> "Cwmgarw
    Comprehensive School"; "Kingfisher" -> "Kingfisher Surgery"): two capitalised words or more,
    or one that is no first name and no compass or common place word; never a large place
    ("Wigan High" is not "Wigan"); only what one institution alone is called by."""
    from redactor.detect.gazetteer import is_first_name
    from redactor.detect.keep import is_large_place

    found: dict[str, set[str]] = {}
    for text in names:
        name = _without_the(collapse_spaces(text))
        if not INSTITUTION_WORDS.search(name):
            continue
        head = name
        while (tail := INSTITUTION_TAIL.search(head)) is not None:
            head = head[: tail.start()]
            words = head.split()
            if not all(w[:1].isupper() for w in words) or is_large_place(head):
                break
            if len(words) >= 2 or len(head) >= 4 and not reg.is_word(head) and not is_first_name(head):
                found.setdefault(head, set()).add(name)
            elif len(head) >= 5 and not is_first_name(head) and head.casefold() not in _GENERIC_HEADS:
                found.setdefault(head, set()).add(name)  # "Kingfisher": a word, matched only as a name
    # One institution: every whole name is the longest one or the start of it.
    heads = {}
    for head, wholes in found.items():
        longest = max(wholes, key=len)
        if all(longest.startswith(whole) for whole in wholes):
            heads[head] = longest
    return heads


def _person_in(reg: Registry, text: str) -> str | None:
    """Return the person a place or body guess really names ("Chidinma Okafor"), if any; never a
    business or a school named after someone ("Holden's Bakery Ltd", "Holly Bank Primary")."""
    from redactor.detect.recognizers.company import company_stem

    if INSTITUTION_WORDS.search(_without_the(text)):
        return None
    for _title, name in clean_mention(text):
        if company_stem(name) is not None:
            return None
        tokens = name.split()
        if len(tokens) > 3:
            return None
        if len(tokens) >= 2:  # "Mr D. Parry": the whole name says whose, before any part of it
            whole = [o for o in reg.owners(name) if reg.entity(o).label is Label.PERSON] or people_named(reg, name)
            if len(whole) == 1:
                return whole[0]
        for token in tokens:
            for owner in reg.owners(token):
                if reg.entity(owner).label is Label.PERSON and not reg.is_word(token):
                    return owner
    return None


def _note_title(reg: Registry, entity_id: str, title: str | None) -> None:
    """Remember the personal title a full name was said with ("Mrs Bernadette Cassidy"): it is
    what "Mrs Cassidy" will mean when relatives share the surname."""
    entity = reg.entity(entity_id)
    if title in PERSONAL_TITLES and entity.title is None and entity.label is Label.PERSON:
        entity.title = title
    if title and entity.label is Label.PERSON:
        entity.ranks.add(title.casefold().rstrip("."))  # "DCI Roberts" is the Roberts said as a DCI


def _link_full_name(reg: Registry, title: str | None, name: str) -> None:
    owners = reg.owners(name)
    if owners:
        if len(owners) == 1:
            _note_title(reg, owners[0], title)
        return
    tokens = name.split()
    # "Ashcroft Transcribed": a known name followed by ordinary words is that person.
    head = reg.owners(tokens[0])
    if head and all(reg.is_word(t) for t in tokens[1:]) and reg.entity(head[0]).label is Label.PERSON:
        reg.add_name(head[0], name)
        return
    first, last = tokens[0].casefold(), tokens[-1].casefold()
    named = reg.person_named(first, last)
    if named and (middles := middle_names(name)) and not middles_fit(reg, named, middles):
        named = None  # "John Martin WARD" is not John Patrick Ward
    known = [named] if named else people_named(reg, name)
    for owner in known:  # several: relatives an initial leaves open; each mention is resolved in Link
        reg.add_name(owner, name)
        if len(known) == 1:
            _note_title(reg, owner, title)
    if known:
        return
    if len(tokens) == 2 and tokens[1].casefold() in _PET_WORDS:
        called = people_for_word(reg, tokens[0])
        if len(called) == 1:  # "Danny Boy", what his mum called Daniel: him, not a Mr Boy
            reg.add_name(called[0], name)
            return
    while tokens and reg.is_word(tokens[0]) and tokens[0].islower() is False and tokens[0].lower() in ("the", "a", "an"):
        tokens = tokens[1:]
    if len(tokens) < 2:
        if tokens:
            reg.new_entity(Label.PERSON, {name})
        return
    misspelt = _misspelt_person(reg, tokens[0], tokens[-1])
    if misspelt is not None:  # "Charlette Reid" on a discharge letter is Charlotte Reed, and "Reid" alone too
        for form in (name, *(part for part in (tokens[0], tokens[-1]) if not reg.is_word(part))):
            reg.add_name(misspelt, form)
        return
    names = {name, f"{tokens[0]} {tokens[-1]}"}
    if 2 <= len(tokens) <= 4 and all(t[:1].isupper() and t.isalpha() for t in tokens):
        names.add("".join(f"{t[0]}." for t in tokens))  # "A.K.H." for Amira Kaur Hussain
    # Parts of a detected name are propagated only when they cannot be ordinary words:
    # "Callum" and "Brierley" are, "Will" and "Green" are not (issue 4 adds name context).
    for part in (tokens[0], tokens[-1]):
        if sum(ch.isalpha() for ch in part) >= 2 and part[0].isupper() and not reg.is_word(part):
            names.add(part)
    if _is_word_given_name(reg, tokens[0]) and not reg.owners(tokens[0]):
        names.add(tokens[0])  # "Heath" for Heath Sallows: matched only as written, capitalised
    reg.new_entity(Label.PERSON, names, title=title)


#: Words said after a call name as a pet name ("Danny Boy", "Kay Girl"), never a surname here.
_PET_WORDS = frozenset({"boy", "girl", "lad", "babe", "baby", "bear"})


def _add_maiden_names(reg: Registry, maidens: Sequence[tuple[str | None, str]]) -> None:
    """Give a woman her given name with the maiden name the documents give her ("Kelly Brown (née
    Stone)": "Kelly Stone" is Kelly Brown); a person found only by that name becomes hers."""
    for name, surname in maidens:
        if name is None:
            continue
        owners = [o for o in reg.owners(name) if reg.entity(o).label is Label.PERSON]
        owner = owners[0] if len(owners) == 1 else same_person(reg, name)
        if owner is None:
            continue
        given = strip_title(name)[1].split()[0]
        if surname.isupper() and not given.isupper():
            given = given.upper()  # "Ayesha AKHTAR (née HUSSAIN)": "HUSSAIN Ayesha" in a police log
        form = f"{given} {surname}"
        others = [o for o in reg.owners(form) if o != owner]
        if not reg.owners(form):
            reg.add_name(owner, form)
        elif len(others) == 1 and owner not in reg.owners(form) and _only_named(reg, others[0], given, surname):
            reg.absorb(owner, others[0])  # "Irene Birchall" was found before her maiden name was known


def _only_named(reg: Registry, entity_id: str, given: str, surname: str) -> bool:
    """Say whether a detected person is known only by this given name and surname (or parts of them)."""
    entity = reg.entity(entity_id)
    allowed = {fold(given), fold(surname)}
    return entity.label is Label.PERSON and entity.source == "detected" and all(
        set(fold(strip_title(n)[1]).replace(",", " ").split()) <= allowed for n in entity.names
    )


def _short_name_of_someone(reg: Registry, name: str) -> bool:
    """Say whether a full name no one is known by yet opens with a short form of one known
    person's given name ("Jo Heap" when Joanne Booth is known): it is linked after every other
    full name, when the family whose surname it may be is known."""
    tokens = name.split()
    key = fold(tokens[0]).replace("-", "")  # "Jo-Jo"
    if len(tokens) != 2 or reg.owners(name) or not key.isalpha() or people_named(reg, name):
        return False
    return sum(1 for e in person_ids(reg) if any(key in short_forms(g) for g, _s in full_names(reg, e))) == 1


def _misspelt_person(reg: Registry, first: str, last: str) -> str | None:
    """Return the one person whose given name and surname are each at most one letter away from
    ``first`` and ``last`` ("Charlette Reid", a record's error for Charlotte Reed), both of four
    letters or more; none where the surname written is someone's own ("Reid" of a Dean Reid)."""
    if len(first) < 4 or len(last) < 4 or not first.isalpha() or not last.isalpha() or reg.people_with_part(last):
        return None
    given, surname = fold(first), fold(last)
    found = {
        entity_id for entity_id in person_ids(reg)
        for known_given, known_surname in full_names(reg, entity_id)
        if len(known_given) >= 4 and within_one_edit(known_given, given) and within_one_edit(known_surname, surname)
    }
    return found.pop() if len(found) == 1 else None


#: Seasons and feasts that are first names but mostly name a time ("Summer 2021"); months and
#: weekdays are ``is_calendar_word``'s.
_SEASONS = frozenset("spring summer autumn winter christmas easter".split())


def _is_word_given_name(reg: Registry, word: str) -> bool:
    """Say whether a person's given name is also a word that is a listed first name ("Heath",
    "Joy", "Jade"): the person is called by it, but only as written, capitalised. Not a name of a
    month, season or day ("May", "Summer")."""
    from redactor.detect.gazetteer import is_first_name

    return (
        len(word) >= 3 and word[0].isupper() and word[1:].islower() and reg.is_word(word)
        and word.casefold() not in _SEASONS and not is_calendar_word(word) and is_first_name(word)
    )


#: Initials as a transcript's speaker label, after an optional timestamp: "PM:", "[00:02:24] HA:".
_LABEL_INITIALS = re.compile(
    r"(?m)^[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*|\(?\d{1,2}[:.]\d{2}(?::\d{2})?\)?[ \t]+)?"
    r"(?:(?:\*\*)?(?P<initials>[A-Z]{1,3}|[a-z]{2,3})(?:\*\*)?(?:[ \t]*\([a-z ]{1,20}\))?[ \t]*:"  # "NO (phone):", "S:", "ng:"
    r"|\[(?P<bracketed>[A-Z]{2,3})\](?:[ \t]|:)"  # "[MS] Since we were four.", a draft's note "[FM]: ask her"
    r"|(?P<dotted>[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)[ \t]*:)"  # "R.M.: Aye."
)


def _label_group(match: re.Match[str]) -> str:
    """The name of the group that holds a speaker label's initials."""
    return next(name for name in ("initials", "bracketed", "dotted") if match.group(name) is not None)


def _label_initials_of(reg: Registry, match: re.Match[str]) -> str | None:
    """Return the initials a speaker label holds, in capitals ("ng:" in a transcript typed in lower
    case is "NG"); None for a lower-case label that is a stop word, a role or a field ("so:", "int:",
    "re:"). Not the dictionary: it lists most pairs of letters ("ng", "jd")."""
    label = match.group(_label_group(match)).replace(".", "")
    if label.isupper():
        return label
    from redactor.detect.lists import not_label_words
    from redactor.detect.nlp import is_stop_word

    if is_stop_word(label) or label in not_label_words() or label in _LOWER_NOT_LABELS:
        return None
    return label.upper()


#: Lower-case line openings that are no one's initials: mail fields, notes, times, interjections.
_LOWER_NOT_LABELS = frozenset(
    "re cc bcc fw fwd nb ps am pm eg ie etc tel fax ref dob aka ok yes yea yep nah hi hey ah oh um er erm eh aye".split()
)
#: A chat export's sender in lower case, after the message's date and time: "[03/10/2022, 18:51] jo t:".
_CHAT_SENDER = re.compile(r"(?m)^[ \t]*\[[^\]\n]{6,30}\][ \t]*(?P<sender>[a-z][a-z'’-]+(?:[ ][a-z][a-z'’-]*){0,2})[ \t]*:")
#: A person given one letter for a name: "the mother, G;", "the son, S,", "we called her E in
#: the notes", "referred to as K".
_LETTER_DEFINED = re.compile(
    r"\b(?:(?:victim|perpetrator|mother|father|son|daughter|brother|sister|husband|wife|partner|ex-partner|boyfriend"
    r"|girlfriend|friend|nephew|niece|uncle|aunt|auntie|cousin|grandmother|grandfather|grandson|granddaughter"
    r"|neighbour|child|stepfather|stepmother|stepson|stepdaughter|sibling),[ ]+[\"“'‘]?(?P<letter>[A-Z])[\"”'’]?"
    r"(?=[ ]*[;,.)|]|[ ]+(?:and|who|was|is|had|has)\b|[ ]*$)"
    r"|\b(?:call(?:ed)?|refer(?:red)?[ ]to|known[ ]as)[ ]+(?:her|him|them|the[ ]\w+)?[ ]*(?:as[ ]+)?"
    r"[\"“'‘]?(?P<letter2>[A-Z])[\"”'’]?(?=[ ]+in[ ]+the[ ]+(?:notes|records?|report)|[ ]*[;,.)])"
    r")",
    re.MULTILINE,
)
#: A key that gives a person a letter: "Family shorthand used in entries: M = Maisie; A = Alfie".
_LETTER_KEY = re.compile(r"(?<![\w.&/'’-])(?P<letter>[A-Z])[ ]?=[ ]?(?P<name>[A-Z][a-z'’-]+)\b")
#: Letters never taken for a person's: words ("A", "I") and the role letters of a transcript.
_NOT_LETTER_LABELS = frozenset("AIOQ")
#: Words before a letter that is a part, a grade or a place, not a person: "Part G", "Class A".
_LETTER_NOT_NAME_BEFORE = re.compile(
    r"(?i:\b(?:part|appendix|annex|section|table|figure|plan|class|grade|vitamin|option|schedule|form|type|category"
    r"|level|block|wing|ward|floor|room|unit|flat|box|column|row|item|step|stage|phase|page|paragraph|para|chapter"
    r"|exhibit|plot|zone|tier|band|route|gate|door|platform|terminal|junction|mr|mrs|ms|miss|dr)\.?[ ]+)$"
)
#: Words before an abbreviation that make it one ("her GP", "the DC"), not someone's initials.
_DETERMINER_BEFORE = re.compile(r"(?i:\b(?:the|a|an|her|his|their|my|our|your|its)[ ])$")
#: Single letters that label a role, not a person: interviewer, question, answer, respondent.
_ROLE_LETTERS = frozenset("IQAR")
#: Words of speech that make a name a call name: "Big Dave", "our Kelly", "Little Jay".
_EPITHET = re.compile(r"(?<![\w'’])(?:[Bb]ig|BIG|[Ll]ittle|LITTLE|[Ll]il|[Oo]ur|OUR|[Yy]oung|[Oo]ld)\s+$")


def _widened(doc: Document, span: Span) -> Span:
    """Widen a person's span over an epithet right before it ("Big Dave", "our Kelly") and a
    surname's initial right after it ("Jess P", "bridget w"), and a
    place's or organisation's over its "the" ("down the Swan" becomes "down Organisation 1", not
    "down the Organisation 1": the article is part of a venue's name as people say it)."""
    text = doc.segment(span.segment_id).text
    if span.label in (Label.ORGANIZATION, Label.LOCATION):
        match = _THE_BEFORE.search(text, max(0, span.start - 5), span.start)
        return dataclasses.replace(span, start=match.start()) if match else span
    if span.label is not Label.PERSON:
        return span
    match = _EPITHET.search(text, max(0, span.start - 8), span.start)
    if match:
        span = dataclasses.replace(span, start=match.start())
    initial = _INITIAL_AFTER.match(text, span.end)
    capitalised = text[span.start].isupper()
    if initial and initial.group("upper" if capitalised else "lower"):
        span = dataclasses.replace(span, end=initial.end())  # "Jess P", "bridget w": a surname's initial
    elif (after := _KIN_AFTER.match(text, span.end)) is not None:
        span = dataclasses.replace(span, end=after.end())  # "Pushpa aunty", "Geraint bach": said with the name
    return span


#: A kin word or an endearment said after a call name, as a title is before one: "Pushpa aunty",
#: "Rajendran uncle", "Geraint bach", "Menna fach", "Sunil ji".
_KIN_AFTER = re.compile(r"[ ](?:aunty|auntie|uncle|bach|fach|ji|sahib|bhai|baji|apa|aapa|didi|bhaiya)(?![\w'’-])", re.IGNORECASE)


#: A surname's initial after a given name, as rotas, chat contacts and notes write it ("Jess P",
#: "Frank H:", "bridget w (mm)"); never "I" or "A", a pronoun or an article ("told Jess I would").
_INITIAL_AFTER = re.compile(r"[ ](?:(?P<upper>[B-HJ-Z])|(?P<lower>[b-hj-z]))\.?(?![\w'’-]|\.\w)")


#: "the" right before a place's or organisation's name, as a word of its own.
_THE_BEFORE = re.compile(r"(?<![\w'’])(?:the|The|THE)[ ]$")


#: A name that is also a verb, at a sentence's start: "Will I ever...", "Hope that helps", "Mark my words".
_VERB_OPENING = re.compile(
    r"(?:Will|May|WILL|MAY)[ ]+(?:I|you|he|she|we|they|it|there|that|this)\b"
    r"|(?:Hope|HOPE)[ ]+(?:that|I|you|he|she|we|they|it|so|not|this)\b"  # "Hope that helps.", "Hope I've got that right."
    r"|(?:Mark|MARK)[ ]+(?:my|these|those)[ ]+words\b"
)


#: How near a person must be named for a name they share to be theirs: before it in the same
#: paragraph, within this many characters ("Marek Kowalczyk came in. Kowalczyk said..."), or
#: right after it in the same clause ("Mrs Rahman, Shamim Rahman, said").
_NAMED_BEFORE = 300
_NAMED_AFTER = 40
#: What ends the apposition a name right after a shared one may stand in: "Mrs Rahman, Shamim, said".
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]")


def _family_name(reg: Registry, word: str, candidates: Sequence[str]) -> bool:
    """Say whether ``word`` (folded) is the surname of two or more of ``candidates``: relatives'."""
    return sum(any(word in surname.replace("-", " ").split() for _g, surname in full_names(reg, c)) for c in candidates) >= 2


def _the_one_adult(reg: Registry, candidates: Sequence[str]) -> str | None:
    """Return the one candidate the case file does not list as a child, when the others are:
    a report calls an adult by their surname ("Officers spoke to KOWALCZYK"), a child by name."""
    adults = [c for c in candidates if "child" not in reg.entity(c).role.casefold()]
    return adults[0] if len(adults) == 1 < len(candidates) else None


def _called_by(reg: Registry, word: str, candidates: Sequence[str]) -> str | None:
    """Return the one of ``candidates`` whose first given name ``word`` (folded) is, when the
    others have it only as a middle name: a middle name is often a father's or a husband's given
    name ("Hansa Ramesh Mistry", "Ifrah Abdi Hersi"), so the name alone is the one called by it."""
    firsts = [c for c in dict.fromkeys(candidates) if any(given == word for given, _surname in full_names(reg, c))]
    return firsts[0] if len(firsts) == 1 < len(set(candidates)) else None


def _resolve_shared(reg: Registry, doc: Document, spans: list[Span], shared: dict[int, list[str]]) -> list[Note]:
    """Give each mention of a name several people share to the one of them named near it.

    A surname relatives share ("Kowalczyk", "Mrs Rahman") is the one of them named with it
    nearest before the mention in its paragraph, or right after it ("Marek Kowalczyk came in.
    Kowalczyk said"), or else the one adult among them when the case file lists the others as
    children; where neither says, the mention never silently takes one relative's
    pseudonym (DOMAIN.md), not even the one a title fits best: it is left neutral ("[name]")
    and flagged, for the officer to say whose it is. Any other shared name is the one of them
    named nearest in the document (before it, else after it), else the first. Every choice is
    noted for a human check.
    """
    if not shared:
        return []
    order = {seg.id: index for index, seg in enumerate(doc.segments)}
    anchors = sorted(
        (order[s.segment_id], s.start, s.entity_id, fold(doc.span_text(s)))
        for i, s in enumerate(spans)
        if i not in shared and s.entity_id and s.label is Label.PERSON
    )
    by_entity: dict[str, list[tuple[int, int, str, str]]] = {}
    for anchor in anchors:
        by_entity.setdefault(anchor[2], []).append(anchor)
    notes: list[Note] = []
    noted: set[Note] = set()
    for index, candidates in shared.items():
        span = spans[index]
        here = (order[span.segment_id], span.start)
        mine = sorted(a for c in set(candidates) for a in by_entity.get(c, ()))
        said = strip_title(doc.span_text(span))[1]
        words = fold(spelled_word(said) or said).split()  # "K-O-W-A-L-C-Z-Y-K" is the surname
        if words and _family_name(reg, words[-1], candidates):
            # Only a mention that holds the surname says whose it is: the victim's first name,
            # said in every line, says nothing of "Mrs Rahman".
            near = [a for a in mine if a[0] == here[0] and words[-1] in a[3].split()]
            before = [a for a in near if here[1] - _NAMED_BEFORE <= a[1] < here[1]]
            text = doc.segment(span.segment_id).text
            after = [
                a for a in near if span.end <= a[1] <= span.end + _NAMED_AFTER and not _CLAUSE_BREAK.search(text, span.end, a[1])
            ]
            chosen = before[-1][2] if before else after[0][2] if after else _the_one_adult(reg, candidates)
        elif len(words) == 1 and (called := _called_by(reg, words[0], candidates)) is not None:
            chosen = called  # "Ramesh" is Ramesh Mistry, not his wife Hansa Ramesh Mistry
        else:
            before = [a for a in mine if (a[0], a[1]) < here]
            after = [a for a in mine if (a[0], a[1]) > here]
            chosen = before[-1][2] if before else after[0][2] if after else candidates[0]
        if chosen is None:
            spans[index] = dataclasses.replace(span, entity_id=None, origin=Origin.SHARED_NAME)
            note = Note(span.segment_id, NoteKind.NEUTRAL_NAME, "")
        else:
            spans[index] = dataclasses.replace(span, entity_id=chosen)
            note = Note(span.segment_id, NoteKind.SHARED_NAME, chosen)
        if note not in noted:  # one check per paragraph and person is enough
            noted.add(note)
            notes.append(note)
    return notes


def _without_parts_of_other_names(reg: Registry, doc: Document, spans: Sequence[Span]) -> list[Span]:
    """Drop a mention of one person found inside a longer name that the registry gives another
    ("John" and "WARD" of the perpetrator John Patrick Ward inside "John Martin WARD", his son):
    the whole name says whose it is, however trusted the part."""
    wholes: dict[str, list[Span]] = {}
    for s in spans:
        if (
            s.label is Label.PERSON and s.entity_id is not None and " " in doc.span_text(s).strip()
            and reg.owners(strip_title(doc.span_text(s))[1]) == [s.entity_id]
        ):
            wholes.setdefault(s.segment_id, []).append(s)
    if not wholes:
        return list(spans)

    def inside_another(span: Span) -> bool:
        return span.entity_id is not None and any(
            w.entity_id != span.entity_id and w.start <= span.start and span.end <= w.end
            and (w.start, w.end) != (span.start, span.end)
            for w in wholes.get(span.segment_id, ())
        )

    return [s for s in spans if not inside_another(s)]


#: What may stand between two mentions of one person that are one name: "Dave Jones", or a name
#: broken over a line ("Kian\nBooth").
_NAME_GAP = re.compile(r"[ \t]{1,3}|[ \t]*\r?\n[ \t]*")


def _given_then_surname(reg: Registry, doc: Document, spans: Sequence[Span]) -> list[Span]:
    """Give a surname the person whose given name stands right before it ("Kian BOOTH": Kian,
    the son no one gave a surname, not Booth, his father): the given name says who, and the two
    are then one name, never "Person Z Robert". Not where someone else is known by the whole
    name, nor where the given name's person is known by another surname ("Jo Booth" is no Jo
    Heap)."""
    out = list(spans)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if not (
            first.segment_id == second.segment_id and first.label is second.label is Label.PERSON
            and first.entity_id and second.entity_id and first.entity_id != second.entity_id
        ):
            continue
        text = doc.segment(first.segment_id).text
        given, family = text[first.start : first.end], text[second.start : second.end]
        if (
            not _NAME_GAP.fullmatch(text, first.end, second.start)
            or not given.isalpha() or not family.replace("-", "").isalpha()
            or not is_surname_of(reg, second.entity_id, family) or is_surname_of(reg, first.entity_id, given)
        ):
            continue
        if reg.owners(f"{given} {family}"):
            continue  # someone is known by the whole name
        if any(surname for _g, surname in full_names(reg, first.entity_id)):
            continue  # known by a surname, not this one: the pair may be someone else
        if fold(given) not in {fold(n) for n in reg.entity(first.entity_id).names if " " not in n.strip()}:
            continue
        out[i + 1] = dataclasses.replace(second, entity_id=first.entity_id)
    return out


def _surname_then_given(reg: Registry, doc: Document, spans: list[Span]) -> list[Span]:
    """Join a surname and the given name after its comma ("Cc: Richardson, Paula <...>") into one
    name of the surname's person when that person is known by the given name or its initial ("P.
    Richardson") and the given name's own person by nothing more: never "Person X, Person AL"."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last is not None and last.segment_id == span.segment_id and last.label is span.label is Label.PERSON
            and last.entity_id and span.entity_id and last.entity_id != span.entity_id
        ):
            text = doc.segment(span.segment_id).text
            family, given = text[last.start : last.end], text[span.start : span.end]
            names = reg.entity(last.entity_id).names
            if (
                text[last.end : span.start] == ", " and family.isalpha() and given.isalpha() and given[:1].isupper()
                and (is_surname_of(reg, last.entity_id, family) or f"{given[0]}. {family}" in names)
                and not any(surname for _g, surname in full_names(reg, span.entity_id))
                and (
                    any(g == fold(given) for g, _s in full_names(reg, last.entity_id))
                    or f"{given[0]}. {family}" in names or f"{given[0]} {family}" in names
                )
            ):
                out[-1] = dataclasses.replace(last, end=span.end)
                continue
        out.append(span)
    return out


def _joined(reg: Registry, doc: Document, spans: Sequence[Span]) -> tuple[Span, ...]:
    """Join two mentions of one person that stand side by side into one, so that the name is
    replaced once ("Dave Jones" for David Jones, known by "Dave" and by "Jones" alone, is "Adult
    C", not "Adult C Adult C"; "Halliwell, Kevin" in an email's header is one name)."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (
            last is not None and last.segment_id == span.segment_id and last.entity_id is not None
            and last.entity_id == span.entity_id and last.label is span.label is Label.PERSON
            and _one_name(reg, doc, last, span)
        ):
            joined[-1] = dataclasses.replace(last, end=span.end)
        else:
            joined.append(span)
    return tuple(joined)


def _one_name(reg: Registry, doc: Document, first: Span, second: Span) -> bool:
    """Say whether two mentions of one person next to each other are one name: only spaces
    between them, or a comma between the surname and the given name ("Halliwell, Kevin")."""
    text = doc.segment(first.segment_id).text
    if _NAME_GAP.fullmatch(text, first.end, second.start):
        return True
    if text[first.end : second.start] != ", ":
        return False
    said = (fold(strip_title(text[second.start : second.end])[1]), fold(text[first.start : first.end]))
    return any(said == (given, surname) for given, surname in full_names(reg, first.entity_id or ""))


#: A title and a name typed in lower case: "dr winter", "ds grey", "mrs w".
_LOWER_TITLE_NAME = re.compile(
    r"(?<![\w'’.-])(mrs|mr|ms|miss|dr|ds|dc|pc|di|dci|sgt|nurse)\.?[ ]([a-z][a-z'’-]*[a-z]|[a-z])(?![\w-])"
)
_TITLE_CASE = {"ds": "DS", "dc": "DC", "pc": "PC", "di": "DI", "dci": "DCI"}


def _lower_titled(reg: Registry, text: str) -> list[tuple[int, int, str]]:
    """Return a known person's titled name typed in lower case ("dr winter was nice", "ds grey is
    nice", "tell mrs w"): ``(start, end, owner)`` where the name as a title and capitals write it
    ("Dr Winter", "Mrs W") is one person's."""
    found: list[tuple[int, int, str]] = []
    for match in _LOWER_TITLE_NAME.finditer(text):
        title, name = match.group(1), match.group(2)
        written = f"{_TITLE_CASE.get(title, title.capitalize())} {name[:1].upper()}{name[1:]}"
        owners = [o for o in reg.owners(written) if reg.entity(o).label is Label.PERSON]
        if not owners and len(name) >= 3:  # "dr winter" for Dr Clare Winter, known as "Clare Winter"
            owners = reg.candidates([e for e in person_ids(reg) if is_surname_of(reg, e, name)], written.split()[0])
        if len(owners) == 1:
            found.append((match.start(), match.end(), owners[0]))
    return found


#: A lower-case word ending in "s" (not "'s"): "kians", "huws".
_S_WORD = re.compile(r"(?<![\w'’-])([a-z][a-z]{2,})s(?![\w'’-])")


def _texted_possessives(reg: Registry, text: str, messages: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Return, inside messages typed all in lower case, a known person's name with an "s" for its
    "'s" ("kians at nana jans", "osh is at huws fri"): ``(start, end, owner)``, the name without
    the "s"; never a word ("bills", "shells")."""
    found: list[tuple[int, int, str]] = []
    for a, b in messages:
        for match in _S_WORD.finditer(text, a, b):
            if reg.is_dictionary(match.group()):
                continue
            owners = [o for o in reg.owners(match.group(1)) if reg.entity(o).label is Label.PERSON]
            if len(owners) == 1:
                found.append((match.start(1), match.end(1), owners[0]))
    return found


class Link:
    """Stage: give spans their entities and find every other mention of known entities."""

    name = "link"

    def __init__(self, registry: Registry) -> None:
        self._reg = registry
        self._near_spellings = NearSpellings(registry)
        self._lower_names = lower_case_names(registry)
        self._lower_venues = lower_case_venues(registry)
        self._possessive_venues = possessive_venue_forms(registry)
        from redactor.detect.nlp import is_inflected_verb  # the model's verb tables, loaded with it

        self._is_verb = is_inflected_verb

    def run(self, doc: Document) -> Document:
        """Return ``doc`` with linked, propagated and merged spans, and its entities."""
        reg = self._reg
        spans: list[Span] = []
        notes: list[Note] = list(doc.link_notes)
        shared: dict[int, list[str]] = {}  # span index -> the people a shared name may be
        for span in doc.spans:
            linked, candidates = self._link_span(doc, span)
            if len(candidates) > 1:
                shared[len(spans)] = candidates
            spans.append(linked)
        matcher = reg.matcher()
        # Literal public-body names and keep terms (the same regions verification honours).
        kept = Intervals.by_segment(
            (s.segment_id, s.start, s.end) for s in doc.kept if s.origin is Origin.ALLOW_LIST
        )
        roles = frozenset().union(*(role_labels(seg.text) for seg in doc.segments))  # "DC (DC Martin Shrubsole)"
        for seg in doc.segments:
            for start, end, key in matcher.find(seg.text):
                kind, _, ref = key.partition(":")
                if kind == "E" and seg.text[start:end] in roles:
                    continue  # the role this document's legend gives the label, not someone's initials
                if kind == "E" and seg.id in kept and kept[seg.id].covers(start, end) and (
                    not reg.is_case_surface(ref) or kept[seg.id].covers(start - 1, end) or kept[seg.id].covers(start, end + 1)
                ):
                    # "Greenwich" inside "Lewisham and Greenwich NHS Trust" stays; so does a name the
                    # case file lists inside a longer name that stays ("the Old Bailey" when Bailey is listed).
                    continue
                if kind == "E" and _VERB_OPENING.match(seg.text, start) and sentence_start(seg.text, start):
                    continue  # "Will I ever stop seeing that?", "Hope that helps.": a verb, not Will or Hope
                if kind == "E" and not _word_named_business(reg, ref, seg.text, start, end):
                    continue  # "Prime Minister", "Star of the show": not Prime Staffing or Star Cars
                if kind == "I":
                    if seg.id in kept and kept[seg.id].covers(start, end):
                        continue  # "Lewes" of HMP Lewes inside "Lewes Crown Court", a body that stays
                    label = reg.identifier(ref)
                    origin = Origin.CASE_FILE if label is Label.CUSTOM else Origin.REGISTRY
                    spans.append(Span(seg.id, start, end, label, "", 1.0, origin=origin))
                    continue
                name = seg.text[start:end]
                owners = reg.owners(name)
                title_match = TRAILING_TITLE.search(seg.text, max(0, start - 60), start)  # titles are short
                title = None
                if title_match and reg.entity(owners[0] if owners else ref).label is Label.PERSON:
                    title = title_match.group().strip().rstrip(".")
                    start = title_match.start()
                candidates = reg.candidates(self._with_namesakes(owners or [ref], name, title), title)
                if not candidates:  # "Mrs Stone" when the one Stone known is a man: a relative no one named
                    spans.append(Span(seg.id, start, end, Label.PERSON, "", 1.0, None, Origin.SHARED_NAME))
                    if (note := Note(seg.id, NoteKind.NEUTRAL_NAME, "")) not in notes:
                        notes.append(note)
                    continue
                entity_id = candidates[0]
                if len(candidates) > 1:
                    shared[len(spans)] = candidates
                origin = Origin.CASE_FILE if reg.is_case_surface(entity_id) else Origin.PROPAGATED
                label = reg.entity(entity_id).label
                spans.append(Span(seg.id, start, end, label, "", 1.0, entity_id, origin))
        # Names that are words or very short, typed in lower case where speech says a person.
        for seg in doc.segments:
            messages = lower_messages(seg.text)  # text messages quoted all in lower case
            for start, end, owners in lower_case_mentions(
                seg.text, self._lower_names, is_word=reg.is_dictionary, messages=messages, is_verb=self._is_verb
            ):
                if len(owners) > 1:
                    shared[len(spans)] = owners
                spans.append(Span(seg.id, start, end, Label.PERSON, "", 0.8, owners[0], Origin.PROPAGATED))
            for start, end, owner in _lower_titled(reg, seg.text):
                spans.append(Span(seg.id, start, end, Label.PERSON, "", 0.8, owner, Origin.PROPAGATED))
            for start, end, owner in _texted_possessives(reg, seg.text, messages):
                spans.append(Span(seg.id, start, end, Label.PERSON, "", 0.8, owner, Origin.PROPAGATED))
            for start, end, venue in venue_mentions(seg.text, self._lower_venues, messages, self._possessive_venues):
                spans.append(Span(seg.id, start, end, reg.entity(venue).label, "", 0.8, venue, Origin.PROPAGATED))
        notes.extend(_resolve_shared(reg, doc, spans, shared))
        # Initials this document's own legend gives someone are that person's here, whoever the
        # case's first legend gave them to.
        legends = {
            label: owner for label, owner in document_legends(reg, (seg.text for seg in doc.segments)).items()
            if label not in roles
        }
        if legends:
            spans = [
                dataclasses.replace(s, entity_id=legends[doc.span_text(s)])
                if s.entity_id and s.label is Label.PERSON and doc.span_text(s) in legends else s
                for s in spans
            ]
        spans.extend(self._label_initials(doc, roles, legends))
        spans.extend(self._legend_acronyms(doc))
        letter_spans, letter_notes = self._letter_labels(doc)
        spans.extend(letter_spans)
        notes.extend(n for n in letter_notes if n not in notes)
        spans.extend(self._chat_senders(doc))
        near, near_notes = self._near_spellings.find(doc, spans)
        spans.extend(near)
        notes.extend(near_notes)
        merged = merge_into_unions([_widened(doc, s) for s in _without_parts_of_other_names(reg, doc, spans)])
        merged = _joined(reg, doc, _spelled_after_name(doc, tuple(self._ensure_entity(doc, s) for s in merged)))
        merged = _joined(reg, doc, _surname_then_given(reg, doc, _given_then_surname(reg, doc, merged)))
        used = sorted({s.entity_id for s in merged if s.entity_id}, key=id_number)
        entities = tuple(
            Entity(id=e.id, label=e.label, surfaces=frozenset(e.names), from_case_file=e.source == "case file")
            for e in (reg.entity(i) for i in used)
        )
        return dataclasses.replace(doc, spans=merged, entities=entities, link_notes=tuple(notes))

    def _chat_senders(self, doc: Document) -> list[Span]:
        """Return a chat export's senders typed in lower case that are a known person's name or
        short form, an initial after it included ("[03/10/2022, 18:51] jo t: fine.")."""
        found: list[Span] = []
        for seg in doc.segments:
            for match in _CHAT_SENDER.finditer(seg.text):
                sender = match.group("sender")
                owners = [o for o in people_for_word(self._reg, sender.split()[0]) if self._reg.entity(o).label is Label.PERSON]
                if len(owners) == 1:
                    start, end = match.span("sender")
                    found.append(Span(seg.id, start, end, Label.PERSON, "", 1.0, owners[0], Origin.PROPAGATED))
        return found

    def _letter_labels(self, doc: Document) -> tuple[list[Span], list[Note]]:
        """Return, in a document that names people by one letter ("the mother, G; the daughter,
        K", "we called her E in the notes"), every mention of those letters as a name: "G told
        the chair", "K's 999 call". The person is the one known whose given name starts with the
        letter; with no one or several, a neutral name, flagged. Not after "Part", "Appendix",
        "Class" and the like; only in that document."""
        from redactor.detect.gazetteer import is_first_name

        defined: dict[str, str | None] = {}
        for seg in doc.segments:
            for match in _LETTER_DEFINED.finditer(seg.text):
                letter = match.group("letter") or match.group("letter2")
                if letter not in _NOT_LETTER_LABELS:
                    owners = people_with_given_initial(self._reg, letter)
                    defined[letter] = owners[0] if len(owners) == 1 else None
            for match in _LETTER_KEY.finditer(seg.text):  # "M = Maisie; A = Alfie": the key says whose
                letter, name = match.group("letter"), match.group("name")
                if letter in _NOT_LETTER_LABELS or name[0] != letter:
                    continue  # never "A": "A bruise was seen" is no Alfie; "B = Bank holiday" is no key
                owners = [o for o in self._reg.owners(name) if self._reg.entity(o).label is Label.PERSON]
                if len(owners) == 1:
                    defined[letter] = owners[0]
                elif owners or is_first_name(name):
                    defined.setdefault(letter, None)  # a person, but whose the key leaves open: neutral, flagged
        spans: list[Span] = []
        notes: list[Note] = []
        if not defined:
            return spans, notes
        pattern = re.compile(r"(?<![\w.&/'’-])(" + "|".join(sorted(defined)) + r")(?![\w&/-])(?!\.\w)")
        for seg in doc.segments:
            for match in pattern.finditer(seg.text):
                if _LETTER_NOT_NAME_BEFORE.search(seg.text, max(0, match.start() - 20), match.start()):
                    continue
                owner = defined[match.group(1)]
                start, end = match.span(1)
                if owner is None:
                    spans.append(Span(seg.id, start, end, Label.PERSON, "", 1.0, None, Origin.SHARED_NAME))
                    notes.append(Note(seg.id, NoteKind.NEUTRAL_NAME, ""))
                else:
                    spans.append(Span(seg.id, start, end, Label.PERSON, "", 1.0, owner, Origin.PROPAGATED))
        return spans, list(dict.fromkeys(notes))

    def _legend_acronyms(self, doc: Document) -> list[Span]:
        """Return, in a document whose legend or table of people gives someone initials that also
        read as an abbreviation ("| DC | COLCLOUGH, Daniel Craig |"), those initials where the
        text uses them for the person ("DC declined to take part", "DC's history"); not as a rank
        or a role before a name or a number ("DC Hywel Pugh", "PC 4471"), nor after "the", "her"
        ("her GP"). Only in that document: elsewhere "DC" is a detective."""
        defined: dict[str, str] = {}
        for seg in doc.segments:
            for initials_, name in legend_pairs(seg.text):
                owner = self._reg.label_initials.get(initials_)
                if initials_ in ACRONYMS and owner is not None and not is_role_legend(initials_, name):
                    defined[initials_] = owner
        found: list[Span] = []
        if not defined:
            return found
        pattern = re.compile(r"(?<![\w.&/-])(" + "|".join(sorted(defined)) + r")(?![\w.&/-])(?![ ]?(?:\d|[A-Z]))")
        for seg in doc.segments:
            for match in pattern.finditer(seg.text):
                if _DETERMINER_BEFORE.search(seg.text, max(0, match.start() - 12), match.start()):
                    continue
                start, end = match.span(1)
                found.append(Span(seg.id, start, end, Label.PERSON, "", 1.0, defined[match.group(1)], Origin.PROPAGATED))
        return found

    def _label_initials(self, doc: Document, roles: frozenset[str], legends: dict[str, str]) -> list[Span]:
        """Return speaker labels that are a known person's initials ("PM:", "[00:02:24] HA:"), not
        the ``roles`` the document's legends define; ``legends``: the initials this document's own
        legends give someone."""
        found: list[Span] = []
        labels = {**self._reg.label_initials, **legends}
        for seg in doc.segments:
            for match in _LABEL_INITIALS.finditer(seg.text):
                label = _label_initials_of(self._reg, match)
                entity_id = labels.get(label) if label is not None and label not in roles else None
                if entity_id is None and label is not None and match.group(_label_group(match)).islower():
                    # "ng:" typed in lower case, where the person is known as "NG" (matched only as written)
                    owners = [o for o in self._reg.owners(label) if self._reg.entity(o).label is Label.PERSON]
                    entity_id = owners[0] if len(owners) == 1 else None
                if entity_id is not None:
                    start, end = match.span(_label_group(match))
                    found.append(Span(seg.id, start, end, Label.PERSON, "", 1.0, entity_id, Origin.PROPAGATED))
            for start, end, initials in legend_initials(seg.text):  # "NB = Nasreen Begum" itself
                entity_id = labels.get(initials)
                if entity_id is not None:
                    found.append(Span(seg.id, start, end, Label.PERSON, "", 1.0, entity_id, Origin.PROPAGATED))
        return found

    def _with_namesakes(self, owners: list[str], text: str, title: str | None) -> list[str]:
        """Add, to the owners of a titled surname ("Mrs Miles"), every person whose full name
        ends with it: a surname that is a word is not a name of its own, so only the case
        file's person owns it."""
        if not title or " " in text.strip():
            return owners
        reg = self._reg
        namesakes = [p for p in sorted(reg.people_with_part(text), key=id_number) if p not in owners]
        return owners + [p for p in namesakes if reg.entity(p).label is Label.PERSON]

    def _link_span(self, doc: Document, span: Span) -> tuple[Span, list[str]]:
        if span.label not in ENTITY_LABELS:
            return span, []
        reg = self._reg
        segment_text = doc.segment(span.segment_id).text
        epithet = _EPITHET.search(segment_text, max(0, span.start - 8), span.start)
        if epithet and reg.owners(segment_text[epithet.start() : span.end]):
            span = dataclasses.replace(span, start=epithet.start())  # "Big Ray" is the father, "Ray" may be the son
        text = doc.span_text(span)
        owners = reg.owners(text)
        title = None
        if not owners and span.label is Label.PERSON:
            mentions = clean_mention(text)
            if mentions:
                title, name = mentions[0]
                owners = reg.owners(name)
        if not owners and span.label is not Label.PERSON:
            owners = reg.owners(text.strip(" .,;:()\"").removesuffix("'s").removesuffix("’s"))
        if not owners:
            return span, []
        candidates = reg.candidates(owners, title)
        if not candidates:  # "Mrs Stone" when the one Stone known is a man
            return dataclasses.replace(span, entity_id=None, label=Label.PERSON, origin=Origin.SHARED_NAME), []
        entity = reg.entity(candidates[0])
        # A place or organisation guess that is really a known person's name becomes that person.
        return dataclasses.replace(span, entity_id=entity.id, label=entity.label), candidates

    def _ensure_entity(self, doc: Document, span: Span) -> Span:
        if span.label not in ENTITY_LABELS or span.entity_id or span.origin is Origin.SHARED_NAME:
            return span
        linked, _candidates = self._link_span(doc, span)
        if linked.entity_id:
            return linked
        _, name = strip_title(doc.span_text(span))
        owners = self._reg.owners(name)
        return dataclasses.replace(span, entity_id=owners[0]) if owners else span


