"""The screening for the foreigners authority, a person's perspectives, the facts it records
and the rules in force. Access and audit are the services' (eligibility/services.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import FILE_READERS, Role
from anlaufstelle.eligibility import present, reasons, services
from anlaufstelle.eligibility.forms import ConvictionForm, RecordedFactsForm, ScreeningForm
from anlaufstelle.people.forms import ConfirmForm
from anlaufstelle.people.models import Person
from anlaufstelle.people.services.base import EditConflict
from anlaufstelle.people.views import SAVED_MEANWHILE, entry_rows


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


@require_roles(*FILE_READERS)
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
    convictions = services.convictions_for_edit(person)
    form = RecordedFactsForm(request.POST or None, instance=stored, convictions=len(convictions))
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
    context = {"person": person, "form": form, "convictions": convictions}
    return render(request, "eligibility/facts.html", context, status=status)


def _convictions_url(person: Person) -> str:
    return reverse("eligibility:facts", kwargs={"person_id": person.pk}) + "#convictions"


def _to_convictions(person: Person) -> HttpResponse:
    return redirect(_convictions_url(person))


def _conviction_page(person: Person, title: str, **extra: Any) -> dict[str, Any]:
    return {"person": person, "title": title, "back_url": _convictions_url(person), **extra}


@screeners_only
def conviction_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id, merged_into=None)
    services.facts_for_edit(request.user, person)  # decided and recorded like the facts page
    form = ConvictionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        submission = data.pop("submission")
        _row, new = services.add_conviction(
            user=request.user, person=person, data=data, submission=submission
        )
        messages.success(
            request,
            _("The conviction has been recorded.")
            if new
            else _("This form had been sent already: the conviction was recorded once."),
        )
        return _to_convictions(person)
    context = _conviction_page(person, _("Record a conviction"), form=form)
    status = 400 if request.method == "POST" else 200
    return render(request, "people/entry_form.html", context, status=status)


@screeners_only
def conviction_delete(request: HttpRequest, person_id: int, conviction_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id, merged_into=None)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if services.delete_conviction(
            user=request.user, person=person, conviction_id=conviction_id
        ):
            messages.success(request, _("The conviction has been removed."))
        else:
            messages.info(request, _("This conviction had been removed already."))
        return _to_convictions(person)
    # Decided (and recorded) before the conviction is read, as the facts page is.
    services.facts_for_edit(request.user, person)
    conviction = next(
        (c for c in services.convictions_for_edit(person) if c.pk == conviction_id), None
    )
    if conviction is None:
        raise Http404
    context = _conviction_page(
        person,
        _("Remove a conviction"),
        rows=entry_rows(conviction),
        form=ConfirmForm(),
    )
    return render(request, "people/entry_delete.html", context)


@require_roles(Role.DESK_OFFICER, Role.COORDINATOR, Role.DATA_PROTECTION, Role.ADMINISTRATOR)
@require_safe
def rules(request: HttpRequest) -> HttpResponse:
    ruleset = services.rules()
    context = {"ruleset": ruleset, "titles": _titles()}
    return render(request, "eligibility/rules.html", context)
