"""The typed value parsers: what they accept, what they store, what they refuse."""

from __future__ import annotations

import ipaddress
from datetime import timedelta

import pytest

from archlint.model.types import (
    format_duration,
    format_size,
    parse_cidr,
    parse_duration,
    parse_percentage,
    parse_size,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("10m", timedelta(minutes=10)),
        ("1h30m", timedelta(minutes=90)),
        ("14d", timedelta(days=14)),
        ("2w", timedelta(days=14)),
        ("7y", timedelta(days=7 * 365)),
        ("500ms", timedelta(milliseconds=500)),
        ("PT10M", timedelta(minutes=10)),
        ("P14D", timedelta(days=14)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("PT0.5S", timedelta(milliseconds=500)),
        ("00:05:00", timedelta(minutes=5)),
        ("14.00:00:00", timedelta(days=14)),
        (" 5m ", timedelta(minutes=5)),
    ],
)
def test_duration_forms(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (30, "has no unit"),
        (1.5, "has no unit"),
        ("ten minutes", "invalid duration"),
        ("10", "invalid duration"),
        ("10x", "invalid duration"),
        ("P", "invalid duration"),
        ("PT", "invalid duration"),
        ("", "invalid duration"),
        ("m10", "invalid duration"),
        (True, "expected a duration"),
        (None, "expected a duration"),
        ("99999999999999y", "too large"),
    ],
)
def test_duration_errors(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(days=14), "14d"),
        (timedelta(minutes=90), "1h30m"),
        (timedelta(milliseconds=1500), "1s500ms"),
        (timedelta(0), "0s"),
    ],
)
def test_duration_format_is_short_and_round_trips(value: timedelta, text: str) -> None:
    assert format_duration(value) == text
    assert parse_duration(text) == value


def test_cidr_ipv4_and_ipv6() -> None:
    assert parse_cidr("10.0.1.0/24") == ipaddress.ip_network("10.0.1.0/24")
    assert parse_cidr("fd00::/64") == ipaddress.ip_network("fd00::/64")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10.0.1.5/24", "host bits set; did you mean '10.0.1.0/24'"),
        ("10.0.1.0", "missing prefix length"),
        ("10.0.300.0/24", "invalid CIDR"),
        ("10.0.0.0/33", "invalid CIDR"),
        (42, "expected a CIDR"),
    ],
)
def test_cidr_errors(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_cidr(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1024, 1024), ("256MB", 256_000_000), ("1GiB", 1024**3), ("80 GB", 80 * 1000**3)],
)
def test_sizes(value: object, expected: int) -> None:
    assert parse_size(value) == expected


@pytest.mark.parametrize("value", ["lots", "-1MB", True, 1.5, -5])
def test_size_errors(value: object) -> None:
    with pytest.raises(ValueError):
        parse_size(value)


def test_size_format() -> None:
    assert format_size(300 * 1024**2) == "300MiB"
    assert format_size(5) == "5B"


@pytest.mark.parametrize(("value", "expected"), [("70%", 70.0), (90, 90.0), ("12.5 %", 12.5)])
def test_percentages(value: object, expected: float) -> None:
    assert parse_percentage(value) == expected


@pytest.mark.parametrize("value", ["101%", -1, "seventy", False, [70]])
def test_percentage_errors(value: object) -> None:
    with pytest.raises(ValueError):
        parse_percentage(value)
