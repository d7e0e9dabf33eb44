"""The hall's transitions for a desk's decisions about the visitor at it: set aside to come back
later, and forwarded to further services; each survives a snapshot."""

from __future__ import annotations

import json

import pytest

from anlaufstelle.flow.hall import Hall, HallError, dispatch
from anlaufstelle.flow.plans import VisitPlan, plan_steps
from anlaufstelle.flow.policies import get_policy
from anlaufstelle.flow.policyview import ABSENT, AT_DESK
from anlaufstelle.flow.scenario import parse_services

SERVICES = parse_services(
    [
        {"id": "reg", "agency": "a", "requires": [], "typical_minutes": 10, "per_person_factor": 0},
        {
            "id": "ben",
            "agency": "b",
            "requires": ["reg"],
            "typical_minutes": 20,
            "per_person_factor": 0,
        },
        {
            "id": "pay",
            "agency": "c",
            "requires": ["ben"],
            "typical_minutes": 5,
            "per_person_factor": 0,
        },
    ]
)


def new_hall() -> Hall:
    return Hall(services=SERVICES, target_minutes=45, walk_minutes=1, closing_time=600)


def add(hall: Hall, vid: str, services: set[str]) -> int:
    steps = plan_steps(services, 1, hall.services, hall.walk_minutes)
    plan = VisitPlan(
        visitor_id=vid,
        arrival=0.0,
        party_size=1,
        language="uk",
        needs_interpreter=False,
        appointment=None,
        priority=0.0,
        steps=steps,
        walk_minutes=hall.walk_minutes,
    )
    return hall.add_visitor(plan)


def rebuilt(hall: Hall) -> Hall:
    return Hall.from_snapshot(json.loads(json.dumps(hall.snapshot())))


def at_desk(hall: Hall, services: set[str]) -> tuple[int, int]:
    j = hall.add_staff("S1", ["reg", "ben", "pay"], ["de"], 0, 600)
    i = add(hall, "V1", services)
    hall.staff_on(j, 0)
    hall.arrive(i, 0)
    (called,) = dispatch(hall, get_policy("pooled"), 0)
    hall.start(called.visitor, 0)
    return i, j


def test_set_aside_frees_the_desk_and_keeps_the_step_for_later() -> None:
    hall = new_hall()
    i, j = at_desk(hall, {"reg", "ben"})
    hall.set_aside(i, 3)
    assert hall.vviews[i].state == ABSENT
    assert hall.staff_free[j]
    assert hall.vviews[i].completed == ()
    again = rebuilt(hall)
    again.arrive(i, 30)
    (called,) = dispatch(again, get_policy("pooled"), 30)
    assert (called.visitor, called.service) == (i, "reg")


def test_set_aside_only_at_a_desk() -> None:
    hall = new_hall()
    i = add(hall, "V1", {"reg"})
    with pytest.raises(HallError):
        hall.set_aside(i, 0)


def test_a_forwarded_visitor_takes_the_new_steps_in_the_order_their_prerequisites_allow() -> None:
    hall = new_hall()
    i, j = at_desk(hall, {"reg"})
    assert hall.add_services(i, ["pay", "ben", "reg"], 2) == ["pay", "ben"]
    assert hall.plans[i].services == ("reg", "ben", "pay")
    assert hall.vviews[i].remaining_steps == 3
    # A forwarded visitor rebuilt from a snapshot is the same visitor.
    again = rebuilt(hall)
    assert again.plans[i].services == ("reg", "ben", "pay")
    assert again.vviews[i].remaining_minutes == hall.vviews[i].remaining_minutes
    assert again.snapshot() == hall.snapshot()
    assert again.end_step(i, 10) is False  # two steps to go
    again.ready(i, 11)
    (called,) = dispatch(again, get_policy("pooled"), 11)
    assert called.service == "ben"  # pay waits for ben


def test_forwarding_to_known_services_changes_nothing_and_unknown_ones_are_refused() -> None:
    hall = new_hall()
    i, _ = at_desk(hall, {"reg", "ben"})
    before = hall.snapshot()
    assert hall.add_services(i, ["ben"], 2) == []
    assert hall.snapshot() == before
    with pytest.raises(HallError):
        hall.add_services(i, ["nope"], 2)
    assert hall.vviews[i].state == AT_DESK
