"""The seed architecture is in spec/architecture.yaml, whole, and matches its schema."""

from __future__ import annotations

import json
from datetime import timedelta
from ipaddress import ip_network

import jsonschema
import pytest
import yaml

from archlint.loader import load_spec
from archlint.model.schema import schema_text
from tests.conftest import ROOT, SEED_SPEC

SCHEMA_FILE = ROOT / "schema" / "architecture.schema.json"


@pytest.fixture(scope="module")
def seed():
    return load_spec(SEED_SPEC).architecture


def test_committed_schema_is_fresh() -> None:
    assert SCHEMA_FILE.read_text() == schema_text(), (
        "schema/architecture.schema.json is stale: run `archlint schema > "
        "schema/architecture.schema.json`"
    )


def test_schema_is_draft7_and_validates_the_seed() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    data = yaml.safe_load(SEED_SPEC.read_text())
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
    assert errors == []


def test_schema_rejects_an_unknown_key() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    data = yaml.safe_load(SEED_SPEC.read_text())
    data["metadata"]["colour"] = "red"
    assert not jsonschema.Draft7Validator(schema).is_valid(data)


def test_spec_has_schema_modeline() -> None:
    first = SEED_SPEC.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/architecture.schema.json"


def test_subnets_as_in_the_seed(seed) -> None:
    subnets = {s.purpose: s.cidr for v in seed.network.vnets for s in v.subnets}
    assert seed.network.vnets[0].address_space == [ip_network("10.0.0.0/16")]
    assert subnets == {
        "app_service_environment": ip_network("10.0.1.0/24"),
        "private_endpoints": ip_network("10.0.2.0/24"),
        "hybrid_connectivity": ip_network("10.0.3.0/24"),
        "bastion": ip_network("10.0.4.0/26"),
        "management": ip_network("10.0.5.0/24"),
        "application_gateway": ip_network("10.0.6.0/24"),
    }


def test_private_dns_zones_as_in_the_seed(seed) -> None:
    zones = {z.zone for z in seed.network.private_dns_zones}
    assert zones == {
        "privatelink.eventgrid.azure.net",
        "privatelink.servicebus.windows.net",
        "privatelink.documents.azure.com",
        "privatelink.redis.cache.windows.net",
        "privatelink.blob.core.windows.net",
        "ase-myapp-prod.appserviceenvironment.net",
    }


def test_messaging_as_in_the_seed(seed) -> None:
    (bus,) = seed.messaging.service_bus
    assert bus.tier == "premium" and bus.zone_redundant
    purposes = [q.purpose.split(" (")[0] for q in bus.queues]
    assert purposes == ["File processing", "Order processing", "Notifications", "DLQ monitor"]
    assert all(q.duplicate_detection_window == timedelta(minutes=10) for q in bus.queues)
    assert all(timedelta(days=7) <= q.default_message_ttl <= timedelta(days=14) for q in bus.queues)
    assert [q.requires_session for q in bus.queues] == [False, True, False, False]
    (hubs,) = seed.messaging.event_hubs
    assert hubs.tier == "premium" and hubs.zone_redundant
    assert hubs.auto_inflate.max_throughput_units == 10
    groups = {g.purpose for h in hubs.hubs for g in h.consumer_groups}
    assert {"analytics", "real-time processing", "event store materialization"} <= groups
    assert all(8 <= h.partitions <= 16 for h in hubs.hubs)


def test_cosmos_as_in_the_seed(seed) -> None:
    (cosmos,) = seed.data.cosmos_accounts
    assert [r.region for r in cosmos.regions] == ["eastus2", "westus2", "centralus"]
    assert cosmos.multi_region_writes and cosmos.automatic_failover
    assert cosmos.consistency.level == "Session"
    assert cosmos.backup.mode == "continuous" and cosmos.analytical_storage
    ttls = {c.name: c.ttl for d in cosmos.databases for c in d.containers}
    assert ttls == {
        "DomainEvents": -1,
        "Snapshots": timedelta(days=30),
        "ReadModels": None,
        "SessionState": timedelta(hours=24),
        "DLQTracking": timedelta(days=90),
        "CircuitBreakerState": timedelta(hours=24),
    }


def test_resilience_as_in_the_seed(seed) -> None:
    retries = {r.id: r for r in seed.resilience.retry_policies}
    assert retries["retry-transient"].max_attempts == 5
    assert retries["retry-rate-limit"].base_delay == timedelta(seconds=5)
    timeouts = {t.dependency_kind: t.timeout.total_seconds() for t in seed.resilience.timeouts}
    assert timeouts == {"http": 30, "database": 10, "cache": 5}
    breakers = {
        c.id: (c.failure_threshold, c.break_duration.total_seconds())
        for c in seed.resilience.circuit_breakers
    }
    assert breakers == {"cb-external-api": (5, 60), "cb-database": (3, 30)}
    bulkheads = {b.id: (b.max_concurrency, b.max_queued) for b in seed.resilience.bulkheads}
    assert bulkheads == {"bulkhead-critical": (100, 50), "bulkhead-background": (20, 100)}


def test_monitoring_and_dr_as_in_the_seed(seed) -> None:
    signals = {a.signal for a in seed.monitoring.alerts}
    assert signals == {
        "function-5xx",
        "dlq-growth",
        "ase-health",
        "web-response-time",
        "eventhub-lag",
        "cosmos-ru",
        "redis-memory",
    }
    assert seed.monitoring.log_analytics[0].retention == timedelta(days=90)
    assert seed.disaster_recovery.objectives.rto == timedelta(hours=1)
    assert seed.disaster_recovery.objectives.rpo == timedelta(minutes=15)
    vm_policy = seed.get("bkpol-vm-daily")
    assert (
        vm_policy.retention.daily,
        vm_policy.retention.weekly,
        vm_policy.retention.monthly,
        vm_policy.retention.yearly,
    ) == (30, 12, 12, 7)


def test_four_flows(seed) -> None:
    kinds = [f.flow_kind for f in seed.flows.flows]
    assert kinds == ["synchronous", "asynchronous", "dead_letter", "orchestration"]


def test_no_literal_secret_in_the_seed(seed) -> None:
    vm = seed.get("vm-management")
    assert not isinstance(vm.admin_password, str)
    assert vm.admin_password.variable == "management_vm_admin_password"
    assert "SecurePassword123!" not in SEED_SPEC.read_text()
