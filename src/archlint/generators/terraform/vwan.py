"""``network.tf``, continued: virtual WANs, virtual hubs and their VNet connections. A hub's
firewall is written with the other firewalls (egress.py)."""

from __future__ import annotations

from archlint.generators.terraform.core import Terraform

FILE = "network.tf"


def emit(tf: Terraform) -> None:
    network = tf.architecture.network
    for wan in network.virtual_wans:
        tf.resource(
            FILE,
            "azurerm_virtual_wan",
            tf.address(wan.id).name,
            [*tf.common(wan, wan.region), ("type", wan.type), ("tags", tf.tags(wan))],
        )
    for hub in network.virtual_hubs:
        tf.resource(
            FILE,
            "azurerm_virtual_hub",
            tf.address(hub.id).name,
            [
                *tf.common(hub, hub.region),
                ("virtual_wan_id", tf.ref(hub.wan) if hub.wan else None),
                ("address_prefix", str(hub.address_prefix) if hub.address_prefix else None),
                ("sku", hub.sku),
                ("tags", tf.tags(hub)),
            ],
        )
    for connection in network.hub_connections:
        tf.resource(
            FILE,
            "azurerm_virtual_hub_connection",
            tf.address(connection.id).name,
            [
                ("name", connection.resource_name),
                ("virtual_hub_id", tf.ref(connection.hub)),
                ("remote_virtual_network_id", tf.ref(connection.vnet)),
                ("internet_security_enabled", connection.internet_security_enabled),
            ],
        )
