"""A partner organisation's login: an adviser (a role of its own) of the partner's agency, which
has no legal basis in the centre. It sees a person only where their consent names the partner, and a
case only once a referral to the partner gives it a part; everything else is refused and
recorded like any agency's refusal."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.cases import services as cases
from anlaufstelle.cases.models import Case, Note, Referral
from tests.conftest import in_english
from tests.consents import consent
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture
def partner(personas):
    client = Client()
    client.force_login(personas["partner"])
    return personas["partner"].staff_member.agency, client


def test_a_partner_sees_no_one_without_their_consent(partner, agencies):
    agency, client = partner
    person = make_person(family_name="Koval", given_names="Olena", consented=False)
    consent(person, agencies["jobcenter"])  # the house, not the partner
    assert client.get(reverse("people:search")).status_code == 200
    page = reverse("people:detail", kwargs={"person_id": person.pk})
    assert client.get(page).status_code == 403
    assert AuditEntry.objects.filter(action="refused", person_ref=person.pk).exists()
    found = client.get(reverse("people:search"), {"q": "Koval"}).content.decode()
    assert "Olena" not in found
    consent(person, agency, categories=["identity"])
    assert client.get(page).status_code == 200


def _jobcenter_case(personas, agencies, partner_agency):
    """A case the Jobcenter leads, of a person who agreed that the partner may see them."""
    person = make_person(family_name="Koval", given_names="Olena", consented=False)
    consent(person, agencies["jobcenter"], partner_agency, categories=["identity", "contact"])
    case, _new = cases.open_case(
        user=personas["jobcenter_officer"], person_id=person.pk, data={"title": "Schulden"}
    )
    return case


def _refer(personas, case, partner_agency):
    referral, _new = cases.refer(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        data={"to_agency": partner_agency, "categories": ["identity"], "kind": "share"},
    )
    return referral


def test_a_referral_to_the_partner_gives_it_the_case(partner, personas, agencies):
    agency, client = partner
    case = _jobcenter_case(personas, agencies, agency)
    detail = reverse("cases:detail", kwargs={"case_id": case.pk})
    assert client.get(detail).status_code == 403  # no part in the case yet
    _refer(personas, case, agency)
    home = client.get(reverse("core:home")).content.decode()
    assert "Schulden" in home  # the referral waits on the partner's start page
    assert client.get(detail).status_code == 200


@pytest.mark.parametrize(
    "page",
    [
        "hall:desk",
        "hall:reception",
        "hotline:calls",
        "appointments:bookings",
        "people:register",
        "payouts:queue",
        "housing:accommodations",
        "eligibility:screening",
    ],
)
def test_a_partner_opens_none_of_the_desks_pages(partner, page):
    _agency, client = partner
    assert client.get(reverse(page)).status_code == 403


def test_the_partner_works_the_referral_it_was_given(partner, personas, agencies):
    agency, client = partner
    case = _jobcenter_case(personas, agencies, agency)
    referral = _refer(personas, case, agency)
    move = reverse("cases:referral_move", kwargs={"referral_id": referral.pk, "move": "accept"})
    assert client.post(move, {"version": referral.version}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    detail = reverse("cases:detail", kwargs={"case_id": case.pk})
    page = client.get(detail).content.decode()
    assert "Koval" in page and "Schulden" in page
    note = reverse("cases:note_add", kwargs={"case_id": case.pk})
    answer = client.post(note, {"category": "identity", "text": "Erstgespräch geführt."})
    assert answer.status_code == 302
    written = Note.objects.get(case=case, text="Erstgespräch geführt.")
    assert written.agency == agency
    # Every read and write of the partner is recorded under its casework.
    purposes = set(AuditEntry.objects.filter(username="berater").values_list("purpose", flat=True))
    assert purposes == {"casework"}


def test_the_partner_opens_a_case_of_its_own_but_never_changes_the_registry(partner, agencies):
    agency, client = partner
    person = make_person(family_name="Koval", given_names="Olena", consented=False)
    consent(person, agency, categories=["identity", "contact"])
    page = client.get(reverse("people:detail", kwargs={"person_id": person.pk})).content.decode()
    assert reverse("cases:open", kwargs={"person_id": person.pk}) in page
    assert reverse("people:edit", kwargs={"person_id": person.pk}) not in page
    assert reverse("privacy:consents", kwargs={"person_id": person.pk}) not in page
    answer = client.post(
        reverse("cases:open", kwargs={"person_id": person.pk}), {"title": "Schuldenberatung"}
    )
    assert answer.status_code == 302
    case = Case.objects.get(person=person)
    assert case.lead == agency
    edit = reverse("people:edit", kwargs={"person_id": person.pk})
    assert client.post(edit, {"family_name": "X"}).status_code == 403
    person.refresh_from_db()
    assert person.family_name == "Koval"


def test_the_partners_sealed_note_is_seen_by_its_advisers_and_released_by_them(
    partner, personas, agencies, client_for
):
    agency, client = partner
    person = make_person(family_name="Koval", given_names="Olena", consented=False)
    consent(person, agency, categories=["identity"])
    client.post(reverse("cases:open", kwargs={"person_id": person.pk}), {"title": "Beratung"})
    case = Case.objects.get(person=person)
    note = reverse("cases:note_add", kwargs={"case_id": case.pk})
    client.post(note, {"category": "health", "text": "Traumatherapie empfohlen."})
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Traumatherapie empfohlen." in page
    releases = reverse("privacy:releases", kwargs={"person_id": person.pk})
    assert releases in page
    assert client.get(releases).status_code == 200
    # A desk officer of the house, who may see the person, holds none of it to release.
    consent(person, agencies["jobcenter"], categories=["identity"])
    officer = client_for("jobcenter_officer")
    assert officer.get(releases).status_code == 403
