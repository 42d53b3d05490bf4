"""The CIDR sweep against a brute-force pairwise oracle."""

from __future__ import annotations

import ipaddress
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from archlint.analysis.cidr import (
    contained_in_any,
    network_interval,
    overlapping_intervals,
    overlapping_pairs,
)
from archlint.model.types import IPNetwork


def _network(version: int, address: int, prefix: int) -> IPNetwork:
    bits = 32 if version == 4 else 128
    prefix = min(prefix, bits)
    mask = ((1 << bits) - 1) ^ ((1 << (bits - prefix)) - 1)
    if version == 4:
        return ipaddress.IPv4Network((address & mask & 0xFFFFFFFF, prefix))
    return ipaddress.IPv6Network((address & mask, prefix))


# Addresses drawn from a small space so that overlaps are frequent, in both families.
networks = st.builds(
    _network,
    st.sampled_from([4, 6]),
    st.integers(min_value=0, max_value=(1 << 12) - 1).map(lambda a: a << 20),
    st.integers(min_value=8, max_value=32),
)


def _oracle_pairs(items: list[IPNetwork]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, j in combinations(range(len(items)), 2)
        if items[i].version == items[j].version and items[i].overlaps(items[j])  # type: ignore[arg-type]
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(networks, max_size=40))
def test_sweep_finds_exactly_the_overlapping_network_pairs(items: list[IPNetwork]) -> None:
    indexed = list(enumerate(items))
    found = overlapping_pairs(indexed, lambda pair: pair[1])
    assert [(a[0], b[0]) for a, b in found] == _oracle_pairs(items)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 200), st.integers(0, 50)).map(lambda t: (t[0], t[0] + t[1])),
        max_size=40,
    )
)
def test_sweep_handles_arbitrary_intervals(intervals: list[tuple[int, int]]) -> None:
    expected = [
        (i, j)
        for i, j in combinations(range(len(intervals)), 2)
        if intervals[i][0] <= intervals[j][1] and intervals[j][0] <= intervals[i][1]
    ]
    assert overlapping_intervals(intervals) == expected


def test_touching_ranges_do_not_overlap_and_families_are_apart() -> None:
    items = [
        ipaddress.ip_network("10.0.0.0/25"),
        ipaddress.ip_network("10.0.0.128/25"),
        ipaddress.ip_network("::/96"),  # same integers as 0.0.0.0/0, another family
        ipaddress.ip_network("0.0.0.0/0"),
    ]
    found = overlapping_pairs(items, lambda n: n)
    assert found == [(items[0], items[3]), (items[1], items[3])]


def test_interval_is_inclusive() -> None:
    assert network_interval(ipaddress.ip_network("10.0.0.0/30")) == (167772160, 167772163)


def test_contained_in_any() -> None:
    spaces = [ipaddress.ip_network("10.0.0.0/16"), ipaddress.ip_network("fd00::/48")]
    assert contained_in_any(ipaddress.ip_network("10.0.4.0/26"), spaces)
    assert contained_in_any(ipaddress.ip_network("fd00::/64"), spaces)
    assert not contained_in_any(ipaddress.ip_network("10.1.0.0/24"), spaces)
    assert not contained_in_any(ipaddress.ip_network("10.0.0.0/8"), spaces)
