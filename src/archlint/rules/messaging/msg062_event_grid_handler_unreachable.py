"""Event Grid subscription whose handler Event Grid cannot reach through its network rules.

## What it does
Reports an Event Grid subscription whose handler is closed to the public internet in a way
Event Grid cannot pass:

- a Function App, Web App or Logic App with public network access disabled: Event Grid
  delivers to webhooks and Azure Functions over their public endpoint only;
- a Service Bus queue or topic, an event hub or a storage account whose public network
  access is disabled or limited to selected networks, while the subscription delivers
  without a managed identity (`delivery_identity: none`): only identity-based delivery
  lets Event Grid through as a trusted Microsoft service.

## Why is this bad?
Microsoft Learn states that Event Grid cannot deliver to private endpoints; for Event Hubs,
Service Bus and Storage behind a firewall it delivers only with a managed identity and the
trusted-services exception. Otherwise every delivery fails, Event Grid retries until the
event's time-to-live runs out, and the event is dead-lettered or lost: the design's
event flow never runs, though every resource deploys.

## Example
```yaml
messaging:
  event_grid:
    subscriptions:
      - {id: egs-orders, source: egt-orders, endpoint: sbq-orders}   # no identity
  service_bus:
    - {id: sb-main, tier: premium, capacity: 1, public_network_access: false, queues: [...]}
```

## Use instead
```yaml
messaging:
  event_grid:
    subscriptions:
      - {id: egs-orders, source: egt-orders, endpoint: sbq-orders, delivery_identity: system}
```

## Notes
With a managed identity, the handler must also allow trusted Microsoft services through its
firewall (Service Bus and Event Hubs: the trusted-services exception; storage: the
`AzureServices` bypass); the model does not hold that setting, so it is not judged. The
identity's data role is SEC060's.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.base import FirewallSettings
from archlint.model.compute import HostedApp
from archlint.model.messaging import EventGridSubscription
from archlint.rules.api import Violation, field_path, rule
from archlint.rules.security.helpers import access_owner

_IDENTITY_HANDLERS = frozenset(
    {"service_bus_queue", "service_bus_topic", "event_hub", "storage_account"}
)


@rule(
    "MSG062",
    name="event-grid-handler-unreachable",
    severity="high",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/event-grid/consume-private-endpoints",
        "https://learn.microsoft.com/azure/event-grid/security-authentication",
    ),
    mcsb=("NS-2",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for subscription in arch.index.of_kind("event_grid_subscription"):
        assert isinstance(subscription, EventGridSubscription)
        handler = arch.get(subscription.endpoint)
        if isinstance(handler, HostedApp) and not handler.public_network_access:
            yield Violation.on(
                arch,
                subscription,
                "endpoint",
                message=f"{subscription.label()} delivers to {handler.label()}, whose public "
                "network access is disabled: Event Grid delivers to apps over their public "
                "endpoint only, so every event fails delivery",
                depends_on=(field_path(arch, handler, "public_network_access"),),
            )
        elif handler is not None and handler.kind in _IDENTITY_HANDLERS:
            owner = access_owner(arch, handler)
            if not isinstance(owner, FirewallSettings) or subscription.delivery_identity != "none":
                continue
            closed = not owner.public_network_access
            if not closed and owner.public_network_default_action != "Deny":
                continue
            how = "is disabled" if closed else "is limited to selected networks"
            field = "public_network_access" if closed else "public_network_default_action"
            yield Violation.on(
                arch,
                subscription,
                "delivery_identity",
                message=f"{subscription.label()} delivers to {handler.label()} without a "
                f"managed identity, but public network access to {owner.label()} {how}: "
                "only identity-based delivery passes as a trusted service",
                depends_on=(field_path(arch, owner, field),),
            )
