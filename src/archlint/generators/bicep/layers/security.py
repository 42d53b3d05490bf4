"""Security: identities, Key Vaults, role assignments (Cosmos DB data roles inside the account)."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import (
    enabled,
    principal,
)
from archlint.generators.bicep.writer import BExpr
from archlint.generators.common import (
    COSMOS_DATA_ROLES,
)


def security(b: Bicep) -> None:
    layer = "security"
    sec = b.architecture.security
    for identity in sec.identities:
        b.add(
            layer,
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            b.symbols[identity.id],
            identity.resource_name,
            {"location": b.location(), "tags": b.tags(identity)},
        )
    for vault in sec.key_vaults:
        b.add(
            layer,
            "Microsoft.KeyVault/vaults",
            b.symbols[vault.id],
            vault.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(vault),
                "properties": {
                    "tenantId": BExpr("subscription().tenantId"),
                    "sku": {"family": "A", "name": "standard"},
                    "enablePurgeProtection": True if vault.purge_protection else None,
                    "softDeleteRetentionInDays": vault.soft_delete_retention,
                    "enableRbacAuthorization": vault.rbac_authorization,
                    "publicNetworkAccess": enabled(vault.public_network_access),
                    "networkAcls": {
                        "defaultAction": "Allow"
                        if vault.public_network_access
                        and vault.public_network_default_action == "Allow"
                        else "Deny",
                        "bypass": "AzureServices",
                    },
                },
            },
        )
    for assignment in sec.role_assignments:
        who = principal(b, assignment.principal)
        scope = b.component(assignment.scope)
        data_role = COSMOS_DATA_ROLES.get(assignment.role)
        if who is None or scope is None or assignment.scope not in b.symbols:
            b.note(
                layer,
                f"role '{assignment.role}' for '{assignment.principal}' on "
                f"'{assignment.scope}': no managed identity or no resource",
            )
        elif data_role is not None:
            if scope.kind != "cosmos_account":
                b.note(
                    layer, f"'{assignment.role}' is a Cosmos DB data role: '{scope.id}' is not one"
                )
                continue
            account = b.symbols[scope.id]
            account_id = BExpr.symbol(account, "id")
            b.add(
                layer,
                "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
                b.new_symbol(f"{assignment.principal}-{scope.id}-{assignment.role}"),
                account_id.wrap(
                    f"guid({account_id.text}, '{assignment.principal}', '{data_role}')"
                ),
                {
                    "properties": {
                        "roleDefinitionId": account_id.wrap(
                            f"'${{{account_id.text}}}/sqlRoleDefinitions/{data_role}'"
                        ),
                        "principalId": who,
                        "scope": account_id,
                    }
                },
                parent=account,
                comment=f"{assignment.role} for {assignment.principal}",
            )
        else:
            b.role(layer, assignment.principal, who, assignment.scope, assignment.role)
