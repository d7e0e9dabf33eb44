"""Staff screens of bookings: the day's bookings with check-in, booking a visit for someone
(reception, a desk's follow-up, the phone), one booking to move or cancel. Each view checks the
role, calls one service and renders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anlaufstelle.appointments import mails, moving, noshows, offer, runs, services, slots
from anlaufstelle.appointments.forms import (
    ApplyOfferForm,
    OverbookingForm,
    RunForm,
    StaffBookingForm,
    TimeForm,
)
from anlaufstelle.appointments.models import Booking, Channel, InvitationRun, Overbooking
from anlaufstelle.core.categories import Category
from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.core.permissions import has_role, require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.core.submissions import once
from anlaufstelle.hall import services as hall
from anlaufstelle.organisation.models import Site
from anlaufstelle.people.models import Person

STAFF = (Role.RECEPTION, Role.DESK_OFFICER)


def _chosen_day(request: HttpRequest) -> date:
    raw = request.GET.get("day", "")
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@require_roles(*STAFF)
def bookings(request: HttpRequest) -> HttpResponse:
    """A day's bookings, by time, with the code to check each in."""
    day = _chosen_day(request)
    rows = (
        Booking.objects.filter(start__date=day)
        .exclude(state=Booking.State.HELD)
        .select_related("site")
        .prefetch_related("steps__service")
        .order_by("start")
    )
    sites = Site.objects.with_desks().order_by("name")
    context = {"day": day, "rows": rows, "sites": sites}
    return render(request, "appointments/bookings.html", context)


def _person(request: HttpRequest) -> Person | None:
    """The person the booking is for (reception came from their page), read audited."""
    chosen = request.GET.get("person") or request.POST.get("person") or ""
    if not (chosen.isdigit() and len(chosen) < 10):
        return None
    try:
        return hall.read_person(
            request.user,
            int(chosen),
            categories=(Category.IDENTITY, Category.BIOGRAPHY, Category.CONTACT),
            detail={"for": "booking"},
        )
    except Person.DoesNotExist:
        raise Http404 from None


@require_roles(*STAFF)
def new(request: HttpRequest) -> HttpResponse:
    """Book a visit: the visit (GET) shows the free times; choosing one (POST) books it."""
    person = _person(request)
    # The visit comes in the address (the times are shown for it); the time chosen is posted.
    spoken = [c for c in (person.languages if person else []) if c in SPOKEN_LANGUAGES]
    initial = {
        "channel": Channel.RECEPTION if has_role(request.user, Role.RECEPTION) else Channel.DESK,
        "language": spoken[0] if spoken else "de",
        "email": person.email if person else "",
        "phone": person.phone if person else "",
    }
    form = StaffBookingForm(request.GET if "day" in request.GET else None, initial=initial)
    context: dict[str, Any] = {"form": form, "person": person}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        shape = form.shape()
        times = slots.free_times(
            data["site"], data["day"], shape, data["channel"], language=data["language"]
        )
        chosen = TimeForm(
            request.POST if request.method == "POST" else None, times=times, public=False
        )
        context.update(times=chosen, shape=shape, query=request.GET.urlencode())
        if chosen.is_bound and chosen.is_valid():
            try:
                booking = services.book(
                    services.Request(
                        site=data["site"],
                        start=chosen.start_time,
                        concerns=tuple(data["concerns"]),
                        party_size=data["party_size"],
                        language=data["language"],
                        channel=data["channel"],
                        needs_interpreter=data["needs_interpreter"],
                        email=data["email"],
                        phone=data["phone"],
                    ),
                    person=person,
                    user=request.user,
                    request_key=chosen.cleaned_data["submission"],
                )
            except services.BookingRefused as refused:
                chosen.add_error(None, refused.message)
            else:
                messages.success(request, _("Booked: %(code)s.") % {"code": booking.display_code})
                return redirect("appointments:detail", pk=booking.pk)
    return render(request, "appointments/new.html", context)


def _booking(request: HttpRequest, pk: int) -> Booking:
    booking = get_object_or_404(Booking.objects.select_related("site", "person"), pk=pk)
    if booking.person_id is not None:
        # The booking names the person: reading it is a read of their identity data.
        hall.read_person(
            request.user,
            booking.person_id,
            categories=(Category.IDENTITY,),
            detail={"booking": booking.code},
        )
    return booking


@require_roles(*STAFF)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context: dict[str, Any] = {
        "booking": booking,
        "when": mails.when(booking),
        "to_bring": mails.to_bring(booking),
        "can_change": booking.state == Booking.State.BOOKED and booking.start > timezone.now(),
    }
    chosen = request.GET.get("day", "")
    if context["can_change"] and chosen:
        try:
            day = date.fromisoformat(chosen)
        except ValueError:
            day = None
        if day is not None and day >= timezone.localdate():
            context.update(move=moving.move_form(booking, day, public=False), move_day=chosen)
    return render(request, "appointments/detail.html", context)


@require_roles(*STAFF)
def move(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    moving.move_from_post(request, booking, public=False)
    return redirect("appointments:detail", pk=pk)


@require_roles(*STAFF)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    moving.cancel_from_post(request, booking, public=False)
    return redirect("appointments:detail", pk=pk)


@require_roles(Role.RECEPTION)
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    """Reception prints the ticket of a booked visit from its code (or the scanned QR code)."""
    booking = services.find_scanned(request.POST.get("code", ""))
    site = Site.objects.filter(pk=request.POST.get("site") or 0).first()
    if booking is None or site is None:
        messages.error(request, _("No booking has this code."))
        return redirect("appointments:bookings")
    try:
        visit = services.check_in(booking, site=site, user=request.user)
    except services.BookingRefused as refused:
        messages.error(request, refused.message)
        return redirect("appointments:bookings")
    return redirect("hall:ticket", token=visit.token)


def _offer_site_and_day(request: HttpRequest) -> tuple[list[Site], Site | None, date]:
    sites = list(slots.booking_sites())
    chosen = request.GET.get("site", "")
    site = next((s for s in sites if str(s.pk) == chosen), sites[0] if sites else None)
    day = _chosen_day(request)
    if "day" not in request.GET:
        day = timezone.localdate() + timedelta(days=1)
    return sites, site, day


@require_roles(Role.COORDINATOR)
def offer_page(request: HttpRequest) -> HttpResponse:
    """The planner's proposal of bookings per hour and service for a day, to apply to the
    capacity; the no-show figures and whether to overbook by them."""
    sites, site, day = _offer_site_and_day(request)
    policy = Overbooking.objects.filter(site=site).first() if site else None
    apply_form = ApplyOfferForm(request.POST if "apply" in request.POST else None)
    overbooking_form = OverbookingForm(
        request.POST if "overbooking" in request.POST else None,
        initial={"allowed": policy.allowed, "at_most": policy.at_most} if policy else None,
    )
    result = offer.offer(site, day) if site else None
    if site is not None and request.method == "POST":
        if apply_form.is_bound and apply_form.is_valid() and result is not None:
            share = apply_form.cleaned_data["staff_share"] / 100
            offer.apply(site, result, staff_share=share)
            messages.success(request, _("The proposal is now the capacity of this weekday."))
            return redirect(request.get_full_path())
        if overbooking_form.is_bound and overbooking_form.is_valid():
            Overbooking.objects.update_or_create(site=site, defaults=overbooking_form.cleaned_data)
            messages.success(request, _("Overbooking is saved."))
            return redirect(request.get_full_path())
    by_service, by_lead = noshows.rates(site) if site else ([], [])
    context = {
        "sites": sites,
        "site": site,
        "day": day,
        "offer": result,
        "apply_form": apply_form,
        "overbooking_form": overbooking_form,
        "by_service": by_service,
        "by_lead": by_lead,
    }
    return render(request, "appointments/offer.html", context)


READERS = (Role.RECEPTION, Role.DESK_OFFICER)


@require_roles(Role.RECEPTION, Role.DESK_OFFICER, Role.COORDINATOR)
def invitation_runs(request: HttpRequest) -> HttpResponse:
    """The runs, and (for those who read people for their work) a new one: selected, each
    given a time, and shown as a proposal to send or discard."""
    may_select = has_role(request.user, *READERS)
    form = RunForm(request.POST if request.method == "POST" and may_select else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data

        def make() -> InvitationRun:
            run = InvitationRun.objects.create(
                site=data["site"], concerns=data["concerns"], criterion=data["criterion"],
                weeks=data["weeks"], agency=data["agency"], first_day=data["first_day"],
                days=data["days"], created_by=request.user,  # type: ignore[misc]
            )  # fmt: skip
            people = runs.select(
                request.user, criterion=run.criterion, weeks=run.weeks, agency=run.agency
            )
            proposal = runs.propose(run, people)
            run.effect["unplaced"] = len(proposal.unplaced)
            run.save(update_fields=["effect"])
            return run

        run, _new = once(request.user, data["submission"], make)
        assert run is not None
        return redirect("appointments:run", pk=run.pk)
    context = {"runs": InvitationRun.objects.select_related("site")[:50], "form": form,
               "may_select": may_select}  # fmt: skip
    return render(request, "appointments/runs.html", context)


@require_roles(Role.RECEPTION, Role.DESK_OFFICER, Role.COORDINATOR)
def invitation_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(InvitationRun.objects.select_related("site"), pk=pk)
    may_select = has_role(request.user, *READERS)
    if request.method == "POST":
        if not may_select:
            # Sending reads the people's addresses: the task of those who selected them.
            messages.error(request, _("Invitations are sent by those who read the people."))
        elif "send" in request.POST:
            queued = runs.send(run)
            messages.success(request, _("Invited; %(n)d e-mails queued.") % {"n": queued})
        elif "discard" in request.POST:
            runs.discard(run)
            messages.success(request, _("The proposal is discarded."))
        return redirect("appointments:run", pk=pk)
    if request.GET.get("letters") and may_select:
        pdf = runs.letters_pdf(run, user=request.user)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="invitations-{run.pk}.pdf"'
        return response
    invitations = run.invitations.select_related("booking")
    if may_select:
        invitations = invitations.select_related("person")
    context = {
        "run": run,
        "may_select": may_select,
        "invitations": invitations,
        "load": runs.load(run),
        "effect": [(day, figures) for day, figures in run.effect.items() if day != "unplaced"],
        "unplaced": run.effect.get("unplaced", 0),
    }
    return render(request, "appointments/run.html", context)
