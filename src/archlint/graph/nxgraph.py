"""The flow graph as a networkx ``MultiDiGraph``: what the renderers and API users get.

networkx is imported here and nowhere on the lint path (see :mod:`archlint.graph.build`).
Insertion order is the graph's sorted order, so anything iterating the MultiDiGraph
sees nodes and edges in the same order on every run.
"""

from __future__ import annotations

import networkx as nx

from archlint.graph.build import FlowGraph
from archlint.model import format_path


def to_networkx(graph: FlowGraph, name: str = "") -> nx.MultiDiGraph:
    """Nodes with type/layer/kind/title/path; edges (keyed 0, 1... per pair) with
    kind/flow/flow_name/label/origin/reoriented; graph attribute ``flows``: id -> name,
    flow_kind, critical."""
    result = nx.MultiDiGraph(
        name=name,
        flows={
            f.id: {"name": f.name, "flow_kind": f.flow_kind, "critical": f.critical}
            for f in graph.flows.values()
        },
    )
    for node in graph.nodes.values():
        result.add_node(
            node.id,
            type=str(node.type),
            layer=node.layer,
            kind=node.kind,
            title=node.title,
            path=format_path(node.path),
        )
    for edge in graph.edges:
        result.add_edge(
            edge.source,
            edge.target,
            kind=edge.kind,
            flow=edge.flow,
            flow_name=graph.flows[edge.flow].name if edge.flow in graph.flows else None,
            label=edge.label,
            origin=format_path(edge.origin),
            reoriented=edge.reoriented,
        )
    return result
