"""Rendering result rows: the one writer of result data, for every command and format."""
from __future__ import annotations

import csv
import io
import json
from enum import Enum
from pathlib import Path
from typing import IO, Any, Sequence


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as one flat text cell: lists joined with 、, dicts as k:v pairs, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value == value else ""
    if isinstance(value, (list, tuple)):
        return "、".join(cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}:{cell(v)}" for k, v in value.items())
    return str(value)


def _excel_safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(rows: Sequence[dict] | dict, columns: Sequence[str], fmt: Format, out: IO[str], *,
           excel: bool = False, title: str | None = None) -> None:
    """Write rows in the chosen format. json/jsonl keep every field; the others show `columns`.

    A dict (one record, as `show` and `who` return) is written as one JSON object, or as
    field/value rows in the flat formats.
    """
    if isinstance(rows, dict):
        if fmt in (Format.json, Format.jsonl):
            out.write(json.dumps(rows, ensure_ascii=False, indent=None if fmt == Format.jsonl else 1) + "\n")
            return
        rows, columns = _fields(rows, columns)
    if fmt == Format.json:
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=1) + "\n")
    elif fmt == Format.jsonl:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt in (Format.csv, Format.tsv):
        if excel and fmt == Format.csv:
            out.write("\ufeff")
        writer = csv.writer(out, delimiter="," if fmt == Format.csv else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            values = [cell(row.get(c)) for c in columns]
            writer.writerow([_excel_safe(v) for v in values] if excel else values)
    else:
        _table(rows, columns, out, title)


def _fields(record: dict, columns: Sequence[str]) -> tuple[list[dict], list[str]]:
    """One record as field/value rows, for the flat formats."""
    return [{"field": k, "value": record[k]} for k in columns if k in record], ["field", "value"]


def _table(rows: Sequence[dict], columns: Sequence[str], out: IO[str], title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold" if c in ("headline", "value", "text") else "ellipsis")
    for row in rows:
        table.add_row(*[cell(row.get(c)) for c in columns])
    width = 160 if not out.isatty() else None
    Console(file=out, width=width, markup=False, highlight=False, emoji=False).print(table)


def write_xlsx(rows: Sequence[dict] | dict, columns: Sequence[str], path: Path) -> None:
    """Write an Excel workbook: one sheet, a header row, one row per result (text cells)."""
    from openpyxl import Workbook

    if isinstance(rows, dict):
        rows, columns = _fields(rows, columns)
    book = Workbook()
    sheet = book.active
    sheet.title = "newscorpus"
    sheet.append(list(columns))
    for row in rows:
        values = []
        for c in columns:
            v = row.get(c)
            values.append(v if isinstance(v, (int, float)) and not isinstance(v, bool) else _excel_safe(cell(v)))
        sheet.append(values)
    book.save(path)


def to_string(rows: Sequence[dict] | dict, columns: Sequence[str], fmt: Format, **kw) -> str:
    buf = io.StringIO()
    render(rows, columns, fmt, buf, **kw)
    return buf.getvalue()
