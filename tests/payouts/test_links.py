"""The way to the payouts: the person's page and the start page lead the paying desks there,
and the coordinator to the transfer files; no one else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import in_english
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)


def test_the_person_page_leads_a_housing_desk_to_the_housing_page(client, agencies, personas):
    from anlaufstelle.organisation.models import Agency, StaffMember

    housing = Agency.objects.create(
        code="wohnen", name="Wohnungsverwaltung", kind="housing", controller_name="Stadt"
    )
    officer = personas["jobcenter_officer"]
    StaffMember.objects.filter(user=officer).update(agency=housing)
    person = make_person(family_name="Koval", given_names="Olena")
    client.force_login(officer)
    page = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))
    assert reverse("housing:person", kwargs={"person_id": person.pk}) in page.content.decode()


def test_the_person_page_leads_the_jobcenter_to_the_payouts(client_for, agencies):
    person = make_person(family_name="Koval", given_names="Olena")
    link = reverse("payouts:person", kwargs={"person_id": person.pk})
    detail = reverse("people:detail", kwargs={"person_id": person.pk})
    assert link in client_for("jobcenter_officer").get(detail).content.decode()
    assert link not in client_for("reception").get(detail).content.decode()


@pytest.mark.parametrize(
    ("persona", "queue", "runs"),
    [
        ("jobcenter_officer", True, True),
        ("coordinator", False, True),
        ("reception", False, False),
        ("foreigners_officer", False, False),
    ],
)
def test_the_start_page_card(client_for, persona, queue, runs):
    page = client_for(persona).get(reverse("core:home")).content.decode()
    assert (reverse("payouts:queue") in page) is queue
    assert (reverse("payouts:runs") in page) is runs
