"""Screens of the second factor: the login's code step, and the page where staff set it up or
turn it off. The workflow is in twofactor.py; these views check input and render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from anlaufstelle.core.permissions import require_account
from anlaufstelle.organisation import twofactor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=9,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "kern-form-input__input",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        # Apps show the code in two groups ("123 456"): a typed space is no mistake.
        code = str(self.cleaned_data["code"]).replace(" ", "")
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("The code has six digits."))
        return code


class TwoStepLogin(LoginView):
    """Django's login; an account with a second factor is not signed in by its password but
    waits for the code (core:login_code)."""

    template_name = "core/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if twofactor.device_of(user) is None:
            return super().form_valid(form)
        twofactor.begin_pending(self.request, user, self.get_success_url())
        return redirect("core:login_code")


login = TwoStepLogin.as_view()


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's login is the same two-step login: no way around the second factor."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('core:login')}?{urlencode({'next': target})}")


def login_code(request: HttpRequest) -> HttpResponse:
    pending = twofactor.pending(request)
    if pending is None:
        messages.info(request, _("Please sign in again."))
        return redirect("core:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = twofactor.device_of(user) if user is not None else None
    if user is None or device is None:
        request.session.pop(twofactor.PENDING, None)
        return redirect("core:login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        problem = twofactor.code_problem(device, form.cleaned_data["code"])
        if problem is None:
            request.session.pop(twofactor.PENDING, None)
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"])
        if problem == twofactor.NOT_RIGHT and twofactor.count_wrong_code(
            request, pending, user.get_username()
        ):
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("core:login")
        form.add_error("code", problem)
    return render(request, "organisation/login_code.html", {"form": form})


@require_account
def second_factor(request: HttpRequest) -> HttpResponse:
    """Set up the second factor (scan, then confirm with a code), or turn it off with a code
    unless one's role requires it."""
    user = request.user
    device = twofactor.device_of(user)
    required = twofactor.required_for(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if device is None:
        setting_up = twofactor.new_device(user)
        if form.is_bound and form.is_valid():
            problem = twofactor.confirm(setting_up, form.cleaned_data["code"])
            if problem is None:
                otp_login(request, setting_up)
                messages.success(request, _("Two-step sign-in is on."))
                return redirect("organisation:second_factor")
            form.add_error("code", problem)
        return render(
            request,
            "organisation/second_factor.html",
            {
                "form": form,
                "required": required,
                "qr": twofactor.qr_svg(setting_up),
                "secret": twofactor.secret_text(setting_up),
            },
        )
    if form.is_bound and not required and form.is_valid():
        problem = twofactor.code_problem(device, form.cleaned_data["code"])
        if problem is None:
            twofactor.remove(user)
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("organisation:second_factor")
        form.add_error("code", problem)
    return render(
        request,
        "organisation/second_factor.html",
        {"form": form, "required": required, "device": device},
    )
