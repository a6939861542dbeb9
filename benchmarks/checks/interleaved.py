"""An ingest's phases, this checkout's package against an older revision's, run in turns.

    python benchmarks/checks/interleaved.py REV CORPUS_DIR [--jobs 1] [--rounds 3]

This machine's speed drifts by 10-20% from one minute to the next, so two versions timed one
after the other can differ by more than the change between them. Here each round runs the old
package (`git archive REV newscorpus`, unpacked into a temporary folder) and then this checkout's,
each in a fresh process through phases.py, and the medians over the rounds are compared phase by
phase (CPU seconds of the main process: with --jobs 2 the workers' time is not in them, only the
total's wall time tells). versus.py compares whole ingests against the jieba anchor instead.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from versus import extract  # noqa: E402  (REV's package unpacked and compiled, as versus.py runs it)

LINE = re.compile(r"(.+?)\s+([\d.]+) s wall\s+([\d.]+) s CPU")


def phases(package: Path, corpus: Path, jobs: int, db: Path) -> dict[str, tuple[float, float]]:
    """(wall, CPU) of each phase of one ingest with the package found at `package`."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(package))
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "checks" / "phases.py"), str(corpus),
                          "--jobs", str(jobs), "--db", str(db)], env=env, cwd=tempfile.gettempdir(),
                         capture_output=True, text=True, check=True).stdout
    return {m.group(1).strip(): (float(m.group(2)), float(m.group(3)))
            for m in map(LINE.match, out.splitlines()) if m}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rev", help="the older revision (any git revision name)")
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        old.mkdir()
        extract(args.rev, old)
        runs: dict[str, list[dict]] = {"old": [], "new": []}
        for _ in range(args.rounds):
            for side, package in (("old", old), ("new", ROOT)):
                runs[side].append(phases(package, args.corpus.resolve(), args.jobs, Path(tmp) / f"{side}.db"))
    print(f"{'phase':40s} {'old':>8s} {'new':>8s}  (median CPU s of {args.rounds}; total: wall s)")
    for name in runs["new"][0]:
        pick = 0 if name == "total" else 1
        old_v = statistics.median(r[name][pick] for r in runs["old"] if name in r)
        new_v = statistics.median(r[name][pick] for r in runs["new"])
        print(f"{name:40s} {old_v:8.2f} {new_v:8.2f}  {new_v / old_v - 1:+.0%}")


if __name__ == "__main__":
    main()
