"""The private DNS index the DNS rules share, built once per call in linear time.

- zone name -> the private DNS zones with that name (names compared case-insensitively);
- VNet -> the zones linked to it, and (zone, VNet) link lookups in O(1);
- component -> its private endpoints, by sub-resource (group ID);
- zone -> the private endpoints that register their A records in it;
- the fields naming the VNets zones are linked to (what "not linked" rests on).

It also answers two questions with Azure facts: which zone a private endpoint's service and
sub-resource need (:func:`expected_zone`), and which sub-resources a component reached
privately needs an endpoint for (:func:`needed_subresources`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archlint.azure import facts
from archlint.model import Architecture, Component, Path
from archlint.model.compute import AppServicePlan, FunctionApp, HostedApp, LogicApp
from archlint.model.data import CosmosAccount, RedisCache
from archlint.model.network import PrivateDnsZone, PrivateEndpoint
from archlint.records import record


@dataclass
class DnsIndex:
    zones_by_name: dict[str, list[PrivateDnsZone]] = field(default_factory=dict)
    zones_linked_to: dict[str, list[PrivateDnsZone]] = field(default_factory=dict)
    endpoints_by_target: dict[str, dict[str, list[PrivateEndpoint]]] = field(default_factory=dict)
    endpoints_by_zone: dict[str, list[PrivateEndpoint]] = field(default_factory=dict)
    _links: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def build(cls, arch: Architecture) -> DnsIndex:
        index = cls()
        for zone in arch.network.private_dns_zones:
            index.zones_by_name.setdefault(zone.zone.lower().rstrip("."), []).append(zone)
            for link in zone.vnet_links:
                if (zone.id, link.vnet) not in index._links:
                    index._links.add((zone.id, link.vnet))
                    index.zones_linked_to.setdefault(link.vnet, []).append(zone)
        for endpoint in arch.network.private_endpoints:
            by_sub = index.endpoints_by_target.setdefault(endpoint.target, {})
            by_sub.setdefault(endpoint.subresource, []).append(endpoint)
            for zone_id in dict.fromkeys(endpoint.dns_zone_group):
                index.endpoints_by_zone.setdefault(zone_id, []).append(endpoint)
        return index

    def zones_named(self, name: str) -> list[PrivateDnsZone]:
        return self.zones_by_name.get(name.lower().rstrip("."), [])

    def is_linked(self, zone: PrivateDnsZone, vnet_id: str) -> bool:
        return (zone.id, vnet_id) in self._links

    def endpoints_of(self, component_id: str) -> dict[str, list[PrivateEndpoint]]:
        """The private endpoints whose target is ``component_id``, by sub-resource."""
        return self.endpoints_by_target.get(component_id, {})

    def has_endpoint(self, component_id: str, subresource: str) -> bool:
        """A private endpoint exists for the sub-resource (group IDs compare case-blind)."""
        wanted = subresource.lower()
        return any(sub.lower() == wanted for sub in self.endpoints_of(component_id))


def link_targets(arch: Architecture, zones: list[PrivateDnsZone]) -> tuple[Path, ...]:
    """The fields naming the VNets ``zones`` are linked to. That a zone lacks a link to a
    VNet rests on every one of them: a link whose VNet is unknown until apply may be it."""
    return tuple(
        (*arch.path_of(zone.id), "vnet_links", position, "vnet")
        for zone in zones
        for position in range(len(zone.vnet_links))
    )


# Kinds whose private-link group ID Azure accepts in any case. Not on Microsoft Learn: the
# azurerm provider's acceptance tests, run against Azure, create Key Vault endpoints with
# subresource_names = ["Vault"] (internal/services/netapp/netapp_volume_resource_test.go at
# https://github.com/hashicorp/terraform-provider-azurerm). Other services differ (Storage
# refuses "TABLE_SECONDARY": https://github.com/Azure/azure-cli/issues/16750), so this is
# per service and a kind is added only with such evidence.
GROUP_ID_ANY_CASE = frozenset({"key_vault"})


def expected_zone(component: Component, subresource: str) -> str | None:
    """The private DNS zone name a private endpoint to ``component`` for ``subresource``
    registers in, or None when Azure's facts do not say."""
    if isinstance(component, RedisCache) and component.tier.startswith("enterprise"):
        if subresource == "redisCache":
            return facts.REDIS_ENTERPRISE_PRIVATE_DNS_ZONE.value
        return None
    fact = facts.private_dns_zone_for(component.kind, subresource)
    if fact is None and component.kind in GROUP_ID_ANY_CASE:
        spelt = [s for s in known_subresources(component.kind) if s.lower() == subresource.lower()]
        fact = facts.private_dns_zone_for(component.kind, spelt[0]) if spelt else None
    return fact.zone if fact else None


def known_subresources(kind: str) -> list[str]:
    """Every group ID Azure's facts know for a component kind (empty when none)."""
    return sorted({sub for service, sub in facts.PRIVATE_DNS_ZONES if service == kind})


def primary_subresource(component: Component) -> str | None:
    """The group ID clients use a component through (``namespace``, ``Sql``, ``vault``...)."""
    if isinstance(component, CosmosAccount):
        fact = facts.COSMOS_PRIVATE_ENDPOINT_GROUP_ID.get(component.api)
    else:
        fact = facts.PRIVATE_ENDPOINT_PRIMARY_GROUP_ID.get(component.kind)
    return fact.value if fact else None


@record
class Need:
    """A sub-resource a component needs a private endpoint for, and who needs it."""

    subresource: str
    reason: str


def runtime_storage_users(arch: Architecture) -> dict[str, list[HostedApp]]:
    """Storage account id -> the Function Apps and Logic Apps whose runtime uses it."""
    users: dict[str, list[HostedApp]] = {}
    for app in arch.index.of_kind("function_app", "logic_app"):
        if isinstance(app, FunctionApp | LogicApp):
            users.setdefault(app.storage_account, []).append(app)
    return users


def uses_content_share(arch: Architecture, app: FunctionApp) -> bool:
    """True when a Function App's plan keeps its code in an Azure Files content share.

    Unknown plan SKUs count as using one (the general Functions fact lists ``file``).
    """
    plan = arch.get(app.plan)
    if not isinstance(plan, AppServicePlan):
        return True
    family = facts.app_service_sku_family(plan.sku)
    return family is None or family.family in facts.FUNCTION_CONTENT_SHARE_PLAN_FAMILIES.value


def needed_subresources(
    arch: Architecture, component: Component, storage_users: dict[str, list[HostedApp]]
) -> list[Need]:
    """Sub-resources a component reached only privately needs private endpoints for.

    Storage used as a Function App's runtime storage needs ``blob`` and ``file`` (``file``
    only on plans with a content share); a Logic App Standard's storage needs all four
    storage services. Any other component needs its primary group ID.
    """
    needs: dict[str, list[str]] = {}
    for app in storage_users.get(component.id, []):
        if isinstance(app, LogicApp):
            subs = facts.LOGIC_APP_RUNTIME_STORAGE_SUBRESOURCES.value
        else:
            subs = facts.FUNCTION_RUNTIME_STORAGE_SUBRESOURCES.value
            if isinstance(app, FunctionApp) and not uses_content_share(arch, app):
                subs = subs - {"file"}
        for sub in subs:
            needs.setdefault(sub, []).append(app.label())
    primary = primary_subresource(component)
    if primary and primary not in needs:
        needs[primary] = []
    order = ["blob", "file", "queue", "table"]
    return [
        Need(sub, " and ".join(users))
        for sub, users in sorted(
            needs.items(),
            key=lambda item: (order.index(item[0]) if item[0] in order else 9, item[0]),
        )
    ]
