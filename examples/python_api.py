"""Using newscorpus from Python: ingest the seed pages, then read plain rows.

Run from the repo root:  .venv/bin/python examples/python_api.py
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import newscorpus
from newscorpus import queries

root = Path(__file__).resolve().parent.parent
db = Path(tempfile.mkdtemp()) / "api.db"
report = newscorpus.ingest([root / "seeds"], db=db)
print(f"{report.read} pages, {report.articles} articles, {report.captions} captions")

for row in queries.officials(db, top=5):
    titles = "、".join(t["title"] for t in row["titles"])
    print(f"{row['name']:<6} {row['mentions']:>3} mentions in {row['articles']} articles  {titles}")

profile = queries.who(db, "乔俊杰")
print("co-appearing:", ", ".join(c["name"] for c in profile["co_officials"][:5]))
print("top phrases:", ", ".join(p["phrase"] for p in queries.phrases(db, top=5)))
