"""Fixtures of the flow tests (the helpers live in flow_helpers.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from anlaufstelle.flow.scenario import Day, load_day_file

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    # The tests import their helpers as `flow_helpers` under any --import-mode.
    sys.path.insert(0, str(HERE))

SCENARIOS = HERE.parents[2] / "shared" / "scenarios"


def _example(name: str) -> Day:
    path = SCENARIOS / name
    if not path.exists():
        pytest.skip(f"example day {path} not present")
    return load_day_file(path)


@pytest.fixture(scope="session")
def city_day() -> Day:
    return _example("example-city-day.json")


@pytest.fixture(scope="session")
def rural_day() -> Day:
    return _example("example-rural-day.json")
