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
from datetime import date

from . import store
from .dates import event_dates
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
    ent_rows, ent_forms, ent_mentions = ent.index_enterprises(arts, lexicon)
    mask = ent.full_name_pattern([r[0] for r in ent_rows])
    people_rows, person_titles, person_mentions, article_titles = _people(conn, arts, lexicon, mask)
    event_rows = [(json.dumps([d.isoformat() for d in event_dates(" ".join(a.texts), _day(a.date))]), a.id)
                  for a in arts]
    blocked = {r[0] for r in people_rows} | {r[1] for r in ent_forms}
    phrase_rows, phrase_mentions = phr.index_phrases(arts, lexicon, jobs=jobs, blocked=blocked)
    with store.transaction(conn):
        conn.executemany("UPDATE articles SET event_dates = ? WHERE id = ?", event_rows)
        for table in ("people", "person_titles", "person_mentions", "person_article_titles", "enterprises", "enterprise_forms",
                      "enterprise_mentions", "phrases", "phrase_mentions"):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany("INSERT INTO people VALUES (?,?,?,?,?,?,?,?,?,?)", people_rows)
        conn.executemany("INSERT INTO person_titles VALUES (?,?,?,?,?)", person_titles)
        conn.executemany("INSERT INTO person_mentions VALUES (?,?,?)", person_mentions)
        conn.executemany("INSERT INTO person_article_titles VALUES (?,?,?,?)", article_titles)
        conn.executemany("INSERT INTO enterprises VALUES (?,?,?,?)", ent_rows)
        conn.executemany("INSERT INTO enterprise_forms VALUES (?,?,?)", ent_forms)
        conn.executemany("INSERT INTO enterprise_mentions VALUES (?,?,?)", ent_mentions)
        conn.executemany("INSERT INTO phrases VALUES (?,?,?,?,?)", phrase_rows)
        conn.executemany("INSERT INTO phrase_mentions VALUES (?,?,?)", phrase_mentions)
        store.set_meta(conn, "entities_stale", "0")
    return {"people": len(people_rows), "officials": sum(r[1] == "official" for r in people_rows),
            "enterprises": len(ent_rows), "phrases": len(phrase_rows)}


def _people(conn: sqlite3.Connection, arts: list[ArticleText], lexicon: UserLexicon, mask=None):
    """Officials from titles and lists, other people from bylines and roles, with their mentions."""
    extra = tuple(lexicon.titles)
    occurrences: list[off.Occurrence] = []
    occurrence_article: list[int] = []
    for art in arts:
        found = [o for text in art.texts for o in off.candidates(text, extra)]
        occurrences.extend(found)
        occurrence_article.extend([art.id] * len(found))
    names = off.choose(occurrences, blocked=frozenset(lexicon.not_officials), words=dictionary_words(),
                       texts=(t for art in arts for t in art.texts))
    people = off.merge(occurrences, names)
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
        body = off.count_mentions(art.paragraphs, pattern, words, mask)
        head = off.count_mentions(art.headline_lines, pattern, words, mask)
        for name, n in (body + head).items():
            mentions[name][art.id] = n
        headline.update(head)
        if art.paragraphs:
            lead.update(off.count_mentions(art.paragraphs[:1], pattern, words, mask).keys())

    # Titles per article, and the first and last page date on which each (person, title) was seen.
    article_titles: Counter = Counter()
    title_dates: dict[tuple[str, str], list[str]] = defaultdict(list)
    for occ, name, art_id in zip(occurrences, names, occurrence_article):
        if name is None or name not in people:
            continue
        for title in occ.titles:
            article_titles[(name, title, art_id)] += 1
            if dates.get(art_id):
                title_dates[(name, title)].append(dates[art_id])

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
    kept = {r[0] for r in people_rows}
    article_title_rows = [(n, t, a, c) for (n, t, a), c in article_titles.items() if n in kept]
    return people_rows, title_rows, mention_rows, article_title_rows


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


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _top(counter: Counter) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""
