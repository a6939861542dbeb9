"""Reindex: rebuild the entity tables (people, enterprises, phrases) from the stored articles.

Runs over the whole corpus at once, so that every decision that needs corpus-wide evidence (a
name's length, a short form's full name, a phrase's recurrence) sees all of it, and the tables
do not depend on the order or batching of ingests.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import store
from .extract import officials as off
from .lexicon import UserLexicon, dictionary_words


@dataclass
class ArticleText:
    id: int
    date: str | None
    headline_lines: list[str]
    paragraphs: list[str]

    @property
    def texts(self) -> list[str]:
        return self.headline_lines + self.paragraphs


def load_articles(conn: sqlite3.Connection) -> list[ArticleText]:
    return [ArticleText(*row) for row in store.iter_article_texts(conn)]


def reindex(conn: sqlite3.Connection, *, lexicon: UserLexicon | None = None, jobs: int | None = None) -> dict:
    """Recompute people, enterprises and phrases; returns how many of each were found."""
    from .extract import enterprises as ent
    from .extract import phrases as phr

    lexicon = lexicon or UserLexicon()
    arts = load_articles(conn)
    people_rows, person_titles, person_mentions = _people(conn, arts, lexicon)
    ent_rows, ent_forms, ent_mentions = ent.index_enterprises(arts, lexicon)
    blocked = {r[0] for r in people_rows} | {r[1] for r in ent_forms}
    phrase_rows, phrase_mentions = phr.index_phrases(arts, lexicon, jobs=jobs, blocked=blocked)
    with store.transaction(conn):
        for table in ("people", "person_titles", "person_mentions", "enterprises", "enterprise_forms",
                      "enterprise_mentions", "phrases", "phrase_mentions"):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany("INSERT INTO people VALUES (?,?,?,?,?,?,?,?,?,?)", people_rows)
        conn.executemany("INSERT INTO person_titles VALUES (?,?,?,?,?)", person_titles)
        conn.executemany("INSERT INTO person_mentions VALUES (?,?,?)", person_mentions)
        conn.executemany("INSERT INTO enterprises VALUES (?,?,?,?)", ent_rows)
        conn.executemany("INSERT INTO enterprise_forms VALUES (?,?,?)", ent_forms)
        conn.executemany("INSERT INTO enterprise_mentions VALUES (?,?,?)", ent_mentions)
        conn.executemany("INSERT INTO phrases VALUES (?,?,?,?,?)", phrase_rows)
        conn.executemany("INSERT INTO phrase_mentions VALUES (?,?,?)", phrase_mentions)
        store.set_meta(conn, "entities_stale", "0")
    return {"people": len(people_rows), "officials": sum(r[1] == "official" for r in people_rows),
            "enterprises": len(ent_rows), "phrases": len(phrase_rows)}


def _people(conn: sqlite3.Connection, arts: list[ArticleText], lexicon: UserLexicon):
    """Officials from titles and lists, other people from bylines and roles, with their mentions."""
    extra = tuple(lexicon.titles)
    occurrences: list[off.Occurrence] = []
    by_article: dict[int, list[off.Occurrence]] = {}
    for art in arts:
        found = [o for text in art.texts for o in off.candidates(text, extra)]
        by_article[art.id] = found
        occurrences.extend(found)
    people = off.resolve(occurrences, blocked=frozenset(lexicon.not_officials), words=dictionary_words(),
                         texts=(t for art in arts for t in art.texts))
    for name, titles in lexicon.officials.items():
        person = people.setdefault(name, off.Person(name, "official"))
        person.role = "official"
        person.titles.update({t: 0 for t in titles if t not in person.titles})
    officials = sorted(n for n, p in people.items() if p.role == "official")
    others = sorted(n for n, p in people.items() if p.role != "official")
    pattern = off.mention_pattern(officials + others)
    words = dictionary_words()
    dates = {a.id: a.date for a in arts}

    mentions: dict[str, dict[int, int]] = defaultdict(dict)
    headline: Counter = Counter()
    lead: Counter = Counter()
    for art in arts:
        body = off.count_mentions(art.paragraphs, pattern, words)
        head = off.count_mentions(art.headline_lines, pattern, words)
        for name, n in (body + head).items():
            mentions[name][art.id] = n
        headline.update(head)
        if art.paragraphs:
            lead.update(off.count_mentions(art.paragraphs[:1], pattern, words).keys())

    # Title dates: first and last page date on which each (person, title) was seen.
    title_dates: dict[tuple[str, str], list[str]] = defaultdict(list)
    for art_id, found in by_article.items():
        for occ in found:
            for option in occ.options:
                if option in people and dates.get(art_id):
                    for title in occ.titles:
                        title_dates[(option, title)].append(dates[art_id])

    people_rows, title_rows, mention_rows = [], [], []
    for name, person in people.items():
        total = sum(mentions[name].values())
        if total == 0 and name not in lexicon.officials:
            continue
        positions = person.list_positions
        people_rows.append((name, person.role, off.primary_title(person), _top(person.places), total,
                            len(mentions[name]), headline[name], total - headline[name], lead[name],
                            sum(positions) / len(positions) if positions else None))
        for title, count in person.titles.items():
            seen = title_dates.get((name, title), [])
            title_rows.append((name, title, count, min(seen, default=None), max(seen, default=None)))
        mention_rows.extend((name, art_id, n) for art_id, n in mentions[name].items())
    people_rows.extend(_byline_people(conn, {r[0] for r in people_rows}))
    return people_rows, title_rows, mention_rows


def _byline_people(conn: sqlite3.Connection, known: set[str]) -> list[tuple]:
    """Reporters, correspondents and photographers: people with a role, never officials."""
    roles: dict[str, Counter] = defaultdict(Counter)
    for row in conn.execute("SELECT reporters, correspondents, photographers FROM articles"):
        for role, names in zip(("reporter", "correspondent", "photographer"), row):
            for name in json.loads(names):
                roles[name][role] += 1
    rows = []
    for name, counts in sorted(roles.items()):
        if name in known:
            continue
        role, _ = counts.most_common(1)[0]
        total = sum(counts.values())
        rows.append((name, role, role, "", total, total, 0, 0, 0, None))
    return rows


def _top(counter: Counter) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""
