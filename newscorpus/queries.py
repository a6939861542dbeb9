"""The query API: plain rows (lists of dicts) from a corpus path or an open connection; what the CLI
calls, and what `Corpus` turns into DataFrames."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import store
from .errors import NotFound, UsageError
from .pages import compact, normalize
from .store import reads
from .store.reads import Within

Db = str | Path | sqlite3.Connection


def corpus_file(db: Db) -> str | Path:
    """The corpus file of a path or an open connection."""
    return store.db_path(db) if isinstance(db, sqlite3.Connection) else db


@contextmanager
def opened(db: Db) -> Iterator[sqlite3.Connection]:
    """A connection to the corpus: the one given, or one opened for the call and closed after.
    SQLite failures caused by the file (damaged, read-only, locked) come out as CorpusError."""
    with store.translated(corpus_file(db)):
        if isinstance(db, sqlite3.Connection):
            yield db
            return
        conn = store.connect(db)
        try:
            yield conn
        finally:
            conn.close()


def folded(text: str, what: str = "text") -> str:
    """A query folded as page text is at ingest (full-width marks to ASCII, layout spaces out),
    so that text copied from a page finds itself; an empty one is refused."""
    out = compact(normalize(text))
    if not out:
        raise UsageError(f"the {what} to look for is empty")
    return out


def is_stale(db: Db) -> bool:
    """Do the entity tables lag behind the articles? (an interrupted ingest: reindex rebuilds them)"""
    with opened(db) as conn:
        return reads.stale(conn)


def articles(db: Db, *, search: str | None = None, **filters) -> list[dict]:
    with opened(db) as conn:
        return reads.articles(conn, search=folded(search, "search text") if search is not None else None, **filters)


def show(db: Db, article_id: int) -> dict:
    with opened(db) as conn:
        row = reads.article(conn, article_id)
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return row


def leftovers(db: Db) -> list[dict]:
    """Page text that belongs to no article, so nothing a parser set aside stays hidden."""
    with opened(db) as conn:
        return reads.leftovers(conn)


def coverage(db: Db) -> list[dict]:
    """Where each file's characters went: articles, set-aside parts (front matter, summary lists,
    link footers, labels), leftovers; nothing is dropped unseen."""
    with opened(db) as conn:
        return reads.coverage(conn)


def stats(db: Db) -> dict:
    with opened(db) as conn:
        return reads.stats(conn)


def check(db: Db) -> dict:
    """The file's soundness (SQLite quick_check, the trigram index) and whether the tables are stale."""
    return store.check_file(corpus_file(db))


def officials(db: Db, *, top: int = 20, title: str | None = None, role: str = "official") -> list[dict]:
    """Officials by mentions (then articles, then name), with titles and prominence signals."""
    with opened(db) as conn:
        return reads.people(conn, role=role, title=title, top=top)


def find_person(conn: sqlite3.Connection, name: str) -> str:
    """The one person a user means: an id or a whole name (several people of one name: the most
    mentioned, whose profile lists the others), else a unique prefix; otherwise NotFound with hints."""
    name = folded(name, "name")
    if reads.has_person(conn, name):
        return name
    prefixed = reads.people_named(conn, name)
    whole = [i for i, person_name in prefixed if person_name == name]
    if whole or len(prefixed) == 1:
        return (whole or [prefixed[0][0]])[0]
    if prefixed:
        raise NotFound(f"{name!r} matches several people: {', '.join(i for i, _ in prefixed[:10])}")
    raise NotFound(f"no person named {name!r} in the corpus", _suggest(name, [i for i, _ in reads.people_named(conn)]))


def _suggest(text: str, names: list[str], n: int = 5) -> list[str]:
    """Names sharing characters with `text`, most shared first (difflib ranks Han strings poorly)."""
    chars = set(text)
    scored = [(-len(chars & set(x)), i, x) for i, x in enumerate(names) if chars & set(x)]
    return [x for _, _, x in sorted(scored)[:n]]


def who(db: Db, name: str, *, contexts: int = 5, width: int = 12, articles: int = 100) -> dict:
    """A person's profile: role, titles, mentions, articles, co-appearing officials, enterprises, phrases."""
    with opened(db) as conn:
        name = find_person(conn, name)
        out = reads.person(conn, name)
        ids = reads.mentioning(name)
        total = reads.count_within(conn, ids)
        if not total:  # reporters and photographers: the articles they signed
            ids = reads.signed_by(name)
            total = reads.count_within(conn, ids)
        out["articles_total"] = total
        out["articles"] = reads.article_refs(conn, ids, limit=articles, total=total)
        out["co_officials"] = reads.related(conn, name, "person", officials_only=True)
        out["enterprises"] = reads.related(conn, name, "enterprise")
        out["phrases"] = reads.related(conn, name, "phrase", limit=10)
        out["contexts"] = kwic_rows(conn, out["name"], width=width, limit=contexts, ids=ids)
        out["namesakes"] = reads.namesakes(conn, name)
        return out


def kwic_rows(conn: sqlite3.Connection, text: str, *, width: int = 20, limit: int = 0,
              ids: Within | None = None) -> list[dict]:
    """Keyword in context over headlines and bodies (page breaks already repaired), in article order."""
    out: list[dict] = []
    for art_id, source, chunks in reads.texts_with(conn, text, ids):
        for chunk in chunks:
            start = chunk.find(text)
            while start >= 0:
                out.append({"id": art_id, "source": source, "left": chunk[max(0, start - width):start],
                            "match": text, "right": chunk[start + len(text):start + len(text) + width]})
                if limit and len(out) >= limit:
                    return out
                start = chunk.find(text, start + len(text))
    return out


def kwic(db: Db, text: str, *, width: int = 20, limit: int = 50, **options) -> list[dict]:
    """Concordance lines as the `kwic` command gives them (options: regex, words, sort; see
    concordance.concordance), kept here so that this module answers every command as rows."""
    from .concordance import concordance  # imports this module: loaded when asked

    return concordance(db, text, width=width, limit=limit, **options)


def enterprises(db: Db, *, top: int = 20) -> list[dict]:
    """Enterprises by mentions, each with its written forms and their counts."""
    with opened(db) as conn:
        return reads.enterprises(conn, top=top)


def _form_contexts(conn: sqlite3.Connection, forms: list[str], ids: Within, limit: int, width: int) -> list[dict]:
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


def _find_enterprise(conn: sqlite3.Connection, name: str) -> dict:
    row = reads.enterprise(conn, name)
    if row is not None:
        return row
    within = reads.enterprises_containing(conn, name)
    if len(within) > 1:
        raise NotFound(f"{name!r} is part of several enterprise names: " + ", ".join(r["name"] for r in within[:10]))
    if within:
        return within[0]
    raise NotFound(f"no enterprise named {name!r} in the corpus", _suggest(name, reads.enterprise_forms(conn)))


def enterprise(db: Db, name: str, *, contexts: int = 8, width: int = 12) -> dict:
    """One enterprise: forms, articles, officials in the same articles (who visited), contexts."""
    with opened(db) as conn:
        out = _find_enterprise(conn, folded(name, "name"))
        ids = reads.naming_enterprise(out["name"])
        out["articles"] = reads.article_refs(conn, ids)
        out["officials"] = reads.related_officials(conn, "enterprise", out["name"])
        out["phrases"] = reads.related_by_articles(conn, ids, "phrase", limit=10)
        out["contexts"] = _form_contexts(conn, list(out["aliases"]), ids, contexts, width)
        return out


def phrases(db: Db, *, top: int = 20, min_articles: int = 1, source: str | None = None,
            since: str | None = None, until: str | None = None) -> list[dict]:
    """Phrases by number of articles, then count, then text; within dated articles when asked."""
    with opened(db) as conn:
        if since or until:
            return reads.phrases_between(conn, since or "0000-00-00", until or "9999-99-99", top=top,
                                         min_articles=min_articles, source=source)
        return reads.phrases(conn, top=top, min_articles=min_articles, source=source)


def phrase(db: Db, text: str, *, contexts: int = 8, width: int = 12) -> dict:
    """One phrase: counts, articles, officials named in those articles, contexts."""
    with opened(db) as conn:
        text = folded(text, "phrase")
        row = reads.phrase(conn, text)
        if row is None:
            raise NotFound(f"{text!r} is not an indexed phrase (kwic searches any text)",
                           _suggest(text, reads.phrase_names(conn)))
        out = dict(row, name=row["phrase"], mentions=row["count"])
        ids = reads.naming_phrase(text)
        out["articles"] = reads.article_refs(conn, ids)
        out["officials"] = reads.related_officials(conn, "phrase", text)
        out["enterprises"] = reads.related_by_articles(conn, ids, "enterprise")
        out["contexts"] = kwic_rows(conn, text, width=width, limit=contexts, ids=ids)
        return out
