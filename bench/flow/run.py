"""Benchmark of the flow core: policies × days, simulator speed, and the planner.

    python bench/flow/run.py [DAY.json ...]

Without arguments it reads the two example days in ../shared/scenarios (relative to the
repository). It prints every figure per policy and day, the time to simulate a generated
10,000-visitor day with the default policy (best of 3), and the planner's result on the city
example at the example's own headcount.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anlaufstelle.flow.cli import figures_table  # noqa: E402
from anlaufstelle.flow.generator import example_forecast, generate_day, scale_forecast  # noqa: E402
from anlaufstelle.flow.planner import plan  # noqa: E402
from anlaufstelle.flow.policies import DEFAULT_POLICY, POLICIES, get_policy  # noqa: E402
from anlaufstelle.flow.scenario import Day, load_day, load_day_file  # noqa: E402
from anlaufstelle.flow.simulator import simulate  # noqa: E402

SCENARIOS = ROOT.parent / "shared" / "scenarios"
DEFAULT_DAYS = [SCENARIOS / "example-city-day.json", SCENARIOS / "example-rural-day.json"]
BIG = 10_000


def big_day(visitors: int = BIG, seed: int = 1) -> Day:
    """A city-like day of exactly ``visitors`` visitors, staff scaled up to match."""
    forecast = example_forecast("leipzig-peak")
    expected = sum(forecast["arrivals_per_hour"][: int(forecast["last_arrival_minutes"] // 60)])
    # Draw a little more than needed, then keep the first `visitors` arrivals.
    factor = visitors / expected
    raw = generate_day(scale_forecast(forecast, factor * 1.05), seed)
    raw["staff"] = scale_forecast(forecast, factor)["staff"]
    raw["interpreters"] = scale_forecast(forecast, factor)["interpreters"]
    raw["visitors"] = raw["visitors"][:visitors]
    raw["name"] = f"generated-city-{visitors}"
    return load_day(raw)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or DEFAULT_DAYS
    started = time.perf_counter()
    days = [load_day_file(p) for p in paths]
    for path, day in zip(paths, days, strict=True):
        print(
            f"== {day.name or path.name}: {len(day.visitors)} visitors, {len(day.staff)} staff, "
            f"{len(day.interpreters)} interpreters"
        )
        results = [simulate(day, get_policy(name)).figures for name in POLICIES]
        print(figures_table(results))
        silo = results[list(POLICIES).index("silo")]
        best = results[list(POLICIES).index(DEFAULT_POLICY)]
        if silo.mean_wait_minutes:
            print(
                f"{DEFAULT_POLICY} / silo mean wait: "
                f"{best.mean_wait_minutes / silo.mean_wait_minutes:.3f}\n"
            )

    day = big_day()
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(3):
        w0, c0 = time.perf_counter(), time.process_time()
        result = simulate(day, get_policy(DEFAULT_POLICY))
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    print(
        f"== speed: {len(day.visitors)} visitors, {len(day.staff)} staff, "
        f"{len(day.interpreters)} interpreters, policy {DEFAULT_POLICY}"
    )
    print(
        f"best of 3: {min(walls):.2f} s wall, {min(cpus):.2f} s CPU "
        f"(served {result.figures.served}, mean wait {result.figures.mean_wait_minutes:.2f} min)\n"
    )

    city = next((d for d in days if d.name == "example-city-day"), None)
    if city is None and DEFAULT_DAYS[0].exists():
        city = load_day_file(DEFAULT_DAYS[0])
    if city is not None:
        own = simulate(city, get_policy("silo")).figures
        p = plan(city, len(city.staff))
        print(f"== planner on {city.name}: headcount {p.headcount}")
        print(f"own staff, silo:          mean wait {own.mean_wait_minutes:.3f} min")
        print(
            f"planned staff, {DEFAULT_POLICY}:    mean wait {p.figures.mean_wait_minutes:.3f} min"
        )
        print(
            f"ratio {p.figures.mean_wait_minutes / own.mean_wait_minutes:.3f} (aim ≤ 0.333); "
            f"served {p.figures.served}/{p.figures.visitors}; {p.seconds:.1f} s, "
            f"{p.evaluations} simulations"
        )
        mix = ", ".join(f"{'+'.join(k)}×{n}" for k, n in p.skill_mix)
        print(f"skill mix: {mix}")
        print("interpreters: " + ", ".join(f"{'+'.join(k)}×{n}" for k, n in p.interpreter_mix))
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
