"""``archlint validate``: load and validate spec files, reporting every error."""

from __future__ import annotations

import sys

import click

from archlint.cli import EXIT_ERROR, current_limits, limit_options, report_input_errors
from archlint.errors import InputError, InputErrors


@click.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=True, path_type=str))
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when valid.")
@limit_options
def validate(specs: tuple[str, ...], quiet: bool) -> None:
    """Load and validate SPECS (default: spec/architecture.yaml); a directory stands for
    the specs (*.yaml, *.yml) in it, as for `archlint lint`. A spec with `sources:` is
    validated with its Terraform: every reference must name a component or an address.

    Prints every problem as file:line:col: message (model path) and exits 2
    when any spec is invalid.
    """
    from archlint.inputs import expand_paths, load_spec_input

    errors: list[InputError] = []
    for spec in expand_paths(specs or ("spec/architecture.yaml",)).paths:
        try:
            loaded = load_spec_input(spec, current_limits())
        except InputErrors as error:
            errors.extend(error.errors)
            continue
        if not quiet:
            count = len(loaded.architecture.index.by_id)
            click.echo(f"{spec}: valid ({count} components)")
    if errors:
        report_input_errors(errors)
        sys.exit(EXIT_ERROR)
