"""What the flow rules ask of the model besides the graph: hosting, networks, redundancy.

- :func:`hosting_chain`: the component and everything it runs on (its parents in the
  model; for a Function/Web/Logic App its plan and App Service Environment), because a
  queue is as available as its namespace and an app as its plan.
- :func:`egress_subnet`, :func:`public_endpoint`: where a component's outbound traffic
  leaves from, and whether a component is reached over a public endpoint.
- :func:`zone_weakness`, :func:`region_weakness`: why a component would fail with one
  availability zone or one region (None when it would not, or cannot be judged).
"""

from __future__ import annotations

from archlint.azure import facts
from archlint.graph.build import FlowGraph, Node
from archlint.model import DLQ_SUFFIX, Architecture, Component
from archlint.model.architecture import attribute_or
from archlint.model.dr import FailoverDesign
from archlint.model.types import format_duration
from archlint.rules.zones.helpers import region_of

#: Failover strategies whose secondary takes traffic without anyone rebuilding anything.
_LIVE_FAILOVER = ("active_active", "automatic_failover")


def component_of(arch: Architecture, node: Node) -> Component:
    """The model component behind a node (a dead-letter queue: its queue or subscription)."""
    component = arch.get(node.id.removesuffix(DLQ_SUFFIX))
    assert component is not None, node.id
    return component


_ABSENT = object()  # what attribute_or answers for a name a component does not have


def hosting_chain(arch: Architecture, component: Component) -> list[Component]:
    """``component``, its model parents, and for a hosted app its plan and environment (an
    App Service Environment, or a container app's Container Apps environment)."""
    chain = [component]
    entry = arch.index.by_id.get(component.id)
    while entry is not None and entry.parent is not None:
        chain.append(entry.parent)
        entry = arch.index.by_id.get(entry.parent.id)
    environment = arch.get(attribute_or(component, "environment") or "")
    if environment is not None:
        chain.append(environment)  # a container app runs on its Container Apps environment
    plan = arch.get(attribute_or(component, "plan") or "")
    if plan is not None:
        chain.append(plan)
        ase = arch.get(attribute_or(plan, "ase") or "")
        if ase is not None:
            chain.append(ase)
    return chain


def flow_name(graph: FlowGraph, flow_id: str | None) -> str:
    if flow_id is None:
        return "the model"
    info = graph.flows.get(flow_id)
    return f"flow '{info.name}'" if info else f"flow '{flow_id}'"


# --- networks --------------------------------------------------------------------------


def egress_subnet(arch: Architecture, component: Component) -> Component | None:
    """The subnet a compute component's outbound traffic leaves from, if it is in a VNet.

    A VM sits in its subnet; a hosted app uses its VNet integration subnet, or the
    subnet of the App Service Environment its plan runs in.
    """
    for candidate in (getattr(component, "vnet_integration", None), _subnet_field(component)):
        if candidate:
            return arch.get(candidate)
    for host in hosting_chain(arch, component)[1:]:
        if host.kind == "app_service_environment":
            return arch.get(host.subnet)
    return None


def _subnet_field(component: Component) -> str | None:
    return getattr(component, "subnet", None) if component.kind == "virtual_machine" else None


def private_link_targets(arch: Architecture) -> frozenset[str]:
    """Ids of the components some private endpoint connects to."""
    return frozenset(pe.target for pe in arch.network.private_endpoints)


def public_endpoint(
    arch: Architecture, component: Component, private_targets: frozenset[str]
) -> Component | None:
    """The component (or the parent that owns its network settings) when it is reached
    over a public endpoint: public network access on and no private endpoint to it."""
    for owner in hosting_chain(arch, component):
        if attribute_or(owner, "public_network_access", _ABSENT) is not _ABSENT:
            if owner.public_network_access and owner.id not in private_targets:
                return owner
            return None
    return None


# --- redundancy ------------------------------------------------------------------------


def zone_weakness(arch: Architecture, component: Component) -> str | None:
    """Why ``component`` stops when one availability zone does, or None."""
    if component.kind in facts.GLOBAL_SERVICES:
        return None
    region = region_of(arch, component)
    if not facts.region_has_availability_zones(region):
        return f"{region} has no availability zones"
    if component.kind == "virtual_machine":
        return "it is a single virtual machine"
    for host in hosting_chain(arch, component):
        if _zone_setting_unknown(arch, host):
            continue  # Terraform knows it only at apply time: no weakness concluded from it
        reason = _zone_weakness_of(host, "it" if host is component else host.label())
        if reason:
            return reason
    return None


#: The field a host's zone weakness is read from, where an importer may leave it unknown.
_ZONE_SETTINGS = {"container_app": "min_replicas", "container_app_environment": "zone_redundant"}


def _zone_setting_unknown(arch: Architecture, host: Component) -> bool:
    setting = _ZONE_SETTINGS.get(host.kind)
    return setting is not None and (*arch.path_of(host.id), setting) in arch.unknowns


def _zone_weakness_of(host: Component, name: str) -> str | None:
    kind = host.kind
    if kind in ("application_gateway", "redis_cache") and len(host.zones) == 1:
        return f"{name} is pinned to zone {host.zones[0]}"
    minimum = facts.CONTAINER_APPS_MIN_REPLICAS_FOR_ZONES.value
    if kind == "container_app" and host.min_replicas < minimum:
        plural = "" if host.min_replicas == 1 else "s"
        return (
            f"{name} can scale in to {host.min_replicas} replica{plural}: zone redundancy "
            f"needs {minimum} or more"
        )
    if (
        kind in ("app_service_plan", "app_service_environment", "container_app_environment")
        and not host.zone_redundant
    ):
        return f"{name} is not zone-redundant"
    if kind == "storage_account":
        replication = facts.storage_replication_for(host.replication)
        if replication is not None and not replication.zone_redundant:
            return f"{name} uses {host.replication}, which is not zone-redundant"
    if kind == "cosmos_account":
        primary = min(host.regions, key=lambda r: r.failover_priority)
        if not primary.zone_redundant:
            return f"{name} is not zone-redundant in {primary.region}"
    if kind == "event_hubs_namespace" and host.tier == "dedicated":
        minimum = facts.EVENT_HUBS_DEDICATED_MIN_CUS_FOR_ZONES.value
        if host.capacity < minimum:
            return f"{name} has {host.capacity} CU(s); zones need {minimum:g}"
    return None


def failover_plans(arch: Architecture) -> dict[str, FailoverDesign]:
    """``disaster_recovery.failover`` by component id."""
    return {f.component: f for f in arch.disaster_recovery.failover}


def region_weakness(
    arch: Architecture, component: Component, failovers: dict[str, FailoverDesign]
) -> str | None:
    """Why ``component`` stops when its region does, or None (global, or live elsewhere).

    ``failovers``: :func:`failover_plans` of ``arch``.
    """
    chain = hosting_chain(arch, component)
    if any(host.kind in facts.GLOBAL_SERVICES for host in chain):
        return None
    plans = [failovers[h.id] for h in chain if h.id in failovers]
    if any(p.strategy in _LIVE_FAILOVER and p.secondary_deployed for p in plans):
        return None
    for host in chain:
        if _cosmos_fails_over(host):
            return None
        if host.kind == "storage_account":
            replication = facts.storage_replication_for(host.replication)
            if replication is not None and replication.read_access_secondary:
                return None
    reason = f"it runs only in {region_of(arch, component)}"
    if not plans:
        return reason + ", with no failover plan"
    return reason + "; " + "; ".join(_describe_failover(arch, p) for p in plans)


def _cosmos_fails_over(host: Component) -> bool:
    """A Cosmos DB account in several regions that moves to another one by itself."""
    return (
        host.kind == "cosmos_account"
        and len(host.regions) > 1
        and (host.automatic_failover or host.multi_region_writes)
    )


def _describe_failover(arch: Architecture, plan: FailoverDesign) -> str:
    host = arch.get(plan.component)
    name = host.label() if host else plan.component
    text = f"recovery of {name}: {plan.strategy.replace('_', ' ')}"
    if plan.secondary_region:
        text += f" to {plan.secondary_region}"
    details = []
    if not plan.secondary_deployed:
        details.append("not deployed")
    if plan.estimated_recovery_time is not None:
        estimate = f"estimated {format_duration(plan.estimated_recovery_time)}"
        objectives = arch.disaster_recovery.objectives
        if objectives is not None and plan.estimated_recovery_time > objectives.rto:
            estimate += f", longer than the {format_duration(objectives.rto)} RTO"
        details.append(estimate)
    return text + (f" ({'; '.join(details)})" if details else "")
