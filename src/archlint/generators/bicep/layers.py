"""Resources per layer, as ARM properties. Same choices as the Terraform generator: the model's
TTLs, retries, dead-lettering, zones, TLS floors, private endpoints with DNS zone groups,
lifecycle rules, alerts, autoscale and backups reach the properties; what ARM cannot express is
a comment in the module (``Bicep.note``)."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.bicep.core import Bicep, Param
from archlint.generators.bicep.writer import BExpr, BValue, interpolate
from archlint.generators.common import (
    ARM_TYPES,
    COSMOS_DATA_ROLES,
    alphanumeric_name,
    iso8601,
    phone_parts,
    principal_source,
    storage_account_name,
    whole,
)
from archlint.model.compute import AppServicePlan, HostedApp, Identity
from archlint.model.network import NsgRule, VirtualNetwork

SECOND, MINUTE, HOUR, DAY = (
    timedelta(seconds=1),
    timedelta(minutes=1),
    timedelta(hours=1),
    timedelta(days=1),
)
_SINGLE_RESOURCE_CRITERIA = "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"
_TLS_ARM = {"1.0": "TLS1_0", "1.1": "TLS1_1", "1.2": "TLS1_2", "1.3": "TLS1_2"}


def _sub(ref: BExpr | None) -> dict[str, BValue] | None:
    """ARM's ``{ id: ... }`` sub-resource reference."""
    return {"id": ref} if ref is not None else None


def _enabled(flag: bool) -> str:
    return "Enabled" if flag else "Disabled"


def _identity(b: Bicep, identity: Identity) -> dict[str, BValue] | None:
    kinds = (["SystemAssigned"] if identity.system_assigned else []) + (
        ["UserAssigned"] if identity.user_assigned else []
    )
    if not kinds:
        return None
    out: dict[str, BValue] = {"type": ", ".join(kinds)}
    assigned = {}
    for uai in identity.user_assigned:
        ref = b.ref(uai)
        if ref is not None:
            assigned[ref] = {}
    if assigned:
        out["userAssignedIdentities"] = assigned
    return out


def principal(b: Bicep, component_id: str) -> BExpr | None:
    """The object id a role assignment names for a component with a managed identity."""
    source = principal_source(b.architecture, component_id)
    if source is None:
        return None
    owner, system = source
    return b.ref(owner, "identity.principalId" if system else "properties.principalId")


# --- network ---------------------------------------------------------------------------------


def _ports(singular: str, plural: str, value: str) -> dict[str, BValue]:
    parts = [p.strip() for p in value.split(",") if p.strip()] or ["*"]
    return {singular: parts[0]} if len(parts) == 1 else {plural: parts}


def _nsg_rule(rule: NsgRule) -> dict[str, BValue]:
    return {
        "name": rule.name,
        "properties": {
            "priority": rule.priority,
            "direction": rule.direction,
            "access": rule.access,
            "protocol": rule.protocol,
            **_ports("sourcePortRange", "sourcePortRanges", rule.source_ports),
            **_ports("destinationPortRange", "destinationPortRanges", rule.destination_ports),
            **_ports("sourceAddressPrefix", "sourceAddressPrefixes", rule.source),
            **_ports("destinationAddressPrefix", "destinationAddressPrefixes", rule.destination),
        },
    }


def network(b: Bicep) -> None:
    layer = "network"
    net = b.architecture.network
    for plan in net.ddos_protection_plans:
        if plan.id in b.symbols:
            b.add(
                layer,
                "Microsoft.Network/ddosProtectionPlans",
                b.symbols[plan.id],
                plan.resource_name,
                {"location": b.location(), "tags": b.tags(plan), "properties": {}},
            )
        else:
            b.note(layer, f"DDoS '{plan.id}': IP protection is set on each public IP.")
    for nsg in net.nsgs:
        b.add(
            layer,
            "Microsoft.Network/networkSecurityGroups",
            b.symbols[nsg.id],
            nsg.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(nsg),
                "properties": {"securityRules": [_nsg_rule(r) for r in nsg.rules]},
            },
        )
    for vnet in net.vnets:
        _vnet(b, vnet)
    for peering in net.peerings:
        b.add(
            layer,
            "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
            b.symbols[peering.id],
            peering.resource_name,
            {
                "properties": {
                    "remoteVirtualNetwork": _sub(b.ref(peering.remote)),
                    "allowVirtualNetworkAccess": True,
                    "allowForwardedTraffic": peering.allow_forwarded_traffic,
                    "allowGatewayTransit": peering.allow_gateway_transit,
                    "useRemoteGateways": peering.use_remote_gateways,
                }
            },
            parent=b.symbols.get(peering.local),
        )
    for ip in net.public_ips:
        vnet = b.component(ip.vnet)
        b.add(
            layer,
            "Microsoft.Network/publicIPAddresses",
            b.symbols[ip.id],
            ip.resource_name,
            {
                "location": b.location(getattr(vnet, "region", None)),
                "tags": b.tags(ip),
                "sku": {"name": ip.sku, "tier": "Regional"},
                "zones": [str(z) for z in ip.zones] or None,
                "properties": {
                    "publicIPAllocationMethod": "Static" if ip.sku == "Standard" else "Dynamic",
                    "ddosSettings": {"protectionMode": ip.ddos_protection},
                },
            },
        )
    for zone in net.private_dns_zones:
        symbol = b.symbols[zone.id]
        b.add(
            layer,
            "Microsoft.Network/privateDnsZones",
            symbol,
            zone.zone,
            {"location": "global", "tags": b.tags(zone)},
        )
        for link in zone.vnet_links:
            vnet = b.component(link.vnet)
            if vnet is None:
                continue
            b.add(
                layer,
                "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                b.new_symbol(f"{zone.id}-{vnet.id}-link"),
                f"link-{vnet.resource_name}",
                {
                    "location": "global",
                    "properties": {
                        "registrationEnabled": link.registration_enabled,
                        "virtualNetwork": _sub(b.ref(vnet.id)),
                    },
                },
                parent=symbol,
            )
    for endpoint in net.private_endpoints:
        target = b.ref(endpoint.target)
        if target is None:
            b.note(
                layer,
                f"private endpoint '{endpoint.id}': target '{endpoint.target}' is "
                "not a resource here; not generated",
            )
            continue
        symbol = b.symbols[endpoint.id]
        b.add(
            layer,
            "Microsoft.Network/privateEndpoints",
            symbol,
            endpoint.resource_name,
            {
                "location": b.location(subnet_region(b, endpoint.subnet)),
                "tags": b.tags(endpoint),
                "properties": {
                    "subnet": _sub(b.ref(endpoint.subnet)),
                    "privateLinkServiceConnections": [
                        {
                            "name": endpoint.resource_name,
                            "properties": {
                                "privateLinkServiceId": target,
                                "groupIds": [endpoint.subresource],
                            },
                        }
                    ],
                },
            },
        )
        configs = [
            {"name": z.replace(".", "-"), "properties": {"privateDnsZoneId": b.ref(z)}}
            for z in endpoint.dns_zone_group
            if b.ref(z)
        ]
        if configs:
            b.add(
                layer,
                "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
                b.new_symbol(f"{endpoint.id}-dns"),
                "default",
                {"properties": {"privateDnsZoneConfigs": configs}},
                parent=symbol,
            )
    for connection in net.on_premises.connections:
        if connection.id not in b.symbols:
            b.note(
                layer,
                f"hybrid connection '{connection.id}' ({connection.mechanism}): "
                "needs gateway details the model does not hold; not generated",
            )
            continue
        relay = b.new_symbol(f"relay-{connection.id}")
        b.add(
            layer,
            "Microsoft.Relay/namespaces",
            relay,
            f"relay-{connection.resource_name}",
            {
                "location": b.location(),
                "tags": b.tags(connection),
                "sku": {"name": "Standard", "tier": "Standard"},
            },
        )
        sql = connection.sql_server
        b.add(
            layer,
            "Microsoft.Relay/namespaces/hybridConnections",
            b.symbols[connection.id],
            connection.resource_name,
            {
                "properties": {
                    "requiresClientAuthorization": True,
                    "userMetadata": f"{sql.host}:{sql.port}",
                }
            },
            parent=relay,
            comment=f"Attach to {', '.join(connection.used_by)} with the Azure CLI "
            "(az webapp hybrid-connection add): it needs the relay's send key.",
        )


def subnet_region(b: Bicep, subnet_id: str) -> str | None:
    entry = b.architecture.index.by_id.get(subnet_id)
    parent = entry.parent if entry else None
    return parent.region if isinstance(parent, VirtualNetwork) else None


def _vnet(b: Bicep, vnet: VirtualNetwork) -> None:
    layer = "network"
    symbol = b.symbols[vnet.id]
    ddos = b.ref(vnet.ddos_protection_plan) if vnet.ddos_protection_plan else None
    b.add(
        layer,
        "Microsoft.Network/virtualNetworks",
        symbol,
        vnet.resource_name,
        {
            "location": b.location(vnet.region),
            "tags": b.tags(vnet),
            "properties": {
                "addressSpace": {"addressPrefixes": [str(c) for c in vnet.address_space]},
                "dhcpOptions": {"dnsServers": vnet.dns_servers} if vnet.dns_servers else None,
                "enableDdosProtection": True if ddos else None,
                "ddosProtectionPlan": _sub(ddos),
            },
        },
    )
    previous: tuple[str, ...] = ()
    for subnet in vnet.subnets:
        sub_symbol = b.symbols[subnet.id]
        b.add(
            layer,
            "Microsoft.Network/virtualNetworks/subnets",
            sub_symbol,
            subnet.resource_name,
            {
                "properties": {
                    "addressPrefix": str(subnet.cidr),
                    "networkSecurityGroup": _sub(b.ref(subnet.nsg)) if subnet.nsg else None,
                    "privateEndpointNetworkPolicies": subnet.private_endpoint_network_policies,
                    "serviceEndpoints": [{"service": s} for s in subnet.service_endpoints] or None,
                    "delegations": [
                        {"name": "delegation", "properties": {"serviceName": subnet.delegation}}
                    ]
                    if subnet.delegation
                    else None,
                }
            },
            parent=symbol,
            depends_on=previous,
            # One subnet at a time: parallel subnet writes on a VNet conflict.
            comment=None,
        )
        previous = (sub_symbol,)


# --- security --------------------------------------------------------------------------------


def security(b: Bicep) -> None:
    layer = "security"
    sec = b.architecture.security
    for identity in sec.identities:
        b.add(
            layer,
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            b.symbols[identity.id],
            identity.resource_name,
            {"location": b.location(), "tags": b.tags(identity)},
        )
    for vault in sec.key_vaults:
        b.add(
            layer,
            "Microsoft.KeyVault/vaults",
            b.symbols[vault.id],
            vault.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(vault),
                "properties": {
                    "tenantId": BExpr("subscription().tenantId"),
                    "sku": {"family": "A", "name": "standard"},
                    "enablePurgeProtection": True if vault.purge_protection else None,
                    "softDeleteRetentionInDays": vault.soft_delete_retention,
                    "enableRbacAuthorization": vault.rbac_authorization,
                    "publicNetworkAccess": _enabled(vault.public_network_access),
                    "networkAcls": {
                        "defaultAction": "Allow" if vault.public_network_access else "Deny",
                        "bypass": "AzureServices",
                    },
                },
            },
        )
    for assignment in sec.role_assignments:
        who = principal(b, assignment.principal)
        scope = b.component(assignment.scope)
        data_role = COSMOS_DATA_ROLES.get(assignment.role)
        if who is None or scope is None or assignment.scope not in b.symbols:
            b.note(
                layer,
                f"role '{assignment.role}' for '{assignment.principal}' on "
                f"'{assignment.scope}': no managed identity or no resource",
            )
        elif data_role is not None:
            if scope.kind != "cosmos_account":
                b.note(
                    layer, f"'{assignment.role}' is a Cosmos DB data role: '{scope.id}' is not one"
                )
                continue
            account = b.symbols[scope.id]
            account_id = BExpr.symbol(account, "id")
            b.add(
                layer,
                "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
                b.new_symbol(f"{assignment.principal}-{scope.id}-{assignment.role}"),
                account_id.wrap(
                    f"guid({account_id.text}, '{assignment.principal}', '{data_role}')"
                ),
                {
                    "properties": {
                        "roleDefinitionId": account_id.wrap(
                            f"'${{{account_id.text}}}/sqlRoleDefinitions/{data_role}'"
                        ),
                        "principalId": who,
                        "scope": account_id,
                    }
                },
                parent=account,
                comment=f"{assignment.role} for {assignment.principal}",
            )
        else:
            b.role(layer, assignment.principal, who, assignment.scope, assignment.role)


# --- monitoring ------------------------------------------------------------------------------


def monitoring(b: Bicep) -> None:
    layer = "monitoring"
    mon = b.architecture.monitoring
    for workspace in mon.log_analytics:
        symbol = b.symbols[workspace.id]
        b.add(
            layer,
            "Microsoft.OperationalInsights/workspaces",
            symbol,
            workspace.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(workspace),
                "properties": {
                    "sku": {"name": "PerGB2018"},
                    "retentionInDays": whole(workspace.retention, DAY),
                },
            },
        )
        for source in workspace.sources:
            if source not in b.symbols:
                b.note(layer, f"'{source}' is not a resource here: no diagnostic setting")
                continue
            b.add(
                layer,
                "Microsoft.Insights/diagnosticSettings",
                b.new_symbol(f"{source}-diagnostics"),
                f"to-{workspace.resource_name}",
                {
                    "properties": {
                        "workspaceId": b.ref(workspace.id),
                        "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                        "metrics": [{"category": "AllMetrics", "enabled": True}],
                    }
                },
                scope=b.symbols[source],
            )
    for insights in mon.app_insights:
        b.add(
            layer,
            "Microsoft.Insights/components",
            b.symbols[insights.id],
            insights.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(insights),
                "kind": "web",
                "properties": {
                    "Application_Type": "web",
                    "WorkspaceResourceId": b.ref(insights.workspace),
                    "SamplingPercentage": insights.sampling,
                },
            },
        )
    for group in mon.action_groups:
        receivers: dict[str, list[BValue]] = {}
        for index, channel in enumerate(group.channels, start=1):
            name = f"{channel.kind}-{index}"
            if channel.kind == "email":
                receivers.setdefault("emailReceivers", []).append(
                    {"name": name, "emailAddress": channel.target, "useCommonAlertSchema": True}
                )
            elif channel.kind in ("sms", "voice"):
                country, number = phone_parts(channel.target)
                receivers.setdefault(f"{channel.kind}Receivers", []).append(
                    {"name": name, "countryCode": country, "phoneNumber": number}
                )
            elif channel.kind == "push":
                receivers.setdefault("azureAppPushReceivers", []).append(
                    {"name": name, "emailAddress": channel.target}
                )
            else:
                receivers.setdefault("webhookReceivers", []).append(
                    {"name": name, "serviceUri": channel.target, "useCommonAlertSchema": True}
                )
        b.add(
            layer,
            "Microsoft.Insights/actionGroups",
            b.symbols[group.id],
            group.resource_name,
            {
                "location": "global",
                "tags": b.tags(group),
                "properties": {
                    "groupShortName": group.resource_name[:12],
                    "enabled": True,
                    **receivers,
                },
            },
        )
    for alert in mon.alerts:
        target = b.component(alert.target)
        namespace = ARM_TYPES.get(target.kind) if target else None
        if namespace is None or b.ref(alert.target) is None:
            b.note(layer, f"alert '{alert.id}': '{alert.target}' has no Azure metrics")
            continue
        b.add(
            layer,
            "Microsoft.Insights/metricAlerts",
            b.symbols[alert.id],
            alert.resource_name,
            {
                "location": "global",
                "tags": b.tags(alert),
                "properties": {
                    "description": alert.description or (alert.signal or alert.id),
                    "severity": alert.severity,
                    "enabled": True,
                    "scopes": [b.ref(alert.target)],
                    "evaluationFrequency": iso8601(alert.frequency or MINUTE),
                    "windowSize": iso8601(alert.window),
                    "criteria": {
                        "odata.type": _SINGLE_RESOURCE_CRITERIA,
                        "allOf": [
                            {
                                "name": "criterion",
                                "criterionType": "StaticThresholdCriterion",
                                "metricNamespace": namespace,
                                "metricName": alert.metric,
                                "timeAggregation": alert.aggregation,
                                "operator": alert.operator,
                                "threshold": alert.threshold,
                                "dimensions": [
                                    {"name": k, "operator": "Include", "values": [v]}
                                    for k, v in alert.dimensions.items()
                                ]
                                or None,
                            }
                        ],
                    },
                    "actions": [
                        {"actionGroupId": b.ref(g)} for g in alert.action_groups if b.ref(g)
                    ],
                },
            },
        )
    for setting in mon.autoscale:
        target = b.ref(setting.target)
        profiles = []
        for profile in setting.profiles:
            rules = [
                {
                    "metricTrigger": {
                        "metricName": rule.metric,
                        "metricResourceUri": target,
                        "timeGrain": "PT1M",
                        "statistic": rule.statistic,
                        "timeWindow": iso8601(rule.window),
                        "timeAggregation": "Average",
                        "operator": rule.operator,
                        "threshold": rule.threshold,
                    },
                    "scaleAction": {
                        "direction": rule.direction.capitalize(),
                        "type": "ChangeCount",
                        "value": str(rule.change),
                        "cooldown": iso8601(rule.cooldown),
                    },
                }
                for rule in profile.rules
            ]
            entry: dict[str, BValue] = {
                "name": profile.name,
                "capacity": {
                    "minimum": str(profile.min),
                    "maximum": str(profile.max),
                    "default": str(profile.default),
                },
                "rules": rules,
            }
            if profile.recurrence:
                entry["recurrence"] = {
                    "frequency": "Week",
                    "schedule": {
                        "timeZone": profile.recurrence.time_zone,
                        "days": list(profile.recurrence.days),
                        "hours": list(profile.recurrence.hours),
                        "minutes": list(profile.recurrence.minutes),
                    },
                }
            profiles.append(entry)
        b.add(
            layer,
            "Microsoft.Insights/autoscalesettings",
            b.symbols[setting.id],
            setting.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(setting),
                "properties": {"enabled": True, "targetResourceUri": target, "profiles": profiles},
            },
        )


# --- data ------------------------------------------------------------------------------------


def data(b: Bicep) -> None:
    layer = "data"
    layer_data = b.architecture.data
    for account in layer_data.storage_accounts:
        symbol = b.symbols[account.id]
        premium = account.account_kind in ("BlockBlobStorage", "FileStorage")
        b.add(
            layer,
            "Microsoft.Storage/storageAccounts",
            symbol,
            storage_account_name(account.resource_name),
            {
                "location": b.location(),
                "tags": b.tags(account),
                "kind": account.account_kind,
                "sku": {"name": f"{'Premium' if premium else 'Standard'}_{account.replication}"},
                "properties": {
                    "accessTier": None if premium else account.access_tier,
                    "minimumTlsVersion": _TLS_ARM[account.min_tls_version],
                    "supportsHttpsTrafficOnly": True,
                    "publicNetworkAccess": _enabled(account.public_network_access),
                    "allowSharedKeyAccess": account.local_auth_enabled,
                    "allowBlobPublicAccess": account.allow_blob_public_access,
                },
            },
        )
        blob = b.new_symbol(f"{account.id}-blob")
        soft = account.soft_delete
        b.add(
            layer,
            "Microsoft.Storage/storageAccounts/blobServices",
            blob,
            "default",
            {
                "properties": {
                    "isVersioningEnabled": account.versioning,
                    "changeFeed": {"enabled": account.change_feed},
                    "deleteRetentionPolicy": {"enabled": True, "days": whole(soft.blobs, DAY)}
                    if soft.blobs
                    else None,
                    "containerDeleteRetentionPolicy": {
                        "enabled": True,
                        "days": whole(soft.containers, DAY),
                    }
                    if soft.containers
                    else None,
                    "restorePolicy": {
                        "enabled": True,
                        "days": whole(account.point_in_time_restore, DAY),
                    }
                    if account.point_in_time_restore
                    else None,
                }
            },
            parent=symbol,
        )
        for container in account.containers:
            b.add(
                layer,
                "Microsoft.Storage/storageAccounts/blobServices/containers",
                b.new_symbol(f"{account.id}-{container}"),
                container,
                {"properties": {"publicAccess": "None"}},
                parent=blob,
            )
        if account.lifecycle_rules:
            rules = []
            for rule in account.lifecycle_rules:
                actions = {
                    key: {"daysAfterModificationGreaterThan": whole(value, DAY)}
                    for key, value in (
                        ("tierToCool", rule.cool_after),
                        ("tierToCold", rule.cold_after),
                        ("tierToArchive", rule.archive_after),
                        ("delete", rule.delete_after),
                    )
                    if value is not None
                }
                rules.append(
                    {
                        "name": rule.name,
                        "enabled": True,
                        "type": "Lifecycle",
                        "definition": {
                            "filters": {
                                "blobTypes": ["blockBlob"],
                                "prefixMatch": rule.prefixes or None,
                            },
                            "actions": {"baseBlob": actions},
                        },
                    }
                )
            b.add(
                layer,
                "Microsoft.Storage/storageAccounts/managementPolicies",
                b.new_symbol(f"{account.id}-lifecycle"),
                "default",
                {"properties": {"policy": {"rules": rules}}},
                parent=symbol,
            )
    for account in layer_data.cosmos_accounts:
        _cosmos(b, account)
    for cache in layer_data.redis_caches:
        if cache.id not in b.symbols:
            b.note(
                layer,
                f"Redis '{cache.id}' ({cache.tier}): Redis Enterprise is a different "
                "resource type; not generated",
            )
            continue
        premium = cache.tier == "premium"
        config: dict[str, BValue] = {}
        if cache.persistence.rdb:
            rdb = cache.persistence.rdb
            config |= {
                "rdb-backup-enabled": str(rdb.enabled).lower(),
                "rdb-backup-frequency": str(whole(rdb.frequency, MINUTE)),
                "rdb-storage-connection-string": _connection_string(b, rdb.storage_account),
            }
        if cache.persistence.aof:
            aof = cache.persistence.aof
            config |= {
                "aof-backup-enabled": str(aof.enabled).lower(),
                "aof-storage-connection-string-0": _connection_string(b, aof.storage_account),
            }
        b.add(
            layer,
            "Microsoft.Cache/redis",
            b.symbols[cache.id],
            cache.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(cache),
                "zones": [str(z) for z in cache.zones] if premium and cache.zones else None,
                "properties": {
                    "sku": {
                        "name": cache.tier.capitalize(),
                        "family": "P" if premium else "C",
                        "capacity": cache.capacity,
                    },
                    "enableNonSslPort": cache.non_ssl_port_enabled,
                    "minimumTlsVersion": cache.min_tls_version,
                    "publicNetworkAccess": _enabled(cache.public_network_access),
                    "disableAccessKeyAuthentication": not cache.local_auth_enabled,
                    "shardCount": cache.shards if premium and cache.shards else None,
                    "replicasPerPrimary": cache.replicas_per_primary if premium else None,
                    "redisConfiguration": config or None,
                },
            },
        )


def _connection_string(b: Bicep, storage_id: str) -> BExpr | None:
    """A storage connection string built from listKeys() at deployment: never a literal."""
    account = b.ref(storage_id, "name")
    keys = b.ref(storage_id, "listKeys().keys[0].value")
    if account is None or keys is None:
        return None
    return interpolate(
        "DefaultEndpointsProtocol=https;AccountName=",
        account,
        ";AccountKey=",
        keys,
        ";EndpointSuffix=",
        BExpr("environment().suffixes.storage"),
    )


def _cosmos(b: Bicep, account) -> None:
    layer = "data"
    symbol = b.symbols[account.id]
    backup = account.backup
    if backup.mode == "continuous":
        policy: dict[str, BValue] = {
            "type": "Continuous",
            "continuousModeProperties": {"tier": backup.tier} if backup.tier else None,
        }
    else:
        policy = {
            "type": "Periodic",
            "periodicModeProperties": {
                "backupIntervalInMinutes": whole(backup.interval, MINUTE)
                if backup.interval
                else None,
                "backupRetentionIntervalInHours": whole(backup.retention, HOUR)
                if backup.retention
                else None,
                "backupStorageRedundancy": backup.storage_redundancy,
            },
        }
    capabilities = {
        "mongo": "EnableMongo",
        "cassandra": "EnableCassandra",
        "gremlin": "EnableGremlin",
        "table": "EnableTable",
    }
    names = [capabilities[account.api]] if account.api in capabilities else []
    if account.capacity_mode == "serverless":
        names.append("EnableServerless")
    regions = sorted(account.regions, key=lambda r: r.failover_priority)
    consistency = account.consistency
    b.add(
        layer,
        "Microsoft.DocumentDB/databaseAccounts",
        symbol,
        account.resource_name,
        {
            "location": b.location(regions[0].region),
            "tags": b.tags(account),
            "kind": "MongoDB" if account.api == "mongo" else "GlobalDocumentDB",
            "properties": {
                "databaseAccountOfferType": "Standard",
                "locations": [
                    {
                        "locationName": r.region,
                        "failoverPriority": r.failover_priority,
                        "isZoneRedundant": r.zone_redundant,
                    }
                    for r in regions
                ],
                "consistencyPolicy": {
                    "defaultConsistencyLevel": consistency.level,
                    "maxStalenessPrefix": consistency.max_staleness_prefix,
                    "maxIntervalInSeconds": whole(consistency.max_interval, SECOND)
                    if consistency.max_interval
                    else None,
                },
                "enableAutomaticFailover": account.automatic_failover,
                "enableMultipleWriteLocations": account.multi_region_writes,
                "enableAnalyticalStorage": account.analytical_storage,
                "publicNetworkAccess": _enabled(account.public_network_access),
                "disableLocalAuth": not account.local_auth_enabled,
                "disableKeyBasedMetadataWriteAccess": not account.local_auth_enabled,
                "minimalTlsVersion": {"1.0": "Tls", "1.1": "Tls11"}.get(
                    account.min_tls_version, "Tls12"
                ),
                "backupPolicy": policy,
                "capabilities": [{"name": n} for n in names] or None,
            },
        },
    )
    for database in account.databases:
        if database.id not in b.symbols:
            b.note(
                layer,
                f"Cosmos database '{database.id}' ({account.api} API): only SQL API "
                "databases are generated",
            )
            continue
        throughput = database.throughput
        options = None
        if throughput is not None:
            options = (
                {"throughput": throughput.max_ru}
                if throughput.mode == "manual"
                else {"autoscaleSettings": {"maxThroughput": throughput.max_ru}}
            )
        db_symbol = b.symbols[database.id]
        b.add(
            layer,
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases",
            db_symbol,
            database.resource_name,
            {"properties": {"resource": {"id": database.resource_name}, "options": options}},
            parent=symbol,
        )
        for container in database.containers:
            indexing = container.indexing
            policy_body: dict[str, BValue] = {"indexingMode": indexing.mode}
            if indexing.mode == "consistent":
                policy_body |= {
                    "includedPaths": [{"path": p} for p in indexing.included_paths],
                    "excludedPaths": [{"path": p} for p in indexing.excluded_paths],
                }
                if indexing.composite_indexes:
                    policy_body["compositeIndexes"] = [
                        [
                            {
                                "path": p.split()[0],
                                "order": "descending"
                                if p.lower().endswith(" desc")
                                else "ascending",
                            }
                            for p in composite
                        ]
                        for composite in indexing.composite_indexes
                    ]
            ttl = container.ttl
            b.add(
                layer,
                "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers",
                b.symbols[container.id],
                container.resource_name,
                {
                    "properties": {
                        "resource": {
                            "id": container.resource_name,
                            "partitionKey": {
                                "paths": [container.partition_key],
                                "kind": "Hash",
                                "version": 2,
                            },
                            "defaultTtl": ttl
                            if isinstance(ttl, int) or ttl is None
                            else whole(ttl, SECOND),
                            "analyticalStorageTtl": container.analytical_ttl
                            if isinstance(container.analytical_ttl, int)
                            or container.analytical_ttl is None
                            else whole(container.analytical_ttl, SECOND),
                            "indexingPolicy": policy_body,
                        }
                    }
                },
                parent=db_symbol,
            )


# --- messaging -------------------------------------------------------------------------------

_ENDPOINTS = {
    "service_bus_queue": ("ServiceBusQueue", "Azure Service Bus Data Sender"),
    "service_bus_topic": ("ServiceBusTopic", "Azure Service Bus Data Sender"),
    "event_hub": ("EventHub", "Azure Event Hubs Data Sender"),
}


def messaging(b: Bicep) -> None:
    layer = "messaging"
    msg = b.architecture.messaging
    needs_identity = {
        s.source for s in msg.event_grid.subscriptions if s.delivery_identity != "none"
    }
    for topic in msg.event_grid.system_topics:
        b.add(
            layer,
            "Microsoft.EventGrid/systemTopics",
            b.symbols[topic.id],
            topic.resource_name,
            {
                "location": b.location(topic.region),
                "tags": b.tags(topic),
                "identity": {"type": "SystemAssigned"} if topic.id in needs_identity else None,
                "properties": {"source": b.ref(topic.source), "topicType": topic.topic_type},
            },
        )
    for topic in msg.event_grid.topics:
        b.add(
            layer,
            "Microsoft.EventGrid/topics",
            b.symbols[topic.id],
            topic.resource_name,
            {
                "location": b.location(topic.region),
                "tags": b.tags(topic),
                "identity": {"type": "SystemAssigned"} if topic.id in needs_identity else None,
                "properties": {
                    "inputSchema": topic.input_schema,
                    "publicNetworkAccess": _enabled(topic.public_network_access),
                    "disableLocalAuth": not topic.local_auth_enabled,
                },
            },
        )
    for subscription in msg.event_grid.subscriptions:
        endpoint = b.component(subscription.endpoint)
        source = b.component(subscription.source)
        if subscription.id not in b.symbols or endpoint is None or source is None:
            b.note(
                layer,
                f"Event Grid subscription '{subscription.id}': this endpoint type "
                "needs details the model does not hold; not generated",
            )
            continue
        endpoint_type, role = _ENDPOINTS[endpoint.kind]
        destination = {
            "endpointType": endpoint_type,
            "properties": {"resourceId": b.ref(endpoint.id)},
        }
        identity = (
            {"type": "SystemAssigned"} if subscription.delivery_identity == "system" else None
        )
        properties: dict[str, BValue] = {
            "eventDeliverySchema": "EventGridSchema"
            if source.kind == "event_grid_system_topic"
            else getattr(source, "input_schema", "EventGridSchema"),
            "filter": {"includedEventTypes": subscription.event_types or None},
        }
        if identity:
            properties["deliveryWithResourceIdentity"] = {
                "identity": identity,
                "destination": destination,
            }
        else:
            properties["destination"] = destination
        if subscription.retry_policy:
            properties["retryPolicy"] = {
                "maxDeliveryAttempts": subscription.retry_policy.max_delivery_attempts,
                "eventTimeToLiveInMinutes": whole(subscription.retry_policy.event_ttl, MINUTE),
            }
        dead_letter = subscription.dead_letter
        if dead_letter and b.ref(dead_letter.storage_account):
            target = {
                "endpointType": "StorageBlob",
                "properties": {
                    "resourceId": b.ref(dead_letter.storage_account),
                    "blobContainerName": dead_letter.container,
                },
            }
            if identity:
                properties["deadLetterWithResourceIdentity"] = {
                    "identity": identity,
                    "deadLetterDestination": target,
                }
            else:
                properties["deadLetterDestination"] = target
        system = source.kind == "event_grid_system_topic"
        b.add(
            layer,
            "Microsoft.EventGrid/systemTopics/eventSubscriptions"
            if system
            else "Microsoft.EventGrid/eventSubscriptions",
            b.symbols[subscription.id],
            subscription.resource_name,
            {"properties": properties},
            parent=b.symbols[source.id] if system else None,
            scope=None if system else b.symbols[source.id],
        )
        if identity:
            who = b.ref(source.id, "identity.principalId")
            b.role(layer, source.id, who, endpoint.id, role)
            if dead_letter:
                b.role(
                    layer,
                    source.id,
                    who,
                    dead_letter.storage_account,
                    "Storage Blob Data Contributor",
                )
    for namespace in msg.event_hubs:
        cluster = None
        if namespace.tier == "dedicated":
            cluster = b.new_symbol(f"{namespace.id}-cluster")
            b.add(
                layer,
                "Microsoft.EventHub/clusters",
                cluster,
                f"evhc-{namespace.resource_name}",
                {
                    "location": b.location(),
                    "sku": {"name": "Dedicated", "capacity": namespace.capacity},
                },
            )
        inflate = namespace.auto_inflate
        symbol = b.symbols[namespace.id]
        tier = "Standard" if cluster else namespace.tier.capitalize()
        b.add(
            layer,
            "Microsoft.EventHub/namespaces",
            symbol,
            namespace.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(namespace),
                "sku": {"name": tier, "tier": tier, "capacity": namespace.capacity},
                "properties": {
                    "clusterArmId": BExpr.symbol(cluster, "id") if cluster else None,
                    "isAutoInflateEnabled": inflate.enabled if inflate else None,
                    "maximumThroughputUnits": inflate.max_throughput_units
                    if inflate and inflate.enabled
                    else None,
                    "zoneRedundant": namespace.zone_redundant,
                    "publicNetworkAccess": _enabled(namespace.public_network_access),
                    "disableLocalAuth": not namespace.local_auth_enabled,
                    "minimumTlsVersion": namespace.min_tls_version,
                },
            },
        )
        for hub in namespace.hubs:
            capture = None
            if hub.capture and b.ref(hub.capture.storage_account):
                settings = hub.capture
                capture = {
                    "enabled": settings.enabled,
                    "encoding": settings.encoding,
                    "intervalInSeconds": whole(settings.interval, SECOND),
                    "sizeLimitInBytes": settings.size_limit,
                    "skipEmptyArchives": settings.skip_empty_archives,
                    "destination": {
                        "name": "EventHubArchive.AzureBlockBlob",
                        "properties": {
                            "storageAccountResourceId": b.ref(settings.storage_account),
                            "blobContainer": settings.container,
                            "archiveNameFormat": "{Namespace}/{EventHub}/{PartitionId}/{Year}/"
                            "{Month}/{Day}/{Hour}/{Minute}/{Second}",
                        },
                    },
                }
            b.add(
                layer,
                "Microsoft.EventHub/namespaces/eventhubs",
                b.symbols[hub.id],
                hub.resource_name,
                {
                    "properties": {
                        "partitionCount": hub.partitions,
                        "messageRetentionInDays": whole(hub.retention, DAY),
                        "captureDescription": capture,
                    }
                },
                parent=symbol,
            )
            for group in hub.consumer_groups:
                b.add(
                    layer,
                    "Microsoft.EventHub/namespaces/eventhubs/consumergroups",
                    b.symbols[group.id],
                    group.resource_name,
                    {"properties": {"userMetadata": group.purpose}},
                    parent=b.symbols[hub.id],
                )
    for namespace in msg.service_bus:
        _service_bus(b, namespace)


def _delivery(b: Bicep, settings) -> dict[str, BValue | None]:
    ttl = settings.default_message_ttl
    return {
        "lockDuration": iso8601(settings.lock_duration),
        "maxDeliveryCount": settings.max_delivery_count,
        "defaultMessageTimeToLive": iso8601(ttl) if ttl else None,
        "deadLetteringOnMessageExpiration": settings.dead_lettering_on_message_expiration,
        "requiresSession": settings.requires_session,
        "forwardTo": b.ref(settings.forward_to, "name") if settings.forward_to else None,
        "forwardDeadLetteredMessagesTo": b.ref(settings.forward_dead_lettered_messages_to, "name")
        if settings.forward_dead_lettered_messages_to
        else None,
    }


def _entity(
    enabled: bool, window: timedelta | None, size: int | None, partitioning: bool
) -> dict[str, BValue | None]:
    return {
        "requiresDuplicateDetection": enabled,
        "duplicateDetectionHistoryTimeWindow": iso8601(window) if enabled and window else None,
        "maxSizeInMegabytes": size // (1024 * 1024) if size else None,
        "enablePartitioning": partitioning,
    }


def _service_bus(b: Bicep, namespace) -> None:
    layer = "messaging"
    symbol = b.symbols[namespace.id]
    premium = namespace.tier == "premium"
    tier = namespace.tier.capitalize()
    b.add(
        layer,
        "Microsoft.ServiceBus/namespaces",
        symbol,
        namespace.resource_name,
        {
            "location": b.location(),
            "tags": b.tags(namespace),
            "sku": {
                "name": tier,
                "tier": tier,
                "capacity": namespace.capacity if premium else None,
            },
            "properties": {
                "zoneRedundant": namespace.zone_redundant,
                "publicNetworkAccess": _enabled(namespace.public_network_access),
                "disableLocalAuth": not namespace.local_auth_enabled,
                "minimumTlsVersion": namespace.min_tls_version,
            },
        },
    )
    for queue in namespace.queues:
        b.add(
            layer,
            "Microsoft.ServiceBus/namespaces/queues",
            b.symbols[queue.id],
            queue.resource_name,
            {
                "properties": {
                    **_delivery(b, queue),
                    **_entity(
                        queue.duplicate_detection,
                        queue.duplicate_detection_window,
                        queue.max_size,
                        queue.partitioning,
                    ),
                }
            },
            parent=symbol,
        )
    for topic in namespace.topics:
        ttl = topic.default_message_ttl
        b.add(
            layer,
            "Microsoft.ServiceBus/namespaces/topics",
            b.symbols[topic.id],
            topic.resource_name,
            {
                "properties": {
                    "defaultMessageTimeToLive": iso8601(ttl) if ttl else None,
                    **_entity(
                        topic.duplicate_detection,
                        topic.duplicate_detection_window,
                        topic.max_size,
                        topic.partitioning,
                    ),
                }
            },
            parent=symbol,
        )
        for subscription in topic.subscriptions:
            sub_symbol = b.symbols[subscription.id]
            b.add(
                layer,
                "Microsoft.ServiceBus/namespaces/topics/subscriptions",
                sub_symbol,
                subscription.resource_name,
                {
                    "properties": {
                        **_delivery(b, subscription),
                        "deadLetteringOnFilterEvaluationExceptions": (
                            subscription.dead_lettering_on_filter_evaluation_error
                        ),
                    }
                },
                parent=b.symbols[topic.id],
            )
            if subscription.filter:
                b.add(
                    layer,
                    "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules",
                    b.new_symbol(f"{subscription.id}-filter"),
                    "filter",
                    {
                        "properties": {
                            "filterType": "SqlFilter",
                            "sqlFilter": {"sqlExpression": subscription.filter},
                        }
                    },
                    parent=sub_symbol,
                )


# --- compute ---------------------------------------------------------------------------------


def _plan(b: Bicep, app: HostedApp) -> AppServicePlan | None:
    plan = b.component(app.plan)
    return plan if isinstance(plan, AppServicePlan) else None


def _settings(b: Bicep, app: HostedApp, extra: dict[str, BValue]) -> list[BValue]:
    values: dict[str, BValue] = dict(extra)
    for setting in app.app_settings:
        secret = setting.secret
        vault = (
            b.ref(secret.key_vault, "properties.vaultUri") if secret and secret.key_vault else None
        )
        if secret is not None and secret.secret and vault is not None:
            values[setting.name] = interpolate(
                "@Microsoft.KeyVault(SecretUri=", vault, f"secrets/{secret.secret}/)"
            )
        elif secret is not None:
            values[setting.name] = b.secret(secret, app, f"setting {setting.name}")
        elif setting.value is not None:
            values[setting.name] = setting.value
    return [{"name": k, "value": v} for k, v in values.items()]


_RUNTIMES = {
    "dotnet-isolated": ("DOTNET-ISOLATED", "dotnet-isolated"),
    "dotnet": ("DOTNETCORE", "dotnet"),
    "node": ("NODE", "node"),
    "python": ("PYTHON", "python"),
    "java": ("JAVA", "java"),
    "powershell": ("POWERSHELL", "powershell"),
}


def _site(
    b: Bicep,
    app: HostedApp,
    kind: str,
    extra_settings: dict[str, BValue],
    site_config: dict[str, BValue | None],
) -> None:
    plan = _plan(b, app)
    in_ase = plan is not None and plan.ase is not None
    runtime = getattr(app, "runtime", None)
    linux = plan is not None and plan.os == "linux"
    fx = None
    if runtime is not None and linux and runtime.stack in _RUNTIMES:
        fx = f"{_RUNTIMES[runtime.stack][0]}|{runtime.version}"
    insights = b.ref(app.app_insights, "properties.ConnectionString") if app.app_insights else None
    settings = {
        **({"APPLICATIONINSIGHTS_CONNECTION_STRING": insights} if insights else {}),
        **extra_settings,
    }
    b.add(
        "compute",
        "Microsoft.Web/sites",
        b.symbols[app.id],
        app.resource_name,
        {
            "location": b.location(),
            "tags": b.tags(app),
            "kind": f"{kind},linux" if linux else kind,
            "identity": _identity(b, app.identity),
            "properties": {
                "serverFarmId": b.ref(app.plan),
                "httpsOnly": app.https_only,
                "publicNetworkAccess": _enabled(app.public_network_access),
                "virtualNetworkSubnetId": None
                if in_ase or not app.vnet_integration
                else b.ref(app.vnet_integration),
                "vnetRouteAllEnabled": True if app.vnet_integration else None,
                "siteConfig": {
                    "minTlsVersion": app.min_tls_version,
                    "scmMinTlsVersion": app.min_tls_version,
                    "ftpsState": "Disabled",
                    "http20Enabled": True,
                    "linuxFxVersion": fx,
                    **site_config,
                    "appSettings": _settings(b, app, settings),
                },
            },
        },
    )


def compute(b: Bicep) -> None:
    layer = "compute"
    comp = b.architecture.compute
    for ase in comp.app_service_environments:
        symbol = b.symbols[ase.id]
        b.add(
            layer,
            "Microsoft.Web/hostingEnvironments",
            symbol,
            ase.resource_name,
            {
                "location": b.location(subnet_region(b, ase.subnet)),
                "tags": b.tags(ase),
                "kind": "ASEV3",
                "properties": {
                    "virtualNetwork": _sub(b.ref(ase.subnet)),
                    "internalLoadBalancingMode": "Web, Publishing"
                    if ase.internal_load_balancing
                    else "None",
                    "zoneRedundant": ase.zone_redundant,
                    "clusterSettings": [{"name": "DisableTls1.0", "value": "1"}]
                    if ase.disable_tls_1_0
                    else None,
                },
            },
        )
    for plan in comp.plans:
        elastic = plan.sku.upper().startswith(("EP", "WS"))
        b.add(
            layer,
            "Microsoft.Web/serverfarms",
            b.symbols[plan.id],
            plan.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(plan),
                "kind": "linux" if plan.os == "linux" else "app",
                "sku": {"name": plan.sku, "capacity": plan.instances.min or None},
                "properties": {
                    "reserved": plan.os == "linux",
                    "hostingEnvironmentProfile": _sub(b.ref(plan.ase)) if plan.ase else None,
                    "zoneRedundant": plan.zone_redundant,
                    "maximumElasticWorkerCount": plan.instances.max if elastic else None,
                },
            },
        )
    for app in comp.function_apps:
        plan = _plan(b, app)
        elastic = plan is not None and plan.sku.upper().startswith("EP")
        storage = b.ref(app.storage_account, "name")
        managed = app.identity.system_assigned or bool(app.identity.user_assigned)
        worker = _RUNTIMES.get(app.runtime.stack, (None, app.runtime.stack))[1]
        settings: dict[str, BValue] = {
            "FUNCTIONS_EXTENSION_VERSION": "~4",
            "FUNCTIONS_WORKER_RUNTIME": worker,
        }
        if managed and storage is not None:
            settings["AzureWebJobsStorage__accountName"] = storage
        elif storage is not None:
            settings["AzureWebJobsStorage"] = _connection_string(b, app.storage_account)
        _site(
            b,
            app,
            "functionapp",
            settings,
            {"preWarmedInstanceCount": app.prewarmed_instances if elastic else None},
        )
        if managed:
            b.role(
                layer, app.id, principal(b, app.id), app.storage_account, "Storage Blob Data Owner"
            )
    for app in comp.web_apps:
        _site(b, app, "app", {}, {"alwaysOn": True})
    for app in comp.logic_apps:
        storage = _connection_string(b, app.storage_account)
        _site(
            b,
            app,
            "functionapp,workflowapp",
            {
                "FUNCTIONS_EXTENSION_VERSION": "~4",
                "FUNCTIONS_WORKER_RUNTIME": "dotnet",
                "APP_KIND": "workflowApp",
                "AzureWebJobsStorage": storage,
            },
            {},
        )
        if app.workflows:
            b.note(
                layer,
                f"Workflows of '{app.id}' "
                f"({', '.join(w.resource_name for w in app.workflows)}) are app "
                "content, deployed with the app's code.",
            )
    for vm in comp.virtual_machines:
        _vm(b, vm)


def _vm(b: Bicep, vm) -> None:
    layer = "compute"
    region = subnet_region(b, vm.subnet)
    nic = b.new_symbol(f"{vm.id}-nic")
    b.add(
        layer,
        "Microsoft.Network/networkInterfaces",
        nic,
        f"nic-{vm.resource_name}",
        {
            "location": b.location(region),
            "tags": b.tags(vm),
            "properties": {
                "ipConfigurations": [
                    {
                        "name": "ipconfig",
                        "properties": {
                            "subnet": _sub(b.ref(vm.subnet)),
                            "privateIPAllocationMethod": "Dynamic",
                            "publicIPAddress": _sub(b.ref(vm.public_ip)) if vm.public_ip else None,
                        },
                    }
                ]
            },
        },
    )
    os_profile: dict[str, BValue | None] = {
        "computerName": vm.resource_name[:15].rstrip("-")
        if vm.os == "windows"
        else vm.resource_name,
        "adminUsername": vm.admin_username,
    }
    if vm.admin_password is not None:
        os_profile["adminPassword"] = b.secret(vm.admin_password, vm, "admin password")
    elif vm.os == "linux":
        key = b.param(
            Param(
                f"{b.symbols[vm.id]}SshPublicKey",
                "string",
                f"SSH public key of the admin of {vm.label()}.",
            )
        )
        os_profile["linuxConfiguration"] = {
            "disablePasswordAuthentication": True,
            "ssh": {
                "publicKeys": [
                    {"path": f"/home/{vm.admin_username}/.ssh/authorized_keys", "keyData": key}
                ]
            },
        }
    image = (
        {
            "publisher": "MicrosoftWindowsServer",
            "offer": "WindowsServer",
            "sku": "2022-datacenter-azure-edition",
            "version": "latest",
        }
        if vm.os == "windows"
        else {
            "publisher": "Canonical",
            "offer": "0001-com-ubuntu-server-jammy",
            "sku": "22_04-lts-gen2",
            "version": "latest",
        }
    )
    encryption = b.architecture.security.policies.encryption_at_rest
    b.add(
        layer,
        "Microsoft.Compute/virtualMachines",
        b.symbols[vm.id],
        vm.resource_name,
        {
            "location": b.location(region),
            "tags": b.tags(vm),
            "zones": [str(vm.zones[0])] if vm.zones else None,
            "identity": _identity(b, vm.identity),
            "properties": {
                "hardwareProfile": {"vmSize": vm.size},
                "osProfile": {k: v for k, v in os_profile.items() if v is not None},
                "storageProfile": {
                    "imageReference": image,
                    "osDisk": {
                        "createOption": "FromImage",
                        "caching": "ReadWrite",
                        "managedDisk": {"storageAccountType": "Premium_LRS"},
                    },
                },
                "networkProfile": {"networkInterfaces": [{"id": BExpr.symbol(nic, "id")}]},
                "securityProfile": {"encryptionAtHost": True} if encryption else None,
            },
        },
        comment="The model names no image: a current supported image is chosen.",
    )


# --- edge ------------------------------------------------------------------------------------


def edge(b: Bicep) -> None:
    layer = "edge"
    e = b.architecture.edge
    skus = {fd.waf_policy: fd.sku for fd in e.front_doors if fd.waf_policy}
    for policy in e.waf_policies:
        rule_sets = [(r.type, r.version, r.action) for r in policy.managed_rule_sets]
        if policy.product == "front_door":
            if policy.bot_protection:
                rule_sets.append(("Microsoft_BotManagerRuleSet", "1.1", "Block"))
            b.add(
                layer,
                "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies",
                b.symbols[policy.id],
                alphanumeric_name(policy.resource_name, 128),
                {
                    "location": "Global",
                    "tags": b.tags(policy),
                    "sku": {"name": skus.get(policy.id, "Premium_AzureFrontDoor")},
                    "properties": {
                        "policySettings": {
                            "enabledState": _enabled(policy.enabled),
                            "mode": policy.mode,
                        },
                        "managedRules": {
                            "managedRuleSets": [
                                {
                                    "ruleSetType": t,
                                    "ruleSetVersion": v,
                                    "ruleSetAction": a or "Block",
                                }
                                for t, v, a in rule_sets
                            ]
                        },
                        "customRules": {
                            "rules": [
                                {
                                    "name": alphanumeric_name(rule.name, 128),
                                    "priority": 100 + index,
                                    "enabledState": "Enabled",
                                    "ruleType": "RateLimitRule",
                                    "rateLimitDurationInMinutes": whole(rule.window, MINUTE),
                                    "rateLimitThreshold": rule.threshold,
                                    "action": rule.action,
                                    "matchConditions": [
                                        {
                                            "matchVariable": "RemoteAddr",
                                            "operator": "IPMatch",
                                            "matchValue": ["0.0.0.0/0", "::/0"],
                                        }
                                    ],
                                }
                                for index, rule in enumerate(policy.rate_limit_rules)
                            ]
                        },
                    },
                },
            )
        else:
            if policy.bot_protection:
                rule_sets.append(("Microsoft_BotManagerRuleSet", "1.0", None))
            b.add(
                layer,
                "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
                b.symbols[policy.id],
                policy.resource_name,
                {
                    "location": b.location(),
                    "tags": b.tags(policy),
                    "properties": {
                        "policySettings": {
                            "state": _enabled(policy.enabled),
                            "mode": policy.mode,
                            "requestBodyCheck": True,
                        },
                        "managedRules": {
                            "managedRuleSets": [
                                {"ruleSetType": t, "ruleSetVersion": v} for t, v, _ in rule_sets
                            ]
                        },
                        "customRules": [
                            {
                                "name": alphanumeric_name(rule.name, 128),
                                "priority": 10 + index,
                                "ruleType": "RateLimitRule",
                                "action": rule.action,
                                "rateLimitDuration": "OneMin"
                                if rule.window <= MINUTE
                                else "FiveMins",
                                "rateLimitThreshold": rule.threshold,
                                "groupByUserSession": [
                                    {"groupByVariables": [{"variableName": "ClientAddr"}]}
                                ],
                                "matchConditions": [
                                    {
                                        "matchVariables": [{"variableName": "RemoteAddr"}],
                                        "operator": "IPMatch",
                                        "matchValues": ["0.0.0.0/0", "::/0"],
                                    }
                                ],
                            }
                            for index, rule in enumerate(policy.rate_limit_rules)
                        ]
                        or None,
                    },
                },
            )
    for front_door in e.front_doors:
        _front_door(b, front_door)
    for gateway in e.application_gateways:
        _gateway(b, gateway)
    for manager in e.traffic_managers:
        symbol = b.symbols[manager.id]
        monitor = manager.monitor
        b.add(
            layer,
            "Microsoft.Network/trafficmanagerprofiles",
            symbol,
            manager.resource_name,
            {
                "location": "global",
                "tags": b.tags(manager),
                "properties": {
                    "profileStatus": "Enabled",
                    "trafficRoutingMethod": manager.routing_method,
                    "dnsConfig": {
                        "relativeName": manager.resource_name,
                        "ttl": whole(manager.dns_ttl, SECOND),
                    },
                    "monitorConfig": {
                        "protocol": monitor.protocol,
                        "port": monitor.port,
                        "path": monitor.path if monitor.protocol != "TCP" else None,
                        "intervalInSeconds": whole(monitor.interval, SECOND),
                        "timeoutInSeconds": whole(monitor.timeout, SECOND),
                        "toleratedNumberOfFailures": monitor.tolerated_failures,
                    },
                },
            },
        )
        for endpoint in manager.endpoints:
            target = host_name(b, endpoint.target) if endpoint.target else None
            if not endpoint.deployed or (target is None and endpoint.host is None):
                why = "not deployed yet" if not endpoint.deployed else "no host name"
                b.note(
                    layer,
                    f"Traffic Manager '{manager.id}' endpoint '{endpoint.name}': "
                    f"{why}; not generated",
                )
                continue
            b.add(
                layer,
                "Microsoft.Network/trafficmanagerprofiles/externalEndpoints",
                b.new_symbol(f"{manager.id}-{endpoint.name}"),
                endpoint.name,
                {
                    "properties": {
                        "target": target if target is not None else endpoint.host,
                        "endpointStatus": _enabled(endpoint.enabled),
                        "endpointLocation": endpoint.region,
                        "priority": endpoint.priority,
                        "weight": endpoint.weight,
                    }
                },
                parent=symbol,
            )
    for bastion in e.bastions:
        region = subnet_region(b, bastion.subnet)
        entry = b.architecture.index.by_id.get(bastion.subnet)
        developer = bastion.sku == "Developer"
        public_ip = b.ref(bastion.public_ip) if bastion.public_ip else None
        if public_ip is None and not developer:
            ip = b.new_symbol(f"{bastion.id}-ip")
            b.add(
                layer,
                "Microsoft.Network/publicIPAddresses",
                ip,
                f"pip-{bastion.resource_name}",
                {
                    "location": b.location(region),
                    "sku": {"name": "Standard"},
                    "properties": {"publicIPAllocationMethod": "Static"},
                },
            )
            public_ip = BExpr.symbol(ip, "id")
        b.add(
            layer,
            "Microsoft.Network/bastionHosts",
            b.symbols[bastion.id],
            bastion.resource_name,
            {
                "location": b.location(region),
                "tags": b.tags(bastion),
                "sku": {"name": bastion.sku},
                "zones": [str(z) for z in bastion.zones] or None,
                "properties": {"virtualNetwork": _sub(b.ref(entry.parent.id))}
                if developer and entry and entry.parent
                else {
                    "ipConfigurations": [
                        {
                            "name": "ipconfig",
                            "properties": {
                                "subnet": _sub(b.ref(bastion.subnet)),
                                "publicIPAddress": _sub(public_ip),
                            },
                        }
                    ]
                },
            },
        )


def host_name(b: Bicep, component_id: str | None) -> BExpr | None:
    component = b.component(component_id)
    if component is None:
        return None
    if component.kind in ("function_app", "web_app", "logic_app"):
        return b.ref(component.id, "properties.defaultHostName")
    if component.kind == "public_ip":
        return b.ref(component.id, "properties.ipAddress")
    public_ip = getattr(component, "public_ip", None)
    if component.kind == "application_gateway" and public_ip:
        return b.ref(public_ip, "properties.ipAddress")
    if component.kind == "front_door" and getattr(component, "endpoints", None):
        symbol = b.endpoint_symbols.get((component.id, component.endpoints[0]))
        return BExpr.symbol(symbol, "properties.hostName") if symbol else None
    if component.kind == "traffic_manager":
        return b.ref(component.id, "properties.dnsConfig.fqdn")
    return None


def _front_door(b: Bicep, front_door) -> None:
    layer = "edge"
    profile = b.symbols[front_door.id]
    if front_door.existing:
        name = b.param(
            Param(
                "existingFrontDoorId",
                "string",
                f"Resource id of the existing Front Door profile of "
                f"{front_door.label()} (in this resource group).",
            )
        )
        b.add(
            layer,
            "Microsoft.Cdn/profiles",
            profile,
            name.wrap(f"last(split({name.text}, '/'))"),
            {},
        ).existing = True
    else:
        b.add(
            layer,
            "Microsoft.Cdn/profiles",
            profile,
            front_door.resource_name,
            {
                "location": "global",
                "tags": b.tags(front_door),
                "sku": {"name": front_door.sku},
                "properties": {
                    "originResponseTimeoutSeconds": whole(front_door.response_timeout, SECOND)
                },
            },
        )
    endpoints = []
    for endpoint in front_door.endpoints:
        symbol = b.endpoint_symbols[(front_door.id, endpoint)]
        endpoints.append(symbol)
        b.add(
            layer,
            "Microsoft.Cdn/profiles/afdEndpoints",
            symbol,
            endpoint,
            {
                "location": "global",
                "tags": b.tags(front_door),
                "properties": {"enabledState": "Enabled"},
            },
            parent=profile,
        )
    groups: dict[str, tuple[str, list[str]]] = {}
    for group in front_door.origin_groups:
        symbol = b.new_symbol(f"{front_door.id}-{group.name}")
        probe = group.health_probe
        b.add(
            layer,
            "Microsoft.Cdn/profiles/originGroups",
            symbol,
            group.name,
            {
                "properties": {
                    "loadBalancingSettings": {
                        "sampleSize": group.sample_size,
                        "successfulSamplesRequired": group.successful_samples_required,
                        "additionalLatencyInMilliseconds": whole(
                            group.additional_latency, timedelta(milliseconds=1)
                        ),
                    },
                    "healthProbeSettings": {
                        "probePath": probe.path,
                        "probeProtocol": "Http" if probe.protocol == "Http" else "Https",
                        "probeIntervalInSeconds": whole(probe.interval, SECOND),
                        "probeRequestType": "HEAD",
                    },
                    "sessionAffinityState": "Disabled",
                }
            },
            parent=profile,
        )
        origins = []
        for origin in group.origins:
            host = host_name(b, origin.target) if origin.target else None
            if host is None and origin.host is None:
                b.note(
                    layer,
                    f"origin '{origin.name}' of '{front_door.id}': no host name for "
                    f"'{origin.target}'; not generated",
                )
                continue
            link = origin.private_link
            shared = None
            if link and b.ref(link.target):
                shared = {
                    "privateLink": _sub(b.ref(link.target)),
                    "groupId": link.subresource,
                    "privateLinkLocation": link.region,
                    "requestMessage": f"Front Door {front_door.resource_name}",
                }
            origin_symbol = b.new_symbol(f"{front_door.id}-{group.name}-{origin.name}")
            origins.append(origin_symbol)
            value = host if host is not None else origin.host
            b.add(
                layer,
                "Microsoft.Cdn/profiles/originGroups/origins",
                origin_symbol,
                origin.name,
                {
                    "properties": {
                        "hostName": value,
                        "originHostHeader": value,
                        "priority": origin.priority,
                        "weight": origin.weight,
                        "enabledState": _enabled(origin.enabled),
                        "enforceCertificateNameCheck": True,
                        "sharedPrivateLinkResource": shared,
                    }
                },
                parent=symbol,
            )
        groups[group.name] = (symbol, origins)
    for route in front_door.routes:
        if route.origin_group not in groups or not endpoints:
            b.note(
                layer,
                f"route '{route.name}' of '{front_door.id}': no endpoint or origin "
                f"group '{route.origin_group}'; not generated",
            )
            continue
        group_symbol, origins = groups[route.origin_group]
        for endpoint in endpoints:
            b.add(
                layer,
                "Microsoft.Cdn/profiles/afdEndpoints/routes",
                b.new_symbol(f"{endpoint}-{route.name}"),
                route.name,
                {
                    "properties": {
                        "originGroup": _sub(BExpr.symbol(group_symbol, "id")),
                        "supportedProtocols": ["Http", "Https"]
                        if route.https_redirect
                        else ["Https"],
                        "patternsToMatch": route.patterns,
                        "forwardingProtocol": route.forwarding_protocol,
                        "linkToDefaultDomain": "Enabled",
                        "httpsRedirect": _enabled(route.https_redirect),
                    }
                },
                parent=endpoint,
                depends_on=tuple(origins),
            )
    waf = b.ref(front_door.waf_policy) if front_door.waf_policy else None
    if waf is not None and endpoints:
        b.add(
            layer,
            "Microsoft.Cdn/profiles/securityPolicies",
            b.new_symbol(f"{front_door.id}-waf"),
            f"{front_door.resource_name}-waf",
            {
                "properties": {
                    "parameters": {
                        "type": "WebApplicationFirewall",
                        "wafPolicy": _sub(waf),
                        "associations": [
                            {
                                "domains": [_sub(BExpr.symbol(s, "id")) for s in endpoints],
                                "patternsToMatch": ["/*"],
                            }
                        ],
                    }
                }
            },
            parent=profile,
        )


def _gateway(b: Bicep, gateway) -> None:
    layer = "edge"
    name = gateway.resource_name
    symbol = b.symbols[gateway.id]
    region = subnet_region(b, gateway.subnet)
    identity = b.new_symbol(f"{gateway.id}-identity")
    b.add(
        layer,
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        identity,
        f"id-{name}",
        {"location": b.location(region), "tags": b.tags(gateway)},
        comment="Reads the TLS certificate from Key Vault (grant it Key Vault Secrets User).",
    )
    certificate = b.param(
        Param(
            f"{symbol}CertificateSecretId",
            "string",
            f"Key Vault secret id of the TLS certificate {gateway.label()} "
            "serves (an id, not the certificate).",
        )
    )

    def child(kind: str, child_name: str) -> BExpr:
        return BExpr(
            f"resourceId('Microsoft.Network/applicationGateways/{kind}', '{name}', '{child_name}')"
        )

    frontend = "public" if gateway.public_ip else "private"
    frontend_properties = (
        {"publicIPAddress": _sub(b.ref(gateway.public_ip))}
        if gateway.public_ip
        else {"subnet": _sub(b.ref(gateway.subnet)), "privateIPAllocationMethod": "Dynamic"}
    )
    pools, settings = [], []
    for pool in gateway.backend_pools:
        hosts = [host_name(b, t) for t in pool.targets]
        pools.append(
            {
                "name": pool.name,
                "properties": {"backendAddresses": [{"fqdn": h} for h in hosts if h is not None]},
            }
        )
        settings.append(
            {
                "name": pool.name,
                "properties": {
                    "port": 443,
                    "protocol": "Https",
                    "cookieBasedAffinity": "Disabled",
                    "requestTimeout": whole(gateway.request_timeout, SECOND),
                    "pickHostNameFromBackendAddress": True,
                    "probe": _sub(child("probes", "probe-1")) if gateway.probes else None,
                },
            }
        )
    rules = []
    if gateway.backend_pools:
        first = gateway.backend_pools[0].name
        rules.append(
            {
                "name": first,
                "properties": {
                    "ruleType": "Basic",
                    "priority": 100,
                    "httpListener": _sub(child("httpListeners", "https")),
                    "backendAddressPool": _sub(child("backendAddressPools", first)),
                    "backendHttpSettings": _sub(child("backendHttpSettingsCollection", first)),
                },
            }
        )
    policy = {"1.3": {"policyType": "CustomV2", "minProtocolVersion": "TLSv1_3"}}.get(
        gateway.min_tls_version,
        {
            "policyType": "Predefined",
            "policyName": {"1.0": "AppGwSslPolicy20150501", "1.1": "AppGwSslPolicy20170401"}.get(
                gateway.min_tls_version, "AppGwSslPolicy20220101S"
            ),
        },
    )
    b.add(
        layer,
        "Microsoft.Network/applicationGateways",
        symbol,
        name,
        {
            "location": b.location(region),
            "tags": b.tags(gateway),
            "zones": [str(z) for z in gateway.zones] or None,
            "identity": {
                "type": "UserAssigned",
                "userAssignedIdentities": {BExpr.symbol(identity, "id"): {}},
            },
            "properties": {
                "sku": {
                    "name": gateway.sku,
                    "tier": gateway.sku,
                    "capacity": None if gateway.autoscale else 2,
                },
                "autoscaleConfiguration": {
                    "minCapacity": gateway.autoscale.min,
                    "maxCapacity": gateway.autoscale.max,
                }
                if gateway.autoscale
                else None,
                "firewallPolicy": _sub(b.ref(gateway.waf_policy)) if gateway.waf_policy else None,
                "enableHttp2": True,
                "gatewayIPConfigurations": [
                    {"name": "gateway", "properties": {"subnet": _sub(b.ref(gateway.subnet))}}
                ],
                "frontendIPConfigurations": [{"name": frontend, "properties": frontend_properties}],
                "frontendPorts": [{"name": "https", "properties": {"port": 443}}],
                "sslCertificates": [
                    {"name": "default", "properties": {"keyVaultSecretId": certificate}}
                ],
                "sslPolicy": policy,
                "httpListeners": [
                    {
                        "name": "https",
                        "properties": {
                            "frontendIPConfiguration": _sub(
                                child("frontendIPConfigurations", frontend)
                            ),
                            "frontendPort": _sub(child("frontendPorts", "https")),
                            "protocol": "Https",
                            "sslCertificate": _sub(child("sslCertificates", "default")),
                        },
                    }
                ],
                "probes": [
                    {
                        "name": f"probe-{index}",
                        "properties": {
                            "protocol": "Http" if probe.protocol == "Http" else "Https",
                            "path": probe.path,
                            "interval": whole(probe.interval, SECOND),
                            "timeout": whole(probe.timeout or timedelta(seconds=30), SECOND),
                            "unhealthyThreshold": probe.unhealthy_threshold or 3,
                            "pickHostNameFromBackendHttpSettings": True,
                        },
                    }
                    for index, probe in enumerate(gateway.probes, start=1)
                ]
                or None,
                "backendAddressPools": pools,
                "backendHttpSettingsCollection": settings,
                "requestRoutingRules": rules,
            },
        },
    )


# --- disaster recovery -----------------------------------------------------------------------

_ANCHOR = "2024-01-01"
_REPEAT = {"hourly": "PT4H", "daily": "P1D", "weekly": "P1W", "continuous": "P1D"}


def dr(b: Bicep) -> None:
    layer = "dr"
    recovery = b.architecture.disaster_recovery
    if recovery.objectives:
        from archlint.model.types import format_duration

        b.note(
            layer,
            f"Recovery objectives: RTO {format_duration(recovery.objectives.rto)}, "
            f"RPO {format_duration(recovery.objectives.rpo)}.",
        )
    for vault in recovery.vaults:
        immutability = vault.immutability.capitalize()
        if vault.vault_kind == "recovery_services":
            b.add(
                layer,
                "Microsoft.RecoveryServices/vaults",
                b.symbols[vault.id],
                vault.resource_name,
                {
                    "location": b.location(),
                    "tags": b.tags(vault),
                    "sku": {"name": "RS0", "tier": "Standard"},
                    "properties": {
                        "publicNetworkAccess": "Enabled",
                        "securitySettings": {
                            "softDeleteSettings": {"softDeleteState": _enabled(vault.soft_delete)},
                            "immutabilitySettings": {"state": immutability},
                        },
                        "redundancySettings": {
                            "standardTierStorageRedundancy": vault.redundancy,
                            "crossRegionRestore": _enabled(vault.cross_region_restore),
                        },
                    },
                },
            )
        else:
            b.add(
                layer,
                "Microsoft.DataProtection/backupVaults",
                b.symbols[vault.id],
                vault.resource_name,
                {
                    "location": b.location(),
                    "tags": b.tags(vault),
                    "identity": {"type": "SystemAssigned"},
                    "properties": {
                        "storageSettings": [
                            {"datastoreType": "VaultStore", "type": vault.redundancy}
                        ],
                        "securitySettings": {
                            "softDeleteSettings": {"state": "On" if vault.soft_delete else "Off"},
                            "immutabilitySettings": {"state": immutability},
                        },
                    },
                },
            )
    for policy in recovery.backup_policies:
        if policy.id not in b.symbols:
            b.note(
                layer,
                f"backup policy '{policy.id}': its vault cannot hold "
                f"{policy.workload} backups; not generated",
            )
            continue
        _backup_policy(b, policy)


def _backup_policy(b: Bicep, policy) -> None:
    layer = "dr"
    vault = b.symbols[policy.vault]
    schedule, retention = policy.schedule, policy.retention
    time = schedule.time or "00:00"
    symbol = b.symbols[policy.id]
    if policy.workload in ("vm", "file_share"):
        run_time = f"{_ANCHOR}T{time}:00Z"
        frequency = "Weekly" if schedule.frequency == "weekly" else "Daily"
        long_term: dict[str, BValue] = {"retentionPolicyType": "LongTermRetentionPolicy"}
        if retention.daily:
            long_term["dailySchedule"] = {
                "retentionTimes": [run_time],
                "retentionDuration": {"count": retention.daily, "durationType": "Days"},
            }
        if retention.weekly:
            long_term["weeklySchedule"] = {
                "daysOfTheWeek": ["Sunday"],
                "retentionTimes": [run_time],
                "retentionDuration": {"count": retention.weekly, "durationType": "Weeks"},
            }
        if retention.monthly:
            long_term["monthlySchedule"] = {
                "retentionScheduleFormatType": "Weekly",
                "retentionScheduleWeekly": {
                    "daysOfTheWeek": ["Sunday"],
                    "weeksOfTheMonth": ["First"],
                },
                "retentionTimes": [run_time],
                "retentionDuration": {"count": retention.monthly, "durationType": "Months"},
            }
        if retention.yearly:
            long_term["yearlySchedule"] = {
                "retentionScheduleFormatType": "Weekly",
                "monthsOfYear": ["January"],
                "retentionScheduleWeekly": {
                    "daysOfTheWeek": ["Sunday"],
                    "weeksOfTheMonth": ["First"],
                },
                "retentionTimes": [run_time],
                "retentionDuration": {"count": retention.yearly, "durationType": "Years"},
            }
        b.add(
            layer,
            "Microsoft.RecoveryServices/vaults/backupPolicies",
            symbol,
            policy.resource_name,
            {
                "properties": {
                    "backupManagementType": "AzureIaasVM"
                    if policy.workload == "vm"
                    else "AzureStorage",
                    "workLoadType": None if policy.workload == "vm" else "AzureFileShare",
                    "timeZone": schedule.time_zone,
                    "schedulePolicy": {
                        "schedulePolicyType": "SimpleSchedulePolicy",
                        "scheduleRunFrequency": frequency,
                        "scheduleRunDays": ["Sunday"] if frequency == "Weekly" else None,
                        "scheduleRunTimes": [run_time],
                    },
                    "retentionPolicy": long_term,
                }
            },
            parent=vault,
        )
        for protected in policy.protected:
            component = b.component(protected)
            if policy.workload != "vm" or component is None or component.kind != "virtual_machine":
                b.note(layer, f"'{protected}' cannot be protected by '{policy.id}' here")
                continue
            vm = component.resource_name
            group = BExpr("resourceGroup().name")
            b.add(
                layer,
                "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/"
                "protectedItems",
                b.new_symbol(f"{protected}-backup"),
                interpolate(
                    BExpr.symbol(vault, "name"),
                    "/Azure/iaasvmcontainer;iaasvmcontainerv2;",
                    group,
                    f";{vm}/vm;iaasvmcontainerv2;",
                    group,
                    f";{vm}",
                ),
                {
                    "properties": {
                        "protectedItemType": "Microsoft.Compute/virtualMachines",
                        "policyId": BExpr.symbol(symbol, "id"),
                        "sourceResourceId": b.ref(protected),
                    }
                },
            )
        return
    days = retention.daily or 7
    if policy.workload == "blob" and schedule.frequency == "continuous":
        duration = retention.duration
        days = retention.daily or (round(duration.total_seconds() / 86400) if duration else 30)
        rules: list[BValue] = [
            {
                "name": "Default",
                "objectType": "AzureRetentionRule",
                "isDefault": True,
                "lifecycles": [
                    {
                        "deleteAfter": {
                            "objectType": "AbsoluteDeleteOption",
                            "duration": f"P{days}D",
                        },
                        "sourceDataStore": {
                            "dataStoreType": "OperationalStore",
                            "objectType": "DataStoreInfoBase",
                        },
                        "targetDataStoreCopySettings": [],
                    }
                ],
            }
        ]
    else:
        store = "VaultStore" if policy.workload == "blob" else "OperationalStore"
        interval = f"R/{_ANCHOR}T{time}:00+00:00/{_REPEAT[schedule.frequency]}"
        rules = [
            {
                "name": "Default",
                "objectType": "AzureRetentionRule",
                "isDefault": True,
                "lifecycles": [
                    {
                        "deleteAfter": {
                            "objectType": "AbsoluteDeleteOption",
                            "duration": f"P{days}D",
                        },
                        "sourceDataStore": {
                            "dataStoreType": store,
                            "objectType": "DataStoreInfoBase",
                        },
                        "targetDataStoreCopySettings": [],
                    }
                ],
            },
            {
                "name": "BackupSchedule",
                "objectType": "AzureBackupRule",
                "backupParameters": {
                    "objectType": "AzureBackupParams",
                    "backupType": "Discrete" if policy.workload == "blob" else "Incremental",
                },
                "dataStore": {"dataStoreType": store, "objectType": "DataStoreInfoBase"},
                "trigger": {
                    "objectType": "ScheduleBasedTriggerContext",
                    "schedule": {
                        "repeatingTimeIntervals": [interval],
                        "timeZone": schedule.time_zone,
                    },
                    "taggingCriteria": [
                        {
                            "isDefault": True,
                            "taggingPriority": 99,
                            "tagInfo": {"tagName": "Default"},
                        }
                    ],
                },
            },
        ]
    datasource = (
        "Microsoft.Storage/storageAccounts/blobServices"
        if policy.workload == "blob"
        else "Microsoft.Compute/disks"
    )
    b.add(
        layer,
        "Microsoft.DataProtection/backupVaults/backupPolicies",
        symbol,
        policy.resource_name,
        {
            "properties": {
                "objectType": "BackupPolicy",
                "datasourceTypes": [datasource],
                "policyRules": rules,
            }
        },
        parent=vault,
    )
    for protected in policy.protected:
        account = b.component(protected)
        if policy.workload != "blob" or account is None or account.kind != "storage_account":
            b.note(layer, f"'{protected}' cannot be protected by '{policy.id}' here")
            continue
        b.role(
            layer,
            policy.vault,
            b.ref(policy.vault, "identity.principalId"),
            protected,
            "Storage Account Backup Contributor",
        )
        b.add(
            layer,
            "Microsoft.DataProtection/backupVaults/backupInstances",
            b.new_symbol(f"{protected}-{policy.id}"),
            f"{account.resource_name}-{policy.resource_name}",
            {
                "properties": {
                    "objectType": "BackupInstance",
                    "dataSourceInfo": {
                        "objectType": "Datasource",
                        "resourceID": b.ref(protected),
                        "resourceName": b.ref(protected, "name"),
                        "resourceType": "Microsoft.Storage/storageAccounts",
                        "resourceLocation": b.location(),
                        "datasourceType": datasource,
                    },
                    "policyInfo": {"policyId": BExpr.symbol(symbol, "id")},
                }
            },
            parent=vault,
        )
