"""The public booking pages: no account, every word in the visitor's language (the language is
part of the address, so a link in an e-mail opens in it).

The visitor chooses their concerns in plain words, the number of people and a day; the page
offers the times at which the whole visit fits (appointments/slots.py). Choosing one holds it for
``APPOINTMENT_HOLD_MINUTES`` while they give an e-mail address or phone number; then the booking
is made and the page shows its code, a QR code and what to bring. The same page, reached from the
link in the e-mail, moves or cancels the booking.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET

from anlaufstelle.appointments import mails, moving, runs, services, slots
from anlaufstelle.appointments.forms import ContactForm, TimeForm, VisitForm, day_label
from anlaufstelle.appointments.models import Booking, Channel, Invitation
from anlaufstelle.core.throttle import too_many_per_hour
from anlaufstelle.organisation.models import Site

# Holds one address may make in an hour: a person books a visit or two, a script many.
HOLDS_PER_HOUR = 12


def _language(lang: str) -> str:
    if lang not in dict(settings.LANGUAGES):
        raise Http404
    return lang


def _sites() -> list[Site]:
    return list(slots.booking_sites())


@require_GET
def languages(request: HttpRequest) -> HttpResponse:
    """Each language in its own name and direction: a reader must recognise their own."""
    choices = [(code, name, code in settings.LANGUAGES_BIDI) for code, name in settings.LANGUAGES]
    return render(request, "appointments/book_language.html", {"languages": choices})


@require_GET
def start(request: HttpRequest, lang: str) -> HttpResponse:
    with override(_language(lang)):
        sites = _sites()
        if len(sites) == 1:
            return redirect("book:visit", lang=lang, site_id=sites[0].pk)
        return render(request, "appointments/book_site.html", {"sites": sites, "lang": lang})


def visit(request: HttpRequest, lang: str, site_id: int) -> HttpResponse:
    """The visit (GET, nothing stored) and, once it is complete, the times to choose from."""
    with override(_language(lang)):
        site = get_object_or_404(slots.booking_sites(), pk=site_id)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        form = VisitForm(request.GET if "day" in request.GET else None, site=site)
        context: dict[str, Any] = {"site": site, "lang": lang, "form": form}
        if form.is_bound and form.is_valid():
            shape = form.shape()
            times = slots.free_times(site, form.chosen_day, shape, Channel.ONLINE, language=lang)
            context.update(
                times=TimeForm(times=times),
                day=day_label(form.chosen_day),
                shape=shape,
                query=request.GET.urlencode(),
            )
        return render(request, "appointments/book_visit.html", context)


def _too_many_holds(request: HttpRequest) -> bool:
    return too_many_per_hour(request, "appointments:holds", HOLDS_PER_HOUR)


def hold(request: HttpRequest, lang: str, site_id: int) -> HttpResponse:
    with override(_language(lang)):
        site = get_object_or_404(slots.booking_sites(), pk=site_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = VisitForm(request.POST, site=site)
        if not form.is_valid():
            return render(
                request, "appointments/book_visit.html", {"site": site, "lang": lang, "form": form}
            )
        shape = form.shape()
        times = slots.free_times(site, form.chosen_day, shape, Channel.ONLINE, language=lang)
        chosen = TimeForm(request.POST, times=times)
        context: dict[str, Any] = {
            "site": site,
            "lang": lang,
            "form": form,
            "times": chosen,
            "day": day_label(form.chosen_day),
            "shape": shape,
        }
        if not chosen.is_valid():
            return render(request, "appointments/book_visit.html", context)
        if _too_many_holds(request):
            chosen.add_error(None, _("Too many bookings from this connection. Please try later."))
            return render(request, "appointments/book_visit.html", context)
        data = form.cleaned_data
        try:
            booking = services.book(
                services.Request(
                    site=site,
                    start=chosen.start_time,
                    concerns=tuple(data["concerns"]),
                    party_size=data["party_size"],
                    language=lang,
                    channel=Channel.ONLINE,
                    needs_interpreter=data["needs_interpreter"],
                ),
                request_key=chosen.cleaned_data["submission"],
                hold=True,
            )
        except services.BookingRefused as refused:
            chosen.add_error(None, refused.message)
            context["times"] = _refreshed(chosen, site, form, lang)
            return render(request, "appointments/book_visit.html", context)
        return redirect("book:details", lang=lang, token=booking.token)


def _refreshed(chosen: TimeForm, site: Site, form: VisitForm, lang: str) -> TimeForm:
    """The time form again with the times free now, keeping the message of the refusal."""
    times = slots.free_times(site, form.chosen_day, form.shape(), Channel.ONLINE, language=lang)
    fresh = TimeForm(times=times)
    for error in chosen.non_field_errors():
        fresh.add_error(None, error)
    return fresh


def _held(token: str) -> Booking:
    return get_object_or_404(Booking.objects.select_related("site"), token=token)


def details(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The held time, and the visitor's e-mail address or phone number to book it."""
    with override(_language(lang)):
        booking = _held(token)
        if booking.state != Booking.State.HELD:
            return redirect("book:manage", lang=lang, token=token)
        form = ContactForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                services.confirm(
                    booking, email=form.cleaned_data["email"], phone=form.cleaned_data["phone"]
                )
            except services.BookingRefused as refused:
                form.add_error(None, refused.message)
            else:
                return redirect("book:manage", lang=lang, token=token)
        context = {
            "booking": booking,
            "lang": lang,
            "form": form,
            "when": mails.when(booking),
            "held_until": timezone.localtime(booking.held_until) if booking.held_until else None,
        }
        return render(request, "appointments/book_details.html", context)


def manage(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The visitor's booking: code, QR code, time, place, what to bring; move or cancel."""
    with override(_language(lang)):
        booking = _held(token)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if booking.state == Booking.State.HELD:
            return redirect("book:details", lang=lang, token=token)
        manage_url = request.build_absolute_uri(reverse("book:manage", args=[lang, token]))
        context: dict[str, Any] = {
            "booking": booking,
            "lang": lang,
            "when": mails.when(booking),
            "to_bring": mails.to_bring(booking),
            "qr": segno.make(manage_url, error="m").svg_inline(scale=4, title=""),
            "late": services.late_minutes(),
            "can_change": booking.state == Booking.State.BOOKED and booking.start > timezone.now(),
            "to_confirm": Invitation.objects.filter(
                booking=booking, state=Invitation.State.SENT, answered_at=None
            ).exists(),
        }
        if context["can_change"]:
            context["days"] = [
                (d.isoformat(), day_label(d))
                for d in slots.bookable_days(booking.site, timezone.localdate(), 14)
            ]
            chosen = request.GET.get("day", "")
            if chosen in dict(context["days"]):
                day = date.fromisoformat(chosen)
                context.update(move=moving.move_form(booking, day), move_day=chosen)
        return render(request, "appointments/book_manage.html", context)


def move(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    with override(_language(lang)):
        booking = _held(token)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        moving.move_from_post(request, booking, public=True)
        return redirect("book:manage", lang=lang, token=token)


def confirm(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """An invited person confirms the time the invitation proposed."""
    with override(_language(lang)):
        booking = _held(token)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if booking.state == Booking.State.BOOKED:
            runs.answered(booking, Invitation.State.CONFIRMED)
            messages.success(request, _("Thank you: the appointment is confirmed."))
        return redirect("book:manage", lang=lang, token=token)


def cancel(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    with override(_language(lang)):
        booking = _held(token)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        moving.cancel_from_post(request, booking, public=True)
        return redirect("book:manage", lang=lang, token=token)
