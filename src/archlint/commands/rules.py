"""``archlint rules``: the catalogue, or one rule explained (like ``ruff rule``)."""

from __future__ import annotations

import json
import sys

import click

from archlint.cli import EXIT_ERROR


@click.command()
@click.argument("rule_id", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--kinds",
    is_flag=True,
    help="List the component kinds (and their fields) that your own rules can select.",
)
def rules(rule_id: str | None, output_format: str, kinds: bool) -> None:
    """List every rule, or explain RULE_ID: what it checks, why, example, fix, references."""
    if kinds:
        if rule_id:
            click.echo("archlint: --kinds lists kinds; it takes no RULE_ID", err=True)
            sys.exit(EXIT_ERROR)
        _list_kinds(output_format)
        return
    from archlint.rules import all_rules
    from archlint.rules.docs import rule_page

    catalogue = all_rules()
    if rule_id:
        definition = catalogue.get(rule_id.upper()) or next(
            (r for r in catalogue.values() if r.name == rule_id), None
        )
        if definition is None:
            from archlint.errors import did_you_mean

            known = [*catalogue, *(r.name for r in catalogue.values())]
            hint = did_you_mean(rule_id, known)
            click.echo(f"archlint: no rule {rule_id!r}{hint} (see `archlint rules`)", err=True)
            sys.exit(EXIT_ERROR)
        if output_format == "json":
            click.echo(json.dumps(definition.to_dict(), indent=2))
        else:
            click.echo(rule_page(definition), nl=False)
        return
    if output_format == "json":
        click.echo(json.dumps([r.to_dict() for r in catalogue.values()], indent=2))
        return
    width = max((len(r.name) for r in catalogue.values()), default=10)
    for definition in catalogue.values():
        click.echo(
            f"{definition.id:<8} {definition.severity.value:<8} {definition.name:<{width}}  "
            f"{definition.title}"
        )


def _list_kinds(output_format: str) -> None:
    """Every component kind with its title and field paths (the custom rules' vocabulary)."""
    from archlint.model import Component
    from archlint.model.fieldpaths import component_classes, field_paths

    kinds = {
        kind: {"title": cls.title, "fields": dict(field_paths(cls))}
        for kind, cls in component_classes().items()
    }
    if output_format == "json":
        click.echo(json.dumps(kinds, indent=2))
        return
    common = dict(field_paths(Component))
    click.echo(f"every kind has: {', '.join(common)}")
    for kind, info in kinds.items():
        click.echo(f"{kind}  ({info['title']})")
        for path, described in info["fields"].items():
            if path not in common:
                click.echo(f"    {path}: {described}")
