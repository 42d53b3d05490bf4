"""examples/aks-baseline.yaml (the Azure Architecture Center's AKS baseline): it validates,
generates Terraform valid against the azurerm schema, lints clean, and a defect planted in
each of its container kinds is found by the rule that judges it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.errors import InputErrors
from archlint.generators.bicep import build_bicep
from archlint.generators.terraform import generate_terraform
from archlint.importers.provider_schema import validate_block
from archlint.loader import load_spec, load_spec_text
from archlint.location import YamlLocator
from archlint.rules import all_rules
from tests.conftest import ROOT
from tests.generators.bicep_types import check_resource
from tests.generators.conftest import ParsedConfig

EXAMPLE = ROOT / "examples" / "aks-baseline.yaml"


def _findings(text: str, path: Path = EXAMPLE) -> list[tuple[str, str]]:
    loaded = load_spec_text(text, str(path))
    result = run(
        loaded.architecture,
        YamlLocator(loaded.source_map),
        list(all_rules().values()),
        Config(),
    )
    return sorted((f.rule_id, f.message) for f in result.findings)


def test_the_example_lints_with_only_its_single_region_design_reported() -> None:
    # The reference is one region by design: each step of its critical flow stops with the
    # region (FLOW007); the multi-region variant is a separate reference architecture.
    found = _findings(EXAMPLE.read_text())
    assert {rule for rule, _ in found} == {"FLOW007"}
    assert sorted(message.split(" is a single")[0] for _, message in found) == [
        "AKS cluster 'aks-main'",
        "Application Gateway 'agw-ingress'",
        "Key Vault 'kv-main'",
    ]


def test_generated_terraform_matches_the_azurerm_schema() -> None:
    config = ParsedConfig.parse(generate_terraform(load_spec(EXAMPLE).architecture))
    resources = config.resources()
    assert {
        "azurerm_kubernetes_cluster",
        "azurerm_kubernetes_cluster_node_pool",
        "azurerm_container_registry",
        "azurerm_private_endpoint",
    } <= {r.type for r in resources}
    problems = [
        f"{r.type}.{r.name}: {p}" for r in resources for p in validate_block(r.type, r.body)
    ]
    assert problems == []
    cluster = config.resource("azurerm_kubernetes_cluster", "aks_main")
    assert cluster.get("private_cluster_enabled") is True
    assert cluster.get("sku_tier") == "Standard"


def _cluster(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["compute"]["kubernetes_clusters"][0]


def _system_pool_one_zone(doc: dict[str, Any]) -> None:
    _cluster(doc)["node_pools"][0]["zones"] = [1]


def _system_pool_one_node(doc: dict[str, Any]) -> None:
    _cluster(doc)["node_pools"][0]["autoscale"] = {"min": 1, "max": 3}


def _free_tier(doc: dict[str, Any]) -> None:
    del _cluster(doc)["sku_tier"]


def _no_upgrade_channel(doc: dict[str, Any]) -> None:
    del _cluster(doc)["automatic_upgrade_channel"]


def _standard_registry(doc: dict[str, Any]) -> None:
    registry = doc["compute"]["container_registries"][0]
    registry["sku"] = "Standard"
    del registry["public_network_default_action"]


def _registry_endpoint_without_zone(doc: dict[str, Any]) -> None:
    endpoint = next(e for e in doc["network"]["private_endpoints"] if e["id"] == "pe-acr")
    endpoint["dns_zone_group"] = []


def _registry_public(doc: dict[str, Any]) -> None:
    registry = doc["compute"]["container_registries"][0]
    registry["public_network_access"] = True
    del registry["public_network_default_action"]


def _local_accounts(doc: dict[str, Any]) -> None:
    del _cluster(doc)["local_accounts_enabled"]


def _public_api_server(doc: dict[str, Any]) -> None:
    del _cluster(doc)["private_cluster"]


def _spoke_refuses_forwarded_traffic(doc: dict[str, Any]) -> None:
    peering = next(p for p in doc["network"]["peerings"] if p["id"] == "spoke-to-hub")
    peering["allow_forwarded_traffic"] = False


def _egress_to_a_stale_address(doc: dict[str, Any]) -> None:
    (route,) = doc["network"]["route_tables"][0]["routes"]
    del route["appliance"]
    route["next_hop_ip"] = "10.200.0.9"  # in the firewall subnet, not the firewall


DEFECTS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "spoke peering refusing the firewall's forwarded traffic": (
        _spoke_refuses_forwarded_traffic,
        "NET032",
    ),
    "egress routed to an address that is not the firewall": (_egress_to_a_stale_address, "NET030"),
    "system pool in one zone": (_system_pool_one_zone, "ZR040"),
    "system pool down to one node": (_system_pool_one_node, "RES040"),
    "control plane on the Free tier": (_free_tier, "SKU041"),
    "no automatic upgrade channel": (_no_upgrade_channel, "OPS040"),
    "local accounts left on": (_local_accounts, "SEC040"),
    "public API server without authorized ranges": (_public_api_server, "NET040"),
    "registry private endpoint on Standard": (_standard_registry, "SKU040"),
    "registry endpoint without its DNS zone": (_registry_endpoint_without_zone, "DNS001"),
    "registry public beside its private endpoint": (_registry_public, "SEC003"),
}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_a_planted_defect_is_found(defect: str) -> None:
    plant, rule_id = DEFECTS[defect]
    doc = yaml.safe_load(EXAMPLE.read_text())
    plant(doc)
    found = _findings(yaml.safe_dump(doc, sort_keys=False))
    assert {rule for rule, _ in found} - {"FLOW007"} == {rule_id}, found


def test_a_misspelt_tier_is_an_input_error_with_a_suggestion() -> None:
    doc = yaml.safe_load(EXAMPLE.read_text())
    _cluster(doc)["sku_tier"] = "Standrd"
    with pytest.raises(InputErrors) as raised:
        load_spec_text(yaml.safe_dump(doc, sort_keys=False), str(EXAMPLE))
    assert "unknown sku_tier 'Standrd'; did you mean 'Standard'?" in str(raised.value.errors[0])


def test_generated_bicep_matches_azure_types() -> None:
    resources = build_bicep(load_spec(EXAMPLE).architecture).resources
    assert {
        "Microsoft.ContainerService/managedClusters",
        "Microsoft.ContainerService/managedClusters/agentPools",
        "Microsoft.ContainerRegistry/registries",
    } <= {r.type for r in resources}
    assert [problem for resource in resources for problem in check_resource(resource)] == []
