from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from anlaufstelle.audit.forms import AuditFilterForm
from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role


@require_roles(Role.DATA_PROTECTION)
def log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.order_by("-seq")
    if form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "page": page})
