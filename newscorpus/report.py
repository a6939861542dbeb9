"""Result data out: the one writer of rows and records, for every format and output file.

Text leaves the program under one rule (safe_text): control characters other than tab and
newline are written as visible escapes (\\x1b) in tables, flat files, spreadsheets and XML, so a
page can neither drive the terminal nor break a file; JSON escapes them itself. The stored text
is never changed.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from enum import Enum
from pathlib import Path
from typing import IO, Any, Sequence

from .errors import OutputError, UsageError


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


# Output files whose suffix names their format (-o result.csv writes CSV without -f csv).
SUFFIX_FORMATS = {".csv": Format.csv, ".tsv": Format.tsv, ".json": Format.json, ".jsonl": Format.jsonl,
                  ".txt": Format.table}
FILE_SUFFIXES = (".xlsx", ".parquet")  # written by their own writers

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """Control characters (but tab and newline) as visible escapes: \\x1b for ESC."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text) if _CONTROL.search(text) else text


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
    return safe_text(str(value))


def _excel_safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def output_format(fmt: Format | None, output: Path | None) -> Format | str:
    """The format to write: -f when given, else the output file's suffix, else a table.
    A suffix that names another format than -f is a usage error, not a silent surprise."""
    suffix = output.suffix.lower() if output is not None else ""
    by_suffix: Format | str | None = SUFFIX_FORMATS.get(suffix) or (suffix[1:] if suffix in FILE_SUFFIXES else None)
    if fmt is None:
        return by_suffix or Format.table
    if by_suffix is not None and by_suffix != fmt and suffix != ".txt":
        raise UsageError(f"the output file {output.name} is {suffix[1:]}, but the format asked for is {fmt.value}")
    return fmt


def emit(rows: Sequence[dict] | dict, columns: Sequence[str], fmt: Format | None = None,
         output: Path | None = None, *, excel: bool = False, title: str | None = None) -> None:
    """Write result rows to stdout or to `output`, in the format asked for or named by its suffix."""
    chosen = output_format(fmt, output)
    if chosen == "xlsx":
        return write_xlsx(rows, columns, output)
    if chosen == "parquet":
        return write_parquet(rows, columns, output)
    if output is None:
        return render(rows, columns, chosen, sys.stdout, excel=excel, title=title)
    try:
        with open(output, "w", encoding="utf-8", newline="") as out:
            render(rows, columns, chosen, out, excel=excel, title=title)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None


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
        _delimited(rows, columns, out, "," if fmt == Format.csv else "\t", excel)
    else:
        _table(rows, columns, out, title)


def _delimited(rows: Sequence[dict], columns: Sequence[str], out: IO[str], delimiter: str, excel: bool) -> None:
    if excel and delimiter == ",":
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        values = [cell(row.get(c)) for c in columns]
        writer.writerow([_excel_safe(v) for v in values] if excel else values)


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
    """An Excel workbook: one sheet, a frozen header row with a filter, widths to fit, numbers as
    numbers and everything else as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    if isinstance(rows, dict):
        rows, columns = _fields(rows, columns)
    book = Workbook()
    sheet = book.active
    sheet.title = "newscorpus"
    sheet.append(list(columns))
    widths = [len(str(c)) for c in columns]
    for row in rows:
        values = [_xlsx_value(row.get(c)) for c in columns]
        sheet.append(values)
        widths = [max(w, _display_width(v)) for w, v in zip(widths, values)]
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _save(path, book.save)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _excel_safe(cell(value))
    return text


def _display_width(value: Any) -> int:
    text = str(value) if value is not None else ""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def pyarrow_modules(purpose: str) -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or a usage error naming the extra that installs them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError(f"{purpose} needs pyarrow: pip install 'newscorpus[export]'") from None
    return pyarrow, pyarrow.parquet


def write_parquet(rows: Sequence[dict] | dict, columns: Sequence[str], path: Path) -> None:
    """A Parquet file of the rows (every field, as JSON output has them), through pyarrow."""
    pa, pq = pyarrow_modules("Parquet output")
    records = [rows] if isinstance(rows, dict) else list(rows)
    table = pa.Table.from_pylist(records) if records else pa.table({c: pa.array([], pa.string()) for c in columns})
    _save(path, lambda p: pq.write_table(table, p))


def _save(path: Path, save) -> None:
    try:
        save(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def to_string(rows: Sequence[dict] | dict, columns: Sequence[str], fmt: Format, **kw) -> str:
    buf = io.StringIO()
    render(rows, columns, fmt, buf, **kw)
    return buf.getvalue()
