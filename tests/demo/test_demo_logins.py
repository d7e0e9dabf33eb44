"""Every role has a demo login that signs in through the real form with the printed password."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import StaffMember


def _printed_logins(run_demo) -> dict[str, str]:
    """username → password, read from the table that `--print-logins` prints."""
    output = run_demo("--print-logins")
    rows = re.findall(r"^  ([a-z][\w.]*)\s{2,}(\S+)\s{2,}", output, flags=re.MULTILINE)
    return {username: password for username, password in rows if username != "username"}


def test_every_printed_login_signs_in_with_the_printed_password(demo, run_demo):
    logins = _printed_logins(run_demo)
    assert len(logins) >= 10
    for username, password in logins.items():
        client = Client()
        response = client.post(reverse("core:login"), {"username": username, "password": password})
        assert response.status_code == 302, username
        assert response.url == reverse("core:home")
        assert client.get(reverse("core:home")).status_code == 200


def test_every_role_has_a_printed_login(demo, run_demo):
    logins = _printed_logins(run_demo)
    roles = set()
    for member in StaffMember.objects.filter(user__username__in=logins):
        roles.update(member.roles)
    assert roles == set(Role.values)


def test_every_agency_of_the_story_has_a_desk_officer(demo):
    officers = StaffMember.objects.filter(roles__icontains=Role.DESK_OFFICER)
    agencies = set(officers.values_list("agency__code", flat=True))
    assert {
        "buergerservice",
        "auslaenderbehoerde",
        "sozialamt",
        "jobcenter",
        "arbeitsagentur",
        "jugendamt",
        "lasub",
        "sparkasse",
        "wohnungsverwaltung",
    } <= agencies
    assert all(member.skills.exists() for member in officers)
    assert all(member.languages for member in officers)
    # A partner organisation's adviser serves no desk of the hall: a role of its own.
    advisers = StaffMember.objects.filter(roles__icontains=Role.PARTNER)
    assert set(advisers.values_list("agency__kind", flat=True)) == {"partner"}
    assert not officers.filter(agency__kind="partner").exists()


def test_the_administrator_can_use_the_django_admin(demo, run_demo):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert Role.ADMINISTRATOR in admin.staff_member.roles
    client = Client()
    client.post(
        reverse("core:login"), {"username": "admin", "password": _printed_logins(run_demo)["admin"]}
    )
    assert client.get(reverse("admin:organisation_service_changelist")).status_code == 200


def test_the_demo_password_passes_the_validators(demo, run_demo):
    password = _printed_logins(run_demo)["rezeption"]
    validate_password(password, get_user_model().objects.get(username="rezeption"))
    assert len(password) >= 10


def test_a_demo_server_can_set_its_own_password(monkeypatch, db, run_demo):
    monkeypatch.setenv("ANLAUFSTELLE_DEMO_PASSWORD", "Quiet-Harbour-4471")
    run_demo("--people", "3")
    assert _printed_logins(run_demo)["abh"] == "Quiet-Harbour-4471"
    response = Client().post(
        reverse("core:login"), {"username": "abh", "password": "Quiet-Harbour-4471"}
    )
    assert response.status_code == 302


def test_a_weak_demo_password_is_refused(monkeypatch, db, run_demo):
    monkeypatch.setenv("ANLAUFSTELLE_DEMO_PASSWORD", "12345")
    with pytest.raises(CommandError):
        run_demo("--people", "3")
    assert not StaffMember.objects.exists()
