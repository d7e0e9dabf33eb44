"""A sealed note (youth office, § 65 SGB VIII) stays invisible outside its agency on every page
that could show it: the case, the person's page, the search, the desk's audit log view, the
information about the person's data and its PDF."""

from __future__ import annotations

import io

import pypdf
from django.test import Client
from django.urls import reverse

SECRET = "Beratung wegen Gewalt in der Familie"


def test_a_sealed_note_appears_nowhere_outside_its_agency(
    sealed_note, client_for, personas, case, youth_officer
):
    sealed_note(SECRET)
    person = case.person
    pages = {
        "jobcenter": [
            reverse("cases:detail", kwargs={"case_id": case.pk}),
            reverse("people:detail", kwargs={"person_id": person.pk}),
            reverse("people:search") + "?q=Olena+Koval",
            reverse("core:home"),
        ],
        "data_protection": [
            reverse("cases:detail", kwargs={"case_id": case.pk}),
            reverse("privacy:access_report", kwargs={"person_id": person.pk}) + "?language=en",
            reverse("audit:log") + f"?person={person.pk}",
            reverse("audit:unusual"),
        ],
    }
    readers = {
        "jobcenter": client_for("jobcenter_officer"),
        "data_protection": client_for("data_protection"),
    }
    for who, urls in pages.items():
        for url in urls:
            response = readers[who].get(url)
            assert response.status_code == 200, (who, url)
            assert SECRET not in response.content.decode(), (who, url)
    report = readers["data_protection"].get(
        reverse("privacy:access_report", kwargs={"person_id": person.pk})
        + "?format=pdf&language=en"
    )
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(report.content)).pages)
    assert SECRET not in text and "specially protected" in text
    own = Client()
    own.force_login(youth_officer)
    page = own.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert SECRET in page
