"""The progress bar: for people at a terminal, silent in logs unless --verbose."""

from __future__ import annotations

import io

from archlint.progress import Mode, Progress, choose_mode, track


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand (no sleeping, no timed assertions)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_mode_depends_on_terminal_ci_and_verbose() -> None:
    assert choose_mode(Terminal(), verbose=False, environ={}) is Mode.BAR
    assert choose_mode(Terminal(), verbose=False, environ={"CI": "true"}) is Mode.OFF
    assert choose_mode(Terminal(), verbose=True, environ={"CI": "true"}) is Mode.LINES
    assert choose_mode(Terminal(), verbose=False, environ={"TERM": "dumb"}) is Mode.OFF
    assert choose_mode(io.StringIO(), verbose=False, environ={}) is Mode.OFF
    assert choose_mode(io.StringIO(), verbose=True, environ={}) is Mode.LINES


def test_not_a_terminal_and_not_verbose_prints_nothing() -> None:
    stream = io.StringIO()
    with Progress(3, "lint", stream=stream, environ={}) as progress:
        for name in ("a", "b", "c"):
            progress.step(name)
    assert stream.getvalue() == ""


def test_verbose_in_a_log_prints_one_plain_line_per_step() -> None:
    stream = io.StringIO()
    with Progress(2, "lint", verbose=True, stream=stream, environ={"CI": "1"}) as progress:
        progress.step("a.yaml")
        progress.step("b.yaml")
    assert stream.getvalue() == "lint: [1/2] a.yaml\nlint: [2/2] b.yaml\n"
    assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()


def test_bar_appears_only_once_the_run_is_long_and_is_erased_at_the_end() -> None:
    stream, clock = Terminal(), Clock()
    with Progress(4, "report", stream=stream, clock=clock, delay=0.5, environ={}) as progress:
        progress.step("load")
        assert stream.getvalue() == ""  # a fast run never shows a bar
        clock.now += 0.6
        progress.step("lint")
        drawn = stream.getvalue()
        assert drawn.startswith("\r\x1b[K") and "report [" in drawn and "2/4 lint" in drawn
    assert stream.getvalue().endswith("\r\x1b[K")  # erased: the terminal is left clean


def test_verbose_on_a_terminal_draws_from_the_first_step() -> None:
    stream = Terminal()
    with Progress(2, "report", verbose=True, stream=stream, environ={}) as progress:
        progress.step("load")
        assert "1/2 load" in stream.getvalue()


def test_bar_fits_the_terminal_width(monkeypatch) -> None:
    import os

    monkeypatch.setattr(
        "archlint.progress.shutil.get_terminal_size", lambda fallback: os.terminal_size((40, 24))
    )
    stream = Terminal()
    with Progress(3, "lint", verbose=True, stream=stream, environ={}) as progress:
        progress.step("a-very-long-path/" * 10)
    line = stream.getvalue().split("\r\x1b[K")[1]
    assert len(line) <= 39


def test_track_yields_every_item_in_order() -> None:
    stream = io.StringIO()
    items = list(track(["x", "y"], "lint", verbose=True, stream=stream))
    assert items == ["x", "y"]
    assert stream.getvalue().splitlines() == ["lint: [1/2] x", "lint: [2/2] y"]


def test_lint_shows_progress_over_many_inputs_only_when_verbose(cli, write_spec) -> None:
    from tests.conftest import MINIMAL_SPEC

    first, second = write_spec(MINIMAL_SPEC, "a.yaml"), write_spec(MINIMAL_SPEC, "b.yaml")
    quiet = cli("lint", str(first), str(second))
    verbose = cli("lint", str(first), str(second), "--verbose")
    assert "lint: [" not in quiet.stderr
    assert f"lint: [1/2] {first}" in verbose.stderr
    assert f"lint: [2/2] {second}" in verbose.stderr
    assert verbose.stdout == quiet.stdout and verbose.code == quiet.code
