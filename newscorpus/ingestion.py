"""Ingest: page files -> parsed articles in the corpus (parsed in workers, written in groups), then reindex."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from . import store
from .errors import DataError, PageError, UsageError
from .lexicon import UserLexicon, lexicon_beside, lexicon_key
from .pages import find_pages
from .parallel import Executor, Processes, jobs_or_cores, rare_collections
from .readers import SUFFIXES, read_file
from .store import checkpoints
from .store import pages as page_store
from .store import reads

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
    reindexed: bool = False
    formats: dict[str, int] = field(default_factory=dict)  # files read per format
    coverage: dict[str, int] = field(default_factory=dict)  # chars by where they went, over the files read

    @property
    def article_share(self) -> float | None:
        """The share of the text read that is in articles (the rest: set aside or leftovers)."""
        chars = self.coverage.get("chars", 0)
        return self.coverage.get("article_chars", 0) / chars if chars else None

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True, slots=True)
class _Job:
    """One file to read. A million of these are held while an ingest runs: slots, and the
    location is the path's own string object when they are the same (no symlink on the way)."""

    path: str
    rel: str
    location: str
    known_hash: str | None
    forced_date: str | None
    fields: dict[str, str] | None = None


def _prepare(job: _Job) -> tuple[str, page_store.PreparedPage | None, str | None]:
    """Read and split one file of any format (runs in a worker process). Returns (rel path, page
    or None when unchanged, error)."""
    try:
        result = read_file(Path(job.path), fields=job.fields, date_paths=(job.rel, job.location))
    except PageError as exc:
        return job.rel, None, str(exc)
    if result.sha256 == job.known_hash:
        return job.rel, None, None
    source = page_store.Source(job.rel, job.location, result.sha256, result.encoding, result.size,
                               job.forced_date or result.date, result.original, result.format,
                               result.coverage())
    return job.rel, page_store.prepare(source, result.articles, result.leftovers + result.set_aside), None


def ingest(paths: list[Path], *, db: str | Path = store.DEFAULT_DB, glob: str | None = None,
           jobs: int | None = None, page_date: date | None = None, lexicon: UserLexicon | Path | None = None,
           fields: dict[str, str] | None = None, progress: Callable[[int, int, str], None] | None = None,
           full: bool = False, executor: Executor | None = None) -> IngestReport:
    """Ingest files and folders into the corpus at `db`, then rebuild the entity tables.

    Files are committed in groups about a second apart (each file atomic), so a killed ingest
    keeps every committed file and a rerun does the rest; an unchanged file (same place, same
    content hash) is skipped; a changed one replaces its old articles; the same content found
    elsewhere (a moved file, a copy) is recognised and not stored twice. The entity tables are
    rebuilt over the whole corpus, so that counts never depend on ingest order or batching, when
    pages changed, when an earlier run was interrupted, when the lexicon changed, or with `full`.
    `glob` picks the files inside folders (default: every supported suffix, see readers);
    `lexicon`: a UserLexicon, a TOML file, or None for lexicon.toml next to the corpus;
    `fields`: a crawler's own JSON field names (headline=TITLE, body=CONTENT ...).
    `executor`: where files are parsed and chunks worked on (default: `jobs` processes of this
    machine; a Dask cluster: newscorpus.cluster); the corpus is written by this process either way.
    """
    user = lexicon if isinstance(lexicon, UserLexicon) else lexicon_beside(Path(db), lexicon)
    files = _files(paths, glob)
    with store.translated(db), rare_collections():
        conn = store.connect(db, create=True)
        try:
            work = _jobs(conn, files, page_date, fields)
            del files  # a million Path objects (100 MB) not kept while the pages are written
            report = _ingest_files(conn, work, jobs, progress, executor)
            del work  # nor carried into the reindex and its workers
            _rebuild_if_needed(conn, report, user, jobs, progress, full, executor)
        finally:
            checkpoints.join_all()
            conn.close()
    return report


def _files(paths: list[Path], glob: str | None) -> list[tuple[Path, Path]]:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    files = find_pages(paths, glob, SUFFIXES)
    if not files:
        looked = glob or " ".join(f"*{s}" for s in SUFFIXES)
        raise DataError(f"no page files in {', '.join(str(p) for p in paths)} (looked for {looked})")
    return files


def _jobs(conn, files: list[tuple[Path, Path]], page_date: date | None,
          fields: dict[str, str] | None) -> list[_Job]:
    forced = page_date.isoformat() if page_date else None
    work = []
    folders: dict[str, str] = {}
    stored = conn.execute("SELECT 1 FROM sources LIMIT 1").fetchone() is not None
    for path, root in files:
        rel = path.relative_to(root).as_posix() if path != root else path.name
        # absolute: a cluster's workers have working directories of their own
        absolute = str(path.absolute())
        location = _real_path(absolute, folders)
        location = absolute if location == absolute else location
        known = page_store.known_hash(conn, location, rel) if stored else None
        work.append(_Job(absolute, rel, location, known, forced, fields))
    return work


def _real_path(path: str, folders: dict[str, str]) -> str:
    """Path.resolve() of an absolute path, each folder on the way resolved once (`folders` remembers
    them): resolving each of 22k files looked up every folder of its path again (2.3 s before the
    first page was read)."""
    folder, name = os.path.split(path)
    if not name or name in (".", "..") or folder == path or os.path.islink(path):
        return str(Path(path).resolve())
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = _real_path(folder, folders)
    return os.path.join(real, name)


def _ingest_files(conn, work: list[_Job], jobs: int | None, progress: Callable[[int, int, str], None] | None,
                  executor: Executor | None = None) -> IngestReport:
    report = IngestReport()
    with checkpoints.aside(conn) as checkpointer:
        batch = page_store.Batch(conn, checkpointer)
        try:
            _store_all(work, jobs, batch, report, progress, executor)
        finally:  # also when interrupted: keep what is finished; the file being written rolls back
            batch.commit()
    if report.undated:
        report.warnings.append(f"{report.undated} page(s) have no date in their file or folder name "
                               "(name them like 2024-10-13.txt or give a date for the batch)")
    return report


def _rebuild_if_needed(conn, report: IngestReport, user: UserLexicon, jobs: int | None,
                       progress: Callable[[int, int, str], None] | None, full: bool,
                       executor: Executor | None = None) -> None:
    """A full rebuild when asked; else an update when pages changed, an earlier run was
    interrupted or the lexicon changed (the update itself rebuilds when it cannot be incremental)."""
    from .reindex import reindex, update

    if full:
        reindex(conn, lexicon=user, jobs=jobs, progress=progress, executor=executor)  # fills the trigram index too
    elif report.read or reads.stale(conn) or reads.lexicon_key(conn) != lexicon_key(user):
        update(conn, lexicon=user, jobs=jobs, progress=progress, executor=executor)
    else:
        page_store.index_pending(conn)
        return
    report.reindexed = True


def _store_all(work: list[_Job], jobs: int | None, batch: page_store.Batch, report: IngestReport,
               progress: Callable[[int, int, str], None] | None, executor: Executor | None = None) -> None:
    """Parse every file (in workers) and write each one as it comes, in order."""
    for done, (rel, page, error) in enumerate(_run(work, jobs, executor), 1):
        placed = batch.add(page) if error is None and page is not None else None
        if isinstance(placed, str):
            error = placed
        if error is not None:
            report.failed.append((rel, error))
        elif page is None or placed.outcome == "moved":
            report.unchanged += 1
        elif placed.outcome == "duplicate":
            report.unchanged += 1
            report.warnings.append(f"{rel}: same content as {placed.path}, not stored twice")
        else:
            _count_page(report, rel, page)
        if progress:
            progress(done, len(work), rel)


def _count_page(report: IngestReport, rel: str, page: page_store.PreparedPage) -> None:
    report.read += 1
    report.articles += len(page.articles) - page.photos
    report.captions += page.photos
    source = page.source
    report.formats[source.format] = report.formats.get(source.format, 0) + 1
    for key, n in (source.coverage or {}).items():
        report.coverage[key] = report.coverage.get(key, 0) + n
    if not source.date:
        report.undated += 1
    chars = (source.coverage or {}).get("chars", 0)
    left = (source.coverage or {}).get("leftover_chars", 0)
    if not page.articles:
        report.warnings.append(f"{rel}: no article found; its text is kept as leftovers")
    elif chars and left / chars > LEFTOVER_WARN:
        report.warnings.append(f"{rel}: {left / chars:.0%} of its text is in no article (kept as the corpus's leftovers)")


def _run(work: list[_Job], jobs: int | None,
         executor: Executor | None = None) -> Iterator[tuple[str, page_store.PreparedPage | None, str | None]]:
    """Parse files in order, in worker processes when there is enough work to pay for them."""
    executor = executor or Processes(jobs_or_cores(jobs) if len(work) >= 8 else 1)
    groups = (work[i:i + FILES_PER_TASK] for i in range(0, len(work), FILES_PER_TASK))
    for results in executor.map(_prepare_many, groups, ahead=16):
        yield from results


FILES_PER_TASK = 8  # a few pages per task: less pickling overhead, still an even spread


def _prepare_many(group: list[_Job]) -> list:
    return [_prepare(job) for job in group]
