"""The event-flow diagram of a report: inline SVG from the graph package, or why not.

The graph package (``archlint.graph``) builds the model's event-flow graph and renders it
with Graphviz ``dot``. A report never fails for want of a diagram: when ``dot`` is not
installed, or the graph cannot be drawn, the report says "diagram unavailable: <reason>".

The SVG is embedded in an HTML page and written next to the Markdown, so it is cleaned
here: no XML prolog or DOCTYPE (invalid inside HTML), and no script (a report is a
document, never a program).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

from archlint.model import Architecture
from archlint.records import record


@record
class Diagram:
    svg: str | None
    reason: str | None = None  # why there is no diagram
    generator: str | None = None  # e.g. "graphviz 2.43.0": the SVG's bytes depend on it

    def to_dict(self) -> dict[str, str | None]:
        return {
            "status": "included" if self.svg else "unavailable",
            "reason": self.reason,
            "generator": self.generator,
            "svg": self.svg,
        }


class DiagramUnavailable(Exception):
    """The diagram cannot be drawn; the message says why, for the reader of the report."""


def event_flow_diagram(architecture: Architecture) -> Diagram:
    """The architecture's event-flow diagram, or a Diagram that says why there is none."""
    if shutil.which("dot") is None:
        return Diagram(None, "Graphviz 'dot' is not installed")
    try:
        svg = _render_svg(architecture)
    except DiagramUnavailable as error:
        return Diagram(None, str(error))
    except Exception as error:  # the diagram is an extra: never lose the report for it
        return Diagram(None, f"the graph could not be drawn ({type(error).__name__}: {error})")
    try:
        return Diagram(clean_svg(svg), generator=graphviz_version())
    except DiagramUnavailable as error:
        return Diagram(None, str(error))


def _render_svg(architecture: Architecture) -> str:
    """The whole event-flow graph, drawn by ``archlint.graph`` with Graphviz ``dot``."""
    try:
        from archlint.graph import render_svg
        from archlint.graph.render_dot import GraphvizError
    except ImportError as error:  # e.g. networkx missing from a trimmed install
        raise DiagramUnavailable(f"the event-flow graph cannot be built ({error})") from None
    try:
        return render_svg(architecture)
    except GraphvizError as error:
        raise DiagramUnavailable(f"Graphviz failed: {error}") from None


_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)


def clean_svg(svg: str) -> str:
    """The ``<svg>`` element alone, fit to inline in HTML; refuse anything executable."""
    body = _PROLOG.sub("", svg).strip()
    if not body.startswith("<svg"):
        raise DiagramUnavailable("the renderer returned no SVG")
    if re.search(r"<script|\son[a-z]+\s*=", body, re.IGNORECASE):
        raise DiagramUnavailable("the rendered SVG contains script; it was left out")
    return body + "\n"


@cache
def graphviz_version() -> str | None:
    """'graphviz X.Y.Z' of the installed ``dot`` (it decides the SVG's exact bytes)."""
    try:
        done = subprocess.run(
            ["dot", "-V"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"version\s+(\S+)", done.stderr + done.stdout)
    return f"graphviz {match.group(1)}" if match else None
