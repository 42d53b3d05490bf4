"""Property-based fuzzing: the loader and value parsers never crash, whatever the input.

"Never crash" means: a valid model, or InputErrors whose every message is one line
with the file name. Any other exception is a bug.
"""

from __future__ import annotations

import contextlib
import ipaddress
import random
from datetime import timedelta

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archlint.errors import InputErrors
from archlint.loader import load_spec_text
from archlint.model.types import (
    format_duration,
    parse_cidr,
    parse_duration,
    parse_percentage,
    parse_size,
)
from tests.conftest import SEED_SPEC

SEED_TEXT = SEED_SPEC.read_text()
SEED_LINES = SEED_TEXT.splitlines(keepends=True)


def loads_or_fails_cleanly(text: str) -> None:
    try:
        load_spec_text(text, "fuzz.yaml")
    except InputErrors as error:
        assert error.errors
        for item in error.errors:
            message = str(item)
            assert message.startswith("fuzz.yaml")
            assert "\n" not in message


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["10m", "PT5M", "10.0.0.0/16", "premium", "-1"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "metadata",
                    "name",
                    "id",
                    "network",
                    "vnets",
                    "subnets",
                    "cidr",
                    "messaging",
                    "service_bus",
                    "queues",
                    "tier",
                    "x",
                    "primary_region",
                    "lock_duration",
                    "flows",
                    "steps",
                    "from",
                    "to",
                    "kind",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents(document: object) -> None:
    loads_or_fails_cleanly(yaml.safe_dump(document))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    loads_or_fails_cleanly(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=8))
def test_mutations_of_the_seed(rng: random.Random, count: int) -> None:
    lines = list(SEED_LINES)
    for _ in range(count):
        position = rng.randrange(len(lines))
        operation = rng.choice(["delete", "duplicate", "swap", "mangle", "dedent", "indent"])
        if operation == "delete":
            del lines[position]
        elif operation == "duplicate":
            lines.insert(position, lines[position])
        elif operation == "swap":
            other = rng.randrange(len(lines))
            lines[position], lines[other] = lines[other], lines[position]
        elif operation == "mangle" and lines[position].strip():
            line = lines[position]
            cut = rng.randrange(len(line))
            lines[position] = line[:cut] + rng.choice(":-[]{}&*!|>'\"#%@` \t0x") + line[cut + 1 :]
        elif operation == "dedent":
            lines[position] = lines[position].lstrip(" ")
        elif operation == "indent":
            lines[position] = "  " + lines[position]
    loads_or_fails_cleanly("".join(lines))


@given(st.text(max_size=30))
def test_duration_parser_total(text: str) -> None:
    try:
        value = parse_duration(text)
    except ValueError:
        return
    assert isinstance(value, timedelta)


@given(st.integers(min_value=0, max_value=10**12))
def test_duration_format_round_trips(milliseconds: int) -> None:
    value = timedelta(milliseconds=milliseconds)
    assert parse_duration(format_duration(value)) == value


@given(st.text(max_size=45))
def test_cidr_parser_total(text: str) -> None:
    try:
        network = parse_cidr(text)
    except ValueError:
        return
    assert network == ipaddress.ip_network(text.strip(), strict=True)


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.booleans()))
def test_size_and_percentage_parsers_total(value: object) -> None:
    for parser in (parse_size, parse_percentage):
        with contextlib.suppress(ValueError):
            parser(value)
