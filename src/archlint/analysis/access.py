"""Who calls which Azure data service, doing what: the security rules' view of the flows.

A *call* is one workload (an app or a VM) using one Azure service that authorizes with
Microsoft Entra ID on its data plane (Service Bus, Event Hubs, Event Grid, Cosmos DB,
storage, Redis, Key Vault), as stated by:

- a flow step: ``publish`` (send), ``consume`` (receive; written service -> workload, or
  workload -> service),
  ``write``, ``read``, ``sync_call`` / ``invoke`` (call);
- a resilience policy binding (``component`` -> ``dependency``): call;
- an app setting that references a Key Vault secret: read.

Dead-letter sub-queues (``queue/$deadletterqueue``) count as their queue. Linear in the
number of steps, bindings and settings.
"""

from __future__ import annotations

from archlint.model import DLQ_SUFFIX, Architecture, Component, Path
from archlint.model.compute import HostedApp
from archlint.records import record

#: Component kinds whose data plane authorizes callers with Entra ID (managed identities).
SERVICE_KINDS = frozenset(
    {
        "service_bus_namespace",
        "service_bus_queue",
        "service_bus_topic",
        "service_bus_subscription",
        "event_hubs_namespace",
        "event_hub",
        "event_hub_consumer_group",
        "event_grid_topic",
        "cosmos_account",
        "cosmos_database",
        "cosmos_container",
        "storage_account",
        "redis_cache",
        "key_vault",
    }
)
CALLER_KINDS = frozenset({"function_app", "web_app", "logic_app", "virtual_machine"})

_STEP_ACTIONS = {
    "publish": "send",
    "write": "write",
    "read": "read",
    "sync_call": "call",
    "invoke": "call",
}


@record
class Call:
    caller: Component
    service: Component
    action: str  # send | receive | read | write | call
    via: str  # where the spec says so, for messages
    path: Path  # the model element that says so (flow step, binding, app setting)


def _service(arch: Architecture, ref: str) -> Component | None:
    base = ref[: -len(DLQ_SUFFIX)] if ref.lower().endswith(DLQ_SUFFIX) else ref
    component = arch.get(base)
    return component if component is not None and component.kind in SERVICE_KINDS else None


def _caller(arch: Architecture, ref: str) -> Component | None:
    component = arch.get(ref)
    return component if component is not None and component.kind in CALLER_KINDS else None


def service_calls(arch: Architecture) -> dict[str, list[Call]]:
    """Caller id -> the calls it makes to Azure data services, in spec order (found once
    per architecture: three rules ask; do not change what it returns)."""
    memo = arch.index.memo
    found = memo.get("access.service_calls")
    if found is None:
        found = memo["access.service_calls"] = _service_calls(arch)
    return found  # type: ignore[no-any-return]


def _service_calls(arch: Architecture) -> dict[str, list[Call]]:
    calls: dict[str, list[Call]] = {}

    def add(
        caller: Component | None, service: Component | None, action: str, via: str, path: Path
    ) -> None:
        if caller is not None and service is not None:
            calls.setdefault(caller.id, []).append(Call(caller, service, action, via, path))

    for flow_position, flow in enumerate(arch.flows.flows):
        for step_position, step in enumerate(flow.steps):
            via = f"flow '{flow.id}'"
            path: Path = ("flows", "flows", flow_position, "steps", step_position)
            if step.kind == "consume":
                caller = _caller(arch, step.target) or _caller(arch, step.source)
                service = _service(arch, step.source) or _service(arch, step.target)
                add(caller, service, "receive", via, path)
            elif step.kind in _STEP_ACTIONS:
                add(
                    _caller(arch, step.source),
                    _service(arch, step.target),
                    _STEP_ACTIONS[step.kind],
                    via,
                    path,
                )
    for position, binding in enumerate(arch.resilience.bindings):
        if binding.dependency:
            add(
                _caller(arch, binding.component),
                _service(arch, binding.dependency),
                "call",
                "a resilience binding",
                ("resilience", "bindings", position),
            )
    for app in arch.index.of_kind("function_app", "web_app", "logic_app"):
        assert isinstance(app, HostedApp)
        for field in ("app_settings", "connection_strings"):
            for position, setting in enumerate(getattr(app, field)):
                if setting.secret and setting.secret.key_vault:
                    add(
                        app,
                        _service(arch, setting.secret.key_vault),
                        "read",
                        f"Key Vault reference '{setting.name}'",
                        (*arch.path_of(app.id), field, position),
                    )
    return calls
