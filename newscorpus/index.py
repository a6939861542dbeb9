"""Reindex: rebuild the entity tables (people, enterprises, phrases) from the stored articles.

Runs over the whole corpus at once, so that every decision that needs corpus-wide evidence (a
name's length, a short form's full name, a phrase's recurrence) sees all of it, and the tables
do not depend on the order or batching of ingests. Articles are streamed in chunks (memory does
not grow with the corpus) through three parallel passes: candidates (deduplicated, with counts),
evidence for the names' lengths, then, once the decisions are made, the counts of mentions.
"""
from __future__ import annotations

import json
import os
import sqlite3
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from . import store
from .dates import event_dates
from .extract import enterprises as ent
from .extract import officials as off
from .extract import phrases as phr
from .lexicon import UserLexicon, dictionary_words
from .parallel import jobs_or_cores, meanwhile, ordered_map

CHUNK = 1000  # articles per unit of work
_MENTION_TABLES = ("person_mentions", "enterprise_mentions", "phrase_mentions", "article_dates")
_ROLES = ("reporter", "correspondent", "photographer")  # in the order of ArticleText.bylines


@dataclass
class ArticleText:
    id: int
    date: str | None
    headline_lines: list[str]
    paragraphs: list[str]
    bylines: tuple[str, str, str] = ("[]", "[]", "[]")  # reporters, correspondents, photographers (JSON)

    @property
    def texts(self) -> list[str]:
        return self.headline_lines + self.paragraphs


@dataclass(frozen=True)
class Chunk:
    """A unit of work: which articles, named by id (workers read the texts themselves, so the
    main process neither reads nor pickles them), and the position of the first in corpus order."""

    db: str
    first: int
    ids: list[int]

    def articles(self) -> list[ArticleText]:
        rows = _reader(self.db).execute(
            "SELECT a.id, s.date, a.headline_lines, a.body, a.reporters, a.correspondents, a.photographers"
            f" FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id IN ({','.join('?' * len(self.ids))})",
            self.ids)
        by_id = {r[0]: ArticleText(r[0], r[1], json.loads(r[2]), r[3].split("\n") if r[3] else [], r[4:7])
                 for r in rows}
        return [by_id[i] for i in self.ids]


def chunks(conn: sqlite3.Connection, size: int = CHUNK) -> Iterator[Chunk]:
    """Every article, in a stable order (page path, place on the page), a chunk at a time."""
    db = store.db_path(conn)
    # ids read at once, 8 bytes each: no read snapshot stays open on the corpus while it is written
    ids = array("q", (r[0] for r in conn.execute(
        "SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY s.path, a.seq")))
    for first in range(0, len(ids), size):
        yield Chunk(db, first, ids[first:first + size].tolist())


_READERS: dict[str, sqlite3.Connection] = {}
os.register_at_fork(after_in_child=_READERS.clear)  # a connection never crosses a fork


def _reader(db: str) -> sqlite3.Connection:
    """This process's read-only connection to the corpus (WAL: it reads while the main one writes)."""
    if db not in _READERS:
        _READERS[db] = sqlite3.connect(f"{Path(db).as_uri()}?mode=ro", uri=True, timeout=30)
    return _READERS[db]


# ---- pass 1: candidates -------------------------------------------------------------------

def _collect(arg: tuple[Chunk, tuple[str, ...], int]):
    """Candidates of a chunk: officials' occurrences (deduplicated), company forms, quotes, which
    articles hold each titled occurrence (so that titles are attributed without a rerun), and the
    texts of every step-th article (the sample phrase discovery reads)."""
    chunk, extra_titles, step = arg
    arts = chunk.articles()
    sample = [a.texts for i, a in enumerate(arts, chunk.first) if i % step == 0]
    occurrences: Counter = Counter()
    windows: dict[off.Occurrence, str] = {}
    forms: Counter = Counter()
    quoted = phr.QuotedStats()
    titled: Counter = Counter()
    for art in arts:
        for text in art.texts:
            for occ in off.candidates(text, extra_titles):
                key = replace(occ, window="")
                occurrences[key] += 1
                windows.setdefault(key, occ.window)
                if occ.titles:
                    titled[(key, art.id, art.date)] += 1
            forms.update(ent.forms(text))
        quoted.add(art.texts)
    return occurrences, windows, forms, quoted, titled, sample


def _evidence(arg: tuple[Chunk, frozenset[str]]) -> Counter:
    chunk, options = arg
    return off.closed_elsewhere(set(options), (t for art in chunk.articles() for t in art.texts))


# ---- pass 2: counts -----------------------------------------------------------------------

_STATE: dict = {}


def _init_count(state: dict) -> None:
    """Compile the corpus-wide patterns once per worker process."""
    _STATE.clear()
    _STATE.update(state)
    _STATE["people"] = off.mention_pattern(state["names"])
    _STATE["mask"] = ent.full_name_pattern(state["full_names"])
    _STATE["surfaces"] = ent.compile_surfaces(state["owner"])
    _STATE["phrases"] = phr.PhraseCounter(state["phrases"])


def _count(chunk: Chunk) -> dict:
    """Mentions of people, enterprises and phrases, and event dates of a chunk."""
    s = _STATE
    out: dict = {"people": [], "head": Counter(), "lead": Counter(), "enterprises": Counter(),
           "surfaces": Counter(), "phrases": [], "dates": [], "related": defaultdict(lambda: [0, 0, 0])}
    bylines: Counter = Counter()  # (name, role) -> articles signed
    for art in chunk.articles():
        for role, names in zip(_ROLES, art.bylines):
            if names != "[]":
                bylines.update((name, role) for name in json.loads(names))
        body = off.count_mentions(art.paragraphs, s["people"], s["words"], s["mask"])
        head = off.count_mentions(art.headline_lines, s["people"], s["words"], s["mask"])
        people = body + head
        out["people"].extend((name, art.id, n) for name, n in people.items())
        out["head"].update(head)
        if art.paragraphs:
            out["lead"].update(off.count_mentions(art.paragraphs[:1], s["people"], s["words"], s["mask"]).keys())
        companies: Counter = Counter()
        for text in art.texts:
            if s["surfaces"] is not None:
                for m in s["surfaces"].finditer(text):
                    out["surfaces"][m.group(0)] += 1
                    companies[s["owner"][m.group(0)]] += 1
        out["enterprises"].update({(name, art.id): n for name, n in companies.items()})
        phrases = s["phrases"].count(art.texts)
        out["phrases"].extend((p, art.id, n) for p, n in phrases.items())
        for a, a_n in people.items():
            for kind, others in (("person", people), ("enterprise", companies), ("phrase", phrases)):
                for b, b_n in others.items():
                    if b != a:
                        pair = out["related"][(a, kind, b)]
                        pair[0] += 1
                        pair[1] += a_n
                        pair[2] += b_n
        found = event_dates(" ".join(art.texts), date.fromisoformat(art.date) if art.date else None)
        if found:
            out["dates"].append((art.id, json.dumps([d.isoformat() for d in found])))
    out["related"] = dict(out["related"])  # picklable
    out["bylines"] = bylines
    return out


# ---- the whole --------------------------------------------------------------------------

def reindex(conn: sqlite3.Connection, *, lexicon: UserLexicon | None = None, jobs: int | None = None,
            progress: Callable[[int, int, str], None] | None = None) -> dict:
    """Recompute people, enterprises and phrases; returns how many of each were found.

    `progress(done, total, stage)` is called after each chunk of each pass over the articles.
    """
    lexicon = lexicon or UserLexicon()
    jobs = jobs_or_cores(jobs)
    n_chunks = -(-conn.execute("SELECT count(*) FROM articles").fetchone()[0] // CHUNK)

    def passing(parts: Iterator, stage: str) -> Iterator:
        for done, part in enumerate(parts, 1):
            yield part
            if progress:
                progress(done, n_chunks, stage)

    extra = tuple(lexicon.titles)
    # new articles go into the trigram index in a process of their own when there is a core to
    # spare (a process, not a thread: no thread may be inside SQLite when workers are forked)
    db = store.db_path(conn)
    indexed = meanwhile(jobs, store.index_pending_at, db)
    if jobs <= 1:
        indexed.result()

    occurrences: Counter = Counter()
    windows: dict = {}
    forms: Counter = Counter()
    quoted = phr.QuotedStats()
    key_ids: dict[off.Occurrence, int] = {}
    total_chars = conn.execute("SELECT coalesce(sum(chars), 0) FROM articles").fetchone()[0]
    step = phr.sample_step(total_chars)
    sample: list[list[str]] = []  # every step-th article, for phrase discovery

    conn.execute("DROP TABLE IF EXISTS temp.titled")
    conn.execute("CREATE TEMP TABLE titled (key_id INTEGER NOT NULL, article_id INTEGER NOT NULL, date TEXT, n INTEGER NOT NULL)")
    work = ((chunk, extra, step) for chunk in chunks(conn))
    for occ_part, win_part, form_part, quoted_part, titled_part, sample_part in passing(ordered_map(_collect, work, jobs), "reindex: candidates"):
        occurrences.update(occ_part)
        for key, window in win_part.items():
            windows.setdefault(key, window)
        forms.update(form_part)
        quoted.merge(quoted_part)
        sample.extend(sample_part)
        conn.executemany("INSERT INTO temp.titled VALUES (?,?,?,?)",
                         [(key_ids.setdefault(k, len(key_ids)), a, d, n) for (k, a, d), n in titled_part.items()])
    conn.commit()
    findings = meanwhile(jobs, phr.discover_phrases, quoted, sample, step, lexicon)

    keys = [replace(k, window=windows[k]) for k in occurrences]
    weights = list(occurrences.values())
    words = dictionary_words()
    options = frozenset(off.open_options(off._drop_words(k, words) for k in keys))
    elsewhere: Counter = Counter()
    for part in passing(ordered_map(_evidence, ((c, options) for c in chunks(conn)), jobs), "reindex: name evidence"):
        elsewhere.update(part)
    names = off.choose(keys, weights=weights, blocked=frozenset(lexicon.not_officials), words=words,
                       elsewhere=elsewhere)
    people = off.merge(keys, names, weights)
    for name, titles in lexicon.officials.items():
        person = people.setdefault(name, off.Person(name, "official"))
        person.role = "official"
        person.titles.update({t: 0 for t in titles if t not in person.titles})
    conn.executescript("""
        DROP TABLE IF EXISTS temp.decided; DROP TABLE IF EXISTS temp.key_titles;
        CREATE TEMP TABLE decided (key_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TEMP TABLE key_titles (key_id INTEGER NOT NULL, title TEXT NOT NULL);""")
    decided = [(key_ids[replace(k, window="")], n) for k, n in zip(keys, names) if n in people and k.titles]
    conn.executemany("INSERT INTO temp.decided VALUES (?,?)", decided)
    conn.executemany("INSERT INTO temp.key_titles VALUES (?,?)",
                     [(i, t) for k, i in key_ids.items() for t in k.titles])
    conn.commit()

    enterprises = ent.build(forms, lexicon)
    _, owner = ent.surface_pattern(enterprises)
    full_names = [e.name for e in enterprises.values()]
    person_names = sorted(people)
    blocked = set(person_names) | set(owner)
    sources, scores = phr.choose_phrases(findings.result(), blocked)

    state = {"names": person_names, "words": {n: words[n] for n in person_names if n in words},
             "full_names": full_names, "owner": owner, "phrases": list(sources)}
    mentions: Counter = Counter()
    person_articles: Counter = Counter()
    head: Counter = Counter()
    lead: Counter = Counter()
    ent_mentions: Counter = Counter()
    ent_articles: Counter = Counter()
    surfaces: Counter = Counter()
    phrase_counts: Counter = Counter()
    phrase_articles: Counter = Counter()
    related: dict = defaultdict(lambda: [0, 0, 0])
    bylines: Counter = Counter()  # (name, role) -> articles signed
    # Mentions go straight into the corpus once the trigram index is done writing; until then
    # they wait in temp tables, moved over as soon as it is (while workers count the rest).
    conn.executescript("".join(f"DROP TABLE IF EXISTS temp.new_{t}; CREATE TEMP TABLE new_{t} AS SELECT * FROM main.{t} WHERE 0;"
                               for t in _MENTION_TABLES))
    into = "temp.new_"

    def write_direct() -> str:
        conn.commit()
        indexed.result()  # its write transaction ends before ours begins
        conn.execute("BEGIN IMMEDIATE")
        for table in _MENTION_TABLES:  # in key order: the B-trees fill from one end
            conn.execute(f"DELETE FROM main.{table}")
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM temp.new_{table} ORDER BY 1, 2")
            conn.execute(f"DROP TABLE temp.new_{table}")
        return "main."

    for part in passing(ordered_map(_count, chunks(conn), jobs, _init_count, (state,)), "reindex: counts"):
        if into != "main." and indexed.done():
            into = write_direct()
        conn.executemany(f"INSERT INTO {into}person_mentions VALUES (?,?,?)", part["people"])
        for name, _, n in part["people"]:
            mentions[name] += n
            person_articles[name] += 1
        head.update(part["head"])
        lead.update(part["lead"])
        for (name, art_id), n in part["enterprises"].items():
            ent_mentions[name] += n
            ent_articles[name] += 1
        conn.executemany(f"INSERT INTO {into}enterprise_mentions VALUES (?,?,?)",
                         [(name, art_id, n) for (name, art_id), n in part["enterprises"].items()])
        surfaces.update(part["surfaces"])
        conn.executemany(f"INSERT INTO {into}phrase_mentions VALUES (?,?,?)", part["phrases"])
        for p, _, n in part["phrases"]:
            phrase_counts[p] += n
            phrase_articles[p] += 1
        conn.executemany(f"INSERT INTO {into}article_dates VALUES (?,?)", part["dates"])
        for key, (n, a_n, b_n) in part["related"].items():
            pair = related[key]
            pair[0] += n
            pair[1] += a_n
            pair[2] += b_n
        bylines.update(part["bylines"])
    if into != "main.":
        write_direct()
    with store.transaction(conn, begun=True):
        for table in ("people", "person_titles", "person_article_titles", "enterprises", "enterprise_forms",
                      "phrases", "related"):
            conn.execute(f"DELETE FROM main.{table}")
        kept = {n for n in people if mentions[n] or n in lexicon.officials}
        people_rows = []
        for name in sorted(kept):
            person = people[name]
            positions = person.list_positions
            total = mentions[name]
            people_rows.append((name, person.role, off.primary_title(person), _top(person.places), total,
                                person_articles[name], head[name], total - head[name], lead[name],
                                sum(positions) / len(positions) if positions else None, int(person.foreign)))
        people_rows.extend(_byline_people(bylines, kept))
        conn.executemany("INSERT INTO people VALUES (?,?,?,?,?,?,?,?,?,?,?)", people_rows)
        conn.execute("DELETE FROM temp.decided WHERE name NOT IN (SELECT value FROM json_each(?))",
                     (json.dumps(sorted(kept), ensure_ascii=False),))
        conn.execute("INSERT INTO person_article_titles SELECT d.name, k.title, t.article_id, sum(t.n)"
                     " FROM temp.titled t JOIN temp.decided d USING (key_id) JOIN temp.key_titles k USING (key_id)"
                     " GROUP BY d.name, k.title, t.article_id")
        title_dates = {(n, t): (first, last) for n, t, first, last in conn.execute(
            "SELECT d.name, k.title, min(t.date), max(t.date) FROM temp.titled t JOIN temp.decided d USING (key_id)"
            " JOIN temp.key_titles k USING (key_id) WHERE t.date IS NOT NULL GROUP BY d.name, k.title")}
        conn.executemany("INSERT INTO person_titles VALUES (?,?,?,?,?)", [
            (name, title, count, *title_dates.get((name, title), (None, None)))
            for name in sorted(kept) for title, count in people[name].titles.items()])

        ent_rows = [(e.name, ent_mentions[e.name], ent_articles[e.name], json.dumps(e.candidates, ensure_ascii=False))
                    for e in enterprises.values() if ent_mentions[e.name]]
        conn.executemany("INSERT INTO enterprises VALUES (?,?,?,?)", ent_rows)
        conn.executemany("INSERT INTO enterprise_forms VALUES (?,?,?)",
                         [(owner[s], s, n) for s, n in surfaces.items()])

        folded = _folded(conn, [p for p in sources if sources[p] != "lexicon" and phrase_counts[p]], list(phrase_counts))
        conn.executemany("DELETE FROM phrase_mentions WHERE phrase = ?", [(p,) for p in folded])
        phrase_rows = [(p, src, phrase_counts[p], phrase_articles[p], scores.get(p, 0.0))
                       for p, src in sources.items() if p not in folded and (src == "lexicon" or phrase_counts[p])]
        conn.executemany("INSERT INTO phrases VALUES (?,?,?,?,?)", phrase_rows)
        conn.executemany("INSERT INTO related VALUES (?,?,?,?,?,?)",
                         [(a, kind, b, *v) for (a, kind, b), v in related.items()
                          if a in kept and (kind != "phrase" or b not in folded)])

        store.set_meta(conn, "entities_stale", "0")
    conn.executescript("DROP TABLE temp.titled; DROP TABLE temp.decided; DROP TABLE temp.key_titles;")
    reader = _READERS.pop(db, None)
    if reader is not None:
        reader.close()
    return {"people": len(people_rows), "officials": sum(r[1] == "official" for r in people_rows),
            "enterprises": len(ent_rows), "phrases": len(phrase_rows)}


def _folded(conn: sqlite3.Connection, candidates: list[str], counted: list[str]) -> set[str]:
    """Discovered or quoted phrases never seen outside a longer one.

    An article where a phrase occurs more often than its hosts can hold it proves it is seen
    outside (from the mention counts alone); the others are read article by article, streamed,
    stopping at the first occurrence outside.
    """
    folded = set()
    for p in candidates:
        hosts = [q for q in counted if p in q and p != q]
        if not hosts or _outside_by_counts(conn, p, hosts):
            continue
        clause, args = store.contains(p)
        rows = conn.execute(f"SELECT a.headline_lines, a.body FROM articles a WHERE {clause}", args)
        if all(phr.fold_nested([p], hosts, json.loads(lines) + body.split("\n")) for lines, body in rows):
            folded.add(p)
    return folded


def _outside_by_counts(conn: sqlite3.Connection, phrase: str, hosts: list[str]) -> bool:
    """Is there an article with more mentions of `phrase` than all its hosts' mentions contain?"""
    within = [(q, sum(q.startswith(phrase, i) for i in range(len(q)))) for q in hosts]
    values = ",".join("(?,?)" for _ in within)
    sql = (f"WITH h(phrase, k) AS (VALUES {values}) SELECT 1 FROM phrase_mentions m WHERE m.phrase = ? AND m.count > "
           "(SELECT coalesce(sum(x.count * h.k), 0) FROM phrase_mentions x JOIN h ON x.phrase = h.phrase"
           " WHERE x.article_id = m.article_id) LIMIT 1")
    return conn.execute(sql, [v for pair in within for v in pair] + [phrase]).fetchone() is not None


def _byline_people(bylines: Counter, known: set[str]) -> list[tuple]:
    """Reporters, correspondents and photographers: people with a role, never officials."""
    roles: dict[str, Counter] = defaultdict(Counter)
    for (name, role), n in bylines.items():
        roles[name][role] += n
    rows = []
    for name, counts in sorted(roles.items()):
        if name in known:
            continue
        role, _ = min(counts.items(), key=lambda kv: (-kv[1], _ROLES.index(kv[0])))
        total = sum(counts.values())
        rows.append((name, role, role, "", total, total, 0, 0, 0, None, 0))
    return rows


def _top(counter: Counter) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""
