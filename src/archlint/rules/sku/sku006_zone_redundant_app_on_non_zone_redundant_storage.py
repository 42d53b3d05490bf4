"""Zone-redundant Function App or Logic App on storage that is not zone-redundant.

## What it does
Flags a Function App on a zone-redundant plan whose runtime `storage_account` is
not zone-redundant (LRS, GRS, RA-GRS), and the same for a Logic App (Standard) with
stateful workflows.

## Why is this bad?
Azure Functions supports only zone-redundant storage accounts for apps on a plan
with availability zones, and Logic Apps keep stateful workflow state in that
account. The runtime needs the account to start, scale, hold leases, triggers and
the content share: when its one zone goes down, every instance in the surviving
zones stops with it. The zone redundancy paid for in the plan is void.

## Example
```yaml
plans:
  - {id: plan-functions, sku: EP1, zone_redundant: true, instances: {min: 2, max: 20}}
function_apps:
  - {id: func-main, plan: plan-functions, storage_account: st-functions, ...}
storage_accounts:
  - {id: st-functions, replication: LRS}
```

## Use instead
```yaml
storage_accounts:
  - {id: st-functions, replication: ZRS}
```

## In the seed
The seed keeps the Function runtime storage "LRS for function runtime" while the
plans run on a zone-redundant App Service Environment: `func-main` and
`func-dlq-processor` (on zone-redundant `plan-functions`) use `st-functions` (LRS),
and `logic-main`, whose three workflows are stateful, uses `st-logicapps` (GRS). A
zone outage in East US 2 stops every function and workflow despite the
zone-redundant plans.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import (
    ZONE_REDUNDANT_FUNCTION_APP_REQUIRES_ZONE_REDUNDANT_STORAGE,
    ZONE_REDUNDANT_LOGIC_APP_REQUIRES_ZONE_REDUNDANT_STORAGE,
    storage_replication_for,
)
from archlint.model import Architecture, Component
from archlint.model.compute import AppServicePlan, LogicApp
from archlint.model.data import StorageAccount
from archlint.rules.api import Violation, field_path, rule


@rule(
    "SKU006",
    name="zone-redundant-app-on-non-zone-redundant-storage",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/azure-functions/storage-considerations",
        "https://learn.microsoft.com/azure/reliability/reliability-logic-apps",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    if ZONE_REDUNDANT_FUNCTION_APP_REQUIRES_ZONE_REDUNDANT_STORAGE.value:
        for app in arch.index.of_kind("function_app"):
            yield from _check_app(arch, app)
    if ZONE_REDUNDANT_LOGIC_APP_REQUIRES_ZONE_REDUNDANT_STORAGE.value:
        for app in arch.index.of_kind("logic_app"):
            assert isinstance(app, LogicApp)
            if any(w.state == "stateful" for w in app.workflows):
                yield from _check_app(arch, app)


def _check_app(arch: Architecture, app: Component) -> Iterator[Violation]:
    plan = arch.get(app.plan)
    account = arch.get(app.storage_account)
    if not isinstance(plan, AppServicePlan) or not plan.zone_redundant:
        return
    if not isinstance(account, StorageAccount):
        return
    replication = storage_replication_for(account.replication)
    if replication is not None and not replication.zone_redundant:
        yield Violation.on(
            arch,
            app,
            "storage_account",
            message=f"{app.label()} runs on zone-redundant plan '{plan.id}' but its runtime "
            f"{account.label()} is {account.replication}, not zone-redundant",
            depends_on=(
                field_path(arch, plan, "zone_redundant"),
                field_path(arch, account, "replication"),
            ),
        )
