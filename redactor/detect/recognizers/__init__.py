"""Our own recognizers, one self-registering file each.

A recognizer is a Presidio ``EntityRecognizer`` subclass decorated with ``@register``. It carries
``SHOULD_MATCH`` and ``SHOULD_NOT_MATCH`` examples that ``tests/unit/detect/test_recognizers.py``
runs for every registered class. Its ``supported_entities`` use the values of
``redactor.document.Label``.

Two class attributes let a recognizer skip a text cheaply, before its own (slower) regexes run:
``NEEDS_DIGIT = True`` (every match holds a digit: the engine leaves it out of the engine for
texts without one) and ``CUE``, a compiled regex that every text it can find something in
matches (a street word, a dot in a web address): ``register`` makes ``analyze`` return nothing
at once where the cue is absent.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import Any, TypeVar

from presidio_analyzer import Pattern as _PresidioPattern

T = TypeVar("T")


class Pattern(_PresidioPattern):
    """A Presidio pattern whose regex is compiled once, by its recognizer on first use (with the
    recognizer's flags): Presidio's own check at construction compiled every pattern a second
    time, about a quarter of a second at each start. A bad pattern still fails at once: the
    engine runs every recognizer on a sample before any document, and every recognizer's
    examples are tests."""

    @staticmethod
    def _Pattern__validate_regex(pattern: str) -> None:  # noqa: N802 - overrides Presidio's private check
        return None

_REGISTERED: list[type[Any]] = []


def register(cls: type[T]) -> type[T]:
    """Class decorator: add a recognizer class to the set the engine builds (and honour its ``CUE``)."""
    cue = getattr(cls, "CUE", None)
    if cue is not None:
        analyze = cls.analyze  # type: ignore[attr-defined]

        @functools.wraps(analyze)
        def cued(self: Any, text: str, *args: Any, **kwargs: Any) -> Any:
            return analyze(self, text, *args, **kwargs) if cue.search(text) else []

        cls.analyze = cued  # type: ignore[attr-defined]
    _REGISTERED.append(cls)
    return cls


def recognizer_classes() -> tuple[type[Any], ...]:
    """Import every module in this package and return the registered classes, in name order."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return tuple(sorted(set(_REGISTERED), key=lambda c: c.__name__))
