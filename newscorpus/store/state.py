"""What a reindex keeps between runs: each kind's folded candidates and decisions, the articles
added and removed since the last run, and the per-article rows an update replaces."""
from __future__ import annotations

import pickle
import sqlite3
from array import array
from typing import Any, Iterable, Iterator

from .reads import fts_literal, indexed_pair, is_pair
from .schema import get_meta, set_meta, temp_rows

STATE_FORMAT = "6"  # bump when the pickled state's shape changes: an older state means a full rebuild
_ARTICLE_TABLES = ("person_mentions", "enterprise_mentions", "form_mentions", "phrase_mentions", "article_dates",
                   "titled", "person_article_titles")


def load(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """Every kind's state, or None when there is none usable (a new corpus, an older format)."""
    rows = dict(conn.execute("SELECT kind, data FROM state"))
    if rows.get("_format") != STATE_FORMAT.encode():
        return None
    try:
        return {kind: pickle.loads(data) for kind, data in rows.items() if kind != "_format"}
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError):
        return None


def save(conn: sqlite3.Connection, states: dict[str, Any]) -> None:
    conn.execute("DELETE FROM state")
    rows = [(kind, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for kind, value in states.items()]
    conn.executemany("INSERT INTO state(kind, data) VALUES (?, ?)", rows + [("_format", STATE_FORMAT.encode())])


def reset(conn: sqlite3.Connection) -> None:
    """Forget every derived row: the next run starts from no state, every article pending."""
    conn.execute("DELETE FROM state")
    for table in _ARTICLE_TABLES + ("related", "people", "person_titles", "enterprises", "enterprise_forms",
                                    "phrases"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM state_retired")
    conn.execute("INSERT OR IGNORE INTO state_pending(id) SELECT id FROM articles")


def pending(conn: sqlite3.Connection) -> list[int]:
    """Articles added since the last run, in corpus order."""
    return [r[0] for r in conn.execute(
        "SELECT a.id FROM state_pending p CROSS JOIN articles a ON a.id = p.id JOIN sources s ON s.id = a.source_id"
        " ORDER BY s.path, a.seq")]


def retired(conn: sqlite3.Connection) -> list[int]:
    """Articles removed since the last run (their text kept until it is subtracted)."""
    return [r[0] for r in conn.execute("SELECT id FROM state_retired ORDER BY id")]


def total_chars(conn: sqlite3.Connection, full: bool) -> int:
    """Characters of the corpus's articles: counted over every article for a rebuild; for an
    update, the count the last run kept, with the articles added and removed since."""
    kept = get_meta(conn, "total_chars")
    if full or kept is None:
        return conn.execute("SELECT coalesce(sum(chars), 0) FROM articles").fetchone()[0]
    added = conn.execute("SELECT coalesce(sum(a.chars), 0) FROM state_pending p JOIN articles a ON a.id = p.id").fetchone()[0]
    removed = conn.execute("SELECT coalesce(sum(chars), 0) FROM state_retired").fetchone()[0]
    return int(kept) + added - removed


def changes_done(conn: sqlite3.Connection, chars: int) -> None:
    set_meta(conn, "total_chars", str(chars))
    conn.execute("DELETE FROM state_pending")
    conn.execute("DELETE FROM state_retired")


def all_articles(conn: sqlite3.Connection) -> array:
    """Every article in corpus order, 8 bytes each (a list of a million ints is 40 MB)."""
    return array("q", (r[0] for r in conn.execute(
        "SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY s.path, a.seq")))


def containing(conn: sqlite3.Connection, strings: Iterable[str]) -> set[int]:
    """Articles holding any of the strings in a headline or the body: through the trigram index for
    3+ characters and for two Han characters (see _pairs), and a scan of the articles not yet
    indexed; a scan of every article for other short strings."""
    strings = sorted({s for s in strings if s})
    found: set[int] = set()
    long = [s for s in strings if len(s) >= 3]
    for i in range(0, len(long), 200):
        query = " OR ".join(fts_literal(s) for s in long[i:i + 200])
        found.update(r[0] for r in conn.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH ?", (query,)))
    pairs = [s for s in strings if is_pair(s)]
    found |= _pairs(conn, pairs)
    short = [s for s in strings if len(s) < 3 and s not in pairs]
    # CROSS JOIN: the pending few drive the join (SQLite otherwise scanned every article)
    scans = [(short, "articles a"), (long + pairs, "fts_pending p CROSS JOIN articles a ON a.id = p.id")]
    for group, source in scans:
        for i in range(0, len(group), 100):
            part = group[i:i + 100]
            where = " OR ".join("instr(a.body, ?) > 0 OR instr(a.headline_lines, ?) > 0" for _ in part)
            found.update(r[0] for r in conn.execute(f"SELECT a.id FROM {source} WHERE {where}",
                                                    [s for s in part for _ in (0, 1)]))
    return found


def _pairs(conn: sqlite3.Connection, pairs: list[str]) -> set[int]:
    """Indexed articles holding two-character strings (a new two-character name or company core:
    most daily updates bring one), through the trigram index rather than instr() over every article."""
    found: set[int] = set()
    for pair in pairs:
        sql, args = indexed_pair(conn, pair)
        found.update(r[0] for r in conn.execute(sql, args))
    return found


def article_rows(conn: sqlite3.Connection, table: str, ids: Iterable[int]) -> Iterator[tuple]:
    """The rows of a per-article table for these articles (through a temp table of ids)."""
    _ids_table(conn, ids)
    # CROSS JOIN: the few ids drive the table's article_id index (without statistics SQLite
    # chose to scan the whole table, millions of rows, at every update)
    yield from conn.execute(f"SELECT t.* FROM temp.ids i CROSS JOIN {table} t ON t.article_id = i.article_id")


def delete_article_rows(conn: sqlite3.Connection, ids: Iterable[int], tables: tuple[str, ...]) -> None:
    _ids_table(conn, ids)
    for table in tables:
        conn.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM temp.ids)")


def _ids_table(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    temp_rows(conn, "ids", "article_id INTEGER PRIMARY KEY", ((i,) for i in ids))
