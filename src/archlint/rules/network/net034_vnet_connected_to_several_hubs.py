"""A VNet connected to more than one virtual hub.

## What it does
Flags each virtual hub connection (`network.hub_connections`) whose VNet another connection
already attaches to a different hub.

## Why is this bad?
A VNet can be connected to one virtual hub only: Azure refuses the second connection, so the
design cannot be deployed as written. Reaching a second region's hub is the virtual WAN's job
(hubs of a Standard virtual WAN are meshed), not a second connection's.

## Example
```yaml
network:
  hub_connections:
    - {id: spoke-to-westeurope, hub: vhub-westeurope, vnet: vnet-spoke}
    - {id: spoke-to-northeurope, hub: vhub-northeurope, vnet: vnet-spoke}
```

## Use instead
```yaml
network:
  hub_connections:
    - {id: spoke-to-westeurope, hub: vhub-westeurope, vnet: vnet-spoke}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, field_path, rule


@rule(
    "NET034",
    name="vnet-connected-to-several-hubs",
    severity="high",
    category="network",
    references=("https://learn.microsoft.com/azure/virtual-wan/virtual-wan-about#resources",),
    requires=("network.hub_connections",),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    first_hub: dict[str, tuple[str, str]] = {}  # VNet id -> (hub, connection) seen first
    for connection in arch.network.hub_connections:
        seen = first_hub.setdefault(connection.vnet, (connection.hub, connection.id))
        hub, first = seen
        if hub == connection.hub:
            continue
        other = arch.get(first)
        yield Violation.on(
            arch,
            connection,
            "hub",
            message=f"{connection.label()} connects VNet '{connection.vnet}' to virtual hub "
            f"'{connection.hub}', but {other.label() if other else first} already connects it "
            f"to virtual hub '{hub}': a VNet can be connected to one virtual hub only",
            depends_on=(
                field_path(arch, connection, "vnet"),
                *(
                    (field_path(arch, other, "hub"), field_path(arch, other, "vnet"))
                    if other
                    else ()
                ),
            ),
        )
