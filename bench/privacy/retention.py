"""The retention job at scale: how long `anlaufstelle retention --dry-run` takes to find what is
due, and `--apply` to erase it, on the demo centre with `--people` generated people of whom
`--share` were last seen six years ago (their records moved back in time).

    python bench/privacy/retention.py [--people 5000] [--share 0.3] [--json]
    DATABASE_URL=postgres://... python bench/privacy/retention.py --people 20000

The database must be empty (it is migrated and filled here), so the run never touches real data.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.django_setup import setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--share", type=float, default=0.3, help="of the people, long unseen")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.people < 1 or not 0 <= args.share <= 1:
        print("retention bench: --people ≥ 1 and --share between 0 and 1", file=sys.stderr)
        return 2
    vendor = setup_django("retention")
    from django.utils import timezone

    from anlaufstelle.demo.builder import load_demo
    from anlaufstelle.people.models import Person
    from anlaufstelle.privacy import retention

    if Person.objects.exists():
        print("retention bench: the database is not empty", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = load_demo(people=args.people)
    loaded = time.perf_counter() - started
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    old = ids[: int(len(ids) * args.share)]
    long_ago = timezone.now() - timedelta(days=6 * 366)
    Person.objects.filter(pk__in=old).update(created_at=long_ago, updated_at=long_ago)

    started = time.perf_counter()
    plans = retention.due()
    listed = time.perf_counter() - started
    started = time.perf_counter()
    done = retention.apply(plans)
    erased = time.perf_counter() - started
    figures = {
        "database": vendor,
        "people": result.people,
        "long_unseen": len(old),
        "due": len(plans),
        "erased_whole": sum(1 for plan, _detail in done if plan.whole),
        "left": Person.objects.count(),
        "demo_seconds": round(loaded, 1),
        "dry_run_seconds": round(listed, 2),
        "dry_run_ms_per_person": round(1000 * listed / max(1, result.people), 3),
        "apply_seconds": round(erased, 2),
        "apply_ms_per_erased": round(1000 * erased / max(1, len(done)), 2),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
