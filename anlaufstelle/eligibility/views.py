"""The screening for the foreigners authority, a person's perspectives, the facts it records
and the rules in force. Access and audit are the services' (eligibility/services.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import PERSON_READERS, Role
from anlaufstelle.eligibility import present, reasons, services
from anlaufstelle.eligibility.forms import RecordedFactsForm, ScreeningForm
from anlaufstelle.people.models import Person
from anlaufstelle.people.services.base import EditConflict
from anlaufstelle.people.views import SAVED_MEANWHILE


def _titles() -> dict[str, str]:
    return {rule.id: reasons.title(rule.id, rule.title) for rule in services.rules().rules}


def screeners_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Desks of the foreigners authority; anyone else refused (and recorded) before anything
    is looked up or the method checked."""

    @require_roles(Role.DESK_OFFICER)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.refuse_unless_screener(request.user)
        return view(request, *args, **kwargs)

    return wrapped


@screeners_only
@require_safe
def screening(request: HttpRequest) -> HttpResponse:
    titles = _titles()
    form = ScreeningForm(request.GET or None, titles=titles)
    result = None
    if not form.is_bound or form.is_valid():
        day = form.day() if form.is_bound else timezone.localdate()
        rule = form.cleaned_data.get("rule") if form.is_bound else None
        result = services.screen(request.user, on=day, rule=rule or None)
    rows = [
        {"row": row, "results": [present.shown(r, titles) for r in row.results]}
        for row in (result.rows if result else [])
    ]
    context = {"form": form, "result": result, "rows": rows, "titles": titles}
    return render(request, "eligibility/screening.html", context)


@require_roles(*PERSON_READERS)
def perspectives(request: HttpRequest, person_id: int) -> HttpResponse:
    # Not found before not allowed: a person who does not exist is 404 whatever the method.
    person = get_object_or_404(Person, pk=person_id, merged_into=None)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    day = timezone.localdate()
    results = services.perspectives(request.user, person, on=day)
    context = {
        "person": person,
        "on": day,
        "results": [present.shown(r, _titles()) for r in results],
        "may_record": services.may_screen(request.user),
    }
    return render(request, "eligibility/perspectives.html", context)


@screeners_only
def facts(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id, merged_into=None)
    stored = services.facts_for_edit(request.user, person)
    form = RecordedFactsForm(request.POST or None, instance=stored)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.record_facts(
                user=request.user,
                person=person,
                data=form.edit_data(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            messages.error(request, SAVED_MEANWHILE)
            form = form.showing_conflict(conflict.stored)
            status = 409
        else:
            messages.success(request, _("The facts have been saved."))
            return redirect("eligibility:perspectives", person_id=person.pk)
    elif request.method == "POST":
        status = 400
    context = {"person": person, "form": form}
    return render(request, "eligibility/facts.html", context, status=status)


@require_roles(Role.DESK_OFFICER, Role.COORDINATOR, Role.DATA_PROTECTION, Role.ADMINISTRATOR)
@require_safe
def rules(request: HttpRequest) -> HttpResponse:
    ruleset = services.rules()
    context = {"ruleset": ruleset, "titles": _titles()}
    return render(request, "eligibility/rules.html", context)
