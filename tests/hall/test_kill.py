"""The production server killed with SIGKILL in the middle of a busy hall, and started again:
every change a screen got a success answer for is in the database, and the hall goes on.

The server is gunicorn with two worker processes (bench/hall/load.py's Server, as the bench
runs it), in a process group of its own on a free loopback port, and its processes are what is
killed; the database keeps what was committed. Reception and a kiosk issue tickets and four
desks call, receive and finish visitors over HTTP from threads while it dies. An answer sent
before its transaction committed would show here as an acknowledged ticket, call or *done* that
is not in the database.

On PostgreSQL the server works on the test database itself (rows committed for real,
`committed_db`). SQLite's test database lives in memory, where no other process can reach it:
there the server gets a copy of it in a file, and the file is copied back before the checks.
"""

from __future__ import annotations

import http.client
import re
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.db import connection

from anlaufstelle.core.roles import Role
from anlaufstelle.hall import services
from anlaufstelle.hall.models import DeskSession, HallEvent, Step, Visit
from anlaufstelle.hall.views import kiosk_token
from anlaufstelle.organisation.models import Desk, StaffMember
from bench.hall.client import csrf_token
from bench.hall.load import Server, desk_state, signed_in

DESKS = 4
# Tickets waiting before the load: every *call next* in it finds someone to call.
BACKLOG = 120
# The load runs this long before the kill (or until enough has been acknowledged).
LOAD_SECONDS = 3.0


class Browser:
    """A screen: its cookies, one connection per request, redirects by hand."""

    def __init__(self, port: int, session: str | None = None) -> None:
        self.port = port
        self.cookies = {"sessionid": session} if session else {}

    def request(self, method: str, path: str, fields: list[tuple[str, str]] | None = None):
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.text = response.read().decode()
        finally:
            conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return response

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]]):
        return self.request("POST", path, fields)

    def page_after(self, response) -> str:
        location = urlsplit(response.headers.get("Location", "")).path
        return self.get(location).text if response.status == 302 else response.text


def _submission(page: str) -> str:
    return re.search(r'name="submission" value="([^"]*)"', page).group(1)


class Acknowledged:
    """What the screens got a success answer for, before the server died."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tickets: dict[str, str | None] = {}  # status token → code (when the page came)
        self.presses: Counter[str] = Counter()  # desk → *call next* answered
        self.came: Counter[str] = Counter()
        self.done: Counter[str] = Counter()
        self.calls: set[tuple[str, str]] = set()  # (desk, code) seen called
        self.finished: set[tuple[str, str]] = set()  # (desk, code) answered done

    def total(self) -> int:
        return len(self.tickets) + sum(self.presses.values()) + sum(self.done.values())


def _ticket(browser: Browser, path: str, fields: list[tuple[str, str]]):
    """Fills in a ticket form (reception's or a kiosk's) at ``path`` and sends it; returns the
    answer and the new ticket's status token."""
    page = browser.get(path).text
    form = [("csrfmiddlewaretoken", csrf_token(page)), ("submission", _submission(page)), *fields]
    answer = browser.post(path, form)
    assert answer.status == 302, answer.status
    return answer, answer.headers["Location"].rstrip("/").rsplit("/", 1)[1]


RECEPTION_FORM = [("concerns", "registration"), ("party_size", "1"), ("priority_reason", "")]


def _issue_at_reception(port: int, session: str, site_id: int, seen: Acknowledged, stop) -> None:
    browser = Browser(port, session)
    while not stop.is_set():
        fields = [("site", str(site_id)), ("language", "uk"), *RECEPTION_FORM]
        answer, token = _ticket(browser, "/hall/reception/", fields)
        with seen.lock:
            seen.tickets[token] = None
        code = re.search(r'hall-ticket__code">([^<]+)<', browser.page_after(answer)).group(1)
        with seen.lock:
            seen.tickets[token] = code


def _issue_at_kiosk(port: int, path: str, seen: Acknowledged, stop) -> None:
    browser = Browser(port)
    while not stop.is_set():
        _answer, token = _ticket(
            browser, f"{path}?lang=ar", [("lang", "ar"), ("concerns", "registration")]
        )
        with seen.lock:
            seen.tickets[token] = None


def _serve_at_desk(port: int, session: str, desk: str, seen: Acknowledged, stop) -> None:
    browser = Browser(port, session)
    page = browser.get("/hall/desk/").text
    while not stop.is_set():
        state, code = desk_state(page)
        action = {"free": "next", "called": "came", "at_desk": "done"}[state]
        fields = [("csrfmiddlewaretoken", csrf_token(page))]
        if action == "done":
            fields.append(("outcome", "done"))
        answer = browser.post(f"/hall/desk/{action}/", fields)
        assert answer.status == 302, answer.status
        with seen.lock:
            {"next": seen.presses, "came": seen.came, "done": seen.done}[action][desk] += 1
            if action == "done":
                seen.finished.add((desk, code))
        page = browser.page_after(answer)
        state, code = desk_state(page)
        if action == "next":
            assert state == "called", "a call next with tickets waiting called nobody"
            with seen.lock:
                seen.calls.add((desk, code))


def _loaded(failures: list[str], target, *args) -> threading.Thread:
    """A screen's loop in a thread; it ends when the server is gone (no answer, or an answer
    cut off), and anything else it meets is a failure of the test."""

    def run() -> None:
        try:
            target(*args)
        except (OSError, http.client.HTTPException):
            pass  # the server died under it
        except Exception as exc:
            failures.append(f"{target.__name__}: {exc!r}")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _database_for_server(folder: Path) -> str:
    """The test database's address for the server; on SQLite (a database in this process's
    memory) a file with a copy of it."""
    db = connection.settings_dict
    if connection.vendor != "sqlite":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    connection.ensure_connection()
    copy = sqlite3.connect(folder / "hall.sqlite3")
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{folder / 'hall.sqlite3'}"


def _database_back(folder: Path) -> None:
    """On SQLite: what the server wrote, back into the test database that the checks read."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        written = sqlite3.connect(folder / "hall.sqlite3")
        try:
            written.backup(connection.connection)
        finally:
            written.close()


def test_a_server_killed_mid_load_keeps_every_acknowledged_change(
    committed_db, site, agencies, tmp_path
):
    users = get_user_model()
    desks: dict[str, str] = {}  # desk number → officer's session
    for n in range(DESKS):
        desk = Desk.objects.create(site=site, number=f"K{n}")
        desk.agencies.add(agencies["reception"])
        user = users.objects.create_user(username=f"killed-desk-{n}", password=None)
        StaffMember.objects.create(user=user, agency=agencies["reception"],
                                   roles=[Role.DESK_OFFICER], languages=["de"])  # fmt: skip
        services.sign_in(user=user, desk=desk, skills=["registration"])
        desks[desk.number] = signed_in(user)
    clerk = users.objects.create_user(username="killed-reception", password=None)
    StaffMember.objects.create(user=clerk, agency=agencies["reception"], roles=[Role.RECEPTION])
    clerk_session = signed_in(clerk)
    for _ in range(BACKLOG):
        services.issue_ticket(site=site, services=["registration"], language="uk")
    kiosk = f"/hall/kiosk/{site.pk}/{kiosk_token(site)}/"

    server = Server(2, 4, tmp_path, _database_for_server(tmp_path))
    seen = Acknowledged()
    stop = threading.Event()
    failures: list[str] = []
    try:
        server.start()
        threads = [
            _loaded(failures, _issue_at_reception, server.port, clerk_session, site.pk, seen, stop),
            _loaded(failures, _issue_at_kiosk, server.port, kiosk, seen, stop),
        ]
        threads += [
            _loaded(failures, _serve_at_desk, server.port, session, number, seen, stop)
            for number, session in desks.items()
        ]
        deadline = time.monotonic() + LOAD_SECONDS
        while time.monotonic() < deadline and seen.total() < 150:
            time.sleep(0.05)
        # Mid-load: requests are in flight in every thread when the processes die.
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        assert not failures, failures
        assert len(seen.tickets) >= 5 and sum(seen.done.values()) >= 3, "too little load"

        server.start()
        # The hall goes on: a new ticket, and a desk that calls next.
        clerk_browser = Browser(server.port, clerk_session)
        fields = [("site", str(site.pk)), ("language", "fa"), *RECEPTION_FORM]
        _answer, after = _ticket(clerk_browser, "/hall/reception/", fields)
        officer = Browser(server.port, desks["K0"])
        page = officer.get("/hall/desk/").text
        for _ in range(3):  # finish whoever is at the desk, then call next
            state, _code = desk_state(page)
            action = {"free": "next", "called": "came", "at_desk": "done"}[state]
            page = officer.page_after(
                officer.post(f"/hall/desk/{action}/", [("csrfmiddlewaretoken", csrf_token(page))])
            )
            if action == "next":
                break
        state, called = desk_state(page)
        assert state == "called" and called is not None
    finally:
        server.stop()
    _database_back(tmp_path)

    visits = {v.token: v for v in Visit.objects.all()}
    assert after in visits
    for token, code in seen.tickets.items():
        assert token in visits, "an issued ticket is missing"
        assert code is None or visits[token].code == code
    steps = Step.objects.select_related("visit", "session__desk")
    for number in desks:
        session = DeskSession.objects.get(desk__number=number, ended__isnull=True)
        mine = steps.filter(session=session)
        assert mine.exclude(state="waiting").count() >= seen.presses[number]
        assert mine.filter(state__in=["at_desk", "done"]).count() >= seen.came[number]
        assert mine.filter(state="done").count() >= seen.done[number]
        # One visitor at a desk at a time, even across the kill.
        assert mine.filter(state__in=["called", "at_desk"]).count() <= 1
    for desk, code in seen.calls:
        step = steps.get(visit__number=int(code[2:]))
        assert step.session.desk.number == desk and step.state in ("called", "at_desk", "done")
    for desk, code in seen.finished:
        step = steps.get(visit__number=int(code[2:]))
        assert step.session.desk.number == desk and step.state == "done"
        assert step.visit.state == "done"
    # Nobody was called twice.
    called = Counter(HallEvent.objects.filter(kind="called").values_list("step_id", flat=True))
    assert called and max(called.values()) == 1
    assert steps.filter(visit__token=after).exists()
