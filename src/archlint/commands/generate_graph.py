"""``archlint generate graph``: the event-flow graph as Mermaid, DOT, SVG or HTML.

Registered on the ``generate`` group by importing this module (the last line of
:mod:`archlint.commands.generate`). networkx and the renderers load only when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archlint.cli import EXIT_ERROR, EXIT_FINDINGS
from archlint.commands.generate import DEFAULT_SPEC, generate, load_architecture
from archlint.graph import FORMATS


@generate.command("graph")
@click.argument("spec", required=False, default=DEFAULT_SPEC, metavar="[SPEC]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="mermaid",
    show_default=True,
    help="mermaid (flowchart, renders on GitHub), dot (Graphviz), svg (drawn by Graphviz "
    "dot) or html (a self-contained page with the SVG and a legend).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write to FILE (atomically) instead of standard output.",
)
@click.option("--flow", metavar="NAME", help="Only this flow (its id or its name).")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if FILE is missing or differs (for CI). Needs -o.",
)
def graph(spec: str, fmt: str, output: str | None, flow: str | None, check: bool) -> None:
    """The event-flow graph of SPEC as Mermaid, DOT, SVG or HTML.

    Components are typed nodes grouped by layer, flow steps are edges (dead-letter
    edges dashed); every queue's and subscription's dead-letter queue is included.

    Output is deterministic: the same spec gives the same bytes (SVG and HTML: with the
    same Graphviz version).
    """
    from archlint.graph import UnknownFlow, render
    from archlint.graph.render_dot import GraphvizError

    if check and not output:
        raise click.UsageError("--check needs -o FILE")
    architecture = load_architecture(spec)
    try:
        text = render(architecture, fmt, flow)
    except UnknownFlow as error:
        raise click.BadParameter(str(error), param_hint="--flow") from None
    except GraphvizError as error:
        click.echo(f"archlint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    if output is None:
        click.echo(text, nl=False)
        return
    target = Path(output)
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != text:
            click.echo(f"{target}: would change", err=True)
            sys.exit(EXIT_FINDINGS)
        click.echo(f"{target} is up to date", err=True)
        return
    from archlint.fsutil import write_output

    write_output(target, text)
    click.echo(f"wrote the {fmt} event-flow graph to {target}", err=True)
