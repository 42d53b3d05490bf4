"""The call model the resilience rules share: who calls whom, with which policies.

Three questions recur across the RES rules and are answered here once, in linear time:

- **Which policy binding applies** when a component calls a flow step's target? A binding
  for ``(component, dependency)`` applies to the dependency itself and to everything
  inside it (a binding on a Cosmos account covers its containers; one on a Service Bus
  namespace covers its queues). Failing that, a binding with no dependency but the
  target's ``dependency_kind`` applies.
- **How long can a synchronous callee take** before it answers? Along each flow the
  ``sync_call`` and ``read`` steps form a call tree; a callee's worst case is the sum of
  what its own calls can take (:mod:`archlint.analysis.retry` gives one call's budget).
  A gateway (Application Gateway, Front Door) answers at the latest when its own timeout
  expires. Cache-aside: a ``read`` step *from* a cache (``redis -> container``, "cache
  miss") is done by whoever called the cache, so it counts for the cache's callers.
  Work whose duration the model does not state counts as zero: the totals are lower
  bounds of the worst case, so a finding built on them is never an overstatement.
- **What a message handler does** with one message: the steps its consumer sends after
  its ``consume`` step, up to the next message it consumes in the same flow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from archlint.analysis.messaging import topic_of
from archlint.analysis.retry import CallBudget, call_budget, describe_seconds, schedule
from archlint.azure.facts import FUNCTIONS_SERVICE_BUS_AUTO_LOCK_RENEWAL
from archlint.model import DLQ_SUFFIX, Architecture, Component, Path
from archlint.model.edge import ApplicationGateway, FrontDoor
from archlint.model.flows import Flow, FlowStep, StepKind
from archlint.model.messaging import ServiceBusQueue, ServiceBusSubscription
from archlint.model.resilience import PolicyBinding, RetryPolicy, TimeoutPolicy
from archlint.records import record

#: Component kind -> the dependency kind a binding names for it.
DEPENDENCY_KIND_OF: dict[str, str] = {
    "cosmos_account": "database",
    "cosmos_database": "database",
    "cosmos_container": "database",
    "redis_cache": "cache",
    "storage_account": "storage",
    "service_bus_namespace": "messaging",
    "service_bus_queue": "messaging",
    "service_bus_topic": "messaging",
    "service_bus_subscription": "messaging",
    "event_hubs_namespace": "messaging",
    "event_hub": "messaging",
    "event_grid_topic": "messaging",
    "web_app": "http",
    "function_app": "http",
    "logic_app": "http",
    "application_gateway": "http",
    "front_door": "http",
    "actor": "external_api",
}

CACHE_KINDS = frozenset({"redis_cache"})
SYNC_STEPS = frozenset({StepKind.sync_call, StepKind.read})
HANDLER_STEPS = frozenset(
    {StepKind.sync_call, StepKind.read, StepKind.write, StepKind.publish, StepKind.invoke}
)


def base_id(reference: str) -> str:
    """A flow reference without its dead-letter suffix ('q/$deadletterqueue' -> 'q')."""
    return reference[: -len(DLQ_SUFFIX)] if reference.lower().endswith(DLQ_SUFFIX) else reference


def lineage(arch: Architecture, component_id: str) -> list[str]:
    """The id and the ids of every component that contains it, innermost first."""
    chain: list[str] = []
    entry = arch.index.by_id.get(base_id(component_id))
    while entry is not None:
        chain.append(entry.component.id)
        entry = arch.index.by_id.get(entry.parent.id) if entry.parent is not None else None
    return chain


@record
class Bound:
    """A policy binding with its position in ``resilience.bindings`` (for finding paths)."""

    position: int
    binding: PolicyBinding

    @property
    def path(self) -> Path:
        return ("resilience", "bindings", self.position)


@dataclass
class Calls:
    """Bindings by caller, and the synchronous call tree of every flow."""

    arch: Architecture
    bindings: dict[str, list[Bound]] = field(default_factory=dict)
    # Each binding's budget, by its position: a handler and a call tree ask for the same
    # binding's again and again, and working out a retry schedule is the costly part.
    budgets: dict[int, CallBudget] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, arch: Architecture) -> Calls:
        """The call model of ``arch``, made once per architecture (seven rules ask for it;
        do not change what it holds)."""
        return arch.index.remembered("resilience.calls", lambda: cls._build(arch))

    @classmethod
    def _build(cls, arch: Architecture) -> Calls:
        calls = cls(arch)
        for position, binding in enumerate(arch.resilience.bindings):
            calls.bindings.setdefault(binding.component, []).append(Bound(position, binding))
        return calls

    # --- bindings ----------------------------------------------------------------------

    def binding(self, caller: str, target: str) -> Bound | None:
        """The binding ``caller`` uses when it calls ``target`` (see the module notes)."""
        bound = self.bindings.get(caller, [])
        if not bound:
            return None
        chain = lineage(self.arch, target)
        for ancestor in chain:
            for candidate in bound:
                if candidate.binding.dependency == ancestor:
                    return candidate
        target_component = self.arch.get(base_id(target))
        kind = DEPENDENCY_KIND_OF.get(target_component.kind) if target_component else None
        for candidate in bound:
            if candidate.binding.dependency is None and candidate.binding.dependency_kind == kind:
                return candidate
        return None

    def retry(self, bound: Bound) -> RetryPolicy | None:
        found = self.arch.get(bound.binding.retry) if bound.binding.retry else None
        return found if isinstance(found, RetryPolicy) else None

    def timeout(self, bound: Bound) -> TimeoutPolicy | None:
        found = self.arch.get(bound.binding.timeout) if bound.binding.timeout else None
        return found if isinstance(found, TimeoutPolicy) else None

    def budget(self, bound: Bound) -> CallBudget:
        found = self.budgets.get(bound.position)
        if found is None:
            timeout = self.timeout(bound)
            found = call_budget(self.retry(bound), timeout.timeout if timeout else None)
            self.budgets[bound.position] = found
        return found

    # --- synchronous call trees ----------------------------------------------------------

    def sync_children(self, flow: Flow) -> dict[str, list[str]]:
        """Caller -> callees along ``flow``'s sync steps, cache misses moved to the callers."""
        children: dict[str, list[str]] = {}
        for step in flow.steps:
            if step.kind in SYNC_STEPS:
                _add(children, step.source, step.target)
        for caller, callees in list(children.items()):
            for callee in list(callees):
                component = self.arch.get(callee)
                if component is not None and component.kind in CACHE_KINDS:
                    for miss in children.get(callee, []):
                        _add(children, caller, miss)
        for cache in [c for c in children if _kind(self.arch, c) in CACHE_KINDS]:
            children[cache] = []
        return children

    def callee_worst(self, callee: str, children: dict[str, list[str]]) -> Cost:
        """How long ``callee`` can take to answer, at least, when its dependencies fail."""
        return self._worst(callee, children, frozenset())

    def _worst(self, callee: str, children: dict[str, list[str]], seen: frozenset[str]) -> Cost:
        component = self.arch.get(callee)
        gateway = gateway_timeout(component)
        if gateway is not None:
            return Cost(
                gateway.total_seconds(),
                [
                    f"{component.label()} times out after "
                    f"{describe_seconds(gateway.total_seconds())}"
                ],
            )
        if callee in seen:
            return Cost(0.0, [])
        total = Cost(0.0, [])
        for dependency in children.get(callee, []):
            total = total + self.call_cost(callee, dependency, children, seen | {callee})
        return total

    def call_cost(
        self, caller: str, dependency: str, children: dict[str, list[str]], seen: frozenset[str]
    ) -> Cost:
        """One call from ``caller`` to ``dependency``, with the binding's retries and timeout."""
        bound = self.binding(caller, dependency)
        inner = self._worst(dependency, children, seen)
        name = _name(self.arch, dependency)
        if bound is None:
            return Cost(
                inner.seconds,
                [f"{name} {describe_seconds(inner.seconds)}"] if inner.seconds else [],
            )
        budget = self.budget(bound)
        if budget.timeout is None and inner.seconds:
            # No timeout of its own: each try lasts as long as the callee takes.
            budget = CallBudget(budget.tries, inner.seconds, budget.delays, True)
        via = ""
        if bound.binding.dependency and bound.binding.dependency != base_id(dependency):
            via = f" (via {bound.binding.dependency})"
        return Cost(budget.worst, [f"{name}{via}: {budget.describe()}"])


@record
class Cost:
    """A duration in seconds and what it is made of (for messages)."""

    seconds: float
    parts: list[str]

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.seconds + other.seconds, self.parts + other.parts)

    def explain(self) -> str:
        return "; ".join(self.parts)


def gateway_timeout(component: Component | None) -> timedelta | None:
    """How long a gateway waits for its backend before it answers with an error itself."""
    if isinstance(component, ApplicationGateway):
        return component.request_timeout
    if isinstance(component, FrontDoor):
        return component.response_timeout
    return None


def handler_steps(flow: Flow) -> Iterator[tuple[FlowStep, list[FlowStep]]]:
    """Each ``consume`` step with the steps its consumer takes to handle that message.

    The handler's steps are the consumer's own later steps in the flow, up to the next
    ``consume`` step that feeds the same consumer (flows list steps in the order they
    happen; a consumer fed twice in one flow handles each feed with its own steps).
    """
    steps = flow.steps
    for position, step in enumerate(steps):
        if step.kind != StepKind.consume:
            continue
        work: list[FlowStep] = []
        for later in steps[position + 1 :]:
            if later.kind == StepKind.consume and later.target == step.target:
                break
            if later.source == step.target and later.kind in HANDLER_STEPS:
                work.append(later)
        yield step, work


def _add(children: dict[str, list[str]], caller: str, callee: str) -> None:
    callees = children.setdefault(caller, [])
    if callee not in callees and callee != caller:
        callees.append(callee)


def _kind(arch: Architecture, component_id: str) -> str | None:
    component = arch.get(base_id(component_id))
    return component.kind if component else None


def _name(arch: Architecture, component_id: str) -> str:
    return base_id(component_id)


# --- message handlers ------------------------------------------------------------------


@record
class Handler:
    """A consumer handling one message of a Service Bus entity, and how long it may take."""

    entity: ServiceBusQueue | ServiceBusSubscription
    consumer: Component
    cost: Cost
    window: float  # seconds the message stays locked for this consumer, at least
    window_basis: str


def lock_window(
    entity: ServiceBusQueue | ServiceBusSubscription, consumer: Component
) -> tuple[float, str]:
    """How long ``consumer`` holds a message's lock: the lock duration, or longer when its
    host renews the lock by itself (the Functions Service Bus trigger does, for 5 minutes)."""
    lock = entity.lock_duration.total_seconds()
    basis = f"lock duration {describe_seconds(lock)}"
    if consumer.kind == "function_app":
        renewal = FUNCTIONS_SERVICE_BUS_AUTO_LOCK_RENEWAL.value * 60.0
        if renewal > lock:
            return renewal, (
                f"{basis}, renewed by the Functions host for up to {describe_seconds(renewal)}"
            )
    return lock, basis


def message_handlers(arch: Architecture) -> list[Handler]:
    """:func:`handlers` of ``arch``, found once per architecture (RES001 and RES002 ask;
    do not change what it returns)."""
    return arch.index.remembered("resilience.handlers", lambda: handlers(arch, Calls.of(arch)))


def handlers(arch: Architecture, calls: Calls) -> list[Handler]:
    """Every (Service Bus entity, consumer) pair of the flows, with the handler's worst case.

    The worst case adds up the consumer's calls while it handles the message (bindings'
    tries x timeouts + backoff), its binding to the entity or its namespace (receiving and
    settling retries), and -- for the DLQ processor reading the collector queue -- the
    backoff of the DLQ retry policy it waits through before resubmitting.
    """
    best: dict[tuple[str, str], Handler] = {}
    dlq = arch.resilience.dlq_handling
    for flow in arch.flows.flows:
        for step, work in handler_steps(flow):
            entity = arch.get(base_id(step.source))
            consumer = arch.get(base_id(step.target))
            if consumer is None or not isinstance(entity, ServiceBusQueue | ServiceBusSubscription):
                continue
            cost = Cost(0.0, [])
            targets = [base_id(s.target) for s in work]
            own = calls.binding(consumer.id, entity.id)
            if own is not None and base_id(own.binding.dependency or "") not in targets:
                budget = calls.budget(own)
                cost = cost + Cost(
                    budget.worst, [f"{own.binding.dependency or entity.id}: {budget.describe()}"]
                )
            for target in dict.fromkeys(targets):
                if calls.binding(consumer.id, target) is not None:
                    cost = cost + calls.call_cost(consumer.id, target, {}, frozenset())
            if (
                dlq is not None
                and dlq.processor == consumer.id
                and dlq.collector_queue == entity.id
                and dlq.retry_policy
            ):
                policy = arch.get(dlq.retry_policy)
                if isinstance(policy, RetryPolicy):
                    delays = schedule(policy).total_upper
                    cost = cost + Cost(
                        delays,
                        [f"{policy.id} resubmission backoff up to {describe_seconds(delays)}"],
                    )
            window, basis = lock_window(entity, consumer)
            key = (entity.id, consumer.id)
            if key not in best or cost.seconds > best[key].cost.seconds:
                best[key] = Handler(entity, consumer, cost, window, basis)
    return list(best.values())


# --- who waits for whom ------------------------------------------------------------------


@record
class Wait:
    """``caller`` waits at most ``seconds`` for ``callee`` (a sync step of some flow)."""

    caller: Component
    callee: Component
    seconds: float
    path: Path  # the timeout field the wait comes from
    children: dict[str, list[str]]


def sync_waits(arch: Architecture, calls: Calls) -> Iterator[Wait]:
    """Every synchronous call whose caller has a timeout: a gateway's, or its binding's."""
    for flow in arch.flows.flows:
        children = calls.sync_children(flow)
        for step in flow.steps:
            if step.kind not in SYNC_STEPS:
                continue
            caller, callee = arch.get(base_id(step.source)), arch.get(base_id(step.target))
            if caller is None or callee is None:
                continue
            gateway = gateway_timeout(caller)
            if gateway is not None:
                field_name = (
                    "response_timeout" if caller.kind == "front_door" else "request_timeout"
                )
                path = (*arch.path_of(caller.id), field_name)
                yield Wait(caller, callee, gateway.total_seconds(), path, children)
                continue
            bound = calls.binding(caller.id, callee.id)
            timeout = calls.timeout(bound) if bound else None
            if bound is not None and timeout is not None:
                path = (*bound.path, "timeout")
                yield Wait(caller, callee, timeout.timeout.total_seconds(), path, children)


def message_ttl(arch: Architecture, entity: Component) -> tuple[timedelta, Component] | None:
    """The TTL that applies to the entity's messages, and the component that sets it."""
    candidates = [(getattr(entity, "default_message_ttl", None), entity)]
    topic = topic_of(arch, entity)
    if topic is not None:
        candidates.append((topic.default_message_ttl, topic))
    known = [(ttl, owner) for ttl, owner in candidates if ttl is not None]
    return min(known, key=lambda pair: pair[0]) if known else None
