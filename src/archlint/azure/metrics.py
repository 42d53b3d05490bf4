"""Azure Monitor platform metrics per resource type: names, dimensions, aggregations.

The data (``metrics.json`` beside this module) is extracted from Microsoft Learn's "Supported
metrics for <type>" pages by ``scripts/extract_azure_metrics.py``; each type carries the URL of
its page.  It is read on first use only: a run without alerts never loads it.  Do not edit it by
hand: the script reads the pages' markdown sources, last public in MicrosoftDocs/
azure-reference-other at the parent of commit e9a3e068 (2024-11-21), and the slow test
``tests/test_azure_metrics.py::test_extraction_reproduces_shipped_file`` checks the file is
byte-identical to a fresh extraction when ``ARCHLINT_AZURE_REFERENCE_GIT`` names a clone.

Messaging entities have no metrics of their own: Service Bus queues and topics and event hubs
are measured by their namespace, one series per entity in the ``EntityName`` dimension
(https://learn.microsoft.com/azure/service-bus-messaging/monitor-service-bus-reference,
https://learn.microsoft.com/azure/event-hubs/monitor-event-hubs-reference).  An alert on such
an entity is a namespace alert filtered on that dimension (:data:`PER_ENTITY_KINDS`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from archlint.azure.resource_types import ARM_TYPES
from archlint.records import record

# Entity kind -> the kind of the namespace that emits its metrics, split by EntityName.
PER_ENTITY_KINDS: dict[str, str] = {
    "service_bus_queue": "service_bus_namespace",
    "service_bus_topic": "service_bus_namespace",
    "event_hub": "event_hubs_namespace",
}
ENTITY_DIMENSION = "EntityName"


@record
class Metric:
    name: str
    aggregations: tuple[str, ...]
    dimensions: tuple[str, ...]

    def dimension(self, name: str) -> str | None:
        """The metric's spelling of dimension ``name`` (names are case-insensitive), if offered."""
        return next((d for d in self.dimensions if d.casefold() == name.casefold()), None)


class MetricCatalogue:
    """The platform metrics of one ARM resource type, as Microsoft Learn lists them."""

    __slots__ = ("_folded", "_raw", "arm_type", "source")

    def __init__(self, arm_type: str, source: str | None, raw: dict[str, dict]) -> None:
        self.arm_type = arm_type
        self.source = source
        self._raw = raw
        # Azure Monitor matches metric names case-insensitively.
        self._folded = {name.casefold(): name for name in raw}

    def __bool__(self) -> bool:
        return bool(self._raw)

    def find(self, name: str) -> Metric | None:
        """The metric called ``name`` (any case), if the type emits it."""
        spelled = self._folded.get(name.casefold())
        if spelled is None:
            return None
        raw = self._raw[spelled]
        return Metric(spelled, tuple(raw["aggregations"]), tuple(raw["dimensions"]))

    def suggest(self, name: str) -> str | None:
        """The known metric name closest to ``name``, for a did-you-mean."""
        import difflib  # only when a name is wrong

        hint = difflib.get_close_matches(name.casefold(), self._folded, n=1, cutoff=0.6)
        return self._folded[hint[0]] if hint else None


@cache
def _data() -> dict[str, dict]:
    text = (Path(__file__).parent / "metrics.json").read_text("utf-8")
    return json.loads(text)["types"]


@cache
def catalogue(arm_type: str) -> MetricCatalogue | None:
    """The metrics of ``arm_type`` (e.g. ``Microsoft.Web/sites``); None if archlint has no list."""
    entry = _data().get(arm_type)
    return MetricCatalogue(arm_type, entry["source"], entry["metrics"]) if entry else None


def metric_type(kind: str) -> str | None:
    """The ARM type whose metrics an alert on a component of ``kind`` reads, if any."""
    return ARM_TYPES.get(PER_ENTITY_KINDS.get(kind, kind))
