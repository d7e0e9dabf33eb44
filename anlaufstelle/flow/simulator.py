"""Deterministic discrete-event simulation of one day under a dispatch policy.

The rules are those of ``docs/day-format.md``, which also spells out the choices made here:

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
  information a policy may use (the pooled policy does, the silo policy does not).
- ``booked`` counts the visitors with an ``appointment``; ``booked_on_time`` is the share of
  them whose first step started at most ``BOOKED_ON_TIME_MINUTES`` after the later of their
  booked time and their arrival (one who never started counts as late; 0 with none booked).
  ``walk_in_mean_wait_minutes`` is the mean wait of the served visitors without one.
- A visitor who arrives after the last shift (or whose steps no one on shift can serve) stays
  in the queues and is unserved; the series run until every event is done.
"""

from __future__ import annotations

import gc
import heapq
import json
import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .hall import LOG_CENTRE, LOG_WAITING, Called, Hall, PolicyError, dispatch
from .limits import TIME_DIGITS
from .plans import PlannedStep, VisitPlan, build_plan
from .policies import POLICIES, Policy, get_policy
from .scenario import Day
from .tally import Tally

__all__ = ["PolicyError", "Result", "Figures", "simulate", "compare_policies", "percentile"]

SERIES_BIN_MINUTES = 15.0
# A booked visitor is on time if their first step starts at most this long after the later
# of their booked time and their arrival.
BOOKED_ON_TIME_MINUTES = 10.0

# Event kinds, in the order they are applied at one moment: steps end, shifts end and start,
# then visitors arrive and come back from walks (arrivals first, then walks, each in the order
# they were scheduled). Only the shift kinds need numbers; the order of the rest is that of
# the event loop.
_STAFF_OFF = 1
_INTERP_OFF = 2
_STAFF_ON = 3
_INTERP_ON = 4


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
    booked: int
    booked_on_time: float
    walk_in_mean_wait_minutes: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FIGURE_KEYS: tuple[str, ...] = tuple(Figures.__dataclass_fields__)


# The records are made once per step and per visitor: with an ``__init__`` of their own, a
# compiled simulator (flow/native.py) makes them natively instead of through the dataclass's
# generated one. They are not frozen for that reason; nothing changes them after the run.
@dataclass(slots=True, init=False)
class StepRecord:
    service: str
    ready: float  # when the visitor became ready (joined the queue)
    start: float
    end: float
    staff: str
    interpreter: str | None

    def __init__(
        self,
        service: str,
        ready: float,
        start: float,
        end: float,
        staff: str,
        interpreter: str | None,
    ) -> None:
        self.service = service
        self.ready = ready
        self.start = start
        self.end = end
        self.staff = staff
        self.interpreter = interpreter

    @property
    def queued_minutes(self) -> float:
        return self.start - self.ready


@dataclass(slots=True, init=False)
class VisitorRecord:
    id: str
    arrival: float
    lower_bound: float
    served: bool
    leaving: float | None  # end of the last step, if every step was done (even after closing)
    steps: tuple[StepRecord, ...]

    def __init__(
        self,
        id: str,
        arrival: float,
        lower_bound: float,
        served: bool,
        leaving: float | None,
        steps: tuple[StepRecord, ...],
    ) -> None:
        self.id = id
        self.arrival = arrival
        self.lower_bound = lower_bound
        self.served = served
        self.leaving = leaving
        self.steps = steps

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


def _t(x: float) -> float:
    return round(x, TIME_DIGITS)


def simulate(
    day: Day,
    policy: Policy,
    *,
    live: bool = False,
    plans: Sequence[VisitPlan] | None = None,
    visitors: bool = True,
) -> Result:
    """Replay the day under the policy; deterministic for a given day and policy.

    With ``live``, the hall is rebuilt from its JSON snapshot before every moment, as the live
    hall rebuilds it from the database for every event: slower, and the same result.
    ``plans`` (from :func:`visit_plans` of this day's visitors) saves building them again when
    the same visitors are simulated many times, as the planner does; without ``visitors`` the
    result has no per-visitor records (``Result.visitors`` is empty), only the figures, the
    per-service and per-resource rows and the series."""
    # A simulation makes hundreds of thousands of small objects and no reference cycles that
    # die before it ends, so the cycle collector's passes over them only cost time (a tenth
    # of the run on a 10,000-visitor day); it is paused and afterwards runs as before.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Simulation(day, policy, live=live, plans=plans, records=visitors).run()
    finally:
        if collecting:
            gc.enable()


def visit_plans(day: Day) -> list[VisitPlan]:
    """The visit plan of each of the day's visitors, in order."""
    cache: dict[tuple[tuple[str, ...], int], tuple[PlannedStep, ...]] = {}
    return [build_plan(v, day, cache) for v in day.visitors]


def compare_policies(day: Day, names: Sequence[str] | None = None) -> dict[str, Result]:
    """Simulate the day under each named policy (default: every registered one), in order."""
    return {name: simulate(day, get_policy(name)) for name in (names or list(POLICIES))}


class _Simulation:
    """Drives a :class:`~anlaufstelle.flow.hall.Hall` through the day: the events (arrivals,
    steps ending after their real minutes, walks, shifts) are kept here, and every decision is
    the hall's :func:`~anlaufstelle.flow.hall.dispatch`."""

    def __init__(
        self,
        day: Day,
        policy: Policy,
        *,
        live: bool = False,
        plans: Sequence[VisitPlan] | None = None,
        records: bool = True,
    ) -> None:
        self.day = day
        self.policy = policy
        self.live = live
        self.records = records
        self.closing = day.closing_time
        order = tuple(s.id for s in day.services)
        self.order = order
        nv = len(day.visitors)
        horizon = max([day.opening_minutes, self.closing] + [v.arrival for v in day.visitors])
        self.bins = max(1, math.ceil(horizon / SERIES_BIN_MINUTES))
        self.tally = Tally(len(order) + 2, SERIES_BIN_MINUTES, self.bins)
        hall = Hall(
            services=day.services,
            target_minutes=day.target_minutes,
            walk_minutes=day.walk_minutes,
            closing_time=self.closing,
            tally=self.tally,
        )
        self.hall = hall
        if plans is None:
            plans = visit_plans(day)
        elif len(plans) != nv:
            raise ValueError("plans: one per visitor of the day")
        for plan in plans:
            hall.add_visitor(plan)
        for st in day.staff:
            hall.add_staff(st.id, st.skills, st.languages, st.start, st.end)
        for x in day.interpreters:
            hall.add_interpreter(x.id, x.languages, x.start, x.end)
        # Real minutes, kept here and never handed to the hall or the policy.
        self.real: list[dict[str, float]] = [v.steps for v in day.visitors]
        # Each visitor's steps so far (kept only if the result is to have per-visitor records).
        self.paths: list[list[StepRecord]] = [[] for _ in range(nv)]
        self.leaving: list[float | None] = [None] * nv
        # When each visitor's first step started (inf: never), for booked_on_time.
        self.first_start = [math.inf] * nv
        self.staff_busy = [0.0] * len(day.staff)
        self.staff_steps = [0] * len(day.staff)
        self.interp_busy = [0.0] * len(day.interpreters)
        self.interp_steps = [0] * len(day.interpreters)
        self.service_steps = dict.fromkeys(order, 0)
        self.service_work = dict.fromkeys(order, 0.0)
        self.service_queued = dict.fromkeys(order, 0.0)

        # Steps ending: (time, order of scheduling, visitor).
        self.ends: list[tuple[float, int, int]] = []
        self.seq = 0

    def run(self) -> Result:
        """The event loop. Four streams replace one event heap: arrivals and shifts are known
        in advance (sorted once), walks all take the same minutes and so come back in the order
        they began (a FIFO), and only step ends need a heap. At one moment they are applied in
        the order of the event kinds above, each stream in its own order."""
        day = self.day
        hall = self.hall
        arrivals = [(_t(v.arrival), i) for i, v in enumerate(day.visitors)]
        arrivals.sort()
        shifts = [(_t(st.start), _STAFF_ON, j) for j, st in enumerate(day.staff)]
        shifts += [(_t(st.end), _STAFF_OFF, j) for j, st in enumerate(day.staff)]
        shifts += [(_t(x.start), _INTERP_ON, k) for k, x in enumerate(day.interpreters)]
        shifts += [(_t(x.end), _INTERP_OFF, k) for k, x in enumerate(day.interpreters)]
        shifts.sort()
        n_arrivals, n_shifts = len(arrivals), len(shifts)
        a_next = s_next = 0
        ends = self.ends
        walks: deque[tuple[float, int]] = deque()
        pop = heapq.heappop
        policy = self.policy
        walk = day.walk_minutes
        leaving = self.leaving
        inf = math.inf
        while True:
            now = ends[0][0] if ends else inf
            if a_next < n_arrivals and arrivals[a_next][0] < now:
                now = arrivals[a_next][0]
            if s_next < n_shifts and shifts[s_next][0] < now:
                now = shifts[s_next][0]
            if walks and walks[0][0] < now:
                now = walks[0][0]
            if now == inf:
                break
            if self.live:
                hall = self.hall = self.rebuilt(hall)
            while ends and ends[0][0] == now:
                i = pop(ends)[2]
                if hall.end_step(i, now):
                    leaving[i] = now
                else:
                    walks.append((round(now + walk, 9), i))
            while s_next < n_shifts and shifts[s_next][0] == now:
                _, kind, a = shifts[s_next]
                s_next += 1
                if kind == _STAFF_OFF:
                    hall.staff_off(a, now)
                elif kind == _INTERP_OFF:
                    hall.interpreter_off(a, now)
                elif kind == _STAFF_ON:
                    hall.staff_on(a, now)
                else:
                    hall.interpreter_on(a, now)
            while a_next < n_arrivals and arrivals[a_next][0] == now:
                hall.arrive(arrivals[a_next][1], now)
                a_next += 1
            while walks and walks[0][0] == now:
                hall.ready(walks.popleft()[1], now)
            if hall.pending or hall.dirty_staff or hall.triggered:
                for called in dispatch(hall, policy, now):
                    self.start(now, called)
        return self.result()

    @staticmethod
    def rebuilt(hall: Hall) -> Hall:
        snapshot = json.loads(json.dumps(hall.snapshot(), allow_nan=False))
        return Hall.from_snapshot(snapshot, tally=hall.tally)

    def start(self, now: float, called: Called) -> None:
        hall = self.hall
        j, i, s, k = called.staff, called.visitor, called.service, called.interpreter
        hall.start(i, now)
        staff = hall.sviews[j]
        minutes = self.real[i][s]
        end = round(now + minutes, 9)  # as _t, inline on the hot path
        self.staff_busy[j] += min(end, staff.end) - now
        self.staff_steps[j] += 1
        interp_id = None
        if k >= 0:
            iv = hall.iviews[k]
            self.interp_busy[k] += min(end, iv.end) - now
            self.interp_steps[k] += 1
            interp_id = iv.id
        ready = hall.ready_at[i]
        if now < self.first_start[i]:
            self.first_start[i] = now
        self.service_steps[s] += 1
        self.service_work[s] += minutes
        self.service_queued[s] += now - ready
        if self.records:
            self.paths[i].append(StepRecord(s, ready, now, end, staff.id, interp_id))
        self.seq += 1
        heapq.heappush(self.ends, (end, self.seq, i))

    # -- results ---------------------------------------------------------------------------

    def result(self) -> Result:
        day = self.day
        closing = self.closing
        walk = day.walk_minutes
        records: list[VisitorRecord] = []
        keep = self.records
        # Per visitor: time in the centre if served (else None), and the lower bound.
        served_times: list[float | None] = []
        lower_bounds: list[float] = []
        times: list[float] = []
        waits: list[float] = []
        bounds: list[float] = []
        ratios: list[float] = []
        within = 0
        booked = on_time = 0
        walk_in_waits: list[float] = []
        for i, v in enumerate(day.visitors):
            lb = v.lower_bound(walk)
            leaving = self.leaving[i]
            served = leaving is not None and leaving <= closing + 1e-9
            if keep:
                steps = tuple(self.paths[i])
                records.append(VisitorRecord(v.id, v.arrival, lb, served, leaving, steps))
            lower_bounds.append(lb)
            if served and leaving is not None:
                t = leaving - v.arrival
                served_times.append(t)
                times.append(t)
                waits.append(t - lb)
                bounds.append(lb)
                ratios.append(t / lb if lb > 0 else 1.0)
                if t <= day.target_minutes + 1e-9:
                    within += 1
                if v.appointment is None:
                    walk_in_waits.append(t - lb)
            else:
                served_times.append(None)
            if v.appointment is not None:
                booked += 1
                due = max(v.appointment, v.arrival) + BOOKED_ON_TIME_MINUTES
                if self.first_start[i] <= due + 1e-9:
                    on_time += 1
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
            booked=booked,
            booked_on_time=on_time / booked if booked else 0.0,
            walk_in_mean_wait_minutes=mean(walk_in_waits),
        )
        end = self.bins * SERIES_BIN_MINUTES
        averages = self.tally.averages(end)
        peaks = self.tally.peak
        series_key = self.hall.series_key
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
                peaks[series_key[sid]],
            )
            for sid in self.order
        )
        arrivals = [0] * self.bins
        for v in day.visitors:
            arrivals[min(self.bins - 1, int(v.arrival // SERIES_BIN_MINUTES))] += 1
        hours = max(1, math.ceil(end / 60.0))
        h_arr = [0] * hours
        h_served = [0] * hours
        h_wait = [0.0] * hours
        for v, spent, lb in zip(day.visitors, served_times, lower_bounds, strict=True):
            h = min(hours - 1, int(v.arrival // 60))
            h_arr[h] += 1
            if spent is not None:
                h_served[h] += 1
                h_wait[h] += spent - lb
        series = Series(
            bin_minutes=SERIES_BIN_MINUTES,
            bin_starts=tuple(b * SERIES_BIN_MINUTES for b in range(self.bins)),
            waiting=averages[LOG_WAITING],
            in_centre=averages[LOG_CENTRE],
            arrivals=tuple(arrivals),
            queue_by_service={s: averages[series_key[s]] for s in self.order},
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
