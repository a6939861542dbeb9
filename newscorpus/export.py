"""Export every table users query as Parquet, for DuckDB, Spark, pandas and Polars.

Per-article tables (articles and the mentions of people, enterprises and phrases) are partitioned
by year in Hive's layout (`articles/year=2024/part-0.parquet`, `year=undated` for articles with
no date), so a query of one period reads only its years; the other tables are one file each
(`people.parquet`). Rows are streamed in batches: memory does not grow with the corpus.
pyarrow is imported only when an export runs (`pip install 'newscorpus[export]'`).
"""
from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from .errors import OutputError, UsageError
from .queries import Db, opened
from .report import pyarrow_modules
from .store.export import TABLES, snapshot, table_rows
from .vocab import EXPORT_FORMATS

UNDATED = "undated"
_INTS = {"id", "seq", "chars", "size", "article_id", "count", "mentions", "articles", "headline_mentions",
         "body_mentions", "lead_articles", "a_mentions", "b_mentions"}
_FLOATS = {"list_position", "score"}
_DATES = {"date", "first_date", "last_date"}
_LISTS = {"headline_lines", "reporters", "correspondents", "photographers", "candidates"}  # stored as JSON lists


def export(db: Db, out: str | Path, *, fmt: str = "parquet", overwrite: bool = False,
           progress: Callable[[int, int, str], None] | None = None) -> dict[str, int]:
    """Write every table to the folder `out`; returns the rows written per table.

    The tables are written to a folder beside `out` first and moved in at the end, so a failed
    export leaves `out` as it was. A folder that holds anything already is refused unless
    `overwrite`, which replaces the tables an export writes and leaves everything else.
    """
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"an export format is one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    out = Path(out)
    _check_target(out, overwrite)
    writer = _Writer(_pyarrow())
    with opened(db) as conn, snapshot(conn):  # every table as of one moment, an ingest running or not
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            counts = {}
            for done, table in enumerate(TABLES, 1):
                counts[table] = writer.table(conn, table, staging)
                if progress:
                    progress(done, len(TABLES), f"export: {table}")
            _move_into(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return counts


def _check_target(out: Path, overwrite: bool) -> None:
    if not out.parent.is_dir():
        raise OutputError(f"cannot write {out}: no folder {out.parent}")
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write {out}: it is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise OutputError(f"the folder {out} is not empty: export into a new folder, or overwrite its tables")


def _move_into(staging: Path, out: Path) -> None:
    """The staged tables into `out`, replacing tables of the same name."""
    out.mkdir(exist_ok=True)
    for item in sorted(staging.iterdir()):
        target = out / item.name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        item.rename(target)


def _pyarrow() -> Any:
    return pyarrow_modules("Parquet export")[0]


class _Writer:
    """Rows of the store as Arrow tables with fixed types (the same in every batch and partition)."""

    def __init__(self, pa: Any):
        self.pa = pa

    def type_of(self, column: str) -> Any:
        pa = self.pa
        if column in _INTS:
            return pa.int64()
        if column in _FLOATS:
            return pa.float64()
        if column in _DATES:
            return pa.date32()
        if column in _LISTS:
            return pa.list_(pa.string())
        if column == "event_dates":
            return pa.list_(pa.date32())
        return pa.string()

    def arrow(self, columns: list[str], rows: list[tuple], schema: Any) -> Any:
        """A batch of rows as an Arrow table: JSON lists parsed, ISO dates as dates."""
        pa, arrays = self.pa, []
        for i, (name, values) in enumerate(zip(columns, zip(*rows))):
            if name in _LISTS or name == "event_dates":
                values = [json.loads(v) if v is not None else None for v in values]
            if name in _DATES or name == "event_dates":
                text = pa.list_(pa.string()) if name == "event_dates" else pa.string()
                arrays.append(pa.array(values, text).cast(schema.field(i).type))
            else:
                arrays.append(pa.array(values, schema.field(i).type))
        return pa.Table.from_arrays(arrays, schema=schema)

    def table(self, conn: Any, table: str, folder: Path) -> int:
        """Write one table (partitioned by year where its rows are per article); returns its rows."""
        import pyarrow.parquet as pq

        columns, batches = table_rows(conn, table)
        schema = self.pa.schema([(c, self.type_of(c)) for c in columns])
        partitioned = TABLES[table][1]
        date = columns.index("date") if partitioned else None
        writers: dict[str, Any] = {}
        rows_written = 0
        try:
            for rows in batches:
                groups: dict[str, list[tuple]] = defaultdict(list)
                for row in rows:
                    groups[_year(row[date]) if partitioned else ""].append(row)
                for year, part in groups.items():
                    if year not in writers:
                        writers[year] = pq.ParquetWriter(_file(folder, table, year), schema, compression="zstd")
                    writers[year].write_table(self.arrow(columns, part, schema))
                rows_written += len(rows)
            if not writers:  # an empty table is still a table: readers find its columns
                writers[UNDATED if partitioned else ""] = pq.ParquetWriter(
                    _file(folder, table, UNDATED if partitioned else ""), schema, compression="zstd")
        finally:
            for w in writers.values():
                w.close()
        return rows_written


def _year(day: str | None) -> str:
    return day[:4] if day else UNDATED


def _file(folder: Path, table: str, year: str) -> Path:
    """`table.parquet`, or `table/year=YYYY/part-0.parquet` for a partition."""
    if not year:
        return folder / f"{table}.parquet"
    path = folder / table / f"year={year}" / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
