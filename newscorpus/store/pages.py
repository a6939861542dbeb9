"""Writing pages: source identity, articles and leftovers, batched commits, the pending trigram index."""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from .checkpoints import Checkpointer
from .schema import connect, set_meta, transaction

# Reader metadata an article may carry (see readers): stored together as one JSON object.
META_FIELDS = ("url", "record", "section", "page", "author")


@dataclass
class Source:
    """One file as read: where it is, what it holds, how it was read."""

    path: str  # as shown: relative to the folder it was ingested from
    location: str  # absolute path: which file it is
    sha256: str
    encoding: str
    size: int
    date: str | None
    original: str
    format: str = "text"
    coverage: dict | None = None


@dataclass
class PreparedPage:
    """A parsed file as rows ready to write, built in the parsing worker so the writer only writes."""

    source: Source
    articles: list[tuple]
    leftovers: list[tuple]
    photos: int


def prepare(source: Source, articles: list, leftovers: list) -> PreparedPage:
    """Rows for replace_source from parse.Article and parse.Leftover objects (column order lives here)."""
    rows = [(a.seq, a.kind, a.headline, _j(a.headline_lines), a.byline, _j(a.reporters), _j(a.correspondents),
             _j(a.photographers), a.body, a.chars, a.start, a.end, getattr(a, "label", "") or "",
             getattr(a, "date", None), _j(_meta(a))) for a in articles]
    lefts = [(lo.kind, lo.text, lo.start) for lo in leftovers]
    return PreparedPage(source, rows, lefts, sum(a.kind == "photo" for a in articles))


def _meta(article) -> dict:
    return {k: v for k in META_FIELDS if (v := getattr(article, k, None)) not in (None, "")}


def _j(value) -> str:
    if not value:  # most bylines and metadata are empty: json.dumps took a tenth of reading a page
        return "[]" if isinstance(value, list) else json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def known_hash(conn: sqlite3.Connection, location: str, path: str) -> str | None:
    """The content hash stored for the file at `location` (or, in a corpus from before v6, at `path`)."""
    row = conn.execute("SELECT sha256 FROM sources WHERE location = ?", (location,)).fetchone()
    if row is None:
        row = conn.execute("SELECT sha256 FROM sources WHERE path = ? AND location IS NULL", (path,)).fetchone()
    return row[0] if row else None


@dataclass
class Placed:
    """What writing a file did: new, changed (replaced), moved or duplicate (nothing written)."""

    outcome: str
    path: str  # the source's path as stored (or the path of the file it duplicates)


def write_page(conn: sqlite3.Connection, page: PreparedPage) -> Placed:
    """Store a file unless the corpus already holds it: the same location is replaced when its
    content changed; the same content elsewhere is the same file (moved, or a copy) and is not
    stored twice; a new file gets a path no other source has."""
    src = page.source
    old = conn.execute("SELECT id, path FROM sources WHERE location = ?", (src.location,)).fetchone()
    if old is None:
        old = conn.execute("SELECT id, path FROM sources WHERE path = ? AND location IS NULL", (src.path,)).fetchone()
    if old is not None:  # the articles first, while their source is there to say where they came from
        conn.execute("DELETE FROM articles WHERE source_id = ?", (old[0],))
        conn.execute("DELETE FROM sources WHERE id = ?", (old[0],))
        _insert(conn, page, old[1])
        return Placed("changed", old[1])
    same = conn.execute("SELECT id, path, location FROM sources WHERE sha256 = ? ORDER BY id LIMIT 1",
                        (src.sha256,)).fetchone()
    if same is not None:
        if same[2] is None or not Path(same[2]).exists():
            conn.execute("UPDATE sources SET location = ? WHERE id = ?", (src.location, same[0]))
            return Placed("moved", same[1])
        return Placed("duplicate", same[1])
    path = _free_path(conn, src.path, src.location)
    _insert(conn, page, path)
    return Placed("new", path)


def _free_path(conn: sqlite3.Connection, path: str, location: str) -> str:
    """`path`, or, when another file already goes by it, the path with as many of the file's
    folders in front as make it unique (paperB/2024-10-13.txt next to 2024-10-13.txt)."""
    candidate, parts, depth = path, (), 0  # the parts only when the path is taken (one file in thousands)
    while conn.execute("SELECT 1 FROM sources WHERE path = ?", (candidate,)).fetchone():
        if not parts:
            parts, depth = Path(location).parts, len(Path(path).parts)
        depth += 1
        if depth > len(parts) - 1:
            return f"{location}"
        candidate = "/".join(parts[-depth:])
    return candidate


def _insert(conn: sqlite3.Connection, page: PreparedPage, path: str) -> None:
    src = page.source
    cur = conn.execute(
        "INSERT INTO sources(path, sha256, encoding, size, date, original, location, format, coverage)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        (path, src.sha256, src.encoding, src.size, src.date, src.original, src.location, src.format,
         _j(src.coverage) if src.coverage is not None else None))
    source_id = cur.lastrowid
    conn.executemany(
        "INSERT INTO articles(source_id, seq, kind, headline, headline_lines, byline, reporters, correspondents,"
        " photographers, body, chars, start, end, label, date, meta) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(source_id, *values) for values in page.articles])
    conn.executemany("INSERT INTO leftovers(source_id, kind, text, start) VALUES (?,?,?,?)",
                     [(source_id, *values) for values in page.leftovers])


class Batch:
    """Files written in groups: one savepoint per file, one commit about every COMMIT_SECONDS.

    A file that fails to store rolls back alone; a killed ingest keeps every committed group and a
    rerun does the rest (unchanged files are skipped by hash). Committing per group rather than per
    file saves a WAL commit per page. The entity tables are marked stale with the first write.
    """

    COMMIT_SECONDS = 1.0

    def __init__(self, conn: sqlite3.Connection, checkpoints: Checkpointer | None = None) -> None:
        self.conn = conn
        self.open_since: float | None = None
        self.in_page = False
        self.checkpoints = checkpoints  # asked for a checkpoint after each commit (see checkpoints)

    def _undo_page(self) -> None:
        self.conn.execute("ROLLBACK TO page")
        self.conn.execute("RELEASE page")
        self.in_page = False

    def add(self, page: PreparedPage) -> Placed | str:
        """Store one file; returns what was done, or an error message instead of raising."""
        if self.open_since is None:
            self.conn.execute("BEGIN IMMEDIATE")
            mark_stale(self.conn)
            self.open_since = time.monotonic()
        self.conn.execute("SAVEPOINT page")
        self.in_page = True
        try:
            placed = write_page(self.conn, page)
        except sqlite3.Error as exc:
            self._undo_page()
            return f"cannot store: {exc}"
        self.conn.execute("RELEASE page")
        self.in_page = False
        if time.monotonic() - self.open_since >= self.COMMIT_SECONDS:
            self.commit()
        return placed

    def commit(self) -> None:
        if self.in_page:
            self._undo_page()
        if self.open_since is not None:
            self.conn.commit()
            self.open_since = None
            if self.checkpoints is not None:
                self.checkpoints.request(self.conn)


def mark_stale(conn: sqlite3.Connection) -> None:
    """The entity tables no longer match the articles (until the next reindex)."""
    set_meta(conn, "entities_stale", "1")


def index_pending(conn: sqlite3.Connection) -> int:
    """Add the articles written since the last call to the trigram index, in one statement."""
    with transaction(conn):  # CROSS JOIN: the pending ids drive it (SQLite chose to scan every article)
        gather_terms(conn)
        n = conn.execute("INSERT INTO article_fts(rowid, headline_lines, body) SELECT a.id, a.headline_lines, a.body"
                         " FROM fts_pending p CROSS JOIN articles a ON a.id = p.id ORDER BY a.id").rowcount
        conn.execute("DELETE FROM fts_pending")
    return n


INDEX_CACHE_KB = 8192

# How many bytes of terms the trigram index gathers in memory before it writes them out as a
# segment. SQLite's default, 1 MB, makes hundreds of small segments that are then merged over and
# over: at 16 MB an index of 100k articles is built in about half the CPU time (35 -> 17-19 s;
# 10k articles: 2.2 -> 1.5 s), for about 27 MB more memory in the process that builds it. The
# index holds the same (positions included: phrase queries and outside tools work as before).
INDEX_HASH_BYTES = 16 << 20


def gather_terms(conn: sqlite3.Connection) -> None:
    """Set the trigram index's in-memory buffer (INDEX_HASH_BYTES); it is kept in the index's own
    configuration table, so it is written once per corpus (a corpus from before gets it at its
    next ingest). An SQLite that does not know the setting builds the same index, more slowly."""
    try:
        row = conn.execute("SELECT v FROM article_fts_config WHERE k = 'hashsize'").fetchone()
        if row is None or row[0] != INDEX_HASH_BYTES:
            conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('hashsize', ?)", (INDEX_HASH_BYTES,))
    except sqlite3.DatabaseError:
        pass


def index_pending_at(path: str) -> int:
    """index_pending through a connection of its own (to run in another process). Its page cache
    is kept small: a larger one made no faster an index of 100k articles (measured with SQLite's
    default term buffer: 8 MB: 30 s, 64 MB: 35 s) and was most of the process's memory."""
    conn = connect(path)
    conn.execute(f"PRAGMA cache_size = -{INDEX_CACHE_KB}")
    try:
        return index_pending(conn)
    finally:
        conn.close()
