"""What the extraction scripts share: the deterministic encoding of their compact data files.

Gzip of JSON with sorted keys and no whitespace, mtime 0 and no file name in the header, so a
rerun on the same input writes the same bytes and a test can compare them.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any


def encode(document: dict[str, Any]) -> bytes:
    """Deterministic gzip bytes: sorted keys, no whitespace, mtime 0, no file name."""
    raw = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw.encode("ascii"))
    return buf.getvalue()


def write(output: Path, document: dict[str, Any]) -> bytes:
    """Encode ``document`` into ``output`` (its folder created if missing); returns the bytes."""
    data = encode(document)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    return data
