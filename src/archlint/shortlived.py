"""What archlint's own program may skip because its process ends right after the run.

``cli.run`` (the ``archlint`` command) declares itself a program and leaves with
``os._exit``. A caller that runs archlint inside its own process (tests, a library user)
gets neither shortcut: its objects are freed and collected as usual.
"""

from __future__ import annotations

import gc

__all__ = ["as_program", "freeze_collected", "keep_until_exit"]

_program = False
_kept: list[object] = []


def as_program() -> None:
    global _program
    _program = True


def keep_until_exit(*objects: object) -> None:
    """Hold ``objects`` to the end of the program: freeing a large architecture object by
    object as the command returns was 4% of a 1000x-seed lint, spent on a process that
    then leaves without freeing anything."""
    if _program:
        _kept.extend(objects)


def freeze_collected() -> None:
    """After a reader built a large tree with the collector paused: in the program, move
    every object to the permanent generation, so that the first collection does not
    traverse the whole tree (7% of a 1000x-seed lint); the tree lives until exit anyway."""
    if _program:
        gc.freeze()
