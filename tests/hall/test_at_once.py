"""Many desks pressing *call next* at the same moment, in threads on PostgreSQL (SQLite takes
writers one at a time: there they press in turn): no visitor is called twice, none is lost."""

from __future__ import annotations

import threading

from django.contrib.auth import get_user_model
from django.db import connection

from anlaufstelle.hall import services
from anlaufstelle.hall.models import HallEvent, Step
from anlaufstelle.organisation.models import Desk

DESKS = 8
TICKETS = 12


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

    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(DESKS if concurrent else 1)
    called: dict[int, int | None] = {}

    def press(session) -> None:
        try:
            start.wait()
            step = services.call_next(session)
            called[session.pk] = step.visit_id if step else None
        finally:
            if concurrent:
                connection.close()

    threads = [threading.Thread(target=press, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()
    visits = [v for v in called.values() if v is not None]
    assert len(visits) == DESKS and len(set(visits)) == DESKS
    assert Step.objects.filter(state="called").count() == DESKS
    assert Step.objects.filter(state="waiting").count() == TICKETS - DESKS
    assert HallEvent.objects.filter(kind="called").count() == DESKS
