"""Terraform and Bicep for AKS clusters and container registries
(tests/generators/fixtures/containers.yaml): valid against the azurerm 4.x schema and Azure's
types, settings carried, what cannot be written said in a comment, and the Terraform reads
back into the same model."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.generators.bicep import build_bicep, generate_bicep
from archlint.generators.output import write_files
from archlint.generators.terraform import generate_terraform
from archlint.importers import load_terraform
from archlint.importers.provider_schema import validate_block
from archlint.model import Architecture

from .bicep_types import check_resource
from .conftest import FIXTURES, ParsedConfig, load, unquote

SPEC = FIXTURES / "containers.yaml"


@pytest.fixture(scope="module")
def spec() -> Architecture:
    return load(SPEC)


@pytest.fixture(scope="module")
def config(spec: Architecture) -> ParsedConfig:
    return ParsedConfig.parse(generate_terraform(spec))


def test_every_resource_matches_the_azurerm_schema(config: ParsedConfig) -> None:
    resources = config.resources()
    problems = [
        f"{r.type}.{r.name}: {p}" for r in resources for p in validate_block(r.type, r.body)
    ]
    assert problems == []


def test_pools_split_into_default_pool_and_pool_resources(config: ParsedConfig) -> None:
    cluster = config.resource("azurerm_kubernetes_cluster", "aks_public")
    assert unquote(cluster.blocks("default_node_pool")[0]["name"]) == "npsys"
    assert cluster.get("sku_tier") == "Premium"
    ranges = cluster.blocks("api_server_access_profile")[0]["authorized_ip_ranges"]
    assert [unquote(item) for item in ranges] == ["203.0.113.0/24"]
    windows = config.resource("azurerm_kubernetes_cluster_node_pool", "np_win")
    assert (windows.get("os_type"), windows.get("name")) == ("Windows", "npwin")
    second_system = config.resource("azurerm_kubernetes_cluster_node_pool", "np_sys2")
    assert (second_system.get("mode"), second_system.get("max_count")) == ("System", 4)


def test_what_cannot_be_written_is_said(config: ParsedConfig, spec: Architecture) -> None:
    compute = generate_terraform(spec)["compute.tf"]
    assert "AKS cluster 'aks-no-system': not generated, it has no System node pool" in compute
    assert "outbound_type userDefinedRouting needs a network_profile" in compute
    assert "asks for geo-replications, which only the Premium" in compute
    standard = config.resource("azurerm_container_registry", "acr_standard_asks_too_much")
    assert "georeplications" not in standard.body
    bicep = generate_bicep(spec)["compute.bicep"]
    assert "AKS cluster 'aks-no-system' has no System node pool: not generated." in bicep


def test_geo_replications_reach_both_outputs(config: ParsedConfig, spec: Architecture) -> None:
    registry = config.resource("azurerm_container_registry", "acr_geo")
    locations = [unquote(block["location"]) for block in registry.blocks("georeplications")]
    assert locations == ["northeurope", "swedencentral"]
    replications = [
        r for r in build_bicep(spec).resources if r.type.endswith("registries/replications")
    ]
    assert len(replications) == 2


def test_every_bicep_resource_matches_azure_types(spec: Architecture) -> None:
    resources = build_bicep(spec).resources
    assert [problem for resource in resources for problem in check_resource(resource)] == []


def test_generated_terraform_reads_back(tmp_path: Path, spec: Architecture) -> None:
    write_files(tmp_path, generate_terraform(spec))
    imported = load_terraform(tmp_path).architecture
    cluster = imported.get("aks_public-kubernetes_cluster") or next(
        c for c in imported.compute.kubernetes_clusters if c.resource_name == "aks-public"
    )
    pools = {pool.resource_name: pool for pool in cluster.node_pools}
    assert sorted(pools) == ["npsys", "npsys2", "npwin"]
    assert (pools["npwin"].os, pools["npsys2"].autoscale.max) == ("windows", 4)
    assert cluster.automatic_upgrade_channel == "patch"
    geo = next(r for r in imported.compute.container_registries if r.sku == "Premium")
    assert [replica.region for replica in geo.geo_replications] == ["northeurope", "swedencentral"]
