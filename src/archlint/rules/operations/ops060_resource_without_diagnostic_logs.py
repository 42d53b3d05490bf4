"""Resource whose resource logs reach no Log Analytics workspace.

## What it does
For the resource kinds whose diagnostic settings APRL asks for -- Key Vault, network
security groups, Event Grid topics, Application Gateway, Front Door, storage accounts and
App Service apps (Function Apps, Web Apps, Logic Apps) -- reports those that are not a
`sources` entry of a Log Analytics workspace (an app also counts as logged when its
Application Insights writes to a workspace). Resources on the flows are OPS005's; this
rule judges the rest.

## Why is this bad?
Azure keeps no resource logs until a diagnostic setting routes them somewhere. Without
them there is no record of who read a Key Vault secret, which NSG rule dropped a packet,
which Event Grid delivery failed, which request a WAF blocked, or what an app logged before
it crashed -- nothing to investigate an incident or an audit question with. APRL lists a
diagnostic-settings recommendation for each of these kinds (Key Vault 1dc0821d, NSG
d2976d3e, Event Grid 54c3191b, Application Gateway 5d035919, Front Door 1ad74c3c and its
WAF 5357ae22, storage 96cb8331, App Service 493f6079).

## Example
```yaml
monitoring:
  log_analytics:
    - {id: log, retention: 90d, sources: [func]}
security:
  key_vaults:
    - {id: kv-main, purge_protection: true}     # its audit log goes nowhere
```

## Use instead
```yaml
monitoring:
  log_analytics:
    - {id: log, retention: 90d, sources: [func, kv-main]}
```

## In the seed
The seed's workspace collects from the Function Apps, Service Bus, Event Hubs, Cosmos DB
and the Application Gateway (the Web App and the Logic App through Application Insights).
Off the flows, the six NSGs (`nsg-ase`, `nsg-private-endpoints`, `nsg-hybrid`,
`nsg-bastion`, `nsg-management`, `nsg-appgw`; APRL d2976d3e), the Service Bus system topic
`egst-servicebus` (APRL 54c3191b names system topics) and the storage accounts
`st-functions`, `st-logicapps` and `st-redisbackup` (APRL 96cb8331) send nothing; each is
reported, at low severity. The components on the flows are OPS005's findings, not
repeated here.

## Notes
A diagnostic setting whose target Terraform cannot resolve makes the workspace's sources
unknown, and then nothing is reported. Only judged when the architecture has a Log
Analytics workspace: a Terraform configuration without one may send its logs to a
workspace it does not manage.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, field_path, rule
from archlint.rules.operations.ops005_flow_component_without_logs import (
    log_collector,
    logging_resources,
)

#: The kinds with an APRL diagnostic-settings recommendation.
_KINDS = (
    "key_vault",
    "network_security_group",
    "event_grid_topic",
    "event_grid_system_topic",
    "application_gateway",
    "front_door",
    "storage_account",
    "function_app",
    "web_app",
    "logic_app",
)


@rule(
    "OPS060",
    name="resource-without-diagnostic-logs",
    severity="low",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
        "https://learn.microsoft.com/azure/key-vault/general/logging",
        "https://learn.microsoft.com/azure/virtual-network/virtual-network-nsg-manage-log",
    ),
    mcsb=("LT-3", "LT-4"),
    pillars=("Operational Excellence", "Security"),
    requires=("monitoring.log_analytics",),
    aprl=(
        "1dc0821d-4f14-7644-bab4-ba208ff5f7fa",
        "d2976d3e-294b-4b49-a1f0-c42566a3758f",
        "54c3191b-b535-1946-bba9-b754f44060f6",
        "5d035919-898d-a047-8d5d-454e199692e5",
        "1ad74c3c-e3d7-0046-b83f-a2199974ef15",
        "5357ae22-0f52-1a49-9fd4-1f00ace6add0",
        "96cb8331-6b06-8242-8ce8-4e2f665dc679",
        "493f6079-3bb6-4a56-96ba-ab3248474cb1",
    ),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    logs = log_collector(arch)
    # A workspace whose sources Terraform leaves unknown may collect from anything.
    sources = tuple(field_path(arch, ws, "sources") for ws in arch.monitoring.log_analytics)
    on_flows = {
        resource.id for resource in logging_resources(arch).values() if resource is not None
    }
    for component in arch.index.of_kind(*_KINDS):
        if component.id in on_flows or logs(component):
            continue
        yield Violation.on(
            arch,
            component,
            message=f"{component.label()} sends its resource logs to no Log Analytics "
            "workspace: its access, changes and failures leave no record",
            depends_on=sources,
        )
