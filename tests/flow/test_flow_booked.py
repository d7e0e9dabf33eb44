"""Booked visitors: how the default policy honours a booked time, and the figures about it."""

from __future__ import annotations

from flow_helpers import make_day, service, staff, visitor

from anlaufstelle.flow.policies import get_policy
from anlaufstelle.flow.simulator import simulate


def _one_desk(visitors: list[dict], end: float = 400) -> object:
    return make_day([service("a")], [staff("S1", ["a"], end=end)], visitors)


def _starts(day: object, policy: str = "pooled") -> dict[str, float]:
    result = simulate(day, get_policy(policy))
    return {v.id: v.steps[0].start for v in result.visitors if v.steps}


def test_a_due_booked_visitor_is_called_before_walk_ins_who_came_with_them() -> None:
    walk_ins = [visitor(f"W{n}", 0, {"a": 5}) for n in range(1, 4)]
    booked = visitor("B", 0, {"a": 5}, appointment=0)
    day = _one_desk([*walk_ins, booked])
    starts = _starts(day)
    # At 0 and 5 the booked visitor is still within the grace of 7 minutes, so walk-ins go
    # first; at 10 the grace is over and the booked visitor comes next.
    assert starts["B"] == 10
    assert sorted(starts[w] for w in ("W1", "W2", "W3")) == [0, 5, 15]
    # The silo policy ignores the booking: the booked visitor, last in, is called last.
    assert _starts(day, "silo")["B"] == 15


def test_a_visitor_booked_for_later_waits_like_a_walk_in_until_due() -> None:
    walk_ins = [visitor(f"W{n}", 0, {"a": 5}) for n in range(1, 4)]
    booked = visitor("B", 0, {"a": 5}, appointment=30)
    starts = _starts(_one_desk([booked, *walk_ins]))
    # Not due before 30: scored like everyone, the booked visitor (first in) may go first
    # or in between, but is never pushed ahead of anyone because of the booking.
    assert starts["B"] <= 15
    assert sorted(starts.values()) == [0, 5, 10, 15]


def test_a_walk_in_who_waited_long_still_goes_before_a_booked_visitor() -> None:
    # A long step keeps the desk busy; the walk-in waits from 1, the booked visitor is due
    # at 140. When the desk frees at 150 the walk-in has waited 139 minutes longer, more than
    # the bonus is worth (25 points = 125 minutes of ageing), so they go first.
    day = _one_desk(
        [
            visitor("LONG", 0, {"a": 150}),
            visitor("W", 1, {"a": 5}),
            visitor("B", 140, {"a": 5}, appointment=140),
        ]
    )
    starts = _starts(day)
    assert starts["W"] == 150 and starts["B"] == 155


def test_booked_figures() -> None:
    day = _one_desk(
        [
            visitor("W1", 0, {"a": 10}),
            visitor("B1", 0, {"a": 10}, appointment=0),  # due 0, starts 10: on time
            visitor("B2", 0, {"a": 10}, appointment=0),  # starts 20: late
            visitor("B3", 5, {"a": 10}, appointment=2),  # arrives after booked time: due 5
        ],
        end=300,
    )
    result = simulate(day, get_policy("silo"))
    starts = {v.id: v.steps[0].start for v in result.visitors}
    assert starts == {"W1": 0, "B1": 10, "B2": 20, "B3": 30}
    f = result.figures
    assert f.booked == 3
    assert f.booked_on_time == 1 / 3  # B1 (10 ≤ 0 + 10) only; B3 is due 5, late at 30
    assert f.walk_in_mean_wait_minutes == 0  # W1 went straight to the desk


def test_nobody_booked_and_a_booked_visitor_never_served() -> None:
    plain = simulate(_one_desk([visitor("W", 0, {"a": 5})]), get_policy("pooled")).figures
    assert (plain.booked, plain.booked_on_time) == (0, 0.0)
    # The only desk closes before the booked visitor comes: never started, so late.
    late = simulate(
        _one_desk([visitor("B", 50, {"a": 5}, appointment=50)], end=40), get_policy("pooled")
    ).figures
    assert (late.booked, late.booked_on_time, late.served) == (1, 0.0, 0)
