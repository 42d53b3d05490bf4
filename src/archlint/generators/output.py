"""Write generated files into one directory: atomically, and never outside it.

File names come from the generators' fixed tables (``network.tf``, ``main.bicep``), never from
the spec, and are checked again here: a name with a path separator, ``..`` or a leading dot is
refused.  Each file is written to a temporary file in the same directory and moved over the
old one with ``os.replace``, so a reader (or an interrupted run) never sees half a file; a
symlink at a target path is replaced itself, its target is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from archlint.fsutil import atomic_write, output_errors

__all__ = ["changed_files", "write_files"]

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _check_name(name: str) -> None:
    if not _SAFE_NAME.match(name) or ".." in name:
        raise ValueError(f"refusing to write {name!r}: not a plain file name")


def write_files(directory: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``{name: text}`` into ``directory`` (created if missing); returns the paths.

    A directory or file that cannot be written is an InputError (one line, exit 2).

    Files whose content is unchanged are left untouched (their modification time too), so
    build tools that watch the directory only see real changes.
    """
    for name in files:
        _check_name(name)
    with output_errors(directory):
        directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(files):
        target = directory / name
        data = files[name].encode("utf-8")
        if not target.is_symlink() and target.is_file() and target.read_bytes() == data:
            written.append(target)
            continue
        with output_errors(target):
            atomic_write(target, data)
        written.append(target)
    return written


def changed_files(directory: Path, files: Mapping[str, str]) -> list[str]:
    """Names whose file in ``directory`` is missing or differs from the generated text."""
    changed = []
    for name in sorted(files):
        _check_name(name)
        target = directory / name
        try:
            current = target.read_bytes()
        except OSError:
            changed.append(name)
            continue
        if current != files[name].encode("utf-8"):
            changed.append(name)
    return changed
