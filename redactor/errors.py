"""Our exceptions. Messages say what happened, where, and what to do; never identifier text.

Exception classes only: ``cli.py`` alone maps them to exit codes.
"""

from __future__ import annotations


class RedactorError(Exception):
    """Base of every error redactor raises on purpose."""


class UsageError(RedactorError):
    """The command line asks for something that cannot be done as asked."""


class InputError(RedactorError):
    """An input file is missing, unsupported, empty or unreadable."""


class CaseFileError(RedactorError):
    """The case file is malformed or has unknown keys."""


class KeyFileError(RedactorError):
    """The pseudonym key cannot be read or does not belong to this case."""


class OutputExistsError(RedactorError):
    """An output would overwrite an existing file and --force was not given."""


class LeakFound(RedactorError):
    """A written output still holds a known identifier; it is not published."""


class InternalError(RedactorError):
    """A bug in redactor: an unexpected exception inside a stage."""


class ModelMissing(RedactorError):
    """The spaCy model package is not installed."""
