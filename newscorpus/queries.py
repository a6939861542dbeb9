"""The query API: open a corpus by path, return plain rows; what the CLI and scripts call."""
from __future__ import annotations

from pathlib import Path

from . import store
from .errors import NotFound


def articles(db: str | Path, **filters) -> list[dict]:
    with _open(db) as conn:
        return store.articles(conn, **filters)


def show(db: str | Path, article_id: int) -> dict:
    with _open(db) as conn:
        row = store.article(conn, article_id)
    if row is None:
        raise NotFound(f"no article with id {article_id} (see `newscorpus articles`)")
    return row


def leftovers(db: str | Path) -> list[dict]:
    """Page text that belongs to no article, so nothing a parser set aside stays hidden."""
    with _open(db) as conn:
        return store.leftovers(conn)


def stats(db: str | Path) -> dict:
    with _open(db) as conn:
        return store.stats(conn)


class _open:
    """A read connection closed on exit (sqlite3's own context manager only commits)."""

    def __init__(self, db: str | Path):
        self.conn = store.connect(db)

    def __enter__(self):
        return self.conn

    def __exit__(self, *exc):
        self.conn.close()


def officials(db: str | Path, *, top: int = 20, title: str | None = None, role: str = "official") -> list[dict]:
    """Officials by mentions (then articles, then name), with titles and prominence signals."""
    with _open(db) as conn:
        sql = "SELECT * FROM people WHERE role = ?"
        args: list = [role]
        if title:
            sql += " AND (instr(title, ?) > 0 OR name IN (SELECT name FROM person_titles WHERE instr(title, ?) > 0))"
            args += [title, title]
        sql += " ORDER BY mentions DESC, articles DESC, name"
        if top:
            sql += f" LIMIT {int(top)}"
        rows = conn.execute(sql, args).fetchall()
        return [_person_row(conn, r) for r in rows]


def _person_row(conn, row) -> dict:
    titles = [{"title": t, "count": c, "first_date": f, "last_date": l} for t, c, f, l in conn.execute(
        "SELECT title, count, first_date, last_date FROM person_titles WHERE name = ? ORDER BY count DESC, title",
        (row["name"],))]
    return {"name": row["name"], "title": row["title"], "titles": titles, "mentions": row["mentions"],
            "articles": row["articles"], "role": row["role"], "place": row["place"],
            "headline_mentions": row["headline_mentions"], "body_mentions": row["body_mentions"],
            "lead_articles": row["lead_articles"],
            "list_position": round(row["list_position"], 2) if row["list_position"] is not None else None,
            "foreign": bool(row["is_foreign"])}


def find_person(conn, name: str) -> str:
    """The one person a user means: exact name, else a unique prefix; otherwise NotFound with hints."""
    if conn.execute("SELECT 1 FROM people WHERE name = ?", (name,)).fetchone():
        return name
    prefixed = [r[0] for r in conn.execute(
        "SELECT name FROM people WHERE substr(name, 1, ?) = ? ORDER BY mentions DESC, name", (len(name), name))]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise NotFound(f"{name!r} matches several people: {', '.join(prefixed[:10])}")
    all_names = [r[0] for r in conn.execute("SELECT name FROM people ORDER BY mentions DESC")]
    raise NotFound(f"no person named {name!r} in the corpus", _suggest(name, all_names))


def _suggest(text: str, names: list[str], n: int = 5) -> list[str]:
    """Names sharing characters with `text`, most shared first (difflib ranks Han strings poorly)."""
    chars = set(text)
    scored = [(-len(chars & set(x)), i, x) for i, x in enumerate(names) if chars & set(x)]
    return [x for _, _, x in sorted(scored)[:n]]


def who(db: str | Path, name: str, *, contexts: int = 5, width: int = 12, articles: int = 100) -> dict:
    """A person's profile: role, titles, mentions, articles, co-appearing officials, enterprises, phrases."""
    with _open(db) as conn:
        name = find_person(conn, name)
        row = conn.execute("SELECT * FROM people WHERE name = ?", (name,)).fetchone()
        out = _person_row(conn, row)
        ids: Within = ("SELECT article_id FROM person_mentions WHERE name = ?", [name])
        total = _count(conn, ids)
        if not total:  # reporters and photographers: the articles they signed
            ids = ("SELECT a.id FROM articles a WHERE EXISTS (SELECT 1 FROM json_each(a.reporters) WHERE value = ?)"
                   " OR EXISTS (SELECT 1 FROM json_each(a.photographers) WHERE value = ?)"
                   " OR EXISTS (SELECT 1 FROM json_each(a.correspondents) WHERE value = ?)", [name, name, name])
            total = _count(conn, ids)
        out["articles_total"] = total
        out["articles"] = _article_refs(conn, ids, limit=articles, total=total)
        out["co_officials"] = _related(conn, name, "person", officials_only=True)
        out["enterprises"] = _related(conn, name, "enterprise")
        out["phrases"] = _related(conn, name, "phrase", limit=10)
        out["contexts"] = kwic_rows(conn, name, width=width, limit=contexts, ids=ids)
        return out


# A set of articles as an SQL query for their ids and its arguments: kept in SQL, never as a list
# of ids, so a profile of someone named in 100,000 articles binds no 100,000 variables.
Within = tuple[str, list]


def _count(conn, ids: Within) -> int:
    return conn.execute(f"SELECT count(*) FROM ({ids[0]})", ids[1]).fetchone()[0]


def _article_refs(conn, ids: Within, limit: int = 0, total: int = 0) -> list[dict]:
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


WALK_FROM = 2000  # articles in a set from which walking the date index beats sorting the set


def _related(conn, a: str, kind: str, *, officials_only: bool = False, limit: int = 20) -> list[dict]:
    """What shares most articles with person `a` (precomputed at reindex: constant time)."""
    key = "name" if kind != "phrase" else "phrase"
    sql = "SELECT r.b, r.articles, r.b_mentions FROM related r WHERE r.a = ? AND r.kind = ?"
    if officials_only:
        sql += " AND r.b IN (SELECT name FROM people WHERE role = 'official')"
    sql += f" ORDER BY r.articles DESC, r.b_mentions DESC, r.b LIMIT {int(limit)}"
    return [{key: r[0], "articles": r[1], "mentions": r[2]} for r in conn.execute(sql, (a, kind))]


def _related_officials(conn, kind: str, b: str, limit: int = 20) -> list[dict]:
    """Officials that share most articles with enterprise or phrase `b`."""
    rows = conn.execute(
        "SELECT r.a, r.articles, r.a_mentions FROM related r WHERE r.kind = ? AND r.b = ? AND r.a IN "
        "(SELECT name FROM people WHERE role = 'official') ORDER BY r.articles DESC, r.a_mentions DESC, r.a "
        f"LIMIT {int(limit)}", (kind, b))
    return [{"name": r[0], "articles": r[1], "mentions": r[2]} for r in rows]


def _related_by_articles(conn, ids: Within, table: str, key: str, limit: int = 20) -> list[dict]:
    """Entities of another table named in the articles `ids` (for enterprise and phrase profiles)."""
    rows = conn.execute(
        f"SELECT m.{key}, count(DISTINCT m.article_id) AS n, sum(m.count) FROM {table} m"
        f" WHERE m.article_id IN ({ids[0]}) GROUP BY m.{key} ORDER BY n DESC, sum(m.count) DESC, m.{key}"
        f" LIMIT {limit}", ids[1])
    return [{key: r[0], "articles": r[1], "mentions": r[2]} for r in rows]


def kwic_rows(conn, text: str, *, width: int = 20, limit: int = 0, ids: Within | None = None) -> list[dict]:
    """Keyword in context over headlines and bodies (page breaks already repaired), in article order."""
    import json

    clause, args = store.contains(text)
    sql = f"SELECT a.id, s.path, a.headline_lines, a.body FROM articles a JOIN sources s ON s.id = a.source_id WHERE {clause}"
    if ids is not None:
        sql += f" AND a.id IN ({ids[0]})"
        args += ids[1]
    out: list[dict] = []
    # article order = ingest order (by path within a folder): the trigram matches come sorted by
    # id, so the first lines are found without reading, let alone sorting, every matching article
    for art_id, source, lines, body in conn.execute(sql + " ORDER BY a.id", args):
        for chunk in json.loads(lines) + body.split("\n"):
            start = chunk.find(text)
            while start >= 0:
                out.append({"id": art_id, "source": source, "left": chunk[max(0, start - width):start],
                            "match": text, "right": chunk[start + len(text):start + len(text) + width]})
                if limit and len(out) >= limit:
                    return out
                start = chunk.find(text, start + len(text))
    return out


def kwic(db: str | Path, text: str, *, width: int = 20, limit: int = 50) -> list[dict]:
    with _open(db) as conn:
        return kwic_rows(conn, text, width=width, limit=limit)


def enterprises(db: str | Path, *, top: int = 20) -> list[dict]:
    """Enterprises by mentions, each with its written forms and their counts."""
    with _open(db) as conn:
        sql = "SELECT * FROM enterprises ORDER BY mentions DESC, articles DESC, name"
        if top:
            sql += f" LIMIT {int(top)}"
        return [_enterprise_row(conn, r) for r in conn.execute(sql).fetchall()]


def _enterprise_row(conn, row) -> dict:
    import json

    aliases = {s: n for s, n in conn.execute(
        "SELECT surface, count FROM enterprise_forms WHERE name = ? ORDER BY count DESC, length(surface) DESC, surface",
        (row["name"],))}
    return {"name": row["name"], "aliases": aliases, "mentions": row["mentions"], "articles": row["articles"],
            "candidates": json.loads(row["candidates"])}


def _form_contexts(conn, forms: list[str], ids: Within, limit: int, width: int) -> list[dict]:
    """Contexts of each written form, where no longer form of the same enterprise is written."""
    out = []
    for form in sorted(forms, key=len, reverse=True):
        for row in kwic_rows(conn, form, width=width, ids=ids):
            around = row["left"] + form + row["right"]
            at = len(row["left"])
            if any(len(o) > len(form) and o in around and around.find(o) <= at < around.find(o) + len(o)
                   for o in forms):
                continue
            out.append(row)
    return sorted(out, key=lambda r: r["id"])[:limit]


def enterprise(db: str | Path, name: str, *, contexts: int = 8, width: int = 12) -> dict:
    """One enterprise: forms, articles, officials in the same articles (who visited), contexts."""
    with _open(db) as conn:
        row = conn.execute("SELECT * FROM enterprises WHERE name = ? OR name IN "
                           "(SELECT name FROM enterprise_forms WHERE surface = ?)", (name, name)).fetchone()
        if row is None:
            within = conn.execute("SELECT * FROM enterprises WHERE instr(name, ?) > 0 ORDER BY mentions DESC, name",
                                  (name,)).fetchall()
            if len(within) > 1:
                raise NotFound(f"{name!r} is part of several enterprise names: "
                               + ", ".join(r["name"] for r in within[:10]))
            row = within[0] if within else None
        if row is None:
            names = [r[0] for r in conn.execute("SELECT DISTINCT surface FROM enterprise_forms ORDER BY surface")]
            raise NotFound(f"no enterprise named {name!r} in the corpus", _suggest(name, names))
        out = _enterprise_row(conn, row)
        ids: Within = ("SELECT article_id FROM enterprise_mentions WHERE name = ?", [row["name"]])
        out["articles"] = _article_refs(conn, ids)
        out["officials"] = _related_officials(conn, "enterprise", row["name"])
        out["phrases"] = _related_by_articles(conn, ids, "phrase_mentions", "phrase", limit=10)
        out["contexts"] = _form_contexts(conn, list(out["aliases"]), ids, contexts, width)
        return out


def phrases(db: str | Path, *, top: int = 20, min_articles: int = 1, source: str | None = None,
            since: str | None = None, until: str | None = None) -> list[dict]:
    """Phrases by number of articles, then count, then text; within dated pages when asked."""
    with _open(db) as conn:
        if since or until:
            return _phrases_between(conn, top, min_articles, source, since or "0000-00-00", until or "9999-99-99")
        sql = "SELECT phrase, count, articles, source FROM phrases WHERE articles >= ?"
        args: list = [min_articles]
        if source:
            sql += " AND source = ?"
            args.append(source)
        sql += " ORDER BY articles DESC, count DESC, phrase"
        if top:
            sql += f" LIMIT {int(top)}"
        return [dict(r) for r in conn.execute(sql, args)]


def _phrases_between(conn, top: int, min_articles: int, source: str | None, since: str, until: str) -> list[dict]:
    sql = ("SELECT p.phrase, sum(m.count) AS count, count(DISTINCT m.article_id) AS articles, p.source "
           "FROM phrase_mentions m JOIN phrases p ON p.phrase = m.phrase JOIN articles a ON a.id = m.article_id "
           "JOIN sources s ON s.id = a.source_id WHERE s.date BETWEEN ? AND ?")
    args: list = [since, until]
    if source:
        sql += " AND p.source = ?"
        args.append(source)
    sql += " GROUP BY p.phrase HAVING articles >= ? ORDER BY articles DESC, count DESC, p.phrase"
    args.append(min_articles)
    if top:
        sql += f" LIMIT {int(top)}"
    return [dict(r) for r in conn.execute(sql, args)]


def phrase(db: str | Path, text: str, *, contexts: int = 8, width: int = 12) -> dict:
    """One phrase: counts, articles, officials named in those articles, contexts."""
    with _open(db) as conn:
        row = conn.execute("SELECT phrase, count, articles, source FROM phrases WHERE phrase = ?", (text,)).fetchone()
        if row is None:
            names = [r[0] for r in conn.execute("SELECT phrase FROM phrases WHERE articles > 0 ORDER BY articles DESC")]
            raise NotFound(f"{text!r} is not an indexed phrase (`newscorpus kwic {text}` searches any text)",
                           _suggest(text, names))
        out = dict(row)
        out["name"], out["mentions"] = row["phrase"], row["count"]
        ids: Within = ("SELECT article_id FROM phrase_mentions WHERE phrase = ?", [text])
        out["articles"] = _article_refs(conn, ids)
        out["officials"] = _related_officials(conn, "phrase", text)
        out["enterprises"] = _related_by_articles(conn, ids, "enterprise_mentions", "name")
        out["contexts"] = kwic_rows(conn, text, width=width, limit=contexts, ids=ids)
        return out
