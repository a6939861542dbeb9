"""Every read the commands need, as plain rows (dicts), in a total order."""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Iterator

from ..patterns import HAN
from .schema import get_meta

# A set of articles as an SQL query for their ids and its arguments: kept in SQL, never as a list
# of ids, so a profile of someone named in 100,000 articles binds no 100,000 variables.
Within = tuple[str, list]

WALK_FROM = 2000  # articles in a set from which walking the date index beats sorting the set

_ARTICLE_COLUMNS = """a.id, s.path AS source, a.seq, a.kind, a.headline, a.headline_lines, a.byline, a.reporters,
    a.correspondents, a.photographers, a.chars, coalesce(a.date, s.date) AS date, a.label, a.meta"""
ARTICLE_DATE = "coalesce(a.date, s.date)"  # an article's own date, else its page's


def _article_row(row: sqlite3.Row, full: bool = False) -> dict:
    out = {
        "id": row["id"], "source": row["source"], "seq": row["seq"], "kind": row["kind"],
        "headline": row["headline"], "headline_lines": json.loads(row["headline_lines"]),
        "byline": row["byline"], "reporters": json.loads(row["reporters"]),
        "correspondents": json.loads(row["correspondents"]),
        "photographers": json.loads(row["photographers"]), "chars": row["chars"], "date": row["date"],
    }
    if row["label"]:
        out["label"] = row["label"]
    out.update(json.loads(row["meta"]))
    if full:
        out["body"] = row["body"]
        out["paragraphs"] = row["body"].split("\n") if row["body"] else []
    return out


def _dated(since: str | None, until: str | None) -> tuple[list[str], list]:
    """Conditions on articles `a` / sources `s` dated on or after `since`, on or before `until`."""
    where, args = [], []
    if since:
        where.append(f"{ARTICLE_DATE} >= ?")
        args.append(since)
    if until:
        where.append(f"{ARTICLE_DATE} <= ?")
        args.append(until)
    return where, args


def fts_literal(text: str) -> str:
    """`text` as an FTS5 string: matched as written, whatever operators or quotes it holds."""
    return '"' + text.replace('"', '""') + '"'


def contains(conn: sqlite3.Connection, text: str) -> tuple[str, list]:
    """SQL condition on articles `a` holding `text` in a headline or the body, any length.

    Strings of 3+ characters and two Han characters (two-character names) go through the trigram
    index (see indexed_pair), and articles not yet indexed (see index_pending) through instr();
    other short strings through instr() over every article.
    """
    pending = (" UNION ALL SELECT x.id FROM fts_pending p CROSS JOIN articles x ON x.id = p.id"
               " WHERE instr(x.body, ?) > 0 OR instr(x.headline_lines, ?) > 0")
    if len(text) >= 3:
        return (f"a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?{pending})",
                [fts_literal(text), text, text])
    if is_pair(text):
        sql, args = indexed_pair(conn, text)
        return f"a.id IN ({sql}{pending})", args + [text, text]
    return "(instr(a.body, ?) > 0 OR instr(a.headline_lines, ?) > 0)", [text, text]


_HAN_PAIR = re.compile(f"[{HAN}]{{2}}")


def is_pair(text: str) -> bool:
    return bool(_HAN_PAIR.fullmatch(text))


def indexed_pair(conn: sqlite3.Connection, pair: str) -> tuple[str, list]:
    """A query for the indexed articles holding two Han characters, without reading every article.

    A trigram index matches no string under 3 characters, but lists its trigrams in order: each
    place a pair stands with a character after it is a trigram that opens with the pair, a range of
    the index's terms (fts5vocab, in a temp table of this connection). A headline is stored as JSON
    (a quote always follows), so only a pair that ends a body has no trigram of its own: the
    articles_tail index finds those."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_trigrams USING fts5vocab(main, article_fts, instance)")
    after = pair[0] + chr(ord(pair[1]) + 1)  # the first string past every term opening with the pair
    return ("SELECT doc FROM temp.article_trigrams WHERE term >= ? AND term < ?"
            " UNION SELECT id FROM articles WHERE substr(body, -2) = ?", [pair, after, pair])


def articles(conn: sqlite3.Connection, *, source: str | None = None, kind: str | None = None,
             search: str | None = None, since: str | None = None, until: str | None = None,
             event_since: str | None = None, event_until: str | None = None) -> list[dict]:
    """Articles in page order. `search` is a plain substring of headline or body (two-character
    names included); `event_since/until` keep articles naming an event date in that range."""
    clause, args = article_filter(since, until, source)
    where = [clause]
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    if search:
        clause, extra = contains(conn, search)
        where.append(clause)
        args += extra
    if event_since or event_until:
        where.append("EXISTS (SELECT 1 FROM article_dates d, json_each(d.dates) e WHERE d.article_id = a.id"
                     " AND e.value BETWEEN ? AND ?)")
        args += [event_since or "0000-00-00", event_until or "9999-99-99"]
    sql = (f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id"
           f" WHERE {' AND '.join(where)} ORDER BY s.path, a.seq")
    return [_article_row(r) for r in conn.execute(sql, args)]


def article(conn: sqlite3.Connection, article_id: int) -> dict | None:
    row = conn.execute(f"SELECT {_ARTICLE_COLUMNS}, a.body FROM articles a JOIN sources s ON s.id = a.source_id"
                       " WHERE a.id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    out = _article_row(row, full=True)
    dates = conn.execute("SELECT dates FROM article_dates WHERE article_id = ?", (article_id,)).fetchone()
    out["event_dates"] = json.loads(dates[0]) if dates else []
    return out


def leftovers(conn: sqlite3.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute("SELECT s.path AS source, l.kind, l.text FROM leftovers l"
                                          " JOIN sources s ON s.id = l.source_id ORDER BY s.path, l.start")]


def coverage(conn: sqlite3.Connection) -> list[dict]:
    """Per source: its format and where its visible characters went (articles, set aside, leftovers)."""
    out = []
    for path, fmt, cover in conn.execute("SELECT path, format, coverage FROM sources ORDER BY path"):
        figures = json.loads(cover) if cover else {}
        out.append({"source": path, "format": fmt, **{k: figures.get(k) for k in
                    ("chars", "article_chars", "set_aside_chars", "leftover_chars")}})
    return out


def stats(conn: sqlite3.Connection) -> dict:
    one = conn.execute("SELECT count(*), min(date), max(date), sum(date IS NULL), sum(size) FROM sources").fetchone()
    kinds = {r[0]: r[1] for r in conn.execute("SELECT kind, count(*) FROM articles GROUP BY kind ORDER BY kind")}
    chars = conn.execute("SELECT coalesce(sum(chars), 0) FROM articles").fetchone()[0]
    labels = conn.execute("SELECT count(*) FROM leftovers WHERE kind = 'label'").fetchone()[0]
    stray = conn.execute("SELECT count(*) FROM leftovers WHERE kind = 'text'").fetchone()[0]
    return {
        "sources": one[0], "bytes": one[4] or 0, "articles": sum(kinds.values()), "kinds": kinds,
        "chars": chars, "column_labels": labels, "leftover_paragraphs": stray,
        "first_date": one[1], "last_date": one[2], "undated_sources": one[3] or 0,
        **entity_counts(conn, keys=("officials", "enterprises", "phrases")),
    }


def entity_counts(conn: sqlite3.Connection, keys: tuple[str, ...] = ("people", "officials", "enterprises",
                                                                      "phrases")) -> dict[str, int]:
    sql = {"people": "SELECT count(*) FROM people",
           "officials": "SELECT count(*) FROM people WHERE role = 'official'",
           "enterprises": "SELECT count(*) FROM enterprises", "phrases": "SELECT count(*) FROM phrases"}
    return {k: conn.execute(sql[k]).fetchone()[0] for k in keys}


def stale(conn: sqlite3.Connection) -> bool:
    """Do the entity tables lag behind the articles (an interrupted ingest or reindex)?"""
    return get_meta(conn, "entities_stale", "0") == "1"


def lexicon_key(conn: sqlite3.Connection) -> str | None:
    return get_meta(conn, "lexicon_key")


# ---- people -------------------------------------------------------------------------------

def people(conn: sqlite3.Connection, *, role: str = "official", title: str | None = None, top: int = 0) -> list[dict]:
    """People of a role by mentions (then articles, then name), with their titles."""
    sql = "SELECT * FROM people WHERE role = ?"
    args: list = [role]
    if title:
        sql += " AND (instr(title, ?) > 0 OR name IN (SELECT name FROM person_titles WHERE instr(title, ?) > 0))"
        args += [title, title]
    sql += " ORDER BY mentions DESC, articles DESC, name"
    if top:
        sql += f" LIMIT {int(top)}"
    return [_person_row(conn, r) for r in conn.execute(sql, args).fetchall()]


def person(conn: sqlite3.Connection, name: str) -> dict | None:
    row = conn.execute("SELECT * FROM people WHERE name = ?", (name,)).fetchone()
    return _person_row(conn, row) if row else None


def _person_row(conn: sqlite3.Connection, row: sqlite3.Row) -> dict:
    titles = [{"title": t, "count": c, "first_date": f, "last_date": last} for t, c, f, last in conn.execute(
        "SELECT title, count, first_date, last_date FROM person_titles WHERE name = ? ORDER BY count DESC, title",
        (row["name"],))]
    return {"name": row["person_name"], "id": row["name"], "title": row["title"], "titles": titles,
            "mentions": row["mentions"],
            "articles": row["articles"], "role": row["role"], "place": row["place"],
            "headline_mentions": row["headline_mentions"], "body_mentions": row["body_mentions"],
            "lead_articles": row["lead_articles"],
            "list_position": round(row["list_position"], 2) if row["list_position"] is not None else None,
            "foreign": bool(row["is_foreign"])}


def has_person(conn: sqlite3.Connection, person_id: str) -> bool:
    return conn.execute("SELECT 1 FROM people WHERE name = ?", (person_id,)).fetchone() is not None


def people_named(conn: sqlite3.Connection, prefix: str = "") -> list[tuple[str, str]]:
    """(id, name) of the people whose name starts with `prefix` (everyone when empty), most
    mentioned first."""
    return conn.execute("SELECT name, person_name FROM people WHERE substr(person_name, 1, ?) = ?"
                        " ORDER BY mentions DESC, name", (len(prefix), prefix)).fetchall()


def namesakes(conn: sqlite3.Connection, person_id: str) -> list[dict]:
    """The other people of the same name: id, title, place, mentions."""
    return [dict(r) for r in conn.execute(
        "SELECT o.name AS id, o.title, o.place, o.mentions FROM people p JOIN people o ON o.person_name = p.person_name"
        " WHERE p.name = ? AND o.name != p.name ORDER BY o.mentions DESC, o.name", (person_id,))]


def mentioning(name: str) -> Within:
    return "SELECT article_id FROM person_mentions WHERE name = ?", [name]


def signed_by(name: str) -> Within:
    """Articles a reporter, correspondent or photographer signed."""
    return ("SELECT a.id FROM articles a WHERE EXISTS (SELECT 1 FROM json_each(a.reporters) WHERE value = ?)"
            " OR EXISTS (SELECT 1 FROM json_each(a.photographers) WHERE value = ?)"
            " OR EXISTS (SELECT 1 FROM json_each(a.correspondents) WHERE value = ?)", [name, name, name])


def count_within(conn: sqlite3.Connection, ids: Within) -> int:
    return conn.execute(f"SELECT count(*) FROM ({ids[0]})", ids[1]).fetchone()[0]


def article_refs(conn: sqlite3.Connection, ids: Within, limit: int = 0, total: int = 0) -> list[dict]:
    """Articles by date and place on the page; with `limit`, the latest `limit` of them.

    When the set is large (`total`), pages are walked newest first through the date index until
    `limit` articles are found, instead of reading and sorting every article of the set.
    """
    if limit and total > WALK_FROM:
        sql = (f"SELECT a.id, s.path, a.headline, s.date FROM sources s INDEXED BY sources_date CROSS JOIN articles a"
               f" ON a.source_id = s.id WHERE a.id IN ({ids[0]}) ORDER BY s.date DESC, s.path DESC, a.seq DESC")
    else:
        sql = (f"SELECT a.id, s.path, a.headline, s.date FROM articles a JOIN sources s ON s.id = a.source_id"
               f" WHERE a.id IN ({ids[0]}) ORDER BY s.date DESC, s.path DESC, a.seq DESC")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [{"id": r[0], "source": r[1], "headline": r[2], "date": r[3]} for r in conn.execute(sql, ids[1])][::-1]


def related(conn: sqlite3.Connection, a: str, kind: str, *, officials_only: bool = False, limit: int = 20) -> list[dict]:
    """What shares most articles with person `a` (precomputed at reindex: constant time)."""
    key = "name" if kind != "phrase" else "phrase"
    sql = "SELECT r.b, r.articles, r.b_mentions FROM related r WHERE r.a = ? AND r.kind = ?"
    if officials_only:
        sql += " AND r.b IN (SELECT name FROM people WHERE role = 'official')"
    if kind == "phrase":  # phrases folded into a longer one keep their rows but are not listed
        sql += " AND r.b IN (SELECT phrase FROM phrases)"
    sql += f" ORDER BY r.articles DESC, r.b_mentions DESC, r.b LIMIT {int(limit)}"
    return [{key: r[0], "articles": r[1], "mentions": r[2]} for r in conn.execute(sql, (a, kind))]


def related_officials(conn: sqlite3.Connection, kind: str, b: str, limit: int = 20) -> list[dict]:
    """Officials that share most articles with enterprise or phrase `b`."""
    rows = conn.execute(
        "SELECT r.a, r.articles, r.a_mentions FROM related r WHERE r.kind = ? AND r.b = ? AND r.a IN "
        "(SELECT name FROM people WHERE role = 'official') ORDER BY r.articles DESC, r.a_mentions DESC, r.a "
        f"LIMIT {int(limit)}", (kind, b))
    return [{"name": r[0], "articles": r[1], "mentions": r[2]} for r in rows]


def related_by_articles(conn: sqlite3.Connection, ids: Within, kind: str, limit: int = 20) -> list[dict]:
    """Enterprises or phrases named in the articles `ids` (for enterprise and phrase profiles)."""
    table, key, listed = {"enterprise": ("enterprise_mentions", "name", "enterprises"),
                          "phrase": ("phrase_mentions", "phrase", "phrases")}[kind]
    rows = conn.execute(
        f"SELECT m.{key}, count(DISTINCT m.article_id) AS n, sum(m.count) FROM {table} m"
        f" WHERE m.article_id IN ({ids[0]}) AND m.{key} IN (SELECT {key} FROM {listed})"
        f" GROUP BY m.{key} ORDER BY n DESC, sum(m.count) DESC, m.{key} LIMIT {int(limit)}", ids[1])
    return [{key: r[0], "articles": r[1], "mentions": r[2]} for r in rows]


def texts_with(conn: sqlite3.Connection, text: str | None, ids: Within | None = None) -> Iterator[tuple[int, str, list[str]]]:
    """(article id, source, headline lines + paragraphs) of the articles holding `text` (every
    article when None: a regex without a literal), in article (= ingest) order: the trigram
    matches come sorted by id, so the first are found without reading, let alone sorting, every
    matching article."""
    clause, args = contains(conn, text) if text is not None else ("1", [])
    sql = f"SELECT a.id, s.path, a.headline_lines, a.body FROM articles a JOIN sources s ON s.id = a.source_id WHERE {clause}"
    if ids is not None:
        sql += f" AND a.id IN ({ids[0]})"
        args += ids[1]
    for art_id, source, lines, body in conn.execute(sql + " ORDER BY a.id", args):
        yield art_id, source, json.loads(lines) + body.split("\n")


# ---- enterprises and phrases --------------------------------------------------------------

def enterprises(conn: sqlite3.Connection, *, top: int = 0) -> list[dict]:
    sql = "SELECT * FROM enterprises ORDER BY mentions DESC, articles DESC, name"
    if top:
        sql += f" LIMIT {int(top)}"
    return [_enterprise_row(conn, r) for r in conn.execute(sql).fetchall()]


def _enterprise_row(conn: sqlite3.Connection, row: sqlite3.Row) -> dict:
    aliases = {s: n for s, n in conn.execute(
        "SELECT surface, count FROM enterprise_forms WHERE name = ? ORDER BY count DESC, length(surface) DESC, surface",
        (row["name"],))}
    return {"name": row["name"], "aliases": aliases, "mentions": row["mentions"], "articles": row["articles"],
            "candidates": json.loads(row["candidates"])}


def enterprise(conn: sqlite3.Connection, name: str) -> dict | None:
    """The enterprise with this full name or written form."""
    row = conn.execute("SELECT * FROM enterprises WHERE name = ? OR name IN "
                       "(SELECT name FROM enterprise_forms WHERE surface = ?)", (name, name)).fetchone()
    return _enterprise_row(conn, row) if row else None


def enterprises_containing(conn: sqlite3.Connection, part: str) -> list[dict]:
    return [_enterprise_row(conn, r) for r in conn.execute(
        "SELECT * FROM enterprises WHERE instr(name, ?) > 0 ORDER BY mentions DESC, name", (part,)).fetchall()]


def enterprise_forms(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT surface FROM enterprise_forms ORDER BY surface")]


def naming_enterprise(name: str) -> Within:
    return "SELECT article_id FROM enterprise_mentions WHERE name = ?", [name]


def phrases(conn: sqlite3.Connection, *, top: int = 0, min_articles: int = 1, source: str | None = None) -> list[dict]:
    sql = "SELECT phrase, count, articles, source FROM phrases WHERE articles >= ?"
    args: list = [min_articles]
    if source:
        sql += " AND source = ?"
        args.append(source)
    sql += " ORDER BY articles DESC, count DESC, phrase"
    if top:
        sql += f" LIMIT {int(top)}"
    return [dict(r) for r in conn.execute(sql, args)]


def phrases_between(conn: sqlite3.Connection, since: str, until: str, *, top: int = 0, min_articles: int = 1,
                    source: str | None = None) -> list[dict]:
    """Phrases counted over the articles dated within [since, until]."""
    sql = ("SELECT p.phrase, sum(m.count) AS count, count(DISTINCT m.article_id) AS articles, p.source "
           "FROM phrase_mentions m JOIN phrases p ON p.phrase = m.phrase JOIN articles a ON a.id = m.article_id "
           f"JOIN sources s ON s.id = a.source_id WHERE {ARTICLE_DATE} BETWEEN ? AND ?")
    args: list = [since, until]
    if source:
        sql += " AND p.source = ?"
        args.append(source)
    sql += " GROUP BY p.phrase HAVING articles >= ? ORDER BY articles DESC, count DESC, p.phrase"
    args.append(min_articles)
    if top:
        sql += f" LIMIT {int(top)}"
    return [dict(r) for r in conn.execute(sql, args)]


def phrase(conn: sqlite3.Connection, text: str) -> dict | None:
    row = conn.execute("SELECT phrase, count, articles, source FROM phrases WHERE phrase = ?", (text,)).fetchone()
    return dict(row) if row else None


def phrase_names(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT phrase FROM phrases WHERE articles > 0 ORDER BY articles DESC, phrase")]


def naming_phrase(text: str) -> Within:
    return "SELECT article_id FROM phrase_mentions WHERE phrase = ?", [text]


# ---- time, relations, keyness -------------------------------------------------------------

def date_range(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    return tuple(conn.execute(f"SELECT min({ARTICLE_DATE}), max({ARTICLE_DATE}) FROM articles a JOIN sources s ON s.id = a.source_id"
                              f" WHERE {ARTICLE_DATE} IS NOT NULL").fetchone())


def entity_kind_of(conn: sqlite3.Connection, target: str, kind: str) -> str | None:
    """The canonical key of `target` as an entity of `kind` (person, enterprise, phrase), or None."""
    if kind == "official":
        row = conn.execute("SELECT name FROM people WHERE name = ?", (target,)).fetchone()
    elif kind == "enterprise":
        row = conn.execute("SELECT name FROM enterprises WHERE name = ? UNION "
                           "SELECT name FROM enterprise_forms WHERE surface = ?", (target, target)).fetchone()
    else:
        row = conn.execute("SELECT phrase FROM phrases WHERE phrase = ?", (target,)).fetchone()
    return row[0] if row else None


_MENTIONS = {"official": ("person_mentions", "name"), "enterprise": ("enterprise_mentions", "name"),
             "phrase": ("phrase_mentions", "phrase")}


def dated_mentions(conn: sqlite3.Connection, kind: str, key: str) -> list[tuple[str, int, int]]:
    """(date, article id, count) of every dated article naming `key`."""
    table, column = _MENTIONS[kind]
    return conn.execute(
        f"SELECT {ARTICLE_DATE}, m.article_id, m.count FROM {table} m JOIN articles a ON a.id = m.article_id "
        f"JOIN sources s ON s.id = a.source_id WHERE m.{column} = ? AND {ARTICLE_DATE} IS NOT NULL", (key,)).fetchall()


def dated_titles(conn: sqlite3.Connection, name: str) -> list[tuple[str, str, int]]:
    """(date, title, count) of a person's titles in each dated article."""
    return conn.execute(
        f"SELECT {ARTICLE_DATE}, t.title, t.count FROM person_article_titles t JOIN articles a ON a.id = t.article_id "
        f"JOIN sources s ON s.id = a.source_id WHERE t.name = ? AND {ARTICLE_DATE} IS NOT NULL", (name,)).fetchall()


def official_mentions(conn: sqlite3.Connection) -> list[dict]:
    """Every official's mentions per article, with the article's date."""
    return [dict(r) for r in conn.execute(
        f"SELECT m.name, m.article_id, {ARTICLE_DATE} AS date, m.count FROM person_mentions m"
        " JOIN people p ON p.name = m.name AND p.role = 'official' JOIN articles a ON a.id = m.article_id"
        " JOIN sources s ON s.id = a.source_id ORDER BY m.name, m.article_id")]


def network_nodes(conn: sqlite3.Connection, with_enterprises: bool) -> list[dict]:
    nodes = [{"id": r[0], "type": "official", "mentions": r[1], "articles": r[2], "title": r[3]}
             for r in conn.execute("SELECT name, mentions, articles, title FROM people WHERE role = 'official'")]
    if with_enterprises:
        nodes += [{"id": r[0], "type": "enterprise", "mentions": r[1], "articles": r[2], "title": ""}
                  for r in conn.execute("SELECT name, mentions, articles FROM enterprises")]
    return nodes


def network_mentions(conn: sqlite3.Connection, with_enterprises: bool) -> Iterator[tuple[int, str]]:
    """(article id, name) of every official (and enterprise) named in an article."""
    sql = ("SELECT m.article_id, m.name FROM person_mentions m JOIN people p ON p.name = m.name "
           "WHERE p.role = 'official'")
    if with_enterprises:
        sql += " UNION ALL SELECT article_id, name FROM enterprise_mentions"
    yield from conn.execute(sql)


def slice_where(period: tuple[str, str] | None, source: str | None) -> tuple[str, list]:
    """SQL condition on articles `a` / sources `s`: within a period, or from sources whose path holds `source`."""
    if source is not None:
        return "instr(s.path, ?) > 0", [source]
    return f"{ARTICLE_DATE} BETWEEN ? AND ?", list(period)


def phrase_counts_in(conn: sqlite3.Connection, where: tuple[str, list]) -> tuple[dict[str, int], int]:
    """Each phrase's count in a slice of the corpus, and the slice's size in characters."""
    clause, args = where
    size = conn.execute(f"SELECT coalesce(sum(a.chars), 0) FROM articles a JOIN sources s ON s.id = a.source_id "
                        f"WHERE {clause}", args).fetchone()[0]
    counts = {p: n for p, n in conn.execute(
        f"SELECT m.phrase, sum(m.count) FROM phrase_mentions m JOIN phrases p ON p.phrase = m.phrase"
        f" JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id WHERE {clause}"
        f" GROUP BY m.phrase", args)}
    return counts, size


# ---- word lists (segmented on the fly) ----------------------------------------------------

def article_filter(since: str | None = None, until: str | None = None, source: str | None = None) -> tuple[str, list]:
    """SQL condition on articles `a` / sources `s`: dated within [since, until], from sources whose
    path holds `source`; each part only when given."""
    where, args = _dated(since, until)
    where = ["1"] + where
    if source:
        where.append("instr(s.path, ?) > 0")
        args.append(source)
    return " AND ".join(where), args


def texts_in(conn: sqlite3.Connection, where: tuple[str, list]) -> Iterator[tuple[int, list[str]]]:
    """(article id, headline lines + paragraphs) of every article of a slice, in article order."""
    clause, args = where
    sql = (f"SELECT a.id, a.headline_lines, a.body FROM articles a JOIN sources s ON s.id = a.source_id"
           f" WHERE {clause} ORDER BY a.id")
    for art_id, lines, body in conn.execute(sql, args):
        yield art_id, json.loads(lines) + body.split("\n")
