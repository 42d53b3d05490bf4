"""Differential fuzzing of the fast readers against the readers they stand in for.

    python fuzz/fuzz_fast_paths.py yaml -max_total_time=600
    python fuzz/fuzz_fast_paths.py hcl  -max_total_time=600

``yaml``: whatever the YAML fast path (line tier, then rapidyaml tier) accepts must be
what PyYAML and archlint's builder make of the text: the same data, leaf types and key
order, and the same key and value positions. ``hcl``: whatever ``hcl_fast.loads`` returns
must equal ``hcl2.loads`` (types and key order included); where python-hcl2 fails, the
fast parser must decline. A difference is an AssertionError: libFuzzer writes the input to
./crash-*. (The normal test run cannot reach the YAML fast path with small inputs, and
fuzz_inputs.py only looks for crashes, not for differences.)

The working corpus (fuzz/corpus/fast-<target>/, not committed) is seeded from the same
files as fuzz_inputs.py.
"""

from __future__ import annotations

import sys
from typing import Any

# Taken before fuzz_inputs is imported, which takes a target word of its own from argv.
TARGET = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in ("yaml", "hcl") else "yaml"

import atheris  # noqa: E402

with atheris.instrument_imports():
    import hcl2
    import yaml

    from archlint.errors import InputError, Limits
    from archlint.importers import hcl_fast
    from archlint.loader import fast_yaml, yaml_source

from fuzz_inputs import corpus_folder  # noqa: E402 - after the instrumented imports

_HCL_OPTIONS = hcl2.SerializationOptions(with_comments=False, preserve_heredocs=False)


def typed(value: Any) -> Any:
    """``value`` with each leaf's type (1, 1.0 and True differ) and mappings as pair lists
    (key order counts)."""
    if isinstance(value, dict):
        return [(key, typed(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, float) and value != value:
        return ("nan", float)
    return (value, type(value))


def fuzz_yaml(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    limits = Limits()
    fast_map = yaml_source.SourceMap("f", text=text)
    fast = fast_yaml.read_fast(text, "f", limits, yaml_source._Builder("f", fast_map, limits))
    if fast is None:
        return
    reference_map = yaml_source.SourceMap("f", text=text)
    builder = yaml_source._Builder("f", reference_map, limits)
    try:
        node = yaml.compose(text, Loader=yaml_source._Loader)
        reference = builder.build(node, (), 0) if node is not None else None
    except (yaml.YAMLError, InputError, RecursionError) as error:
        raise AssertionError(f"the fast path accepted what PyYAML refuses: {error}") from None
    assert typed(fast) == typed(reference), "data differs"
    assert list(fast_map.keys.items()) == list(reference_map.keys.items()), "key positions"
    assert list(fast_map.values.items()) == list(reference_map.values.items()), "positions"


def fuzz_hcl(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    try:
        fast = hcl_fast.loads(text)
    except hcl_fast.Unsupported:
        return
    try:
        reference = hcl2.loads(text, serialization_options=_HCL_OPTIONS)
    except Exception as error:  # python-hcl2 fails: the fast parser had to decline
        raise AssertionError(f"accepted what python-hcl2 refuses: {error!r}") from None
    assert typed(fast) == typed(reference), "structure differs from python-hcl2's"


if __name__ == "__main__":
    target = {"yaml": fuzz_yaml, "hcl": fuzz_hcl}[TARGET]
    if not any(not a.startswith("-") for a in sys.argv[1:]):
        sys.argv.append(corpus_folder(TARGET, f"fast-{TARGET}"))
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
