"""Two versions side by side: one-process ingest against the jieba anchor, and cold `who`.

    python benchmarks/checks/versus.py OLD_REV [--corpus DIR] [--rounds 2]

OLD_REV's package is extracted with `git archive` and run as `PYTHONPATH=... python -m newscorpus`
from a temporary folder (so this checkout does not shadow it); the other side is this checkout.
The two ingests of each round run back to back, right after the anchor, because this machine's
speed drifts. --corpus defaults to the 10k-article corpus of benchmarks/run.py (generated when
missing). Both packages are compiled first, as `pip install` would.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))
import run as bench  # noqa: E402  (benchmarks/run.py: corpus generation, text size, the jieba anchor)


def extract(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "newscorpus"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    compileall.compile_dir(into / "newscorpus", quiet=1)
    compileall.compile_dir(REPO / "newscorpus", quiet=1)
    return into


def timed(argv: list[str], env: dict | None, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old_rev")
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--work", type=Path, default=HERE.parent / ".work")
    args = ap.parse_args()
    corpus = args.corpus or bench.corpus(args.work, 10_000)
    mb = bench.text_mb(corpus)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        old_src = extract(args.old_rev, tmp)
        sides = {"old": ({**os.environ, "PYTHONPATH": str(old_src)}, [py, "-m", "newscorpus"]),
                 "new": ({**os.environ, "PYTHONPATH": str(REPO)}, [py, "-m", "newscorpus"])}
        for r in range(args.rounds):
            anchor = bench.jieba_anchor(corpus)
            line = [f"round {r + 1}: {mb:.1f} MB, jieba.cut {anchor:.3f} MB/s"]
            for side, (env, nc) in sides.items():
                db = tmp / f"{side}.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                wall = timed(nc + ["ingest", str(corpus), "--glob", "*.txt", "--db", str(db), "--jobs", "1"], env, tmp)
                line.append(f"{side} {wall:.1f} s = {mb / wall:.3f} MB/s ({mb / wall / anchor:.2f}× jieba)")
            print("; ".join(line), flush=True)
        for side, (env, nc) in sides.items():
            subprocess.run(nc + ["ingest", str(REPO / "seeds"), "--db", str(tmp / f"{side}_seeds.db")], check=True,
                           capture_output=True, env=env, cwd=tmp)
        top = json.loads(subprocess.run(sides["new"][1] + ["officials", "--top", "1", "--db", str(tmp / "new_seeds.db"), "-f", "json"],
                                        check=True, capture_output=True, env=sides["new"][0], cwd=tmp).stdout)[0]["name"]
        for r in range(3):  # alternating, so drift hits both sides alike
            floor = statistics.median(timed([py, "-c", "import typer, rich, sqlite3"], None, tmp) for _ in range(9))
            who = {side: statistics.median(timed(nc + ["who", top, "--db", str(tmp / f"{side}_seeds.db"), "--format", "json"],
                                                 env, tmp) for _ in range(9)) for side, (env, nc) in sides.items()}
            print(f"cold who, round {r + 1}: floor {floor:.3f} s; "
                  + "; ".join(f"{s} {t:.3f} s ({t / floor:.2f}×)" for s, t in who.items()), flush=True)


if __name__ == "__main__":
    main()
