"""The second factor of a sign-in: a one-time code from an authenticator app (TOTP, RFC 6238,
with django-otp's device, throttling and replay protection).

Optional for every member of staff, required for the roles in ``TWO_FACTOR_REQUIRED_ROLES``.
A password alone never signs in an account that has a second factor: the login keeps the
account *pending* in the session (not signed in) until the code is right. An administrator who
lost their phone is helped by another administrator, who removes the second factor in the
admin; no one removes their own that way. Setting up, turning off and removing are recorded in
the audit trail as changes of rights, on every path (model signals).
"""

from __future__ import annotations

import logging
import time
from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from anlaufstelle.core.permissions import roles_of
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.rights import record_account_change

security = logging.getLogger("anlaufstelle.security")

PENDING = "second_factor_pending"
# A pending sign-in lasts this long and allows this many wrong codes; then the password again.
PENDING_SECONDS = 300
MAX_WRONG_CODES = 5
DEVICE_NAME = "authenticator app"
# What an account that must set up its second factor may still open.
OPEN_WHILE_SETTING_UP = frozenset(
    {
        "organisation:second_factor",
        "core:logout",
        "core:login",
        "core:login_code",
        "core:healthz",
        "core:session_alive",
        "core:welcome",
        "set_language",
    }
)


def device_of(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False) and not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=confirmed).first()


def required_for(user: Any) -> bool:
    return bool(roles_of(user) & set(settings.TWO_FACTOR_REQUIRED_ROLES))


def needs_setup(user: Any) -> bool:
    return required_for(user) and device_of(user) is None


def new_device(user: Any) -> TOTPDevice:
    """The device being set up (unconfirmed until its first right code): one per account, so
    reloading the page shows the same key as the app already scanned."""
    device = device_of(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The key as a QR code, inline SVG (no image request, nothing for the CSP to allow)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, title=""))


WAIT = gettext_lazy("Too many wrong codes: wait a few seconds, then try again.")
NOT_RIGHT = gettext_lazy("This code is not right. Take the code your app shows now.")


def code_problem(device: TOTPDevice, token: str) -> str | None:
    """None for a right code (used up by that: a code is good once); otherwise what to say.
    After a wrong code the next is checked only after a wait that doubles with each wrong one
    (django-otp's throttling), so guessing takes far longer than a code lives."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return str(WAIT)
    return None if device.verify_token(token) else str(NOT_RIGHT)


def confirm(device: TOTPDevice, token: str) -> str | None:
    """The first right code turns the second factor on (other devices of the account go);
    otherwise what to say about the code."""
    problem = code_problem(device, token)
    if problem is not None:
        return problem
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    return None


def remove(user: Any) -> int:
    return int(TOTPDevice.objects.filter(user_id=user.pk).delete()[0])


# --- The pending sign-in -------------------------------------------------------------------


def begin_pending(request: HttpRequest, user: Any, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0]),
        "since": time.time(),
        "next": next_url,
        "wrong": 0,
    }


def pending(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(PENDING)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("since", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return data


def count_wrong_code(request: HttpRequest, data: dict[str, Any], username: str) -> bool:
    """Count a wrong code; True when the pending sign-in has had enough and ends."""
    data["wrong"] = int(data.get("wrong", 0)) + 1
    security.warning("wrong second-factor code for %s (%d)", username, data["wrong"])
    if data["wrong"] >= MAX_WRONG_CODES:
        request.session.pop(PENDING, None)
        security.warning(
            "second-factor sign-in of %s ended after %d wrong codes", username, MAX_WRONG_CODES
        )
        return True
    request.session[PENDING] = data
    return False


# --- Every request -------------------------------------------------------------------------


class SecondFactorMiddleware:
    """After django-otp's middleware: a session signed in without the code its account needs
    (e.g. before the second factor was set up, or by a path other than the login) is signed out;
    an account that must set one up can open nothing else until it has."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            verified = getattr(user, "is_verified", lambda: False)()
            if not verified and device_of(user) is not None:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if (
                not verified
                and required_for(user)
                and _view_name(request) not in OPEN_WHILE_SETTING_UP
            ):
                return redirect("organisation:second_factor")
        return self.get_response(request)


def _view_name(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


# --- Audit ---------------------------------------------------------------------------------


def _before(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    old = TOTPDevice.objects.filter(pk=instance.pk).values_list("confirmed", flat=True).first()
    instance._was_confirmed = bool(old)


def _after(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    if instance.confirmed and not getattr(instance, "_was_confirmed", False):
        record_account_change(instance.user, "second factor set up")


def _deleted(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    if instance.confirmed:
        record_account_change(instance.user, "second factor removed")


def connect() -> None:
    unknown = set(settings.TWO_FACTOR_REQUIRED_ROLES) - set(Role.values)
    if unknown:
        raise ImproperlyConfigured(
            f"TWO_FACTOR_REQUIRED_ROLES names no role: {', '.join(sorted(unknown))} "
            f"(roles: {', '.join(Role.values)})"
        )
    pre_save.connect(_before, sender=TOTPDevice, dispatch_uid="second_factor_before")
    post_save.connect(_after, sender=TOTPDevice, dispatch_uid="second_factor_after")
    post_delete.connect(_deleted, sender=TOTPDevice, dispatch_uid="second_factor_deleted")
