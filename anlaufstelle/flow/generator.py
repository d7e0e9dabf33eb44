"""Generate days from a forecast, and derive a forecast from a day.

Forecast format ``anlaufstelle-forecast/1`` (JSON; docs/day-format.md describes every field)::

    {
      "format": "anlaufstelle-forecast/1",
      "name": "leipzig-peak",                     # optional, copied into generated days
      "opening_minutes": 540,
      "target_minutes": 45,
      "walk_minutes": 0.5,
      "last_arrival_minutes": 420,                # optional: nobody arrives later (default:
                                                  # opening_minutes)
      "services": [ ...exactly as in the day format... ],
      "arrivals_per_hour": [55, 63, 86, ...],     # expected walk-ins per hour from opening
                                                  # (a Poisson process, piecewise constant)
      "concerns": {
        "bundles": [                              # each visitor draws one bundle by weight
          {"services": ["reception", "registration", "residence"], "weight": 3},
          ...
        ],
        "extras": {"bank": 0.6, "jobs": 0.4}      # optional: each added independently with
      },                                          # this probability
      "durations": {                              # real minutes are lognormal around the
        "spread": 0.47,                           # expected duration (typical_minutes × party
        "mean_factor": {"housing": 1.07},         # factor × mean_factor); spread = sigma of
        "spread_by_service": {"housing": 0.53},   # log(real/expected); per service optional
        "min_minutes": 0.1
      },
      "party_sizes": {"1": 0.7, "2": 0.22, "3": 0.04},   # weights
      "languages": {"uk": 0.53, "ru": 0.47},             # weights
      "interpreter_share": {"uk": 0.39, "ru": 0.42},     # share needing one, per language
                                                         # (a number applies to all)
      "appointments": {"share": 0.45, "lead_minutes": [-5, 5]},  # optional; the appointment
                                                  # is arrival + uniform(lead) (people come
                                                  # a little early or late)
      "staff": [ ...day format... ],
      "interpreters": [ ...day format... ]
    }

Numbers in generated days are rounded to 0.01 minutes. The same forecast and seed always give
the same day (``random.Random(seed)``, no global state).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict

from .limits import MAX_ARRIVALS_PER_HOUR, MAX_MINUTES, MAX_PARTY_SIZE, MAX_SERVICES, MAX_WEIGHT
from .scenario import (
    FORMAT,
    Day,
    Interpreter,
    Service,
    StaffMember,
    _check_count,
    _get,
    _list,
    _num,
    _number,
    _obj,
    interpreter_to_dict,
    parse_interpreters,
    parse_json,
    parse_services,
    parse_staff,
    read_text,
    scenario_error,
    service_to_dict,
    staff_to_dict,
)

FORECAST_FORMAT = "anlaufstelle-forecast/1"
FORECASTS_DIR = Path(__file__).parent / "forecasts"


class Bundle(TypedDict):
    services: list[str]
    weight: float


class Concerns(TypedDict):
    bundles: list[Bundle]
    extras: dict[str, float]  # service id → probability


class Durations(TypedDict):
    spread: float
    mean_factor: dict[str, float]
    spread_by_service: dict[str, float]
    min_minutes: float


class Appointments(TypedDict):
    share: float
    lead_minutes: list[float]  # [low, high]


class Forecast(TypedDict):
    """A checked forecast with every default filled in (still plain JSON data)."""

    format: str
    name: str
    opening_minutes: float
    target_minutes: float
    walk_minutes: float
    last_arrival_minutes: float
    services: list[dict[str, Any]]
    arrivals_per_hour: list[float]
    concerns: Concerns
    durations: Durations
    party_sizes: dict[str, float]
    languages: dict[str, float]
    interpreter_share: dict[str, float]
    appointments: Appointments
    staff: list[dict[str, Any]]
    interpreters: list[dict[str, Any]]


def _known(known: set[str], sid: Any, path: str) -> str:
    # A list or object in place of an id cannot even be looked up in a set (unhashable).
    if not isinstance(sid, str) or sid not in known:
        raise scenario_error(path, "unknown_service", service=sid)
    return str(sid)


def _share(obj: Mapping[str, Any], key: str, path: str) -> float:
    # A probability, share, factor or spread: any finite number ≥ 0 (_fraction bounds shares).
    return _num(obj, key, path, maximum=math.inf, minutes=False)


def _fraction(value: float, path: str, code: str) -> float:
    if value > 1:
        raise scenario_error(path, code)
    return value


def _optional_list(root: Mapping[str, Any], key: str) -> list[Any]:
    value = root.get(key, [])
    if not isinstance(value, list):
        raise scenario_error(key, "expected_list")
    return value


def _weights(raw: Any, path: str) -> dict[str, float]:
    o = _obj(raw, path)
    out = {str(k): _num(o, k, path, maximum=MAX_WEIGHT, minutes=False) for k in o}
    if not out or sum(out.values()) <= 0:
        raise scenario_error(path, "expected_positive_weight")
    return out


def _arrivals(root: Mapping[str, Any]) -> list[float]:
    arrivals = _get(root, "arrivals_per_hour", "")
    if not isinstance(arrivals, list) or not arrivals:
        raise scenario_error("arrivals_per_hour", "expected_number_list")
    # One entry per hour of a day file's span; nobody arrives after that.
    _check_count(arrivals, "arrivals_per_hour", MAX_MINUTES // 60)
    return [
        _number(a, f"arrivals_per_hour[{i}]", maximum=MAX_ARRIVALS_PER_HOUR, minutes=False)
        for i, a in enumerate(arrivals)
    ]


def _bundle(raw: Any, path: str, known: set[str]) -> Bundle:
    o = _obj(raw, path)
    services = _get(o, "services", path)
    if not isinstance(services, list):
        raise scenario_error(f"{path}.services", "expected_service_ids")
    ids = [_known(known, sid, f"{path}.services[{j}]") for j, sid in enumerate(services)]
    weight = _num(o, "weight", path, maximum=MAX_WEIGHT, minutes=False) if "weight" in o else 1.0
    return {"services": list(dict.fromkeys(ids)), "weight": weight}


def _concerns(root: Mapping[str, Any], known: set[str]) -> Concerns:
    concerns = _obj(_get(root, "concerns", ""), "concerns")
    raw_bundles = concerns.get("bundles", [])
    if not isinstance(raw_bundles, list):
        raise scenario_error("concerns.bundles", "expected_list")
    bundles = [_bundle(b, f"concerns.bundles[{i}]", known) for i, b in enumerate(raw_bundles)]
    extras: dict[str, float] = {}
    if concerns.get("extras") is not None:
        eo = _obj(concerns["extras"], "concerns.extras")
        for sid in eo:
            path = f"concerns.extras.{sid}"
            _known(known, sid, path)
            share = _share(eo, sid, "concerns.extras")
            extras[sid] = _fraction(share, path, "expected_probability")
    if not any(b["services"] for b in bundles) and not extras:
        raise scenario_error("concerns", "expected_concerns")
    return {"bundles": bundles, "extras": extras}


def _per_service(dur: Mapping[str, Any], key: str, known: set[str]) -> dict[str, float]:
    if dur.get(key) is None:
        return {}
    o = _obj(dur[key], f"durations.{key}")
    return {
        _known(known, sid, f"durations.{key}.{sid}"): _share(o, sid, f"durations.{key}")
        for sid in o
    }


def _durations(raw: Any, known: set[str]) -> Durations:
    dur = _obj(raw, "durations")
    return {
        "spread": _share(dur, "spread", "durations") if "spread" in dur else 0.45,
        "mean_factor": _per_service(dur, "mean_factor", known),
        "spread_by_service": _per_service(dur, "spread_by_service", known),
        "min_minutes": _num(dur, "min_minutes", "durations") if "min_minutes" in dur else 0.1,
    }


def _party_sizes(raw: Any) -> dict[str, float]:
    party = _weights(raw, "party_sizes")
    for k in party:
        # The length first: int() of a key of thousands of digits is slow, then refused.
        if not k.isdigit() or len(k) > 6 or not 1 <= int(k) <= MAX_PARTY_SIZE:
            raise scenario_error(f"party_sizes.{k}", "expected_party_size_key")
    return party


def _interpreter_share(raw: Any, languages: Mapping[str, float]) -> dict[str, float]:
    """The share needing an interpreter per language; one number applies to every language."""
    if isinstance(raw, Mapping):
        share = {str(k): _share(raw, k, "interpreter_share") for k in raw}
    else:
        share = dict.fromkeys(
            languages, _number(raw, "interpreter_share", maximum=math.inf, minutes=False)
        )
    for k, v in share.items():
        _fraction(v, f"interpreter_share.{k}", "expected_share")
    return share


def _appointments(raw: Any) -> Appointments:
    if raw is None:
        return {"share": 0.0, "lead_minutes": [0.0, 0.0]}
    ao = _obj(raw, "appointments")
    share = _fraction(_share(ao, "share", "appointments"), "appointments.share", "expected_share")
    lead = ao.get("lead_minutes", [0, 0])
    if (
        not isinstance(lead, list)
        or len(lead) != 2
        or any(isinstance(x, bool) or not isinstance(x, int | float) for x in lead)
        # Also refuses infinity and NaN, and compares an int of 400 digits without overflow.
        or not all(-MAX_MINUTES <= x <= MAX_MINUTES for x in lead)
        or lead[0] > lead[1]
    ):
        raise scenario_error("appointments.lead_minutes", "expected_lead_range")
    return {"share": share, "lead_minutes": [float(lead[0]), float(lead[1])]}


def load_forecast(obj: Any) -> Forecast:
    """Check a forecast and return it with every default filled in.

    Raises :class:`ScenarioError` with the field's path and a code, like the day parser.
    """
    root = _obj(obj, "(forecast)")
    fmt = _get(root, "format", "")
    if fmt != FORECAST_FORMAT:
        raise scenario_error("format", "wrong_format", expected=FORECAST_FORMAT, got=fmt)
    opening = _num(root, "opening_minutes", "", strict=True)
    services = parse_services(_list(root, "services", MAX_SERVICES))
    known = {s.id for s in services}
    staff = parse_staff(_optional_list(root, "staff"), known)
    interpreters = parse_interpreters(_optional_list(root, "interpreters"))
    arrivals = _arrivals(root)
    concerns = _concerns(root, known)
    durations = _durations(root.get("durations", {}), known)
    party_sizes = _party_sizes(root.get("party_sizes", {"1": 1}))
    languages = _weights(_get(root, "languages", ""), "languages")
    share = _interpreter_share(root.get("interpreter_share", 0.0), languages)
    appointments = _appointments(root.get("appointments"))
    last_arrival = opening
    if root.get("last_arrival_minutes") is not None:
        last_arrival = _num(root, "last_arrival_minutes", "")
    return {
        "format": FORECAST_FORMAT,
        "name": str(root.get("name", "forecast")),
        "opening_minutes": opening,
        "target_minutes": _num(root, "target_minutes", "", strict=True),
        "walk_minutes": _num(root, "walk_minutes", ""),
        "last_arrival_minutes": last_arrival,
        "services": [service_to_dict(s) for s in services],
        "arrivals_per_hour": arrivals,
        "concerns": concerns,
        "durations": durations,
        "party_sizes": party_sizes,
        "languages": languages,
        "interpreter_share": share,
        "appointments": appointments,
        "staff": [staff_to_dict(s) for s in staff],
        "interpreters": [interpreter_to_dict(x) for x in interpreters],
    }


def load_forecast_file(path: str | Path) -> Forecast:
    return load_forecast(parse_json(read_text(path), str(path)))


def example_forecast(name: str = "leipzig-peak") -> Forecast:
    """A forecast shipped with the package (``anlaufstelle/flow/forecasts/NAME.json``)."""
    return load_forecast_file(FORECASTS_DIR / f"{name}.json")


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def generate_day(forecast: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """A day in the scenario file format, drawn from the forecast with the given seed."""
    fc = load_forecast(forecast)
    rng = random.Random(seed)
    services = {s["id"]: s for s in fc["services"]}
    order = [s["id"] for s in fc["services"]]
    bundles = fc["concerns"]["bundles"]
    extras = fc["concerns"]["extras"]
    dur = fc["durations"]
    last = min(fc["last_arrival_minutes"], fc["opening_minutes"])
    arrivals: list[float] = []
    for hour, rate in enumerate(fc["arrivals_per_hour"]):
        lo = hour * 60.0
        hi = min(lo + 60.0, last)
        per_minute = rate / 60.0
        # A rate of 5e-324 an hour is positive, but per minute it underflows to 0.
        if per_minute <= 0 or hi <= lo:
            continue
        t = lo
        while True:
            t += rng.expovariate(per_minute)
            if t >= hi:
                break
            arrivals.append(round(t, 2))
    visitors: list[dict[str, Any]] = []
    for n, arrival in enumerate(arrivals, start=1):
        chosen: set[str] = set()
        if bundles:
            b = rng.choices(bundles, weights=[x["weight"] for x in bundles])[0]
            chosen.update(b["services"])
        for sid, pr in extras.items():
            if rng.random() < pr:
                chosen.add(sid)
        if not chosen:
            # Everybody came for something; fall back to the first service.
            chosen.add(order[0])
        party = int(_pick(rng, fc["party_sizes"]))
        language = _pick(rng, fc["languages"])
        needs = rng.random() < fc["interpreter_share"].get(language, 0.0)
        steps: dict[str, float] = {}
        for sid in order:
            if sid not in chosen:
                continue
            s = services[sid]
            mean = (
                s["typical_minutes"]
                * (1 + s["per_person_factor"] * (party - 1))
                * dur["mean_factor"].get(sid, 1.0)
            )
            sigma = dur["spread_by_service"].get(sid, dur["spread"])
            if mean <= 0:
                minutes = 0.0
            else:
                minutes = rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)
            # A lognormal draw has no upper bound; a day file has (and a draw of two days is
            # many standard deviations away for any real service).
            steps[sid] = round(min(MAX_MINUTES, max(dur["min_minutes"], minutes)), 2)
        visitor: dict[str, Any] = {
            "id": f"V{n:05d}",
            "arrival": arrival,
            "party_size": party,
            "language": language,
            "needs_interpreter": needs,
            "steps": steps,
        }
        appt = fc["appointments"]
        if appt["share"] and rng.random() < appt["share"]:
            lo_l, hi_l = appt["lead_minutes"]
            visitor["appointment"] = round(max(0.0, arrival + rng.uniform(lo_l, hi_l)), 2)
        visitors.append(visitor)
    return {
        "format": FORMAT,
        "name": f"{fc['name']}-seed{seed}",
        "seed": seed,
        "opening_minutes": fc["opening_minutes"],
        "target_minutes": fc["target_minutes"],
        "walk_minutes": fc["walk_minutes"],
        "services": fc["services"],
        "staff": fc["staff"],
        "interpreters": fc["interpreters"],
        "visitors": visitors,
    }


def forecast_from_day(day: Day) -> dict[str, Any]:
    """Estimate a forecast from a day, so the planner can draw variations of it.

    Arrivals per hour are the day's counts; each distinct set of steps becomes a bundle
    weighted by how often it occurs; durations keep the mean ratio of real to expected minutes
    and the spread of its logarithm per service; party sizes, languages, the share needing an
    interpreter per language and the appointment share and lead times are the day's own.
    """
    hours = max(1, math.ceil(day.opening_minutes / 60))
    counts = [0] * hours
    for v in day.visitors:
        counts[min(hours - 1, int(v.arrival // 60))] += 1
    bundle_counts = Counter(
        tuple(s.id for s in day.services if s.id in v.steps) for v in day.visitors
    )
    ratios: dict[str, list[float]] = {s.id: [] for s in day.services}
    for v in day.visitors:
        for sid, minutes in v.steps.items():
            expected = day.service(sid).expected_minutes(v.party_size)
            if expected > 0 and minutes > 0:
                ratio = minutes / expected
                # A ratio of a tiny step to a long service underflows to 0 (or the reverse
                # overflows), and its logarithm below fails with "math domain error".
                if 0 < ratio < math.inf:
                    ratios[sid].append(ratio)
    mean_factor: dict[str, float] = {}
    spread_by: dict[str, float] = {}
    all_logs: list[float] = []
    for sid, rs in ratios.items():
        if len(rs) >= 2:
            logs = [math.log(r) for r in rs]
            all_logs.extend(logs)
            mu = sum(logs) / len(logs)
            mean_factor[sid] = round(sum(rs) / len(rs), 4)
            spread_by[sid] = round(math.sqrt(sum((x - mu) ** 2 for x in logs) / (len(logs) - 1)), 4)
    spread = 0.45
    if len(all_logs) >= 2:
        mu = sum(all_logs) / len(all_logs)
        spread = round(math.sqrt(sum((x - mu) ** 2 for x in all_logs) / (len(all_logs) - 1)), 4)
    languages = Counter(v.language for v in day.visitors)
    needing = Counter(v.language for v in day.visitors if v.needs_interpreter)
    parties = Counter(str(v.party_size) for v in day.visitors)
    with_appt = [v for v in day.visitors if v.appointment is not None]
    leads = [v.appointment - v.arrival for v in with_appt if v.appointment is not None]
    last = max((v.arrival for v in day.visitors), default=day.opening_minutes)
    return {
        "format": FORECAST_FORMAT,
        "name": day.name or "day",
        "opening_minutes": day.opening_minutes,
        "target_minutes": day.target_minutes,
        "walk_minutes": day.walk_minutes,
        # Rounded up to the next quarter hour so a variation can arrive a little later too.
        "last_arrival_minutes": min(day.opening_minutes, math.ceil(last / 15 + 1e-9) * 15),
        "services": [service_to_dict(s) for s in day.services],
        "arrivals_per_hour": counts,
        "concerns": {
            "bundles": [
                {"services": list(b), "weight": c} for b, c in bundle_counts.most_common() if b
            ],
        },
        "durations": {"spread": spread, "mean_factor": mean_factor, "spread_by_service": spread_by},
        "party_sizes": dict(sorted(parties.items(), key=lambda kv: int(kv[0]))),
        "languages": dict(languages.most_common()) or {"de": 1},
        "interpreter_share": {lang: round(needing[lang] / n, 4) for lang, n in languages.items()},
        "appointments": {
            "share": round(len(with_appt) / len(day.visitors), 4) if day.visitors else 0.0,
            "lead_minutes": [round(min(leads), 2), round(max(leads), 2)] if leads else [0, 0],
        },
        "staff": [staff_to_dict(s) for s in day.staff],
        "interpreters": [interpreter_to_dict(x) for x in day.interpreters],
    }


def scale_forecast(
    forecast: Mapping[str, Any], factor: float, *, scale_staff: bool = True
) -> Forecast:
    """Multiply arrivals by ``factor`` and, unless told not to, the staff and interpreters too.

    The staff list is repeated (ids get a suffix) and trimmed to round(len × factor), so the
    mix of skills and languages stays as it was.
    """
    fc = load_forecast(forecast)
    fc["arrivals_per_hour"] = [r * factor for r in fc["arrivals_per_hour"]]
    if scale_staff:
        for key in ("staff", "interpreters"):
            rows = fc[key]
            want = max(1, round(len(rows) * factor)) if rows else 0
            out: list[dict[str, Any]] = []
            copy = 0
            while len(out) < want:
                for row in rows:
                    if len(out) >= want:
                        break
                    new = dict(row)
                    new["id"] = row["id"] if copy == 0 else f"{row['id']}-{copy}"
                    out.append(new)
                copy += 1
            fc[key] = out
    return fc


def sized_day(forecast: Mapping[str, Any], visitors: int, seed: int = 1) -> dict[str, Any]:
    """A day of exactly ``visitors`` visitors from the forecast, its staff and interpreters
    scaled to match (the benchmark's large days)."""
    hours = int(forecast.get("last_arrival_minutes", forecast["opening_minutes"]) // 60)
    expected = sum(forecast["arrivals_per_hour"][:hours])
    factor = visitors / expected
    # Draw a little more than needed, then keep the first `visitors` arrivals.
    day = generate_day(scale_forecast(forecast, factor * 1.05), seed)
    scaled = scale_forecast(forecast, factor)
    day["staff"] = scaled["staff"]
    day["interpreters"] = scaled["interpreters"]
    day["visitors"] = day["visitors"][:visitors]
    day["name"] = f"generated-{forecast.get('name', 'day')}-{visitors}"
    return day


def forecast_for_centre(
    pattern: Mapping[str, Any],
    *,
    services: Sequence[Service],
    staff: Sequence[StaffMember],
    interpreters: Sequence[Interpreter],
    name: str = "",
) -> Forecast:
    """The visitors of ``pattern`` (arrivals over the day, concerns, languages, party sizes,
    durations) at a centre with its own services, staff and interpreters.

    Concerns the centre does not offer are left out of each bundle (a bundle left empty is
    dropped), and arrivals are scaled by the centre's staff against the pattern's, so that each
    person has as much to do as in the pattern. The staff work the pattern's opening hours.
    Raises ``ScenarioError`` (code ``no_common_concerns``) when the centre offers none of the
    concerns the pattern's visitors come with, or has no staff."""
    fc = load_forecast(pattern)
    offered = {s.id for s in services}
    bundles: list[Bundle] = []
    for b in fc["concerns"]["bundles"]:
        kept = [sid for sid in b["services"] if sid in offered]
        if kept:
            bundles.append({"services": kept, "weight": b["weight"]})
    if not bundles or not staff:
        raise scenario_error("concerns", "no_common_concerns")
    durations = fc["durations"]
    opening = fc["opening_minutes"]
    factor = len(staff) / len(fc["staff"]) if fc["staff"] else 1.0
    return load_forecast(
        {
            **fc,
            "name": name or fc["name"],
            "services": [service_to_dict(s) for s in services],
            "arrivals_per_hour": [r * factor for r in fc["arrivals_per_hour"]],
            "concerns": {
                "bundles": bundles,
                "extras": {k: p for k, p in fc["concerns"]["extras"].items() if k in offered},
            },
            "durations": {
                **durations,
                "mean_factor": {k: v for k, v in durations["mean_factor"].items() if k in offered},
                "spread_by_service": {
                    k: v for k, v in durations["spread_by_service"].items() if k in offered
                },
            },
            "staff": [
                staff_to_dict(StaffMember(m.id, m.skills, m.languages, 0.0, opening)) for m in staff
            ],
            "interpreters": [
                interpreter_to_dict(Interpreter(x.id, x.languages, 0.0, opening))
                for x in interpreters
            ],
        }
    )
