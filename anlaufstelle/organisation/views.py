from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation import rights, services
from anlaufstelle.organisation.models import RightsRequest, Service

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


@require_roles(Role.ADMINISTRATOR)
@require_safe
def rights_requests(request: HttpRequest) -> HttpResponse:
    """Roles administrators asked to give themselves, for a second administrator to decide."""
    requests = RightsRequest.objects.select_related(
        "staff__user", "staff__agency", "requested_by", "decided_by"
    )
    return render(
        request,
        "organisation/rights_requests.html",
        {
            "pending": requests.filter(status=RightsRequest.Status.PENDING),
            "decided": requests.exclude(status=RightsRequest.Status.PENDING)[:20],
        },
    )


@require_roles(Role.ADMINISTRATOR)
def decide_rights(request: HttpRequest, request_id: int) -> HttpResponse:
    if not RightsRequest.objects.filter(pk=request_id).exists():
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    confirm = request.POST.get("decision") == "confirm"
    try:
        rights.decide(request_id, request.user, confirm=confirm)
    except rights.RequestRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The roles were given.") if confirm else _("The request was rejected.")
        )
    return redirect("organisation:rights_requests")
