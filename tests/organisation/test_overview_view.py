"""The organisation overview: coordinators and administrators only, everything in one page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from anlaufstelle.organisation.models import Desk, Interpreter, Site

URL = reverse("organisation:overview")


@pytest.fixture
def organisation(services, agencies, personas):
    site = Site.objects.create(name="Ankommenszentrum Messe")
    popup = Site.objects.create(name="Pop-up Hauptbahnhof", is_popup=True)
    for number in ("A01", "A02"):
        desk = Desk.objects.create(site=site, number=number)
        desk.agencies.add(agencies["foreigners"])
    Desk.objects.create(site=popup, number="X01")
    Interpreter.objects.create(name="Olena Tkachenko", kind="employed", languages=["uk", "ru"])
    agencies["foreigners"].legal_basis = {"de": "§ 86 AufenthG", "en": "Section 86 AufenthG"}
    agencies["foreigners"].save()
    personas["foreigners_officer"].staff_member.skills.add(services["residence"])
    return site


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_coordinator_and_administrator_see_the_organisation(client_for, organisation, persona):
    response = client_for(persona).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Ankommenszentrum Messe",
        "Ausländerbehörde",
        "Jobcenter",
        "Aufenthaltstitel",  # the service name in German, the default language
        "99010003000000",
        "Olena Tkachenko",
        "Anton Amt",
        "§ 86 AufenthG",
    ):
        assert text in body, text
    assert reverse("organisation:service", kwargs={"code": "residence"}) in body


def test_legal_basis_and_service_names_follow_the_language(client_for, organisation):
    client = client_for("coordinator")
    client.cookies["django_language"] = "en"
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Section 86 AufenthG" in body
    assert "Residence permit" in body
    # The jobcenter has only a German legal basis: shown as the fallback.
    assert "Art. 6 Abs. 1 lit. e DSGVO" in body


def test_desks_are_counted_per_site(client_for, organisation):
    response = client_for("coordinator").get(URL)
    sites = {site.name: site.desk_count for site in response.context["overview"].sites}
    assert sites == {"Ankommenszentrum Messe": 2, "Pop-up Hauptbahnhof": 1}


def test_query_count_does_not_grow_with_the_organisation(
    client_for, organisation, services, django_assert_max_num_queries
):
    client = client_for("administrator")
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    for n in range(10):
        Interpreter.objects.create(name=f"Volunteer {n}", kind="volunteer", languages=["ar"])
        desk = Desk.objects.create(site=organisation, number=f"Z{n:02d}")
        desk.agencies.add(services["residence"].agency)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)
