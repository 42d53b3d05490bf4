"""How the graph looks, shared by every renderer so Mermaid, DOT and the legend agree.

Node shape and fill come from the node type; layers become subgraphs/clusters in a fixed
order; each flow gets a colour (Okabe-Ito, readable by colour-blind readers); edges the
model states outside the flows are grey; dead-letter edges are dashed and synchronous
calls thick. Everything is sorted, so a picture is the same bytes on every run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from archlint.records import record

#: Left-to-right order of the layer subgraphs; other layers follow alphabetically.
LAYER_ORDER = ("external", "edge", "network", "compute", "messaging", "data", "monitoring")

FLOW_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
FACT_COLOUR = "#8c8c8c"
DEAD_LETTER_KIND = "dead_letter"
SYNC_KIND = "sync_call"


@record
class NodeStyle:
    mermaid: tuple[str, str]  # opening and closing bracket of the Mermaid shape
    dot_shape: str
    fill: str
    stroke: str
    legend: str  # what the legend calls this type


_MESSAGING = ("#fff4cc", "#b58900")
_COMPUTE = ("#dbe9f6", "#2a6ebb")
_DATA = ("#ddf2e3", "#2e8b57")
_EDGE = ("#ece3f5", "#6f42c1")
_OUTSIDE = ("#eeeeee", "#555555")
_MONITORING = ("#fde5d2", "#c0602a")

NODE_STYLES: dict[str, NodeStyle] = {
    "producer": NodeStyle(("(((", ")))"), "house", *_OUTSIDE, "producer"),
    "topic": NodeStyle(("{{", "}}"), "hexagon", *_MESSAGING, "topic"),
    "subscription": NodeStyle(("[\\", "/]"), "invtrapezium", *_MESSAGING, "subscription"),
    "queue": NodeStyle(("([", "])"), "cds", *_MESSAGING, "queue"),
    "dead_letter_queue": NodeStyle(("([", "])"), "cds", "#f8d7da", "#b02a37", "dead-letter queue"),
    "hub": NodeStyle(("[/", "/]"), "parallelogram", *_MESSAGING, "event hub"),
    "consumer_group": NodeStyle(("[\\", "\\]"), "invhouse", *_MESSAGING, "consumer group"),
    "namespace": NodeStyle(("[", "]"), "box3d", *_MESSAGING, "messaging namespace"),
    "function": NodeStyle(("(", ")"), "ellipse", *_COMPUTE, "function app"),
    "logic_app": NodeStyle(("[[", "]]"), "component", *_COMPUTE, "logic app"),
    "web_app": NodeStyle(("(", ")"), "ellipse", "#cfe0f3", "#1d4f91", "web app"),
    "vm": NodeStyle(("[", "]"), "box", *_COMPUTE, "virtual machine"),
    "cluster": NodeStyle(("[[", "]]"), "box3d", *_COMPUTE, "Kubernetes cluster"),
    "store": NodeStyle(("[(", ")]"), "cylinder", *_DATA, "store"),
    "cache": NodeStyle(("[(", ")]"), "cylinder", "#e8f6d9", "#5a8f29", "cache"),
    "gateway": NodeStyle(("[/", "\\]"), "trapezium", *_EDGE, "gateway"),
    "user": NodeStyle(("((", "))"), "oval", *_OUTSIDE, "user / operator"),
    "external": NodeStyle((">", "]"), "octagon", *_OUTSIDE, "external system"),
    "alert": NodeStyle(("{", "}"), "diamond", *_MONITORING, "alert"),
    "action_group": NodeStyle(("[", "]"), "note", *_MONITORING, "action group"),
    "other": NodeStyle(("[", "]"), "box", "#ffffff", "#555555", "other component"),
}


#: Graphviz shape names as a reader of the legend would say them.
SHAPE_WORDS = {
    "cds": "tag",
    "invtrapezium": "inverted trapezium",
    "invhouse": "inverted house",
    "box3d": "3-D box",
    "component": "box with tabs",
    "note": "note",
}


def shape_words(dot_shape: str) -> str:
    return SHAPE_WORDS.get(dot_shape, dot_shape)


def node_style(node_type: str) -> NodeStyle:
    return NODE_STYLES.get(node_type, NODE_STYLES["other"])


def layer_key(layer: str) -> tuple[int, str]:
    return (LAYER_ORDER.index(layer) if layer in LAYER_ORDER else len(LAYER_ORDER), layer)


def layers(graph: nx.MultiDiGraph) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """[(layer, [(node id, attributes)...])...] in picture order, nodes sorted by id."""
    grouped: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for node, data in sorted(graph.nodes(data=True)):
        grouped.setdefault(data.get("layer", "other"), []).append((node, data))
    return [(layer, grouped[layer]) for layer in sorted(grouped, key=layer_key)]


def edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    """Every edge, sorted by source, target, kind, flow, label."""
    return sorted(
        ((u, v, data) for u, v, data in graph.edges(data=True)),
        key=lambda e: (e[0], e[1], e[2]["kind"], e[2]["flow"] or "", e[2]["label"] or ""),
    )


def flow_colours(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Flow id -> colour, by the flow's place among all the architecture's flows
    (``flow_order``), so one flow drawn alone keeps its colour of the whole graph."""
    flows = sorted(graph.graph.get("flows", {}))
    order = graph.graph.get("flow_order") or flows
    return {flow: FLOW_COLOURS[order.index(flow) % len(FLOW_COLOURS)] for flow in flows}


def edge_colour(data: dict[str, Any], colours: dict[str, str]) -> str:
    return colours.get(data["flow"], FACT_COLOUR) if data["flow"] else FACT_COLOUR


def edge_text(data: dict[str, Any]) -> str:
    """An edge's caption: the step's label, else its kind in words."""
    return data["label"] or data["kind"].replace("_", " ")


def node_types(graph: nx.MultiDiGraph) -> list[str]:
    """The node types present, in legend order."""
    present = {data["type"] for _, data in graph.nodes(data=True)}
    return [t for t in NODE_STYLES if t in present]


def single_line(text: Iterable[str] | str) -> str:
    """Labels stay on one line: control characters become spaces."""
    return "".join(c if c.isprintable() else " " for c in text)


#: Failure pictures (``archlint simulate --format svg``): fill and stroke of a component by
#: its status in the scenario, and the colour of the steps it takes down.
FAILURE_COLOURS = {
    "down": ("#f8d0d0", "#c00000"),
    "assumed_down": ("#fbe3c8", "#c05000"),
    "failed_over": ("#fff4c2", "#b08800"),
}
LOST_EDGE_COLOUR = "#c00000"
