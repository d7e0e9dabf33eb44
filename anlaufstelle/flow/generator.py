"""Generate days from a forecast, and derive a forecast from a day.

Forecast format ``anlaufstelle-forecast/1`` (JSON)::

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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .scenario import (
    FORMAT,
    Day,
    ScenarioError,
    _get,
    _num,
    _number,
    _obj,
    interpreter_to_dict,
    parse_interpreters,
    parse_json,
    parse_services,
    parse_staff,
    service_to_dict,
    staff_to_dict,
)

FORECAST_FORMAT = "anlaufstelle-forecast/1"
FORECASTS_DIR = Path(__file__).parent / "forecasts"


def _fail(path: str, message: str) -> ScenarioError:
    # Forecasts are read by the command line only, so their errors stay English without a code.
    return ScenarioError(f"{path}: {message}", path=path)


def _weights(raw: Any, path: str) -> dict[str, float]:
    o = _obj(raw, path)
    out = {str(k): _num(o, k, path) for k in o}
    if not out or sum(out.values()) <= 0:
        raise _fail(path, "expected at least one positive weight")
    return out


def load_forecast(obj: Any) -> dict[str, Any]:
    """Validate a forecast and return it normalised (defaults filled in).

    Raises :class:`ScenarioError` naming the field, like the day parser.
    """
    root = _obj(obj, "(forecast)")
    fmt = _get(root, "format", "")
    if fmt != FORECAST_FORMAT:
        raise _fail("format", f"expected {FORECAST_FORMAT!r}, got {fmt!r}")
    opening = _num(root, "opening_minutes", "", strict=True)
    raw_services = _get(root, "services", "")
    if not isinstance(raw_services, list):
        raise _fail("services", "expected a list")
    services = parse_services(raw_services)
    known = {s.id for s in services}
    staff_raw = root.get("staff", [])
    interp_raw = root.get("interpreters", [])
    if not isinstance(staff_raw, list):
        raise _fail("staff", "expected a list")
    if not isinstance(interp_raw, list):
        raise _fail("interpreters", "expected a list")
    staff = parse_staff(staff_raw, known)
    interpreters = parse_interpreters(interp_raw)

    arrivals = _get(root, "arrivals_per_hour", "")
    if not isinstance(arrivals, list) or not arrivals:
        raise _fail("arrivals_per_hour", "expected a non-empty list of numbers")
    rates = [_number(a, f"arrivals_per_hour[{i}]") for i, a in enumerate(arrivals)]

    concerns = _obj(_get(root, "concerns", ""), "concerns")
    bundles_raw = concerns.get("bundles", [])
    if not isinstance(bundles_raw, list):
        raise _fail("concerns.bundles", "expected a list")
    bundles: list[dict[str, Any]] = []
    for i, b in enumerate(bundles_raw):
        p = f"concerns.bundles[{i}]"
        bo = _obj(b, p)
        sv = _get(bo, "services", p)
        if not isinstance(sv, list):
            raise _fail(f"{p}.services", "expected a list of service ids")
        for j, sid in enumerate(sv):
            if sid not in known:
                raise _fail(f"{p}.services[{j}]", f"unknown service {sid!r}")
        weight = _num(bo, "weight", p) if "weight" in bo else 1.0
        bundles.append({"services": list(dict.fromkeys(sv)), "weight": weight})
    extras: dict[str, float] = {}
    if concerns.get("extras") is not None:
        eo = _obj(concerns["extras"], "concerns.extras")
        for sid in eo:
            if sid not in known:
                raise _fail(f"concerns.extras.{sid}", f"unknown service {sid!r}")
            pr = _num(eo, sid, "concerns.extras")
            if pr > 1:
                raise _fail(f"concerns.extras.{sid}", "expected a probability between 0 and 1")
            extras[sid] = pr
    if not any(b["services"] for b in bundles) and not extras:
        raise _fail("concerns", "expected bundles or extras that name at least one service")

    dur = _obj(root.get("durations", {}), "durations")
    spread = _num(dur, "spread", "durations") if "spread" in dur else 0.45
    mean_factor: dict[str, float] = {}
    spread_by: dict[str, float] = {}
    for key, target in (("mean_factor", mean_factor), ("spread_by_service", spread_by)):
        if dur.get(key) is not None:
            mo = _obj(dur[key], f"durations.{key}")
            for sid in mo:
                if sid not in known:
                    raise _fail(f"durations.{key}.{sid}", f"unknown service {sid!r}")
                target[sid] = _num(mo, sid, f"durations.{key}")
    min_minutes = _num(dur, "min_minutes", "durations") if "min_minutes" in dur else 0.1

    party = _weights(root.get("party_sizes", {"1": 1}), "party_sizes")
    for k in party:
        if not k.isdigit() or int(k) < 1:
            raise _fail(f"party_sizes.{k}", "expected a party size (integer ≥ 1) as key")
    languages = _weights(_get(root, "languages", ""), "languages")
    share_raw = root.get("interpreter_share", 0.0)
    if isinstance(share_raw, Mapping):
        share = {str(k): _num(share_raw, k, "interpreter_share") for k in share_raw}
    else:
        one = _number(share_raw, "interpreter_share")
        share = dict.fromkeys(languages, one)
    for k, v in share.items():
        if v > 1:
            raise _fail(f"interpreter_share.{k}", "expected a share between 0 and 1")
    appointments = {"share": 0.0, "lead_minutes": [0.0, 0.0]}
    if root.get("appointments") is not None:
        ao = _obj(root["appointments"], "appointments")
        a_share = _num(ao, "share", "appointments")
        if a_share > 1:
            raise _fail("appointments.share", "expected a share between 0 and 1")
        lead = ao.get("lead_minutes", [0, 0])
        if (
            not isinstance(lead, list)
            or len(lead) != 2
            or any(isinstance(x, bool) or not isinstance(x, int | float) for x in lead)
            or lead[0] > lead[1]
        ):
            raise _fail("appointments.lead_minutes", "expected [low, high] with low ≤ high")
        appointments = {"share": a_share, "lead_minutes": [float(lead[0]), float(lead[1])]}
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
        "arrivals_per_hour": rates,
        "concerns": {"bundles": bundles, "extras": extras},
        "durations": {
            "spread": spread,
            "mean_factor": mean_factor,
            "spread_by_service": spread_by,
            "min_minutes": min_minutes,
        },
        "party_sizes": party,
        "languages": languages,
        "interpreter_share": share,
        "appointments": appointments,
        "staff": [staff_to_dict(s) for s in staff],
        "interpreters": [interpreter_to_dict(x) for x in interpreters],
    }


def load_forecast_file(path: str | Path) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    return load_forecast(parse_json(text, str(path)))


def example_forecast(name: str = "leipzig-peak") -> dict[str, Any]:
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
        if rate <= 0 or hi <= lo:
            continue
        t = lo
        while True:
            t += rng.expovariate(rate / 60.0)
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
            steps[sid] = round(max(dur["min_minutes"], minutes), 2)
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
                ratios[sid].append(minutes / expected)
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
) -> dict[str, Any]:
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
