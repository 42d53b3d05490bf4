"""Function App pinned to a retired Functions runtime, or told to start the wrong worker.

## What it does
Reads two app settings of every Function App:

- `FUNCTIONS_EXTENSION_VERSION`: flags a major version other than 4 (`~1`, `~2`, `~3`,
  `3.0.x`...);
- `FUNCTIONS_WORKER_RUNTIME`: flags a value that is not a Functions worker, or one that
  contradicts the app's runtime stack (`runtime.stack: python` with `dotnet-isolated`).

## Why is this bad?
Functions runtime versions 2.x and 3.x left extended support on 13 December 2022 and 1.x
follows: no security fixes, and the language versions they run are retired in turn (APRL
c9a278b7). The worker
runtime setting decides which language worker the host starts; when it does not match
the deployed code, the host finds no functions to load and the app silently does nothing,
or fails every invocation (APRL 7c608f46).

## Example
```yaml
compute:
  function_apps:
    - id: func-main
      plan: plan-functions
      runtime: {stack: python, version: "3.11"}
      storage_account: st-func
      app_settings:
        - {name: FUNCTIONS_EXTENSION_VERSION, value: "~3"}
        - {name: FUNCTIONS_WORKER_RUNTIME, value: node}
```

## Use instead
```yaml
      app_settings:
        - {name: FUNCTIONS_EXTENSION_VERSION, value: "~4"}
        - {name: FUNCTIONS_WORKER_RUNTIME, value: python}
```

## Notes
Apps that do not set these settings are not judged: azurerm writes both from
`functions_extension_version` (default `~4`) and the application stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import FunctionApp
from archlint.rules.api import Violation, rule

#: The values FUNCTIONS_WORKER_RUNTIME takes (Microsoft Learn, app settings reference).
WORKERS = frozenset({"dotnet", "dotnet-isolated", "java", "node", "powershell", "python", "custom"})
#: The worker each runtime stack the model names needs.
WORKER_OF_STACK = {stack: stack for stack in WORKERS - {"custom"}}
_MAJOR = re.compile(r"^~?(\d+)")


@rule(
    "OPS064",
    name="function-runtime-settings-invalid",
    severity="high",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-functions/functions-app-settings",
        "https://learn.microsoft.com/azure/azure-functions/functions-versions",
        "https://learn.microsoft.com/azure/azure-functions/migrate-version-3-version-4",
    ),
    pillars=("Reliability", "Security"),
    aprl=("c9a278b7-024b-454b-bd54-41587c512b74", "7c608f46-46b2-4cc0-bbd6-1d457c16671c"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for app in arch.index.of_kind("function_app"):
        assert isinstance(app, FunctionApp)
        for position, setting in enumerate(app.app_settings):
            name, value = setting.name.upper(), (setting.value or "").strip()
            if not value:
                continue
            if name == "FUNCTIONS_EXTENSION_VERSION":
                major = _MAJOR.match(value)
                if major and major.group(1) != "4":
                    yield Violation.on(
                        arch,
                        app,
                        "app_settings",
                        position,
                        message=f"{app.label()} runs Functions runtime {value}: versions before "
                        "4.x are out of support; use ~4",
                    )
            elif name == "FUNCTIONS_WORKER_RUNTIME":
                expected = WORKER_OF_STACK.get(app.runtime.stack.lower())
                if value.lower() not in WORKERS:
                    problem = f"'{value}', which is not a Functions worker"
                elif expected and value.lower() != expected:
                    problem = f"'{value}', which does not run its {app.runtime.stack} code"
                else:
                    continue
                yield Violation.on(
                    arch,
                    app,
                    "app_settings",
                    position,
                    message=f"{app.label()} sets FUNCTIONS_WORKER_RUNTIME to {problem}: the host "
                    f"loads no functions; set it to '{expected or 'the code language'}'",
                )
