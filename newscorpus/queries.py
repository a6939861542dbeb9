"""The query API: open a corpus by path, return plain rows; what the CLI and scripts call."""
from __future__ import annotations

from pathlib import Path

from . import store
from .errors import NotFound


def articles(db: str | Path, **filters) -> list[dict]:
    with _open(db) as conn:
        return store.articles(conn, **filters)


def show(db: str | Path, article_id: int) -> dict:
    with _open(db) as conn:
        row = store.article(conn, article_id)
    if row is None:
        raise NotFound(f"no article with id {article_id} (see `newscorpus articles`)")
    return row


def stats(db: str | Path) -> dict:
    with _open(db) as conn:
        return store.stats(conn)


class _open:
    """A read connection closed on exit (sqlite3's own context manager only commits)."""

    def __init__(self, db: str | Path):
        self.conn = store.connect(db)

    def __enter__(self):
        return self.conn

    def __exit__(self, *exc):
        self.conn.close()
