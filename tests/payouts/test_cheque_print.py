"""The printed cheque: a real PDF with the number, the payee, the amount and the period,
printed only by the deciding agency and only while the cheque is live; each print recorded."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.payouts import services
from tests.payouts.conftest import cheque_data, decision_for, released


@pytest.fixture
def cheque(entering, releasing, payee, account):
    payout = released(entering, releasing, decision_for(entering, payee), cheque_data("120.00"))
    return services.issue_cheque(user=entering, payout_id=payout.pk)[0]


def _text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_printed_cheque_names_number_payee_amount_and_period(client_for, cheque, payee):
    url = reverse("payouts:cheque_pdf", kwargs={"cheque_id": cheque.pk})
    response = client_for("jobcenter_officer").get(url)
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert f"Scheck Nr. {cheque.number}" in text
    assert "Olena Koval" in text and "120,00 EUR" in text and "01.03.1990" in text
    assert "DE89370400440532013000" in text  # the paying account
    entry = AuditEntry.objects.filter(action="export", person_ref=payee.pk).latest("seq")
    assert entry.detail == {"payouts": "cheque printed", "cheque": cheque.number}


def test_a_cancelled_cheque_is_not_printed(client_for, entering, cheque):
    services.cancel_cheque(user=entering, cheque_id=cheque.pk, reason="verschrieben")
    url = reverse("payouts:cheque_pdf", kwargs={"cheque_id": cheque.pk})
    response = client_for("jobcenter_officer").get(url, follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "this step does not apply" in response.content.decode()


def test_another_agency_may_not_print_it(client_for, cheque):
    url = reverse("payouts:cheque_pdf", kwargs={"cheque_id": cheque.pk})
    assert client_for("foreigners_officer").get(url).status_code == 403
