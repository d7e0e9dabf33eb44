"""The outbox for staff: what waits, what failed and why, what was sent; a failed mail can be
sent again. Showing the addresses is a read of contact data and is recorded."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail

PAGE_SIZE = 50
KEEPERS = (Role.COORDINATOR, Role.ADMINISTRATOR)


@require_roles(*KEEPERS)
def mails(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    # Given up first, then waiting, then sent; newest first within each.
    order = Case(
        When(state=Mail.State.FAILED, then=Value(0)),
        When(state=Mail.State.QUEUED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    rows = Mail.objects.annotate(order=order).order_by("order", "-created", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    record(
        actor=Actor.from_user(request.user),
        action=Action.READ,
        purpose=Purpose.ADMINISTRATION.value,
        categories=[Category.CONTACT],
        detail={"outbox page": page.number, "addresses shown": len(page.object_list)},
    )
    counts = {
        "failed": Mail.objects.filter(state=Mail.State.FAILED).count(),
        "queued": Mail.objects.filter(state=Mail.State.QUEUED).count(),
    }
    return render(request, "outbox/mails.html", {"page": page, "counts": counts})


@require_roles(*KEEPERS)
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(Mail, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.retry(mail)
    messages.success(request, _("The e-mail is queued again."))
    return redirect("outbox:mails")
