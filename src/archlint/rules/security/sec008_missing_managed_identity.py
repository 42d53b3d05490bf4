"""Workload calls Azure services, or holds a role, without a managed identity.

## What it does
Flags:

- a Function App, Web App, Logic App or VM that calls an Azure data service (Service Bus,
  Event Hubs, Event Grid, Cosmos DB, storage, Redis, Key Vault) according to the flows, the
  resilience bindings or a Key Vault reference in its settings, but has no managed identity
  (neither `identity.system_assigned` nor a user-assigned identity);
- a role assignment whose principal is such a workload without a managed identity: the
  assignment has nothing to be granted to.

## Why is this bad?
Without a managed identity the workload can only authenticate with keys or connection
strings, which is exactly what the seed rules out ("Managed identities for all Azure-to-Azure
authentication"), and Key Vault references cannot be resolved at all. A role assignment to
a principal without an identity cannot be created, so the access the design relies on never
exists.

## Example
```yaml
function_apps:
  - id: func-main
    plan: plan-functions
    storage_account: st-functions
    runtime: {stack: dotnet-isolated, version: "8.0"}
    # no identity
role_assignments:
  - {principal: func-main, role: Azure Service Bus Data Receiver, scope: sb-main}
```

## Use instead
```yaml
function_apps:
  - id: func-main
    plan: plan-functions
    storage_account: st-functions
    runtime: {stack: dotnet-isolated, version: "8.0"}
    identity: {system_assigned: true}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.access import service_calls
from archlint.model import Architecture, Component
from archlint.model.compute import Identity
from archlint.model.generic import GenericResource
from archlint.rules.api import Violation, rule


def has_identity(component: Component) -> bool | None:
    """True/False for components that can hold a managed identity, None for others.

    A generic resource is never judged: a type archlint has no model for may hold identities
    outside its `identity` block (an AKS cluster's kubelet identity), so a role assigned to
    it says nothing about that block."""
    if isinstance(component, GenericResource):
        return None
    identity = getattr(component, "identity", None)
    if not isinstance(identity, Identity):
        return None
    return identity.system_assigned or bool(identity.user_assigned)


@rule(
    "SEC008",
    name="missing-managed-identity",
    severity="high",
    category="security",
    references=(
        "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview",
        "https://learn.microsoft.com/azure/app-service/overview-managed-identity",
        "https://learn.microsoft.com/azure/app-service/app-service-key-vault-references",
    ),
    mcsb=("IM-3",),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for calls in service_calls(arch).values():
        caller = calls[0].caller
        if has_identity(caller) is False:
            services = list(dict.fromkeys(f"{c.service.label()} ({c.via})" for c in calls))
            yield Violation.on(
                arch,
                caller,
                "identity",
                message=f"{caller.label()} calls {', '.join(services)} but has no managed identity",
            )
    for position, assignment in enumerate(arch.security.role_assignments):
        principal = arch.get(assignment.principal)
        if principal is not None and has_identity(principal) is False:
            yield Violation(
                ("security", "role_assignments", position, "principal"),
                f"role '{assignment.role}' on '{assignment.scope}' is assigned to "
                f"{principal.label()}, which has no managed identity to receive it",
            )
