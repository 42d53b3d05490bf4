"""A defect planted in HCL, in a plan and in YAML is the same model fact and the same
finding: the importers produce the model the YAML loader produces."""

from __future__ import annotations

import json

import pytest

from archlint.importers import load_terraform
from archlint.loader import load_spec
from archlint.model import Architecture
from tests.conftest import run_cli

from .conftest import FIXTURES

PARITY = FIXTURES / "parity"
INPUTS = {
    "yaml": PARITY / "spec.yaml",
    "hcl": PARITY,
    "plan": PARITY / "plan.json",
}


def _load(kind: str) -> Architecture:
    if kind == "yaml":
        return load_spec(INPUTS["yaml"]).architecture
    return load_terraform(INPUTS[kind]).architecture


@pytest.mark.parametrize("kind", ["hcl", "plan"])
def test_same_model_facts_as_yaml(kind: str) -> None:
    yaml, terraform = _load("yaml"), _load(kind)
    for component_id, field in (
        ("orders", "dead_lettering_on_message_expiration"),
        ("orders", "max_delivery_count"),
        ("orders", "default_message_ttl"),
        ("cache", "public_network_access"),
        ("cache", "tier"),
        ("pe-redis", "target"),
        ("pe-redis", "subnet"),
        ("pe-redis", "subresource"),
    ):
        expected = getattr(yaml.get(component_id), field)
        assert getattr(terraform.get(component_id), field) == expected, (component_id, field)
        assert (*terraform.path_of(component_id), field) not in terraform.unknowns


@pytest.mark.parametrize("kind", ["yaml", "hcl", "plan"])
def test_same_findings_from_every_input(kind: str) -> None:
    result = run_cli("lint", str(INPUTS[kind]), "--select", "MSG001,SEC003", "--format", "json")
    assert result.code == 1
    findings = json.loads(result.stdout)["findings"]
    assert sorted((f["rule_id"], f["component"]) for f in findings) == [
        ("MSG001", "orders"),
        ("SEC003", "cache"),
    ]


def test_terraform_findings_name_the_address_and_block() -> None:
    result = run_cli("lint", str(PARITY), "--select", "MSG001", "--format", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["location"]["address"] == "azurerm_servicebus_queue.orders"
    assert finding["location"]["file"].endswith("main.tf")
    assert finding["location"]["line"] == 28
