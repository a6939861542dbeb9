"""Reading stored articles for the reindex passes, a chunk at a time, from any process."""
from __future__ import annotations

import json
import os
import sqlite3
from array import array
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from ..parse import Article
from .schema import db_path

CHUNK = 1000  # articles per unit of work


@dataclass(frozen=True)
class Chunk:
    """A unit of work: which articles, named by id (workers read the texts themselves, so the
    main process neither reads nor pickles them); `retired`: articles removed from the corpus
    whose text waits to be subtracted; `rows` carries the articles' stored rows instead, for
    workers that cannot open the corpus file (on other machines: see `carrying`)."""

    db: str
    ids: list[int]
    retired: bool = False
    rows: list[tuple] | None = None

    def articles(self) -> list[Article]:
        if self.rows is not None:
            return [_article(r) for r in self.rows]
        return read_retired(self.db, self.ids) if self.retired else read_articles(self.db, self.ids)


def carrying(chunk: Chunk) -> Chunk:
    """The chunk with its articles' rows read here, to travel with the task: a cluster's workers
    cannot rely on reading the corpus (WAL needs shared memory; network filesystems break it)."""
    return replace(chunk, rows=(_retired_rows if chunk.retired else _rows)(chunk.db, chunk.ids))


TAIL = 4  # the last two chunks' worth of articles goes in chunks this many times smaller


def sizes(n: int) -> list[int]:
    """How many articles each chunk of n holds: CHUNK, and the last 2 x CHUNK or less in quarters. The
    workers share the end of a pass: one chunk of CHUNK left to one of them kept the other core
    idle for a third of a second at the end of each pass (10k articles, two processes)."""
    if n <= CHUNK:
        return [n] if n else []
    whole = max(0, -(-(n - 2 * CHUNK) // CHUNK))
    rest = n - whole * CHUNK
    parts = -(-rest * TAIL // CHUNK)  # even parts of at most CHUNK / TAIL
    return [CHUNK] * whole + [rest // parts + (i < rest % parts) for i in range(parts)]


def chunked(conn: sqlite3.Connection, ids: list[int], *, retired: bool = False) -> Iterator[Chunk]:
    """The articles with these ids, a chunk at a time (see `sizes`; ids held as 8 bytes each: no
    read snapshot stays open on the corpus while it is written)."""
    db = db_path(conn)
    ids = array("q", ids)
    first = 0
    for size in sizes(len(ids)):
        yield Chunk(db, ids[first:first + size].tolist(), retired)
        first += size


_READERS: dict[str, sqlite3.Connection] = {}
os.register_at_fork(after_in_child=_READERS.clear)  # a connection never crosses a fork


def _reader(db: str) -> sqlite3.Connection:
    """This process's read-only connection to the corpus (WAL: it reads while the main one writes)."""
    if db not in _READERS:
        _READERS[db] = sqlite3.connect(f"{Path(db).as_uri()}?mode=ro", uri=True, timeout=30)
    return _READERS[db]


def close_reader(db: str) -> None:
    reader = _READERS.pop(db, None)
    if reader is not None:
        reader.close()


def read_articles(db: str, ids: list[int]) -> list[Article]:
    """The articles with these ids, in that order, dated by their own date or their page's."""
    return [_article(r) for r in _rows(db, ids)]


def _rows(db: str, ids: list[int]) -> list[tuple]:
    """The stored rows of these articles, in the order of `ids` (plain tuples: cheap to send)."""
    rows = _reader(db).execute(
        "SELECT a.id, s.path, a.seq, a.kind, a.headline_lines, a.byline, a.reporters, a.correspondents,"
        " a.photographers, a.body, a.start, a.end, a.label, coalesce(a.date, s.date)"
        f" FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id IN ({','.join('?' * len(ids))})", ids)
    by_id = {r[0]: r for r in rows}
    return [by_id[i] for i in ids]


def read_retired(db: str, ids: list[int]) -> list[Article]:
    """Removed articles as they were, from the rows kept for the next reindex to subtract."""
    return [_article(r) for r in _retired_rows(db, ids)]


def _retired_rows(db: str, ids: list[int]) -> list[tuple]:
    rows = _reader(db).execute(
        "SELECT id, path, seq, kind, headline_lines, byline, reporters, correspondents, photographers, body, 0, 0,"
        f" label, date FROM state_retired WHERE id IN ({','.join('?' * len(ids))})", ids)
    by_id = {r[0]: r for r in rows}
    return [by_id[i] for i in ids]


def _article(r: tuple) -> Article:
    return Article(r[2], r[3], json.loads(r[4]), r[5], _list(r[6]), _list(r[7]), _list(r[8]),
                   r[9].split("\n") if r[9] else [], r[10], r[11], label=r[12], date=r[13], id=r[0], source=r[1])


def _list(value: str) -> list[str]:
    return json.loads(value) if value != "[]" else []


def texts_containing(conn: sqlite3.Connection, text: str) -> Iterator[list[str]]:
    """Headline lines and paragraphs of every article holding `text`, streamed."""
    from .reads import texts_with

    return (texts for _, _, texts in texts_with(conn, text))
