"""Visit plans: what a policy may know about a visitor before and during their visit.

A plan carries the services a visitor needs, the prerequisites among them, and the *expected*
duration of each step. It is built from a :class:`~anlaufstelle.flow.scenario.Visitor` but holds
no reference to it, so nothing reachable from a plan reveals a real duration.

Prerequisites are restricted to the visitor's own services and are not transitive, exactly as
docs/day-format.md says: if ``payout`` requires ``benefits`` and the visitor has ``payout`` but no
``benefits``, the visitor may go to ``payout`` at once, even though ``benefits`` itself would
have required ``residence``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .scenario import Day, Service, Visitor


@dataclass(frozen=True, slots=True)
class PlannedStep:
    service: str
    expected_minutes: float
    # Only prerequisites the visitor also has; others are ignored by the rules.
    requires: frozenset[str]
    # Expected minutes of the longest chain of this step and the steps that wait for it,
    # walks included: how much of the visit still hangs on this one step.
    tail_minutes: float


# One plan per visitor: with an ``__init__`` of its own, a compiled core (flow/native.py) makes
# it natively instead of through the dataclass's generated one, which is why it is not frozen.
# Nothing changes a plan once made.
@dataclass(slots=True, init=False)
class VisitPlan:
    visitor_id: str
    arrival: float
    party_size: int
    language: str
    needs_interpreter: bool
    appointment: float | None
    priority: float
    # In the day's service order, which is the fixed order of the silo policy.
    steps: tuple[PlannedStep, ...]
    walk_minutes: float
    by_service: dict[str, PlannedStep] = field(compare=False, repr=False)

    def __init__(
        self,
        *,
        visitor_id: str,
        arrival: float,
        party_size: int,
        language: str,
        needs_interpreter: bool,
        appointment: float | None,
        priority: float,
        steps: tuple[PlannedStep, ...],
        walk_minutes: float,
    ) -> None:
        self.visitor_id = visitor_id
        self.arrival = arrival
        self.party_size = party_size
        self.language = language
        self.needs_interpreter = needs_interpreter
        self.appointment = appointment
        self.priority = priority
        self.steps = steps
        self.walk_minutes = walk_minutes
        self.by_service = {s.service: s for s in steps}

    def with_steps(self, steps: tuple[PlannedStep, ...]) -> VisitPlan:
        """The same visitor with other steps (a desk forwarded them to further services)."""
        return VisitPlan(
            visitor_id=self.visitor_id,
            arrival=self.arrival,
            party_size=self.party_size,
            language=self.language,
            needs_interpreter=self.needs_interpreter,
            appointment=self.appointment,
            priority=self.priority,
            steps=steps,
            walk_minutes=self.walk_minutes,
        )

    @property
    def services(self) -> tuple[str, ...]:
        return tuple(s.service for s in self.steps)

    @property
    def expected_total_minutes(self) -> float:
        return sum(s.expected_minutes for s in self.steps)

    def step(self, service: str) -> PlannedStep:
        return self.by_service[service]

    def eligible(self, done: Collection[str]) -> list[str]:
        """Steps not yet done whose prerequisites (restricted to this plan) are all done."""
        if not isinstance(done, set | frozenset):
            done = set(done)
        return [s.service for s in self.steps if s.service not in done and s.requires <= done]

    def expected_lower_bound(self, services: Iterable[str] | None = None) -> float:
        """Expected minutes for the given (default: all) steps plus the walks between them."""
        chosen = self.steps if services is None else [self.step(s) for s in services]
        n = len(chosen)
        return sum(s.expected_minutes for s in chosen) + self.walk_minutes * max(0, n - 1)


def build_plan(
    visitor: Visitor,
    day: Day,
    cache: dict[tuple[tuple[str, ...], int], tuple[PlannedStep, ...]] | None = None,
) -> VisitPlan:
    """The visitor's plan. ``cache`` shares the step tuples of visitors with the same services
    and party size (a large day has few distinct ones)."""
    key = (tuple(visitor.steps), visitor.party_size)
    steps = cache.get(key) if cache is not None else None
    if steps is None:
        steps = plan_steps(set(visitor.steps), visitor.party_size, day.services, day.walk_minutes)
        if cache is not None:
            cache[key] = steps
    return VisitPlan(
        visitor_id=visitor.id,
        arrival=visitor.arrival,
        party_size=visitor.party_size,
        language=visitor.language,
        needs_interpreter=visitor.needs_interpreter,
        appointment=visitor.appointment,
        priority=visitor.priority,
        steps=steps,
        walk_minutes=day.walk_minutes,
    )


def with_prerequisites(index: Mapping[str, Service], codes: Iterable[str]) -> set[str]:
    """The concerns and every service they need first, among the services of ``index``."""
    needed: set[str] = set()
    todo = [c for c in codes if c in index]
    while todo:
        code = todo.pop()
        if code not in needed:
            needed.add(code)
            todo.extend(index[code].requires)
    return needed


def plan_steps(
    needed: Collection[str], party_size: int, services: Sequence[Service], walk_minutes: float
) -> tuple[PlannedStep, ...]:
    """The planned steps for the ``needed`` services, in the order of ``services``."""
    ordered = [s for s in services if s.id in needed]
    expected = {s.id: s.expected_minutes(party_size) for s in ordered}
    requires = {s.id: frozenset(r for r in s.requires if r in needed) for s in ordered}
    dependents: dict[str, list[str]] = {s.id: [] for s in ordered}
    for sid, reqs in requires.items():
        for r in reqs:
            dependents[r].append(sid)
    tail: dict[str, float] = {}

    def tail_of(sid: str) -> float:
        if sid not in tail:
            after = max(
                (walk_minutes + tail_of(d) for d in dependents[sid]),
                default=0.0,
            )
            tail[sid] = expected[sid] + after
        return tail[sid]

    return tuple(PlannedStep(s.id, expected[s.id], requires[s.id], tail_of(s.id)) for s in ordered)
