"""The hall as the live hall will use it: rebuilt from a snapshot of plain data for every event,
it decides exactly as a hall that was never interrupted."""

from __future__ import annotations

import pytest
from flow_helpers import make_rural_day
from hypothesis import HealthCheck, given, settings
from test_flow_properties import days

from anlaufstelle.flow.policies import POLICIES, get_policy
from anlaufstelle.flow.scenario import Day, example_day
from anlaufstelle.flow.simulator import simulate


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_a_hall_rebuilt_at_every_moment_decides_alike(policy: str) -> None:
    for day in (example_day("rural-walk-in"), make_rural_day(4)):
        assert simulate(day, get_policy(policy), live=True) == simulate(day, get_policy(policy))


@pytest.mark.parametrize("policy", sorted(POLICIES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days())
def test_rebuilt_halls_decide_alike_on_random_days(policy: str, day: Day) -> None:
    assert simulate(day, get_policy(policy), live=True) == simulate(day, get_policy(policy))
