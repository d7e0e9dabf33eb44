"""Generating days from forecasts, and forecasts from days."""

from __future__ import annotations

import copy
import json
import statistics
from typing import Any

import pytest

from anlaufstelle.flow.generator import (
    FORECASTS_DIR,
    example_forecast,
    forecast_from_day,
    generate_day,
    load_forecast,
    scale_forecast,
)
from anlaufstelle.flow.scenario import DAYS_DIR, Day, ScenarioError, load_day


def test_shipped_forecasts_load_and_generate_valid_days() -> None:
    names = sorted(p.stem for p in FORECASTS_DIR.glob("*.json"))
    assert "leipzig-peak" in names
    for name in names:
        raw = generate_day(example_forecast(name), seed=3)
        day = load_day(json.loads(json.dumps(raw)))  # the exact file format
        assert day.visitors and day.staff


def test_same_seed_same_day_other_seed_other_day() -> None:
    fc = example_forecast("leipzig-peak")
    assert generate_day(fc, 5) == generate_day(fc, 5)
    assert generate_day(fc, 5)["visitors"] != generate_day(fc, 6)["visitors"]


def test_generated_day_follows_the_forecast() -> None:
    fc = example_forecast("leipzig-peak")
    fc["arrivals_per_hour"] = [120, 0, 60, 0, 0, 0, 0, 0, 0]
    fc["interpreter_share"] = {"uk": 1.0, "ru": 0.0}
    fc["appointments"] = {"share": 1.0, "lead_minutes": [2, 2]}
    fc["party_sizes"] = {"2": 1}
    day = load_day(generate_day(fc, 11))
    hours = [int(v.arrival // 60) for v in day.visitors]
    # Poisson counts: 120 expected in hour 0 and 60 in hour 2, none elsewhere.
    assert 90 < hours.count(0) < 150 and 40 < hours.count(2) < 80
    assert set(hours) == {0, 2}
    assert all(v.needs_interpreter == (v.language == "uk") for v in day.visitors)
    assert all(v.appointment == pytest.approx(v.arrival + 2) for v in day.visitors)
    assert {v.party_size for v in day.visitors} == {2}
    # Every visitor has the base bundle's first three steps.
    assert all({"reception", "registration", "residence"} <= set(v.steps) for v in day.visitors)


def test_durations_are_lognormal_around_the_expected_minutes() -> None:
    fc = example_forecast("leipzig-peak")
    fc["arrivals_per_hour"] = [600] + [0] * 8
    fc["party_sizes"] = {"1": 1}
    fc["durations"] = {"spread": 0.4}
    day = load_day(generate_day(fc, 2))
    residence = [v.steps["residence"] for v in day.visitors]
    # Mean 6 (typical, party of 1), spread 0.4: the sample mean is near 6.
    assert statistics.fmean(residence) == pytest.approx(6.0, rel=0.08)
    assert min(residence) > 0


def test_forecast_from_day_reproduces_its_shape(city_day: Day) -> None:
    fc = forecast_from_day(city_day)
    load_forecast(fc)  # valid
    assert sum(fc["arrivals_per_hour"]) == len(city_day.visitors)
    assert fc["staff"][0]["id"] == city_day.staff[0].id
    variation = load_day(generate_day(fc, 1))
    n = len(city_day.visitors)
    assert 0.8 * n < len(variation.visitors) < 1.2 * n
    share = sum(v.needs_interpreter for v in variation.visitors) / len(variation.visitors)
    original = sum(v.needs_interpreter for v in city_day.visitors) / n
    assert share == pytest.approx(original, abs=0.08)
    mean_work = statistics.fmean(sum(v.steps.values()) for v in variation.visitors)
    original_work = statistics.fmean(sum(v.steps.values()) for v in city_day.visitors)
    assert mean_work == pytest.approx(original_work, rel=0.1)


def test_scale_forecast_scales_arrivals_and_staff() -> None:
    fc = example_forecast("leipzig-peak")
    big = scale_forecast(fc, 3)
    assert big["arrivals_per_hour"][0] == pytest.approx(3 * fc["arrivals_per_hour"][0])
    assert len(big["staff"]) == 3 * len(fc["staff"])
    assert len({s["id"] for s in big["staff"]}) == len(big["staff"])
    assert len(big["interpreters"]) == 3 * len(fc["interpreters"])


def _bad(path: list[Any], value: Any) -> dict[str, Any]:
    fc = copy.deepcopy(example_forecast("leipzig-peak"))
    target: Any = fc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return fc


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["format"], "x", "format: expected"),
        (["arrivals_per_hour"], [], "arrivals_per_hour: expected a non-empty list"),
        (["arrivals_per_hour", 2], -1, "arrivals_per_hour[2]: expected a number ≥ 0"),
        (["concerns", "bundles", 0, "services", 1], "zz", "concerns.bundles[0].services[1]"),
        (["concerns", "extras", "bank"], 1.5, "concerns.extras.bank: expected a probability"),
        (["languages"], {}, "languages: expected at least one positive weight"),
        (["party_sizes"], {"x": 1}, "party_sizes.x: expected a party size"),
        (["interpreter_share"], 2, "interpreter_share.uk: expected a share"),
        (["appointments", "lead_minutes"], [5, 1], "appointments.lead_minutes: expected"),
        (["staff", 0, "skills", 0], "zz", "staff[0].skills[0]: unknown service 'zz'"),
        (["durations", "mean_factor", "zz"], 1, "durations.mean_factor.zz: unknown service"),
    ],
)
def test_bad_forecast_field_is_named(path: list[Any], value: Any, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_forecast(_bad(path, value))
    assert str(info.value).startswith(message), str(info.value)


@pytest.mark.parametrize(
    ("day", "forecast"), [("leipzig-peak", "leipzig-peak"), ("rural-walk-in", "burgenland-walk-in")]
)
def test_the_shipped_days_are_what_the_generator_makes(day: str, forecast: str) -> None:
    # The example days are generated, not edited by hand: the pinned figures rest on them.
    shipped = json.loads((DAYS_DIR / f"{day}.json").read_text(encoding="utf-8"))
    assert generate_day(example_forecast(forecast), 1) == shipped
