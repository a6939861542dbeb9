"""Pictures: timelines and networks drawn with matplotlib in a CJK font shipped from PyPI.

A fresh machine has no font with Chinese glyphs, and matplotlib then draws boxes. The
`mplfonts` package ships Noto Sans CJK SC; its file is registered with matplotlib directly (no
font cache rebuild, no system install), and a plot refuses to draw without it.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from .errors import OutputError, UsageError

FONT_FILE = "NotoSansCJKsc-Regular.otf"
PLOT_SUFFIXES = (".png", ".svg")


def cjk_font() -> str:
    """Register the shipped CJK font with matplotlib and return its family name."""
    from matplotlib import font_manager

    spec = importlib.util.find_spec("mplfonts")
    if spec is None or spec.origin is None:
        raise UsageError("plots need the mplfonts package (pip install mplfonts) for Chinese glyphs")
    path = Path(spec.origin).parent / "fonts" / FONT_FILE
    if not path.exists():
        raise UsageError(f"mplfonts does not ship {FONT_FILE}: reinstall mplfonts")
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    family = cjk_font()
    plt.rcParams["font.family"] = [family]
    plt.rcParams["axes.unicode_minus"] = False
    return plt, family


def _check(path: Path) -> None:
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise UsageError(f"a plot is written as {' or '.join(PLOT_SUFFIXES)}, not {path.suffix or 'a file without suffix'}")


def _save(fig, plt, path: Path) -> None:
    try:
        fig.savefig(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)


def plot_timeline(rows: list[dict], title: str, path: Path) -> str:
    """Mentions per period as bars, articles as a line; titles of an official mark their changes.
    Returns the font family used."""
    _check(path)
    plt, family = _figure()
    periods = [r["period"] for r in rows]
    fig, ax = plt.subplots(figsize=(max(6, len(rows) * 0.35), 4), dpi=100)
    ax.bar(range(len(rows)), [r["mentions"] for r in rows], color="#4477aa", label="提及 mentions")
    ax.plot(range(len(rows)), [r["articles"] for r in rows], color="#cc6677", marker="o", label="文章 articles")
    step = max(1, len(rows) // 20)
    ax.set_xticks(range(0, len(rows), step), periods[::step], rotation=45, ha="right")
    previous = None
    for i, row in enumerate(rows):
        if row.get("title") and row["title"] != previous:
            ax.annotate(row["title"], (i, row["mentions"]), xytext=(0, 6), textcoords="offset points",
                        ha="center", fontsize=8)
            previous = row["title"]
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    _save(fig, plt, path)
    return family


def plot_network(nodes: list[dict], edges: list[dict], path: Path, *, top: int = 40) -> str:
    """The `top` nodes by mentions, sized by mentions, edges by weight. Returns the font family."""
    import networkx as nx

    from .network import to_graph

    _check(path)
    plt, family = _figure()
    keep = {n["id"] for n in nodes[:top]}
    graph = to_graph([n for n in nodes if n["id"] in keep],
                     [e for e in edges if e["source"] in keep and e["target"] in keep])
    fig, ax = plt.subplots(figsize=(10, 8), dpi=100)
    if graph.number_of_nodes():
        pos = nx.spring_layout(graph, seed=7, weight="weight", k=2 / max(1, graph.number_of_nodes()) ** 0.5,
                               iterations=200)
        sizes = [200 + 60 * graph.nodes[n].get("mentions", 1) for n in graph]
        colors = ["#4477aa" if graph.nodes[n].get("type") == "official" else "#ddaa33" for n in graph]
        widths = [0.5 + graph.edges[e]["weight"] for e in graph.edges]
        nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, alpha=0.4)
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=colors, alpha=0.85)
        nx.draw_networkx_labels(graph, pos, ax=ax, font_family=family, font_size=9)
    ax.set_axis_off()
    fig.tight_layout()
    _save(fig, plt, path)
    return family
