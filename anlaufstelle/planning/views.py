"""The coordinator's capacity-planning page: compare the dispatch policies on a day and plan
the staff for it. Each view checks the role, calls one service and renders; the page works
without JavaScript, and with htmx the planner answers with its own fragment."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from anlaufstelle.core.http import post_only
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.planning import jobs, services
from anlaufstelle.planning.forms import DayForm, PlanForm, UploadForm
from anlaufstelle.planning.models import PlanningJob

PLANNERS = (Role.COORDINATOR, Role.ADMINISTRATOR)
PAGE = "planning/index.html"
JOB_PAGE = "planning/job.html"
PLANNER_FRAGMENT = "planning/_planner.html"


def _planner_context(
    request: HttpRequest, key: str | None, form: PlanForm, outcome: Any = None
) -> dict[str, Any]:
    return {
        "plan_form": form,
        "outcome": outcome,
        "needs_file": services.needs_day_file(session=request.session, key=key),
    }


def _page_context(
    request: HttpRequest,
    page: services.Page,
    *,
    upload_form: UploadForm | None = None,
    plan_form: PlanForm | None = None,
    outcome: Any = None,
) -> dict[str, Any]:
    selected = page.selected
    key = selected.key if selected else None
    if plan_form is None:
        headcount = services.default_headcount(selected.day) if selected else None
        plan_form = PlanForm(initial={"day": key, "headcount": headcount})
    return {
        "page": page,
        "selected": selected,
        "comparison": page.comparison,
        "day_form": DayForm(initial={"day": key}, choices=page.choices),
        "upload_form": upload_form or UploadForm(initial={"day": key}),
        **_planner_context(request, key, plan_form, outcome),
    }


def _wants_fragment(request: HttpRequest) -> bool:
    # A history restore needs the whole page back, not the fragment it once pushed.
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


@require_roles(*PLANNERS)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    page = services.planning_page(session=request.session, key=request.GET.get("day"))
    return render(request, PAGE, _page_context(request, page))


@require_roles(*PLANNERS)
@post_only(form="planning:index")
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    day_file = form.cleaned_data["day_file"] if form.is_valid() else None
    page = services.planning_page(
        session=request.session, key=request.POST.get("day"), upload=day_file
    )
    if page.upload_error:
        form.add_error("day_file", page.upload_error)
    elif day_file is not None and page.selected is not None:
        if page.selected.kept:
            return redirect(f"{reverse('planning:index')}?day={services.UPLOAD_KEY}")
        # Too large for the session: shown this once, from this request's file.
        form = UploadForm(initial={"day": services.UPLOAD_KEY})
    return render(request, PAGE, _page_context(request, page, upload_form=form))


@require_roles(*PLANNERS)
@post_only(form="planning:index")
def plan(request: HttpRequest) -> HttpResponse:
    """Queue the planner for the chosen day and show its progress (planning/jobs.py)."""
    form = PlanForm(request.POST, request.FILES)
    key = request.POST.get("day")
    if form.is_valid():
        data = form.cleaned_data
        try:
            job = jobs.submit(
                user=request.user,
                session=request.session,
                key=data["day"],
                headcount=data["headcount"],
                target_p90=data["target_p90"],
                upload=data.get("day_file"),
            )
        except services.PlanningError as exc:
            form.add_error(None, exc.message)
        else:
            if _wants_fragment(request):
                response = _planner_response(request, _job_context(request, job))
                # The address bar shows the job's page: a reload or a bookmark finds it again.
                response["HX-Push-Url"] = reverse("planning:job", kwargs={"job_id": job.pk})
                return response
            return redirect("planning:job", job_id=job.pk)
    if _wants_fragment(request):
        return _planner_response(request, _planner_context(request, key, form))
    page = services.planning_page(session=request.session, key=key)
    response = render(request, PAGE, _page_context(request, page, plan_form=form))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _planner_response(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    response = render(request, PLANNER_FRAGMENT, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _job_context(request: HttpRequest, job: PlanningJob) -> dict[str, Any]:
    # The form of a job's page plans the job's own day again: an upload too large for the
    # session need not come along a second time.
    form = PlanForm(
        {
            "day": jobs.day_key_of(job),
            "headcount": job.headcount,
            "target_p90": "" if job.target_p90 is None else repr(job.target_p90),
        }
    )
    if form.is_valid() and job.error:
        form.add_error(None, job.error)
    outcome = None
    if job.state == PlanningJob.State.DONE and job.outcome:
        outcome = services.outcome_from_json(job.outcome)
    return {
        **_planner_context(request, jobs.day_key_of(job), form, outcome),
        "job": job,
    }


def _found(request: HttpRequest, job_id: uuid.UUID) -> PlanningJob:
    # Looked up before the method is checked: a job that does not exist is not found, whatever
    # is asked of it.
    found = jobs.job_for(request.user, job_id)
    if found is None:
        raise Http404
    return found


@require_roles(*PLANNERS)
def job(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """A planning job: its progress while it runs (the planner fragment polls this address),
    then its proposal on the page of its day."""
    found = _found(request, job_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if jobs.waiting_without_runner(found):
        jobs.launch()
    context = _job_context(request, found)
    if _wants_fragment(request):
        return _planner_response(request, context)
    page = services.planning_page(
        session=request.session, key=found.day_key, loaded=services.job_day(found)
    )
    response = render(
        request,
        JOB_PAGE,
        {**_page_context(request, page, plan_form=context["plan_form"]), **context},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_roles(*PLANNERS)
def job_download(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The job's proposal in the day format, as a file."""
    found = _found(request, job_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if found.state != PlanningJob.State.DONE or not found.outcome:
        raise Http404
    outcome = services.outcome_from_json(found.outcome)
    response = JsonResponse(
        outcome.download(), json_dumps_params={"indent": 1, "ensure_ascii": False}
    )
    filename = services.plan_filename(
        str(found.day.get("name") or ""), found.day_key, found.headcount
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
