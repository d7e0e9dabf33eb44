"""The day model (format ``anlaufstelle-scenario/1``) and its validating parser.

A day is read from plain JSON data into frozen dataclasses. Every field documented in
docs/day-format.md is checked; a problem raises :class:`ScenarioError` whose message starts with
the path of the offending field (``visitors[12].steps.benefits: expected a number ≥ 0``), so the
command line and the web layer can show one clear line instead of a traceback. Fields that the
format does not document are ignored, so files written by newer tools with extra optional
fields still load.

``visitors[].priority`` (a number, default 0) is optional: higher is served sooner by policies
that honour it. ``name`` and ``seed`` are information only and may be absent.
"""

from __future__ import annotations

import importlib.resources
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ScenarioError as ScenarioError  # re-exported: raised by this module
from .graph import find_cycle
from .limits import (
    MAX_FILE_BYTES,
    MAX_INTEGER_DIGITS,
    MAX_INTERPRETERS,
    MAX_JSON_DEPTH,
    MAX_LANGUAGES,
    MAX_MINUTES,
    MAX_PARTY_SIZE,
    MAX_PER_PERSON_FACTOR,
    MAX_PRIORITY,
    MAX_SEED,
    MAX_SERVICES,
    MAX_STAFF,
    MAX_VISITORS,
    TIME_DIGITS,
)
from .messages import render

FORMAT = "anlaufstelle-scenario/1"


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    agency: str
    requires: tuple[str, ...]
    typical_minutes: float
    per_person_factor: float

    def expected_minutes(self, party_size: int) -> float:
        """Duration a policy may plan with (docs/day-format.md's formula), never a real one."""
        return self.typical_minutes * (1.0 + self.per_person_factor * (party_size - 1))


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    start: float
    end: float

    def on_shift(self, t: float) -> bool:
        return self.start <= t < self.end


@dataclass(frozen=True, slots=True)
class Interpreter:
    id: str
    languages: tuple[str, ...]
    start: float
    end: float

    def on_shift(self, t: float) -> bool:
        return self.start <= t < self.end


@dataclass(frozen=True, slots=True)
class Visitor:
    id: str
    arrival: float
    party_size: int
    language: str
    needs_interpreter: bool
    # Real minutes per service, in file order. Only the simulator may read these.
    steps: dict[str, float]
    appointment: float | None = None
    priority: float = 0.0

    def lower_bound(self, walk_minutes: float) -> float:
        return sum(self.steps.values()) + walk_minutes * (len(self.steps) - 1)


@dataclass(frozen=True, slots=True)
class Day:
    opening_minutes: float
    target_minutes: float
    walk_minutes: float
    services: tuple[Service, ...]
    staff: tuple[StaffMember, ...]
    interpreters: tuple[Interpreter, ...]
    visitors: tuple[Visitor, ...]
    name: str = ""
    seed: int | None = None
    service_index: dict[str, Service] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.service_index:
            # Frozen dataclass: the index is derived data, filled once here.
            object.__setattr__(self, "service_index", {s.id: s for s in self.services})

    def service(self, service_id: str) -> Service:
        return self.service_index[service_id]

    @property
    def closing_time(self) -> float:
        """When the last shift ends: visitors not finished by then are unserved."""
        return max((s.end for s in self.staff), default=0.0)


# --- parsing helpers -------------------------------------------------------------------------


#: Characters of a value quoted in a message: a message is one line, whatever the file holds.
SHOWN_LENGTH = 120


def _shown(value: object) -> str:
    # Strings are shown as written in the file; a number, null or true as JSON; a list or object
    # by its kind only, since dumping a nested value could take long or recurse deeply.
    if isinstance(value, str):
        text = value
    elif isinstance(value, list):
        text = "[…]"
    elif isinstance(value, Mapping):
        text = "{…}"
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**18:
        text = _huge(value)
    else:
        text = json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split()) if "\n" in text or "\r" in text else text
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _huge(value: int) -> str:
    # Formatting an integer of thousands of digits is slow and Python refuses beyond 4,300.
    return f"{value:.3e}" if abs(value) < 10**300 else ("-" if value < 0 else "") + "1e300+"


def scenario_error(path: str, code: str, **params: object) -> ScenarioError:
    """The error of ``code`` (a key of :data:`~anlaufstelle.flow.messages.MESSAGES`) at
    ``path``, its English line rendered from the one table."""
    shown = {key: _shown(value) for key, value in params.items()}
    detail = render(code, shown)
    return ScenarioError(
        f"{path}: {detail}" if path else detail, path=path, code=code, params=shown
    )


_fail = scenario_error  # the parser's short name for it


def _obj(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, "expected_object")
    return value


def _get(obj: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in obj:
        raise _fail(f"{path}.{key}" if path else key, "missing")
    return obj[key]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _str(obj: Mapping[str, Any], key: str, path: str) -> str:
    value = _get(obj, key, path)
    if not isinstance(value, str) or not value:
        raise _fail(_join(path, key), "expected_nonempty_string")
    return value


def _number(
    value: Any,
    path: str,
    *,
    minimum: float = 0.0,
    maximum: float = MAX_MINUTES,
    strict: bool = False,
    minutes: bool = True,
    ranged: bool = False,
) -> float:
    """A finite number in [minimum, maximum] (``strict``: above minimum). Minutes past the bound
    are said as minutes; ``ranged`` names both bounds in every refusal."""

    def bad() -> ScenarioError:
        if ranged:
            return _fail(
                path, "expected_number_range", minimum=_fmt(minimum), maximum=_fmt(maximum)
            )
        if math.isinf(minimum):
            return _fail(path, "expected_number")
        code = "expected_number_above" if strict else "expected_number_min"
        return _fail(path, code, minimum=_fmt(minimum))

    def over() -> ScenarioError:
        if ranged:
            return bad()
        if minutes:
            return _fail(path, "too_many_minutes", value=_number_shown(value), limit=_fmt(maximum))
        return _fail(path, "expected_number_max", maximum=_fmt(maximum))

    # bool is an int subclass; true/false in a duration field is a mistake, not 1/0.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad()
    # An int is compared as it is: math.isfinite and float() overflow on one of 400 digits.
    if isinstance(value, float) and not math.isfinite(value):
        raise bad()
    if value < minimum or (strict and value == minimum):
        raise bad()
    if value > maximum:
        raise over()
    return float(value)


def _number_shown(value: object) -> str:
    # `object`, not `float`: a compiled module would turn the value into a C double, which an
    # int of hundreds of digits does not fit.
    if isinstance(value, int) and abs(value) >= 10**18:
        return _huge(value)
    return f"{value:g}"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _num(obj: Mapping[str, Any], key: str, path: str, **kw: Any) -> float:
    return _number(_get(obj, key, path), _join(path, key), **kw)


def _int(value: Any, path: str, *, minimum: int, maximum: int) -> int:
    # Non-finite floats (JSON's 1e400 reads as infinity) have no integer value at all.
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not math.isfinite(value))
        or value != int(value)
        or value < minimum
    ):
        raise _fail(path, "expected_integer_min", minimum=minimum)
    if value > maximum:
        raise _fail(path, "expected_integer_range", minimum=minimum, maximum=maximum)
    return int(value)


def _check_count(items: list[Any], path: str, limit: int) -> None:
    if len(items) > limit:
        raise _fail(path, "too_many_entries", count=len(items), limit=limit)


def _str_list(
    obj: Mapping[str, Any], key: str, path: str, *, non_empty: bool, limit: int
) -> tuple[str, ...]:
    value = _get(obj, key, path)
    p = _join(path, key)
    if not isinstance(value, list):
        raise _fail(p, "expected_string_list")
    _check_count(value, p, limit)
    out: list[str] = []
    # A set beside the list: a membership test on the list made long lists quadratic.
    seen: set[str] = set()
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise _fail(f"{p}[{i}]", "expected_nonempty_string")
        if item in seen:
            raise _fail(f"{p}[{i}]", "duplicate", value=item)
        seen.add(item)
        out.append(item)
    if non_empty and not out:
        raise _fail(p, "expected_entry")
    return tuple(out)


def _list(obj: Mapping[str, Any], key: str, limit: int) -> list[Any]:
    value = _get(obj, key, "")
    if not isinstance(value, list):
        raise _fail(key, "expected_list")
    _check_count(value, key, limit)
    return value


def _shift(obj: Mapping[str, Any], path: str) -> tuple[float, float]:
    start = _num(obj, "from", path)
    end = _num(obj, "to", path)
    # Compared on the simulator's clock: a shift of 1e-300 minutes would end as it starts.
    if round(end, TIME_DIGITS) <= round(start, TIME_DIGITS):
        raise _fail(f"{path}.to", "end_before_start", start=_fmt(start))
    return start, end


def _check_unique(ids: list[str], prefix: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise _fail(f"{prefix}[{i}].id", "duplicate_id", id=ident)
        seen.add(ident)


# --- the parser ------------------------------------------------------------------------------


def parse_services(raw: list[Any], prefix: str = "services") -> tuple[Service, ...]:
    """Parse and check a ``services`` list (shared with the forecast format)."""
    _check_count(raw, prefix, MAX_SERVICES)
    services: list[Service] = []
    for i, item in enumerate(raw):
        p = f"{prefix}[{i}]"
        o = _obj(item, p)
        services.append(
            Service(
                id=_str(o, "id", p),
                agency=_str(o, "agency", p),
                requires=_str_list(o, "requires", p, non_empty=False, limit=MAX_SERVICES),
                typical_minutes=_num(o, "typical_minutes", p),
                per_person_factor=_num(
                    o, "per_person_factor", p, maximum=MAX_PER_PERSON_FACTOR, minutes=False
                ),
            )
        )
    if not services:
        raise _fail(prefix, "expected_service")
    _check_unique([s.id for s in services], prefix)
    known = {s.id for s in services}
    for i, s in enumerate(services):
        for j, req in enumerate(s.requires):
            if req not in known:
                raise _fail(f"{prefix}[{i}].requires[{j}]", "unknown_service", service=req)
            if req == s.id:
                raise _fail(f"{prefix}[{i}].requires[{j}]", "requires_itself")
    cycle = find_cycle({s.id: s.requires for s in services})
    if cycle:
        i = next(k for k, s in enumerate(services) if s.id == cycle[0])
        raise _fail(f"{prefix}[{i}].requires", "cyclic_prerequisites", cycle=" -> ".join(cycle))
    return tuple(services)


def parse_staff(raw: list[Any], known: set[str], prefix: str = "staff") -> tuple[StaffMember, ...]:
    _check_count(raw, prefix, MAX_STAFF)
    staff: list[StaffMember] = []
    for i, item in enumerate(raw):
        p = f"{prefix}[{i}]"
        o = _obj(item, p)
        ident = _str(o, "id", p)
        skills = _str_list(o, "skills", p, non_empty=True, limit=MAX_SERVICES)
        for j, sk in enumerate(skills):
            if sk not in known:
                raise _fail(f"{p}.skills[{j}]", "unknown_service", service=sk)
        languages = _str_list(o, "languages", p, non_empty=False, limit=MAX_LANGUAGES)
        start, end = _shift(o, p)
        staff.append(StaffMember(ident, skills, languages, start, end))
    _check_unique([s.id for s in staff], prefix)
    return tuple(staff)


def parse_interpreters(raw: list[Any], prefix: str = "interpreters") -> tuple[Interpreter, ...]:
    _check_count(raw, prefix, MAX_INTERPRETERS)
    out: list[Interpreter] = []
    for i, item in enumerate(raw):
        p = f"{prefix}[{i}]"
        o = _obj(item, p)
        ident = _str(o, "id", p)
        languages = _str_list(o, "languages", p, non_empty=True, limit=MAX_LANGUAGES)
        start, end = _shift(o, p)
        out.append(Interpreter(ident, languages, start, end))
    _check_unique([x.id for x in out], prefix)
    return tuple(out)


def _parse_visitor(item: Any, p: str, known: set[str]) -> Visitor:
    o = _obj(item, p)
    ident = _str(o, "id", p)
    arrival = _num(o, "arrival", p)
    party = _int(_get(o, "party_size", p), f"{p}.party_size", minimum=1, maximum=MAX_PARTY_SIZE)
    language = _str(o, "language", p)
    needs = _get(o, "needs_interpreter", p)
    if not isinstance(needs, bool):
        raise _fail(f"{p}.needs_interpreter", "expected_bool")
    steps_raw = _obj(_get(o, "steps", p), f"{p}.steps")
    if not steps_raw:
        raise _fail(f"{p}.steps", "expected_step")
    steps: dict[str, float] = {}
    for sid, minutes in steps_raw.items():
        if sid not in known:
            # The key is part of the path, which is not shortened like a value: shorten it here.
            raise _fail(f"{p}.steps.{_shown(sid)}", "unknown_service", service=sid)
        steps[sid] = _number(minutes, f"{p}.steps.{sid}")
    appointment = None
    if o.get("appointment") is not None:
        appointment = _num(o, "appointment", p)
    priority = 0.0
    if o.get("priority") is not None:
        priority = _number(
            o["priority"], f"{p}.priority", minimum=-MAX_PRIORITY, maximum=MAX_PRIORITY, ranged=True
        )
    return Visitor(ident, arrival, party, language, needs, steps, appointment, priority)


def load_day(obj: Any) -> Day:
    """Build a :class:`Day` from parsed JSON data, or raise :class:`ScenarioError`."""
    root = _obj(obj, "(day)")
    fmt = _get(root, "format", "")
    if fmt != FORMAT:
        raise _fail("format", "wrong_format", expected=FORMAT, got=fmt)
    name = root.get("name", "")
    if not isinstance(name, str):
        raise _fail("name", "expected_string")
    seed = root.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise _fail("seed", "expected_integer")
    if seed is not None and abs(seed) > MAX_SEED:
        raise _fail("seed", "expected_integer_range", minimum=-MAX_SEED, maximum=MAX_SEED)
    opening = _num(root, "opening_minutes", "", strict=True)
    target = _num(root, "target_minutes", "", strict=True)
    walk = _num(root, "walk_minutes", "")
    services = parse_services(_list(root, "services", MAX_SERVICES))
    known = {s.id for s in services}
    staff = parse_staff(_list(root, "staff", MAX_STAFF), known)
    interpreters = parse_interpreters(_list(root, "interpreters", MAX_INTERPRETERS))
    visitors = tuple(
        _parse_visitor(item, f"visitors[{i}]", known)
        for i, item in enumerate(_list(root, "visitors", MAX_VISITORS))
    )
    _check_unique([v.id for v in visitors], "visitors")
    return Day(
        opening_minutes=opening,
        target_minutes=target,
        walk_minutes=walk,
        services=services,
        staff=staff,
        interpreters=interpreters,
        visitors=visitors,
        name=name,
        seed=seed,
        service_index={s.id: s for s in services},
    )


#: Example days shipped with the package (generated from the forecasts in ``forecasts/``).
# From the package, not this file: a compiled scenario module (flow/native.py) lives elsewhere.
DAYS_DIR = Path(str(importlib.resources.files("anlaufstelle.flow"))) / "days"


def example_day(name: str) -> Day:
    """A day shipped with the package: ``leipzig-peak`` (a city hall at the 2022 peak) or
    ``rural-walk-in`` (a rural agency short of interpreters)."""
    return load_day_file(DAYS_DIR / f"{name}.json")


def load_day_file(path: str | Path) -> Day:
    """Read and parse a day file; unreadable files and bad JSON also raise ScenarioError."""
    return load_day(parse_json(read_text(path), str(path)))


def read_text(path: str | Path) -> str:
    """The text of a day, forecast or skill-set file of at most MAX_FILE_BYTES, or a
    ScenarioError (cannot read, too large, not UTF-8)."""
    try:
        with Path(path).open("rb") as handle:
            # Read one byte past the bound rather than trusting the size a stat reports.
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _fail(str(path), "cannot_read", reason=exc.strerror or str(exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(str(path), "file_too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(str(path), "not_utf8") from None


# Strings (with their escapes) and the brackets outside them: enough to measure nesting.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def _check_depth(text: str, source: str) -> None:
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise _fail(source, "nested_too_deeply", limit=MAX_JSON_DEPTH)
        elif token in "]}":
            depth -= 1


def _long_integer(digits: str) -> int | float:
    # A float instead of an int of hundreds of digits: a bounded field then refuses it by name
    # (and one of thousands of digits becomes infinity rather than Python's ValueError).
    return int(digits) if len(digits) <= MAX_INTEGER_DIGITS else float(digits)


def _constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(text: str, source: str) -> Any:
    """JSON text as data, or a ScenarioError naming the line, the constant or the nesting."""
    if len(text) > MAX_FILE_BYTES:
        raise _fail(source, "file_too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
    _check_depth(text, source)
    try:
        return json.loads(text, parse_int=_long_integer, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise _fail(source, "invalid_json", line=exc.lineno, column=exc.colno) from None
    except ValueError as exc:
        # NaN, Infinity and -Infinity: JSON has no such numbers, Python's parser takes them.
        raise _fail(source, "not_a_json_number", name=str(exc)) from None
    except RecursionError:
        raise _fail(source, "nested_too_deeply", limit=MAX_JSON_DEPTH) from None


# --- writing ----------------------------------------------------------------------------------


def service_to_dict(s: Service) -> dict[str, Any]:
    return {
        "id": s.id,
        "agency": s.agency,
        "requires": list(s.requires),
        "typical_minutes": s.typical_minutes,
        "per_person_factor": s.per_person_factor,
    }


def staff_to_dict(s: StaffMember) -> dict[str, Any]:
    return {
        "id": s.id,
        "skills": list(s.skills),
        "languages": list(s.languages),
        "from": s.start,
        "to": s.end,
    }


def interpreter_to_dict(x: Interpreter) -> dict[str, Any]:
    return {"id": x.id, "languages": list(x.languages), "from": x.start, "to": x.end}


def visitor_to_dict(v: Visitor) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": v.id,
        "arrival": v.arrival,
        "party_size": v.party_size,
        "language": v.language,
        "needs_interpreter": v.needs_interpreter,
        "steps": dict(v.steps),
    }
    if v.appointment is not None:
        out["appointment"] = v.appointment
    if v.priority:
        out["priority"] = v.priority
    return out


def day_to_dict(day: Day) -> dict[str, Any]:
    """The inverse of :func:`load_day` (extra fields of the source file are not kept)."""
    out: dict[str, Any] = {"format": FORMAT, "name": day.name}
    if day.seed is not None:
        out["seed"] = day.seed
    out.update(
        opening_minutes=day.opening_minutes,
        target_minutes=day.target_minutes,
        walk_minutes=day.walk_minutes,
        services=[service_to_dict(s) for s in day.services],
        staff=[staff_to_dict(s) for s in day.staff],
        interpreters=[interpreter_to_dict(x) for x in day.interpreters],
        visitors=[visitor_to_dict(v) for v in day.visitors],
    )
    return out


def with_staff(
    day: Day, staff: tuple[StaffMember, ...], interpreters: tuple[Interpreter, ...] | None = None
) -> Day:
    """The same day with another team (the planner's way to try a staffing)."""
    return Day(
        opening_minutes=day.opening_minutes,
        target_minutes=day.target_minutes,
        walk_minutes=day.walk_minutes,
        services=day.services,
        staff=staff,
        interpreters=day.interpreters if interpreters is None else interpreters,
        visitors=day.visitors,
        name=day.name,
        seed=day.seed,
        service_index=day.service_index,
    )
