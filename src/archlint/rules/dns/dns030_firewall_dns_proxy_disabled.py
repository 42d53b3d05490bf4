"""VNet uses an Azure Firewall as its DNS server, but the firewall's DNS proxy is off.

## What it does
Flags a VNet whose custom `dns_servers` include the private IP of an Azure Firewall of the
architecture when that firewall does not proxy DNS: its policy's `dns.proxy_enabled` (or,
for a firewall without a policy, its own `dns_proxy_enabled`) is false.

## Why is this bad?
Pointing a VNet's DNS at the firewall is the documented way to resolve private endpoints
and FQDN network rules through the hub, but the firewall only listens on port 53 when DNS
proxy is enabled. With it off, every lookup from the VNet's workloads goes unanswered (or,
with a second server listed, half of them wait for a timeout first): name resolution, and
with it every call by name, fails.

## Example
```yaml
vnets:
  - {id: vnet-spoke, region: westeurope, address_space: [10.1.0.0/16],
     dns_servers: [10.0.1.4]}
firewalls:
  - {id: afw-hub, region: westeurope, subnet: snet-firewall, private_ip: 10.0.1.4,
     policy: afwp-hub}
firewall_policies:
  - {id: afwp-hub, region: westeurope}          # dns.proxy_enabled defaults to false
```

## Use instead
```yaml
firewall_policies:
  - {id: afwp-hub, region: westeurope, dns: {proxy_enabled: true}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.egress import dns_proxy, firewalls_by_ip
from archlint.model import Architecture
from archlint.rules.api import Violation, field_path, rule


@rule(
    "DNS030",
    name="firewall-dns-proxy-disabled",
    severity="high",
    category="dns",
    references=(
        "https://learn.microsoft.com/azure/firewall/dns-settings",
        "https://learn.microsoft.com/azure/firewall/dns-details",
    ),
    requires=("network.firewalls",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    by_ip = firewalls_by_ip(arch)
    if not by_ip:
        return
    for vnet in arch.network.vnets:
        for position, server in enumerate(vnet.dns_servers):
            firewall = by_ip.get(server)
            if firewall is None:
                continue
            enabled, setting = dns_proxy(arch, firewall)
            if enabled:
                continue
            yield Violation.on(
                arch,
                vnet,
                "dns_servers",
                position,
                message=f"{vnet.label()} uses {firewall.label()} ({server}) as its DNS server, "
                "but the firewall's DNS proxy is off: it does not answer DNS queries",
                depends_on=(setting, field_path(arch, firewall, "private_ip")),
            )
