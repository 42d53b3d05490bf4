"""``security.tf``: user-assigned identities, Key Vaults and role assignments.

Organisation-wide policies (``security.policies``) are not resources: they show in the
arguments of the resources they govern (public access off, local auth off, TLS floors).
"""

from __future__ import annotations

from archlint.generators.common import COSMOS_DATA_ROLES, role_slug
from archlint.generators.hcl import Block, Comment, Expr, template
from archlint.generators.terraform.compute import principal
from archlint.generators.terraform.core import RG_NAME, Terraform
from archlint.model.security import RoleAssignment

FILE = "security.tf"


def emit(tf: Terraform) -> None:
    security = tf.architecture.security
    for identity in security.identities:
        tf.resource(
            FILE,
            "azurerm_user_assigned_identity",
            tf.address(identity.id).name,
            [*tf.common(identity), ("tags", tf.tags(identity))],
        )
    if security.key_vaults:
        tf.add(FILE, Block.of("data", "azurerm_client_config", "current"))
    for vault in security.key_vaults:
        tf.resource(
            FILE,
            "azurerm_key_vault",
            tf.address(vault.id).name,
            [
                *tf.common(vault),
                ("tenant_id", Expr("data.azurerm_client_config.current.tenant_id")),
                ("sku_name", "standard"),
                ("purge_protection_enabled", vault.purge_protection),
                ("soft_delete_retention_days", vault.soft_delete_retention),
                ("rbac_authorization_enabled", vault.rbac_authorization),
                ("public_network_access_enabled", vault.public_network_access),
                ("tags", tf.tags(vault)),
                Block.of(
                    "network_acls",
                    items=[
                        (
                            "default_action",
                            "Allow"
                            if vault.public_network_access
                            and vault.public_network_default_action == "Allow"
                            else "Deny",
                        ),
                        ("bypass", "AzureServices"),
                    ],
                ),
            ],
        )
    for assignment in security.role_assignments:
        _role_assignment(tf, assignment)


def _role_assignment(tf: Terraform, assignment: RoleAssignment) -> None:
    principal_id = principal(tf, assignment.principal)
    scope = tf.component(assignment.scope)
    scope_ref = tf.ref(assignment.scope)
    if principal_id is None or scope is None or scope_ref is None:
        tf.add(
            FILE,
            Comment(
                f"role '{assignment.role}' for '{assignment.principal}' on '{assignment.scope}': "
                "the principal has no managed identity or the scope is not a resource here"
            ),
        )
        return
    name = f"{assignment.principal}_{assignment.scope}_{role_slug(assignment.role)}"
    data_role = COSMOS_DATA_ROLES.get(assignment.role)
    if data_role is not None:
        if scope.kind != "cosmos_account":
            tf.add(
                FILE,
                Comment(f"'{assignment.role}' is a Cosmos DB data role: '{scope.id}' is not one"),
            )
            return
        # Cosmos DB data-plane roles are assigned inside the account, not with Azure RBAC.
        tf.resource(
            FILE,
            "azurerm_cosmosdb_sql_role_assignment",
            tf.local_name("azurerm_cosmosdb_sql_role_assignment", name),
            [
                ("resource_group_name", RG_NAME),
                ("account_name", tf.ref(scope.id, "name")),
                ("role_definition_id", template(scope_ref, f"/sqlRoleDefinitions/{data_role}")),
                ("principal_id", principal_id),
                ("scope", scope_ref),
            ],
        )
        return
    tf.resource(
        FILE,
        "azurerm_role_assignment",
        tf.local_name("azurerm_role_assignment", name),
        [
            ("scope", scope_ref),
            ("role_definition_name", assignment.role),
            ("principal_id", principal_id),
            ("principal_type", "ServicePrincipal"),
        ],
    )
