"""Writing what a reindex derives: per-article rows staged while they are counted, entity tables,
co-appearances, titles, and the mark that the tables match the articles.

Everything reaches the corpus inside one transaction that ends with the tables marked fresh, so
a run killed half-way leaves the previous tables (marked stale), never a mix.
"""
from __future__ import annotations

import sqlite3
from typing import Iterable

from .schema import set_meta, temp_rows

# Per-article rows a run counts again (the articles' own rows: replaced for the articles counted)
COUNTED_TABLES = ("person_mentions", "enterprise_mentions", "form_mentions", "phrase_mentions", "article_dates")
_COLUMNS = {"person_mentions": 5, "enterprise_mentions": 3, "form_mentions": 3, "phrase_mentions": 3,
            "article_dates": 2, "people": 12, "person_titles": 5, "enterprises": 4, "enterprise_forms": 3,
            "phrases": 5, "related": 6}


class Staging:
    """New per-article rows, waiting in temp tables while the count goes on (the trigram index may
    hold the corpus's write lock until then), moved into the corpus in key order at the end."""

    def __init__(self, conn: sqlite3.Connection, tables: list[str]):
        self.conn, self.tables = conn, tables
        conn.executescript("".join(f"DROP TABLE IF EXISTS temp.new_{t}; CREATE TEMP TABLE new_{t} AS "
                                   f"SELECT * FROM main.{t} WHERE 0;" for t in tables))

    def write(self, table: str, rows: list[tuple]) -> None:
        if rows:
            marks = ",".join("?" * _COLUMNS[table])
            self.conn.executemany(f"INSERT INTO temp.new_{table} VALUES ({marks})", rows)

    def apply(self, emptied: bool = False) -> None:
        """Into the corpus (inside the caller's transaction), in key order: B-trees fill from one end.

        `emptied`: the tables were emptied for a rebuild; their secondary indexes (by article) are
        dropped and built again after the rows are in, which sorts once instead of placing each row
        (a rebuild's write of 100k articles: 4.5 -> 3.4 s, all of it time no worker shares)."""
        indexes = self._secondary_indexes() if emptied else []
        for name, _ in indexes:
            self.conn.execute('DROP INDEX main."{}"'.format(name.replace('"', '""')))
        for table in self.tables:
            self.conn.execute(f"INSERT INTO main.{table} SELECT * FROM temp.new_{table} ORDER BY 1, 2")
            self.conn.execute(f"DROP TABLE temp.new_{table}")
        for _, sql in indexes:
            self.conn.execute(sql)

    def _secondary_indexes(self) -> list[tuple[str, str]]:
        """(name, CREATE statement) of the indexes declared on the staged tables (not their keys)."""
        marks = ",".join("?" * len(self.tables))
        return self.conn.execute(f"SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                 f" AND tbl_name IN ({marks}) ORDER BY name", self.tables).fetchall()


def replace_rows(conn: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> None:
    """An entity table written anew (they are small: one row per person, enterprise, phrase)."""
    conn.execute(f"DELETE FROM main.{table}")
    conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * _COLUMNS[table])})", rows)


def add_related(conn: sqlite3.Connection, deltas: dict[tuple[str, str, str], list[int]]) -> None:
    """Co-appearances changed by the articles counted again: added to (or taken from) each pair;
    pairs left with no article are dropped."""
    rows = [(a, kind, b, n, a_n, b_n) for (a, kind, b), (n, a_n, b_n) in deltas.items() if n or a_n or b_n]
    conn.executemany("INSERT INTO related VALUES (?,?,?,?,?,?) ON CONFLICT(a, kind, b) DO UPDATE SET"
                     " articles = articles + excluded.articles, a_mentions = a_mentions + excluded.a_mentions,"
                     " b_mentions = b_mentions + excluded.b_mentions", rows)
    conn.executemany("DELETE FROM related WHERE a = ? AND kind = ? AND b = ? AND articles <= 0",
                     [r[:3] for r in rows if r[3] < 0])


def mark_fresh(conn: sqlite3.Connection, lexicon_key: str) -> None:
    """The entity tables match the articles, built with this lexicon (see ingest: a changed lexicon rebuilds)."""
    set_meta(conn, "entities_stale", "0")
    set_meta(conn, "lexicon_key", lexicon_key)


def phrase_seen_outside(conn: sqlite3.Connection, phrase: str, hosts: list[str]) -> bool:
    """Is there an article with more mentions of `phrase` than all its hosts' mentions contain?"""
    within = [(q, sum(q.startswith(phrase, i) for i in range(len(q)))) for q in hosts]
    values = ",".join("(?,?)" for _ in within)
    sql = (f"WITH h(phrase, k) AS (VALUES {values}) SELECT 1 FROM phrase_mentions m WHERE m.phrase = ? AND m.count > "
           "(SELECT coalesce(sum(x.count * h.k), 0) FROM phrase_mentions x JOIN h ON x.phrase = h.phrase"
           " WHERE x.article_id = m.article_id) LIMIT 1")
    return conn.execute(sql, [v for pair in within for v in pair] + [phrase]).fetchone() is not None


class TitleScratch:
    """Titled occurrences per article: new ones staged while pass 1 runs, kept in the corpus
    (table titled) so that titles are attributed to the decided names without reading the
    articles again, in this run or the next."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.executescript("DROP TABLE IF EXISTS temp.new_titled; CREATE TEMP TABLE new_titled AS "
                           "SELECT * FROM main.titled WHERE 0;")

    def add_titled(self, rows: list[tuple[str, int, str | None, int]]) -> None:
        self.conn.executemany("INSERT INTO temp.new_titled VALUES (?,?,?,?)", rows)

    def keep(self) -> None:
        """The staged rows into the corpus (inside the run's transaction)."""
        self.conn.execute("INSERT INTO main.titled SELECT * FROM temp.new_titled")
        self.conn.execute("DELETE FROM temp.new_titled")

    def titled(self, keys: set[str], stored: bool) -> list[tuple[str, int, int]]:
        """(key, article, n) for these keys: the rows staged in this run, and with `stored` those
        kept from earlier runs, less the articles removed since."""
        temp_rows(self.conn, "keys", "key TEXT PRIMARY KEY", [(k,) for k in keys])
        sql = "SELECT t.key, t.article_id, t.n FROM temp.new_titled t JOIN temp.keys USING (key)"
        if stored:
            sql += (" UNION ALL SELECT t.key, t.article_id, t.n FROM titled t JOIN temp.keys USING (key)"
                    " WHERE t.article_id NOT IN (SELECT id FROM state_retired)")
        return self.conn.execute(sql).fetchall()

    def articles_of(self, keys: set[str]) -> set[int]:
        temp_rows(self.conn, "keys", "key TEXT PRIMARY KEY", [(k,) for k in keys])
        return {r[0] for r in self.conn.execute("SELECT DISTINCT t.article_id FROM titled t JOIN temp.keys USING (key)")}

    def attribute(self, key_names: dict[str, str], key_titles: dict[str, tuple[str, ...]],
                  articles: set[int] | None) -> None:
        """Titles per article (person_article_titles) for the decided names, anew for `articles`
        (all when None)."""
        temp_rows(self.conn, "key_names", "key TEXT PRIMARY KEY, name TEXT NOT NULL", key_names.items())
        temp_rows(self.conn, "key_titles", "key TEXT NOT NULL, title TEXT NOT NULL",
                  [(k, t) for k, titles in key_titles.items() if k in key_names for t in titles])
        if articles is None:
            self.conn.execute("DELETE FROM person_article_titles")
            source = "titled t"
        else:  # only these articles' rows, read through the article index
            temp_rows(self.conn, "redo", "article_id INTEGER PRIMARY KEY", [(a,) for a in articles])
            self.conn.execute("DELETE FROM person_article_titles WHERE article_id IN (SELECT article_id FROM temp.redo)")
            source = "temp.redo r CROSS JOIN titled t ON t.article_id = r.article_id"
        self.conn.execute(f"INSERT INTO person_article_titles SELECT n.name, k.title, t.article_id, sum(t.n) FROM {source}"
                          " JOIN temp.key_names n ON n.key = t.key JOIN temp.key_titles k ON k.key = t.key"
                          " GROUP BY n.name, k.title, t.article_id")

    def spans(self, keys: set[str]) -> dict[str, list[str]]:
        """The first and last dated occurrence of each of these keys in the corpus."""
        temp_rows(self.conn, "keys", "key TEXT PRIMARY KEY", [(k,) for k in keys])
        return {k: [first, last] for k, first, last in self.conn.execute(
            "SELECT t.key, min(t.date), max(t.date) FROM temp.keys s CROSS JOIN titled t ON t.key = s.key"
            " WHERE t.date IS NOT NULL GROUP BY t.key")}

    def drop(self) -> None:
        self.conn.executescript("DROP TABLE IF EXISTS temp.new_titled; DROP TABLE IF EXISTS temp.keys;"
                                " DROP TABLE IF EXISTS temp.key_names; DROP TABLE IF EXISTS temp.key_titles;"
                                " DROP TABLE IF EXISTS temp.redo;")

