"""The event-flow graph of an architecture, and its Mermaid, DOT, SVG and HTML pictures.

- :func:`build_flow_graph` (plain Python, cheap): what the graph rules use.
- :func:`build_graph`: the same graph as a networkx ``MultiDiGraph`` (nodes carry
  ``type``, ``layer``, ``kind``, ``title``, ``path``; edges ``kind``, ``flow``,
  ``flow_name``, ``label``, ``origin``, ``reoriented``), for rendering and for your own
  analysis.
- :func:`render`: one of :data:`FORMATS` as text; :func:`render_svg` runs Graphviz.

networkx and the renderers are imported only when a picture is asked for, so the
lint path never pays for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from archlint.graph.build import (
    FlowEdge,
    FlowGraph,
    FlowInfo,
    Node,
    NodeType,
    build_flow_graph,
)

if TYPE_CHECKING:
    import networkx as nx

    from archlint.model import Architecture

__all__ = [
    "FORMATS",
    "FlowEdge",
    "FlowGraph",
    "FlowInfo",
    "Node",
    "NodeType",
    "UnknownFlow",
    "build_flow_graph",
    "build_graph",
    "render",
    "render_failure",
    "render_svg",
]

FORMATS = ("mermaid", "dot", "svg", "html")


class UnknownFlow(ValueError):
    """``--flow NAME`` names no flow of the architecture."""


def select(arch: Architecture, flow: str | None = None) -> FlowGraph:
    """The whole graph, or the subgraph of the flow with this id or name."""
    graph = build_flow_graph(arch)
    if flow is None:
        return graph
    info = graph.flow(flow)
    if info is None:
        known = ", ".join(sorted(graph.flows)) or "none"
        raise UnknownFlow(f"no flow '{flow}' (flows: {known})")
    return graph.select(info.id)


def build_graph(arch: Architecture, flow: str | None = None) -> nx.MultiDiGraph:
    """The event-flow graph as a networkx MultiDiGraph (one flow's when ``flow`` is given).

    Its ``flow_order`` attribute lists every flow of the architecture, so that a flow
    drawn alone keeps the colour it has in the whole graph."""
    from archlint.graph.nxgraph import to_networkx

    graph = to_networkx(select(arch, flow), arch.metadata.name)
    graph.graph["flow_order"] = sorted(build_flow_graph(arch).flows)
    return graph


def render(arch: Architecture, fmt: str, flow: str | None = None) -> str:
    """The graph as Mermaid, DOT, SVG or HTML text."""
    from archlint.graph import render_dot, render_html, render_mermaid

    graph = build_graph(arch, flow)
    if fmt == "mermaid":
        return render_mermaid.render(graph)
    if fmt == "dot":
        return render_dot.render(graph)
    if fmt == "svg":
        return render_dot.to_svg(render_dot.render(graph))
    if fmt == "html":
        # The whole graph is wide: the page adds one smaller picture per flow.
        flows = [] if flow else sorted(graph.graph["flows"])
        return render_html.render(graph, [build_graph(arch, one) for one in flows])
    raise ValueError(f"unknown graph format {fmt!r}; expected one of: {', '.join(FORMATS)}")


#: Component states in which a failure picture draws a node as failed and its steps as lost.
LOST_STATES = frozenset({"down", "assumed_down"})


def mark_failures(graph: nx.MultiDiGraph, statuses: Mapping[str, str]) -> nx.MultiDiGraph:
    """Mark ``graph`` for a failure picture: each node whose component (a dead-letter queue:
    its entity) has a status other than ``up`` gets ``failure``; each step from or to a
    node in :data:`LOST_STATES` gets ``lost``."""
    from archlint.model import DLQ_SUFFIX

    for node, data in graph.nodes(data=True):
        status = statuses.get(node.removesuffix(DLQ_SUFFIX), "up")
        if status != "up":
            data["failure"] = status
    for source, target, data in graph.edges(data=True):
        ends = (graph.nodes[source].get("failure"), graph.nodes[target].get("failure"))
        if any(end in LOST_STATES for end in ends):
            data["lost"] = True
    return graph


def render_failure(arch: Architecture, statuses: Mapping[str, str], fmt: str) -> str:
    """The graph as DOT, SVG or HTML with the failed components of a scenario marked
    (``statuses``: component id -> status) and the steps they take down dashed."""
    from archlint.graph import render_dot, render_html

    graph = mark_failures(build_graph(arch), statuses)
    if fmt == "dot":
        return render_dot.render(graph)
    if fmt == "svg":
        return render_dot.to_svg(render_dot.render(graph))
    if fmt == "html":
        flows = [
            mark_failures(build_graph(arch, one), statuses) for one in sorted(graph.graph["flows"])
        ]
        return render_html.render(graph, flows)
    raise ValueError(f"unknown failure picture format {fmt!r}; expected dot, svg or html")


def render_svg(arch: Architecture, flow: str | None = None) -> str:
    """The graph drawn by Graphviz ``dot`` as SVG (raises GraphvizError without it)."""
    return render(arch, "svg", flow)
