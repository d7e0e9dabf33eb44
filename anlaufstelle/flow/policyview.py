"""What a dispatch policy sees of the hall.

The simulator and the live hall hand policies these objects and nothing else. They are built
so that no attribute path leads to a real step duration: a visitor view holds a
:class:`~anlaufstelle.flow.plans.VisitPlan` (expected durations only), never the
:class:`~anlaufstelle.flow.scenario.Visitor`, and the hall view holds only queues of such views,
free interpreters and counters, never the simulator's event list (whose step-end times would
give real durations away). ``tests/flow/test_flow_policyview.py`` walks the object graph to keep
it so.

The objects are live: the hall (:mod:`anlaufstelle.flow.hall`) updates them in place between
calls. Policies must treat
them as read-only and must not keep them across calls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .plans import VisitPlan
from .scenario import Service


@dataclass(frozen=True, slots=True)
class StaffView:
    index: int  # position in the day's staff list, which is the tie order for simultaneous calls
    id: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class InterpreterView:
    index: int
    id: str
    languages: tuple[str, ...]
    start: float
    end: float


EXPECTED = "expected"  # not arrived yet
READY = "ready"  # arrived or back from a walk, routed into queues at the next dispatch
WAITING = "waiting"  # in one or more queues
CALLED = "called"  # called to a desk, on the way there
AT_DESK = "at_desk"
WALKING = "walking"  # between two desks
DONE = "done"
ABSENT = "absent"  # called and did not come; set aside until they arrive again


class VisitorView:
    """A visitor as far as they are known without real durations, updated as the day goes on."""

    __slots__ = (
        "index",
        "plan",
        "state",
        "completed",
        "remaining_minutes",
        "remaining_steps",
        "queued",
    )

    def __init__(self, index: int, plan: VisitPlan) -> None:
        self.index = index
        self.plan = plan
        # One of the states above.
        self.state = EXPECTED
        self.completed: tuple[str, ...] = ()
        # Expected minutes of the steps not yet done, walks between them included.
        self.remaining_minutes = plan.expected_lower_bound()
        self.remaining_steps = len(plan.steps)
        # The services whose queues the visitor waits in now, in the order they joined.
        self.queued: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.plan.visitor_id

    @property
    def arrival(self) -> float:
        return self.plan.arrival

    @property
    def needs_interpreter(self) -> bool:
        return self.plan.needs_interpreter

    @property
    def language(self) -> str:
        return self.plan.language

    def __repr__(self) -> str:
        return f"VisitorView({self.id!r}, completed={self.completed!r})"


class WaitingStep:
    """One step a ready visitor could take now, in one service's queue."""

    __slots__ = ("visitor", "service", "expected_minutes", "tail_minutes", "since", "seq")

    def __init__(
        self,
        visitor: VisitorView,
        service: str,
        expected_minutes: float,
        tail_minutes: float,
        since: float,
        seq: int,
    ) -> None:
        self.visitor = visitor
        self.service = service
        self.expected_minutes = expected_minutes
        self.tail_minutes = tail_minutes
        self.since = since  # when the visitor joined this queue
        self.seq = seq  # global join order; breaks ties between equal `since`

    def __repr__(self) -> str:
        return f"WaitingStep({self.visitor.id!r}, {self.service!r}, since={self.since})"


class Call:
    """A policy's answer: call this visitor for this step, with this interpreter if needed."""

    __slots__ = ("step", "interpreter")

    def __init__(self, step: WaitingStep, interpreter: InterpreterView | None = None) -> None:
        self.step = step
        self.interpreter = interpreter

    def __repr__(self) -> str:
        return f"Call({self.step!r}, interpreter={self.interpreter!r})"


class FreeSpeakers:
    """``free_speakers(service, language)``: how many free staff members serve the service and
    speak the language. Counted from the groups of interchangeable staff (who share their
    languages) when a policy asks, so the hall keeps no count per language."""

    __slots__ = ("_free", "_languages", "_by_service", "spoken")

    def __init__(
        self,
        group_free: Sequence[Sequence[int]],
        group_languages: Sequence[tuple[str, ...]],
        groups_by_service: Mapping[str, Sequence[int]],
    ) -> None:
        self._free = group_free
        self._languages = group_languages
        self._by_service = groups_by_service
        # Every language some staff member speaks: most visitors who need an interpreter speak
        # none of them, and then nobody needs counting.
        self.spoken: set[str] = set()

    def __call__(self, service: str, language: str) -> int:
        free = self._free
        languages = self._languages
        return sum(len(free[g]) for g in self._by_service[service] if language in languages[g])


class HallView:
    """The hall as a policy sees it at one moment.

    ``queues[service]`` maps visitor index to their :class:`WaitingStep`, iterating in join order
    (oldest first). ``free_interpreters[language]`` maps interpreter index to the free, on-shift
    interpreters who speak it. The counters are per service or per language.
    """

    __slots__ = (
        "now",
        "target_minutes",
        "walk_minutes",
        "closing_time",
        "services",
        "service_order",
        "queues",
        "free_interpreters",
        "waiting_work",
        "staff_on_shift",
        "free_staff",
        "interpreters_on_shift",
        "waiting_needing",
        "escorting",
        "free_unescorted",
        "free_speakers",
        "interpreter_profiles",
    )

    def __init__(
        self,
        *,
        target_minutes: float,
        walk_minutes: float,
        closing_time: float,
        services: Mapping[str, Service],
        service_order: tuple[str, ...],
        queues: Mapping[str, Mapping[int, WaitingStep]],
        free_interpreters: Mapping[str, Mapping[int, InterpreterView]],
        waiting_work: Mapping[str, float],
        staff_on_shift: Mapping[str, int],
        free_staff: Mapping[str, int],
        interpreters_on_shift: Mapping[str, int],
        waiting_needing: Mapping[str, int],
        escorting: Mapping[int, VisitorView],
        free_unescorted: Mapping[str, int],
        free_speakers: FreeSpeakers,
        interpreter_profiles: Mapping[str, int],
    ) -> None:
        self.now = 0.0
        self.target_minutes = target_minutes
        self.walk_minutes = walk_minutes
        self.closing_time = closing_time
        self.services = MappingProxyType(dict(services))
        self.service_order = service_order
        self.queues = queues
        self.free_interpreters = free_interpreters
        # Expected minutes of work waiting in each queue.
        self.waiting_work = waiting_work
        self.staff_on_shift = staff_on_shift
        self.free_staff = free_staff
        self.interpreters_on_shift = interpreters_on_shift
        # Waiting visitors (not steps) who need an interpreter, per language.
        self.waiting_needing = waiting_needing
        # Free interpreters (by index) whose last visitor is walking to their next desk, so a
        # policy can keep the interpreter with that visitor.
        self.escorting = escorting
        # Per language: free interpreters not walking with anyone.
        self.free_unescorted = free_unescorted
        # free_speakers(service, language): how many free staff serve the service and speak
        # the language, and so can serve a visitor of that language without an interpreter.
        self.free_speakers = free_speakers
        # Per language: how many different language profiles its interpreters have.
        self.interpreter_profiles = interpreter_profiles

    def pressure(self, service: str) -> float:
        """Expected waiting minutes per on-shift staff member who can serve the service."""
        return self.waiting_work.get(service, 0.0) / max(1, self.staff_on_shift.get(service, 0))

    def interpreter_scarcity(self, language: str) -> float:
        """Visitors waiting for an interpreter of the language per interpreter on shift."""
        on = self.interpreters_on_shift.get(language, 0)
        need = self.waiting_needing.get(language, 0)
        return float("inf") if on == 0 and need else need / max(1, on)
