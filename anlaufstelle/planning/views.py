"""The coordinator's capacity-planning page: compare the dispatch policies on a day and plan
the staff for it. Each view checks the role, calls one service and renders; the page works
without JavaScript, and with htmx the planner answers with its own fragment."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from anlaufstelle.core.http import post_only
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.planning import services
from anlaufstelle.planning.forms import DayForm, PlanForm, UploadForm

PLANNERS = (Role.COORDINATOR, Role.ADMINISTRATOR)
PAGE = "planning/index.html"
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
    form = PlanForm(request.POST, request.FILES)
    key = request.POST.get("day")
    outcome = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            _loaded, outcome = services.plan_for_page(
                session=request.session,
                key=data["day"],
                headcount=data["headcount"],
                target_p90=data["target_p90"],
                upload=data.get("day_file"),
            )
        except services.PlanningError as exc:
            form.add_error(None, exc.message)
    if _wants_fragment(request):
        response = render(request, PLANNER_FRAGMENT, _planner_context(request, key, form, outcome))
    else:
        page = services.planning_page(session=request.session, key=key)
        response = render(
            request, PAGE, _page_context(request, page, plan_form=form, outcome=outcome)
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_roles(*PLANNERS)
@post_only(form="planning:index")
def download(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.plan_download(
                session=request.session,
                key=data["day"],
                headcount=data["headcount"],
                target_p90=data["target_p90"],
                upload=data.get("day_file"),
            )
        except services.PlanningError as exc:
            form.add_error(None, exc.message)
        else:
            response = JsonResponse(
                result.data, json_dumps_params={"indent": 1, "ensure_ascii": False}
            )
            response["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=result.filename
            )
            return response
    page = services.planning_page(session=request.session, key=request.POST.get("day"))
    return render(request, PAGE, _page_context(request, page, plan_form=form), status=400)
