"""Terraform and Bicep for Container Apps and container groups
(tests/generators/fixtures/container_apps.yaml): valid against the azurerm 4.x schema and
Azure's types, settings carried, the placeholder container said, and the Terraform reads back
into the same model."""

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
from .conftest import FIXTURES, ParsedConfig, load

SPEC = FIXTURES / "container_apps.yaml"


@pytest.fixture(scope="module")
def spec() -> Architecture:
    return load(SPEC)


@pytest.fixture(scope="module")
def config(spec: Architecture) -> ParsedConfig:
    return ParsedConfig.parse(generate_terraform(spec))


def test_every_resource_matches_the_azurerm_schema(config: ParsedConfig) -> None:
    resources = config.resources()
    assert {r.type for r in resources} >= {
        "azurerm_container_app_environment",
        "azurerm_container_app",
        "azurerm_container_group",
    }
    problems = [
        f"{r.type}.{r.name}: {p}" for r in resources for p in validate_block(r.type, r.body)
    ]
    assert problems == []


def test_every_bicep_resource_matches_azure_types(spec: Architecture) -> None:
    resources = build_bicep(spec).resources
    types = {r.type for r in resources}
    assert {"Microsoft.App/managedEnvironments", "Microsoft.App/containerApps"} <= types
    assert "Microsoft.ContainerInstance/containerGroups" in types
    assert [problem for resource in resources for problem in check_resource(resource)] == []


def test_what_cannot_be_written_is_said(spec: Architecture) -> None:
    compute = generate_terraform(spec)["compute.tf"]
    assert "container app 'ca-orphan': not generated, it names no environment" in compute
    assert "container group 'ci-noip': the spec describes no containers" in compute
    bicep = generate_bicep(spec)["compute.bicep"]
    assert "container app 'ca-orphan' names no environment: not generated." in bicep


def test_generated_terraform_reads_back(tmp_path: Path, spec: Architecture) -> None:
    write_files(tmp_path, generate_terraform(spec))
    imported = load_terraform(tmp_path).architecture
    environments = {e.resource_name: e for e in imported.compute.container_app_environments}
    zr = environments["cae-zr"]
    assert (zr.zone_redundant, zr.internal_load_balancer) == (True, True)
    assert [(p.type, p.max_count) for p in zr.workload_profiles] == [
        ("Consumption", None),
        ("D4", 3),
    ]
    assert zr.infrastructure_subnet is not None
    apps = {a.resource_name: a for a in imported.compute.container_apps}
    assert sorted(apps) == ["ca-api", "ca-worker"]
    api = apps["ca-api"]
    assert (api.min_replicas, api.max_replicas, api.identity.system_assigned) == (3, 6, True)
    assert api.ingress is not None and (api.ingress.external, api.ingress.target_port) == (
        True,
        8080,
    )
    assert apps["ca-worker"].revision_mode == "Multiple"
    groups = {g.resource_name: g for g in imported.compute.container_groups}
    private = groups["ci-private"]
    assert (private.ip_address_type, private.restart_policy, private.zones) == (
        "Private",
        "OnFailure",
        [2],
    )
    assert len(private.subnets) == 1
    assert (groups["ci-noip"].os, groups["ci-noip"].ip_address_type) == ("Windows", "None")
