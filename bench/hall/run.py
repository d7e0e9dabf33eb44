"""The live hall under load: desks calling at once, tickets issued meanwhile, boards reading.

    DATABASE_URL=postgres://... python bench/hall/run.py [--desks 40] [--tickets 800] [--json]
    python bench/hall/run.py --desks 8 --tickets 100        # a temporary SQLite file

Each desk is a thread with its own database connection that presses *call next*, *the
visitor is here* and *done* through the hall's services (hall/services.py: one transaction per
event under the site's row lock), as fast as it can; a desk left free after *call next* is
called by other events without pressing again, and looks every 0.1 s whether it was (as its
page polls), until every visitor is done; one thread
issues the tickets meanwhile, and board threads read the calls every 50 ms. It measures the
services in one process, not the web server: no HTTP, no worker processes.

Prints call-next and check-in latency (p50, p99), events per second, the delay from a call to
its first sight on a board, and two counts that must be 0: visitors called twice for the same
step (double calls) and visitors not done at the end (lost). The database must hold no live
hall yet (an empty one is migrated here), so the bench never touches real data.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.django_setup import setup_django  # noqa: E402

# How often a free desk that pressed *call next* looks whether it was called meanwhile.
POLL = 0.1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def build(desks: int) -> tuple[Any, list[Any]]:
    from django.contrib.auth import get_user_model

    from anlaufstelle.hall import services
    from anlaufstelle.hall.models import HallDay
    from anlaufstelle.organisation.models import Agency, Desk, Service, Site

    if HallDay.objects.exists():
        raise SystemExit("bench/hall: the database already holds a live hall; use an empty one")
    agency = Agency.objects.create(
        code="bench", name="Bench agency", kind="municipal", controller_name="Bench"
    )
    first = Service.objects.create(
        code="bench-reception", agency=agency, names={"de": "Empfang"}, typical_minutes=3,
        per_person_factor=0,
    )  # fmt: skip
    second = Service.objects.create(
        code="bench-registration", agency=agency, names={"de": "Anmeldung"}, typical_minutes=6,
        per_person_factor=0,
    )  # fmt: skip
    second.prerequisites.add(first)
    site = Site.objects.create(name="Bench hall")
    sessions = []
    users = get_user_model()
    for n in range(desks):
        desk = Desk.objects.create(site=site, number=f"D{n:03d}")
        desk.agencies.add(agency)
        user = users.objects.create_user(username=f"bench-desk-{n}", password=None)
        skills = [first.code, second.code]
        sessions.append(services.sign_in(user=user, desk=desk, skills=skills))
    return site, sessions


def run(desks: int, tickets: int, boards: int) -> dict[str, Any]:
    from django.db import connection

    from anlaufstelle.hall import services
    from anlaufstelle.hall.models import HallEvent, Step, Visit

    site, sessions = build(desks)
    calls: list[float] = []
    checkins: list[float] = []
    events = 0
    lock = threading.Lock()
    issued = threading.Event()
    first_seen: dict[int, float] = {}
    errors: list[str] = []

    stop = threading.Event()

    def desk_loop(session: Any) -> None:
        nonlocal events
        pressed = False
        try:
            while not stop.is_set():
                # A desk left free is called by other desks' events without pressing again:
                # after one press it only looks (as its page does), every POLL seconds.
                step = services.current_step(session)
                if step is None and not pressed:
                    started = time.perf_counter()
                    step = services.call_next(session)
                    took = time.perf_counter() - started
                    pressed = True
                    with lock:
                        calls.append(took)
                        events += 1
                if step is None:
                    if issued.is_set() and not Visit.objects.exclude(state="done").exists():
                        return
                    time.sleep(POLL)
                    continue
                if step.state == "called":
                    services.came(session)
                services.done(session)
                pressed = False
                with lock:
                    events += 2
        except Exception as exc:  # reported, and the bench fails
            errors.append(repr(exc))
            stop.set()
        finally:
            connection.close()

    def checkin_loop() -> None:
        nonlocal events
        try:
            for _ in range(tickets):
                started = time.perf_counter()
                services.issue_ticket(site=site, services=["bench-registration"], language="uk")
                with lock:
                    checkins.append(time.perf_counter() - started)
                    events += 1
        except Exception as exc:
            errors.append(repr(exc))
            stop.set()
        finally:
            issued.set()
            connection.close()

    def board_loop() -> None:
        try:
            while not stop.is_set():
                now = time.time()
                for step in services.board_calls(site, limit=desks):
                    with lock:
                        first_seen.setdefault(step.pk, now)
                time.sleep(0.05)
        finally:
            connection.close()

    workers = [threading.Thread(target=desk_loop, args=(s,)) for s in sessions]
    workers.append(threading.Thread(target=checkin_loop))
    readers = [threading.Thread(target=board_loop) for _ in range(boards)]
    started = time.perf_counter()
    for thread in workers + readers:
        thread.start()
    for thread in workers:
        thread.join()
    seconds = time.perf_counter() - started
    stop.set()
    for thread in readers:
        thread.join()
    if errors:
        raise SystemExit(f"bench/hall: {len(errors)} error(s), e.g. {errors[0]}")
    called = {}
    for step_id in HallEvent.objects.filter(kind="called").values_list("step_id", flat=True):
        called[step_id] = called.get(step_id, 0) + 1
    delays = []
    for step in Step.objects.exclude(called_at=None):
        seen = first_seen.get(step.pk)
        if seen is not None:
            delays.append(max(0.0, seen - step.called_at.timestamp()))
    return {
        "database": connection.vendor,
        "desks": desks,
        "tickets": tickets,
        "seconds": round(seconds, 2),
        "events": events,
        "events_per_second": round(events / seconds, 1),
        "call_next_p50_ms": round(1000 * percentile(calls, 0.5), 1),
        "call_next_p99_ms": round(1000 * percentile(calls, 0.99), 1),
        "checkin_p50_ms": round(1000 * percentile(checkins, 0.5), 1),
        "checkin_p99_ms": round(1000 * percentile(checkins, 0.99), 1),
        "board_delay_p99_ms": round(1000 * percentile(delays, 0.99), 1),
        "board_delay_mean_ms": round(1000 * statistics.fmean(delays), 1) if delays else 0.0,
        "double_calls": sum(1 for n in called.values() if n > 1),
        "lost_visitors": Visit.objects.exclude(state="done").count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--desks", type=int, default=40)
    parser.add_argument("--tickets", type=int, default=800)
    parser.add_argument("--boards", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (1 <= args.desks <= 2000 and 1 <= args.tickets <= 100_000 and 0 <= args.boards <= 50):
        print("bench/hall: desks 1–2000, tickets 1–100000, boards 0–50", file=sys.stderr)
        return 2
    setup_django("hall")
    figures = run(args.desks, args.tickets, args.boards)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:<22} {value}")
    return 0 if figures["double_calls"] == 0 and figures["lost_visitors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
