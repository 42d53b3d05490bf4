"""A self-contained HTML page: the Graphviz SVG inline, one picture per flow, and a legend.

The whole graph of a real architecture is thousands of points wide; squeezed to the window
its text is unreadable. So each picture is shown at its natural size in a scrolling frame
(readable with no script at all), with zoom buttons, Ctrl/Cmd + wheel or pinch to zoom and
dragging to pan (a small inline script), and each flow gets a picture of its own.

Nothing is fetched when the page is opened: no script or stylesheet link, no font or image
URL, and a Content-Security-Policy of ``default-src 'none'`` that admits only the page's
own inline script (by its hash) and styles. The SVG is pasted in without its XML prolog
and DOCTYPE (not allowed inside HTML) and refused if it contains script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from html import escape

import networkx as nx

from archlint.graph import render_dot, style

_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", re.DOTALL)
_SCRIPT = re.compile(r"<script|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
# Graphviz writes id as the first attribute of a tag (<g id="node1" class="node">); text
# never holds a raw "<", so this finds only the ids, which must be unique in the page.
_SVG_ID = re.compile(r'(<[a-zA-Z]+ )id="')

_CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 1rem 1.5rem; color: #222; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .25rem; }
p, nav { margin: .25rem 0; }
nav a { margin-right: 1rem; }
.tools { display: flex; gap: .4rem; align-items: center; margin: .25rem 0; }
.tools button { font: inherit; min-width: 2.2rem; }
.hint { color: #666; font-size: .85rem; }
figure { margin: 0; overflow: auto; max-height: 72vh; border: 1px solid #ddd;
  cursor: grab; touch-action: pan-x pan-y; }
figure.dragging { cursor: grabbing; user-select: none; }
figure svg { display: block; }
.legend { display: flex; flex-wrap: wrap; gap: 2rem; margin-top: 1rem; }
.legend table { border-collapse: collapse; font-size: .9rem; }
.legend td { padding: .15rem .5rem; vertical-align: middle; }
.swatch { display: inline-block; width: 1.6rem; height: 1rem; border: 2px solid; }
.line { display: inline-block; width: 2.5rem; border-top: 2px solid; vertical-align: middle; }
"""

# Zoom (buttons, Ctrl/Cmd + wheel, pinch) and drag-to-pan for each picture. A picture
# starts at its natural size (scale 1: 10 pt labels are 13 px); "Fit" shows it whole.
_SCRIPT_TEXT = """
(() => {
  const PX_PER_PT = 4 / 3;
  for (const figure of document.querySelectorAll('figure[data-zoom]')) {
    const svg = figure.querySelector('svg');
    const box = svg.viewBox.baseVal;
    const tools = document.getElementById(figure.dataset.zoom);
    let scale = 1;
    const zoom = (next, x = figure.clientWidth / 2, y = figure.clientHeight / 2) => {
      const left = (figure.scrollLeft + x) / scale;
      const top = (figure.scrollTop + y) / scale;
      scale = Math.min(4, Math.max(0.05, next));
      svg.style.width = `${box.width * PX_PER_PT * scale}px`;
      svg.style.height = `${box.height * PX_PER_PT * scale}px`;
      figure.scrollLeft = left * scale - x;
      figure.scrollTop = top * scale - y;
      figure.dataset.scale = scale.toFixed(3);
    };
    const fit = () => Math.min(
      figure.clientWidth / (box.width * PX_PER_PT),
      figure.clientHeight / (box.height * PX_PER_PT),
    );
    const actions = {in: () => scale * 1.25, out: () => scale / 1.25, fit, actual: () => 1};
    tools.hidden = false;
    tools.addEventListener('click', (event) => {
      const action = actions[event.target.dataset.action];
      if (action) zoom(action());
    });
    figure.addEventListener('wheel', (event) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const frame = figure.getBoundingClientRect();
      zoom(scale * Math.exp(-event.deltaY / 300),
        event.clientX - frame.left, event.clientY - frame.top);
    }, {passive: false});
    let drag = null;
    figure.addEventListener('pointerdown', (event) => {
      drag = {x: event.clientX, y: event.clientY, left: figure.scrollLeft, top: figure.scrollTop};
      figure.setPointerCapture(event.pointerId);
      figure.classList.add('dragging');
    });
    figure.addEventListener('pointermove', (event) => {
      if (!drag) return;
      figure.scrollLeft = drag.left - (event.clientX - drag.x);
      figure.scrollTop = drag.top - (event.clientY - drag.y);
    });
    const stop = () => { drag = null; figure.classList.remove('dragging'); };
    figure.addEventListener('pointerup', stop);
    figure.addEventListener('pointercancel', stop);
    zoom(1);
  }
})();
"""


def _policy(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"


def render(graph: nx.MultiDiGraph, flow_graphs: Sequence[nx.MultiDiGraph] = ()) -> str:
    """The page of ``graph``, with a section for each of ``flow_graphs`` (one flow each)."""
    name = graph.graph.get("name") or "architecture"
    flows = graph.graph.get("flows", {})
    title = f"Event-flow graph: {name}"
    sections = [("Whole architecture" if flow_graphs else title, "whole", graph)]
    for number, flow_graph in enumerate(flow_graphs, start=1):
        (flow_id, info), *_ = flow_graph.graph["flows"].items()
        sections.append((f"Flow: {info['name']} ({flow_id})", f"flow-{number}", flow_graph))
    nav = " ".join(
        f'<a href="#{anchor}">{escape(text.removeprefix("Flow: "))}</a>'
        for text, anchor, _ in sections
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_policy(_SCRIPT_TEXT)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            f"<h1>{escape(title)}</h1>",
            f"<p>{len(graph)} components, {graph.number_of_edges()} steps, "
            f"{len(flows)} flow(s). Generated by <code>archlint generate graph</code>.</p>",
            f"<nav>{nav}</nav>" if flow_graphs else "",
            *(_section(text, anchor, part) for text, anchor, part in sections[:1]),
            '<section class="legend">',
            _node_legend(graph),
            _edge_legend(graph),
            "</section>",
            *(_section(text, anchor, part) for text, anchor, part in sections[1:]),
            f"<script>{_SCRIPT_TEXT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _section(heading: str, anchor: str, graph: nx.MultiDiGraph) -> str:
    """A heading, the zoom buttons (shown by the script) and the picture in its frame."""
    svg = _SVG_ID.sub(rf'\1id="{anchor}-', inline_svg(render_dot.to_svg(render_dot.render(graph))))
    buttons = "".join(
        f'<button type="button" data-action="{action}" title="{hint}">{text}</button>'
        for action, text, hint in (
            ("out", "&minus;", "Zoom out"),
            ("in", "+", "Zoom in"),
            ("fit", "Fit", "Show the whole picture"),
            ("actual", "1:1", "Natural size"),
        )
    )
    return "\n".join(
        [
            f'<section id="{anchor}" class="diagram">',
            f"<h2>{escape(heading)}</h2>",
            f'<div class="tools" id="{anchor}-tools" role="toolbar" hidden>{buttons}'
            '<span class="hint">Ctrl/Cmd + wheel or pinch to zoom; drag to pan</span></div>',
            f'<figure data-zoom="{anchor}-tools" role="img" aria-label="{escape(heading)}">'
            f"{svg}</figure>",
            "</section>",
        ]
    )


def inline_svg(svg: str) -> str:
    """The ``<svg>`` element alone, fit to paste into HTML; refuse anything executable."""
    body = _PROLOG.sub("", svg).strip()
    body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL).strip()
    if not body.startswith("<svg"):
        raise render_dot.GraphvizError("dot returned no SVG element")
    if _SCRIPT.search(body):
        raise render_dot.GraphvizError("the SVG contains script; refusing to embed it")
    return body


def _node_legend(graph: nx.MultiDiGraph) -> str:
    rows = []
    for node_type in style.node_types(graph):
        node_style = style.node_style(node_type)
        swatch = (
            f'<span class="swatch" style="background:{node_style.fill};'
            f'border-color:{node_style.stroke}"></span>'
        )
        rows.append(
            f"<tr><td>{swatch}</td><td>{escape(node_style.legend)}</td>"
            f"<td>{escape(style.shape_words(node_style.dot_shape))}</td></tr>"
        )
    return "<table><caption>Components</caption>" + "".join(rows) + "</table>"


def _edge_legend(graph: nx.MultiDiGraph) -> str:
    flows = graph.graph.get("flows", {})
    colours = style.flow_colours(graph)
    kinds = {data["kind"] for _, _, data in graph.edges(data=True)}
    rows = [
        _line_row(colours[flow], f"{flows[flow]['name']} ({flow})", "solid") for flow in colours
    ]
    if any(data["flow"] is None for _, _, data in graph.edges(data=True)):
        rows.append(_line_row(style.FACT_COLOUR, "stated by the model outside the flows", "solid"))
    if style.DEAD_LETTER_KIND in kinds:
        rows.append(_line_row("#222", "dead-letter", "dashed"))
    if style.SYNC_KIND in kinds:
        rows.append(_line_row("#222", "synchronous call (thick)", "solid", width=4))
    return "<table><caption>Steps</caption>" + "".join(rows) + "</table>"


def _line_row(colour: str, text: str, line: str, width: int = 2) -> str:
    sample = f'<span class="line" style="border-top:{width}px {line} {colour}"></span>'
    return f"<tr><td>{sample}</td><td>{escape(text)}</td></tr>"
