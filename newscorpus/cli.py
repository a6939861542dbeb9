"""The newscorpus command line: parse options, call the library, emit rows, map errors in one place."""
from __future__ import annotations

import functools
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from . import queries
from .errors import NewscorpusError, NotFound, UsageError
from .report import Format, emit, output_format
from .vocab import (ARTICLE_KINDS, EXPORT_FORMATS, KEYNESS_UNITS, KWIC_SORTS, MEASURES, NETWORK_KINDS, PERIODS, PHRASE_SOURCES,
                    TARGET_KINDS, choices)

class _OneLineErrors:
    """Usage errors (a bad option value, an unknown option) as one `Error:` line with exit code 2,
    instead of click's usage block: the same shape as every other error of the command line."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except Exception as exc:  # only click's own exceptions carry these two
            code, message = getattr(exc, "exit_code", None), getattr(exc, "format_message", None)
            if code is None or message is None:
                raise
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()
            else:
                name = getattr(getattr(exc, "ctx", None), "command_path", "newscorpus")
                typer.echo(f"Error: {message()} (see {name} --help)", err=True)
            sys.exit(code)
        sys.exit(result if isinstance(result, int) else 0)


class _Group(_OneLineErrors, TyperGroup):
    pass


class _Command(_OneLineErrors, TyperCommand):
    pass


app = typer.Typer(cls=_Group, add_completion=True, no_args_is_help=True, rich_markup_mode=None,
                  help="Turn page dumps of Chinese government newspapers into a queryable corpus.")

Db = Annotated[Path, typer.Option("--db", envvar="NEWSCORPUS_DB", help="Corpus file (SQLite).")]
Fmt = Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format (default: from the --output "
                                               "file's suffix, else table).")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE: .csv .tsv .json .jsonl "
                                                ".xlsx (Excel) or .parquet.")]
Excel = Annotated[bool, typer.Option("--excel", help="csv for spreadsheets: UTF-8 BOM, formulas neutralised.")]
Top = Annotated[int, typer.Option("--top", min=0, help="How many rows (0: all).")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")]
Lexicon = Annotated[Optional[Path], typer.Option("--lexicon", help="User lexicon (TOML); default: lexicon.toml next to the DB.")]
Scheduler = Annotated[Optional[str], typer.Option("--scheduler", help="Work on a Dask cluster: tcp://HOST:8786, "
                                                "a scheduler file, or `local` (a local cluster of --jobs workers); "
                                                "needs newscorpus[cluster].")]
Since = Annotated[Optional[str], typer.Option("--since", help="Only articles dated on or after YYYY-MM-DD.")]
Until = Annotated[Optional[str], typer.Option("--until", help="Only articles dated on or before YYYY-MM-DD.")]
DEFAULT_DB = Path("newscorpus.db")
ArticleKind = choices("ArticleKind", ARTICLE_KINDS)
PhraseSource = choices("PhraseSource", PHRASE_SOURCES)
Period = choices("Period", PERIODS)
TargetKind = choices("TargetKind", TARGET_KINDS)
NetworkKind = choices("NetworkKind", NETWORK_KINDS)
KwicSort = choices("KwicSort", KWIC_SORTS)
Measure = choices("Measure", MEASURES)
KeynessUnits = choices("KeynessUnits", KEYNESS_UNITS)
Source = Annotated[Optional[str], typer.Option("--source", help="Only pages whose path contains this.")]
Stopwords = Annotated[Optional[list[Path]], typer.Option("--stopwords", help="More stop words: a file of words "
                                                         "(whitespace-separated, # comments); repeatable.")]
KeepStopwords = Annotated[bool, typer.Option("--keep-stopwords", help="List stop words too.")]
ExportFormat = choices("ExportFormat", EXPORT_FORMATS)


def _fail(message: str, code: int) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def _errors(func: Callable) -> Callable:
    """Library errors as one line on stderr: exit 2 for usage, 1 for everything else. SQLite
    failures of the file or the machine (damaged, read-only, full) are errors too; bugs keep
    their traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .store import as_corpus_error

        try:
            return func(*args, **kwargs)
        except NotFound as exc:
            hint = f" (did you mean: {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
            _fail(f"{exc}{hint}", 1)
        except NewscorpusError as exc:
            _fail(str(exc), 2 if isinstance(exc, UsageError) else 1)
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except sqlite3.DatabaseError as exc:
            error = as_corpus_error(exc, kwargs.get("db"))
            if error is None:
                raise
            _fail(str(error), 1)

    return wrapper


def _query(func: Callable) -> Callable:
    """A query command: warns first, on stderr, when the entity tables lag behind the articles."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if queries.is_stale(kwargs["db"]):
            typer.echo("warning: the entity tables are out of date (an ingest or reindex was interrupted): "
                       "run `newscorpus reindex` to rebuild them", err=True)
        return func(*args, **kwargs)

    return _errors(wrapper)


def _date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from None


def _executor(scheduler: Optional[str], jobs: int):
    """Where the work runs: this machine's processes (None), or a Dask cluster for the command's length."""
    if scheduler is None:
        from contextlib import nullcontext

        return nullcontext(None)
    from .cluster import connect

    return connect(scheduler, jobs or None)


def _value(choice) -> Optional[str]:
    return choice.value if choice is not None else None


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


@app.command(cls=_Command)
@_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Page files or folders (searched recursively).")],
    db: Db = DEFAULT_DB,
    glob: Annotated[Optional[str], typer.Option(
        "--glob", help="File pattern inside folders (default: every supported suffix).")] = None,
    jobs: Jobs = 0,
    page_date: Annotated[Optional[str], typer.Option("--date", help="Publication date YYYY-MM-DD for all pages.")] = None,
    lexicon: Lexicon = None,
    fields: Annotated[Optional[str], typer.Option(
        "--fields", help="Record field names of JSON inputs: headline=TITLE,body=CONTENT,date=WHEN,...")] = None,
    full: Annotated[bool, typer.Option("--full", help="Rebuild every entity table even if nothing changed.")] = False,
    scheduler: Scheduler = None,
    fmt: Fmt = None,
    output: Output = None,
) -> None:
    """Read pages (text dumps, Markdown, HTML, JSON/JSONL) into articles and entities, into the corpus."""
    from .ingestion import ingest as run_ingest

    day = _date(page_date, "--date")
    with _executor(scheduler, jobs) as executor, _progress() as tick:
        report = run_ingest(paths, db=db, glob=glob, jobs=jobs or None, page_date=day,
                            lexicon=lexicon, fields=_fields(fields), progress=tick, full=full, executor=executor)
    for path, reason in report.failed:
        typer.echo(f"skipped {path}: {reason}", err=True)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    summary = {"files_read": report.read, "unchanged": report.unchanged, "failed": len(report.failed),
               "articles": report.articles, "captions": report.captions, "warnings": len(report.warnings),
               "formats": report.formats, "article_share": round(report.article_share, 4)
               if report.article_share is not None else None}
    if fmt is None and output is None:
        formats = ", ".join(f"{n} {f}" for f, n in sorted(report.formats.items()))
        share = f"{report.article_share:.1%}" if report.article_share is not None else "–"
        typer.echo(f"files read: {report.read}" + (f" ({formats})" if formats else "")
                   + f" · unchanged: {report.unchanged} · failed: {len(report.failed)} · articles: {report.articles}"
                   f" · captions: {report.captions} · text in articles: {share} · warnings: {len(report.warnings)}",
                   err=True)
    else:
        emit(summary, list(summary), fmt, output)
    if not report.ok:
        raise typer.Exit(1)


@app.command(cls=_Command)
@_errors
def reindex(db: Db = DEFAULT_DB, lexicon: Lexicon = None, jobs: Jobs = 0, scheduler: Scheduler = None) -> None:
    """Recompute officials, enterprises and phrases from the stored articles (after a lexicon change)."""
    from .corpus import Corpus

    with _executor(scheduler, jobs) as executor, _progress() as tick:
        counts = Corpus(db, lexicon=lexicon).reindex(jobs=jobs or None, progress=tick, executor=executor)
    typer.echo(" · ".join(f"{k}: {v}" for k, v in counts.items()), err=True)


@app.command(cls=_Command)
@_errors
def check(db: Db = DEFAULT_DB, fmt: Fmt = None, output: Output = None) -> None:
    """Check the corpus file (SQLite quick_check, the trigram index) and whether its tables are current."""
    result = queries.check(db)
    emit(result, list(result), fmt or (None if output else Format.json), output)  # -o check.csv: csv
    if not result["ok"]:
        raise typer.Exit(1)


ARTICLE_COLUMNS = ["id", "source", "seq", "kind", "headline", "reporters", "photographers", "chars"]


@app.command(cls=_Command)
@_query
def articles(
    db: Db = DEFAULT_DB,
    source: Source = None,
    kind: Annotated[Optional[ArticleKind], typer.Option("--kind", help="Only articles of this kind.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", help="Only articles containing this text.")] = None,
    since: Since = None,
    until: Until = None,
    event_since: Annotated[Optional[str], typer.Option("--event-since", help="Only articles naming an event "
                                                       "date (10月12日, 昨天) on or after YYYY-MM-DD.")] = None,
    event_until: Annotated[Optional[str], typer.Option("--event-until", help="... on or before YYYY-MM-DD.")] = None,
    fmt: Fmt = None, output: Output = None, excel: Excel = False,
) -> None:
    """List articles, one row each."""
    for value, option in ((since, "--since"), (until, "--until"), (event_since, "--event-since"),
                          (event_until, "--event-until")):
        _date(value, option)
    rows = queries.articles(db, source=source, kind=_value(kind), search=search, since=since, until=until,
                            event_since=event_since, event_until=event_until)
    emit(rows, ARTICLE_COLUMNS, fmt, output, excel=excel)


@app.command(cls=_Command)
@_query
def show(article_id: Annotated[int, typer.Argument(metavar="ID", help="Article id (see `articles`).")],
         db: Db = DEFAULT_DB, fmt: Fmt = None, output: Output = None) -> None:
    """One article in full: headline lines, byline, body with page breaks repaired."""
    row = queries.show(db, article_id)
    if fmt is None and output is None:
        from .views import show_article

        return show_article(row)
    emit(row, list(row), fmt, output)


@app.command(cls=_Command)
@_query
def stats(db: Db = DEFAULT_DB,
          leftovers: Annotated[bool, typer.Option("--leftovers", help="List page text outside articles: leftovers "
                                                  "(text, label) and parts set aside (front matter, summary lists ...).")] = False,
          coverage: Annotated[bool, typer.Option("--coverage", help="Per file: characters in articles, set aside, left over.")] = False,
          fmt: Fmt = None, output: Output = None) -> None:
    """Sources, articles by kind, characters, date range, entities."""
    if leftovers:
        return emit(queries.leftovers(db), ["source", "kind", "text"], fmt, output)
    if coverage:
        return emit(queries.coverage(db), ["source", "format", "chars", "article_chars", "set_aside_chars",
                                           "leftover_chars"], fmt, output)
    row = queries.stats(db)
    flat = {k: v for k, v in row.items() if k != "kinds"} | {f"articles_{k}": v for k, v in row["kinds"].items()}
    emit(row if _nested(fmt, output) else flat, list(flat), fmt, output)


OFFICIAL_COLUMNS = ["name", "title", "mentions", "articles", "headline_mentions", "lead_articles", "list_position", "titles"]


def _nested(fmt: Optional[Format], output: Optional[Path]) -> bool:
    """Does the output keep nested values (JSON, Parquet), or is it flat (tables, csv, xlsx)?"""
    return output_format(fmt, output) in (Format.json, Format.jsonl, "parquet")


@app.command(cls=_Command)
@_query
def officials(db: Db = DEFAULT_DB, top: Top = 20,
              title: Annotated[Optional[str], typer.Option("--title", help="Only officials with a title containing this.")] = None,
              fmt: Fmt = None, output: Output = None, excel: Excel = False) -> None:
    """Officials by mentions, with their titles and prominence."""
    rows = queries.officials(db, top=top, title=title)
    if not _nested(fmt, output):  # titles as `title×count` cells
        rows = [r | {"titles": [f"{t['title']}×{t['count']}" for t in r["titles"]]} for r in rows]
    emit(rows, OFFICIAL_COLUMNS, fmt, output, excel=excel, title="officials")


def _profile(profile: dict, kind: str, fmt: Optional[Format], output: Optional[Path]) -> None:
    """A profile as rich panels on the terminal, else as one data record."""
    if fmt is None and output is None:
        from .views import show_profile

        return show_profile(profile, kind)
    emit(profile, list(profile), fmt, output)


@app.command(cls=_Command)
@_query
def who(name: Annotated[str, typer.Argument(help="A person's name (or the start of it).")],
        db: Db = DEFAULT_DB,
        articles: Annotated[int, typer.Option("--articles", min=0, help="List the latest N articles (0: all).")] = 100,
        fmt: Fmt = None, output: Output = None) -> None:
    """A person's profile: titles, mentions, articles, co-appearing officials, enterprises, phrases."""
    _profile(queries.who(db, name, articles=articles), "who", fmt, output)


@app.command(cls=_Command)
@_query
def kwic(text: Annotated[str, typer.Argument(help="Any string (not only indexed phrases), or a pattern with --regex.")],
         db: Db = DEFAULT_DB,
         width: Annotated[int, typer.Option("--window", "--width", min=1, help="Characters of context on each side.")] = 20,
         words: Annotated[int, typer.Option("--tokens", min=0, help="Context of N words on each side instead of characters.")] = 0,
         sort: Annotated[Optional[KwicSort], typer.Option("--sort", help="Sort by the words nearest the match on the "
                                                          "left (read backwards), on the right, or by the match.")] = None,
         regex: Annotated[bool, typer.Option("--regex", help="TEXT is a Python regular expression.")] = False,
         limit: Annotated[int, typer.Option("--limit", min=0, help="How many lines (0: all).")] = 50,
         fmt: Fmt = None, output: Output = None, excel: Excel = False) -> None:
    """Keyword in context: every occurrence of TEXT with its left and right context."""
    from .concordance import concordance

    rows = concordance(db, text, regex=regex, width=width, words=words, sort=_value(sort), limit=limit)
    if fmt is None and output is None:
        from .views import show_kwic

        return show_kwic(rows, max((len(r["left"]) for r in rows), default=width) if words else width)
    emit(rows, ["id", "source", "left", "match", "right"], fmt, output, excel=excel)


@app.command(cls=_Command)
@_query
def collocates(text: Annotated[str, typer.Argument(help="The node: any string.")],
               db: Db = DEFAULT_DB,
               span: Annotated[int, typer.Option("--span", min=1, help="Words on each side.")] = 5,
               measure: Annotated[Measure, typer.Option("--measure", help="Association score.")] = Measure("mi"),
               min_freq: Annotated[int, typer.Option("--min-freq", min=1, help="Only collocates seen K+ times near TEXT.")] = 2,
               top: Top = 50, since: Since = None, until: Until = None, source: Source = None,
               stopwords: Stopwords = None, keep_stopwords: KeepStopwords = False, lexicon: Lexicon = None,
               fmt: Fmt = None, output: Output = None, excel: Excel = False) -> None:
    """Words near TEXT: how often, on which side, and how strongly they go with it."""
    from .wordlists import collocates as run_collocates, stopwords_for

    _date(since, "--since"), _date(until, "--until")
    stop = stopwords_for(db, lexicon, stopwords or (), keep=keep_stopwords)
    rows = run_collocates(db, text, span=span, measure=_value(measure), min_freq=min_freq, top=top, since=since,
                          until=until, source=source, stop=stop)
    emit(rows, ["collocate", "count", "left", "right", "frequency", "score"], fmt, output, excel=excel,
         title=f"collocates of {text} ({_value(measure)})")


@app.command(cls=_Command)
@_query
def words(db: Db = DEFAULT_DB, top: Top = 50,
          min_count: Annotated[int, typer.Option("--min-count", min=1, help="Only words seen K+ times.")] = 1,
          since: Since = None, until: Until = None, source: Source = None,
          stopwords: Stopwords = None, keep_stopwords: KeepStopwords = False, lexicon: Lexicon = None,
          fmt: Fmt = None, output: Output = None, excel: Excel = False) -> None:
    """The word frequency list (the project's segmentation), stop words left out."""
    from .wordlists import stopwords_for, words as run_words

    _date(since, "--since"), _date(until, "--until")
    stop = stopwords_for(db, lexicon, stopwords or (), keep=keep_stopwords)
    rows = run_words(db, since=since, until=until, source=source, stop=stop, top=top, min_count=min_count)
    emit(rows, ["word", "count", "articles", "per_10k"], fmt, output, excel=excel, title="words")


@app.command(cls=_Command)
@_query
def ngrams(db: Db = DEFAULT_DB,
           n: Annotated[int, typer.Option("--n", min=2, max=4, help="Words per n-gram (2-4).")] = 2,
           top: Top = 50,
           min_count: Annotated[int, typer.Option("--min-count", min=1, help="Only n-grams seen K+ times.")] = 2,
           since: Since = None, until: Until = None, source: Source = None,
           stopwords: Stopwords = None, keep_stopwords: KeepStopwords = False, lexicon: Lexicon = None,
           fmt: Fmt = None, output: Output = None, excel: Excel = False) -> None:
    """N-gram frequency list: N consecutive words, never across punctuation."""
    from .wordlists import ngrams as run_ngrams, stopwords_for

    _date(since, "--since"), _date(until, "--until")
    stop = stopwords_for(db, lexicon, stopwords or (), keep=keep_stopwords)
    rows = run_ngrams(db, n, since=since, until=until, source=source, stop=stop, top=top, min_count=min_count)
    emit(rows, ["ngram", "count", "articles", "per_10k"], fmt, output, excel=excel, title=f"{n}-grams")


@app.command(cls=_Command)
@_query
def enterprises(db: Db = DEFAULT_DB, top: Top = 20, fmt: Fmt = None, output: Output = None,
                excel: Excel = False) -> None:
    """Enterprises by mentions, with their short forms."""
    rows = queries.enterprises(db, top=top)
    if not _nested(fmt, output):
        rows = [r | {"aliases": [f"{k}×{v}" for k, v in r["aliases"].items()]} for r in rows]
    emit(rows, ["name", "mentions", "articles", "aliases", "candidates"], fmt, output, excel=excel, title="enterprises")


@app.command(cls=_Command)
@_query
def enterprise(name: Annotated[str, typer.Argument(help="Full name or any short form.")],
               db: Db = DEFAULT_DB, fmt: Fmt = None, output: Output = None) -> None:
    """One enterprise: forms, articles, officials in the same articles, contexts."""
    _profile(queries.enterprise(db, name), "enterprise", fmt, output)


@app.command(cls=_Command)
@_query
def phrases(db: Db = DEFAULT_DB, top: Top = 20,
            min_articles: Annotated[int, typer.Option("--min-articles", min=0, help="Only phrases in at least K articles.")] = 1,
            source: Annotated[Optional[PhraseSource], typer.Option("--source", help="Only phrases of this source.")] = None,
            since: Since = None, until: Until = None,
            fmt: Fmt = None, output: Output = None, excel: Excel = False) -> None:
    """Policy phrases by number of articles, then count."""
    _date(since, "--since"), _date(until, "--until")
    rows = queries.phrases(db, top=top, min_articles=min_articles, source=_value(source), since=since, until=until)
    emit(rows, ["phrase", "count", "articles", "source"], fmt, output, excel=excel, title="phrases")


@app.command(cls=_Command)
@_query
def phrase(text: Annotated[str, typer.Argument(help="An indexed phrase (see `phrases`).")],
           db: Db = DEFAULT_DB, fmt: Fmt = None, output: Output = None) -> None:
    """One phrase: its articles, the officials named in them, contexts."""
    _profile(queries.phrase(db, text), "phrase", fmt, output)


Plot = Annotated[Optional[Path], typer.Option("--plot", help="Also draw a picture: FILE.png or FILE.svg.")]


@app.command(cls=_Command)
@_query
def timeline(target: Annotated[str, typer.Argument(help="An official, an enterprise (any form) or a phrase.")],
             db: Db = DEFAULT_DB,
             by: Annotated[Period, typer.Option("--by", help="Period length.")] = Period("month"),
             kind: Annotated[Optional[TargetKind], typer.Option("--kind", help="What TARGET is, when a name is ambiguous.")] = None,
             plot: Plot = None, fmt: Fmt = None, output: Output = None, excel: Excel = False) -> None:
    """Mentions and articles per period (gaps as zero); for an official, the title of each period."""
    from .timeline import timeline as run_timeline

    by = _value(by)
    rows = run_timeline(db, target, by=by, kind=_value(kind))
    if plot is not None:
        from .plots import plot_timeline

        plot_timeline(rows, f"{target} · {by}", plot)
    columns = ["period", "mentions", "articles"] + (["title"] if rows and "title" in rows[0] else [])
    emit(rows, columns, fmt, output, excel=excel, title=target)


@app.command(cls=_Command)
@_query
def network(db: Db = DEFAULT_DB,
            kind: Annotated[NetworkKind, typer.Option("--kind", help="Which nodes.")] = NetworkKind("officials"),
            min_weight: Annotated[int, typer.Option("--min-weight", min=1, help="Only pairs sharing K+ articles.")] = 1,
            top: Top = 30, plot: Plot = None,
            output: Annotated[Optional[Path], typer.Option("--output", "-o", help="FILE.graphml / .gexf (Gephi) / .json (node-link graph), or a table file (.csv, .tsv, .jsonl, .xlsx ...).")] = None,
            fmt: Fmt = None, excel: Excel = False) -> None:
    """The co-appearance network: strongest pairs as a table, or the whole graph as a file."""
    from .network import GRAPH_SUFFIXES, co_appearances, write_graph

    nodes, edges = co_appearances(db, kind=_value(kind), min_weight=min_weight)
    if plot is not None:
        from .plots import plot_network

        plot_network(nodes, edges, plot, top=top or len(nodes))
    if output is not None and fmt is None and output.suffix.lower() in GRAPH_SUFFIXES:
        write_graph(nodes, edges, output)
        typer.echo(f"{len(nodes)} nodes, {len(edges)} edges -> {output}", err=True)
        return
    emit(edges[:top] if top else edges, ["source", "target", "weight"], fmt, output, excel=excel, title="co-appearances")


@app.command(cls=_Command)
@_query
def keyness(target: Annotated[str, typer.Option("--target", help="Period (2024, 2024-03, FROM:TO) or source:TEXT.")],
            reference: Annotated[str, typer.Option("--reference", help="Period or source:TEXT to compare with.")],
            db: Db = DEFAULT_DB, top: Top = 30,
            min_count: Annotated[int, typer.Option("--min-count", min=1, help="Only units seen K+ times in both together.")] = 2,
            units: Annotated[KeynessUnits, typer.Option("--units", help="Indexed phrases, or all segmented words.")] = KeynessUnits("phrases"),
            stopwords: Stopwords = None, keep_stopwords: KeepStopwords = False, lexicon: Lexicon = None,
            fmt: Fmt = None, output: Output = None, excel: Excel = False) -> None:
    """Which phrases (or words) rose and which fell: log-likelihood of target against reference."""
    from .keyness import keyness as run_keyness

    stop = frozenset()
    if _value(units) == "words":
        from .wordlists import stopwords_for

        stop = stopwords_for(db, lexicon, stopwords or (), keep=keep_stopwords)
    rows = run_keyness(db, target, reference, top=top, min_count=min_count, units=_value(units), stop=stop)
    unit = "word" if _value(units) == "words" else "phrase"
    emit(rows, [unit, "target", "reference", "target_per_10k", "reference_per_10k", "log_likelihood", "direction"],
         fmt, output, excel=excel, title=f"{target} vs {reference}")


@app.command(cls=_Command)
@_errors
def serve(db: Db = DEFAULT_DB,
          port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8001,
          host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1") -> None:
    """Browse and search the corpus in a web browser (Datasette), with canned queries for profiles."""
    from .serve import serve as run_serve

    run_serve(db, host=host, port=port)


@app.command(cls=_Command)
@_query
def export(out: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write the tables to (new or empty).")],
           db: Db = DEFAULT_DB,
           fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")] = ExportFormat("parquet"),
           overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace the tables of an earlier export in DIR.")] = False) -> None:
    """Every table users query as Parquet: articles and mentions partitioned by year, for DuckDB, Spark, pandas."""
    from .export import export as run_export

    with _progress() as tick:
        counts = run_export(db, out, fmt=_value(fmt), overwrite=overwrite, progress=tick)
    typer.echo(f"{len(counts)} tables, {sum(counts.values()):,} rows -> {out}", err=True)


def main() -> None:
    """Run the command line. A subcommand is built alone: typer would otherwise turn all the
    commands' signatures into click objects at every start (a fifth of a query's wall time)."""
    info = _command_info(sys.argv[1]) if len(sys.argv) > 1 else None
    if info is None:  # --help, no command, an unknown one, shell completion: the whole app answers
        app(prog_name="newscorpus")  # completion scripts name `newscorpus`, also under python -m
        return
    single = typer.Typer(cls=_Group, add_completion=False, rich_markup_mode=None)
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
