"""The graph as Graphviz DOT (one cluster per layer), and as SVG drawn by ``dot -Tsvg``.

Every id and label is a double-quoted DOT string with ``\\`` and ``"`` escaped, so any
component id parses. SVG needs the ``dot`` program (Debian package ``graphviz``); its
exact bytes depend on the Graphviz version, which the SVG states in a comment.
"""

from __future__ import annotations

import shutil
import subprocess

import networkx as nx

from archlint.graph import style

FONT = "Helvetica"
DOT_TIMEOUT_SECONDS = 120


class GraphvizError(RuntimeError):
    """``dot`` is missing or failed; the message says which and what to do."""


def quote(value: str) -> str:
    escaped = style.single_line(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render(graph: nx.MultiDiGraph) -> str:
    name = graph.graph.get("name") or "architecture"
    lines = [
        f"digraph {quote(name)} {{",
        f'  graph [rankdir=LR, newrank=true, fontname="{FONT}", label={quote(name)}, labelloc=t];',
        f'  node [fontname="{FONT}", fontsize=10, style=filled];',
        f'  edge [fontname="{FONT}", fontsize=9];',
    ]
    for layer, members in style.layers(graph):
        lines.append(f"  subgraph {quote('cluster_' + layer)} {{")
        lines.append(f'    label={quote(layer)}; style="rounded,dashed"; color="#999999";')
        for node, data in members:
            node_style = style.node_style(data["type"])
            extra = ', style="filled,dashed"' if data["type"] == "dead_letter_queue" else ""
            fill, stroke = node_style.fill, node_style.stroke
            failure = data.get("failure")
            if failure:  # a failure picture: the scenario took this component down
                fill, stroke = style.FAILURE_COLOURS.get(failure, style.FAILURE_COLOURS["down"])
                extra += f", penwidth=3, xlabel={quote(failure.replace('_', ' '))}"
            lines.append(
                f"    {quote(node)} [shape={node_style.dot_shape}, "
                f'fillcolor="{fill}", color="{stroke}"{extra}];'
            )
        lines.append("  }")
    colours = style.flow_colours(graph)
    for source, target, data in style.edges(graph):
        attributes = [
            f"label={quote(style.edge_text(data))}",
            f'color="{style.edge_colour(data, colours)}"',
        ]
        if data["kind"] == style.DEAD_LETTER_KIND or data.get("lost"):
            attributes.append("style=dashed")
        if data.get("lost"):
            attributes[1] = f'color="{style.LOST_EDGE_COLOUR}"'
        if data["kind"] == style.SYNC_KIND:
            attributes.append("penwidth=2")
        lines.append(f"  {quote(source)} -> {quote(target)} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(dot_text: str) -> str:
    """Run ``dot -Tsvg`` on ``dot_text``."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizError(
            "Graphviz 'dot' is not installed; install it (Debian/Ubuntu: apt-get install "
            "graphviz) or use --format mermaid or dot"
        )
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=dot_text,
            capture_output=True,
            text=True,
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"dot did not finish in {DOT_TIMEOUT_SECONDS} s") from None
    if done.returncode != 0 or "<svg" not in done.stdout:
        detail = done.stderr.strip().splitlines()
        raise GraphvizError(f"dot failed: {detail[0] if detail else f'exit {done.returncode}'}")
    return done.stdout
