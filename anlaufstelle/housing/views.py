"""The housing desk's pages: accommodations with their beds, the vacancy overview, the waiting
list with proposals and allocation, and a person's placement with move-out. Access and audit
are the services' (housing/services.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from anlaufstelle.core.forms import add_service_errors
from anlaufstelle.core.http import post_only
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.housing import services
from anlaufstelle.housing.forms import (
    AllocateForm,
    FindForm,
    MoveOutForm,
    RangeForm,
    WaitingForm,
)

View = Callable[..., HttpResponse]


def housing_desks(view: View) -> View:
    """Desk officers of a housing agency; anyone else refused (and recorded) before anything
    is looked up or the method checked."""

    @require_roles(Role.DESK_OFFICER)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        match = request.resolver_match
        services.desk(request.user, what=(match.url_name if match else None) or "housing")
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404 from None

    return wrapped


@housing_desks
@require_safe
def accommodations(request: HttpRequest) -> HttpResponse:
    rows = services.accommodations(user=request.user)
    return render(request, "housing/accommodations.html", {"rows": rows})


@housing_desks
@require_safe
def accommodation(request: HttpRequest, accommodation_id: int) -> HttpResponse:
    place, beds = services.accommodation_page(user=request.user, accommodation_id=accommodation_id)
    figures = services.occupancy(accommodation=place)[0]
    context = {"place": place, "beds": beds, "figures": figures}
    return render(request, "housing/accommodation.html", context)


def vacancy_viewers(view: View) -> View:
    """Coordinators and housing desks; other desks refused (and recorded) before the method is
    checked."""

    @require_roles(Role.DESK_OFFICER, Role.COORDINATOR)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.refuse_unless_vacancies(request.user)
        return view(request, *args, **kwargs)

    return wrapped


@vacancy_viewers
@require_safe
def vacancies(request: HttpRequest) -> HttpResponse:
    rows = services.vacancies(user=request.user)
    form = RangeForm(request.GET or None)
    days: list[services.Day] = []
    spans: list[services.Span] = []
    status = 200
    if not form.is_bound or form.is_valid():
        start, end = form.days()
        days, spans = services.occupancy_span(start=start, end=end)
    else:
        status = 400
    context = {
        "rows": rows[:-1],
        "total": rows[-1],
        "form": form,
        "days": days,
        "spans": spans,
        "desk": services.housing_agency(request.user) is not None,
    }
    return render(request, "housing/vacancies.html", context, status=status)


@housing_desks
@require_safe
def waiting(request: HttpRequest) -> HttpResponse:
    find = FindForm(request.GET or None)
    if find.is_bound and find.is_valid():
        return redirect("housing:person", person_id=find.cleaned_data["person"])
    listed = services.waiting_list(user=request.user)
    status = 400 if find.is_bound else 200
    return render(request, "housing/waiting.html", {"listed": listed, "find": find}, status=status)


def _propose_page(
    request: HttpRequest, waiting_id: int, form: AllocateForm | None = None, status: int = 200
) -> HttpResponse:
    split = request.GET.get("split") == "1" or bool(form and form.data.get("split"))
    entry, people, found = services.proposal_page(
        user=request.user, entry_id=waiting_id, split=split
    )
    context = {
        "entry": entry,
        "people": people,
        "proposals": found,
        "split": split,
        "form": form or AllocateForm(),
    }
    return render(request, "housing/propose.html", context, status=status)


@housing_desks
@require_safe
def propose(request: HttpRequest, waiting_id: int) -> HttpResponse:
    return _propose_page(request, waiting_id)


@housing_desks
@post_only(form="housing:waiting")
def allocate(request: HttpRequest, waiting_id: int) -> HttpResponse:
    form = AllocateForm(request.POST)
    if not form.is_valid():
        return _propose_page(request, waiting_id, form, status=400)
    try:
        placed = services.allocate(
            user=request.user,
            entry_id=waiting_id,
            bed_ids=form.cleaned_data["beds"],
            split=form.cleaned_data["split"],
        )
    except services.NotAvailable as refused:
        form.add_error(None, str(refused.message))
        return _propose_page(request, waiting_id, form, status=409)
    messages.success(
        request,
        _("Moved in: %(n)s people in %(place)s.")
        % {
            "n": len(placed),
            "place": ", ".join(sorted({p.bed.room.accommodation.name for p in placed})),
        },
    )
    return redirect("housing:person", person_id=placed[0].person_id)


@housing_desks
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    form = WaitingForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = dict(form.cleaned_data)
            submission = data.pop("submission")
            try:
                _entry, new = services.add_waiting(
                    user=request.user, person_id=person_id, data=data, submission=submission
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Put on the waiting list.")
                    if new
                    else _("This form had been sent already: the entry was made once."),
                )
                return redirect("housing:person", person_id=person_id)
        status = 400
    page = services.placement_page(user=request.user, person_id=person_id)
    context = {
        "page": page,
        "form": form,
        "move_out": MoveOutForm(initial={"on": timezone.localdate()}),
        "waiting_now": [w for w in page.waiting if w.status == "waiting"],
    }
    return render(request, "housing/person.html", context, status=status)


@housing_desks
@post_only(form="housing:waiting")
def withdraw(request: HttpRequest, waiting_id: int) -> HttpResponse:
    withdrawn, person_id = services.withdraw(user=request.user, entry_id=waiting_id)
    if withdrawn:
        messages.success(request, _("Taken off the waiting list."))
    else:
        messages.info(request, _("This entry was no longer waiting."))
    return redirect("housing:person", person_id=person_id)


@housing_desks
@post_only(form="housing:accommodations")
def move_out(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = services.placement_of(user=request.user, placement_id=placement_id)
    form = MoveOutForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("on", []):
            messages.error(request, str(error))
        return redirect("housing:person", person_id=placement.person_id)
    try:
        moved = services.move_out(
            user=request.user, placement_id=placement_id, on=form.cleaned_data["on"]
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("housing:person", person_id=placement.person_id)
    if moved:
        messages.success(request, _("Moved out: the bed is free."))
    else:
        messages.info(request, _("This placement had ended already."))
    return redirect("housing:person", person_id=placement.person_id)
