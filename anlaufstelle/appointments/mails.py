"""The e-mails of a booking, in the visitor's language, queued in the outbox in the booking's own
transaction (so a mail exists exactly when the change it tells of was committed).

Each confirmation and reminder carries a calendar file (.ics) and the list of documents to bring,
per concern. The link in it opens the visitor's booking page to move or cancel the visit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Alarm, Calendar, Event

from anlaufstelle.outbox import services as outbox

if TYPE_CHECKING:
    from anlaufstelle.appointments.models import Booking


def manage_url(booking: Booking) -> str:
    base = str(settings.PUBLIC_BASE_URL).rstrip("/")
    return base + reverse("book:manage", args=[booking.language, booking.token])


def when(booking: Booking) -> str:
    start = timezone.localtime(booking.start)
    return f"{date_format(start, 'DATE_FORMAT')}, {start:%H:%M}"


def to_bring(booking: Booking) -> list[tuple[str, list[str]]]:
    """Per concern, in the current language: its name and the documents to bring."""
    return [(service.name, service.document_labels) for service in booking.services]


def calendar_file(booking: Booking) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Anlaufstelle//appointments//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.code}@anlaufstelle")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    event.add("summary", _("Appointment at %(site)s") % {"site": booking.site.name})
    event.add("location", booking.site.address or booking.site.name)
    event.add("description", _body_lines(booking, calendar=True))
    event.add("sequence", booking.version)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Appointment at %(site)s") % {"site": booking.site.name})
    alarm.add("trigger", timedelta(hours=-2))
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()


def _body_lines(booking: Booking, *, calendar: bool = False) -> str:
    lines = [
        _("When: %(when)s") % {"when": when(booking)},
        _("Where: %(site)s")
        % {"site": ", ".join(filter(None, [booking.site.name, booking.site.address]))},
        _("Your booking code: %(code)s") % {"code": booking.display_code},
        _("People: %(count)s") % {"count": booking.party_size},
        "",
        _("Please bring:"),
    ]
    for name, documents in to_bring(booking):
        lines.append(f"- {name}: {', '.join(documents) if documents else _('nothing special')}")
    if not calendar:
        lines += [
            "",
            _(
                "At the entrance, show this code or its QR code at the kiosk or at reception. "
                "Please come on time; if you are more than %(late)s minutes late, you will wait "
                "like visitors without an appointment."
            )
            % {"late": settings.APPOINTMENT_LATE_MINUTES},
            "",
            _("To move or cancel the appointment: %(url)s") % {"url": manage_url(booking)},
        ]
    return "\n".join(lines)


def _queue(booking: Booking, kind: str, subject: str, intro: str, ics: bool = True) -> None:
    if not booking.email:
        return
    attachments = [("termin.ics", calendar_file(booking), "text/calendar")] if ics else []
    outbox.enqueue(
        to=booking.email,
        subject=subject,
        body=f"{intro}\n\n{_body_lines(booking)}\n",
        language=booking.language,
        kind=kind,
        reference=booking.display_code,
        attachments=attachments,
    )


def confirmation(booking: Booking, *, moved: bool = False) -> None:
    with override(booking.language):
        subject = _("Your appointment at %(site)s: %(when)s") % {
            "site": booking.site.name,
            "when": when(booking),
        }
        intro = (
            _("Your appointment has been moved. This is the new time.")
            if moved
            else _("Your appointment is booked.")
        )
        _queue(booking, "booking", subject, intro)


def reminder(booking: Booking) -> None:
    with override(booking.language):
        subject = _("Reminder: your appointment at %(site)s: %(when)s") % {
            "site": booking.site.name,
            "when": when(booking),
        }
        _queue(booking, "reminder", subject, _("We look forward to seeing you."))


def cancelled(booking: Booking) -> None:
    with override(booking.language):
        subject = _("Your appointment at %(site)s is cancelled") % {"site": booking.site.name}
        _queue(
            booking,
            "cancelled",
            subject,
            _("Your appointment on %(when)s is cancelled.") % {"when": when(booking)},
            ics=False,
        )


def invitation(booking: Booking, *, reminder: bool = False) -> None:
    """The invitation of a run (or its one reminder): the time proposed, and the link to
    confirm, move or cancel it."""
    with override(booking.language):
        subject = (
            _("Reminder: you are invited to %(site)s: %(when)s")
            if reminder
            else _("You are invited to %(site)s: %(when)s")
        ) % {"site": booking.site.name, "when": when(booking)}
        intro = _(
            "The welcome centre invites you to an appointment. Please confirm it, or choose "
            "another time, with the link below."
        )
        _queue(booking, "invitation-reminder" if reminder else "invitation", subject, intro)
