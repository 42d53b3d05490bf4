"""Function Apps sharing a storage account under the same host ID.

## What it does
Groups the Function Apps by their runtime storage account and computes each app's host
ID: the `AzureFunctionsWebHost__hostid` app setting when set, otherwise the app's Azure
name cut to its first 32 characters (lower case). Reports apps of one storage account
whose host IDs are equal.

## Why is this bad?
The Functions host keeps its per-app state (timer and blob trigger leases, blob receipts,
keys) in its storage account under the host ID. Two apps with the same host ID in one
account fight over that state: a timer runs in only one of them, blob triggers skip
blobs. Since Functions 4.x the runtime detects the collision and refuses to start
(Microsoft Learn, storage considerations, "Host ID considerations"; APRL 0b06a688). Long
names that differ only after the 32nd character -- `orders-processing-function-app-eastus`
and `...-westus` -- collide without anyone choosing it.

## Example
```yaml
compute:
  function_apps:
    - {id: func-east, name: contoso-orders-processing-functions-eastus2, plan: plan,
       runtime: {stack: dotnet-isolated, version: "8.0"}, storage_account: st-func}
    - {id: func-west, name: contoso-orders-processing-functions-westus2, plan: plan,
       runtime: {stack: dotnet-isolated, version: "8.0"}, storage_account: st-func}
```

## Use instead
```yaml
    - {id: func-west, name: contoso-orders-processing-functions-westus2, plan: plan,
       runtime: {stack: dotnet-isolated, version: "8.0"}, storage_account: st-func,
       app_settings: [{name: AzureFunctionsWebHost__hostid, value: orders-westus2}]}
```

## Notes
Only apps with a `name` (their Azure name) or an explicit host ID are judged: an id is the
design's label, not the name Azure derives the host ID from.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import FunctionApp
from archlint.rules.api import Violation, rule

_HOST_ID_SETTINGS = ("azurefunctionswebhost__hostid", "azurefunctionswebhost:hostid")
_HOST_ID_LENGTH = 32


def host_id(app: FunctionApp) -> str | None:
    """The host ID the Functions runtime uses for ``app``, when the design determines it."""
    for setting in app.app_settings:
        if setting.name.lower() in _HOST_ID_SETTINGS and setting.value:
            return setting.value.lower()
    if app.name:
        return app.name.lower()[:_HOST_ID_LENGTH]
    return None


@rule(
    "OPS063",
    name="function-host-id-collision",
    severity="high",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-functions/storage-considerations",
        "https://learn.microsoft.com/azure/azure-functions/functions-app-settings",
    ),
    pillars=("Reliability",),
    aprl=("0b06a688-0dd6-4d73-9f72-6666ff853ca9",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    first: dict[tuple[str, str], FunctionApp] = {}
    for app in arch.index.of_kind("function_app"):
        assert isinstance(app, FunctionApp)
        identifier = host_id(app)
        if identifier is None or app.storage_account is None:
            continue
        key = (app.storage_account, identifier)
        if key not in first:
            first[key] = app
            continue
        yield Violation.on(
            arch,
            app,
            message=f"{app.label()} and {first[key].label()} share storage account "
            f"'{app.storage_account}' under the same host ID '{identifier}': Functions 4.x "
            "refuses to start the second; set AzureFunctionsWebHost__hostid",
            depends_on=(arch.path_of(first[key].id),),  # the other app must exist
        )
