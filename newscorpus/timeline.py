"""Timelines: mentions and articles of one official, enterprise or phrase per period."""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from .dates import PERIODS, period_of, period_range
from .errors import NotFound, UsageError
from .extract.officials import seniority
from .queries import _open, find_person

KINDS = ("official", "enterprise", "phrase")
_MENTIONS = {"official": ("person_mentions", "name"), "enterprise": ("enterprise_mentions", "name"),
             "phrase": ("phrase_mentions", "phrase")}


def resolve_target(conn: sqlite3.Connection, target: str, kind: str | None = None) -> tuple[str, str]:
    """(kind, canonical key) of what a user names: a person, an enterprise (any form) or a phrase."""
    kinds = [kind] if kind else list(KINDS)
    for k in kinds:
        if k == "official":
            if conn.execute("SELECT 1 FROM people WHERE name = ?", (target,)).fetchone() or kind == "official":
                return k, find_person(conn, target)
        elif k == "enterprise":
            row = conn.execute("SELECT name FROM enterprises WHERE name = ? UNION "
                               "SELECT name FROM enterprise_forms WHERE surface = ?", (target, target)).fetchone()
            if row:
                return k, row[0]
        elif conn.execute("SELECT 1 FROM phrases WHERE phrase = ?", (target,)).fetchone():
            return k, target
    raise NotFound(f"{target!r} is no official, enterprise or indexed phrase of the corpus")


def timeline(db: str | Path, target: str, *, by: str = "month", kind: str | None = None) -> list[dict]:
    """Counts per period over the corpus's dated range, periods without mentions as zero.

    For an official each period also carries the title seen most in it (ties: the more senior),
    so a change of post shows as a change of title.
    """
    if by not in PERIODS:
        raise UsageError(f"--by takes one of {', '.join(PERIODS)}, not {by!r}")
    with _open(db) as conn:
        first, last = conn.execute("SELECT min(date), max(date) FROM sources WHERE date IS NOT NULL").fetchone()
        if first is None:
            raise UsageError("no dated pages in the corpus: name files like 2024-10-13.txt or ingest with --date")
        kind, key = resolve_target(conn, target, kind)
        table, column = _MENTIONS[kind]
        rows = conn.execute(
            f"SELECT s.date, m.article_id, m.count FROM {table} m JOIN articles a ON a.id = m.article_id "
            f"JOIN sources s ON s.id = a.source_id WHERE m.{column} = ? AND s.date IS NOT NULL", (key,)).fetchall()
        titles: dict[str, Counter] = defaultdict(Counter)
        if kind == "official":
            for day, title, count in conn.execute(
                    "SELECT s.date, t.title, t.count FROM person_article_titles t JOIN articles a ON a.id = t.article_id "
                    "JOIN sources s ON s.id = a.source_id WHERE t.name = ? AND s.date IS NOT NULL", (key,)):
                titles[period_of(date.fromisoformat(day), by)][title] += count
    mentions: Counter = Counter()
    articles: dict[str, set[int]] = defaultdict(set)
    for day, article_id, count in rows:
        label = period_of(date.fromisoformat(day), by)
        mentions[label] += count
        articles[label].add(article_id)
    out = []
    for label in period_range(date.fromisoformat(first), date.fromisoformat(last), by):
        row = {"period": label, "mentions": mentions[label], "articles": len(articles[label])}
        if kind == "official":
            seen = titles.get(label)
            row["title"] = min(seen.items(), key=lambda kv: (-kv[1], seniority(kv[0]), kv[0]))[0] if seen else ""
        out.append(row)
    return out
