"""The crisis staff's report over a busy centre: the demo with its past hall days scaled up to
`--days` weekdays of tickets at every site, then one report over all of them (every table, the
demographics with suppression) and its spreadsheet export.

    python bench/reports/report.py [--days 60] [--people 1000] [--json]

The database must be empty (it is migrated and filled with the demo here); DATABASE_URL for
PostgreSQL, else a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.django_setup import setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not 14 <= args.days <= 366 or args.people < 10:
        print("report bench: --days from 14 to 366, --people ≥ 10", file=sys.stderr)
        return 2
    vendor = setup_django("reports")
    from datetime import timedelta

    from django.utils import timezone

    from anlaufstelle.demo import history
    from anlaufstelle.demo.builder import load_demo
    from anlaufstelle.hall.models import HallDay, Step, Visit
    from anlaufstelle.organisation.models import Site
    from anlaufstelle.people.models import Person
    from anlaufstelle.reports import export
    from anlaufstelle.reports.figures import build

    if Site.objects.exists():
        print("report bench: the database is not empty", file=sys.stderr)
        return 2
    load_demo(people=args.people)
    today = timezone.localdate()
    sites = list(Site.objects.order_by("pk"))
    people = list(Person.objects.values_list("pk", flat=True))
    # The demo holds the last two weeks; the fortnights before them, as many as asked for.
    for back in range(1, args.days // 14):
        history.load(
            sites=sites, people=people, rng=random.Random(back),
            today=today - timedelta(days=14 * back),
        )  # fmt: skip
    start = today - timedelta(days=args.days)
    timings, exports = [], []
    for _n in range(3):
        began = time.perf_counter()
        report = build(start=start, end=today, sites=sites)
        timings.append(time.perf_counter() - began)
        began = time.perf_counter()
        export.as_xlsx(report)
        exports.append(time.perf_counter() - began)
    tickets = Visit.objects.filter(day__date__gte=start).count()
    median = statistics.median(timings)
    result = {
        "database": vendor,
        "days": args.days,
        "hall_days": HallDay.objects.count(),
        "tickets": tickets,
        "steps": Step.objects.count(),
        "people_counted": report.people_counted,
        "report_s_median": round(median, 3),
        "report_s_max": round(max(timings), 3),
        "xlsx_s_median": round(statistics.median(exports), 3),
        "tickets_per_s": round(tickets / median),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:18} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
