"""Reindex: rebuild the entity tables from the stored articles, through the registered kinds.

Runs over the whole corpus at once, so that every decision that needs corpus-wide evidence (a
name's length, a short form's full name, a phrase's recurrence) sees all of it, and the tables
do not depend on the order or batching of ingests. Articles are streamed in chunks (memory does
not grow with the corpus) through parallel passes: candidates, evidence where a kind asks for
it, then, once every kind has decided, the counts (see protocol.py).
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any, Callable, Iterator

from ..extract.phrases import sample_step
from ..lexicon import UserLexicon, lexicon_key
from ..parallel import Executor, Processes, jobs_or_cores, meanwhile
from ..store import chunks as chunk_store
from ..store import entities, pages, reads
from ..store.schema import db_path, transaction
from . import work
from .kinds import BY_NAME, KINDS
from .protocol import Job, Totals

Progress = Callable[[int, int, str], None]


def reindex(conn: sqlite3.Connection, *, lexicon: UserLexicon | None = None, jobs: int | None = None,
            progress: Progress | None = None, executor: Executor | None = None) -> dict[str, int]:
    """Recompute people, enterprises, phrases and event dates; returns how many of each were found.

    `progress(done, total, stage)` is called after each chunk of each pass over the articles.
    `executor`: where the passes' chunks are worked on (default: `jobs` processes of this machine;
    a Dask cluster: see newscorpus.cluster); the decisions are made here either way.
    """
    lexicon = lexicon or UserLexicon()
    jobs = jobs_or_cores(jobs)
    n_articles, chars = chunk_store.article_count(conn)
    job = Job(db_path(conn), lexicon, jobs, sample_step(chars))
    passes = _Passes(conn, job, n_articles, progress, executor or Processes(jobs))
    # new articles go into the trigram index in a process of their own when there is a core to
    # spare (a process, not a thread: no thread may be inside SQLite when workers are forked)
    indexed = meanwhile(jobs, pages.index_pending_at, job.db)
    if jobs <= 1:
        indexed.result()
    scratch = {k.name: k.scratch(conn) for k in KINDS}
    try:
        decided = _decide(passes, job, scratch)
        counted = passes.count(decided, entities.MentionWriter(conn, indexed.done, indexed.result))
        _write(conn, decided, counted, scratch, lexicon_key(lexicon))
    finally:
        for k in KINDS:
            k.close_scratch(scratch[k.name])
        chunk_store.close_reader(job.db)
    return reads.entity_counts(conn)


def _decide(passes: "_Passes", job: Job, scratch: dict[str, Any]) -> dict[str, Any]:
    """Passes 1 and 2, then each kind's decision, in the order the kinds are registered."""
    collected = passes.collect(scratch)
    questions = {k.name: q for k in KINDS if (q := k.prepare(collected[k.name], job)) is not None}
    answers = passes.answer(questions) if questions else {}
    decided: dict[str, Any] = {}
    for k in KINDS:
        decided[k.name] = k.decide(collected[k.name], answers.get(k.name), decided, job, scratch[k.name])
    return decided


class _Counted:
    """Pass 3 folded: totals and tallies per kind, co-appearances."""

    def __init__(self) -> None:
        self.totals = {k.name: Totals(Counter(), Counter()) for k in KINDS}
        self.tallies: dict[str, Any] = {k.name: None for k in KINDS}
        self.related: dict[tuple[str, str, str], list[int]] = {}

    def add(self, part: work.ChunkCounts) -> None:
        for k in KINDS:
            if k.totals:
                totals = self.totals[k.name]
                for key, _, n in part.rows[k.name]:
                    totals.mentions[key] += n
                    totals.articles[key] += 1
            self.tallies[k.name] = k.fold_tally(self.tallies[k.name], part.tallies[k.name])
        for key, (n, a_n, b_n) in part.related.items():
            pair = self.related.setdefault(key, [0, 0, 0])
            pair[0] += n
            pair[1] += a_n
            pair[2] += b_n

    def related_rows(self, kept: dict[str, set[str]]) -> list[tuple]:
        return [(a, kind, b, *v) for (a, kind, b), v in self.related.items()
                if a in kept["person"] and b in kept[kind]]


class _Passes:
    """The passes over the corpus: chunks through the workers, results folded, progress told."""

    def __init__(self, conn: sqlite3.Connection, job: Job, n_articles: int, progress: Progress | None,
                 executor: Executor):
        self.conn, self.job, self.progress, self.executor = conn, job, progress, executor
        self.n_chunks = -(-n_articles // chunk_store.CHUNK)

    def _run(self, func: Callable, items: Iterator, stage: str, **kw) -> Iterator:
        for done, part in enumerate(self.executor.map(func, items, **kw), 1):
            yield part
            if self.progress:
                self.progress(done, self.n_chunks, stage)

    def _chunks(self) -> Iterator[chunk_store.Chunk]:
        """The chunks, carrying their articles when the workers cannot read the corpus themselves."""
        chunks = chunk_store.chunks(self.conn)
        return chunks if self.executor.reads_corpus else map(chunk_store.carrying, chunks)

    def collect(self, scratch: dict[str, Any]) -> dict[str, Any]:
        totals = {k.name: k.collect([], self.job, 0) for k in KINDS}
        items = ((c, self.job) for c in self._chunks())
        for part in self._run(work.collect, items, "reindex: candidates"):
            for k in KINDS:
                totals[k.name] = k.fold(totals[k.name], part[k.name], scratch[k.name])
        self.conn.commit()
        return totals

    def answer(self, questions: dict[str, Any]) -> dict[str, Any]:
        totals: dict[str, Any] = {name: None for name in questions}
        items = ((c, questions) for c in self._chunks())
        for part in self._run(work.answer, items, "reindex: name evidence"):
            for name, value in part.items():
                totals[name] = BY_NAME[name].fold_answer(totals[name], value)
        return totals

    def count(self, decided: dict[str, Any], writer: entities.MentionWriter) -> _Counted:
        states = {k.name: k.counting(decided[k.name], decided) for k in KINDS}
        counted = _Counted()
        for part in self._run(work.count, self._chunks(), "reindex: counts",
                              initializer=work.init_count, initargs=(states,)):
            for k in KINDS:
                if k.table:
                    writer.write(k.table, part.rows[k.name])
            counted.add(part)
        writer.finish()
        return counted


def _write(conn: sqlite3.Connection, decided: dict[str, Any], counted: _Counted, scratch: dict[str, Any],
           key: str) -> None:
    """Every entity table, in the transaction the mention rows were written in."""
    with transaction(conn, begun=True):
        entities.clear_entities(conn)
        kept = {k.name: k.write(conn, decided[k.name], counted.totals[k.name], counted.tallies[k.name],
                                scratch[k.name]) for k in KINDS}
        entities.write_rows(conn, "related", counted.related_rows(kept))
        entities.mark_fresh(conn, key)

