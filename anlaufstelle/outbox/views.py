"""The outbox for staff: what waits, what failed and why, what was sent; a failed mail can be
sent again. Showing the addresses is a read of contact data and is recorded (services.listing)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail

# The page shows every recipient's address: those who run the centre, not the desks.
KEEPERS = (Role.COORDINATOR, Role.ADMINISTRATOR)


@require_roles(*KEEPERS)
@require_safe
def mails(request: HttpRequest) -> HttpResponse:
    listing = services.listing(user=request.user, page_number=request.GET.get("page"))
    return render(request, "outbox/mails.html", {"listing": listing, "page": listing.page})


@require_roles(*KEEPERS)
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    # Not found before not allowed: a mail that does not exist is 404 whatever the method.
    mail = get_object_or_404(Mail, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if services.retry(mail, request.user):
        messages.success(request, _("The e-mail is queued again."))
    else:
        messages.info(request, _("The e-mail was not given up (any more): nothing to do."))
    return redirect("outbox:mails")
