"""A small architecture each simulation test changes in one place (written for these tests)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from archlint.model import Architecture
from archlint.model.architecture import build_architecture
from archlint.simulation import Scenario, parse_scope, simulate

BASE = yaml.safe_load(
    """
metadata: {name: sim, primary_region: eastus2, secondary_regions: [westus2]}
network:
  vnets:
    - id: vnet
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-app, cidr: 10.0.1.0/24, purpose: app_service_integration}
        - {id: snet-pe, cidr: 10.0.2.0/24, purpose: private_endpoints}
  private_dns_zones:
    - {id: pdz-sb, zone: privatelink.servicebus.windows.net, vnet_links: [{vnet: vnet}]}
  private_endpoints:
    - {id: pe-sb, target: sb, subresource: namespace, subnet: snet-pe, dns_zone_group: [pdz-sb]}
messaging:
  service_bus:
    - id: sb
      tier: premium
      zone_redundant: true
      public_network_access: false
      queues:
        - {id: q, default_message_ttl: 1h}
compute:
  plans:
    - {id: plan, sku: P1v3, zone_redundant: true, instances: {min: 3, max: 3}}
  function_apps:
    - id: func
      plan: plan
      runtime: {stack: python, version: "3.11"}
      storage_account: st
      vnet_integration: snet-app
data:
  storage_accounts:
    - {id: st, replication: ZRS}
flows:
  actors: [{id: client, actor_kind: external_system}]
  flows:
    - id: orders
      name: Orders
      flow_kind: asynchronous
      critical: true
      steps:
        - {from: client, to: q, kind: publish}
        - {from: q, to: func, kind: consume}
        - {from: func, to: st, kind: write}
"""
)

Change = Callable[[dict[str, Any]], None]


def architecture(*changes: Change) -> Architecture:
    data = copy.deepcopy(BASE)
    for change in changes:
        change(data)
    return build_architecture(data)


def run(arch: Architecture, *scopes: str) -> Scenario:
    return simulate(arch, [parse_scope(arch, s) for s in scopes])


def flow(scenario: Scenario, flow_id: str = "orders"):  # type: ignore[no-untyped-def]
    return next(f for f in scenario.flows if f.id == flow_id)


@pytest.fixture
def base() -> Architecture:
    return architecture()


def front_door(names: list[str]) -> dict[str, Any]:
    """A Front Door whose one origin group balances the Web Apps ``names``."""
    return {
        "id": "fd",
        "sku": "Premium_AzureFrontDoor",
        "origin_groups": [
            {
                "name": "web",
                "health_probe": {"interval": "30s"},
                "origins": [{"name": n, "target": n} for n in names],
            }
        ],
    }
