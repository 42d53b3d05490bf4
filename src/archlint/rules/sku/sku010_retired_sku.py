"""SKU or account kind that Azure has retired.

## What it does
Flags a component whose SKU or kind Azure has retired, with the date, what Azure does with
what is left, and what replaces it. The retirements are data with their Microsoft Learn
pages (`retired` in `archlint/azure/skus.json`):

- Application Gateway v1 (`Standard_Small`, `Standard_Medium`, `Standard_Large`,
  `WAF_Medium`, `WAF_Large`): retired 28 April 2026;
- public IP `Basic`: retired 30 September 2025;
- load balancer `Basic`: retired 30 September 2025;
- storage account kinds `Storage` (general-purpose v1) and `BlobStorage` (legacy blob):
  retired in October 2026.

## Why is this bad?
A retired SKU has no SLA and no support, and cannot be created: a configuration that still
declares one fails on its next fresh deployment (a DR rebuild included), and what is running
is shut down or migrated by Microsoft on Microsoft's schedule (v1 gateways lose their data
path; general-purpose v1 accounts move to v2 billing).

## Example
```yaml
edge:
  application_gateways:
    - {id: agw-main, sku: WAF_Medium, subnet: snet-appgw}
```

## Use instead
```yaml
edge:
  application_gateways:
    - {id: agw-main, sku: WAF_v2, subnet: snet-appgw, zones: [1, 2, 3]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.names import sku_sets
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "SKU010",
    name="retired-sku",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/application-gateway/retirement-faq",
        "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-basic-upgrade-guidance",
        "https://learn.microsoft.com/azure/load-balancer/load-balancer-basic-upgrade-guidance",
        "https://learn.microsoft.com/azure/storage/common/general-purpose-version-1-account-migration-overview",
        "https://learn.microsoft.com/azure/storage/common/legacy-blob-storage-account-migration-overview",
    ),
    pillars=("Reliability", "Operational Excellence"),
    aprl=(
        "7893f0b3-8622-1d47-beed-4b50a19f7895",
        "5cea1501-6fe4-4ec4-ac8f-f72320eb18d3",
        "2ad78dec-5a4d-4a30-8fd1-8584335ad781",
    ),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for sku in sku_sets().values():
        if not sku.retired:
            continue
        for component in arch.index.of_kind(sku.kind):
            value = getattr(component, sku.field, None)
            retirement = sku.retired.get(value) if isinstance(value, str) else None
            if retirement is None:
                continue
            yield Violation.on(
                arch,
                component,
                sku.field,
                message=f"{component.label()} uses {sku.field} '{value}', retired on "
                f"{retirement.on}: {retirement.after}; use '{retirement.instead}'",
            )
