"""Hostile and broken YAML: every case is one clear line, exit 2, bounded time and memory."""

from __future__ import annotations

import resource

import pytest

from archlint.errors import InputErrors
from archlint.loader import load_spec_text
from tests.conftest import MINIMAL_SPEC

LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "metadata: *i\n"
)

HOSTILE = {
    "billion laughs": (LAUGHS, "aliases expand to more than 100,000 values"),
    "10,000-deep flow nesting": (
        "metadata: " + "[" * 10_000 + "]" * 10_000,
        "nesting deeper than 200 levels",
    ),
    "deep block nesting": (
        "".join("  " * i + f"k{i}:\n" for i in range(1_000)),
        "nesting deeper than 200 levels",
    ),
    "python object/apply tag": (
        "metadata: !!python/object/apply:os.system [id]\n",
        "is not allowed; specs hold plain YAML data only",
    ),
    "python name tag": ("metadata: !!python/name:os.system ''\n", "is not allowed"),
    "duplicate top-level key": (
        MINIMAL_SPEC + "metadata: {}\n",
        "duplicate key 'metadata' (first defined at line 1)",
    ),
    "duplicate key three levels down": (
        MINIMAL_SPEC + "messaging:\n  service_bus:\n    - id: sb\n      tier: premium\n"
        "      queues:\n        - {id: q, lock_duration: 1m, lock_duration: 2m}\n",
        "duplicate key 'lock_duration'",
    ),
    "duplicate key inside a merge source": (
        "base: &b {name: a, name: b}\nmetadata:\n  <<: *b\n  primary_region: x\n",
        "duplicate key 'name'",
    ),
    "non-string key": (MINIMAL_SPEC + "? [a, b]\n: c\n", "must be a string"),
    "boolean key": (MINIMAL_SPEC + "yes: 1\n", "mapping key 'yes' must be a string"),
    "integer overflow": (MINIMAL_SPEC + "schema_version: " + "9" * 200 + "\n", "is too large"),
    "float overflow": (
        MINIMAL_SPEC + "monitoring:\n  alerts:\n    - {id: a, target: a, metric: m, "
        "operator: GreaterThan, threshold: 1.0e+999, window: 5m, severity: 1}\n",
        "overflows",
    ),
    "host bits set": (
        MINIMAL_SPEC + "network:\n  on_premises:\n    ranges: [10.0.1.5/24]\n",
        "host bits set; did you mean '10.0.1.0/24'?",
    ),
    "control character": ("metadata: \x07\n", "hostile.yaml:1:1"),
    "infinity written as a string": (
        MINIMAL_SPEC + "monitoring:\n  alerts:\n    - {id: a, target: a, metric: m, "
        "operator: GreaterThan, threshold: '1e999', window: 5m, severity: 1}\n",
        "Input should be a finite number",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_is_refused_without_expanding(case: str) -> None:
    text, expected = HOSTILE[case]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputErrors) as error:
        load_spec_text(text, "hostile.yaml")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    messages = [str(e) for e in error.value.errors]
    assert any(expected in m for m in messages), messages
    assert all(m.startswith("hostile.yaml") and "\n" not in m for m in messages)
    # Expansion takes gigabytes; a refusal a few megabytes at most.
    assert grown_kib < 200 * 1024, f"{case} grew the process by {grown_kib} KiB"


def test_billion_laughs_stays_within_memory() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputErrors):
        load_spec_text(LAUGHS, "laughs.yaml")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200 * 1024


def test_merge_keys_used_legitimately() -> None:
    spec = MINIMAL_SPEC + (
        "messaging:\n  service_bus:\n    - id: sb\n      tier: premium\n      queues:\n"
        "        - &defaults {id: q1, lock_duration: 1m, max_delivery_count: 5}\n"
        "        - {<<: *defaults, id: q2}\n"
        "        - {<<: [*defaults], id: q3, max_delivery_count: 7}\n"
    )
    queues = load_spec_text(spec, "merge.yaml").architecture.messaging.service_bus[0].queues
    assert [(q.id, q.max_delivery_count) for q in queues] == [("q1", 5), ("q2", 5), ("q3", 7)]


def test_ipv6_ranges_are_accepted() -> None:
    spec = MINIMAL_SPEC + "network:\n  on_premises:\n    ranges: ['fd00:1::/48']\n"
    ranges = load_spec_text(spec, "v6.yaml").architecture.network.on_premises.ranges
    assert str(ranges[0]) == "fd00:1::/48"


def test_file_over_the_size_limit_is_refused_without_reading(cli, tmp_path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # a sparse 50 MB file
    result = cli("validate", str(big), "--max-file-size", "10MB")
    assert result.code == 2
    # Refused by its size, before it is read.
    assert "file is 52,428,800 bytes, over the 10,000,000-byte limit" in result.stderr


@pytest.mark.slow
def test_50mb_of_yaml_gives_one_clear_error(cli, tmp_path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(MINIMAL_SPEC + "notes: '" + "x" * (50 * 1024 * 1024) + "'\n")
    result = cli("validate", str(big))
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "big.yaml:4:1: unknown key 'notes'" in result.stderr
