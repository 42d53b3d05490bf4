"""Workload calls a keyless service without a data-plane role that allows the call.

## What it does
For every call a Function App, Web App, Logic App or VM makes to an Azure data service
according to the flows (publish = send, consume = receive, read, write) or a Key Vault
reference (read), checks that a role assignment grants the caller (or one of its
user-assigned identities) a built-in data-plane role of that service which allows the action
(`archlint.azure.facts.DATA_ROLES`), at the service or at a scope above it (the namespace,
the account). Judged only where keys cannot be used: the service has local authentication
disabled, or the architecture requires managed identities
(`security.policies.managed_identity_only`). One finding per caller, service and action,
on the first flow step that shows the call.

## Why is this bad?
With keys disabled, a managed identity is the only way in, and an identity without the right
data role gets `401/403 Unauthorized` on every send, receive or write: the flow the design
depends on fails at runtime while every resource deploys cleanly. Owner and Contributor do
not help: they are control-plane roles with no data actions. Per-resource scanners cannot
see this, because the role, the identity and the call live on three different resources.

## Example
```yaml
event_grid:
  topics:
    - {id: egt-domain-events, public_network_access: false, local_auth_enabled: false}
flows:
  flows:
    - id: async-processing
      steps:
        - {from: func-main, to: egt-domain-events, kind: publish}
security:
  role_assignments: []        # func-main holds no role on the topic
```

## Use instead
```yaml
security:
  role_assignments:
    - {principal: func-main, role: EventGrid Data Sender, scope: egt-domain-events}
```

## Notes
Calls known only from a resilience binding (no action), calls to Redis (access policies,
not RBAC roles) and calls to a Key Vault that authorizes with access policies
(`rbac_authorization: false`, where roles grant no data access) are not judged. Role names
are compared without regard to case.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.access import Call, service_calls
from archlint.azure.facts import DATA_ROLE_FAMILY_OF_KIND, DATA_ROLES, DataRoleFact
from archlint.model import Architecture, Component
from archlint.model.compute import Identity
from archlint.model.security import KeyVault
from archlint.rules.api import Violation, rule
from archlint.rules.security.helpers import access_owner, enclosing_scopes

_VERBS = {"send": "sends to", "receive": "receives from", "read": "reads", "write": "writes to"}


@rule(
    "SEC013",
    name="call-without-data-role",
    severity="high",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles",
        "https://learn.microsoft.com/azure/service-bus-messaging/authenticate-application",
        "https://learn.microsoft.com/azure/event-grid/authenticate-with-microsoft-entra-id",
        "https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac",
    ),
    mcsb=("IM-3", "PA-7"),
    pillars=("Security", "Reliability"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    grants: dict[str, list[tuple[DataRoleFact, str]]] = {}
    for assignment in arch.security.role_assignments:
        fact = DATA_ROLES.get(assignment.role.strip().lower())
        if fact:
            grants.setdefault(assignment.principal, []).append((fact, assignment.scope))
    identity_only = arch.security.policies.managed_identity_only
    for calls in service_calls(arch).values():
        caller = calls[0].caller
        held = [g for holder in _holders(caller) for g in grants.get(holder, [])]
        missing: dict[tuple[str, str, bool], list[Call]] = {}
        for call in calls:
            family = DATA_ROLE_FAMILY_OF_KIND.get(call.service.kind)
            if family is None or call.action not in _VERBS:
                continue
            if isinstance(call.service, KeyVault) and not call.service.rbac_authorization:
                continue  # access policies, not roles, grant its data plane
            owner = access_owner(arch, call.service)
            keyless = owner is not None and not owner.local_auth_enabled
            if not (keyless or identity_only):
                continue
            scopes = enclosing_scopes(arch, call.service)
            if not any(
                role.family == family.value and call.action in role.actions and scope in scopes
                for role, scope in held
            ):
                root = owner.id if owner else call.service.id
                missing.setdefault((root, call.action, keyless), []).append(call)
        for (_, action, keyless), missed in missing.items():
            yield _violation(arch, caller, action, missed, held, keyless=keyless)


def _violation(
    arch: Architecture,
    caller: Component,
    action: str,
    missed: list[Call],
    held: list[tuple[DataRoleFact, str]],
    *,
    keyless: bool,
) -> Violation:
    first = missed[0]
    family = DATA_ROLE_FAMILY_OF_KIND[first.service.kind].value
    services = " and ".join(dict.fromkeys(c.service.label() for c in missed))
    scopes = enclosing_scopes(arch, first.service)
    there = [f"'{role.role}'" for role, scope in held if role.family == family and scope in scopes]
    has = f"; it holds only {', '.join(there)} there" if there else ""
    needed = min(
        (f for f in DATA_ROLES.values() if f.family == family and action in f.actions),
        key=lambda f: (len(f.actions), f.role),
    )
    why = "its keys are disabled" if keyless else "the architecture requires managed identities"
    return Violation(
        first.path,
        f"{caller.label()} {_VERBS[action]} {services} ({first.via}) but holds no data role "
        f"that allows it ({why}): it needs e.g. '{needed.role}'{has}",
    )


def _holders(caller: Component) -> list[str]:
    """The principals whose roles the caller can use: itself and its user-assigned identities."""
    identity = getattr(caller, "identity", None)
    users = identity.user_assigned if isinstance(identity, Identity) else []
    return [caller.id, *users]
