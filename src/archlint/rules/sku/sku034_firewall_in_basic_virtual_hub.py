"""Azure Firewall in a virtual hub of a Basic virtual WAN.

## What it does
Flags a firewall (sku `AZFW_Hub`) whose virtual hub is a Basic hub: the hub's `sku` is
`Basic`, or the hub states no SKU and its virtual WAN's `type` is `Basic`.

## Why is this bad?
A Basic virtual WAN creates every hub in it as a Basic hub, and a Basic hub offers
site-to-site VPN only. Routing traffic through a hub firewall (a secured virtual hub) needs a
Standard hub, so the firewall cannot be deployed in this hub as designed; the spokes the design
expects it to protect are not protected. Upgrading the virtual WAN to Standard is one way and
cannot be undone.

## Example
```yaml
network:
  virtual_wans:
    - {id: vwan, region: westeurope, type: Basic}
  virtual_hubs:
    - {id: vhub, region: westeurope, wan: vwan, address_prefix: 10.100.0.0/23}
  firewalls:
    - {id: afw-hub, region: westeurope, sku: AZFW_Hub, virtual_hub: vhub}
```

## Use instead
```yaml
network:
  virtual_wans:
    - {id: vwan, region: westeurope, type: Standard}
```

## Notes
azurerm's `azurerm_virtual_wan` defaults `type` to Standard (3.x and 4.x), and so does the
model: only a WAN or hub written as Basic is judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.vpn_facts import BASIC_VIRTUAL_HUB_OFFERS
from archlint.model import Architecture
from archlint.model.vwan import VirtualHub, VirtualWan
from archlint.rules.api import Violation, field_path, rule


@rule(
    "SKU034",
    name="firewall-in-basic-virtual-hub",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/virtual-wan/virtual-wan-about#basicstandard",
        "https://learn.microsoft.com/azure/virtual-wan/upgrade-virtual-wan",
        "https://learn.microsoft.com/azure/firewall-manager/secured-virtual-hub",
    ),
    requires=("network.firewalls", "network.virtual_hubs"),
    pillars=("Security", "Reliability"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for firewall in arch.network.firewalls:
        hub = arch.get(firewall.virtual_hub) if firewall.virtual_hub else None
        if not isinstance(hub, VirtualHub):
            continue
        basic = _basic_because(arch, hub)
        if basic is None:
            continue
        reason, path = basic
        yield Violation.on(
            arch,
            firewall,
            "virtual_hub",
            message=f"{firewall.label()} is in {hub.label()}, {reason}: a Basic hub offers "
            f"{BASIC_VIRTUAL_HUB_OFFERS.value}, so the hub cannot hold a firewall",
            depends_on=(path,),
        )


def _basic_because(arch: Architecture, hub: VirtualHub) -> tuple[str, tuple[str | int, ...]] | None:
    """Why the hub is a Basic hub, and the model path that says so; None when it is not."""
    if hub.sku is not None:
        if hub.sku != "Basic":
            return None
        return "a Basic hub", field_path(arch, hub, "sku")
    wan = arch.get(hub.wan) if hub.wan else None
    if isinstance(wan, VirtualWan) and wan.type == "Basic":
        return f"a hub of Basic {wan.label()}", field_path(arch, wan, "type")
    return None
