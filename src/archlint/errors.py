"""Errors about the user's input, and the limits that protect against hostile input.

An :class:`InputError` is always shown as one line, ``file:line:col: message``,
and makes the command exit with code 2; it never reaches the user as a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Protocol

from archlint.records import record


class HasPosition(Protocol):
    line: int
    column: int


@record
class Limits:
    """Bounds on input size; each is configurable on the command line."""

    max_file_bytes: int = 128 * 1024 * 1024
    max_nodes: int = 20_000_000  # values in one document (a 1000x-seed spec has ~3M)
    max_alias_values: int = 100_000  # values produced by aliases (stops billion laughs)
    max_depth: int = 200  # nesting of mappings and sequences


class InputError(Exception):
    """One problem with an input file, with where it is when that is known."""

    def __init__(
        self,
        file: str,
        position: HasPosition | None,
        message: str,
        model_path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = position.line if position else None
        self.column = position.column if position else None
        self.message = message
        self.model_path = model_path

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        suffix = f" ({self.model_path})" if self.model_path else ""
        return f"{where}: {self.message}{suffix}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.message)


class InputErrors(Exception):
    """Several input problems, reported together (every error, not just the first)."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = sorted(errors, key=InputError.sort_key)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'X'?"`` naming the closest candidate, or ``""`` when none is close.

    Case is ignored when comparing (``msg001`` means ``MSG001``), so the hint names the
    candidate as it is spelt.
    """
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.casefold(), candidate)
    close = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.6)
    return f"; did you mean {by_folded[close[0]]!r}?" if close else ""
