"""Typed values used throughout the model: durations, CIDRs, sizes, percentages.

Each type accepts the forms people write in YAML and in Terraform (``PT10M`` and
``10m``; ``"70%"`` and ``70``), stores one canonical Python value (timedelta,
ipaddress network, int bytes, float percent) and serialises back to a short,
stable string so generated files and JSON output are deterministic.
"""

import ipaddress
import re
from datetime import timedelta
from functools import lru_cache
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

__all__ = [
    "Cidr",
    "Duration",
    "IPNetwork",
    "Percentage",
    "Size",
    "format_duration",
    "format_size",
    "parse_cidr",
    "parse_duration",
    "parse_percentage",
    "parse_size",
]

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class TypedValue:
    """Pydantic marker for a value with its own parser, short form and JSON Schema.

    Building the core schema directly (rather than stacking BeforeValidator,
    PlainSerializer and WithJsonSchema) spares pydantic a signature inspection per
    field, which is most of the model's start-up cost on the pre-commit path.
    """

    def __init__(
        self,
        parse: Any,
        serialize: Any,
        json_schema: dict[str, Any],
    ) -> None:
        self.parse = parse
        self.serialize = serialize
        self.json_schema = json_schema

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                self.serialize, when_used="json-unless-none"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return dict(self.json_schema)


# --- durations -------------------------------------------------------------------------

_UNIT_SECONDS = {
    "ms": 0.001,
    "s": 1,
    "m": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    # A year is 365 days: Azure lifecycle and retention settings count whole days,
    # so "7y" means 2555 days, never a calendar-aware interval.
    "y": 365 * 86400,
}
_SHORT = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)")
_ISO = re.compile(
    r"P(?:(?P<y>\d+)Y)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)
# Terraform and ARM write lock durations and TTLs as "00:05:00" or "14.00:00:00".
_TIMESPAN = re.compile(r"(?:(?P<d>\d+)\.)?(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2}(?:\.\d+)?)")
_MAX_DURATION_SECONDS = timedelta.max.total_seconds() - 86400

DURATION_HELP = "a duration such as '30s', '10m', '1h30m', '14d', '7y' or ISO 8601 'PT10M'"


def parse_duration(value: Any) -> timedelta:
    """Parse a duration; bare numbers are refused because their unit would be a guess."""
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f"duration {value!r} has no unit; write {DURATION_HELP}")
        raise ValueError(f"expected {DURATION_HELP}, got {type(value).__name__}")
    text = value.strip()
    seconds = _duration_seconds(text)
    if seconds is None:
        raise ValueError(f"invalid duration {value!r}; expected {DURATION_HELP}")
    if seconds > _MAX_DURATION_SECONDS:
        raise ValueError(f"duration {value!r} is too large")
    return timedelta(seconds=seconds)


# A large spec repeats a few dozen durations ("30s", "PT5M") on tens of thousands of
# elements: each spelling is parsed once.
@lru_cache(maxsize=4096)
def _duration_seconds(text: str) -> float | None:
    if not text:
        return None
    if text[0] in "Pp":
        match = _ISO.fullmatch(text.upper())
        if not match or text.upper() in ("P", "PT") or text.upper().endswith("T"):
            return None
        parts = {k: float(v) for k, v in match.groupdict().items() if v}
        return sum(parts.get(unit, 0.0) * _UNIT_SECONDS[unit] for unit in "ywdhms")
    match = _TIMESPAN.fullmatch(text)
    if match:
        parts = {k: float(v) for k, v in match.groupdict().items() if v}
        return sum(parts.get(unit, 0.0) * _UNIT_SECONDS[unit] for unit in "dhms")
    position = 0
    total = 0.0
    for match in _SHORT.finditer(text):
        if match.start() != position:
            return None
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        position = match.end()
    if position != len(text):
        return None
    return total


def format_duration(value: timedelta) -> str:
    """Shortest exact short form: 7d, 1h30m, 500ms (deterministic)."""
    millis = round(value.total_seconds() * 1000)
    if millis == 0:
        return "0s"
    sign = "-" if millis < 0 else ""
    millis = abs(millis)
    out = []
    for unit, size in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)):
        count, millis = divmod(millis, size)
        if count:
            out.append(f"{count}{unit}")
    if millis:
        out.append(f"{millis}ms")
    return sign + "".join(out)


Duration = Annotated[
    timedelta,
    TypedValue(
        parse_duration,
        format_duration,
        {
            "type": "string",
            "pattern": r"^(P.*|(\d+(\.\d+)?(ms|s|m|h|d|w|y))+|(\d+\.)?\d{1,2}:\d{2}:\d{2})$",
            "description": DURATION_HELP,
            "examples": ["30s", "10m", "14d", "PT10M"],
        },
    ),
]

# --- CIDRs -----------------------------------------------------------------------------


def parse_cidr(value: Any) -> IPNetwork:
    """Parse a CIDR strictly: host bits set is an error, never silently masked."""
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a CIDR such as '10.0.1.0/24', got {type(value).__name__}")
    text = value.strip()
    if "/" not in text:
        raise ValueError(f"invalid CIDR {value!r}: missing prefix length such as '/24'")
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError as error:
        if "host bits set" in str(error):
            network = ipaddress.ip_network(text, strict=False)
            raise ValueError(
                f"invalid CIDR {value!r}: host bits set; did you mean '{network}'?"
            ) from None
        raise ValueError(f"invalid CIDR {value!r}") from None


Cidr = Annotated[
    IPNetwork,
    TypedValue(
        parse_cidr,
        str,
        {
            "type": "string",
            "description": "an IPv4 or IPv6 network in CIDR notation, e.g. '10.0.1.0/24'",
            "examples": ["10.0.0.0/16"],
        },
    ),
]

# --- sizes -----------------------------------------------------------------------------

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGTP]i?B|B)?", re.IGNORECASE)
_SIZE_FACTORS = {
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "pb": 1000**5,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
    "pib": 1024**5,
}


def parse_size(value: Any) -> int:
    """Parse a size in bytes: an integer, or '256MB', '1GiB', '80 GB'."""
    if isinstance(value, bool):
        raise ValueError("expected a size such as '1GB', got a boolean")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"size {value} is negative")
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a size such as '1GB', got {type(value).__name__}")
    match = _SIZE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"invalid size {value!r}; expected e.g. '256MB' or '1GiB'")
    number, unit = match.groups()
    return int(float(number) * _SIZE_FACTORS[(unit or "b").lower()])


def format_size(value: int) -> str:
    for unit, factor in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if value and value % factor == 0:
            return f"{value // factor}{unit}"
    for unit, factor in (("TB", 1000**4), ("GB", 1000**3), ("MB", 1000**2), ("KB", 1000)):
        if value and value % factor == 0:
            return f"{value // factor}{unit}"
    return f"{value}B"


Size = Annotated[
    int,
    TypedValue(
        parse_size,
        format_size,
        {
            "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}],
            "description": "a size in bytes, or with a unit: '256MB', '1GiB'",
        },
    ),
]

# --- percentages -----------------------------------------------------------------------


def parse_percentage(value: Any) -> float:
    """Parse '70%' or 70 into 70.0; anything outside 0-100 is an error."""
    if isinstance(value, bool):
        raise ValueError("expected a percentage such as '70%', got a boolean")
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip()
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"invalid percentage {value!r}; expected e.g. '70%'") from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise ValueError(f"expected a percentage such as '70%', got {type(value).__name__}")
    if not 0 <= number <= 100:
        raise ValueError(f"percentage {value!r} is outside 0-100")
    return number


def _format_percentage(value: float) -> str:
    return f"{value:g}%"


Percentage = Annotated[
    float,
    TypedValue(
        parse_percentage,
        _format_percentage,
        {
            "anyOf": [{"type": "number", "minimum": 0, "maximum": 100}, {"type": "string"}],
            "description": "a percentage: '70%' or 70",
        },
    ),
]
