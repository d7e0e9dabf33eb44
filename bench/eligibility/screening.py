"""The foreigners authority's screening on a demo centre where every adult without a residence
title is tolerated: how long one screening takes (facts from the registry, the access decision,
every rule, the stored outcomes, the audit entries) and how many people it reads per second.

    python bench/eligibility/screening.py [--people 1000] [--json]

The database must be empty (it is migrated and filled with the demo here); DATABASE_URL for
PostgreSQL, else a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.people < 10:
        print("screening bench: --people ≥ 10", file=sys.stderr)
        return 2
    vendor = setup_django("screening")
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from anlaufstelle.demo.builder import load_demo
    from anlaufstelle.eligibility import services
    from anlaufstelle.organisation.models import Site
    from anlaufstelle.people.models import Document, Person

    if Site.objects.exists():
        print("screening bench: the database is not empty", file=sys.stderr)
        return 2
    load_demo(people=args.people)
    today = timezone.localdate()
    titled = set(
        Document.objects.filter(kind=Document.Kind.RESIDENCE_PERMIT).values_list(
            "person_id", flat=True
        )
    )
    adults = Person.objects.filter(birth_date__lte=today - timedelta(days=18 * 365)).exclude(
        pk__in=titled
    )
    Document.objects.bulk_create(
        Document(
            person=person,
            kind=Document.Kind.DULDUNG,
            number=f"D{person.pk:08d}",
            issuing_country="DE",
            issued_on=today - timedelta(days=400 + person.pk % 2000),
            valid_until=today + timedelta(days=90),
            legal_basis="§ 60a Abs. 2 AufenthG",
        )  # fmt: skip
        for person in adults
    )
    desk = get_user_model().objects.get(username="abh")
    timings = []
    for _n in range(3):
        start = time.perf_counter()
        screening = services.screen(desk, on=today)
        timings.append(time.perf_counter() - start)
    read = screening.read
    median = statistics.median(timings)
    result = {
        "database": vendor,
        "registry": Person.objects.count(),
        "tolerated_read": read,
        "rows_shown": len(screening.rows),
        "withheld": screening.withheld,
        "screening_s_median": round(median, 3),
        "screening_s_max": round(max(timings), 3),
        "people_per_s": round(read / median, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:22} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
