"""The ``archlint`` command: a click group whose subcommands load lazily.

Each subcommand lives in :mod:`archlint.commands` and is imported only when it is
run, so that ``archlint lint`` in a pre-commit hook never pays for importing the
Terraform parser, networkx or the report templates.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from archlint import __version__
from archlint.errors import InputError, InputErrors

# name -> (module, attribute, one-line help shown by `archlint --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "lint": ("archlint.commands.lint", "lint", "Run the rules on specs, Terraform or plans."),
    "rules": ("archlint.commands.rules", "rules", "List the rule catalogue or explain a rule."),
    "validate": ("archlint.commands.validate", "validate", "Load and validate spec files."),
    "schema": ("archlint.commands.schema", "schema", "Print the spec's JSON Schema."),
}

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute, _ = COMMANDS[name]
        return getattr(importlib.import_module(module_name), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archlint")
def cli() -> None:
    """Lint a cloud architecture as data.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 input or usage error.
    """


def report_input_errors(errors: list[InputError]) -> None:
    for error in errors:
        click.echo(str(error), err=True)


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="archlint", standalone_mode=True)
    except InputErrors as error:
        report_input_errors(error.errors)
        sys.exit(EXIT_ERROR)
    except InputError as error:
        report_input_errors([error])
        sys.exit(EXIT_ERROR)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(EXIT_ERROR)
    except Exception as error:  # a bug in archlint, not in the input
        if os.environ.get("ARCHLINT_DEBUG"):
            raise
        click.echo(
            f"archlint: internal error: {type(error).__name__}: {error} "
            "(set ARCHLINT_DEBUG=1 for a traceback, and please report it)",
            err=True,
        )
        sys.exit(EXIT_ERROR)
