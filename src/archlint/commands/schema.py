"""``archlint schema``: print the JSON Schema of the spec format."""

from __future__ import annotations

import click


@click.command()
def schema() -> None:
    """Print the spec's JSON Schema (draft-07, for editors and yaml-language-server)."""
    from archlint.model.schema import schema_text

    click.echo(schema_text(), nl=False)
