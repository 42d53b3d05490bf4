"""The VNet topology the network, DNS and security rules share, built once in linear time.

Questions answered here:

- which VNet a subnet belongs to, and which components are placed in each subnet (an App
  Service Environment, an Application Gateway, a Bastion, a VM, a private endpoint, a hybrid
  connection, an app's outbound VNet integration);
- which subnet an app's outbound traffic leaves from: its ``vnet_integration`` subnet, or
  the subnet of the App Service Environment its plan runs in;
- which VNets host *workloads* that resolve names (ASEs, apps, VMs, Application Gateways
  resolving their backends) and which VNets are peered with which (peering is not
  transitive, so only direct peers count).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from archlint.model import Architecture, Component
from archlint.model.compute import HostedApp
from archlint.model.hosting import app_ase
from archlint.model.network import Subnet, VirtualNetwork
from archlint.records import record

#: Component kinds that are placed in a subnet, and the field that names it.
SUBNET_FIELDS: dict[str, str] = {
    "app_service_environment": "subnet",
    "application_gateway": "subnet",
    "bastion": "subnet",
    "firewall": "subnet",
    "virtual_network_gateway": "subnet",
    "virtual_machine": "subnet",
    "private_endpoint": "subnet",
    "hybrid_connection": "subnet",
    "function_app": "vnet_integration",
    "web_app": "vnet_integration",
    "logic_app": "vnet_integration",
}

APP_KINDS = ("function_app", "web_app", "logic_app")

#: How messages name a subnet purpose.
PURPOSE_TITLES: dict[str, str] = {
    "app_service_environment": "App Service Environment v3",
    "private_endpoints": "private endpoints",
    "hybrid_connectivity": "hybrid connectivity",
    "bastion": "Azure Bastion",
    "management": "management",
    "application_gateway": "Application Gateway v2",
    "gateway": "VPN/ExpressRoute gateway",
    "firewall": "Azure Firewall",
    "app_service_integration": "App Service VNet integration",
    "workload": "workload",
}

#: Kinds whose code resolves names of the services it calls (or, for an Application
#: Gateway, of its backends): their VNets need the private DNS zones of those services.
WORKLOAD_KINDS = frozenset(
    {"app_service_environment", "application_gateway", "virtual_machine", *APP_KINDS}
)


@record
class Placement:
    """``component`` sits in ``subnet`` through its ``field`` (or its plan's ASE)."""

    component: Component
    field: str
    subnet: Subnet


@dataclass
class Topology:
    vnets: list[VirtualNetwork]
    subnets: dict[str, Subnet]
    vnet_of_subnet: dict[str, VirtualNetwork]
    placements: dict[str, list[Placement]]  # subnet id -> what is placed in it
    peers: dict[str, set[str]] = field(default_factory=dict)
    workload_vnets: set[str] = field(default_factory=set)
    workloads: dict[str, list[str]] = field(default_factory=dict)  # VNet id -> component ids
    _order: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, arch: Architecture) -> Topology:
        """The topology of ``arch``, built once per architecture (ten rules ask for it; do
        not change what it returns)."""
        return arch.index.remembered("network.topology", lambda: cls.build(arch))

    @classmethod
    def build(cls, arch: Architecture) -> Topology:
        vnets = list(arch.network.vnets)
        subnets: dict[str, Subnet] = {}
        vnet_of_subnet: dict[str, VirtualNetwork] = {}
        for vnet in vnets:
            for subnet in vnet.subnets:
                subnets[subnet.id] = subnet
                vnet_of_subnet[subnet.id] = vnet
        topology = cls(
            vnets=vnets,
            subnets=subnets,
            vnet_of_subnet=vnet_of_subnet,
            placements={},
            _order={vnet.id: position for position, vnet in enumerate(vnets)},
        )
        for placement in _placements(arch, subnets):
            topology.placements.setdefault(placement.subnet.id, []).append(placement)
            if placement.component.kind in WORKLOAD_KINDS:
                vnet_id = vnet_of_subnet[placement.subnet.id].id
                topology.workload_vnets.add(vnet_id)
                topology.workloads.setdefault(vnet_id, []).append(placement.component.id)
        for peering in arch.network.peerings:
            topology.peers.setdefault(peering.local, set()).add(peering.remote)
            topology.peers.setdefault(peering.remote, set()).add(peering.local)
        return topology

    def vnet_of(self, subnet_id: str | None) -> VirtualNetwork | None:
        return self.vnet_of_subnet.get(subnet_id) if subnet_id else None

    def placed_in(self, subnet_id: str) -> list[Placement]:
        return self.placements.get(subnet_id, [])

    def are_peered(self, first: str, second: str) -> bool:
        return second in self.peers.get(first, ())

    def resolving_vnets(self, vnet_id: str) -> list[str]:
        """VNets whose workloads reach endpoints in ``vnet_id``: itself and its peers that
        host workloads (peering is not transitive), in spec order."""
        reached = {vnet_id} | {p for p in self.peers.get(vnet_id, ()) if p in self.workload_vnets}
        return sorted(reached, key=lambda v: self._order.get(v, len(self._order)))

    def reached_because_of(self, vnet_id: str, home_id: str) -> list[str]:
        """The workloads that make ``vnet_id`` resolve endpoints of ``home_id``: a finding
        about that VNet rests on their presence (none for the home VNet itself)."""
        return [] if vnet_id == home_id else self.workloads.get(vnet_id, [])


def app_subnet(arch: Architecture, app: HostedApp) -> tuple[Subnet, str] | None:
    """The subnet an app's outbound traffic leaves from, and the field that decides it."""
    subnet = arch.get(app.vnet_integration) if app.vnet_integration else None
    if isinstance(subnet, Subnet):
        return subnet, "vnet_integration"
    ase = app_ase(arch, app)
    subnet = arch.get(ase.subnet) if ase else None
    return (subnet, "plan") if isinstance(subnet, Subnet) else None


def inbound_targets(arch: Architecture) -> set[str]:
    """Ids of components something calls synchronously: targets of ``sync_call`` and
    ``invoke`` flow steps, Application Gateway backends, Front Door and Traffic Manager
    origins."""
    targets = {
        step.target
        for flow in arch.flows.flows
        for step in flow.steps
        if step.kind in ("sync_call", "invoke")
    }
    for gateway in arch.edge.application_gateways:
        targets.update(t for pool in gateway.backend_pools for t in pool.targets)
    for front_door in arch.edge.front_doors:
        for group in front_door.origin_groups:
            for origin in group.origins:
                targets.update(t for t in (origin.target,) if t)
                if origin.private_link:
                    targets.add(origin.private_link.target)
    for manager in arch.edge.traffic_managers:
        targets.update(e.target for e in manager.endpoints if e.target)
    return targets


def _placements(arch: Architecture, subnets: dict[str, Subnet]) -> Iterator[Placement]:
    for kind, field_name in SUBNET_FIELDS.items():
        for component in arch.index.of_kind(kind):
            subnet_id = getattr(component, field_name, None)
            if subnet_id in subnets:
                yield Placement(component, field_name, subnets[subnet_id])
            elif kind in APP_KINDS and isinstance(component, HostedApp):
                found = app_subnet(arch, component)
                if found:
                    yield Placement(component, found[1], found[0])
