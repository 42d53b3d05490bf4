"""Conversions from azurerm attribute values to model values.

Each converter takes a plain (known) value and returns what the model field accepts, or
raises ``ValueError`` with a message a user understands; the mapper then reports the value
(TF007) and records the field as unknown instead of guessing.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from archlint.model.types import parse_duration

__all__ = [
    "boolean",
    "days",
    "duration",
    "hours",
    "integer",
    "lower",
    "megabytes",
    "minutes",
    "number",
    "region",
    "seconds",
    "text",
    "tls",
]


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ValueError(f"expected true or false, got {value!r}")


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError(f"expected a whole number, got {value!r}")


def number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise ValueError(f"expected a number, got {value!r}")


def text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise ValueError(f"expected a string, got {value!r}")
    return str(value)


def lower(value: Any) -> str:
    return text(value).lower()


def duration(value: Any) -> timedelta:
    """ISO 8601 (``PT5M``, ``P14D``) or a .NET timespan (``00:05:00``), as Azure writes them."""
    return parse_duration(text(value))


def _scaled(value: Any, unit: float) -> timedelta:
    amount = number(value)
    if amount < 0:
        raise ValueError(f"expected a positive number, got {value!r}")
    return timedelta(seconds=amount * unit)


def seconds(value: Any) -> timedelta:
    return _scaled(value, 1)


def minutes(value: Any) -> timedelta:
    return _scaled(value, 60)


def hours(value: Any) -> timedelta:
    return _scaled(value, 3600)


def days(value: Any) -> timedelta:
    return _scaled(value, 86400)


def megabytes(value: Any) -> int:
    # Service Bus max_size_in_megabytes counts binary megabytes (1024 = 1 GB in the portal).
    return integer(value) * 1024 * 1024


def region(value: Any) -> str:
    """``"East US 2"`` and ``"eastus2"`` are the same Azure region; the model uses the latter."""
    return "".join(text(value).split()).lower()


_TLS = {
    "1.0": "1.0", "1.1": "1.1", "1.2": "1.2", "1.3": "1.3",
    "tls1_0": "1.0", "tls1_1": "1.1", "tls1_2": "1.2", "tls1_3": "1.3",
    "tls10": "1.0", "tls11": "1.1", "tls12": "1.2", "tls13": "1.3",
    "tlsv1_0": "1.0", "tlsv1_1": "1.1", "tlsv1_2": "1.2", "tlsv1_3": "1.3",
    # PostgreSQL and MySQL server parameters (ssl_min_protocol_version, tls_version)
    "tlsv1": "1.0", "tlsv1.0": "1.0", "tlsv1.1": "1.1", "tlsv1.2": "1.2", "tlsv1.3": "1.3",
}  # fmt: skip


def tls(value: Any) -> str:
    """Azure spells TLS versions ``1.2``, ``TLS1_2``, ``Tls12`` or ``TLSv1_2`` by service."""
    key = text(value).strip().lower()
    if key not in _TLS:
        raise ValueError(f"unrecognised TLS version {value!r}")
    return _TLS[key]


def cidr(value: Any) -> str:
    text_value = text(value)
    ipaddress.ip_network(text_value, strict=True)  # raises ValueError with the reason
    return text_value


def default_action(value: Any) -> str:
    """A network firewall's default action: ``Allow`` or ``Deny`` (any case)."""
    action = text(value).capitalize()
    if action not in ("Allow", "Deny"):
        raise ValueError(f"not a firewall default action: {value!r}")
    return action
