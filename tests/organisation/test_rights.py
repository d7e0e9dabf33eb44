"""Roles and rights: every change is in the audit trail, whichever way it is made, and an
administrator never gives themselves a sensitive role alone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.core.actor import _current
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import RightsRequest, StaffMember
from anlaufstelle.organisation.rights import SelfGrantRefused

pytestmark = pytest.mark.django_db


def _rights(**filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=Action.RIGHTS, **filters).order_by("seq"))


@pytest.fixture
def admins(agencies, password):
    """Two administrators with the Django admin, as a centre has them."""
    made = {}
    for name in ("ada", "bert"):
        user = get_user_model().objects.create_user(
            username=name, password=password, is_staff=True, is_superuser=True
        )
        StaffMember.objects.create(
            user=user, agency=agencies["city"], roles=[Role.ADMINISTRATOR], languages=["de"]
        )
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        made[name] = (user, client)
    return made


def _admin_post(client: Client, staff: StaffMember, roles: list[str]):
    return client.post(
        reverse("admin:organisation_staffmember_change", args=[staff.pk]),
        {
            "user": staff.user_id,
            "agency": staff.agency_id,
            "roles": roles,
            "skills": [s.pk for s in staff.skills.all()],
            "languages": staff.languages,
        },
        follow=True,
    )


def test_creating_staff_is_recorded_with_its_roles(admins):
    ada, _client = admins["ada"]
    [entry] = _rights(detail__account=ada.pk, detail__what="staff member created")
    assert entry.detail["changes"]["roles"] == [[], ["administrator"]]
    assert entry.username == "system"  # set up outside a request: the system acted
    assert entry.purpose == "administration"


def test_changing_anothers_roles_in_the_admin_is_recorded_as_the_admin(admins, personas):
    ada, client = admins["ada"]
    officer = personas["foreigners_officer"].staff_member
    response = _admin_post(client, officer, [Role.DESK_OFFICER, Role.RECEPTION])
    assert response.status_code == 200
    officer.refresh_from_db()
    assert sorted(officer.roles) == ["desk_officer", "reception"]
    [entry] = _rights(detail__account=officer.user_id, detail__what="staff member changed")
    assert entry.username == "ada"
    assert entry.detail["changes"] == {"roles": [["desk_officer"], ["desk_officer", "reception"]]}


def test_giving_oneself_the_data_protection_role_waits_for_a_second_admin(admins):
    ada, client = admins["ada"]
    own = ada.staff_member
    response = _admin_post(client, own, [Role.ADMINISTRATOR, Role.DATA_PROTECTION])
    assert "wait for a second administrator" in response.content.decode()
    own.refresh_from_db()
    assert own.roles == ["administrator"]
    request = RightsRequest.objects.get()
    assert request.status == "pending" and request.requested_by == ada
    assert request.roles == ["administrator", "data_protection"]
    assert _rights(detail__what="request for roles asked")[0].username == "ada"

    # Ada cannot decide her own request.
    decide = reverse("organisation:decide_rights", args=[request.pk])
    page = client.post(decide, {"decision": "confirm"}, follow=True).content.decode()
    assert "A second administrator must decide on this request, not you." in page
    own.refresh_from_db()
    assert own.roles == ["administrator"]

    # Bert sees it waiting and confirms it.
    bert, bert_client = admins["bert"]
    page = bert_client.get(reverse("organisation:rights_requests")).content.decode()
    assert "Waiting for a decision" in page and "Data-protection officer" in page
    bert_client.post(decide, {"decision": "confirm"})
    own.refresh_from_db()
    assert own.roles == ["administrator", "data_protection"]
    request.refresh_from_db()
    assert request.status == "confirmed" and request.decided_by == bert
    confirmed = _rights(detail__what="request for roles confirmed")
    assert confirmed[0].username == "bert"
    [applied] = _rights(detail__account=ada.pk, detail__what="staff member changed")
    assert applied.username == "bert"
    assert applied.detail["changes"]["roles"] == [
        ["administrator"],
        ["administrator", "data_protection"],
    ]
    # Decided once: a second decision is refused.
    page = bert_client.post(decide, {"decision": "reject"}, follow=True).content.decode()
    assert "This request has been decided already." in page


def test_a_rejected_request_changes_nothing(admins):
    ada, client = admins["ada"]
    _admin_post(client, ada.staff_member, [Role.ADMINISTRATOR, Role.DESK_OFFICER])
    request = RightsRequest.objects.get()
    _bert, bert_client = admins["bert"]
    bert_client.post(
        reverse("organisation:decide_rights", args=[request.pk]), {"decision": "reject"}
    )
    ada.staff_member.refresh_from_db()
    assert ada.staff_member.roles == ["administrator"]
    assert RightsRequest.objects.get().status == "rejected"
    assert _rights(detail__what="request for roles rejected")[0].username == "bert"


def test_a_self_grant_outside_the_admin_is_refused_at_the_model(admins):
    ada, _client = admins["ada"]
    token = _current.set(ada)
    try:
        staff = StaffMember.objects.get(user=ada)
        staff.roles = [Role.ADMINISTRATOR, Role.DATA_PROTECTION]
        with pytest.raises(SelfGrantRefused):
            staff.save()
    finally:
        _current.reset(token)
    assert StaffMember.objects.get(user=ada).roles == ["administrator"]


def test_one_cannot_make_oneself_superuser_in_the_user_admin(agencies, password):
    carla = get_user_model().objects.create_user(username="carla", password=password, is_staff=True)
    carla.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_user", "view_user"])
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(carla)
    response = client.post(
        reverse("admin:auth_user_change", args=[carla.pk]),
        {
            "username": "carla",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 200
    assert "No one can give themselves these rights alone." in response.content.decode()
    carla.refresh_from_db()
    assert not carla.is_superuser
    assert not _rights(username="carla")


def test_flags_groups_skills_and_removal_are_recorded(admins, personas, services):
    ada, client = admins["ada"]
    officer = personas["jobcenter_officer"]
    client.post(
        reverse("admin:auth_user_change", args=[officer.pk]),
        {
            "username": officer.username,
            "is_active": "",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "10:00:00",
        },
    )
    [flags] = _rights(detail__account=officer.pk, detail__what="account changed")
    assert flags.username == "ada" and flags.detail["changes"] == {"is_active": [True, False]}
    officer.staff_member.skills.add(services["residence"])
    [skills] = _rights(detail__account=officer.pk, detail__what="staff member changed")
    assert skills.detail["changes"] == {"skills added": [services["residence"].pk]}
    officer.staff_member.delete()
    assert _rights(detail__account=officer.pk, detail__what="staff member removed")


def test_the_officers_log_filters_changes_of_rights(admins, client_for):
    page = client_for("data_protection").get(
        reverse("audit:log"), {"action": "rights"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "change of rights" in html and "Administration of accounts and rights" in html


def test_signing_in_records_nothing_about_rights(admins, password):
    before = len(_rights())
    response = Client().post(reverse("core:login"), {"username": "ada", "password": password})
    assert response.status_code == 302
    assert len(_rights()) == before
