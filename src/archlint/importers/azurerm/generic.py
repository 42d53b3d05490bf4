"""Every azurerm type without a bespoke mapper: a generic resource (``resources:``).

The fallback is automatic: :func:`archlint.importers.azurerm.core.entry_for` gives a type its
registered mapper when one exists (bespoke mappers always win, so a family added later takes its
types over) and this one otherwise. It reads the arguments whose meaning is the same across the
provider (location, zones, zone redundancy, identity, public network access, minimum TLS, tags)
in their 3.x and 4.x spellings, and the component the resource belongs to (``parent``).

An argument the configuration leaves out stays unset: what the provider would default it to
differs by type and version and archlint does not know it, so nothing is assumed (the model's
unset value means "not stated" for a generic resource).

A few types are not architecture archlint can judge at all (management groups, subscriptions,
ARM template deployments whose content archlint does not read): they stay TF005 notes, with the
reason (:func:`not_judged`).
"""

from __future__ import annotations

from typing import Any

from archlint.azure.generic import FIREWALL_DENIES_BY_DEFAULT
from archlint.importers import convert
from archlint.importers.azurerm.common import (
    DEFAULT_ACTION,
    firewall_default,
    identity,
    tag_map,
    zones,
)
from archlint.importers.azurerm.core import (
    Builder,
    Draft,
    View,
    fallback,
    has_unknown,
    not_judged_by,
    plain,
)
from archlint.importers.values import UNKNOWN, scalar

__all__ = ["NOT_JUDGED", "not_judged"]

#: (type prefix or suffix, why archlint does not evaluate it), the first that matches: deployments
#: of templates archlint never reads, and tenant- and subscription-level governance above the
#: architecture.
NOT_JUDGED: tuple[tuple[str, str], ...] = (
    (
        "_template_deployment",
        "an ARM template deployment: archlint does not read the template it deploys",
    ),
    (
        "azurerm_management_group",
        "management groups are tenant governance, above the architecture archlint models",
    ),
    (
        "azurerm_subscription",
        "subscriptions and their settings are tenant governance, above the architecture "
        "archlint models",
    ),
    ("azurerm_tenant_", "tenant-level settings are above the architecture archlint models"),
)

#: Arguments naming what a resource belongs to or acts on, most telling first; after them any
#: other ``*_id`` / ``*_name`` argument that refers to a component of this configuration.
PARENT_ARGUMENTS = (
    "scope",
    "parent_id",
    "target_resource_id",
    "key_vault_id",
    "virtual_machine_id",
    "virtual_machine_scale_set_id",
    "private_endpoint_id",
    "kubernetes_cluster_id",
    "container_id",
    "database_id",
    "server_id",
    "namespace_id",
    "account_id",
    "storage_account_id",
)
_NOT_PARENT = frozenset({"name", "resource_group_name", "location"})

_PUBLIC_ACCESS = {"enabled": True, "disabled": False}
#: The minimum TLS version, as the types spell the argument.
_TLS_ARGUMENTS = (
    "minimum_tls_version",
    "min_tls_version",
    "minimal_tls_version",
    "ssl_minimal_tls_version_enforced",
)
#: Values that say no minimum is enforced (SQL ``Disabled``, MySQL ``TLSEnforcementDisabled``).
_NO_TLS_MINIMUM = frozenset({"disabled", "tlsenforcementdisabled"})
#: Blocks holding a public endpoint's network rules (default_action Allow or Deny).
_NETWORK_RULE_BLOCKS = ("network_acls", "network_rule_set", "network_rules")
#: Arguments listing the only IP ranges a public endpoint admits (non-empty: selected networks).
_IP_ALLOW_LISTS = ("allowed_ips", "ip_rules", "ip_range_filter", "allowed_ip_ranges")


@not_judged_by
def not_judged(resource_type: str) -> str | None:
    """Why archlint does not evaluate ``resource_type`` even generically, or None."""
    for affix, reason in NOT_JUDGED:
        if resource_type.startswith(affix) or resource_type.endswith(affix):
            return reason
    return None


def _public_access(value: Any) -> bool:
    """``public_network_access = "Enabled" | "Disabled"`` (a string on some types); any other
    value (``SecuredByPerimeter``) is not a plain on or off."""
    key = convert.text(value).lower()
    if key not in _PUBLIC_ACCESS:
        raise ValueError(f"not Enabled or Disabled: {value!r}")
    return _PUBLIC_ACCESS[key]


def _zone_list(value: Any) -> list[int]:
    return [] if value is None else zones(value)


@fallback(kind="azure_resource")
def generic_resource(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.put(("type",), view.resource.type)
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("zones", view.raw("zones", "zone"), _zone_list)
    draft.set(
        "zone_redundant", view.raw("zone_redundancy_enabled", "zone_redundant"), convert.boolean
    )
    identity(builder, draft, view)
    enabled = view.raw("public_network_access_enabled", "public_network_enabled")
    if enabled is not None:
        draft.set("public_network_access", enabled, convert.boolean)
    else:
        draft.set("public_network_access", view.raw("public_network_access"), _public_access)
    _firewall_default(view, draft)
    tls = view.raw(*_TLS_ARGUMENTS)
    if str(scalar(tls)).lower() in _NO_TLS_MINIMUM:
        # No minimum enforced: what the service then accepts depends on the TLS versions
        # Azure still serves for it (older ones are being retired), so it is not known.
        draft.mark_unknown("min_tls_version")
    else:
        draft.set("min_tls_version", tls, convert.tls)
    draft.set("tags", view.raw("tags"), tag_map)
    _parent(builder, view, draft)


def _firewall_default(view: View, draft: Draft) -> None:
    """Deny when the public endpoint admits only the networks it names: a network rule set
    that denies by default, an IP allow list, or a type whose firewall starts closed."""
    if view.resource.type in FIREWALL_DENIES_BY_DEFAULT:
        draft.put((DEFAULT_ACTION,), "Deny")
        return
    for name in _NETWORK_RULE_BLOCKS:
        if view.block(name) is not None or view.unknown(name):
            firewall_default(draft, view, name)
            return
    for name in _IP_ALLOW_LISTS:
        allowed = view.raw(name)
        if allowed is None:
            continue
        if has_unknown(allowed):
            draft.mark_unknown(DEFAULT_ACTION)
        elif plain(allowed):
            draft.put((DEFAULT_ACTION,), "Deny")
        return


def _parent(builder: Builder, view: View, draft: Draft) -> None:
    """The component this resource belongs to: the first parent argument that refers to a
    component of this configuration (a literal id of something outside it gives none)."""
    values = view.values if isinstance(view.values, dict) else {}
    others = sorted(
        name
        for name in values
        if name not in PARENT_ARGUMENTS
        and name not in _NOT_PARENT
        and (name.endswith("_id") or name.endswith("_name"))
    )
    unknown = False
    for argument in (*PARENT_ARGUMENTS, *others):
        value = values.get(argument)
        target = builder.resolve(value) if value is not None else None
        if target is UNKNOWN and argument in PARENT_ARGUMENTS:
            unknown = True  # e.g. a lock on an endpoint made for each of unknown keys
        if not isinstance(target, str) or target is UNKNOWN or target == draft.id:
            continue
        parent = builder.drafts.get(target)
        if parent is not None and not parent.external:
            draft.put(("parent",), target)
            return
    if unknown:
        draft.mark_unknown("parent")
