"""Two-step sign-in: a code from an authenticator app after the password. Codes are computed
here as an app computes them (RFC 6238 over the device's key)."""

from __future__ import annotations

import logging
import re
import time

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.organisation import twofactor

pytestmark = pytest.mark.django_db
PAGE = reverse("organisation:second_factor")
LOGIN = reverse("core:login")
CODE = reverse("core:login_code")
HOME = reverse("core:home")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def code_of(device: TOTPDevice, later: int = 0) -> str:
    """What the app shows ``later`` seconds from now (it knows nothing of the server's drift)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = time.time() + later
    return f"{totp.token():06d}"


def switched_on(user) -> TOTPDevice:
    device = twofactor.new_device(user)
    assert twofactor.confirm(device, code_of(device)) is None
    device.refresh_from_db()
    return device


def rights_entries(what: str) -> list[AuditEntry]:
    return [
        e for e in AuditEntry.objects.filter(action=Action.RIGHTS) if e.detail.get("what") == what
    ]


def sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password, "next": HOME})


def test_setting_it_up_shows_a_qr_code_and_the_key_and_needs_a_right_code(client_for, personas):
    client = client_for("coordinator")
    page = client.get(PAGE).content.decode()
    assert "<svg" in page and 'autocomplete="one-time-code"' in page
    device = TOTPDevice.objects.get(user=personas["coordinator"], confirmed=False)
    key = re.search(r'class="second-factor-key">([A-Z2-7 ]+)<', page).group(1)
    assert key.replace(" ", "") == twofactor.b32encode(device.bin_key).decode()
    # Reloading shows the same key: the app may have scanned it already.
    assert key in client.get(PAGE).content.decode()
    wrong = client.post(PAGE, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert "This code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    hurried = client.post(PAGE, {"code": code_of(device, later=30)})
    assert "wait a few seconds" in hurried.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # the wait is over
    right = client.post(PAGE, {"code": code_of(device, later=30)})
    assert right.status_code == 302
    assert TOTPDevice.objects.get(user=personas["coordinator"]).confirmed
    assert "Two-step sign-in is on" in client.get(PAGE).content.decode()
    [entry] = rights_entries("second factor set up")
    assert (
        entry.username == "koordination" and entry.detail["account"] == personas["coordinator"].pk
    )


@pytest.mark.parametrize("typed", ["12345", "1234567", "abcdef", "١٢٣٤٥٦", ""])
def test_a_code_that_is_not_six_digits_is_said_so(client_for, typed):
    response = client_for("coordinator").post(PAGE, {"code": typed})
    assert response.status_code == 200
    errors = response.context["form"].errors["code"]
    assert errors in (["The code has six digits."], ["This field is required."])


def test_a_password_alone_no_longer_signs_in(client, personas, password):
    switched_on(personas["coordinator"])
    response = sign_in(client, "koordination", password)
    assert response.status_code == 302 and response.url == CODE
    assert "_auth_user_id" not in client.session
    assert client.get(HOME).url.startswith(LOGIN)
    # The code step is the page asking for the code.
    assert "Code from your authenticator app" in client.get(CODE).content.decode()


def test_the_right_code_signs_in_and_goes_where_the_user_was_going(client, personas, password):
    device = switched_on(personas["coordinator"])
    sign_in(client, "koordination", password)
    response = client.post(CODE, {"code": code_of(device, later=30)})
    assert response.status_code == 302 and response.url == HOME
    assert client.get(HOME).status_code == 200
    # Typed with the space apps show in the middle, a code is as good.
    other = Client()
    sign_in(other, "koordination", password)
    spaced = code_of(device, later=60)
    assert other.post(CODE, {"code": f"{spaced[:3]} {spaced[3:]}"}).url == HOME


def test_a_code_is_good_once(client, personas, password):
    device = switched_on(personas["coordinator"])
    code = code_of(device, later=30)
    sign_in(client, "koordination", password)
    assert client.post(CODE, {"code": code}).url == HOME
    thief = Client()
    sign_in(thief, "koordination", password)
    replay = thief.post(CODE, {"code": code})
    assert replay.status_code == 200 and "_auth_user_id" not in thief.session


def test_wrong_codes_are_throttled_then_end_the_sign_in(client, personas, password, caplog):
    device = switched_on(personas["coordinator"])
    sign_in(client, "koordination", password)
    first = client.post(CODE, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert "This code is not right" in first.content.decode()
    # Right after a wrong code even the right one waits: guessing is slowed down.
    hurried = client.post(CODE, {"code": code_of(device, later=30)})
    assert "Too many wrong codes: wait a few seconds" in hurried.content.decode()
    assert "_auth_user_id" not in client.session
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    with caplog.at_level(logging.WARNING, logger="anlaufstelle.security"):
        for _ in range(twofactor.MAX_WRONG_CODES - 1):
            TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
            last = client.post(
                CODE, {"code": "999999" if code_of(device) != "999999" else "888888"}
            )
    assert last.status_code == 302 and last.url == LOGIN
    assert twofactor.PENDING not in client.session
    assert "ended after 5 wrong codes" in caplog.text
    assert client.get(CODE).url == LOGIN


def test_a_pending_sign_in_expires(client, personas, password):
    device = switched_on(personas["coordinator"])
    sign_in(client, "koordination", password)
    session = client.session
    session[twofactor.PENDING]["since"] -= twofactor.PENDING_SECONDS + 1
    session.save()
    response = client.post(CODE, {"code": code_of(device, later=30)})
    assert response.url == LOGIN and "_auth_user_id" not in client.session


def test_a_session_signed_in_without_the_code_is_signed_out(client_for, personas):
    client = client_for("coordinator")  # signed in by password only, as before the set-up
    switched_on(personas["coordinator"])
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_turning_it_off_needs_a_code_and_is_recorded(client, personas, password):
    device = switched_on(personas["coordinator"])
    sign_in(client, "koordination", password)
    client.post(CODE, {"code": code_of(device, later=30)})
    device.refresh_from_db()
    response = client.post(PAGE, {"code": code_of(device, later=60)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert len(rights_entries("second factor removed")) == 1
    # Signing in is one step again.
    assert sign_in(Client(), "koordination", password).url == HOME


def test_a_required_role_must_set_it_up_first_and_cannot_turn_it_off(
    client_for, personas, settings
):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["administrator"]
    client = client_for("administrator")
    for page in (HOME, reverse("organisation:rights_requests"), "/admin/"):
        assert client.get(page).url == PAGE, page
    assert "Your role requires two-step sign-in" in client.get(PAGE).content.decode()
    device = TOTPDevice.objects.get(user=personas["administrator"])
    client.post(PAGE, {"code": code_of(device, later=30)})
    assert client.get(HOME).status_code == 200
    page = client.get(PAGE).content.decode()
    assert "cannot be turned off" in page and "Turn two-step sign-in off" not in page
    device.refresh_from_db()
    client.post(PAGE, {"code": code_of(device, later=60)})
    assert TOTPDevice.objects.filter(user=personas["administrator"], confirmed=True).exists()
    # Other roles are not asked.
    assert client_for("coordinator").get(HOME).status_code == 200


def test_another_administrator_removes_a_lost_second_factor_and_it_is_recorded(
    client_for, personas
):
    from tests.conftest import _staff

    lost = switched_on(personas["coordinator"])
    second = _staff("admin2", personas["administrator"].staff_member.agency, ["administrator"])
    second.is_staff = second.is_superuser = True
    second.save()
    helper = client_for("administrator")
    helper.force_login(second)
    changelist = reverse("admin:auth_user_changelist")
    response = helper.post(
        changelist,
        {"action": "remove_second_factor", "_selected_action": [personas["coordinator"].pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    [entry] = rights_entries("second factor removed")
    assert entry.username == "admin2" and entry.detail["username"] == "koordination"


def test_no_one_removes_their_own_second_factor_in_the_admin(client_for, personas):
    admin_user = personas["administrator"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    own = switched_on(admin_user)
    client = Client()
    client.force_login(admin_user)
    session = client.session
    session["otp_device_id"] = own.persistent_id  # signed in with the code, as django-otp marks it
    session.save()
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "remove_second_factor", "_selected_action": [admin_user.pk]},
        follow=True,
    )
    assert "ask another administrator" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=own.pk).exists()


def test_the_admin_signs_in_through_the_two_step_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response.url == f"{LOGIN}?next=%2Fadmin%2F"


def test_nobody_reads_a_second_factors_key_in_the_admin():
    assert not admin.site.is_registered(TOTPDevice)
