"""The simulator's figures on the example days, pinned to the last digit.

The pins were taken before the dispatch loop moved into ``flow/hall.py``; the move (and any
later speed-up) must not change a single decision. A change of the rules that is meant to
change results updates ``pinned_figures.json`` in the same commit, saying why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flow_helpers import make_city_day, make_rural_day
from pinning import fingerprint

from anlaufstelle.flow.generator import example_forecast, sized_day
from anlaufstelle.flow.policies import get_policy
from anlaufstelle.flow.scenario import Day, example_day, load_day
from anlaufstelle.flow.simulator import simulate

PINS = json.loads((Path(__file__).parent / "pinned_figures.json").read_text(encoding="utf-8"))


def _day(name: str) -> Day:
    if name in ("leipzig-peak", "rural-walk-in"):
        return example_day(name)
    if name.startswith("city-"):
        return make_city_day(int(name.split("-")[1]))
    if name.startswith("rural-"):
        return make_rural_day(int(name.split("-")[1]))
    assert name == "big-10000"
    return load_day(sized_day(example_forecast("leipzig-peak"), 10_000, 1))


@pytest.mark.parametrize("key", sorted(PINS))
def test_figures_are_as_pinned(key: str) -> None:
    name, policy = key.split("/")
    assert fingerprint(simulate(_day(name), get_policy(policy))) == PINS[key]
