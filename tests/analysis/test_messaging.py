"""The shared Service Bus topology helpers: forwarding cycles and alert coverage."""

from __future__ import annotations

import random

import pytest

from archlint.analysis.messaging import (
    AlertIndex,
    Forward,
    dead_letter_forwards_on_cycles,
    dead_letter_sources,
    forwards,
    namespace_of,
    strongly_connected_components,
    topic_of,
)
from archlint.loader import load_spec_text

SPEC = """\
metadata: {name: t, primary_region: eastus2}
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - {id: q-a, forward_dead_lettered_messages_to: q-dlq}
        - {id: q-b, forward_dead_lettered_messages_to: q-dlq}
        - {id: q-dlq, forward_dead_lettered_messages_to: t-loop}
      topics:
        - id: t-loop
          subscriptions:
            - {id: s-back, forward_to: q-dlq}
monitoring:
  action_groups: [{id: ag}]
  alerts:
    - {id: on-namespace, target: sb, metric: DeadletteredMessages, operator: GreaterThan,
       threshold: 1, window: 5m, severity: 1, action_groups: [ag],
       dimensions: {EntityName: "q-a, t-loop"}}
    - {id: on-queue, target: q-b, metric: deadletteredmessages, operator: GreaterThan,
       threshold: 1, window: 5m, severity: 1, action_groups: [ag]}
    - {id: silent, target: sb, metric: DeadletteredMessages, operator: GreaterThan,
       threshold: 1, window: 5m, severity: 1}
    - {id: other-metric, target: sb, metric: ActiveMessages, operator: GreaterThan,
       threshold: 1, window: 5m, severity: 1, action_groups: [ag]}
"""


@pytest.fixture(scope="module")
def arch():
    return load_spec_text(SPEC, "t.yaml").architecture


def test_owners(arch) -> None:
    assert namespace_of(arch, arch.get("s-back")).id == "sb"
    assert namespace_of(arch, arch.get("q-a")).id == "sb"
    assert topic_of(arch, arch.get("s-back")).id == "t-loop"
    assert topic_of(arch, arch.get("q-a")) is None


def test_dead_letter_sources(arch) -> None:
    sources = dead_letter_sources(arch)
    assert [e.id for e in sources["q-dlq"]] == ["q-a", "q-b"]
    assert [e.id for e in sources["t-loop"]] == ["q-dlq"]


def test_forward_cycle_through_a_topic(arch) -> None:
    # q-dlq's dead letters go to t-loop, whose subscription forwards back to q-dlq.
    on_cycles = dead_letter_forwards_on_cycles(forwards(arch))
    assert on_cycles == [Forward("q-dlq", "t-loop", dead_letters=True)]


def test_alert_coverage(arch) -> None:
    index = AlertIndex(arch, ["DeadletteredMessages"])
    covering = {e: sorted(a.id for a in index.covering(arch.get(e))) for e in arch.index.by_id}
    assert covering["q-a"] == ["on-namespace"]  # named by the EntityName filter
    assert covering["q-b"] == ["on-queue"]  # the filter leaves it out; its own alert counts
    assert covering["q-dlq"] == []  # 'silent' has no action group
    assert covering["s-back"] == ["on-namespace"]  # seen through its topic's name


def test_self_loop_is_a_cycle() -> None:
    edge = Forward("q", "q", dead_letters=True)
    assert dead_letter_forwards_on_cycles([edge]) == [edge]


def _reaches(arcs: list[tuple[str, str]], start: str, goal: str) -> bool:
    """Brute force: is ``goal`` reachable from ``start`` (start != goal) along ``arcs``?"""
    seen, todo = {start}, [start]
    while todo:
        vertex = todo.pop()
        for source, target in arcs:
            if source == vertex and target not in seen:
                if target == goal:
                    return True
                seen.add(target)
                todo.append(target)
    return False


@pytest.mark.parametrize("seed", range(40))
def test_cycles_match_a_brute_force_oracle(seed: int) -> None:
    rng = random.Random(seed)
    vertices = [f"v{i}" for i in range(rng.randint(1, 12))]
    edges = [
        Forward(rng.choice(vertices), rng.choice(vertices), dead_letters=rng.random() < 0.5)
        for _ in range(rng.randint(0, 25))
    ]
    arcs = [(e.source, e.target) for e in edges]
    # Oracle: a dead-letter edge u -> v is on a cycle iff v reaches u (or it is a self-loop).
    expected = [
        e
        for e in edges
        if e.dead_letters and (e.source == e.target or _reaches(arcs, e.target, e.source))
    ]
    assert dead_letter_forwards_on_cycles(edges) == expected


@pytest.mark.parametrize("seed", range(20))
def test_components_match_mutual_reachability(seed: int) -> None:
    rng = random.Random(1000 + seed)
    vertices = [f"v{i}" for i in range(rng.randint(1, 10))]
    arcs = [(rng.choice(vertices), rng.choice(vertices)) for _ in range(rng.randint(0, 20))]
    component = strongly_connected_components(arcs)
    for a in component:
        for b in component:
            mutual = a == b or (_reaches(arcs, a, b) and _reaches(arcs, b, a))
            assert (component[a] == component[b]) == mutual, (a, b)


def test_long_chain_does_not_recurse() -> None:
    arcs = [(f"v{i}", f"v{i + 1}") for i in range(5000)] + [("v5000", "v0")]
    component = strongly_connected_components(arcs)
    assert len(set(component.values())) == 1
