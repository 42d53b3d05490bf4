"""Coverage-guided fuzzing of archlint's input readers with atheris (libFuzzer for Python).

Run for a fixed time (documented in the README's Hardening section):

    pip install atheris
    python fuzz/fuzz_inputs.py yaml -max_total_time=600
    python fuzz/fuzz_inputs.py plan -max_total_time=600
    python fuzz/fuzz_inputs.py hcl  -max_total_time=600

The working corpus (fuzz/corpus/<target>/, not committed) is seeded on first use from
the spec, the rule fixtures and the Terraform fixtures.

A crash is any exception other than archlint's InputError(s): libFuzzer writes the
input to ./crash-*; copy it into tests/hardening/crashes/<target>/ so that
tests/hardening/test_crash_regressions.py replays it forever.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from archlint.errors import InputError, InputErrors
    from archlint.importers import hcl as _hcl  # noqa: F401 - instrument the HCL path too
    from archlint.importers import load_terraform
    from archlint.loader import load_spec_text

TARGET = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in ("yaml", "plan", "hcl") else "yaml"


def fuzz_yaml(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    with contextlib.suppress(InputErrors, InputError):
        load_spec_text(text, "fuzz.yaml")


def _fuzz_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"input{suffix}")
        with open(path, "wb") as stream:
            stream.write(data)
        with contextlib.suppress(InputErrors, InputError):
            load_terraform(path)


def fuzz_plan(data: bytes) -> None:
    _fuzz_file(data, ".json")


def fuzz_hcl(data: bytes) -> None:
    _fuzz_file(data, ".tf")


SEEDS = {
    "yaml": ("spec/*.yaml", "tests/fixtures/rules/*/*.yaml"),
    "plan": ("tests/fixtures/terraform/**/*.json",),
    "hcl": ("tests/fixtures/terraform/**/*.tf",),
}


def corpus_folder(target: str, name: str | None = None) -> str:
    """fuzz/corpus/<name or target>, seeded from the repository's own inputs when empty."""
    root = Path(__file__).resolve().parent.parent
    folder = root / "fuzz" / "corpus" / (name or target)
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.iterdir()):
        for pattern in SEEDS[target]:
            for number, source in enumerate(sorted(root.glob(pattern))):
                shutil.copyfile(source, folder / f"seed-{number}-{source.name}")
    return str(folder)


if __name__ == "__main__":
    target = {"yaml": fuzz_yaml, "plan": fuzz_plan, "hcl": fuzz_hcl}[TARGET]
    if not any(not a.startswith("-") for a in sys.argv[1:]):
        sys.argv.append(corpus_folder(TARGET))
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
