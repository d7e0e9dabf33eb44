"""A desk forwards the visitor to another agency's service and refers their case with it: the
referral names what is passed and on which basis, and carries the hall's step; without a basis
the visitor is still forwarded and the desk is told why the case was not referred."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from anlaufstelle.cases import services as cases
from anlaufstelle.cases.models import Referral
from anlaufstelle.hall import services
from anlaufstelle.hall.models import DeskSession, Visit
from anlaufstelle.organisation.models import Desk, Service
from anlaufstelle.people.models import Person
from tests.consents import consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_the_desk(client_for, personas, site, desks, officers, agencies):
    """Olena at the foreigners authority's desk, with a case it leads, a jobcenter service
    offered at the site."""
    Service.objects.create(
        code="basic_income",
        agency=agencies["jobcenter"],
        names={"de": "Grundsicherung", "en": "Basic income"},
        typical_minutes=5,
    )
    Desk.objects.create(site=site, number="9").agencies.add(agencies["jobcenter"])
    olena = Person.objects.create(
        family_name="Koval",
        given_names="Olena",
        birth_date=date(1990, 5, 1),
        registered_by=agencies["reception"],
    )
    client_for("reception").post(
        reverse("hall:reception"),
        {"site": site.pk, "concerns": ["residence"], "language": "en", "party_size": 1,
         "person": olena.pk},
    )  # fmt: skip
    visit = Visit.objects.get()
    assert visit.person_id == olena.pk
    helper = get_user_model().objects.create_user(username="reg-officer", password="x" * 12)
    services.sign_in(user=helper, desk=desks["1"], skills=["registration"])
    reg = DeskSession.objects.get(desk=desks["1"])
    services.call_next(reg)
    services.came(reg)
    services.done(reg)
    officer = client_for("foreigners_officer")
    officer.post(reverse("hall:desk"), {"desk": desks["3"].pk, "skills": ["residence"]})
    officer.post(reverse("hall:desk_action", args=["next"]))
    officer.post(reverse("hall:desk_action", args=["came"]))
    case, _new = cases.open_case(
        user=personas["foreigners_officer"], person_id=olena.pk, data={"title": "Aufenthalt"}
    )
    return officer, case, visit


def test_the_desk_shows_the_case_and_forwards_it_with_a_referral(at_the_desk, agencies):
    officer, case, visit = at_the_desk
    consent(case.person, agencies["jobcenter"], categories=["contact"])
    console = officer.get(reverse("hall:desk")).content.decode()
    assert "Aufenthalt" in console and "Refer the case to the agency" in console
    officer.post(
        reverse("hall:desk_action", args=["forward"]),
        {"services": ["basic_income"], "note": "Bescheid fehlt", "case": case.pk,
         "share": ["identity", "residence", "contact"]},
    )  # fmt: skip
    referral = Referral.objects.get()
    step = visit.steps.get(service__code="basic_income")
    assert (referral.to_agency.code, referral.step_id, referral.note) == (
        "jobcenter",
        step.pk,
        "Bescheid fehlt",
    )
    # Residence status passes from the foreigners authority to the Jobcenter by law (§ 90
    # AufenthG); the phone number only with the person's consent.
    assert referral.bases["residence"]["basis"] == "aufenthg-90"
    assert referral.bases["contact"]["basis"].startswith("consent:")


def test_without_a_basis_the_visitor_is_forwarded_and_the_case_not_referred(at_the_desk):
    officer, case, visit = at_the_desk
    response = officer.post(
        reverse("hall:desk_action", args=["forward"]),
        {"services": ["basic_income"], "note": "", "case": case.pk, "share": ["contact"]},
        follow=True,
    )
    html = response.content.decode()
    assert "The visitor is forwarded, but not referred to Jobcenter" in html
    assert "no legal basis and no consent for your agency" in html
    assert visit.steps.filter(service__code="basic_income").exists()
    assert not Referral.objects.exists()
