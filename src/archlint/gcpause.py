"""Pausing CPython's cyclic garbage collector while a reader builds a large tree."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from archlint.shortlived import freeze_collected

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, and leave it as it was found.

    A reader makes millions of small objects and no reference cycles; with the collector
    on, each collection traverses the whole growing heap again (a quarter to a third of
    reading a large spec or Terraform directory). Paused, it examines them once, later.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        freeze_collected()
        if collecting:
            gc.enable()
