"""The officer's decisions: ``REVIEWDIR/decisions.toml``, written by ``scan``, applied by ``redact``.

```toml
[[entity]]                 # one per person, place and organisation the tool found
id = "e3"
kind = "PERSON"
names = ["Kieran Ashcroft", "Kieran", "Mr Ashcroft"]
pseudonym = "YZ"           # change it to rename
decision = "accept"        # "reject": keep every name of this entity as written
# merge_into = "e5"        # the same person as e5: one pseudonym for both
# split_off = ["Mr Ashcroft"]   # these names are someone else: a new entity
# split_pseudonym = "Adult D"   # optional; otherwise the next free one

[[mention]]                # one per uncertain detection (low confidence, near spelling, ...)
document = "overview_report.md"
text = "Rose"
kind = "PERSON"
decision = "accept"        # "reject": keep this text as written in this document

[[add]]                    # a term the tool missed: redacted everywhere
text = "Brockley Rise"
kind = "LOCATION"          # PERSON, LOCATION, ORGANIZATION or CUSTOM

[[object]]                 # one per picture or embedded object of a Word document (written by scan)
document = "overview_report.docx"
part = "word/media/image1.png"
sha256 = "3b1f..."         # the object as published: a changed object needs a new check
kind = "picture"           # or "embedded object" (informational)
where = "paragraph 12"     # informational
decision = "undecided"     # "checked": a person looked at it and it may be published as it is
```

A document holding a picture or embedded object is refused until each one is stripped
(``--strip-images``, ``--strip-embedded``) or ``checked`` here with a matching ``sha256``. A check
is of the object's bytes: the same part with the same fingerprint in any document of the case
counts as checked (the published copy is read back with the same rule).

Decisions are matched by entity and text, never by offset, so they survive edits to the
documents; a decision that matches nothing is reported. The file holds real names: it is
written with mode 0600 and says so at the top.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redactor.casefile import Case, CasePerson
from redactor.document import Label, kind_name
from redactor.entities import EntityIds
from redactor.errors import CaseFileError
from redactor.keyfile import Key, KeyEntity

if TYPE_CHECKING:
    from redactor.review import UncertainMention

DECISIONS_NAME = "decisions.toml"
DECISIONS_SUFFIX = ".decisions.toml"
_ENTITY_KEYS = frozenset(
    {"id", "kind", "names", "pseudonym", "decision", "merge_into", "split_off", "split_pseudonym", "mentions"}
)
_MENTION_KEYS = frozenset({"document", "text", "kind", "decision", "detector", "score", "context", "where"})
_ADD_KEYS = frozenset({"text", "kind", "pseudonym"})
_ADD_KINDS = ("PERSON", "LOCATION", "ORGANIZATION", "CUSTOM")
_OBJECT_KEYS = frozenset({"document", "part", "sha256", "kind", "where", "decision"})
_OBJECT_DECISIONS = ("undecided", "checked")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class DecisionsError(CaseFileError):
    """The decisions file is malformed (exit code 2, with the line)."""


@dataclasses.dataclass(frozen=True, slots=True)
class EntityDecision:
    id: str
    kind: str
    names: tuple[str, ...]
    pseudonym: str
    decision: str = "accept"
    merge_into: str | None = None
    split_off: tuple[str, ...] = ()
    split_pseudonym: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class MentionDecision:
    document: str
    text: str
    kind: str
    decision: str = "accept"


@dataclasses.dataclass(frozen=True, slots=True)
class AddedTerm:
    text: str
    kind: str = "CUSTOM"
    pseudonym: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ObjectDecision:
    """A person's decision on one picture or embedded object of a Word document."""

    document: str  # as the officer gave it
    part: str  # word/media/image1.png, word/embeddings/Microsoft_Excel_Worksheet.xlsx
    sha256: str  # the object's fingerprint (its bytes as published)
    kind: str = "picture"  # or "embedded object"; informational
    where: str = ""  # in words; informational
    decision: str = "undecided"  # or "checked"


@dataclasses.dataclass(frozen=True, slots=True)
class Decisions:
    """A parsed decisions file."""

    entities: tuple[EntityDecision, ...] = ()
    mentions: tuple[MentionDecision, ...] = ()
    added: tuple[AddedTerm, ...] = ()
    sha256: str = ""
    source: str = ""  # the file's name (no folder), for the statement
    objects: tuple[ObjectDecision, ...] = ()

    def checked_objects(self) -> frozenset[tuple[str, str]]:
        """Return ``(part, sha256)`` of every object a person checked (for ``FormatSettings``)."""
        return frozenset((o.part, o.sha256) for o in self.objects if o.decision == "checked")

    def rejected_mentions(self, *documents: str) -> frozenset[str]:
        """Return the texts the officer keeps as written in the document known by any of the
        names ``documents`` (its name as given, or its published name), casefolded."""
        names = set(documents)
        return frozenset(m.text.casefold() for m in self.mentions if m.decision == "reject" and m.document in names)


@dataclasses.dataclass(frozen=True, slots=True)
class Applied:
    """The case and key with the decisions applied, and what did not match."""

    case: Case
    key: Key
    unmatched: tuple[str, ...]  # messages without identifier text
    described: tuple[str, ...] = ()  # each decision that changed something, in words, without identifier text
    rejected: tuple[str, ...] = ()  # the names the officer keeps as written (added to the keep terms)


def default_decisions_path(case_path: Path | None, key_path: Path) -> Path:
    """Return where a case's decisions live: ``<case>.decisions.toml`` beside the case file, or,
    without a case file, beside the key (``k.json`` -> ``k.decisions.toml``)."""
    if case_path is not None:
        return case_path.with_name(case_path.stem + DECISIONS_SUFFIX)
    stem = key_path.name.removesuffix(".json").removesuffix(".key") or key_path.stem
    return key_path.with_name(stem + DECISIONS_SUFFIX)


def _where(path: Path, source: str, table: str, index: int) -> str:
    starts = [m.start() for m in re.finditer(rf"^\s*\[\[\s*{table}\s*\]\]", source, re.M)]
    line = source.count("\n", 0, starts[index]) + 1 if index < len(starts) else 0
    return f"{path.name}, line {line}" if line else path.name


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DecisionsError(f"{where}: '{key}' must be a non-empty text in quotes.")
    return " ".join(value.split())


def _choice(value: Any, where: str, key: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise DecisionsError(f"{where}: '{key}' must be one of {', '.join(repr(a) for a in allowed)}.")
    return str(value)


def _texts(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DecisionsError(f"{where}: '{key}' must be a list of non-empty texts.")
    return tuple(" ".join(v.split()) for v in value)


def _check_keys(table: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            raise DecisionsError(f"{where}: unknown key '{key}'; allowed keys are {', '.join(sorted(allowed))}.")


def load_decisions(path: Path) -> Decisions:
    """Read and validate a decisions file.

    Raises:
        DecisionsError: missing, not TOML, or breaking the schema (the message names the line).
    """
    try:
        raw = path.read_bytes()
        source = raw.decode("utf-8-sig")
    except FileNotFoundError as err:
        raise DecisionsError(f"{path.name}: decisions file not found; run 'redactor scan' first or check the path.") from err
    except (OSError, UnicodeDecodeError) as err:
        raise DecisionsError(f"{path.name}: cannot read the decisions file as UTF-8 text.") from err
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        raise DecisionsError(f"{path.name}: not valid TOML ({err}); fix that line.") from err
    for key in data:
        if key not in ("entity", "mention", "add", "object"):
            raise DecisionsError(
                f"{path.name}: unknown table '{key}'; allowed are [[entity]], [[mention]], [[add]] and [[object]]."
            )
    entities = []
    for index, table in enumerate(data.get("entity", [])):
        where = _where(path, source, "entity", index)
        _check_keys(table, _ENTITY_KEYS, where)
        merge = table.get("merge_into")
        split_pseudonym = table.get("split_pseudonym")
        entities.append(
            EntityDecision(
                id=_text(table.get("id"), where, "id"),
                kind=_choice(table.get("kind"), where, "kind", [label.value for label in Label]),
                names=_texts(table.get("names", []), where, "names"),
                pseudonym=_text(table.get("pseudonym"), where, "pseudonym"),
                decision=_choice(table.get("decision", "accept"), where, "decision", ("accept", "reject")),
                merge_into=None if merge is None else _text(merge, where, "merge_into"),
                split_off=_texts(table.get("split_off", []), where, "split_off"),
                split_pseudonym=None if split_pseudonym is None else _text(split_pseudonym, where, "split_pseudonym"),
            )
        )
    mentions = []
    for index, table in enumerate(data.get("mention", [])):
        where = _where(path, source, "mention", index)
        _check_keys(table, _MENTION_KEYS, where)
        mentions.append(
            MentionDecision(
                document=_text(table.get("document"), where, "document"),
                text=_text(table.get("text"), where, "text"),
                kind=_choice(table.get("kind"), where, "kind", [label.value for label in Label]),
                decision=_choice(table.get("decision", "accept"), where, "decision", ("accept", "reject")),
            )
        )
    added = []
    for index, table in enumerate(data.get("add", [])):
        where = _where(path, source, "add", index)
        _check_keys(table, _ADD_KEYS, where)
        pseudonym = table.get("pseudonym")
        added.append(
            AddedTerm(
                text=_text(table.get("text"), where, "text"),
                kind=_choice(table.get("kind", "CUSTOM"), where, "kind", _ADD_KINDS),
                pseudonym=None if pseudonym is None else _text(pseudonym, where, "pseudonym"),
            )
        )
    objects = []
    for index, table in enumerate(data.get("object", [])):
        where = _where(path, source, "object", index)
        _check_keys(table, _OBJECT_KEYS, where)
        sha = table.get("sha256")
        if not isinstance(sha, str) or not _SHA256.fullmatch(sha.strip().lower()):
            raise DecisionsError(f"{where}: 'sha256' must be the 64 hexadecimal digits 'redactor scan' wrote.")
        place = table.get("where", "")
        objects.append(
            ObjectDecision(
                document=_text(table.get("document"), where, "document"),
                part=_text(table.get("part"), where, "part").lstrip("/"),
                sha256=sha.strip().lower(),
                kind=_choice(table.get("kind", "picture"), where, "kind", ("picture", "embedded object")),
                where=place if isinstance(place, str) else "",
                decision=_choice(table.get("decision", "undecided"), where, "decision", _OBJECT_DECISIONS),
            )
        )
    return Decisions(
        tuple(entities), tuple(mentions), tuple(added), hashlib.sha256(raw).hexdigest(), path.name, tuple(objects)
    )


#: The pseudonyms the tool generates ("Person C", "Place 2"): any other was chosen by a person.
_GENERATED = re.compile(r"(?:Person [A-Z]+|Place \d+|Organisation \d+)")


def _chosen(pseudonym: str, person: CasePerson | None) -> bool:
    """Say whether a decision's pseudonym is the officer's own choice, the same way on every run
    (the key remembers a rename, so it cannot be told from the key): for a case-file person, it
    differs from the case file's; for an entity the tool found, it is not a generated label."""
    if person is not None and person.pseudonym:
        return pseudonym != person.pseudonym
    return not _GENERATED.fullmatch(pseudonym)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _folded(names: Iterable[str]) -> set[str]:
    return {n.casefold() for n in names}


def apply_decisions(case: Case | None, key: Key, decisions: Decisions) -> Applied:
    """Return the case and key as the officer decided: renamed, merged, split, rejected, added.

    Entity decisions are matched to the key's entities by id when their names still overlap,
    else by any shared name; mention decisions are applied per document by the pipeline.
    """
    case = case or Case(name=key.case)
    entities = {e.id: e for e in key.entities}
    people = list(case.people)
    keep = list(case.keep_terms)
    redact = list(case.redact_terms)
    unmatched: list[str] = []
    described: list[tuple[int, str]] = []  # (the decision's place in the file, what it did): file order on every run
    rank = {id(d): n for n, d in enumerate(decisions.entities)}
    rejected: list[str] = []

    def find(decision: EntityDecision) -> str | None:
        wanted = _folded(decision.names)
        same = entities.get(decision.id)
        if same is not None and (not wanted or _folded(same.names) & wanted):
            return same.id
        for entity in entities.values():
            if _folded(entity.names) & wanted:
                return entity.id
        return None

    def case_person(entity: KeyEntity) -> int | None:
        for index, person in enumerate(people):
            if person.name.casefold() in _folded(entity.names):
                return index
        return None

    resolved = [(d, find(d)) for d in decisions.entities]
    for decision, entity_id in resolved:
        if entity_id is None and decision.decision == "reject":
            keep.extend(decision.names)  # a rejection is a keep rule by name: it holds after the entity is gone
            rejected.extend(decision.names)
            what = f"{decision.id} ({kind_name(decision.kind)})"
            described.append((rank[id(decision)], f"{what}: kept as written in every document"))
        elif entity_id is None:
            unmatched.append(f"entity decision '{decision.id}' ({decision.kind}) matches no entity of this case")
    ids = EntityIds.after(entities)
    for decision, entity_id in resolved:
        if entity_id is None or entity_id not in entities:
            continue
        entity = entities[entity_id]
        person_index = case_person(entity)
        what = f"{decision.id} ({kind_name(entity.label)})"
        if decision.decision == "reject":
            keep.extend(entity.names)
            rejected.extend(entity.names)
            described.append((rank[id(decision)], f"{what}: kept as written in every document"))
            del entities[entity_id]
            if person_index is not None:
                del people[person_index]
            continue
        if _chosen(decision.pseudonym, people[person_index] if person_index is not None else None):
            described.append((rank[id(decision)], f'{what}: pseudonym chosen by the officer, "{decision.pseudonym}"'))
        if decision.pseudonym != entity.pseudonym:
            entity = dataclasses.replace(entity, pseudonym=decision.pseudonym, source=entity.source)
            if person_index is not None:
                people[person_index] = dataclasses.replace(people[person_index], pseudonym=decision.pseudonym)
        if decision.split_off:
            split = _folded(decision.split_off)
            entity = dataclasses.replace(entity, names=tuple(n for n in entity.names if n.casefold() not in split))
            split_id = ids.new()
            entities[split_id] = KeyEntity(
                id=split_id, label=entity.label, pseudonym=decision.split_pseudonym or "",
                names=decision.split_off, source="decision",
            )
            described.append((
                rank[id(decision)],
                f"{what}: {len(decision.split_off)} of its names split off as someone else"
                + (f', "{decision.split_pseudonym}"' if decision.split_pseudonym else ""),
            ))
        entities[entity_id] = entity
    for decision, entity_id in resolved:
        if entity_id is None or entity_id not in entities or decision.merge_into is None or decision.decision == "reject":
            continue
        target_id = next((i for d, i in resolved if d.id == decision.merge_into and i in entities), None)
        if target_id is None and decision.merge_into in entities:
            target_id = decision.merge_into
        if target_id is None or target_id == entity_id:
            unmatched.append(f"entity decision '{decision.id}' merges into '{decision.merge_into}', which matches no entity")
            continue
        source = entities.pop(entity_id)
        target_entity = entities[target_id]
        names = tuple(dict.fromkeys((*target_entity.names, *source.names)))
        entities[target_id] = dataclasses.replace(target_entity, names=names)
        merged = f"{decision.id} ({kind_name(source.label)}) merged into {decision.merge_into}"
        described.append((rank[id(decision)], f'{merged}: one pseudonym, "{target_entity.pseudonym}"'))
        person_index = case_person(target_entity)
        if person_index is not None:
            person = people[person_index]
            people[person_index] = dataclasses.replace(person, aliases=tuple(dict.fromkeys((*person.aliases, *source.names))))
    for n, term in enumerate(decisions.added, start=len(rank)):
        what = "term" if term.kind == "CUSTOM" else kind_name(term.kind)
        described.append((n, f"{_article(what)} {what} the tool missed, added by the officer: replaced everywhere"))
        if term.kind == "PERSON":
            people.append(CasePerson(name=term.text, pseudonym=term.pseudonym, role="added by decision"))
        elif term.kind == "CUSTOM":
            redact.append(term.text)
        else:
            added_id = ids.new()
            entities[added_id] = KeyEntity(
                id=added_id, label=Label(term.kind), pseudonym=term.pseudonym or "", names=(term.text,), source="decision"
            )
    new_case = dataclasses.replace(case, people=tuple(people), keep_terms=tuple(keep), redact_terms=tuple(redact))
    new_key = dataclasses.replace(key, entities=tuple(entities.values()))
    in_file_order = tuple(text for _n, text in sorted(described, key=lambda d: d[0]))
    return Applied(new_case, new_key, tuple(unmatched), in_file_order, tuple(dict.fromkeys(rejected)))


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _toml_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_string(i) for i in items) + "]"


def render_decisions(
    case: str,
    entities: Sequence[tuple[KeyEntity, int]],
    mentions: Sequence[UncertainMention],
    previous: Decisions | None = None,
    objects: Sequence[ObjectDecision] = (),
) -> str:
    """Return the decisions file: one entry per entity (with its mention count), per uncertain
    mention (where it was first seen, in words, and the words around it) and per picture or
    embedded object of a Word document; earlier decisions kept (an object's only while its
    document, part and fingerprint are the same)."""
    earlier = {d.id: d for d in (previous.entities if previous else ())}
    earlier_mentions = {(m.document, m.text.casefold()): m for m in (previous.mentions if previous else ())}
    lines = [
        f"# redactor decisions for case {case}.",
        "# SENSITIVE: holds real names. Do not publish, e-mail or share; delete it when the review is done.",
        "# Edit the decisions, then run redactor redact (and verify): both read this file by themselves.",
        "# Entities carry the ids the review page shows (e1, e2, ...); documents are named as you gave them.",
        '# decision = "accept" (redact as shown) or "reject" (keep as written); change pseudonym to rename;',
        '# merge_into = "<id>" joins two entities; split_off = ["name", ...] makes those names someone else.',
        "",
    ]
    for entity, count in entities:
        old = earlier.get(entity.id)
        decision = old.decision if old else "accept"
        pseudonym = old.pseudonym if old else entity.pseudonym
        lines += [
            "[[entity]]",
            f"id = {_toml_string(entity.id)}",
            f"kind = {_toml_string(entity.label.value)}",
            f"names = {_toml_list(entity.names)}",
            f"pseudonym = {_toml_string(pseudonym)}",
            f"decision = {_toml_string(decision)}",
            f"mentions = {count}",
        ]
        if old and old.merge_into:
            lines.append(f"merge_into = {_toml_string(old.merge_into)}")
        if old and old.split_off:
            lines.append(f"split_off = {_toml_list(old.split_off)}")
        if old and old.split_pseudonym:
            lines.append(f"split_pseudonym = {_toml_string(old.split_pseudonym)}")
        lines.append("")
    for m in mentions:
        old_mention = earlier_mentions.get((m.document, m.text.casefold()))
        lines += [
            "[[mention]]",
            f"document = {_toml_string(m.document)}",
            f"text = {_toml_string(m.text)}",
            f"kind = {_toml_string(m.kind)}",
            f"detector = {_toml_string(m.detector)}",
            f"score = {m.score:.2f}",
            f"where = {_toml_string(m.where)}",
            f"context = {_toml_string(m.context)}",
            f"decision = {_toml_string(old_mention.decision if old_mention else 'accept')}",
            "",
        ]
    for term in previous.added if previous else ():
        lines += ["[[add]]", f"text = {_toml_string(term.text)}", f"kind = {_toml_string(term.kind)}"]
        if term.pseudonym:
            lines.append(f"pseudonym = {_toml_string(term.pseudonym)}")
        lines.append("")
    if not previous or not previous.added:
        lines += ["# A term the tool missed, redacted everywhere:", "# [[add]]", '# text = "..."', '# kind = "LOCATION"', ""]
    if objects:
        lines += [
            "# Pictures and embedded objects redactor cannot read: a document holding one is refused until",
            '# each is stripped (--strip-images, --strip-embedded) or a person has looked at it: decision = "checked"',
            "# publishes it as it is (pictures without their metadata). A changed object needs a new check.",
            "",
        ]
    earlier_objects = {(o.document, o.part, o.sha256): o.decision for o in (previous.objects if previous else ())}
    listed = {o.document for o in objects}  # a document this scan did not list keeps its entries
    kept = [o for o in (previous.objects if previous else ()) if o.document not in listed]
    for obj in [*objects, *kept]:
        decision = earlier_objects.get((obj.document, obj.part, obj.sha256), obj.decision)
        lines += [
            "[[object]]",
            f"document = {_toml_string(obj.document)}",
            f"part = {_toml_string(obj.part)}",
            f"sha256 = {_toml_string(obj.sha256)}",
            f"kind = {_toml_string(obj.kind)}",
            f"where = {_toml_string(obj.where)}",
            f"decision = {_toml_string(decision)}",
            "",
        ]
    return "\n".join(lines)
