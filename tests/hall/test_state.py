"""The hall a process keeps between events (hall/state.py) is used as it is only while it is the
one the database holds; a kept hall a few events behind is brought up to date by replaying the
changes written since, and one without them is built from the snapshot; an event rolled back
leaves no trace; and the stored state is compressed JSON that reads back as the dispatcher
wrote it."""

from __future__ import annotations

import pytest
from django.db import transaction

from anlaufstelle.flow.hall import Hall, HallError
from anlaufstelle.hall import services, state
from anlaufstelle.hall.models import HallChange, HallDay

pytestmark = pytest.mark.django_db


def visitors(day: HallDay) -> list[str]:
    return [row["id"] for row in HallDay.objects.get(pk=day.pk).snapshot["visitors"]]


def kept_visitors(day: HallDay) -> list[str]:
    version, seq, hall = state._halls[day.pk]
    return [plan.visitor_id for plan in hall.plans]


def test_a_hall_kept_from_before_another_process_wrote_is_brought_up_to_date(site, monkeypatch):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    day = first.day
    kept = state._halls[day.pk]  # what this process holds after its event
    # Another process (here: the same, having forgotten) issues a ticket meanwhile.
    state.forget()
    second = services.issue_ticket(site=site, services=["registration"], language="ar")
    # This process still holds its older hall, which lacks the second visitor: it replays the
    # second event's changes and does not read the snapshot.
    state.keep(day.pk, *kept)
    monkeypatch.setattr(state, "CHECK", False)
    monkeypatch.setattr(state, "load", lambda blob: 1 / 0)
    third = services.issue_ticket(site=site, services=["registration"], language="fa")
    assert state._halls[day.pk][2] is kept[2]
    assert kept_visitors(day) == [first.hall_id, second.hall_id, third.hall_id]
    monkeypatch.undo()
    assert visitors(day) == [first.hall_id, second.hall_id, third.hall_id]


def test_a_kept_hall_whose_event_was_rolled_back_is_not_used(site):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    day = first.day
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_ticket(site=site, services=["registration"], language="ar")
        rolled_back = state._halls[day.pk]
        raise RuntimeError("the request failed after the event")
    # Another process writes an event with the same number meanwhile.
    state.forget()
    second = services.issue_ticket(site=site, services=["registration"], language="fa")
    assert state._halls[day.pk][1] == rolled_back[1]
    state.keep(day.pk, *rolled_back)
    third = services.issue_ticket(site=site, services=["registration"], language="ru")
    assert kept_visitors(day) == [first.hall_id, second.hall_id, third.hall_id]
    assert visitors(day) == [first.hall_id, second.hall_id, third.hall_id]


def test_an_event_rolled_back_leaves_no_trace_in_the_next(site):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_ticket(site=site, services=["registration"], language="ar")
        raise RuntimeError("the request failed after the event")
    third = services.issue_ticket(site=site, services=["registration"], language="fa")
    assert visitors(first.day) == [first.hall_id, third.hall_id]
    assert list(HallChange.objects.values_list("seq", flat=True).order_by("seq")) == [1, 2]


def test_the_next_event_in_the_same_process_uses_the_hall_it_kept(site, monkeypatch):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    monkeypatch.setattr(state, "CHECK", False)
    monkeypatch.setattr(state, "current", lambda day_id: 1 / 0)
    monkeypatch.setattr(state, "_changes", lambda *args: 1 / 0)
    second = services.issue_ticket(site=site, services=["registration"], language="ar")
    monkeypatch.undo()
    assert visitors(first.day) == [first.hall_id, second.hall_id]


def test_the_whole_state_is_written_every_so_many_events_and_older_changes_dropped(
    site, monkeypatch
):
    monkeypatch.setattr(state, "SNAPSHOT_EVERY", 3)
    tickets = [
        services.issue_ticket(site=site, services=["registration"], language="uk") for _ in range(7)
    ]
    day = HallDay.objects.get()
    assert (day.seq, day.snapshot_seq) == (7, 6)
    stored = [row["id"] for row in state.unpack(day.state)["visitors"]]
    assert stored == [t.hall_id for t in tickets[:6]]
    # Changes a kept hall may still replay stay: those after event 6 - 3.
    assert list(HallChange.objects.values_list("seq", flat=True).order_by("seq")) == [4, 5, 6, 7]
    # A process without a hall builds it from the snapshot and the change after it.
    state.forget()
    assert visitors(day) == [t.hall_id for t in tickets]


def test_a_hall_too_far_behind_is_built_from_the_snapshot(site, monkeypatch):
    monkeypatch.setattr(state, "SNAPSHOT_EVERY", 2)
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    kept = state._halls[first.day.pk]
    state.forget()
    others = [
        services.issue_ticket(site=site, services=["registration"], language="ar") for _ in range(4)
    ]
    state.keep(first.day.pk, *kept)
    last = services.issue_ticket(site=site, services=["registration"], language="fa")
    assert state._halls[first.day.pk][2] is not kept[2]
    assert kept_visitors(first.day) == [v.hall_id for v in [first, *others, last]]


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
        state.keep(day_id, 1, 1, hall)
    assert state.take(101) is None
    assert state.take(103) == (1, 1, hall) and state.take(102) == (1, 1, hall)


def test_a_hall_whose_changes_are_missing_is_an_error_not_a_wait(site):
    services.issue_ticket(site=site, services=["registration"], language="uk")
    day = HallDay.objects.get()
    HallChange.objects.filter(day=day).delete()  # lost behind the services' back
    with pytest.raises(HallError, match="are not all stored"):
        state.current(day.pk)
