"""Reading input files (specs, Terraform, plans): size limits, encodings and OS errors
as one-line input errors (a symlink loop or an unreadable file is never a traceback)."""

from __future__ import annotations

import errno
import os
from pathlib import Path as FsPath

from archlint.errors import InputError, Limits
from archlint.records import record

__all__ = ["Position", "read_bytes", "read_text"]


@record
class Position:
    line: int
    column: int


def _os_message(error: OSError) -> str:
    if error.errno is not None and error.strerror:
        reason = error.strerror
        if error.errno == errno.ELOOP:
            reason = "symbolic link loop"
        return f"cannot read: {reason}"
    return f"cannot read: {error}"


def read_bytes(path: FsPath, limits: Limits, expected: str = "a file") -> bytes:
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(name, None, f"is a directory; expected {expected}")
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise InputError(
                name,
                None,
                f"file is {size:,} bytes, over the {limits.max_file_bytes:,}-byte limit "
                "(raise it with --max-file-size)",
            )
        with open(path, "rb") as handle:
            return handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(name, None, "cannot read: broken symbolic link") from None
        raise InputError(name, None, "file not found") from None
    except OSError as error:
        raise InputError(name, None, _os_message(error)) from None


def read_text(path: FsPath, limits: Limits, expected: str = "a file") -> str:
    raw = read_bytes(path, limits, expected)
    name = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            name, Position(line, 1), f"not valid UTF-8 (byte 0x{raw[error.start]:02x})"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(name, Position(line, 1), "contains a NUL byte; not a text file")
    return text
