"""What each component needs to run: the edges along which a failure spreads.

A component fails when something it needs fails. The needs are read from the model's
references, and only from those that carry traffic or hosting (a tag, an NSG rule or an
Application Insights link does not stop anything):

- the component it is nested in (a queue its namespace, a container its database, a
  subnet its VNet, a workflow its Logic App);
- its hosting: an app's ``plan``, a plan's ``ase``, the ``subnet`` of an environment, a
  gateway, a VM, a Bastion host or a private endpoint; an app's ``vnet_integration``; a
  container app's ``environment`` and that environment's ``infrastructure_subnet``;
- a Function App's or Logic App's runtime ``storage_account``;
- a VM's attached ``data_disks``;
- a gateway's, Bastion host's or VM's ``public_ip``;
- the Key Vaults an app's settings and connection strings are read from;
- a private endpoint's private DNS zones; and, for a component that refuses public
  traffic (``public_network_access: false``), the private endpoints it is reached through.

The graph is computed once per architecture; :func:`closure` spreads a set of failures
over it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from archlint.model import Architecture, Component

__all__ = ["Needs", "closure", "needs_of"]

# Fields whose reference is something the component runs on or through.
_HOSTING_FIELDS = (
    "plan",
    "ase",
    "subnet",
    "vnet_integration",
    "public_ip",
    "environment",  # a container app's Container Apps environment
    "infrastructure_subnet",  # a Container Apps environment's subnet
)
_RUNTIME_STORAGE_KINDS = frozenset({"function_app", "logic_app"})


def _key_vaults(component: Component) -> Iterator[str]:
    for setting in (
        *getattr(component, "app_settings", ()),
        *getattr(component, "connection_strings", ()),
    ):
        if setting.secret is not None and setting.secret.key_vault:
            yield setting.secret.key_vault


class Needs:
    """Component id -> what it needs (and the reverse), with the reason of each need."""

    def __init__(self, arch: Architecture) -> None:
        self.needs: dict[str, dict[str, str]] = {}
        self.dependents: dict[str, list[str]] = {}
        endpoints: dict[str, list[str]] = {}
        for endpoint in arch.network.private_endpoints:
            endpoints.setdefault(endpoint.target, []).append(endpoint.id)
        for component_id, entry in arch.index.by_id.items():
            found = dict(self._direct(entry.component))
            if entry.parent is not None:
                found.setdefault(entry.parent.id, f"nested in {entry.parent.label()}")
            if getattr(entry.component, "public_network_access", True) is False:
                for endpoint_id in endpoints.get(component_id, ()):
                    found.setdefault(endpoint_id, "reached only through this private endpoint")
            found = {k: v for k, v in found.items() if k in arch.index.by_id and k != component_id}
            if found:
                self.needs[component_id] = found
                for target in found:
                    self.dependents.setdefault(target, []).append(component_id)
        for dependents in self.dependents.values():
            dependents.sort()

    @staticmethod
    def _direct(component: Component) -> Iterator[tuple[str, str]]:
        for field in _HOSTING_FIELDS:
            value = getattr(component, field, None)
            if isinstance(value, str):
                yield value, f"its {field.replace('_', ' ')}"
        if component.kind in _RUNTIME_STORAGE_KINDS:
            yield component.storage_account, "its runtime storage account"
        for disk in getattr(component, "data_disks", ()):
            yield disk, "its data disk"
        for vault in _key_vaults(component):
            yield vault, "its settings are read from this Key Vault"
        for zone in (
            getattr(component, "dns_zone_group", ())
            if component.kind == ("private_endpoint")
            else ()
        ):
            yield zone, "its DNS record lives in this private DNS zone"


def needs_of(arch: Architecture) -> Needs:
    """The :class:`Needs` of ``arch`` (built once per architecture)."""
    memo = arch.index.memo
    found = memo.get("dependencies.needs")
    if found is None:
        found = memo["dependencies.needs"] = Needs(arch)
    assert isinstance(found, Needs)
    return found


def closure(needs: Needs, failed: Iterable[str]) -> dict[str, str | None]:
    """Every component that fails with ``failed``: id -> the id whose failure it follows
    (None for the ones given)."""
    cause: dict[str, str | None] = {component_id: None for component_id in failed}
    queue = deque(cause)
    while queue:
        current = queue.popleft()
        for dependent in needs.dependents.get(current, ()):
            if dependent not in cause:
                cause[dependent] = current
                queue.append(dependent)
    return cause
