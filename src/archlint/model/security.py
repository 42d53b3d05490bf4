"""Security posture: TLS, identities, RBAC, Key Vault and organisation-wide policies."""

from typing import ClassVar

from pydantic import Field

from archlint.model.base import (
    Component,
    DefaultOf,
    FirewallSettings,
    Ref,
    StrictModel,
    TlsVersion,
    empty_list,
)


class UserAssignedIdentity(Component):
    kind: ClassVar[str] = "user_assigned_identity"
    title: ClassVar[str] = "managed identity"


class KeyVault(Component, FirewallSettings):
    kind: ClassVar[str] = "key_vault"
    title: ClassVar[str] = "Key Vault"

    purge_protection: bool = True
    soft_delete_retention: int = Field(default=90, ge=7, le=90, description="Days.")
    rbac_authorization: bool = True


class RoleAssignment(StrictModel):
    principal: Ref()
    role: str = Field(description="Built-in role name, e.g. 'Azure Service Bus Data Receiver'.")
    scope: Ref()


class Policies(StrictModel):
    """Organisation-wide requirements the architecture states for itself."""

    private_endpoints_only: bool = False
    managed_identity_only: bool = False
    no_connection_strings: bool = False
    encryption_at_rest: bool = True
    least_privilege_rbac: bool = False


class Security(StrictModel):
    minimum_tls_version: TlsVersion = "1.2"
    policies: Policies = Field(default_factory=DefaultOf(Policies))
    identities: list[UserAssignedIdentity] = Field(default_factory=empty_list)
    key_vaults: list[KeyVault] = Field(default_factory=empty_list)
    role_assignments: list[RoleAssignment] = Field(default_factory=empty_list)
