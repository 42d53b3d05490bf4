"""Overlapping address ranges, found by sort-and-sweep instead of comparing every pair.

A network is the closed integer interval ``[first address, last address]``. Sorting the
intervals by start and sweeping once, with a min-heap of the intervals still open (keyed
by their end), finds every overlapping pair in O(n log n + k) for n ranges and k overlaps:
each interval enters and leaves the heap once, and every interval still open when another
starts overlaps it. IPv4 and IPv6 live in different address spaces and are swept apart.

CIDR blocks are a laminar family (two blocks are disjoint or one contains the other), but
the sweep does not rely on that: it is correct for any intervals, e.g. ranges given as
first-last addresses by an importer.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import TypeVar

from archlint.model.types import IPNetwork

T = TypeVar("T")

Interval = tuple[int, int]  # inclusive (start, end)


def overlapping_intervals(intervals: Sequence[Interval]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of the intervals that share at least one point.

    Sorted by ``(i, j)`` so callers report in input order, deterministically.
    """
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i][0], intervals[i][1], i))
    open_: list[tuple[int, int]] = []  # heap of (end, index) of intervals still open
    pairs: list[tuple[int, int]] = []
    for index in order:
        start, end = intervals[index]
        while open_ and open_[0][0] < start:
            heapq.heappop(open_)
        pairs.extend((min(index, other), max(index, other)) for _, other in open_)
        heapq.heappush(open_, (end, index))
    pairs.sort()
    return pairs


def network_interval(network: IPNetwork) -> Interval:
    """The inclusive integer interval of addresses a network covers."""
    return int(network.network_address), int(network.broadcast_address)


def overlapping_pairs(
    items: Sequence[T], network_of: Callable[[T], IPNetwork]
) -> list[tuple[T, T]]:
    """Pairs of ``items`` whose networks overlap, each pair once, in input order.

    IPv4 and IPv6 networks never overlap each other; each family is swept on its own.
    """
    by_version: dict[int, list[int]] = {}
    for position, item in enumerate(items):
        by_version.setdefault(network_of(item).version, []).append(position)
    pairs: list[tuple[int, int]] = []
    for positions in by_version.values():
        intervals = [network_interval(network_of(items[p])) for p in positions]
        pairs += [(positions[i], positions[j]) for i, j in overlapping_intervals(intervals)]
    pairs.sort()
    return [(items[i], items[j]) for i, j in pairs]


def contained_in_any(network: IPNetwork, spaces: Sequence[IPNetwork]) -> bool:
    """True when ``network`` lies entirely inside one of ``spaces`` (same IP version)."""
    return any(
        space.version == network.version and network.subnet_of(space)  # type: ignore[arg-type]
        for space in spaces
    )
