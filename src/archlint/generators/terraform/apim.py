"""``edge.tf``, continued: API Management services."""

from __future__ import annotations

from archlint.generators.hcl import Block
from archlint.generators.terraform.core import Terraform
from archlint.model.apim import ApiManagement

FILE = "edge.tf"


def emit(tf: Terraform) -> None:
    for service in tf.architecture.edge.api_management:
        _service(tf, service)


def _service(tf: Terraform, service: ApiManagement) -> None:
    injected = service.virtual_network_type != "None" and service.subnet is not None
    tf.resource(
        FILE,
        "azurerm_api_management",
        tf.address(service.id).name,
        [
            *tf.common(service, service.region),
            ("publisher_name", service.publisher_name),
            ("publisher_email", service.publisher_email),
            ("sku_name", f"{service.sku}_{service.capacity}"),
            ("zones", [str(zone) for zone in service.zones] or None),
            ("virtual_network_type", service.virtual_network_type),
            ("public_ip_address_id", tf.ref(service.public_ip) if service.public_ip else None),
            ("public_network_access_enabled", service.public_network_access),
            ("tags", tf.tags(service)),
            Block.of("virtual_network_configuration", items=[("subnet_id", tf.ref(service.subnet))])
            if injected and service.subnet
            else None,
        ],
    )
