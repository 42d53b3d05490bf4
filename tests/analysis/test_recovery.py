"""Recovery arithmetic: data of record, achievable RPO per service, recovery and detection."""

from __future__ import annotations

from datetime import timedelta

import pytest

from archlint.analysis.recovery import (
    achievable_rpo,
    data_of_record,
    detection,
    recovery_time,
)
from archlint.loader import load_spec, load_spec_text
from archlint.model import Architecture
from tests.conftest import SEED_SPEC


@pytest.fixture(scope="module")
def seed() -> Architecture:
    return load_spec(SEED_SPEC).architecture


def spec(text: str) -> Architecture:
    return load_spec_text(
        "metadata: {name: t, primary_region: eastus2}\n" + text, "t.yaml"
    ).architecture


def test_seed_data_of_record_skips_cache_aside_redis_and_runtime_storage(
    seed: Architecture,
) -> None:
    ids = [c.id for c in data_of_record(seed)]
    assert ids == ["evhns-main", "sb-main", "cosmos-main", "st-eventstore"]


def test_seed_rpo_per_store(seed: Architecture) -> None:
    rpo = {c.id: achievable_rpo(seed, c) for c in data_of_record(seed)}
    assert rpo["cosmos-main"].rpo == timedelta(minutes=15)
    assert rpo["st-eventstore"].rpo == timedelta(minutes=15)
    assert rpo["sb-main"].rpo is None
    assert rpo["evhns-main"].rpo == timedelta(minutes=20)  # 5m capture + 15m GRS lag


def test_seed_detection_and_ase_recovery(seed: Architecture) -> None:
    found = detection(seed)
    assert found is not None and found.router.id == "tm-main"
    assert found.time == timedelta(seconds=3 * 30 + 10 + 30)
    designs = {d.component: d for d in seed.disaster_recovery.failover}
    assert recovery_time(seed, designs["ase-main"])[0] == timedelta(minutes=90)
    assert recovery_time(seed, designs["cosmos-main"])[0] == timedelta(0)
    assert recovery_time(seed, designs["sb-main"]) is None  # no stated time


COSMOS = """
data:
  cosmos_accounts:
    - id: cosmos
      regions: {regions}
      consistency: {consistency}
      backup: {backup}
      databases: [{{id: db, containers: [{{id: ctr, partition_key: /id}}]}}]
flows:
  actors: [{{id: app, actor_kind: external_system}}]
  flows:
    - {{id: f, name: f, flow_kind: asynchronous, steps: [{{from: app, to: ctr, kind: write}}]}}
"""
ONE = "[{region: eastus2, failover_priority: 0}]"
TWO = "[{region: eastus2, failover_priority: 0}, {region: westus2, failover_priority: 1}]"


@pytest.mark.parametrize(
    ("regions", "consistency", "backup", "expected"),
    [
        (ONE, "{level: Session}", "{mode: continuous}", timedelta(minutes=240)),
        (ONE, "{level: Session}", "{mode: periodic, interval: 1h}", timedelta(hours=1)),
        (ONE, "{level: Session}", "{mode: periodic, storage_redundancy: Local}", None),
        (TWO, "{level: Session}", "{mode: continuous}", timedelta(minutes=15)),
        (TWO, "{level: Strong}", "{mode: continuous}", timedelta(0)),
        (
            TWO,
            "{level: BoundedStaleness, max_interval: 10m}",
            "{mode: continuous}",
            timedelta(minutes=10),
        ),
        (
            TWO,
            "{level: BoundedStaleness, max_interval: 1m}",
            "{mode: continuous}",
            timedelta(seconds=300),
        ),
    ],
)
def test_cosmos_rpo(
    regions: str, consistency: str, backup: str, expected: timedelta | None
) -> None:
    arch = spec(COSMOS.format(regions=regions, consistency=consistency, backup=backup))
    [account] = data_of_record(arch)
    assert achievable_rpo(arch, account).rpo == expected


def test_storage_without_geo_copy_falls_back_to_geo_vault_backups() -> None:
    arch = spec(
        """
data:
  storage_accounts: [{id: st, replication: ZRS}]
disaster_recovery:
  vaults:
    - {id: bv, vault_kind: backup, redundancy: GeoRedundant}
    - {id: bv-local, vault_kind: backup, redundancy: LocallyRedundant}
  backup_policies:
    - {id: daily, vault: bv, workload: blob, schedule: {frequency: daily}, retention: {daily: 7},
       protected: [st]}
    - {id: hourly-local, vault: bv-local, workload: blob, schedule: {frequency: hourly},
       retention: {daily: 7}, protected: [st]}
"""
    )
    account = arch.get("st")
    assert achievable_rpo(arch, account).rpo == timedelta(days=1)


def test_redis_rpo_counts_rdb_only_and_cache_aside_is_skipped() -> None:
    arch = spec(
        """
data:
  storage_accounts: [{id: st, replication: GRS}]
  redis_caches:
    - id: redis
      tier: premium
      persistence:
        rdb: {frequency: 1h, storage_account: st}
        aof: {storage_account: st}
"""
    )
    assert achievable_rpo(arch, arch.get("redis")).rpo == timedelta(minutes=75)
    assert data_of_record(arch) == []
