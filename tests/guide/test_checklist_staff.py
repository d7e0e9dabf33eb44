"""A person's checklist for staff: their open concerns, in their language, read through the
access decision and recorded in the audit trail; the address handed out names no one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.appointments.models import Booking
from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.guide import checklist
from anlaufstelle.organisation.models import Desk, Site
from anlaufstelle.people.models import Person
from tests.consents import consent


@pytest.fixture
def site(agencies, services):
    site = Site.objects.create(name="Ankunftszentrum Test", address="Hauptstraße 1")
    for number, agency, room in (("1", "reception", "Foyer"), ("2", "foreigners", "Raum 2")):
        desk = Desk.objects.create(site=site, number=number, room=room)
        desk.agencies.add(agencies[agency])
    return site


@pytest.fixture
def person(agencies):
    person = Person.objects.create(
        family_name="Koval",
        given_names="Olena",
        sex="f",
        languages=["ti", "uk", "de"],
        registered_by=agencies["reception"],
    )
    consent(person)
    return person


@pytest.fixture
def booked(person, site, services):
    start = (timezone.localtime() + timedelta(days=2)).replace(hour=10, minute=0)
    booking = Booking.objects.create(
        site=site, start=start, end=start + timedelta(minutes=10), language="uk",
        channel="reception", state=Booking.State.BOOKED, person=person,
    )  # fmt: skip
    booking.steps.create(service=services["residence"], order=0, start=start)
    return booking


def url(person) -> str:
    return reverse("guide:checklist_person", args=[person.pk])


def test_reception_sees_the_persons_open_concerns_in_their_language(
    client_for, person, booked, site
):
    before = AuditEntry.objects.filter(person_ref=person.pk, action=Action.READ).count()
    response = client_for("reception").get(url(person))
    assert response.status_code == 200
    html = response.content.decode()
    # The person's first language the product speaks: Ukrainian (Tigrinya it does not).
    assert '<div lang="uk" dir="ltr">' in html
    # Residence needs registration first, at this site; the names the services have (no
    # Ukrainian name given: German, as everywhere).
    shown = html.split('id="checklist-heading"')[1]
    assert shown.index("Anmeldung") < shown.index("Aufenthaltstitel")
    assert "Raum 2" in html
    reads = AuditEntry.objects.filter(person_ref=person.pk, action=Action.READ)
    assert reads.count() == before + 1
    entry = reads.order_by("-pk").first()
    assert entry.detail["for"] == "checklist"
    assert entry.username == "rezeption"
    # The address handed out carries the concerns, not the person.
    public = html.split('href="http://testserver/guide/uk/checklist/k/')[1].split('"')[0]
    asked = checklist.read_token(public.rstrip("/"))
    assert asked.codes == ["residence"] and asked.site == site


def test_staff_choose_other_concerns_and_language(client_for, person, booked, site):
    response = client_for("foreigners_officer").get(
        url(person), {"site": site.pk, "services": ["registration"], "lang": "ar"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div lang="ar" dir="rtl">' in html
    assert "Aufenthaltstitel" not in html.split('id="checklist-heading"')[1]


def test_an_unknown_service_is_a_form_error(client_for, person, site):
    response = client_for("reception").get(
        url(person), {"site": site.pk, "services": ["no-such"], "lang": "uk"}
    )
    assert response.status_code == 400
    assert 'id="checklist-heading"' not in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "administrator", "data_protection", "outsider"])
def test_roles_without_visitors_are_refused_and_nothing_is_read(client_for, person, persona):
    before = AuditEntry.objects.filter(person_ref=person.pk, action=Action.READ).count()
    assert client_for(persona).get(url(person)).status_code == 403
    assert AuditEntry.objects.filter(person_ref=person.pk, action=Action.READ).count() == before


def test_anonymous_visitors_are_sent_to_the_login(person):
    response = Client().get(url(person))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_access_decision_refuses_an_agency_without_consent_or_basis(client_for, agencies):
    stranger = Person.objects.create(
        family_name="Bondar", given_names="Iryna", sex="f", registered_by=agencies["reception"]
    )
    response = client_for("jobcenter_officer").get(url(stranger))
    assert response.status_code == 403
    refusals = AuditEntry.objects.filter(person_ref=stranger.pk, action=Action.REFUSED)
    assert refusals.exists()


def test_a_missing_person_is_not_found(client_for, db):
    assert (
        client_for("reception").get(reverse("guide:checklist_person", args=[999_999])).status_code
        == 404
    )
