"""Command-line entry points of the flow core, free of Django.

Each ``run_X(argv, out, err) -> int`` parses ``argv`` (without the command name), writes its
result to ``out`` and problems to ``err``, and returns the exit code: 0 on success, 2 for a
usage or input error (one line on ``err`` naming the field, never a traceback). The
``anlaufstelle`` command (anlaufstelle/cli.py) calls these before Django is imported, so
``anlaufstelle simulate ...`` needs no settings and behaves as a test calling it does.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from .generator import (
    FORECASTS_DIR,
    Forecast,
    example_forecast,
    generate_day,
    load_forecast_file,
)
from .limits import MAX_HEADCOUNT, MAX_INTERPRETERS, MAX_MINUTES, MAX_SEED, MAX_VARIATIONS
from .messages import render
from .planner import (
    HeadcountResult,
    PlanResult,
    load_skill_sets_text,
    plan,
    smallest_headcount,
)
from .policies import DEFAULT_POLICY, POLICIES
from .scenario import ScenarioError, load_day_file, read_text
from .simulator import FIGURE_KEYS, Figures, Result, compare_policies


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An argparse parser that writes to the given streams and never calls sys.exit."""

    def __init__(self, *args: Any, out: TextIO, err: TextIO, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._out = out
        self._err = err

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self._err if file is sys.stderr else self._out).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._err.write(message)
        raise _Exit(status)

    def error(self, message: str) -> NoReturn:
        self._err.write(f"{self.prog}: error: {message}\n")
        raise _Exit(2)


def _fail(err: TextIO, prog: str, message: str) -> int:
    err.write(f"{prog}: error: {message}\n")
    return 2


def _guarded(prog: str, err: TextIO, body: Callable[[], int]) -> int:
    try:
        return body()
    except _Exit as exc:
        return exc.status
    except ScenarioError as exc:
        return _fail(err, prog, str(exc))
    except (RecursionError, MemoryError):
        # The parsers bound depth and size, so this is a last line of defence: one line, no
        # traceback, whatever input got past them.
        return _fail(err, prog, "the input is too large or nested too deeply")


def _out_of_range(option: str, value: float, low: float, high: float) -> str | None:
    """The error line for an option outside [low, high] (NaN and infinity included)."""
    if low <= value <= high:
        return None
    shown = {"minimum": f"{low:g}", "maximum": f"{high:g}"}
    code = "expected_integer_range" if isinstance(value, int) else "expected_number_range"
    return f"{option}: {render(code, shown)}"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def figures_table(rows: Sequence[Figures]) -> str:
    """An aligned table: one row per figure, one column per policy."""
    header = ["figure", *(f.policy for f in rows)]
    lines = [header]
    for key in FIGURE_KEYS:
        if key == "policy":
            continue
        lines.append([key, *(_fmt(getattr(f, key)) for f in rows)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


def _result_json(result: Result) -> dict[str, Any]:
    out = result.figures.as_dict()
    data = result.as_dict(visitors=False)
    out["services"] = data["services"]
    out["series"] = data["series"]
    return out


def run_simulate(argv: list[str], out: TextIO, err: TextIO) -> int:
    prog = "anlaufstelle simulate"
    parser = _Parser(
        prog=prog,
        description="Replay a day (scenario file) under a dispatch policy and print the figures.",
        out=out,
        err=err,
    )
    parser.add_argument("day", metavar="DAY.json", help="day in format anlaufstelle-scenario/1")
    parser.add_argument(
        "--policy",
        default=DEFAULT_POLICY,
        help=f"one of {', '.join(POLICIES)}, or 'all' to compare (default: {DEFAULT_POLICY})",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (figures, services, series); with --policy all, "
        "an object keyed by policy",
    )

    def body() -> int:
        args = parser.parse_args(argv)
        names = list(POLICIES) if args.policy == "all" else [args.policy]
        for name in names:
            if name not in POLICIES:
                return _fail(
                    err, prog, f"--policy: unknown policy {name!r} (known: {', '.join(POLICIES)})"
                )
        day = load_day_file(args.day)
        results = compare_policies(day, names)
        if args.json:
            if args.policy == "all":
                payload: Any = {n: _result_json(r) for n, r in results.items()}
            else:
                payload = _result_json(results[names[0]])
            out.write(json.dumps(payload, ensure_ascii=False) + "\n")
        else:
            out.write(
                f"day: {day.name or args.day}  visitors: {len(day.visitors)}  "
                f"staff: {len(day.staff)}  interpreters: {len(day.interpreters)}\n"
            )
            out.write(figures_table([r.figures for r in results.values()]))
        return 0

    return _guarded(prog, err, body)


def _forecast(path: str) -> Forecast:
    p = Path(path)
    if not p.exists() and (FORECASTS_DIR / f"{path}.json").exists():
        return example_forecast(path)
    return load_forecast_file(p)


def run_generate(argv: list[str], out: TextIO, err: TextIO) -> int:
    prog = "anlaufstelle generate"
    shipped = ", ".join(sorted(p.stem for p in FORECASTS_DIR.glob("*.json")))
    parser = _Parser(
        prog=prog,
        description="Generate a day from a forecast (format anlaufstelle-forecast/1).",
        out=out,
        err=err,
    )
    parser.add_argument(
        "--forecast",
        required=True,
        metavar="F.json",
        help=f"forecast file, or the name of a shipped one ({shipped})",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--out", metavar="DAY.json", help="write here instead of stdout")

    def body() -> int:
        args = parser.parse_args(argv)
        problem = _out_of_range("--seed", args.seed, -MAX_SEED, MAX_SEED)
        if problem:
            return _fail(err, prog, problem)
        day = generate_day(_forecast(args.forecast), args.seed)
        text = json.dumps(day, indent=1, ensure_ascii=False) + "\n"
        if args.out:
            try:
                Path(args.out).write_text(text, encoding="utf-8")
            except OSError as exc:
                return _fail(err, prog, f"--out: cannot write {args.out} ({exc.strerror or exc})")
        else:
            out.write(text)
        return 0

    return _guarded(prog, err, body)


def _plan_table(p: PlanResult) -> str:
    lines = [f"headcount {p.headcount}  ({p.seconds:.1f} s, {p.evaluations} simulations)"]
    lines.append("skill set".ljust(40) + "count")
    for skills, n in p.skill_mix:
        lines.append("+".join(skills).ljust(40) + str(n))
    for languages, n in p.interpreter_mix:
        lines.append(("interpreter " + "+".join(languages)).ljust(40) + str(n))
    lines.append(
        f"mean wait over the day and its variations: {p.robust_mean_wait:.2f} min, "
        f"mean p90 {p.robust_p90:.1f} min"
    )
    if p.meets_target is not None:
        lines.append(f"meets target: {'yes' if p.meets_target else 'no'}")
    lines.extend(_against_current(p))
    return "\n".join(lines) + "\n" + figures_table([p.figures])


def _against_current(p: PlanResult) -> list[str]:
    if p.current is None:
        return []
    if not p.kept_current:
        return [
            f"the day's own staff wait {p.current.mean_wait_minutes:.2f} min on the day "
            f"(served {p.current.served}); the proposal {p.figures.mean_wait_minutes:.2f} min "
            f"(served {p.figures.served})"
        ]
    lines = [
        f"no plan for {p.headcount} staff beats the day's own staff "
        f"(mean wait {p.current.mean_wait_minutes:.2f} min, served {p.current.served}): "
        "the proposal is the day's own staff"
    ]
    if p.better_headcount is not None and p.better_figures is not None:
        lines.append(
            f"with {p.better_headcount} staff the plan waits "
            f"{p.better_figures.mean_wait_minutes:.2f} min (served {p.better_figures.served})"
        )
    else:
        lines.append("no larger headcount tried beats them either")
    return lines


def run_plan(argv: list[str], out: TextIO, err: TextIO) -> int:
    prog = "anlaufstelle plan"
    parser = _Parser(
        prog=prog,
        description="Propose the staff of a day (skill sets and interpreters) for a headcount, "
        "and/or find the smallest headcount meeting a p90 target for the time in centre.",
        out=out,
        err=err,
    )
    parser.add_argument("day", metavar="DAY.json")
    parser.add_argument("--headcount", type=int, help="number of staff to plan")
    parser.add_argument(
        "--skill-sets",
        metavar="SETS.json",
        help='allowed skill sets: a JSON list of lists of service ids, e.g. [["benefits"], '
        '["benefits", "payout"]] (default: single services and related-agency pairs)',
    )
    parser.add_argument(
        "--target-p90",
        type=float,
        metavar="MINUTES",
        help="p90 target for the time in centre; also searches the smallest headcount",
    )
    parser.add_argument(
        "--interpreters", type=int, metavar="N", help="interpreter count (default: the day's)"
    )
    parser.add_argument(
        "--variations", type=int, default=2, help="generated variations judged (default: 2)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the variations")
    parser.add_argument("--json", action="store_true", help="print one JSON object")

    def body() -> int:
        args = parser.parse_args(argv)
        if args.headcount is None and args.target_p90 is None:
            return _fail(err, prog, "give --headcount N, --target-p90 MINUTES, or both")
        if args.headcount is not None and args.headcount < 1:
            return _fail(err, prog, "--headcount: expected an integer ≥ 1")
        # NaN compares false with everything, so "not > 0" rather than "<= 0".
        if args.target_p90 is not None and not args.target_p90 > 0:
            return _fail(err, prog, "--target-p90: expected a number > 0")
        if args.variations < 0:
            return _fail(err, prog, "--variations: expected an integer ≥ 0")
        if args.interpreters is not None and args.interpreters < 0:
            return _fail(err, prog, "--interpreters: expected an integer ≥ 0")
        checks = [
            ("--headcount", args.headcount, 1, MAX_HEADCOUNT),
            ("--target-p90", args.target_p90, 0, MAX_MINUTES),
            ("--variations", args.variations, 0, MAX_VARIATIONS),
            ("--interpreters", args.interpreters, 0, MAX_INTERPRETERS),
            ("--seed", args.seed, -MAX_SEED, MAX_SEED),
        ]
        for option, value, low, high in checks:
            problem = None if value is None else _out_of_range(option, value, low, high)
            if problem:
                return _fail(err, prog, problem)
        day = load_day_file(args.day)
        sets = None
        if args.skill_sets:
            text = read_text(args.skill_sets)
            sets = load_skill_sets_text(text, day, args.skill_sets)
        started = time.perf_counter()
        planned: PlanResult | None = None
        if args.headcount is not None:
            planned = plan(
                day,
                args.headcount,
                sets,
                args.target_p90,
                interpreter_count=args.interpreters,
                variations=args.variations,
                seed=args.seed,
            )
        smallest: HeadcountResult | None = None
        if args.target_p90 is not None:
            smallest = smallest_headcount(
                day, args.target_p90, sets, variations=args.variations, seed=args.seed
            )
        if args.json:
            payload: dict[str, Any] = {}
            if planned is not None:
                payload = planned.as_dict()
            elif smallest is not None and smallest.plan is not None:
                payload = smallest.plan.as_dict()
            if smallest is not None:
                payload["smallest_headcount"] = smallest.as_dict()
            payload["seconds"] = round(time.perf_counter() - started, 2)
            out.write(json.dumps(payload, ensure_ascii=False) + "\n")
            return 0
        if planned is not None:
            out.write(_plan_table(planned))
        if smallest is not None:
            if smallest.headcount is None:
                out.write(f"smallest headcount for p90 ≤ {args.target_p90:g}: {smallest.reason}\n")
            else:
                out.write(
                    f"smallest headcount for p90 ≤ {args.target_p90:g}: {smallest.headcount} "
                    f"(tried {', '.join(str(h) for h, _, _ in smallest.tried)})\n"
                )
                if planned is None and smallest.plan is not None:
                    out.write(_plan_table(smallest.plan))
        return 0

    return _guarded(prog, err, body)
