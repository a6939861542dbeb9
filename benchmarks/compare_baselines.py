"""Compare newscorpus with general-purpose jieba tools on the seed pages (prints Markdown).

    .venv/bin/python benchmarks/compare_baselines.py [--gold ../shared/gold]

1. Officials on the gold pages: distinct names and name mentions found by jieba.posseg's `nr`
   tag versus newscorpus's officials, both scored against the hand-checked officials.
2. Phrases on the five seed pages: newscorpus `phrases --top 20` next to jieba.analyse's
   TF-IDF `extract_tags` and `textrank` top 20.
3. Cold-process wall time of `newscorpus who 乔俊杰` on the seed corpus (median of 7 runs).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscorpus import ingest, queries  # noqa: E402
from newscorpus.pages import read_page  # noqa: E402
from newscorpus.parse import parse_page  # noqa: E402


def page_texts(path: Path) -> list[str]:
    page = parse_page(read_page(path).text)
    return [t for a in page.articles for t in a.headline_lines + a.paragraphs]


def prf(found: Counter, gold: Counter) -> tuple[float, float]:
    hit = sum((found & gold).values())
    return hit / max(1, sum(found.values())), hit / max(1, sum(gold.values()))


def officials_table(gold_dir: Path) -> str:
    import jieba.posseg as pseg

    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    tmp = Path(tempfile.mkdtemp())
    for g in golds:
        (tmp / g["file"]).write_bytes((ROOT / "seeds" / g["file"]).read_bytes())
    db = tmp / "gold.db"
    ingest([tmp], db=db, jobs=1)
    ours_mentions = Counter({o["name"]: o["mentions"] for o in queries.officials(db, top=0)})
    gold_mentions: Counter = Counter()
    nr_mentions: Counter = Counter()
    for g in golds:
        for off in g["officials"]:
            gold_mentions[off["name"]] += off["mentions"]
        for text in page_texts(tmp / g["file"]):
            nr_mentions.update(w for w, flag in pseg.cut(text) if flag == "nr")
    rows = ["| method | distinct names P | distinct names R | mentions P | mentions R |", "|---|---|---|---|---|"]
    for label, found in (("jieba.posseg `nr`", nr_mentions), ("newscorpus officials", ours_mentions)):
        dp, dr = prf(Counter(set(found)), Counter(set(gold_mentions)))
        mp, mr = prf(found, gold_mentions)
        rows.append(f"| {label} | {dp:.3f} | {dr:.3f} | {mp:.3f} | {mr:.3f} |")
    return "\n".join(rows)


def phrases_table() -> str:
    import jieba.analyse

    tmp = Path(tempfile.mkdtemp())
    db = tmp / "seeds.db"
    ingest([ROOT / "seeds"], db=db, jobs=1)
    ours = [p["phrase"] for p in queries.phrases(db, top=20)]
    text = "\n".join(t for p in sorted((ROOT / "seeds").glob("*.txt")) for t in page_texts(p))
    tfidf = jieba.analyse.extract_tags(text, topK=20)
    textrank = jieba.analyse.textrank(text, topK=20)
    rows = ["| # | newscorpus phrases | jieba extract_tags (TF-IDF) | jieba textrank |", "|---|---|---|---|"]
    for i in range(20):
        cells = [col[i] if i < len(col) else "" for col in (ours, tfidf, textrank)]
        rows.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def who_wall_time(runs: int = 7) -> str:
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "seeds.db"
    ingest([ROOT / "seeds"], db=db, jobs=1)
    cli = str(Path(sys.executable).parent / "newscorpus")
    times = {}
    for label, argv in (("newscorpus who 乔俊杰", [cli, "who", "乔俊杰", "--db", str(db), "--format", "json"]),
                        ("python -c 'import typer, rich, sqlite3'", [sys.executable, "-c", "import typer, rich, sqlite3"])):
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True)
            samples.append(time.perf_counter() - start)
        times[label] = statistics.median(samples)
    return "\n".join(f"- {k}: {v * 1000:.0f} ms (median of {runs})" for k, v in times.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    args = ap.parse_args()
    if args.gold.exists():
        print("## Officials on the gold pages\n")
        print(officials_table(args.gold))
    print("\n## Top 20 phrases on the seed pages\n")
    print(phrases_table())
    print("\n## Cold-process wall time on the seed corpus\n")
    print(who_wall_time())


if __name__ == "__main__":
    main()
