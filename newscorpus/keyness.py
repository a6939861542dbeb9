"""Keyness: which phrases rose and which fell between two periods or two sources (log-likelihood)."""
from __future__ import annotations

import math
import sqlite3
from pathlib import Path

from .dates import parse_span
from .errors import UsageError
from .queries import _open


def _slice(spec: str) -> tuple[str, list]:
    """SQL condition on sources `s` for a period (2024, 2024-03, 2024-01-01:2024-06-30) or `source:TEXT`."""
    if spec.startswith("source:"):
        return "instr(s.path, ?) > 0", [spec[len("source:"):]]
    try:
        first, last = parse_span(spec)
    except ValueError:
        raise UsageError(f"{spec!r} is no period (2024, 2024-03, 2024-03-05, FROM:TO) or source:TEXT") from None
    return "s.date BETWEEN ? AND ?", [first, last]


def _counts(conn: sqlite3.Connection, spec: str) -> tuple[dict[str, int], int]:
    where, args = _slice(spec)
    size = conn.execute(f"SELECT coalesce(sum(a.chars), 0) FROM articles a JOIN sources s ON s.id = a.source_id "
                        f"WHERE {where}", args).fetchone()[0]
    counts = {p: n for p, n in conn.execute(
        f"SELECT m.phrase, sum(m.count) FROM phrase_mentions m JOIN articles a ON a.id = m.article_id "
        f"JOIN sources s ON s.id = a.source_id WHERE {where} GROUP BY m.phrase", args)}
    return counts, size


def log_likelihood(a: int, b: int, size_a: int, size_b: int) -> float:
    """Dunning's G2 for a count `a` in a corpus of `size_a` against `b` in `size_b`."""
    expected_a = size_a * (a + b) / (size_a + size_b)
    expected_b = size_b * (a + b) / (size_a + size_b)
    g2 = 0.0
    for observed, expected in ((a, expected_a), (b, expected_b)):
        if observed:
            g2 += observed * math.log(observed / expected)
    return 2 * g2


def keyness(db: str | Path, target: str, reference: str, *, top: int = 30, min_count: int = 2) -> list[dict]:
    """Phrases ranked by log-likelihood; `direction` says whether the target uses them more or less."""
    with _open(db) as conn:
        target_counts, target_size = _counts(conn, target)
        reference_counts, reference_size = _counts(conn, reference)
    if not target_size or not reference_size:
        empty = target if not target_size else reference
        raise UsageError(f"no articles in {empty!r}: check the period (stats shows the date range) or source")
    rows = []
    for phrase in set(target_counts) | set(reference_counts):
        a, b = target_counts.get(phrase, 0), reference_counts.get(phrase, 0)
        if a + b < min_count:
            continue
        rate_a, rate_b = a / target_size * 10_000, b / reference_size * 10_000
        rows.append({"phrase": phrase, "target": a, "reference": b, "target_per_10k": round(rate_a, 3),
                     "reference_per_10k": round(rate_b, 3),
                     "log_likelihood": round(log_likelihood(a, b, target_size, reference_size), 3),
                     "direction": "rose" if rate_a > rate_b else "fell" if rate_a < rate_b else "same"})
    rows.sort(key=lambda r: (-r["log_likelihood"], r["phrase"]))
    return rows[:top] if top else rows
