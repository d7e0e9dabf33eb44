"""Consents as staff record them: the agency that holds the data records what the signed form
says, anyone who may open the person records a withdrawal, each applies at once, and the form
prints in the person's language."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta

import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.people.models import Document
from anlaufstelle.privacy import consents
from anlaufstelle.privacy.models import Consent
from tests.at_once import at_once
from tests.conftest import _staff
from tests.consents import consent


@pytest.fixture
def duldung(olena):
    olena.languages = ["uk", "ru"]
    olena.save()
    return Document.objects.create(
        person=olena, kind="duldung", number="D1234567", valid_until=date(2027, 6, 30)
    )


def url(name: str, person, **kwargs) -> str:
    return reverse(f"privacy:{name}", kwargs={"person_id": person.pk, **kwargs})


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def entries(person, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(person_ref=person.pk, action=action).order_by("seq"))


def form_data(agencies, **changes) -> dict:
    data = {
        "recipients": [agencies["jobcenter"].pk],
        "categories": ["identity", "residence"],
        "purposes": ["casework"],
        "language": "uk",
        "how": "signed",
        "evidence": "Scan 2026-118",
        "given_by": "person",
        "submission": "8d6f3c3e-6a52-4a0e-a3c1-0f6f0c3d0a11",
    }
    data.update(changes)
    return data


def test_reception_records_a_consent_and_the_jobcenter_sees_residence_at_once(
    client_for, olena, duldung, agencies
):
    officer = client_for("jobcenter_officer")
    detail = reverse("people:detail", kwargs={"person_id": olena.pk})
    assert "D1234567" not in officer.get(detail).content.decode()

    response = client_for("reception").post(url("consent_add", olena), form_data(agencies))
    assert response.status_code == 302
    saved = Consent.objects.get(person=olena)
    assert [a.code for a in saved.recipients.all()] == ["jobcenter"]
    assert (saved.categories, saved.purposes, saved.language) == (
        ["identity", "residence"],
        ["casework"],
        "uk",
    )
    assert saved.text_version == consents.FORM_VERSION and saved.recorded_by.username == "rezeption"
    created = entries(olena, "create")[-1]
    assert created.username == "rezeption" and created.detail["consent"] == saved.pk
    assert created.detail["recipients"] == ["jobcenter"]

    html = officer.get(detail).content.decode()
    assert "D1234567" in html
    read = AuditEntry.objects.filter(person_ref=olena.pk, username="jc.officer").latest("seq")
    assert read.detail["access"]["residence"] == {
        "basis": f"consent:{saved.pk}",
        "citation": "",
        "transfer": True,
    }


def test_the_consents_page_lists_each_consent_with_its_state(client_for, olena, agencies):
    consent(olena, agencies["jobcenter"], categories=["contact"])
    consent(olena, agencies["foreigners"], withdrawn_at=timezone.now(), withdrawn_how="letter")
    consent(
        olena,
        agencies["city"],
        valid_from=timezone.now() - timedelta(days=30),
        valid_until=timezone.now() - timedelta(days=1),
    )
    html = client_for("reception").get(url("consents", olena)).content.decode()
    assert html.count(">in force<") == 1 and ">withdrawn<" in html and ">expired<" in html
    assert "Record a signed consent" in html
    # The Jobcenter does not hold her data: it sees the list, not the form to record one.
    other = client_for("jobcenter_officer").get(url("consents", olena)).content.decode()
    assert "Record a signed consent" not in other
    assert "A consent is recorded by the staff of Lotsendienst" in other


def test_only_the_holding_agency_records_a_consent_and_a_refusal_is_recorded(
    client_for, olena, agencies
):
    officer = client_for("jobcenter_officer")
    assert officer.get(url("consent_add", olena)).status_code == 403
    data = form_data(agencies, recipients=[agencies["foreigners"].pk])
    assert officer.post(url("consent_add", olena), data).status_code == 403
    assert not Consent.objects.exists()
    refused = entries(olena, "refused")[-1]
    assert refused.username == "jc.officer" and refused.detail["rule"] == "not_the_holder"


def test_health_data_need_their_own_box_and_nothing_is_saved_without_it(
    client_for, olena, agencies
):
    data = form_data(agencies, categories=["identity", "health"])
    response = client_for("reception").post(url("consent_add", olena), data)
    assert response.status_code == 200
    assert "Health data need their own explicit box." in response.content.decode()
    assert not Consent.objects.exists()
    data["explicit_health"] = "on"
    assert client_for("reception").post(url("consent_add", olena), data).status_code == 302
    assert Consent.objects.get().explicit_health


def test_a_form_sent_twice_records_one_consent(client_for, olena, agencies):
    reception = client_for("reception")
    first = reception.post(url("consent_add", olena), form_data(agencies))
    second = reception.post(url("consent_add", olena), form_data(agencies), follow=True)
    assert first.status_code == 302
    assert "This form was sent before" in second.content.decode()
    assert Consent.objects.count() == 1


def test_an_end_in_the_past_is_refused_in_words(client_for, olena, agencies):
    data = form_data(agencies, valid_until="2020-01-31")
    response = client_for("reception").post(url("consent_add", olena), data)
    assert "The end lies in the past." in response.content.decode()
    assert not Consent.objects.exists()


def test_a_withdrawal_cuts_access_at_once_and_is_recorded(client_for, olena, duldung, agencies):
    given = consent(olena, agencies["jobcenter"], categories=["identity", "residence"])
    officer = client_for("jobcenter_officer")
    detail = reverse("people:detail", kwargs={"person_id": olena.pk})
    assert "D1234567" in officer.get(detail).content.decode()
    withdraw = url("consent_withdraw", olena, consent_id=given.pk)
    # Any desk that may open the person takes the withdrawal, the jobcenter's own included.
    assert "Withdraw consent no." in officer.get(withdraw).content.decode()
    response = officer.post(withdraw, {"how": "in person at the desk"})
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.withdrawn_at is not None and given.withdrawn_how == "in person at the desk"
    html = officer.get(detail).content.decode()
    assert "D1234567" not in html and "the person withdrew their consent" in html
    assert entries(olena, "update")[-1].detail == {
        "consent": given.pk,
        "withdrawn": "in person at the desk",
    }


def test_a_withdrawal_needs_to_say_how(client_for, olena, agencies):
    given = consent(olena, agencies["jobcenter"])
    response = client_for("reception").post(
        url("consent_withdraw", olena, consent_id=given.pk), {"how": ""}
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    given.refresh_from_db()
    assert given.withdrawn_at is None


def test_another_persons_consent_is_not_found(client_for, olena, son, agencies):
    given = consent(son, agencies["jobcenter"])
    response = client_for("reception").post(
        url("consent_withdraw", olena, consent_id=given.pk), {"how": "letter"}
    )
    assert response.status_code == 404
    given.refresh_from_db()
    assert given.withdrawn_at is None


def test_two_desks_withdrawing_at_once_withdraw_once(committed_db, personas, olena, agencies):
    given = consent(olena, agencies["jobcenter"])

    def withdraw(name: str) -> Callable[[], bool]:
        return lambda: consents.withdraw_consent(
            user=personas[name], person_id=olena.pk, consent_id=given.pk, how=name
        )

    outcomes = at_once(withdraw("reception"), withdraw("jobcenter_officer"))
    assert sorted(outcomes) == [False, True]
    assert len([e for e in entries(olena, "update") if "withdrawn" in e.detail]) == 1


def test_the_blank_form_prints_in_the_persons_language_right_to_left(client_for, olena, agencies):
    response = client_for("reception").get(url("consent_form", olena) + "?language=ar")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Koval, Olena" in text and "Jobcenter" in text and "Ausländerbehörde" in text
    assert text.count("Lotsendienst") >= 1  # named as the holder, not as a recipient
    # In Arabic: the title and the separate box for health data.
    assert "موافقة" in text and "Art. 9" in text
    exported = entries(olena, "export")[-1]
    assert exported.detail["document"] == "consent_form" and exported.detail["language"] == "ar"


def test_a_recorded_consent_prints_as_ticked_and_says_when_it_was_withdrawn(
    client_for, olena, agencies
):
    given = consent(
        olena,
        agencies["jobcenter"],
        categories=["residence"],
        purposes=["casework"],
        language="uk",
        withdrawn_at=timezone.now(),
        withdrawn_how="letter",
    )
    response = client_for("reception").get(url("consent_pdf", olena, consent_id=given.pk))
    text = pdf_text(response.content)
    assert "Згода" in text  # in Ukrainian, the language it was given in
    assert f"{given.pk}" in text and "test-1" in text
    assert text.count("✕") == 2  # residence, and Jobcenter for casework


def test_a_language_that_is_not_offered_prints_german(client_for, olena):
    response = client_for("reception").get(url("consent_form", olena) + "?language=xx")
    assert "Einwilligung in die Weitergabe Ihrer Daten" in pdf_text(response.content)


def test_a_consent_naming_one_officer_opens_the_data_to_that_officer_only(
    client_for, personas, olena, duldung, agencies
):
    officer = personas["jobcenter_officer"]
    colleague = _staff("jc.kollege", agencies["jobcenter"], [Role.DESK_OFFICER], first="Jo")
    data = form_data(agencies, recipients=[], named=[officer.pk])
    response = client_for("reception").post(url("consent_add", olena), data)
    assert response.status_code == 302
    saved = Consent.objects.get(person=olena)
    assert list(saved.recipients.all()) == [] and list(saved.named.all()) == [officer]
    assert entries(olena, "create")[-1].detail["named"] == ["jc.officer"]
    detail = reverse("people:detail", kwargs={"person_id": olena.pk})
    assert "D1234567" in client_for("jobcenter_officer").get(detail).content.decode()
    other = Client()
    other.force_login(colleague)
    assert "D1234567" not in other.get(detail).content.decode()
    listed = client_for("reception").get(url("consents", olena)).content.decode()
    assert "Jana Job (Jobcenter)" in listed
    printed = pdf_text(
        client_for("reception").get(url("consent_pdf", olena, consent_id=saved.pk)).content
    )
    assert "Jana Job (Jobcenter)" in " ".join(printed.split())  # a row of its own, ticked


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"recipients": [], "named": []}, "Name at least one agency or person, as on the form."),
        # Reception's own clerk works for the holder, which needs no consent: no choice.
        ({"recipients": [], "named": ["reception"]}, "Select a valid choice."),
    ],
)
def test_a_consent_names_someone_other_than_the_holder(
    client_for, personas, olena, agencies, changes, message
):
    if changes["named"]:
        changes = {**changes, "named": [personas["reception"].pk]}
    response = client_for("reception").post(
        url("consent_add", olena), form_data(agencies, **changes)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Consent.objects.exists()


def test_the_blank_form_has_a_row_for_a_named_person(client_for, olena):
    printed = pdf_text(
        client_for("reception").get(url("consent_form", olena) + "?language=en").content
    )
    assert "Only this person (name, agency):" in printed
