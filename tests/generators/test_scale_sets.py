"""Terraform and Bicep for VM scale sets and availability sets
(tests/generators/fixtures/scale_sets.yaml): valid against the azurerm 4.x schema and Azure's
types, settings carried, what cannot be written said, and the Terraform reads back."""

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

SPEC = FIXTURES / "scale_sets.yaml"


@pytest.fixture(scope="module")
def spec() -> Architecture:
    return load(SPEC)


@pytest.fixture(scope="module")
def config(spec: Architecture) -> ParsedConfig:
    return ParsedConfig.parse(generate_terraform(spec))


def test_every_resource_matches_the_azurerm_schema(config: ParsedConfig) -> None:
    resources = config.resources()
    assert {r.type for r in resources} >= {
        "azurerm_availability_set",
        "azurerm_windows_virtual_machine_scale_set",
        "azurerm_orchestrated_virtual_machine_scale_set",
    }
    problems = [
        f"{r.type}.{r.name}: {p}" for r in resources for p in validate_block(r.type, r.body)
    ]
    assert problems == []


def test_settings_are_carried(config: ParsedConfig) -> None:
    web = config.resource("azurerm_windows_virtual_machine_scale_set", "vmss_web")
    assert [unquote(zone) for zone in web.get("zones")] == ["1", "2", "3"]
    assert (web.get("instances"), web.get("zone_balance")) == (3, True)
    assert unquote(web.get("upgrade_mode")) == "Rolling"
    flex = config.resource("azurerm_orchestrated_virtual_machine_scale_set", "vmss_flex")
    assert (flex.get("platform_fault_domain_count"), unquote(flex.get("sku_name"))) == (
        1,
        "Standard_D4s_v5",
    )
    vm = config.resource("azurerm_linux_virtual_machine", "vm_legacy")
    assert vm.get("availability_set_id") == "${azurerm_availability_set.avset_legacy.id}"


def test_what_cannot_be_written_is_said(spec: Architecture) -> None:
    message = "VM scale set 'vmss-no-subnet': not generated, a Uniform scale set needs a subnet"
    assert message in generate_terraform(spec)["compute.tf"]
    assert message in generate_bicep(spec)["compute.bicep"]


def test_every_bicep_resource_matches_azure_types(spec: Architecture) -> None:
    resources = build_bicep(spec).resources
    types = {r.type for r in resources}
    assert {
        "Microsoft.Compute/virtualMachineScaleSets",
        "Microsoft.Compute/availabilitySets",
    } <= types
    assert [problem for resource in resources for problem in check_resource(resource)] == []


def test_generated_terraform_reads_back(tmp_path: Path, spec: Architecture) -> None:
    write_files(tmp_path, generate_terraform(spec))
    imported = load_terraform(tmp_path).architecture
    sets = {s.resource_name: s for s in imported.compute.vm_scale_sets}
    assert sorted(sets) == ["vmss-flex", "vmss-flex-empty", "vmss-web"]
    web = sets["vmss-web"]
    assert (web.os, web.zones, web.zone_balance, web.upgrade_mode) == (
        "windows",
        [1, 2, 3],
        True,
        "rolling",
    )
    assert (sets["vmss-flex"].orchestration, sets["vmss-flex"].admin_username) == (
        "flexible",
        "ops",
    )
    (vm,) = imported.compute.virtual_machines
    (avset,) = imported.compute.availability_sets
    assert (vm.availability_set, avset.fault_domains) == (avset.id, 2)
