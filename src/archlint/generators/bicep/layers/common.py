"""What the Bicep layer modules share: units, ARM sub-resource references, identities."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.writer import BExpr, BValue, interpolate
from archlint.generators.common import (
    principal_source,
)
from archlint.model.compute import Identity
from archlint.model.network import VirtualNetwork

SECOND, MINUTE, HOUR, DAY = (
    timedelta(seconds=1),
    timedelta(minutes=1),
    timedelta(hours=1),
    timedelta(days=1),
)
TLS_ARM = {"1.0": "TLS1_0", "1.1": "TLS1_1", "1.2": "TLS1_2", "1.3": "TLS1_2"}


def sub_resource(ref: BExpr | None) -> dict[str, BValue] | None:
    """ARM's ``{ id: ... }`` sub-resource reference."""
    return {"id": ref} if ref is not None else None


def sub_ref(b: Bicep, component_id: str | None) -> dict[str, BValue] | None:
    """``{ id: ... }`` for a component that may be unset."""
    return sub_resource(b.ref(component_id)) if component_id else None


def enabled(flag: bool) -> str:
    return "Enabled" if flag else "Disabled"


def identity_block(b: Bicep, identity: Identity) -> dict[str, BValue] | None:
    kinds = (["SystemAssigned"] if identity.system_assigned else []) + (
        ["UserAssigned"] if identity.user_assigned else []
    )
    if not kinds:
        return None
    out: dict[str, BValue] = {"type": ", ".join(kinds)}
    assigned = {}
    for uai in identity.user_assigned:
        ref = b.ref(uai)
        if ref is not None:
            assigned[ref] = {}
    if assigned:
        out["userAssignedIdentities"] = assigned
    return out


def principal(b: Bicep, component_id: str) -> BExpr | None:
    """The object id a role assignment names for a component with a managed identity."""
    source = principal_source(b.architecture, component_id)
    if source is None:
        return None
    owner, system = source
    return b.ref(owner, "identity.principalId" if system else "properties.principalId")


def subnet_region(b: Bicep, subnet_id: str) -> str | None:
    entry = b.architecture.index.by_id.get(subnet_id)
    parent = entry.parent if entry else None
    return parent.region if isinstance(parent, VirtualNetwork) else None


def connection_string(b: Bicep, storage_id: str) -> BExpr | None:
    """A storage connection string built from listKeys() at deployment: never a literal."""
    account = b.ref(storage_id, "name")
    keys = b.ref(storage_id, "listKeys().keys[0].value")
    if account is None or keys is None:
        return None
    return interpolate(
        "DefaultEndpointsProtocol=https;AccountName=",
        account,
        ";AccountKey=",
        keys,
        ";EndpointSuffix=",
        BExpr("environment().suffixes.storage"),
    )
