"""Component reachable only privately lacks a private endpoint for a sub-resource it needs.

## What it does
A component is reached privately when its `public_network_access` is off, or when the
architecture's policy says so (`security.policies.private_endpoints_only`). Such a component
needs a private endpoint (and, through DNS001, a private DNS zone) for every sub-resource its
clients use:

- a service's main group ID (`namespace`, `topic`, `Sql`, `redisCache`, `vault`, `blob`...;
  `sites` for an app that does not run inside an App Service Environment and that something
  calls: a synchronous flow step, an Application Gateway backend pool, a Front Door origin);
- a Function App's runtime storage: `blob` and `file`
  (`archlint.azure.facts.FUNCTION_RUNTIME_STORAGE_SUBRESOURCES`; `file` only on plans that
  keep the code in an Azure Files content share: Elastic Premium and Consumption);
- a Logic App Standard's runtime storage: `blob`, `file`, `queue` and `table`
  (`LOGIC_APP_RUNTIME_STORAGE_SUBRESOURCES`).

One finding per component lists every missing sub-resource and who needs it. A Front Door
Private Link origin to the component's main sub-resource is a private path too (Front Door
reaches it through a managed private endpoint); it does not serve an app runtime's storage.

## Why is this bad?
Each storage service has its own endpoint and its own name
(`st.blob.core.windows.net`, `st.file.core.windows.net`...). With public access disabled, a
sub-resource without a private endpoint is unreachable: a Function App on Elastic Premium
cannot mount its content share and does not start; a Logic App Standard cannot keep its
workflow state in queues and tables, so its stateful workflows stop. The failure shows only
at deployment or at the first cold start.

## Example
```yaml
storage_accounts:
  - {id: st-functions, replication: ZRS, public_network_access: false}
private_endpoints:
  - {id: pe-st-functions-blob, target: st-functions, subresource: blob,
     subnet: snet-private-endpoints, dns_zone_group: [pdz-blob]}
function_apps:
  - {id: func-main, plan: plan-ep1, storage_account: st-functions, ...}
```

## Use instead
```yaml
private_endpoints:
  - {id: pe-st-functions-blob, target: st-functions, subresource: blob,
     subnet: snet-private-endpoints, dns_zone_group: [pdz-blob]}
  - {id: pe-st-functions-file, target: st-functions, subresource: file,
     subnet: snet-private-endpoints, dns_zone_group: [pdz-file]}
```

## In the seed
`st-functions` (runtime storage of `func-main` and `func-dlq-processor`, on the EP1 plan) and
`st-logicapps` (runtime storage of `logic-main`) have public network access disabled and only
a `blob` private endpoint. The Function Apps need `file` for their content share; the Logic
App needs `file`, `queue` and `table`. The seed's DNS zone list has no
`privatelink.file/queue/table.core.windows.net` zones either. As designed, the apps cannot
start.

## Notes
`queue` and `table` on a Function App's storage are needed only by some features (Durable
Functions task hubs, blob-trigger receipts); the model does not say which features an app
uses, so they are not required for Function Apps. Apps inside an ILB App Service Environment
are reached through the ASE (DNS004), not through a `sites` endpoint; an app nothing calls
(triggered by queues or events only) needs no inbound endpoint. A PostgreSQL or MySQL
flexible server in a delegated subnet (VNet integration) is reached there and takes no
private endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.dns import DnsIndex, Need, needed_subresources, runtime_storage_users
from archlint.analysis.network import app_ase, inbound_targets
from archlint.azure.facts import EVENT_HUBS_TIERS, SERVICE_BUS_TIERS
from archlint.model import Architecture, Component
from archlint.model.architecture import attribute_or
from archlint.model.base import AccessSettings
from archlint.model.compute import HostedApp
from archlint.model.messaging import EventHubsNamespace, ServiceBusNamespace
from archlint.rules.api import Violation, rule


@rule(
    "DNS003",
    name="private-component-without-endpoint",
    severity="high",
    category="dns",
    references=(
        "https://learn.microsoft.com/azure/private-link/private-endpoint-dns",
        "https://learn.microsoft.com/azure/azure-functions/configure-networking-how-to",
        "https://learn.microsoft.com/azure/logic-apps/deploy-single-tenant-logic-apps-private-storage-account",
        "https://learn.microsoft.com/azure/storage/common/storage-private-endpoints",
        "https://learn.microsoft.com/azure/frontdoor/private-link",
    ),
    mcsb=("NS-2",),
    pillars=("Reliability", "Security"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    index = DnsIndex.build(arch)
    storage_users = runtime_storage_users(arch)
    policy = arch.security.policies.private_endpoints_only
    called = inbound_targets(arch)
    front_door_links = _front_door_private_links(arch)
    for component in arch.index.by_id.values():
        target = component.component
        if not isinstance(target, AccessSettings) or not isinstance(target, Component):
            continue
        if isinstance(target, HostedApp) and (
            app_ase(arch, target) is not None or target.id not in called
        ):
            continue
        if target.public_network_access and not policy:
            continue
        if attribute_or(target, "delegated_subnet") is not None:
            continue  # a VNet-integrated flexible server: reached in its subnet, no endpoint
        needs = needed_subresources(arch, target, storage_users)
        missing = [
            need
            for need in needs
            if not index.has_endpoint(target.id, need.subresource)
            and not _served_by_front_door(front_door_links, target.id, need)
        ]
        if missing:
            why = (
                "public network access is disabled"
                if not target.public_network_access
                else "the security policy private_endpoints_only applies"
            )
            yield Violation.on(
                arch,
                target,
                "public_network_access",
                message=f"{target.label()} is reachable only privately ({why}) but has no "
                f"private endpoint for {_describe(missing)}{_tier_note(target)}",
            )


def _front_door_private_links(arch: Architecture) -> dict[str, set[str]]:
    """Targets of Front Door Private Link origins, with the sub-resource each reaches."""
    links: dict[str, set[str]] = {}
    for front_door in arch.edge.front_doors:
        for group in front_door.origin_groups:
            for origin in group.origins:
                if origin.private_link:
                    links.setdefault(origin.private_link.target, set()).add(
                        origin.private_link.subresource
                    )
    return links


def _served_by_front_door(links: dict[str, set[str]], target: str, need: Need) -> bool:
    """A Front Door Private Link origin is the private path of the component's own service
    (Front Door runs a managed private endpoint to it); it does not serve an app runtime's
    storage."""
    return not need.reason and need.subresource in links.get(target, set())


def _describe(missing: list[Need]) -> str:
    """'file', 'queue' (needed by X), 'Sql': sub-resources grouped by who needs them."""
    groups: dict[str, list[str]] = {}
    for need in missing:
        groups.setdefault(need.reason, []).append(f"'{need.subresource}'")
    parts = []
    for reason, subs in groups.items():
        users = f" (needed by the runtime of {reason})" if reason else ""
        parts.append(", ".join(subs) + users)
    return "; ".join(parts)


def _tier_note(component: Component) -> str:
    if isinstance(component, ServiceBusNamespace):
        fact = SERVICE_BUS_TIERS.get(component.tier)
    elif isinstance(component, EventHubsNamespace):
        fact = EVENT_HUBS_TIERS.get(component.tier)  # type: ignore[assignment]
    else:
        return ""
    if fact and not fact.private_endpoints_supported:
        return f"; the {component.tier} tier does not support private endpoints at all"
    return ""
