"""docs/day-format.md: its example day is a valid day that behaves as the text says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from anlaufstelle.flow import POLICIES, load_day, load_day_file, simulate
from anlaufstelle.flow.planner import parse_skill_sets
from anlaufstelle.flow.policies import get_policy
from anlaufstelle.planning.services import SAMPLES_DIR

DOC = Path(__file__).resolve().parents[1] / "docs" / "day-format.md"


def example() -> dict:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    days = [json.loads(b) for b in blocks if '"anlaufstelle-scenario/1"' in b]
    assert len(days) == 1
    return days[0]


@pytest.mark.parametrize("policy", list(POLICIES))
def test_the_example_day_runs_as_described(policy: str) -> None:
    day = load_day(example())
    assert day.closing_time == 240
    result = simulate(day, get_policy(policy))
    assert result.figures.visitors == result.figures.served == 4
    visits = {v.id: v for v in result.visitors}
    # V3 needs only the cash desk: its prerequisite is not among V3's steps.
    (payout,) = visits["V3"].steps
    assert (payout.service, payout.start, payout.staff) == ("payout", 30.0, "S1")
    # S1 speaks Russian: V3 needs no interpreter at the cash desk.
    assert payout.interpreter is None
    # R1 speaks Ukrainian: V1's reception needs no interpreter either.
    reception = next(s for s in visits["V1"].steps if s.service == "reception")
    assert (reception.staff, reception.interpreter) == ("R1", None)
    # V4 has no reception step, so registration is its first.
    assert [s.service for s in visits["V4"].steps] == ["registration", "benefits"]
    # B1 speaks German only: V1's registration is interpreted.
    registration = next(s for s in visits["V1"].steps if s.service == "registration")
    assert registration.interpreter == "I1"


def test_the_skill_sets_example_fits_the_shipped_days() -> None:
    text = DOC.read_text(encoding="utf-8")
    sets = json.loads(re.search(r"```json\n(\[\[.*?\]\])\n```", text, re.S).group(1))
    for path in sorted(SAMPLES_DIR.glob("*.json")):
        day = load_day_file(path)
        assert len(parse_skill_sets(sets, day)) == 7, path.name
