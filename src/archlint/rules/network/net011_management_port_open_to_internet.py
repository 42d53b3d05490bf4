"""SSH or RDP reachable from the internet.

## What it does
For every VM with a public IP, or to which a load balancer's inbound NAT rule on a public
frontend forwards SSH or RDP (a rule of its own, or a port-range rule over a backend pool it
is in), follows inbound TCP from `Internet` to the remote-management
ports (SSH 22, RDP 3389) through the NSGs on its path, as Azure does: its subnet's NSG, then
its network interface's, each deciding by rule priority. When both let it in, it flags the
custom rule that does (a source of `*`, `Any`, `Internet` or `0.0.0.0/0`, alone or among
several prefixes). It also flags a VM with a Basic public IP and no NSG on either, which
leaves every port of that VM open: a Basic public IP is open by default. A Standard public IP
is closed to inbound traffic until an NSG allows it, so without an NSG nothing reaches the VM;
so is a Standard load balancer's NAT rule (a Basic load balancer is retired: SKU010).

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
from archlint.model import Architecture, Path
from archlint.model.compute import VirtualMachine
from archlint.model.egress import LoadBalancer
from archlint.model.network import NetworkSecurityGroup, PublicIp, Subnet
from archlint.rules.api import Violation, field_path, rule

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
        "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses#sku",
        "https://learn.microsoft.com/azure/load-balancer/inbound-nat-rules",
        "https://learn.microsoft.com/azure/load-balancer/skus",
        "https://learn.microsoft.com/security/benchmark/azure/mcsb-network-security#ns-1-establish-network-segmentation-boundaries",
    ),
    mcsb=("NS-1", "PA-2"),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    opened: dict[tuple[str, int], list[str]] = {}  # (NSG, rule position) -> ports it opens
    exposed: dict[tuple[str, int], list[tuple[str | int, ...]]] = {}  # ... -> VMs it exposes
    for vm in arch.index.of_kind("virtual_machine"):
        assert isinstance(vm, VirtualMachine)
        subnet = arch.get(vm.subnet)
        published = _published_by_nat(arch, vm)
        if not (vm.public_ip or published) or not isinstance(subnet, Subnet):
            continue
        on_path = [arch.get(subnet.nsg) if subnet.nsg else None, arch.get(vm.nic_nsg or "")]
        nsgs = [n for n in on_path if isinstance(n, NetworkSecurityGroup)]
        if not nsgs:
            if not vm.public_ip or not _open_by_default(arch.get(vm.public_ip)):
                continue  # a Standard public IP or load balancer admits nothing an NSG does not
            yield Violation.on(
                arch,
                vm,
                "public_ip",
                message=f"{vm.label()} has public IP '{vm.public_ip}' and neither "
                f"{subnet.label()} nor its network interface has an NSG: SSH, RDP and every "
                "other port are open to the internet",
            )
            continue
        for port, protocol in MANAGEMENT_PORTS.items():
            via = field_path(arch, vm, "public_ip") if vm.public_ip else published.get(port)
            if via is None:
                continue  # only a NAT rule reaches the VM, and none forwards to this port
            decisions = [decide(nsg, "Inbound", "Internet", port) for nsg in nsgs]
            if not all(d.allowed for d in decisions):
                continue  # the subnet's or the interface's NSG stops it
            for nsg, decision in zip(nsgs, decisions, strict=True):
                if decision.custom_index is not None:
                    ports = opened.setdefault((nsg.id, decision.custom_index), [])
                    if f"{protocol} ({port})" not in ports:
                        ports.append(f"{protocol} ({port})")
                    vms = exposed.setdefault((nsg.id, decision.custom_index), [])
                    if via not in vms:
                        vms.append(via)
    for (nsg_id, index), ports in sorted(opened.items()):
        nsg = arch.get(nsg_id)
        assert isinstance(nsg, NetworkSecurityGroup)
        yield Violation.on(
            arch,
            nsg,
            "rules",
            index,
            message=f"{nsg.label()} rule '{nsg.rules[index].name}' allows "
            f"{' and '.join(ports)} from the internet",
            depends_on=tuple(exposed[nsg_id, index]),  # only a VM behind it makes it open
        )


def _open_by_default(public_ip: object) -> bool:
    """A Basic public IP admits every inbound port unless an NSG filters it (Learn,
    public-ip-addresses#sku); a Standard one is closed until an NSG allows traffic."""
    return isinstance(public_ip, PublicIp) and public_ip.sku == "Basic"


def _published_by_nat(arch: Architecture, vm: VirtualMachine) -> dict[int, Path]:
    """Backend port -> the model path of an inbound NAT rule on a public frontend that
    forwards to that port of the VM (its own rule, or a port-range rule over a pool it is in)."""
    found: dict[int, Path] = {}
    wanted = [(m.load_balancer, "rule", m.rule) for m in vm.load_balancer_nat_rules]
    wanted += [(m.load_balancer, "pool", m.pool) for m in vm.load_balancer_pools]
    for balancer_id, by, name in wanted:
        balancer = arch.get(balancer_id)
        if not isinstance(balancer, LoadBalancer):
            continue
        public = {f.name for f in balancer.frontends if f.public_ip}
        for position, nat in enumerate(balancer.nat_rules):
            target = nat.name if by == "rule" else nat.backend_pool
            if target == name and nat.frontend in public and nat.protocol != "Udp":
                found.setdefault(
                    nat.backend_port, field_path(arch, balancer, "nat_rules", position)
                )
    return found
