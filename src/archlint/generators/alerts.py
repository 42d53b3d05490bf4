"""Where the generators deploy a metric alert: the resource that emits its metric."""

from __future__ import annotations

from archlint.azure.metrics import ENTITY_DIMENSION, PER_ENTITY_KINDS
from archlint.azure.resource_types import ARM_TYPES
from archlint.model import Architecture, Component
from archlint.model.monitoring import MetricAlert
from archlint.records import record


@record
class AlertScope:
    """Where a metric alert is deployed: the resource that emits the metric, its metric
    namespace, and the dimension filters."""

    resource: Component
    namespace: str
    dimensions: dict[str, str]


def alert_scope(arch: Architecture, alert: MetricAlert) -> AlertScope | None:
    """The deployable form of ``alert``; None when its target emits no Azure metrics.

    A queue, topic or event hub has no metrics of its own: Azure Monitor measures it on its
    namespace, one series per entity in the ``EntityName`` dimension, so an alert on it is a
    namespace alert filtered on the entity's name (the target decides the entity; an
    ``EntityName`` filter written beside it is replaced, and OPS011 reports it).
    """
    target = arch.get(alert.target)
    if target is None:
        return None
    namespace_kind = PER_ENTITY_KINDS.get(target.kind)
    if namespace_kind is None:
        arm_type = ARM_TYPES.get(target.kind)
        return AlertScope(target, arm_type, dict(alert.dimensions)) if arm_type else None
    parent = arch.index.by_id[target.id].parent
    if parent is None or parent.kind != namespace_kind:
        return None
    others = {
        name: value
        for name, value in alert.dimensions.items()
        if name.casefold() != ENTITY_DIMENSION.casefold()
    }
    return AlertScope(
        parent, ARM_TYPES[namespace_kind], {ENTITY_DIMENSION: target.resource_name, **others}
    )
