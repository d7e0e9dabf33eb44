"""The changes made to a :class:`~anlaufstelle.flow.hall.Hall`, written down as they are made, so
that another copy of the same hall can make them too.

The live hall runs in several processes, one event at a time per site. A process that kept the
hall of an earlier event in memory need not rebuild the whole hall from the stored snapshot (tens
of milliseconds at a thousand visitors): it replays the few events written since, each a short
list of the transitions below, and holds the same hall the other process held. The hall is
deterministic, so the same transitions from the same state give the same state; the dispatcher
is replayed rather than its calls copied, so what it routed and whom it left free follow too.

Every change to a live hall goes through a :class:`Journal`; its reads go to the hall itself.
An operation is a list of plain JSON values: its name, then its arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .errors import HallError
from .hall import Called, Hall, dispatch
from .plans import PlannedStep, VisitPlan
from .policies import Policy, get_policy
from .policyview import Call

Op = list[Any]


class Journal:
    """Makes changes to ``hall`` and writes each into :attr:`ops` (see the module doc). The
    methods are the hall's transitions of the same names, with the same arguments."""

    def __init__(self, hall: Hall) -> None:
        self.hall = hall
        self.ops: list[Op] = []

    def add_staff(
        self, id: str, skills: Sequence[str], languages: Sequence[str], start: float, end: float
    ) -> int:
        self.ops.append(["add_staff", id, list(skills), list(languages), start, end])
        return self.hall.add_staff(id, skills, languages, start, end)

    def add_interpreter(self, id: str, languages: Sequence[str], start: float, end: float) -> int:
        self.ops.append(["add_interpreter", id, list(languages), start, end])
        return self.hall.add_interpreter(id, languages, start, end)

    def add_visitor(self, plan: VisitPlan) -> int:
        self.ops.append(["add_visitor", _plan_to_list(plan)])
        return self.hall.add_visitor(plan)

    def staff_on(self, j: int, now: float) -> None:
        self.ops.append(["staff_on", j, now])
        self.hall.staff_on(j, now)

    def staff_off(self, j: int, now: float) -> None:
        self.ops.append(["staff_off", j, now])
        self.hall.staff_off(j, now)

    def set_skills(self, j: int, skills: Sequence[str], now: float) -> None:
        self.ops.append(["set_skills", j, list(skills), now])
        self.hall.set_skills(j, skills, now)

    def interpreter_on(self, k: int, now: float) -> None:
        self.ops.append(["interpreter_on", k, now])
        self.hall.interpreter_on(k, now)

    def interpreter_off(self, k: int, now: float) -> None:
        self.ops.append(["interpreter_off", k, now])
        self.hall.interpreter_off(k, now)

    def arrive(self, i: int, now: float) -> None:
        self.ops.append(["arrive", i, now])
        self.hall.arrive(i, now)

    def ready(self, i: int, now: float) -> None:
        self.ops.append(["ready", i, now])
        self.hall.ready(i, now)

    def call(self, j: int, call: Call, now: float, policy_name: str = "") -> Called:
        step = call.step
        k = -1 if call.interpreter is None else call.interpreter.index
        self.ops.append(["call", j, step.visitor.index, step.service, k, now, policy_name])
        return self.hall.call(j, call, now, policy_name)

    def start(self, i: int, now: float) -> None:
        self.ops.append(["start", i, now])
        self.hall.start(i, now)

    def end_step(self, i: int, now: float) -> bool:
        self.ops.append(["end_step", i, now])
        return self.hall.end_step(i, now)

    def no_show(self, i: int, now: float) -> None:
        self.ops.append(["no_show", i, now])
        self.hall.no_show(i, now)

    def set_aside(self, i: int, now: float) -> None:
        self.ops.append(["set_aside", i, now])
        self.hall.set_aside(i, now)

    def take_back(self, i: int, j: int, service: str, interpreter: int, now: float) -> Called:
        self.ops.append(["take_back", i, j, service, interpreter, now])
        return self.hall.take_back(i, j, service, interpreter, now)

    def add_services(self, i: int, services: Sequence[str], now: float) -> list[str]:
        self.ops.append(["add_services", i, list(services), now])
        return self.hall.add_services(i, services, now)

    def dispatch(self, policy: Policy, now: float) -> list[Called]:
        """:func:`~anlaufstelle.flow.hall.dispatch` with ``policy`` (a fresh one by its name on
        replay, as the live hall makes a fresh one for each event)."""
        self.ops.append(["dispatch", policy.name, now])
        return dispatch(self.hall, policy, now)


def _plan_to_list(plan: VisitPlan) -> list[Any]:
    steps = [
        [s.service, s.expected_minutes, sorted(s.requires), s.tail_minutes] for s in plan.steps
    ]
    return [
        plan.visitor_id, plan.arrival, plan.party_size, plan.language, plan.needs_interpreter,
        plan.appointment, plan.priority, steps, plan.walk_minutes,
    ]  # fmt: skip


def _plan_of(row: Sequence[Any]) -> VisitPlan:
    visitor_id, arrival, party, language, needs, appointment, priority, steps, walk = row
    return VisitPlan(
        visitor_id=visitor_id,
        arrival=arrival,
        party_size=party,
        language=language,
        needs_interpreter=needs,
        appointment=appointment,
        priority=priority,
        steps=tuple(PlannedStep(s, m, frozenset(r), t) for s, m, r, t in steps),
        walk_minutes=walk,
    )


def _call(hall: Hall, j: int, i: int, service: str, k: int, now: float, name: str) -> None:
    step = hall.queues[service].get(i)
    if step is None:
        raise HallError(f"replay: visitor {i} is not waiting for {service}")
    hall.call(j, Call(step, None if k < 0 else hall.iviews[k]), now, name)


_REPLAY: dict[str, Callable[..., Any]] = {
    "add_staff": Hall.add_staff,
    "add_interpreter": Hall.add_interpreter,
    "add_visitor": lambda hall, row: hall.add_visitor(_plan_of(row)),
    "staff_on": Hall.staff_on,
    "staff_off": Hall.staff_off,
    "set_skills": Hall.set_skills,
    "interpreter_on": Hall.interpreter_on,
    "interpreter_off": Hall.interpreter_off,
    "arrive": Hall.arrive,
    "ready": Hall.ready,
    "call": _call,
    "start": Hall.start,
    "end_step": Hall.end_step,
    "no_show": Hall.no_show,
    "set_aside": Hall.set_aside,
    "take_back": Hall.take_back,
    "add_services": Hall.add_services,
    "dispatch": lambda hall, name, now: dispatch(hall, get_policy(name), now),
}


def replay(hall: Hall, ops: Iterable[Op]) -> None:
    """Make the changes ``ops`` (a :attr:`Journal.ops`) to ``hall``, which must be in the state
    the journal's hall was in when they were written."""
    for name, *args in ops:
        try:
            apply = _REPLAY[name]
        except KeyError:
            raise HallError(f"replay: unknown change {name!r}") from None
        apply(hall, *args)
