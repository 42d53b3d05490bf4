"""Workload granted a broader RBAC role than it needs.

## What it does
Flags role assignments of built-in roles that give far more than a workload needs
(`archlint.azure.facts.BROAD_RBAC_ROLES`): `Owner`, `Contributor`, `User Access
Administrator`, `Role Based Access Control Administrator`, and the data *Owner* roles
(`Azure Service Bus Data Owner`, `Azure Event Hubs Data Owner`, `Storage Blob Data Owner`) or
`Key Vault Administrator` where narrower data roles exist. For a data Owner role the message
names the narrower roles that cover what the flows show the principal doing inside the scope
(receive -> Data Receiver, send -> Data Sender, read -> Reader, write -> Contributor).

## Why is this bad?
A compromised or buggy workload can do everything its role allows. `Azure Service Bus Data
Owner` lets it create, change and delete queues and topics and read or drain every entity of
the namespace; `Owner` lets it grant itself or others more access. Least privilege
(MCSB PA-7) limits the blast radius to what the workload's job needs, and the seed asks for
"least privilege access using built-in roles".

## Example
```yaml
role_assignments:
  - {principal: func-dlq-processor, role: Azure Service Bus Data Owner, scope: sb-main}
```

## Use instead
```yaml
role_assignments:
  - {principal: func-dlq-processor, role: Azure Service Bus Data Receiver, scope: sb-main}
  - {principal: func-dlq-processor, role: Azure Service Bus Data Sender, scope: sb-main}
```

## Notes
`Owner`, `Contributor` and the access-administration roles are judged only when the
principal is an app (a Function App, Web App or Logic App), whose job the flows describe.
A VM, a user-assigned identity or an identity archlint does not model (an AKS cluster's, a
deployment agent's) may well need to manage resources: a data-plane role is no
replacement for that, so those principals are not judged on control-plane roles. On a data
*Owner* role or `Key Vault Administrator` they are judged only where the flows show what they
do inside the scope: the identity that runs Terraform (`data.azurerm_client_config`) often
holds `Key Vault Administrator` to write the keys and secrets of the same configuration, and
the read-only roles this rule would name cannot do that.

The scope is not judged: a data role at namespace scope when the workload uses one queue is
common practice; narrowing it to the entity is a further step. `Storage Blob Data Owner`
held by a Function App on its own runtime storage account is not reported: it is the role
Functions documents for identity-based host storage.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.access import Call, service_calls
from archlint.azure.facts import BROAD_RBAC_ROLES, FUNCTIONS_HOST_STORAGE_ROLE, BroadRoleFact
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "SEC009",
    name="broad-rbac-role",
    severity="medium",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/role-based-access-control/best-practices",
        "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles",
        "https://learn.microsoft.com/azure/service-bus-messaging/authenticate-application",
        FUNCTIONS_HOST_STORAGE_ROLE.source,
    ),
    mcsb=("PA-7",),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    calls = service_calls(arch)
    policy = arch.security.policies.least_privilege_rbac
    for position, assignment in enumerate(arch.security.role_assignments):
        fact = BROAD_RBAC_ROLES.get(assignment.role.strip().lower())
        principal = arch.get(assignment.principal)
        if fact is None or principal is None or _host_storage(principal, assignment):
            continue
        if fact.control_plane and principal.kind not in _APP_KINDS:
            continue
        in_scope = [c for c in calls.get(principal.id, []) if _within(arch, c, assignment.scope)]
        if principal.kind not in _APP_KINDS and not in_scope:
            continue  # its job is unknown, so no narrower role can be named for it
        needed = _narrower(fact, in_scope)
        stated = " (the architecture requires least-privilege RBAC)" if policy else ""
        yield Violation(
            ("security", "role_assignments", position, "role"),
            f"{principal.label()} holds '{assignment.role}' on '{assignment.scope}', which "
            f"grants {fact.grants}; {needed}{stated}",
        )


# Principals whose job is serving and processing, as the flows describe it.
_APP_KINDS = frozenset({"function_app", "web_app", "logic_app"})


def _host_storage(principal: object, assignment: object) -> bool:
    """The role Functions documents for identity-based host storage, on that account."""
    return (
        getattr(principal, "kind", "") == "function_app"
        and principal.storage_account == assignment.scope  # type: ignore[attr-defined]
        and assignment.role.strip().lower()  # type: ignore[attr-defined]
        == FUNCTIONS_HOST_STORAGE_ROLE.value.lower()
    )


def _within(arch: Architecture, call: Call, scope: str) -> bool:
    """Is the called service the scope itself or inside it (a queue of the namespace)?"""
    entry = arch.index.by_id.get(call.service.id)
    while entry is not None:
        if entry.component.id == scope:
            return True
        entry = arch.index.by_id.get(entry.parent.id) if entry.parent else None
    return False


def _narrower(fact: BroadRoleFact, calls: list[Call]) -> str:
    actions = list(dict.fromkeys(c.action for c in calls))
    by_action = dict(fact.narrower_by_action)
    roles = list(dict.fromkeys(by_action[a] for a in actions if a in by_action))
    if roles and all(a in by_action for a in actions):
        did = ", ".join(actions)
        return f"what the flows show it doing there ({did}) needs only {' + '.join(roles)}"
    return f"use {' or '.join(fact.narrower)} instead"
