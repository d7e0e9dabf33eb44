"""Booking on the demo centre: how long the free times of a day take (capacity, then the
simulated day for each candidate time), and booking a day full, one visit after another.

    python bench/appointments/slots.py [--bookings 150] [--json]

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
    parser.add_argument("--bookings", type=int, default=150)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.bookings < 1:
        print("slots bench: --bookings ≥ 1", file=sys.stderr)
        return 2
    vendor = setup_django("slots")
    from datetime import datetime, timedelta
    from datetime import time as clock_time

    from django.core.cache import cache
    from django.utils import timezone

    from anlaufstelle.appointments import services, slots
    from anlaufstelle.appointments.models import Booking, Channel
    from anlaufstelle.demo.builder import load_demo
    from anlaufstelle.organisation.models import Site

    if Site.objects.exists():
        print("slots bench: the database is not empty", file=sys.stderr)
        return 2
    load_demo(people=20)
    site = slots.booking_sites().first()
    assert site is not None
    day = slots.bookable_days(site, timezone.localdate() + timedelta(days=1), 1)[0]
    evening = timezone.make_aware(datetime.combine(day - timedelta(days=1), clock_time(18)))
    concerns = ("registration", "residence")
    shape = slots.visit_shape(site, concerns, 1)
    cold = []
    for _n in range(5):
        cache.clear()
        start = time.perf_counter()
        times = slots.free_times(site, day, shape, Channel.ONLINE, now=evening)
        cold.append(time.perf_counter() - start)
    start = time.perf_counter()
    slots.free_times(site, day, shape, Channel.ONLINE, now=evening)
    warm = time.perf_counter() - start
    booked, refused, book_times = 0, 0, []
    for n in range(args.bookings):
        free = slots.free_times(site, day, shape, Channel.RECEPTION, now=evening)
        if not free:
            break
        request = services.Request(
            site=site, start=free[n % len(free)], concerns=concerns, party_size=1,
            language="uk", channel=Channel.RECEPTION,
        )  # fmt: skip
        start = time.perf_counter()
        try:
            services.book(request, now=evening)
            booked += 1
        except services.BookingRefused:
            refused += 1
        book_times.append(time.perf_counter() - start)
    result = {
        "database": vendor,
        "site": site.name,
        "times_offered_empty_day": len(times),
        "free_times_cold_ms_median": round(statistics.median(cold) * 1000, 1),
        "free_times_cold_ms_max": round(max(cold) * 1000, 1),
        "free_times_cached_ms": round(warm * 1000, 2),
        "bookings_made": booked,
        "bookings_refused": refused,
        "book_ms_median": round(statistics.median(book_times) * 1000, 1) if book_times else None,
        "book_ms_max": round(max(book_times) * 1000, 1) if book_times else None,
        "times_left": len(slots.free_times(site, day, shape, Channel.RECEPTION, now=evening)),
        "bookings_in_db": Booking.objects.filter(start__date=day).count(),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
