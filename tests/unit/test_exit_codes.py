"""Exit codes are picked in cli.py alone: one table by exception class, one rule for a batch."""

from __future__ import annotations

import pytest

from redactor.cli import batch_exit_code, exit_code
from redactor.decisions import DecisionsError
from redactor.errors import (
    CaseFileError,
    InputError,
    InternalError,
    KeyFileError,
    LeakFound,
    ModelMissing,
    OutputExistsError,
    RedactorError,
    UsageError,
)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (UsageError("x"), 2),
        (InputError("x"), 2),
        (CaseFileError("x"), 2),
        (DecisionsError("x"), 2),
        (KeyFileError("x"), 2),
        (OutputExistsError("x"), 2),
        (LeakFound("x"), 3),
        (InternalError("x"), 3),
        (ModelMissing("x"), 3),
        (RedactorError("x"), 3),
        (ValueError("x"), 3),
    ],
)
def test_exit_code_by_exception_class(error: BaseException, code: int) -> None:
    assert exit_code(error) == code


@pytest.mark.parametrize(
    ("failed", "refused", "code"),
    [(0, 0, 0), (0, 1, 2), (1, 0, 3), (2, 5, 3)],
)
def test_batch_exit_code(failed: int, refused: int, code: int) -> None:
    assert batch_exit_code(failed=failed, refused=refused) == code
