"""Timelines: mentions and articles of one official, enterprise or phrase per period."""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from datetime import date

from .dates import PERIODS, period_of, period_range
from .errors import DataError, NotFound, UsageError
from .lexicon import leading_title
from .queries import Db, find_person, folded, opened
from .store import reads
from .vocab import TARGET_KINDS

KINDS = TARGET_KINDS


def resolve_target(conn: sqlite3.Connection, target: str, kind: str | None = None) -> tuple[str, str]:
    """(kind, canonical key) of what a user names: a person, an enterprise (any form) or a phrase."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"a target is one of {', '.join(KINDS)}, not {kind!r}")
    for k in [kind] if kind else list(KINDS):
        key = reads.entity_kind_of(conn, target, k)
        if k == "official" and (key or kind == "official"):
            return k, find_person(conn, target)
        if key:
            return k, key
    raise NotFound(f"{target!r} is no official, enterprise or indexed phrase of the corpus")


def timeline(db: Db, target: str, *, by: str = "month", kind: str | None = None) -> list[dict]:
    """Counts per period over the corpus's dated range, periods without mentions as zero.

    For an official each period also carries the title seen most in it (ties: the more senior),
    so a change of post shows as a change of title.
    """
    if by not in PERIODS:
        raise UsageError(f"a period is one of {', '.join(PERIODS)}, not {by!r}")
    with opened(db) as conn:
        first, last = reads.date_range(conn)
        if first is None:
            raise DataError("no dated pages in the corpus: name files like 2024-10-13.txt or give the pages a date")
        kind, key = resolve_target(conn, folded(target, "target"), kind)
        rows = reads.dated_mentions(conn, kind, key)
        titles: dict[str, Counter] = defaultdict(Counter)
        if kind == "official":
            for day, title, count in reads.dated_titles(conn, key):
                titles[period_of(date.fromisoformat(day), by)][title] += count
    return _periods(rows, titles, first, last, by, kind == "official")


def _periods(rows: list, titles: dict[str, Counter], first: str, last: str, by: str, with_title: bool) -> list[dict]:
    mentions: Counter = Counter()
    articles: dict[str, set[int]] = defaultdict(set)
    for day, article_id, count in rows:
        label = period_of(date.fromisoformat(day), by)
        mentions[label] += count
        articles[label].add(article_id)
    out = []
    for label in period_range(date.fromisoformat(first), date.fromisoformat(last), by):
        row = {"period": label, "mentions": mentions[label], "articles": len(articles[label])}
        if with_title:
            row["title"] = leading_title(titles.get(label, {}))
        out.append(row)
    return out
