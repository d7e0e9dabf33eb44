"""Properties every simulation must have, on random small days."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anlaufstelle.flow.policies import POLICIES, get_policy
from anlaufstelle.flow.scenario import Day, load_day
from anlaufstelle.flow.simulator import Result, simulate

EPS = 1e-6
LANGUAGES = ["uk", "ar"]


@st.composite
def days(draw: st.DrawFn) -> Day:
    n_services = draw(st.integers(1, 4))
    ids = [f"s{i}" for i in range(n_services)]
    services = []
    for i, sid in enumerate(ids):
        requires = draw(st.lists(st.sampled_from(ids[:i]), unique=True)) if i else []
        services.append(
            {
                "id": sid,
                "agency": f"agency{i}",
                "requires": requires,
                "typical_minutes": draw(st.integers(1, 8)),
                "per_person_factor": draw(st.sampled_from([0.0, 0.3])),
            }
        )
    minutes = st.one_of(
        st.just(0.0), st.floats(0.1, 15, allow_nan=False).map(lambda x: round(x, 2))
    )
    staff = []
    for j in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, 30))
        staff.append(
            {
                "id": f"S{j}",
                "skills": draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)),
                # Some staff speak a visitor language and so need no interpreter for them.
                "languages": ["de", *draw(st.lists(st.sampled_from(LANGUAGES), unique=True))],
                "from": start,
                "to": start + draw(st.integers(1, 90)),
            }
        )
    interpreters = []
    for k in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, 30))
        interpreters.append(
            {
                "id": f"I{k}",
                "languages": draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, unique=True)),
                "from": start,
                "to": start + draw(st.integers(1, 90)),
            }
        )
    visitors = []
    for v in range(draw(st.integers(1, 12))):
        chosen = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        visitors.append(
            {
                "id": f"V{v}",
                "arrival": draw(st.integers(0, 60)) + draw(st.sampled_from([0.0, 0.5, 0.25])),
                "party_size": draw(st.integers(1, 3)),
                "language": draw(st.sampled_from(LANGUAGES)),
                "needs_interpreter": draw(st.booleans()),
                "steps": {sid: draw(minutes) for sid in chosen},
            }
        )
    raw: dict[str, Any] = {
        "format": "anlaufstelle-scenario/1",
        "opening_minutes": 120,
        "target_minutes": 45,
        "walk_minutes": draw(st.sampled_from([0.0, 0.5, 1.0])),
        "services": services,
        "staff": staff,
        "interpreters": interpreters,
        "visitors": visitors,
    }
    return load_day(raw)


def _no_overlap(intervals: list[tuple[float, float]]) -> bool:
    intervals.sort()
    return all(b[0] >= a[1] - EPS for a, b in zip(intervals, intervals[1:], strict=False))


def check_invariants(day: Day, result: Result) -> None:
    staff = {s.id: s for s in day.staff}
    interpreters = {x.id: x for x in day.interpreters}
    by_staff: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_interp: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for v, rec in zip(day.visitors, result.visitors, strict=True):
        assert rec.id == v.id
        done_at: dict[str, float] = {}
        previous_end = v.arrival
        for n, step in enumerate(rec.steps):
            # Each step once, with its real duration.
            assert step.service in v.steps and step.service not in done_at
            assert step.end - step.start == pytest.approx(v.steps[step.service], abs=EPS)
            # One step at a time, with the walk between steps.
            gap = 0.0 if n == 0 else day.walk_minutes
            assert step.start >= previous_end + gap - EPS
            assert step.ready >= previous_end + gap - EPS and step.start >= step.ready - EPS
            # Prerequisites the visitor has are done (and walked away from) first.
            for req in day.service(step.service).requires:
                if req in v.steps:
                    assert req in done_at
                    assert step.start >= done_at[req] + day.walk_minutes - EPS
            # A qualified staff member on shift when the step starts.
            member = staff[step.staff]
            assert step.service in member.skills
            assert member.start - EPS <= step.start < member.end
            by_staff[step.staff].append((step.start, step.end))
            if v.needs_interpreter and v.language not in member.languages:
                assert step.interpreter is not None
                interp = interpreters[step.interpreter]
                assert v.language in interp.languages
                assert interp.start - EPS <= step.start < interp.end
                by_interp[step.interpreter].append((step.start, step.end))
            else:
                assert step.interpreter is None
            done_at[step.service] = step.end
            previous_end = step.end
        finished = len(rec.steps) == len(v.steps)
        if finished:
            assert rec.leaving == pytest.approx(previous_end)
            assert rec.time_in_centre is not None
            assert rec.time_in_centre >= v.lower_bound(day.walk_minutes) - EPS
        assert rec.served == (finished and previous_end <= day.closing_time + 1e-9)
    assert all(_no_overlap(iv) for iv in by_staff.values())
    assert all(_no_overlap(iv) for iv in by_interp.values())
    f = result.figures
    assert f.served == sum(r.served for r in result.visitors)
    assert 0 <= f.share_within_target <= 1
    assert 0 <= f.staff_utilisation <= 1 + EPS
    assert 0 <= f.interpreter_utilisation <= 1 + EPS
    if f.served:
        assert f.p90_ratio >= 1 - EPS
        assert f.mean_wait_minutes >= -EPS
        assert f.mean_minutes == pytest.approx(f.mean_lower_bound + f.mean_wait_minutes)


@pytest.mark.parametrize("policy", sorted(POLICIES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days())
def test_rules_hold_on_random_days(policy: str, day: Day) -> None:
    result = simulate(day, get_policy(policy))
    check_invariants(day, result)
    # Deterministic: the same day and policy give the same result.
    assert simulate(day, get_policy(policy)) == result


@pytest.mark.parametrize("policy", sorted(POLICIES))
@settings(max_examples=40, deadline=None)
@given(day=days())
def test_a_free_desk_never_ignores_a_servable_visitor_at_the_start(policy: str, day: Day) -> None:
    # Work conservation at the first step: a visitor whose first possible step has a free,
    # qualified desk (and interpreter) on arrival starts at once under both policies. Checked
    # only for the very first visitor, whom nobody can crowd out.
    first = min(day.visitors, key=lambda v: (v.arrival, day.visitors.index(v)))
    rec = next(r for r in simulate(day, get_policy(policy)).visitors if r.id == first.id)
    if not rec.steps:
        return
    t = first.arrival
    others_before = [v for v in day.visitors if v.arrival <= t and v is not first]
    if others_before:
        return
    interpreter_free = any(
        first.language in x.languages and x.start <= t < x.end for x in day.interpreters
    )
    # A qualified desk on shift that can serve the visitor now: no interpreter needed, one
    # is free, or the staff member speaks the visitor's language.
    servable = any(
        rec.steps[0].service in s.skills
        and s.start <= t < s.end
        and (not first.needs_interpreter or interpreter_free or first.language in s.languages)
        for s in day.staff
    )
    if servable:
        assert rec.steps[0].start == pytest.approx(t)
