from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation import services
from anlaufstelle.organisation.models import Service

ORGANISATION_READERS = (Role.COORDINATOR, Role.ADMINISTRATOR)


@require_roles(*ORGANISATION_READERS)
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "organisation/overview.html", {"overview": services.overview()})


@require_roles(*ORGANISATION_READERS)
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        service = services.service_detail(code)
    except Service.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "organisation/service_detail.html", {"service": service})
