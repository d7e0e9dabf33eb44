"""Parsing days: every documented field is checked and errors name the field path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from flow_helpers import day_dict, service, staff, visitor

from anlaufstelle.flow.scenario import (
    ScenarioError,
    day_to_dict,
    example_day,
    load_day,
    load_day_file,
)


def base() -> dict[str, Any]:
    return day_dict(
        [service("a"), service("b", ["a"], typical=4, factor=0.5)],
        [staff("S1", ["a", "b"])],
        [
            visitor("V1", 0, {"a": 3, "b": 4}, needs=True),
            visitor("V2", 1.5, {"b": 2}, party=3, appointment=5),
        ],
        [{"id": "I1", "languages": ["uk"], "from": 0, "to": 100}],
    )


def test_minimal_day_loads_with_every_field() -> None:
    day = load_day(base())
    assert [s.id for s in day.services] == ["a", "b"]
    assert day.services[1].requires == ("a",)
    assert day.staff[0].skills == ("a", "b")
    assert (day.staff[0].start, day.staff[0].end) == (0.0, 100.0)
    v2 = day.visitors[1]
    assert (v2.party_size, v2.appointment, v2.priority) == (3, 5.0, 0.0)
    assert dict(v2.steps) == {"b": 2.0}
    # expected duration: typical × (1 + factor × (party − 1)) = 4 × (1 + 0.5 × 2) = 8
    assert day.service("b").expected_minutes(3) == 8.0
    assert day.closing_time == 100.0


def test_unknown_extra_fields_are_ignored() -> None:
    raw = base()
    raw["future_field"] = {"anything": 1}
    raw["services"][0]["leika"] = "99115001000000"
    raw["visitors"][0]["ticket"] = "A-17"
    raw["visitors"][0]["priority"] = 2
    day = load_day(raw)
    assert day.visitors[0].priority == 2.0


def test_round_trip_through_day_to_dict() -> None:
    day = load_day(base())
    assert load_day(json.loads(json.dumps(day_to_dict(day)))) == day


def test_the_example_days_load() -> None:
    city = example_day("leipzig-peak")
    assert (len(city.visitors), len(city.staff), len(city.interpreters)) == (437, 52, 20)
    rural = example_day("rural-walk-in")
    assert (len(rural.visitors), len(rural.staff), len(rural.interpreters)) == (74, 11, 4)


def _mutate(path: list[Any], value: Any, delete: bool = False) -> dict[str, Any]:
    raw = copy.deepcopy(base())
    target: Any = raw
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


BAD = [
    (["format"], "anlaufstelle-scenario/2", None, "format: expected"),
    (["opening_minutes"], 0, None, "opening_minutes: expected a number > 0"),
    (["walk_minutes"], -1, None, "walk_minutes: expected a number ≥ 0"),
    (["target_minutes"], "45", None, "target_minutes: expected a number > 0"),
    (["services"], {}, None, "services: expected a list"),
    (["services", 0, "id"], "", None, "services[0].id: expected a non-empty string"),
    (["services", 1, "requires", 0], "zz", None, "services[1].requires[0]: unknown service 'zz'"),
    (
        ["services", 0, "typical_minutes"],
        -2,
        None,
        "services[0].typical_minutes: expected a number ≥ 0",
    ),
    (["services", 0, "per_person_factor"], None, True, "services[0].per_person_factor: missing"),
    (["services", 1, "id"], "a", None, "services[1].id: duplicate id 'a'"),
    (["staff", 0, "skills", 1], "nope", None, "staff[0].skills[1]: unknown service 'nope'"),
    (["staff", 0, "skills"], [], None, "staff[0].skills: expected at least one entry"),
    (["staff", 0, "to"], 0, None, "staff[0].to: expected a number > from (0)"),
    (["staff", 0, "from"], True, None, "staff[0].from: expected a number ≥ 0"),
    (["interpreters", 0, "languages"], [], None, "interpreters[0].languages: expected at least"),
    (["visitors", 1, "arrival"], -1, None, "visitors[1].arrival: expected a number ≥ 0"),
    (["visitors", 1, "party_size"], 1.5, None, "visitors[1].party_size: expected an integer ≥ 1"),
    (["visitors", 1, "party_size"], 0, None, "visitors[1].party_size: expected an integer ≥ 1"),
    (["visitors", 0, "needs_interpreter"], "yes", None, "visitors[0].needs_interpreter: expected"),
    (["visitors", 0, "language"], None, True, "visitors[0].language: missing"),
    (["visitors", 1, "steps", "b"], -3, None, "visitors[1].steps.b: expected a number ≥ 0"),
    (["visitors", 1, "steps", "b"], "3", None, "visitors[1].steps.b: expected a number ≥ 0"),
    (["visitors", 1, "steps", "x"], 3, None, "visitors[1].steps.x: unknown service 'x'"),
    (["visitors", 1, "steps"], {}, None, "visitors[1].steps: expected at least one step"),
    (["visitors", 1, "steps"], [], None, "visitors[1].steps: expected an object"),
    (["visitors", 1, "appointment"], -4, None, "visitors[1].appointment: expected a number ≥ 0"),
    (["visitors", 1, "id"], "V1", None, "visitors[1].id: duplicate id 'V1'"),
    (["visitors", 0], 7, None, "visitors[0]: expected an object"),
]


@pytest.mark.parametrize(("path", "value", "delete", "message"), BAD)
def test_bad_field_is_named(path: list[Any], value: Any, delete: bool | None, message: str) -> None:
    raw = _mutate(path, value, bool(delete))
    with pytest.raises(ScenarioError) as info:
        load_day(raw)
    assert str(info.value).startswith(message), str(info.value)


def test_nan_duration_is_refused() -> None:
    raw = _mutate(["visitors", 0, "steps", "a"], float("nan"))
    with pytest.raises(ScenarioError, match=r"visitors\[0\]\.steps\.a"):
        load_day(raw)


@pytest.mark.parametrize("value", [float("inf"), 1e400, float("-inf")])
def test_infinite_party_size_is_refused_with_the_field_named(value: float) -> None:
    raw = _mutate(["visitors", 0, "party_size"], value)
    with pytest.raises(ScenarioError, match=r"visitors\[0\]\.party_size"):
        load_day(raw)


def test_cyclic_prerequisites_are_refused() -> None:
    raw = base()
    raw["services"][0]["requires"] = ["b"]
    with pytest.raises(ScenarioError) as info:
        load_day(raw)
    assert "cyclic prerequisites" in str(info.value)
    assert "a -> b -> a" in str(info.value) or "b -> a -> b" in str(info.value)


def test_self_prerequisite_is_refused() -> None:
    raw = base()
    raw["services"][0]["requires"] = ["a"]
    with pytest.raises(ScenarioError, match=r"services\[0\]\.requires\[0\]: a service cannot"):
        load_day(raw)


def test_not_an_object() -> None:
    with pytest.raises(ScenarioError, match=r"^\(day\): expected an object"):
        load_day([1, 2])


def test_an_error_carries_path_code_and_params_for_translation() -> None:
    raw = _mutate(["visitors", 1, "steps", "x"], 3)
    with pytest.raises(ScenarioError) as info:
        load_day(raw)
    exc = info.value
    assert (exc.path, exc.code, exc.params) == (
        "visitors[1].steps.x",
        "unknown_service",
        {"service": "x"},
    )
    # The English line of the command line is unchanged.
    assert str(exc) == "visitors[1].steps.x: unknown service 'x'"
    with pytest.raises(ScenarioError) as info:
        load_day(_mutate(["visitors", 1, "appointment"], -4))
    assert (info.value.code, info.value.params) == ("expected_number_min", {"minimum": "0"})
    assert str(info.value) == "visitors[1].appointment: expected a number ≥ 0"


def test_a_plain_message_still_makes_an_error() -> None:
    # A raiser without a code (planner, generator) still works: the message is all there is.
    plain = ScenarioError("skill sets: no allowed set covers a")
    assert (str(plain), plain.path, plain.code, plain.params) == (
        "skill sets: no allowed set covers a",
        "",
        "",
        {},
    )


def test_file_errors_are_one_line(tmp_path: Path) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(ScenarioError, match="invalid JSON at line 1"):
        load_day_file(bad_json)
    with pytest.raises(ScenarioError, match="cannot read file"):
        load_day_file(tmp_path / "missing.json")


def test_find_cycle_names_the_cycle_and_accepts_a_chain() -> None:
    from anlaufstelle.flow.graph import find_cycle

    assert find_cycle({"a": ["b"], "b": ["c"], "c": []}) == []
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"x": [], "a": ["b"], "b": ["a"]}) == ["a", "b", "a"]
    # A long chain is walked without recursion.
    chain = {i: [i + 1] for i in range(5000)}
    assert find_cycle(chain) == []
