"""The case file: who takes part in a case opens it, each note and document is shown as the
access decision allows for the agency that holds it, sealed notes stay invisible outside their
agency, and every read, write and refusal is recorded."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.cases import services
from anlaufstelle.cases.models import Case, Note, Task
from tests.consents import consent


def case_url(case: Case, name: str = "detail") -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk})


def last(person, **filters) -> AuditEntry:
    return AuditEntry.objects.filter(person_ref=person.pk, **filters).latest("seq")


def test_an_officer_opens_a_case_from_the_persons_page(client_for, olena):
    officer = client_for("jobcenter_officer")
    person_page = reverse("people:detail", kwargs={"person_id": olena.pk})
    assert "Open a case" in officer.get(person_page).content.decode()
    response = officer.post(
        reverse("cases:open", kwargs={"person_id": olena.pk}),
        {"title": "Grundsicherung", "submission": "6f0c3d0a-8d6f-4a0e-a3c1-3c3e6a520f11"},
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(case)
    assert (case.lead.code, case.opened_by.username, case.person_id) == (
        "jobcenter",
        "jc.officer",
        olena.pk,
    )
    created = last(olena, action="create")
    assert created.detail == {"case": case.pk, "lead": "jobcenter"}
    html = officer.get(person_page).content.decode()
    assert "Grundsicherung" in html and case_url(case) in html
    # The foreigners authority takes no part: the case is not listed on the person's page.
    other = client_for("foreigners_officer").get(person_page).content.decode()
    assert "Grundsicherung" not in other


def test_an_agency_that_takes_no_part_is_refused_and_the_refusal_recorded(client_for, case):
    response = client_for("foreigners_officer").get(case_url(case))
    assert response.status_code == 403
    refused = last(case.person, action="refused")
    assert refused.username == "abh.officer" and refused.detail["rule"] == "not_in_case"
    assert (
        client_for("foreigners_officer")
        .post(case_url(case, "note_add"), {"category": "benefits", "text": "x"})
        .status_code
        == 403
    )
    assert not Note.objects.exists()


def test_notes_are_held_by_their_agency_and_read_by_another_only_on_a_basis(
    client_for, personas, case, agencies
):
    services.add_note(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        category="benefits",
        text="Bewilligt bis Juni",
    )
    # The Jobcenter asks the foreigners authority to take part: benefits data go to the
    # foreigners authority only on its written request or with the person's consent.
    referral_url = case_url(case, "referral_add")
    data = {
        "to_agency": agencies["foreigners"].pk,
        "kind": "share",
        "categories": ["identity", "benefits"],
        "purpose": "casework",
        "note": "Bitte Aufenthalt prüfen",
    }
    response = client_for("jobcenter_officer").post(referral_url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Benefits: only on a written request of your agency, and none is on record" in html
    given = consent(case.person, agencies["foreigners"], categories=["identity", "benefits"])
    response = client_for("jobcenter_officer").post(referral_url, data)
    assert response.status_code == 302
    referral = case.referrals.get()
    assert referral.bases["benefits"] == {"basis": f"consent:{given.pk}", "citation": ""}
    assert referral.bases["identity"]["basis"] == "centre-identity"

    foreigners = client_for("foreigners_officer")
    page = foreigners.get(case_url(case)).content.decode()
    assert "Bewilligt bis Juni" in page  # asked to take part: it sees what its consent covers
    read = last(case.person, username="abh.officer", action="read")
    assert read.detail["case_access"]["jobcenter"]["benefits"] == {
        "basis": f"consent:{given.pk}",
        "citation": "",
        "transfer": True,
    }
    given.withdrawn_at = timezone.now()
    given.save()
    page = foreigners.get(case_url(case)).content.decode()
    assert "Bewilligt bis Juni" not in page
    assert "1 entry of Jobcenter in Benefits: the person withdrew their consent" in page


def test_a_sealed_note_is_invisible_outside_its_agency_not_even_counted(
    client_for, personas, case, youth_officer, youth_office, agencies
):
    services.add_task(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        data={"agency": youth_office, "title": "Hilfeplan"},
    )
    services.add_note(
        user=youth_officer, case_id=case.pk, category="youth_office", text="Beratung zur Familie"
    )
    jobcenter_page = client_for("jobcenter_officer").get(case_url(case)).content.decode()
    assert "Beratung zur Familie" not in jobcenter_page
    assert "Jugendamt in Youth office" not in jobcenter_page and "Not shown to you" not in (
        jobcenter_page
    )
    from django.test import Client

    own = Client()
    own.force_login(youth_officer)
    assert "Beratung zur Familie" in own.get(case_url(case)).content.decode()


def test_only_the_youth_office_writes_youth_office_notes(client_for, case):
    response = client_for("jobcenter_officer").post(
        case_url(case, "note_add"), {"category": "youth_office", "text": "x"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Note.objects.exists()


def test_a_task_due_soon_stands_on_the_owners_start_page(client_for, personas, case, agencies):
    officer = client_for("jobcenter_officer")
    due = timezone.localdate() + timedelta(days=2)
    response = officer.post(
        case_url(case, "task_add"),
        {
            "agency": agencies["jobcenter"].pk,
            "title": "Bescheid schicken",
            "due": due.isoformat(),
            "owner": personas["jobcenter_officer"].pk,
        },
    )
    assert response.status_code == 302
    home = officer.get(reverse("core:home")).content.decode()
    assert "Due for you" in home and "Bescheid schicken" in home and "Koval, Olena" in home
    listed = AuditEntry.objects.filter(detail__page="work_list").latest("seq")
    assert listed.detail["shown"] == [case.person_id]
    # Not on the foreigners authority's start page.
    assert (
        "Bescheid schicken"
        not in client_for("foreigners_officer").get(reverse("core:home")).content.decode()
    )


def test_a_task_changed_meanwhile_is_not_overwritten(client_for, personas, case, agencies):
    task = services.add_task(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        data={"agency": agencies["jobcenter"], "title": "Bescheid schicken"},
    )
    url = reverse("cases:task_edit", kwargs={"task_id": task.pk})
    officer = client_for("jobcenter_officer")
    first = officer.post(url, {"status": "done", "version": task.version})
    assert first.status_code == 302
    stale = officer.post(url, {"status": "cancelled", "version": task.version})
    assert "Someone changed this task meanwhile" in stale.content.decode()
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.version == 2


def test_only_the_tasks_agency_changes_it(client_for, personas, case, agencies):
    task = services.add_task(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        data={"agency": agencies["foreigners"], "title": "Aufenthalt prüfen"},
    )
    url = reverse("cases:task_edit", kwargs={"task_id": task.pk})
    refused = client_for("jobcenter_officer").post(url, {"status": "done", "version": 1})
    assert refused.status_code == 403
    allowed = client_for("foreigners_officer").post(url, {"status": "done", "version": 1})
    assert allowed.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


def test_a_task_for_an_owner_of_another_agency_is_refused(client_for, personas, case, agencies):
    response = client_for("jobcenter_officer").post(
        case_url(case, "task_add"),
        {
            "agency": agencies["jobcenter"].pk,
            "title": "x",
            "owner": personas["foreigners_officer"].pk,
        },
    )
    assert response.status_code == 200
    assert not Task.objects.exists()
