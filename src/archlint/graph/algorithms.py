"""Graph algorithms the flow rules share, on plain adjacency (no networkx on the lint path).

Each is linear in nodes + edges and iterative (no recursion limit on a large model).
``tests/graph/test_algorithms.py`` checks them against networkx on random graphs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

Adjacency = Mapping[str, Sequence[str]]


def adjacency(
    nodes: Iterable[str], arcs: Iterable[tuple[str, str]], keep: Callable[[str], bool] | None = None
) -> dict[str, list[str]]:
    """Successor lists of ``arcs`` between ``nodes`` (only nodes ``keep`` accepts)."""
    successors = {n: [] for n in nodes if keep is None or keep(n)}
    for source, target in arcs:
        if source in successors and target in successors:
            successors[source].append(target)
    for targets in successors.values():
        targets.sort()
    return successors


def reachable(successors: Adjacency, starts: Iterable[str]) -> set[str]:
    """Every node reachable from ``starts`` (themselves included)."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for nxt in successors.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def shortest_path(successors: Adjacency, start: str, goal: str) -> list[str] | None:
    """Fewest-arcs path from ``start`` to ``goal`` (both included), or None. Deterministic:
    successors are tried in their (sorted) order."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in successors.get(node, ()):
            if nxt in previous:
                continue
            previous[nxt] = node
            if nxt == goal:
                path = [goal]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])  # type: ignore[arg-type]
                return path[::-1]
            queue.append(nxt)
    return [start] if start == goal else None


def cycle_through(successors: Adjacency, node: str) -> list[str] | None:
    """A shortest cycle through ``node`` as [node, ..., node], or None."""
    best: list[str] | None = None
    for nxt in successors.get(node, ()):
        back = [node] if nxt == node else shortest_path(successors, nxt, node)
        if back is not None and (best is None or len(back) + 1 < len(best)):
            best = [node, *back] if nxt != node else [node, node]
    return best


def strongly_connected_components(successors: Adjacency) -> list[list[str]]:
    """The strongly connected components (Tarjan, iterative), each sorted, in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(successors):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(successors[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            advanced = False
            for nxt in pending:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(successors.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return sorted(components)


def cyclic_components(successors: Adjacency) -> list[list[str]]:
    """The components that contain a cycle: two or more nodes, or one with a self-loop."""
    return [
        c
        for c in strongly_connected_components(successors)
        if len(c) > 1 or c[0] in successors.get(c[0], ())
    ]
