"""Event Hubs auto-inflate on a tier that does not offer it.

## What it does
Flags an Event Hubs namespace with `auto_inflate.enabled` on a tier other than
Standard, the only tier with auto-inflate.

## Why is this bad?
Auto-inflate scales *throughput units*, which only Basic and Standard have, and
only Standard can inflate them. Premium and Dedicated are sized in processing or
capacity units that never scale themselves: the setting is refused or ignored,
and the namespace stays at the capacity it was created with. Any capacity plan
that counts on "scales up to N units under load" is wrong: under a burst,
producers are throttled (server busy) instead.

## Example
```yaml
event_hubs:
  - id: evhns-main
    tier: premium
    capacity: 1
    auto_inflate: {enabled: true, max_throughput_units: 10}
```

## Use instead
```yaml
event_hubs:
  - id: evhns-main
    tier: premium
    capacity: 2          # sized for the peak; scale processing units deliberately
# or: tier: standard with auto_inflate {enabled: true, max_throughput_units: 10}
```

## In the seed
The seed asks for "Premium Tier" Event Hubs with "Auto-Inflate: automatically
scales throughput units (up to 10)". Premium has processing units and no
auto-inflate, so `evhns-main` runs at its 1 processing unit whatever the load; the
"up to 10" headroom the design counts on does not exist.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import EVENT_HUBS_TIERS
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "SKU001",
    name="auto-inflate-unsupported-tier",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-auto-inflate",
        "https://learn.microsoft.com/azure/event-hubs/compare-tiers",
    ),
    pillars=("Reliability", "Performance Efficiency"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    offered = sorted(t for t, fact in EVENT_HUBS_TIERS.items() if fact.auto_inflate_supported)
    for namespace in arch.index.of_kind("event_hubs_namespace"):
        inflate = namespace.auto_inflate
        tier = EVENT_HUBS_TIERS.get(namespace.tier)
        if inflate is None or not inflate.enabled or tier is None or tier.auto_inflate_supported:
            continue
        yield Violation.on(
            arch,
            namespace,
            "auto_inflate",
            message=f"{namespace.label()} enables auto-inflate up to "
            f"{inflate.max_throughput_units} throughput units on the {namespace.tier} tier; "
            f"only {', '.join(offered)} offers it, so the namespace stays at capacity "
            f"{namespace.capacity}",
        )
