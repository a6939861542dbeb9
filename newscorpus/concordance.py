"""Concordance (KWIC) lines: literal or regex matches, context in characters or words, AntConc sorts."""
from __future__ import annotations

import re
import sqlite3
from itertools import islice
from re import _constants as _sre  # the regex parser (Python 3.11+), to find the literal every match holds
from re import _parser as _sre_parse
from typing import Iterator

from .errors import UsageError
from .pages import normalize
from .queries import Db, folded, opened
from .store import reads
from .tokens import Token, after, before, is_word, tokens
from .vocab import KWIC_SORTS


def concordance(db: Db, text: str, *, regex: bool = False, width: int = 20, words: int = 0,
                sort: str | None = None, limit: int = 50) -> list[dict]:
    """Lines {id, source, left, match, right} for every match of `text` in headlines and bodies.

    `regex`: `text` is a Python regular expression (matched within one headline line or
    paragraph). Context: `width` characters each side, or `words` words (the project's
    segmentation; punctuation between them kept). Without `sort` lines come in article order,
    found lazily so that `limit` lines of a huge corpus come at once; `sort` left|right|match
    orders them AntConc-style (see sort_key) before `limit` applies.
    """
    if sort is not None and sort not in KWIC_SORTS:
        raise UsageError(f"sort takes one of {', '.join(KWIC_SORTS)}, not {sort!r}")
    pattern, literal = compile_pattern(text, regex)
    with opened(db) as conn:
        lines = _lines(conn, pattern, literal, width, words, keyed=sort is not None)
        if sort is None:
            return [line for line, _ in islice(lines, limit or None)]
        ordered = sorted(lines, key=lambda pair: sort_key(sort, pair[1]))
    rows = [line for line, _ in ordered]
    return rows[:limit] if limit else rows


def compile_pattern(text: str, regex: bool) -> tuple[re.Pattern, str | None]:
    """The compiled pattern and the literal every match contains (None: every article is read).

    Text is stored with full-width ASCII folded (，→ , （→ ( ...), so a literal search is folded
    as the text was, and a full-width character in a regex stands for itself (（ → \\().
    """
    if not regex:
        literal = folded(text)
        return re.compile(re.escape(literal)), literal
    pattern = "".join(re.escape(normalize(ch)) if normalize(ch) != ch else ch for ch in text)
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"{text!r} is not a valid regular expression: {exc}") from None
    return compiled, required_literal(pattern) or None


def required_literal(pattern: str) -> str:
    """The longest run of literal characters that every match of `pattern` contains, '' if none.

    Only the top level of the pattern is read (a run stops at any group, class, repeat or
    alternation), so the run is certain to be in every match; a case-insensitive pattern has none.
    """
    parsed = _sre_parse.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return ""
    if any(op is _sre.BRANCH for op, _ in parsed):
        return ""
    best, run = "", ""
    for op, arg in parsed:
        if op is _sre.LITERAL:
            run += chr(arg)
            continue
        best, run = max(best, run, key=len), ""
    return max(best, run, key=len)


def _lines(conn: sqlite3.Connection, pattern: re.Pattern, literal: str | None, width: int, words: int,
           keyed: bool) -> Iterator[tuple[dict, tuple]]:
    """Each line, with its sort key when `keyed`: (words to the left from the match outwards, words
    to the right, the match, the line's place in the corpus) -- a total order."""
    for art_id, source, chunks in reads.texts_with(conn, literal):
        for n, chunk in enumerate(chunks):
            toks: list[Token] | None = None
            for m in pattern.finditer(chunk):
                start, end = m.span()
                if start == end:  # an empty match (a*) is no occurrence
                    continue
                if words or keyed:  # one segmentation of the paragraph, shared by its matches
                    toks = toks if toks is not None else tokens(chunk)
                if words:
                    left_toks, right_toks = before(toks, start, words), after(toks, end, words)
                    left, right = "".join(t[0] for t in left_toks), "".join(t[0] for t in right_toks)
                else:
                    left, right = chunk[max(0, start - width):start], chunk[end:end + width]
                line = {"id": art_id, "source": source, "left": left, "match": m.group(0), "right": right}
                if not keyed:
                    yield line, ()
                    continue
                if not words:  # the words wholly inside the shown context
                    left_toks = [t for t in toks if start - len(left) <= t[1] and t[2] <= start]
                    right_toks = [t for t in toks if end <= t[1] and t[2] <= end + len(right)]
                yield line, (_words(reversed(left_toks)), _words(right_toks), m.group(0), (art_id, n, start))


def _words(toks) -> tuple[str, ...]:
    return tuple(t[0] for t in toks if is_word(t[0]))


def sort_key(sort: str, key: tuple) -> tuple:
    """AntConc's sorts: `left` by the words left of the match from the nearest outwards (1L, 2L,
    ...), then right; `right` by 1R, 2R, ..., then left; `match` by the matched text, then right.
    Ties keep corpus order."""
    left, right, match, place = key
    if sort == "left":
        return left, right, place
    if sort == "right":
        return right, left, place
    return match, right, place
