"""Keys or connection strings accepted where the architecture requires managed identities.

## What it does
When `security.policies.managed_identity_only` is set, flags every component that still
accepts keys, SAS tokens or connection strings (`local_auth_enabled`, Azure's default is
true): storage accounts (shared key), Service Bus, Event Hubs, Event Grid, Cosmos DB, Redis
(access keys), Key Vault, apps. When `no_connection_strings` (or `managed_identity_only`) is
set, also flags apps' `connection_strings` entries and app settings that hold a connection
string (named `...ConnectionString` / `AzureWebJobsStorage`, or a value with `AccountKey=`,
`SharedAccessKey=` or `Password=`).

## Why is this bad?
A key is a long-lived bearer secret: it is copied into app settings, pipelines and laptops,
cannot be scoped to one operation, is not tied to an identity in the audit log, and stays
valid until someone rotates it. While a service accepts keys, a leaked key bypasses every
RBAC assignment the design relies on. Disabling local authentication is what makes "managed
identities for all Azure-to-Azure authentication" true.

## Example
```yaml
security:
  policies: {managed_identity_only: true}
data:
  storage_accounts:
    - {id: st-eventstore, replication: GRS}     # local_auth_enabled defaults to true
```

## Use instead
```yaml
data:
  storage_accounts:
    - {id: st-eventstore, replication: GRS, local_auth_enabled: false}
```

## In the seed
The seed states "Managed identities for all Azure-to-Azure authentication" and "No connection
strings in app settings" (`managed_identity_only`, `no_connection_strings`), and disables
local authentication on Service Bus, Event Hubs, Event Grid, Cosmos DB and the apps, but not
on `redis-main` (access keys) nor on the four storage accounts (shared key). For `st-functions`
the finding says more: Functions on the Elastic Premium (EP1) plan reach their Azure Files
content share through `WEBSITE_CONTENTAZUREFILECONNECTIONSTRING`, an account-key connection
string, so shared keys cannot be disabled, and the "no connection strings" promise cannot
hold, while `func-main` and `func-dlq-processor` stay on that plan (a Dedicated or Isolated v2
plan has no content share).

## Notes
Without either policy the rule reports nothing: accepting keys is then a stated choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from archlint.analysis.dns import runtime_storage_users, uses_content_share
from archlint.model import Architecture, Component
from archlint.model.base import AccessSettings
from archlint.model.compute import AppServicePlan, FunctionApp, HostedApp
from archlint.rules.api import Violation, rule

_CONNECTION_NAME = re.compile(r"(connection_?string|^azurewebjobsstorage$)", re.IGNORECASE)
_CONNECTION_VALUE = re.compile(r"(accountkey=|sharedaccesskey=|password=)", re.IGNORECASE)


@rule(
    "SEC004",
    name="keys-accepted",
    severity="medium",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent",
        "https://learn.microsoft.com/azure/service-bus-messaging/disable-local-authentication",
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-azure-active-directory-for-authentication",
        "https://learn.microsoft.com/azure/azure-functions/functions-app-settings",
    ),
    mcsb=("IM-1", "IM-3", "IM-8"),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    policies = arch.security.policies
    if policies.managed_identity_only:
        storage_users = runtime_storage_users(arch)
        for entry in arch.index.by_id.values():
            component = entry.component
            if isinstance(component, AccessSettings) and component.local_auth_enabled:
                yield Violation.on(
                    arch,
                    component,
                    "local_auth_enabled",
                    message=f"{component.label()} accepts keys or connection strings "
                    f"(local_auth_enabled), but the architecture requires managed identities"
                    f"{_content_share_note(arch, component, storage_users)}",
                )
    if policies.no_connection_strings or policies.managed_identity_only:
        for app in arch.index.of_kind("function_app", "web_app", "logic_app"):
            assert isinstance(app, HostedApp)
            yield from _connection_strings(arch, app)


def _content_share_note(
    arch: Architecture, component: Component, storage_users: dict[str, list[HostedApp]]
) -> str:
    by_plan: dict[str, list[str]] = {}
    for app in storage_users.get(component.id, []):
        if isinstance(app, FunctionApp) and uses_content_share(arch, app):
            plan = arch.get(app.plan)
            sku = f" ({plan.sku})" if isinstance(plan, AppServicePlan) else ""
            by_plan.setdefault(f"plan '{app.plan}'{sku}", []).append(app.label())
    if not by_plan:
        return ""
    users = "; ".join(f"{' and '.join(apps)} on {plan}" for plan, apps in by_plan.items())
    verb = "needs" if sum(len(apps) for apps in by_plan.values()) == 1 else "need"
    return (
        f"; {users} {verb} an account-key connection string for the content share "
        "(WEBSITE_CONTENTAZUREFILECONNECTIONSTRING), so keys must stay on while such a plan "
        "is used"
    )


def _connection_strings(arch: Architecture, app: HostedApp) -> Iterator[Violation]:
    for position, setting in enumerate(app.connection_strings):
        yield Violation.on(
            arch,
            app,
            "connection_strings",
            position,
            message=f"{app.label()} has connection string '{setting.name}', but the "
            "architecture requires identity-based connections",
        )
    for position, setting in enumerate(app.app_settings):
        if _CONNECTION_NAME.search(setting.name) or _CONNECTION_VALUE.search(setting.value or ""):
            yield Violation.on(
                arch,
                app,
                "app_settings",
                position,
                message=f"{app.label()} app setting '{setting.name}' holds a connection "
                "string, but the architecture requires identity-based connections "
                f"('{setting.name.split('__')[0]}__...' settings and the app's managed "
                "identity)",
            )
