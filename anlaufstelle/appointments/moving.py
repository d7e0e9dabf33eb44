"""Moving a booked visit to another free time, as the visitor's page and the staff's page both
offer it: the free times of a chosen day, and the posted choice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from anlaufstelle.appointments import runs, services, slots
from anlaufstelle.appointments.forms import TimeForm
from anlaufstelle.appointments.models import Booking, Invitation


def move_form(booking: Booking, day: date, data: Any = None, *, public: bool = True) -> TimeForm:
    """The free times of ``day`` for the booking's visit (its own time counted as free)."""
    times = slots.free_times(
        booking.site,
        day,
        services.shape_of(booking),
        booking.channel,
        language=booking.language,
        exclude=booking.pk,
    )
    return TimeForm(data, times=times, public=public)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def move_from_post(request: HttpRequest, booking: Booking, *, public: bool) -> None:
    """Move the booking to the time the posted form chose, with the version the page showed;
    what came of it is said in the page's messages."""
    try:
        day = date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        messages.error(request, _("Choose a day, then one of its free times."))
        return
    form = move_form(booking, day, request.POST, public=public)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return
    user = None if public else request.user
    try:
        services.move(booking, form.start_time, user=user, version=_version(request))
    except services.BookingRefused as refused:
        messages.error(request, refused.message)
    else:
        runs.answered(booking, Invitation.State.MOVED)
        messages.success(request, _("The appointment is moved."))


def cancel_from_post(request: HttpRequest, booking: Booking, *, public: bool) -> None:
    user = None if public else request.user
    try:
        services.cancel(booking, user=user, version=_version(request))
    except services.BookingRefused as refused:
        messages.error(request, refused.message)
    else:
        runs.answered(booking, Invitation.State.CANCELLED)
        messages.success(request, _("The appointment is cancelled."))
