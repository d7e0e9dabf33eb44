"""Booked visitors among walk-ins: issue 12's aim on generated days.

    python bench/flow/booked.py [--json] [--share 0.45] [--seeds 5] [--forecast leipzig-peak]

For each seed it draws a day from the forecast with ``--share`` of the visitors booked (booked
time = arrival ± 5 minutes), simulates it under the default policy, then simulates the same
day with every booking removed. It prints ``booked_on_time``, the walk-ins' mean wait, the mean
wait of the day with nobody booked and their ratio (aim: ≥ 0.95 and ≤ 1.2).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anlaufstelle.flow.generator import example_forecast, generate_day  # noqa: E402
from anlaufstelle.flow.policies import DEFAULT_POLICY, get_policy  # noqa: E402
from anlaufstelle.flow.scenario import load_day  # noqa: E402
from anlaufstelle.flow.simulator import simulate  # noqa: E402


def run(forecast_name: str, share: float, seeds: int) -> list[dict[str, Any]]:
    rows = []
    for seed in range(1, seeds + 1):
        forecast = copy.deepcopy(dict(example_forecast(forecast_name)))
        forecast["appointments"] = {"share": share, "lead_minutes": [-5, 5]}
        raw = generate_day(forecast, seed)
        booked = simulate(load_day(raw), get_policy(DEFAULT_POLICY)).figures
        for visitor in raw["visitors"]:
            visitor.pop("appointment", None)
        plain = simulate(load_day(raw), get_policy(DEFAULT_POLICY)).figures
        rows.append(
            {
                "seed": seed,
                "visitors": booked.visitors,
                "booked": booked.booked,
                "booked_on_time": round(booked.booked_on_time, 4),
                "walk_in_mean_wait_minutes": round(booked.walk_in_mean_wait_minutes, 3),
                "unbooked_day_mean_wait_minutes": round(plain.mean_wait_minutes, 3),
                "ratio": round(booked.walk_in_mean_wait_minutes / plain.mean_wait_minutes, 4)
                if plain.mean_wait_minutes
                else None,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--share", type=float, default=0.45)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--forecast", default="leipzig-peak")
    args = parser.parse_args()
    rows = run(args.forecast, args.share, args.seeds)
    if args.json:
        print(json.dumps({"forecast": args.forecast, "share": args.share, "days": rows}))
        return
    keys = list(rows[0])
    print("  ".join(keys))
    for row in rows:
        print("  ".join(str(row[k]) for k in keys))


if __name__ == "__main__":
    main()
