"""The seed's four flows are in the graph with the right edges, and the model's facts too."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from archlint.graph import UnknownFlow, build_flow_graph, build_graph, select
from archlint.graph.build import NodeType
from archlint.loader import load_spec, load_spec_text
from tests.conftest import SEED_SPEC

SEED_FLOWS = {"sync-request", "async-processing", "dead-letter", "workflow-orchestration"}


@pytest.fixture(scope="module")
def graph(seed) -> nx.MultiDiGraph:
    return build_graph(seed)


def steps(graph: nx.MultiDiGraph, source: str, target: str) -> set[tuple[str, str | None]]:
    """(kind, flow) of every edge source -> target."""
    return {
        (d["kind"], d["flow"]) for d in graph.get_edge_data(source, target, default={}).values()
    }


def assert_path(graph: nx.MultiDiGraph, path: list[tuple[str, str, str | None]]) -> None:
    """``path``: [(node, kind of the edge to the next node, its flow)..., (last node, '', None)]."""
    for (source, kind, flow), (target, _, _) in itertools.pairwise(path):
        assert (kind, flow) in steps(graph, source, target), f"{source} -{kind}-> {target}"


def test_the_four_flows_are_in_the_graph(graph) -> None:
    assert set(graph.graph["flows"]) == SEED_FLOWS
    flows_on_edges = {d["flow"] for _, _, d in graph.edges(data=True)}
    assert flows_on_edges >= SEED_FLOWS
    assert graph.graph["flows"]["sync-request"]["critical"] is True
    (user_call,) = graph.get_edge_data("user", "afd-main").values()
    assert user_call["flow_name"] == "Synchronous request flow"
    assert user_call["origin"] == "flows.flows[0].steps[0]"


@pytest.mark.parametrize(
    "queue",
    [
        "sbq-file-processing",
        "sbq-order-processing",
        "sbq-notifications",
        "sbs-order-workflow",
        "sbs-notifications",
    ],
)
def test_dead_letter_path_from_each_queue_to_processor_store_and_alert(graph, queue) -> None:
    dlq = f"{queue}/$deadletterqueue"
    assert_path(
        graph,
        [
            (queue, "dead_letter", "dead-letter"),
            (dlq, "forward", "dead-letter"),
            ("sbq-dlq-monitor", "consume", "dead-letter"),
            ("func-dlq-processor", "write", "dead-letter"),
            ("ctr-dlq-tracking", "", None),
        ],
    )
    assert_path(
        graph,
        [
            ("func-dlq-processor", "alert", "dead-letter"),
            ("alert-dlq-growth", "alert", "dead-letter"),
            ("ag-critical", "alert", "dead-letter"),
            ("oncall", "", None),
        ],
    )
    assert nx.has_path(graph, queue, "oncall")


def test_synchronous_request_path(graph) -> None:
    assert_path(
        graph,
        [
            ("user", "sync_call", "sync-request"),
            ("afd-main", "sync_call", "sync-request"),
            ("agw-main", "sync_call", "sync-request"),
            ("app-web", "read", "sync-request"),
            ("redis-main", "read", "sync-request"),
            ("ctr-read-models", "", None),
        ],
    )
    assert ("sync_call", "sync-request") in steps(graph, "agw-main", "func-main")


def test_asynchronous_processing_path(graph) -> None:
    assert_path(
        graph,
        [
            ("st-eventstore", "publish", "async-processing"),
            ("egst-storage", "subscribe", "async-processing"),
            ("egs-blob-created-to-files", "publish", "async-processing"),
            ("sbq-file-processing", "consume", "async-processing"),
            ("func-main", "publish", "async-processing"),
            ("egt-domain-events", "subscribe", "async-processing"),
            ("egs-domain-events-to-hub", "publish", "async-processing"),
            ("evh-domain-events", "subscribe", "async-processing"),
            ("cg-analytics", "consume", "async-processing"),
            ("analytics-pipeline", "", None),
        ],
    )
    assert ("capture", "async-processing") in steps(graph, "evh-domain-events", "st-eventstore")
    assert ("write", "async-processing") in steps(graph, "func-main", "ctr-domain-events")


def test_workflow_orchestration_path(graph) -> None:
    assert_path(
        graph,
        [
            ("func-main", "publish", "workflow-orchestration"),
            ("sbt-domain-events", "subscribe", "workflow-orchestration"),
            ("sbs-order-workflow", "consume", "workflow-orchestration"),
            ("logic-main", "publish", "workflow-orchestration"),
            ("sbq-notifications", "consume", "workflow-orchestration"),
            ("logic-main", "", None),
        ],
    )
    for partner in ("payment-service", "inventory-service", "shipping-service"):
        assert ("sync_call", "workflow-orchestration") in steps(graph, "logic-main", partner)


def test_every_queue_and_subscription_has_a_dead_letter_queue(seed, graph) -> None:
    entities = seed.index.of_kind("service_bus_queue", "service_bus_subscription")
    assert entities
    for entity in entities:
        dlq = f"{entity.id}/$deadletterqueue"
        assert graph.nodes[dlq]["type"] == "dead_letter_queue"
        assert any(kind == "dead_letter" for kind, _ in steps(graph, entity.id, dlq))
    # No flow names the DLQ monitor queue's own dead-letter queue: it is there anyway.
    assert steps(graph, "sbq-dlq-monitor", "sbq-dlq-monitor/$deadletterqueue") == {
        ("dead_letter", None)
    }


def test_facts_outside_the_flows_are_edges_without_a_flow(graph) -> None:
    assert steps(graph, "egs-domain-events-to-orders", "sbq-order-processing") == {
        ("publish", None)
    }
    assert steps(graph, "sb-main", "egst-servicebus") == {("publish", None)}
    assert steps(graph, "egs-domain-events-to-hub", "st-eventstore") == {("dead_letter", None)}


def test_a_fact_a_flow_states_is_not_doubled(graph) -> None:
    # forward_dead_lettered_messages_to and the dead-letter flow say the same thing.
    assert steps(graph, "sbq-file-processing/$deadletterqueue", "sbq-dlq-monitor") == {
        ("forward", "dead-letter")
    }


def test_a_consume_step_written_backwards_is_turned_round() -> None:
    arch = load_spec_text(
        """\
metadata: {name: backwards, primary_region: eastus2}
messaging:
  service_bus:
    - {id: sb, tier: premium, queues: [{id: q}]}
flows:
  actors: [{id: reader, actor_kind: external_system}]
  flows:
    - id: f
      name: F
      flow_kind: asynchronous
      steps:
        - {from: reader, to: q, kind: consume, label: reads q}
""",
        "backwards.yaml",
    ).architecture
    (edge,) = build_flow_graph(arch).select("f").edges
    assert (edge.source, edge.target, edge.kind, edge.reoriented) == (
        "q",
        "reader",
        "consume",
        True,
    )
    assert edge.origin == ("flows", "flows", 0, "steps", 0)


def test_node_types_and_layers(graph) -> None:
    expected = {
        "user": ("user", "external"),
        "payment-service": ("external", "external"),
        "afd-main": ("gateway", "edge"),
        "func-main": ("function", "compute"),
        "logic-main": ("logic_app", "compute"),
        "sbq-file-processing": ("queue", "messaging"),
        "sbt-domain-events": ("topic", "messaging"),
        "sbs-order-workflow": ("subscription", "messaging"),
        "evh-domain-events": ("hub", "messaging"),
        "cg-realtime": ("consumer_group", "messaging"),
        "ctr-read-models": ("store", "data"),
        "redis-main": ("cache", "data"),
        "alert-dlq-growth": ("alert", "monitoring"),
    }
    actual = {n: (graph.nodes[n]["type"], graph.nodes[n]["layer"]) for n in expected}
    assert actual == expected


def test_select_one_flow(seed) -> None:
    graph = build_graph(seed, "Dead letter processing")  # by name, any case
    assert {d["flow"] for _, _, d in graph.edges(data=True)} == {"dead-letter"}
    assert "user" not in graph and "oncall" in graph
    selected = select(seed, "dead-letter")
    assert sorted((e.source, e.target, e.kind) for e in selected.edges) == sorted(
        (u, v, d["kind"]) for u, v, d in graph.edges(data=True)
    )
    with pytest.raises(UnknownFlow, match="no flow 'nope'"):
        select(seed, "nope")


def test_model_facts_from_a_small_spec() -> None:
    arch = load_spec_text(
        """\
metadata: {name: facts, primary_region: eastus2}
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - {id: q-in, forward_to: q-out}
        - {id: q-out, forward_dead_lettered_messages_to: q-in}
  event_hubs:
    - id: ehns
      tier: standard
      hubs:
        - id: hub
          partitions: 2
          capture: {storage_account: st, container: c}
          consumer_groups: [{id: cg}]
data:
  storage_accounts: [{id: st, replication: LRS}]
""",
        "facts.yaml",
    ).architecture
    graph = build_flow_graph(arch)
    facts = {(e.source, e.target, e.kind) for e in graph.edges}
    assert facts == {
        ("q-in", "q-out", "forward"),
        ("q-in", "q-in/$deadletterqueue", "dead_letter"),
        ("q-out", "q-out/$deadletterqueue", "dead_letter"),
        ("q-out/$deadletterqueue", "q-in", "forward"),
        ("hub", "cg", "subscribe"),
        ("hub", "st", "capture"),
    }
    assert all(e.flow is None for e in graph.edges)
    assert graph.nodes["q-in/$deadletterqueue"].type is NodeType.dead_letter_queue
    # origins point at the field that states the fact
    origin = next(e.origin for e in graph.edges if e.kind == "forward" and e.source == "q-in")
    assert origin == ("messaging", "service_bus", 0, "queues", 0, "forward_to")


def test_graph_is_deterministic_and_cached(seed) -> None:
    again = load_spec(SEED_SPEC).architecture
    assert build_flow_graph(seed) is build_flow_graph(seed)
    assert build_flow_graph(seed).edges == build_flow_graph(again).edges
    assert list(build_flow_graph(seed).nodes) == sorted(build_flow_graph(seed).nodes)
