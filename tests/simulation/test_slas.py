"""The SLA table (azure/slas.json) and how a component's configuration selects its figure."""

from __future__ import annotations

from typing import Any

import pytest

from archlint.analysis.availability import sla_of, sla_table
from archlint.model.containers import AksNodePool, KubernetesCluster
from archlint.model.data import CosmosAccount, CosmosRegion
from archlint.model.databases import SqlDatabase
from archlint.model.edge import ApplicationGateway
from archlint.model.egress import Firewall
from archlint.model.fieldpaths import component_classes

#: Conditions computed from the component rather than read from one of its fields.
DERIVED = {"multi_region", "spans_zones"}


def test_every_condition_names_a_field_of_its_kind() -> None:
    classes = component_classes()
    for entry in sla_table()["services"]:
        fields = set(classes[entry["kind"]].model_fields)
        unknown = set(entry.get("when", {})) - fields - DERIVED
        assert not unknown, (entry["kind"], unknown)


def test_every_figure_names_the_page_it_was_read_on() -> None:
    for entry in sla_table()["services"]:
        assert entry["source"].startswith("https://"), entry
        assert 99 <= entry["sla"] <= 100, entry


def test_every_unsourced_kind_is_a_kind() -> None:
    assert set(sla_table()["not_sourced"]) <= set(component_classes())


def _percent(component: Any) -> float | None:
    sla = sla_of(component)
    assert sla is not None
    return sla.percent


@pytest.mark.parametrize(("zones", "percent"), [([1, 2, 3], 99.99), ([1], 99.95), ([], 99.95)])
def test_a_firewall_in_two_or_more_zones_has_the_higher_figure(zones, percent) -> None:  # type: ignore[no-untyped-def]
    assert _percent(Firewall.model_construct(id="fw", tier="Standard", zones=zones)) == percent


def test_a_basic_firewall_has_no_sourced_figure() -> None:
    assert _percent(Firewall.model_construct(id="fw", tier="Basic", zones=[1, 2])) is None


def _pool(zones: list[int]) -> AksNodePool:
    return AksNodePool.model_construct(id="pool", zones=zones)


@pytest.mark.parametrize(
    ("tier", "pools", "percent"),
    [
        ("Standard", [[1, 2, 3], [1, 2]], 99.95),
        ("Premium", [[1, 2, 3], [1]], 99.9),  # one pool in one zone: not a zonal cluster
        ("Standard", [], 99.9),
        ("Free", [[1, 2, 3]], None),  # no financially backed SLA
    ],
)
def test_aks_by_tier_and_zones(tier, pools, percent) -> None:  # type: ignore[no-untyped-def]
    cluster = KubernetesCluster.model_construct(
        id="aks", sku_tier=tier, node_pools=[_pool(z) for z in pools]
    )
    assert _percent(cluster) == percent


def _region(name: str, priority: int, zone_redundant: bool) -> CosmosRegion:
    return CosmosRegion.model_construct(
        region=name, failover_priority=priority, zone_redundant=zone_redundant
    )


@pytest.mark.parametrize(
    ("regions", "writes", "percent"),
    [
        ([("eastus2", 0, False)], False, 99.99),
        ([("eastus2", 0, True)], False, 99.995),
        ([("eastus2", 0, False), ("westus2", 1, True)], False, 99.99),  # write region not ZR
        ([("eastus2", 1, False), ("westus2", 0, True)], False, 99.995),
        ([("eastus2", 0, False), ("westus2", 1, False)], True, 99.999),
    ],
)
def test_cosmos_by_configuration(regions, writes, percent) -> None:  # type: ignore[no-untyped-def]
    account = CosmosAccount.model_construct(
        id="cosmos", regions=[_region(*r) for r in regions], multi_region_writes=writes
    )
    assert _percent(account) == percent


def test_a_multi_region_cosmos_account_counts_its_regions_itself() -> None:
    account = CosmosAccount.model_construct(
        id="cosmos", regions=[_region("eastus2", 0, True), _region("westus2", 1, True)]
    )
    sla = sla_of(account)
    assert sla is not None and sla.counts_regions


@pytest.mark.parametrize(
    ("tier", "zone_redundant", "percent"),
    [
        ("BusinessCritical", True, 99.995),
        ("BusinessCritical", False, 99.99),
        ("GeneralPurpose", True, 99.99),
        ("Hyperscale", False, None),
        (None, False, None),  # in an elastic pool: the pool's tier
    ],
)
def test_sql_database_by_tier(tier, zone_redundant, percent) -> None:  # type: ignore[no-untyped-def]
    database = SqlDatabase.model_construct(id="db", tier=tier, zone_redundant=zone_redundant)
    assert _percent(database) == percent


@pytest.mark.parametrize(("sku", "percent"), [("WAF_v2", 99.95), ("Standard_Medium", None)])
def test_application_gateway_v2_only(sku, percent) -> None:  # type: ignore[no-untyped-def]
    assert _percent(ApplicationGateway.model_construct(id="agw", sku=sku)) == percent
