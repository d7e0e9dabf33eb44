"""Benchmark of the flow core: policies × days, simulator speed, and the planner.

    python bench/flow/run.py [--json] [--repeat N] [--skip-plan] [DAY.json ...]

Without day files it runs the two example days shipped in ``anlaufstelle/flow/days``. It prints
every figure per policy and day; the time to simulate a generated 10,000-visitor day with the
default policy, in process (best of ``--repeat``, wall and CPU) and as the command
``anlaufstelle simulate`` in a fresh process with an empty environment (best of ``--repeat``);
whether the flow core ran compiled (see anlaufstelle/flow/native.py); a digest of that day's
decisions (the one tests/flow/test_flow_pinned.py pins, so a faster simulator can be seen to
decide alike); and the planner on each example day at the day's own
headcount against the day's own staff. ``--json`` prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anlaufstelle.flow import native  # noqa: E402
from anlaufstelle.flow.cli import figures_table  # noqa: E402
from anlaufstelle.flow.generator import example_forecast, sized_day  # noqa: E402
from anlaufstelle.flow.planner import plan  # noqa: E402
from anlaufstelle.flow.policies import DEFAULT_POLICY, POLICIES, get_policy  # noqa: E402
from anlaufstelle.flow.scenario import DAYS_DIR, Day, load_day, load_day_file  # noqa: E402
from anlaufstelle.flow.simulator import Figures, Result, simulate  # noqa: E402

BIG = 10_000


def digest(result: Result) -> str:
    """The digest of everything but the figures, as tests/flow/pinning.py computes it."""
    data = result.as_dict(visitors=True)
    data.pop("figures")
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def policies_on(day: Day) -> dict[str, Any]:
    results = {name: simulate(day, get_policy(name)).figures for name in POLICIES}
    silo = results["silo"].mean_wait_minutes
    return {
        "name": day.name,
        "visitors": len(day.visitors),
        "staff": len(day.staff),
        "interpreters": len(day.interpreters),
        "figures": {name: f.as_dict() for name, f in results.items()},
        "pooled_over_silo_mean_wait": (
            results[DEFAULT_POLICY].mean_wait_minutes / silo if silo else None
        ),
    }


def speed(repeat: int) -> dict[str, Any]:
    raw = sized_day(example_forecast("leipzig-peak"), BIG, 1)
    day = load_day(raw)
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = simulate(day, get_policy(DEFAULT_POLICY))
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    assert result is not None
    command = _command_seconds(raw, repeat)
    return {
        "visitors": len(day.visitors),
        "staff": len(day.staff),
        "interpreters": len(day.interpreters),
        "services": len(day.services),
        "policy": DEFAULT_POLICY,
        "flow_core": native.status,
        "in_process_wall_seconds": min(walls),
        "in_process_cpu_seconds": min(cpus),
        "command_wall_seconds": command,
        "served": result.figures.served,
        "mean_wait_minutes": result.figures.mean_wait_minutes,
        "digest": digest(result),
    }


def _command_seconds(raw: dict[str, Any], repeat: int) -> float:
    """`anlaufstelle simulate DAY.json` as a user runs it: a new process, no settings."""
    exe = Path(sys.executable).with_name("anlaufstelle")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "day.json"
        path.write_text(json.dumps(raw), encoding="utf-8")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(
                [str(exe), "simulate", str(path)],
                env=env,
                cwd=tmp,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - t0)
    return min(times)


def planner_on(day: Day) -> dict[str, Any]:
    p = plan(day, len(day.staff))
    assert p.current is not None
    return {
        "name": day.name,
        "headcount": p.headcount,
        "seconds": p.seconds,
        "simulations": p.evaluations,
        "current": {
            "served": p.current.served,
            "mean_wait_minutes": p.current.mean_wait_minutes,
        },
        "proposal": {
            "served": p.figures.served,
            "mean_wait_minutes": p.figures.mean_wait_minutes,
            "robust_mean_wait_minutes": p.robust_mean_wait,
        },
        "kept_current_staff": p.kept_current,
        "better_headcount": p.better_headcount,
        "better_mean_wait_minutes": (
            None if p.better_figures is None else p.better_figures.mean_wait_minutes
        ),
        "skill_mix": {"+".join(k): n for k, n in p.skill_mix},
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("days", nargs="*", metavar="DAY.json")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs, best taken")
    parser.add_argument("--skip-plan", action="store_true", help="leave out the planner")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = [Path(a) for a in args.days] or sorted(DAYS_DIR.glob("*.json"))
    days = [load_day_file(p) for p in paths]
    out: dict[str, Any] = {"days": [policies_on(d) for d in days]}
    out["speed"] = speed(args.repeat)
    if not args.skip_plan:
        out["planner"] = [planner_on(d) for d in days]
    out["total_seconds"] = time.perf_counter() - started
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    for d in out["days"]:
        print(
            f"== {d['name']}: {d['visitors']} visitors, {d['staff']} staff, "
            f"{d['interpreters']} interpreters"
        )
        print(figures_table([Figures(**f) for f in d["figures"].values()]))
        if d["pooled_over_silo_mean_wait"] is not None:
            print(f"{DEFAULT_POLICY} / silo mean wait: {d['pooled_over_silo_mean_wait']:.3f}\n")
    s = out["speed"]
    print(
        f"== speed: {s['visitors']} visitors, {s['staff']} staff, {s['interpreters']} "
        f"interpreters, {s['services']} services, policy {s['policy']}; flow core "
        f"{s['flow_core']}"
    )
    print(
        f"in process: {s['in_process_wall_seconds']:.2f} s wall, "
        f"{s['in_process_cpu_seconds']:.2f} s CPU (best of {args.repeat})"
    )
    print(
        f"as `anlaufstelle simulate`: {s['command_wall_seconds']:.2f} s wall "
        f"(best of {args.repeat})"
    )
    print(
        f"served {s['served']}, mean wait {s['mean_wait_minutes']:.2f} min, digest {s['digest']}\n"
    )
    for p in out.get("planner", []):
        print(
            f"== planner on {p['name']} at its own headcount {p['headcount']}: "
            f"{p['seconds']:.1f} s, {p['simulations']} simulations"
        )
        cur, pro = p["current"], p["proposal"]
        print(f"own staff:  served {cur['served']}, mean wait {cur['mean_wait_minutes']:.2f} min")
        print(
            f"proposal:   served {pro['served']}, mean wait {pro['mean_wait_minutes']:.2f} min "
            f"(over the day and its variations {pro['robust_mean_wait_minutes']:.2f})"
        )
        if p["kept_current_staff"]:
            better = p["better_headcount"]
            print(
                "no plan beats the own staff at this headcount"
                + (
                    f"; with {better} staff: {p['better_mean_wait_minutes']:.2f} min"
                    if better
                    else ""
                )
            )
        print("skill mix: " + ", ".join(f"{k}×{n}" for k, n in p["skill_mix"].items()) + "\n")
    print(f"total {out['total_seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
