import time
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from anlaufstelle.audit import unusual
from anlaufstelle.audit.forms import AuditFilterForm
from anlaufstelle.audit.log import LogFilter, read_log
from anlaufstelle.audit.services import verify
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role


@require_roles(Role.DATA_PROTECTION)
def log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    # A filter that cannot be read shows its message and no entries, never the unfiltered log
    # as if it were the answer.
    if form.is_bound and not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "log": None})
    wanted = form.log_filter() if form.is_bound else LogFilter()
    log_page = read_log(user=request.user, wanted=wanted, page_number=request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "log": log_page})


@require_roles(Role.DATA_PROTECTION)
@require_safe
def unusual_access(request: HttpRequest) -> HttpResponse:
    """Who was paused for listing the registry, and who is close to the limit now."""
    context = {
        "paused": unusual.paused(),
        "refused": unusual.refused_by_the_decision(),
        "night": unusual.at_night(),
        "outside": unusual.outside_their_work(),
        "outside_threshold": settings.UNUSUAL_PEOPLE_OUTSIDE_WORK,
        "night_hours": settings.UNUSUAL_NIGHT_HOURS,
        "close": unusual.close_to_the_limit(),
        "days": unusual.DAYS,
        "people_per_hour": settings.PEOPLE_PER_HOUR,
        "short_per_hour": settings.SHORT_SEARCHES_PER_HOUR,
    }
    return render(request, "audit/unusual.html", context)


@require_roles(Role.DATA_PROTECTION)
@require_safe
def verify_chain(request: HttpRequest) -> HttpResponse:
    """The audit chain checked end to end, as `anlaufstelle audit verify` checks it, with the
    checkpoints kept outside the database: on the data-protection officer's demand, since a
    long trail takes a while."""
    started = time.monotonic()
    result = verify(checkpoint_files=[Path(settings.AUDIT_CHECKPOINT_FILE)])
    seconds = time.monotonic() - started
    return render(request, "audit/verify.html", {"result": result, "seconds": seconds})
