"""The SQLite corpus: schema and migrations, writes of pages and entities, queries returning dicts."""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import CorpusError

SCHEMA_VERSION = 6
DEFAULT_DB = "newscorpus.db"

_FTS_TABLE = """
-- Substring search: a trigram index over headlines and bodies.
-- A trigram index matches strings of 3+ characters only; shorter ones are searched with instr().
CREATE VIRTUAL TABLE article_fts USING fts5(headline_lines, body, content='articles', content_rowid='id',
                                            tokenize='trigram');
"""
_FTS_V3_TRIGGERS = """
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_fts(rowid, headline_lines, body) VALUES (new.id, new.headline_lines, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_fts(article_fts, rowid, headline_lines, body)
    VALUES ('delete', old.id, old.headline_lines, old.body);
END;
"""
# Since v5 new articles wait in fts_pending and are indexed in one bulk insert per ingest (index_pending):
# an FTS5 index grows several times faster in one transaction than row by row. A deleted article
# leaves the index only if it was in it; queries also look through the pending ones (contains()).
_FTS_TRIGGERS = """
CREATE TABLE fts_pending (id INTEGER PRIMARY KEY);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO fts_pending(id) VALUES (new.id);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_fts(article_fts, rowid, headline_lines, body)
    SELECT 'delete', old.id, old.headline_lines, old.body WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id);
    DELETE FROM fts_pending WHERE id = old.id;
END;
"""
_FTS = _FTS_TABLE + _FTS_TRIGGERS

_RELATED = """
-- Precomputed co-appearances (reindex): who appears with whom, which enterprises and phrases
-- share a person's articles, so that profiles do not grow slower with the corpus.
CREATE TABLE related (
    a TEXT NOT NULL,                    -- a person
    kind TEXT NOT NULL,                 -- person | enterprise | phrase
    b TEXT NOT NULL,
    articles INTEGER NOT NULL,          -- articles naming both
    a_mentions INTEGER NOT NULL,        -- mentions of a in those articles
    b_mentions INTEGER NOT NULL,        -- mentions of b in those articles
    PRIMARY KEY (a, kind, b)
);
CREATE INDEX related_b ON related(kind, b);
"""

_DATES = """
-- Dates an article names (昨天, 10月12日 ...), resolved against its page date (reindex).
CREATE TABLE article_dates (
    article_id INTEGER PRIMARY KEY,
    dates TEXT NOT NULL                 -- JSON list of ISO dates
);
"""

# Latest articles first without sorting them all (profiles of people named in 100,000 articles).
_SOURCES_BY_DATE = "CREATE INDEX sources_date ON sources(date, path);"

_SCHEMA = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,          -- relative to the ingest root
    sha256 TEXT NOT NULL,
    encoding TEXT NOT NULL,
    size INTEGER NOT NULL,
    date TEXT,                          -- YYYY-MM-DD publication date, if known
    original TEXT NOT NULL              -- the page as written (decoded); article offsets point
                                        -- into pages.normalize(original)
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    headline TEXT NOT NULL,
    headline_lines TEXT NOT NULL,       -- JSON list
    byline TEXT NOT NULL,
    reporters TEXT NOT NULL,            -- JSON list
    correspondents TEXT NOT NULL,       -- JSON list
    photographers TEXT NOT NULL,        -- JSON list
    body TEXT NOT NULL,                 -- paragraphs (page breaks repaired), one per line
    chars INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
);
CREATE INDEX articles_source ON articles(source_id, seq);
CREATE TABLE leftovers (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL
);
CREATE INDEX leftovers_source ON leftovers(source_id);
-- Entity tables are derived: `reindex` rebuilds them from articles alone.
CREATE TABLE people (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,                 -- official | reporter | photographer | correspondent | executive | expert
    title TEXT NOT NULL,                -- primary title
    place TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    headline_mentions INTEGER NOT NULL,
    body_mentions INTEGER NOT NULL,
    lead_articles INTEGER NOT NULL,
    list_position REAL,                 -- mean 1-based position in name lists
    is_foreign INTEGER NOT NULL DEFAULT 0  -- 1: a foreign office-holder
);
CREATE TABLE person_titles (
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_date TEXT,
    last_date TEXT,
    PRIMARY KEY (name, title)
);
CREATE TABLE person_article_titles (
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (name, title, article_id)
);
CREATE TABLE person_mentions (
    name TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (name, article_id)
);
CREATE INDEX person_mentions_article ON person_mentions(article_id);
CREATE TABLE enterprises (
    name TEXT PRIMARY KEY,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    candidates TEXT NOT NULL            -- JSON list: full names an ambiguous short form may mean
);
CREATE TABLE enterprise_forms (
    name TEXT NOT NULL,
    surface TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (name, surface)
);
CREATE INDEX enterprise_forms_surface ON enterprise_forms(surface);
CREATE TABLE enterprise_mentions (
    name TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (name, article_id)
);
CREATE INDEX enterprise_mentions_article ON enterprise_mentions(article_id);
CREATE TABLE phrases (
    phrase TEXT PRIMARY KEY,
    source TEXT NOT NULL,               -- lexicon | quoted | discovered
    count INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    score REAL NOT NULL
);
CREATE TABLE phrase_mentions (
    phrase TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (phrase, article_id)
);
CREATE INDEX phrase_mentions_article ON phrase_mentions(article_id);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
""" + _FTS + _RELATED + _DATES + _SOURCES_BY_DATE


_MARK_STALE = "INSERT INTO meta(key, value) VALUES ('entities_stale', '1') ON CONFLICT(key) DO UPDATE SET value = excluded.value;"

# Each entry upgrades a corpus from the version before it; entity tables are then rebuilt.
MIGRATIONS = {
    2: """
    ALTER TABLE articles ADD COLUMN event_dates TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE person_article_titles (name TEXT NOT NULL, title TEXT NOT NULL, article_id INTEGER NOT NULL,
        count INTEGER NOT NULL, PRIMARY KEY (name, title, article_id));
    """ + _MARK_STALE,
    3: _FTS_TABLE + _FTS_V3_TRIGGERS + "INSERT INTO article_fts(article_fts) VALUES ('rebuild');",
    4: _RELATED + _MARK_STALE,
    5: "DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_delete;" + _FTS_TRIGGERS
       + "ALTER TABLE articles DROP COLUMN event_dates;" + _DATES + _SOURCES_BY_DATE + _MARK_STALE,
    6: "ALTER TABLE people ADD COLUMN is_foreign INTEGER NOT NULL DEFAULT 0;" + _MARK_STALE,
}


def connect(path: str | Path, *, create: bool = False) -> sqlite3.Connection:
    """Open a corpus; create it only when asked (ingest), so a typo'd --db is an error, not a new DB."""
    path = Path(path)
    if not create and not path.exists():
        raise CorpusError(f"no corpus at {path}: run `newscorpus ingest PAGES --db {path}` first")
    try:
        conn = sqlite3.connect(path, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if create:
            conn.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous=NORMAL: a killed process loses nothing committed; only a power
            # cut may lose the last files, which a rerun ingests again (no fsync per file).
            conn.execute("PRAGMA synchronous = NORMAL")
        # a page cache of up to 64 MB (default 2 MB) and checkpoints every 32 MB of WAL: at 100k
        # articles this took a fifth off the time spent writing pages
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA wal_autocheckpoint = 8192")
    except sqlite3.DatabaseError as exc:
        raise CorpusError(f"{path} is not a newscorpus database ({exc})") from None
    if version > SCHEMA_VERSION:
        raise CorpusError(f"{path} was written by a newer newscorpus (schema {version}, this one reads "
                          f"{SCHEMA_VERSION}): upgrade newscorpus")
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise CorpusError(f"{path} is an SQLite file but not a newscorpus database")
        if not create:
            raise CorpusError(f"{path} is an empty database: run `newscorpus ingest PAGES --db {path}` first")
        with conn:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    elif version < SCHEMA_VERSION:
        _migrate(conn, version)
    return conn


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring an older corpus up to date in one transaction per step."""
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.executescript(f"BEGIN; {MIGRATIONS[target]}; PRAGMA user_version = {target}; COMMIT;")


@contextmanager
def transaction(conn: sqlite3.Connection, *, begun: bool = False) -> Iterator[sqlite3.Connection]:
    """One atomic unit: a killed process leaves the corpus as it was before it. `begun`: the
    transaction was opened earlier (BEGIN IMMEDIATE) and is ended here, committed or rolled back."""
    if not begun:
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def db_path(conn: sqlite3.Connection) -> str:
    """The file behind a connection, for other processes to open their own."""
    return conn.execute("PRAGMA database_list").fetchone()[2]


def get_meta(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (key, value))


def source_hash(conn: sqlite3.Connection, path: str) -> str | None:
    row = conn.execute("SELECT sha256 FROM sources WHERE path = ?", (path,)).fetchone()
    return row[0] if row else None


def article_values(article) -> tuple:
    """An article (parse.Article) as the row replace_source writes, without its source id. Built
    in the parsing worker, so the writing process only writes."""
    return (article.seq, article.kind, article.headline, _j(article.headline_lines), article.byline,
            _j(article.reporters), _j(article.correspondents), _j(article.photographers), article.body,
            article.chars, article.start, article.end)


def replace_source(conn: sqlite3.Connection, src: dict, articles: list[tuple], leftovers: list[tuple]) -> None:
    """Write one page, its articles (article_values) and leftovers (kind, text, start), replacing an
    older version of the same path."""
    conn.execute("DELETE FROM sources WHERE path = ?", (src["path"],))
    cur = conn.execute(
        "INSERT INTO sources(path, sha256, encoding, size, date, original) VALUES (?,?,?,?,?,?)",
        (src["path"], src["sha256"], src["encoding"], src["size"], src["date"], src["original"]),
    )
    source_id = cur.lastrowid
    conn.executemany(
        "INSERT INTO articles(source_id, seq, kind, headline, headline_lines, byline, reporters, correspondents,"
        " photographers, body, chars, start, end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(source_id, *values) for values in articles],
    )
    conn.executemany("INSERT INTO leftovers(source_id, kind, text, start) VALUES (?,?,?,?)",
                     [(source_id, *values) for values in leftovers])


def index_pending(conn: sqlite3.Connection) -> int:
    """Add the articles written since the last call to the trigram index, in one statement."""
    with transaction(conn):
        n = conn.execute("INSERT INTO article_fts(rowid, headline_lines, body) SELECT a.id, a.headline_lines, a.body"
                         " FROM fts_pending p JOIN articles a ON a.id = p.id ORDER BY a.id").rowcount
        conn.execute("DELETE FROM fts_pending")
    return n


def index_pending_at(path: str) -> int:
    """index_pending through a connection of its own (to run in another process)."""
    conn = connect(path)
    try:
        return index_pending(conn)
    finally:
        conn.close()


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=False)


_ARTICLE_COLUMNS = """a.id, s.path AS source, a.seq, a.kind, a.headline, a.headline_lines, a.byline, a.reporters,
    a.correspondents, a.photographers, a.chars, s.date"""


def _article_row(row: sqlite3.Row, full: bool = False) -> dict:
    out = {
        "id": row["id"], "source": row["source"], "seq": row["seq"], "kind": row["kind"],
        "headline": row["headline"], "headline_lines": json.loads(row["headline_lines"]),
        "byline": row["byline"], "reporters": json.loads(row["reporters"]),
        "correspondents": json.loads(row["correspondents"]),
        "photographers": json.loads(row["photographers"]), "chars": row["chars"], "date": row["date"],
    }
    if full:
        out["body"] = row["body"]
        out["paragraphs"] = row["body"].split("\n") if row["body"] else []
    return out


def articles(conn: sqlite3.Connection, *, source: str | None = None, kind: str | None = None,
             search: str | None = None, since: str | None = None, until: str | None = None) -> list[dict]:
    """Articles in page order. `search` is a plain substring of headline or body (instr, not FTS:
    two-character names must match too)."""
    where, args = [], []
    if source:
        where.append("(s.path = ? OR s.path LIKE ?)")
        args += [source, f"%{source}%"]
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    if search:
        clause, extra = contains(search)
        where.append(clause)
        args += extra
    if since:
        where.append("s.date >= ?")
        args.append(since)
    if until:
        where.append("s.date <= ?")
        args.append(until)
    sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY s.path, a.seq"
    return [_article_row(r) for r in conn.execute(sql, args)]


def contains(text: str) -> tuple[str, list]:
    """SQL condition on articles `a` holding `text` in a headline or the body, any length.

    Strings of 3+ characters go through the trigram index (and articles not yet indexed, see
    index_pending); shorter ones (two-character names) through instr(), which a trigram index
    cannot answer.
    """
    if len(text) >= 3:
        return ("a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ? UNION ALL SELECT x.id FROM fts_pending p"
                " CROSS JOIN articles x ON x.id = p.id WHERE instr(x.body, ?) > 0 OR instr(x.headline_lines, ?) > 0)",
                ['"' + text.replace('"', '""') + '"', text, text])
    return "(instr(a.body, ?) > 0 OR instr(a.headline_lines, ?) > 0)", [text, text]


def article(conn: sqlite3.Connection, article_id: int) -> dict | None:
    row = conn.execute(f"SELECT {_ARTICLE_COLUMNS}, a.body FROM articles a JOIN sources s ON s.id = a.source_id"
                       " WHERE a.id = ?", (article_id,)).fetchone()
    return _article_row(row, full=True) if row else None


def leftovers(conn: sqlite3.Connection, source_path: str | None = None) -> list[dict]:
    sql = "SELECT s.path AS source, l.kind, l.text FROM leftovers l JOIN sources s ON s.id = l.source_id"
    args: list = []
    if source_path:
        sql += " WHERE s.path = ?"
        args.append(source_path)
    return [dict(r) for r in conn.execute(sql + " ORDER BY s.path, l.start", args)]


def stats(conn: sqlite3.Connection) -> dict:
    one = conn.execute("SELECT count(*), min(date), max(date), sum(date IS NULL), sum(size) FROM sources").fetchone()
    kinds = {r[0]: r[1] for r in conn.execute("SELECT kind, count(*) FROM articles GROUP BY kind ORDER BY kind")}
    chars = conn.execute("SELECT coalesce(sum(chars), 0) FROM articles").fetchone()[0]
    labels = conn.execute("SELECT count(*) FROM leftovers WHERE kind = 'label'").fetchone()[0]
    stray = conn.execute("SELECT count(*) FROM leftovers WHERE kind != 'label'").fetchone()[0]
    return {
        "sources": one[0], "bytes": one[4] or 0, "articles": sum(kinds.values()), "kinds": kinds,
        "chars": chars, "column_labels": labels, "leftover_paragraphs": stray,
        "first_date": one[1], "last_date": one[2], "undated_sources": one[3] or 0,
        "officials": conn.execute("SELECT count(*) FROM people WHERE role = 'official'").fetchone()[0],
        "enterprises": conn.execute("SELECT count(*) FROM enterprises").fetchone()[0],
        "phrases": conn.execute("SELECT count(*) FROM phrases").fetchone()[0],
    }
