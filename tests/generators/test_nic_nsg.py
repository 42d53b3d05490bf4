"""An NSG on a VM's network interface survives spec -> Terraform / Bicep -> importer."""

from __future__ import annotations

from pathlib import Path

from archlint.generators.bicep import generate_bicep
from archlint.generators.output import write_files
from archlint.generators.terraform import generate_terraform
from archlint.importers import load_terraform
from archlint.loader import load_spec
from tests.conftest import ROOT

SPEC = ROOT / "tests" / "fixtures" / "rules" / "NET011" / "pass.yaml"


def test_terraform_round_trip(tmp_path: Path) -> None:
    spec = load_spec(SPEC).architecture
    files = generate_terraform(spec)
    assert "azurerm_network_interface_security_group_association" in files["compute.tf"]
    write_files(tmp_path, files)
    imported = load_terraform(tmp_path)
    assert not [p for p in imported.problems if p.rule_id in ("TF001", "TF002", "TF003")]
    vms = {vm.name or vm.id: vm for vm in imported.architecture.index.of_kind("virtual_machine")}
    guarded = next(vm for vm in vms.values() if vm.public_ip and vm.nic_nsg)
    assert imported.architecture.get(guarded.nic_nsg).kind == "network_security_group"
    assert sum(1 for vm in vms.values() if vm.nic_nsg) == 1


def test_bicep_puts_the_nsg_on_the_interface() -> None:
    text = generate_bicep(load_spec(SPEC).architecture)["compute.bicep"]
    assert text.count("networkSecurityGroup:") == 1
