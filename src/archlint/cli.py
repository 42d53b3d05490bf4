"""The ``archlint`` command: a click group whose subcommands load lazily.

Each subcommand lives in :mod:`archlint.commands` and is imported only when it is
run, so that ``archlint lint`` in a pre-commit hook never pays for importing the
Terraform parser, networkx or the report templates.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any, NoReturn

import click

from archlint import __version__
from archlint.errors import InputError, InputErrors, Limits
from archlint.gcpause import collector_paused
from archlint.shortlived import as_program

# name -> (module, attribute, one-line help shown by `archlint --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "lint": ("archlint.commands.lint", "lint", "Run the rules on specs, Terraform or plans."),
    "rules": ("archlint.commands.rules", "rules", "List the rule catalogue or explain a rule."),
    "validate": ("archlint.commands.validate", "validate", "Load and validate spec files."),
    "schema": ("archlint.commands.schema", "schema", "Print the spec's JSON Schema."),
    "report": ("archlint.commands.report", "report", "Write the compliance report for auditors."),
    "generate": ("archlint.commands.generate", "generate", "Generate Terraform or Bicep."),
    "drift": ("archlint.commands.drift", "drift", "Compare Terraform (plan or HCL) with the spec."),
    "simulate": (
        "archlint.commands.simulate",
        "simulate",
        "Simulate zone, region and component failures on the flows.",
    ),
}

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute, _ = COMMANDS[name]
        # Importing a command makes its modules, classes and the model (some 50,000
        # tracked objects, alive to the end, next to no garbage). With the collector on,
        # one collection during the run traversed them all: 6-10% of a seed lint.
        with collector_paused():
            module = importlib.import_module(module_name)
        return getattr(module, attribute)

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


def _store_limit(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value is None:
        return
    if param.name == "max_file_size":
        from archlint.model.types import parse_size

        try:
            value = parse_size(value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    ctx.meta.setdefault("archlint.limits", {})[param.name] = value


def limit_options(command: Any) -> Any:
    """Options bounding what one input may cost (documented in the README's Limits)."""
    defaults = Limits()
    for name, kind, default, text in (
        ("--max-file-size", str, "128MiB", "Largest input file read, e.g. 64MB."),
        ("--max-depth", int, defaults.max_depth, "Deepest nesting of YAML/JSON/HCL values."),
        (
            "--max-alias-values",
            int,
            defaults.max_alias_values,
            "Most values YAML aliases may expand to.",
        ),
    ):
        command = click.option(
            name,
            type=kind,
            default=None,
            callback=_store_limit,
            expose_value=False,
            help=f"{text} [default: {default}]",
            is_eager=True,
        )(command)
    return command


def current_limits() -> Limits:
    """The Limits set by --max-* options of the running command (defaults otherwise)."""
    ctx = click.get_current_context(silent=True)
    given = ctx.meta.get("archlint.limits", {}) if ctx else {}
    changes = {
        "max_file_bytes": given.get("max_file_size"),
        "max_depth": given.get("max_depth"),
        "max_alias_values": given.get("max_alias_values"),
    }
    from dataclasses import replace

    return replace(Limits(), **{k: v for k, v in changes.items() if v is not None})


def report_input_errors(errors: list[InputError]) -> None:
    for error in errors:
        click.echo(str(error), err=True)


# Reading a large spec makes millions of long-lived objects and almost no garbage cycles;
# with CPython's default thresholds (700, 10, 10) the cyclic collector re-scans them again
# and again (a quarter of a 1000x-seed lint). Rarer collections keep it to a few percent.
_GC_THRESHOLDS = (100_000, 100, 1000)


def main(argv: list[str] | None = None) -> Any:
    previous = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        return _main(argv)
    finally:
        gc.set_threshold(*previous)  # callers in the same process keep their own


def run() -> NoReturn:
    """The ``archlint`` program: :func:`main`, then leave without tearing the interpreter down.

    Freeing every module and object at exit is about a tenth of a pre-commit run, spent
    on a process that is ending (mypy leaves the same way). Output is flushed first;
    nothing of archlint's waits for exit handlers: files are written and closed by then.
    """
    as_program()
    try:
        main()
        code: Any = EXIT_OK
    except SystemExit as leaving:
        code = leaving.code
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):
        print(code, file=sys.stderr)  # sys.exit("message") semantics
        code = EXIT_ERROR
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        code = EXIT_ERROR
    os._exit(code)


def _main(argv: list[str] | None) -> Any:
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
