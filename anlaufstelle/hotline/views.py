"""The hotline: the call log with its open call backs, a call's page (link to a person, a task
in their case, call back done), and the figures per hour and topic. Access and audit are the
services' (hotline/services.py)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from anlaufstelle.core.forms import add_service_errors
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.hotline import services
from anlaufstelle.hotline.forms import CallForm, FiguresForm, LinkForm, TaskForm
from anlaufstelle.hotline.models import Call, Topic

# Who answers the phone: the guides at reception and the desks.
CALL_TAKERS = (Role.RECEPTION, Role.DESK_OFFICER)
# Who staffs the lines: the figures name no one.
PLANNERS = (Role.COORDINATOR, Role.ADMINISTRATOR, *CALL_TAKERS)


@require_roles(*CALL_TAKERS)
@require_http_methods(["GET", "POST"])
def calls(request: HttpRequest) -> HttpResponse:
    form = CallForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = dict(form.cleaned_data)
            submission = data.pop("submission")
            try:
                call, new = services.log_call(user=request.user, data=data, submission=submission)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The call has been logged.")
                    if new
                    else _("This form had been sent already: the call was logged once."),
                )
                return redirect("hotline:calls")
        status = 400
    context = {
        "form": form,
        "today": services.today_calls(),
        "callbacks": services.open_callbacks(),
    }
    return render(request, "hotline/calls.html", context, status=status)


def _call_page(
    request: HttpRequest,
    call: Call,
    status: int = 200,
    found: services.Linked | None = None,
    **forms: object,
) -> HttpResponse:
    # Whom the call concerns is read (and recorded) once per request.
    found = found or services.linked(user=request.user, call=call)
    context = {
        "call": call,
        "linked": found,
        "link_form": forms.get("link_form") or LinkForm(),
        "task_form": forms.get("task_form") or TaskForm(cases=found.cases),
    }
    return render(request, "hotline/call.html", context, status=status)


@require_roles(*CALL_TAKERS)
def call(request: HttpRequest, call_id: int) -> HttpResponse:
    # Not found before not allowed: a call that does not exist is 404 whatever the method.
    stored = get_object_or_404(Call, pk=call_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _call_page(request, stored)


@require_roles(*CALL_TAKERS)
def link(request: HttpRequest, call_id: int) -> HttpResponse:
    # A person the call-taker may not see is refused by the access decision (403, recorded by
    # privacy/middleware.py), as any read of that person would be.
    stored = get_object_or_404(Call, pk=call_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.link_person(
                user=request.user, call_id=stored.pk, person_id=form.cleaned_data["person"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The call is linked to the person's record."))
            return redirect("hotline:call", call_id=stored.pk)
    return _call_page(request, stored, 400, link_form=form)


@require_roles(*CALL_TAKERS)
def task(request: HttpRequest, call_id: int) -> HttpResponse:
    stored = get_object_or_404(Call, pk=call_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = services.linked(user=request.user, call=stored)
    form = TaskForm(request.POST, cases=found.cases)
    if form.is_valid():
        try:
            services.add_task(
                user=request.user,
                call_id=stored.pk,
                case_id=form.cleaned_data["case"],
                title=form.cleaned_data["title"],
                due=form.cleaned_data["due"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The task has been added to the case."))
            return redirect("hotline:call", call_id=stored.pk)
    return _call_page(request, stored, 400, found, task_form=form)


@require_roles(*CALL_TAKERS)
def callback_done(request: HttpRequest, call_id: int) -> HttpResponse:
    stored = get_object_or_404(Call, pk=call_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if services.callback_done(call_id=stored.pk):
        messages.success(request, _("The call back is done; its number has been deleted."))
    else:
        messages.info(request, _("This call back had been done already."))
    return redirect("hotline:calls")


@require_roles(*PLANNERS)
@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    form = FiguresForm(request.GET or {})
    found = None
    if form.is_valid():
        data = form.cleaned_data
        found = services.figures(start=data["start"], end=data["end"], line=data["line"])
        if request.GET.get("format") == "csv":
            return _csv(found)
    status = 200 if found is not None else 400
    context = {"form": form, "figures": found, "topics": Topic.choices}
    return render(request, "hotline/figures.html", context, status=status)


def _csv(found: services.Figures) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"hotline-{found.start.isoformat()}-{found.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([_("hour"), *[str(label) for _v, label in Topic.choices], _("all topics")])
    writer.writerows(found.table())
    return response
