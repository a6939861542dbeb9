"""A notebook session with newscorpus and pandas: DataFrames in, groupby, a pivot by month, files out.

Run from the repo root:  .venv/bin/python examples/notebook.py
(Each block is what a notebook cell would hold.)
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

import newscorpus as nc

# Cell 1: a corpus of the seed pages, dated by their file names (as a paper's archive would be)
root = Path(__file__).resolve().parent.parent
work = Path(tempfile.mkdtemp())
dates = ["2023-11-02", "2024-02-24", "2024-10-30", "2024-10-13", "2023-03-14"]
for page, day in zip(sorted((root / "seeds").glob("*.txt")), dates):
    shutil.copy(page, work / f"{day}.txt")
corpus = nc.Corpus(work / "notebook.db")
report = corpus.ingest([work])
print(f"{report.read} pages, {report.articles} articles")

# Cell 2: officials as a DataFrame; the titles column holds lists of {title, count, first_date, last_date}
officials = corpus.officials()
print(officials[["name", "title", "mentions", "articles"]].head(5).to_string(index=False))

# Cell 3: a groupby — officials per primary title, with their mentions
by_title = officials.groupby("title").agg(people=("name", "count"), mentions=("mentions", "sum"))
print(by_title.sort_values(["mentions", "people"], ascending=False).head(5).to_string())

# Cell 4: a pivot of mentions by month for the five most mentioned officials
mentions = corpus.mentions()
mentions["month"] = pd.to_datetime(mentions["date"]).dt.strftime("%Y-%m")
top = officials["name"].head(5)
pivot = (mentions[mentions["name"].isin(top)]
         .pivot_table(index="name", columns="month", values="count", aggfunc="sum", fill_value=0)
         .reindex(top))
print(pivot.to_string())

# Cell 5: out to Excel and Parquet through pandas
pivot.to_excel(work / "mentions_by_month.xlsx")
officials.drop(columns=["titles"]).to_parquet(work / "officials.parquet")
print("written:", ", ".join(sorted(p.name for p in work.iterdir() if p.suffix in (".xlsx", ".parquet"))))
