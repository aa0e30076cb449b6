"""Our own recognizers, one self-registering file each.

A recognizer is a Presidio ``EntityRecognizer`` subclass decorated with ``@register``. It carries
``SHOULD_MATCH`` and ``SHOULD_NOT_MATCH`` examples that ``tests/unit/detect/test_recognizers.py``
runs for every registered class. Its ``supported_entities`` use the values of
``redactor.document.Label``.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, TypeVar

T = TypeVar("T")

_REGISTERED: list[type[Any]] = []


def register(cls: type[T]) -> type[T]:
    """Class decorator: add a recognizer class to the set the engine builds."""
    _REGISTERED.append(cls)
    return cls


def recognizer_classes() -> tuple[type[Any], ...]:
    """Import every module in this package and return the registered classes, in name order."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return tuple(sorted(set(_REGISTERED), key=lambda c: c.__name__))
