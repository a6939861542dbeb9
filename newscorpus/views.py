"""Rich views for people: articles, profiles and concordances on a terminal (text made safe first)."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .report import safe_text


def _console(width: int | None = None) -> Console:
    return Console(markup=False, highlight=False, emoji=False, width=width)


def _text(value: object) -> str:
    return "" if value is None else safe_text(str(value))


def _mini(rows: list[dict], columns: list[str]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*[_text(row.get(c)) for c in columns])
    return table


def show_article(row: dict) -> None:
    """One article as a reader sees it: where it stands, its headline lines, byline and paragraphs."""
    console = _console()
    where = f"#{row['id']}  {row['source']} · {row['seq']} · {row['kind']}" + (f" · {row['date']}" if row["date"] else "")
    console.print(_text(where))
    if row.get("label"):
        console.print(_text(row["label"]), style="dim")
    for line in row["headline_lines"]:
        console.print(_text(line), style="bold")
    if row["byline"]:
        console.print(_text(row["byline"]), style="dim")
    if row.get("event_dates"):
        console.print(_text("events: " + ", ".join(row["event_dates"])), style="dim")
    for para in row["paragraphs"]:
        console.print("\n" + _text(para))


def show_profile(p: dict, kind: str = "who") -> None:
    """A person, enterprise or phrase profile as panels: one panel per kind of fact."""
    console = _console()
    head = Text(_text(p["name"]), style="bold")
    head.append(_text(f"  {p.get('role', p.get('source', ''))}  {p.get('title', '')}"), style="")
    if p.get("place"):
        head.append(_text(f"  ({p['place']})"))
    facts = [f"mentions {p['mentions']} in {p.get('articles_total', len(p['articles']))} articles"]
    if p.get("headline_mentions") is not None:
        facts.append(f"headlines {p['headline_mentions']}, leads {p['lead_articles']}")
    if p.get("list_position") is not None:
        facts.append(f"mean list position {p['list_position']}")
    console.print(Panel(Group(head, Text(" · ".join(facts))), title=kind, title_align="left"))
    sections = [
        ("titles", p.get("titles"), ["title", "count", "first_date", "last_date"]),
        ("surface forms", [{"form": k, "count": v} for k, v in p.get("aliases", {}).items()] or None, ["form", "count"]),
        ("articles", p["articles"], ["id", "date", "source", "headline"]),
        ("co-appearing officials", p.get("co_officials", p.get("officials")), ["name", "articles", "mentions"]),
        ("enterprises", p.get("enterprises"), ["name", "articles", "mentions"]),
        ("phrases", p.get("phrases"), ["phrase", "articles", "mentions"]),
        ("others of the same name", p.get("namesakes"), ["id", "title", "place", "mentions"]),
    ]
    for title, rows, columns in sections:
        if rows:
            console.print(Panel(_mini(rows, columns), title=title, title_align="left"))
    if p.get("contexts"):
        console.print(Panel(_kwic_table(p["contexts"], 12), title="contexts", title_align="left"))


def _kwic_table(rows: list[dict], width: int) -> Table:
    """Left context right-aligned, the match in its own column, so matches line up."""
    from rich.cells import cell_len

    match_width = max((cell_len(_text(r["match"])) for r in rows), default=1)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("id", justify="right", style="dim")
    table.add_column("left", justify="right", no_wrap=True, overflow="crop", min_width=width * 2)
    table.add_column("match", style="bold", no_wrap=True, min_width=match_width)
    table.add_column("right", justify="left", no_wrap=True, overflow="crop", min_width=width * 2)
    for row in rows:
        table.add_row(str(row["id"]), _text(row["left"]), _text(row["match"]), _text(row["right"]))
    return table


def show_kwic(rows: list[dict], width: int) -> None:
    """A concordance with the match in one aligned column."""
    _console(max(80, width * 4 + 30)).print(_kwic_table(rows, width))
