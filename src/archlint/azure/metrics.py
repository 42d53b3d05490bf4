"""Azure Monitor platform metrics per resource type: names, dimensions, aggregations.

The data (``archlint/data/azure-metrics.json``) is extracted from Microsoft Learn's "Supported
metrics for <type>" pages by ``scripts/extract_azure_metrics.py``; each type carries the URL of
its page.  It is read on first use only: a run without alerts never loads it.

Messaging entities have no metrics of their own: Service Bus queues and topics and event hubs
are measured by their namespace, one series per entity in the ``EntityName`` dimension
(https://learn.microsoft.com/azure/service-bus-messaging/monitor-service-bus-reference,
https://learn.microsoft.com/azure/event-hubs/monitor-event-hubs-reference).  An alert on such
an entity is a namespace alert filtered on that dimension (:data:`PER_ENTITY_KINDS`).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from archlint.azure.resource_types import ARM_TYPES

# Entity kind -> the kind of the namespace that emits its metrics, split by EntityName.
PER_ENTITY_KINDS: dict[str, str] = {
    "service_bus_queue": "service_bus_namespace",
    "service_bus_topic": "service_bus_namespace",
    "event_hub": "event_hubs_namespace",
}
ENTITY_DIMENSION = "EntityName"


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    aggregations: tuple[str, ...]
    dimensions: tuple[str, ...]

    def dimension(self, name: str) -> str | None:
        """The metric's spelling of dimension ``name`` (names are case-insensitive), if offered."""
        return next((d for d in self.dimensions if d.casefold() == name.casefold()), None)


@dataclass(frozen=True, slots=True)
class MetricCatalogue:
    """The platform metrics of one ARM resource type, as Microsoft Learn lists them."""

    arm_type: str
    source: str | None
    metrics: dict[str, Metric]

    def find(self, name: str) -> Metric | None:
        """The metric called ``name``; Azure Monitor matches metric names case-insensitively."""
        return self._folded().get(name.casefold())

    def suggest(self, name: str) -> str | None:
        """The known metric name closest to ``name``, for a did-you-mean."""
        folded = self._folded()
        hint = difflib.get_close_matches(name.casefold(), folded, n=1, cutoff=0.6)
        return folded[hint[0]].name if hint else None

    def _folded(self) -> dict[str, Metric]:
        return _folded_names(self.arm_type)


@cache
def _data() -> dict[str, dict]:
    text = resources.files("archlint").joinpath("data/azure-metrics.json").read_text("utf-8")
    return json.loads(text)["types"]


@cache
def catalogue(arm_type: str) -> MetricCatalogue | None:
    """The metrics of ``arm_type`` (e.g. ``Microsoft.Web/sites``); None if archlint has no list."""
    entry = _data().get(arm_type)
    if entry is None:
        return None
    metrics = {
        name: Metric(name, tuple(m["aggregations"]), tuple(m["dimensions"]))
        for name, m in entry["metrics"].items()
    }
    return MetricCatalogue(arm_type, entry["source"], metrics)


@cache
def _folded_names(arm_type: str) -> dict[str, Metric]:
    found = catalogue(arm_type)
    return {m.name.casefold(): m for m in found.metrics.values()} if found else {}


def metric_type(kind: str) -> str | None:
    """The ARM type whose metrics an alert on a component of ``kind`` reads, if any."""
    return ARM_TYPES.get(PER_ENTITY_KINDS.get(kind, kind))
