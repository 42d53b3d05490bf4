"""Writing files so that an interrupted run never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archlint.errors import InputError


def atomic_write(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same directory and a rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp creates 0600; give the file the mode an ordinary open() would.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_output(path: str | Path, text: str | bytes) -> None:
    """Write a file the user named (``-o FILE``, ``--write-baseline FILE``) atomically.

    Its folder is created when missing, as ruff's ``--output-file`` does; a path that
    cannot be written is an :class:`InputError` (one line, exit 2), never a traceback.
    """
    with output_errors(path):
        atomic_write(path, text)


@contextmanager
def output_errors(path: str | Path) -> Iterator[None]:
    """Turn any OSError raised inside into one ``path: cannot write: reason`` InputError."""
    try:
        yield
    except OSError as error:
        raise InputError(str(path), None, f"cannot write: {_reason(error)}") from None


def _reason(error: OSError) -> str:
    if isinstance(error, FileExistsError | NotADirectoryError) and error.filename:
        # a file where a folder should be: errno's "File exists" says too little
        path = Path(error.filename)
        for ancestor in (*reversed(path.parents), path):
            if ancestor.exists() and not ancestor.is_dir():
                return f"{ancestor} is a file, not a folder"
    return error.strerror or str(error)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def safe_child(directory: str | Path, name: str) -> Path:
    """``directory/name``, refusing any name that would escape ``directory``."""
    base = Path(directory).resolve()
    candidate = (base / name).resolve()
    if candidate != base and base not in candidate.parents:
        raise ValueError(f"refusing to write outside {base}: {name!r}")
    return candidate
