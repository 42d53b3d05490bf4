"""The plain-Python graph algorithms agree with networkx (the oracle) on random graphs."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from archlint.graph.algorithms import (
    adjacency,
    cycle_through,
    cyclic_components,
    reachable,
    shortest_path,
    strongly_connected_components,
)

NODES = [f"n{i}" for i in range(8)]
arcs = st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=30)


def oracle(arc_list: list[tuple[str, str]]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(NODES)
    graph.add_edges_from(arc_list)
    return graph


@settings(max_examples=200, deadline=None)
@given(arcs)
def test_components_match_networkx(arc_list) -> None:
    successors = adjacency(NODES, arc_list)
    expected = sorted(sorted(c) for c in nx.strongly_connected_components(oracle(arc_list)))
    assert strongly_connected_components(successors) == expected
    cyclic = [c for c in expected if len(c) > 1 or (c[0], c[0]) in set(arc_list)]
    assert cyclic_components(successors) == cyclic


@settings(max_examples=200, deadline=None)
@given(arcs, st.sampled_from(NODES), st.sampled_from(NODES))
def test_reachability_and_paths_match_networkx(arc_list, start, goal) -> None:
    successors = adjacency(NODES, arc_list)
    graph = oracle(arc_list)
    assert reachable(successors, [start]) == nx.descendants(graph, start) | {start}
    path = shortest_path(successors, start, goal)
    if nx.has_path(graph, start, goal):
        assert path is not None and path[0] == start and path[-1] == goal
        assert len(path) - 1 == nx.shortest_path_length(graph, start, goal)
        assert all(graph.has_edge(u, v) for u, v in itertools.pairwise(path))
    else:
        assert path is None


@settings(max_examples=200, deadline=None)
@given(arcs, st.sampled_from(NODES))
def test_cycle_through_is_a_shortest_cycle(arc_list, node) -> None:
    successors = adjacency(NODES, arc_list)
    graph = oracle(arc_list)
    cycle = cycle_through(successors, node)
    lengths = [
        nx.shortest_path_length(graph, nxt, node) + 1
        for nxt in graph.successors(node)
        if nx.has_path(graph, nxt, node)
    ]
    if not lengths:
        assert cycle is None
        return
    assert cycle is not None and cycle[0] == cycle[-1] == node
    assert all(graph.has_edge(u, v) for u, v in itertools.pairwise(cycle))
    assert len(cycle) - 1 == min(lengths)


def test_adjacency_keeps_only_accepted_nodes() -> None:
    successors = adjacency(
        ["a", "b", "c"], [("a", "b"), ("b", "c"), ("a", "c")], keep=lambda n: n != "b"
    )
    assert successors == {"a": ["c"], "c": []}
