"""The case context: everything one run knows about its case, frozen, and what is built from it.

A context is the case file and the key with the officer's decisions applied, the policy they
give, and the run's settings. Linking learns new entities: the run then replaces its context
with one holding the new key (``with_key``); nothing changes a context in place. The keep stage
and the verification scanner are built from a context by the factories here, so the keep stage,
the publish workers and ``redactor verify`` all apply the same rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from redactor.casefile import Case
from redactor.decisions import Decisions, apply_decisions
from redactor.detect.keep import KeepFilter
from redactor.detect.nlp import is_case_word, is_dictionary_word
from redactor.document import Label
from redactor.keyfile import Key
from redactor.policy import Policy
from redactor.settings import Settings
from redactor.verify import KnownScanner, Replacements, known_surfaces, precise_surfaces


@dataclasses.dataclass(frozen=True, slots=True)
class CaseContext:
    """One case as a run sees it (decisions already applied)."""

    settings: Settings
    case: Case | None
    key: Key
    policy: Policy
    decisions: Decisions | None = None
    unmatched: tuple[str, ...] = ()  # decisions that matched nothing (no identifier text)
    unmatched_entities: int = 0  # of ``unmatched``: the entity decisions (the rest are mention decisions)
    decided: tuple[str, ...] = ()  # the decisions that changed something, in words (no identifier text)
    decided_keep: tuple[str, ...] = ()  # the names the officer keeps as written (part of the case's keep terms)
    decisions_ignored: bool = False  # the officer chose to publish without the case's decisions file
    area: str | None = None  # the council / CSP area: the case file's, or found in the documents
    area_source: str = ""  # "case file", "documents" or "" (not known)
    other_areas: tuple[str, ...] = ()  # other council areas the documents name as a council's: kept too
    services: tuple[str, ...] = ()  # names the documents describe as a service ("Freya, the DA charity")

    @classmethod
    def build(
        cls, *, settings: Settings, case: Case | None, key: Key, decisions: Decisions | None = None,
        decisions_ignored: bool = False,
    ) -> CaseContext:
        """Apply the officer's decisions to the case file and key, and read the case policy."""
        unmatched: tuple[str, ...] = ()
        decided: tuple[str, ...] = ()
        decided_keep: tuple[str, ...] = ()
        if decisions is not None:
            applied = apply_decisions(case, key, decisions)
            case, key, unmatched = applied.case, applied.key, applied.unmatched
            decided, decided_keep = applied.described, applied.rejected
        policy = Policy({Label(kind): action for kind, action in case.policy} if case is not None else None)
        area = case.area if case is not None else None
        return cls(settings=settings, case=case, key=key, policy=policy, decisions=decisions, unmatched=unmatched,
                   unmatched_entities=len(unmatched), decided=decided, decided_keep=decided_keep, area=area,
                   area_source="case file" if area else "", decisions_ignored=decisions_ignored)

    def with_area_from(self, texts: Iterable[str]) -> CaseContext:
        """Return this context with what the documents say it must keep: the council area (unless
        the case file gives one), the services they describe as such ("Freya, the specialist
        domestic abuse charity") and the short names of the hospitals and NHS bodies they name in
        full ("the James Cook"), unless a case-file person is called so."""
        from redactor.detect.areas import infer_areas, infer_body_short_names, infer_services

        texts = list(texts)
        context = self
        found = infer_areas(texts)
        if not self.area and found:
            context = dataclasses.replace(context, area=found[0], area_source="documents")
        others = tuple(a for a in found if a != context.area)
        if others:
            context = dataclasses.replace(context, other_areas=others)
        people = {w.casefold() for p in (self.case.people if self.case else ()) for n in (p.name, *p.aliases) for w in n.split()}
        services = {
            s for s in infer_services(texts) | infer_body_short_names(texts)
            if not set(s.casefold().removeprefix("the ").split()) & people
        }
        if services - set(self.services):
            context = dataclasses.replace(context, services=tuple(sorted(set(self.services) | services)))
        return context

    def with_key(self, key: Key) -> CaseContext:
        """Return this context with the key that linking extended."""
        return dataclasses.replace(self, key=key)

    def with_unmatched(self, more: tuple[str, ...]) -> CaseContext:
        """Return this context with more decisions that matched nothing."""
        return dataclasses.replace(self, unmatched=self.unmatched + more)

    def pseudonyms(self) -> set[str]:
        """Return every pseudonym of the case: the key's and the case file's."""
        return case_pseudonyms(self.case, self.key)

    def keep_filter(self) -> KeepFilter:
        """Return the keep stage for this case."""
        return keep_filter_for(
            self.case, self.key, area=self.area, services=self.services, others=self.other_areas, decided=self.decided_keep
        )

    def scanner(self) -> KnownScanner:
        """Return the verification scanner for this case."""
        return build_scanner(
            self.case, self.key, self.policy, area=self.area, services=self.services, others=self.other_areas
        )


def case_pseudonyms(case: Case | None, key: Key) -> set[str]:
    """Return every pseudonym of the case: the key's and the case file's."""
    return {e.pseudonym for e in key.entities} | {p.pseudonym for p in (case.people if case else ()) if p.pseudonym}


def keep_filter_for(
    case: Case | None, key: Key, *, area: str | None = None, services: tuple[str, ...] = (), others: tuple[str, ...] = (),
    decided: tuple[str, ...] = (),
) -> KeepFilter:
    """Return the keep stage for a case: its keep terms, pseudonyms, keep switches, areas and services."""
    return KeepFilter(
        areas=((area,) if area else ()) + others,
        keep_terms=(*(case.keep_terms if case is not None else ()), *services),
        pseudonyms=case_pseudonyms(case, key),
        is_word=is_dictionary_word,
        large_places=case.keep_large_places if case is not None else True,
        public_bodies=case.keep_public_bodies if case is not None else True,
        decided=decided,
    )


def build_scanner(
    case: Case | None, key: Key, policy: Policy | None = None, *, area: str | None = None, services: tuple[str, ...] = (),
    others: tuple[str, ...] = (),
) -> KnownScanner:
    """Return the verification scanner for a case: every identifier it knows (but the kinds its
    policy keeps as written), and its pseudonyms."""
    policy = policy or Policy()
    pseudonyms = case_pseudonyms(case, key)
    keep = keep_filter_for(case, key, area=area, services=services, others=others)
    known = {text: label for text, label in known_surfaces(case, key).items() if policy.action(label) != "keep"}
    return KnownScanner(
        known,
        key=key,
        is_word=is_case_word,
        precise={t for t in precise_surfaces(case, key) if t in known},
        protected=keep.protected,
        replacements=Replacements(pseudonyms),
    )
