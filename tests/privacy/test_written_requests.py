"""Written requests of an authority (§ 71 Abs. 2 SGB X with § 87 Abs. 1 AufenthG), recorded by
the agency that received them: the requesting agency reads what the basis covers while the
request is open, and no longer once it is marked answered."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.privacy import written
from anlaufstelle.privacy.models import LegalBasis, TransferRequest
from tests.at_once import at_once
from tests.conftest import _staff

PHONE = "+49 341 555 0101"


@pytest.fixture
def guide(agencies):
    """A desk officer of the guides, who registered Olena: § 87 Abs. 1 AufenthG obliges the
    guides to answer the foreigners authority's request."""
    return _staff("lotse", agencies["reception"], [Role.DESK_OFFICER], first="Lea", last="Lotse")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(person) -> str:
    return reverse("privacy:requests", kwargs={"person_id": person.pk})


def detail(person) -> str:
    return reverse("people:detail", kwargs={"person_id": person.pk})


def form(agencies, **changes):
    data = {
        "agency": agencies["foreigners"].pk,
        "basis": LegalBasis.objects.get(code="aufenthg-87-1").pk,
        "reference": "ABH-2026-0815",
        "received_on": timezone.localdate().isoformat(),
        "valid_until": "",
        "submission": str(uuid4()),
    }
    return {**data, **changes}


def test_the_guides_record_the_request_and_the_foreigners_authority_reads_under_it(
    agencies, personas, guide, olena
):
    officer = login(personas["foreigners_officer"])
    assert PHONE not in officer.get(detail(olena)).content.decode()
    clerk = login(guide)
    assert "Written requests" in clerk.get(detail(olena)).content.decode()
    response = clerk.post(page(olena), form(agencies), follow=True)
    html = response.content.decode()
    assert "The written request is recorded." in html and "ABH-2026-0815" in html
    [request] = TransferRequest.objects.filter(person=olena)
    assert (request.agency, request.recorded_by, request.answered_at) == (
        agencies["foreigners"],
        guide,
        None,
    )
    recorded = AuditEntry.objects.get(action="create", person_ref=olena.pk)
    assert recorded.detail["basis"] == "aufenthg-87-1" and recorded.username == "lotse"
    assert PHONE in officer.get(detail(olena)).content.decode()
    read = AuditEntry.objects.filter(person_ref=olena.pk, username="abh.officer").latest("seq")
    assert read.detail["access"]["contact"]["basis"] == "aufenthg-87-1"


def test_marking_the_request_answered_ends_the_reading_at_once(agencies, personas, guide, olena):
    clerk = login(guide)
    clerk.post(page(olena), form(agencies))
    request = TransferRequest.objects.get(person=olena)
    answer = reverse(
        "privacy:request_answer", kwargs={"person_id": olena.pk, "request_id": request.pk}
    )
    html = clerk.post(answer, follow=True).content.decode()
    assert "The request is marked answered" in html
    request.refresh_from_db()
    assert request.answered_at is not None
    officer_page = login(personas["foreigners_officer"]).get(detail(olena)).content.decode()
    assert PHONE not in officer_page
    assert "only on a written request of your agency, and none is on record" in officer_page
    again = clerk.post(answer, follow=True).content.decode()
    assert "had been marked answered already" in again
    assert AuditEntry.objects.filter(action="update", person_ref=olena.pk).count() == 1


def test_a_request_past_its_date_opens_nothing(agencies, personas, guide, olena):
    TransferRequest.objects.create(
        person=olena,
        agency=agencies["foreigners"],
        basis=LegalBasis.objects.get(code="aufenthg-87-1"),
        reference="ABH-alt",
        valid_until=timezone.now() - timedelta(seconds=1),
    )
    assert PHONE not in login(personas["foreigners_officer"]).get(detail(olena)).content.decode()
    html = login(guide).get(page(olena)).content.decode()
    assert "ABH-alt" in html and "ended" in html and "Mark answered" not in html


def test_the_same_form_sent_twice_records_one_request(agencies, guide, olena):
    clerk = login(guide)
    data = form(agencies)
    clerk.post(page(olena), data)
    html = clerk.post(page(olena), data, follow=True).content.decode()
    assert "This form was sent before; the request was recorded then." in html
    assert TransferRequest.objects.filter(person=olena).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received_on": "2999-01-01"}, "received_on", "The day lies in the future."),
        ({"valid_until": "2001-01-01"}, "valid_until", "The end lies in the past."),
        ({"reference": ""}, "reference", "This field is required."),
        # Jobcenter is no requesting agency of any basis the guides answer under.
        ({"agency": "jobcenter"}, "agency", "Select a valid choice."),
    ],
)
def test_bad_input_is_named_at_its_field_and_records_nothing(
    agencies, guide, olena, changes, field, message
):
    if changes.get("agency") == "jobcenter":
        changes = {"agency": agencies["jobcenter"].pk}
    response = login(guide).post(page(olena), form(agencies, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not TransferRequest.objects.exists()


def test_the_requesting_agency_cannot_record_its_own_request(agencies, personas, olena):
    # The foreigners authority answers under no basis: the page is refused, and recorded.
    officer = login(personas["foreigners_officer"])
    response = officer.post(page(olena), form(agencies))
    assert response.status_code == 403
    assert "no legal basis obliges your agency to answer one" in response.content.decode()
    assert not TransferRequest.objects.exists()
    refusal = AuditEntry.objects.filter(action="refused", person_ref=olena.pk).latest("seq")
    assert refusal.username == "abh.officer"
    assert "Written requests" not in officer.get(detail(olena)).content.decode()


def test_an_agency_obliged_to_answer_never_names_itself_as_the_asker(agencies, guide, olena):
    # A basis whose asking and answering kinds meet: the clerk's own agency is still no choice.
    LegalBasis.objects.create(
        code="test-any",
        title="Test",
        citation="§ 0",
        from_kinds=["*"],
        to_kinds=["*"],
        categories=["identity"],
        purposes=["casework"],
        on_request=True,
    )
    response = login(guide).post(page(olena), form(agencies, agency=agencies["reception"].pk))
    assert "Select a valid choice." in response.content.decode()
    assert not TransferRequest.objects.exists()


def test_a_request_answered_from_two_desks_at_once_is_answered_once(
    committed_db, agencies, guide, olena
):
    request = TransferRequest.objects.create(
        person=olena,
        agency=agencies["foreigners"],
        basis=LegalBasis.objects.get(code="aufenthg-87-1"),
        reference="ABH-2",
    )

    def answer() -> bool:
        return written.answer_request(user=guide, person_id=olena.pk, request_id=request.pk)

    assert sorted(at_once(answer, answer)) == [False, True]
    answered = AuditEntry.objects.filter(person_ref=olena.pk, detail__answered=True)
    assert answered.count() == 1
