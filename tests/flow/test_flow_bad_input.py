"""Hostile or absurd day files: every one is refused with a coded error naming the field and
the bound of flow/limits.py, never an OverflowError, RecursionError or "math domain error".
The inputs are generated here; nothing large is committed."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from flow_helpers import day_dict, service, staff, visitor

from anlaufstelle.flow import limits
from anlaufstelle.flow.cli import run_generate, run_plan, run_simulate
from anlaufstelle.flow.generator import example_forecast, forecast_from_day, load_forecast
from anlaufstelle.flow.planner import parse_skill_sets, plan, smallest_headcount
from anlaufstelle.flow.scenario import (
    ScenarioError,
    load_day,
    load_day_file,
    parse_json,
)


def base() -> dict[str, Any]:
    return day_dict(
        [service("a"), service("b", ["a"], typical=10, factor=0.5)],
        [staff("S1", ["a"]), staff("S2", ["b"])],
        [
            visitor(f"V{i}", i * 3, {"a": 4 + i % 3, "b": 9 + i % 5}, party=1 + i % 3)
            for i in range(8)
        ],
    )


def _text_with(marker: str, raw: str) -> str:
    """The base day as JSON text, with the number ``123456789`` replaced by ``raw`` verbatim
    (JSON text a dict cannot hold: 1e400, an integer of 5,000 digits, NaN)."""
    return json.dumps(base()).replace(marker, raw, 1)


def _refused(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_day(parse_json(text, "day.json"))
    return caught.value


def _at(field: str, value: Any) -> str:
    """The base day as text with ``visitors[0].<field>`` set to the sentinel 123456789."""
    raw = base()
    target = raw["visitors"][0]
    if field.startswith("steps."):
        target["steps"][field.split(".", 1)[1]] = value
    else:
        target[field] = value
    return json.dumps(raw)


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [
        # 1e400 reads as infinity: no finite number.
        ("arrival", "1e400", "expected_number_min"),
        ("steps.a", "-1e400", "expected_number_min"),
        # An integer of 5,000 digits: Python alone refuses it with a bare ValueError.
        ("steps.a", "9" * 5000, "expected_number_min"),
        # One of 400 digits is past any float; one of 100 is a float past the day's minutes.
        ("arrival", "1" + "0" * 400, "expected_number_min"),
        ("arrival", "1" + "0" * 100, "too_many_minutes"),
        ("arrival", "2881", "too_many_minutes"),
        ("party_size", "1" + "0" * 5000, "expected_integer_min"),
        ("party_size", "51", "expected_integer_range"),
        ("priority", "1e400", "expected_number_range"),
        ("priority", "1001", "expected_number_range"),
    ],
    ids=lambda v: v if len(v) < 20 else f"{v[:5]}…{len(v)}",
)
def test_non_finite_and_huge_numbers_are_refused_by_field(field: str, raw: str, code: str) -> None:
    exc = _refused(_at(field, 123456789).replace("123456789", raw, 1))
    assert exc.code == code
    assert exc.path == f"visitors[0].{field}"
    assert str(exc).startswith(f"visitors[0].{field}: ")
    assert len(str(exc)) < 200 and "\n" not in str(exc)


def test_the_bound_is_named_in_the_message() -> None:
    assert str(_refused(_at("arrival", 5000))) == (
        "visitors[0].arrival: 5000 minutes is more than the 2880 minutes (two days) a day "
        "file may span"
    )
    assert str(_refused(_at("party_size", 51))) == (
        "visitors[0].party_size: expected an integer from 1 to 50"
    )
    assert str(_refused(_at("priority", -1e6))) == (
        "visitors[0].priority: expected a number from -1000 to 1000"
    )


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("services", 0, "per_person_factor"), 1e300, "expected_number_max"),
        (("services", 0, "typical_minutes"), 10**400, "too_many_minutes"),
        (("staff", 0, "to"), 10**5000, "too_many_minutes"),
        (("opening_minutes",), 1e308, "too_many_minutes"),
        (("target_minutes",), 10**30, "too_many_minutes"),
        (("walk_minutes",), 3000, "too_many_minutes"),
        (("seed",), 10**400, "expected_integer_range"),
        (("visitors", 2, "party_size"), 10**400, "expected_integer_range"),
    ],
    ids=lambda v: str(v)[:20] if not isinstance(v, int) else f"int{len(str(abs(v) % 10**9))}",
)
def test_huge_python_numbers_are_refused_without_overflow(
    path: tuple[Any, ...], value: Any, code: str
) -> None:
    # A day built in memory (the session, the generator) never passes through the JSON
    # parser: an int of thousands of digits must be compared, not converted to a float.
    raw = base()
    target: Any = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ScenarioError) as caught:
        load_day(raw)
    assert caught.value.code == code
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("name", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_that_are_not_numbers_are_named(name: str) -> None:
    exc = _refused(_at("arrival", 123456789).replace("123456789", name, 1))
    assert exc.code == "not_a_json_number"
    assert str(exc) == f"day.json: {name} is not a number JSON allows"


@pytest.mark.parametrize("depth", [limits.MAX_JSON_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused_before_the_parser_recurses(depth: int) -> None:
    exc = _refused("[" * depth + "]" * depth)
    assert exc.code == "nested_too_deeply"
    assert str(exc) == "day.json: JSON nested more than 20 levels deep"


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    raw = base()
    raw["name"] = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\\'
    assert load_day(parse_json(json.dumps(raw), "day.json")).name == raw["name"]


def test_a_nested_value_is_shown_briefly_in_a_message() -> None:
    raw = base()
    raw["format"] = [[[["x" * 10_000]]]]
    with pytest.raises(ScenarioError) as caught:
        load_day(raw)
    assert str(caught.value) == "format: expected 'anlaufstelle-scenario/1', got '[…]'"
    raw["format"] = "y" * 10_000
    with pytest.raises(ScenarioError) as caught:
        load_day(raw)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    ("key", "limit"),
    [
        ("visitors", limits.MAX_VISITORS),
        ("staff", limits.MAX_STAFF),
        ("interpreters", limits.MAX_INTERPRETERS),
        ("services", limits.MAX_SERVICES),
    ],
)
def test_lists_longer_than_their_bound_are_refused_before_they_are_read(
    key: str, limit: int
) -> None:
    raw = base()
    # Empty objects: were the entries read one by one, the first would fail on its id.
    raw[key] = [{}] * (limit + 1)
    with pytest.raises(ScenarioError) as caught:
        load_day(raw)
    assert caught.value.code == "too_many_entries"
    assert str(caught.value) == f"{key}: {limit + 1} entries are more than the {limit} allowed"


def test_a_long_requires_list_is_refused_by_its_bound() -> None:
    # The probe's 1.5 MB list: the parser used to compare every entry with every other.
    raw = base()
    raw["services"][1]["requires"] = [f"s{i}" for i in range(150_000)]
    with pytest.raises(ScenarioError) as caught:
        load_day(raw)
    assert caught.value.path == "services[1].requires"
    assert caught.value.code == "too_many_entries"


def test_lists_within_their_bounds_still_find_duplicates() -> None:
    raw = base()
    raw["staff"][0]["languages"] = [f"l{i}" for i in range(limits.MAX_LANGUAGES - 1)] + ["l7"]
    with pytest.raises(ScenarioError, match=r"staff\[0\]\.languages\[199\]: duplicate 'l7'"):
        load_day(raw)


def test_a_file_over_the_size_bound_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (limits.MAX_FILE_BYTES + 1))
    with pytest.raises(ScenarioError) as caught:
        load_day_file(path)
    assert str(caught.value) == f"{path}: the file is larger than 5 MB"


# --- the planner ------------------------------------------------------------------------------


def _tiny_steps_day() -> Any:
    # Steps of 5e-324 minutes against services of 2,880: the ratio underflows to 0, and the
    # forecast of variations took its logarithm ("math domain error", a 500 on /planning/).
    raw = base()
    raw["services"][0]["typical_minutes"] = 2880
    for v in raw["visitors"]:
        v["steps"]["a"] = 5e-324
    raw["visitors"][1]["steps"]["a"] = 2880
    return load_day(raw)


def test_a_day_whose_duration_ratios_underflow_can_be_planned() -> None:
    day = _tiny_steps_day()
    forecast = forecast_from_day(day)
    assert forecast["durations"]["spread"] >= 0
    result = plan(day, 2, variations=1)
    assert result.headcount == 2


@pytest.mark.parametrize(
    ("kwargs", "path", "code"),
    [
        ({"headcount": limits.MAX_HEADCOUNT + 1}, "headcount", "expected_integer_range"),
        ({"headcount": 10**400}, "headcount", "expected_integer_range"),
        ({"target_p90": float("nan")}, "target_p90", "expected_number_above"),
        ({"target_p90": float("inf")}, "target_p90", "expected_number_above"),
        ({"target_p90": 1e300}, "target_p90", "too_many_minutes"),
        ({"variations": 1000}, "variations", "expected_integer_range"),
        ({"interpreter_count": 10**9}, "interpreters", "expected_integer_range"),
    ],
    ids=lambda v: str(v)[:20] if isinstance(v, str) else None,
)
def test_extreme_planning_requests_are_refused(
    kwargs: dict[str, Any], path: str, code: str
) -> None:
    args: dict[str, Any] = {"headcount": 2, **kwargs}
    with pytest.raises(ScenarioError) as caught:
        plan(load_day(base()), **args)
    assert (caught.value.path, caught.value.code) == (path, code)


def test_the_smallest_headcount_refuses_a_nan_target_at_once() -> None:
    with pytest.raises(ScenarioError) as caught:
        smallest_headcount(load_day(base()), float("nan"))
    assert caught.value.path == "target_p90"


def test_too_many_skill_sets_are_refused() -> None:
    day = load_day(base())
    with pytest.raises(ScenarioError) as caught:
        parse_skill_sets([["a"]] * (limits.MAX_SKILL_SETS + 1), day, "sets.json")
    assert caught.value.code == "too_many_entries"


# --- the forecast -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("arrivals_per_hour", 0), 1e9, "expected_number_max"),
        (("arrivals_per_hour", 0), 10**400, "expected_number_max"),
        (("party_sizes",), {"9" * 5000: 1}, "expected_party_size_key"),
        (("party_sizes",), {"51": 1}, "expected_party_size_key"),
        (("languages",), {"uk": 1e300}, "expected_number_max"),
        (("appointments",), {"share": 0.5, "lead_minutes": [0, 1e400]}, "expected_lead_range"),
        (("concerns", "bundles", 0, "services"), [["reception"]], "unknown_service"),
    ],
    ids=lambda v: str(v)[:20] if isinstance(v, str | tuple) else "value",
)
def test_a_forecast_with_absurd_numbers_is_refused(
    path: tuple[Any, ...], value: Any, code: str
) -> None:
    raw: Any = copy.deepcopy(dict(example_forecast("leipzig-peak")))
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ScenarioError) as caught:
        load_forecast(raw)
    assert caught.value.code == code


def test_a_forecast_of_more_hours_than_a_day_file_spans_is_refused() -> None:
    raw: Any = dict(example_forecast("leipzig-peak"))
    raw["arrivals_per_hour"] = [1] * (limits.MAX_MINUTES // 60 + 1)
    with pytest.raises(ScenarioError) as caught:
        load_forecast(raw)
    assert caught.value.code == "too_many_entries"


# --- the command line -------------------------------------------------------------------------


def _run(fn: Any, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = fn(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def _assert_one_line(code: int, out: str, err: str, prog: str, detail: str) -> None:
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.endswith("\n")
    assert err.startswith(f"anlaufstelle {prog}: error: ")
    assert detail in err


BAD_DAY_TEXTS = {
    "nested": ("[" * 100_000 + "]" * 100_000, "JSON nested more than 20 levels deep"),
    "nested objects": ('{"a":' * 50_000 + "1" + "}" * 50_000, "nested more than 20 levels"),
    "long integer": (
        _at("steps.a", 123456789).replace("123456789", "7" * 5000, 1),
        "visitors[0].steps.a: expected a number ≥ 0",
    ),
    "1e400": (
        _at("arrival", 123456789).replace("123456789", "1e400", 1),
        "visitors[0].arrival: expected a number ≥ 0",
    ),
    "NaN": (
        _at("arrival", 123456789).replace("123456789", "NaN", 1),
        "NaN is not a number JSON allows",
    ),
    "too many visitors": (
        json.dumps({**base(), "visitors": [{}] * (limits.MAX_VISITORS + 1)}),
        "visitors: 20001 entries are more than the 20000 allowed",
    ),
    "huge": (" " * (limits.MAX_FILE_BYTES + 1), "the file is larger than 5 MB"),
}


@pytest.mark.parametrize("case", list(BAD_DAY_TEXTS))
@pytest.mark.parametrize(
    ("fn", "prog", "extra"),
    [(run_simulate, "simulate", []), (run_plan, "plan", ["--headcount", "2"])],
)
def test_a_bad_day_file_is_one_line_and_exit_2(
    tmp_path: Path, case: str, fn: Any, prog: str, extra: list[str]
) -> None:
    text, detail = BAD_DAY_TEXTS[case]
    path = tmp_path / "day.json"
    path.write_text(text, encoding="utf-8")
    _assert_one_line(*_run(fn, [str(path), *extra]), prog, detail)


def test_a_deeply_nested_forecast_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "forecast.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = _run(run_generate, ["--forecast", str(path)])
    _assert_one_line(*result, "generate", "JSON nested more than 20 levels deep")


def test_a_deeply_nested_skill_sets_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    day = tmp_path / "day.json"
    day.write_text(json.dumps(base()), encoding="utf-8")
    sets = tmp_path / "sets.json"
    sets.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = _run(run_plan, [str(day), "--headcount", "2", "--skill-sets", str(sets)])
    _assert_one_line(*result, "plan", f"{sets}: JSON nested more than 20 levels deep")


@pytest.mark.parametrize(
    ("argv", "detail"),
    [
        (["--headcount", "1000000"], "--headcount: expected an integer from 1 to 300"),
        (["--headcount", "9" * 4000], "--headcount: expected an integer from 1 to 300"),
        (["--target-p90", "nan"], "--target-p90: expected a number > 0"),
        (["--target-p90", "inf"], "--target-p90: expected a number from 0 to 2880"),
        (["--target-p90", "1e400"], "--target-p90: expected a number from 0 to 2880"),
        (["--headcount", "2", "--variations", "1000"], "--variations: expected an integer"),
        (["--headcount", "2", "--interpreters", "10000000"], "--interpreters: expected an"),
        (["--headcount", "2", "--seed", "1" + "0" * 30], "--seed: expected an integer from"),
    ],
    ids=lambda v: " ".join(v)[:40] if isinstance(v, list) else "",
)
def test_extreme_plan_options_are_one_line_and_exit_2(
    tmp_path: Path, argv: list[str], detail: str
) -> None:
    day = tmp_path / "day.json"
    day.write_text(json.dumps(base()), encoding="utf-8")
    _assert_one_line(*_run(run_plan, [str(day), *argv]), "plan", detail)


def test_a_huge_seed_for_generate_is_one_line_and_exit_2() -> None:
    result = _run(run_generate, ["--forecast", "leipzig-peak", "--seed", "9" * 4000])
    _assert_one_line(*result, "generate", "--seed: expected an integer from")


def test_the_day_that_made_the_planner_fail_is_planned_on_the_command_line(
    tmp_path: Path,
) -> None:
    from anlaufstelle.flow.scenario import day_to_dict

    path = tmp_path / "day.json"
    path.write_text(json.dumps(day_to_dict(_tiny_steps_day())), encoding="utf-8")
    code, out, err = _run(run_plan, [str(path), "--headcount", "2", "--variations", "1"])
    assert (code, err) == (0, "")
    assert out.startswith("headcount 2")


def test_an_endless_unknown_step_is_named_on_one_short_line() -> None:
    raw = base()
    raw["visitors"][0]["steps"] = {"x" * 1_000_000 + "\n": 1}
    with pytest.raises(ScenarioError) as caught:
        load_day(raw)
    assert caught.value.code == "unknown_service"
    assert len(str(caught.value)) < 300 and "\n" not in str(caught.value)


@pytest.mark.parametrize("end", [5e-324, 1e-10])
def test_a_shift_shorter_than_the_clock_is_refused(end: float) -> None:
    # The simulator rounds times to 1e-9 minutes: such a shift ended as it started, and the
    # hall refused to sign off someone never signed on (HallError, a traceback).
    raw = base()
    raw["staff"][0]["from"] = 0
    raw["staff"][0]["to"] = end
    with pytest.raises(ScenarioError) as caught:
        load_day(raw)
    assert (caught.value.path, caught.value.code) == ("staff[0].to", "end_before_start")


def test_a_rate_that_underflows_per_minute_draws_nobody_in_that_hour() -> None:
    from anlaufstelle.flow.generator import generate_day

    raw: Any = copy.deepcopy(dict(example_forecast("leipzig-peak")))
    raw["arrivals_per_hour"] = [5e-324, 60]
    day = generate_day(raw, 1)
    assert day["visitors"] and all(v["arrival"] >= 60 for v in day["visitors"])
