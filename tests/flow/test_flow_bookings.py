"""The planner's proposal of bookings per hour and service for a forecast day."""

from __future__ import annotations

import dataclasses

from flow_helpers import make_day, service, staff, visitor

from anlaufstelle.flow.bookings import propose_bookings, spare_minutes
from anlaufstelle.flow.policies import get_policy
from anlaufstelle.flow.scenario import Day
from anlaufstelle.flow.simulator import simulate


def test_the_proposal_keeps_booked_visitors_on_time_and_walk_ins_waiting_little(
    city_day: Day,
) -> None:
    p = propose_bookings(city_day)
    assert p.booked_visitors > 0 and p.total > 0
    assert p.with_bookings.booked == p.booked_visitors
    assert p.with_bookings.booked_on_time >= 0.95
    assert p.with_bookings.walk_in_mean_wait_minutes <= 1.2 * p.without.mean_wait_minutes
    # Without bookings: the forecast's visitors all as walk-ins.
    walk_ins = tuple(dataclasses.replace(v, appointment=None) for v in city_day.visitors)
    plain = dataclasses.replace(city_day, visitors=walk_ins)
    assert p.without == simulate(plain, get_policy("pooled"), visitors=False).figures


def test_never_more_than_the_spare_desk_time(city_day: Day) -> None:
    p = propose_bookings(city_day)
    spare = spare_minutes(city_day)
    for sid, row in p.units.items():
        typical = city_day.service(sid).typical_minutes
        for h, units in enumerate(row):
            assert units <= spare[sid][h] // typical


def test_spare_minutes_split_a_cross_trained_person_and_subtract_walk_ins() -> None:
    day = make_day(
        [service("a", typical=10), service("b", typical=10)],
        [staff("S1", ["a", "b"], end=120), staff("S2", ["a"], end=60)],
        [visitor("V1", 5, {"a": 10}), visitor("V2", 70, {"b": 99})],
        opening=120,
    )
    spare = spare_minutes(day)
    # Hour 0: S1 gives 30 minutes to each service, S2 60 to a; V1's step of a takes 10.
    assert spare["a"] == [80.0, 30.0]
    # Hour 1: V2's step of b is expected to take its typical 10 minutes (not the real 99).
    assert spare["b"] == [30.0, 20.0]


def test_a_full_day_gets_no_bookings() -> None:
    # One desk, walk-ins back to back all day: nothing to spare.
    walk_ins = [visitor(f"V{n:03d}", 5.0 * n, {"a": 5}) for n in range(24)]
    day = make_day([service("a", typical=5)], [staff("S1", ["a"], end=120)], walk_ins,
                   opening=120)  # fmt: skip
    p = propose_bookings(day)
    assert p.total == 0 and p.booked_visitors == 0
    assert p.with_bookings == p.without


def test_the_days_own_bookings_are_taken_as_walk_ins(city_day: Day) -> None:
    booked = dataclasses.replace(
        city_day, visitors=tuple(dataclasses.replace(v, appointment=v.arrival)
                                 for v in city_day.visitors)
    )  # fmt: skip
    assert propose_bookings(booked).units == propose_bookings(city_day).units
