"""User-facing errors: each carries one line of text and the exit status the CLI uses.

Library code raises these; the CLI prints ``error: <message>`` and exits with
``exit_code``. Anything else that escapes is a bug and keeps its traceback.
"""


class NianbaoError(Exception):
    """A problem the user can act on, described in one line."""

    exit_code = 1


class InputError(NianbaoError):
    """A file or option the user gave is invalid (bad YAML, unknown level, ...)."""

    exit_code = 65  # EX_DATAERR


class DatabaseNotReady(NianbaoError):
    """The archive database is missing or not at the current migration."""

    exit_code = 69  # EX_UNAVAILABLE


class BlobError(NianbaoError):
    """A stored body is missing or does not match its hash."""

    exit_code = 74  # EX_IOERR


class Interrupted(NianbaoError):
    """Ctrl-C or SIGTERM stopped the work; what was stored is kept."""

    exit_code = 130


class ArchiveWriteFailed(NianbaoError):
    """The archive (disk or database) refused a write during a crawl."""

    exit_code = 74  # EX_IOERR


class NotFound(InputError):
    """A region, body, report, run or channel the user named is not registered."""


class DatabaseBusy(NianbaoError):
    """Another process held the SQLite database locked for longer than we wait."""

    exit_code = 75  # EX_TEMPFAIL


class ConfigError(NianbaoError):
    """A setting (database URL, data folder) is unusable as given."""

    exit_code = 78  # EX_CONFIG


class Unavailable(NianbaoError):
    """Something the command needs is missing or busy (a driver, a port)."""

    exit_code = 69  # EX_UNAVAILABLE
