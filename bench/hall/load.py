"""The live hall at a compressed peak hour, over real HTTP against gunicorn and PostgreSQL.

bench/hall/run.py describes the load and its figures; this module builds the centre, runs the
server, drives the screens and reads the outcome from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.hall.client import KEEP_ALIVE_SECONDS, Browser, Recorder, csrf_token, hidden_fields

ROOT = Path(__file__).resolve().parents[2]
FORECAST = ROOT / "anlaufstelle" / "flow" / "forecasts" / "leipzig-peak.json"
# The screens' own intervals (seconds): the board's htmx poll (hall/_board_calls.html), a free
# desk's (hall/_desk_state.html), the status page's script (hall/static/hall/status.js), which
# waits as long as the page's data-refresh says (STATUS_SECONDS before the first page).
BOARD_SECONDS = 2.0
DESK_SECONDS = 3.0
# ... and asks the signed-in desk page this often all the same (hall/_desk_state.html).
DESK_FULL_SECONDS = 60.0
STATUS_SECONDS = 5.0
# The one prerequisite of the bench's routes: a residence permit needs the registration first.
PREREQUISITE = ("residence", "registration")
# Real minutes around each step: the visitor's walk to the desk (Leipzig's forecast says half a
# minute) and the officer's moment between *done* and the next *call next*.
WALK_MINUTES = 0.5
PAUSE_MINUTES = 0.25
# Shares of the tickets issued at the kiosks (the rest at reception), and the visitors'
# languages (Leipzig's forecast).
KIOSK_SHARE = 0.4
LANGUAGES = {"uk": 0.53, "ru": 0.47}


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ms(values: list[float], q: float) -> float:
    return round(1000 * _percentile(values, q), 1)


# --- The centre ----------------------------------------------------------------------------------


@dataclass
class Mix:
    """Leipzig's services and what the bench's visitors ask for."""

    minutes: dict[str, float]  # mean real minutes of a step, per service id
    spread: float  # sigma of log(real / mean)
    weights: dict[str, int]  # how often a concern is chosen: Leipzig's desks per service

    @classmethod
    def leipzig(cls) -> Mix:
        data = json.loads(FORECAST.read_text())
        factors = data["durations"].get("mean_factor", {})
        minutes = {
            s["id"]: float(s["typical_minutes"]) * factors.get(s["id"], 1.0)
            for s in data["services"]
        }
        weights = Counter(skill for member in data["staff"] for skill in member["skills"])
        return cls(minutes, float(data["durations"]["spread"]), dict(weights))

    def route(self, rng: random.Random) -> list[str]:
        """One or two concerns (and the prerequisite the hall adds itself)."""
        codes, weights = list(self.weights), list(self.weights.values())
        chosen: set[str] = set()
        wanted = 1 if rng.random() < 0.5 else 2
        while len(chosen) < wanted:
            chosen.add(rng.choices(codes, weights)[0])
        if PREREQUISITE[0] in chosen:
            chosen.add(PREREQUISITE[1])
        return sorted(chosen)

    def occupancy(self, service: str) -> float:
        """Real minutes a desk is taken per step: walk, the step, the officer's moment."""
        return WALK_MINUTES + self.minutes[service] + PAUSE_MINUTES

    def draw_minutes(self, rng: random.Random, service: str) -> float:
        sigma = self.spread
        return max(0.2, rng.lognormvariate(math.log(self.minutes[service]) - sigma**2 / 2, sigma))

    def demand(self, rng: random.Random, samples: int = 20_000) -> tuple[dict[str, float], float]:
        """Desk-minutes per visitor by service (drawn), and their sum."""
        work: Counter[str] = Counter()
        for _ in range(samples):
            for service in self.route(rng):
                work[service] += self.occupancy(service) / samples
        return dict(work), sum(work.values())


def share_out(total: int, shares: dict[str, float]) -> dict[str, int]:
    """``total`` desks in proportion to ``shares`` (largest remainder), at least one each."""
    whole = sum(shares.values())
    exact = {k: max(1.0, total * v / whole) for k, v in shares.items()}
    counts = {k: int(v) for k, v in exact.items()}
    by_remainder = sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)
    for key in by_remainder[: max(0, total - sum(counts.values()))]:
        counts[key] += 1
    while sum(counts.values()) > total:  # the floor of one took more than the share
        largest = max(counts, key=lambda k: counts[k])
        counts[largest] -= 1
    return counts


@dataclass
class DeskPlan:
    number: str
    service: str
    session: str  # the officer's session cookie
    # Where the desk is when the load begins: "called" (the visitor walks over), "at_desk",
    # "pause" (after done, before the next press) or "free" (pressed, nobody for it yet), and
    # the real minutes left of that stage.
    stage: str = "pause"
    left: float = 0.0


@dataclass
class Centre:
    site_id: int
    day_id: int
    board_path: str
    kiosk_path: str
    desks: list[DeskPlan]
    receptions: list[str]  # the clerks' session cookies
    backlog: list[str]  # status tokens of the tickets issued before the load
    arrivals_per_hour: float  # real hours
    desks_by_service: dict[str, int]


def refusal() -> str | None:
    """Why this database cannot take the bench (None: it can); it has been migrated."""
    from anlaufstelle.hall.models import HallDay
    from anlaufstelle.organisation.models import Site

    if HallDay.objects.exists():
        return "the database already holds a live hall; give the bench an empty database"
    if Site.objects.exists():
        return "the database already holds sites; give the bench an empty database"
    return None


def signed_in(user: Any) -> str:
    """A signed-in session of ``user``, as the sign-in page would leave it (no password typed:
    Argon2 for hundreds of officers would take minutes)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from anlaufstelle.core.sessions import SEEN, STARTED

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[STARTED] = store[SEEN] = time.time()
    store.create()
    return str(store.session_key)


def build(
    desks: int, receptions: int, busy: float, backlog: int, rng: random.Random
) -> tuple[Centre, Mix]:
    """A site with Leipzig's services, ``desks`` desks shared out by the work each service gets,
    an officer signed in at each (in process, through hall.services.sign_in, as the desk page
    does), reception clerks, and ``backlog`` tickets waiting (hall.services.issue_ticket)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from anlaufstelle.core.roles import Role
    from anlaufstelle.hall import services
    from anlaufstelle.hall.views import board_token, kiosk_token
    from anlaufstelle.organisation.models import Agency, Desk, Service, Site, StaffMember

    mix = Mix.leipzig()
    data = json.loads(FORECAST.read_text())
    work, per_visitor = mix.demand(random.Random(rng.random()))
    counts = share_out(desks, work)
    users = get_user_model()
    with transaction.atomic():
        agencies: dict[str, Agency] = {}
        made: dict[str, Service] = {}
        for spec in data["services"]:
            code = f"bench-{spec['agency']}"
            if code not in agencies:
                agencies[code] = Agency.objects.create(
                    code=code, name=f"Bench {spec['agency']}", kind=Agency.Kind.OTHER,
                    controller_name=f"Bench {spec['agency']}",
                )  # fmt: skip
            made[spec["id"]] = Service.objects.create(
                code=f"bench-{spec['id']}", agency=agencies[code],
                names={"de": spec["id"], "en": spec["id"]},
                typical_minutes=spec["typical_minutes"], per_person_factor=0,
            )  # fmt: skip
        made[PREREQUISITE[0]].prerequisites.add(made[PREREQUISITE[1]])
        site = Site.objects.create(name="Bench hall")
        officers = []
        n = 0
        for service, count in counts.items():
            for _ in range(count):
                n += 1
                desk = Desk.objects.create(site=site, number=f"D{n:03d}")
                desk.agencies.add(made[service].agency)
                user = users.objects.create_user(username=f"bench-officer-{n}", password=None)
                member = StaffMember.objects.create(
                    user=user, agency=made[service].agency, roles=[Role.DESK_OFFICER],
                    languages=["de"],
                )  # fmt: skip
                member.skills.add(made[service])
                officers.append((user, desk, service))
        clerks = []
        for k in range(receptions):
            user = users.objects.create_user(username=f"bench-reception-{k}", password=None)
            StaffMember.objects.create(
                user=user, agency=made["reception"].agency, roles=[Role.RECEPTION],
                languages=["de"],
            )  # fmt: skip
            clerks.append(user)
    plans, sessions = [], []
    for user, desk, service in officers:
        sessions.append(services.sign_in(user=user, desk=desk, skills=[made[service].code]))
        plans.append(DeskPlan(desk.number, service, signed_in(user)))
    tokens = []
    for _ in range(backlog):
        visit = services.issue_ticket(
            site=site,
            services=[made[s].code for s in mix.route(rng)],
            language=rng.choices(list(LANGUAGES), list(LANGUAGES.values()))[0],
        )
        tokens.append(visit.token)
    # The hour is under way when the load begins: each desk at a random point of its cycle
    # (called, serving, pausing), or free with nobody for it, as in the steady state.
    order = list(range(len(plans)))
    rng.shuffle(order)
    for k in order:
        plan, session = plans[k], sessions[k]
        point = rng.uniform(0, mix.occupancy(plan.service))
        if point >= WALK_MINUTES + mix.minutes[plan.service]:
            plan.stage, plan.left = "pause", mix.occupancy(plan.service) - point
            continue
        step = services.call_next(session)
        if step is None:
            plan.stage = "free"
        elif point < WALK_MINUTES:
            plan.stage, plan.left = "called", WALK_MINUTES - point
        else:
            services.came(session)
            served = point - WALK_MINUTES
            plan.stage = "at_desk"
            plan.left = max(0.1, mix.draw_minutes(rng, plan.service) - served)
    arrivals = busy * desks * 60 / per_visitor
    centre = Centre(
        site_id=site.pk,
        day_id=services.today(site).pk,
        board_path=f"/hall/board/{site.pk}/{board_token(site)}/",
        kiosk_path=f"/hall/kiosk/{site.pk}/{kiosk_token(site)}/",
        desks=plans,
        receptions=[signed_in(user) for user in clerks],
        backlog=tokens,
        arrivals_per_hour=arrivals,
        desks_by_service=counts,
    )
    return centre, mix


# --- The server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """gunicorn as a centre runs it: worker processes with threads, one PostgreSQL behind them,
    DEBUG off; on the loopback address only, in a process group of its own."""

    def __init__(
        self, workers: int, threads: int, folder: Path, database_url: str | None = None
    ) -> None:
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.env = dict(os.environ)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.env.update(
            DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1",
            # Plain HTTP on the loopback: cookies marked Secure would never come back.
            SECURE_COOKIES="false",
            ANLAUFSTELLE_VAR_DIR=str(folder),
            PLANNING_RUNNER="external",
            DJANGO_SETTINGS_MODULE="anlaufstelle.config.settings",
        )

    def start(self, timeout: float = 60.0) -> None:
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        if gunicorn is None:
            raise SystemExit(
                "bench/hall: gunicorn is not installed "
                "(.venv/bin/pip install -c constraints.txt gunicorn==27.0.1)"
            )
        command = [
            gunicorn, "anlaufstelle.config.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--worker-class", "gthread", "--threads", str(self.threads),
            "--timeout", "120", "--graceful-timeout", "10", "--backlog", "4096",
            "--keep-alive", str(KEEP_ALIVE_SECONDS), "--worker-connections", "4000",
            "--no-control-socket", "--error-logfile", str(self.log), "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench/hall: gunicorn ended at start:\n{self.tail()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe,
            ):
                probe.sendall(b"GET /hall/status/none/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              b"Connection: close\r\n\r\n")  # fmt: skip
                if probe.recv(64).startswith(b"HTTP/1.1 404"):
                    return
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"bench/hall: gunicorn did not answer within {timeout:.0f} s")

    def tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return ""

    def pids(self) -> list[int]:
        """The master and its workers (the server's process group)."""
        if self.process is None:
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[2]) == self.process.pid:  # the process group
                        found.append(int(entry.name))
        return found

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: nothing gets to clean up."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy so far (all processes, all cores)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def postgres_pids() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    found.append(int(entry.name))
    return found


# --- The screens ---------------------------------------------------------------------------------

_DESK_CODE = re.compile(r'id="desk-state-heading">[^<]*?\b(A-\d+)')
_BOARD_ROW = re.compile(
    r'<tr [^>]*data-sound="([^"]+)"[^>]*>.*?hall-board__code">([^<]+)</td>'
    r'.*?hall-board__desk">([^<]+)</td>',
    re.S,
)
_DESK_POLL = re.compile(r'id="desk-state"[^>]*hx-get="([^"]+)"')
_DESK_GLANCE = re.compile(r'data-desk-glance hx-get="([^"]+)"')
_REFRESH = re.compile(r'id="visit-status" data-refresh="(\d+)"')
_TICKET = re.compile(r"/hall/(?:ticket|kiosk/\d+/\w+/ticket)/([\w-]+)/$")


def desk_state(page: str) -> tuple[str, str | None]:
    """What a desk page shows: free, called or at_desk (or unknown), and the ticket."""
    found = _DESK_CODE.search(page)
    code = found.group(1) if found else None
    if 'action="/hall/desk/came/"' in page:
        return "called", code
    if 'action="/hall/desk/done/"' in page:
        return "at_desk", code
    if 'action="/hall/desk/next/"' in page:
        return "free", None
    return "unknown", None


@dataclass
class Call:
    code: str
    desk: str
    acknowledged: float | None  # time.time() the *call next* answer came; None: called by
    # another event while the desk was free (the moment is the step's called_at)


@dataclass
class Load:
    centre: Centre
    mix: Mix
    port: int
    speedup: float
    minutes: float
    warmup: float
    ramp: float  # seconds over which the screens are opened
    status_pages: int
    boards: int
    kiosks: int
    board_sound: bool
    drain_timeout: float
    rng: random.Random
    recorder: Recorder = field(default_factory=Recorder)
    calls: list[Call] = field(default_factory=list)
    first_seen: dict[tuple[str, str], float] = field(default_factory=dict)
    seen_by: list[dict[tuple[str, str], float]] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    done_tokens: set[str] = field(default_factory=set)
    anomalies: Counter[str] = field(default_factory=Counter)
    lags: list[float] = field(default_factory=list)
    window_wall: tuple[float, float] = (0.0, 0.0)
    drain_seconds: float = 0.0
    drained: bool = False
    sounds: set[asyncio.Future[Any]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.tokens = list(self.centre.backlog)
        self.seen_by = [{} for _ in range(self.boards)]
        self.draining = asyncio.Event()
        self.finished = asyncio.Event()

    async def wait(self, real_minutes: float) -> None:
        """A real duration, compressed by the speedup; cut short once the hall drains."""
        if self.draining.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.draining.wait(), real_minutes * 60 / self.speedup)

    def browser(self, session: str | None = None) -> Browser:
        return Browser(self.port, self.recorder, {"sessionid": session} if session else None)

    async def look(self, b: Browser, page: str, token: str) -> tuple[str, str | None, str]:
        """The desk's state, ticket and CSRF token from ``page``; where the page did not come
        (no answer, an error page), the officer reloads it until it does."""
        state, code = desk_state(page)
        while state == "unknown" and not self.finished.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.finished.wait(), DESK_SECONDS)
            page = (await b.get("/hall/desk/", "desk page")).text
            state, code = desk_state(page)
        return state, code, csrf_token(page) or token

    # A desk officer: call next, the visitor comes, the step, done, a moment, call next again.
    async def desk(self, plan: DeskPlan) -> None:
        b = self.browser(plan.session)
        await asyncio.sleep(self.rng.uniform(0, self.ramp))
        page = (await b.get("/hall/desk/", "desk page")).text
        state, current, token = await self.look(b, page, "")
        # A free desk may have been called before its page opened (--ramp).
        if state not in {"pause": ("free",), "free": ("free", "called")}.get(
            plan.stage, (plan.stage,)
        ):
            self.anomalies[f"desk at the start: {state} instead of {plan.stage}"] += 1
        stage, left = plan.stage, plan.left
        looked_in_full = time.time() - self.rng.uniform(0, DESK_FULL_SECONDS)  # opened before
        # What the desk's page should show after each stage's action.
        expected = {
            "pause": ("called", "free"),
            "free": ("called", "free"),
            "called": ("at_desk",),
            "at_desk": ("free",),
        }
        while not self.finished.is_set():
            acknowledged = None
            answered = True
            if stage == "free":
                # Nobody for this desk now: the page looks every three seconds whether an
                # event (a ticket, another desk's done) has called someone here.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.finished.wait(), DESK_SECONDS)
                if self.finished.is_set():
                    return
                # As htmx: the page's look every three seconds (without the session); when
                # it says "changed", or a minute after the page came, the state from the
                # signed-in page at the address the section names.
                look = _DESK_GLANCE.search(page)
                full = look is None or time.time() - looked_in_full >= DESK_FULL_SECONDS
                if not full and look is not None:
                    answer = await b.get(html.unescape(look.group(1)), "desk poll", htmx=True)
                    full = answer.status != 204
                if full:
                    looked_in_full = time.time()
                    poll = _DESK_POLL.search(page)
                    path = html.unescape(poll.group(1)) if poll else "/hall/desk/"
                    answer = await b.get(path, "desk state", htmx=True)
                    page = answer.text if answer.status == 200 else page
            else:
                await self.wait(left)
                action, fields = {
                    "pause": ("next", []),
                    "called": ("came", []),
                    "at_desk": ("done", [("outcome", "done")]),
                }[stage]
                fields = [("csrfmiddlewaretoken", token), *fields]
                kind = "call next" if action == "next" else action
                answer = await b.post(f"/hall/desk/{action}/", fields, kind)
                answered = answer.status != 0
                if action == "next" and answer.redirect:
                    acknowledged = time.time()
                page = (await b.follow(answer, "desk page")).text
                looked_in_full = time.time()  # htmx's minute starts with the page
            state, code, token = await self.look(b, page, token)
            if answered and state not in expected[stage]:
                self.anomalies[f"{stage}: the desk shows {state}"] += 1
            # What the desk shows decides what the officer does next.
            if state == "called":
                if code != current:
                    self.calls.append(Call(code or "?", plan.number, acknowledged))
                    left = WALK_MINUTES
                else:
                    left = 0.0
                stage = "called"
            elif state == "at_desk":
                left = self.mix.draw_minutes(self.rng, plan.service) if stage != "at_desk" else 0.0
                stage = "at_desk"
            elif stage in ("pause", "free"):
                stage = "free"  # pressed, and nobody for this desk yet
            else:
                stage, left = "pause", PAUSE_MINUTES
            current = code if state in ("called", "at_desk") else None

    def _issued(self, answer: Any) -> None:
        found = _TICKET.search(answer.location) if answer.redirect else None
        if found is None:
            if answer.status and answer.status < 400:
                self.anomalies["ticket form refused"] += 1
            return
        self.acknowledged.append(found.group(1))
        self.tokens.append(found.group(1))

    def _visitor(self) -> tuple[list[str], str]:
        route = [f"bench-{s}" for s in self.mix.route(self.rng)]
        language = self.rng.choices(list(LANGUAGES), list(LANGUAGES.values()))[0]
        return route, language

    async def form(self, b: Browser, path: str, kind: str) -> str:
        """A form page with its CSRF token (fetched again while it does not come)."""
        while True:
            page = (await b.get(path, kind)).text
            if csrf_token(page) or self.finished.is_set():
                return page
            await asyncio.sleep(1.0)

    async def reception(self, session: str, queue: asyncio.Queue[bool]) -> None:
        b = self.browser(session)
        while await queue.get():
            route, language = self._visitor()
            page = await self.form(b, "/hall/reception/", "reception page")
            fields = hidden_fields(page) + [
                ("site", str(self.centre.site_id)), ("language", language),
                ("party_size", "1"), ("priority_reason", ""),
            ]  # fmt: skip
            fields += [("concerns", code) for code in route]
            answer = await b.post("/hall/reception/", fields, "check-in (reception)")
            self._issued(answer)
            await b.follow(answer, "ticket page")

    async def kiosk(self, queue: asyncio.Queue[bool]) -> None:
        b = self.browser()
        path = self.centre.kiosk_path
        await b.get(path, "kiosk page")
        while await queue.get():
            route, language = self._visitor()
            page = await self.form(b, f"{path}?lang={language}", "kiosk page")
            fields = hidden_fields(page) + [("concerns", code) for code in route]
            answer = await b.post(f"{path}?lang={language}", fields, "check-in (kiosk)")
            self._issued(answer)
            await b.follow(answer, "kiosk page")
            await b.get(path, "kiosk page")  # *Done*: back to the languages

    async def arrivals(self, queues: list[asyncio.Queue[bool]], kiosks: int) -> None:
        """Visitors arrive at random (a Poisson process), at reception or a kiosk; each queues
        for the next free clerk or kiosk."""
        rate = self.centre.arrivals_per_hour * self.speedup / 3600
        loop = asyncio.get_running_loop()
        due = loop.time()
        end = loop.time() + self.warmup + self.minutes * 60
        while True:
            due += self.rng.expovariate(rate)
            if due >= end:
                return
            await asyncio.sleep(max(0.0, due - loop.time()))
            kiosk = kiosks and self.rng.random() < KIOSK_SHARE
            queue = queues[self.rng.randrange(kiosks)] if kiosk else queues[-1]
            queue.put_nowait(True)

    def _a_ticket(self) -> str | None:
        """A visitor in the hall whose phone shows their status page."""
        recent = [t for t in self.tokens[-2000:] if t not in self.done_tokens]
        return self.rng.choice(recent) if recent else None

    async def status_page(self) -> None:
        b = self.browser()
        await asyncio.sleep(self.rng.uniform(0, max(STATUS_SECONDS, self.ramp)))
        token = None
        while not self.finished.is_set():
            token = token or self._a_ticket()
            wait = STATUS_SECONDS
            if token is not None:
                path = f"/hall/status/{token}/"
                page = (await b.get(path, "status page", revalidate=True)).text
                refresh = _REFRESH.search(page)
                if refresh is None:
                    # All done: the page stops fetching; another visitor's phone takes over.
                    self.done_tokens.add(token)
                    b.kept.pop(path, None)
                    token = None
                else:
                    wait = int(refresh.group(1))  # as the page's script waits
            await asyncio.sleep(wait)

    async def board(self, n: int) -> None:
        b = self.browser()
        await asyncio.sleep(self.rng.uniform(0, self.ramp))
        page = (await b.get(self.centre.board_path, "board page")).text
        # Calls on the board when it opens are not announced.
        heard = {(code, desk) for _url, code, desk in _BOARD_ROW.findall(page)}
        seen = self.seen_by[n]
        await asyncio.sleep(self.rng.uniform(0, BOARD_SECONDS))
        while not self.finished.is_set():
            page = (await b.get(self.centre.board_path, "board poll", htmx=True)).text
            now = time.time()
            for url, code, desk in _BOARD_ROW.findall(page):
                key = (code, desk)
                self.first_seen.setdefault(key, now)
                seen.setdefault(key, now)
                if self.board_sound and key not in heard:
                    heard.add(key)
                    sound = b.get(url.replace("&amp;", "&"), "board sound", expect=(404,))
                    future = asyncio.ensure_future(sound)
                    self.sounds.add(future)
                    future.add_done_callback(self.sounds.discard)
            await asyncio.sleep(BOARD_SECONDS)

    async def lag(self) -> None:
        """How late the event loop wakes up: the client's own delay in every figure."""
        while not self.finished.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.1)
            if self.recorder.measuring(started):
                self.lags.append(time.perf_counter() - started - 0.1)

    async def drain(self, site_id: int) -> None:
        """After the hour: no more arrivals, desks serve at once, until every visitor is done."""
        from django.db import connection

        from anlaufstelle.hall.models import Visit

        def still_open() -> int:
            try:
                return Visit.objects.filter(day__site_id=site_id).exclude(state="done").count()
            finally:
                connection.close()

        started = time.perf_counter()
        while time.perf_counter() - started < self.drain_timeout:
            if await asyncio.to_thread(still_open) == 0:
                self.drained = True
                break
            await asyncio.sleep(1)
        self.drain_seconds = time.perf_counter() - started
        self.finished.set()

    async def run(self) -> None:
        queues: list[asyncio.Queue[bool]] = [asyncio.Queue() for _ in range(self.kiosks + 1)]
        screens = [asyncio.ensure_future(self.status_page()) for _ in range(self.status_pages)]
        screens += [asyncio.ensure_future(self.board(n)) for n in range(self.boards)]
        screens.append(asyncio.ensure_future(self.lag()))
        desks = [asyncio.ensure_future(self.desk(plan)) for plan in self.centre.desks]
        clerks = [
            asyncio.ensure_future(self.reception(session, queues[-1]))
            for session in self.centre.receptions
        ]
        clerks += [asyncio.ensure_future(self.kiosk(queues[k])) for k in range(self.kiosks)]
        start = time.perf_counter() + self.warmup
        end = start + self.minutes * 60
        self.recorder.window = (start, end)
        offset = time.time() - time.perf_counter()
        self.window_wall = (start + offset, end + offset)
        await self.arrivals(queues, self.kiosks)
        await asyncio.sleep(max(0.0, end - time.perf_counter()))
        # The hour is over: the clerks finish the visitors in their queues, then stop.
        for queue in queues:
            for _ in range(len(clerks)):
                queue.put_nowait(False)
        self.draining.set()
        await asyncio.gather(*clerks)
        await self.drain(self.centre.site_id)
        await asyncio.gather(*desks)
        for task in screens:
            task.cancel()
        await asyncio.gather(*screens, *self.sounds, return_exceptions=True)


# --- What the database says afterwards -----------------------------------------------------------


def outcome(load: Load) -> dict[str, Any]:
    from anlaufstelle.hall.models import HallEvent, Step, Visit

    site_id = load.centre.site_id
    states = dict(Visit.objects.filter(day__site_id=site_id).values_list("token", "state"))
    expected = load.centre.backlog + load.acknowledged
    lost = [t for t in expected if states.get(t) != Visit.State.DONE]
    called = Counter(
        HallEvent.objects.filter(day__site_id=site_id, kind="called").values_list(
            "step_id", flat=True
        )
    )
    steps = list(
        Step.objects.filter(visit__day__site_id=site_id).values_list(
            "visit_id", "session_id", "called_at", "ended_at", "visit__number",
            "session__desk__number",
        )
    )  # fmt: skip
    # A visitor at two desks at once, or a desk with two visitors at once.
    overlaps = {"visitor": 0, "desk": 0}
    for kind, index in (("visitor", 0), ("desk", 1)):
        spans: dict[int, list[tuple[Any, Any]]] = {}
        for row in steps:
            if row[2] is not None and row[index] is not None:
                spans.setdefault(row[index], []).append((row[2], row[3]))
        for held in spans.values():
            held.sort(key=lambda span: span[0])
            for (_a, a_end), (b_start, _b) in zip(held, held[1:], strict=False):
                if a_end is None or b_start < a_end:
                    overlaps[kind] += 1
    called_at = {
        (Visit(number=number).code, desk): at.timestamp()
        for _v, _s, at, _e, number, desk in steps
        if at is not None and desk is not None
    }
    first, each, unseen, missed_by_board = [], [], 0, 0
    # Calls of the measured window; not those of its last seconds, whose visitors the drain
    # then serves at once, so that their rows may leave the board before a board looks.
    start, end = load.window_wall[0], load.window_wall[1] - 2 * BOARD_SECONDS
    for call in load.calls:
        key = (call.code, call.desk)
        at = call.acknowledged if call.acknowledged is not None else called_at.get(key)
        if at is None or not start <= at < end:
            continue
        if key not in load.first_seen:
            unseen += 1
        else:
            first.append(max(0.0, load.first_seen[key] - at))
        for seen in load.seen_by:
            if key in seen:
                each.append(max(0.0, seen[key] - at))
            else:
                missed_by_board += 1
    twice = sum(1 for n in called.values() if n > 1)
    return {
        "lost": lost,
        "unacknowledged_visits": len(set(states) - set(expected)),
        "steps_called_twice": twice,
        "visitor_at_two_desks": overlaps["visitor"],
        "desk_with_two_visitors": overlaps["desk"],
        "double_calls": twice + overlaps["visitor"] + overlaps["desk"],
        "board_delay": first,
        "board_delay_each": each,
        "calls_never_on_a_board": unseen,
        "calls_missed_by_a_board": missed_by_board,
    }


def run_http(args: Any) -> dict[str, Any]:
    """Build, serve, load, drain, count (the command line's defaults are in run.py)."""
    from django.db import connection

    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="hall-http-bench-"))
    receptions = args.receptions or max(1, args.desks // 40)
    kiosks = args.kiosks if args.kiosks is not None else max(1, args.desks // 60)
    boards = args.boards if args.boards is not None else max(2, args.desks // 60)
    started = time.perf_counter()
    centre, mix = build(args.desks, receptions, args.busy, round(args.busy * args.desks), rng)
    build_seconds = time.perf_counter() - started
    connection.close()
    server = Server(args.workers, args.threads, folder)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        load = Load(
            centre=centre, mix=mix, port=server.port, speedup=args.speedup,
            minutes=args.minutes, warmup=args.warmup, ramp=args.ramp,
            status_pages=args.status_pages,
            boards=boards, kiosks=kiosks, board_sound=not args.no_board_sound,
            drain_timeout=args.drain_timeout, rng=rng,
        )  # fmt: skip
        cpu: dict[str, float] = {}
        with contextlib.ExitStack() as stack:
            if args.trace:
                load.recorder.trace = stack.enter_context(open(args.trace, "w"))  # noqa: SIM115
            asyncio.run(_measured(load, server, cpu))
        server_log = server.tail()
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(folder, ignore_errors=True)
    found = outcome(load)
    rec = load.recorder
    seconds = load.minutes * 60
    checkins = rec.latency["check-in (reception)"] + rec.latency["check-in (kiosk)"]
    calls = rec.latency["call next"]
    window = [c for c in load.calls if c.acknowledged is not None]
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "desks": args.desks,
        "workers": args.workers,
        "threads": args.threads,
        "status_pages": args.status_pages,
        "boards": boards,
        "receptions": receptions,
        "kiosks": kiosks,
        "speedup": args.speedup,
        "minutes": args.minutes,
        "arrivals_per_hour": round(centre.arrivals_per_hour * args.speedup),
        "arrivals_per_real_hour": round(centre.arrivals_per_hour),
        "backlog": len(centre.backlog),
        "tickets": len(load.acknowledged),
        "calls": len(load.calls),
        "calls_answered_at_once": len(window),
        "requests": rec.requests,
        "requests_per_second": round(rec.requests / seconds, 1),
        "requests_per_second_by_kind": {
            kind: round(len(times) / seconds, 1) for kind, times in sorted(rec.latency.items())
        },
        "errors": sum(rec.errors.values()),
        "errors_by_kind": dict(rec.errors),
        "expected_answers": dict(rec.expected),
        "anomalies": dict(load.anomalies),
        "call_next_p50_ms": _ms(calls, 0.5),
        "call_next_p99_ms": _ms(calls, 0.99),
        "call_next_max_ms": _ms(calls, 1.0),
        "call_next_count": len(calls),
        "checkin_p50_ms": _ms(checkins, 0.5),
        "checkin_p99_ms": _ms(checkins, 0.99),
        "checkin_count": len(checkins),
        "came_p99_ms": _ms(rec.latency["came"], 0.99),
        "done_p99_ms": _ms(rec.latency["done"], 0.99),
        "desk_poll_p99_ms": _ms(rec.latency["desk poll"], 0.99),
        "status_page_p50_ms": _ms(rec.latency["status page"], 0.5),
        "status_page_p99_ms": _ms(rec.latency["status page"], 0.99),
        "board_poll_p99_ms": _ms(rec.latency["board poll"], 0.99),
        "board_delay_p50_ms": _ms(found["board_delay"], 0.5),
        "board_delay_p99_ms": _ms(found["board_delay"], 0.99),
        "board_delay_each_p50_ms": _ms(found["board_delay_each"], 0.5),
        "board_delay_each_p99_ms": _ms(found["board_delay_each"], 0.99),
        "calls_never_on_a_board": found["calls_never_on_a_board"],
        "calls_missed_by_a_board": found["calls_missed_by_a_board"],
        "double_calls": found["double_calls"],
        "steps_called_twice": found["steps_called_twice"],
        "visitor_at_two_desks": found["visitor_at_two_desks"],
        "desk_with_two_visitors": found["desk_with_two_visitors"],
        "lost_visitors": len(found["lost"]),
        "unacknowledged_visits": found["unacknowledged_visits"],
        "drained": load.drained,
        "drain_seconds": round(load.drain_seconds, 1),
        "build_seconds": round(build_seconds, 1),
        "client_loop_lag_p99_ms": _ms(load.lags, 0.99),
        "cpu_cores_server": cpu.get("server", 0.0),
        "cpu_cores_postgres": cpu.get("postgres", 0.0),
        "cpu_cores_bench": cpu.get("bench", 0.0),
        "cpu_cores_other": cpu.get("other", 0.0),
        "cpu_cores_machine": os.cpu_count() or 0,
    }
    if sum(rec.errors.values()) and server_log:
        figures["server_log_tail"] = server_log[-2000:]
    return figures


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


async def _measured(load: Load, server: Server, cpu: dict[str, float]) -> None:
    """Runs the load and fills ``cpu`` with the cores each side used in the measured window
    (sampled every second per process: database connections come and go)."""

    def per_process(pids: list[int]) -> dict[int, float]:
        return {pid: cpu_seconds([pid]) for pid in pids}

    async def sample() -> None:
        start, end = load.recorder.window or (0.0, 0.0)
        await asyncio.sleep(max(0.0, start - time.perf_counter()))
        used = {"server": 0.0, "postgres": 0.0}
        last = {"server": per_process(server.pids()), "postgres": per_process(postgres_pids())}
        bench, machine = time.process_time(), machine_busy()
        began = time.perf_counter()
        while time.perf_counter() < end:
            await asyncio.sleep(1.0)
            now = {"server": per_process(server.pids()), "postgres": per_process(postgres_pids())}
            for side, seen in now.items():
                for pid, seconds in seen.items():
                    # A process that began within the second counts from its start.
                    used[side] += max(0.0, seconds - last[side].get(pid, 0.0))
            last = now
        wall = time.perf_counter() - began
        cpu["server"] = round(used["server"] / wall, 2)
        cpu["postgres"] = round(used["postgres"] / wall, 2)
        cpu["bench"] = round((time.process_time() - bench) / wall, 2)
        busy = (machine_busy() - machine) / wall
        cpu["other"] = round(max(0.0, busy - cpu["server"] - cpu["postgres"] - cpu["bench"]), 2)

    running = asyncio.ensure_future(load.run())
    sampler = asyncio.ensure_future(sample())
    await running
    sampler.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await sampler


def summary(figures: dict[str, Any]) -> str:
    """The figures as a table, the aims beside the four that have one."""
    aims = {
        "call_next_p99_ms": ("≤ 100", lambda v: v <= 100),
        "board_delay_p99_ms": ("≤ 2000", lambda v: v <= 2000),
        "double_calls": ("0", lambda v: v == 0),
        "lost_visitors": ("0", lambda v: v == 0),
    }
    lines = []
    for key, value in figures.items():
        if key == "server_log_tail":
            continue
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        line = f"{key:<28} {shown}"
        if key in aims:
            text, met = aims[key]
            line += f"   (aim {text}: {'met' if met(value) else 'MISSED'})"
        lines.append(line)
    if "server_log_tail" in figures:
        lines.append("server log (end):\n" + figures["server_log_tail"])
    return "\n".join(lines)
