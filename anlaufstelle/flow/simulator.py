"""Deterministic discrete-event simulation of one day under a dispatch policy.

The rules are those of ``shared/scenarios/README.md``. Where the README leaves a choice open,
this module decides as follows:

- Times are rounded to 1e-9 minutes when events are scheduled, so that sums such as
  ``0.1 + 0.2`` meet a shift boundary or a simultaneous event exactly.
- At one moment the simulator first applies everything that happens then (steps ending, visitors
  arriving or arriving from a walk, shifts starting or ending), then lets free staff call in the
  order of the ``staff`` list. A staff member whose shift ends at ``t`` cannot start at ``t``.
- An interpreter, like a staff member, must be on shift when the step starts and then stays
  for the whole step, even past the end of their shift.
- "The last shift ends" is the latest ``to`` in ``staff``. A visitor is *served* if their last
  step ended at or before that moment; a step that started earlier still runs to its end, but a
  visitor who finishes after closing counts as unserved (they had not finished when it ended).
- Figures over served visitors: mean/p50/p90/p99 time in centre, ``mean_wait_minutes``,
  ``mean_lower_bound`` and ``p90_ratio`` (so mean time − mean lower bound = mean wait).
  ``share_within_target`` is over all visitors (an unserved visitor never counts as within).
  With no served visitor those figures are 0.
- Percentiles by nearest rank: sorted values, index ``round(p × (n − 1))`` with Python's
  ``round`` (halves to even).
- Utilisation = busy minutes within the shift / on-shift minutes, summed over all staff (or all
  interpreters; 0 when there are none). Per service, ``utilisation`` = minutes of work on that
  service / on-shift minutes of every staff member who has the skill (a cross-trained person
  counts fully for each of their skills, so it is a lower estimate for pooled services).
- A visitor's steps are recorded in the order they took them; a visitor's wait in a queue
  (``queued_minutes``) is the time from becoming ready to the start of that step.
- ``appointment`` does not change the rules: a visitor is in the centre from ``arrival``. It is
  information a policy may use (the two policies here do not).
- A visitor who arrives after the last shift (or whose steps no one on shift can serve) stays
  in the queues and is unserved; the series run until every event is done.
"""

from __future__ import annotations

import heapq
import math
from bisect import insort
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any

from .plans import PlannedStep, VisitPlan, build_plan
from .policies import POLICIES, Policy, get_policy
from .scenario import Day
from .views import (
    AT_DESK,
    DONE,
    WAITING,
    WALKING,
    Call,
    HallView,
    InterpreterView,
    StaffView,
    VisitorView,
    WaitingStep,
)

SERIES_BIN_MINUTES = 15.0

# Event kinds, in the order they are applied at one moment.
_STEP_END = 0
_STAFF_OFF = 1
_INTERP_OFF = 2
_STAFF_ON = 3
_INTERP_ON = 4
_READY = 5


# Keys of the charted counts; service number n has key n + 2.
_WAITING = 0
_CENTRE = 1


class PolicyError(RuntimeError):
    """A policy answered something the rules do not allow."""


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest rank: sorted values, index round(p × (n − 1)); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[round(p * (len(ordered) - 1))]


@dataclass(frozen=True, slots=True)
class Figures:
    policy: str
    visitors: int
    served: int
    mean_minutes: float
    p50_minutes: float
    p90_minutes: float
    p99_minutes: float
    mean_wait_minutes: float
    share_within_target: float
    mean_lower_bound: float
    p90_ratio: float
    staff_utilisation: float
    interpreter_utilisation: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FIGURE_KEYS: tuple[str, ...] = tuple(Figures.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class StepRecord:
    service: str
    ready: float  # when the visitor became ready (joined the queue)
    start: float
    end: float
    staff: str
    interpreter: str | None

    @property
    def queued_minutes(self) -> float:
        return self.start - self.ready


@dataclass(frozen=True, slots=True)
class VisitorRecord:
    id: str
    arrival: float
    lower_bound: float
    served: bool
    leaving: float | None  # end of the last step, if every step was done (even after closing)
    steps: tuple[StepRecord, ...]

    @property
    def time_in_centre(self) -> float | None:
        return None if self.leaving is None else self.leaving - self.arrival

    @property
    def wait(self) -> float | None:
        t = self.time_in_centre
        return None if t is None else t - self.lower_bound


@dataclass(frozen=True, slots=True)
class ResourceRecord:
    id: str
    busy_minutes: float
    on_shift_minutes: float
    steps: int

    @property
    def utilisation(self) -> float:
        return self.busy_minutes / self.on_shift_minutes if self.on_shift_minutes else 0.0


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    id: str
    steps: int
    work_minutes: float
    capacity_minutes: float
    mean_queued_minutes: float
    max_queue: int

    @property
    def utilisation(self) -> float:
        return self.work_minutes / self.capacity_minutes if self.capacity_minutes else 0.0


@dataclass(frozen=True, slots=True)
class HourRecord:
    hour: int  # arrivals in [60·hour, 60·(hour+1)) minutes after opening
    arrivals: int
    served: int
    mean_wait_minutes: float  # over served visitors who arrived in that hour; 0 if none


@dataclass(frozen=True, slots=True)
class Series:
    """Figures over the day for charts, in bins of ``bin_minutes`` from opening."""

    bin_minutes: float
    bin_starts: tuple[float, ...]
    waiting: tuple[float, ...]  # time-averaged visitors waiting (ready, not at a desk)
    in_centre: tuple[float, ...]  # time-averaged visitors in the centre (arrived, not done)
    arrivals: tuple[int, ...]
    queue_by_service: Mapping[str, tuple[float, ...]]  # time-averaged queue length
    by_arrival_hour: tuple[HourRecord, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "bin_minutes": self.bin_minutes,
            "bin_starts": list(self.bin_starts),
            "waiting": list(self.waiting),
            "in_centre": list(self.in_centre),
            "arrivals": list(self.arrivals),
            "queue_by_service": {k: list(v) for k, v in self.queue_by_service.items()},
            "by_arrival_hour": [asdict(h) for h in self.by_arrival_hour],
        }


@dataclass(frozen=True, slots=True)
class Result:
    figures: Figures
    visitors: tuple[VisitorRecord, ...]
    services: tuple[ServiceRecord, ...]
    staff: tuple[ResourceRecord, ...]
    interpreters: tuple[ResourceRecord, ...]
    series: Series
    closing_time: float
    extra: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self, *, visitors: bool = True) -> dict[str, Any]:
        """Plain JSON-ready data (the figures, per-service and per-resource rows, series)."""
        out: dict[str, Any] = {
            "figures": self.figures.as_dict(),
            "closing_time": self.closing_time,
            "services": [dict(asdict(s), utilisation=s.utilisation) for s in self.services],
            "staff": [dict(asdict(s), utilisation=s.utilisation) for s in self.staff],
            "interpreters": [dict(asdict(s), utilisation=s.utilisation) for s in self.interpreters],
            "series": self.series.as_dict(),
        }
        if visitors:
            out["visitors"] = [
                dict(asdict(v), time_in_centre=v.time_in_centre, wait=v.wait) for v in self.visitors
            ]
        return out


class _Integrator:
    """Time-weighted average of a step function per fixed-width bin."""

    __slots__ = ("width", "sums", "value", "last")

    def __init__(self, width: float, bins: int) -> None:
        self.width = width
        self.sums = [0.0] * bins
        self.value = 0
        self.last = 0.0

    def change(self, t: float, delta: int) -> None:
        if self.value and t > self.last:
            self._add(self.last, t, self.value)
        if t > self.last:
            self.last = t
        self.value += delta

    def _add(self, a: float, b: float, value: int) -> None:
        width = self.width
        sums = self.sums
        n = len(sums)
        i = int(a // width)
        while a < b and i < n:
            edge = min(b, (i + 1) * width)
            sums[i] += value * (edge - a)
            a = edge
            i += 1

    def averages(self, end: float) -> tuple[float, ...]:
        if self.value and end > self.last:
            self._add(self.last, end, self.value)
            self.last = end
        return tuple(round(s / self.width, 4) for s in self.sums)


def _t(x: float) -> float:
    return round(x, 9)


def simulate(day: Day, policy: Policy) -> Result:
    """Replay the day under the policy; deterministic for a given day and policy."""
    return _Simulation(day, policy).run()


def compare_policies(day: Day, names: Sequence[str] | None = None) -> dict[str, Result]:
    """Simulate the day under each named policy (default: every registered one), in order."""
    return {name: simulate(day, get_policy(name)) for name in (names or list(POLICIES))}


class _Simulation:
    def __init__(self, day: Day, policy: Policy) -> None:
        self.day = day
        self.policy = policy
        self.closing = day.closing_time
        order = tuple(s.id for s in day.services)
        self.order = order
        nv = len(day.visitors)
        cache: dict[tuple[tuple[str, ...], int], tuple[PlannedStep, ...]] = {}
        self.plans: list[VisitPlan] = [build_plan(v, day, cache) for v in day.visitors]
        self.vviews = [VisitorView(i, p) for i, p in enumerate(self.plans)]
        # Real minutes, kept here and never handed to the policy.
        self.real: list[Mapping[str, float]] = [v.steps for v in day.visitors]
        self.done: list[set[str]] = [set() for _ in range(nv)]
        self.entries: list[list[WaitingStep]] = [[] for _ in range(nv)]
        self.ready_at = [0.0] * nv
        # (service, ready, start, end, staff id, interpreter id): records are built at the end.
        self.paths: list[list[tuple[str, float, float, float, str, str | None]]] = [
            [] for _ in range(nv)
        ]
        self.leaving: list[float | None] = [None] * nv

        self.sviews = [
            StaffView(i, s.id, s.skills, s.languages, s.start, s.end)
            for i, s in enumerate(day.staff)
        ]
        self.iviews = [
            InterpreterView(i, x.id, x.languages, x.start, x.end)
            for i, x in enumerate(day.interpreters)
        ]
        self.staff_busy = [0.0] * len(day.staff)
        self.staff_steps = [0] * len(day.staff)
        self.staff_free = [False] * len(day.staff)
        self.interp_busy = [0.0] * len(day.interpreters)
        self.interp_steps = [0] * len(day.interpreters)
        self.interp_free = [False] * len(day.interpreters)

        self.queues: dict[str, dict[int, WaitingStep]] = {s: {} for s in order}
        self.waiting_work: dict[str, float] = dict.fromkeys(order, 0.0)
        self.needing_in_queue: dict[str, int] = dict.fromkeys(order, 0)
        # Staff with the same skills, languages and shift end are interchangeable for a policy
        # (see policies.py), so free staff are kept per such group, in list order.
        group_ids: dict[tuple[tuple[str, ...], tuple[str, ...], float], int] = {}
        self.group_of = [
            group_ids.setdefault((s.skills, s.languages, s.end), len(group_ids)) for s in day.staff
        ]
        self.group_free: list[list[int]] = [[] for _ in group_ids]
        self.group_skills: list[tuple[str, ...]] = [k[0] for k in group_ids]
        self.groups_by_service: dict[str, list[int]] = {s: [] for s in order}
        for key, g in group_ids.items():
            for sk in key[0]:
                self.groups_by_service[sk].append(g)
        self.last_interp = [-1] * nv
        self.free_count: dict[str, int] = dict.fromkeys(order, 0)
        self.on_shift: dict[str, int] = dict.fromkeys(order, 0)
        languages = sorted({lang for x in day.interpreters for lang in x.languages})
        self.free_interp: dict[str, dict[int, InterpreterView]] = {lang: {} for lang in languages}
        self.interp_on: dict[str, int] = dict.fromkeys(languages, 0)
        self.waiting_needing: dict[str, int] = {}
        self.escorting: dict[int, VisitorView] = {}
        # Free interpreters per language who are not walking with a visitor.
        self.free_idle: dict[str, int] = dict.fromkeys(languages, 0)

        self.hall = HallView(
            target_minutes=day.target_minutes,
            walk_minutes=day.walk_minutes,
            closing_time=self.closing,
            services=day.service_index,
            service_order=order,
            queues=MappingProxyType({s: MappingProxyType(q) for s, q in self.queues.items()}),
            free_interpreters=MappingProxyType(
                {lang: MappingProxyType(d) for lang, d in self.free_interp.items()}
            ),
            waiting_work=MappingProxyType(self.waiting_work),
            staff_on_shift=MappingProxyType(self.on_shift),
            free_staff=MappingProxyType(self.free_count),
            interpreters_on_shift=MappingProxyType(self.interp_on),
            waiting_needing=MappingProxyType(self.waiting_needing),
            escorting=MappingProxyType(self.escorting),
            free_unescorted=MappingProxyType(self.free_idle),
        )

        self.service_steps = dict.fromkeys(order, 0)
        self.service_work = dict.fromkeys(order, 0.0)
        self.service_queued = dict.fromkeys(order, 0.0)
        self.max_queue = dict.fromkeys(order, 0)

        horizon = max([day.opening_minutes, self.closing] + [v.arrival for v in day.visitors])
        self.bins = max(1, math.ceil(horizon / SERIES_BIN_MINUTES))
        # Changes of the charted counts as (time, key, delta), integrated once at the end:
        # appending is cheaper than integrating at every event.
        self.changes: list[tuple[float, int, int]] = []
        self.series_key = {sid: n + 2 for n, sid in enumerate(order)}

        self.heap: list[tuple[float, int, int, int, int, int]] = []
        self.seq = 0
        self.join_seq = 0
        # What changed at the current moment, for deciding whom to ask.
        self.dirty_staff: list[int] = []
        self.triggered: set[str] = set()

    # -- events ----------------------------------------------------------------------------

    def push(self, t: float, kind: int, a: int, b: int = -1, c: int = -1) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (_t(t), kind, self.seq, a, b, c))

    def run(self) -> Result:
        day = self.day
        for i, v in enumerate(day.visitors):
            self.push(v.arrival, _READY, i)
        for j, s in enumerate(day.staff):
            self.push(s.start, _STAFF_ON, j)
            self.push(s.end, _STAFF_OFF, j)
        for k, x in enumerate(day.interpreters):
            self.push(x.start, _INTERP_ON, k)
            self.push(x.end, _INTERP_OFF, k)
        heap = self.heap
        pop = heapq.heappop
        while heap:
            now = heap[0][0]
            self.hall.now = now
            while heap and heap[0][0] == now:
                _, kind, _, a, b, c = pop(heap)
                if kind == _STEP_END:
                    self.step_end(now, a, b, c)
                elif kind == _READY:
                    self.ready(now, a)
                elif kind == _STAFF_ON:
                    self.staff_on(a)
                elif kind == _STAFF_OFF:
                    self.staff_off(a)
                elif kind == _INTERP_ON:
                    self.interp_on_shift(a)
                else:
                    self.interp_off(a)
            if self.dirty_staff or self.triggered:
                self.dispatch(now)
        return self.result()

    def staff_on(self, j: int) -> None:
        for s in self.sviews[j].skills:
            self.on_shift[s] += 1
        self.make_free(j)

    def staff_off(self, j: int) -> None:
        for s in self.sviews[j].skills:
            self.on_shift[s] -= 1
        # A desk that left its visitors to this one must reconsider.
        self.triggered.update(s for s, q in self.queues.items() if q)
        if self.staff_free[j]:
            self.staff_free[j] = False
            self.group_free[self.group_of[j]].remove(j)
            for s in self.sviews[j].skills:
                self.free_count[s] -= 1

    def make_free(self, j: int) -> None:
        self.staff_free[j] = True
        insort(self.group_free[self.group_of[j]], j)
        for s in self.sviews[j].skills:
            self.free_count[s] += 1
        self.dirty_staff.append(j)

    def interp_on_shift(self, k: int) -> None:
        for lang in self.iviews[k].languages:
            self.interp_on[lang] += 1
        self.interp_free_again(k)

    def interp_free_again(self, k: int) -> None:
        self.interp_free[k] = True
        view = self.iviews[k]
        for lang in view.languages:
            self.free_interp[lang][k] = view
            self.free_idle[lang] += 1
        # Any queue holding a visitor who needs an interpreter may now be servable.
        for s, n in self.needing_in_queue.items():
            if n:
                self.triggered.add(s)

    def interp_off(self, k: int) -> None:
        for lang in self.iviews[k].languages:
            self.interp_on[lang] -= 1
        if self.interp_free[k]:
            self.interp_free[k] = False
            escorting = self.escorting.pop(k, None) is not None
            for lang in self.iviews[k].languages:
                del self.free_interp[lang][k]
                if not escorting:
                    self.free_idle[lang] -= 1

    def ready(self, now: float, i: int) -> None:
        plan = self.plans[i]
        done = self.done[i]
        if len(done) == 0:
            self.changes.append((now, _CENTRE, 1))
        eligible = plan.eligible(done)
        view = self.vviews[i]
        chosen = self.policy.route(view, eligible, self.hall)
        if (
            not chosen
            or chosen is not eligible
            and (any(s not in eligible for s in chosen) or len(set(chosen)) != len(chosen))
        ):
            raise PolicyError(
                f"{self.policy.name}: route for {plan.visitor_id} must be a non-empty subset of "
                f"{list(eligible)}, got {list(chosen)}"
            )
        self.ready_at[i] = now
        k = self.last_interp[i]
        if k >= 0 and self.escorting.get(k) is view:
            del self.escorting[k]
            for lang in self.iviews[k].languages:
                self.free_idle[lang] += 1
        entries = self.entries[i]
        needs = plan.needs_interpreter
        by_service = plan.by_service
        series_key = self.series_key
        for s in chosen:
            ps = by_service[s]
            self.join_seq += 1
            w = WaitingStep(view, s, ps.expected_minutes, ps.tail_minutes, now, self.join_seq)
            q = self.queues[s]
            q[i] = w
            entries.append(w)
            self.waiting_work[s] += ps.expected_minutes
            if needs:
                self.needing_in_queue[s] += 1
            self.changes.append((now, series_key[s], 1))
            if len(q) > self.max_queue[s]:
                self.max_queue[s] = len(q)
            self.triggered.add(s)
        if needs:
            self.waiting_needing[plan.language] = self.waiting_needing.get(plan.language, 0) + 1
            # A policy may have kept an interpreter for this visitor while they walked; now
            # that they are here, desks that were refused that interpreter may try again.
            for s, n in self.needing_in_queue.items():
                if n:
                    self.triggered.add(s)
        view.state = WAITING
        self.changes.append((now, _WAITING, 1))

    def step_end(self, now: float, i: int, j: int, k: int) -> None:
        staff = self.sviews[j]
        if now < staff.end:
            self.make_free(j)
        if k >= 0:
            interp = self.iviews[k]
            if now < interp.end:
                self.interp_free_again(k)
        view = self.vviews[i]
        service = self.paths[i][-1][0]
        view.completed = (*view.completed, service)
        view.remaining_steps -= 1
        if view.remaining_steps == 0:
            view.remaining_minutes = 0.0
        else:
            view.remaining_minutes -= (
                self.plans[i].by_service[service].expected_minutes + self.day.walk_minutes
            )
            if k >= 0 and now < self.iviews[k].end:
                self.escorting[k] = view
                for lang in self.iviews[k].languages:
                    self.free_idle[lang] -= 1
        if view.remaining_steps == 0:
            view.state = DONE
            self.leaving[i] = now
            self.changes.append((now, _CENTRE, -1))
        else:
            view.state = WALKING
            self.push(now + self.day.walk_minutes, _READY, i)

    # -- dispatch --------------------------------------------------------------------------

    def dispatch(self, now: float) -> None:
        """Ask free staff, in list order, who may call someone now.

        Candidates are the groups of staff that became free or came on shift, and the groups
        serving a queue that changed. Within a group only the first free member is asked; if
        they decline, the rest of the group would too (see policies.py), so the group is done
        for this pass. If anyone called in a pass, the groups that declined are asked again in
        another pass, until a pass makes no call. Asking more free staff than strictly needed
        never changes the outcome: all of them are free at this same moment and are asked in
        list order.
        """
        dirty = self.dirty_staff
        triggered = self.triggered
        self.dirty_staff = []
        self.triggered = set()
        queues = self.queues
        group_free = self.group_free
        group_skills = self.group_skills
        heap: list[tuple[int, int]] = []
        seen: set[int] = set()
        for j in dirty:
            g = self.group_of[j]
            if g not in seen:
                seen.add(g)
                if group_free[g]:
                    heap.append((group_free[g][0], g))
        for s in triggered:
            if queues[s]:
                for g in self.groups_by_service[s]:
                    if g not in seen:
                        seen.add(g)
                        if group_free[g]:
                            heap.append((group_free[g][0], g))
        heapq.heapify(heap)
        sviews = self.sviews
        hall = self.hall
        policy = self.policy
        while True:
            declined: list[int] = []
            called = False
            while heap:
                j, g = heapq.heappop(heap)
                if not any(queues[s] for s in group_skills[g]):
                    continue
                call = policy.choose(now, sviews[j], hall)
                if call is None:
                    declined.append(g)
                    continue
                self.start(now, j, call)
                called = True
                members = group_free[g]
                if members:
                    heapq.heappush(heap, (members[0], g))
            if not (called and declined):
                break
            # A policy may decline to leave a visitor to a better-suited desk that was free at
            # the same moment; once that desk has called, ask the ones that declined again.
            heap = [(group_free[g][0], g) for g in declined if group_free[g]]
            heapq.heapify(heap)

    def start(self, now: float, j: int, call: Call) -> None:
        step = call.step
        staff = self.sviews[j]
        i = step.visitor.index
        s = step.service
        name = self.policy.name
        if s not in staff.skills:
            raise PolicyError(f"{name}: {staff.id} cannot serve {s}")
        if self.queues[s].get(i) is not step:
            raise PolicyError(f"{name}: {step!r} is not waiting")
        plan = self.plans[i]
        k = -1
        interp = call.interpreter
        if plan.needs_interpreter:
            if interp is None:
                raise PolicyError(f"{name}: {plan.visitor_id} needs an interpreter")
            if self.free_interp.get(plan.language, {}).get(interp.index) is not interp:
                raise PolicyError(
                    f"{name}: interpreter {interp.id} is not free for {plan.language}"
                )
            k = interp.index
        elif interp is not None:
            raise PolicyError(f"{name}: {plan.visitor_id} needs no interpreter")

        # The visitor leaves every queue they were in.
        for w in self.entries[i]:
            del self.queues[w.service][i]
            self.waiting_work[w.service] -= w.expected_minutes
            if plan.needs_interpreter:
                self.needing_in_queue[w.service] -= 1
            self.changes.append((now, self.series_key[w.service], -1))
        self.entries[i] = []
        self.changes.append((now, _WAITING, -1))
        if plan.needs_interpreter:
            self.waiting_needing[plan.language] -= 1

        self.staff_free[j] = False
        self.group_free[self.group_of[j]].remove(j)
        for sk in staff.skills:
            self.free_count[sk] -= 1
        minutes = self.real[i][s]
        end = _t(now + minutes)
        self.staff_busy[j] += min(end, staff.end) - now
        self.staff_steps[j] += 1
        interp_id = None
        if k >= 0:
            iv = self.iviews[k]
            self.interp_free[k] = False
            escorting = self.escorting.pop(k, None) is not None
            for lang in iv.languages:
                del self.free_interp[lang][k]
                if not escorting:
                    self.free_idle[lang] -= 1
            self.interp_busy[k] += min(end, iv.end) - now
            self.interp_steps[k] += 1
            interp_id = iv.id
        self.last_interp[i] = k

        self.done[i].add(s)
        self.vviews[i].state = AT_DESK
        self.service_steps[s] += 1
        self.service_work[s] += minutes
        self.service_queued[s] += now - self.ready_at[i]
        self.paths[i].append((s, self.ready_at[i], now, end, staff.id, interp_id))
        self.push(end, _STEP_END, i, j, k)

    # -- results ---------------------------------------------------------------------------

    def result(self) -> Result:
        day = self.day
        closing = self.closing
        walk = day.walk_minutes
        records: list[VisitorRecord] = []
        times: list[float] = []
        waits: list[float] = []
        bounds: list[float] = []
        ratios: list[float] = []
        within = 0
        for i, v in enumerate(day.visitors):
            lb = v.lower_bound(walk)
            leaving = self.leaving[i]
            served = leaving is not None and leaving <= closing + 1e-9
            steps = tuple(StepRecord(*p) for p in self.paths[i])
            records.append(VisitorRecord(v.id, v.arrival, lb, served, leaving, steps))
            if served and leaving is not None:
                t = leaving - v.arrival
                times.append(t)
                waits.append(t - lb)
                bounds.append(lb)
                ratios.append(t / lb if lb > 0 else 1.0)
                if t <= day.target_minutes + 1e-9:
                    within += 1
        n = len(day.visitors)
        served_n = len(times)

        def mean(xs: list[float]) -> float:
            return sum(xs) / len(xs) if xs else 0.0

        staff_records = tuple(
            ResourceRecord(s.id, self.staff_busy[j], s.end - s.start, self.staff_steps[j])
            for j, s in enumerate(day.staff)
        )
        interp_records = tuple(
            ResourceRecord(x.id, self.interp_busy[k], x.end - x.start, self.interp_steps[k])
            for k, x in enumerate(day.interpreters)
        )

        def utilisation(rows: tuple[ResourceRecord, ...]) -> float:
            on = sum(r.on_shift_minutes for r in rows)
            return sum(r.busy_minutes for r in rows) / on if on else 0.0

        figures = Figures(
            policy=self.policy.name,
            visitors=n,
            served=served_n,
            mean_minutes=mean(times),
            p50_minutes=percentile(times, 0.5),
            p90_minutes=percentile(times, 0.9),
            p99_minutes=percentile(times, 0.99),
            mean_wait_minutes=mean(waits),
            share_within_target=within / n if n else 0.0,
            mean_lower_bound=mean(bounds),
            p90_ratio=percentile(ratios, 0.9),
            staff_utilisation=utilisation(staff_records),
            interpreter_utilisation=utilisation(interp_records),
        )
        capacity = dict.fromkeys(self.order, 0.0)
        for s in day.staff:
            for sk in s.skills:
                capacity[sk] += s.end - s.start
        services = tuple(
            ServiceRecord(
                sid,
                self.service_steps[sid],
                self.service_work[sid],
                capacity[sid],
                self.service_queued[sid] / self.service_steps[sid]
                if self.service_steps[sid]
                else 0.0,
                self.max_queue[sid],
            )
            for sid in self.order
        )
        end = self.bins * SERIES_BIN_MINUTES
        arrivals = [0] * self.bins
        for v in day.visitors:
            arrivals[min(self.bins - 1, int(v.arrival // SERIES_BIN_MINUTES))] += 1
        hours = max(1, math.ceil(end / 60.0))
        h_arr = [0] * hours
        h_served = [0] * hours
        h_wait = [0.0] * hours
        for rec in records:
            h = min(hours - 1, int(rec.arrival // 60))
            h_arr[h] += 1
            w = rec.wait
            if rec.served and w is not None:
                h_served[h] += 1
                h_wait[h] += w
        integrators = [
            _Integrator(SERIES_BIN_MINUTES, self.bins) for _ in range(len(self.order) + 2)
        ]
        for t, key, delta in self.changes:
            integrators[key].change(t, delta)
        series = Series(
            bin_minutes=SERIES_BIN_MINUTES,
            bin_starts=tuple(b * SERIES_BIN_MINUTES for b in range(self.bins)),
            waiting=integrators[_WAITING].averages(end),
            in_centre=integrators[_CENTRE].averages(end),
            arrivals=tuple(arrivals),
            queue_by_service={s: integrators[self.series_key[s]].averages(end) for s in self.order},
            by_arrival_hour=tuple(
                HourRecord(
                    h, h_arr[h], h_served[h], h_wait[h] / h_served[h] if h_served[h] else 0.0
                )
                for h in range(hours)
            ),
        )
        return Result(
            figures=figures,
            visitors=tuple(records),
            services=services,
            staff=staff_records,
            interpreters=interp_records,
            series=series,
            closing_time=closing,
        )
