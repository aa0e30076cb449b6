"""Our exceptions. Messages say what happened, where, and what to do; never identifier text."""

from __future__ import annotations


class RedactorError(Exception):
    """Base of every error redactor raises on purpose."""

    exit_code = 3


class UsageError(RedactorError):
    """The command line asks for something that cannot be done as asked."""

    exit_code = 2


class InputError(RedactorError):
    """An input file is missing, unsupported, empty or unreadable."""

    exit_code = 2


class CaseFileError(RedactorError):
    """The case file is malformed or has unknown keys."""

    exit_code = 2


class KeyFileError(RedactorError):
    """The pseudonym key cannot be read or does not belong to this case."""

    exit_code = 2


class OutputExistsError(RedactorError):
    """An output would overwrite an existing file and --force was not given."""

    exit_code = 2


class LeakFound(RedactorError):
    """A written output still holds a known identifier; it is not published."""

    exit_code = 3


class InternalError(RedactorError):
    """A bug in redactor: an unexpected exception inside a stage."""

    exit_code = 3
