"""Keyness: which phrases rose and which fell between two periods or two sources (log-likelihood)."""
from __future__ import annotations

import math

from .dates import parse_span
from .errors import DataError, UsageError
from .queries import Db, opened
from .store import reads


def _slice(spec: str) -> tuple[str, list]:
    """A slice of the corpus: a period (2024, 2024-03, 2024-01-01:2024-06-30) or `source:TEXT`."""
    if spec.startswith("source:"):
        return reads.slice_where(None, spec[len("source:"):])
    try:
        return reads.slice_where(parse_span(spec), None)
    except ValueError:
        raise UsageError(f"{spec!r} is no period (2024, 2024-03, 2024-03-05, FROM:TO) or source:TEXT") from None


def log_likelihood(a: int, b: int, size_a: int, size_b: int) -> float:
    """Dunning's G2 for a count `a` in a corpus of `size_a` against `b` in `size_b`."""
    expected_a = size_a * (a + b) / (size_a + size_b)
    expected_b = size_b * (a + b) / (size_a + size_b)
    g2 = 0.0
    for observed, expected in ((a, expected_a), (b, expected_b)):
        if observed:
            g2 += observed * math.log(observed / expected)
    return 2 * g2


def keyness(db: Db, target: str, reference: str, *, top: int = 30, min_count: int = 2, units: str = "phrases",
            stop: frozenset[str] = frozenset()) -> list[dict]:
    """Phrases (rates per 10,000 characters) or all segmented words (`units="words"`, rates per
    10,000 words, stop words left out) ranked by log-likelihood; `direction` says whether the
    target uses them more or less."""
    target_where, reference_where = _slice(target), _slice(reference)
    if units == "words":
        from .wordlists import keyness_counts

        target_counts, target_size = keyness_counts(db, target_where, stop)
        reference_counts, reference_size = keyness_counts(db, reference_where, stop)
    elif units == "phrases":
        with opened(db) as conn:
            target_counts, target_size = reads.phrase_counts_in(conn, target_where)
            reference_counts, reference_size = reads.phrase_counts_in(conn, reference_where)
    else:
        raise UsageError(f"keyness counts phrases or words, not {units!r}")
    if not target_size or not reference_size:
        empty = target if not target_size else reference
        raise DataError(f"no articles in {empty!r}: check the period (stats shows the date range) or source")
    return compare(target_counts, target_size, reference_counts, reference_size, top=top, min_count=min_count,
                   unit="word" if units == "words" else "phrase")


def compare(target_counts: dict[str, int], target_size: int, reference_counts: dict[str, int], reference_size: int,
            *, top: int = 30, min_count: int = 2, unit: str = "phrase") -> list[dict]:
    """Rows of G2 keyness for every unit seen `min_count` times in both slices together."""
    rows = []
    for item in set(target_counts) | set(reference_counts):
        a, b = target_counts.get(item, 0), reference_counts.get(item, 0)
        if a + b < min_count:
            continue
        rate_a, rate_b = a / target_size * 10_000, b / reference_size * 10_000
        rows.append({unit: item, "target": a, "reference": b, "target_per_10k": round(rate_a, 3),
                     "reference_per_10k": round(rate_b, 3),
                     "log_likelihood": round(log_likelihood(a, b, target_size, reference_size), 3),
                     "direction": "rose" if rate_a > rate_b else "fell" if rate_a < rate_b else "same"})
    rows.sort(key=lambda r: (-r["log_likelihood"], r[unit]))
    return rows[:top] if top else rows
