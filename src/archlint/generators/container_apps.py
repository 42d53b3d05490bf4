"""What both generators write for Container Apps and container groups that the spec does not
say: the one container each needs (the spec models no images)."""

from __future__ import annotations

from archlint.model.base import Component
from archlint.records import record

__all__ = ["APP_PLACEHOLDER", "GROUP_PLACEHOLDER", "Placeholder", "placeholder_note"]


@record
class Placeholder:
    """A container to be replaced by the real one: Microsoft's public sample images."""

    name: str
    image: str
    cpu: float
    memory_gb: float


APP_PLACEHOLDER = Placeholder("app", "mcr.microsoft.com/k8se/quickstart:latest", 0.25, 0.5)
GROUP_PLACEHOLDER = Placeholder("app", "mcr.microsoft.com/azuredocs/aci-helloworld:latest", 1, 1.5)


def placeholder_note(component: Component, image: str) -> str:
    return (
        f"{component.label()}: the spec describes no containers; {image} stands in for the "
        "real image"
    )
