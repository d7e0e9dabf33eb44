"""Many desks pressing *call next* at the same moment, in threads on PostgreSQL (SQLite takes
writers one at a time: there they press in turn): no visitor is called twice, none is lost."""

from __future__ import annotations

import threading
import uuid

from django.contrib.auth import get_user_model
from django.db import connection

from anlaufstelle.hall import services
from anlaufstelle.hall.models import HallEvent, Step, Visit
from anlaufstelle.organisation.models import Desk

DESKS = 8
TICKETS = 12


def at_once(work, items) -> None:
    """``work(item)`` for every item in threads that start together on PostgreSQL, one after
    the other on SQLite (which takes writers one at a time)."""
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(len(items) if concurrent else 1)

    def run(item) -> None:
        try:
            start.wait()
            work(item)
        finally:
            if concurrent:
                connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()


def test_desks_calling_at_once_never_share_a_visitor(committed_db, site, agencies):
    users = get_user_model()
    sessions = []
    for n in range(DESKS):
        desk = Desk.objects.create(site=site, number=f"R{n}")
        desk.agencies.add(agencies["reception"])
        user = users.objects.create_user(username=f"desk{n}", password="x" * 12)
        sessions.append(services.sign_in(user=user, desk=desk, skills=["registration"]))
    for _ in range(TICKETS):
        services.issue_ticket(site=site, services=["registration"], language="uk")

    called: dict[int, int | None] = {}

    def press(session) -> None:
        step = services.call_next(session)
        called[session.pk] = step.visit_id if step else None

    at_once(press, sessions)
    visits = [v for v in called.values() if v is not None]
    assert len(visits) == DESKS and len(set(visits)) == DESKS
    assert Step.objects.filter(state="called").count() == DESKS
    assert Step.objects.filter(state="waiting").count() == TICKETS - DESKS
    assert HallEvent.objects.filter(kind="called").count() == DESKS


def test_two_coordinators_seeing_to_one_alarm_at_once_record_it_once(
    committed_db, site, agencies, personas
):
    desk = Desk.objects.create(site=site, number="A1")
    desk.agencies.add(agencies["reception"])
    user = get_user_model().objects.create_user(username="alarmed", password="x" * 12)
    session = services.sign_in(user=user, desk=desk, skills=["registration"])
    alarm = services.alarm(session)
    refused: list[str] = []

    def see_to(_n: int) -> None:
        try:
            services.handle_alarm(alarm, personas["coordinator"])
        except services.HallRefused as exc:
            refused.append(exc.message)

    at_once(see_to, [1, 2, 3])
    assert HallEvent.objects.filter(kind="alarm handled").count() == 1
    assert len(refused) == 2
    assert services.open_alarms(site) == []


def test_a_ticket_form_sent_twice_at_once_issues_one_ticket(committed_db, site):
    # A double tap at the kiosk or reception: the same form, twice, at the same moment.
    key = uuid.uuid4()
    issued: list[int] = []

    def send(_n) -> None:
        visit = services.issue_ticket(
            site=site, services=["registration"], language="ar", request_key=key
        )
        issued.append(visit.pk)

    at_once(send, range(4))
    assert len(issued) == 4 and len(set(issued)) == 1
    assert Visit.objects.count() == 1 and Visit.objects.get().number == 1
    assert HallEvent.objects.filter(kind="arrived").count() == 1
    # The next form is a new ticket, numbered on.
    other = services.issue_ticket(
        site=site, services=["registration"], language="ar", request_key=uuid.uuid4()
    )
    assert other.number == 2
