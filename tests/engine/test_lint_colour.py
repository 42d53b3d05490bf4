"""Colour in `archlint lint`'s text output: a terminal gets it, NO_COLOR and files do not."""

from __future__ import annotations

import contextlib
import io

import pytest

from archlint.cli import main
from tests.conftest import SEED_SPEC

ESC = "\x1b["


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _lint(*args: str, terminal: bool) -> str:
    out = _Terminal() if terminal else io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(io.StringIO()),
        contextlib.suppress(SystemExit),
    ):
        main(["lint", str(SEED_SPEC), *args])
    return out.getvalue()


@pytest.fixture
def no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    return lambda value: monkeypatch.setenv("NO_COLOR", value)


def test_a_terminal_gets_colour(no_color) -> None:
    assert ESC in _lint(terminal=True)


def test_a_pipe_gets_none(no_color) -> None:
    assert ESC not in _lint(terminal=False)


@pytest.mark.parametrize("value", ["1", "0", "false", "anything"])
def test_any_non_empty_no_color_turns_it_off(no_color, value) -> None:
    no_color(value)
    output = _lint(terminal=True)
    assert "Found " in output and ESC not in output


def test_an_empty_no_color_is_ignored(no_color) -> None:
    no_color("")
    assert ESC in _lint(terminal=True)


def test_the_color_option_wins_over_no_color_and_over_a_pipe(no_color) -> None:
    no_color("1")
    assert ESC in _lint("--color", terminal=False)


def test_no_color_option_on_a_terminal(no_color) -> None:
    assert ESC not in _lint("--no-color", terminal=True)


def test_a_file_never_gets_colour(no_color, tmp_path) -> None:
    output = tmp_path / "findings.txt"
    assert _lint("--color", "-o", str(output), terminal=True) == ""
    text = output.read_text(encoding="utf-8")
    assert "Found " in text and ESC not in text
