"""A progress bar for long runs that stays out of logs.

Who sees what (the ruff/terraform convention: decoration only for people, never for CI logs):

* stderr is a terminal and ``CI`` is not set: a one-line bar, redrawn in place, that
  appears only once a run has taken longer than ``delay`` seconds (a 0.3 s lint never
  flickers) and is erased when the run ends;
* ``--verbose`` on a terminal: the same bar, from the first step;
* ``--verbose`` anywhere else (a CI log, a pipe): one plain line per step;
* otherwise: nothing at all.

The bar goes to stderr, so stdout stays clean for ``--format json`` and friends. This
module imports only the standard library: ``archlint lint`` must stay fast.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from types import TracebackType
from typing import TextIO, TypeVar

T = TypeVar("T")

DEFAULT_DELAY = 0.5  # seconds a run must take before a non-verbose bar appears
_CLEAR_LINE = "\r\x1b[K"


class Mode(Enum):
    OFF = "off"
    BAR = "bar"  # redrawn in place on a terminal
    LINES = "lines"  # one line per step, for logs


def choose_mode(stream: TextIO, *, verbose: bool, environ: dict[str, str] | None = None) -> Mode:
    """How to show progress on ``stream`` (see the module docstring)."""
    env = os.environ if environ is None else environ
    interactive = _isatty(stream) and not env.get("CI") and env.get("TERM") != "dumb"
    if interactive:
        return Mode.BAR
    return Mode.LINES if verbose else Mode.OFF


class Progress:
    """Progress over ``total`` steps; call :meth:`step` as each one starts.

    Use as a context manager so the bar is erased even when the run fails.
    """

    def __init__(
        self,
        total: int,
        label: str,
        *,
        verbose: bool = False,
        stream: TextIO | None = None,
        delay: float = DEFAULT_DELAY,
        clock: Callable[[], float] = time.monotonic,
        environ: dict[str, str] | None = None,
    ) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.mode = choose_mode(self.stream, verbose=verbose, environ=environ)
        # A verbose user asked to see progress: no waiting for the run to become long.
        self.delay = 0.0 if verbose else delay
        self._clock = clock
        self._started = clock()
        self._done = 0
        self._drawn = False

    def step(self, description: str = "") -> None:
        """Record that the next step starts (``description`` names it)."""
        self._done = min(self._done + 1, self.total)
        if self.mode is Mode.LINES:
            self._write(f"{self.label}: [{self._done}/{self.total}] {description}".rstrip() + "\n")
        elif self.mode is Mode.BAR and self._clock() - self._started >= self.delay:
            self._write(_CLEAR_LINE + self._bar(description))
            self._drawn = True

    def close(self) -> None:
        """Erase the bar (logs keep their lines)."""
        if self._drawn:
            self._write(_CLEAR_LINE)
            self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _bar(self, description: str) -> str:
        columns = shutil.get_terminal_size((80, 24)).columns
        counter = f"{self._done}/{self.total}"
        width = max(10, min(30, columns // 4))
        filled = round(width * self._done / self.total)
        text = f"{self.label} [{'#' * filled}{'-' * (width - filled)}] {counter} {description}"
        # Never wrap: a wrapped line cannot be redrawn in place.
        return text[: max(columns - 1, 1)]

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def track(
    items: Iterable[T],
    label: str,
    *,
    verbose: bool = False,
    describe: Callable[[T], str] = str,
    stream: TextIO | None = None,
) -> Iterator[T]:
    """Yield ``items``, showing progress over them (``archlint lint`` over many inputs)."""
    sequence = list(items)
    with Progress(len(sequence), label, verbose=verbose, stream=stream) as progress:
        for item in sequence:
            progress.step(describe(item))
            yield item


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
