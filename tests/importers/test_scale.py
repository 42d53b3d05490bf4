"""A plan of 10,000 resources imports whole (the importer is linear: no timing asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from archlint.importers import load_terraform

RG = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces"


def _plan(namespaces: int, queues: int) -> dict:  # type: ignore[type-arg]
    resources, changes = [], []
    for n in range(namespaces):
        namespace_id = f"{RG}/sb-{n}"
        items = [
            (
                "azurerm_servicebus_namespace",
                "ns",
                f"sb-{n}",
                {"id": namespace_id, "name": f"sb-{n}", "sku": "Premium", "location": "westeurope"},
            )
        ]
        items += [
            (
                "azurerm_servicebus_queue",
                "q",
                f"sb-{n}-q{q}",
                {
                    "name": f"q{q}",
                    "namespace_id": namespace_id,
                    "max_delivery_count": 5,
                    "forward_dead_lettered_messages_to": "q0",
                },
            )
            for q in range(queues)
        ]
        for resource_type, name, key, values in items:
            address = f'module.bus.{resource_type}.{name}["{key}"]'
            resources.append(
                {
                    "address": address,
                    "mode": "managed",
                    "type": resource_type,
                    "name": name,
                    "index": key,
                    "values": values,
                }
            )
            changes.append(
                {
                    "address": address,
                    "module_address": "module.bus",
                    "mode": "managed",
                    "type": resource_type,
                    "name": name,
                    "index": key,
                    "change": {"actions": ["create"], "after": values, "after_unknown": {}},
                }
            )
    return {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {"child_modules": [{"address": "module.bus", "resources": resources}]}
        },
        "resource_changes": changes,
    }


def test_ten_thousand_resources(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_plan(100, 99)))
    arch = load_terraform(plan).architecture
    assert len(arch.messaging.service_bus) == 100
    assert sum(len(ns.queues) for ns in arch.messaging.service_bus) == 9900
    last = arch.messaging.service_bus[99]
    assert {q.forward_dead_lettered_messages_to for q in last.queues} == {"sb-99-q0"}
