"""``archlint lint``: run the rules on specs, Terraform directories or plan JSON."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from archlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, current_limits, limit_options
from archlint.engine.config import Config, environment_problem, find_config, load_config
from archlint.engine.finding import Severity
from archlint.engine.runner import LintResult, RuleCrashed
from archlint.errors import InputError, InputErrors
from archlint.formatters import FORMATS, get_formatter
from archlint.shortlived import keep_until_exit

DEFAULT_INPUT = "spec/architecture.yaml"


def load_project_config(explicit: str | None, paths: Sequence[str]) -> Config:
    """``--config FILE``; else the nearest configuration upward from each input's folder,
    then from the working directory (as ruff finds pyproject.toml). Inputs that fall under
    different configurations are an error: one run has one selection and one --fail-on."""
    from archlint.inputs import config_start

    if explicit:
        return load_config(Path(explicit))
    from_cwd: list[Path | None] = []  # looked up once, only for an input with none above it
    found: dict[Path | None, str] = {}
    for path in paths:
        config = find_config(config_start(path))
        if config is None:
            if not from_cwd:
                from_cwd.append(find_config(Path.cwd()))
            config = from_cwd[0]
        found.setdefault(config, path)
    if len(found) > 1:
        (first, first_path), (other, other_path) = list(found.items())[:2]
        raise InputError(
            other_path,
            None,
            f"its configuration is {other or 'none'}, not {first or 'none'} as for "
            f"{first_path}: lint them in separate runs, or choose one with --config",
        )
    return load_config(next(iter(found)))


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


environment_option = click.option(
    "--environment",
    help="Environment of inputs that declare none (Terraform): production runs the "
    "production posture rules [default: not declared; a spec's own is production].",
)


def environment_errors(environment: str | None) -> list[InputError]:
    """The --environment value's error (did-you-mean), if it names no known environment."""
    problem = None if environment is None else environment_problem(environment)
    return [InputError("--environment", None, problem)] if problem else []


@click.command()
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to FILE (atomically; its folder is created if missing).",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    help="Lowest severity that makes the exit code 1 [default: high].",
)
@click.option(
    "--select",
    multiple=True,
    help="Rule ids, prefixes, categories or names to run (default: all but policy rules).",
)
@click.option(
    "--extend-select",
    multiple=True,
    help="Rules to run in addition to the selection (policy rules, say).",
)
@click.option("--ignore", multiple=True, help="Rule ids, prefixes, categories or names to skip.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="archlint.toml or pyproject.toml (default: nearest one).",
)
@click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    type=click.Path(exists=True),
    help="Directory of your own declarative YAML rules.",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False),
    help="Only fail on findings not in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record the current findings as the baseline and exit 0.",
)
@environment_option
@click.option("--show-suppressed", is_flag=True, help="Show suppressed findings in text output.")
@click.option("--explain-skipped", is_flag=True, help="Say which rules were not evaluated, why.")
@click.option(
    "--together",
    is_flag=True,
    help="Read the Terraform roots (or plans) in PATHS as one architecture: a data source "
    "in one that looks up what another creates resolves to it.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output on standard output [default: on a terminal, unless NO_COLOR is set].",
)
@click.option("-v", "--verbose", is_flag=True, help="Show progress even when not on a terminal.")
@limit_options
def lint(
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    rules_dirs: tuple[str, ...],
    baseline: str | None,
    write_baseline: str | None,
    environment: str | None,
    show_suppressed: bool,
    explain_skipped: bool,
    together: bool,
    color: bool | None,
    verbose: bool = False,
) -> None:
    """Lint PATHS (default: spec/architecture.yaml): spec YAML, Terraform, or plan JSON.

    A directory is read as Terraform reads one, its own files only: with .tf files, one
    Terraform configuration; without, each spec (*.yaml, *.yml) in it. The configuration
    is the nearest archlint.toml or pyproject.toml [tool.archlint] above the inputs.
    A spec with `sources:` is an overlay: its Terraform is read with it, as one architecture.
    With --together, the Terraform roots in PATHS are one architecture (a hub and its spokes).

    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 input or usage error.
    """
    from archlint.engine.baseline import read_baseline, write_baseline_file
    from archlint.engine.rule_names import RuleNames, option_errors, suppression_errors
    from archlint.inputs import expand_paths, load_input, load_together_input
    from archlint.progress import track
    from archlint.rules import catalogue as load_catalogue

    paths = paths or (DEFAULT_INPUT,)
    file_config = load_project_config(config_path, paths)
    selected, extended, ignored = _split(select), _split(extend_select), _split(ignore)
    config = file_config.merged(
        select=selected or None,
        extend_select=extended or None,
        ignore=ignored or None,
        fail_on=Severity.parse(fail_on) if fail_on else None,
        rules_dirs=rules_dirs or None,
        environment=environment,
    )
    # Custom rules first: their ids, names and categories are known names too.
    catalogue = load_catalogue(config.rules_dirs)
    names = RuleNames.of(catalogue)
    errors: list[InputError] = [
        *file_config.rule_name_errors(names),
        *option_errors("--select", selected, names),
        *option_errors("--extend-select", extended, names),
        *option_errors("--ignore", ignored, names),
    ]
    errors += environment_errors(environment)
    if errors:
        raise InputErrors(errors)
    baseline_file = baseline or config.baseline_file
    if baseline_file and not write_baseline:
        config = config.merged(baseline=read_baseline(baseline_file, names))

    results: list[LintResult] = []
    inputs = expand_paths(paths)
    for unread in inputs.unread:
        click.echo(
            f"{unread}: not linted: a directory with Terraform is read as Terraform "
            "(name the spec to lint it too)",
            err=True,
        )
    # --together: all the paths are one input.
    groups = [tuple(inputs.paths)] if together else [(path,) for path in inputs.paths]
    for group in track(groups, "lint", verbose=verbose, describe=" ".join):
        path = " ".join(group)
        try:
            if together:
                loaded = load_together_input(group, current_limits())
            else:
                loaded = load_input(path, current_limits())
        except InputErrors as error:
            errors.extend(error.errors)
            continue
        keep_until_exit(loaded)
        misnamed = suppression_errors(loaded.architecture, loaded.locator, names)
        if misnamed:
            errors.extend(misnamed)
            continue
        try:
            results.append(loaded.lint(catalogue, config))
        except RuleCrashed as crash:
            click.echo(f"{path}: internal error: {crash} (please report it)", err=True)
            sys.exit(EXIT_ERROR)
    if errors:
        for error in errors:
            click.echo(str(error), err=True)
        sys.exit(EXIT_ERROR)

    result = _merge(results)
    if write_baseline:
        write_baseline_file(write_baseline, result)
        click.echo(f"wrote {len(result.active)} finding(s) to {write_baseline}", err=True)
        sys.exit(EXIT_OK)

    if output_format == "text":
        from archlint.formatters.text_format import render

        use_colour = output is None and _colour_wanted(color)
        text = render(result, config.fail_on, colour=use_colour, show_suppressed=show_suppressed)
    else:
        use_colour = False
        text = get_formatter(output_format)(result, config.fail_on)
    if output:
        from archlint.fsutil import write_output

        write_output(output, text)
    else:
        click.echo(text, nl=False, color=use_colour)  # --color keeps colour through a pipe
    if explain_skipped:
        for item in result.not_evaluated:
            click.echo(f"not evaluated: {item.rule_id}: {item.reason}", err=True)
    keep_until_exit(result, text)
    sys.exit(EXIT_FINDINGS if result.failing(config.fail_on) else EXIT_OK)


def _colour_wanted(flag: bool | None) -> bool:
    """--color/--no-color first, then NO_COLOR (https://no-color.org: any non-empty value
    turns colour off), then whether standard output is a terminal. Files never get colour."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _merge(results: list[LintResult]) -> LintResult:
    if len(results) == 1:
        return results[0]
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())
    rules = {r.id: r for result in results for r in result.rules}
    not_evaluated = sorted(
        {n for r in results for n in r.not_evaluated}, key=lambda n: (n.rule_id, n.reason)
    )
    return LintResult(
        findings,
        list(rules.values()),
        not_evaluated,
        sum(r.unknown_dropped for r in results),
        list(dict.fromkeys(note for r in results for note in r.notes)),
    )
