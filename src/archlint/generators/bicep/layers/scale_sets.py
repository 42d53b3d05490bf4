"""VM scale sets (``Microsoft.Compute/virtualMachineScaleSets``, Uniform or Flexible
orchestration) and availability sets, in the compute layer."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep, Param
from archlint.generators.bicep.layers.common import identity_block, sub_resource, subnet_region
from archlint.generators.bicep.writer import BValue
from archlint.generators.images import DEFAULT_IMAGES, DEFAULT_SIZE
from archlint.model.compute import VmScaleSet

LAYER = "compute"
#: Flexible orchestration creates the network interfaces itself with this network API.
_FLEXIBLE_NETWORK_API = "2020-11-01"


def scale_sets(b: Bicep) -> None:
    compute = b.architecture.compute
    for availability_set in compute.availability_sets:
        b.add(
            LAYER,
            "Microsoft.Compute/availabilitySets",
            b.symbols[availability_set.id],
            availability_set.resource_name,
            {
                "location": b.location(availability_set.region),
                "tags": b.tags(availability_set),
                "sku": {"name": "Aligned"},  # managed disks
                "properties": {
                    "platformFaultDomainCount": availability_set.fault_domains,
                    "platformUpdateDomainCount": availability_set.update_domains,
                },
            },
        )
    for scale_set in compute.vm_scale_sets:
        _scale_set(b, scale_set)


def _os_profile(b: Bicep, scale_set: VmScaleSet) -> dict[str, BValue]:
    username = scale_set.admin_username or "azureuser"
    symbol = b.symbols[scale_set.id]
    profile: dict[str, BValue] = {
        "computerNamePrefix": scale_set.resource_name[:9].rstrip("-"),
        "adminUsername": username,
    }
    if scale_set.os == "windows":
        profile["adminPassword"] = b.param(
            Param(
                f"{symbol}AdminPassword",
                "string",
                f"Admin password of {scale_set.label()}.",
                secure=True,
            )
        )
        return profile
    key = b.param(
        Param(
            f"{symbol}SshPublicKey",
            "string",
            f"SSH public key of the admin of {scale_set.label()}.",
        )
    )
    profile["linuxConfiguration"] = {
        "disablePasswordAuthentication": True,
        "ssh": {"publicKeys": [{"path": f"/home/{username}/.ssh/authorized_keys", "keyData": key}]},
    }
    return profile


def _profile(b: Bicep, scale_set: VmScaleSet) -> dict[str, BValue] | None:
    """The VM profile, or None for a Flexible scale set that VMs join on their own."""
    if scale_set.subnet is None:
        return None
    flexible = scale_set.orchestration == "flexible"
    interface = {
        "name": "nic",
        "properties": {
            "primary": True,
            "ipConfigurations": [
                {
                    "name": "ipconfig",
                    "properties": {
                        "primary": True,
                        "subnet": sub_resource(b.ref(scale_set.subnet)),
                    },
                }
            ],
        },
    }
    return {
        "osProfile": _os_profile(b, scale_set),
        "storageProfile": {
            "imageReference": dict(DEFAULT_IMAGES[scale_set.os]),
            "osDisk": {
                "createOption": "FromImage",
                "caching": "ReadWrite",
                "managedDisk": {"storageAccountType": "Premium_LRS"},
            },
        },
        "networkProfile": {
            "networkApiVersion": _FLEXIBLE_NETWORK_API if flexible else None,
            "networkInterfaceConfigurations": [interface],
        },
    }


def _scale_set(b: Bicep, scale_set: VmScaleSet) -> None:
    flexible = scale_set.orchestration == "flexible"
    if not flexible and scale_set.subnet is None:
        b.note(
            LAYER,
            f"{scale_set.label()}: not generated, a Uniform scale set needs a subnet for its "
            "network interface and the model names none.",
        )
        return
    sku = scale_set.sku or (None if flexible else DEFAULT_SIZE)
    profile = _profile(b, scale_set) if sku is not None else None
    region = scale_set.region or (subnet_region(b, scale_set.subnet) if scale_set.subnet else None)
    b.add(
        LAYER,
        "Microsoft.Compute/virtualMachineScaleSets",
        b.symbols[scale_set.id],
        scale_set.resource_name,
        {
            "location": b.location(region),
            "tags": b.tags(scale_set),
            "zones": [str(zone) for zone in scale_set.zones] or None,
            "identity": identity_block(b, scale_set.identity),
            "sku": {"name": sku, "capacity": scale_set.instances} if sku else None,
            "properties": {
                "orchestrationMode": "Flexible" if flexible else "Uniform",
                "platformFaultDomainCount": scale_set.fault_domains or (1 if flexible else None),
                "zoneBalance": True if scale_set.zone_balance else None,
                "upgradePolicy": {"mode": scale_set.upgrade_mode.capitalize()}
                if scale_set.upgrade_mode != "manual" or not flexible
                else None,
                "virtualMachineProfile": profile,
            },
        },
        comment="The model names no image: a current supported image is chosen."
        if profile
        else None,
    )
