"""``archlint report``: the compliance report for auditors (HTML, Markdown, JSON).

A report is a document, not a gate: it exits 0 whenever it was written, findings or
not (use ``archlint lint`` to gate), and 2 when the input cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archlint.cli import EXIT_OK
from archlint.commands.lint import environment_option
from archlint.errors import InputError, InputErrors


@click.command()
@click.argument("input_path", metavar="[INPUT]", required=False, default="spec/architecture.yaml")
@click.option(
    "-o",
    "--output-dir",
    default="reports",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory to write compliance.html, compliance.md and compliance.json into.",
)
@click.option(
    "--compare",
    "compare_with",
    type=click.Path(dir_okay=False),
    help="An earlier compliance.json: add a 'changes since' section.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="archlint.toml or pyproject.toml (default: nearest one).",
)
@environment_option
@click.option("-v", "--verbose", is_flag=True, help="Show progress even when not on a terminal.")
def report(
    input_path: str,
    output_dir: str,
    compare_with: str | None,
    config_path: str | None,
    environment: str | None,
    verbose: bool,
) -> None:
    """Write the compliance report of INPUT (default: spec/architecture.yaml).

    INPUT is a spec YAML file (an overlay with `sources:` included), a Terraform directory
    or a plan JSON. Set SOURCE_DATE_EPOCH for byte-identical reruns. Exit codes: 0
    written, 2 input or usage error.
    """
    from archlint.commands.lint import environment_errors, load_project_config
    from archlint.engine.rule_names import RuleNames
    from archlint.inputs import expand_paths
    from archlint.progress import Progress
    from archlint.report.generate import STEPS, assemble, render_files, write_files
    from archlint.rules import catalogue as load_catalogue

    (input_path, *others) = expand_paths([input_path]).paths  # a folder of one spec: that spec
    if others:
        raise InputError(
            str(Path(input_path).parent),
            None,
            f"holds {len(others) + 1} specs; a report covers one input: name one of them",
        )
    if Path(output_dir).exists() and not Path(output_dir).is_dir():
        raise InputError(output_dir, None, "output directory is a file")
    file_config = load_project_config(config_path, (input_path,))
    config = file_config.merged(environment=environment)
    catalogue = load_catalogue(config.rules_dirs)
    errors = [
        *file_config.rule_name_errors(RuleNames.of(catalogue)),
        *environment_errors(environment),
    ]
    if errors:
        raise InputErrors(errors)
    with Progress(len(STEPS), "report", verbose=verbose) as progress:
        document = assemble(
            input_path, catalogue, config, compare_with=compare_with, step=progress.step
        )
        progress.step("render")
        files = render_files(document)
        progress.step("write")
        written = write_files(output_dir, files)  # unwritable: an InputError (exit 2)
    summary = document["summary"]
    score = summary["score"]
    rules = summary["rules"]
    click.echo(
        f"Score {'n/a' if score is None else f'{score:.1f}'}/100: {rules['pass']} rule(s) pass, "
        f"{rules['fail']} fail, {rules['accepted']} risk accepted, "
        f"{rules['not_evaluated']} not evaluated."
    )
    for path in written:
        click.echo(f"wrote {_shown(path)}")
    sys.exit(EXIT_OK)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
