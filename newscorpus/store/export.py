"""Reading every table users query, streamed in batches, for an export (Parquet): the SQL side.

Rows come in storage order (a table scan, no sort), so an export of 10^8 mention rows costs one
pass; per-article rows carry their article's date (its own, else its page's) so that a period
query over an export needs no join with the articles.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Iterator

from .reads import ARTICLE_DATE

_PER_ARTICLE = "FROM {table} m JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id"

# name -> (SELECT, partitioned by year): the column names of each SELECT are the export's columns
TABLES: dict[str, tuple[str, bool]] = {
    "sources": ("SELECT id, path, date, sha256, encoding, size, format FROM sources", False),
    "articles": (
        "SELECT a.id, s.path AS source, a.seq, a.kind, a.headline, a.headline_lines, a.byline, a.reporters,"
        f" a.correspondents, a.photographers, a.label, a.chars, {ARTICLE_DATE} AS date, coalesce(d.dates, '[]') AS event_dates,"
        " a.body FROM articles a JOIN sources s ON s.id = a.source_id LEFT JOIN article_dates d ON d.article_id = a.id",
        True),
    "people": ("SELECT name, role, title, place, mentions, articles, headline_mentions, body_mentions, lead_articles,"
               " list_position FROM people", False),
    "person_titles": ("SELECT name, title, count, first_date, last_date FROM person_titles", False),
    "person_mentions": (f"SELECT m.name, m.article_id, m.count, {ARTICLE_DATE} AS date "
                        + _PER_ARTICLE.format(table="person_mentions"), True),
    "person_article_titles": (f"SELECT m.name, m.title, m.article_id, m.count, {ARTICLE_DATE} AS date "
                              + _PER_ARTICLE.format(table="person_article_titles"), True),
    "enterprises": ("SELECT name, mentions, articles, candidates FROM enterprises", False),
    "enterprise_forms": ("SELECT name, surface, count FROM enterprise_forms", False),
    "enterprise_mentions": (f"SELECT m.name, m.article_id, m.count, {ARTICLE_DATE} AS date "
                            + _PER_ARTICLE.format(table="enterprise_mentions"), True),
    "phrases": ("SELECT phrase, source, count, articles, score FROM phrases", False),
    "phrase_mentions": (f"SELECT m.phrase, m.article_id, m.count, {ARTICLE_DATE} AS date "
                        + _PER_ARTICLE.format(table="phrase_mentions"), True),
    "related": ("SELECT a, kind, b, articles, a_mentions, b_mentions FROM related", False),
}


def table_rows(conn: sqlite3.Connection, table: str, batch: int = 50_000) -> tuple[list[str], Iterator[list[tuple]]]:
    """(column names, batches of rows) of one exported table, in storage order."""
    sql, _ = TABLES[table]
    cursor = conn.execute(sql)
    columns = [d[0] for d in cursor.description]

    def batches() -> Iterator[list[tuple]]:
        while rows := cursor.fetchmany(batch):
            yield [tuple(r) for r in rows]

    return columns, batches()


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction around the export: every table as of the same moment (WAL: writers go on)."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.rollback()
