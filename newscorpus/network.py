"""The co-appearance network: officials (and enterprises) linked by the articles they share."""
from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

from .errors import UsageError
from .queries import _open

KINDS = ("officials", "officials+enterprises")
GRAPH_SUFFIXES = (".graphml", ".gexf", ".json")


def co_appearances(db: str | Path, *, kind: str = "officials", min_weight: int = 1) -> tuple[list[dict], list[dict]]:
    """Nodes ({id, type, mentions, articles, title}) and weighted edges ({source, target, weight}).

    An edge's weight is the number of articles in which both are named; pairs below
    `min_weight` are left out, and so are nodes left without an edge.
    """
    if kind not in KINDS:
        raise UsageError(f"--kind takes one of {', '.join(KINDS)}, not {kind!r}")
    with _open(db) as conn:
        nodes = {r[0]: {"id": r[0], "type": "official", "mentions": r[1], "articles": r[2], "title": r[3]}
                 for r in conn.execute("SELECT name, mentions, articles, title FROM people WHERE role = 'official'")}
        sql = ("SELECT m.article_id, m.name FROM person_mentions m JOIN people p ON p.name = m.name "
               "WHERE p.role = 'official'")
        if kind == "officials+enterprises":
            for name, mentions, articles in conn.execute("SELECT name, mentions, articles FROM enterprises"):
                nodes.setdefault(name, {"id": name, "type": "enterprise", "mentions": mentions, "articles": articles,
                                        "title": ""})
            sql += " UNION ALL SELECT article_id, name FROM enterprise_mentions"
        by_article: dict[int, list[str]] = {}
        for article_id, name in conn.execute(sql):
            by_article.setdefault(article_id, []).append(name)
    weights: Counter = Counter()
    for names in by_article.values():
        for a, b in combinations(sorted(set(names)), 2):
            weights[(a, b)] += 1
    edges = [{"source": a, "target": b, "weight": w} for (a, b), w in weights.items() if w >= min_weight]
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    kept = sorted((n for n in nodes.values() if n["id"] in linked), key=lambda n: (-n["mentions"], n["id"]))
    return kept, edges


def to_graph(nodes: list[dict], edges: list[dict]):
    import networkx as nx

    graph = nx.Graph()
    for node in nodes:
        graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in edges:
        graph.add_edge(edge["source"], edge["target"], weight=edge["weight"])
    return graph


def write_graph(nodes: list[dict], edges: list[dict], path: Path) -> None:
    """GraphML or GEXF (open in Gephi), or node-link JSON, by the file's suffix."""
    import networkx as nx

    graph = to_graph(nodes, edges)
    suffix = path.suffix.lower()
    try:
        if suffix == ".graphml":
            nx.write_graphml(graph, path)
        elif suffix == ".gexf":
            nx.write_gexf(graph, path)
        elif suffix == ".json":
            path.write_text(json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, indent=1),
                            encoding="utf-8")
        else:
            raise UsageError(f"a graph file ends in {', '.join(GRAPH_SUFFIXES)}, not {suffix or 'nothing'}")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
