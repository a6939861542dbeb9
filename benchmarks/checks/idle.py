"""Where cores idle while an ingest runs: the machine's idle core-seconds in each phase.

    python benchmarks/checks/idle.py CORPUS_DIR [--jobs 2] [--db /tmp/idle.db] [--every 0.1]

A multi-process ingest is as fast as its cores are busy. This reads the machine's idle time from
/proc/stat (Linux) every `--every` seconds while one ingest runs in this process, and adds it up
between the phases' starts and ends (the library's own functions, wrapped as in phases.py). It
also prints the CPU seconds of all processes (this one and every worker it reaped) and the wall
time the ingest would take if no core ever idled, the same CPU spread over every core: the
bound that rearranging the work between processes cannot beat. The CLI's own start-up (imports,
about 0.2 s with one core idle) is not in it. Run it on a quiet machine: another program's work
shows as a busy core.
"""
from __future__ import annotations

import argparse
import os
import resource
import threading
import time
from pathlib import Path

import newscorpus.ingestion as ingestion
import newscorpus.reindex as reindex
from newscorpus.reindex.kinds import KINDS

START = time.perf_counter()
MARKS: list[tuple[float, str]] = []  # (seconds since START, "> phase" or "< phase")


def machine_idle() -> tuple[int, int]:
    """(idle + iowait, all) clock ticks of every core since boot."""
    with open("/proc/stat", encoding="ascii") as fh:
        ticks = [int(v) for v in fh.readline().split()[1:]]
    return ticks[3] + ticks[4], sum(ticks)


class Sampler(threading.Thread):
    """The share of the machine that idled in each interval, as (end of interval, idle core-seconds)."""

    def __init__(self, every: float):
        super().__init__(daemon=True)
        self.every, self.cores = every, os.cpu_count() or 1
        self.samples: list[tuple[float, float]] = []
        self.done = threading.Event()

    def run(self) -> None:
        before, t0 = machine_idle(), time.perf_counter()
        while not self.done.wait(self.every):
            now, t1 = machine_idle(), time.perf_counter()
            share = (now[0] - before[0]) / (now[1] - before[1]) if now[1] > before[1] else 0.0
            self.samples.append((t1 - START, share * self.cores * (t1 - t0)))
            before, t0 = now, t1

    def between(self, start: float, end: float) -> float:
        return sum(idle for at, idle in self.samples if start < at <= end)


def marked(label: str, func):
    def wrapper(*args, **kwargs):
        MARKS.append((time.perf_counter() - START, f"> {label}"))
        try:
            return func(*args, **kwargs)
        finally:
            MARKS.append((time.perf_counter() - START, f"< {label}"))
    return wrapper


def cpu_seconds() -> float:
    own, reaped = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--db", type=Path, default=Path("/tmp/idle.db"))
    ap.add_argument("--every", type=float, default=0.1, help="seconds between two readings of /proc/stat")
    args = ap.parse_args()
    if not Path("/proc/stat").exists():
        ap.exit(2, "idle.py: needs /proc/stat (Linux)\n")
    ingestion._ingest_files = marked("pages: read, parse, write", ingestion._ingest_files)
    reindex.Run.collect = marked("pass 1: candidates", reindex.Run.collect)
    for kind in KINDS:
        kind.decide = marked(f"decide: {kind.name}", kind.decide)
    reindex.Run.count = marked("pass 3: counts", reindex.Run.count)
    reindex._write = marked("final write", reindex._write)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    sampler = Sampler(args.every)
    sampler.start()
    began, cpu = time.perf_counter() - START, cpu_seconds()
    ingestion.ingest([args.corpus], db=args.db, glob="*.txt", jobs=args.jobs)
    ended, cpu = time.perf_counter() - START, cpu_seconds() - cpu
    time.sleep(args.every * 1.5)  # the interval holding the end
    sampler.done.set()
    sampler.join()
    print(f"{'from':>6} {'to':>6}  {'stretch':44s} {'idle core-s':>11}")
    edges = [(began, "start")] + MARKS + [(ended, "end")]
    for (start, label), (end, _) in zip(edges, edges[1:]):
        if end - start < 0.005:
            continue
        name = label[2:] if label.startswith("> ") else f"after {label[2:]}" if label.startswith("< ") else label
        print(f"{start:6.2f} {end:6.2f}  {name:44s} {sampler.between(start, end):11.2f}")
    idle = sampler.between(began, ended)
    wall = ended - began
    print(f"wall {wall:.2f} s, idle {idle:.2f} core-s of {sampler.cores * wall:.2f}, CPU of all processes "
          f"{cpu:.2f} s; with no core idle: {wall - idle / sampler.cores:.2f} s")


if __name__ == "__main__":
    main()
