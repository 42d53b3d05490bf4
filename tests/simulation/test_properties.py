"""Property tests: redundancy never hurts a flow; a smaller parallel set is never better."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from archlint.analysis.availability import budget
from tests.simulation.conftest import architecture, flow, front_door, run

RANK = {"survives": 0, "degraded": 1, "lost": 2}
SCENARIOS = ("zone:eastus2/1", "region:eastus2", "component:sb", "component:plan", "component:st")


def _weak(data: dict[str, Any]) -> None:
    """The small architecture without any redundancy of its own."""
    data["messaging"]["service_bus"][0]["zone_redundant"] = False
    data["compute"]["plans"][0]["zone_redundant"] = False
    data["data"]["storage_accounts"][0]["replication"] = "LRS"


def _failover(component: str):  # type: ignore[no-untyped-def]
    def change(data: dict[str, Any]) -> None:
        data.setdefault("disaster_recovery", {}).setdefault("failover", []).append(
            {
                "component": component,
                "strategy": "active_active",
                "secondary_region": "westus2",
                "secondary_deployed": True,
            }
        )

    return change


UPGRADES = {
    "sb zone-redundant": lambda d: d["messaging"]["service_bus"][0].update(zone_redundant=True),
    "plan zone-redundant": lambda d: d["compute"]["plans"][0].update(zone_redundant=True),
    "st ZRS": lambda d: d["data"]["storage_accounts"][0].update(replication="ZRS"),
    "sb secondary": _failover("sb"),
    "plan secondary": _failover("plan"),
    "st secondary": _failover("st"),
    "vnet secondary": _failover("vnet"),
}


def _statuses(names: frozenset[str]) -> dict[str, int]:
    arch = architecture(_weak, *(UPGRADES[n] for n in sorted(names)))
    return {scope: RANK[flow(run(arch, scope)).status] for scope in SCENARIOS}


@settings(max_examples=40, deadline=None)
@given(
    st.frozensets(st.sampled_from(sorted(UPGRADES))),
    st.sampled_from(sorted(UPGRADES)),
)
def test_adding_redundancy_never_makes_a_flow_worse(chosen: frozenset[str], added: str) -> None:
    before = _statuses(chosen)
    after = _statuses(chosen | {added})
    assert all(after[s] <= before[s] for s in SCENARIOS), (chosen, added, before, after)


def _origins(count: int):  # type: ignore[no-untyped-def]
    def change(data: dict[str, Any]) -> None:
        names = [f"web-{i}" for i in range(count)]
        data["compute"]["web_apps"] = [{"id": n, "plan": "plan"} for n in names]
        data["edge"] = {"front_doors": [front_door(names)]}
        data["flows"]["flows"] = [
            {
                "id": "site",
                "name": "Site",
                "flow_kind": "synchronous",
                "steps": [{"from": "client", "to": "fd", "kind": "sync_call"}]
                + [{"from": "fd", "to": n, "kind": "sync_call"} for n in names],
            }
        ]

    return change


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=2, max_value=5))
def test_availability_never_rises_when_a_member_leaves_a_parallel_set(count: int) -> None:
    bigger = architecture(_origins(count))
    smaller = architecture(_origins(count - 1))
    big = budget(bigger, bigger.flows.flows[0]).availability
    small = budget(smaller, smaller.flows.flows[0]).availability
    assert big is not None and small is not None
    assert small <= big


def test_series_multiply_and_parallel_combine() -> None:
    arch = architecture(_origins(2))
    result = budget(arch, arch.flows.flows[0])
    parallel = next(t for t in result.terms if len(t.components) == 2)
    assert parallel.components == ("web-0", "web-1")
    assert abs(parallel.availability - (1 - 0.0005**2)) < 1e-12  # 99.95% each
    door = next(t for t in result.terms if t.components == ("fd",))
    assert abs(door.availability - 0.9999) < 1e-12
    assert abs(result.availability - 0.9999 * (1 - 0.0005**2)) < 1e-12


def test_an_unsourced_sla_makes_the_composite_an_upper_bound(base) -> None:  # type: ignore[no-untyped-def]
    result = budget(base, base.flows.flows[0])
    assert result.unknown == ["sb", "func"]  # Service Bus and Functions: no sourced figure
    # Known: the storage account, its and the namespace's private endpoints.
    assert abs(result.availability - 0.999 * 0.9999) < 1e-12
