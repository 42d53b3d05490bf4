"""VM scale sets and availability sets, in ``compute.tf``: a Uniform scale set is an
``azurerm_<os>_virtual_machine_scale_set``, a Flexible one an
``azurerm_orchestrated_virtual_machine_scale_set``."""

from __future__ import annotations

from archlint.generators.hcl import Block, BodyEntry, Comment
from archlint.generators.images import DEFAULT_IMAGES, DEFAULT_SIZE
from archlint.generators.terraform.compute import FILE, identity_block
from archlint.generators.terraform.core import Terraform, Variable
from archlint.generators.terraform.network import subnet_region
from archlint.model.compute import AvailabilitySet, VmScaleSet

_UPGRADE_MODES = {"manual": "Manual", "automatic": "Automatic", "rolling": "Rolling"}


def resource_type(scale_set: VmScaleSet) -> str:
    if scale_set.orchestration == "flexible":
        return "azurerm_orchestrated_virtual_machine_scale_set"
    return f"azurerm_{scale_set.os}_virtual_machine_scale_set"


def emit(tf: Terraform) -> None:
    compute = tf.architecture.compute
    for availability_set in compute.availability_sets:
        _availability_set(tf, availability_set)
    for scale_set in compute.vm_scale_sets:
        _scale_set(tf, scale_set)


def _availability_set(tf: Terraform, availability_set: AvailabilitySet) -> None:
    tf.resource(
        FILE,
        "azurerm_availability_set",
        tf.address(availability_set.id).name,
        [
            *tf.common(availability_set, availability_set.region),
            ("platform_fault_domain_count", availability_set.fault_domains),
            ("platform_update_domain_count", availability_set.update_domains),
            ("tags", tf.tags(availability_set)),
        ],
    )


def _region(tf: Terraform, scale_set: VmScaleSet) -> str | None:
    if scale_set.region:
        return scale_set.region
    return subnet_region(tf, scale_set.subnet) if scale_set.subnet else None


def _credentials(tf: Terraform, scale_set: VmScaleSet) -> list[BodyEntry]:
    """The admin account: an SSH key for Linux, a password for Windows (both variables)."""
    username = scale_set.admin_username or "azureuser"
    name = tf.address(scale_set.id).name
    if scale_set.os == "linux":
        key = tf.variable(
            Variable(
                f"{name}_admin_ssh_public_key",
                "string",
                f"SSH public key of the admin of {scale_set.label()}.",
            )
        )
        return [
            ("admin_username", username),
            Block.of("admin_ssh_key", items=[("username", username), ("public_key", key)]),
        ]
    password = tf.variable(
        Variable(
            f"{name}_admin_password",
            "string",
            f"Admin password of {scale_set.label()} (secret: supply it, never commit it).",
            sensitive=True,
        )
    )
    return [("admin_username", username), ("admin_password", password)]


def _network_interface(tf: Terraform, scale_set: VmScaleSet) -> Block | None:
    if scale_set.subnet is None:
        return None
    return Block.of(
        "network_interface",
        items=[
            ("name", "nic"),
            ("primary", True),
            Block.of(
                "ip_configuration",
                items=[
                    ("name", "ipconfig"),
                    ("primary", True),
                    ("subnet_id", tf.ref(scale_set.subnet)),
                ],
            ),
        ],
    )


def _scale_set(tf: Terraform, scale_set: VmScaleSet) -> None:
    flexible = scale_set.orchestration == "flexible"
    if not flexible and scale_set.subnet is None:
        tf.add(
            FILE,
            Comment(
                f"{scale_set.label()}: not generated, a Uniform scale set needs a subnet for its "
                "network interface and the model names none."
            ),
        )
        return
    sku = scale_set.sku
    if sku is None and not flexible:
        sku = DEFAULT_SIZE
    body: list[BodyEntry | None] = [
        *tf.common(scale_set, _region(tf, scale_set)),
        ("sku_name" if flexible else "sku", sku),
        Comment("The model names no VM size: a general-purpose size is chosen.")
        if sku != scale_set.sku
        else None,
        ("instances", scale_set.instances if sku is not None else None),
        ("zones", [str(zone) for zone in scale_set.zones] or None),
        ("zone_balance", True if scale_set.zone_balance else None),
        ("tags", tf.tags(scale_set)),
        identity_block(tf, scale_set.identity),
    ]
    if scale_set.upgrade_mode != "manual":
        body.append(("upgrade_mode", _UPGRADE_MODES[scale_set.upgrade_mode]))
    if flexible:
        body.append(("platform_fault_domain_count", scale_set.fault_domains or 1))
        if scale_set.fault_domains is None:
            body.append(Comment("The model sets no fault domain count; the provider needs one."))
        if scale_set.sku is None:
            # A Flexible scale set without a size is a group that VMs join on their own.
            tf.resource(FILE, resource_type(scale_set), tf.address(scale_set.id).name, body)
            return
        credentials = Block.of(
            "os_profile",
            items=[Block.of(f"{scale_set.os}_configuration", items=_credentials(tf, scale_set))],
        )
        body.append(credentials)
    else:
        body.append(("platform_fault_domain_count", scale_set.fault_domains))
        body.extend(_credentials(tf, scale_set))
    body += [
        _network_interface(tf, scale_set),
        Block.of(
            "os_disk", items=[("caching", "ReadWrite"), ("storage_account_type", "Premium_LRS")]
        ),
        Comment("The model names no image: a current supported image is chosen."),
        Block.of("source_image_reference", items=list(DEFAULT_IMAGES[scale_set.os].items())),
    ]
    tf.resource(FILE, resource_type(scale_set), tf.address(scale_set.id).name, body)
