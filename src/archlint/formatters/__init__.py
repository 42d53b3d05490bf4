"""Reporters: each turns a LintResult into one output format. They know nothing else."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from archlint.engine.finding import Severity
from archlint.engine.runner import LintResult

Formatter = Callable[[LintResult, Severity], str]

FORMATS = ("text", "json", "sarif", "junit", "github")


def get_formatter(name: str) -> Formatter:
    """The ``render(result, fail_on) -> str`` of format ``name`` (imported on demand)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; expected one of: {', '.join(FORMATS)}")
    return importlib.import_module(f"archlint.formatters.{name}_format").render
