"""SHA-256 for fingerprints and cache keys, without loading OpenSSL's bindings.

``hashlib`` imports ``_hashlib`` (OpenSSL) on first use: about a hundredth of a pre-commit
run, for hashing a few kilobytes. CPython's own implementation is a built-in module.
"""

from __future__ import annotations

try:
    from _sha2 import sha256  # Python 3.12+
except ImportError:  # pragma: no cover - depends on the interpreter
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
