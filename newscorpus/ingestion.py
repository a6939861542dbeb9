"""Ingest: page files -> parsed articles in the corpus (parsed in workers, written in groups), then reindex."""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from . import store
from .errors import PageError, UsageError
from .lexicon import UserLexicon
from .pages import date_from_path, find_pages
from .parallel import jobs_or_cores, ordered_map
from .readers import SUFFIXES, read_file

LEFTOVER_WARN = 0.02  # a file with more of its text in leftovers is named in a warning


@dataclass
class IngestReport:
    """What an ingest did; `failed` holds (path, reason) for every file that was skipped."""

    read: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    captions: int = 0
    undated: int = 0
    warnings: list[str] = field(default_factory=list)
    formats: dict[str, int] = field(default_factory=dict)  # files read per format
    coverage: dict[str, int] = field(default_factory=dict)  # chars, article_chars over the files read

    @property
    def ok(self) -> bool:
        return not self.failed


def _prepare(job: tuple) -> tuple[str, dict | None, str | None]:
    """Read and parse one file (runs in a worker process). Returns (rel path, record, error)."""
    path, rel, known_hash, forced_date, fields = job
    try:
        result = read_file(Path(path), fields=fields)
    except PageError as exc:
        return rel, None, str(exc)
    if result.sha256 == known_hash:
        return rel, {"unchanged": True}, None
    found = None if result.date_from in (None, "path") else result.date
    if found is None:
        by_path = date_from_path(rel) or date_from_path(str(Path(path).resolve()))
        found = by_path.isoformat() if by_path else None
    src = {"path": rel, "sha256": result.sha256, "encoding": result.encoding, "size": result.size,
           "date": forced_date or found, "original": result.original}
    arts = [store.article_values(a) for a in result.articles]
    lefts = [(lo.kind, lo.text, lo.start) for lo in result.leftovers]
    photos = sum(a.kind == "photo" for a in result.articles)
    return rel, {"source": src, "articles": arts, "leftovers": lefts, "photos": photos,
                 "format": result.format, "coverage": result.coverage()}, None


def ingest(paths: list[Path], *, db: str | Path = store.DEFAULT_DB, glob: str | None = None,
           jobs: int | None = None, page_date: date | None = None, lexicon: UserLexicon | None = None,
           fields: dict[str, str] | None = None,
           progress: Callable[[int, int, str], None] | None = None) -> IngestReport:
    """Ingest files and folders into the corpus at `db`, then rebuild the entity tables.

    Files are committed in groups about a second apart (each file atomic), so a killed ingest
    keeps every committed file and a rerun does the rest; unchanged files (same content hash) are
    skipped; a changed file replaces its old articles. Entity tables are rebuilt over the whole
    corpus so that counts never depend on ingest order or batching.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    files = find_pages(paths, glob, SUFFIXES)
    conn = store.connect(db, create=True)
    report = IngestReport()
    forced = page_date.isoformat() if page_date else None
    work = []
    for path, root in files:
        rel = path.relative_to(root).as_posix() if path != root else path.name
        work.append((str(path), rel, store.source_hash(conn, rel), forced, fields))
    batch = _Batch(conn)
    try:
        try:
            _store_all(work, jobs, batch, report, progress)
        finally:  # also when interrupted: keep what is finished; the file being written rolls back
            batch.commit()
        del files, work  # a million paths: not to be carried into the reindex and its workers
        if report.undated:
            report.warnings.append(f"{report.undated} page(s) have no date in their file or folder name "
                                   "(name them like 2024-10-13.txt or use --date)")
        if store.get_meta(conn, "entities_stale", "1") == "1" or report.read:
            from .index import reindex

            reindex(conn, lexicon=lexicon, jobs=jobs, progress=progress)  # fills the trigram index too
        else:
            store.index_pending(conn)
    finally:
        conn.close()
    return report


def _store_all(work: list, jobs: int | None, batch: _Batch, report: IngestReport,
               progress: Callable[[int, int, str], None] | None) -> None:
    """Parse every file (in workers) and write each one as it comes, in order."""
    for done, (rel, record, error) in enumerate(_run(work, jobs), 1):
        if error is None and not record.get("unchanged"):
            error = batch.add(record)
        if error is not None:
            report.failed.append((rel, error))
        elif record.get("unchanged"):
            report.unchanged += 1
        else:
            report.read += 1
            report.articles += len(record["articles"]) - record["photos"]
            report.captions += record["photos"]
            if not record["source"]["date"]:
                report.undated += 1
            report.formats[record["format"]] = report.formats.get(record["format"], 0) + 1
            cover = record["coverage"]
            for key in ("chars", "article_chars"):
                report.coverage[key] = report.coverage.get(key, 0) + cover[key]
            if not record["articles"]:
                report.warnings.append(f"{rel}: no article found; its text is kept as leftovers")
            elif cover["leftover_chars"] > LEFTOVER_WARN * cover["chars"]:
                share = cover["leftover_chars"] / cover["chars"]
                report.warnings.append(f"{rel}: {share:.0%} of its text is in no article (stats --leftovers)")
        if progress:
            progress(done, len(work), rel)


class _Batch:
    """Files written in groups: one savepoint per file, one commit about every COMMIT_SECONDS.

    A file that fails to store rolls back alone; a killed ingest keeps every committed group and a
    rerun does the rest (unchanged files are skipped by hash). Committing per group rather than per
    file saves a WAL commit per page.
    """

    COMMIT_SECONDS = 1.0

    def __init__(self, conn) -> None:
        self.conn = conn
        self.open_since: float | None = None
        self.in_page = False

    def _undo_page(self) -> None:
        self.conn.execute("ROLLBACK TO page")
        self.conn.execute("RELEASE page")
        self.in_page = False

    def add(self, record: dict) -> str | None:
        """Store one parsed file; returns an error message instead of raising."""
        if self.open_since is None:
            self.conn.execute("BEGIN IMMEDIATE")
            store.set_meta(self.conn, "entities_stale", "1")
            self.open_since = time.monotonic()
        self.conn.execute("SAVEPOINT page")
        self.in_page = True
        try:
            store.replace_source(self.conn, record["source"], record["articles"], record["leftovers"])
        except sqlite3.Error as exc:
            self._undo_page()
            return f"cannot store: {exc}"
        self.conn.execute("RELEASE page")
        self.in_page = False
        if time.monotonic() - self.open_since >= self.COMMIT_SECONDS:
            self.commit()
        return None

    def commit(self) -> None:
        if self.in_page:
            self._undo_page()
        if self.open_since is not None:
            self.conn.commit()
            self.open_since = None


def _run(work: list, jobs: int | None) -> Iterator[tuple[str, dict | None, str | None]]:
    """Parse files in order, in worker processes when there is enough work to pay for them."""
    jobs = jobs_or_cores(jobs) if len(work) >= 8 else 1
    groups = (work[i:i + FILES_PER_TASK] for i in range(0, len(work), FILES_PER_TASK))
    for results in ordered_map(_prepare_many, groups, jobs, ahead=16):
        yield from results


FILES_PER_TASK = 8  # a few pages per task: less pickling overhead, still an even spread


def _prepare_many(group: list) -> list:
    return [_prepare(job) for job in group]
