"""How many bookings per hour and service a forecast day can take.

For a day of forecast walk-ins and the staff on duty, :func:`propose_bookings` proposes a number
of bookable visits per service and hour such that, in the simulated day, booked visitors start
on time (the share ``booked_on_time`` at least ``aim``) and the walk-ins' mean wait grows by at
most ``walk_in_factor`` over the same day with no bookings.

The method, in three steps:

1. **Spare desk time.** Per service and hour: the minutes the staff with that skill are on
   duty (a person with several skills counts for each in equal parts), minus the expected
   minutes of the walk-ins' steps of that service begun in that hour (each visitor's steps in
   the order their prerequisites allow, one after the other from their arrival). What is left,
   divided by the service's typical minutes, is the most that could be booked.
2. **Booked visitors.** The forecast's own visits are booked into those units, hour by hour:
   the walk-ins' bundles of concerns in turn, each at a quarter hour, a bundle only where every
   one of its steps, timed from that start, still has a unit in the hour it falls into. So the
   proposal is made of visits as they come, not of steps that no visit needs.
3. **The check.** The day with the booked visitors is simulated under the default policy. If
   booked visitors are not on time or walk-ins wait too long (longer than ``walk_in_factor`` ×
   their wait without bookings, or than ``walk_in_factor`` minutes where that wait is under a
   minute), every hour's spare time is cut by a fifth and steps 2 and 3 run again (at most
   ``rounds`` times; with nothing booked the day is the day without bookings, which always
   passes).

The units proposed are the steps of the booked visitors per service and hour.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .policies import DEFAULT_POLICY, get_policy
from .scenario import Day, Visitor
from .simulator import Figures, simulate

# Booked starts within an hour: on the quarter hours.
QUARTERS = 4


@dataclass(frozen=True, slots=True)
class BookingProposal:
    hours: int  # hours from opening; units[service][h] is for [60·h, 60·(h + 1)) minutes
    units: dict[str, tuple[int, ...]]
    booked_visitors: int
    factor: float  # share of the spare time offered in the end
    without: Figures  # the day with no bookings
    with_bookings: Figures  # the day with the proposed bookings

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.units.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "hours": self.hours,
            "units": {k: list(v) for k, v in self.units.items()},
            "booked_visitors": self.booked_visitors,
            "factor": self.factor,
            "without": self.without.as_dict(),
            "with_bookings": self.with_bookings.as_dict(),
        }


def _ordered(day: Day, steps: Sequence[str]) -> list[str]:
    """A visitor's services in an order their prerequisites allow (the day's order first)."""
    todo = [s.id for s in day.services if s.id in steps]
    done: set[str] = set()
    ordered: list[str] = []
    while todo:
        nxt = next(
            (sid for sid in todo if set(day.service(sid).requires) & set(steps) <= done),
            todo[0],
        )
        todo.remove(nxt)
        done.add(nxt)
        ordered.append(nxt)
    return ordered


def _timeline(day: Day, visitor: Visitor, start: float) -> list[tuple[str, float, float]]:
    """(service, start, expected minutes) of each step, one after the other from ``start``."""
    at = start
    out = []
    for sid in _ordered(day, list(visitor.steps)):
        minutes = day.service(sid).expected_minutes(visitor.party_size)
        out.append((sid, at, minutes))
        at += minutes + day.walk_minutes
    return out


def spare_minutes(day: Day) -> dict[str, list[float]]:
    """Step 1 of the module doc: spare desk minutes per service and hour."""
    hours = max(1, math.ceil(day.opening_minutes / 60))
    spare = {s.id: [0.0] * hours for s in day.services}
    for member in day.staff:
        if not member.skills:
            continue
        share = 1.0 / len(member.skills)
        for h in range(hours):
            overlap = min(member.end, 60.0 * (h + 1)) - max(member.start, 60.0 * h)
            if overlap > 0:
                for sid in member.skills:
                    if sid in spare:
                        spare[sid][h] += overlap * share
    for visitor in day.visitors:
        for sid, at, minutes in _timeline(day, visitor, visitor.arrival):
            h = int(at // 60)
            if sid in spare and 0 <= h < hours:
                spare[sid][h] -= minutes
    return {sid: [max(0.0, m) for m in row] for sid, row in spare.items()}


def _book(day: Day, units: dict[str, list[int]]) -> list[Visitor]:
    """Step 2: the forecast's visits booked into the units, hour by hour, each at a start on
    the quarter-hour grid; a visit is placed only where each of its steps, timed from that
    start, falls into an hour with a unit left."""
    if not day.visitors:
        return []
    hours = len(next(iter(units.values()), []))
    left = {sid: list(row) for sid, row in units.items()}
    booked: list[Visitor] = []
    pattern = 0
    for h in range(hours):
        misses = tried = 0
        # Bundles and quarter hours in turn, until each bundle has failed at each quarter.
        while misses < len(day.visitors) * QUARTERS:
            model = day.visitors[pattern % len(day.visitors)]
            pattern += 1
            start = 60.0 * h + (60.0 / QUARTERS) * (tried % QUARTERS)
            tried += 1
            need: dict[tuple[str, int], int] = {}
            for sid, at, _minutes in _timeline(day, model, start):
                key = (sid, int(at // 60))
                need[key] = need.get(key, 0) + 1
            if not all(0 <= hh < hours and left[sid][hh] >= n for (sid, hh), n in need.items()):
                misses += 1
                continue
            misses = 0
            for (sid, hh), n in need.items():
                left[sid][hh] -= n
            booked.append(
                dataclasses.replace(
                    model,
                    id=f"BOOKED-{len(booked) + 1:05d}",
                    arrival=start,
                    appointment=start,
                    steps={
                        sid: day.service(sid).expected_minutes(model.party_size)
                        for sid in model.steps
                    },
                )
            )
    return booked


def _used(day: Day, booked: Sequence[Visitor], hours: int) -> dict[str, tuple[int, ...]]:
    used = {s.id: [0] * hours for s in day.services}
    for visitor in booked:
        for sid, at, _minutes in _timeline(day, visitor, visitor.arrival):
            h = int(at // 60)
            if 0 <= h < hours:
                used[sid][h] += 1
    return {sid: tuple(row) for sid, row in used.items()}


def propose_bookings(
    day: Day,
    *,
    aim: float = 0.95,
    walk_in_factor: float = 1.2,
    rounds: int = 12,
) -> BookingProposal:
    """Bookable visits per service and hour for the forecast day (see the module doc). The
    day's own ``appointment`` fields are ignored: its visitors are the walk-ins."""
    walk_ins = tuple(dataclasses.replace(v, appointment=None) for v in day.visitors)
    day = dataclasses.replace(day, visitors=walk_ins)
    policy = DEFAULT_POLICY
    without = simulate(day, get_policy(policy), visitors=False).figures
    spare = spare_minutes(day)
    hours = len(next(iter(spare.values()), [0]))
    factor = 1.0
    for _round in range(rounds):
        units = {
            sid: [int(m * factor // day.service(sid).typical_minutes) for m in row]
            for sid, row in spare.items()
        }
        booked = _book(day, units)
        if not booked:
            break
        visitors = tuple(sorted([*walk_ins, *booked], key=lambda v: v.arrival))
        figures = simulate(
            dataclasses.replace(day, visitors=visitors), get_policy(policy), visitors=False
        ).figures
        wait_ok = figures.walk_in_mean_wait_minutes <= walk_in_factor * max(
            without.mean_wait_minutes, 1.0
        )
        if figures.booked_on_time >= aim and wait_ok:
            return BookingProposal(hours, _used(day, booked, hours), len(booked), factor,
                                   without, figures)  # fmt: skip
        factor *= 0.8
    empty = {s.id: (0,) * hours for s in day.services}
    return BookingProposal(hours, empty, 0, 0.0, without, without)
