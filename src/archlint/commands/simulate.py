"""``archlint simulate``: what failing a zone, a region or a component does to each flow.

Exit codes: 0 every critical flow survives (perhaps degraded) in every scenario run, 1 a
critical flow is lost in one, 2 input or usage error (an unknown scope included).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from archlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, current_limits, limit_options

if TYPE_CHECKING:
    from archlint.model import Architecture
    from archlint.simulation import Scenario

FORMATS = ("text", "json", "markdown", "svg", "html")
DEFAULT_INPUT = "spec/architecture.yaml"


@click.command()
@click.argument("input_path", metavar="[INPUT]", required=False, default=DEFAULT_INPUT)
@click.option(
    "--fail",
    "fail",
    multiple=True,
    metavar="SCOPE",
    help="Fail region:NAME, zone:REGION/N or component:ID (repeatable: failed together). "
    "Without it, the standard matrix: each zone of each region in use, each region, each "
    "component on a critical flow.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text, json, markdown; svg or html: the flow graph with failed components marked "
    "and lost steps dashed (one scenario: needs --fail).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write to FILE (atomically) instead of standard output.",
)
@limit_options
def simulate(
    input_path: str, fail: tuple[str, ...], output_format: str, output: str | None
) -> None:
    """Simulate failures on INPUT (default: spec/architecture.yaml): a spec, a Terraform
    directory or a plan JSON, read as `archlint lint` reads it.

    For each scenario, each flow survives, is degraded (served through a failover, or with
    branches lost) or is lost, with where it breaks and the RTO and RPO that follow; and
    each flow's composite availability from the published SLAs, set against its `slo:`.

    Exit codes: 0 every critical flow survives, 1 a critical flow is lost, 2 input error.
    """
    from archlint.analysis.availability import budgets as flow_budgets
    from archlint.errors import InputError, InputErrors
    from archlint.inputs import expand_paths, load_input
    from archlint.simulation import Scope, ScopeError, parse_scope, regions_in_use, standard_scopes
    from archlint.simulation import simulate as run
    from archlint.simulation.render import to_json, to_markdown, to_text

    if output_format in ("svg", "html") and not fail:
        raise click.UsageError(f"--format {output_format} draws one scenario: name it with --fail")
    (path, *others) = expand_paths([input_path]).paths
    if others:
        raise InputError(input_path, None, "holds several specs; simulate one input: name it")
    architecture = load_input(path, current_limits()).architecture  # InputErrors: exit 2
    regions = regions_in_use(architecture)
    scope_sets: list[tuple[Scope, ...]] = []
    if fail:
        scopes, errors = [], []
        for text in fail:
            try:
                scopes.append(parse_scope(architecture, text, regions))
            except ScopeError as error:
                errors.append(InputError(path, None, f"--fail {text}: {error}"))
        if errors:
            raise InputErrors(errors)
        scope_sets.append(tuple(scopes))
    else:
        scope_sets = standard_scopes(architecture)
    scenarios = [run(architecture, scopes) for scopes in scope_sets]
    budgets = flow_budgets(architecture)
    matrix = not fail
    if output_format == "json":
        data = to_json(scenarios, {b.flow: b for b in budgets}, matrix)
        text = json.dumps(data, indent=2, sort_keys=False) + "\n"
    elif output_format == "markdown":
        text = to_markdown(scenarios, budgets, matrix)
    elif output_format == "text":
        text = to_text(scenarios, budgets, matrix)
    else:
        text = _picture(architecture, scenarios[0], output_format)
    if output:
        from archlint.fsutil import write_output

        write_output(output, text)
    else:
        click.echo(text, nl=False)
    lost = any(s.lost_critical for s in scenarios)
    sys.exit(EXIT_FINDINGS if lost else EXIT_OK)


def _picture(architecture: Architecture, scenario: Scenario, fmt: str) -> str:
    from archlint.graph import render_failure
    from archlint.graph.render_dot import GraphvizError

    try:
        statuses = {c: str(outage.status) for c, outage in scenario.outages.items()}
        return render_failure(architecture, statuses, fmt)
    except GraphvizError as error:
        click.echo(f"archlint: {error}", err=True)
        sys.exit(EXIT_ERROR)
