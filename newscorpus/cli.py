"""The newscorpus command line: parse options, call the library, render rows, map errors."""
from __future__ import annotations

import functools
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from . import queries
from .errors import NewscorpusError, NotFound, UsageError
from .report import Format, render, write_xlsx

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Turn page dumps of Chinese government newspapers into a queryable corpus.")

Db = Annotated[Path, typer.Option("--db", envvar="NEWSCORPUS_DB", help="Corpus file (SQLite).")]
Fmt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE (.xlsx: Excel workbook).")]
Excel = Annotated[bool, typer.Option("--excel", help="csv for spreadsheets: UTF-8 BOM, formulas neutralised.")]
Top = Annotated[int, typer.Option("--top", min=0, help="How many rows (0: all).")]
Lexicon = Annotated[Optional[Path], typer.Option("--lexicon", help="User lexicon (TOML); default: lexicon.toml next to the DB.")]
Since = Annotated[Optional[str], typer.Option("--since", help="Only pages dated on or after YYYY-MM-DD.")]
Until = Annotated[Optional[str], typer.Option("--until", help="Only pages dated on or before YYYY-MM-DD.")]
DEFAULT_DB = Path("newscorpus.db")


def _errors(func: Callable) -> Callable:
    """Turn library errors into one line on stderr: exit 2 for usage, 1 for everything else."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except NotFound as exc:
            hint = f" (did you mean: {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
            typer.echo(f"Error: {exc}{hint}", err=True)
            raise typer.Exit(1) from None
        except UsageError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(2) from None
        except NewscorpusError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper


def _emit(rows, columns: list[str], fmt: Format, output: Optional[Path], excel: bool = False,
          title: str | None = None) -> None:
    if output is not None and output.suffix.lower() == ".xlsx":
        write_xlsx(rows, columns, output)
        return
    if output is None:
        render(rows, columns, fmt, sys.stdout, excel=excel, title=title)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as out:
            render(rows, columns, fmt, out, excel=excel, title=title)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _emit_profile(view: dict, kind: str, fmt: Format, output: Optional[Path], data: dict | None = None) -> None:
    """A profile as rich panels on a terminal table, else as data (`data`, or the view itself)."""
    if fmt == Format.table and output is None:
        from .views import show_profile

        show_profile(view, kind)
        return
    data = data if data is not None else view
    _emit(data, list(data), fmt, output)


def _lexicon_path(lexicon: Optional[Path], db: Path) -> Optional[Path]:
    if lexicon is not None:
        if not lexicon.exists():
            raise UsageError(f"no such lexicon file: {lexicon}")
        return lexicon
    beside = db.parent / "lexicon.toml"
    return beside if beside.exists() else None


def _date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from None


@app.command()
@_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Page files or folders (searched recursively).")],
    db: Db = DEFAULT_DB,
    glob: Annotated[Optional[str], typer.Option(
        "--glob", help="File pattern inside folders (default: every supported suffix).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")] = 0,
    page_date: Annotated[Optional[str], typer.Option("--date", help="Publication date YYYY-MM-DD for all pages.")] = None,
    lexicon: Lexicon = None,
    fields: Annotated[Optional[str], typer.Option(
        "--fields", help="Record field names of JSON inputs: headline=TITLE,body=CONTENT,date=WHEN,...")] = None,
    fmt: Fmt = Format.table,
    output: Output = None,
) -> None:
    """Parse pages into articles and entities, into the corpus."""
    from .ingestion import ingest as run_ingest
    from .lexicon import load_user_lexicon

    user = load_user_lexicon(_lexicon_path(lexicon, db))
    with _progress() as tick:
        report = run_ingest(paths, db=db, glob=glob, jobs=jobs or None, page_date=_date(page_date, "--date"),
                            lexicon=user, fields=_fields(fields), progress=tick)
    for path, reason in report.failed:
        typer.echo(f"skipped {path}: {reason}", err=True)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    summary = {"files_read": report.read, "unchanged": report.unchanged, "failed": len(report.failed),
               "articles": report.articles, "captions": report.captions, "warnings": len(report.warnings)}
    if fmt == Format.table and output is None:
        typer.echo(" · ".join(f"{k.replace('_', ' ')}: {v}" for k, v in summary.items()), err=True)
    else:
        _emit(summary, list(summary), fmt, output)
    if not report.ok:
        raise typer.Exit(1)


def _fields(value: str | None) -> dict[str, str] | None:
    """--fields headline=TITLE,body=CONTENT -> {"headline": "TITLE", "body": "CONTENT"}."""
    if not value:
        return None
    from .readers.meta import FIELD_NAMES

    pairs = {}
    for item in value.split(","):
        role, _, name = item.partition("=")
        role, name = role.strip(), name.strip()
        if role not in FIELD_NAMES or not name:
            raise UsageError(f"--fields takes ROLE=NAME pairs with ROLE one of {', '.join(FIELD_NAMES)}, not {item!r}")
        pairs[role] = name
    return pairs


class _progress:
    """A rich progress bar on stderr (files, then each reindex pass), shown only for more than one step."""

    def __enter__(self):
        self.bar = None
        return self.tick

    def tick(self, done: int, total: int, name: str) -> None:
        if total <= 1:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("ingest", total=total)
        self.bar.update(self.task, completed=done, total=total, description=name[-40:])

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


@app.command()
@_errors
def reindex(db: Db = DEFAULT_DB, lexicon: Lexicon = None,
            jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")] = 0,
            ) -> None:
    """Recompute officials, enterprises and phrases from the stored articles (after a lexicon change)."""
    from .index import reindex as run_reindex
    from .lexicon import load_user_lexicon
    from .store import connect

    conn = connect(db)
    with _progress() as tick:
        counts = run_reindex(conn, lexicon=load_user_lexicon(_lexicon_path(lexicon, db)), jobs=jobs or None,
                             progress=tick)
    typer.echo(" · ".join(f"{k}: {v}" for k, v in counts.items()), err=True)


ARTICLE_COLUMNS = ["id", "source", "seq", "kind", "headline", "reporters", "photographers", "chars"]


@app.command()
@_errors
def articles(
    db: Db = DEFAULT_DB,
    source: Annotated[Optional[str], typer.Option("--source", help="Only pages whose path contains this.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="news, wire or photo.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", help="Only articles containing this text.")] = None,
    since: Since = None,
    until: Until = None,
    fmt: Fmt = Format.table, output: Output = None, excel: Excel = False,
) -> None:
    """List articles, one row each."""
    if kind is not None and kind not in ("news", "wire", "photo"):
        raise UsageError(f"--kind takes news, wire or photo, not {kind!r}")
    _date(since, "--since"), _date(until, "--until")
    rows = queries.articles(db, source=source, kind=kind, search=search, since=since, until=until)
    _emit(rows, ARTICLE_COLUMNS, fmt, output, excel)


@app.command()
@_errors
def show(article_id: Annotated[int, typer.Argument(metavar="ID", help="Article id (see `articles`).")],
         db: Db = DEFAULT_DB, fmt: Fmt = Format.table, output: Output = None) -> None:
    """One article in full: headline lines, byline, body with page breaks repaired."""
    row = queries.show(db, article_id)
    if fmt == Format.table and output is None:
        from rich.console import Console

        console = Console(markup=False, highlight=False, emoji=False)
        console.print(f"#{row['id']}  {row['source']} · {row['seq']} · {row['kind']}" + (f" · {row['date']}" if row["date"] else ""))
        for line in row["headline_lines"]:
            console.print(line, style="bold")
        if row["byline"]:
            console.print(row["byline"], style="dim")
        for para in row["paragraphs"]:
            console.print("\n" + para)
        return
    _emit(row, list(row), fmt, output)


@app.command()
@_errors
def stats(db: Db = DEFAULT_DB,
          leftovers: Annotated[bool, typer.Option("--leftovers", help="List page text outside articles (column labels, stray text).")] = False,
          fmt: Fmt = Format.table, output: Output = None) -> None:
    """Sources, articles by kind, characters, date range, entities."""
    if leftovers:
        _emit(queries.leftovers(db), ["source", "kind", "text"], fmt, output)
        return
    row = queries.stats(db)
    flat = {k: v for k, v in row.items() if k != "kinds"} | {f"articles_{k}": v for k, v in row["kinds"].items()}
    _emit(row if fmt in (Format.json, Format.jsonl) else flat, list(flat), fmt, output)


OFFICIAL_COLUMNS = ["name", "title", "mentions", "articles", "headline_mentions", "lead_articles", "list_position", "titles"]


@app.command()
@_errors
def officials(db: Db = DEFAULT_DB, top: Top = 20,
              title: Annotated[Optional[str], typer.Option("--title", help="Only officials with a title containing this.")] = None,
              fmt: Fmt = Format.table, output: Output = None, excel: Excel = False) -> None:
    """Officials by mentions, with their titles and prominence."""
    rows = queries.officials(db, top=top, title=title)
    if fmt not in (Format.json, Format.jsonl):
        rows = [r | {"titles": [f"{t['title']}×{t['count']}" for t in r["titles"]]} for r in rows]
    _emit(rows, OFFICIAL_COLUMNS, fmt, output, excel, title="officials")


@app.command()
@_errors
def who(name: Annotated[str, typer.Argument(help="A person's name (or the start of it).")],
        db: Db = DEFAULT_DB,
        articles: Annotated[int, typer.Option("--articles", min=0, help="List the latest N articles (0: all).")] = 100,
        fmt: Fmt = Format.table, output: Output = None) -> None:
    """A person's profile: titles, mentions, articles, co-appearing officials, enterprises, phrases."""
    profile = queries.who(db, name, articles=articles)
    _emit_profile(profile, "who", fmt, output)


@app.command()
@_errors
def kwic(text: Annotated[str, typer.Argument(help="Any string (not only indexed phrases).")],
         db: Db = DEFAULT_DB,
         width: Annotated[int, typer.Option("--width", min=1, help="Characters of context on each side.")] = 20,
         limit: Annotated[int, typer.Option("--limit", min=0, help="How many lines (0: all).")] = 50,
         fmt: Fmt = Format.table, output: Output = None, excel: Excel = False) -> None:
    """Keyword in context: every occurrence of TEXT with its left and right context."""
    rows = queries.kwic(db, text, width=width, limit=limit)
    if fmt == Format.table and output is None:
        from .views import show_kwic

        show_kwic(rows, width)
        return
    _emit(rows, ["id", "source", "left", "match", "right"], fmt, output, excel)


@app.command()
@_errors
def enterprises(db: Db = DEFAULT_DB, top: Top = 20, fmt: Fmt = Format.table, output: Output = None,
                excel: Excel = False) -> None:
    """Enterprises by mentions, with their short forms."""
    rows = queries.enterprises(db, top=top)
    if fmt not in (Format.json, Format.jsonl):
        rows = [r | {"aliases": [f"{k}×{v}" for k, v in r["aliases"].items()]} for r in rows]
    _emit(rows, ["name", "mentions", "articles", "aliases", "candidates"], fmt, output, excel, title="enterprises")


@app.command()
@_errors
def enterprise(name: Annotated[str, typer.Argument(help="Full name or any short form.")],
               db: Db = DEFAULT_DB, fmt: Fmt = Format.table, output: Output = None) -> None:
    """One enterprise: forms, articles, officials in the same articles, contexts."""
    profile = queries.enterprise(db, name)
    _emit_profile(profile | {"co_officials": profile["officials"]}, "enterprise", fmt, output, profile)


class PhraseSource(str, Enum):
    lexicon = "lexicon"
    quoted = "quoted"
    discovered = "discovered"


@app.command()
@_errors
def phrases(db: Db = DEFAULT_DB, top: Top = 20,
            min_articles: Annotated[int, typer.Option("--min-articles", min=0, help="Only phrases in at least K articles.")] = 1,
            source: Annotated[Optional[PhraseSource], typer.Option("--source", help="Only phrases of this source.")] = None,
            since: Since = None, until: Until = None,
            fmt: Fmt = Format.table, output: Output = None, excel: Excel = False) -> None:
    """Policy phrases by number of articles, then count."""
    _date(since, "--since"), _date(until, "--until")
    rows = queries.phrases(db, top=top, min_articles=min_articles, source=source.value if source else None,
                           since=since, until=until)
    _emit(rows, ["phrase", "count", "articles", "source"], fmt, output, excel, title="phrases")


@app.command()
@_errors
def phrase(text: Annotated[str, typer.Argument(help="An indexed phrase (see `phrases`).")],
           db: Db = DEFAULT_DB, fmt: Fmt = Format.table, output: Output = None) -> None:
    """One phrase: its articles, the officials named in them, contexts."""
    profile = queries.phrase(db, text)
    _emit_profile(profile | {"co_officials": profile["officials"], "role": profile["source"]}, "phrase", fmt, output,
                  profile)


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class TargetKind(str, Enum):
    official = "official"
    enterprise = "enterprise"
    phrase = "phrase"


Plot = Annotated[Optional[Path], typer.Option("--plot", help="Also draw a picture: FILE.png or FILE.svg.")]


@app.command()
@_errors
def timeline(target: Annotated[str, typer.Argument(help="An official, an enterprise (any form) or a phrase.")],
             db: Db = DEFAULT_DB,
             by: Annotated[Period, typer.Option("--by", help="Period length.")] = Period.month,
             kind: Annotated[Optional[TargetKind], typer.Option("--kind", help="What TARGET is, when a name is ambiguous.")] = None,
             plot: Plot = None, fmt: Fmt = Format.table, output: Output = None, excel: Excel = False) -> None:
    """Mentions and articles per period (gaps as zero); for an official, the title of each period."""
    from .timeline import timeline as run_timeline

    rows = run_timeline(db, target, by=by.value, kind=kind.value if kind else None)
    if plot is not None:
        from .plots import plot_timeline

        plot_timeline(rows, f"{target} · {by.value}", plot)
    columns = ["period", "mentions", "articles"] + (["title"] if rows and "title" in rows[0] else [])
    _emit(rows, columns, fmt, output, excel, title=target)


class NetworkKind(str, Enum):
    officials = "officials"
    officials_enterprises = "officials+enterprises"


@app.command()
@_errors
def network(db: Db = DEFAULT_DB,
            kind: Annotated[NetworkKind, typer.Option("--kind", help="Which nodes.")] = NetworkKind.officials,
            min_weight: Annotated[int, typer.Option("--min-weight", min=1, help="Only pairs sharing K+ articles.")] = 1,
            top: Top = 30, plot: Plot = None,
            output: Annotated[Optional[Path], typer.Option("--output", "-o", help="FILE.graphml / .gexf (Gephi) / .json (node-link), or a table file (.csv, .xlsx ...).")] = None,
            fmt: Fmt = Format.table, excel: Excel = False) -> None:
    """The co-appearance network: strongest pairs as a table, or the whole graph as a file."""
    from .network import GRAPH_SUFFIXES, co_appearances, write_graph

    nodes, edges = co_appearances(db, kind=kind.value, min_weight=min_weight)
    if plot is not None:
        from .plots import plot_network

        plot_network(nodes, edges, plot, top=top or len(nodes))
    if output is not None and output.suffix.lower() in GRAPH_SUFFIXES:
        write_graph(nodes, edges, output)
        typer.echo(f"{len(nodes)} nodes, {len(edges)} edges -> {output}", err=True)
        return
    _emit(edges[:top] if top else edges, ["source", "target", "weight"], fmt, output, excel, title="co-appearances")


@app.command()
@_errors
def keyness(target: Annotated[str, typer.Option("--target", help="Period (2024, 2024-03, FROM:TO) or source:TEXT.")],
            reference: Annotated[str, typer.Option("--reference", help="Period or source:TEXT to compare with.")],
            db: Db = DEFAULT_DB, top: Top = 30,
            min_count: Annotated[int, typer.Option("--min-count", min=1, help="Only phrases seen K+ times in both together.")] = 2,
            fmt: Fmt = Format.table, output: Output = None, excel: Excel = False) -> None:
    """Which phrases rose and which fell: log-likelihood of target against reference."""
    from .keyness import keyness as run_keyness

    rows = run_keyness(db, target, reference, top=top, min_count=min_count)
    _emit(rows, ["phrase", "target", "reference", "target_per_10k", "reference_per_10k", "log_likelihood", "direction"],
          fmt, output, excel, title=f"{target} vs {reference}")


def main() -> None:
    """Run the command line. A subcommand is built alone: typer would otherwise turn all the
    commands' signatures into click objects at every start (a fifth of a query's wall time)."""
    info = _command_info(sys.argv[1]) if len(sys.argv) > 1 else None
    if info is None:  # --help, no command, an unknown one: the whole app answers
        app()
        return
    single = typer.Typer(add_completion=False, rich_markup_mode=None)
    single.registered_commands.append(info)
    single(args=sys.argv[2:], prog_name=f"newscorpus {sys.argv[1]}")


def _command_info(name: str):
    from typer.main import get_command_name

    for info in app.registered_commands:
        if (info.name or get_command_name(info.callback.__name__)) == name:
            return info
    return None


if __name__ == "__main__":
    main()
