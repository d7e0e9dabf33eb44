"""Screens of the live hall: reception issues tickets, desks call, the board and the visitor's
status page show the calls. Each view checks the role (or the token of a public screen), calls
one service and renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from anlaufstelle.appointments import services as appointments
from anlaufstelle.cases.services import at_desk, cases_of, refer
from anlaufstelle.core.categories import Category
from anlaufstelle.core.http import sessionless
from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.hall import announce, services
from anlaufstelle.hall import live as live_view
from anlaufstelle.hall.forms import (
    AttachForm,
    DoneForm,
    ForwardForm,
    KioskForm,
    OutOfOrderForm,
    PendingForm,
    ResumeForm,
    SignInForm,
    TicketForm,
)
from anlaufstelle.hall.models import AT_A_DESK, DeskSession, HallEvent, Visit
from anlaufstelle.organisation.models import Interpreter, Site
from anlaufstelle.people.models import Person

TICKET_LAYOUTS = ("a4", "receipt")

DESK_ACTIONS = {
    "alarm": services.alarm,
    "next": services.press_next,
    "came": services.came,
    "no_show": services.no_show,
    "park": services.park,
    "recall": services.recall,
    "sign_off": services.sign_off,
}


def _route_codes(session: DeskSession) -> list[str]:
    step = services.current_step(session)
    return list(step.visit.steps.values_list("service__code", flat=True)) if step else []


def _cases_to_refer(session: DeskSession) -> list[Any]:
    """The open cases of the visitor at the desk that the officer's agency takes part in."""
    step = services.current_step(session)
    person = step.visit.person if step is not None else None
    if person is None:
        return []
    return [case for case in cases_of(user=session.user, person=person) if case.is_open]


def _forward(session: DeskSession, data: dict[str, Any]) -> None:
    """Forward the visitor; with a case chosen, refer it to each other agency of the new
    services, the referral carrying its step. The forward stands if a referral is refused."""
    created = services.forward(session, data["services"], data["note"])
    if not data.get("case"):
        return
    own = getattr(getattr(session.user, "staff_member", None), "agency_id", None)
    refused = []
    referred = {own}
    for step in created:
        agency = step.service.agency
        if agency.pk in referred:
            continue  # the officer's own agency, or referred with an earlier new step
        referred.add(agency.pk)
        try:
            refer(
                user=session.user,
                case_id=data["case"],
                data={"to_agency": agency, "categories": data["share"] or ["identity"],
                      "note": data["note"]},
                step=step,
            )  # fmt: skip
        except ValidationError as exc:
            refused.append(f"{agency.name}: {' '.join(exc.messages)}")
    if refused:
        raise services.HallRefused(
            _("The visitor is forwarded, but not referred to %(refused)s")
            % {"refused": "; ".join(refused)}
        )


# Actions with a form: the form (for the session), and what to do with its cleaned data.
FORM_ACTIONS: dict[str, tuple[Callable[..., forms.Form], Callable[[DeskSession, Any], Any]]] = {
    "ticket": (
        lambda data, session: OutOfOrderForm(data),
        lambda session, d: services.call_ticket(session, d["number"], d["reason"]),
    ),
    "done": (
        lambda data, session: DoneForm(data),
        lambda session, d: services.done(session, d["outcome"]),
    ),
    "pending": (
        lambda data, session: PendingForm(data),
        lambda session, d: services.pending(session, d["minutes"]),
    ),
    "resume": (
        lambda data, session: ResumeForm(data),
        lambda session, d: services.resume(session, d["step"]),
    ),
    "forward": (
        lambda data, session: ForwardForm(
            data,
            site=session.desk.site,
            route=_route_codes(session),
            cases=_cases_to_refer(session),
        ),
        lambda session, d: _forward(session, d),
    ),
}


def board_token(site: Site) -> str:
    """The board's address holds this: unguessable, stable, and nothing to store."""
    return salted_hmac("anlaufstelle.hall.board", str(site.pk)).hexdigest()[:24]


def kiosk_token(site: Site) -> str:
    """The same for a site's kiosks (another salt: a board's address opens no kiosk)."""
    return salted_hmac("anlaufstelle.hall.kiosk", str(site.pk)).hexdigest()[:24]


def _site_by_token(site_id: int, token: str, expected: Callable[[Site], str]) -> Site:
    site = get_object_or_404(Site, pk=site_id)
    if not constant_time_compare(token, expected(site)):
        raise Http404
    return site


def _wants_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


# --- Reception ---------------------------------------------------------------------------------


def _person_for_ticket(request: HttpRequest) -> Person | None:
    """The person reception came from (their page's *ticket in the hall*), read through the
    people services (audited), or None for an anonymous ticket."""
    chosen = request.POST.get("person") or request.GET.get("person") or ""
    if not (chosen.isdigit() and len(chosen) < 10):
        return None
    # The name shows on the page; the languages spoken choose the ticket's language.
    try:
        return services.read_person(
            request.user,
            int(chosen),
            categories=(Category.IDENTITY, Category.BIOGRAPHY),
            detail={"for": "hall ticket"},
        )
    except Person.DoesNotExist:
        raise Http404 from None


def _attached(request: HttpRequest, person: Person, form: AttachForm) -> bool:
    """Attach the ticket the form names to the person; False (the form says why) if not."""
    if not form.is_valid():
        return False
    try:
        visit = services.attach_person(
            user=request.user, visit=form.cleaned_data["visit"], person=person
        )
    except services.HallRefused as refused:
        form.add_error(None, refused.message)
        return False
    message = _("Ticket %(code)s is attached to %(person)s.")
    messages.success(request, message % {"code": visit.code, "person": person})
    return True


@require_roles(Role.RECEPTION)
def reception(request: HttpRequest) -> HttpResponse:
    person = _person_for_ticket(request)
    # The person's first language is the ticket's, unless reception chooses another.
    spoken = [code for code in (person.languages if person else []) if code in SPOKEN_LANGUAGES]
    form = TicketForm(request.POST or None, initial={"language": spoken[0]} if spoken else None)
    attach = AttachForm(request.POST) if person and "attach" in request.POST else None
    if person is not None and attach is not None:
        form = TicketForm()
        if _attached(request, person, attach):
            return redirect("people:detail", person_id=person.pk)
    elif form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.issue_ticket(
                site=data["site"],
                services=data["concerns"],
                language=data["language"],
                needs_interpreter=data["needs_interpreter"],
                party_size=data["party_size"],
                priority_reason=data["priority_reason"],
                person=person,
                user=request.user,
                request_key=data["submission"],
            )
        except services.HallRefused as refused:
            form.add_error(None, refused.message)
        else:
            return redirect("hall:ticket", token=visit.token)
    sites = form.fields["site"].queryset  # type: ignore[attr-defined]
    screens = [
        (
            site,
            reverse("hall:board", args=[site.pk, board_token(site)]),
            reverse("hall:kiosk", args=[site.pk, kiosk_token(site)]),
        )
        for site in sites
    ]
    context = {
        "form": form,
        "screens": screens,
        "absent": services.absent_today(),
        "person": person,
        "attach": attach or (AttachForm() if person else None),
    }
    return render(request, "hall/reception.html", context)


@require_roles(Role.RECEPTION)
def back_again(request: HttpRequest, token: str) -> HttpResponse:
    """A visitor who missed their call is at reception again: back into the queues."""
    visit = get_object_or_404(Visit, token=token)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.back_again(visit)
    except services.HallRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("%(code)s is waiting again.") % {"code": visit.code})
    return redirect("hall:reception")


@require_roles(Role.RECEPTION)
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket to print: number, QR code to the status page, the route in the visitor's
    language; no name."""
    visit = get_object_or_404(
        Visit.objects.select_related("day__site").defer("day__state"), token=token
    )
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    with override(visit.language):
        context = _ticket_context(request, visit, visit.day.site, "")
    # The sheet it is printed on: A4 (an office printer) or an 80 mm receipt printer.
    layout = request.GET.get("print", "")
    context["layout"] = layout if layout in TICKET_LAYOUTS else ""
    return render(request, "hall/ticket.html", context)


# --- Desks -------------------------------------------------------------------------------------


@require_roles(Role.DESK_OFFICER)
def desk(request: HttpRequest) -> HttpResponse:
    session = services.open_session(request.user)
    if session is None:
        form = SignInForm(request.POST or None, user=request.user)
        if form.is_bound and form.is_valid():
            try:
                services.sign_in(
                    user=request.user,
                    desk=form.cleaned_data["desk"],
                    skills=form.cleaned_data["skills"],
                )
            except services.HallRefused as refused:
                form.add_error(None, refused.message)
            else:
                return redirect("hall:desk")
        return render(request, "hall/desk_sign_in.html", {"form": form})
    step = services.current_step(session)
    route = list(step.visit.steps.select_related("service").order_by("order")) if step else []
    person, has_person = services.person_at_desk(request.user, step)
    cases = at_desk(user=request.user, person=person) if person else []
    context: dict[str, Any] = {
        "session": session,
        "step": step,
        "person": person,
        "has_person": has_person,
        "cases": cases,
        "route": route,
        "waiting": services.waiting_for(session),
        "glance": services.glance(step.pk if step else None),
        "glance_token": glance_token(session.pk),
        "parked": services.parked(session),
        "out_of_order": OutOfOrderForm(),
        "done_form": DoneForm(),
        "pending_form": PendingForm(),
        "forward_form": (
            ForwardForm(
                site=session.desk.site,
                route=[s.service.code for s in route],
                cases=[case for case, _tasks in cases],
            )
            if step and step.state == "at_desk"
            else None
        ),
    }
    template = "hall/_desk_state.html" if _wants_fragment(request) else "hall/desk.html"
    return render(request, template, context)


def glance_token(session_id: int) -> str:
    """The key in a desk session's glance address (unguessable, nothing to store)."""
    return salted_hmac("anlaufstelle.hall.desk-glance", str(session_id)).hexdigest()[:24]


@sessionless
def desk_glance(request: HttpRequest, session_id: int, token: str) -> HttpResponse:
    """A free desk's look every three seconds whether someone was called there: "204 No
    Content" while its page is current, else an empty answer
    whose `HX-Trigger: desk-changed` has the page fetch its state from `desk` (signed in, as
    always). Answered before the session is read (core.http.Sessionless), in one query: the
    token made for this desk session is the key, and the answer says nothing about a person."""
    if not constant_time_compare(token, glance_token(session_id)):
        return HttpResponseNotFound()
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    current = services.glance_of(session_id)
    if current is not None and current == request.GET.get("seen"):
        response = HttpResponse(status=204)
    else:  # changed, or the session has ended (the desk page then offers to sign in)
        response = HttpResponse()
        response["HX-Trigger"] = "desk-changed"
    response["Cache-Control"] = "no-store"
    return response


@require_roles(Role.DESK_OFFICER)
@require_POST
def desk_action(request: HttpRequest, action: str) -> HttpResponse:
    act = DESK_ACTIONS.get(action)
    with_form = FORM_ACTIONS.get(action)
    if act is None and with_form is None:
        raise Http404
    session = services.open_session(request.user)
    if session is None:
        # Signed off meanwhile (another tab): the page to sign in again says so.
        messages.error(request, _("You are not signed in at a desk."))
        return redirect("hall:desk")
    try:
        if with_form is not None:
            make_form, handle = with_form
            form = make_form(request.POST, session)
            if not form.is_valid():
                raise services.HallRefused(
                    " ".join(str(e) for errors in form.errors.values() for e in errors)
                )
            handle(session, form.cleaned_data)
        elif act is not None:
            act(session)
    except services.HallRefused as refused:
        messages.error(request, refused.message)
    else:
        if action == "alarm":
            messages.warning(request, _("The coordinators have been alerted."))
    return redirect("hall:desk")


# --- Public screens ----------------------------------------------------------------------------


def board(request: HttpRequest, site_id: int, token: str) -> HttpResponse:
    """The call board of a site: ticket numbers and desks, never names."""
    site = _site_by_token(site_id, token, board_token)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    calls = announce.for_board(services.board_calls(site))
    context = {"site": site, "token": token, "calls": calls}
    template = "hall/_board_calls.html" if _wants_fragment(request) else "hall/board.html"
    return render(request, template, context)


def board_announce(
    request: HttpRequest, site_id: int, token: str, step_id: int, stamp: int
) -> HttpResponseBase:
    """A call on the board said aloud in the visitor's language (WAV); 404 where the server
    cannot say it, and the board's script lets the browser speak instead."""
    site = _site_by_token(site_id, token, board_token)
    step = announce.on_board(site, step_id)
    if step is None or announce.call_stamp(step) != stamp:
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    path = announce.render(*announce.sentence(step))
    if path is None:
        raise Http404
    # Each call has its own address (a recall gets a new stamp), so what it says never changes.
    headers = {"ETag": f'"{path.stem}"', "Cache-Control": "max-age=86400, immutable"}
    unchanged = get_conditional_response(request, etag=headers["ETag"])
    response = unchanged or FileResponse(path.open("rb"), content_type="audio/wav")
    for name, value in headers.items():
        response[name] = value
    return response


# A thousand phones fetch their status page every few seconds, and what a page shows changes
# only at its visitor's own events: each process keeps a page it rendered, under a key made of
# everything the page shows, for this long (a renamed service shows after it at the latest).
STATUS_PAGE_SECONDS = 300


def refresh_seconds(visit_state: str, wait: int | None) -> int:
    """How soon the visitor's phone looks again. Soon where a call may come any moment;
    less often where the estimate says it is far off (the board calls aloud as well), which
    spares the phone's battery and the server a thousand phones' polling."""
    if visit_state == Visit.State.CALLED or (
        visit_state == Visit.State.WAITING and (wait is None or wait <= 5)
    ):
        return 5
    if visit_state == Visit.State.WAITING and wait is not None and wait > 15:
        return 20
    return 10


def status(request: HttpRequest, token: str) -> HttpResponseBase:
    """The visitor's status page, in their language: their route, the next step, a call."""
    # What the page shows, in one query: the visit's state and each step's.
    shown = services.status_rows(token)
    if not shown:
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    visit_id, day_id, visit_state, returns_at = shown[0][:4]
    wait: int | None = None
    if visit_state == Visit.State.WAITING:
        minutes = live_view.estimated_wait(Visit(pk=visit_id, day_id=day_id))
        wait = None if minutes is None else rounded_wait(minutes)
    seen = repr((token, visit_state, returns_at, wait, [row[4:] for row in shown]))
    key = salted_hmac("hall-status", seen).hexdigest()
    # The key is the page's ETag too: a phone whose page is unchanged gets "304 Not Modified"
    # (its browser revalidates each fetch, Cache-Control: no-cache) and no page over the air;
    # only while the process keeps the page, so a renamed service still shows in time.
    headers = {"ETag": f'"{key}"', "Cache-Control": "no-cache"}
    page = cache.get("hall-status:" + key)
    response = None if page is None else get_conditional_response(request, etag=headers["ETag"])
    if response is None:
        if page is None:
            page = _status_page(request, visit_id, wait, refresh_seconds(visit_state, wait))
            cache.set("hall-status:" + key, page, STATUS_PAGE_SECONDS)
        response = HttpResponse(page)
    for name, value in headers.items():
        response[name] = value
    return response


def _status_page(request: HttpRequest, visit_id: int, wait: int | None, refresh: int) -> bytes:
    visit = Visit.objects.get(pk=visit_id)
    steps = list(
        visit.steps.select_related("service", "session__desk", "interpreting").order_by("order")
    )
    context = {
        "visit": visit,
        "steps": steps,
        "called": next((s for s in steps if s.state in AT_A_DESK), None),
        "language": visit.language,
        "wait": wait,
        "refresh": refresh,
    }
    with override(visit.language):
        return render(request, "hall/status.html", context).content


def rounded_wait(minutes: float) -> int:
    """A wait as a visitor reads it: whole minutes up to ten, then in fives (an estimate, not
    a promise), and never below one."""
    if minutes <= 10:
        return max(1, round(minutes))
    return int(5 * round(minutes / 5))


# --- Coordination ------------------------------------------------------------------------------


@require_roles(Role.COORDINATOR)
def live(request: HttpRequest) -> HttpResponse:
    """The hall now, per site: queues, desks, calls, the share within the target, and when the
    rest of the day is expected to be done."""
    sites = Site.objects.with_desks()
    chosen = request.GET.get("site", "")
    site = sites.filter(pk=int(chosen)).first() if chosen.isdigit() and len(chosen) < 10 else None
    site = site or sites.first()
    if site is None:
        raise Http404
    context = {
        "sites": sites,
        "site": site,
        "view": live_view.overview(site),
        "alarms": services.open_alarms(site),
    }
    template = "hall/_live.html" if _wants_fragment(request) else "hall/live.html"
    return render(request, template, context)


@require_roles(Role.COORDINATOR)
def live_alarm(request: HttpRequest, event_id: int) -> HttpResponse:
    """A coordinator has seen to an alarm."""
    event = get_object_or_404(HallEvent.objects.select_related("day"), pk=event_id, kind="alarm")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.handle_alarm(event, request.user)
    except services.HallRefused as refused:
        messages.error(request, refused.message)
    return redirect(f"{reverse('hall:live')}?site={event.day.site_id}")


@require_roles(Role.COORDINATOR)
def live_skills(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(DeskSession, pk=session_id, ended__isnull=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = getattr(session.user, "staff_member", None)
    own = set(member.skills.values_list("code", flat=True)) if member else set()
    skills = [code for code in request.POST.getlist("skills") if code in own]
    try:
        services.set_skills(session, skills)
    except services.HallRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The desk serves the chosen services from now on."))
    return redirect(f"{reverse('hall:live')}?site={session.day.site_id}")


# --- Kiosk -------------------------------------------------------------------------------------


def kiosk(request: HttpRequest, site_id: int, token: str) -> HttpResponse:
    """A touch screen at the entrance, without login: the visitor's language first (each named
    in its own script), then their concerns in that language, then the ticket. Nothing about
    the person is asked or kept."""
    site = _site_by_token(site_id, token, kiosk_token)
    language = request.GET.get("lang") or request.POST.get("lang") or ""
    if language not in dict(settings.LANGUAGES):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        # Each language in its own name and direction: a reader must recognise their own.
        languages = [
            (code, name, code in settings.LANGUAGES_BIDI) for code, name in settings.LANGUAGES
        ]
        context = {"site": site, "token": token, "languages": languages}
        return render(request, "hall/kiosk_language.html", context)
    with override(language):
        form = KioskForm(request.POST if request.method == "POST" else None, site=site)
        if form.is_bound and form.is_valid():
            try:
                visit = services.issue_ticket(
                    site=site,
                    services=form.cleaned_data["concerns"],
                    language=language,
                    needs_interpreter=form.cleaned_data["needs_interpreter"],
                    request_key=form.cleaned_data["submission"],
                )
            except services.HallRefused as refused:
                form.add_error(None, refused.message)
            else:
                return redirect(
                    "hall:kiosk_ticket", site_id=site.pk, token=token, visit=visit.token
                )
        return render(
            request,
            "hall/kiosk.html",
            {"site": site, "token": token, "form": form, "language": language},
        )


def kiosk_check_in(request: HttpRequest, site_id: int, token: str) -> HttpResponse:
    """A visitor with a booking shows its QR code to the kiosk's scanner (or types the code):
    the ticket of their booked visit, called at their time."""
    site = _site_by_token(site_id, token, kiosk_token)
    language = request.GET.get("lang") or request.POST.get("lang") or ""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with override(language):
        error = ""
        if request.method == "POST":
            booking = appointments.find_scanned(request.POST.get("code", ""))
            if booking is None:
                error = _("No booking has this code. Please ask at reception.")
            else:
                try:
                    visit = appointments.check_in(booking, site=site)
                except appointments.BookingRefused as refused:
                    error = refused.message
                else:
                    return redirect(
                        "hall:kiosk_ticket", site_id=site.pk, token=token, visit=visit.token
                    )
        context = {"site": site, "token": token, "language": language, "error": error}
        return render(request, "hall/kiosk_check_in.html", context, status=400 if error else 200)


def kiosk_ticket(request: HttpRequest, site_id: int, token: str, visit: str) -> HttpResponse:
    site = _site_by_token(site_id, token, kiosk_token)
    found = get_object_or_404(Visit, token=visit, day__site=site)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    with override(found.language):
        return render(
            request, "hall/kiosk_ticket.html", _ticket_context(request, found, site, token)
        )


def _ticket_context(request: HttpRequest, visit: Visit, site: Site, token: str) -> dict[str, Any]:
    status_url = request.build_absolute_uri(reverse("hall:status", args=[visit.token]))
    steps = visit.steps.select_related("service").order_by("order")
    return {
        "visit": visit,
        "site": site,
        "token": token,
        "qr": segno.make(status_url, error="m").svg_inline(scale=5, title=""),
        "route": [step.service.name for step in steps],
        "status_url": status_url,
    }


# --- Interpreters ------------------------------------------------------------------------------


def _interpreter_of(request: HttpRequest) -> Interpreter | HttpResponse:
    """The interpreter signed in to this account, or the answer for anyone else."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = Interpreter.objects.filter(user=request.user).first()
    if found is None:
        raise PermissionDenied
    return found


def interpreter(request: HttpRequest) -> HttpResponse:
    """An interpreter's page: sign in at a site, see where they are needed, sign off."""
    found = _interpreter_of(request)
    if isinstance(found, HttpResponse):
        return found
    session = services.open_interpreting(found)
    if request.method == "POST":
        try:
            if session is None:
                chosen = request.POST.get("site", "")
                if not (chosen.isdigit() and len(chosen) < 10):
                    raise Http404
                site = get_object_or_404(Site, pk=int(chosen))
                services.interpreter_sign_in(interpreter=found, site=site)
            else:
                services.interpreter_sign_off(session)
        except services.HallRefused as refused:
            messages.error(request, refused.message)
        return redirect("hall:interpreter")
    context: dict[str, Any] = {
        "interpreter": found,
        "session": session,
        "step": services.current_interpreting(session) if session else None,
        "sites": Site.objects.with_desks(),
    }
    template = (
        "hall/_interpreter_state.html" if _wants_fragment(request) else "hall/interpreter.html"
    )
    return render(request, template, context)
