"""The hall: who is waiting where, who is free, and the loop that decides who is asked when.

This is the one dispatcher of the project. The simulator drives a :class:`Hall` from its event
list; the live hall builds one from a snapshot of a site's rows for each event, applies the
event, lets :func:`dispatch` decide and writes the calls back. Both hand the same policy the
same :class:`~anlaufstelle.flow.policyview.HallView`, so a figure from the simulator is a figure
about the code that runs the hall.

A hall knows no real durations: visitors are :class:`~anlaufstelle.flow.plans.VisitPlan`s
(expected minutes only); when a step ends is told to it from outside (the simulator's event list,
or a desk officer pressing *done*).

Transitions, each at a moment ``now`` (minutes since opening):

- :meth:`Hall.arrive` — a visitor enters the centre (or comes back after a no-show);
- :meth:`Hall.ready` — a visitor has walked away from a desk and can take further steps;
  ready visitors are routed into queues by the policy at the next :func:`dispatch`;
- :meth:`Hall.call` — a free desk calls a waiting visitor for one step (with an interpreter
  where needed); :func:`dispatch` makes the calls a policy returns;
- :meth:`Hall.start` — the called visitor sits down at the desk;
- :meth:`Hall.end_step` — the step is done; the visitor walks on (or leaves, all done);
- :meth:`Hall.no_show` — a called visitor did not come; the desk is free again and the
  visitor is set aside until they :meth:`arrive` again;
- :meth:`Hall.set_aside` — a visitor at a desk must come back later for the same step (the
  desk is free again, the step not done);
- :meth:`Hall.add_services` — a desk forwards the visitor at it to further services;
- :meth:`Hall.staff_on`, :meth:`Hall.staff_off`, :meth:`Hall.set_skills` — a staff member signs
  in, signs off, or changes the skills they serve now;
- :meth:`Hall.interpreter_on`, :meth:`Hall.interpreter_off`.

Who is asked, when (the contract documented in :mod:`anlaufstelle.flow.policies`): a
transition marks the desks it may concern (a desk that became free, the queues a visitor joined
or that may have become servable), and :func:`dispatch` asks those desks, in staff-list order.

:meth:`Hall.snapshot` gives the whole state as plain JSON-ready data and
:meth:`Hall.from_snapshot` builds an equal hall from it: what the database holds between two
events is enough to decide the next one exactly as an uninterrupted hall would.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from .errors import HallError as HallError  # re-exported: raised by this module
from .errors import PolicyError as PolicyError
from .plans import VisitPlan, plan_steps
from .policies import Policy
from .policyview import (
    ABSENT,
    AT_DESK,
    CALLED,
    DONE,
    EXPECTED,
    READY,
    WAITING,
    WALKING,
    Call,
    FreeSpeakers,
    HallView,
    InterpreterView,
    StaffView,
    VisitorView,
    WaitingStep,
)
from .scenario import Service, parse_services, service_to_dict
from .tally import Tally

SNAPSHOT_FORMAT = "anlaufstelle-hall/1"

# Keys of the counts an optional Tally follows: visitors waiting, visitors in the centre,
# then one per service (service number n has key n + 2).
LOG_WAITING = 0
LOG_CENTRE = 1


class Called:
    """A call :func:`dispatch` made: staff ``staff`` calls visitor ``visitor`` for ``service``
    with interpreter ``interpreter`` (indexes into the hall's lists; -1: no interpreter)."""

    __slots__ = ("staff", "visitor", "service", "interpreter")

    def __init__(self, staff: int, visitor: int, service: str, interpreter: int) -> None:
        self.staff = staff
        self.visitor = visitor
        self.service = service
        self.interpreter = interpreter

    def __repr__(self) -> str:
        return (
            f"Called(staff={self.staff}, visitor={self.visitor}, service={self.service!r}, "
            f"interpreter={self.interpreter})"
        )


class Hall:
    """The state of one hall on one day; see the module doc."""

    def __init__(
        self,
        *,
        services: Sequence[Service],
        target_minutes: float,
        walk_minutes: float,
        closing_time: float,
        tally: Tally | None = None,
    ) -> None:
        self.services = tuple(services)
        self.service_index = {s.id: s for s in self.services}
        order = tuple(s.id for s in self.services)
        self.order = order
        self.target_minutes = target_minutes
        self.walk_minutes = walk_minutes
        self.closing_time = closing_time
        self.now = 0.0

        # Visitors, by index in the order they were added.
        self.plans: list[VisitPlan] = []
        self.vviews: list[VisitorView] = []
        self.done: list[set[str]] = []
        self.entries: list[list[WaitingStep]] = []
        self.ready_at: list[float] = []
        self.last_interp: list[int] = []
        # Visitor index → (staff, service, interpreter) while called or at a desk.
        self.serving: dict[int, tuple[int, str, int]] = {}
        self.visitor_ids: dict[str, int] = {}

        # Staff, by index in list order (the tie order of simultaneous calls).
        self.sviews: list[StaffView] = []
        self.staff_on_shift: list[bool] = []
        self.staff_free: list[bool] = []
        self.staff_ids: dict[str, int] = {}
        # Staff with the same skills, languages and shift end are interchangeable for a policy
        # (see policies.py), so free staff are kept per such group, in list order.
        self.group_ids: dict[tuple[tuple[str, ...], tuple[str, ...], float], int] = {}
        self.group_of: list[int] = []
        self.group_free: list[list[int]] = []
        self.group_skills: list[tuple[str, ...]] = []
        self.group_languages: list[tuple[str, ...]] = []
        # The queues of each group's skills, to tell at once whether it has anyone to call.
        self.group_queues: list[tuple[dict[int, WaitingStep], ...]] = []
        self.groups_by_service: dict[str, list[int]] = {s: [] for s in order}

        # Interpreters, by index.
        self.iviews: list[InterpreterView] = []
        self.interp_on_shift: list[bool] = []
        self.interp_free: list[bool] = []
        self.interp_ids: dict[str, int] = {}
        # When each free interpreter became free (a running number): the order of
        # `free_interp`, which policies see and which a snapshot must restore.
        self.interp_since: list[int] = []
        # Per language: the language profiles of the interpreters who speak it, and how many.
        self.profiles: dict[str, set[tuple[str, ...]]] = {}
        self.profile_counts: dict[str, int] = {}
        self.tick = 0

        self.queues: dict[str, dict[int, WaitingStep]] = {s: {} for s in order}
        self.waiting_work: dict[str, float] = dict.fromkeys(order, 0.0)
        self.needing_in_queue: dict[str, int] = dict.fromkeys(order, 0)
        # The services whose queue holds someone who needs an interpreter.
        self.needing: set[str] = set()
        self.free_count: dict[str, int] = dict.fromkeys(order, 0)
        self.on_shift: dict[str, int] = dict.fromkeys(order, 0)
        self.free_interp: dict[str, dict[int, InterpreterView]] = {}
        # Read-only views of free_interp's inner dicts, made once per language.
        self.free_interp_views: dict[str, Mapping[int, InterpreterView]] = {}
        self.interp_on: dict[str, int] = {}
        self.waiting_needing: dict[str, int] = {}
        self.escorting: dict[int, VisitorView] = {}
        # Free interpreters per language who are not walking with a visitor.
        self.free_idle: dict[str, int] = {}
        self.join_seq = 0

        # What changed since the last dispatch, for deciding whom to ask.
        self.pending: list[int] = []
        self.dirty_staff: list[int] = []
        self.triggered: set[str] = set()

        self.tally = tally
        self.series_key = {sid: n + 2 for n, sid in enumerate(order)}

        self.view = HallView(
            target_minutes=target_minutes,
            walk_minutes=walk_minutes,
            closing_time=closing_time,
            services=self.service_index,
            service_order=order,
            queues=MappingProxyType({s: MappingProxyType(q) for s, q in self.queues.items()}),
            free_interpreters=MappingProxyType(self.free_interp_views),
            waiting_work=MappingProxyType(self.waiting_work),
            staff_on_shift=MappingProxyType(self.on_shift),
            free_staff=MappingProxyType(self.free_count),
            interpreter_profiles=MappingProxyType(self.profile_counts),
            free_speakers=FreeSpeakers(
                self.group_free, self.group_languages, self.groups_by_service
            ),
            interpreters_on_shift=MappingProxyType(self.interp_on),
            waiting_needing=MappingProxyType(self.waiting_needing),
            escorting=MappingProxyType(self.escorting),
            free_unescorted=MappingProxyType(self.free_idle),
        )

    # -- resources ---------------------------------------------------------------------------

    def add_staff(
        self, id: str, skills: Sequence[str], languages: Sequence[str], start: float, end: float
    ) -> int:
        """A staff member, off shift until :meth:`staff_on`; returns their index."""
        if id in self.staff_ids:
            raise HallError(f"staff {id!r} twice")
        self._check_skills(skills)
        j = len(self.sviews)
        self.staff_ids[id] = j
        self.sviews.append(StaffView(j, id, tuple(skills), tuple(languages), start, end))
        self.staff_on_shift.append(False)
        self.staff_free.append(False)
        self.group_of.append(self._group(self.sviews[j]))
        return j

    def add_interpreter(self, id: str, languages: Sequence[str], start: float, end: float) -> int:
        """An interpreter, off shift until :meth:`interpreter_on`; returns their index."""
        if id in self.interp_ids:
            raise HallError(f"interpreter {id!r} twice")
        k = len(self.iviews)
        self.interp_ids[id] = k
        self.iviews.append(InterpreterView(k, id, tuple(languages), start, end))
        self.interp_on_shift.append(False)
        self.interp_free.append(False)
        self.interp_since.append(0)
        profile = tuple(languages)
        for lang in languages:
            known = self.profiles.setdefault(lang, set())
            known.add(profile)
            self.profile_counts[lang] = len(known)
            if lang not in self.free_interp:
                self.free_interp[lang] = {}
                self.free_interp_views[lang] = MappingProxyType(self.free_interp[lang])
                self.interp_on[lang] = 0
                self.free_idle[lang] = 0
        return k

    def add_visitor(self, plan: VisitPlan) -> int:
        """A visitor expected in the hall (not there until :meth:`arrive`); returns the index."""
        if plan.visitor_id in self.visitor_ids:
            raise HallError(f"visitor {plan.visitor_id!r} twice")
        i = len(self.plans)
        self.visitor_ids[plan.visitor_id] = i
        self.plans.append(plan)
        self.vviews.append(VisitorView(i, plan))
        self.done.append(set())
        self.entries.append([])
        self.ready_at.append(0.0)
        self.last_interp.append(-1)
        return i

    def _check_skills(self, skills: Iterable[str]) -> None:
        for s in skills:
            if s not in self.service_index:
                raise HallError(f"unknown service {s!r}")

    def _group(self, view: StaffView) -> int:
        key = (view.skills, view.languages, view.end)
        g = self.group_ids.get(key)
        if g is None:
            g = self.group_ids[key] = len(self.group_free)
            self.group_free.append([])
            self.group_skills.append(view.skills)
            self.group_languages.append(view.languages)
            self.view.free_speakers.spoken.update(view.languages)
            self.group_queues.append(tuple(self.queues[s] for s in view.skills))
            for s in view.skills:
                self.groups_by_service[s].append(g)
        return g

    # -- transitions: staff and interpreters -------------------------------------------------

    def staff_on(self, j: int, now: float) -> None:
        """Staff member ``j`` signs in at a desk and is free."""
        if self.staff_on_shift[j]:
            raise HallError(f"{self.sviews[j].id} is on shift already")
        self.staff_on_shift[j] = True
        for s in self.sviews[j].skills:
            self.on_shift[s] += 1
        self._make_free(j)

    def staff_off(self, j: int, now: float) -> None:
        """Staff member ``j`` signs off; a step they are serving still runs to its end."""
        if not self.staff_on_shift[j]:
            raise HallError(f"{self.sviews[j].id} is not on shift")
        self.staff_on_shift[j] = False
        for s in self.sviews[j].skills:
            self.on_shift[s] -= 1
        # A desk that left its visitors to this one must reconsider.
        self.triggered.update(s for s, q in self.queues.items() if q)
        if self.staff_free[j]:
            self._take_staff(j)

    def set_skills(self, j: int, skills: Sequence[str], now: float) -> None:
        """Staff member ``j`` serves ``skills`` from now on (a subset of what they can do is
        the desk officer's choice; the hall only checks that the services exist)."""
        self._check_skills(skills)
        old = self.sviews[j]
        if tuple(skills) == old.skills:
            return
        on, free = self.staff_on_shift[j], self.staff_free[j]
        if free:
            self._take_staff(j)
        if on:
            for s in old.skills:
                self.on_shift[s] -= 1
            self.triggered.update(s for s, q in self.queues.items() if q)
        new = StaffView(j, old.id, tuple(skills), old.languages, old.start, old.end)
        self.sviews[j] = new
        self.group_of[j] = self._group(new)
        if on:
            for s in new.skills:
                self.on_shift[s] += 1
        if free:
            self._make_free(j)

    def _make_free(self, j: int) -> None:
        self.staff_free[j] = True
        insort(self.group_free[self.group_of[j]], j)
        free_count = self.free_count
        for s in self.sviews[j].skills:
            free_count[s] += 1
        self.dirty_staff.append(j)

    def _take_staff(self, j: int) -> None:
        self.staff_free[j] = False
        self.group_free[self.group_of[j]].remove(j)
        free_count = self.free_count
        for s in self.sviews[j].skills:
            free_count[s] -= 1

    def interpreter_on(self, k: int, now: float) -> None:
        if self.interp_on_shift[k]:
            raise HallError(f"{self.iviews[k].id} is on shift already")
        self.interp_on_shift[k] = True
        for lang in self.iviews[k].languages:
            self.interp_on[lang] += 1
        self._interp_free_again(k)

    def interpreter_off(self, k: int, now: float) -> None:
        if not self.interp_on_shift[k]:
            raise HallError(f"{self.iviews[k].id} is not on shift")
        self.interp_on_shift[k] = False
        for lang in self.iviews[k].languages:
            self.interp_on[lang] -= 1
        if self.interp_free[k]:
            self._take_interp(k)

    def _interp_free_again(self, k: int) -> None:
        self.interp_free[k] = True
        self.tick += 1
        self.interp_since[k] = self.tick
        view = self.iviews[k]
        for lang in view.languages:
            self.free_interp[lang][k] = view
            self.free_idle[lang] += 1
        # Any queue holding a visitor who needs an interpreter may now be servable.
        self.triggered |= self.needing

    def _take_interp(self, k: int) -> None:
        self.interp_free[k] = False
        escorting = self.escorting.pop(k, None) is not None
        for lang in self.iviews[k].languages:
            del self.free_interp[lang][k]
            if not escorting:
                self.free_idle[lang] -= 1

    # -- transitions: visitors ---------------------------------------------------------------

    def arrive(self, i: int, now: float) -> None:
        """Visitor ``i`` is in the centre and ready; routed at the next dispatch."""
        state = self.vviews[i].state
        if state not in (EXPECTED, ABSENT):
            raise HallError(f"{self.plans[i].visitor_id} cannot arrive: {state}")
        if self.tally is not None:
            self.tally.change(now, LOG_CENTRE, 1)
        self._ready(i, now)

    def ready(self, i: int, now: float) -> None:
        """Visitor ``i`` walked away from a desk and can take the next steps."""
        state = self.vviews[i].state
        if state != WALKING:
            raise HallError(f"{self.plans[i].visitor_id} is not walking: {state}")
        self._ready(i, now)

    def _ready(self, i: int, now: float) -> None:
        view = self.vviews[i]
        view.state = READY
        self.ready_at[i] = now
        self.pending.append(i)
        # The interpreter walking with this visitor is now simply free.
        k = self.last_interp[i]
        if k >= 0 and self.escorting.get(k) is view:
            del self.escorting[k]
            for lang in self.iviews[k].languages:
                self.free_idle[lang] += 1

    def _route(self, i: int, policy: Policy, now: float) -> None:
        plan = self.plans[i]
        view = self.vviews[i]
        eligible = plan.eligible(self.done[i])
        chosen = policy.route(view, eligible, self.view)
        if (
            not chosen
            or chosen is not eligible
            and (any(s not in eligible for s in chosen) or len(set(chosen)) != len(chosen))
        ):
            raise PolicyError(
                f"{policy.name}: route for {plan.visitor_id} must be a non-empty subset of "
                f"{list(eligible)}, got {list(chosen)}"
            )
        self._join(i, chosen, now)

    def _join(self, i: int, services: Sequence[str], now: float) -> None:
        plan = self.plans[i]
        view = self.vviews[i]
        entries = self.entries[i]
        by_service = plan.by_service
        queues = self.queues
        waiting_work = self.waiting_work
        seq = self.join_seq
        for s in services:
            ps = by_service[s]
            seq += 1
            w = WaitingStep(view, s, ps.expected_minutes, ps.tail_minutes, now, seq)
            queues[s][i] = w
            entries.append(w)
            waiting_work[s] += ps.expected_minutes
        self.join_seq = seq
        self.triggered.update(services)
        if plan.needs_interpreter:
            needing_in_queue = self.needing_in_queue
            for s in services:
                needing_in_queue[s] += 1
            self.needing.update(services)
            self.waiting_needing[plan.language] = self.waiting_needing.get(plan.language, 0) + 1
            # A policy may have kept an interpreter for this visitor while they walked; now
            # that they are here, desks that were refused that interpreter may try again.
            self.triggered |= self.needing
        view.state = WAITING
        view.queued = tuple(w.service for w in entries)
        tally = self.tally
        if tally is not None:
            series_key = self.series_key
            for s in services:
                tally.change(now, series_key[s], 1)
            tally.change(now, LOG_WAITING, 1)

    def _leave_queues(self, i: int, now: float) -> None:
        plan = self.plans[i]
        queues = self.queues
        waiting_work = self.waiting_work
        entries = self.entries[i]
        for w in entries:
            del queues[w.service][i]
            waiting_work[w.service] -= w.expected_minutes
        if plan.needs_interpreter:
            needing_in_queue = self.needing_in_queue
            for w in entries:
                s = w.service
                needing_in_queue[s] -= 1
                if not needing_in_queue[s]:
                    self.needing.discard(s)
            self.waiting_needing[plan.language] -= 1
        tally = self.tally
        if tally is not None:
            series_key = self.series_key
            for w in entries:
                tally.change(now, series_key[w.service], -1)
            tally.change(now, LOG_WAITING, -1)
        self.entries[i] = []
        self.vviews[i].queued = ()

    def call(self, j: int, call: Call, now: float, policy_name: str = "") -> Called:
        """Free staff member ``j`` calls the waiting visitor of ``call.step``; checked against
        the rules (a :class:`PolicyError` names what is wrong)."""
        step = call.step
        staff = self.sviews[j]
        i = step.visitor.index
        s = step.service
        name = policy_name or "call"
        if not self.staff_free[j]:
            raise PolicyError(f"{name}: {staff.id} is not free")
        if s not in staff.skills:
            raise PolicyError(f"{name}: {staff.id} cannot serve {s}")
        if self.queues[s].get(i) is not step:
            raise PolicyError(f"{name}: {step!r} is not waiting")
        plan = self.plans[i]
        k = -1
        interp = call.interpreter
        # A staff member who speaks the visitor's language needs no interpreter.
        if plan.needs_interpreter and plan.language not in staff.languages:
            if interp is None:
                raise PolicyError(f"{name}: {plan.visitor_id} needs an interpreter")
            if self.free_interp.get(plan.language, {}).get(interp.index) is not interp:
                raise PolicyError(
                    f"{name}: interpreter {interp.id} is not free for {plan.language}"
                )
            k = interp.index
        elif interp is not None:
            raise PolicyError(f"{name}: {plan.visitor_id} needs no interpreter")

        self._leave_queues(i, now)
        self._take_staff(j)
        if k >= 0:
            self._take_interp(k)
        self.last_interp[i] = k
        self.serving[i] = (j, s, k)
        self.vviews[i].state = CALLED
        return Called(j, i, s, k)

    def start(self, i: int, now: float) -> None:
        """The called visitor ``i`` is at the desk."""
        if self.vviews[i].state != CALLED:
            raise HallError(f"{self.plans[i].visitor_id} was not called")
        self.vviews[i].state = AT_DESK

    def end_step(self, i: int, now: float) -> bool:
        """Visitor ``i``'s step is done; staff and interpreter are free again (if on shift).
        True if that was the visitor's last step."""
        view = self.vviews[i]
        if view.state != AT_DESK:
            raise HallError(f"{self.plans[i].visitor_id} is not at a desk")
        j, service, k = self.serving.pop(i)
        # Nobody starts a step at the moment their shift ends, so a step ending then frees
        # no one.
        if self.staff_on_shift[j] and now < self.sviews[j].end:
            self._make_free(j)
        interp_stays = k >= 0 and self.interp_on_shift[k] and now < self.iviews[k].end
        if interp_stays:
            self._interp_free_again(k)
        self.done[i].add(service)
        view.completed = (*view.completed, service)
        view.remaining_steps -= 1
        if view.remaining_steps == 0:
            view.remaining_minutes = 0.0
            view.state = DONE
            if self.tally is not None:
                self.tally.change(now, LOG_CENTRE, -1)
            return True
        view.remaining_minutes -= (
            self.plans[i].by_service[service].expected_minutes + self.walk_minutes
        )
        if interp_stays:
            # Policies may keep the interpreter for this visitor while they walk on.
            self.escorting[k] = view
            for lang in self.iviews[k].languages:
                self.free_idle[lang] -= 1
        view.state = WALKING
        return False

    def no_show(self, i: int, now: float) -> None:
        """Visitor ``i`` was called and did not come: the desk (and interpreter) are free and
        the visitor is set aside, their step not done, until they :meth:`arrive` again."""
        if self.vviews[i].state != CALLED:
            raise HallError(f"{self.plans[i].visitor_id} was not called")
        self._release(i, now)

    def set_aside(self, i: int, now: float) -> None:
        """Visitor ``i``'s step at a desk is not finished and cannot be now (a document must be
        printed first, say): the desk (and interpreter) are free, and the visitor is set aside,
        their step not done, until they :meth:`arrive` again."""
        view = self.vviews[i]
        if view.state != AT_DESK:
            raise HallError(f"{self.plans[i].visitor_id} is not at a desk")
        self._release(i, now)

    def take_back(self, i: int, j: int, service: str, interpreter: int, now: float) -> Called:
        """Visitor ``i``, set aside while at staff member ``j``'s desk for ``service`` (parked:
        filling in a form, say), is called back to that desk, with ``interpreter`` (-1 for
        none). The desk began the step, so it need not serve the service any more."""
        view = self.vviews[i]
        plan = self.plans[i]
        if view.state != ABSENT:
            raise HallError(f"{plan.visitor_id} is not set aside: {view.state}")
        if service not in plan.by_service or service in self.done[i]:
            raise HallError(f"{plan.visitor_id} has no open step {service}")
        if not self.staff_free[j]:
            raise HallError(f"{self.sviews[j].id} is not free")
        if interpreter >= 0:
            if self.free_interp.get(plan.language, {}).get(interpreter) is None:
                raise HallError(f"interpreter {interpreter} is not free for {plan.language}")
        elif plan.needs_interpreter and plan.language not in self.sviews[j].languages:
            raise HallError(f"{plan.visitor_id} needs an interpreter")
        if self.tally is not None:
            self.tally.change(now, LOG_CENTRE, 1)
        self._take_staff(j)
        if interpreter >= 0:
            self._take_interp(interpreter)
        self.last_interp[i] = interpreter
        self.serving[i] = (j, service, interpreter)
        view.state = CALLED
        return Called(j, i, service, interpreter)

    def add_services(self, i: int, services: Sequence[str], now: float) -> list[str]:
        """Visitor ``i``, at a desk, needs these services too (the desk forwards them): their
        plan grows, in the day's order with the prerequisites among their services, and the new
        steps are routed when the visitor is next ready. Returns the services that were new."""
        view = self.vviews[i]
        if view.state != AT_DESK:
            raise HallError(f"{self.plans[i].visitor_id} is not at a desk")
        self._check_skills(services)
        plan = self.plans[i]
        new = [s for s in dict.fromkeys(services) if s not in plan.by_service]
        if not new:
            return []
        steps = plan_steps(
            {*plan.by_service, *new}, plan.party_size, self.services, self.walk_minutes
        )
        grown = plan.with_steps(steps)
        self.plans[i] = grown
        view.plan = grown
        self._recount(i)
        return new

    def _gone(self, visitor_id: str) -> VisitPlan:
        """The plan of a visitor who has left, as a snapshot keeps them: no steps."""
        return VisitPlan(
            visitor_id=visitor_id,
            arrival=0.0,
            party_size=1,
            language="",
            needs_interpreter=False,
            appointment=None,
            priority=0.0,
            steps=(),
            walk_minutes=self.walk_minutes,
        )

    def _recount(self, i: int) -> None:
        """Visitor ``i``'s remaining steps and expected minutes from their plan and the steps
        done: the whole plan less each step done with its walk, subtracted in the order done
        (as :meth:`end_step` keeps them, so the floats agree to the last digit)."""
        view = self.vviews[i]
        plan = self.plans[i]
        view.remaining_steps = len(plan.steps) - len(view.completed)
        if view.remaining_steps == 0:
            view.remaining_minutes = 0.0
            return
        remaining = plan.expected_lower_bound()
        for s in view.completed:
            remaining -= plan.by_service[s].expected_minutes + self.walk_minutes
        view.remaining_minutes = remaining

    def _release(self, i: int, now: float) -> None:
        view = self.vviews[i]
        j, _, k = self.serving.pop(i)
        if self.staff_on_shift[j] and now < self.sviews[j].end:
            self._make_free(j)
        if k >= 0 and self.interp_on_shift[k] and now < self.iviews[k].end:
            self._interp_free_again(k)
        self.last_interp[i] = -1
        view.state = ABSENT
        if self.tally is not None:
            self.tally.change(now, LOG_CENTRE, -1)

    # -- asking desks --------------------------------------------------------------------------

    def touch(self) -> None:
        """Mark every free desk to be asked at the next dispatch, as if each had just become
        free (for a hall built from a snapshot that wants every desk asked once)."""
        self.dirty_staff.extend(j for j, free in enumerate(self.staff_free) if free)

    @property
    def has_news(self) -> bool:
        """Something happened since the last dispatch that may lead to a call."""
        return bool(self.pending or self.dirty_staff or self.triggered)

    # -- snapshots ---------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The hall's state as plain JSON-ready data (see :meth:`from_snapshot`)."""
        if self.pending:
            raise HallError("dispatch before taking a snapshot: visitors are not routed yet")
        staff_state = []
        for j, v in enumerate(self.sviews):
            staff_state.append(
                {
                    "id": v.id,
                    "skills": list(v.skills),
                    "languages": list(v.languages),
                    "from": v.start,
                    "to": v.end,
                    "on_shift": self.staff_on_shift[j],
                    "free": self.staff_free[j],
                }
            )
        escorts = {k: view.index for k, view in self.escorting.items()}
        interpreters = []
        for k, x in enumerate(self.iviews):
            interpreters.append(
                {
                    "id": x.id,
                    "languages": list(x.languages),
                    "from": x.start,
                    "to": x.end,
                    "on_shift": self.interp_on_shift[k],
                    "free": self.interp_free[k],
                    "free_since": self.interp_since[k] if self.interp_free[k] else None,
                    "escorting": (self.plans[escorts[k]].visitor_id if k in escorts else None),
                }
            )
        visitors: list[dict[str, Any]] = []
        for i, plan in enumerate(self.plans):
            view = self.vviews[i]
            if view.state == DONE:
                # Nothing of a visitor who has left can matter to a decision: they are kept by
                # id only (so indices stay), and a long day's snapshot grows by little per
                # visitor done.
                visitors.append({"id": plan.visitor_id, "state": DONE})
                continue
            serving = self.serving.get(i)
            k = self.last_interp[i]
            visitors.append(
                {
                    "id": plan.visitor_id,
                    "arrival": plan.arrival,
                    "party_size": plan.party_size,
                    "language": plan.language,
                    "needs_interpreter": plan.needs_interpreter,
                    "services": list(plan.services),
                    "appointment": plan.appointment,
                    "priority": plan.priority,
                    "state": view.state,
                    "completed": list(view.completed),
                    "ready_at": self.ready_at[i],
                    "queues": [
                        {"service": w.service, "since": w.since, "seq": w.seq}
                        for w in self.entries[i]
                    ],
                    "desk": (
                        None
                        if serving is None
                        else {
                            "staff": self.sviews[serving[0]].id,
                            "service": serving[1],
                            "interpreter": None if serving[2] < 0 else self.iviews[serving[2]].id,
                        }
                    ),
                    "last_interpreter": None if k < 0 else self.iviews[k].id,
                }
            )
        return {
            "format": SNAPSHOT_FORMAT,
            "now": self.now,
            "target_minutes": self.target_minutes,
            "walk_minutes": self.walk_minutes,
            "closing_time": self.closing_time,
            "join_seq": self.join_seq,
            "tick": self.tick,
            "services": [service_to_dict(s) for s in self.services],
            "staff": staff_state,
            "interpreters": interpreters,
            "visitors": visitors,
        }

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any], *, tally: Tally | None = None) -> Hall:
        """A hall equal to the one whose :meth:`snapshot` gave ``data``.

        Every derived count is recomputed from the rows, and every order a policy can see is
        restored from the running numbers (queue joins, interpreters becoming free), so the
        next decision is the one the original hall would make."""
        services = parse_services(list(data["services"]))
        hall = cls(
            services=services,
            target_minutes=float(data["target_minutes"]),
            walk_minutes=float(data["walk_minutes"]),
            closing_time=float(data["closing_time"]),
            tally=tally,
        )
        hall.now = float(data["now"])
        for row in data["staff"]:
            j = hall.add_staff(row["id"], row["skills"], row["languages"], row["from"], row["to"])
            if row["on_shift"]:
                hall.staff_on_shift[j] = True
                for s in hall.sviews[j].skills:
                    hall.on_shift[s] += 1
            if row["free"]:
                hall.staff_free[j] = True
                hall.group_free[hall.group_of[j]].append(j)  # rows come in index order
                for s in hall.sviews[j].skills:
                    hall.free_count[s] += 1
        for row in data["interpreters"]:
            k = hall.add_interpreter(row["id"], row["languages"], row["from"], row["to"])
            if row["on_shift"]:
                hall.interp_on_shift[k] = True
                for lang in row["languages"]:
                    hall.interp_on[lang] += 1
        free = sorted(
            (row["free_since"], hall.interp_ids[row["id"]])
            for row in data["interpreters"]
            if row["free"]
        )
        for since, k in free:
            hall.interp_free[k] = True
            hall.interp_since[k] = since
            for lang in hall.iviews[k].languages:
                hall.free_interp[lang][k] = hall.iviews[k]
                hall.free_idle[lang] += 1
        service_index = hall.service_index
        cache: dict[tuple[tuple[str, ...], int], Any] = {}
        joins: list[tuple[int, int, str, float]] = []
        for row in data["visitors"]:
            if row["state"] == DONE and "services" not in row:
                i = hall.add_visitor(hall._gone(row["id"]))
                hall.vviews[i].state = DONE
                hall._recount(i)
                continue
            key = (tuple(row["services"]), int(row["party_size"]))
            steps = cache.get(key)
            if steps is None:
                steps = cache[key] = plan_steps(
                    set(row["services"]), key[1], hall.services, hall.walk_minutes
                )
            plan = VisitPlan(
                visitor_id=row["id"],
                arrival=float(row["arrival"]),
                party_size=int(row["party_size"]),
                language=row["language"],
                needs_interpreter=bool(row["needs_interpreter"]),
                appointment=row["appointment"],
                priority=float(row["priority"]),
                steps=steps,
                walk_minutes=hall.walk_minutes,
            )
            i = hall.add_visitor(plan)
            view = hall.vviews[i]
            view.state = row["state"]
            for s in row["completed"]:
                if s not in service_index:
                    raise HallError(f"unknown service {s!r}")
                hall.done[i].add(s)
                view.completed = (*view.completed, s)
            hall._recount(i)
            hall.ready_at[i] = float(row["ready_at"])
            last = row["last_interpreter"]
            hall.last_interp[i] = -1 if last is None else hall.interp_ids[last]
            desk = row["desk"]
            if desk is not None:
                k = -1 if desk["interpreter"] is None else hall.interp_ids[desk["interpreter"]]
                hall.serving[i] = (hall.staff_ids[desk["staff"]], desk["service"], k)
            for q in row["queues"]:
                joins.append((int(q["seq"]), i, q["service"], float(q["since"])))
        # Queues iterate in join order, as they did in the hall that took the snapshot.
        for seq, i, s, since in sorted(joins):
            plan = hall.plans[i]
            ps = plan.by_service[s]
            w = WaitingStep(hall.vviews[i], s, ps.expected_minutes, ps.tail_minutes, since, seq)
            hall.queues[s][i] = w
            hall.entries[i].append(w)
            hall.waiting_work[s] += ps.expected_minutes
            if plan.needs_interpreter:
                hall.needing_in_queue[s] += 1
                hall.needing.add(s)
        for i, plan in enumerate(hall.plans):
            hall.vviews[i].queued = tuple(w.service for w in hall.entries[i])
            if plan.needs_interpreter and hall.entries[i]:
                lang = plan.language
                hall.waiting_needing[lang] = hall.waiting_needing.get(lang, 0) + 1
        for row in data["interpreters"]:
            if row["escorting"] is not None:
                k = hall.interp_ids[row["id"]]
                hall.escorting[k] = hall.vviews[hall.visitor_ids[row["escorting"]]]
                for lang in hall.iviews[k].languages:
                    hall.free_idle[lang] -= 1
        hall.join_seq = int(data["join_seq"])
        hall.tick = int(data["tick"])
        return hall


def dispatch(hall: Hall, policy: Policy, now: float) -> list[Called]:
    """Route the visitors who became ready, then ask free staff who may call someone now.

    Candidates are the groups of staff that became free or came on shift, and the groups
    serving a queue that changed, each asked through its first free member in staff-list order.
    Within a group only the first free member is asked; if they decline, the rest of the group
    would too (see policies.py), so the group is done for this pass. If anyone called in a pass,
    the groups that declined are asked again in another pass, until a pass makes no call.
    Asking more free staff than strictly needed never changes the outcome: all of them are free
    at this same moment and are asked in list order.
    """
    hall.now = now
    view = hall.view
    view.now = now
    pending = hall.pending
    if pending:
        hall.pending = []
        for i in pending:
            hall._route(i, policy, now)
    group_free = hall.group_free
    group_queues = hall.group_queues
    # Candidate groups, each with its first free member: {group: staff index}.
    cands: dict[int, int] = {}
    dirty = hall.dirty_staff
    if dirty:
        hall.dirty_staff = []
        group_of = hall.group_of
        for j in dirty:
            g = group_of[j]
            if g not in cands and group_free[g]:
                cands[g] = group_free[g][0]
    triggered = hall.triggered
    if triggered:
        hall.triggered = set()
        queues = hall.queues
        groups_by_service = hall.groups_by_service
        for s in triggered:
            if queues[s]:
                for g in groups_by_service[s]:
                    if g not in cands and group_free[g]:
                        cands[g] = group_free[g][0]
    calls: list[Called] = []
    if not cands:
        return calls
    # Few groups are candidates at a time, so a list sorted by staff index serves as the
    # priority queue.
    heap = sorted((j, g) for g, j in cands.items())
    sviews = hall.sviews
    name = policy.name
    choose = policy.choose
    while True:
        declined: list[int] = []
        called = False
        while heap:
            j, g = heap.pop(0)
            for q in group_queues[g]:
                if q:
                    break
            else:
                continue
            call = choose(now, sviews[j], view)
            if call is None:
                declined.append(g)
                continue
            calls.append(hall.call(j, call, now, name))
            called = True
            members = group_free[g]
            if members:
                insort(heap, (members[0], g))
        if not (called and declined):
            break
        # A policy may decline to leave a visitor to a better-suited desk that was free at the
        # same moment; once that desk has called, ask the ones that declined again.
        heap = sorted((group_free[g][0], g) for g in declined if group_free[g])
    return calls
