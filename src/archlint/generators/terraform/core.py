"""The state one Terraform generation shares across layers: addresses, variables, files.

Every component that becomes an azurerm resource gets its Terraform address before any block is
written, so a layer can refer to a component of a later layer (a private endpoint in
``network.tf`` points at a Cosmos account in ``data.tf``). References are always expressions
(``azurerm_servicebus_queue.sbq_dlq_monitor.name``), never resource ids written as strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from archlint.generators.common import role_slug, safe_identifier
from archlint.generators.hcl import Block, BodyEntry, Comment, Expr, Value, quote, render_value
from archlint.model import Architecture
from archlint.model.base import Component
from archlint.model.compute import SecretReference
from archlint.records import record

__all__ = ["FILES", "Terraform", "Variable"]

# One file per layer, in the order a reader meets them.
FILES: tuple[str, ...] = (
    "providers.tf",
    "variables.tf",
    "network.tf",
    "security.tf",
    "edge.tf",
    "messaging.tf",
    "compute.tf",
    "data.tf",
    "monitoring.tf",
    "dr.tf",
    "outputs.tf",
)

RG_NAME = Expr("azurerm_resource_group.main.name")
RG_LOCATION = Expr("azurerm_resource_group.main.location")
TAGS = Expr("local.tags")


@record
class Variable:
    name: str
    type: str
    description: str
    default: Value | None = None
    sensitive: bool = False
    nullable: bool | None = None
    validation: tuple[str, str] | None = None  # (condition, error message)

    def block(self) -> Block:
        validation = None
        if self.validation:
            condition, message = self.validation
            validation = Block.of(
                "validation", items=[("condition", Expr(condition)), ("error_message", message)]
            )
        return Block.of(
            "variable",
            self.name,
            items=[
                ("description", self.description),
                ("type", Expr(self.type)),
                ("default", self.default),
                ("sensitive", True if self.sensitive else None),
                ("nullable", self.nullable),
                validation,
            ],
        )


@record
class Address:
    """Where a component lives in the configuration: ``type.name``, or a bare expression for
    components that are referenced rather than created (an existing Front Door profile)."""

    type: str
    name: str
    expression: str | None = None

    def attr(self, attribute: str) -> Expr:
        if self.expression is not None:
            return Expr(self.expression)
        return Expr(f"{self.type}.{self.name}.{attribute}")


@dataclass
class Terraform:
    architecture: Architecture
    files: dict[str, list[Block | Comment]] = field(
        default_factory=lambda: {name: [] for name in FILES}
    )
    addresses: dict[str, Address] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    _taken: dict[str, set[str]] = field(default_factory=dict)
    # (storage account id, container name) -> local name of its azurerm_storage_container
    containers: dict[tuple[str, str], str] = field(default_factory=dict)
    _named: dict[tuple[str, str], str] = field(default_factory=dict)
    _granted: dict[tuple[str, str, str], str] = field(default_factory=dict)

    # --- naming and references ------------------------------------------------------------

    def local_name(self, resource_type: str, base: str) -> str:
        """A local name unique within ``resource_type`` (``a-b`` and ``a_b`` both map to
        ``a_b``: the second becomes ``a_b_2``), assigned in model order, so stable."""
        taken = self._taken.setdefault(resource_type, set())
        name = safe_identifier(base)
        candidate, suffix = name, 2
        while candidate in taken:
            candidate, suffix = f"{name}_{suffix}", suffix + 1
        taken.add(candidate)
        return candidate

    def named(self, resource_type: str, key: str) -> str:
        """Like :meth:`local_name`, but the same ``key`` always gives the same name: for
        resources that several places refer to before or after they are written."""
        name = self._named.get((resource_type, key))
        if name is None:
            name = self._named[(resource_type, key)] = self.local_name(resource_type, key)
        return name

    def assign(self, component: Component, resource_type: str) -> Address:
        address = Address(resource_type, self.local_name(resource_type, component.id))
        self.addresses[component.id] = address
        return address

    def address(self, component_id: str) -> Address | None:
        return self.addresses.get(component_id)

    def ref(self, component_id: str, attribute: str = "id") -> Expr | None:
        """An expression for an attribute of a component's resource, or None when the component
        is not an azurerm resource (an actor, a resilience policy, a dangling id)."""
        address = self.addresses.get(component_id)
        return address.attr(attribute) if address else None

    def component(self, component_id: str) -> Component | None:
        return self.architecture.get(component_id)

    # --- values every resource needs ------------------------------------------------------

    def location(self, region: str | None) -> Value:
        """The resource group's location for the primary region, else the region itself."""
        primary = self.architecture.metadata.primary_region
        if region is None or _region_key(region) == _region_key(primary):
            return RG_LOCATION
        return region

    def tags(self, component: Component | None = None) -> Expr:
        if component is None or not component.tags:
            return TAGS
        pairs = ", ".join(
            f"{quote(key)} = {render_value(value, 0)}" for key, value in component.tags.items()
        )
        return Expr(f"merge(local.tags, {{ {pairs} }})")

    def common(self, component: Component, region: str | None = None) -> list[BodyEntry]:
        """``name``, ``location`` and ``resource_group_name``: the first lines of most blocks."""
        return [
            ("name", component.resource_name),
            ("location", self.location(region)),
            ("resource_group_name", RG_NAME),
        ]

    # --- variables and secrets ------------------------------------------------------------

    def variable(self, variable: Variable) -> Expr:
        self.variables.setdefault(variable.name, variable)
        return Expr(f"var.{variable.name}")

    def secret(self, secret: SecretReference | str, owner: Component, purpose: str) -> Expr:
        """A secret as an expression that never contains its value.

        A ``{variable: NAME}`` reference becomes a ``sensitive`` variable; a Key Vault
        reference reads the secret through a data source; a literal secret in the spec is
        never written: it becomes a sensitive variable with no default, to be supplied at
        apply time (the rules report the literal on the spec).
        """
        description = f"{purpose} of {owner.label()} (secret: supply it, never commit it)."
        if isinstance(secret, SecretReference) and secret.variable:
            name = safe_identifier(secret.variable)
            return self.variable(Variable(name, "string", description, sensitive=True))
        if isinstance(secret, SecretReference) and secret.key_vault and secret.secret:
            vault = self.ref(secret.key_vault)
            if vault is not None:
                name = self.local_name("data.azurerm_key_vault_secret", f"{owner.id}_{purpose}")
                self.files["security.tf"].append(
                    Block.of(
                        "data",
                        "azurerm_key_vault_secret",
                        name,
                        items=[("name", secret.secret), ("key_vault_id", vault)],
                    )
                )
                return Expr(f"data.azurerm_key_vault_secret.{name}.value")
        name = safe_identifier(f"{owner.id}_{purpose}")
        return self.variable(Variable(name, "string", description, sensitive=True))

    def container_ref(self, storage_id: str, container: str) -> Expr | str:
        """A container the spec lists on its account is a resource here: refer to it."""
        name = self.containers.get((storage_id, container))
        return Expr(f"azurerm_storage_container.{name}.name") if name else container

    def grant(
        self, file: str, principal_id: str, principal: Expr | None, scope: str, role: str
    ) -> Expr | None:
        """A role assignment a generated resource needs to work, written once per principal,
        scope and role however many resources need it; returns the assignment's address."""
        key = (principal_id, scope, role)
        target = self.ref(scope)
        if principal is None or target is None:
            return None
        if key not in self._granted:
            name = self.local_name(
                "azurerm_role_assignment", f"{principal_id}_{scope}_{role_slug(role)}"
            )
            self._granted[key] = name
            self.resource(
                file,
                "azurerm_role_assignment",
                name,
                [
                    ("scope", target),
                    ("role_definition_name", role),
                    ("principal_id", principal),
                    ("principal_type", "ServicePrincipal"),
                ],
            )
        return Expr(f"azurerm_role_assignment.{self._granted[key]}")

    # --- writing --------------------------------------------------------------------------

    def add(self, file: str, *items: Block | Comment) -> None:
        self.files[file].extend(items)

    def resource(
        self, file: str, resource_type: str, name: str, items: Iterable[BodyEntry]
    ) -> Block:
        block = Block.of("resource", resource_type, name, items=items)
        self.files[file].append(block)
        return block


def _region_key(region: str) -> str:
    """``East US 2`` and ``eastus2`` name the same region."""
    return region.replace(" ", "").lower()
