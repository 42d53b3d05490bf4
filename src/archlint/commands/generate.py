"""``archlint generate``: infrastructure code (and other artefacts) from the spec.

A click group; each target is one subcommand in its own function, registered on the group.
To add one (``graph``, say), write a function decorated with ``@generate.command("graph")``
here, or build it elsewhere and call ``generate.add_command(...)``; reuse
:func:`load_architecture` and :func:`emit_files` so every target loads the spec and writes its
directory the same way (atomically, never outside ``-o DIR``, ``--check`` for CI).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click

from archlint.cli import EXIT_FINDINGS
from archlint.model import Architecture

DEFAULT_SPEC = "spec/architecture.yaml"


def load_architecture(spec: str) -> Architecture:
    """Load and validate a spec (an overlay with its Terraform sources merged in); invalid
    input raises InputErrors (exit 2, one line each)."""
    from archlint.inputs import load_spec_input

    return load_spec_input(spec).architecture


def emit_files(files: Mapping[str, str], output: str, check: bool, what: str) -> None:
    """Write ``files`` into ``output``, or with ``check`` only report what would change."""
    from archlint.generators.output import changed_files, write_files

    directory = Path(output)
    if check:
        changed = changed_files(directory, files)
        for name in changed:
            click.echo(f"{directory / name}: would change", err=True)
        if changed:
            sys.exit(EXIT_FINDINGS)
        click.echo(f"{len(files)} {what} files in {directory} are up to date", err=True)
        return
    before = changed_files(directory, files)
    write_files(directory, files)  # an unwritable directory is an InputError (exit 2)
    click.echo(f"wrote {len(files)} {what} files to {directory} ({len(before)} changed)", err=True)


def _target_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """SPEC, -o DIR and --check: what every generate subcommand takes."""
    function = click.option(
        "--check",
        is_flag=True,
        help="Write nothing; exit 1 if any file in DIR is missing or differs (for CI).",
    )(function)
    function = click.option(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        type=click.Path(file_okay=False, dir_okay=True),
        help="Directory to write into (created if missing); nothing is written outside it.",
    )(function)
    return click.argument("spec", required=False, default=DEFAULT_SPEC, metavar="[SPEC]")(function)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def generate() -> None:
    """Generate infrastructure code from SPEC (default: spec/architecture.yaml).

    Output is deterministic: the same spec always gives byte-identical files.
    """


@generate.command("terraform")
@_target_options
def terraform(spec: str, output: str, check: bool) -> None:
    """Terraform for azurerm 4.x: one .tf file per layer in DIR.

    Secrets become sensitive variables, never values; `terraform fmt -check` clean.
    """
    from archlint.generators.terraform import generate_terraform

    emit_files(generate_terraform(load_architecture(spec)), output, check, "Terraform")


@generate.command("bicep")
@_target_options
def bicep(spec: str, output: str, check: bool) -> None:
    """Bicep: main.bicep with one module per layer in DIR.

    API versions are pinned per resource type; secrets are @secure() parameters.
    """
    from archlint.generators.bicep import generate_bicep

    emit_files(generate_bicep(load_architecture(spec)), output, check, "Bicep")


from archlint.commands import generate_graph  # noqa: E402, F401  (registers `generate graph`)
