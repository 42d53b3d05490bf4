"""SSH or RDP reachable from the internet.

## What it does
Evaluates every NSG that guards something the internet can reach (a subnet holding a VM
with a public IP) for inbound TCP from `Internet` to the remote-management ports (SSH 22,
RDP 3389), rules by priority as Azure does, and flags the custom rule that lets it in (a
source of `*`, `Any`, `Internet` or `0.0.0.0/0`, alone or among several prefixes). It also
flags a VM that has a public IP while its subnet has no NSG at all, which leaves every port
of that VM open.

## Why is this bad?
Internet-facing SSH and RDP are scanned and brute-forced within minutes of exposure and are a
leading way into cloud networks. The seed already has Azure Bastion for management access;
opening the ports directly bypasses it, its auditing and its MFA.

## Example
```yaml
nsgs:
  - id: nsg-management
    rules:
      - {name: allow-rdp, priority: 100, direction: Inbound, access: Allow,
         source: "*", destination: "*", destination_ports: "3389"}
```

## Use instead
```yaml
nsgs:
  - id: nsg-management
    rules:
      - {name: allow-bastion-rdp, priority: 100, direction: Inbound, access: Allow,
         source: 10.0.4.0/26, destination: "*", destination_ports: "3389"}
```

## Notes
Rules that allow specific public addresses (a partner's range, say) are not flagged: they are
an allow-list, not "the internet". An NSG whose subnets hold nothing with a public address
is not judged: a source of `*` there admits the VNet, its peers and on-premises networks,
which is a segmentation question, not exposure to the internet (private addresses are not
routed from the internet).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.nsg import decide
from archlint.model import Architecture
from archlint.model.compute import VirtualMachine
from archlint.model.network import NetworkSecurityGroup, Subnet
from archlint.rules.api import Violation, rule

# Remote-management protocols (IANA port numbers), not Azure facts.
MANAGEMENT_PORTS = {22: "SSH", 3389: "RDP"}


@rule(
    "NET011",
    name="management-port-open-to-internet",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
        "https://learn.microsoft.com/azure/bastion/bastion-overview",
        "https://learn.microsoft.com/security/benchmark/azure/mcsb-network-security#ns-1-establish-network-segmentation-boundaries",
    ),
    mcsb=("NS-1", "PA-2"),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    exposed = _nsgs_guarding_public_vms(arch)
    for nsg in arch.index.of_kind("network_security_group"):
        assert isinstance(nsg, NetworkSecurityGroup)
        if nsg.id not in exposed:
            continue
        open_by_rule: dict[int, list[str]] = {}
        for port, protocol in MANAGEMENT_PORTS.items():
            decision = decide(nsg, "Inbound", "Internet", port)
            if decision.allowed and decision.custom_index is not None:
                open_by_rule.setdefault(decision.custom_index, []).append(f"{protocol} ({port})")
        for index, opened in sorted(open_by_rule.items()):
            yield Violation.on(
                arch,
                nsg,
                "rules",
                index,
                message=f"{nsg.label()} rule '{nsg.rules[index].name}' allows "
                f"{' and '.join(opened)} from the internet",
            )
    for vm in arch.index.of_kind("virtual_machine"):
        assert isinstance(vm, VirtualMachine)
        subnet = arch.get(vm.subnet)
        if vm.public_ip and isinstance(subnet, Subnet) and not subnet.nsg:
            yield Violation.on(
                arch,
                vm,
                "public_ip",
                message=f"{vm.label()} has public IP '{vm.public_ip}' and {subnet.label()} has "
                "no NSG: SSH, RDP and every other port are open to the internet",
            )


def _nsgs_guarding_public_vms(arch: Architecture) -> set[str]:
    """NSGs on the subnets of VMs that have a public IP: the ones the internet reaches."""
    guarding: set[str] = set()
    for vm in arch.index.of_kind("virtual_machine"):
        assert isinstance(vm, VirtualMachine)
        subnet = arch.get(vm.subnet)
        if vm.public_ip and isinstance(subnet, Subnet) and subnet.nsg:
            guarding.add(subnet.nsg)
    return guarding
