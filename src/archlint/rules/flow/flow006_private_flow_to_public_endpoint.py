"""Flow step from inside the private network to a public endpoint, with no egress control.

## What it does
Reports a flow step that starts inside the private network and ends at a public
endpoint, when the caller's subnet has no route table to send that traffic through a
firewall or virtual appliance. Precisely:

- **the caller** is the component that opens the connection: the consumer of a
  `consume` step, the source of a `sync_call`, `invoke`, `publish`, `read` or `write`
  step (subscribe, forward, dead-letter, capture and alert steps are carried out by
  Azure services themselves and are not judged);
- it is **inside** when it is a VM, or a Function/Web/Logic App with VNet integration
  or on a plan in an App Service Environment; its **egress subnet** is that subnet;
- **a public endpoint** is an actor (a user, operator, external system or event source:
  anything outside the architecture), or a component whose network settings (its own or
  its parent's, e.g. a queue's namespace) allow public network access with no private
  endpoint to it;
- the step is **controlled** when the egress subnet has a `route_table` (taken to send
  internet-bound traffic through a firewall or NVA).

## Why is this bad?
A design that keeps its services on private endpoints still leaks through its egress:
a step from the private network to a public endpoint takes data out over the internet,
and without a firewall on the way out nothing restricts *where* the workload can send
data — a compromised function can exfiltrate to any address. It also means the flow
depends on internet paths and on the partner's public endpoint. Route such traffic
through Azure Firewall (or an NVA) with an allow-list of destinations, or reach the
partner privately (Private Link, VPN, ExpressRoute).

## Example
```yaml
network:
  vnets:
    - id: vnet
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-apps, cidr: 10.0.1.0/24, purpose: app_service_integration}
flows:
  actors:
    - {id: payment-service, actor_kind: external_system}
  flows:
    - id: pay
      name: Payment
      flow_kind: synchronous
      steps:
        - {from: func-orders, to: payment-service, kind: sync_call}  # func in snet-apps
```

## Use instead
```yaml
network:
  vnets:
    - id: vnet
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-apps, cidr: 10.0.1.0/24, purpose: app_service_integration,
           route_table: rt-egress-via-firewall}
```

## In the seed
The workflow orchestration has the Logic App `logic-main` (inside the ASE subnet
`snet-ase`) call the payment, inventory and shipping services, which the seed describes
only as external services. `snet-ase` has no route table and the seed has no firewall,
so these three calls leave the "private networking throughout" design straight for the
internet with no egress filtering. If the services are in fact private (Private Link,
VPN), model them so; otherwise add egress control, or accept the risk with a
suppression that says why.

## Notes
The rule trusts a route table to lead to a firewall; it does not check the routes. A
hybrid connection (App Service Hybrid Connections) is outbound too but is not a flow
step here.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.graph.build import COMPUTE, FlowEdge, Node, build_flow_graph
from archlint.model import Architecture, Component
from archlint.model.flows import Actor
from archlint.rules.api import Violation, rule
from archlint.rules.flow.helpers import (
    component_of,
    egress_subnet,
    flow_name,
    private_link_targets,
    public_endpoint,
)

#: Step kinds whose connection the source opens; for consume it is the target (the reader).
_SOURCE_CALLS = frozenset({"sync_call", "invoke", "publish", "read", "write"})


@rule(
    "FLOW006",
    name="private-flow-to-public-endpoint",
    severity="medium",
    category="flow",
    references=(
        "https://learn.microsoft.com/azure/firewall/overview",
        "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview",
        "https://learn.microsoft.com/azure/app-service/environment/networking",
        "https://learn.microsoft.com/azure/private-link/private-link-overview",
    ),
    mcsb=("NS-3", "NS-2"),
    pillars=("Security",),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    graph = build_flow_graph(arch)
    private_targets = private_link_targets(arch)
    for edge in graph.edges:
        ends = _caller_and_callee(graph.nodes, edge)
        if ends is None or edge.flow is None:
            continue
        caller, callee = (component_of(arch, n) for n in ends)
        subnet = egress_subnet(arch, caller)
        if subnet is None or getattr(subnet, "route_table", None):
            continue
        public = _public(arch, callee, private_targets)
        if public is None:
            continue
        yield Violation(
            edge.origin,
            f"{caller.label()} (egress from {subnet.label()}) reaches {public} "
            f"({flow_name(graph, edge.flow)}, {edge.kind.replace('_', ' ')}): the step leaves "
            f"the private network and {subnet.label()} has no route table sending egress "
            "through a firewall",
            caller.id,
        )


def _caller_and_callee(nodes: dict[str, Node], edge: FlowEdge) -> tuple[Node, Node] | None:
    if edge.kind == "consume":
        caller, callee = nodes[edge.target], nodes[edge.source]
    elif edge.kind in _SOURCE_CALLS:
        caller, callee = nodes[edge.source], nodes[edge.target]
    else:
        return None
    return (caller, callee) if caller.type in COMPUTE else None


def _public(arch: Architecture, callee: Component, private_targets: frozenset[str]) -> str | None:
    """How to name ``callee``'s public endpoint, or None when it is reached privately."""
    if isinstance(callee, Actor):
        return f"{callee.actor_kind.replace('_', ' ')} '{callee.id}' outside the architecture"
    owner = public_endpoint(arch, callee, private_targets)
    if owner is None:
        return None
    suffix = "" if owner is callee else f" (through {owner.label()})"
    return f"the public endpoint of {callee.label()}{suffix}"
