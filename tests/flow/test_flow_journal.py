"""A hall changed through a journal, and another copy of it that replays the journal's
operations (after a round trip through JSON, as the database stores them), end up as the same
hall: over random days of arrivals, calls, no-shows, visitors set aside and taken back,
forwarding, desks signing on and off and changing skills, and interpreters."""

from __future__ import annotations

import json
import random

import pytest

from anlaufstelle.flow import DEFAULT_POLICY, get_policy
from anlaufstelle.flow.hall import Hall, HallError
from anlaufstelle.flow.journal import Journal, replay
from anlaufstelle.flow.plans import VisitPlan, plan_steps
from anlaufstelle.flow.policyview import ABSENT, AT_DESK, CALLED, EXPECTED, WALKING
from anlaufstelle.flow.scenario import parse_services

SERVICES = parse_services(
    [
        {"id": "reg", "agency": "a", "requires": [], "typical_minutes": 10, "per_person_factor": 0},
        {"id": "ben", "agency": "b", "requires": ["reg"], "typical_minutes": 20,
         "per_person_factor": 0.5},
        {"id": "job", "agency": "c", "requires": [], "typical_minutes": 15, "per_person_factor": 0},
        {"id": "pay", "agency": "d", "requires": ["ben"], "typical_minutes": 5,
         "per_person_factor": 0},
    ]
)  # fmt: skip
CODES = [s.id for s in SERVICES]


def new_hall() -> Hall:
    return Hall(services=SERVICES, target_minutes=45, walk_minutes=1, closing_time=600)


def through_json(ops: list[list[object]]) -> list[list[object]]:
    loaded: list[list[object]] = json.loads(json.dumps(ops))
    return loaded


def plan(rng: random.Random, n: int, now: float) -> VisitPlan:
    wanted = set(rng.sample(CODES, rng.randint(1, 3)))
    party = rng.choice([1, 1, 1, 3])
    return VisitPlan(
        visitor_id=f"v{n}",
        arrival=now,
        party_size=party,
        language=rng.choice(["uk", "ar", "fa", "de"]),
        needs_interpreter=rng.random() < 0.3,
        appointment=rng.choice([None, None, now + 10.5]),
        priority=rng.choice([0.0, 0.0, 1.0]),
        steps=plan_steps(wanted, party, SERVICES, 1),
        walk_minutes=1,
    )


def one_change(rng: random.Random, journal: Journal, now: float, made: dict[str, int]) -> None:
    """A random transition the hall allows at `now` (the live hall never keeps a refused one:
    its transaction rolls back)."""
    hall = journal.hall
    by_state: dict[str, list[int]] = {}
    for view in hall.vviews:
        by_state.setdefault(view.state, []).append(view.index)
    roll = rng.random()
    if roll < 0.25 or not hall.vviews:
        made["visitors"] += 1
        journal.arrive(journal.add_visitor(plan(rng, made["visitors"], now)), now)
    elif roll < 0.32 and len(hall.sviews) < 8:
        made["staff"] += 1
        skills = rng.sample(CODES, rng.randint(1, 3))
        languages = rng.choice([["de"], ["de", "uk"], ["de", "ar"]])
        journal.staff_on(journal.add_staff(f"s{made['staff']}", skills, languages, 0, 600), now)
    elif roll < 0.36 and len(hall.iviews) < 3:
        made["interpreters"] += 1
        k = journal.add_interpreter(f"i{made['interpreters']}", ["uk", "ar", "fa"][:2], 0, 600)
        journal.interpreter_on(k, now)
    elif roll < 0.40 and hall.sviews:
        j = rng.randrange(len(hall.sviews))
        busy = {desk for desk, _service, _k in hall.serving.values()}
        if hall.staff_on_shift[j]:
            journal.staff_off(j, now)
        elif j not in busy:  # a desk with a visitor signs on again when it is done
            journal.staff_on(j, now)
    elif roll < 0.43 and hall.sviews:
        journal.set_skills(rng.randrange(len(hall.sviews)), rng.sample(CODES, 2), now)
    elif roll < 0.46 and hall.iviews:
        k = rng.randrange(len(hall.iviews))
        if hall.interp_on_shift[k]:
            journal.interpreter_off(k, now)
        else:
            journal.interpreter_on(k, now)
    elif by_state.get(CALLED) and roll < 0.62:
        i = rng.choice(by_state[CALLED])
        if rng.random() < 0.85:
            journal.start(i, now)
        else:
            journal.no_show(i, now)
    elif by_state.get(AT_DESK) and roll < 0.85:
        i = rng.choice(by_state[AT_DESK])
        what = rng.random()
        if what < 0.08:
            journal.add_services(i, rng.sample(CODES, 2), now)
        elif what < 0.16:
            journal.set_aside(i, now)
        else:
            journal.end_step(i, now)
    elif by_state.get(WALKING):
        journal.ready(rng.choice(by_state[WALKING]), now)
    elif by_state.get(ABSENT):
        i = rng.choice(by_state[ABSENT])
        visitor = hall.plans[i]
        free = [
            j
            for j, f in enumerate(hall.staff_free)
            if f
            and not (visitor.needs_interpreter and visitor.language not in hall.sviews[j].languages)
        ]
        step = next((s for s in visitor.services if s not in hall.done[i]), None)
        if free and step is not None and rng.random() < 0.3:
            journal.take_back(i, free[0], step, -1, now)
        else:
            journal.arrive(i, now)
    elif by_state.get(EXPECTED):
        journal.arrive(rng.choice(by_state[EXPECTED]), now)


@pytest.mark.parametrize("seed", range(30))
def test_replaying_the_journal_gives_the_same_hall(seed: int) -> None:
    rng = random.Random(seed)
    original = new_hall()
    copy = Hall.from_snapshot(json.loads(json.dumps(original.snapshot())))
    made = {"visitors": 0, "staff": 0, "interpreters": 0}
    now = 0.0
    calls = 0
    for event in range(250):
        now += rng.choice([0.0, 0.25, 1.5])
        journal = Journal(original)
        one_change(rng, journal, now, made)
        calls += len(journal.dispatch(get_policy(DEFAULT_POLICY), now))
        replay(copy, through_json(journal.ops))
        if event % 25 == 0:
            assert copy.snapshot() == original.snapshot()
    assert copy.snapshot() == original.snapshot()
    assert calls > 20  # the days are busy enough to mean something


def test_an_unknown_operation_is_refused() -> None:
    with pytest.raises(HallError, match="unknown change"):
        replay(new_hall(), [["vanish", 1, 0.0]])
