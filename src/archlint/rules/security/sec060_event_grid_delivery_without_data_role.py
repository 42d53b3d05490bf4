"""Event Grid delivers with its managed identity but the identity holds no role on the handler.

## What it does
For every Event Grid subscription that delivers with the topic's system-assigned identity
(`delivery_identity: system`) to a Service Bus queue or topic or an event hub, checks that a
role assignment grants that topic (system topic or custom topic) a built-in data role of
the handler's service that allows sending, at the handler or at a scope above it (its
namespace).

## Why is this bad?
With identity-based delivery, Event Grid authenticates to the handler as the topic's
managed identity, and Microsoft Learn's steps are three: enable the identity, **add it to
the right role on the destination** (for example Azure Service Bus Data Sender), and create
the subscription with it. Without the role every delivery is refused with 401/403; Event
Grid retries until the event's time-to-live runs out and then dead-letters or drops the
event. Everything deploys cleanly, and the flow silently stops. The role, the identity and
the subscription live on three resources, so no per-resource check sees it.

## Example
```yaml
messaging:
  event_grid:
    topics:
      - {id: egt-orders, public_network_access: false, local_auth_enabled: false}
    subscriptions:
      - {id: egs-orders, source: egt-orders, endpoint: sbq-orders, delivery_identity: system}
security:
  role_assignments: []          # egt-orders may not send to the namespace
```

## Use instead
```yaml
security:
  role_assignments:
    - {principal: egt-orders, role: Azure Service Bus Data Sender, scope: sb-main}
```

## In the seed
All four subscriptions deliver with their topic's system identity (`egst-storage`,
`egst-servicebus`, `egt-domain-events`), and the seed grants those topics no role: the
role assignments it lists are the apps' own. Learn's managed-identity delivery page
requires the Azure Service Bus Data Sender role on `sb-main` for the three queue
subscriptions and Azure Event Hubs Data Sender on `evhns-main` for
`egs-domain-events-to-hub`, so each of the four is reported.

## Notes
A user-assigned delivery identity is not judged: the model does not say which identity
the subscription uses. Storage queue and webhook handlers are not judged (the model has no
storage queue handler; a webhook authenticates with Entra ID applications, not roles).
A role assignment whose principal Terraform leaves unknown keeps the finding back.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import DATA_ROLE_FAMILY_OF_KIND, DATA_ROLES
from archlint.model import Architecture
from archlint.model.messaging import EventGridSubscription
from archlint.model.security import RoleAssignment
from archlint.rules.api import Violation, rule
from archlint.rules.security.helpers import enclosing_scopes

#: Handlers Event Grid delivers to with an identity, by the role family that must allow sending.
_HANDLER_FAMILIES = frozenset({"service_bus", "event_hubs"})


@rule(
    "SEC060",
    name="event-grid-delivery-without-data-role",
    severity="high",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/event-grid/managed-service-identity",
        "https://learn.microsoft.com/azure/event-grid/add-identity-roles",
        "https://learn.microsoft.com/azure/event-grid/security-authentication",
    ),
    mcsb=("IM-3",),
    pillars=("Reliability", "Security"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    by_scope: dict[str, list[tuple[int, RoleAssignment]]] = {}  # one pass, not one a handler
    for position, assignment in enumerate(arch.security.role_assignments):
        by_scope.setdefault(assignment.scope, []).append((position, assignment))
    for subscription in arch.index.of_kind("event_grid_subscription"):
        assert isinstance(subscription, EventGridSubscription)
        if subscription.delivery_identity != "system":
            continue
        handler = arch.get(subscription.endpoint)
        family = DATA_ROLE_FAMILY_OF_KIND.get(handler.kind) if handler else None
        if handler is None or family is None or family.value not in _HANDLER_FAMILIES:
            continue
        scopes = enclosing_scopes(arch, handler)
        relevant = sorted(pair for scope in set(scopes) for pair in by_scope.get(scope, ()))
        if any(
            a.principal == subscription.source
            and (fact := DATA_ROLES.get(a.role.strip().lower())) is not None
            and fact.family == family.value
            and "send" in fact.actions
            for _, a in relevant
        ):
            continue
        needed = min(
            (f for f in DATA_ROLES.values() if f.family == family.value and "send" in f.actions),
            key=lambda f: (len(f.actions), f.role),
        )
        unknown = tuple(("security", "role_assignments", i, "principal") for i, _ in relevant)
        yield Violation.on(
            arch,
            subscription,
            "delivery_identity",
            message=f"{subscription.label()} delivers to {handler.label()} with the system "
            f"identity of '{subscription.source}', which holds no role there that allows "
            f"sending: every delivery is refused; grant it e.g. '{needed.role}'",
            depends_on=unknown,
        )
