"""Speed of the eligibility rules: every rule for N generated people.

    python bench/rules/check.py [--people 10000] [--on 2026-12-02] [--seed 7] [--json]

Prints people per second (best of --repeat), the outcomes per rule and the rules' digest.
The people are generated (no real person), with facts left out at random so that every
outcome, `unknown` included, occurs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anlaufstelle.rules import evaluate, load_rules, parse_facts  # noqa: E402


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _maybe(rng: random.Random, value: Any, known: float = 0.85) -> Any:
    return value if rng.random() < known else None


def person(rng: random.Random, number: int, on: date) -> dict[str, Any]:
    """One generated person's facts in the contract's JSON form."""
    birth = _day(rng, date(1950, 1, 1), date(2014, 1, 1))
    entry = _day(rng, max(birth, date(2012, 1, 1)), on)
    statuses: list[dict[str, Any]] = []
    if rng.random() < 0.25:
        first = _day(rng, max(entry, date(2022, 2, 24)), max(on, date(2022, 3, 1)))
        statuses.append(
            {
                "kind": rng.choice(["fiktion", "permit"]),
                "basis": "§24",
                "from": first.isoformat(),
                "to": None,
            }
        )
    else:
        asylum_end = _day(rng, entry, on)
        statuses.append(
            {
                "kind": "gestattung",
                "basis": None,
                "from": entry.isoformat(),
                "to": asylum_end.isoformat(),
            }
        )
        gap = timedelta(days=rng.choice([1, 1, 1, 40, 120]))
        kind = rng.choice(["duldung", "duldung", "duldung_light", "permit"])
        basis = "§104c" if kind == "permit" else None
        statuses.append(
            {"kind": kind, "basis": basis, "from": (asylum_end + gap).isoformat(), "to": None}
        )
    school_start = max(entry, birth + timedelta(days=6 * 365))
    children = [
        {
            "birth_date": _day(rng, date(2008, 1, 1), on).isoformat(),
            "in_household": True,
            "unmarried": True,
            "attends_school": rng.random() < 0.9,
        }
        for _ in range(rng.choice([0, 0, 1, 2]))
    ]
    facts: dict[str, Any] = {
        "pid": f"G{number}",
        "birth_date": _maybe(rng, birth.isoformat(), 0.95),
        "entry_date": _maybe(rng, entry.isoformat()),
        "statuses": _maybe(rng, statuses, 0.95),
        "identity_clarified_on": _maybe(rng, _day(rng, entry, on).isoformat(), 0.6),
        "identity_reasonable_steps_on": _maybe(rng, _day(rng, entry, on).isoformat(), 0.3),
        "fingerprinted_on": _maybe(rng, _day(rng, entry, on).isoformat(), 0.8),
        "schooling": _maybe(
            rng,
            [
                {
                    "from": school_start.isoformat(),
                    "to": None,
                    "kind": "school",
                    "successful": rng.random() < 0.8,
                }
            ],
        ),
        "german_qualification": _maybe(rng, rng.random() < 0.2),
        "german_oral": _maybe(rng, rng.choice(["A1", "A2", "B1", "B2"])),
        "german_level": _maybe(rng, rng.choice(["A1", "A2", "B1", "B2"])),
        "civic_knowledge": _maybe(rng, rng.random() < 0.7),
        "constitution_declaration": _maybe(rng, rng.random() < 0.8),
        "employment": _maybe(
            rng,
            [
                {
                    "from": _day(rng, entry, on).isoformat(),
                    "to": None,
                    "hours_per_week": rng.choice([10, 20, 30, 40]),
                    "social_insurance": rng.random() < 0.8,
                }
            ],
        ),
        "livelihood_share_from_work": _maybe(rng, round(rng.random(), 2)),
        "able_to_work": _maybe(rng, rng.random() < 0.85),
        "children": _maybe(rng, children),
        "convictions": _maybe(
            rng,
            [
                {
                    "daily_rates": rng.choice([10, 40, 60, 100]),
                    "foreigner_only": rng.random() < 0.5,
                    "youth_sanction_only": False,
                    "custodial": rng.random() < 0.1,
                }
            ]
            if rng.random() < 0.2
            else [],
        ),
        "deception": _maybe(rng, rng.random() < 0.05),
        "training": _maybe(
            rng,
            {
                "kind": rng.choice(["qualified", "helper"]),
                "start": _day(rng, entry, on).isoformat(),
                "commitment": rng.random() < 0.5,
                "started_during_asylum": rng.random() < 0.5,
            },
            0.5,
        ),
        "removal_measures_imminent": _maybe(rng, rng.random() < 0.1),
        "housing_sufficient": _maybe(rng, rng.random() < 0.8),
        "qualification": _maybe(
            rng,
            [
                {
                    "kind": rng.choice(["de_training", "de_degree", "foreign_recognised"]),
                    "completed_on": _day(rng, entry, on).isoformat(),
                }
            ]
            if rng.random() < 0.3
            else [],
        ),
    }
    return {k: v for k, v in facts.items() if v is not None or rng.random() < 0.5}


def people(count: int, seed: int, on: date) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [person(rng, n, on) for n in range(1, count + 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--on", default="2026-12-02")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    on = date.fromisoformat(args.on)
    rules = load_rules()
    crowd = people(args.people, args.seed, on)
    best = float("inf")
    outcomes: Counter[tuple[str, str]] = Counter()
    for _ in range(max(1, args.repeat)):
        outcomes.clear()
        start = time.perf_counter()
        for facts in crowd:
            for result in evaluate(facts, on, rules):
                outcomes[(result.rule, result.outcome)] += 1
        best = min(best, time.perf_counter() - start)
    parse_start = time.perf_counter()
    for facts in crowd:
        parse_facts(facts)
    parse_seconds = time.perf_counter() - parse_start
    figures = {
        "people": args.people,
        "rules": len(rules.rules),
        "seconds": round(best, 4),
        "people_per_second": round(args.people / best) if best else None,
        "parse_share": round(parse_seconds / best, 3) if best else None,
        "digest": rules.digest,
        "on": on.isoformat(),
        "outcomes": {
            rule.id: {o: n for (r, o), n in sorted(outcomes.items()) if r == rule.id}
            for rule in rules.rules
        },
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    print(
        f"{args.people} people x {len(rules.rules)} rules on {on}: {best:.3f} s, "
        f"{figures['people_per_second']} people/s (best of {args.repeat}; "
        f"reading the facts {figures['parse_share']:.0%} of it), rules digest {rules.digest}"
    )
    for rule_id, counts in figures["outcomes"].items():
        print(f"  {rule_id:15} " + ", ".join(f"{o} {n}" for o, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
