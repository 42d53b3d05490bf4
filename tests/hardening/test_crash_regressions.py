"""Inputs that once broke a reader (found by fuzzing or by hand) are replayed forever.

Each file in tests/hardening/crashes/<target>/ must give a clean InputError, never
another exception. Add a crashing input from `python fuzz/fuzz_inputs.py` here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.errors import InputError, InputErrors

CRASHES = Path(__file__).parent / "crashes"
CASES = sorted(p for p in CRASHES.glob("*/*") if p.is_file())


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_crash_input_fails_cleanly(path: Path) -> None:
    target = path.parent.name
    if target == "yaml":
        from archlint.loader import load_spec

        load = load_spec
    else:
        from archlint.importers import load_terraform

        load = load_terraform
    with pytest.raises((InputErrors, InputError)) as error:
        load(path)
    errors = error.value.errors if isinstance(error.value, InputErrors) else [error.value]
    assert all("\n" not in str(e) and str(e).startswith(str(path)) for e in errors)
