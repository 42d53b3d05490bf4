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


def load_for_infrastructure(spec: str, language: str) -> Architecture:
    """:func:`load_architecture`, refusing a spec with generic resources (``resources:``):
    infrastructure code for one needs the arguments its azurerm type requires, which archlint
    does not model, and leaving it out would be a silent skip. One error per resource."""
    from archlint.errors import InputError, InputErrors
    from archlint.inputs import load_spec_input

    loaded = load_spec_input(spec)
    errors = []
    for position, resource in enumerate(loaded.architecture.resources):
        where = loaded.locator.locate(("resources", position))
        errors.append(
            InputError(
                where.file if where else loaded.path,
                where,
                f"{resource.label()} cannot be generated as {language}: archlint models only "
                "the arguments every azurerm type shares, not those this type requires; give "
                f"it a bespoke kind, or keep it in your own {language} (a spec with `sources:` "
                "reads it from there)",
                f"resources[{position}]",
            )
        )
    if errors:
        raise InputErrors(errors)
    return loaded.architecture


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

    architecture = load_for_infrastructure(spec, "Terraform")
    emit_files(generate_terraform(architecture), output, check, "Terraform")


@generate.command("bicep")
@_target_options
def bicep(spec: str, output: str, check: bool) -> None:
    """Bicep: main.bicep with one module per layer in DIR.

    API versions are pinned per resource type; secrets are @secure() parameters.
    """
    from archlint.generators.bicep import generate_bicep

    emit_files(generate_bicep(load_for_infrastructure(spec, "Bicep")), output, check, "Bicep")


from archlint.commands import generate_graph  # noqa: E402, F401  (registers `generate graph`)
