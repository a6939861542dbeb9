"""Errors the library raises for users to fix; the CLI prints them as one line."""
from __future__ import annotations


class NewscorpusError(Exception):
    """A user-facing error: the message says what went wrong and what to do."""


class PageError(NewscorpusError):
    """A page file that cannot be used (unreadable, binary, empty, undecodable)."""


class CorpusError(NewscorpusError):
    """The corpus database is missing, unreadable or from a newer version."""


class NotFound(NewscorpusError):
    """An article id, official, enterprise or phrase that the corpus does not hold."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class UsageError(NewscorpusError):
    """A bad option value that the CLI's own parsing could not catch."""
