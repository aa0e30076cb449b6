"""The stage order, and the one place an unexpected error becomes ``InternalError``.

    read (formats/) -> detect (detect/engine.py, on workers)
      -> BEFORE LINKING, per document, as soon as it is detected:
         dates of birth answered a turn later, phone numbers said in parts, answers an
         interpreter renders (detect/answers.py)
         -> keep (detect/keep.py)
         -> relabel (detect/relabel.py) -> keep by policy (policy.py)
         -> resolve overlaps (detect/overlaps.py)
      -> link, case-wide (link.py: every mention of one person is one entity; the key is saved)
      -> AFTER LINKING, per document, on workers:
         pseudonymise (pseudonymise.py) -> rewrite (rewrite.py)
      -> publish (publish.py: write a temp file, verify it, rename) -> audit (audit.py)

``run.py`` drives these lists over a case; ``redactor verify`` repeats verification on demand
(verify.py). An unexpected exception inside a stage becomes ``InternalError`` (exit code 3) with
no document text in the message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TypeVar

from redactor.context import CaseContext
from redactor.detect.answers import DateOfBirthAnswers, InterpretedAnswers, PhoneNumberParts
from redactor.detect.nlp import is_dictionary_word
from redactor.detect.overlaps import ResolveOverlaps
from redactor.detect.relabel import Relabel
from redactor.document import Document
from redactor.errors import InternalError, RedactorError
from redactor.policy import KeepByPolicy
from redactor.pseudonymise import Pseudonymise
from redactor.rewrite import Rewrite

T = TypeVar("T")


class Stage(Protocol):
    """One step over one document."""

    name: str

    def run(self, doc: Document) -> Document: ...


def before_linking(context: CaseContext) -> tuple[Stage, ...]:
    """Return the stages each detected document goes through before case-wide linking."""
    return (
        DateOfBirthAnswers(), PhoneNumberParts(), InterpretedAnswers(is_word=is_dictionary_word), context.keep_filter(),
        Relabel(is_word=is_dictionary_word),
        KeepByPolicy(context.policy), ResolveOverlaps(),
    )


def after_linking(context: CaseContext, pseudonyms: Mapping[str, str]) -> tuple[Stage, ...]:
    """Return the stages each linked document goes through before it is written."""
    return (Pseudonymise(pseudonyms), Rewrite(context.policy))


def run_stage(name: str, func: Callable[[], T]) -> T:
    """Call ``func``; an unexpected exception becomes ``InternalError`` naming the stage."""
    try:
        return func()
    except RedactorError:
        raise
    except Exception as err:  # noqa: BLE001 - every unexpected error becomes exit code 3
        raise InternalError(
            f"internal error in the {name} stage ({type(err).__name__}); nothing was published. "
            "Please report it with the audit log, not the documents."
        ) from err


def run_stages(doc: Document, stages: Sequence[Stage], *, wrap: bool = True) -> Document:
    """Run ``stages`` over ``doc`` in order.

    Args:
        wrap: turn an unexpected exception into ``InternalError`` naming the stage; without it
            the exception is the caller's to report (per document, in a batch).
    """
    for stage in stages:
        doc = run_stage(stage.name, lambda s=stage, d=doc: s.run(d)) if wrap else stage.run(doc)  # type: ignore[misc]
    return doc
