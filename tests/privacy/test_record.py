"""The record of processing activities (Art. 30 GDPR): one record per agency, generated from
the configuration, and changed by the configuration without code."""

from __future__ import annotations

import io

import pypdf
from django.urls import reverse

from anlaufstelle.privacy.models import LegalBasis, RetentionRule


def section(html: str, code: str) -> str:
    start = html.index(f'id="record-{code}"')
    end = html.find("<section", start)
    return html[start : end if end > 0 else len(html)]


def test_each_agency_has_its_record_with_recipients_and_periods(client_for, agencies):
    html = client_for("data_protection").get(reverse("privacy:record")).content.decode()
    jobcenter = section(html, "jobcenter")
    assert "Stadt Musterstadt, Jobcenter" in jobcenter  # the controller
    # § 71 Abs. 2 SGB X: to the foreigners authority only on its written request.
    assert "Ausländerbehörde" in jobcenter and "only on a written request" in jobcenter
    assert "60 months from the last contact with the person" in jobcenter
    # Only the youth office holds youth-office data; no agency of that kind here.
    assert "counselling and help by the youth office" not in jobcenter
    reception = section(html, "lotsen")
    assert "§ 87 Abs. 1 AufenthG" in reception


def test_the_record_follows_the_configuration(client_for, agencies):
    basis = LegalBasis.objects.get(code="aufenthg-90")
    basis.citation = "§ 90 Abs. 1 AufenthG (corrected)"
    basis.save()
    RetentionRule.objects.create(
        agency_kind="jobcenter",
        category="benefits",
        months=120,
        start="registration",
        citation="§ 84 SGB X, lawyer's note",
    )
    html = client_for("data_protection").get(reverse("privacy:record")).content.decode()
    assert "§ 90 Abs. 1 AufenthG (corrected)" in section(html, "abh")
    jobcenter = section(html, "jobcenter")
    assert "120 months from the registration (§ 84 SGB X, lawyer&#x27;s note)" in jobcenter
    assert "120 months" not in section(html, "abh")


def test_the_record_prints_as_a_document(client_for, agencies):
    response = client_for("administrator").get(reverse("privacy:record") + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Jobcenter" in text and "Ausländerbehörde" in text and "Lotsendienst" in text
    assert len(reader.pages) >= 4  # one agency per page at least


def test_desk_officers_do_not_open_it(client_for, agencies):
    assert client_for("jobcenter_officer").get(reverse("privacy:record")).status_code == 403
