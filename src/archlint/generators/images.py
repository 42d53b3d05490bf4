"""What generated VMs and scale sets get where the model says nothing: the image (a current
supported one) and, for a scale set without a size, a general-purpose VM size."""

from __future__ import annotations

DEFAULT_IMAGES: dict[str, dict[str, str]] = {
    "windows": {
        "publisher": "MicrosoftWindowsServer",
        "offer": "WindowsServer",
        "sku": "2022-datacenter-azure-edition",
        "version": "latest",
    },
    "linux": {
        "publisher": "Canonical",
        "offer": "0001-com-ubuntu-server-jammy",
        "sku": "22_04-lts-gen2",
        "version": "latest",
    },
}

DEFAULT_SIZE = "Standard_D2s_v5"
