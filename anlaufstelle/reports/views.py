"""The crisis staff's report: figures, charts with their tables, CSV and spreadsheet export, and
a page that prints as the day's report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.reports import export, services
from anlaufstelle.reports.forms import ReportForm

READERS = (Role.COORDINATOR, Role.ADMINISTRATOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_roles(*READERS)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or {})
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form}, status=400)
    data = form.cleaned_data
    wanted = request.GET.get("format", "")
    wanted = wanted if wanted in ("csv", "xlsx") else ""
    found = services.report(
        user=request.user, start=data["start"], end=data["end"], sites=data["sites"], export=wanted
    )
    name = f"anlaufstelle-{found.start.isoformat()}-{found.end.isoformat()}"
    if wanted == "csv":
        response = HttpResponse(export.as_csv(found), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if wanted == "xlsx":
        response = HttpResponse(export.as_xlsx(found), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    context = {"form": form, "report": found, "query": query.urlencode()}
    return render(request, "reports/report.html", context)
