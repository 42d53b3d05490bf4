"""Azure facts the lint rules rely on, kept as data.

Every record carries ``source``: the Microsoft Learn page that states the fact (some also carry
``extra_sources``).  Facts were checked against Microsoft Learn as of 2026; anything that could
not be confirmed was left out rather than guessed.  Azure public cloud only (no sovereign
clouds).

This module is pure data plus tiny lookup helpers: standard library only, cheap to import.
The long lists (regions, SKUs) are data files read on first use by :mod:`archlint.azure.names`.
Rules import it; they should not hard-code Azure numbers or names of their own.

Naming conventions:

* archlint component kinds (``service_bus_namespace``, ``storage_account``...) key the
  per-service tables;
* tier keys are lower-case (``basic``, ``standard``, ``premium``...);
* region names are canonical ARM names (``eastus2``), see :func:`normalize_region`.
"""

import re
from typing import Any, Generic, TypeVar

from archlint.azure import names
from archlint.records import record

_T = TypeVar("_T")


# ---------------------------------------------------------------------------------------------
# Record types
# ---------------------------------------------------------------------------------------------


@record
class Fact(Generic[_T]):
    """A single value with the page that states it."""

    value: _T
    source: str
    note: str = ""


@record
class Limit:
    """A numeric limit, default or threshold of a service."""

    value: int | float
    unit: str
    source: str
    note: str = ""


@record
class PrivateDnsZoneFact:
    """The private DNS zone Azure recommends for one private-endpoint group ID."""

    zone: str
    source: str
    note: str = ""


@record
class SubnetRequirement:
    """Sizing, naming, delegation and NSG rules for a subnet used by one purpose.

    ``min_prefix_length`` / ``recommended_prefix_length`` are CIDR prefix lengths: a subnet is
    big enough when its prefix length is *less than or equal to* the number (/24 <= /26).
    ``None`` means Azure states no such number.
    """

    purpose: str
    min_prefix_length: int | None
    recommended_prefix_length: int | None
    required_name: str | None
    required_delegation: str | None
    nsg_allowed: bool
    source: str
    note: str = ""
    extra_sources: tuple[str, ...] = ()


@record
class ServiceBusTierFact:
    """Capabilities of one Service Bus namespace tier."""

    tier: str
    topics_supported: bool
    sessions_supported: bool
    duplicate_detection_supported: bool
    transactions_supported: bool
    auto_forwarding_supported: bool
    zone_redundancy_supported: bool
    private_endpoints_supported: bool
    max_message_size_kb: int
    source: str
    note: str = ""
    extra_sources: tuple[str, ...] = ()


@record
class EventHubsTierFact:
    """Capabilities and quotas of one Event Hubs tier."""

    tier: str
    max_partitions_per_event_hub: int
    auto_inflate_supported: bool
    capture_supported: bool
    zone_redundancy_supported: bool
    private_endpoints_supported: bool
    max_consumer_groups_per_event_hub: int
    max_retention_days: int
    max_publication_size_kb: int
    source: str
    note: str = ""
    extra_sources: tuple[str, ...] = ()


@record
class RedisTierFact:
    """Capabilities of one Azure Cache for Redis tier (``persistence_modes``: rdb/aof)."""

    tier: str
    zone_redundancy_supported: bool
    clustering_supported: bool
    persistence_modes: frozenset[str]
    private_endpoints_supported: bool
    source: str
    note: str = ""
    extra_sources: tuple[str, ...] = ()


@record
class AppServiceSkuFamilyFact:
    """One App Service plan SKU family (``sku_pattern`` matches its SKU names, e.g. P1v3)."""

    family: str
    arm_tier: str
    sku_pattern: str
    ase_v3_supported: bool
    zone_redundancy_supported: bool
    min_zone_redundant_instances: int | None
    source: str
    note: str = ""
    extra_sources: tuple[str, ...] = ()


@record
class StorageReplicationFact:
    """Redundancy of one storage account replication SKU (LRS, ZRS, GRS...)."""

    sku: str
    zone_redundant: bool
    geo_redundant: bool
    read_access_secondary: bool
    archive_tier_supported: bool
    source: str
    note: str = ""
    extra_sources: tuple[str, ...] = ()


@record
class WafRuleSetFact:
    """One managed WAF rule set version on one product.

    ``status``: ``supported``; ``final_support`` (deprecated: still works for existing
    policies, no new policies, only critical fixes until ``end_of_support``); ``unsupported``.
    """

    product: str
    rule_set_type: str
    version: str
    status: str
    source: str
    end_of_support: str = ""
    note: str = ""


# ---------------------------------------------------------------------------------------------
# Sources (Microsoft Learn)
# ---------------------------------------------------------------------------------------------

_SRC_PE_DNS = "https://learn.microsoft.com/azure/private-link/private-endpoint-dns"
_SRC_PE_NETWORK_POLICY = (
    "https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy"
)
_SRC_ASE_NETWORKING = "https://learn.microsoft.com/azure/app-service/environment/networking"
_SRC_ASE_USING = "https://learn.microsoft.com/azure/app-service/environment/using"
_SRC_ASE_CREATION = "https://learn.microsoft.com/azure/app-service/environment/creation"
_SRC_APP_SERVICE_VNET = "https://learn.microsoft.com/azure/app-service/overview-vnet-integration"
_SRC_APP_SERVICE_RELIABILITY = (
    "https://learn.microsoft.com/azure/reliability/reliability-app-service"
)
_SRC_FUNCTIONS_NETWORKING = (
    "https://learn.microsoft.com/azure/azure-functions/configure-networking-how-to"
)
_SRC_FUNCTIONS_STORAGE = "https://learn.microsoft.com/azure/azure-functions/storage-considerations"
_SRC_FUNCTIONS_ZONE_REDUNDANCY = (
    "https://learn.microsoft.com/azure/azure-functions/functions-zone-redundancy"
)
_SRC_LOGIC_APPS_PRIVATE_STORAGE = (
    "https://learn.microsoft.com/azure/logic-apps/"
    "deploy-single-tenant-logic-apps-private-storage-account"
)
_SRC_BASTION_SUBNET = "https://learn.microsoft.com/azure/bastion/configuration-settings"
_SRC_BASTION_NSG = "https://learn.microsoft.com/azure/bastion/bastion-nsg"
_SRC_APPGW_INFRA = (
    "https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure"
)
_SRC_APPGW_AUTOSCALE = (
    "https://learn.microsoft.com/azure/application-gateway/"
    "application-gateway-autoscaling-zone-redundant"
)
_SRC_APPGW_HTTP_SETTINGS = (
    "https://learn.microsoft.com/azure/application-gateway/configuration-http-settings"
)
_SRC_VPN_GW_SETTINGS = (
    "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings"
)
_SRC_ER_GATEWAY = (
    "https://learn.microsoft.com/azure/expressroute/expressroute-howto-add-gateway-resource-manager"
)
_SRC_FIREWALL_FAQ = "https://learn.microsoft.com/azure/firewall/firewall-faq"
_SRC_VNET_FAQ = "https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq"
_SRC_SB_TOPICS = (
    "https://learn.microsoft.com/azure/service-bus-messaging/"
    "service-bus-quickstart-topics-subscriptions-portal"
)
_SRC_SB_SESSIONS = "https://learn.microsoft.com/azure/service-bus-messaging/message-sessions"
_SRC_SB_DUPLICATE = "https://learn.microsoft.com/azure/service-bus-messaging/duplicate-detection"
_SRC_SB_TRANSACTIONS = (
    "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-transactions"
)
_SRC_SB_AUTO_FORWARD = (
    "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-auto-forwarding"
)
_SRC_SB_PRIVATE_LINK = (
    "https://learn.microsoft.com/azure/service-bus-messaging/private-link-service"
)
_SRC_SB_QUOTAS = "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas"
_SRC_SB_RELIABILITY = "https://learn.microsoft.com/azure/reliability/reliability-service-bus"
_SRC_SB_EXPIRATION = "https://learn.microsoft.com/azure/service-bus-messaging/message-expiration"
_SRC_SB_DLQ = (
    "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues"
)
_SRC_SB_LOCK_DURATION = (
    "https://learn.microsoft.com/dotnet/api/"
    "azure.messaging.servicebus.administration.createqueueoptions.lockduration"
)
_SRC_SB_DUP_WINDOW = (
    "https://learn.microsoft.com/dotnet/api/"
    "azure.messaging.servicebus.administration.queueproperties.duplicatedetectionhistorytimewindow"
)
_SRC_SB_MAX_DELIVERY = (
    "https://learn.microsoft.com/dotnet/api/"
    "azure.messaging.servicebus.administration.queueproperties.maxdeliverycount"
)
_SRC_EH_QUOTAS = "https://learn.microsoft.com/azure/event-hubs/event-hubs-quotas"
_SRC_EH_AUTO_INFLATE = "https://learn.microsoft.com/azure/event-hubs/event-hubs-auto-inflate"
_SRC_EH_TIERS = "https://learn.microsoft.com/azure/event-hubs/compare-tiers"
_SRC_REDIS_OVERVIEW = "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-overview"
_SRC_REDIS_PERSISTENCE = (
    "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-how-to-premium-persistence"
)
_SRC_REDIS_ZONES = (
    "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-how-to-zone-redundancy"
)
_SRC_REDIS_PRIVATE_LINK = (
    "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-private-link"
)
_SRC_STORAGE_REDUNDANCY = "https://learn.microsoft.com/azure/storage/common/storage-redundancy"
_SRC_STORAGE_ACCESS_TIERS = "https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview"
_SRC_STORAGE_QUEUES = "https://learn.microsoft.com/azure/storage/queues/storage-queues-introduction"
_SRC_STORAGE_TLS = (
    "https://learn.microsoft.com/azure/storage/common/"
    "transport-layer-security-configure-migrate-to-tls2"
)
_SRC_WAF_SUPPORT_POLICY = (
    "https://learn.microsoft.com/azure/web-application-firewall/ruleset-support-policy"
)
_SRC_FRONT_DOOR_TIERS = (
    "https://learn.microsoft.com/azure/frontdoor/standard-premium/tier-comparison"
)
_SRC_FRONT_DOOR_ORIGIN_GROUPS = (
    "https://learn.microsoft.com/azure/templates/microsoft.cdn/profiles/origingroups"
)
_SRC_COSMOS_CONSISTENCY = "https://learn.microsoft.com/azure/cosmos-db/consistency-levels"
_SRC_COSMOS_CONTINUOUS = (
    "https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction"
)
_SRC_COSMOS_CONTINUOUS_MODEL = (
    "https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-resource-model"
)
_SRC_COSMOS_PERIODIC = (
    "https://learn.microsoft.com/azure/cosmos-db/periodic-backup-modify-interval-retention"
)
_SRC_COSMOS_SERVERLESS = "https://learn.microsoft.com/azure/cosmos-db/serverless"
_SRC_COSMOS_TTL = "https://learn.microsoft.com/azure/cosmos-db/time-to-live"
_SRC_EVENT_GRID_RETRY = "https://learn.microsoft.com/azure/event-grid/delivery-and-retry"
_SRC_TRAFFIC_MANAGER_MONITORING = (
    "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring"
)
_SRC_TRAFFIC_MANAGER_FAQ = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-faqs"
_SRC_LOG_ANALYTICS_RETENTION = (
    "https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure"
)
_SRC_KEY_VAULT_SOFT_DELETE = (
    "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview"
)
_SRC_SQL_BACKUPS = "https://learn.microsoft.com/azure/azure-sql/database/automated-backups-overview"

# ---------------------------------------------------------------------------------------------
# 1. Private DNS zones for private endpoints
# ---------------------------------------------------------------------------------------------

_STORAGE_ZONES: dict[str, str] = {
    "blob": "privatelink.blob.core.windows.net",
    "blob_secondary": "privatelink.blob.core.windows.net",
    "table": "privatelink.table.core.windows.net",
    "table_secondary": "privatelink.table.core.windows.net",
    "queue": "privatelink.queue.core.windows.net",
    "queue_secondary": "privatelink.queue.core.windows.net",
    "file": "privatelink.file.core.windows.net",
    # Static website endpoint of a storage account (not the App Service "sites" group ID).
    "web": "privatelink.web.core.windows.net",
    "web_secondary": "privatelink.web.core.windows.net",
    "dfs": "privatelink.dfs.core.windows.net",
    "dfs_secondary": "privatelink.dfs.core.windows.net",
}

_SITES_NOTE = (
    "Microsoft.Web/sites private endpoint. Deployment slots use the group ID 'sites-<slot>' "
    "with the same zone. Apps inside an ILB App Service Environment use the ASE zone "
    "instead (see ASE_V3_DNS_ZONE_SUFFIX)."
)

#: Keyed by (archlint component kind, private-endpoint group ID exactly as Azure spells it).
PRIVATE_DNS_ZONES: dict[tuple[str, str], PrivateDnsZoneFact] = {
    # Service Bus and Event Hubs namespaces share one zone (both are *.servicebus.windows.net).
    ("service_bus_namespace", "namespace"): PrivateDnsZoneFact(
        "privatelink.servicebus.windows.net", _SRC_PE_DNS
    ),
    ("event_hubs_namespace", "namespace"): PrivateDnsZoneFact(
        "privatelink.servicebus.windows.net", _SRC_PE_DNS
    ),
    ("event_grid_topic", "topic"): PrivateDnsZoneFact(
        "privatelink.eventgrid.azure.net", _SRC_PE_DNS
    ),
    ("event_grid_domain", "domain"): PrivateDnsZoneFact(
        "privatelink.eventgrid.azure.net", _SRC_PE_DNS
    ),
    # Cosmos DB: one zone per API. Note 'Sql' (capital S) for the NoSQL API and 'Table' (capital
    # T) for the Table API, which is a different zone from the storage 'table' sub-resource.
    ("cosmos_account", "Sql"): PrivateDnsZoneFact("privatelink.documents.azure.com", _SRC_PE_DNS),
    ("cosmos_account", "MongoDB"): PrivateDnsZoneFact(
        "privatelink.mongo.cosmos.azure.com", _SRC_PE_DNS
    ),
    ("cosmos_account", "Cassandra"): PrivateDnsZoneFact(
        "privatelink.cassandra.cosmos.azure.com", _SRC_PE_DNS
    ),
    ("cosmos_account", "Gremlin"): PrivateDnsZoneFact(
        "privatelink.gremlin.cosmos.azure.com", _SRC_PE_DNS
    ),
    ("cosmos_account", "Table"): PrivateDnsZoneFact(
        "privatelink.table.cosmos.azure.com", _SRC_PE_DNS
    ),
    ("redis_cache", "redisCache"): PrivateDnsZoneFact(
        "privatelink.redis.cache.windows.net",
        _SRC_PE_DNS,
        note="Azure Cache for Redis Basic/Standard/Premium (Microsoft.Cache/Redis). Enterprise "
        "tiers use REDIS_ENTERPRISE_PRIVATE_DNS_ZONE.",
    ),
    **{
        ("storage_account", sub): PrivateDnsZoneFact(zone, _SRC_PE_DNS)
        for sub, zone in _STORAGE_ZONES.items()
    },
    ("key_vault", "vault"): PrivateDnsZoneFact("privatelink.vaultcore.azure.net", _SRC_PE_DNS),
    ("function_app", "sites"): PrivateDnsZoneFact(
        "privatelink.azurewebsites.net", _SRC_PE_DNS, note=_SITES_NOTE
    ),
    ("web_app", "sites"): PrivateDnsZoneFact(
        "privatelink.azurewebsites.net", _SRC_PE_DNS, note=_SITES_NOTE
    ),
    # Logic Apps Standard is hosted as a Microsoft.Web/sites app.
    ("logic_app", "sites"): PrivateDnsZoneFact(
        "privatelink.azurewebsites.net", _SRC_PE_DNS, note=_SITES_NOTE
    ),
    ("app_configuration", "configurationStores"): PrivateDnsZoneFact(
        "privatelink.azconfig.io", _SRC_PE_DNS
    ),
    # The registry's regional data endpoints ({registry}.{region}.data.azurecr.io) get A records
    # in the same zone.
    ("container_registry", "registry"): PrivateDnsZoneFact("privatelink.azurecr.io", _SRC_PE_DNS),
    ("sql_server", "sqlServer"): PrivateDnsZoneFact(
        "privatelink.database.windows.net", _SRC_PE_DNS
    ),
    ("postgresql_flexible_server", "postgresqlServer"): PrivateDnsZoneFact(
        "privatelink.postgres.database.azure.com", _SRC_PE_DNS
    ),
    ("mysql_flexible_server", "mysqlServer"): PrivateDnsZoneFact(
        "privatelink.mysql.database.azure.com", _SRC_PE_DNS
    ),
}

REDIS_ENTERPRISE_PRIVATE_DNS_ZONE: Fact[str] = Fact(
    "privatelink.redisenterprise.cache.azure.net",
    _SRC_PE_DNS,
    note="Group ID 'redisCache' on Microsoft.Cache/redisEnterprise.",
)

#: An ILB App Service Environment v3 named X needs a private zone ``X.appserviceenvironment.net``
#: with ``*``, ``*.scm`` and ``@`` records pointing at the ASE inbound IP.
ASE_V3_DNS_ZONE_SUFFIX: Fact[str] = Fact("appserviceenvironment.net", _SRC_ASE_NETWORKING)

#: Storage sub-resources a Function App needs private endpoints for when its runtime storage
#: account (AzureWebJobsStorage and the content share) only accepts traffic from a VNet.
FUNCTION_RUNTIME_STORAGE_SUBRESOURCES: Fact[frozenset[str]] = Fact(
    frozenset({"blob", "file"}),
    _SRC_FUNCTIONS_NETWORKING,
    note="'file' hosts the content share (WEBSITE_CONTENTAZUREFILECONNECTIONSTRING) used by "
    "Elastic Premium/Consumption plans. Set WEBSITE_CONTENTOVERVNET=1 when the account is "
    "VNet-locked. See also FUNCTION_RUNTIME_STORAGE_CONDITIONAL_SUBRESOURCES.",
)

#: Also needed by some Function App features (e.g. Durable Functions uses queues and tables).
FUNCTION_RUNTIME_STORAGE_CONDITIONAL_SUBRESOURCES: Fact[frozenset[str]] = Fact(
    frozenset({"queue", "table"}), _SRC_FUNCTIONS_NETWORKING
)

#: Logic Apps Standard runtime storage locked to a VNet: one private endpoint per storage service.
LOGIC_APP_RUNTIME_STORAGE_SUBRESOURCES: Fact[frozenset[str]] = Fact(
    frozenset({"blob", "file", "queue", "table"}),
    _SRC_LOGIC_APPS_PRIVATE_STORAGE,
    note="Microsoft: 'Create different private endpoints for each of the Table, Queue, Blob, "
    "and File storage services.'",
)

# ---------------------------------------------------------------------------------------------
# 2. Subnet requirements
# ---------------------------------------------------------------------------------------------

#: Azure reserves the first four and the last address of every subnet.
AZURE_RESERVED_ADDRESSES_PER_SUBNET: Fact[int] = Fact(5, _SRC_VNET_FAQ)

SUBNET_REQUIREMENTS: dict[str, SubnetRequirement] = {
    "app_service_environment": SubnetRequirement(
        purpose="app_service_environment",
        min_prefix_length=27,
        recommended_prefix_length=24,
        required_name=None,
        required_delegation="Microsoft.Web/hostingEnvironments",
        nsg_allowed=True,
        source=_SRC_ASE_NETWORKING,
        note="ASE v3. The subnet must be empty (dedicated to the ASE). Microsoft recommends a /23 "
        "when scaling near the 200-instance maximum with frequent scale operations. Moving the "
        "ASE to another subnet later needs a support request.",
    ),
    "bastion": SubnetRequirement(
        purpose="bastion",
        min_prefix_length=26,
        recommended_prefix_length=26,
        required_name="AzureBastionSubnet",
        required_delegation=None,
        nsg_allowed=True,
        source=_SRC_BASTION_SUBNET,
        extra_sources=(_SRC_BASTION_NSG,),
        note="An NSG is supported but must contain the rules Bastion requires (e.g. inbound 443 "
        "from Internet and GatewayManager). The Developer SKU needs no subnet.",
    ),
    "application_gateway": SubnetRequirement(
        purpose="application_gateway",
        # Microsoft words /24 as "we recommend a minimum subnet size of /24" for v2 but also
        # says explicitly that a /24 isn't required: size for the configured max instance count
        # (one address per instance, +1 per private frontend IP, +5 reserved). No hard minimum
        # prefix is documented for v2, so none is encoded here.
        min_prefix_length=None,
        recommended_prefix_length=24,
        required_name=None,
        required_delegation=None,
        nsg_allowed=True,
        source=_SRC_APPGW_INFRA,
        note="v2 SKU. Dedicated subnet: only application gateways, and v1 and v2 can't be mixed. "
        "Must not be GatewaySubnet. An NSG must allow inbound TCP 65200-65535 from "
        "GatewayManager for v2.",
    ),
    "gateway": SubnetRequirement(
        purpose="gateway",
        # ExpressRoute: "The gateway subnet must be /27 or larger"; VPN Gateway: "/27 or larger"
        # recommended (older docs allowed /29 for VPN-only). /26 or larger is required to connect
        # 16 ExpressRoute circuits.
        min_prefix_length=27,
        recommended_prefix_length=27,
        required_name="GatewaySubnet",
        required_delegation=None,
        nsg_allowed=False,
        source=_SRC_VPN_GW_SETTINGS,
        extra_sources=(_SRC_ER_GATEWAY,),
        note="VPN and ExpressRoute gateways. Associating an NSG with GatewaySubnet isn't "
        "supported and can stop the gateway working. Gateway creation takes 45 minutes or more.",
    ),
    "firewall": SubnetRequirement(
        purpose="firewall",
        min_prefix_length=26,
        recommended_prefix_length=26,
        required_name="AzureFirewallSubnet",
        required_delegation=None,
        nsg_allowed=False,
        source=_SRC_FIREWALL_FAQ,
        note="Subnet-level NSGs aren't required on AzureFirewallSubnet and are disabled to avoid "
        "service interruption. The subnet never needs to be bigger than /26.",
    ),
    "private_endpoints": SubnetRequirement(
        purpose="private_endpoints",
        min_prefix_length=None,
        recommended_prefix_length=None,
        required_name=None,
        required_delegation=None,
        nsg_allowed=True,
        source=_SRC_PE_NETWORK_POLICY,
        note="No minimum size; one address per private endpoint NIC. NSG rules and UDRs apply "
        "to private endpoint traffic only when the subnet's privateEndpointNetworkPolicies is "
        "enabled.",
    ),
    "app_service_integration": SubnetRequirement(
        purpose="app_service_integration",
        min_prefix_length=28,
        recommended_prefix_length=26,
        required_name=None,
        required_delegation="Microsoft.Web/serverFarms",
        nsg_allowed=True,
        source=_SRC_APP_SERVICE_VNET,
        note="Regional virtual network integration (outbound only): an unused IPv4 subnet; "
        "NSG inbound rules don't apply to the app. Subnet size can't change after assignment; "
        "scale operations temporarily double the addresses used.",
    ),
}

# ---------------------------------------------------------------------------------------------
# 3. SKU capabilities
# ---------------------------------------------------------------------------------------------

SERVICE_BUS_TIERS: dict[str, ServiceBusTierFact] = {
    "basic": ServiceBusTierFact(
        tier="basic",
        topics_supported=False,
        sessions_supported=False,
        duplicate_detection_supported=False,
        transactions_supported=False,
        auto_forwarding_supported=False,
        zone_redundancy_supported=True,  # automatic in AZ regions (see below)
        private_endpoints_supported=False,
        max_message_size_kb=256,
        source=_SRC_SB_TOPICS,
        extra_sources=(
            _SRC_SB_SESSIONS,
            _SRC_SB_DUPLICATE,
            _SRC_SB_TRANSACTIONS,
            _SRC_SB_AUTO_FORWARD,
            _SRC_SB_QUOTAS,
        ),
        note="Queues only. Default and maximum message TTL is 14 days.",
    ),
    "standard": ServiceBusTierFact(
        tier="standard",
        topics_supported=True,
        sessions_supported=True,
        duplicate_detection_supported=True,
        transactions_supported=True,
        auto_forwarding_supported=True,
        zone_redundancy_supported=True,  # automatic in AZ regions (see below)
        private_endpoints_supported=False,
        max_message_size_kb=256,
        source=_SRC_SB_QUOTAS,
        extra_sources=(_SRC_SB_PRIVATE_LINK, _SRC_SB_RELIABILITY),
    ),
    "premium": ServiceBusTierFact(
        tier="premium",
        topics_supported=True,
        sessions_supported=True,
        duplicate_detection_supported=True,
        transactions_supported=True,
        auto_forwarding_supported=True,
        zone_redundancy_supported=True,
        private_endpoints_supported=True,
        # Per-entity setting (maxMessageSizeInKilobytes), 1 MB by default, up to 100 MB over AMQP.
        max_message_size_kb=102_400,
        source=_SRC_SB_RELIABILITY,
        extra_sources=(_SRC_SB_PRIVATE_LINK, _SRC_SB_QUOTAS),
        note="Availability zones are a Premium-only feature; Premium namespaces in regions with "
        "availability zones are zone-redundant by default (no opt-in).",
    ),
}

EVENT_HUBS_TIERS: dict[str, EventHubsTierFact] = {
    "basic": EventHubsTierFact(
        tier="basic",
        max_partitions_per_event_hub=32,
        auto_inflate_supported=False,
        capture_supported=False,
        zone_redundancy_supported=True,
        private_endpoints_supported=False,
        max_consumer_groups_per_event_hub=1,
        max_retention_days=1,
        max_publication_size_kb=256,
        source=_SRC_EH_QUOTAS,
        extra_sources=(_SRC_EH_TIERS, _SRC_EH_AUTO_INFLATE),
    ),
    "standard": EventHubsTierFact(
        tier="standard",
        max_partitions_per_event_hub=32,
        auto_inflate_supported=True,
        capture_supported=True,
        zone_redundancy_supported=True,
        private_endpoints_supported=True,
        max_consumer_groups_per_event_hub=20,
        max_retention_days=7,
        max_publication_size_kb=1024,
        source=_SRC_EH_QUOTAS,
        extra_sources=(_SRC_EH_TIERS, _SRC_EH_AUTO_INFLATE),
        note="Auto-inflate scales throughput units; it is supported only in the Standard tier. "
        "Capture is billed separately.",
    ),
    "premium": EventHubsTierFact(
        tier="premium",
        # 100 per event hub, and at most 200 per processing unit across the namespace.
        max_partitions_per_event_hub=100,
        auto_inflate_supported=False,
        capture_supported=True,
        zone_redundancy_supported=True,
        private_endpoints_supported=True,
        max_consumer_groups_per_event_hub=100,
        max_retention_days=90,
        max_publication_size_kb=1024,
        source=_SRC_EH_QUOTAS,
        extra_sources=(_SRC_EH_TIERS, _SRC_EH_AUTO_INFLATE),
        note="Capacity is processing units (PUs), not throughput units: no auto-inflate.",
    ),
    "dedicated": EventHubsTierFact(
        tier="dedicated",
        max_partitions_per_event_hub=1024,
        auto_inflate_supported=False,
        capture_supported=True,
        zone_redundancy_supported=True,
        private_endpoints_supported=True,
        max_consumer_groups_per_event_hub=1000,
        max_retention_days=90,
        # Dedicated clusters accept events (and batches) up to 20 MB; the 1 MB figure is
        # Standard's and Premium's, and older pages gave it for Dedicated too.
        max_publication_size_kb=20_480,
        source=_SRC_EH_QUOTAS,
        extra_sources=(_SRC_EH_TIERS, _SRC_EH_AUTO_INFLATE),
        note="Capacity is capacity units (CUs) of a dedicated cluster.",
    ),
}

_REDIS_SOURCES = (_SRC_REDIS_ZONES, _SRC_REDIS_PRIVATE_LINK, _SRC_REDIS_PERSISTENCE)

#: Azure Cache for Redis tiers. Microsoft has announced the retirement of Azure Cache for Redis
#: in favour of Azure Managed Redis; these facts describe the existing tiers.
REDIS_TIERS: dict[str, RedisTierFact] = {
    "basic": RedisTierFact(
        tier="basic",
        zone_redundancy_supported=False,
        clustering_supported=False,
        persistence_modes=frozenset(),
        private_endpoints_supported=True,
        source=_SRC_REDIS_OVERVIEW,
        extra_sources=_REDIS_SOURCES,
        note="Single node, no replica and no SLA; intended for dev/test.",
    ),
    "standard": RedisTierFact(
        tier="standard",
        zone_redundancy_supported=True,
        clustering_supported=False,
        persistence_modes=frozenset(),
        private_endpoints_supported=True,
        source=_SRC_REDIS_OVERVIEW,
        extra_sources=_REDIS_SOURCES,
        note="Zone redundancy for Standard was a preview feature for a long time; current docs "
        "list it alongside Premium and Enterprise.",
    ),
    "premium": RedisTierFact(
        tier="premium",
        zone_redundancy_supported=True,
        clustering_supported=True,
        persistence_modes=frozenset({"rdb", "aof"}),
        private_endpoints_supported=True,
        source=_SRC_REDIS_OVERVIEW,
        extra_sources=_REDIS_SOURCES,
        note="RDB and AOF can't be enabled at the same time "
        "(REDIS_RDB_AND_AOF_MUTUALLY_EXCLUSIVE).",
    ),
    "enterprise": RedisTierFact(
        tier="enterprise",
        zone_redundancy_supported=True,
        clustering_supported=True,
        persistence_modes=frozenset({"rdb", "aof"}),
        private_endpoints_supported=True,
        source=_SRC_REDIS_OVERVIEW,
        extra_sources=_REDIS_SOURCES,
        note="Microsoft.Cache/redisEnterprise: different private DNS zone "
        "(REDIS_ENTERPRISE_PRIVATE_DNS_ZONE). Persistence is listed as preview.",
    ),
    "enterprise_flash": RedisTierFact(
        tier="enterprise_flash",
        zone_redundancy_supported=True,
        clustering_supported=True,
        persistence_modes=frozenset({"rdb", "aof"}),
        private_endpoints_supported=True,
        source=_SRC_REDIS_OVERVIEW,
        extra_sources=_REDIS_SOURCES,
        note="Microsoft.Cache/redisEnterprise: different private DNS zone "
        "(REDIS_ENTERPRISE_PRIVATE_DNS_ZONE). Persistence is listed as preview.",
    ),
}

#: Premium tier: "Can I enable AOF and RDB persistence at the same time? No".
REDIS_RDB_AND_AOF_MUTUALLY_EXCLUSIVE: Fact[bool] = Fact(True, _SRC_REDIS_PERSISTENCE)

#: RDB backup frequencies offered: 15, 30 and 60 minutes, 6, 12 and 24 hours.
REDIS_RDB_BACKUP_FREQUENCIES_MINUTES: Fact[frozenset[int]] = Fact(
    frozenset({15, 30, 60, 360, 720, 1440}), _SRC_REDIS_PERSISTENCE
)

_APP_SERVICE_ZR_NOTE = (
    "Zone-redundant plans need at least 2 instances (the minimum was 3 until 2025; older docs and "
    "tooling still say 3). Instances are spread across the region's zones."
)

APP_SERVICE_SKUS: dict[str, AppServiceSkuFamilyFact] = {
    "basic": AppServiceSkuFamilyFact(
        family="basic",
        arm_tier="Basic",
        sku_pattern=r"B[1-3]",
        ase_v3_supported=False,
        zone_redundancy_supported=False,
        min_zone_redundant_instances=None,
        source=_SRC_APP_SERVICE_RELIABILITY,
        extra_sources=(_SRC_ASE_USING,),
    ),
    "standard": AppServiceSkuFamilyFact(
        family="standard",
        arm_tier="Standard",
        sku_pattern=r"S[1-3]",
        ase_v3_supported=False,
        zone_redundancy_supported=False,
        min_zone_redundant_instances=None,
        source=_SRC_APP_SERVICE_RELIABILITY,
        extra_sources=(_SRC_ASE_USING,),
    ),
    "premium_v2": AppServiceSkuFamilyFact(
        family="premium_v2",
        arm_tier="PremiumV2",
        sku_pattern=r"P[1-3]v2",
        ase_v3_supported=False,
        zone_redundancy_supported=True,
        min_zone_redundant_instances=2,
        source=_SRC_APP_SERVICE_RELIABILITY,
        extra_sources=(_SRC_ASE_USING,),
        note=_APP_SERVICE_ZR_NOTE,
    ),
    "premium_v3": AppServiceSkuFamilyFact(
        family="premium_v3",
        arm_tier="PremiumV3",
        sku_pattern=r"P\d+m?v3",
        ase_v3_supported=False,
        zone_redundancy_supported=True,
        min_zone_redundant_instances=2,
        source=_SRC_APP_SERVICE_RELIABILITY,
        extra_sources=(_SRC_ASE_USING,),
        note=_APP_SERVICE_ZR_NOTE,
    ),
    "premium_v4": AppServiceSkuFamilyFact(
        family="premium_v4",
        arm_tier="PremiumV4",
        sku_pattern=r"P\d+m?v4",
        ase_v3_supported=False,
        zone_redundancy_supported=True,
        min_zone_redundant_instances=2,
        source=_SRC_APP_SERVICE_RELIABILITY,
        extra_sources=(_SRC_ASE_USING,),
        note=_APP_SERVICE_ZR_NOTE,
    ),
    "isolated_v2": AppServiceSkuFamilyFact(
        family="isolated_v2",
        arm_tier="IsolatedV2",
        sku_pattern=r"I\d+m?v2",  # I1v2..I6v2 and memory-optimised I1mv2..I5mv2
        ase_v3_supported=True,
        zone_redundancy_supported=True,
        min_zone_redundant_instances=2,
        source=_SRC_ASE_USING,
        extra_sources=(_SRC_APP_SERVICE_RELIABILITY,),
        note="The only plan family that can run in an App Service Environment v3. "
        "Zone redundancy is set on the ASE at creation. " + _APP_SERVICE_ZR_NOTE,
    ),
    "elastic_premium": AppServiceSkuFamilyFact(
        family="elastic_premium",
        arm_tier="ElasticPremium",
        sku_pattern=r"EP[1-3]",
        # Plans in an ASE can only be Isolated v2, so Functions Premium can't be placed there.
        ase_v3_supported=False,
        zone_redundancy_supported=True,
        min_zone_redundant_instances=2,
        source=_SRC_FUNCTIONS_ZONE_REDUNDANCY,
        extra_sources=(_SRC_ASE_USING, _SRC_FUNCTIONS_STORAGE),
        note="Functions Premium plan. A zone-redundant plan needs a minimum always-ready "
        "instance count of 2 (3 in older docs) and a zone-redundant storage account.",
    ),
}

#: Zone-redundant Function Apps (Elastic Premium, Flex Consumption) must use a zone-redundant
#: storage account ("only zone-redundant storage accounts are supported").
ZONE_REDUNDANT_FUNCTION_APP_REQUIRES_ZONE_REDUNDANT_STORAGE: Fact[bool] = Fact(
    True,
    _SRC_FUNCTIONS_STORAGE,
    note="Microsoft's examples use Standard_ZRS; check STORAGE_REPLICATION[sku].zone_redundant.",
)

_STORAGE_SOURCES = (_SRC_STORAGE_ACCESS_TIERS,)

#: Keyed by the replication part of the SKU name (Standard_RAGZRS -> "RAGZRS"); see
#: storage_replication_for(). The archive access tier isn't supported for ZRS, GZRS or RA-GZRS.
STORAGE_REPLICATION: dict[str, StorageReplicationFact] = {
    sku: StorageReplicationFact(
        sku=sku,
        zone_redundant=zone,
        geo_redundant=geo,
        read_access_secondary=read_access,
        archive_tier_supported=not zone,
        source=_SRC_STORAGE_REDUNDANCY,
        extra_sources=_STORAGE_SOURCES,
    )
    for sku, zone, geo, read_access in (
        ("LRS", False, False, False),
        ("ZRS", True, False, False),
        ("GRS", False, True, False),
        ("RAGRS", False, True, True),
        ("GZRS", True, True, False),
        ("RAGZRS", True, True, True),
    )
}

# --- WAF managed rule sets ---------------------------------------------------------------------

_FINAL_SUPPORT_END = "2027-02-26"

#: Support status from Microsoft's managed ruleset support policy (page of 26 February 2026,
#: checked December 2026). Front Door (Standard/Premium) offers only Microsoft's Default Rule Set
#: (DRS) and Bot Manager: no OWASP CRS. "Final support" = listed with a support end date.
WAF_RULE_SET_FACTS: tuple[WafRuleSetFact, ...] = (
    # -- Front Door ------------------------------------------------------------------------------
    WafRuleSetFact(
        "front_door", "Microsoft_DefaultRuleSet", "2.2", "supported", _SRC_WAF_SUPPORT_POLICY
    ),
    WafRuleSetFact(
        "front_door", "Microsoft_DefaultRuleSet", "2.1", "supported", _SRC_WAF_SUPPORT_POLICY
    ),
    WafRuleSetFact(
        "front_door", "Microsoft_DefaultRuleSet", "2.0", "supported", _SRC_WAF_SUPPORT_POLICY
    ),
    WafRuleSetFact(
        "front_door",
        "Microsoft_DefaultRuleSet",
        "1.2",
        "final_support",
        _SRC_WAF_SUPPORT_POLICY,
        end_of_support=_FINAL_SUPPORT_END,
        note="No new policies with this version.",
    ),
    WafRuleSetFact(
        "front_door",
        "Microsoft_DefaultRuleSet",
        "1.1",
        "final_support",
        _SRC_WAF_SUPPORT_POLICY,
        end_of_support=_FINAL_SUPPORT_END,
        note="No new policies with this version.",
    ),
    WafRuleSetFact(
        "front_door",
        "DefaultRuleSet",  # DRS 1.0 kept its pre-'Microsoft_' type name.
        "1.0",
        "final_support",
        _SRC_WAF_SUPPORT_POLICY,
        end_of_support=_FINAL_SUPPORT_END,
        note="No new policies with this version.",
    ),
    WafRuleSetFact(
        "front_door", "Microsoft_BotManagerRuleSet", "1.1", "supported", _SRC_WAF_SUPPORT_POLICY
    ),
    WafRuleSetFact(
        "front_door", "Microsoft_BotManagerRuleSet", "1.0", "supported", _SRC_WAF_SUPPORT_POLICY
    ),
    # -- Application Gateway ----------------------------------------------------------------------
    WafRuleSetFact(
        "application_gateway",
        "Microsoft_DefaultRuleSet",
        "2.2",
        "supported",
        _SRC_WAF_SUPPORT_POLICY,
    ),
    WafRuleSetFact(
        "application_gateway",
        "Microsoft_DefaultRuleSet",
        "2.1",
        "supported",
        _SRC_WAF_SUPPORT_POLICY,
    ),
    WafRuleSetFact("application_gateway", "OWASP", "3.2", "supported", _SRC_WAF_SUPPORT_POLICY),
    WafRuleSetFact(
        "application_gateway",
        "OWASP",
        "3.1",
        "final_support",
        _SRC_WAF_SUPPORT_POLICY,
        end_of_support=_FINAL_SUPPORT_END,
        note="New policies can't use it and existing policies using it can't be attached.",
    ),
    WafRuleSetFact(
        "application_gateway",
        "OWASP",
        "3.0",
        "final_support",
        _SRC_WAF_SUPPORT_POLICY,
        end_of_support=_FINAL_SUPPORT_END,
        note="New policies can't use it and existing policies using it can't be attached.",
    ),
    WafRuleSetFact(
        "application_gateway",
        "OWASP",
        "2.2.9",
        "unsupported",
        _SRC_WAF_SUPPORT_POLICY,
        end_of_support="2025-03-15",
    ),
    WafRuleSetFact(
        "application_gateway",
        "Microsoft_BotManagerRuleSet",
        "1.1",
        "supported",
        _SRC_WAF_SUPPORT_POLICY,
    ),
    WafRuleSetFact(
        "application_gateway",
        "Microsoft_BotManagerRuleSet",
        "1.0",
        "supported",
        _SRC_WAF_SUPPORT_POLICY,
    ),
    WafRuleSetFact(
        "application_gateway",
        "Microsoft_HTTPDDoSRuleSet",
        "1.0",
        "supported",
        _SRC_WAF_SUPPORT_POLICY,
        note="HTTP DDoS rule set, released November 2025 (Application Gateway only).",
    ),
    WafRuleSetFact(
        "application_gateway",
        "Microsoft_BotManagerRuleSet",
        "0.1",
        "unsupported",
        _SRC_WAF_SUPPORT_POLICY,
        note="Preview version, not supported.",
    ),
)

#: product -> {(rule set type, version)} that a WAF policy can still use (supported or in final
#: support). Types and versions are exact, case-sensitive ARM values.
WAF_MANAGED_RULE_SETS: dict[str, frozenset[tuple[str, str]]] = {
    product: frozenset(
        (f.rule_set_type, f.version)
        for f in WAF_RULE_SET_FACTS
        if f.product == product and f.status != "unsupported"
    )
    for product in ("front_door", "application_gateway")
}

#: product -> {(rule set type, version)} that are deprecated (final support) or unsupported.
WAF_DEPRECATED_RULE_SETS: dict[str, frozenset[tuple[str, str]]] = {
    product: frozenset(
        (f.rule_set_type, f.version)
        for f in WAF_RULE_SET_FACTS
        if f.product == product and f.status != "supported"
    )
    for product in ("front_door", "application_gateway")
}

#: Front Door Standard has custom WAF rules only; managed rule sets and bot protection need
#: the Premium tier.
FRONT_DOOR_MANAGED_WAF_RULES_REQUIRE_PREMIUM: Fact[bool] = Fact(True, _SRC_FRONT_DOOR_TIERS)

# --- Cosmos DB -------------------------------------------------------------------------------

COSMOS_FACTS: dict[str, Fact[Any]] = {
    "consistency_levels": Fact(
        ("Strong", "BoundedStaleness", "Session", "ConsistentPrefix", "Eventual"),
        _SRC_COSMOS_CONSISTENCY,
        note="Strongest to weakest, as spelled in ARM (defaultConsistencyLevel).",
    ),
    "default_consistency_level": Fact("Session", _SRC_COSMOS_CONSISTENCY),
    "continuous_backup_tiers": Fact(
        ("Continuous7Days", "Continuous30Days"), _SRC_COSMOS_CONTINUOUS_MODEL
    ),
    "continuous_backup_default_tier": Fact(
        "Continuous30Days",
        _SRC_COSMOS_CONTINUOUS_MODEL,
        note="Applied when continuous mode is chosen without a tier.",
    ),
    "continuous_backup_retention_days": Fact(
        (("Continuous7Days", 7), ("Continuous30Days", 30)), _SRC_COSMOS_CONTINUOUS
    ),
    "continuous_backup_restore_granularity": Fact(
        "any timestamp within the retention window (not before the resource was created)",
        _SRC_COSMOS_CONTINUOUS,
        note="Mutations are backed up asynchronously, within 100 seconds in steady state. "
        "Restores always go to a new account.",
    ),
    "continuous_backup_apis": Fact(
        frozenset({"Sql", "MongoDB", "Gremlin", "Table"}),
        _SRC_COSMOS_CONTINUOUS,
        note="Not available for the Cassandra API. An account can't switch from continuous back "
        "to periodic.",
    ),
    "periodic_backup_interval_minutes_min": Fact(60, _SRC_COSMOS_PERIODIC),
    "periodic_backup_interval_minutes_max": Fact(1440, _SRC_COSMOS_PERIODIC),
    "periodic_backup_interval_minutes_default": Fact(240, _SRC_COSMOS_PERIODIC),
    "periodic_backup_retention_hours_default": Fact(
        8, _SRC_COSMOS_PERIODIC, note="Two copies kept at the default 4-hour interval."
    ),
    "periodic_backup_retention_hours_max": Fact(
        720, _SRC_COSMOS_PERIODIC, note="Minimum retention is two times the backup interval."
    ),
    "serverless_multi_region_supported": Fact(
        False,
        _SRC_COSMOS_SERVERLESS,
        note="A serverless account runs in a single region; regions can't be added later.",
    ),
    "ttl_semantics": Fact(
        (
            ("absent", "TTL off: items never expire, item-level ttl is ignored"),
            ("-1", "TTL on: items never expire unless they set their own ttl"),
            ("n", "items expire n seconds after their last modification"),
        ),
        _SRC_COSMOS_TTL,
        note="DefaultTimeToLive on the container; values for an item's ttl are -1 or n > 0.",
    ),
}

# ---------------------------------------------------------------------------------------------
# 4. Service limits, defaults and timings (retries, TTLs, RTO)
# ---------------------------------------------------------------------------------------------

SERVICE_LIMITS: dict[str, Limit] = {
    # -- Service Bus ----------------------------------------------------------------------------
    "service_bus.lock_duration_max": Limit(5, "minutes", _SRC_SB_LOCK_DURATION),
    "service_bus.lock_duration_default": Limit(1, "minutes", _SRC_SB_LOCK_DURATION),
    "service_bus.duplicate_detection_window_max": Limit(7, "days", _SRC_SB_DUP_WINDOW),
    "service_bus.duplicate_detection_window_min": Limit(20, "seconds", _SRC_SB_DUP_WINDOW),
    "service_bus.max_delivery_count_min": Limit(1, "deliveries", _SRC_SB_MAX_DELIVERY),
    "service_bus.max_delivery_count_default": Limit(10, "deliveries", _SRC_SB_MAX_DELIVERY),
    "service_bus.default_message_ttl_max_basic": Limit(
        14, "days", _SRC_SB_EXPIRATION, note="Basic: default and maximum entity TTL."
    ),
    # TimeSpan.MaxValue ("largest possible value for a signed 64-bit integer" of ticks), i.e.
    # effectively unbounded; also the default.
    "service_bus.default_message_ttl_max_standard": Limit(
        10_675_199, "days", _SRC_SB_EXPIRATION, note="TimeSpan.MaxValue: effectively unlimited."
    ),
    "service_bus.default_message_ttl_max_premium": Limit(
        10_675_199, "days", _SRC_SB_EXPIRATION, note="TimeSpan.MaxValue: effectively unlimited."
    ),
    "service_bus.max_message_size_kb_standard": Limit(256, "KB", _SRC_SB_QUOTAS),
    "service_bus.max_message_size_kb_premium": Limit(
        102_400, "KB", _SRC_SB_QUOTAS, note="100 MB over AMQP, set per entity; default 1 MB."
    ),
    # -- Event Grid -----------------------------------------------------------------------------
    "event_grid.max_delivery_attempts_min": Limit(1, "attempts", _SRC_EVENT_GRID_RETRY),
    "event_grid.max_delivery_attempts_max": Limit(30, "attempts", _SRC_EVENT_GRID_RETRY),
    "event_grid.max_delivery_attempts_default": Limit(30, "attempts", _SRC_EVENT_GRID_RETRY),
    "event_grid.event_ttl_min_minutes": Limit(1, "minutes", _SRC_EVENT_GRID_RETRY),
    "event_grid.event_ttl_max_minutes": Limit(1440, "minutes", _SRC_EVENT_GRID_RETRY),
    "event_grid.event_ttl_default_minutes": Limit(1440, "minutes", _SRC_EVENT_GRID_RETRY),
    # -- Traffic Manager ------------------------------------------------------------------------
    "traffic_manager.dns_ttl_min": Limit(0, "seconds", _SRC_TRAFFIC_MANAGER_FAQ),
    "traffic_manager.dns_ttl_max": Limit(2_147_483_647, "seconds", _SRC_TRAFFIC_MANAGER_FAQ),
    # Only two probing intervals exist: 30 s (normal, default) and 10 s (fast, extra cost).
    "traffic_manager.probe_interval_normal_seconds": Limit(
        30, "seconds", _SRC_TRAFFIC_MANAGER_MONITORING
    ),
    "traffic_manager.probe_interval_fast_seconds": Limit(
        10, "seconds", _SRC_TRAFFIC_MANAGER_MONITORING
    ),
    "traffic_manager.tolerated_failures_min": Limit(0, "failures", _SRC_TRAFFIC_MANAGER_MONITORING),
    "traffic_manager.tolerated_failures_max": Limit(9, "failures", _SRC_TRAFFIC_MANAGER_MONITORING),
    "traffic_manager.tolerated_failures_default": Limit(
        3, "failures", _SRC_TRAFFIC_MANAGER_MONITORING
    ),
    "traffic_manager.probe_timeout_min_seconds": Limit(
        5, "seconds", _SRC_TRAFFIC_MANAGER_MONITORING
    ),
    "traffic_manager.probe_timeout_max_seconds_normal": Limit(
        10, "seconds", _SRC_TRAFFIC_MANAGER_MONITORING, note="With the 30 s probing interval."
    ),
    "traffic_manager.probe_timeout_max_seconds_fast": Limit(
        9, "seconds", _SRC_TRAFFIC_MANAGER_MONITORING, note="With the 10 s probing interval."
    ),
    # -- Front Door -----------------------------------------------------------------------------
    "front_door.probe_interval_min_seconds": Limit(1, "seconds", _SRC_FRONT_DOOR_ORIGIN_GROUPS),
    "front_door.probe_interval_max_seconds": Limit(255, "seconds", _SRC_FRONT_DOOR_ORIGIN_GROUPS),
    # -- Application Gateway --------------------------------------------------------------------
    "app_gateway.autoscale_max_instances": Limit(125, "instances", _SRC_APPGW_AUTOSCALE),
    "app_gateway.backend_request_timeout_default_seconds": Limit(
        20, "seconds", _SRC_APPGW_HTTP_SETTINGS
    ),
    # -- Log Analytics --------------------------------------------------------------------------
    "log_analytics.retention_min_days": Limit(
        4,
        "days",
        _SRC_LOG_ANALYTICS_RETENTION,
        note="Analytics-plan tables, via API/CLI only; 31 days are included in the ingestion "
        "price, so going lower saves nothing.",
    ),
    "log_analytics.retention_max_days": Limit(
        730, "days", _SRC_LOG_ANALYTICS_RETENTION, note="Interactive (analytics) retention."
    ),
    "log_analytics.retention_default_days": Limit(30, "days", _SRC_LOG_ANALYTICS_RETENTION),
    "log_analytics.total_retention_max_days": Limit(
        4383, "days", _SRC_LOG_ANALYTICS_RETENTION, note="12 years, including long-term retention."
    ),
    # -- Cosmos DB ------------------------------------------------------------------------------
    "cosmos.ttl_max_seconds": Limit(2_147_483_647, "seconds", _SRC_COSMOS_TTL),
    "cosmos.ttl_on_never_expire_value": Limit(
        -1,
        "seconds",
        _SRC_COSMOS_TTL,
        note="DefaultTimeToLive=-1: TTL on, items never expire by default; absent/null: TTL off.",
    ),
    "cosmos.periodic_backup_interval_min_minutes": Limit(60, "minutes", _SRC_COSMOS_PERIODIC),
    "cosmos.periodic_backup_interval_max_minutes": Limit(1440, "minutes", _SRC_COSMOS_PERIODIC),
    "cosmos.periodic_backup_retention_max_hours": Limit(720, "hours", _SRC_COSMOS_PERIODIC),
    "cosmos.continuous_backup_lag_max_seconds": Limit(
        100, "seconds", _SRC_COSMOS_CONTINUOUS, note="Steady state; the RPO of a restore."
    ),
    # -- Provisioning times (RTO when rebuilding) -------------------------------------------------
    # Microsoft only says creation "can take more than one hour"; the 60-90 minute figure that
    # circulates comes from field reports, not from Microsoft. This is a lower bound.
    "ase_v3.creation_time_min_minutes": Limit(
        60, "minutes", _SRC_ASE_CREATION, note="Lower bound: 'can take more than one hour'."
    ),
    "vpn_gateway.creation_time_min_minutes": Limit(
        45, "minutes", _SRC_VPN_GW_SETTINGS, note="Lower bound: '45 minutes or more'."
    ),
    # -- Key Vault ------------------------------------------------------------------------------
    "key_vault.soft_delete_retention_min_days": Limit(7, "days", _SRC_KEY_VAULT_SOFT_DELETE),
    "key_vault.soft_delete_retention_max_days": Limit(90, "days", _SRC_KEY_VAULT_SOFT_DELETE),
    "key_vault.soft_delete_retention_default_days": Limit(90, "days", _SRC_KEY_VAULT_SOFT_DELETE),
    # -- Azure SQL Database -----------------------------------------------------------------------
    "sql_database.pitr_retention_min_days": Limit(1, "days", _SRC_SQL_BACKUPS),
    "sql_database.pitr_retention_max_days": Limit(
        35, "days", _SRC_SQL_BACKUPS, note="Basic tier: at most 7 days."
    ),
    "sql_database.pitr_retention_default_days": Limit(7, "days", _SRC_SQL_BACKUPS),
    # -- Storage --------------------------------------------------------------------------------
    "storage_queue.max_message_size_kb": Limit(64, "KB", _SRC_STORAGE_QUEUES),
}

#: Dead-lettered messages don't expire (time-to-live isn't observed in the DLQ) and there is no
#: automatic cleanup: something must drain every dead-letter queue.
SERVICE_BUS_DEAD_LETTER_MESSAGES_EXPIRE: Fact[bool] = Fact(False, _SRC_SB_DLQ)

#: The only two Traffic Manager probing intervals.
TRAFFIC_MANAGER_PROBE_INTERVALS_SECONDS: Fact[frozenset[int]] = Fact(
    frozenset({10, 30}), _SRC_TRAFFIC_MANAGER_MONITORING
)

# ---------------------------------------------------------------------------------------------
# 5. Regions: kept as data in regions.json (see archlint.azure.names and the helpers below)
# ---------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------
# 6. TLS
# ---------------------------------------------------------------------------------------------

#: Minimum TLS version: Azure has retired TLS 1.0 and 1.1 (Azure Storage stopped accepting them
#: on 3 February 2026).
MIN_TLS_VERSION: str = "1.2"
MIN_TLS_VERSION_FACT: Fact[str] = Fact(MIN_TLS_VERSION, _SRC_STORAGE_TLS)

# ---------------------------------------------------------------------------------------------
# 7. Zone redundancy defaults and capacity units (zone and SKU rules)
# ---------------------------------------------------------------------------------------------

_SRC_SB_PREMIUM = (
    "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-premium-messaging"
)
_SRC_EH_PREMIUM = "https://learn.microsoft.com/azure/event-hubs/event-hubs-premium-overview"
_SRC_EH_PROCESSING_UNITS = (
    "https://learn.microsoft.com/azure/event-hubs/event-hubs-scalability#processing-units"
)
_SRC_EH_RELIABILITY = "https://learn.microsoft.com/azure/reliability/reliability-event-hubs"
_SRC_APPGW_RELIABILITY = (
    "https://learn.microsoft.com/azure/reliability/reliability-application-gateway-v2"
)
_SRC_ASE_RELIABILITY = (
    "https://learn.microsoft.com/azure/reliability/reliability-app-service-environment"
)
_SRC_LOGIC_APPS_RELIABILITY = "https://learn.microsoft.com/azure/reliability/reliability-logic-apps"
_SRC_LB_RELIABILITY = "https://learn.microsoft.com/azure/reliability/reliability-load-balancer"
_SRC_PUBLIC_IP = "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses"

#: Every Service Bus namespace (Basic, Standard and Premium) in a region with availability zones
#: is zone-redundant, automatically and at no cost; the ``zoneRedundant`` property is deprecated
#: and may read ``false`` on a zone-redundant namespace.
SERVICE_BUS_ZONE_REDUNDANT_BY_DEFAULT: Fact[bool] = Fact(
    True,
    _SRC_SB_RELIABILITY,
    note="Older pages said Premium only; SERVICE_BUS_TIERS follows the current page.",
)

#: Every Event Hubs namespace in a region with availability zones is zone-redundant automatically
#: (no setting) -- except a Dedicated cluster below EVENT_HUBS_DEDICATED_MIN_CUS_FOR_ZONES.
EVENT_HUBS_ZONE_REDUNDANT_BY_DEFAULT: Fact[bool] = Fact(True, _SRC_EH_RELIABILITY)

#: "With the Dedicated tier, availability zones are supported only with a minimum of three CUs."
EVENT_HUBS_DEDICATED_MIN_CUS_FOR_ZONES: Limit = Limit(3, "capacity units", _SRC_EH_RELIABILITY)

#: Messaging units a Service Bus Premium namespace can have.
SERVICE_BUS_PREMIUM_MESSAGING_UNITS: Fact[frozenset[int]] = Fact(
    frozenset({1, 2, 4, 8, 16}), _SRC_SB_PREMIUM
)

#: Processing units an Event Hubs Premium namespace can have: 1, 2, 4, 6, 8, 10, 12 or 16
#: (older pages listed powers of two only).
EVENT_HUBS_PREMIUM_PROCESSING_UNITS: Fact[frozenset[int]] = Fact(
    frozenset({1, 2, 4, 6, 8, 10, 12, 16}),
    _SRC_EH_PREMIUM,
    note="See also " + _SRC_EH_PROCESSING_UNITS,
)

#: A new Application Gateway v2 is zone-redundant by default (no zone list); listing exactly one
#: zone makes it *zonal*, which "doesn't provide resiliency to an availability zone outage".
APPLICATION_GATEWAY_ZONE_REDUNDANT_BY_DEFAULT: Fact[bool] = Fact(True, _SRC_APPGW_RELIABILITY)

#: Standard public IPs are zone-redundant by default; one listed zone makes them zonal. Basic
#: public IPs don't support availability zones at all.
PUBLIC_IP_STANDARD_ZONE_REDUNDANT_BY_DEFAULT: Fact[bool] = Fact(
    True, _SRC_LB_RELIABILITY, note="Basic SKU: zones not supported."
)
PUBLIC_IP_BASIC_SUPPORTS_ZONES: Fact[bool] = Fact(False, _SRC_PUBLIC_IP)

#: In an App Service Environment v3 zone redundancy is set per plan *and* on the environment:
#: "Configure both your App Service Environment and your plans to support zone redundancy."
ASE_ZONE_REDUNDANT_PLAN_NEEDS_ZONE_REDUNDANT_ASE: Fact[bool] = Fact(True, _SRC_ASE_RELIABILITY)

#: Zone-redundant Logic Apps Standard: "When you configure external storage for stateful Standard
#: workflows, you must configure your storage account for zone redundancy."
ZONE_REDUNDANT_LOGIC_APP_REQUIRES_ZONE_REDUNDANT_STORAGE: Fact[bool] = Fact(
    True, _SRC_LOGIC_APPS_RELIABILITY, note="Stateful workflows keep their state in that account."
)

#: A zone-redundant plan given fewer than the minimum instances is silently run (and billed) at
#: the minimum: "the platform enforces a minimum instance count of two".
APP_SERVICE_ZONE_REDUNDANT_MINIMUM_ENFORCED: Fact[bool] = Fact(True, _SRC_ASE_RELIABILITY)

# ---------------------------------------------------------------------------------------------
# 8. Network, private DNS and security (NET, DNS and SEC rules)
# ---------------------------------------------------------------------------------------------

_SRC_NSG = "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview"
_SRC_SUBNET_DELEGATION = (
    "https://learn.microsoft.com/azure/virtual-network/subnet-delegation-overview"
)
_SRC_DNS_VNET_LINKS = "https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links"
_SRC_FUNCTIONS_APP_SETTINGS = (
    "https://learn.microsoft.com/azure/azure-functions/functions-app-settings"
)
_SRC_DDOS_OVERVIEW = "https://learn.microsoft.com/azure/ddos-protection/ddos-protection-overview"
_SRC_DDOS_SKUS = "https://learn.microsoft.com/azure/ddos-protection/ddos-protection-sku-comparison"
_SRC_RBAC_BUILT_IN = "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles"
_SRC_RBAC_BEST_PRACTICES = (
    "https://learn.microsoft.com/azure/role-based-access-control/best-practices"
)


@record
class NsgRuleFact:
    """One NSG rule as Azure states it: a default rule, or a flow a service needs allowed.

    ``peer`` is the other end of the flow: the source of an inbound flow, the destination of
    an outbound one (a service tag such as ``GatewayManager``, or ``*``). ``ports`` are
    destination ports (``"443"``, ``"65200-65535"``, ``"*"``).
    """

    name: str
    direction: str
    access: str
    peer: str
    ports: str
    priority: int
    source: str
    local: str = "*"
    note: str = ""


#: The rules every NSG has below the custom ones (priorities 65000-65500): traffic within the
#: VNet and from the Azure load balancer is allowed, any other inbound traffic denied; outbound
#: traffic to the VNet and to the internet is allowed.
NSG_DEFAULT_RULES: tuple[NsgRuleFact, ...] = (
    NsgRuleFact(
        "AllowVNetInBound",
        "Inbound",
        "Allow",
        "VirtualNetwork",
        "*",
        65000,
        _SRC_NSG,
        local="VirtualNetwork",
    ),
    NsgRuleFact(
        "AllowAzureLoadBalancerInBound",
        "Inbound",
        "Allow",
        "AzureLoadBalancer",
        "*",
        65001,
        _SRC_NSG,
    ),
    NsgRuleFact("DenyAllInbound", "Inbound", "Deny", "*", "*", 65500, _SRC_NSG),
    NsgRuleFact(
        "AllowVnetOutBound",
        "Outbound",
        "Allow",
        "VirtualNetwork",
        "*",
        65000,
        _SRC_NSG,
        local="VirtualNetwork",
    ),
    NsgRuleFact("AllowInternetOutBound", "Outbound", "Allow", "Internet", "*", 65001, _SRC_NSG),
    NsgRuleFact("DenyAllOutBound", "Outbound", "Deny", "*", "*", 65500, _SRC_NSG),
)

#: Subnet purpose -> flows an NSG on that subnet must allow (priority is unused: 0). An NSG that
#: blocks them stops the service (Bastion refuses the NSG; Application Gateway v2 turns
#: unhealthy). The default rules above may be what allows them.
NSG_REQUIRED_FLOWS: dict[str, tuple[NsgRuleFact, ...]] = {
    "bastion": (
        NsgRuleFact(
            "https-from-internet", "Inbound", "Allow", "Internet", "443", 0, _SRC_BASTION_NSG
        ),
        NsgRuleFact(
            "control-plane", "Inbound", "Allow", "GatewayManager", "443", 0, _SRC_BASTION_NSG
        ),
        NsgRuleFact(
            "health-probes", "Inbound", "Allow", "AzureLoadBalancer", "443", 0, _SRC_BASTION_NSG
        ),
        NsgRuleFact(
            "data-plane-in",
            "Inbound",
            "Allow",
            "VirtualNetwork",
            "8080,5701",
            0,
            _SRC_BASTION_NSG,
            local="VirtualNetwork",
        ),
        NsgRuleFact(
            "ssh-rdp-to-vms", "Outbound", "Allow", "VirtualNetwork", "22,3389", 0, _SRC_BASTION_NSG
        ),
        NsgRuleFact("azure-cloud", "Outbound", "Allow", "AzureCloud", "443", 0, _SRC_BASTION_NSG),
        NsgRuleFact(
            "data-plane-out",
            "Outbound",
            "Allow",
            "VirtualNetwork",
            "8080,5701",
            0,
            _SRC_BASTION_NSG,
            local="VirtualNetwork",
        ),
        NsgRuleFact("session-info", "Outbound", "Allow", "Internet", "80", 0, _SRC_BASTION_NSG),
    ),
    "application_gateway": (
        NsgRuleFact(
            "gateway-manager",
            "Inbound",
            "Allow",
            "GatewayManager",
            "65200-65535",
            0,
            _SRC_APPGW_INFRA,
            note="v2 SKU infrastructure ports.",
        ),
        NsgRuleFact(
            "load-balancer-probes",
            "Inbound",
            "Allow",
            "AzureLoadBalancer",
            "*",
            0,
            _SRC_APPGW_INFRA,
        ),
        NsgRuleFact("outbound-internet", "Outbound", "Allow", "Internet", "*", 0, _SRC_APPGW_INFRA),
    ),
}

#: Subnet purpose -> the component kinds that may be placed in such a subnet. These subnets are
#: dedicated: Azure refuses (or breaks) anything else in them.
SUBNET_DEDICATED_TO: dict[str, Fact[frozenset[str]]] = {
    "app_service_environment": Fact(
        frozenset({"app_service_environment"}),
        _SRC_ASE_NETWORKING,
        note="The subnet must be empty and dedicated to the App Service Environment; apps on "
        "its plans use it implicitly.",
    ),
    "bastion": Fact(frozenset({"bastion"}), _SRC_BASTION_SUBNET),
    "application_gateway": Fact(
        frozenset({"application_gateway"}),
        _SRC_APPGW_INFRA,
        note="Only application gateways (and not v1 with v2).",
    ),
    "gateway": Fact(frozenset({"virtual_network_gateway"}), _SRC_VPN_GW_SETTINGS),
    "firewall": Fact(frozenset({"firewall"}), _SRC_FIREWALL_FAQ),
    "app_service_integration": Fact(
        frozenset({"function_app", "web_app", "logic_app"}),
        _SRC_APP_SERVICE_VNET,
        note="Delegated to Microsoft.Web/serverFarms: only App Service plans' outbound traffic.",
    ),
}

#: A private endpoint can't be placed in a subnet delegated to a service.
PRIVATE_ENDPOINTS_IN_DELEGATED_SUBNETS: Fact[bool] = Fact(False, _SRC_SUBNET_DELEGATION)

#: A subnet's privateEndpointNetworkPolicies is Disabled unless set: NSG rules and route tables
#: on the subnet then don't apply to its private endpoints.
PRIVATE_ENDPOINT_NETWORK_POLICIES_DEFAULT: Fact[str] = Fact("Disabled", _SRC_PE_NETWORK_POLICY)

#: privateEndpointNetworkPolicies values -> what they enforce on private endpoints.
PRIVATE_ENDPOINT_NETWORK_POLICIES_ENFORCE: dict[str, Fact[frozenset[str]]] = {
    "Disabled": Fact(frozenset(), _SRC_PE_NETWORK_POLICY),
    "Enabled": Fact(frozenset({"nsg", "route_table"}), _SRC_PE_NETWORK_POLICY),
    "NetworkSecurityGroupEnabled": Fact(frozenset({"nsg"}), _SRC_PE_NETWORK_POLICY),
    "RouteTableEnabled": Fact(frozenset({"route_table"}), _SRC_PE_NETWORK_POLICY),
}

#: The private-link group ID (sub-resource) through which clients use a service, by component
#: kind. Storage accounts have one per storage service; blob is the one most workloads use.
PRIVATE_ENDPOINT_PRIMARY_GROUP_ID: dict[str, Fact[str]] = {
    "service_bus_namespace": Fact("namespace", _SRC_PE_DNS),
    "event_hubs_namespace": Fact("namespace", _SRC_PE_DNS),
    "event_grid_topic": Fact("topic", _SRC_PE_DNS),
    "event_grid_domain": Fact("domain", _SRC_PE_DNS),
    "redis_cache": Fact("redisCache", _SRC_PE_DNS),
    "key_vault": Fact("vault", _SRC_PE_DNS),
    "storage_account": Fact("blob", _SRC_PE_DNS),
    "function_app": Fact("sites", _SRC_PE_DNS),
    "web_app": Fact("sites", _SRC_PE_DNS),
    "logic_app": Fact("sites", _SRC_PE_DNS),
    "app_configuration": Fact("configurationStores", _SRC_PE_DNS),
    "container_registry": Fact("registry", _SRC_PE_DNS),
    "sql_server": Fact("sqlServer", _SRC_PE_DNS),
    "postgresql_flexible_server": Fact("postgresqlServer", _SRC_PE_DNS),
    "mysql_flexible_server": Fact("mysqlServer", _SRC_PE_DNS),
}

#: Cosmos DB account API (archlint spelling) -> its private-link group ID.
COSMOS_PRIVATE_ENDPOINT_GROUP_ID: dict[str, Fact[str]] = {
    "sql": Fact("Sql", _SRC_PE_DNS),
    "mongo": Fact("MongoDB", _SRC_PE_DNS),
    "cassandra": Fact("Cassandra", _SRC_PE_DNS),
    "gremlin": Fact("Gremlin", _SRC_PE_DNS),
    "table": Fact("Table", _SRC_PE_DNS),
}

#: Plan families whose Function Apps keep their code in an Azure Files content share reached
#: through WEBSITE_CONTENTAZUREFILECONNECTIONSTRING, a connection string with the account key
#: ("only used when deploying to a Premium plan or to a Consumption plan running on Windows").
#: Dedicated plans, App Service Environments included, use no content share.
FUNCTION_CONTENT_SHARE_PLAN_FAMILIES: Fact[frozenset[str]] = Fact(
    frozenset({"elastic_premium", "consumption"}),
    _SRC_FUNCTIONS_APP_SETTINGS,
    note="The setting's value is an account-key connection string, so the storage account must "
    "accept shared keys while the content share is used.",
)

#: "Every virtual network can have exactly one registration zone associated with it."
PRIVATE_DNS_REGISTRATION_ZONES_PER_VNET: Limit = Limit(1, "zones", _SRC_DNS_VNET_LINKS)

#: A public IP whose DDoS setting is VirtualNetworkInherited is protected only when the VNet it
#: is deployed in has a DDoS Network Protection plan; IP Protection is enabled per IP instead.
PUBLIC_IP_DDOS_INHERITS_FROM_VNET: Fact[bool] = Fact(
    True, _SRC_DDOS_SKUS, note="See also " + _SRC_DDOS_OVERVIEW
)


@record
class BroadRoleFact:
    """A built-in role broader than a workload identity needs, with the narrower ones to use.

    ``narrower_by_action`` maps what the principal does (``send``, ``receive``, ``read``,
    ``write``) to the narrower built-in role that allows just that.
    """

    role: str
    grants: str
    narrower: tuple[str, ...]
    source: str
    narrower_by_action: tuple[tuple[str, str], ...] = ()
    note: str = ""
    control_plane: bool = False  # a management role (Owner, access administration), no data role


#: Built-in roles that give a workload far more than it needs (least privilege: "only grant
#: the access users need"; "limit privileged administrator role assignments").
BROAD_RBAC_ROLES: dict[str, BroadRoleFact] = {
    fact.role.lower(): fact
    for fact in (
        BroadRoleFact(
            "Owner",
            "full control of the resource, including granting access to others",
            ("a data-plane role of the service",),
            _SRC_RBAC_BEST_PRACTICES,
            control_plane=True,
        ),
        BroadRoleFact(
            "Contributor",
            "full management of the resource (not access grants)",
            ("a data-plane role of the service",),
            _SRC_RBAC_BEST_PRACTICES,
            control_plane=True,
        ),
        BroadRoleFact(
            "User Access Administrator",
            "managing who has access to the resource",
            ("no role: a workload should not grant access",),
            _SRC_RBAC_BEST_PRACTICES,
            control_plane=True,
        ),
        BroadRoleFact(
            "Role Based Access Control Administrator",
            "managing who has access to the resource",
            ("no role: a workload should not grant access",),
            _SRC_RBAC_BEST_PRACTICES,
            control_plane=True,
        ),
        BroadRoleFact(
            "Azure Service Bus Data Owner",
            "full access to the namespace and its entities, including managing them",
            ("Azure Service Bus Data Receiver", "Azure Service Bus Data Sender"),
            _SRC_RBAC_BUILT_IN,
            narrower_by_action=(
                ("receive", "Azure Service Bus Data Receiver"),
                ("send", "Azure Service Bus Data Sender"),
            ),
        ),
        BroadRoleFact(
            "Azure Event Hubs Data Owner",
            "full access to the namespace and its event hubs, including managing them",
            ("Azure Event Hubs Data Receiver", "Azure Event Hubs Data Sender"),
            _SRC_RBAC_BUILT_IN,
            narrower_by_action=(
                ("receive", "Azure Event Hubs Data Receiver"),
                ("send", "Azure Event Hubs Data Sender"),
            ),
        ),
        BroadRoleFact(
            "Storage Blob Data Owner",
            "full access to blob data, including setting POSIX ACLs and ownership",
            ("Storage Blob Data Contributor", "Storage Blob Data Reader"),
            _SRC_RBAC_BUILT_IN,
            narrower_by_action=(
                ("read", "Storage Blob Data Reader"),
                ("write", "Storage Blob Data Contributor"),
            ),
        ),
        BroadRoleFact(
            "Key Vault Administrator",
            "every data-plane operation on the vault's keys, secrets and certificates",
            ("Key Vault Secrets User", "Key Vault Crypto User", "Key Vault Certificate User"),
            _SRC_RBAC_BUILT_IN,
        ),
    )
}


@record
class DataRoleFact:
    """A built-in data-plane role: the service family it works on and the actions it allows.

    Families: ``service_bus``, ``event_hubs``, ``event_grid``, ``cosmos``, ``storage_blob``,
    ``key_vault``. Actions: ``send``, ``receive``, ``read``, ``write``. Control-plane roles
    (Owner, Contributor) allow none of them once local (key) authentication is disabled.
    """

    role: str
    family: str
    actions: frozenset[str]
    source: str
    note: str = ""


_SRC_COSMOS_RBAC = "https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac"

#: Built-in roles that let a managed identity use a service's data plane, by lower-case name.
DATA_ROLES: dict[str, DataRoleFact] = {
    fact.role.lower(): fact
    for fact in (
        DataRoleFact(
            "Azure Service Bus Data Owner",
            "service_bus",
            frozenset({"send", "receive"}),
            _SRC_RBAC_BUILT_IN,
        ),
        DataRoleFact(
            "Azure Service Bus Data Sender", "service_bus", frozenset({"send"}), _SRC_RBAC_BUILT_IN
        ),
        DataRoleFact(
            "Azure Service Bus Data Receiver",
            "service_bus",
            frozenset({"receive"}),
            _SRC_RBAC_BUILT_IN,
        ),
        DataRoleFact(
            "Azure Event Hubs Data Owner",
            "event_hubs",
            frozenset({"send", "receive"}),
            _SRC_RBAC_BUILT_IN,
        ),
        DataRoleFact(
            "Azure Event Hubs Data Sender", "event_hubs", frozenset({"send"}), _SRC_RBAC_BUILT_IN
        ),
        DataRoleFact(
            "Azure Event Hubs Data Receiver",
            "event_hubs",
            frozenset({"receive"}),
            _SRC_RBAC_BUILT_IN,
        ),
        DataRoleFact(
            "EventGrid Data Sender", "event_grid", frozenset({"send"}), _SRC_RBAC_BUILT_IN
        ),
        DataRoleFact(
            "Cosmos DB Built-in Data Reader",
            "cosmos",
            frozenset({"read"}),
            _SRC_COSMOS_RBAC,
            note="Cosmos DB data-plane role (sqlRoleDefinitions).",
        ),
        DataRoleFact(
            "Cosmos DB Built-in Data Contributor",
            "cosmos",
            frozenset({"read", "write"}),
            _SRC_COSMOS_RBAC,
            note="Cosmos DB data-plane role (sqlRoleDefinitions).",
        ),
        DataRoleFact(
            "Storage Blob Data Owner",
            "storage_blob",
            frozenset({"read", "write"}),
            _SRC_RBAC_BUILT_IN,
        ),
        DataRoleFact(
            "Storage Blob Data Contributor",
            "storage_blob",
            frozenset({"read", "write"}),
            _SRC_RBAC_BUILT_IN,
        ),
        DataRoleFact(
            "Storage Blob Data Reader", "storage_blob", frozenset({"read"}), _SRC_RBAC_BUILT_IN
        ),
        DataRoleFact(
            "Key Vault Administrator", "key_vault", frozenset({"read", "write"}), _SRC_RBAC_BUILT_IN
        ),
        DataRoleFact(
            "Key Vault Secrets Officer",
            "key_vault",
            frozenset({"read", "write"}),
            _SRC_RBAC_BUILT_IN,
        ),
        DataRoleFact(
            "Key Vault Secrets User", "key_vault", frozenset({"read"}), _SRC_RBAC_BUILT_IN
        ),
    )
}

#: archlint component kind -> data-plane role family (the kinds Entra ID roles govern).
DATA_ROLE_FAMILY_OF_KIND: dict[str, Fact[str]] = {
    kind: Fact(family, _SRC_RBAC_BUILT_IN)
    for kind, family in (
        ("service_bus_namespace", "service_bus"),
        ("service_bus_queue", "service_bus"),
        ("service_bus_topic", "service_bus"),
        ("service_bus_subscription", "service_bus"),
        ("event_hubs_namespace", "event_hubs"),
        ("event_hub", "event_hubs"),
        ("event_hub_consumer_group", "event_hubs"),
        ("event_grid_topic", "event_grid"),
        ("cosmos_account", "cosmos"),
        ("cosmos_database", "cosmos"),
        ("cosmos_container", "cosmos"),
        ("storage_account", "storage_blob"),
        ("key_vault", "key_vault"),
    )
}


# ---------------------------------------------------------------------------------------------
# 9. Resilience, disaster recovery and operations (RES, DR and OPS rules)
# ---------------------------------------------------------------------------------------------

_SRC_FUNCTIONS_SB_TRIGGER = (
    "https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger"
)
_SRC_LOGIC_APPS_SERVICE_BUS = (
    "https://learn.microsoft.com/azure/connectors/connectors-create-api-servicebus"
)
_SRC_STORAGE_DR_GUIDANCE = (
    "https://learn.microsoft.com/azure/storage/common/storage-disaster-recovery-guidance"
)
_SRC_COSMOS_RELIABILITY = (
    "https://learn.microsoft.com/azure/reliability/reliability-cosmos-db-nosql"
)
_SRC_SB_GEO_DR = "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-geo-dr"
_SRC_SB_GEO_REPLICATION = (
    "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-geo-replication"
)
_SRC_EH_CAPTURE = "https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview"
_SRC_REDIS_IMPORT_EXPORT = (
    "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-how-to-import-export-data"
)
_SRC_BACKUP_VAULT_OVERVIEW = "https://learn.microsoft.com/azure/backup/backup-vault-overview"
_SRC_FUNCTIONS_SCALE = "https://learn.microsoft.com/azure/azure-functions/functions-scale"

#: The Functions Service Bus trigger renews a message's (or session's) lock while the function
#: runs, for up to ``maxAutoLockRenewalDuration`` (host.json), 5 minutes by default.
FUNCTIONS_SERVICE_BUS_AUTO_LOCK_RENEWAL: Limit = Limit(
    5,
    "minutes",
    _SRC_FUNCTIONS_SB_TRIGGER,
    note="maxAutoLockRenewalDuration default (ServiceBusProcessor.MaxAutoLockRenewalDuration).",
)

#: Logic Apps Service Bus peek-lock triggers don't renew the lock by themselves: a workflow that
#: runs longer than the entity's lock duration needs explicit "Renew lock" actions, or it meets
#: "lock lost" errors and the message is delivered again.
LOGIC_APPS_SERVICE_BUS_AUTO_LOCK_RENEWAL: Fact[bool] = Fact(
    False,
    _SRC_LOGIC_APPS_SERVICE_BUS,
    note="The connector offers 'Renew lock on the message' actions; the doc warns that waiting "
    "runs longer than the lock duration cause 'lock lost' exceptions.",
)

#: Geo-redundant storage replicates asynchronously: "Azure Storage typically has an RPO of less
#: than 15 minutes, although there's currently no SLA on how long it takes to replicate data to
#: the secondary region."
STORAGE_GEO_REPLICATION_TYPICAL_RPO: Limit = Limit(
    15, "minutes", _SRC_STORAGE_DR_GUIDANCE, note="Typical, not guaranteed (no SLA)."
)

#: Cosmos DB RPO for a region outage, from Microsoft's RPO table: a single-region account relies
#: on its backups ("< 240 minutes"); with several regions, Session, Consistent Prefix and Eventual
#: give "< 15 minutes", Strong 0, Bounded Staleness its K/T bound (T at least 300 s for
#: multi-region accounts).
COSMOS_RPO: dict[str, Limit] = {
    "single_region": Limit(240, "minutes", _SRC_COSMOS_RELIABILITY),
    "multi_region": Limit(
        15, "minutes", _SRC_COSMOS_RELIABILITY, note="Session, ConsistentPrefix, Eventual."
    ),
    "multi_region_strong": Limit(0, "minutes", _SRC_COSMOS_RELIABILITY),
    "bounded_staleness_min_interval": Limit(300, "seconds", _SRC_COSMOS_RELIABILITY),
}

#: Service Bus Geo-Disaster Recovery replicates metadata only ("entities, configuration,
#: properties"), never messages; the Geo-Replication feature replicates both.
SERVICE_BUS_GEO_DR_REPLICATES_MESSAGES: Fact[bool] = Fact(
    False, _SRC_SB_GEO_DR, note=f"Geo-Replication replicates data too: {_SRC_SB_GEO_REPLICATION}"
)

#: Event Hubs Capture writes a file when either its time window or its size window is reached:
#: events not yet captured exist only in the namespace.
EVENT_HUBS_CAPTURE_WINDOW_BOUNDS_ARCHIVE_LAG: Fact[bool] = Fact(True, _SRC_EH_CAPTURE)

#: Azure Cache for Redis import reads RDB files only; AOF files can't be imported into a new
#: cache (restoring in another region goes through import).
REDIS_IMPORT_FORMATS: Fact[frozenset[str]] = Fact(frozenset({"rdb"}), _SRC_REDIS_IMPORT_EXPORT)

#: Backup workload -> the vault kind that protects it: Azure VMs and Azure Files use a Recovery
#: Services vault; Azure Blobs and managed disks use a Backup vault.
BACKUP_VAULT_KIND_FOR_WORKLOAD: dict[str, Fact[str]] = {
    "vm": Fact("recovery_services", _SRC_BACKUP_VAULT_OVERVIEW),
    "file_share": Fact("recovery_services", _SRC_BACKUP_VAULT_OVERVIEW),
    "blob": Fact("backup", _SRC_BACKUP_VAULT_OVERVIEW),
    "disk": Fact("backup", _SRC_BACKUP_VAULT_OVERVIEW),
}

#: How Function Apps scale, by plan family: Premium (Elastic Premium) plans scale out by events
#: (the Functions scale controller); Dedicated plans, App Service Environments included, scale
#: "manual/autoscale" -- only there do Azure Monitor autoscale rules drive the instance count.
FUNCTIONS_PLAN_SCALING: dict[str, Fact[str]] = {
    "elastic_premium": Fact("event_driven", _SRC_FUNCTIONS_SCALE),
    "isolated_v2": Fact("manual_or_autoscale", _SRC_FUNCTIONS_SCALE),
    "premium_v2": Fact("manual_or_autoscale", _SRC_FUNCTIONS_SCALE),
    "premium_v3": Fact("manual_or_autoscale", _SRC_FUNCTIONS_SCALE),
    "premium_v4": Fact("manual_or_autoscale", _SRC_FUNCTIONS_SCALE),
    "standard": Fact("manual_or_autoscale", _SRC_FUNCTIONS_SCALE),
    "basic": Fact("manual", _SRC_FUNCTIONS_SCALE),
}

#: A message sent with a MessageId already logged within the duplicate-detection window is
#: "accepted (the send operation succeeds), but the newly sent message is instantly ignored and
#: dropped". A resubmitted copy of a received message keeps its MessageId unless given a new one.
SERVICE_BUS_DUPLICATE_DETECTION_DROPS_RESENDS: Fact[bool] = Fact(True, _SRC_SB_DUPLICATE)


# ---------------------------------------------------------------------------------------------
# 9. Event flows (FLOW rules)
# ---------------------------------------------------------------------------------------------

_SRC_FRONT_DOOR_FAQ = "https://learn.microsoft.com/azure/frontdoor/front-door-faq"
_SRC_TRAFFIC_MANAGER_OVERVIEW = (
    "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-overview"
)

#: A Service Bus queue or subscription moves a message to its dead-letter queue once it has
#: been delivered MaxDeliveryCount times without being completed: a failing message leaves.
SERVICE_BUS_DEAD_LETTERS_AFTER_MAX_DELIVERY: Fact[bool] = Fact(True, _SRC_SB_DLQ)

#: An Event Grid subscription stops retrying an event after its maximum delivery attempts or
#: event time-to-live, then dead-letters it (when a destination is set) or drops it.
EVENT_GRID_DELIVERY_ATTEMPTS_BOUNDED: Fact[bool] = Fact(True, _SRC_EVENT_GRID_RETRY)

#: Services that are global rather than regional: no single region (or zone) carries them.
GLOBAL_SERVICES: dict[str, Fact[bool]] = {
    "front_door": Fact(
        True, _SRC_FRONT_DOOR_FAQ, note="Front Door is a global service; App Gateway is regional."
    ),
    "traffic_manager": Fact(
        True, _SRC_TRAFFIC_MANAGER_OVERVIEW, note="DNS-based routing across global regions."
    ),
}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def private_dns_zone_for(service: str, subresource: str) -> PrivateDnsZoneFact | None:
    """The recommended private DNS zone for a private endpoint, or None if unknown.

    ``subresource`` is the group ID exactly as Azure spells it (``Sql``, ``redisCache``...).
    """
    return PRIVATE_DNS_ZONES.get((service, subresource))


def ase_v3_private_dns_zone(ase_name: str) -> str:
    """The private DNS zone an ILB App Service Environment v3 named ``ase_name`` needs."""
    return f"{ase_name.strip().lower()}.{ASE_V3_DNS_ZONE_SUFFIX.value}"


def subnet_prefix_meets_minimum(cidr: str, purpose: str) -> bool:
    """True if the subnet ``cidr`` is at least as big as Azure's minimum for ``purpose``.

    Also True when Azure states no minimum. Raises KeyError for an unknown purpose and
    ValueError for an invalid CIDR.
    """
    import ipaddress  # local: keeps module import cheap

    requirement = SUBNET_REQUIREMENTS[purpose]
    network = ipaddress.ip_network(cidr, strict=False)
    if requirement.min_prefix_length is None:
        return True
    return network.prefixlen <= requirement.min_prefix_length


def usable_subnet_addresses(cidr: str) -> int:
    """Addresses left for resources in ``cidr`` once Azure's five reserved ones are taken."""
    import ipaddress  # local: keeps module import cheap

    network = ipaddress.ip_network(cidr, strict=False)
    return max(network.num_addresses - AZURE_RESERVED_ADDRESSES_PER_SUBNET.value, 0)


def waf_rule_set_supported(product: str, type: str, version: str) -> bool:
    """True if ``product`` (``front_door`` or ``application_gateway``) still accepts the managed
    rule set ``type``/``version`` (supported or in final support; see WAF_DEPRECATED_RULE_SETS).

    Types and versions are compared exactly (``OWASP``, ``Microsoft_DefaultRuleSet``...).
    """
    return (type, version) in WAF_MANAGED_RULE_SETS.get(product, frozenset())


def app_service_sku_family(sku: str) -> AppServiceSkuFamilyFact | None:
    """The plan family of an App Service SKU name (``P1v3`` -> premium_v3), or None."""
    name = sku.strip()
    for family in APP_SERVICE_SKUS.values():
        if re.fullmatch(family.sku_pattern, name, re.IGNORECASE):
            return family
    return None


def storage_replication_for(sku: str) -> StorageReplicationFact | None:
    """Replication facts for a storage SKU written any usual way (``Standard_RAGZRS``,
    ``RA-GZRS``, ``ragzrs``), or None."""
    key = sku.strip().upper()
    for prefix in ("STANDARD_", "PREMIUM_"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return STORAGE_REPLICATION.get(key.replace("-", "").replace("_", ""))


def normalize_region(name: str) -> str:
    """Canonical ARM region name: ``"East US 2"`` -> ``"eastus2"``."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


def region_has_availability_zones(name: str) -> bool:
    """True if the region (any spelling) has availability zones (Microsoft's regions list)."""
    region = names.region(normalize_region(name))
    return region is not None and region.availability_zones


def paired_region(name: str) -> str | None:
    """The paired region of ``name`` (any spelling), or None if it has none / is unknown."""
    region = names.region(normalize_region(name))
    return region.paired_region if region is not None else None


#: A Function App that reaches its host storage (AzureWebJobsStorage) with a managed identity
#: needs "Storage Blob Data Owner" on that account: Microsoft documents it as the required
#: role, so holding it there is not over-privilege.
FUNCTIONS_HOST_STORAGE_ROLE: Fact[str] = Fact(
    "Storage Blob Data Owner",
    "https://learn.microsoft.com/azure/azure-functions/functions-reference"
    "#connecting-to-host-storage-with-an-identity",
)


# --- virtual network gateways ------------------------------------------------------------

_SRC_VPN_ZONES = "https://learn.microsoft.com/azure/vpn-gateway/about-zone-redundant-vnet-gateways"
_SRC_ER_ZONES = "https://learn.microsoft.com/azure/expressroute/gateway-migration"

#: Gateway SKUs that spread a virtual network gateway over availability zones, by type.
GATEWAY_ZONE_SKUS: Fact[dict[str, frozenset[str]]] = Fact(
    {
        "Vpn": frozenset({"VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"}),
        "ExpressRoute": frozenset({"ErGw1AZ", "ErGw2AZ", "ErGw3AZ", "ErGwScale"}),
    },
    _SRC_VPN_ZONES,
    note=f"ExpressRoute: {_SRC_ER_ZONES} (Standard, HighPerformance and UltraPerformance are "
    "the non-zonal SKUs).",
)


# --- Azure Container Apps --------------------------------------------------------------

_SRC_ACA_RELIABILITY = (
    "https://learn.microsoft.com/azure/reliability/reliability-azure-container-apps"
)
_SRC_ACA_NETWORKING = "https://learn.microsoft.com/azure/container-apps/networking"

#: A zone-redundant Container Apps environment needs a VNet: an infrastructure subnet.
CONTAINER_APPS_ZONE_REDUNDANCY_NEEDS_SUBNET: Fact[bool] = Fact(
    True,
    _SRC_ACA_RELIABILITY,
    note="Also https://learn.microsoft.com/azure/container-apps/how-to-zone-redundancy "
    "(zone redundancy requires a virtual network with an infrastructure subnet).",
)

#: Smallest infrastructure subnet (longest prefix) by environment type: with workload
#: profiles, or Consumption-only (no workload profiles).
CONTAINER_APPS_MIN_SUBNET_PREFIX: Fact[dict[str, int]] = Fact(
    {"workload_profiles": 27, "consumption_only": 23}, _SRC_ACA_NETWORKING
)

#: Replicas a container app needs for zone redundancy to protect it (three is ideal).
CONTAINER_APPS_MIN_REPLICAS_FOR_ZONES: Fact[int] = Fact(
    2,
    _SRC_ACA_RELIABILITY,
    note="Zone redundancy only provides benefits with two or more replicas, three being ideal; "
    "APRL f4201965-a88d-449d-b3b4-021394719eb2 recommends a minimum of three.",
)
