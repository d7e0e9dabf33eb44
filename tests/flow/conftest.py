"""Fixtures of the flow tests (the helpers live in flow_helpers.py)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from anlaufstelle.flow.scenario import Day, example_day

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    # The tests import their helpers as `flow_helpers` under any --import-mode.
    sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session")
def city_day() -> Day:
    """The shipped city example: the Leipzig peak, 437 visitors, 52 staff."""
    return example_day("leipzig-peak")


@pytest.fixture(scope="session")
def rural_day() -> Day:
    """The shipped rural example: a walk-in day short of interpreters, 74 visitors, 11 staff."""
    return example_day("rural-walk-in")


@pytest.fixture(scope="session")
def rural_walk_ins(rural_day: Day) -> Day:
    """The rural example with nobody booked, so no change of how bookings are honoured moves
    its figures: the day on which the planner keeps the own staff."""
    visitors = tuple(dataclasses.replace(v, appointment=None) for v in rural_day.visitors)
    return dataclasses.replace(rural_day, visitors=visitors)
