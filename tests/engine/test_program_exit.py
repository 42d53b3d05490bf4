"""The ``archlint`` program (``python -m archlint``) leaves without interpreter teardown:
its exit codes and its output must be exactly those of the in-process command."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, SEED_SPEC, run_cli


def _program(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archlint", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_findings_exit_1_with_all_output_flushed() -> None:
    done = _program("lint", str(SEED_SPEC.relative_to(ROOT)), "--format", "json")
    in_process = run_cli("lint", str(SEED_SPEC.relative_to(ROOT)), "--format", "json")
    assert done.returncode == 1
    assert done.stdout == in_process.stdout  # a 40 KB document, flushed before leaving


def test_clean_run_exits_0() -> None:
    done = _program("rules", "NET001")
    assert done.returncode == 0
    assert "NET001" in done.stdout


def test_input_error_exits_2_with_one_line() -> None:
    done = _program("lint", "no-such-spec.yaml")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["no-such-spec.yaml: file not found"]


def test_closed_output_pipe_keeps_the_verdict_without_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "archlint", "lint", str(SEED_SPEC), "--format", "json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before anything is written: `| true`
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1  # the findings' verdict, as with an open pipe
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr  # what a flush at interpreter teardown prints


def test_only_the_program_keeps_its_objects_and_freezes_what_readers_built() -> None:
    # In-process callers (these tests, a library user) get their memory back: nothing is
    # held, nothing frozen. The program holds and freezes, then leaves with os._exit.
    import gc

    from archlint import shortlived
    from archlint.gcpause import collector_paused

    assert not shortlived._program
    shortlived.keep_until_exit(object())
    with collector_paused():
        pass
    assert shortlived._kept == [] and gc.get_freeze_count() == 0

    printed = _as_program(
        "from archlint.gcpause import collector_paused",
        "shortlived.keep_until_exit('x')",
        "with collector_paused():",
        "    tree = [[i] for i in range(1000)]",
        "print(shortlived._kept, gc.get_freeze_count() > 1000)",
    )
    assert printed == "['x'] True\n"


def test_the_program_imports_a_command_with_the_collector_paused_and_freezes_it() -> None:
    # The command's modules and the model are alive to the end: the collector should not
    # traverse them again during the run. In-process callers keep their collector as it was.
    printed = _as_program(
        "import click",
        "from archlint.cli import LazyGroup, cli",
        "before = gc.get_freeze_count()",
        "LazyGroup.get_command(cli, click.Context(cli), 'lint')",
        "print(gc.isenabled(), gc.get_freeze_count() - before > 20_000)",
    )
    assert printed == "True True\n"


def _as_program(*lines: str) -> str:
    """What ``lines`` print in a fresh interpreter that has declared itself the program."""
    script = "\n".join(
        ["import gc", "from archlint import shortlived", "shortlived.as_program()", *lines]
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout
