"""A firewall that denies by default survives every adapter: spec -> Terraform and Bicep ->
Terraform importer -> drift, for each service that has one."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.generators.bicep import generate_bicep
from archlint.generators.output import write_files
from archlint.generators.terraform import generate_terraform
from archlint.importers import load_terraform
from archlint.importers.drift import compare
from archlint.loader import load_spec_text
from archlint.location import YamlLocator

SPEC = """
metadata: {name: firewalls, primary_region: eastus2}
messaging:
  service_bus:
    - {id: sb-main, tier: premium, capacity: 1, public_network_default_action: %ACTION%}
  event_hubs:
    - {id: evhns-main, tier: standard, capacity: 1, public_network_default_action: %ACTION%}
data:
  storage_accounts:
    - {id: st-main, replication: ZRS, public_network_default_action: %ACTION%}
  cosmos_accounts:
    - id: cosmos-main
      regions: [{region: eastus2, failover_priority: 0}]
      consistency: {level: Session}
      backup: {mode: continuous}
      public_network_default_action: %ACTION%
security:
  key_vaults:
    - {id: kv-main, public_network_default_action: %ACTION%}
"""

SERVICES = ("sb-main", "evhns-main", "st-main", "cosmos-main", "kv-main")


@pytest.mark.parametrize("action", ["Deny", "Allow"])
def test_terraform_round_trip_keeps_the_default_action(tmp_path: Path, action: str) -> None:
    loaded = load_spec_text(SPEC.replace("%ACTION%", action), "spec.yaml")
    write_files(tmp_path, generate_terraform(loaded.architecture))
    imported = load_terraform(tmp_path)
    kinds = {
        c.id: c
        for c in loaded.architecture.index.of_kind(
            "service_bus_namespace",
            "event_hubs_namespace",
            "storage_account",
            "cosmos_account",
            "key_vault",
        )
    }
    assert sorted(kinds) == sorted(SERVICES)
    found = {
        c.kind: c.public_network_default_action
        for c in imported.architecture.index.of_kind(*{c.kind for c in kinds.values()})
    }
    assert set(found.values()) == {action}, found
    report = compare(loaded.architecture, YamlLocator(loaded.source_map), imported)
    assert not [f for f in report.findings if f.property == "public_network_default_action"]


def test_bicep_writes_the_default_action() -> None:
    loaded = load_spec_text(SPEC.replace("%ACTION%", "Deny"), "spec.yaml")
    text = "\n".join(generate_bicep(loaded.architecture).values())
    assert "Microsoft.ServiceBus/namespaces/networkRuleSets" in text
    assert "Microsoft.EventHub/namespaces/networkRuleSets" in text
    assert text.count("defaultAction: 'Deny'") == 4  # storage, key vault, two namespaces
    assert "isVirtualNetworkFilterEnabled: true" in text
