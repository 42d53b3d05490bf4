"""The graph as a Mermaid ``flowchart LR`` (renders in GitHub Markdown).

What keeps the output parseable whatever the ids and labels are:

- node ids are rewritten to ``n_`` + letters, digits and ``_`` (so no id is a keyword
  such as ``end``, none starts with the ``o``/``x`` that Mermaid reads as an arrow
  head, and ``$`` or ``/`` in dead-letter ids never reach the parser); two ids that
  collapse to the same name get ``_2``, ``_3``... in sorted order;
- every label is a quoted string in which ``#``, ``"``, ``&``, ``<``, ``>``, backtick
  and ``|`` are written as Mermaid entity codes (``#35;`` ...), and control characters
  become spaces;
- layers are ``subgraph layer_<name>`` blocks; styles are ``classDef``/``class``
  lines and ``linkStyle`` lines by edge index, written after everything they refer to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx

from archlint.graph import style

_ESCAPES = {c: f"#{ord(c)};" for c in '#"&<>`|'}
_NOT_ID = re.compile(r"[^A-Za-z0-9_]")


def text(value: str) -> str:
    """A Mermaid quoted string holding ``value`` literally."""
    escaped = "".join(_ESCAPES.get(c, c) for c in style.single_line(value))
    return f'"{escaped}"'


def mermaid_ids(ids: Iterable[str]) -> dict[str, str]:
    """A safe, unique Mermaid id for each id (deterministic: assigned in sorted order)."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for original in sorted(ids):
        base = "n_" + _NOT_ID.sub("_", original)
        candidate, counter = base, 1
        while candidate in taken:
            counter += 1
            candidate = f"{base}_{counter}"
        taken.add(candidate)
        result[original] = candidate
    return result


def render(graph: nx.MultiDiGraph) -> str:
    ids = mermaid_ids(graph.nodes)
    lines = ["flowchart LR"]
    for layer, members in style.layers(graph):
        lines.append(f"  subgraph layer_{_NOT_ID.sub('_', layer)} [{text(layer)}]")
        for node, data in members:
            opening, closing = style.node_style(data["type"]).mermaid
            lines.append(f"    {ids[node]}{opening}{text(node)}{closing}")
        lines.append("  end")
    colours = style.flow_colours(graph)
    link_styles: list[str] = []
    for index, (source, target, data) in enumerate(style.edges(graph)):
        arrow = _arrow(data["kind"])
        lines.append(f"  {ids[source]} {arrow}|{text(style.edge_text(data))}| {ids[target]}")
        width = "2px" if data["kind"] == style.SYNC_KIND else "1px"
        colour = style.edge_colour(data, colours)
        link_styles.append(f"  linkStyle {index} stroke:{colour},stroke-width:{width}")
    lines += link_styles
    for node_type in style.node_types(graph):
        node_style = style.node_style(node_type)
        dashed = ",stroke-dasharray:4 2" if node_type == "dead_letter_queue" else ""
        lines.append(
            f"  classDef t_{node_type} fill:{node_style.fill},stroke:{node_style.stroke}{dashed}"
        )
        members = ",".join(
            ids[n] for n, d in sorted(graph.nodes(data=True)) if d["type"] == node_type
        )
        lines.append(f"  class {members} t_{node_type}")
    return "\n".join(lines) + "\n"


def _arrow(kind: str) -> str:
    if kind == style.DEAD_LETTER_KIND:
        return "-.->"
    if kind == style.SYNC_KIND:
        return "==>"
    return "-->"
