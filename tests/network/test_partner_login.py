"""A partner organisation's login: a desk officer of the partner's own agency, which has no
legal basis in the centre. It sees a person only where their consent names the partner, and a
case only once a referral to the partner gives it a part; everything else is refused and
recorded like any agency's refusal."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.cases import services as cases
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import Agency
from tests.conftest import _staff, in_english
from tests.consents import consent
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture
def partner(agencies):
    agency = Agency.objects.create(
        code="beratung", name="Migrationsberatung", kind="partner", controller_name="Caritas"
    )
    client = Client()
    client.force_login(_staff("berater", agency, [Role.DESK_OFFICER]))
    return agency, client


def test_a_partner_sees_no_one_without_their_consent(partner, agencies):
    agency, client = partner
    person = make_person(family_name="Koval", given_names="Olena", consented=False)
    consent(person, agencies["jobcenter"])  # the house, not the partner
    page = reverse("people:detail", kwargs={"person_id": person.pk})
    assert client.get(page).status_code == 403
    assert AuditEntry.objects.filter(action="refused", person_ref=person.pk).exists()
    found = client.get(reverse("people:search"), {"q": "Koval"}).content.decode()
    assert "Olena" not in found
    consent(person, agency, categories=["identity"])
    assert client.get(page).status_code == 200


def test_a_referral_to_the_partner_gives_it_the_case(partner, personas, agencies):
    agency, client = partner
    person = make_person(family_name="Koval", given_names="Olena", consented=False)
    consent(person, agencies["jobcenter"], agency, categories=["identity", "benefits"])
    case, _new = cases.open_case(
        user=personas["jobcenter_officer"], person_id=person.pk, data={"title": "Schulden"}
    )
    detail = reverse("cases:detail", kwargs={"case_id": case.pk})
    assert client.get(detail).status_code == 403  # no part in the case yet
    cases.refer(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        data={"to_agency": agency, "categories": ["identity"], "kind": "share"},
    )
    home = client.get(reverse("core:home")).content.decode()
    assert "Schulden" in home  # the referral waits on the partner's start page
    assert client.get(detail).status_code == 200
