"""Helpers for the flow tests: tiny hand-made days, and generated days
of two kinds, each with its own staff (so the policy aims are not tested on two files only).

A plain module with a unique name rather than conftest.py, so that ``from flow_helpers import``
cannot pick up another directory's conftest."""

from __future__ import annotations

import math
import random
from typing import Any

from anlaufstelle.flow.generator import example_forecast, generate_day
from anlaufstelle.flow.scenario import Day, load_day


def service(
    sid: str,
    requires: list[str] | None = None,
    typical: float = 5.0,
    factor: float = 0.0,
    agency: str | None = None,
) -> dict[str, Any]:
    return {
        "id": sid,
        "agency": agency or f"agency-of-{sid}",
        "requires": requires or [],
        "typical_minutes": typical,
        "per_person_factor": factor,
    }


def staff(
    sid: str,
    skills: list[str],
    start: float = 0,
    end: float = 100,
    languages: list[str] | None = None,
) -> dict[str, Any]:
    return {"id": sid, "skills": skills, "languages": languages or ["de"], "from": start, "to": end}


def interpreter(
    iid: str, languages: list[str], start: float = 0, end: float = 100
) -> dict[str, Any]:
    return {"id": iid, "languages": languages, "from": start, "to": end}


def visitor(
    vid: str,
    arrival: float,
    steps: dict[str, float],
    *,
    party: int = 1,
    language: str = "uk",
    needs: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": vid,
        "arrival": arrival,
        "party_size": party,
        "language": language,
        "needs_interpreter": needs,
        "steps": steps,
        **extra,
    }


def day_dict(
    services: list[dict[str, Any]],
    staff_rows: list[dict[str, Any]],
    visitors: list[dict[str, Any]],
    interpreters: list[dict[str, Any]] | None = None,
    *,
    walk: float = 0.0,
    opening: float = 100,
    target: float = 45,
) -> dict[str, Any]:
    return {
        "format": "anlaufstelle-scenario/1",
        "name": "test",
        "seed": 0,
        "opening_minutes": opening,
        "target_minutes": target,
        "walk_minutes": walk,
        "services": services,
        "staff": staff_rows,
        "interpreters": interpreters or [],
        "visitors": visitors,
    }


def make_day(*args: Any, **kwargs: Any) -> Day:
    return load_day(day_dict(*args, **kwargs))


# --- generated days of two kinds ------------------------------------------------------------


def _work_per_service(day: dict[str, Any]) -> dict[str, float]:
    work = {s["id"]: 0.0 for s in day["services"]}
    for v in day["visitors"]:
        for sid, minutes in v["steps"].items():
            work[sid] += minutes
    return work


def make_city_day(seed: int) -> Day:
    """A big-city day: arrivals of the Leipzig peak forecast scaled by a random factor, and
    staff per service in proportion to that day's own work at a random target utilisation
    (as a coordinator staffing to a good forecast would), single-skilled as in the city
    example, with plenty of interpreters."""
    rng = random.Random(1000 + seed)
    forecast = example_forecast("leipzig-peak")
    forecast["arrivals_per_hour"] = [
        r * rng.uniform(0.7, 1.1) for r in forecast["arrivals_per_hour"]
    ]
    day = generate_day(forecast, seed)
    shift = day["opening_minutes"]
    utilisation = rng.uniform(0.45, 0.6)
    rows = []
    for sid, minutes in _work_per_service(day).items():
        for _ in range(max(1, math.ceil(minutes / (utilisation * shift)))):
            rows.append(staff(f"S{len(rows) + 1:03d}", [sid], 0, shift, ["de", "en"]))
    day["staff"] = rows
    needing = sum(sum(v["steps"].values()) for v in day["visitors"] if v["needs_interpreter"])
    count = max(1, math.ceil(needing / (0.5 * shift)))
    day["interpreters"] = [
        interpreter(f"I{i + 1:03d}", ["uk", "ru"], 0, shift) for i in range(count)
    ]
    day["name"] = f"generated-city-{seed}"
    return load_day(day)


def make_rural_day(seed: int) -> Day:
    """A rural day short of interpreters: the Burgenland walk-in forecast scaled by a random
    factor, cross-trained staff as in the rural example, and a few interpreters with random
    language profiles, fewer than the interpreting work needs for a relaxed day."""
    rng = random.Random(2000 + seed)
    forecast = example_forecast("burgenland-walk-in")
    forecast["arrivals_per_hour"] = [
        r * rng.uniform(0.8, 1.2) for r in forecast["arrivals_per_hour"]
    ]
    day = generate_day(forecast, seed)
    shift = day["opening_minutes"]
    languages = ["ku", "ar", "ru", "uk", "fa"]
    rng.shuffle(languages)
    # Pair some languages the way real interpreters cover them, leave others single.
    profiles: list[list[str]] = []
    rest = list(languages)
    while rest:
        take = 2 if len(rest) >= 2 and rng.random() < 0.6 else 1
        profiles.append(rest[:take])
        rest = rest[take:]
    needing = sum(sum(v["steps"].values()) for v in day["visitors"] if v["needs_interpreter"])
    count = max(len(profiles), round(needing / (rng.uniform(0.8, 1.1) * shift)))
    day["interpreters"] = [
        interpreter(f"I{i + 1:03d}", profiles[i % len(profiles)], 0, shift) for i in range(count)
    ]
    day["name"] = f"generated-rural-{seed}"
    return load_day(day)
