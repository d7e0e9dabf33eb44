"""The live hall's workflows. Every event of a site runs in one short transaction: the day's row
is locked, the dispatcher's `Hall` is taken from the process's memory or brought up to date from
the stored state (hall/state.py), the transition is applied through a journal of its changes,
`dispatch` decides across all free desks, and the calls, the rows and the changes are written.
Two desks never get the same visitor, and an event that fails halfway leaves nothing.

A desk is free in the hall when its officer has pressed *call next*; after *done* or *did not
come* it pauses until the next press. A desk left free because nobody suitable waits is called
at the next event that brings someone, without anyone pressing again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Min, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from anlaufstelle.core.categories import Category
from anlaufstelle.core.prepared import Prepared
from anlaufstelle.flow import DEFAULT_POLICY, get_policy, plans
from anlaufstelle.flow.hall import Called, Hall
from anlaufstelle.flow.journal import Journal
from anlaufstelle.flow.plans import VisitPlan, plan_steps
from anlaufstelle.flow.policyview import Call, InterpreterView
from anlaufstelle.hall import clock, state
from anlaufstelle.hall.models import (
    AT_A_DESK,
    DeskSession,
    HallDay,
    HallEvent,
    InterpreterSession,
    Outcome,
    Step,
    Visit,
)
from anlaufstelle.organisation.models import Desk, Interpreter, Service, Site
from anlaufstelle.people import services as people
from anlaufstelle.people.models import Person
from anlaufstelle.planning.centre import site_services
from anlaufstelle.privacy import services as access

# The hall runs until the day ends; visitors walk on to the next desk at once when called.
CLOSING_MINUTES = 24 * 60.0
WALK_MINUTES = 0.0
TARGET_MINUTES = 45.0
PRIORITY_REASONS = ("disability", "pregnancy", "small_children", "old_age", "appointment")
# Why a desk calls a named ticket out of order (counted per reason in the event table).
OUT_OF_ORDER_REASONS = ("appointment", "emergency", "back_from_elsewhere", "other")
# When a visitor a desk cannot finish now may come back (minutes).
PENDING_MINUTES = (15, 30, 60, 120)


class HallRefused(Exception):
    """What cannot be done now, in words for the person at the screen; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- The day and its events ---------------------------------------------------------------------


def today(site: Site) -> HallDay:
    """The site's hall of today, opened by its first event."""
    date = clock.localdate()
    # Without the snapshot: the event that follows loads it under its lock anyway.
    found = HallDay.objects.filter(site=site, date=date).defer("state").first()
    if found is not None:
        return found
    hall = Hall(
        services=site_services(site),
        target_minutes=TARGET_MINUTES,
        walk_minutes=WALK_MINUTES,
        closing_time=CLOSING_MINUTES,
    )
    try:
        with transaction.atomic():
            return HallDay.objects.create(
                site=site,
                date=date,
                opened_at=clock.now(),
                state=state.dump(hall),
                version=state.new_version(),
            )
    except IntegrityError:  # another desk opened it at the same moment
        return HallDay.objects.get(site=site, date=date)


@dataclass
class Event:
    day: HallDay
    # What the event reads of the hall; every change goes through the journal (flow/journal.py),
    # which other processes replay.
    hall: Hall
    journal: Journal
    now: float  # minutes since the day opened
    at: datetime
    # The event's rows of the append-only log, written together at its end (one statement).
    records: list[HallEvent] = field(default_factory=list)


def _event(day: HallDay, apply: Callable[[Event], Any]) -> Any:
    with transaction.atomic():
        # Without the snapshot: the hall comes from memory or the changes (hall/state.py).
        locked = HallDay.objects.select_for_update().defer("state").get(pk=day.pk)
        hall = state.for_event(locked)
        at = clock.now()
        now = max((at - locked.opened_at).total_seconds() / 60, hall.now)
        event = Event(locked, hall, Journal(hall), now, at)
        _absent_return(event)
        result = apply(event)
        calls = event.journal.dispatch(get_policy(DEFAULT_POLICY), now)
        _write_calls(event, calls)
        HallEvent.objects.bulk_create(event.records)
        state.write(locked, event.journal)
    return result


def _absent_return(event: Event) -> None:
    """Visitors set aside queue again at the next event after their time has come: those who
    did not come when called after HALL_NO_SHOW_RETURN_MINUTES (they may have been at another
    desk, or outside), those a desk asked to come back later at the time it gave."""
    day = event.day
    if day.next_return is None or day.next_return > event.at:
        return  # nobody is due back yet: no query
    set_aside = Visit.objects.filter(
        day=day, state__in=[Visit.State.ABSENT, Visit.State.PENDING], returns_at__isnull=False
    )
    for visit in set_aside.filter(returns_at__lte=event.at):
        event.journal.arrive(event.hall.visitor_ids[visit.hall_id], event.now)
        Visit.objects.filter(pk=visit.pk).update(
            state=Visit.State.WAITING, absent_since=None, returns_at=None
        )
        _record(event, "back", visit=visit, detail={"by": "time"})
    day.next_return = set_aside.aggregate(first=Min("returns_at"))["first"]


def _set_aside(event: Event, visit_id: int, returns: datetime | None, **fields: Any) -> None:
    """The visitor is set aside (`fields` say how) and queues again at `returns` (never, if
    None)."""
    Visit.objects.filter(pk=visit_id).update(returns_at=returns, **fields)
    day = event.day
    if returns is not None and (day.next_return is None or returns < day.next_return):
        day.next_return = returns


def _record(event: Event, kind: str, **refs: Any) -> None:
    event.records.append(HallEvent(day=event.day, at=event.at, kind=kind, **refs))


def _write_calls(event: Event, calls: Iterable[Called]) -> None:
    hall = event.hall
    for call in calls:
        visit_pk = int(hall.plans[call.visitor].visitor_id[1:])
        session_pk = int(hall.sviews[call.staff].id[1:])
        # One statement for the step, and its id for the log row as a subquery of that row's
        # insert: two round trips fewer under the site's lock than reading and saving it.
        step = Step.objects.filter(visit_id=visit_pk, service__code=call.service)
        step.update(
            state=Step.State.CALLED,
            session_id=session_pk,
            interpreting_id=(
                None if call.interpreter < 0 else int(hall.iviews[call.interpreter].id[1:])
            ),
            calls=F("calls") + 1,
            called_at=event.at,
        )
        Visit.objects.filter(pk=visit_pk).update(state=Visit.State.CALLED)
        interpreter = None if call.interpreter < 0 else hall.iviews[call.interpreter].id
        _record(
            event, "called", visit_id=visit_pk, step_id=Subquery(step.values("pk")[:1]),
            session_id=session_pk, detail={"interpreter": interpreter},
        )  # fmt: skip


# --- Reception ----------------------------------------------------------------------------------


def with_prerequisites(hall: Hall, codes: Iterable[str]) -> set[str]:
    """The concerns and every service they need first, at this site."""
    return plans.with_prerequisites(hall.service_index, codes)


def issue_ticket(
    *,
    site: Site,
    services: Iterable[str],
    language: str,
    needs_interpreter: bool = False,
    party_size: int = 1,
    priority_reason: str = "",
    person: Person | None = None,
    user: Any = None,
    request_key: uuid.UUID | None = None,
    appointment: datetime | None = None,
) -> Visit:
    """A ticket for the concerns (their prerequisites added), in the hall at once: anonymous,
    or for a person of the registry whom ``user`` (reception) found first. A form sent again
    with the same ``request_key`` gets the ticket it issued the first time. ``appointment`` is
    the booked time of a visitor who checked in on time: the dispatcher calls them then."""
    day = today(site)

    def apply(event: Event) -> Visit:
        # Under the site's lock: a second sending waits for the first and then finds its ticket
        # (kiosks have no user, so core.submissions, which keys by user, does not serve here).
        if request_key is not None:
            issued = Visit.objects.filter(day=event.day, request_key=request_key).first()
            if issued is not None:
                return issued
        hall = event.hall
        needed = with_prerequisites(hall, services)
        if not needed:
            raise HallRefused(_("Choose at least one concern this site serves."))
        steps = plan_steps(needed, party_size, hall.services, hall.walk_minutes)
        visit = Visit.objects.create(
            day=event.day,
            number=event.day.next_number,
            language=language,
            needs_interpreter=needs_interpreter,
            party_size=party_size,
            priority_reason=priority_reason,
            person=person,
            request_key=request_key,
        )
        if person is not None:
            _audit_link(user, person, visit)
        event.day.next_number += 1
        by_code = {s.code: s for s in Service.objects.filter(code__in=needed)}
        Step.objects.bulk_create(
            Step(visit=visit, service=by_code[step.service], order=n)
            for n, step in enumerate(steps)
        )
        plan = VisitPlan(
            visitor_id=visit.hall_id,
            arrival=event.now,
            party_size=party_size,
            language=language,
            needs_interpreter=needs_interpreter,
            appointment=_minutes_after_opening(event, appointment),
            priority=1.0 if priority_reason else 0.0,
            steps=steps,
            walk_minutes=hall.walk_minutes,
        )
        event.journal.arrive(event.journal.add_visitor(plan), event.now)
        _record(event, "arrived", visit=visit)
        return visit

    return _event(day, apply)


def _minutes_after_opening(event: Event, at: datetime | None) -> float | None:
    """The booked time on the hall's clock. It may lie before the hall's first event of the
    day (negative): a visitor booked for 8:00 who is the first to check in at 8:10 is due at
    once, not 10 minutes later."""
    if at is None:
        return None
    return (at - event.day.opened_at).total_seconds() / 60


def _audit_link(user: Any, person: Person, visit: Visit) -> None:
    people.record_link(
        user=user,
        person=person,
        detail={"hall ticket": visit.code, "site": visit.day.site_id, "date": str(visit.day.date)},
    )


def attach_person(*, user: Any, visit: Visit, person: Person) -> Visit:
    """Reception attaches a ticket issued without a name (at the kiosk, say) to the person it
    found in the registry; desks then see who they serve. A ticket belongs to one person."""
    with transaction.atomic():
        locked = Visit.objects.select_for_update().select_related("day").get(pk=visit.pk)
        if locked.day.date != clock.localdate():
            raise HallRefused(_("Only today's tickets can be attached to a person."))
        if locked.person_id == person.pk:
            return locked  # a second click: attached already
        if locked.person_id is not None:
            raise HallRefused(_("This ticket belongs to another person already."))
        locked.person = person
        locked.save(update_fields=["person"])
        _audit_link(user, person, locked)
        return locked


def read_person(
    user: Any,
    person_id: int,
    *,
    categories: Iterable[str] = (Category.IDENTITY,),
    detail: dict[str, Any],
) -> Person:
    """A person's record for a hall screen, through the people services (which decide, pace and
    audit the read); a record merged into another is read as that one."""
    try:
        return people.get_person(
            user=user, person_id=person_id, categories=categories, detail=detail
        )
    except people.PersonMerged as merged:
        return people.get_person(
            user=user, person_id=merged.survivor_id, categories=categories, detail=detail
        )


def person_at_desk(user: Any, step: Step | None) -> tuple[Person | None, bool]:
    """Who the desk serves, as far as the officer may see them: the person (the read audited by
    the people services) and whether a person is attached at all."""
    if step is None or step.visit.person_id is None:
        return None, False
    detail = {"hall ticket": step.visit.code}
    try:
        found = read_person(user, step.visit.person_id, detail=detail)
    except access.AccessRefused as refused:
        access.record_refusal(user, refused, detail)
        return None, True  # not open to this officer's agency
    except PermissionDenied:
        return None, True  # not open to this officer (or paused for reading too fast)
    return found, True


# --- Desks --------------------------------------------------------------------------------------


def open_session(user: Any) -> DeskSession | None:
    return (
        DeskSession.objects.filter(user=user, ended__isnull=True)
        .select_related("desk", "desk__site", "day")
        .defer("day__state")
        .first()
    )


def sign_in(*, user: Any, desk: Desk, skills: list[str]) -> DeskSession:
    """Sign in at a desk to serve ``skills`` (a choice among one's own); paused until the first
    *call next*."""
    if not skills:
        raise HallRefused(_("Choose at least one service to serve."))
    day = today(desk.site)

    def apply(event: Event) -> DeskSession:
        if DeskSession.objects.filter(user=user, ended__isnull=True).exists():
            raise HallRefused(_("You are signed in at a desk already."))
        if DeskSession.objects.filter(desk=desk, ended__isnull=True).exists():
            raise HallRefused(_("Someone is signed in at this desk already."))
        _offered(event.hall, skills)
        session = DeskSession.objects.create(day=event.day, desk=desk, user=user, skills=skills)
        languages = list(getattr(getattr(user, "staff_member", None), "languages", []) or [])
        event.journal.add_staff(session.hall_id, skills, languages, event.now, CLOSING_MINUTES)
        _record(event, "signed in", session=session, detail={"skills": skills})
        return session

    return _event(day, apply)


def glance(step_id: int | None) -> str:
    """What a free desk's page shows that others change: whom the dispatcher called there (a
    step; 0 for nobody). Its page looks with it and hears "unchanged" until it differs
    (`glance_of`); the rest of the page changes by the desk's own actions, except the count of
    visitors waiting for its services, which the page shows with its time."""
    return str(step_id or 0)


def glance_of(session_id: int) -> str | None:
    """`glance` of an open desk session in one query (None if it has ended or never was): a
    free desk asks every three seconds."""
    for (step_id,) in _GLANCE.rows(session_id):
        return glance(step_id)
    return None


def _glance_query(session_id: int) -> QuerySet[DeskSession, tuple[Any, ...]]:
    serving = Step.objects.filter(session=OuterRef("pk"), state__in=AT_A_DESK).order_by("pk")
    return (
        DeskSession.objects.filter(pk=session_id, ended__isnull=True)
        .annotate(step=Subquery(serving.values("pk")[:1]))
        .values_list("step")
    )


# A stand-in no session has (core/prepared.py).
_GLANCE = Prepared(_glance_query, -(2**62) + 7)


def waiting_for(session: DeskSession) -> int:
    """Visitors in the hall (not at a desk, not away) with a step still to do at one of the
    services the desk serves now: whom it may call, once their prerequisites are done and an
    interpreter is free where they need one."""
    return (
        Visit.objects.filter(
            day_id=session.day_id,
            state=Visit.State.WAITING,
            steps__state=Step.State.WAITING,
            steps__service__code__in=session.skills,
        )
        .distinct()
        .count()
    )


def current_step(session: DeskSession) -> Step | None:
    return (
        Step.objects.filter(session=session, state__in=AT_A_DESK)
        .select_related("visit", "service", "interpreting__interpreter")
        .first()
    )


def _staff(event: Event, session: DeskSession) -> int:
    return event.hall.staff_ids[session.hall_id]


def _ready_for(event: Event, session: DeskSession, j: int, i: int) -> InterpreterView | None:
    """Desk ``j`` is about to call visitor ``i`` by hand (out of order, or back from parking):
    the interpreter it needs, free now (or a refusal), and the desk on shift if it paused."""
    hall = event.hall
    plan = hall.plans[i]
    interpreter = None
    if plan.needs_interpreter and plan.language not in hall.sviews[j].languages:
        free = list(hall.free_interp.get(plan.language, {}).values())
        if not free:
            raise HallRefused(_("No interpreter for this visitor's language is free now."))
        interpreter = free[0]
    if not hall.staff_on_shift[j]:
        event.journal.staff_on(j, event.now)
        DeskSession.objects.filter(pk=session.pk).update(ready=True)
    return interpreter


def _offered(hall: Hall, codes: Iterable[str]) -> None:
    """Refuse services the site's hall does not offer (a stale page, a hand-made request)."""
    unknown = [code for code in codes if code not in hall.service_index]
    if unknown:
        raise HallRefused(_("This site does not offer: %(codes)s") % {"codes": ", ".join(unknown)})


def _pause(event: Event, session: DeskSession) -> None:
    """The desk pauses until its next *call next* (after done, no-show, come back later)."""
    event.journal.staff_off(_staff(event, session), event.now)
    DeskSession.objects.filter(pk=session.pk).update(ready=False)


def _already_free(session: DeskSession) -> bool:
    """Is the desk free in the hall already, with nothing for an event to do on its press? Not
    if a visitor set aside is due back: only an event brings them back."""
    # Most presses come from a paused desk (after done): one query says so.
    if not DeskSession.objects.filter(pk=session.pk, ready=True, ended__isnull=True).exists():
        return False
    if _has_a_visitor(session):
        return False
    due = Visit.objects.filter(
        day_id=session.day_id,
        state__in=[Visit.State.ABSENT, Visit.State.PENDING],
        returns_at__lte=clock.now(),
    )
    return not due.exists()


def _has_a_visitor(session: DeskSession) -> bool:
    return Step.objects.filter(session=session, state__in=AT_A_DESK).exists()


def _serving(event: Event, session: DeskSession, *states: str) -> tuple[Step, int]:
    step = Step.objects.select_related("visit").filter(session=session, state__in=states).first()
    if step is None:
        raise HallRefused(_("This desk has nobody to do that with now; the page was out of date."))
    return step, event.hall.visitor_ids[step.visit.hall_id]


def call_next(session: DeskSession) -> Step | None:
    """The desk is free: the dispatcher calls whoever it should call now, if anyone; the step
    it called there (or the one the desk had been called to meanwhile: a stale page, two
    presses), None if nobody yet."""
    press_next(session)
    return current_step(session)


def press_next(session: DeskSession) -> None:
    """*Call next* as the desk's page presses it: the page shows the desk's step when it loads
    again, so nothing is read for an answer."""
    if _already_free(session):
        # Free in the hall since an earlier press and nobody suitable yet: the next event that
        # brings someone calls this desk. Pressing again takes no event and no lock.
        return

    def apply(event: Event) -> None:
        hall = event.hall
        j = _staff(event, session)
        if _has_a_visitor(session):
            return  # called meanwhile (the desk was free): that visitor is the next one
        if not hall.staff_on_shift[j]:
            event.journal.staff_on(j, event.now)
            _record(event, "free", session=session)
        DeskSession.objects.filter(pk=session.pk).update(ready=True)

    _event(session.day, apply)


def call_ticket(session: DeskSession, number: int, reason: str) -> Step:
    """Call a named ticket out of order (an appointment, an emergency, ...), with a reason that
    the event table keeps; the visitor must be waiting for a service this desk serves."""
    if reason not in OUT_OF_ORDER_REASONS:
        raise HallRefused(_("Choose why this ticket is called out of order."))

    def apply(event: Event) -> Step:
        hall = event.hall
        if _has_a_visitor(session):
            raise HallRefused(_("Finish the visitor at this desk first."))
        visit = Visit.objects.filter(day=event.day, number=number).first()
        i = hall.visitor_ids.get(visit.hall_id) if visit else None
        j = _staff(event, session)
        waiting = [
            hall.queues[s][i]
            for s in hall.sviews[j].skills
            if i is not None and i in hall.queues[s]
        ]
        if visit is None or not waiting:
            raise HallRefused(_("This ticket is not waiting for a service of this desk."))
        step = waiting[0]
        interpreter = _ready_for(event, session, j, step.visitor.index)
        called = event.journal.call(j, Call(step, interpreter), event.now, "out of order")
        _write_calls(event, [called])
        _record(event, "out of order", visit=visit, session=session, detail={"reason": reason})
        return Step.objects.get(visit=visit, service__code=step.service)

    return _event(session.day, apply)


def recall(session: DeskSession) -> Step:
    """Call the called visitor once more (the board shows the call on top again), not before
    HALL_RECALL_SECONDS after the last call."""

    def apply(event: Event) -> Step:
        step, _i = _serving(event, session, Step.State.CALLED)
        if (
            step.called_at
            and (event.at - step.called_at).total_seconds() < settings.HALL_RECALL_SECONDS
        ):
            raise HallRefused(_("Give the visitor a moment to come before calling again."))
        step.called_at = event.at
        step.save(update_fields=["called_at"])
        _record(event, "recalled", visit_id=step.visit_id, step=step, session=session)
        return step

    return _event(session.day, apply)


def came(session: DeskSession) -> Step:
    def apply(event: Event) -> Step:
        step, i = _serving(event, session, Step.State.CALLED)
        event.journal.start(i, event.now)
        step.state, step.started_at = Step.State.AT_DESK, event.at
        step.save(update_fields=["state", "started_at"])
        Visit.objects.filter(pk=step.visit_id).update(state=Visit.State.AT_DESK)
        _record(event, "started", visit_id=step.visit_id, step=step, session=session)
        return step

    return _event(session.day, apply)


def done(session: DeskSession, outcome: str = Outcome.DONE) -> Step:
    """The step is done, with what came of it; the visitor goes on to their next step (or
    leaves, all done), and the desk pauses until its next *call next*."""
    if outcome not in Outcome.values:
        raise HallRefused(_("Choose what came of this step."))

    def apply(event: Event) -> Step:
        step, i = _serving(event, session, Step.State.AT_DESK)
        _pause(event, session)
        last = event.journal.end_step(i, event.now)
        step.state, step.ended_at, step.outcome = Step.State.DONE, event.at, outcome
        step.save(update_fields=["state", "ended_at", "outcome"])
        if last:
            Visit.objects.filter(pk=step.visit_id).update(state=Visit.State.DONE, finished=event.at)
        else:
            event.journal.ready(i, event.now)
            Visit.objects.filter(pk=step.visit_id).update(state=Visit.State.WAITING)
        _record(event, "done", visit_id=step.visit_id, step=step, session=session,
                detail={"outcome": outcome})  # fmt: skip
        return step

    return _event(session.day, apply)


def pending(session: DeskSession, minutes: int) -> Step:
    """The visitor must come back later for this step (a document is being printed, say): the
    desk pauses, the step stays open, and the visitor queues again after ``minutes`` (or when
    reception sees them back earlier)."""
    if minutes not in PENDING_MINUTES:
        raise HallRefused(_("Choose when the visitor should come back."))

    def apply(event: Event) -> Step:
        step, i = _serving(event, session, Step.State.AT_DESK)
        _pause(event, session)
        event.journal.set_aside(i, event.now)
        step.served_before = _served_so_far(step, event.at)
        step.state, step.session, step.started_at = Step.State.WAITING, None, None
        step.save(update_fields=["state", "session", "started_at", "served_before"])
        returns = event.at + timedelta(minutes=minutes)
        _set_aside(event, step.visit_id, returns, state=Visit.State.PENDING)
        _record(event, "pending", visit_id=step.visit_id, step=step, session=session,
                detail={"minutes": minutes})  # fmt: skip
        return step

    return _event(session.day, apply)


def _served_so_far(step: Step, at: datetime) -> float:
    """The seconds at the desk so far, when a begun step is set aside (it may go on later)."""
    return step.served_before + ((at - step.started_at).total_seconds() if step.started_at else 0.0)


def park(session: DeskSession) -> Step:
    """The visitor at the desk steps aside for a while (fills in a form, waits for a call back
    from another office) and this desk takes them back later: the desk pauses until its next
    *call next*, and the visitor waits outside the queues, for this desk only."""

    def apply(event: Event) -> Step:
        step, i = _serving(event, session, Step.State.AT_DESK)
        _pause(event, session)
        event.journal.set_aside(i, event.now)
        step.served_before = _served_so_far(step, event.at)
        step.state, step.started_at, step.parked_at = Step.State.PARKED, None, event.at
        step.save(update_fields=["state", "started_at", "parked_at", "served_before"])
        Visit.objects.filter(pk=step.visit_id).update(state=Visit.State.PARKED)
        _record(event, "parked", visit_id=step.visit_id, step=step, session=session)
        return step

    return _event(session.day, apply)


def parked(session: DeskSession) -> list[Step]:
    """The visitors this desk has parked, longest parked first."""
    return list(
        Step.objects.filter(session=session, state=Step.State.PARKED)
        .select_related("visit", "service")
        .order_by("parked_at")
    )


def resume(session: DeskSession, step_id: int) -> Step:
    """Call a visitor this desk parked back to it (the board shows the call), with an
    interpreter if they need one and the officer does not speak their language."""

    def apply(event: Event) -> Step:
        hall = event.hall
        if _has_a_visitor(session):
            raise HallRefused(_("Finish the visitor at this desk first."))
        step = (
            Step.objects.select_related("visit", "service")
            .filter(pk=step_id, session=session, state=Step.State.PARKED)
            .first()
        )
        if step is None:
            raise HallRefused(
                _("This visitor is not parked at this desk; the page was out of date.")
            )
        i = hall.visitor_ids[step.visit.hall_id]
        j = _staff(event, session)
        interpreter = _ready_for(event, session, j, i)
        called = event.journal.take_back(
            i, j, step.service.code, -1 if interpreter is None else interpreter.index, event.now
        )
        Step.objects.filter(pk=step.pk).update(parked_at=None)
        _write_calls(event, [called])
        _record(event, "resumed", visit_id=step.visit_id, step=step, session=session)
        return Step.objects.get(pk=step.pk)

    return _event(session.day, apply)


def _unpark(event: Event, session: DeskSession) -> None:
    """A desk signing off hands its parked visitors back to the queues: any desk of the
    service goes on with them, and nobody waits for a desk that has closed."""
    for step in parked(session):
        event.journal.arrive(event.hall.visitor_ids[step.visit.hall_id], event.now)
        Step.objects.filter(pk=step.pk).update(
            state=Step.State.WAITING, session=None, parked_at=None
        )
        Visit.objects.filter(pk=step.visit_id).update(state=Visit.State.WAITING)
        _record(event, "unparked", visit_id=step.visit_id, step=step, session=session)


def forward(session: DeskSession, codes: list[str], note: str) -> list[Step]:
    """The visitor at the desk needs further services (of this or another agency): their route
    grows, in the order the prerequisites allow, and they are routed to the new steps when
    this one is done, keeping their time in the centre. The note goes with the event (no
    personal data: the ticket has no name)."""
    if not codes:
        raise HallRefused(_("Choose at least one service to forward the visitor to."))

    def apply(event: Event) -> list[Step]:
        hall = event.hall
        step, i = _serving(event, session, Step.State.AT_DESK)
        _offered(hall, codes)
        new = event.journal.add_services(i, codes, event.now)
        if not new:
            raise HallRefused(_("These services are on the visitor's route already."))
        order = {code: n for n, code in enumerate(hall.plans[i].services)}
        visit = step.visit
        by_code = {s.code: s for s in Service.objects.filter(code__in=new)}
        created = Step.objects.bulk_create(
            Step(visit=visit, service=by_code[c], order=order[c]) for c in new
        )
        # The route's order is the plan's: a new step may come before ones already there.
        route = list(Step.objects.filter(visit=visit).select_related("service"))
        for other in route:
            other.order = order[other.service.code]
        Step.objects.bulk_update(route, ["order"])
        _record(event, "forwarded", visit=visit, step=step, session=session,
                detail={"services": new, "note": note})  # fmt: skip
        return created

    return _event(session.day, apply)


def no_show(session: DeskSession) -> Step:
    """The called visitor did not come: set aside, and in the queues again after
    HALL_NO_SHOW_RETURN_MINUTES; after HALL_MISSED_AFTER_CALLS calls of one step, *missed*
    until reception takes them back."""

    def apply(event: Event) -> Step:
        step, i = _serving(event, session, Step.State.CALLED)
        _pause(event, session)
        event.journal.no_show(i, event.now)
        step.state, step.session = Step.State.WAITING, None
        step.save(update_fields=["state", "session"])
        missed = step.calls >= settings.HALL_MISSED_AFTER_CALLS
        state = Visit.State.MISSED if missed else Visit.State.ABSENT
        returns = (
            None if missed else event.at + timedelta(minutes=settings.HALL_NO_SHOW_RETURN_MINUTES)
        )
        _set_aside(event, step.visit_id, returns, state=state, absent_since=event.at)
        _record(event, "missed" if missed else "no-show", visit_id=step.visit_id, step=step,
                session=session)  # fmt: skip
        return step

    return _event(session.day, apply)


def back_again(visit: Visit) -> Visit:
    """A visitor who missed their call is back (reception): in the queues again."""

    def apply(event: Event) -> Visit:
        state = Visit.objects.filter(pk=visit.pk).values_list("state", flat=True).first()
        if state not in (Visit.State.ABSENT, Visit.State.MISSED, Visit.State.PENDING):
            raise HallRefused(_("This ticket is not waiting to come back."))
        event.journal.arrive(event.hall.visitor_ids[visit.hall_id], event.now)
        Visit.objects.filter(pk=visit.pk).update(
            state=Visit.State.WAITING, absent_since=None, returns_at=None
        )
        _record(event, "back", visit=visit)
        return visit

    return _event(visit.day, apply)


# --- Alarms -------------------------------------------------------------------------------------


def alarm(session: DeskSession) -> HallEvent:
    """The officer at a desk needs help now (a threat, someone taken ill): every coordinator's
    view of the hall shows it until one of them has seen to it. It does not touch the queues."""
    return HallEvent.objects.create(day=session.day, at=clock.now(), kind="alarm", session=session)


def open_alarms(site: Site) -> list[HallEvent]:
    """Today's alarms of the site that nobody has seen to yet, oldest first."""
    handled = HallEvent.objects.filter(
        day__site=site, day__date=clock.localdate(), kind="alarm handled"
    ).values_list("detail__alarm", flat=True)
    return list(
        HallEvent.objects.filter(day__site=site, day__date=clock.localdate(), kind="alarm")
        .exclude(pk__in=[pk for pk in handled if isinstance(pk, int)])
        .select_related("session__desk", "session__user")
        .order_by("at")
    )


def handle_alarm(event: HallEvent, user: Any) -> HallEvent:
    """A coordinator has seen to an alarm (recorded with who, never changing the alarm)."""
    if event.kind != "alarm":
        raise HallRefused(_("This is no alarm."))
    with transaction.atomic():
        # One row lock per alarm: two coordinators pressing at once record it once.
        HallDay.objects.select_for_update().defer("state").get(pk=event.day_id)
        if event not in open_alarms(event.day.site):
            raise HallRefused(_("Someone has seen to this alarm already."))
        return HallEvent.objects.create(
            day=event.day,
            at=clock.now(),
            kind="alarm handled",
            session=event.session,
            detail={"alarm": event.pk, "by": user.get_username()},
        )


def set_skills(session: DeskSession, skills: list[str]) -> None:
    """The services a desk serves from now on (the coordinator's or the officer's choice)."""
    if not skills:
        raise HallRefused(_("Choose at least one service to serve."))

    def apply(event: Event) -> None:
        _offered(event.hall, skills)
        event.journal.set_skills(_staff(event, session), skills, event.now)
        DeskSession.objects.filter(pk=session.pk).update(skills=skills)
        _record(event, "skills", session=session, detail={"skills": skills})

    _event(session.day, apply)


def sign_off(session: DeskSession) -> None:
    def apply(event: Event) -> None:
        if _has_a_visitor(session):
            raise HallRefused(_("Finish the visitor at this desk first."))
        if event.hall.staff_on_shift[_staff(event, session)]:
            _pause(event, session)
        _unpark(event, session)
        DeskSession.objects.filter(pk=session.pk).update(ended=event.at)
        _record(event, "signed off", session=session)

    _event(session.day, apply)


# --- Interpreters -------------------------------------------------------------------------------


def open_interpreting(interpreter: Interpreter) -> InterpreterSession | None:
    return (
        InterpreterSession.objects.filter(interpreter=interpreter, ended__isnull=True)
        .select_related("day__site")
        .defer("day__state")
        .first()
    )


def interpreter_sign_in(*, interpreter: Interpreter, site: Site) -> InterpreterSession:
    """The interpreter is in the hall: the dispatcher calls them along where needed."""
    day = today(site)

    def apply(event: Event) -> InterpreterSession:
        if open_interpreting(interpreter) is not None:
            raise HallRefused(_("You are signed in already."))
        session = InterpreterSession.objects.create(day=event.day, interpreter=interpreter)
        k = event.journal.add_interpreter(
            session.hall_id, list(interpreter.languages), event.now, CLOSING_MINUTES
        )
        event.journal.interpreter_on(k, event.now)
        _record(event, "interpreter in", detail={"interpreter": session.hall_id})
        return session

    return _event(day, apply)


def interpreter_sign_off(session: InterpreterSession) -> None:
    def apply(event: Event) -> None:
        if current_interpreting(session) is not None:
            raise HallRefused(_("You are still with a visitor."))
        k = event.hall.interp_ids[session.hall_id]
        if event.hall.interp_on_shift[k]:
            event.journal.interpreter_off(k, event.now)
        InterpreterSession.objects.filter(pk=session.pk).update(ended=event.at)
        _record(event, "interpreter out", detail={"interpreter": session.hall_id})

    _event(session.day, apply)


def current_interpreting(session: InterpreterSession) -> Step | None:
    return (
        Step.objects.filter(interpreting=session, state__in=AT_A_DESK)
        .select_related("visit", "service", "session__desk")
        .first()
    )


# --- What the screens show ----------------------------------------------------------------------


# --- The visitor's status page -----------------------------------------------------------------

# A thousand phones ask every few seconds: compiled once (core/prepared.py).
_STATUS = Prepared(
    lambda token: (
        Step.objects.filter(visit__token=token)
        .order_by("order")
        .values_list(
            "visit_id",
            "visit__day_id",
            "visit__state",
            "visit__returns_at",
            "service_id",
            "state",
            "session__desk__number",
            "interpreting_id",
        )
    ),
    "\x00token",
)


def status_rows(token: str) -> list[tuple[Any, ...]]:
    """The visit's id, day, state and time of return, then each step's service, state, desk
    number and interpreting session, per step in route order (none for an unknown token). The
    time of return comes as the database driver gives it (the page uses it to tell a change)."""
    return _STATUS.rows(token)


def board_calls(site: Site, limit: int = 12) -> list[Step]:
    """The latest calls of today at the site: ticket and desk, never a name."""
    return list(
        Step.objects.filter(
            visit__day__site=site,
            visit__day__date=clock.localdate(),
            state__in=AT_A_DESK,
        )
        .select_related("visit", "session__desk")
        .order_by("-called_at")[:limit]
    )


def absent_today() -> list[Visit]:
    """Today's tickets set aside (did not come when called, or asked to come back later), for
    reception to take back when the visitor is there."""
    return list(
        Visit.objects.filter(
            state__in=[Visit.State.ABSENT, Visit.State.MISSED, Visit.State.PENDING],
            day__date=clock.localdate(),
        )
        .select_related("day__site")
        .defer("day__state")
        .order_by("number")
    )
