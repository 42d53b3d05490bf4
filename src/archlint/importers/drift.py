"""Drift: where what Terraform deploys departs from the approved architecture (the spec).

Components are matched kind by kind, parents first (a queue is matched inside its matched
namespace), by Azure resource name (``name`` or ``id``), then by the name without
separators (storage accounts allow no hyphens: ``steventstore`` is ``st-eventstore``),
then by id.  Private DNS zones match by zone.  Then:

* DRIFT001 - in the spec, not deployed by Terraform (kinds Terraform can deploy only; a
  spec component marked ``existing`` is never missing);
* DRIFT002 - deployed by Terraform, not in the spec;
* DRIFT003 - a property that matters differs (SKU/tier, zone redundancy, TLS, public
  access, TTLs, retries and delivery counts, dead-lettering, CIDRs, DNS zones...), with
  both values; a property Terraform does not know yet is not compared;
* DRIFT004 / DRIFT005 - a plan destroys or replaces a resource: high severity when the
  resource holds data (Cosmos DB, storage, Service Bus, Event Hubs, Redis, Key Vault,
  vaults), medium otherwise.

This module compares models only; it never runs rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from archlint.azure.metrics import ENTITY_DIMENSION, PER_ENTITY_KINDS
from archlint.importers import ImportResult
from archlint.importers.azurerm.core import REGISTRY
from archlint.importers.values import resource_type_of
from archlint.location import Location, Locator
from archlint.model import Architecture, Component, Path
from archlint.model.compute import HostedApp
from archlint.model.hosting import app_ase
from archlint.model.monitoring import MetricAlert
from archlint.records import record

__all__ = ["DATA_TYPES", "DRIFT_RULES", "PROPERTIES", "DriftFinding", "DriftReport", "compare"]

DRIFT_RULES: dict[str, tuple[str, str]] = {
    "DRIFT001": ("medium", "component in the spec is not deployed by Terraform"),
    "DRIFT002": ("medium", "Terraform deploys a component the spec does not have"),
    "DRIFT003": ("medium", "property differs between the spec and Terraform"),
    "DRIFT004": ("high", "plan destroys or replaces a resource that holds data"),
    "DRIFT005": ("medium", "plan destroys or replaces a resource"),
}

_ACCESS = ("public_network_access", "min_tls_version", "local_auth_enabled")
_FIREWALL = (*_ACCESS, "public_network_default_action")
_APP = ("https_only", "vnet_integration", *_ACCESS)
_FLEXIBLE = (
    "tier",
    "high_availability",
    "geo_redundant_backup",
    "require_secure_transport",
    *_ACCESS,
)
_MESSAGES = (
    "lock_duration",
    "max_delivery_count",
    "default_message_ttl",
    "dead_lettering_on_message_expiration",
    "forward_dead_lettered_messages_to",
    "requires_session",
)

#: kind -> the properties drift compares (dotted for nested fields).
PROPERTIES: dict[str, tuple[str, ...]] = {
    "virtual_network": ("address_space",),
    "subnet": ("cidr", "delegation", "nsg", "private_endpoint_network_policies"),
    "private_dns_zone": ("zone", "vnet_links"),
    "private_endpoint": ("target", "subresource", "subnet", "dns_zone_group"),
    "public_ip": ("sku", "zones"),
    "waf_policy": ("mode", "enabled"),
    "front_door": ("sku", "waf_policy"),
    "application_gateway": ("sku", "zones", "min_tls_version", "waf_policy", "subnet"),
    "traffic_manager": ("routing_method", "dns_ttl"),
    "bastion": ("sku", "subnet"),
    "service_bus_namespace": ("tier", "capacity", "zone_redundant", *_FIREWALL),
    "service_bus_queue": (*_MESSAGES, "duplicate_detection"),
    "service_bus_topic": ("default_message_ttl", "duplicate_detection"),
    "service_bus_subscription": _MESSAGES,
    "event_hubs_namespace": ("tier", "capacity", "zone_redundant", *_FIREWALL),
    "event_hub": ("partitions", "retention"),
    "event_grid_topic": _ACCESS,
    "event_grid_subscription": (
        "endpoint",
        "retry_policy.max_delivery_attempts",
        "retry_policy.event_ttl",
        "dead_letter",
    ),
    "cosmos_account": (
        "consistency.level",
        "multi_region_writes",
        "automatic_failover",
        "backup.mode",
        "regions",
        *_FIREWALL,
    ),
    "cosmos_container": ("partition_key", "ttl"),
    "redis_cache": ("tier", "capacity", "zones", "non_ssl_port_enabled", *_ACCESS),
    "storage_account": ("replication", "allow_blob_public_access", "soft_delete", *_FIREWALL),
    "sql_server": (*_ACCESS, "firewall_rules"),
    "sql_database": ("tier", "sku", "zone_redundant", "backup_storage_redundancy"),
    "sql_elastic_pool": ("tier", "zone_redundant"),
    "sql_managed_instance": ("tier", "zone_redundant", "backup_storage_redundancy", *_ACCESS),
    "sql_failover_group": ("partner_servers", "databases", "failover_mode"),
    "postgresql_flexible_server": _FLEXIBLE,
    "mysql_flexible_server": _FLEXIBLE,
    "app_service_environment": ("zone_redundant", "internal_load_balancing", "disable_tls_1_0"),
    "app_service_plan": ("sku", "zone_redundant"),
    "function_app": _APP,
    "web_app": _APP,
    "logic_app": _APP,
    "key_vault": ("purge_protection", "public_network_access", "public_network_default_action"),
    "log_analytics_workspace": ("retention",),
    "metric_alert": (
        "target",
        "dimensions",
        "metric",
        "aggregation",
        "operator",
        "threshold",
        "window",
        "severity",
        "action_groups",
    ),
    "backup_vault": ("redundancy", "soft_delete"),
    "backup_policy": ("retention",),
}

# Security posture: a difference here is high severity.
_HIGH = frozenset(
    {
        "public_network_access",
        "public_network_default_action",
        "min_tls_version",
        "local_auth_enabled",
        "allow_blob_public_access",
        "https_only",
        "non_ssl_port_enabled",
        "require_secure_transport",
    }
)
# Properties that mean something only while another is true on both sides: a firewall's
# default action is moot when public network access is off.
_ONLY_WHILE = {"public_network_default_action": "public_network_access"}
# Properties with an implicit value: an app on a plan in an App Service Environment runs in
# the ASE's subnet whether or not its vnet_integration says so (the model's documented
# meaning; Terraform cannot set regional VNet integration inside an ASE).
_IMPLIED: dict[str, Callable[[Architecture, Component], Any]] = {
    "vnet_integration": lambda arch, app: (
        ase.subnet if isinstance(app, HostedApp) and (ase := app_ase(arch, app)) else None
    ),
}
# Properties read in a canonical form, the same on both sides (see _alert_form).
_CANONICAL: dict[str, Callable[[Architecture, Component], Any]] = {
    "metric_alert.target": lambda arch, alert: _alert_form(arch, alert)[0],
    "metric_alert.dimensions": lambda arch, alert: _alert_form(arch, alert)[1],
}
# Unordered lists: compared as sets.
_UNORDERED = frozenset({"address_space", "zones", "dns_zone_group", "vnet_links", "regions"})

DATA_TYPES = frozenset(
    {
        "azurerm_cosmosdb_account",
        "azurerm_cosmosdb_sql_database",
        "azurerm_cosmosdb_sql_container",
        "azurerm_storage_account",
        "azurerm_storage_container",
        "azurerm_storage_share",
        "azurerm_servicebus_namespace",
        "azurerm_servicebus_queue",
        "azurerm_servicebus_topic",
        "azurerm_servicebus_subscription",
        "azurerm_eventhub_namespace",
        "azurerm_eventhub",
        "azurerm_redis_cache",
        "azurerm_key_vault",
        "azurerm_key_vault_secret",
        "azurerm_key_vault_key",
        "azurerm_log_analytics_workspace",
        "azurerm_recovery_services_vault",
        "azurerm_data_protection_backup_vault",
        "azurerm_mssql_database",
        "azurerm_mssql_managed_instance",
        "azurerm_postgresql_flexible_server",
        "azurerm_mysql_flexible_server",
    }
)


@record
class DriftFinding:
    rule_id: str
    severity: str
    kind: str | None
    component: str | None  # spec id (missing, changed) or Terraform component id (extra)
    message: str
    property: str | None = None
    spec_value: Any = None
    terraform_value: Any = None
    spec_location: Location | None = None
    terraform_location: Location | None = None
    address: str | None = None

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.rule_id, self.component or "", self.property or "", self.address or "")

    def to_dict(self) -> dict[str, Any]:
        def where(location: Location | None) -> dict[str, Any] | None:
            if location is None:
                return None
            return {"file": location.file, "line": location.line, "address": location.address}

        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "kind": self.kind,
            "component": self.component,
            "property": self.property,
            "message": self.message,
            "spec_value": self.spec_value,
            "terraform_value": self.terraform_value,
            "address": self.address,
            "spec_location": where(self.spec_location),
            "terraform_location": where(self.terraform_location),
        }


@dataclass
class DriftReport:
    findings: list[DriftFinding]
    matched: int
    not_compared: int  # properties Terraform does not know yet

    def to_dict(self) -> dict[str, Any]:
        return {
            "drift": [f.to_dict() for f in self.findings],
            "summary": {
                "findings": len(self.findings),
                "matched_components": self.matched,
                "properties_unknown_until_apply": self.not_compared,
            },
        }


def _deployable_kinds() -> frozenset[str]:
    return frozenset(m.kind for m in REGISTRY.values() if m.kind)


_SEPARATORS = re.compile(r"[-_. ]")


def _match_name(component: Component) -> str:
    zone = getattr(component, "zone", None) if component.kind == "private_dns_zone" else None
    return str(zone or component.resource_name).lower()


def compare(spec: Architecture, spec_locator: Locator, imported: ImportResult) -> DriftReport:
    """Drift between the spec and an imported Terraform configuration or plan."""
    deployed = imported.architecture
    kinds = _deployable_kinds()
    spec_entries = [e for e in spec.index.by_id.values() if e.component.kind in kinds]
    tf_entries = [e for e in deployed.index.by_id.values() if e.component.kind in kinds]

    # Unmatched spec components by (kind, parent key, name form).
    pools: dict[tuple[str, str, str, str], list[str]] = {}
    for entry in spec_entries:
        parent = entry.parent.id if entry.parent else ""
        component = entry.component
        for form, key in (
            ("name", _match_name(component)),
            ("loose", _SEPARATORS.sub("", _match_name(component))),
            ("id", component.id.lower()),
        ):
            pools.setdefault((component.kind, parent, form, key), []).append(component.id)

    matches: dict[str, str] = {}  # Terraform component id -> spec id
    taken: set[str] = set()
    for entry in tf_entries:  # index order: parents before their children
        component = entry.component
        parent = ""
        if entry.parent is not None:
            parent = matches.get(entry.parent.id, f"terraform:{entry.parent.id}")
        for form, key in (
            ("name", _match_name(component)),
            ("loose", _SEPARATORS.sub("", _match_name(component))),
            ("id", component.id.lower()),
        ):
            candidates = [
                c for c in pools.get((component.kind, parent, form, key), []) if c not in taken
            ]
            if candidates:
                matches[component.id] = candidates[0]
                taken.add(candidates[0])
                break

    findings: list[DriftFinding] = []
    for entry in spec_entries:
        component = entry.component
        if component.id in taken or getattr(component, "existing", False):
            continue
        findings.append(
            DriftFinding(
                "DRIFT001",
                DRIFT_RULES["DRIFT001"][0],
                component.kind,
                component.id,
                f"{component.label()} is in the spec but Terraform does not deploy it",
                spec_location=spec_locator.locate(entry.path),
            )
        )
    for entry in tf_entries:
        component = entry.component
        if component.id in matches or component.id in imported.external:
            continue
        findings.append(
            DriftFinding(
                "DRIFT002",
                DRIFT_RULES["DRIFT002"][0],
                component.kind,
                component.id,
                f"Terraform deploys {component.title} '{component.resource_name}' "
                f"({imported.addresses.get(component.id, component.id)}), which the spec "
                "does not have",
                terraform_location=imported.locator.locate(entry.path),
                address=imported.addresses.get(component.id),
            )
        )

    spec_ids = {v: k for k, v in matches.items()}
    not_compared = 0
    dumps: dict[int, Any] = {}
    for entry in spec_entries:
        tf_id = spec_ids.get(entry.component.id)
        if tf_id is None or tf_id in imported.external:
            continue
        tf_entry = deployed.index.by_id[tf_id]
        for prop in PROPERTIES.get(entry.component.kind, ()):
            path = tuple(prop.split("."))
            if _unknown((*tf_entry.path, *path), deployed.unknowns):
                not_compared += 1
                continue
            condition = _ONLY_WHILE.get(prop)
            if condition and not (
                getattr(entry.component, condition) or getattr(tf_entry.component, condition)
            ):
                continue
            canonical = _CANONICAL.get(f"{entry.component.kind}.{prop}")
            if canonical is not None:
                want = canonical(spec, entry.component)
                have = canonical(deployed, tf_entry.component)
                have = matches.get(have, have) if isinstance(have, str) else have
            else:
                want = _value(entry.component, path, {}, dumps)
                have = _value(tf_entry.component, path, matches, dumps)
            implied = _IMPLIED.get(prop)
            if implied is not None:
                want = want or implied(spec, entry.component)
                implied_have = implied(deployed, tf_entry.component)
                have = have or matches.get(implied_have, implied_have)
            if _same(prop, want, have):
                continue
            findings.append(
                DriftFinding(
                    "DRIFT003",
                    "high" if path[-1] in _HIGH else DRIFT_RULES["DRIFT003"][0],
                    entry.component.kind,
                    entry.component.id,
                    f"{entry.component.label()}: {prop} is {_show(have)} in Terraform, "
                    f"{_show(want)} in the spec",
                    property=prop,
                    spec_value=want,
                    terraform_value=have,
                    spec_location=spec_locator.locate((*entry.path, *path)),
                    terraform_location=imported.locator.locate((*tf_entry.path, *path)),
                    address=imported.addresses.get(tf_id),
                )
            )

    findings += _destroyed(imported)
    findings.sort(key=DriftFinding.sort_key)
    return DriftReport(findings, len(matches), not_compared)


def _destroyed(imported: ImportResult) -> list[DriftFinding]:
    out: list[DriftFinding] = []
    for address, actions in sorted(imported.resource_changes.items()):
        if "delete" not in actions:
            continue
        replaced = "create" in actions
        resource_type = resource_type_of(address)
        holds_data = resource_type in DATA_TYPES
        rule = "DRIFT004" if holds_data else "DRIFT005"
        verb = "replaces (destroys and re-creates)" if replaced else "destroys"
        consequence = (
            ": the data it holds is lost unless it is restored from a backup" if holds_data else ""
        )
        out.append(
            DriftFinding(
                rule,
                DRIFT_RULES[rule][0],
                None,
                None,
                f"the plan {verb} {address}{consequence}",
                terraform_location=Location(_source_file(imported), None, None, address),
                address=address,
                terraform_value=list(actions),
            )
        )
    return out


def _source_file(imported: ImportResult) -> str:
    location = imported.locator.locate(())
    return location.file if location is not None else ""


def _alert_form(arch: Architecture, alert: Component) -> tuple[str, dict[str, str]]:
    """An alert's target and dimension filters, with a namespace alert filtered on one of its
    queues, topics or event hubs read as the alert on that entity: the form the generators
    write for an alert on an entity (Azure Monitor measures entities on their namespace)."""
    assert isinstance(alert, MetricAlert)
    dimensions = dict(alert.dimensions)
    namespace = arch.get(alert.target)
    entity_kinds = [k for k, ns in PER_ENTITY_KINDS.items() if namespace and ns == namespace.kind]
    filters = [k for k in dimensions if k.casefold() == ENTITY_DIMENSION.casefold()]
    if not entity_kinds or len(filters) != 1:
        return alert.target, dimensions
    wanted = dimensions[filters[0]].strip().casefold()
    for entity in arch.index.of_kind(*entity_kinds):
        parent = arch.index.by_id[entity.id].parent
        if parent is namespace and entity.resource_name.casefold() == wanted:
            del dimensions[filters[0]]
            return entity.id, dimensions
    return alert.target, dimensions


def _unknown(path: Path, unknowns: set[Path]) -> bool:
    return any(path[:end] in unknowns for end in range(len(path), 0, -1))


def _value(
    component: BaseModel, path: tuple[str, ...], matches: dict[str, str], cache: dict[int, Any]
) -> Any:
    """The JSON form of a (nested) field, as the model serialises it ("14d", "10.0.0.0/16");
    an unset sub-model counts as its defaults (Event Grid's retry policy when none is set)."""
    data = cache.get(id(component))
    if data is None:
        data = cache[id(component)] = component.model_dump(mode="json")
    model: Any = type(component)
    current: Any = data
    info: Any = None
    for part in path:
        info = model.model_fields.get(part) if model is not None else None
        current = current.get(part) if isinstance(current, dict) else None
        model = _model_of(info.annotation) if info is not None else None
        if current is None and model is not None:
            default = _default_model(model)
            current = default.model_dump(mode="json") if default is not None else None
    return _translate(current, info, matches) if info is not None else current


def _model_of(annotation: Any) -> type[BaseModel] | None:
    from archlint.model.architecture import leaf_types

    for leaf in leaf_types(annotation):
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            return leaf
    return None


def _default_model(model: type[BaseModel]) -> BaseModel | None:
    try:
        return model()
    except Exception:  # it has required fields: there is no default form
        return None


def _translate(value: Any, info: Any, matches: dict[str, str]) -> Any:
    """Terraform component ids in the reference fields of a value, as the spec ids they
    were matched to (so ``forward_to`` compares by what it points at, not by spelling)."""
    if not matches or value is None:
        return value
    if _is_ref(info):
        if isinstance(value, str):
            return matches.get(value, value)
        if isinstance(value, list):
            return [matches.get(v, v) if isinstance(v, str) else v for v in value]
        return value
    model = _model_of(info.annotation)
    if model is None:
        return value
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = {
                key: _translate(sub, model.model_fields[key], matches)
                if key in model.model_fields
                else sub
                for key, sub in item.items()
            }
        out.append(item)
    return out if isinstance(value, list) else out[0]


def _is_ref(info: Any) -> bool:
    import typing

    from archlint.model.architecture import leaf_types
    from archlint.model.base import RefTo

    if any(isinstance(m, RefTo) for m in info.metadata):
        return True
    return any(
        typing.get_origin(leaf) is typing.Annotated
        and any(isinstance(m, RefTo) for m in typing.get_args(leaf)[1:])
        for leaf in leaf_types(info.annotation)
    )


def _same(prop: str, want: Any, have: Any) -> bool:
    if prop.split(".")[-1] in _UNORDERED and isinstance(want, list) and isinstance(have, list):
        return sorted(map(repr, want)) == sorted(map(repr, have))
    return bool(want == have)


def _show(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return json.dumps(value, sort_keys=True)
