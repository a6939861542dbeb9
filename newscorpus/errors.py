"""Errors the library raises for users to fix; the CLI prints each as one `Error:` line.

Exit codes: UsageError (a bad option or argument) exits 2; every other error here (a bad file,
a damaged or read-only corpus, an unknown name, nothing to answer with, an unwritable output)
exits 1. Anything else is a bug and keeps its traceback.
"""
from __future__ import annotations


class NewscorpusError(Exception):
    """A user-facing error: the message says what went wrong and what to do."""


class PageError(NewscorpusError):
    """A page file that cannot be used (unreadable, binary, empty, undecodable)."""


class CorpusError(NewscorpusError):
    """The corpus database is missing, unreadable or from a newer version."""


class LexiconError(NewscorpusError):
    """A user lexicon that cannot be read or has an entry of the wrong shape."""


class OutputError(NewscorpusError):
    """A result that cannot be written where the user asked (missing folder, a directory, no permission)."""


class DataError(NewscorpusError):
    """The corpus holds nothing to answer with: no dated pages, an empty period or source."""


class NotFound(NewscorpusError):
    """An article id, official, enterprise or phrase that the corpus does not hold."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class UsageError(NewscorpusError):
    """A bad argument value that the command line's own parsing could not catch (exit 2)."""


class ClusterError(NewscorpusError):
    """A Dask cluster that cannot be reached, has no workers, or lost a task with every worker that ran it."""
