"""The live hall's events: a ticket through two desks, in the order the prerequisites allow,
on the one dispatcher of the simulator; what the rows and the event table then hold."""

from __future__ import annotations

from datetime import timedelta

import pytest

from anlaufstelle.flow.hall import Hall
from anlaufstelle.hall import clock, services
from anlaufstelle.hall.export import day_file
from anlaufstelle.hall.models import HallDay, HallEvent, Step, Visit

pytestmark = pytest.mark.django_db


def states(visit):
    return [(s.service.code, s.state) for s in visit.steps.order_by("order")]


def test_a_ticket_takes_the_prerequisites_along_and_gets_the_next_number(site):
    first = services.issue_ticket(site=site, services=["residence"], language="uk")
    second = services.issue_ticket(site=site, services=["registration"], language="ar")
    assert (first.code, second.code) == ("A-001", "A-002")
    assert states(first) == [("registration", "waiting"), ("residence", "waiting")]
    assert first.token != second.token and len(first.token) >= 20
    day = HallDay.objects.get()
    hall = Hall.from_snapshot(day.snapshot)
    assert [p.visitor_id for p in hall.plans] == [first.hall_id, second.hall_id]
    assert [e.kind for e in HallEvent.objects.all()] == ["arrived", "arrived"]


def test_a_visitor_goes_from_desk_to_desk_until_done(site, desks, officers):
    visit = services.issue_ticket(site=site, services=["residence"], language="uk")
    reg = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    res = services.sign_in(user=officers["residence"], desk=desks["2"], skills=["residence"])
    # The residence desk is free, but the visitor must register first: nobody to call.
    assert services.call_next(res) is None
    step = services.call_next(reg)
    assert (step.visit, step.service.code, step.state) == (visit, "registration", "called")
    services.came(reg)
    services.done(reg)
    # The residence desk was left free and calls the visitor as soon as they may come.
    visit.refresh_from_db()
    assert states(visit) == [("registration", "done"), ("residence", "called")]
    assert services.current_step(res).visit == visit
    assert services.current_step(reg) is None  # the desk pauses after done
    services.came(res)
    services.done(res)
    visit.refresh_from_db()
    assert visit.state == Visit.State.DONE and visit.finished is not None
    kinds = [e.kind for e in HallEvent.objects.filter(visit=visit)]
    assert kinds == ["arrived", "called", "started", "done", "called", "started", "done"]


def test_a_no_show_is_set_aside_until_the_visitor_is_back(site, desks, officers):
    visit = services.issue_ticket(site=site, services=["registration"], language="uk")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)
    services.no_show(desk)
    visit.refresh_from_db()
    assert visit.state == Visit.State.ABSENT and visit.absent_since is not None
    assert services.call_next(desk) is None
    services.back_again(visit)
    step = services.current_step(desk)
    assert step.visit == visit and step.calls == 2


def test_a_no_show_queues_again_after_a_while_and_is_missed_after_three_calls(
    site, desks, officers, settings
):
    settings.HALL_NO_SHOW_RETURN_MINUTES = 0  # the while has passed at the next event
    visit = services.issue_ticket(site=site, services=["registration"], language="uk")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    for calls in (1, 2, 3):
        step = services.call_next(desk)
        assert (step.visit, step.calls) == (visit, calls)
        services.no_show(desk)
    visit.refresh_from_db()
    assert visit.state == Visit.State.MISSED
    # Missed: no event brings them back, only reception.
    assert services.call_next(desk) is None
    assert services.absent_today() == [visit]
    services.back_again(visit)
    assert services.current_step(desk).calls == 4
    kinds = [e.kind for e in HallEvent.objects.filter(visit=visit)]
    assert kinds.count("no-show") == 2 and kinds.count("missed") == 1
    assert kinds.count("back") == 3


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (services.came, "has nobody to do that with now"),
        (services.done, "has nobody to do that with now"),
        (services.no_show, "has nobody to do that with now"),
    ],
)
def test_a_stale_page_changes_nothing(site, desks, officers, action, message):
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    before = HallDay.objects.get().snapshot
    events = HallEvent.objects.count()
    with pytest.raises(services.HallRefused, match=message):
        action(desk)
    assert HallDay.objects.get().snapshot == before
    assert HallEvent.objects.count() == events


def test_one_desk_per_officer_and_one_officer_per_desk(site, desks, officers, personas):
    services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    with pytest.raises(services.HallRefused, match="signed in at a desk already"):
        services.sign_in(user=officers["registration"], desk=desks["2"], skills=["registration"])
    with pytest.raises(services.HallRefused, match="Someone is signed in at this desk"):
        services.sign_in(user=officers["residence"], desk=desks["1"], skills=["residence"])


def test_an_unknown_concern_or_service_is_refused(site, desks, officers):
    with pytest.raises(services.HallRefused, match="at least one concern"):
        services.issue_ticket(site=site, services=["payout"], language="uk")
    assert not Visit.objects.exists()
    with pytest.raises(services.HallRefused, match="does not offer: payout"):
        services.sign_in(user=officers["registration"], desk=desks["1"], skills=["payout"])


def test_signing_off_needs_a_free_desk(site, desks, officers):
    services.issue_ticket(site=site, services=["registration"], language="uk")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)
    with pytest.raises(services.HallRefused, match="Finish the visitor"):
        services.sign_off(desk)
    services.came(desk)
    services.done(desk)
    services.sign_off(desk)
    assert services.open_session(officers["registration"]) is None


def test_hall_events_are_never_changed(site):
    services.issue_ticket(site=site, services=["registration"], language="uk")
    event = HallEvent.objects.get()
    event.kind = "rewritten"
    with pytest.raises(ValueError, match="never changed"):
        event.save()


def test_the_board_shows_ticket_and_desk_of_the_latest_calls(site, desks, officers):
    visit = services.issue_ticket(site=site, services=["registration"], language="uk")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)
    [step] = services.board_calls(site)
    assert (step.visit.code, step.session.desk.number) == (visit.code, "1")
    assert Step.objects.get().state == "called"


def test_a_desk_serves_other_services_from_now_on(site, desks, officers):
    services.issue_ticket(site=site, services=["registration"], language="uk")
    desk = services.sign_in(user=officers["residence"], desk=desks["2"], skills=["residence"])
    assert services.call_next(desk) is None
    services.set_skills(desk, ["registration", "residence"])
    # The desk was free: with the new service it calls the waiting visitor at once.
    assert services.current_step(desk).service.code == "registration"
    desk.refresh_from_db()
    assert desk.skills == ["registration", "residence"]
    assert HallEvent.objects.filter(kind="skills").count() == 1


def test_a_named_ticket_is_called_out_of_order_with_a_reason(site, desks, officers):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    second = services.issue_ticket(site=site, services=["registration"], language="ar")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    step = services.call_ticket(desk, second.number, "appointment")
    assert (step.visit, step.state) == (second, "called")
    event = HallEvent.objects.get(kind="out of order")
    assert (event.visit, event.detail) == (second, {"reason": "appointment"})
    first.refresh_from_db()
    assert first.state == "waiting"


@pytest.mark.parametrize(
    ("number", "reason", "message"),
    [
        (1, "because", "Choose why"),
        (99, "other", "not waiting for a service of this desk"),
        (2, "other", "not waiting for a service of this desk"),  # residence only
    ],
)
def test_calling_out_of_order_refuses_what_cannot_be(
    site, desks, officers, number, reason, message
):
    services.issue_ticket(site=site, services=["registration"], language="uk")
    services.issue_ticket(site=site, services=["registration"], language="uk")
    desk = services.sign_in(user=officers["residence"], desk=desks["2"], skills=["residence"])
    if number == 1:
        desk = services.sign_in(
            user=officers["registration"], desk=desks["1"], skills=["registration"]
        )
    events = HallEvent.objects.count()
    with pytest.raises(services.HallRefused, match=message):
        services.call_ticket(desk, number, reason)
    assert HallEvent.objects.count() == events


def test_calling_again_waits_a_moment(site, desks, officers, settings):
    services.issue_ticket(site=site, services=["registration"], language="uk")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)
    with pytest.raises(services.HallRefused, match="Give the visitor a moment"):
        services.recall(desk)
    settings.HALL_RECALL_SECONDS = 0
    step = services.recall(desk)
    assert step.state == "called" and HallEvent.objects.filter(kind="recalled").count() == 1


def test_pressing_call_next_twice_keeps_the_visitor_called(site, desks, officers):
    visit = services.issue_ticket(site=site, services=["registration"], language="uk")
    services.issue_ticket(site=site, services=["registration"], language="uk")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    first = services.call_next(desk)
    again = services.call_next(desk)
    assert first == again and again.visit == visit
    assert HallEvent.objects.filter(kind="called").count() == 1


def at_registration_desk(site, desks, officers, concerns=("registration",)):
    visit = services.issue_ticket(site=site, services=list(concerns), language="uk")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)
    services.came(desk)
    return visit, desk


def test_a_done_step_keeps_what_came_of_it(site, desks, officers):
    visit, desk = at_registration_desk(site, desks, officers)
    services.done(desk, "documents_missing")
    step = visit.steps.get()
    assert (step.state, step.outcome) == ("done", "documents_missing")
    event = HallEvent.objects.get(kind="done")
    assert event.detail == {"outcome": "documents_missing"}
    with pytest.raises(services.HallRefused, match="what came of this step"):
        services.done(desk, "teleported")


def test_a_visitor_asked_to_come_back_later_queues_again_at_that_time(site, desks, officers):
    visit, desk = at_registration_desk(site, desks, officers)
    services.pending(desk, 30)
    visit.refresh_from_db()
    step = visit.steps.get()
    assert visit.state == Visit.State.PENDING and step.state == "waiting"
    assert 29 * 60 < (visit.returns_at - step.called_at).total_seconds() < 31 * 60
    assert services.call_next(desk) is None  # not before their time
    with clock.installed(lambda: visit.returns_at - timedelta(seconds=1)):
        assert services.call_next(desk) is None
    with clock.installed(lambda: visit.returns_at):  # the time has come
        again = services.call_next(desk)
    assert (again.visit, again.calls) == (visit, 2)
    kinds = [e.kind for e in HallEvent.objects.filter(visit=visit)]
    assert kinds == ["arrived", "called", "started", "pending", "back", "called"]
    assert HallEvent.objects.get(kind="pending").detail == {"minutes": 30}


def test_a_visitor_back_before_their_time_is_taken_back_by_reception(site, desks, officers):
    visit, desk = at_registration_desk(site, desks, officers)
    services.pending(desk, 60)
    assert services.absent_today() == [visit]
    services.back_again(visit)
    assert services.current_step(desk) is None  # the desk pauses after setting aside
    assert services.call_next(desk).visit == visit


def test_come_back_later_refuses_other_times(site, desks, officers):
    visit, desk = at_registration_desk(site, desks, officers)
    before = HallDay.objects.get().snapshot
    with pytest.raises(services.HallRefused, match="when the visitor should come back"):
        services.pending(desk, 7)
    assert HallDay.objects.get().snapshot == before


def test_a_forwarded_visitor_is_routed_to_the_new_service_after_this_step(site, desks, officers):
    visit, reg = at_registration_desk(site, desks, officers)
    res = services.sign_in(user=officers["residence"], desk=desks["2"], skills=["residence"])
    assert services.call_next(res) is None  # nobody needs residence yet
    created = services.forward(reg, ["residence"], "bring the passport")
    assert [s.service.code for s in created] == ["residence"]
    assert states(visit) == [("registration", "at_desk"), ("residence", "waiting")]
    event = HallEvent.objects.get(kind="forwarded")
    assert event.detail == {"services": ["residence"], "note": "bring the passport"}
    services.done(reg)
    assert services.current_step(res).visit == visit
    hall = Hall.from_snapshot(HallDay.objects.get().snapshot)
    assert hall.plans[hall.visitor_ids[visit.hall_id]].services == ("registration", "residence")


def test_forwarding_refuses_what_cannot_be(site, desks, officers):
    visit, reg = at_registration_desk(site, desks, officers)
    before = HallDay.objects.get().snapshot
    with pytest.raises(services.HallRefused, match="on the visitor's route already"):
        services.forward(reg, ["registration"], "")
    with pytest.raises(services.HallRefused, match="does not offer"):
        services.forward(reg, ["moon-landing"], "")
    with pytest.raises(services.HallRefused, match="at least one service"):
        services.forward(reg, [], "")
    assert HallDay.objects.get().snapshot == before
    assert states(visit) == [("registration", "at_desk")]


def test_an_alarm_stays_open_until_a_coordinator_has_seen_to_it_once(
    site, desks, officers, personas
):
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    before = HallDay.objects.get().snapshot
    alarm = services.alarm(desk)
    assert services.open_alarms(site) == [alarm]
    assert HallDay.objects.get().snapshot == before  # the queues are not touched
    handled = services.handle_alarm(alarm, personas["coordinator"])
    assert handled.detail == {"alarm": alarm.pk, "by": personas["coordinator"].get_username()}
    assert services.open_alarms(site) == []
    with pytest.raises(services.HallRefused, match="seen to this alarm already"):
        services.handle_alarm(alarm, personas["coordinator"])
    with pytest.raises(services.HallRefused, match="no alarm"):
        services.handle_alarm(handled, personas["coordinator"])
    assert HallEvent.objects.filter(kind="alarm handled").count() == 1


def test_a_visitor_who_has_left_is_kept_in_the_snapshot_by_id_only(site, desks, officers):
    visit, desk = at_registration_desk(site, desks, officers)
    services.done(desk)
    rows = HallDay.objects.get().snapshot["visitors"]
    assert rows == [{"id": visit.hall_id, "state": "done"}]
    # The next event builds its hall from that and goes on.
    later = services.issue_ticket(site=site, services=["registration"], language="ar")
    assert services.call_next(desk).visit == later


def test_pressing_call_next_on_a_desk_already_free_takes_no_event(site, desks, officers):
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    assert services.call_next(desk) is None  # free in the hall from now on
    events, before = HallEvent.objects.count(), HallDay.objects.get().snapshot
    for _ in range(3):
        assert services.call_next(desk) is None
    assert HallEvent.objects.count() == events
    assert HallDay.objects.get().snapshot == before
    # Still free in the hall: the next ticket is called at once, without a press.
    visit = services.issue_ticket(site=site, services=["registration"], language="uk")
    assert services.current_step(desk).visit == visit


def test_a_parked_visitor_waits_for_this_desk_which_serves_others_meanwhile(site, desks, officers):
    first, desk = at_registration_desk(site, desks, officers)
    second = services.issue_ticket(site=site, services=["registration"], language="ar")
    parked = services.park(desk)
    first.refresh_from_db()
    assert (first.state, parked.state) == (Visit.State.PARKED, "parked")
    assert services.parked(desk) == [parked]
    assert services.current_step(desk) is None  # the desk pauses, as after done
    # Meanwhile the desk serves the next visitor; the parked one is in no queue.
    assert services.call_next(desk).visit == second
    services.came(desk)
    with pytest.raises(services.HallRefused, match="Finish the visitor at this desk first"):
        services.resume(desk, parked.pk)
    services.done(desk)
    back = services.resume(desk, parked.pk)
    assert (back.visit, back.state, back.session) == (first, "called", desk)
    assert services.parked(desk) == []
    services.came(desk)
    services.done(desk)
    first.refresh_from_db()
    assert first.state == Visit.State.DONE
    kinds = [e.kind for e in HallEvent.objects.filter(visit=first)]
    assert kinds == ["arrived", "called", "started", "parked", "called", "resumed", "started",
                     "done"]  # fmt: skip


def test_a_parked_step_counts_the_time_at_the_desk_before_and_after(site, desks, officers):
    visit, desk = at_registration_desk(site, desks, officers)
    step = Step.objects.get(visit=visit)
    earlier = step.started_at - timedelta(minutes=6)
    Step.objects.filter(pk=step.pk).update(started_at=earlier)  # six minutes at the desk
    services.park(desk)
    step.refresh_from_db()
    assert 6 * 60 <= step.served_before < 6 * 60 + 5
    services.resume(desk, step.pk)
    services.came(desk)
    services.done(desk)
    exported = day_file(HallDay.objects.get())
    assert 6.0 <= exported["visitors"][0]["steps"]["registration"] < 6.1


def test_taking_back_refuses_what_is_not_parked_here(site, desks, officers):
    visit, desk = at_registration_desk(site, desks, officers)
    step = services.current_step(desk)
    waiting = services.issue_ticket(site=site, services=["registration"], language="ar")
    services.park(desk)
    with pytest.raises(services.HallRefused, match="not parked at this desk"):
        services.resume(desk, waiting.steps.get().pk)  # waiting in the queue, not parked
    other = services.sign_in(user=officers["residence"], desk=desks["2"], skills=["residence"])
    before = HallDay.objects.get().snapshot
    with pytest.raises(services.HallRefused, match="not parked at this desk"):
        services.resume(other, step.pk)  # parked at another desk
    assert HallDay.objects.get().snapshot == before
    assert Step.objects.get(pk=step.pk).state == "parked"


def test_signing_off_hands_parked_visitors_back_to_the_queues(site, desks, officers):
    visit, desk = at_registration_desk(site, desks, officers)
    services.park(desk)
    services.sign_off(desk)
    visit.refresh_from_db()
    assert visit.state == Visit.State.WAITING
    assert states(visit) == [("registration", "waiting")]
    assert HallEvent.objects.filter(kind="unparked", visit=visit).count() == 1
    again = services.sign_in(
        user=officers["registration"], desk=desks["3"], skills=["registration"]
    )
    assert services.call_next(again).visit == visit


def test_visitors_set_aside_each_queue_again_at_their_own_time(site, desks, officers):
    first = services.issue_ticket(site=site, services=["registration"], language="uk")
    second = services.issue_ticket(site=site, services=["registration"], language="ar")
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    for minutes in (60, 30):  # the first to come back later is the second visitor
        services.call_next(desk)
        services.came(desk)
        services.pending(desk, minutes)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.returns_at < first.returns_at
    assert services.call_next(desk) is None
    with clock.installed(lambda: second.returns_at):
        assert services.call_next(desk).visit == second
        services.came(desk)
        services.done(desk)
        assert services.call_next(desk) is None  # the first is not due yet
    with clock.installed(lambda: first.returns_at):
        assert services.call_next(desk).visit == first
    assert HallDay.objects.get().next_return is None  # nobody else is set aside
