"""Policies cannot see real durations: nothing reachable from what they are handed holds one."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

from flow_helpers import interpreter, make_day, service, staff, visitor

from anlaufstelle.flow.plans import PlannedStep, VisitPlan
from anlaufstelle.flow.policies import PooledPolicy
from anlaufstelle.flow.policyview import (
    Call,
    FreeSpeakers,
    HallView,
    InterpreterView,
    StaffView,
    VisitorView,
    WaitingStep,
)
from anlaufstelle.flow.scenario import Day, Service, Visitor
from anlaufstelle.flow.simulator import simulate

# Real durations chosen so that they appear nowhere else in the day.
REAL = {"a": 13.37, "b": 42.42}

ALLOWED = (
    HallView,
    FreeSpeakers,
    StaffView,
    InterpreterView,
    VisitorView,
    WaitingStep,
    VisitPlan,
    PlannedStep,
    Service,
    MappingProxyType,
    dict,
    list,
    tuple,
    set,
    frozenset,
    str,
    int,
    float,
    bool,
    type(None),
)


def reachable(roots: Sequence[object]) -> list[object]:
    """Everything reachable from the roots through object references (gc referents)."""
    seen: dict[int, object] = {}
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        seen[id(obj)] = obj
        stack.extend(gc.get_referents(obj))
        # Slotted objects keep their attributes in slots, which gc sees; be explicit anyway.
        for name in getattr(type(obj), "__slots__", ()):
            if hasattr(obj, name):
                stack.append(getattr(obj, name))
    return list(seen.values())


class Spy:
    """A policy that records what it is handed and otherwise behaves like the default."""

    name = "spy"

    def __init__(self) -> None:
        self.inner = PooledPolicy()
        self.seen: list[object] = []

    def route(self, v: VisitorView, eligible: Sequence[str], hall: HallView) -> Sequence[str]:
        self.seen.extend([v, hall])
        return self.inner.route(v, eligible, hall)

    def choose(self, now: float, s: StaffView, hall: HallView) -> Call | None:
        objects = reachable([s, hall])
        self.check(objects)
        self.seen.extend([s, hall])
        return self.inner.choose(now, s, hall)

    def check(self, objects: list[object]) -> None:
        for obj in objects:
            assert isinstance(obj, ALLOWED), f"policy can reach a {type(obj).__name__}"
            assert not isinstance(obj, Visitor | Day)
            if isinstance(obj, float):
                assert obj not in REAL.values(), "a real duration is reachable"


def test_policy_sees_no_real_durations() -> None:
    day = make_day(
        [service("a", typical=5), service("b", ["a"], typical=6)],
        [staff("S1", ["a"]), staff("S2", ["b"])],
        [
            visitor("V1", 0.11, dict(REAL), needs=True),
            visitor("V2", 1.23, dict(REAL)),
        ],
        [interpreter("I1", ["uk"])],
        walk=0.5,
    )
    spy = Spy()
    result = simulate(day, spy)  # type: ignore[arg-type]
    assert result.figures.served == 2
    assert spy.seen
    spy.check(reachable(spy.seen))


def test_views_have_no_steps_attribute() -> None:
    day = make_day([service("a")], [staff("S1", ["a"])], [visitor("V1", 0, {"a": 1})])
    spy = Spy()
    simulate(day, spy)  # type: ignore[arg-type]
    views = [o for o in spy.seen if isinstance(o, VisitorView)]
    assert views
    for v in views:
        assert not hasattr(v, "steps")
        assert not hasattr(v.plan, "visitor")
        assert v.plan.steps[0].expected_minutes == 5.0  # the typical minutes, not the real 1


def test_reachability_walker_would_notice_a_leak() -> None:
    # The check above is only as good as the walker: a view that held the real visitor
    # must be caught.
    day = make_day([service("a")], [staff("S1", ["a"])], [visitor("V1", 0, {"a": 13.37})])
    leaky: dict[str, Any] = {"visitor": day.visitors[0]}
    spy = Spy()
    objects = reachable([MappingProxyType(leaky)])
    try:
        spy.check(objects)
    except AssertionError:
        return
    raise AssertionError("the walker missed a Visitor")
