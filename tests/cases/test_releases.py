"""Releases of sealed data: the youth office's desk officer opens its sealed note of a person to
one named officer of another agency, until a day; revoked, it closes again at once."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.cases import services
from anlaufstelle.privacy import releases
from anlaufstelle.privacy.models import Release
from tests.at_once import at_once

SEALED = "Hilfe zur Erziehung vereinbart"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_release_opens_the_sealed_note_to_one_officer_until_revoked(
    sealed_note, client_for, personas, case, youth_officer
):
    sealed_note(SEALED)
    case_url = reverse("cases:detail", kwargs={"case_id": case.pk})
    jobcenter = client_for("jobcenter_officer")
    assert SEALED not in jobcenter.get(case_url).content.decode()

    youth = login(youth_officer)
    url = reverse("privacy:releases", kwargs={"person_id": case.person_id})
    page = youth.get(url).content.decode()
    assert "Grant a release" in page and "No releases." in page
    until = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = youth.post(
        url,
        {
            "category": "youth_office",
            "user": personas["jobcenter_officer"].pk,
            "reason": "Fallkonferenz am Freitag",
            "until": until,
        },
    )
    assert response.status_code == 302
    release = Release.objects.get()
    assert (release.user.username, release.granted_by.username) == ("jc.officer", "ja.officer")
    assert SEALED in jobcenter.get(case_url).content.decode()
    # The other officers of the jobcenter still do not see it: the release names one person.
    assert SEALED not in client_for("foreigners_officer").get(case_url).content.decode()

    revoke = reverse(
        "privacy:release_revoke", kwargs={"person_id": case.person_id, "release_id": release.pk}
    )
    assert youth.post(revoke).status_code == 302
    release.refresh_from_db()
    assert release.revoked_at is not None
    assert SEALED not in jobcenter.get(case_url).content.decode()
    entries = AuditEntry.objects.filter(person_ref=case.person_id, detail__has_key="release")
    assert sorted(e.action for e in entries) == ["create", "update"]


def test_only_the_holding_agency_releases(client_for, personas, case, youth_officer):
    services.add_note(
        user=personas["jobcenter_officer"], case_id=case.pk, category="benefits", text="x"
    )
    url = reverse("privacy:releases", kwargs={"person_id": case.person_id})
    assert client_for("jobcenter_officer").get(url).status_code == 403
    refused = AuditEntry.objects.filter(action="refused").latest("seq")
    assert refused.detail["rule"] == "not_the_holder_of_sealed_data"


def test_a_release_that_ended_already_is_refused(sealed_note, personas, case, youth_officer):
    sealed_note(SEALED)
    response = login(youth_officer).post(
        reverse("privacy:releases", kwargs={"person_id": case.person_id}),
        {
            "category": "youth_office",
            "user": personas["jobcenter_officer"].pk,
            "reason": "x",
            "until": "2020-01-01",
        },
    )
    assert "The end lies in the past." in response.content.decode()
    assert not Release.objects.exists()


def test_the_case_page_links_the_releases_for_the_holder_only(
    sealed_note, client_for, personas, case, youth_officer
):
    sealed_note(SEALED)
    case_url = reverse("cases:detail", kwargs={"case_id": case.pk})
    releases = reverse("privacy:releases", kwargs={"person_id": case.person_id})
    assert releases in login(youth_officer).get(case_url).content.decode()
    assert releases not in client_for("jobcenter_officer").get(case_url).content.decode()


def test_a_release_revoked_from_two_desks_at_once_is_revoked_once(
    committed_db, sealed_note, personas, case, youth_officer
):
    sealed_note(SEALED)
    release, _new = releases.grant_release(
        user=youth_officer,
        person_id=case.person_id,
        data={
            "category": "youth_office",
            "user": personas["jobcenter_officer"],
            "reason": "Fallkonferenz",
            "until": timezone.now() + timedelta(days=3),
        },
    )

    def revoke() -> bool:
        return releases.revoke_release(
            user=youth_officer, person_id=case.person_id, release_id=release.pk
        )

    assert sorted(at_once(revoke, revoke)) == [False, True]
    revoked = AuditEntry.objects.filter(person_ref=case.person_id, detail__revoked=True)
    assert revoked.count() == 1


def test_the_release_form_sent_twice_grants_one_release(sealed_note, personas, case, youth_officer):
    sealed_note(SEALED)
    youth = login(youth_officer)
    url = reverse("privacy:releases", kwargs={"person_id": case.person_id})
    data = {
        "category": "youth_office",
        "user": personas["jobcenter_officer"].pk,
        "reason": "Fallkonferenz",
        "until": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "submission": "3f1c7d5e-0a4b-4c8e-9d2f-6b7a8c9d0e1f",
    }
    assert youth.post(url, data).status_code == 302
    html = youth.post(url, data, follow=True).content.decode()
    assert "This form was sent before; the release was granted then." in html
    assert Release.objects.count() == 1
    assert AuditEntry.objects.filter(action="create", detail__has_key="release").count() == 1
