"""Prerequisite graphs: the one cycle check shared by the day format and the organisation."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def find_cycle(graph: Mapping[Node, Iterable[Node]]) -> list[Node]:
    """A cycle of prerequisite edges as [a, b, …, a], or [] when there is none.

    Iterative depth-first search, so a long chain of services cannot exhaust the stack."""
    done: set[Node] = set()
    for root in graph:
        if root in done:
            continue
        path: list[Node] = [root]
        edges: list[Iterator[Node]] = [iter(graph.get(root, ()))]
        while edges:
            nxt = next(edges[-1], None)
            if nxt is None:
                edges.pop()
                done.add(path.pop())
            elif nxt in path:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in done:
                path.append(nxt)
                edges.append(iter(graph.get(nxt, ())))
    return []
