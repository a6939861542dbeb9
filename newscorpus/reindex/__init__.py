"""Reindex: bring the entity tables up to date with the stored articles, through the registered kinds.

`update` folds the articles added and removed since the last run into each kind's state, decides
again, and counts again only the new articles and those holding something whose decision
changed; `reindex` does the same from an empty state over every article (a full rebuild). Both
give the same tables, which never depend on the order or batching of ingests (see protocol.py).
Articles are streamed in chunks through parallel passes (memory does not grow with the corpus).
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator

from ..extract.phrases import sample_step
from ..lexicon import UserLexicon, lexicon_key
from ..parallel import Executor, Later, Processes, jobs_or_cores, meanwhile, rare_collections
from ..store import chunks as chunk_store
from ..store import entities, pages, reads
from ..store import state as state_store
from ..store.schema import db_path, small_cache, transaction
from . import work
from .kinds import KINDS
from .protocol import Job

Progress = Callable[[int, int, str], None]
PASSES_CACHE_KB = 8192  # the corpus connection's page cache while the passes run (staging is in temp tables)


def reindex(conn: sqlite3.Connection, *, lexicon: UserLexicon | None = None, jobs: int | None = None,
            progress: Progress | None = None, executor: Executor | None = None) -> dict[str, int]:
    """Rebuild every entity table from the articles; returns how many of each kind were found.
    `executor`: where the passes' chunks are worked on (default: `jobs` processes of this machine;
    a Dask cluster: see newscorpus.cluster); the decisions are made here either way."""
    return _run(conn, lexicon or UserLexicon(), jobs, progress, executor, full=True)


def update(conn: sqlite3.Connection, *, lexicon: UserLexicon | None = None, jobs: int | None = None,
           progress: Progress | None = None, executor: Executor | None = None) -> dict[str, int]:
    """Bring the entity tables up to date with the articles added and removed since the last run,
    in time that grows with those articles (a full rebuild when there is no usable state, or the
    lexicon changed). `progress(done, total, stage)` is called after each chunk of each pass."""
    return _run(conn, lexicon or UserLexicon(), jobs, progress, executor, full=False)


@rare_collections()  # a reindex run alone (ingest runs its own pages phase inside one too)
def _run(conn: sqlite3.Connection, lexicon: UserLexicon, jobs: int | None, progress: Progress | None,
         executor: Executor | None, full: bool) -> dict[str, int]:
    key = lexicon_key(lexicon)
    states = None if full or reads.lexicon_key(conn) != key else state_store.load(conn)
    chars = state_store.total_chars(conn, states is None)
    job = Job(db_path(conn), lexicon, jobs_or_cores(jobs), sample_step(chars))
    run = Run(conn, job, progress, executor or Processes(job.jobs), full=states is None)
    run.chars = chars
    # the trigram index first: an update asks it which articles hold what changed; a rebuild
    # fills it in a process of its own meanwhile (no thread may be inside SQLite at a fork)
    indexed = run.indexed = meanwhile(run.job.jobs if run.full else 1, pages.index_pending_at, run.job.db, fresh=True)
    if not run.full or run.job.jobs <= 1:
        indexed.result()
    states = states or {k.name: k.new_state() for k in KINDS}
    old = states.pop("_decided", None)
    scratch = run.scratch = {k.name: k.scratch(conn) for k in KINDS}
    try:
        with small_cache(conn, PASSES_CACHE_KB):  # before the workers fork: they would share it
            if isinstance(run.executor, Processes) and run.executor.jobs > 1 and len(run.pending) > chunk_store.CHUNK:
                work.warm(job)  # before the passes fork their workers, which then share it (a few new
                #                 articles are read in this process: loaded only if they need it)
            decided = _decide(run, states, scratch)
            counted = run.count(states, decided, run.affected(old, decided))
        indexed.result()  # its write transaction ends before ours begins
        _write(conn, run, states, decided, scratch, counted, key)
    finally:
        for k in KINDS:
            if scratch[k.name] is not None:
                scratch[k.name].drop()
        chunk_store.close_reader(run.job.db)
    return reads.entity_counts(conn)


def _decide(run: "Run", states: dict[str, Any], scratch: dict[str, Any]) -> dict[str, Any]:
    """Pass 1 folded into the states, then each kind's decision, in the order the kinds are registered."""
    run.collect(states, scratch)
    for k in KINDS:
        k.prepare(states[k.name], run)
    decided: dict[str, Any] = {}
    for k in KINDS:
        decided[k.name] = k.decide(states[k.name], decided, run)
    return decided


class Counted:
    """Pass 3 for the articles counted again: their new rows (staged), co-appearances to add and
    take away, and which articles were touched (None: all)."""

    def __init__(self, staging: entities.Staging, touched: list[int] | None):
        self.staging, self.touched = staging, touched
        self.related: dict[tuple[str, str, str], list[int]] = {}

    def relate(self, part: dict) -> None:
        for key, (n, a_n, b_n) in part.items():
            pair = self.related.setdefault(key, [0, 0, 0])
            pair[0] += n
            pair[1] += a_n
            pair[2] += b_n


class Run:
    """One run's passes over the corpus: which articles are new, removed or to be counted again,
    chunks of them through the workers, results folded, progress told."""

    def __init__(self, conn: sqlite3.Connection, job: Job, progress: Progress | None, executor: Executor, *,
                 full: bool):
        self.conn, self.job, self.progress, self.executor, self.full = conn, job, progress, executor, full
        self.indexed: Later | None = None  # the trigram index, being brought up to date
        self.pending = self.everything if full else state_store.pending(conn)
        self.retired = [] if full else state_store.retired(conn)

    @cached_property
    def everything(self) -> list[int]:
        """Every article (read only when a run needs them all: a rebuild, a new sample)."""
        return state_store.all_articles(self.conn)

    def _chunks(self, ids: list[int], retired: bool = False) -> Iterator[chunk_store.Chunk]:
        """Chunks of these articles, carrying their rows where the workers cannot read the corpus."""
        chunks = chunk_store.chunked(self.conn, ids, retired=retired)
        return chunks if self.executor.reads_corpus else map(chunk_store.carrying, chunks)

    def _map(self, func: Callable, items: Iterable, n: int, stage: str, **kw) -> Iterator:
        """func over chunks through the executor (in this process when they are few: one chunk
        is not worth a worker's start)."""
        total = len(chunk_store.sizes(n))
        executor = self.executor if n > chunk_store.CHUNK else Processes(1)
        for done, part in enumerate(executor.map(func, items, **kw), 1):
            yield part
            if self.progress:
                self.progress(done, total, stage)

    def collect(self, states: dict[str, Any], scratch: dict[str, Any]) -> None:
        """Pass 1: new articles folded in, removed ones folded out."""
        for ids, retired, sign in ((self.pending, False, 1), (self.retired, True, -1)):
            items = ((c, self.job) for c in self._chunks(ids, retired))
            for part in self._map(work.collect, items, len(ids), "reindex: candidates"):
                for k in KINDS:
                    k.fold(states[k.name], part[k.name], sign, scratch[k.name])
        self.conn.commit()

    def answer(self, kind: str, question: Any, ids: list[int], *, retired: bool = False):
        """What a kind asks of these articles, summed over their chunks (a Counter)."""
        total: Counter = Counter()
        items = ((c, kind, question) for c in self._chunks(ids, retired))
        for part in self._map(work.answer, items, len(ids), "reindex: evidence"):
            total.update(part)
        return total

    def titled(self, keys: set[str]) -> list[tuple[str, int, int]]:
        """(key, article, n) of the titled occurrences with these keys in today's corpus."""
        return self.scratch["person"].titled(keys, stored=not self.full)

    def containing(self, strings: Iterable[str]) -> list[int]:
        return sorted(state_store.containing(self.conn, strings))

    def holding(self, strings: Iterable[str]) -> list[int]:
        """The articles that may hold any of the strings: those the trigram index finds once it is
        built, every article while it is still being built in a process of its own (a rebuild with
        more cores reaches here first; waiting would idle them)."""
        return self.containing(strings) if self.indexed is None or self.indexed.ready() else self.everything

    def affected(self, old: dict[str, Any] | None, decided: dict[str, Any]) -> list[int] | None:
        """Articles to count again: the new ones, and those holding a string whose decision
        changed (None: every article)."""
        if self.full:
            return None
        strings: set[str] = set()
        for k in KINDS:
            changed = k.changed(old, decided)
            if changed is None:
                return None
            strings |= changed
        return sorted(set(self.pending) | set(self.containing(strings)))

    def count(self, states: dict[str, Any], decided: dict[str, Any], affected: list[int] | None) -> Counted:
        """Pass 3 over the affected articles (all of them when None); their old rows are taken
        out of the totals and co-appearances, their new rows staged."""
        ids = self.everything if affected is None else affected
        counting = {k.name: k.counting(decided[k.name], decided) for k in KINDS}
        counted = Counted(entities.Staging(self.conn, [t for k in KINDS for t in k.tables]), affected)
        if affected is not None:
            self._take_out(set(affected) | set(self.retired), states, counted)
        for part in self._map(work.count, self._chunks(ids), len(ids), "reindex: counts",
                              initializer=work.init_count, initargs=(counting,)):
            for k in KINDS:
                for table in k.tables:
                    rows = part.rows.get(table, [])
                    counted.staging.write(table, rows)
                    k.tally(states[k.name], table, rows, 1)
            counted.relate(part.related)
        return counted

    def _take_out(self, ids: set[int], states: dict[str, Any], counted: Counted) -> None:
        """The rows these articles have now leave the totals and co-appearances."""
        by_article: dict[int, dict[str, list[tuple]]] = {}
        for k in KINDS:
            for table in k.tables:
                rows = list(state_store.article_rows(self.conn, table, ids))
                k.tally(states[k.name], table, rows, -1)
                if table in work.RELATED:
                    for row in rows:
                        by_article.setdefault(row[1], {}).setdefault(table, []).append(row)
        related: dict = {}
        for rows in by_article.values():
            work.relate(rows, related, -1)
        counted.relate(work.pairs(related))


def _write(conn: sqlite3.Connection, run: Run, states: dict[str, Any], decided: dict[str, Any],
           scratch: dict[str, Any], counted: Counted, key: str) -> None:
    """Everything in one transaction: a run killed before it leaves the last run's tables."""
    conn.commit()  # what was staged in temp tables
    with transaction(conn):
        if run.full:
            state_store.reset(conn)
        else:
            state_store.delete_article_rows(conn, set(counted.touched) | set(run.retired), entities.COUNTED_TABLES)
            state_store.delete_article_rows(conn, run.retired, ("titled", "person_article_titles"))
        counted.staging.apply(emptied=run.full)
        entities.add_related(conn, counted.related)
        for k in KINDS:
            k.write(conn, states[k.name], decided, scratch[k.name], counted.touched)
        states["_decided"] = decided
        state_store.save(conn, states)
        state_store.changes_done(conn, run.chars)
        entities.mark_fresh(conn, key)
