"""Terraform and Bicep for managed disks, VM pool memberships and load balancer NAT/outbound
rules (tests/generators/fixtures/disks.yaml): valid against the azurerm 4.x schema and Azure's
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

SPEC = FIXTURES / "disks.yaml"


@pytest.fixture(scope="module")
def spec() -> Architecture:
    return load(SPEC)


@pytest.fixture(scope="module")
def config(spec: Architecture) -> ParsedConfig:
    return ParsedConfig.parse(generate_terraform(spec))


def test_every_resource_matches_the_azurerm_schema(config: ParsedConfig) -> None:
    resources = config.resources()
    assert {r.type for r in resources} >= {
        "azurerm_managed_disk",
        "azurerm_virtual_machine_data_disk_attachment",
        "azurerm_network_interface_backend_address_pool_association",
        "azurerm_network_interface_application_gateway_backend_address_pool_association",
        "azurerm_network_interface_nat_rule_association",
        "azurerm_lb_nat_rule",
        "azurerm_lb_nat_pool",
        "azurerm_lb_outbound_rule",
    }
    problems = [
        f"{r.type}.{r.name}: {p}" for r in resources for p in validate_block(r.type, r.body)
    ]
    assert problems == []


def test_settings_are_carried(config: ParsedConfig) -> None:
    disk = config.resource("azurerm_managed_disk", "disk_data1")
    assert (unquote(disk.get("storage_account_type")), disk.get("disk_size_gb")) == (
        "PremiumV2_LRS",
        256,
    )
    assert (unquote(disk.get("zone")), unquote(disk.get("network_access_policy"))) == (
        "1",
        "DenyAll",
    )
    second = config.resource("azurerm_virtual_machine_data_disk_attachment", "vm_web1_disk_data2")
    assert (second.get("lun"), unquote(second.get("caching"))) == (1, "ReadOnly")
    vm = config.resource("azurerm_linux_virtual_machine", "vm_web1")
    (os_disk,) = vm.blocks("os_disk")
    assert unquote(os_disk.get("storage_account_type")) == "StandardSSD_LRS"
    member = config.resource(
        "azurerm_network_interface_backend_address_pool_association", "vm_web1_lb_web_web"
    )
    assert (
        member.get("backend_address_pool_id") == "${azurerm_lb_backend_address_pool.lb_web_web.id}"
    )
    rule = config.resource("azurerm_lb_nat_rule", "lb_web_ssh_range")
    assert (rule.get("frontend_port_start"), rule.get("backend_port")) == (50100, 22)


def test_what_cannot_be_written_is_said(spec: Architecture) -> None:
    terraform = generate_terraform(spec)["compute.tf"]
    assert "VM 'vm-web2': load balancer 'lb-web' has no backend pool 'missing'" in terraform
    bicep = generate_bicep(spec)["compute.bicep"]
    assert "VM 'vm-web2': load balancer 'lb-web' has no backend pool 'missing'" in bicep
    assert "VM 'vm-web2': load balancer 'lb-web' has no inbound NAT rule 'missing'" in terraform
    assert "VM 'vm-web2': load balancer 'lb-web' has no inbound NAT rule 'missing'" in bicep


def test_every_bicep_resource_matches_azure_types(spec: Architecture) -> None:
    resources = build_bicep(spec).resources
    assert "Microsoft.Compute/disks" in {r.type for r in resources}
    assert [problem for resource in resources for problem in check_resource(resource)] == []


def test_generated_terraform_reads_back(tmp_path: Path, spec: Architecture) -> None:
    write_files(tmp_path, generate_terraform(spec))
    imported = load_terraform(tmp_path).architecture
    disks = {d.resource_name: d for d in imported.compute.managed_disks}
    assert sorted(disks) == ["disk-data1", "disk-data2"]
    first = disks["disk-data1"]
    assert (first.sku, first.size_gb, first.zones, first.public_network_access) == (
        "PremiumV2_LRS",
        256,
        [1],
        False,
    )
    assert first.network_access_policy == "DenyAll"
    vms = {vm.resource_name: vm for vm in imported.compute.virtual_machines}
    web1 = vms["vm-web1"]
    assert web1.os_disk.sku == "StandardSSD_LRS"
    assert [imported.get(d).resource_name for d in web1.data_disks] == ["disk-data1", "disk-data2"]
    (membership,) = web1.load_balancer_pools
    assert (imported.get(membership.load_balancer).resource_name, membership.pool) == (
        "lb-web",
        "web",
    )
    (nat,) = web1.load_balancer_nat_rules
    assert (imported.get(nat.load_balancer).resource_name, nat.rule) == ("lb-web", "ssh-vm1")
    (gateway,) = imported.edge.application_gateways
    assert gateway.backend_pools[0].targets == [web1.id]
    (balancer,) = imported.network.load_balancers
    rules = {rule.name: rule for rule in balancer.nat_rules}
    assert sorted(rules) == ["ssh-range", "ssh-vm1"]
    assert (rules["ssh-range"].backend_pool, rules["ssh-vm1"].frontend_port) == ("web", 50001)
    assert [(p.name, p.backend_port) for p in balancer.nat_pools] == [("rdp", 3389)]
    (outbound,) = balancer.outbound_rules
    assert (outbound.frontends, outbound.backend_pool, outbound.allocated_outbound_ports) == (
        ["public"],
        "web",
        1024,
    )
