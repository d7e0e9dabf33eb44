"""Prerequisite graphs: the one cycle check shared by the day format and the organisation."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from graphlib import CycleError, TopologicalSorter
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def find_cycle(graph: Mapping[Node, Iterable[Node]]) -> list[Node]:
    """A cycle of prerequisite edges as [a, b, …, a] (a requires b, …, which requires a), or []
    when there is none. ``graph`` maps each node to the nodes it requires."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        # graphlib lists a cycle along "comes before" (b before a); a reader follows "requires".
        cycle: list[Node] = exc.args[1]
        return cycle[::-1]
    return []
