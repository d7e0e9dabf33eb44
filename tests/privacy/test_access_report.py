"""The access report of Art. 15 GDPR: the data-protection officer gives a person, in their
language, what each agency holds, where it came from, who received it on which basis, how long
it is kept and what they agreed to; its making is recorded."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from django.urls import reverse

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.people.models import Document
from anlaufstelle.privacy.models import RetentionRule
from tests.consents import consent


@pytest.fixture
def read_by_the_jobcenter(client_for, olena, agencies):
    olena.languages = ["uk"]
    olena.save()
    Document.objects.create(person=olena, kind="duldung", number="D7654321")
    given = consent(olena, agencies["jobcenter"], categories=["identity", "residence"])
    detail = reverse("people:detail", kwargs={"person_id": olena.pk})
    assert "D7654321" in client_for("jobcenter_officer").get(detail).content.decode()
    return given


def report_url(person, **query) -> str:
    url = reverse("privacy:access_report", kwargs={"person_id": person.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_report_lists_the_data_the_transfer_and_the_consent_in_the_persons_language(
    client_for, olena, read_by_the_jobcenter
):
    response = client_for("data_protection").get(report_url(olena))
    html = response.content.decode()
    assert response.status_code == 200 and 'lang="uk"' in html
    assert "Koval, Olena" in html and "+49 341 555 0101" in html and "D7654321" in html
    # The Jobcenter read her residence data under her consent: a transfer, named as such.
    assert "Jobcenter" in html and f"№ {read_by_the_jobcenter.pk}" in html
    assert "Lotsendienst" in html  # the holder, and where the data came from
    rule = RetentionRule.objects.get(agency_kind="*", category="residence")
    assert f"{rule.months} " in html and rule.citation in html
    exported = AuditEntry.objects.filter(person_ref=olena.pk, action="export").latest("seq")
    assert exported.username == "datenschutz" and exported.detail["document"] == "access_report"
    assert (exported.detail["format"], exported.detail["language"]) == ("html", "uk")


def test_the_report_prints_as_a_pdf_in_another_language(client_for, olena, read_by_the_jobcenter):
    response = client_for("data_protection").get(report_url(olena, language="ar", format="pdf"))
    assert response["Content-Type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert "Koval, Olena" in text and "Jobcenter" in text and "D7654321" in text
    assert "بيانات" in text  # "data", in the Arabic headings


def test_a_person_nobody_else_read_is_told_so(client_for, olena):
    html = client_for("data_protection").get(report_url(olena, language="en")).content.decode()
    assert "No agency other than the one holding your data has seen them." in html
    assert "You have given no consent." in html


def test_only_the_data_protection_officer_makes_the_report(client_for, olena):
    assert client_for("reception").get(report_url(olena)).status_code == 403
    assert client_for("jobcenter_officer").get(report_url(olena)).status_code == 403
    assert not AuditEntry.objects.filter(person_ref=olena.pk, action="export").exists()


def test_an_unknown_person_is_not_found(client_for, agencies):
    response = client_for("data_protection").get(
        reverse("privacy:access_report", kwargs={"person_id": 999999})
    )
    assert response.status_code == 404


def test_the_birth_date_and_a_document_read_as_dates(client_for, olena):
    Document.objects.create(
        person=olena, kind="passport", number="FP123456", valid_until=date(2030, 1, 31)
    )
    html = client_for("data_protection").get(report_url(olena, language="en")).content.decode()
    assert "01.05.1990" in html and "31.01.2030" in html and "FP123456" in html


def test_countries_and_choices_read_as_words(client_for, olena):
    olena.nationalities = ["UA"]
    olena.birth_country = "UA"
    olena.sex = "f"
    olena.save()
    html = client_for("data_protection").get(report_url(olena, language="en")).content.decode()
    assert html.count("Ukraine") >= 2 and "female" in html
