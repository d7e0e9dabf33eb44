"""The Django admin of the organisation: lists open, and the service form refuses cycles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from anlaufstelle.organisation.forms import ServiceAdminForm, StaffMemberAdminForm
from anlaufstelle.organisation.models import Desk, Interpreter, Service, Site


@pytest.fixture
def admin_client_(db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x-secret-123")
    client = Client()
    client.force_login(user)
    return client


def _form_data(service: Service, prerequisites: list[Service]) -> dict:
    return {
        "code": service.code,
        "leika_key": service.leika_key,
        "agency": service.agency_id,
        "names": json.dumps(service.names),
        "descriptions": "{}",
        "prerequisites": [p.pk for p in prerequisites],
        "typical_minutes": "6",
        "per_person_factor": "0.5",
        "required_documents": '["passport"]',
        "active": "on",
    }


@pytest.mark.parametrize(
    "model", ["site", "agency", "service", "desk", "staffmember", "interpreter"]
)
def test_every_changelist_opens(admin_client_, services, personas, model):
    site = Site.objects.create(name="Messe")
    Desk.objects.create(site=site, number="A01")
    Interpreter.objects.create(name="Ahmad Karimi", kind="volunteer", languages=["fa", "prs"])
    response = admin_client_.get(reverse(f"admin:organisation_{model}_changelist"))
    assert response.status_code == 200


def test_service_change_form_opens(admin_client_, services):
    url = reverse("admin:organisation_service_change", args=[services["residence"].pk])
    assert admin_client_.get(url).status_code == 200


def test_form_refuses_a_service_requiring_itself(services):
    residence = services["residence"]
    form = ServiceAdminForm(_form_data(residence, [residence]), instance=residence)
    assert not form.is_valid()
    assert "nicht ihre eigene Voraussetzung" in form.errors["prerequisites"][0]


def test_form_refuses_a_cycle(services):
    registration = services["registration"]
    form = ServiceAdminForm(
        _form_data(registration, [services["residence"]]), instance=registration
    )
    assert not form.is_valid()
    assert "bilden einen Kreis" in form.errors["prerequisites"][0]


def test_admin_post_with_a_cycle_changes_nothing(admin_client_, services):
    registration = services["registration"]
    url = reverse("admin:organisation_service_change", args=[registration.pk])
    response = admin_client_.post(url, _form_data(registration, [services["residence"]]))
    assert response.status_code == 200  # the form again, with the error
    assert "bilden einen Kreis" in response.content.decode()
    assert not registration.prerequisites.exists()


def test_admin_post_without_a_cycle_saves(admin_client_, services, agencies):
    bank = Service.objects.create(
        code="bank",
        leika_key="99900002000000",
        agency=agencies["city"],
        names={"de": "Konto"},
        typical_minutes=6,
    )
    url = reverse("admin:organisation_service_change", args=[bank.pk])
    response = admin_client_.post(url, _form_data(bank, [services["registration"]]))
    assert response.status_code == 302
    assert list(bank.prerequisites.all()) == [services["registration"]]


def test_staff_form_takes_roles_and_languages_as_choices(personas, agencies):
    member = personas["coordinator"].staff_member
    form = StaffMemberAdminForm(
        {
            "user": member.user_id,
            "agency": agencies["city"].pk,
            "roles": ["coordinator", "administrator"],
            "languages": ["de", "uk"],
        },
        instance=member,
    )
    assert form.is_valid(), form.errors
    form.save()
    member.refresh_from_db()
    assert member.roles == ["coordinator", "administrator"]
    assert member.languages == ["de", "uk"]


def test_staff_form_refuses_unknown_role(personas, agencies):
    member = personas["coordinator"].staff_member
    form = StaffMemberAdminForm(
        {"user": member.user_id, "agency": agencies["city"].pk, "roles": ["pope"]},
        instance=member,
    )
    assert not form.is_valid()
    assert "roles" in form.errors


def test_staff_choose_a_services_pictogram_and_an_unknown_one_is_refused(services):
    residence = services["residence"]
    form = ServiceAdminForm(
        {**_form_data(residence, []), "pictogram": "residence"}, instance=residence
    )
    assert form.is_valid(), form.errors
    form.save()
    residence.refresh_from_db()
    assert residence.pictogram_path == "organisation/pictograms/residence.svg"
    form = ServiceAdminForm(
        {**_form_data(residence, []), "pictogram": "rocket"}, instance=residence
    )
    assert not form.is_valid() and "rocket" in form.errors["pictogram"][0]
    residence.refresh_from_db()
    assert residence.pictogram == "residence"


def test_every_pictogram_staff_can_choose_has_its_picture():
    from django.contrib.staticfiles import finders

    from anlaufstelle.organisation.models import DEFAULT_PICTOGRAM, PICTOGRAMS

    for name in [code for code, _label in PICTOGRAMS] + [DEFAULT_PICTOGRAM]:
        svg = finders.find(f"organisation/pictograms/{name}.svg")
        assert svg and "<svg" in Path(svg).read_text(encoding="utf-8"), name
