"""The corpus file: schema, migrations, opening, transactions, and SQLite failures as user errors."""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import CorpusError

SCHEMA_VERSION = 8
DEFAULT_DB = "newscorpus.db"

# Declared with double-quoted options: Datasette and sqlite-utils recognise an FTS table of a
# content table only in that form (with single quotes their search box silently matches everything).
_FTS_TABLE = """
-- Substring search: a trigram index over headlines and bodies.
-- A trigram index matches strings of 3+ characters only; shorter ones are searched with instr().
CREATE VIRTUAL TABLE article_fts USING fts5(headline_lines, body, content="articles", content_rowid="id",
                                            tokenize="trigram");
"""
_FTS_V3_TABLE = _FTS_TABLE.replace('"', "'")
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
# A file is known by where it is (location) and by what it holds (sha256): a moved file or a second
# copy is recognised, and two files that share a name in different folders stay two sources.
_SOURCE_IDENTITY = """
CREATE UNIQUE INDEX sources_location ON sources(location) WHERE location IS NOT NULL;
CREATE INDEX sources_sha256 ON sources(sha256);
"""

# What a reindex keeps between runs, so that the next ingest re-decides and recounts only what its
# pages change (see reindex/): the articles added and removed since, the candidates of every kind
# folded over the corpus, titled occurrences per article, written company forms per article.
# All of it is derived: a full reindex rebuilds it from the articles.
_STATE = """
CREATE TABLE state (kind TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE state_pending (id INTEGER PRIMARY KEY);
CREATE TABLE state_retired (id INTEGER PRIMARY KEY, path TEXT NOT NULL, seq INTEGER NOT NULL, date TEXT,
    kind TEXT NOT NULL, headline_lines TEXT NOT NULL, byline TEXT NOT NULL, reporters TEXT NOT NULL,
    correspondents TEXT NOT NULL, photographers TEXT NOT NULL, body TEXT NOT NULL, label TEXT NOT NULL,
    chars INTEGER NOT NULL);
CREATE TRIGGER articles_state_insert AFTER INSERT ON articles BEGIN
    INSERT INTO state_pending(id) VALUES (new.id);
END;
CREATE TRIGGER articles_state_delete AFTER DELETE ON articles BEGIN
    INSERT INTO state_retired SELECT old.id, s.path, old.seq, coalesce(old.date, s.date), old.kind, old.headline_lines,
        old.byline, old.reporters, old.correspondents, old.photographers, old.body, old.label, old.chars
        FROM sources s WHERE s.id = old.source_id AND NOT EXISTS (SELECT 1 FROM state_pending WHERE id = old.id);
    DELETE FROM state_pending WHERE id = old.id;
END;
CREATE TABLE titled (key TEXT NOT NULL, article_id INTEGER NOT NULL, date TEXT, n INTEGER NOT NULL);
CREATE INDEX titled_article ON titled(article_id);
CREATE INDEX titled_key ON titled(key);
CREATE TABLE form_mentions (
    surface TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (surface, article_id)
);
CREATE INDEX form_mentions_article ON form_mentions(article_id);
"""

# The last two characters of each body: which articles end with a two-character string, the one
# place the trigram index cannot show one (everywhere else a character follows it; see state.containing).
_TAILS = "CREATE INDEX IF NOT EXISTS articles_tail ON articles(substr(body, -2));"

_SCHEMA = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,          -- as shown: relative to the ingest root (made unique)
    sha256 TEXT NOT NULL,
    encoding TEXT NOT NULL,
    size INTEGER NOT NULL,
    date TEXT,                          -- YYYY-MM-DD publication date, if known
    original TEXT NOT NULL,             -- the page as written (decoded); article offsets point
                                        -- into pages.normalize(original)
    location TEXT,                      -- absolute path when ingested (NULL: corpora before v6)
    format TEXT NOT NULL DEFAULT 'text',-- the reader that read it (text, markdown, html, json, jsonl)
    coverage TEXT                       -- JSON: where the file's characters went (articles, set aside, leftovers)
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
    end INTEGER NOT NULL,
    label TEXT NOT NULL DEFAULT '',     -- a column tag kept apart from the headline (【…】, 央视快评)
    date TEXT,                          -- the article's own date where its record gives one
    meta TEXT NOT NULL DEFAULT '{}'     -- JSON: url, record, section, page, author
);
CREATE INDEX articles_source ON articles(source_id, seq);
CREATE TABLE leftovers (                -- page text outside articles: leftovers (kind text) and
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,  -- named parts set aside
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL
);
CREATE INDEX leftovers_source ON leftovers(source_id);
-- Entity tables are derived: `reindex` rebuilds them from articles alone.
CREATE TABLE people (
    name TEXT PRIMARY KEY,              -- the person's id (every other table's `name`): the name as
                                        -- written, or name(place) for a second person of that name
    person_name TEXT NOT NULL,          -- the name as written
    role TEXT NOT NULL,                 -- official | reporter | photographer | correspondent | executive | expert
    title TEXT NOT NULL,                -- primary title
    place TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    headline_mentions INTEGER NOT NULL,
    body_mentions INTEGER NOT NULL,
    lead_articles INTEGER NOT NULL,
    list_position REAL,                 -- mean 1-based position in name lists
    is_foreign INTEGER NOT NULL DEFAULT 0  -- 1: a foreign office-holder (`foreign` is an SQL keyword)
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
CREATE INDEX person_article_titles_article ON person_article_titles(article_id);
CREATE TABLE person_mentions (
    name TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    head INTEGER NOT NULL DEFAULT 0,    -- of which in headlines
    lead INTEGER NOT NULL DEFAULT 0,    -- 1 when named in the first paragraph
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
""" + _FTS + _RELATED + _DATES + _SOURCES_BY_DATE + _SOURCE_IDENTITY + _STATE + _TAILS


_MARK_STALE = "INSERT INTO meta(key, value) VALUES ('entities_stale', '1') ON CONFLICT(key) DO UPDATE SET value = excluded.value;"

# Each entry upgrades a corpus from the version before it; entity tables are then rebuilt.
MIGRATIONS = {
    2: """
    ALTER TABLE articles ADD COLUMN event_dates TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE person_article_titles (name TEXT NOT NULL, title TEXT NOT NULL, article_id INTEGER NOT NULL,
        count INTEGER NOT NULL, PRIMARY KEY (name, title, article_id));
    """ + _MARK_STALE,
    3: _FTS_V3_TABLE + _FTS_V3_TRIGGERS + "INSERT INTO article_fts(article_fts) VALUES ('rebuild');",
    4: _RELATED + _MARK_STALE,
    5: "DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_delete;" + _FTS_TRIGGERS
       + "ALTER TABLE articles DROP COLUMN event_dates;" + _DATES + _SOURCES_BY_DATE + _MARK_STALE,
    # v6: source identity, reader metadata, and the FTS declaration other tools recognise (the
    # index is rebuilt from scratch at the next ingest or reindex: every article is pending again)
    6: """
    ALTER TABLE sources ADD COLUMN location TEXT;
    ALTER TABLE sources ADD COLUMN format TEXT NOT NULL DEFAULT 'text';
    ALTER TABLE sources ADD COLUMN coverage TEXT;
    ALTER TABLE articles ADD COLUMN label TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN date TEXT;
    ALTER TABLE articles ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
    DROP TRIGGER articles_fts_delete;
    DROP TABLE article_fts;
    """ + _FTS_TABLE + """
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_fts(article_fts, rowid, headline_lines, body)
        SELECT 'delete', old.id, old.headline_lines, old.body WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id);
        DELETE FROM fts_pending WHERE id = old.id;
    END;
    INSERT OR IGNORE INTO fts_pending(id) SELECT id FROM articles;
    """ + _SOURCE_IDENTITY + _MARK_STALE,
    # v7: what an incremental reindex keeps (empty: the next ingest rebuilds everything)
    7: """
    CREATE INDEX IF NOT EXISTS person_article_titles_article ON person_article_titles(article_id);
    DROP TABLE people;
    CREATE TABLE people (name TEXT PRIMARY KEY, person_name TEXT NOT NULL, role TEXT NOT NULL, title TEXT NOT NULL,
        place TEXT NOT NULL, mentions INTEGER NOT NULL, articles INTEGER NOT NULL, headline_mentions INTEGER NOT NULL,
        body_mentions INTEGER NOT NULL, lead_articles INTEGER NOT NULL, list_position REAL,
        is_foreign INTEGER NOT NULL DEFAULT 0);
    ALTER TABLE person_mentions ADD COLUMN head INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE person_mentions ADD COLUMN lead INTEGER NOT NULL DEFAULT 0;
    """ + _STATE + "INSERT INTO state_pending(id) SELECT id FROM articles;" + _MARK_STALE,
    8: _TAILS,
}


CACHE_KB = 65536  # a corpus connection's page cache
WAL_AUTOCHECKPOINT = 8192  # pages of write-ahead log (32 MB) after which a commit checkpoints


@contextmanager
def small_cache(conn: sqlite3.Connection, kb: int) -> Iterator[None]:
    """A smaller page cache for a while, its memory given back now: a reindex writes little
    through the corpus connection, and the pages an ingest left cached (up to CACHE_KB) would
    otherwise stay in this process beside the reindex's data, and in the workers it forks."""
    conn.execute(f"PRAGMA cache_size = -{kb}")
    conn.execute("PRAGMA shrink_memory")
    _trim_heap()
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")


def _trim_heap() -> None:
    """Return the C heap's free pages to the system (glibc keeps them; elsewhere nothing to do).
    Found among this process's own symbols, as parallel.die_with_parent finds prctl."""
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def connect(path: str | Path, *, create: bool = False, write: bool = False) -> sqlite3.Connection:
    """Open a corpus; create it only when asked (ingest), so a typo'd path is an error, not a new DB.
    `write`: refuse a read-only file now rather than after a long rebuild."""
    path = Path(path)
    _check_path(path, create, write or create)
    try:
        if not (create or write) and not os.access(path.parent, os.W_OK):
            # a corpus on a read-only mount: SQLite cannot make its shared-memory file beside it, so
            # it is opened as immutable (no locks; nothing writes it there)
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True, timeout=30)
        else:
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
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")
    except sqlite3.DatabaseError as exc:
        raise as_corpus_error(exc, path) or CorpusError(f"{path} is not a newscorpus database ({exc})") from None
    _upgrade(conn, path, version, create)
    return conn


def _check_path(path: Path, create: bool, write: bool) -> None:
    if path.is_dir():
        raise CorpusError(f"{path} is a folder, not a corpus file")
    if not path.parent.is_dir():
        raise CorpusError(f"cannot {'create' if create else 'open'} the corpus {path}: "
                          f"no folder {path.parent}")
    if not create and not path.exists():
        raise CorpusError(f"no corpus at {path}: ingest pages into it first")
    if write and path.exists() and not os.access(path, os.W_OK):
        raise CorpusError(f"the corpus {path} is read-only: it cannot take new pages or a rebuild")
    if create and not path.exists() and not os.access(path.parent, os.W_OK):
        raise CorpusError(f"cannot create the corpus {path}: the folder {path.parent} is read-only")


def _upgrade(conn: sqlite3.Connection, path: Path, version: int, create: bool) -> None:
    """Create the schema in a new file, migrate an older one, refuse a newer or foreign one."""
    if version > SCHEMA_VERSION:
        raise CorpusError(f"{path} was written by a newer newscorpus (schema {version}, this one reads "
                          f"{SCHEMA_VERSION}): upgrade newscorpus")
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise CorpusError(f"{path} is an SQLite file but not a newscorpus database")
        if not create:
            raise CorpusError(f"{path} is an empty database: ingest pages into it first")
        with conn:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    elif version < SCHEMA_VERSION:
        try:
            _migrate(conn, version)
        except sqlite3.DatabaseError as exc:
            raise as_corpus_error(exc, path) or exc


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring an older corpus up to date in one transaction per step."""
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.executescript(f"BEGIN; {MIGRATIONS[target]}; PRAGMA user_version = {target}; COMMIT;")


# What SQLite says when the file, the disk or the permissions are the problem, not the program.
_ENVIRONMENT = (
    ("malformed", "is damaged ({0}): check it with PRAGMA quick_check (newscorpus check runs it) and "
                  "rebuild it from the pages if it fails"),
    ("file is not a database", "is not a newscorpus database ({0})"),
    ("readonly", "is read-only ({0}): it cannot take new pages or a rebuild"),
    ("unable to open", "cannot be opened ({0})"),
    ("disk i/o error", "cannot be read or written ({0})"),
    ("database or disk is full", "cannot be written: the disk is full"),
    ("database is locked", "is busy: another newscorpus process is writing it; try again when it is done"),
)


def as_corpus_error(exc: BaseException, path: str | Path | None = None) -> CorpusError | None:
    """A CorpusError for SQLite failures caused by the file or the machine; None for anything else
    (a bug keeps its traceback)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    message = str(exc)
    for marker, text in _ENVIRONMENT:
        if marker in message.lower():
            return CorpusError(f"the corpus {path or ''} {text.format(message)}".replace("corpus  ", "corpus "))
    return None


@contextmanager
def translated(path: str | Path | None = None) -> Iterator[None]:
    """Raise SQLite's environment failures (damaged file, read-only, disk full) as CorpusError."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        error = as_corpus_error(exc, path)
        if error is None:
            raise
        raise error from None


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic unit: a killed process leaves the corpus as it was before it."""
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


def check_file(path: str | Path) -> dict:
    """Is the corpus file sound? SQLite's quick_check and the trigram index's integrity check, and
    whether the entity tables lag behind. A file too damaged to open is reported, not raised."""
    try:
        conn = connect(path)
    except CorpusError as exc:
        if not Path(path).exists():
            raise
        return {"ok": False, "problems": [str(exc)], "entities_stale": None}
    try:
        problems = quick_check(conn)
        stale = get_meta(conn, "entities_stale", "0") == "1" if not problems else None
    except sqlite3.DatabaseError as exc:
        problems, stale = [str(exc)], None
    finally:
        conn.close()
    return {"ok": not problems, "problems": problems, "entities_stale": stale}


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check and the trigram index's integrity check: problems found, [] when sound."""
    problems = [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
    pending = conn.execute("SELECT count(*) FROM fts_pending").fetchone()[0]
    if not problems and not pending:  # articles waiting for the index would read as missing from it
        try:
            conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            if "readonly" not in str(exc):  # a read-only file cannot run the check (it is an INSERT)
                problems.append(f"trigram index: {exc}")
    return problems


def temp_rows(conn: sqlite3.Connection, name: str, columns: str, rows: Iterable[tuple]) -> None:
    """Fill temp table `name` (created on first use) with `rows`, replacing what it held."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
    conn.execute(f"DELETE FROM temp.{name}")
    marks = ",".join("?" for _ in columns.split(","))
    conn.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES ({marks})", rows)
