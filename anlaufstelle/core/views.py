from typing import cast

from django.contrib import messages
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import PasswordChangeView
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from anlaufstelle.cases.services import work_list
from anlaufstelle.core.forms import KernFormMixin
from anlaufstelle.core.http import start_page
from anlaufstelle.core.permissions import has_role, require_account
from anlaufstelle.core.roles import FILE_WRITERS


def welcome(request: HttpRequest) -> HttpResponse:
    """The public start page for visitors, in their language."""
    return render(request, "core/welcome.html")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Every 400 (a NUL character, too many fields, a malformed upload): a page of the site in
    the user's language instead of Django's bare one, and no link back to the same request."""
    if not hasattr(request, "user"):
        # Refused before the authentication middleware ran (a host name not served here).
        request.user = AnonymousUser()
    request.not_to_reopen = True  # type: ignore[attr-defined]
    return render(request, "400.html", {"back_url": start_page(request)}, status=400)


@require_account
def home(request: HttpRequest) -> HttpResponse:
    """The overview of everyone with a role, and of interpreters (whose accounts have none):
    with the officer's tasks and the referrals waiting for their agency."""
    work = work_list(request.user) if has_role(request.user, *FILE_WRITERS) else None
    return render(request, "core/home.html", {"work": work})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class _PasswordChangeForm(KernFormMixin, PasswordChangeForm):
    pass


class _PasswordChange(PasswordChangeView):
    form_class = _PasswordChangeForm
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


_password_change = _PasswordChange.as_view()


@require_account
def password_change(request: HttpRequest) -> HttpResponse:
    """Every signed-in member of staff changes their own password and stays signed in."""
    # The view answers with its page or a redirect; the stubs only promise the base class.
    return cast(HttpResponse, _password_change(request))
