"""Fuzzing the day-file parser: any JSON, and valid days with one part replaced by anything,
give a day (that the simulator then replays) or a ScenarioError with a message, never any other
exception; on the command line, exit code 2 and one line."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anlaufstelle.flow import get_policy
from anlaufstelle.flow.scenario import DAYS_DIR, ScenarioError, load_day, parse_json
from anlaufstelle.flow.simulator import simulate

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same inputs in every run, so CI never fails by chance
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE_NUMBERS = st.sampled_from(
    [10**400, -(10**400), 2**63, -1, 0, 0.5, -0.0, 1e308, 10**20, 1441, 2881]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    HOSTILE_NUMBERS,
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "\u202e", "x" * 5000, "anlaufstelle-day/1", "reception", "uk"]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)
RURAL: dict[str, Any] = json.loads((DAYS_DIR / "rural-walk-in.json").read_text())
# A small valid day to mutate: the rural day's organisation and its first visitors.
SMALL = {**RURAL, "visitors": RURAL["visitors"][:25]}


def _parse(text: str) -> None:
    try:
        day = load_day(parse_json(text, "fuzz.json"))
    except ScenarioError as exc:
        assert str(exc).strip(), "a refusal says why"
        return
    simulate(day, get_policy("pooled"))


@FUZZ
@given(JSON)
def test_any_json_is_a_day_or_a_clear_refusal(value: Any) -> None:
    _parse(json.dumps(value))


@FUZZ
@given(st.text(max_size=200))
def test_any_text_is_a_day_or_a_clear_refusal(text: str) -> None:
    _parse(text)


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):
            found += _paths(value, (*path, index))
    return found


PATHS = _paths(SMALL)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON), min_size=1, max_size=3))
def test_a_valid_day_with_parts_replaced_is_a_day_or_a_clear_refusal(changes: list) -> None:
    day = copy.deepcopy(SMALL)
    for path, value in changes:
        if not path:
            day = value
            continue
        node = day
        try:
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this part
    _parse(json.dumps(day))


def _get(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


NAMES = sorted({service["id"] for service in SMALL["services"]}) + ["de", "uk", "ar", "fa", ""]


def _like(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same kind as `value`, mostly plausible, sometimes at the edges."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(min_value=-2, max_value=3000) | HOSTILE_NUMBERS
    if isinstance(value, float):
        return st.floats(min_value=-1, max_value=3000, allow_nan=False)
    if isinstance(value, str):
        return st.sampled_from(NAMES) | st.text(max_size=12)
    if isinstance(value, list):
        return st.lists(st.sampled_from(value), max_size=len(value) + 2) if value else st.just([])
    return JSON


@FUZZ
@given(st.data())
def test_a_valid_day_with_plausible_changes_is_replayed_or_refused(data: st.DataObject) -> None:
    # Same kinds of values as the valid day holds: most such days parse, and the simulator
    # must then replay them without failing.
    day = copy.deepcopy(SMALL)
    for path in data.draw(st.lists(st.sampled_from(PATHS[1:]), min_size=1, max_size=4)):
        try:
            parent, current = _get(day, path[:-1]), _get(day, path)
        except (KeyError, IndexError, TypeError):
            continue
        parent[path[-1]] = data.draw(_like(current))
    _parse(json.dumps(day))


def test_the_command_line_refuses_hostile_days_in_one_line(tmp_path: Path) -> None:
    cases = {
        "deep.json": "[" * 5000 + "]" * 5000,
        "huge-number.json": json.dumps({**SMALL, "opening_minutes": 10**400}),
        "nan.json": '{"format": "anlaufstelle-day/1", "opening_minutes": NaN}',
        "not-utf8.json": b"\xff\xfe\x00garbage",
        "wrong-types.json": json.dumps({**SMALL, "visitors": {"a": 1}}),
    }
    for name, content in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        done = subprocess.run(
            [sys.executable, "-m", "anlaufstelle.cli", "simulate", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 2, (name, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, (name, done.stderr)
