"""The co-appearance network: officials (and enterprises) linked by the articles they share."""
from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

from .errors import OutputError, UsageError
from .queries import Db, opened
from .store import reads
from .vocab import NETWORK_KINDS

KINDS = NETWORK_KINDS
GRAPH_SUFFIXES = (".graphml", ".gexf", ".json")


def co_appearances(db: Db, *, kind: str = "officials", min_weight: int = 1) -> tuple[list[dict], list[dict]]:
    """Nodes ({id, type, mentions, articles, title}) and weighted edges ({source, target, weight}).

    An edge's weight is the number of articles in which both are named; pairs below
    `min_weight` are left out, and so are nodes left without an edge.
    """
    if kind not in KINDS:
        raise UsageError(f"a network is one of {', '.join(KINDS)}, not {kind!r}")
    with_enterprises = kind == "officials+enterprises"
    with opened(db) as conn:
        nodes: dict[str, dict] = {}
        for node in reads.network_nodes(conn, with_enterprises):
            nodes.setdefault(node["id"], node)
        by_article: dict[int, list[str]] = {}
        for article_id, name in reads.network_mentions(conn, with_enterprises):
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

    from .report import safe_text

    graph = nx.Graph()
    for node in nodes:
        graph.add_node(safe_text(node["id"]), **{k: safe_text(v) if isinstance(v, str) else v
                                                 for k, v in node.items() if k != "id"})
    for edge in edges:
        graph.add_edge(safe_text(edge["source"]), safe_text(edge["target"]), weight=edge["weight"])
    return graph


def write_graph(nodes: list[dict], edges: list[dict], path: Path) -> None:
    """GraphML or GEXF (open in Gephi), or node-link JSON, by the file's suffix. Control
    characters in names are escaped: XML 1.0 cannot hold them."""
    import networkx as nx

    graph = to_graph(nodes, edges)
    suffix = path.suffix.lower()
    if suffix not in GRAPH_SUFFIXES:
        raise UsageError(f"a graph file ends in {', '.join(GRAPH_SUFFIXES)}, not {suffix or 'nothing'}")
    try:
        if suffix == ".graphml":
            nx.write_graphml(graph, path)
        elif suffix == ".gexf":
            nx.write_gexf(graph, path)
        else:
            path.write_text(json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, indent=1),
                            encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
