"""Booking workflows: book (or hold, then confirm), move, cancel, check in, remind.

Every change of a day's bookings takes the lock of that day's :class:`BookingDay` row, checks
the time again under it (capacity and the simulated day, :mod:`anlaufstelle.appointments.slots`)
and raises the day's version, all in one transaction: two people taking the last free time at
once get it once, and the times offered afterwards are computed anew.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.appointments import mails, slots
from anlaufstelle.appointments.models import CODE_LENGTH, BookedStep, Booking, BookingDay, Channel
from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.hall import clock
from anlaufstelle.hall import services as hall
from anlaufstelle.hall.models import Visit
from anlaufstelle.organisation.models import Service, Site
from anlaufstelle.people.models import Person
from anlaufstelle.people.services.base import audit


class BookingRefused(Exception):
    """What cannot be booked or changed, in words for the person at the screen; nothing was
    changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hold_minutes() -> int:
    return settings.APPOINTMENT_HOLD_MINUTES


def _lock_day(site: Site, day: date) -> BookingDay:
    """The day's row, locked until the transaction ends (made on the first booking)."""
    try:
        with transaction.atomic():
            BookingDay.objects.get_or_create(site=site, date=day)
    except IntegrityError:  # made by another booking at the same moment
        pass
    return BookingDay.objects.select_for_update().get(site=site, date=day)


def _changed(locked: BookingDay) -> None:
    BookingDay.objects.filter(pk=locked.pk).update(version=F("version") + 1)


def _over_limit(email: str, phone: str, now: datetime) -> bool:
    """An e-mail address or phone number that holds as many coming bookings as allowed."""
    limit = settings.APPOINTMENT_LIMIT_PER_CONTACT
    contact = Q()
    if email:
        contact |= Q(email__iexact=email)
    if phone:
        contact |= Q(phone=phone)
    if not contact:
        return False
    coming = Booking.objects.filter(contact, start__gte=now).filter(
        Q(state=Booking.State.BOOKED) | Q(state=Booking.State.HELD, held_until__gt=now)
    )
    return coming.count() >= limit


@dataclass(frozen=True)
class Request:
    """What a booking form asks for."""

    site: Site
    start: datetime
    concerns: tuple[str, ...]
    party_size: int
    language: str
    channel: str
    needs_interpreter: bool = False
    email: str = ""
    phone: str = ""


def book(
    request: Request,
    *,
    person: Person | None = None,
    user: Any = None,
    request_key: uuid.UUID | None = None,
    hold: bool = False,
    now: datetime | None = None,
    simulate: bool = True,
    mail: bool = True,
) -> Booking:
    """Book the visit at its start time, or (``hold``) keep the time for
    ``APPOINTMENT_HOLD_MINUTES`` while the visitor fills in the rest. A form sent again with the
    same ``request_key`` gets the booking it made the first time. An invitation run books
    without ``simulate`` (capacity only; it shows the simulated days afterwards) and without
    ``mail`` (it sends letters and e-mails of its own)."""
    now = now or timezone.now()
    shape = slots.visit_shape(
        request.site, request.concerns, request.party_size, request.needs_interpreter
    )
    if not shape.steps:
        raise BookingRefused(_("Choose at least one concern this site serves."))
    with transaction.atomic():
        locked = _lock_day(request.site, timezone.localdate(request.start))
        if request_key is not None:
            made = Booking.objects.filter(request_key=request_key).first()
            if made is not None:
                return made
        if request.channel == Channel.ONLINE and _over_limit(request.email, request.phone, now):
            raise BookingRefused(
                _("This e-mail address or phone number already has as many bookings as allowed.")
            )
        if not slots.still_free(
            request.site, request.start, shape, request.channel, language=request.language,
            now=now, simulate=simulate,
        ):  # fmt: skip
            raise BookingRefused(_("This time has just been taken. Please choose another."))
        booking = Booking.objects.create(
            site=request.site,
            start=request.start,
            end=request.start + timedelta(minutes=shape.minutes),
            party_size=request.party_size,
            language=request.language,
            needs_interpreter=request.needs_interpreter,
            email=request.email,
            phone=request.phone,
            person=person,
            channel=request.channel,
            state=Booking.State.HELD if hold else Booking.State.BOOKED,
            held_until=now + timedelta(minutes=hold_minutes()) if hold else None,
            created_by=user if user is not None and user.is_authenticated else None,
            request_key=request_key,
        )
        _write_steps(booking, shape)
        _changed(locked)
        if person is not None:
            _audit(user, booking, Action.CREATE, {"booked": booking.code})
        if mail and not hold:
            mails.confirmation(booking)
    return booking


def _write_steps(booking: Booking, shape: slots.VisitShape) -> None:
    by_code = {s.code: s for s in Service.objects.filter(code__in=shape.codes)}
    BookedStep.objects.bulk_create(
        BookedStep(
            booking=booking,
            service=by_code[s.service],
            order=n,
            start=booking.start + timedelta(minutes=s.offset),
            units=s.units,
        )
        for n, s in enumerate(shape.steps)
    )


def _audit(user: Any, booking: Booking, action: str, detail: dict[str, Any]) -> None:
    assert booking.person_id is not None
    audit(
        user=user,
        action=action,
        purpose=Purpose.REGISTRATION,
        person_id=booking.person_id,
        categories=[Category.IDENTITY],
        detail={"booking": booking.code, **detail},
    )


def confirm(booking: Booking, *, email: str, phone: str, now: datetime | None = None) -> Booking:
    """The visitor gave their contact: the held time becomes a booking. A hold that ran out is
    booked if the time is still free."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_day = _lock_day(booking.site, timezone.localdate(booking.start))
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.state == Booking.State.BOOKED:
            return current  # sent twice
        if current.state != Booking.State.HELD:
            raise BookingRefused(_("This booking can no longer be confirmed."))
        if _over_limit(email, phone, now):
            raise BookingRefused(
                _("This e-mail address or phone number already has as many bookings as allowed.")
            )
        if current.held_until is None or current.held_until <= now:
            shape = shape_of(current)
            if not slots.still_free(
                current.site, current.start, shape, current.channel,
                language=current.language, now=now, exclude=current.pk,
            ):  # fmt: skip
                raise BookingRefused(
                    _("The time was held for %(minutes)s minutes and has been taken since.")
                    % {"minutes": hold_minutes()}
                )
        current.email, current.phone = email, phone
        current.state = Booking.State.BOOKED
        current.held_until = None
        current.version += 1
        current.save(update_fields=["email", "phone", "state", "held_until", "version"])
        _changed(locked_day)
        mails.confirmation(current)
    return current


def shape_of(booking: Booking) -> slots.VisitShape:
    codes = [s.service.code for s in booking.steps.select_related("service")]
    return slots.visit_shape(booking.site, codes, booking.party_size, booking.needs_interpreter)


def _locked_current(booking: Booking, version: int | None) -> Booking:
    current = Booking.objects.select_for_update().get(pk=booking.pk)
    if version is not None and current.version != version:
        raise BookingRefused(_("The booking was changed in the meantime. Please look at it again."))
    return current


def cancel(
    booking: Booking,
    *,
    user: Any = None,
    version: int | None = None,
    now: datetime | None = None,
    mail: bool = True,
) -> Booking:
    now = now or timezone.now()
    with transaction.atomic():
        locked_day = _lock_day(booking.site, timezone.localdate(booking.start))
        current = _locked_current(booking, version)
        if current.state == Booking.State.CANCELLED:
            return current
        if current.state not in (Booking.State.BOOKED, Booking.State.HELD):
            raise BookingRefused(_("This booking can no longer be cancelled."))
        was_booked = current.state == Booking.State.BOOKED
        current.state = Booking.State.CANCELLED
        current.cancelled_at = now
        current.version += 1
        current.save(update_fields=["state", "cancelled_at", "version"])
        _changed(locked_day)
        if current.person_id is not None:
            _audit(user, current, Action.UPDATE, {"cancelled": True})
        if was_booked and mail:
            mails.cancelled(current)
    return current


def move(
    booking: Booking,
    start: datetime,
    *,
    user: Any = None,
    version: int | None = None,
    now: datetime | None = None,
) -> Booking:
    """The same visit at another time (another day too); the old time is freed."""
    now = now or timezone.now()
    days = sorted({timezone.localdate(booking.start), timezone.localdate(start)})
    with transaction.atomic():
        locked = [_lock_day(booking.site, d) for d in days]  # in date order: no deadlock
        current = _locked_current(booking, version)
        if current.state != Booking.State.BOOKED:
            raise BookingRefused(_("Only a booked visit can be moved."))
        shape = shape_of(current)
        if not slots.still_free(
            current.site, start, shape, current.channel,
            language=current.language, now=now, exclude=current.pk,
        ):  # fmt: skip
            raise BookingRefused(_("This time has just been taken. Please choose another."))
        current.start = start
        current.end = start + timedelta(minutes=shape.minutes)
        current.version += 1
        current.reminded_at = None
        current.save(update_fields=["start", "end", "version", "reminded_at"])
        current.steps.all().delete()
        _write_steps(current, shape)
        for day in locked:
            _changed(day)
        if current.person_id is not None:
            _audit(user, current, Action.UPDATE, {"moved to": start.isoformat()})
        mails.confirmation(current, moved=True)
    return current


def find_scanned(text: str) -> Booking | None:
    """A booking by what the visitor shows: the code on their letter or e-mail (dash and case
    as they type it), or the address in its QR code (a scanner types it like a keyboard)."""
    text = text.strip()[:300]
    if "/b/" in text:
        token = text.split("/b/", 1)[1].split("/", 1)[0]
        return Booking.objects.filter(token=token).select_related("site").first()
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH:
        return None
    return Booking.objects.filter(code=cleaned).select_related("site").first()


def remind_due(now: datetime | None = None) -> int:
    """Queue the reminder of every booking that starts within
    ``APPOINTMENT_REMINDER_HOURS`` and has none yet; returns how many."""
    now = now or timezone.now()
    ahead = timedelta(hours=settings.APPOINTMENT_REMINDER_HOURS)
    due = Booking.objects.filter(
        state=Booking.State.BOOKED, reminded_at=None, start__gt=now, start__lte=now + ahead
    ).exclude(email="")
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, reminded_at=None, state=Booking.State.BOOKED)
                .first()
            )
            if booking is None:
                continue  # another sender has it, or it changed
            mails.reminder(booking)
            booking.reminded_at = now
            booking.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def mark_missed(now: datetime | None = None) -> int:
    """Bookings whose time and late window have passed without a check-in: not come."""
    now = now or timezone.now()
    late = timedelta(minutes=settings.APPOINTMENT_LATE_MINUTES)
    return Booking.objects.filter(state=Booking.State.BOOKED, start__lt=now - late).update(
        state=Booking.State.MISSED
    )


def of_person(person: Person) -> Iterable[Booking]:
    return person.bookings.exclude(state=Booking.State.HELD).order_by("-start")


def early_minutes() -> int:
    return settings.APPOINTMENT_EARLY_MINUTES


def late_minutes() -> int:
    return settings.APPOINTMENT_LATE_MINUTES


def check_in(
    booking: Booking, *, site: Site, user: Any = None, now: datetime | None = None
) -> Visit:
    """The ticket of a booked visit, printed at reception or the kiosk. Within the window
    (``APPOINTMENT_EARLY_MINUTES`` before to ``APPOINTMENT_LATE_MINUTES`` after the booked time)
    the dispatcher calls the visitor at their time; later than that they join as a walk-in with
    the concerns they booked. Checking in twice gives the same ticket."""
    now = now or clock.now()
    with transaction.atomic():
        current = Booking.objects.select_for_update().select_related("site").get(pk=booking.pk)
        if current.state == Booking.State.CHECKED_IN and current.visit is not None:
            return current.visit
        if current.state != Booking.State.BOOKED:
            raise BookingRefused(_("This booking is not valid (cancelled or already used)."))
        if current.site_id != site.pk:
            raise BookingRefused(_("This booking is for %(site)s.") % {"site": current.site.name})
        start = current.start
        if timezone.localdate(start) != timezone.localdate(now):
            raise BookingRefused(
                _("This booking is for another day: %(when)s.") % {"when": mails.when(current)}
            )
        if now < start - timedelta(minutes=early_minutes()):
            opens = timezone.localtime(start - timedelta(minutes=early_minutes()))
            raise BookingRefused(
                _("You are early. Please check in from %(time)s.") % {"time": f"{opens:%H:%M}"}
            )
        late = now > start + timedelta(minutes=late_minutes())
        codes = [s.service.code for s in current.steps.select_related("service")]
        visit = hall.issue_ticket(
            site=site,
            services=codes,
            language=current.language,
            needs_interpreter=current.needs_interpreter,
            party_size=current.party_size,
            # A kiosk has no user to record the link under: reception attaches the person.
            person=current.person if user is not None else None,
            user=user,
            request_key=uuid.uuid5(uuid.NAMESPACE_URL, f"booking:{current.token}"),
            appointment=None if late else start,
        )
        current.state = Booking.State.CHECKED_IN
        current.checked_in_at = now
        current.visit = visit
        current.save(update_fields=["state", "checked_in_at", "visit"])
    return visit
