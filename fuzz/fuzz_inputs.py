"""Coverage-guided fuzzing of archlint's input readers with atheris (libFuzzer for Python).

Run for a fixed time (documented in the README's Hardening section):

    pip install atheris
    python fuzz/fuzz_inputs.py yaml fuzz/corpus/yaml -max_total_time=600
    python fuzz/fuzz_inputs.py plan fuzz/corpus/plan -max_total_time=600
    python fuzz/fuzz_inputs.py hcl  fuzz/corpus/hcl  -max_total_time=600

A crash is any exception other than archlint's InputError(s): libFuzzer writes the
input to ./crash-*; copy it into tests/hardening/crashes/<target>/ so that
tests/hardening/test_crash_regressions.py replays it forever.
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from archlint.errors import InputError, InputErrors
    from archlint.loader import load_spec_text

TARGET = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in ("yaml", "plan", "hcl") else "yaml"


def fuzz_yaml(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    try:
        load_spec_text(text, "fuzz.yaml")
    except (InputErrors, InputError):
        pass


def _fuzz_file(data: bytes, suffix: str) -> None:
    from archlint.importers import load_terraform

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"input{suffix}")
        with open(path, "wb") as stream:
            stream.write(data)
        try:
            load_terraform(path)
        except (InputErrors, InputError):
            pass


def fuzz_plan(data: bytes) -> None:
    _fuzz_file(data, ".json")


def fuzz_hcl(data: bytes) -> None:
    _fuzz_file(data, ".tf")


if __name__ == "__main__":
    target = {"yaml": fuzz_yaml, "plan": fuzz_plan, "hcl": fuzz_hcl}[TARGET]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
