"""The hotline's workflows: log a call, link it to a person's record (only where the access
decision allows, and recorded), turn it into a task of one of the person's cases, mark a
call back done, and the figures per hour and topic for staffing the lines."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.appointments.models import Booking
from anlaufstelle.audit.models import Action
from anlaufstelle.cases import services as cases
from anlaufstelle.cases.models import Case
from anlaufstelle.core.categories import Category
from anlaufstelle.core.submissions import created_once
from anlaufstelle.hotline.models import Call, FollowUp, Line, Outcome, Topic
from anlaufstelle.people.models import Person
from anlaufstelle.people.services.base import audit, checked_purpose, permitted
from anlaufstelle.privacy import services as access

# Calls are counted per hour of the day; a line rarely runs outside these.
HOURS = range(6, 22)


def _check_follow_up(call: Call) -> None:
    errors: dict[str, str] = {}
    if call.follow_up == FollowUp.CALLBACK:
        if not call.callback_number:
            errors["callback_number"] = _("A call back needs the number to call.")
        if not call.callback_due:
            errors["callback_due"] = _("A call back needs the time to call by.")
    elif call.callback_number or call.callback_due:
        errors["follow_up"] = _("A number or time to call back is only kept for a call back.")
    if call.follow_up == FollowUp.APPOINTMENT:
        # The code as the booking page shows it (ABCD-EFGH) or without its hyphen.
        code = call.booking_code.replace("-", "").replace(" ", "").upper()
        if not code:
            errors["booking_code"] = _("Enter the code of the booking made.")
        elif not Booking.objects.filter(code=code).exists():
            errors["booking_code"] = _("There is no booking with this code.")
        call.booking_code = code
    elif call.booking_code:
        errors["booking_code"] = _("A booking code belongs to an appointment booked.")
    if call.outcome == Outcome.FOLLOW_UP and not call.follow_up:
        errors["follow_up"] = _("Say which follow-up the call needs.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def _log(*, user: Any, data: dict[str, Any]) -> Call:
    call = Call(taken_by=user, **data)
    call.full_clean()
    _check_follow_up(call)
    call.save()
    return call


def log_call(*, user: Any, data: dict[str, Any], submission: uuid.UUID | None) -> tuple[Call, bool]:
    """A call as the call-taker recorded it, once per form key (False: an earlier sending of
    the same form recorded it). It names nobody: nothing of a person is read or written."""

    def attempt() -> Call:
        return _log(user=user, data=data)

    return created_once(user, submission, attempt)


def today_calls(*, now: datetime | None = None, line: Line | None = None) -> list[Call]:
    start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    calls = Call.objects.filter(started_at__gte=start).select_related("line", "taken_by")
    if line is not None:
        calls = calls.filter(line=line)
    return list(calls)


def open_callbacks() -> list[Call]:
    return list(
        Call.objects.filter(follow_up=FollowUp.CALLBACK, follow_up_done_at__isnull=True)
        .select_related("line")
        .order_by("callback_due", "pk")
    )


@transaction.atomic
def callback_done(*, call_id: int) -> bool:
    """The call back made: done, and the number deleted. False if it was done already (from
    another phone meanwhile)."""
    call = Call.objects.select_for_update().get(pk=call_id)
    if not call.open_callback:
        return False
    call.follow_up_done_at = timezone.now()
    call.callback_number = ""
    call.save(update_fields=["follow_up_done_at", "callback_number"])
    return True


@dataclass
class Linked:
    """A call's person as the reader may see it: the record's number, or withheld."""

    person_id: int | None = None
    withheld: bool = False
    cases: list[Case] = field(default_factory=list)


def linked(*, user: Any, call: Call) -> Linked:
    """Whom the call concerns, read through the access decision and recorded; a person the
    decision withholds stays unnamed (and the refusal recorded)."""
    if call.person_id is None:
        return Linked()
    purpose = checked_purpose(user, None, write=False)
    person = Person.objects.get(pk=call.person_id)
    decision = access.decide(
        user=user, person=person, categories=[Category.IDENTITY], purpose=purpose
    )
    shown = Category.IDENTITY in decision.allowed
    # Read or refused, with the decision's basis or reasons, as a person's page records them.
    audit(
        user=user,
        action=Action.READ if shown else Action.REFUSED,
        purpose=purpose,
        person_id=person.pk,
        categories=[Category.IDENTITY],
        detail={"hotline call": call.pk, "access": decision.record()},
    )
    if not shown:
        return Linked(withheld=True)
    return Linked(person.pk, cases=cases.cases_of(user=user, person=person))


@transaction.atomic
def link_person(*, user: Any, call_id: int, person_id: int) -> Call:
    """Link the call to a person's record: only where the call-taker may see the person
    (refused and recorded otherwise), and recorded as a write of the person's data."""
    call = Call.objects.select_for_update().get(pk=call_id)
    person = Person.objects.filter(pk=person_id, merged_into=None).first()
    if person is None:
        raise ValidationError({"person": _("There is no record with this number.")})
    purpose = checked_purpose(user, None, write=True)
    permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
    call.person = person
    call.save(update_fields=["person"])
    audit(
        user=user,
        action=Action.UPDATE,
        purpose=purpose,
        person_id=person.pk,
        categories=[Category.IDENTITY],
        detail={"hotline call": call.pk, "linked": True},
    )
    return call


@transaction.atomic
def add_task(*, user: Any, call_id: int, case_id: int, title: str, due: date | None) -> Call:
    """The call's follow-up as a task of one of the person's cases, for the call-taker's
    agency; the case decides (cases.services.add_task) and records it."""
    call = Call.objects.select_for_update().get(pk=call_id)
    if call.task_id is not None:
        raise ValidationError(_("This call has a task already."))
    case = None
    if call.person_id is not None:
        case = Case.objects.filter(pk=case_id, person_id=call.person_id).first()
    if case is None:
        raise ValidationError({"case": _("Choose one of the person's cases.")})
    agency = cases.agency_of(user)
    task = cases.add_task(
        user=user, case_id=case.pk, data={"title": title, "due": due, "agency": agency}
    )
    call.task = task
    call.follow_up = FollowUp.TASK
    call.save(update_fields=["task", "follow_up"])
    return call


# --- Figures for staffing the lines -----------------------------------------------------------


@dataclass
class Figures:
    start: date
    end: date
    line: Line | None
    calls: int
    minutes: int
    by_hour: dict[int, Counter[str]]  # hour -> topic -> calls
    by_topic: Counter[str]
    dropped: int
    busiest: list[tuple[int, int]]  # (hour, calls), busiest first
    days: int

    @property
    def average_minutes(self) -> float | None:
        return round(self.minutes / self.calls, 1) if self.calls else None

    @property
    def per_hour(self) -> list[tuple[int, int, float]]:
        """(hour, calls, calls per day) for every hour a call came in or the lines run."""
        hours = sorted(set(HOURS) | set(self.by_hour))
        return [
            (h, sum(self.by_hour[h].values()), round(sum(self.by_hour[h].values()) / self.days, 1))
            for h in hours
        ]

    @property
    def bars(self) -> list[tuple[int, float, int]]:
        """(hour, calls per day, length of its bar in per cent of the busiest hour's)."""
        rows = self.per_hour
        most = max((total for _h, total, _d in rows), default=0) or 1
        return [(h, per_day, round(100 * total / most)) for h, total, per_day in rows]

    def table(self) -> list[list[Any]]:
        """Hours down, topics across, with totals: for the page and the CSV."""
        rows = []
        for hour, total, _per_day in self.per_hour:
            rows.append([hour, *[self.by_hour[hour][t] for t in Topic.values], total])
        return rows


def figures(*, start: date, end: date, line: Line | None = None) -> Figures:
    """Calls per hour of the day and topic between two days (both included), with the
    minutes on the phone and the dropped calls; no person is read."""
    tz = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.combine(start, time.min), tz)
    last = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    calls = Call.objects.filter(started_at__gte=first, started_at__lt=last)
    if line is not None:
        calls = calls.filter(line=line)
    by_hour: dict[int, Counter[str]] = defaultdict(Counter)
    by_topic: Counter[str] = Counter()
    minutes = dropped = count = 0
    for started_at, topic, spent, outcome in calls.values_list(
        "started_at", "topic", "minutes", "outcome"
    ):
        hour = timezone.localtime(started_at, tz).hour
        by_hour[hour][topic] += 1
        by_topic[topic] += 1
        minutes += spent
        dropped += outcome == Outcome.DROPPED
        count += 1
    busiest = sorted(
        ((h, sum(c.values())) for h, c in by_hour.items()), key=lambda x: (-x[1], x[0])
    )
    return Figures(
        start=start,
        end=end,
        line=line,
        calls=count,
        minutes=minutes,
        by_hour=by_hour,
        by_topic=by_topic,
        dropped=dropped,
        busiest=busiest[:3],
        days=(end - start).days + 1,
    )
