"""Wall and CPU seconds of an ingest's phases, one process or more, in this process.

    python benchmarks/checks/phases.py CORPUS_DIR [--jobs 1] [--db /tmp/phases.db]

The phases are the library's own functions wrapped with timers: reading and writing pages, the
trigram index, pass 1 (candidates), the evidence pass, the decisions (pass 1 and evidence
included), pass 3 (counts) and the final write. CPU seconds are this process's only: with
--jobs 2 the workers' time shows as wall time of the phase that waits for them, and the trigram
index, filled meanwhile in a process of its own, is not timed.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import newscorpus.ingestion as ingestion
import newscorpus.reindex as reindex
from newscorpus.store import pages

TIMES: dict[str, list[float]] = {}


def timed(name: str, func):
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            total = TIMES.setdefault(name, [0.0, 0.0])
            total[0] += time.perf_counter() - wall
            total[1] += time.process_time() - cpu
    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--db", type=Path, default=Path("/tmp/phases.db"))
    args = ap.parse_args()
    ingestion._ingest_files = timed("pages: read, parse, write", ingestion._ingest_files)
    if args.jobs <= 1:  # else it runs in a fresh interpreter meanwhile (its function is pickled there)
        reindex.pages.index_pending_at = timed("trigram index", pages.index_pending_at)
    reindex.Run.collect = timed("pass 1: candidates", reindex.Run.collect)
    reindex.Run.answer = timed("evidence", reindex.Run.answer)
    reindex._decide = timed("decisions (with pass 1 and evidence)", reindex._decide)
    reindex.Run.count = timed("pass 3: counts", reindex.Run.count)
    reindex._write = timed("final write", reindex._write)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    ingestion.ingest = timed("total", ingestion.ingest)
    ingestion.ingest([args.corpus], db=args.db, glob="*.txt", jobs=args.jobs)
    for name, (wall, cpu) in TIMES.items():
        print(f"{name:40s} {wall:8.2f} s wall {cpu:8.2f} s CPU")


if __name__ == "__main__":
    main()
