"""The live hall at a peak hour ten times Leipzig's, over real HTTP against the production set-up.

    DATABASE_URL=postgres://.../bench_http python bench/hall/run.py [--json]
    DATABASE_URL=... python bench/hall/run.py --desks 60 --status-pages 100 --minutes 1
    DATABASE_URL=... python bench/hall/run.py --trace requests.txt   # every request, to see when
    python bench/hall/run.py --in-process [--desks 40] [--tickets 800] [--json]

Over HTTP (the default) it runs the production set-up (docs/operations.md): gunicorn with one worker
process a core, four threads each (gthread), on a free loopback port, DEBUG off, one PostgreSQL
behind them. It builds a centre from Leipzig's forecast (flow/forecasts/leipzig-peak.json) with
--desks desks shared out by the work each service gets, an officer signed in at each, reception
clerks, kiosks, call boards, and a backlog of waiting visitors; each desk starts at a random point
of its cycle, as in the middle of a peak hour. Then, in one asyncio loop of browsers
(bench/hall/client.py): visitors arrive at random at reception and the kiosks (enough to keep --busy
of the desk time taken), officers press *call next*, *the visitor is here* and *done* with the real
durations of the forecast (compressed by --speedup, if given), a free desk's page looks every
3 s whether it was called there (at an address that needs no session; on "yes" it fetches the
page's state, as well as once a minute), the boards poll every 2 s (fetching each new call's
sound), and --status-pages phones poll their status page as its script does (after the seconds
the page names, with its ETag). Each browser keeps its connection open, as browsers do.
The desks', boards' and phones' screens are opened at random moments over the first --ramp
seconds, as a hall fills up (all of them in the same second is a start-up storm that a peak hour
does not have), and requests are measured in a window of --minutes after --warmup seconds, when
the load is steady; then arrivals stop and
the desks serve everyone left.

Figures: p50/p99 of *call next* and of check-in (reception's and the kiosk's ticket form),
requests per second held (and per kind of request), the delay from a call to its first
appearance on any board (`board_delay_*`) and on each board (`board_delay_each_*`; boards are
served by whichever worker takes the request, so a call made in one process reaches boards
served by others),
and two counts read from the database that must be 0: `double_calls` (a step called twice, a
visitor at two desks at once, a desk with two visitors) and `lost_visitors` (a ticket issued
before or during the load that is not done at the end). The CPU each side used is printed
beside them: on a small machine the bench's own client and the server share the cores.

--in-process measures the hall's services in threads without HTTP (a desk is a thread with
its own database connection; SQLite works there). The database must hold no live hall (over
HTTP no sites either; an empty one is migrated), so the bench never touches real data. Exit
code 1 when a visitor was called twice or lost, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
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

# How often a free desk that pressed *call next* looks whether it was called meanwhile
# (--in-process).
POLL = 0.1
# How much faster than real time the hour runs (HTTP mode). At 1 the desks take the forecast's
# durations, as at the peak hour itself; 2 doubles the events a second (a harder test).
SPEEDUP = 1.0


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
    parser.add_argument("--desks", type=int, default=None, help="desks (600; in process 40)")
    parser.add_argument("--status-pages", type=int, default=1000)
    parser.add_argument("--boards", type=int, default=None, help="call boards (desks / 60)")
    parser.add_argument("--receptions", type=int, default=None, help="clerks (desks / 40)")
    parser.add_argument("--kiosks", type=int, default=None, help="kiosks (desks / 60)")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (one a core)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--speedup", type=float, default=SPEEDUP, help="time compression")
    parser.add_argument("--minutes", type=float, default=2.0, help="measured wall minutes")
    parser.add_argument("--warmup", type=float, default=90.0, help="seconds before measuring")
    parser.add_argument(
        "--ramp", type=float, default=60.0, help="seconds over which the screens are opened"
    )
    parser.add_argument("--busy", type=float, default=0.8, help="share of desk time taken")
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    parser.add_argument("--no-board-sound", action="store_true", help="boards fetch no sound")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--in-process", action="store_true", help="the services in threads")
    parser.add_argument("--tickets", type=int, default=800, help="--in-process: tickets")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--trace", metavar="FILE", help="write each request (start, seconds, status, kind) to FILE"
    )
    args = parser.parse_args(argv)
    if args.in_process:
        return in_process(args)
    args.desks = 600 if args.desks is None else args.desks
    bounds = (
        9 <= args.desks <= 2000
        and 0 <= args.status_pages <= 20_000
        and 1 <= args.workers <= 64
        and 1 <= args.threads <= 64
        and 0 < args.speedup <= 1000
        and 0 < args.minutes <= 120
        and 0 <= args.ramp <= 3600
        and 0 <= args.warmup <= 3600
        and 0 < args.busy <= 1
    )
    if not bounds:
        print(
            "bench/hall: desks 9–2000, status pages 0–20000, workers and threads 1–64, "
            "speedup > 0, minutes 0–120, ramp and warmup 0–3600 s, busy 0–1",
            file=sys.stderr,
        )
        return 2
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/hall: set DATABASE_URL to an empty PostgreSQL database (the HTTP bench runs "
            "several server processes; SQLite takes one writer at a time)",
            file=sys.stderr,
        )
        return 2
    setup_django("hall")
    from bench.hall import load

    refused = load.refusal()
    if refused:
        print(f"bench/hall: {refused}", file=sys.stderr)
        return 2
    figures = load.run_http(args)
    print(json.dumps(figures) if args.json else load.summary(figures))
    return 0 if figures["double_calls"] == 0 and figures["lost_visitors"] == 0 else 1


def in_process(args: argparse.Namespace) -> int:
    desks = 40 if args.desks is None else args.desks
    boards = 2 if args.boards is None else args.boards
    if not (1 <= desks <= 2000 and 1 <= args.tickets <= 100_000 and 0 <= boards <= 50):
        print("bench/hall: desks 1–2000, tickets 1–100000, boards 0–50", file=sys.stderr)
        return 2
    setup_django("hall")
    figures = run(desks, args.tickets, boards)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:<22} {value}")
    return 0 if figures["double_calls"] == 0 and figures["lost_visitors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
