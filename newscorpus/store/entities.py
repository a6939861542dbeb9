"""Writing the entity tables a reindex rebuilds: mentions streamed as they are counted, the rest at the end.

Everything is written inside one transaction that ends with the entity tables marked fresh, so
a reindex killed half-way leaves the previous tables (marked stale), never a mix.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Callable, Iterable

from .schema import set_meta

MENTION_TABLES = ("person_mentions", "enterprise_mentions", "phrase_mentions", "article_dates")
ENTITY_TABLES = ("people", "person_titles", "person_article_titles", "enterprises", "enterprise_forms",
                 "phrases", "related")
_COLUMNS = {"person_mentions": 3, "enterprise_mentions": 3, "phrase_mentions": 3, "article_dates": 2,
            "people": 10, "person_titles": 5, "enterprises": 4, "enterprise_forms": 3, "phrases": 5, "related": 6}


class MentionWriter:
    """Mention rows go straight into the corpus once `ready()` says the trigram index is done
    writing (it holds the write lock until then); until then they wait in temp tables and are
    moved over as soon as it is, while the counting goes on."""

    def __init__(self, conn: sqlite3.Connection, ready: Callable[[], bool], wait: Callable[[], object]):
        self.conn, self.ready, self.wait = conn, ready, wait
        conn.executescript("".join(f"DROP TABLE IF EXISTS temp.new_{t}; CREATE TEMP TABLE new_{t} AS "
                                   f"SELECT * FROM main.{t} WHERE 0;" for t in MENTION_TABLES))
        self.into = "temp.new_"

    def write(self, table: str, rows: list[tuple]) -> None:
        if self.into != "main." and self.ready():
            self._go_direct()
        marks = ",".join("?" * _COLUMNS[table])
        self.conn.executemany(f"INSERT INTO {self.into}{table} VALUES ({marks})", rows)

    def _go_direct(self) -> None:
        self.conn.commit()
        self.wait()  # its write transaction ends before ours begins
        self.conn.execute("BEGIN IMMEDIATE")
        for table in MENTION_TABLES:  # in key order: the B-trees fill from one end
            self.conn.execute(f"DELETE FROM main.{table}")
            self.conn.execute(f"INSERT INTO main.{table} SELECT * FROM temp.new_{table} ORDER BY 1, 2")
            self.conn.execute(f"DROP TABLE temp.new_{table}")
        self.into = "main."

    def finish(self) -> None:
        """Every mention is in the corpus, inside the open transaction the entity writes join."""
        if self.into != "main.":
            self._go_direct()


def write_rows(conn: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> None:
    marks = ",".join("?" * _COLUMNS[table])
    conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def clear_entities(conn: sqlite3.Connection) -> None:
    for table in ENTITY_TABLES:
        conn.execute(f"DELETE FROM main.{table}")


def mark_fresh(conn: sqlite3.Connection, lexicon_key: str) -> None:
    """The entity tables match the articles, built with this lexicon (see ingest: a changed lexicon rebuilds)."""
    set_meta(conn, "entities_stale", "0")
    set_meta(conn, "lexicon_key", lexicon_key)


def drop_phrase_mentions(conn: sqlite3.Connection, phrases: Iterable[str]) -> None:
    conn.executemany("DELETE FROM phrase_mentions WHERE phrase = ?", [(p,) for p in phrases])


def phrase_seen_outside(conn: sqlite3.Connection, phrase: str, hosts: list[str]) -> bool:
    """Is there an article with more mentions of `phrase` than all its hosts' mentions contain?"""
    within = [(q, sum(q.startswith(phrase, i) for i in range(len(q)))) for q in hosts]
    values = ",".join("(?,?)" for _ in within)
    sql = (f"WITH h(phrase, k) AS (VALUES {values}) SELECT 1 FROM phrase_mentions m WHERE m.phrase = ? AND m.count > "
           "(SELECT coalesce(sum(x.count * h.k), 0) FROM phrase_mentions x JOIN h ON x.phrase = h.phrase"
           " WHERE x.article_id = m.article_id) LIMIT 1")
    return conn.execute(sql, [v for pair in within for v in pair] + [phrase]).fetchone() is not None


class TitleScratch:
    """Which article held each titled occurrence (collected in pass 1), so titles are attributed
    to the decided names without reading the corpus again. Temp tables: they never reach the file."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.executescript("""
            DROP TABLE IF EXISTS temp.titled; DROP TABLE IF EXISTS temp.decided; DROP TABLE IF EXISTS temp.key_titles;
            CREATE TEMP TABLE titled (key_id INTEGER NOT NULL, article_id INTEGER NOT NULL, date TEXT, n INTEGER NOT NULL);
            CREATE TEMP TABLE decided (key_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TEMP TABLE key_titles (key_id INTEGER NOT NULL, title TEXT NOT NULL);""")

    def add_titled(self, rows: list[tuple[int, int, str | None, int]]) -> None:
        self.conn.executemany("INSERT INTO temp.titled VALUES (?,?,?,?)", rows)

    def decide(self, decided: list[tuple[int, str]], key_titles: list[tuple[int, str]]) -> None:
        self.conn.executemany("INSERT INTO temp.decided VALUES (?,?)", decided)
        self.conn.executemany("INSERT INTO temp.key_titles VALUES (?,?)", key_titles)
        self.conn.commit()

    def attribute(self, kept: list[str]) -> dict[tuple[str, str], tuple[str, str]]:
        """Write person_article_titles for the people kept; returns each (name, title)'s first and last date."""
        self.conn.execute("DELETE FROM temp.decided WHERE name NOT IN (SELECT value FROM json_each(?))",
                          (json.dumps(sorted(kept), ensure_ascii=False),))
        self.conn.execute("INSERT INTO person_article_titles SELECT d.name, k.title, t.article_id, sum(t.n)"
                          " FROM temp.titled t JOIN temp.decided d USING (key_id) JOIN temp.key_titles k USING (key_id)"
                          " GROUP BY d.name, k.title, t.article_id")
        return {(n, t): (first, last) for n, t, first, last in self.conn.execute(
            "SELECT d.name, k.title, min(t.date), max(t.date) FROM temp.titled t JOIN temp.decided d USING (key_id)"
            " JOIN temp.key_titles k USING (key_id) WHERE t.date IS NOT NULL GROUP BY d.name, k.title")}

    def drop(self) -> None:
        self.conn.executescript("DROP TABLE IF EXISTS temp.titled; DROP TABLE IF EXISTS temp.decided;"
                                " DROP TABLE IF EXISTS temp.key_titles;")
