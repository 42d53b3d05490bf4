"""The state of one Bicep generation: symbols, resources, parameters, modules.

Modules follow the model's layers in a fixed deployment order (``LAYERS``).  A resource
goes into its own layer's module unless it refers to a resource of a later layer: then it goes
into that later module (a private endpoint in the ``data`` module next to the Cosmos account
it connects, an alert in the module of what it watches). Every cross-module reference thus
points backwards, so ``main.bicep`` can deploy the modules in order with ``dependsOn``, and a
module reaches an earlier module's resource through an ``existing`` declaration by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archlint.generators.bicep.writer import (
    BExpr,
    BValue,
    comment_lines,
    compact,
    quote,
    references,
    render_value,
)
from archlint.model import Architecture
from archlint.model.base import Component
from archlint.model.compute import SecretReference
from archlint.records import record

__all__ = ["API_VERSIONS", "LAYERS", "Bicep", "BicepResource", "Param"]

#: Deployment order of the layer modules.
LAYERS: tuple[str, ...] = (
    "network",
    "security",
    "monitoring",
    "data",
    "messaging",
    "compute",
    "edge",
    "dr",
)

#: The one place API versions are pinned: every resource type the generator writes.
API_VERSIONS: dict[str, str] = {
    "Microsoft.Network/virtualNetworks": "2023-11-01",
    "Microsoft.Network/virtualNetworks/subnets": "2023-11-01",
    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings": "2023-11-01",
    "Microsoft.Network/networkSecurityGroups": "2023-11-01",
    "Microsoft.Network/privateEndpoints": "2023-11-01",
    "Microsoft.Network/privateEndpoints/privateDnsZoneGroups": "2023-11-01",
    "Microsoft.Network/ddosProtectionPlans": "2023-11-01",
    "Microsoft.Network/publicIPAddresses": "2023-11-01",
    "Microsoft.Network/azureFirewalls": "2023-11-01",
    "Microsoft.Network/firewallPolicies": "2023-11-01",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups": "2023-11-01",
    "Microsoft.Network/routeTables": "2023-11-01",
    "Microsoft.Network/natGateways": "2023-11-01",
    "Microsoft.Network/virtualNetworkGateways": "2023-11-01",
    "Microsoft.Network/loadBalancers": "2023-11-01",
    "Microsoft.Network/publicIPPrefixes": "2023-11-01",
    "Microsoft.Network/localNetworkGateways": "2023-11-01",
    "Microsoft.Network/connections": "2023-11-01",
    "Microsoft.Network/virtualWans": "2023-11-01",
    "Microsoft.Network/virtualHubs": "2023-11-01",
    "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections": "2023-11-01",
    "Microsoft.ApiManagement/service": "2024-05-01",
    "Microsoft.Network/dnsResolvers": "2022-07-01",
    "Microsoft.Network/dnsResolvers/inboundEndpoints": "2022-07-01",
    "Microsoft.Network/dnsResolvers/outboundEndpoints": "2022-07-01",
    "Microsoft.Network/dnsForwardingRulesets": "2022-07-01",
    "Microsoft.Network/dnsForwardingRulesets/forwardingRules": "2022-07-01",
    "Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks": "2022-07-01",
    "Microsoft.Network/networkInterfaces": "2023-11-01",
    "Microsoft.ContainerService/managedClusters": "2025-03-01",
    "Microsoft.ContainerService/managedClusters/agentPools": "2025-03-01",
    "Microsoft.ContainerRegistry/registries": "2023-07-01",
    "Microsoft.App/managedEnvironments": "2024-03-01",
    "Microsoft.App/containerApps": "2024-03-01",
    "Microsoft.ContainerInstance/containerGroups": "2023-05-01",
    "Microsoft.ContainerRegistry/registries/replications": "2023-07-01",
    "Microsoft.Network/applicationGateways": "2023-11-01",
    "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies": "2023-11-01",
    "Microsoft.Network/bastionHosts": "2023-11-01",
    "Microsoft.Network/privateDnsZones": "2020-06-01",
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks": "2020-06-01",
    "Microsoft.Network/trafficmanagerprofiles": "2022-04-01",
    "Microsoft.Network/trafficmanagerprofiles/externalEndpoints": "2022-04-01",
    "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies": "2022-05-01",
    "Microsoft.Cdn/profiles": "2023-05-01",
    "Microsoft.Cdn/profiles/afdEndpoints": "2023-05-01",
    "Microsoft.Cdn/profiles/afdEndpoints/routes": "2023-05-01",
    "Microsoft.Cdn/profiles/originGroups": "2023-05-01",
    "Microsoft.Cdn/profiles/originGroups/origins": "2023-05-01",
    "Microsoft.Cdn/profiles/securityPolicies": "2023-05-01",
    "Microsoft.Relay/namespaces": "2021-11-01",
    "Microsoft.Relay/namespaces/hybridConnections": "2021-11-01",
    "Microsoft.EventGrid/topics": "2022-06-15",
    "Microsoft.EventGrid/systemTopics": "2022-06-15",
    "Microsoft.EventGrid/systemTopics/eventSubscriptions": "2022-06-15",
    "Microsoft.EventGrid/eventSubscriptions": "2022-06-15",
    "Microsoft.EventHub/clusters": "2024-01-01",
    "Microsoft.EventHub/namespaces": "2024-01-01",
    "Microsoft.EventHub/namespaces/eventhubs": "2024-01-01",
    "Microsoft.EventHub/namespaces/eventhubs/consumergroups": "2024-01-01",
    "Microsoft.EventHub/namespaces/networkRuleSets": "2024-01-01",
    "Microsoft.ServiceBus/namespaces": "2024-01-01",
    "Microsoft.ServiceBus/namespaces/queues": "2024-01-01",
    "Microsoft.ServiceBus/namespaces/topics": "2024-01-01",
    "Microsoft.ServiceBus/namespaces/topics/subscriptions": "2024-01-01",
    "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules": "2024-01-01",
    "Microsoft.ServiceBus/namespaces/networkRuleSets": "2024-01-01",
    "Microsoft.Web/hostingEnvironments": "2022-09-01",
    "Microsoft.Web/hostingEnvironments/configurations": "2022-09-01",
    "Microsoft.Web/serverfarms": "2022-09-01",
    "Microsoft.Web/sites": "2022-09-01",
    "Microsoft.Compute/virtualMachines": "2023-03-01",
    "Microsoft.Compute/virtualMachineScaleSets": "2023-03-01",
    "Microsoft.Compute/availabilitySets": "2023-03-01",
    "Microsoft.Compute/disks": "2023-04-02",
    "Microsoft.DocumentDB/databaseAccounts": "2023-04-15",
    "Microsoft.DocumentDB/databaseAccounts/sqlDatabases": "2023-04-15",
    "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers": "2023-04-15",
    "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments": "2023-04-15",
    "Microsoft.Cache/redis": "2024-11-01",
    "Microsoft.Sql/managedInstances": "2023-08-01",
    "Microsoft.Sql/servers": "2023-08-01",
    "Microsoft.Sql/servers/databases": "2023-08-01",
    "Microsoft.Sql/servers/elasticPools": "2023-08-01",
    "Microsoft.Sql/servers/failoverGroups": "2023-08-01",
    "Microsoft.Sql/servers/firewallRules": "2023-08-01",
    "Microsoft.Sql/servers/virtualNetworkRules": "2023-08-01",
    "Microsoft.DBforPostgreSQL/flexibleServers": "2024-08-01",
    "Microsoft.DBforPostgreSQL/flexibleServers/databases": "2024-08-01",
    "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules": "2024-08-01",
    "Microsoft.DBforPostgreSQL/flexibleServers/configurations": "2024-08-01",
    "Microsoft.DBforMySQL/flexibleServers": "2023-12-30",
    "Microsoft.DBforMySQL/flexibleServers/databases": "2023-12-30",
    "Microsoft.DBforMySQL/flexibleServers/firewallRules": "2023-12-30",
    "Microsoft.DBforMySQL/flexibleServers/configurations": "2023-12-30",
    "Microsoft.Storage/storageAccounts": "2023-01-01",
    "Microsoft.Storage/storageAccounts/blobServices": "2023-01-01",
    "Microsoft.Storage/storageAccounts/blobServices/containers": "2023-01-01",
    "Microsoft.Storage/storageAccounts/managementPolicies": "2023-01-01",
    "Microsoft.OperationalInsights/workspaces": "2022-10-01",
    "Microsoft.Insights/components": "2020-02-02",
    "Microsoft.Insights/actionGroups": "2023-01-01",
    "Microsoft.Insights/metricAlerts": "2018-03-01",
    "Microsoft.Insights/autoscalesettings": "2022-10-01",
    "Microsoft.Insights/diagnosticSettings": "2021-05-01-preview",
    "Microsoft.RecoveryServices/vaults": "2024-04-01",
    "Microsoft.RecoveryServices/vaults/backupPolicies": "2024-04-01",
    "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems": (
        "2024-04-01"
    ),
    "Microsoft.DataProtection/backupVaults": "2023-05-01",
    "Microsoft.DataProtection/backupVaults/backupPolicies": "2023-05-01",
    "Microsoft.DataProtection/backupVaults/backupInstances": "2023-05-01",
    "Microsoft.ManagedIdentity/userAssignedIdentities": "2023-01-31",
    "Microsoft.KeyVault/vaults": "2023-07-01",
    "Microsoft.Authorization/roleAssignments": "2022-04-01",
}

# Bicep keywords and the names main.bicep uses: never resource symbols.
_RESERVED = {
    "resource",
    "module",
    "param",
    "var",
    "output",
    "existing",
    "if",
    "for",
    "in",
    "true",
    "false",
    "null",
    "targetScope",
    "import",
    "metadata",
    "type",
    "func",
    "location",
    "az",
    "sys",
    *LAYERS,
}


def camel(text: str) -> str:
    """``sbq-file-processing`` -> ``sbqFileProcessing`` (a valid Bicep identifier)."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    if not words:
        return "r"
    name = words[0][0].lower() + words[0][1:] + "".join(w[0].upper() + w[1:] for w in words[1:])
    return name if name[0].isalpha() else f"r{name}"


@record
class Param:
    name: str
    type: str
    description: str
    default: BValue | None = None
    secure: bool = False

    def lines(self, with_default: bool) -> list[str]:
        out = []
        if self.secure:
            out.append("@secure()")
        out.append(f"@description({quote(self.description)})")
        default = ""
        if with_default and self.default is not None:
            default = f" = {render_value(self.default, 0)}"
        out.append(f"param {self.name} {self.type}{default}")
        return out


@dataclass
class BicepResource:
    symbol: str
    type: str
    name: BValue
    body: dict[str, BValue]
    home: int
    parent: str | None = None
    scope: str | None = None
    depends_on: tuple[str, ...] = ()
    comment: str | None = None
    existing: bool = False  # declared, not created (an existing Front Door profile)
    module: int = -1

    @property
    def api(self) -> str:
        return API_VERSIONS[self.type]

    def dependencies(self) -> tuple[set[str], set[str]]:
        symbols, params = references(self.body)
        name_symbols, name_params = references(self.name)
        symbols |= name_symbols | set(self.depends_on)
        params |= name_params
        for linked in (self.parent, self.scope):
            if linked:
                symbols.add(linked)
        symbols.discard(self.symbol)
        return symbols, params

    def lines(self, existing: bool = False) -> list[str]:
        existing = existing or self.existing
        out = list(comment_lines(self.comment)) if self.comment and not existing else []
        head: dict[str, BValue] = {"name": self.name}
        if self.parent:
            head["parent"] = BExpr.symbol(self.parent)
        if self.scope and not existing:
            head["scope"] = BExpr.symbol(self.scope)
        body: dict[str, BValue] = head if existing else {**head, **self.body}
        if self.depends_on and not existing:
            body["dependsOn"] = [BExpr.symbol(s) for s in self.depends_on]
        keyword = " existing" if existing else ""
        out.append(
            f"resource {self.symbol} '{self.type}@{self.api}'{keyword} = {render_value(body, 0)}"
        )
        return out


@dataclass
class Bicep:
    architecture: Architecture
    resources: list[BicepResource] = field(default_factory=list)
    by_symbol: dict[str, BicepResource] = field(default_factory=dict)
    symbols: dict[str, str] = field(default_factory=dict)  # component id -> symbol
    endpoint_symbols: dict[tuple[str, str], str] = field(default_factory=dict)
    params: dict[str, Param] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=lambda: {layer: [] for layer in LAYERS})
    _taken: set[str] = field(default_factory=lambda: set(_RESERVED))
    _roles: set[tuple[str, str, str]] = field(default_factory=set)

    # --- symbols and references ----------------------------------------------------------

    def new_symbol(self, base: str) -> str:
        name = camel(base)
        candidate, suffix = name, 2
        while candidate in self._taken:
            candidate, suffix = f"{name}{suffix}", suffix + 1
        self._taken.add(candidate)
        return candidate

    def assign(self, component: Component) -> None:
        self.symbols[component.id] = self.new_symbol(component.id)

    def component(self, component_id: str | None) -> Component | None:
        return self.architecture.get(component_id) if component_id else None

    def ref(self, component_id: str | None, path: str = "id") -> BExpr | None:
        symbol = self.symbols.get(component_id or "")
        return BExpr.symbol(symbol, path) if symbol else None

    def location(self, region: str | None = None) -> BExpr | str:
        primary = self.architecture.metadata.primary_region
        if region is None or region.replace(" ", "").lower() == primary.replace(" ", "").lower():
            return BExpr.param("location")
        return region

    def tags(self, component: Component | None) -> dict[str, BValue] | None:
        return dict(component.tags) if component is not None and component.tags else None

    def note(self, layer: str, text: str) -> None:
        self.notes[layer].append(text)

    # --- parameters and secrets ----------------------------------------------------------

    def param(self, param: Param) -> BExpr:
        self.params.setdefault(param.name, param)
        return BExpr.param(param.name)

    def secret(self, secret: SecretReference | str, owner: Component, purpose: str) -> BExpr:
        """A secret is always a ``@secure()`` parameter: a spec's literal value is never
        written; a Key Vault reference says in the description where the value lives."""
        if isinstance(secret, SecretReference) and secret.variable:
            name = camel(secret.variable)
            description = f"{purpose} of {owner.label()}."
        elif isinstance(secret, SecretReference) and secret.key_vault and secret.secret:
            name = camel(f"{owner.id}-{purpose}")
            description = (
                f"{purpose} of {owner.label()}: Key Vault '{secret.key_vault}' secret "
                f"'{secret.secret}' (pass it with getSecret())."
            )
        else:
            name = camel(f"{owner.id}-{purpose}")
            description = f"{purpose} of {owner.label()} (supply it; never commit it)."
        return self.param(Param(name, "string", description, secure=True))

    # --- resources -----------------------------------------------------------------------

    def add(
        self,
        layer: str,
        resource_type: str,
        symbol: str,
        name: BValue,
        body: dict[str, BValue | None],
        *,
        parent: str | None = None,
        scope: str | None = None,
        depends_on: tuple[str, ...] = (),
        comment: str | None = None,
    ) -> BicepResource:
        resource = BicepResource(
            symbol=symbol,
            type=resource_type,
            name=name,
            body=compact(body),
            home=LAYERS.index(layer),
            parent=parent,
            scope=scope,
            depends_on=depends_on,
            comment=comment,
        )
        self.resources.append(resource)
        self.by_symbol[symbol] = resource
        return resource

    def role(
        self, layer: str, principal_key: str, principal: BExpr | None, scope: str, role: str
    ) -> None:
        """An Azure RBAC role assignment by built-in role id, once per principal/scope/role."""
        from archlint.generators.common import BUILTIN_ROLES

        scope_symbol = self.symbols.get(scope)
        role_id = BUILTIN_ROLES.get(role)
        key = (principal_key, scope, role)
        if principal is None or scope_symbol is None or key in self._roles:
            return
        if role_id is None:
            self.note(layer, f"role '{role}' for '{principal_key}' on '{scope}': unknown id")
            return
        self._roles.add(key)
        definition = BExpr(
            f"subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{role_id}')"
        )
        scope_ref = BExpr.symbol(scope_symbol, "id")
        # The name must be known before deployment: the principal's component id, not its
        # (run-time) principal id.
        name = scope_ref.wrap(f"guid({scope_ref.text}, {quote(principal_key)}, '{role_id}')")
        self.add(
            layer,
            "Microsoft.Authorization/roleAssignments",
            self.new_symbol(f"{principal_key}-{scope}-{role}"),
            name,
            {
                "properties": {
                    "roleDefinitionId": definition,
                    "principalId": principal,
                    "principalType": "ServicePrincipal",
                }
            },
            scope=scope_symbol,
            comment=f"{role} for {principal_key}",
        )

    # --- placement -----------------------------------------------------------------------

    def place(self) -> None:
        """Each resource's module: its layer, or a later one it refers to (see module doc)."""
        done: dict[str, int] = {}

        def module_of(symbol: str, trail: frozenset[str]) -> int:
            if symbol in done:
                return done[symbol]
            resource = self.by_symbol[symbol]
            deps, _ = resource.dependencies()
            level = resource.home
            for dep in sorted(deps):
                if dep in self.by_symbol and dep not in trail:
                    level = max(level, module_of(dep, trail | {symbol}))
            done[symbol] = level
            resource.module = level
            return level

        for resource in self.resources:
            module_of(resource.symbol, frozenset())
