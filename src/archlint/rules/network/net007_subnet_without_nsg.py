"""Subnet without a network security group where Azure allows one.

## What it does
Flags every subnet that has no `nsg` although Azure supports an NSG on it: all subnets except
`GatewaySubnet` and `AzureFirewallSubnet` (`nsg_allowed` in
`archlint.azure.facts.SUBNET_REQUIREMENTS`). Azure Bastion and Application Gateway v2 subnets
do accept an NSG, provided it allows the flows those services need (NET010 checks that).

Two subnets are left alone because an NSG there would change nothing a rule can see:
a subnet whose purpose is unknown (imported from Terraform with nothing placed in it that
says what it holds), and a private-endpoint subnet whose network policies do not apply NSGs
to the endpoints (`private_endpoint_network_policies` unset, `Disabled` or
`RouteTableEnabled`): NET006 reports that instead, since an NSG there filters nothing.
A subnet that holds only VMs whose network interfaces carry an NSG is filtered there.

## Why is this bad?
Without an NSG every address routed to the VNet (peered VNets, on-premises over the hybrid
connection, the other subnets) can reach every port of the subnet: there is no segmentation
between tiers, and lateral movement after one compromised workload is unhindered. The seed's
own design asks for segmentation ("one NSG per subnet").

## Example
```yaml
subnets:
  - {id: snet-management, cidr: 10.0.5.0/24, purpose: management}
```

## Use instead
```yaml
subnets:
  - {id: snet-management, cidr: 10.0.5.0/24, purpose: management, nsg: nsg-management}
nsgs:
  - id: nsg-management
    rules:
      - {name: allow-bastion-rdp, priority: 100, direction: Inbound, access: Allow,
         source: 10.0.4.0/26, destination: "*", destination_ports: "3389"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import PURPOSE_TITLES, Placement, Topology
from archlint.azure.facts import SUBNET_REQUIREMENTS
from archlint.model import Architecture
from archlint.model.compute import VirtualMachine
from archlint.rules.api import Violation, field_path, rule

# Network policies under which a subnet's NSG applies to its private endpoints.
_NSG_APPLIES_TO_ENDPOINTS = frozenset({"Enabled", "NetworkSecurityGroupEnabled"})


@rule(
    "NET007",
    name="subnet-without-nsg",
    severity="medium",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
        "https://learn.microsoft.com/azure/bastion/bastion-nsg",
        "https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure",
    ),
    mcsb=("NS-1",),
    pillars=("Security",),
    environments=("production",),
    aprl=("f0bf9ae6-25a5-974d-87d5-025abec73539",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    for vnet in arch.network.vnets:
        for subnet in vnet.subnets:
            requirement = SUBNET_REQUIREMENTS.get(subnet.purpose)
            allowed = requirement.nsg_allowed if requirement else True
            if not allowed or subnet.nsg:
                continue
            if (
                subnet.purpose == "private_endpoints"
                and subnet.private_endpoint_network_policies not in _NSG_APPLIES_TO_ENDPOINTS
            ):
                continue
            if _filtered_at_the_interfaces(topology.placed_in(subnet.id)):
                continue
            yield Violation.on(
                arch,
                subnet,
                "nsg",
                message=f"{subnet.label()} ({PURPOSE_TITLES[subnet.purpose]}) has no NSG: "
                "nothing filters traffic into it",
                depends_on=(field_path(arch, subnet, "purpose"),),
            )


def _filtered_at_the_interfaces(placed: list[Placement]) -> bool:
    """Everything in the subnet is a VM with an NSG on its network interface."""
    return bool(placed) and all(
        isinstance(p.component, VirtualMachine) and p.component.nic_nsg for p in placed
    )
