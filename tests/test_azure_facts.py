"""Tests for the Azure facts data module (archlint.azure.facts)."""

from __future__ import annotations

import dataclasses
import ipaddress
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from archlint.azure import facts

LEARN_PREFIX = "https://learn.microsoft.com/"

COMPONENT_KINDS = {
    "service_bus_namespace",
    "event_hubs_namespace",
    "event_grid_topic",
    "event_grid_domain",
    "cosmos_account",
    "redis_cache",
    "storage_account",
    "key_vault",
    "function_app",
    "web_app",
    "logic_app",
    "app_configuration",
    "container_registry",
    "sql_server",
    "postgresql_flexible_server",
    "mysql_flexible_server",
}

# (service, group ID) pairs the rules are promised.
REQUIRED_ZONES = {
    ("postgresql_flexible_server", "postgresqlServer"): "privatelink.postgres.database.azure.com",
    ("mysql_flexible_server", "mysqlServer"): "privatelink.mysql.database.azure.com",
    ("service_bus_namespace", "namespace"): "privatelink.servicebus.windows.net",
    ("event_hubs_namespace", "namespace"): "privatelink.servicebus.windows.net",
    ("event_grid_topic", "topic"): "privatelink.eventgrid.azure.net",
    ("event_grid_domain", "domain"): "privatelink.eventgrid.azure.net",
    ("cosmos_account", "Sql"): "privatelink.documents.azure.com",
    ("cosmos_account", "MongoDB"): "privatelink.mongo.cosmos.azure.com",
    ("cosmos_account", "Cassandra"): "privatelink.cassandra.cosmos.azure.com",
    ("cosmos_account", "Gremlin"): "privatelink.gremlin.cosmos.azure.com",
    ("cosmos_account", "Table"): "privatelink.table.cosmos.azure.com",
    ("redis_cache", "redisCache"): "privatelink.redis.cache.windows.net",
    ("storage_account", "blob"): "privatelink.blob.core.windows.net",
    ("storage_account", "blob_secondary"): "privatelink.blob.core.windows.net",
    ("storage_account", "file"): "privatelink.file.core.windows.net",
    ("storage_account", "queue"): "privatelink.queue.core.windows.net",
    ("storage_account", "table"): "privatelink.table.core.windows.net",
    ("storage_account", "dfs"): "privatelink.dfs.core.windows.net",
    ("storage_account", "web"): "privatelink.web.core.windows.net",
    ("key_vault", "vault"): "privatelink.vaultcore.azure.net",
    ("function_app", "sites"): "privatelink.azurewebsites.net",
    ("web_app", "sites"): "privatelink.azurewebsites.net",
    ("logic_app", "sites"): "privatelink.azurewebsites.net",
    ("app_configuration", "configurationStores"): "privatelink.azconfig.io",
    ("container_registry", "registry"): "privatelink.azurecr.io",
    ("sql_server", "sqlServer"): "privatelink.database.windows.net",
}


def _records(value: Any) -> Iterator[Any]:
    """Every dataclass record reachable from a module-level constant."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _records(item)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _records(item)


def _all_records() -> list[Any]:
    found = []
    for name, value in vars(facts).items():
        if name.isupper() and not name.startswith("_"):
            found.extend(_records(value))
    return found


# --- sources ------------------------------------------------------------------------------------


def test_module_has_many_fact_records() -> None:
    assert len(_all_records()) > 100


@pytest.mark.parametrize("record", _all_records(), ids=lambda r: type(r).__name__)
def test_every_record_cites_microsoft_learn(record: Any) -> None:
    source = record.source
    assert isinstance(source, str)
    assert source.startswith(LEARN_PREFIX), source
    assert " " not in source
    for extra in getattr(record, "extra_sources", ()):
        assert extra.startswith(LEARN_PREFIX), extra


def test_plain_constants_have_sources() -> None:
    assert facts.MIN_TLS_VERSION_FACT.source.startswith(LEARN_PREFIX)
    assert facts.MIN_TLS_VERSION == facts.MIN_TLS_VERSION_FACT.value == "1.2"


# Public constants that are derived from records (so their facts are cited there), not facts.
DERIVED = {
    "WAF_MANAGED_RULE_SETS": "WAF_RULE_SET_FACTS",
    "WAF_DEPRECATED_RULE_SETS": "WAF_RULE_SET_FACTS",
    "MIN_TLS_VERSION": "MIN_TLS_VERSION_FACT",
}


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, tuple | list | frozenset | set) and not dataclasses.is_dataclass(value):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_every_fact_is_a_record_with_its_source() -> None:
    """A bare number or name added to the module fails here: wrap it in Fact/Limit with the
    page that states it (or list it in DERIVED with the record it comes from)."""
    bare = {}
    for name, value in vars(facts).items():
        if not name.isupper() or name.startswith("_") or name in DERIVED:
            continue
        loose = [leaf for leaf in _leaves(value) if not dataclasses.is_dataclass(leaf)]
        if loose:
            bare[name] = loose[:3]
    assert bare == {}
    for name, origin in DERIVED.items():
        assert hasattr(facts, name) and hasattr(facts, origin)


def test_records_are_frozen() -> None:
    zone = facts.PRIVATE_DNS_ZONES[("key_vault", "vault")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        zone.zone = "example.com"  # type: ignore[misc]


# --- private DNS zones ---------------------------------------------------------------------------


def test_private_dns_zone_keys_are_component_kind_and_group_id() -> None:
    for key, fact in facts.PRIVATE_DNS_ZONES.items():
        assert isinstance(key, tuple) and len(key) == 2
        service, subresource = key
        assert service in COMPONENT_KINDS
        assert isinstance(subresource, str) and subresource
        assert isinstance(fact, facts.PrivateDnsZoneFact)
        assert fact.zone.startswith("privatelink.")


@pytest.mark.parametrize(("key", "zone"), sorted(REQUIRED_ZONES.items()))
def test_required_private_dns_zones(key: tuple[str, str], zone: str) -> None:
    fact = facts.private_dns_zone_for(*key)
    assert fact is not None
    assert fact.zone == zone


def test_private_dns_zone_for_helper() -> None:
    ehns = facts.private_dns_zone_for("event_hubs_namespace", "namespace")
    assert ehns is not None
    assert ehns.zone == "privatelink.servicebus.windows.net"
    assert facts.private_dns_zone_for("storage_account", "sites") is None
    # Group IDs are case-sensitive: Cosmos 'Table' is not storage 'table'.
    assert facts.private_dns_zone_for("cosmos_account", "table") is None
    assert facts.private_dns_zone_for("cosmos_account", "sql") is None


def test_ase_dns_zone() -> None:
    assert facts.ASE_V3_DNS_ZONE_SUFFIX.value == "appserviceenvironment.net"
    assert facts.ase_v3_private_dns_zone("My-ASE") == "my-ase.appserviceenvironment.net"


def test_runtime_storage_subresources_are_storage_group_ids() -> None:
    for fact in (
        facts.FUNCTION_RUNTIME_STORAGE_SUBRESOURCES,
        facts.FUNCTION_RUNTIME_STORAGE_CONDITIONAL_SUBRESOURCES,
        facts.LOGIC_APP_RUNTIME_STORAGE_SUBRESOURCES,
    ):
        assert isinstance(fact.value, frozenset) and fact.value
        for sub in fact.value:
            assert facts.private_dns_zone_for("storage_account", sub) is not None
    assert facts.FUNCTION_RUNTIME_STORAGE_SUBRESOURCES.value == {"blob", "file"}
    assert facts.FUNCTION_RUNTIME_STORAGE_CONDITIONAL_SUBRESOURCES.value == {"queue", "table"}
    assert facts.LOGIC_APP_RUNTIME_STORAGE_SUBRESOURCES.value == {"blob", "file", "queue", "table"}


# --- subnets -----------------------------------------------------------------------------------


def test_subnet_requirement_keys() -> None:
    expected = {
        "app_service_environment",
        "bastion",
        "application_gateway",
        "gateway",
        "firewall",
        "private_endpoints",
        "app_service_integration",
    }
    assert expected <= set(facts.SUBNET_REQUIREMENTS)
    for purpose, req in facts.SUBNET_REQUIREMENTS.items():
        assert isinstance(purpose, str)
        assert req.purpose == purpose
        for prefix in (req.min_prefix_length, req.recommended_prefix_length):
            assert prefix is None or (isinstance(prefix, int) and 0 < prefix <= 32)
        if req.min_prefix_length is not None and req.recommended_prefix_length is not None:
            assert req.recommended_prefix_length <= req.min_prefix_length


def test_subnet_specifics() -> None:
    req = facts.SUBNET_REQUIREMENTS
    assert req["bastion"].required_name == "AzureBastionSubnet"
    assert req["bastion"].min_prefix_length == 26
    assert req["bastion"].nsg_allowed
    assert req["gateway"].required_name == "GatewaySubnet"
    assert req["gateway"].min_prefix_length == 27
    assert not req["gateway"].nsg_allowed
    assert req["firewall"].required_name == "AzureFirewallSubnet"
    assert req["firewall"].min_prefix_length == 26
    assert req["app_service_environment"].required_delegation == (
        "Microsoft.Web/hostingEnvironments"
    )
    assert req["app_service_integration"].required_delegation == "Microsoft.Web/serverFarms"
    assert req["app_service_integration"].min_prefix_length == 28
    assert req["application_gateway"].recommended_prefix_length == 24
    assert req["private_endpoints"].min_prefix_length is None


def test_subnet_helpers() -> None:
    assert facts.subnet_prefix_meets_minimum("10.0.0.0/26", "bastion")
    assert facts.subnet_prefix_meets_minimum("10.0.0.0/24", "bastion")
    assert not facts.subnet_prefix_meets_minimum("10.0.0.0/27", "bastion")
    assert facts.subnet_prefix_meets_minimum("10.0.0.0/29", "private_endpoints")
    assert facts.usable_subnet_addresses("10.0.0.0/24") == 251
    assert facts.usable_subnet_addresses("10.0.0.0/29") == 3
    with pytest.raises(KeyError):
        facts.subnet_prefix_meets_minimum("10.0.0.0/24", "no_such_purpose")
    with pytest.raises(ValueError):
        facts.subnet_prefix_meets_minimum("not-a-cidr", "bastion")
    # sanity: the helpers agree with ipaddress
    assert ipaddress.ip_network("10.0.0.0/28").num_addresses - 5 == 11


# --- SKUs --------------------------------------------------------------------------------------


def test_tier_tables_keys_match_records() -> None:
    assert set(facts.SERVICE_BUS_TIERS) == {"basic", "standard", "premium"}
    assert set(facts.EVENT_HUBS_TIERS) == {"basic", "standard", "premium", "dedicated"}
    assert set(facts.REDIS_TIERS) == {
        "basic",
        "standard",
        "premium",
        "enterprise",
        "enterprise_flash",
    }
    for table in (facts.SERVICE_BUS_TIERS, facts.EVENT_HUBS_TIERS, facts.REDIS_TIERS):
        for key, record in table.items():
            assert isinstance(key, str)
            assert record.tier == key


def test_service_bus_tiers() -> None:
    basic, standard, premium = (
        facts.SERVICE_BUS_TIERS[t] for t in ("basic", "standard", "premium")
    )
    assert not basic.topics_supported and standard.topics_supported and premium.topics_supported
    assert not basic.sessions_supported and not basic.duplicate_detection_supported
    assert premium.private_endpoints_supported and not standard.private_endpoints_supported
    assert premium.zone_redundancy_supported and standard.zone_redundancy_supported
    assert standard.max_message_size_kb == 256


def test_event_hubs_tiers() -> None:
    tiers = facts.EVENT_HUBS_TIERS
    assert [t for t, f in tiers.items() if f.auto_inflate_supported] == ["standard"]
    assert not tiers["basic"].capture_supported
    assert not tiers["basic"].private_endpoints_supported
    assert tiers["standard"].max_partitions_per_event_hub == 32
    assert tiers["premium"].max_retention_days == 90
    assert tiers["basic"].max_consumer_groups_per_event_hub == 1


def test_redis_facts() -> None:
    assert facts.REDIS_TIERS["premium"].persistence_modes == {"rdb", "aof"}
    assert not facts.REDIS_TIERS["standard"].persistence_modes
    assert not facts.REDIS_TIERS["basic"].zone_redundancy_supported
    assert facts.REDIS_RDB_AND_AOF_MUTUALLY_EXCLUSIVE.value is True
    assert facts.REDIS_RDB_BACKUP_FREQUENCIES_MINUTES.value == {15, 30, 60, 360, 720, 1440}


@pytest.mark.parametrize(
    ("sku", "family"),
    [
        ("I1v2", "isolated_v2"),
        ("i6v2", "isolated_v2"),
        ("I1mv2", "isolated_v2"),
        ("EP1", "elastic_premium"),
        ("EP3", "elastic_premium"),
        ("P1v3", "premium_v3"),
        ("P1mv3", "premium_v3"),
        ("P0v3", "premium_v3"),
        ("P2v2", "premium_v2"),
        ("P1v4", "premium_v4"),
        ("S1", "standard"),
        ("B2", "basic"),
    ],
)
def test_app_service_sku_family(sku: str, family: str) -> None:
    fact = facts.app_service_sku_family(sku)
    assert fact is not None
    assert fact.family == family


def test_app_service_sku_facts() -> None:
    assert facts.app_service_sku_family("Y1") is None
    assert facts.app_service_sku_family("EP4") is None
    ase_capable = {k for k, f in facts.APP_SERVICE_SKUS.items() if f.ase_v3_supported}
    assert ase_capable == {"isolated_v2"}
    for key, fam in facts.APP_SERVICE_SKUS.items():
        assert fam.family == key
        if fam.zone_redundancy_supported:
            assert fam.min_zone_redundant_instances is not None
            assert fam.min_zone_redundant_instances >= 2
        else:
            assert fam.min_zone_redundant_instances is None
    ep = facts.APP_SERVICE_SKUS["elastic_premium"]
    assert ep.zone_redundancy_supported and not ep.ase_v3_supported


def test_storage_replication() -> None:
    assert set(facts.STORAGE_REPLICATION) == {"LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"}
    no_archive = {k for k, f in facts.STORAGE_REPLICATION.items() if not f.archive_tier_supported}
    assert no_archive == {"ZRS", "GZRS", "RAGZRS"}
    for key, fact in facts.STORAGE_REPLICATION.items():
        assert fact.sku == key
    ragzrs = facts.storage_replication_for("Standard_RAGZRS")
    assert ragzrs is facts.STORAGE_REPLICATION["RAGZRS"]
    assert facts.storage_replication_for("RA-GZRS") is ragzrs
    assert facts.storage_replication_for("zrs") is facts.STORAGE_REPLICATION["ZRS"]
    assert facts.storage_replication_for("Premium_LRS") is facts.STORAGE_REPLICATION["LRS"]
    assert facts.storage_replication_for("XYZ") is None
    assert facts.ZONE_REDUNDANT_FUNCTION_APP_REQUIRES_ZONE_REDUNDANT_STORAGE.value is True


def test_waf_rule_sets() -> None:
    assert set(facts.WAF_MANAGED_RULE_SETS) == {"front_door", "application_gateway"}
    for product, rule_sets in facts.WAF_MANAGED_RULE_SETS.items():
        assert isinstance(product, str)
        assert isinstance(rule_sets, frozenset)
        for entry in rule_sets:
            assert isinstance(entry, tuple) and len(entry) == 2
            assert all(isinstance(part, str) for part in entry)
    for record in facts.WAF_RULE_SET_FACTS:
        assert record.status in {"supported", "final_support", "unsupported"}

    supported = facts.waf_rule_set_supported
    assert supported("front_door", "OWASP", "3.2") is False  # no OWASP CRS on Front Door
    assert supported("front_door", "Microsoft_DefaultRuleSet", "2.1")
    assert supported("front_door", "Microsoft_BotManagerRuleSet", "1.1")
    assert supported("application_gateway", "OWASP", "3.2")
    assert supported("application_gateway", "Microsoft_DefaultRuleSet", "2.1")
    assert supported("application_gateway", "Microsoft_BotManagerRuleSet", "1.0")
    assert not supported("application_gateway", "OWASP", "2.2.9")
    assert not supported("application_gateway", "Microsoft_BotManagerRuleSet", "0.1")
    assert not supported("cdn", "Microsoft_DefaultRuleSet", "2.1")
    # 3.1 still works (final support) but is flagged as deprecated
    assert supported("application_gateway", "OWASP", "3.1")
    assert ("OWASP", "3.1") in facts.WAF_DEPRECATED_RULE_SETS["application_gateway"]
    assert ("OWASP", "3.2") not in facts.WAF_DEPRECATED_RULE_SETS["application_gateway"]
    assert facts.FRONT_DOOR_MANAGED_WAF_RULES_REQUIRE_PREMIUM.value is True


def test_cosmos_facts() -> None:
    cosmos = facts.COSMOS_FACTS
    assert cosmos["consistency_levels"].value == (
        "Strong",
        "BoundedStaleness",
        "Session",
        "ConsistentPrefix",
        "Eventual",
    )
    assert cosmos["continuous_backup_tiers"].value == ("Continuous7Days", "Continuous30Days")
    assert cosmos["periodic_backup_interval_minutes_min"].value == 60
    assert cosmos["periodic_backup_interval_minutes_default"].value == 240
    assert cosmos["serverless_multi_region_supported"].value is False


# --- limits ------------------------------------------------------------------------------------


def test_service_limits() -> None:
    limits = facts.SERVICE_LIMITS
    for name, limit in limits.items():
        assert isinstance(name, str) and "." in name
        assert isinstance(limit, facts.Limit)
        assert isinstance(limit.value, int | float)
        assert limit.unit
    assert limits["service_bus.lock_duration_max"].value == 5
    assert limits["service_bus.lock_duration_max"].unit == "minutes"
    assert limits["service_bus.duplicate_detection_window_max"].value == 7
    assert limits["service_bus.duplicate_detection_window_min"].value == 20
    assert limits["service_bus.max_delivery_count_min"].value == 1
    assert limits["service_bus.default_message_ttl_max_basic"].value == 14
    assert limits["event_grid.max_delivery_attempts_max"].value == 30
    assert limits["event_grid.event_ttl_max_minutes"].value == 1440
    assert limits["traffic_manager.tolerated_failures_max"].value == 9
    assert limits["front_door.probe_interval_max_seconds"].value == 255
    assert limits["app_gateway.autoscale_max_instances"].value == 125
    assert limits["app_gateway.backend_request_timeout_default_seconds"].value == 20
    assert limits["log_analytics.retention_max_days"].value == 730
    assert limits["cosmos.ttl_on_never_expire_value"].value == -1
    assert limits["ase_v3.creation_time_min_minutes"].value == 60
    assert facts.TRAFFIC_MANAGER_PROBE_INTERVALS_SECONDS.value == {10, 30}
    assert facts.SERVICE_BUS_DEAD_LETTER_MESSAGES_EXPIRE.value is False


# --- regions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "canonical"),
    [
        ("East US 2", "eastus2"),
        ("eastus2", "eastus2"),
        ("  West Europe ", "westeurope"),
        ("Germany West Central", "germanywestcentral"),
        ("EAST-US", "eastus"),
    ],
)
def test_normalize_region(display: str, canonical: str) -> None:
    assert facts.normalize_region(display) == canonical


def test_region_helpers_read_the_regions_data() -> None:
    assert facts.region_has_availability_zones("East US 2")
    assert facts.region_has_availability_zones("austriaeast")  # newer than the old list
    assert not facts.region_has_availability_zones("West Central US")
    assert not facts.region_has_availability_zones("westeurop")  # unknown: no zones known
    assert facts.paired_region("East US 2") == "centralus"
    assert facts.paired_region("North Europe") == "westeurope"
    assert facts.paired_region("westeurope") == "northeurope"
    assert facts.paired_region("West US 3") == "eastus"
    assert facts.paired_region("Italy North") is None
    assert facts.paired_region("nowhere") is None


# --- facts corrected against Microsoft Learn (issue 14) ----------------------------------------


def test_event_hubs_premium_processing_units() -> None:
    assert facts.EVENT_HUBS_PREMIUM_PROCESSING_UNITS.value == {1, 2, 4, 6, 8, 10, 12, 16}


def test_front_door_drs_1_2_is_still_accepted_until_2027() -> None:
    assert facts.waf_rule_set_supported("front_door", "Microsoft_DefaultRuleSet", "1.2")
    deprecated = facts.WAF_DEPRECATED_RULE_SETS["front_door"]
    assert ("Microsoft_DefaultRuleSet", "1.2") in deprecated
    (fact,) = [
        f
        for f in facts.WAF_RULE_SET_FACTS
        if (f.product, f.rule_set_type, f.version)
        == ("front_door", "Microsoft_DefaultRuleSet", "1.2")
    ]
    assert fact.end_of_support == "2027-02-26"


def test_application_gateway_http_ddos_rule_set_is_offered() -> None:
    assert facts.waf_rule_set_supported("application_gateway", "Microsoft_HTTPDDoSRuleSet", "1.0")
    assert not facts.waf_rule_set_supported("front_door", "Microsoft_HTTPDDoSRuleSet", "1.0")


def test_event_hubs_dedicated_publication_size() -> None:
    assert facts.EVENT_HUBS_TIERS["dedicated"].max_publication_size_kb == 20 * 1024
    assert facts.EVENT_HUBS_TIERS["premium"].max_publication_size_kb == 1024


# --- import cost -------------------------------------------------------------------------------


def test_module_imports_only_the_standard_library() -> None:
    # Cheap to import: no third-party module (its cost is measured in benchmarks/, not here).
    code = (
        "import sys\n"
        "import archlint.azure.facts\n"
        "print(','.join(m for m in ('pydantic', 'yaml', 'networkx') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
