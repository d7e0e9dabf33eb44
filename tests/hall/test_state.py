"""The hall a process keeps between events (hall/state.py) is used only while it is the one the
database holds: after another process's event, or an event rolled back, the state is read
again; and the stored state is compressed JSON that reads back as the dispatcher wrote it."""

from __future__ import annotations

import pytest
from django.db import transaction

from anlaufstelle.flow.hall import Hall
from anlaufstelle.hall import services, state
from anlaufstelle.hall.models import HallDay

pytestmark = pytest.mark.django_db


def visitors(day: HallDay) -> list[str]:
    return [row["id"] for row in HallDay.objects.get(pk=day.pk).snapshot["visitors"]]


def test_a_hall_kept_from_before_another_process_wrote_is_not_used(site):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    day = first.day
    kept = state._halls[day.pk]  # what this process holds after its event
    # Another process (here: the same, having forgotten) issues a ticket meanwhile.
    state.forget()
    second = services.issue_ticket(site=site, services=["registration"], language="ar")
    # This process still holds its older hall, which lacks the second visitor.
    state.keep(day.pk, *kept)
    third = services.issue_ticket(site=site, services=["registration"], language="fa")
    assert visitors(day) == [first.hall_id, second.hall_id, third.hall_id]


def test_an_event_rolled_back_leaves_no_trace_in_the_next(site):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_ticket(site=site, services=["registration"], language="ar")
        raise RuntimeError("the request failed after the event")
    third = services.issue_ticket(site=site, services=["registration"], language="fa")
    assert visitors(first.day) == [first.hall_id, third.hall_id]


def test_the_next_event_in_the_same_process_uses_the_hall_it_kept(site, monkeypatch):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    loads = []
    monkeypatch.setattr(
        Hall, "from_snapshot", classmethod(lambda cls, data: loads.append(data) or 1 / 0)
    )
    second = services.issue_ticket(site=site, services=["registration"], language="ar")
    assert loads == []
    monkeypatch.undo()
    assert visitors(first.day) == [first.hall_id, second.hall_id]


def test_the_stored_state_is_compressed_and_reads_back_whole(site):
    services.issue_ticket(site=site, services=["residence"], language="uk")
    day = HallDay.objects.get()
    snapshot = Hall.from_snapshot(day.snapshot).snapshot()
    assert state.unpack(state.pack(snapshot)) == snapshot == day.snapshot
    assert len(bytes(day.state)) < len(repr(snapshot).encode())


def test_a_process_keeps_only_the_most_recently_used_halls(site, monkeypatch):
    monkeypatch.setattr(state, "KEEP_DAYS", 2)
    hall = Hall.from_snapshot(
        services.issue_ticket(site=site, services=["registration"], language="uk").day.snapshot
    )
    for day_id in (101, 102, 103):
        state.keep(day_id, 1, hall)
    assert state.take(101, 1) is None
    assert state.take(103, 1) is hall and state.take(102, 1) is hall
