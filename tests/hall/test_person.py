"""A ticket and the person in the registry: reception issues one for a person it found, or
attaches a kiosk ticket later; the desk then sees who it serves, each read and link audited.
The ticket, the board and the status page never show a name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.hall import services as hall
from anlaufstelle.hall.models import Visit
from anlaufstelle.people.models import Person
from anlaufstelle.privacy.models import LegalBasis

pytestmark = pytest.mark.django_db


@pytest.fixture
def registering_officer(officers, services):
    """The fixtures' foreigners officer serves registrations at their desk too."""
    officers["residence"].staff_member.skills.add(services["registration"])


@pytest.fixture
def person(db, agencies):
    """Registered at reception (whose agency holds the registry's data)."""
    return Person.objects.create(
        family_name="Hryhorenko",
        given_names="Olena",
        sex="f",
        languages=["uk", "ru"],
        registered_by=agencies["reception"],
    )


def test_reception_issues_a_ticket_for_a_person_found_in_the_registry(
    client_for, client, site, person
):
    reception = client_for("reception")
    page = reception.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f"/hall/reception/?person={person.pk}" in page  # *ticket in the hall*
    page = reception.get(reverse("hall:reception") + f"?person={person.pk}").content.decode()
    assert "For Hryhorenko, Olena" in page
    assert '<option value="uk" selected>' in page  # the first language they speak
    data = {"site": site.pk, "concerns": ["registration"], "language": "uk", "party_size": 1}
    response = reception.post(reverse("hall:reception"), {**data, "person": person.pk})
    visit = Visit.objects.get()
    assert visit.person == person
    ticket = reception.get(response.url).content.decode()
    assert "Hryhorenko" not in ticket and "Olena" not in ticket
    status = client.get(reverse("hall:status", args=[visit.token])).content.decode()
    assert "Hryhorenko" not in status
    link = AuditEntry.objects.get(action="update", person_ref=person.pk)
    assert link.detail["hall ticket"] == visit.code and link.username == "rezeption"
    reads = AuditEntry.objects.filter(action="read", person_ref=person.pk, username="rezeption")
    for_ticket = [r for r in reads if r.detail.get("for") == "hall ticket"]
    assert len(for_ticket) == 2  # the page, then the page it was sent from
    assert all(set(r.categories) == {"identity", "biography"} for r in for_ticket)


def test_reception_attaches_a_kiosk_ticket_to_a_person_once(client_for, site, person, personas):
    kiosk = hall.issue_ticket(site=site, services=["registration"], language="uk")
    reception = client_for("reception")
    url = reverse("hall:reception") + f"?person={person.pk}"
    attach = {"person": person.pk, "attach": "1", "site": site.pk}
    # A number that is not today's ticket at this site: said, nothing attached.
    page = reception.post(url, {**attach, "number": "999"}).content.decode()
    assert "There is no such ticket at this site today." in page
    assert Visit.objects.get().person is None
    response = reception.post(url, {**attach, "number": str(kiosk.number)}, follow=True)
    assert f"Ticket {kiosk.code} is attached to Hryhorenko, Olena." in response.content.decode()
    assert Visit.objects.get().person == person
    # Twice is once; another person cannot take the ticket over.
    reception.post(url, {**attach, "number": str(kiosk.number)})
    assert AuditEntry.objects.filter(action="update", person_ref=person.pk).count() == 1
    other = Person.objects.create(family_name="Marchenko", given_names="Ivan", sex="m")
    with pytest.raises(hall.HallRefused, match="belongs to another person"):
        hall.attach_person(user=personas["reception"], visit=kiosk, person=other)
    assert Visit.objects.get().person == person


def test_the_desk_sees_who_it_serves_and_the_read_is_audited(
    client_for, site, desks, officers, person, registering_officer
):
    visit = hall.issue_ticket(
        site=site,
        services=["registration"],
        language="uk",
        person=person,
        user=officers["registration"],
    )
    desk = client_for("foreigners_officer")
    desk.post(reverse("hall:desk"), {"desk": desks["2"].pk, "skills": ["registration"]})
    desk.post(reverse("hall:desk_action", args=["next"]))
    page = desk.get(reverse("hall:desk")).content.decode()
    assert f"Ticket {visit.code}" in page and "Person: Hryhorenko, Olena" in page
    read = AuditEntry.objects.filter(action="read", person_ref=person.pk, username="abh.officer")
    assert read.count() == 1 and read.get().detail["hall ticket"] == visit.code


def test_an_anonymous_ticket_touches_no_personal_data(client_for, site):
    before = AuditEntry.objects.count()
    data = {"site": site.pk, "concerns": ["registration"], "language": "ar", "party_size": 1}
    client_for("reception").post(reverse("hall:reception"), data)
    assert Visit.objects.get().person is None
    assert not AuditEntry.objects.filter(pk__gt=before, person_ref__isnull=False).exists()


def test_a_desk_whose_agency_may_not_see_the_person_is_told_and_the_refusal_recorded(
    client_for, site, desks, officers, person, registering_officer
):
    # Without the house's basis for identity (a lawyer removed it), the foreigners authority
    # may read a person reception registered only on its written request (§ 87 AufenthG).
    LegalBasis.objects.filter(code="centre-identity").delete()
    visit = hall.issue_ticket(
        site=site, services=["registration"], language="uk", person=person,
        user=officers["registration"],
    )  # fmt: skip
    desk = client_for("foreigners_officer")
    desk.post(reverse("hall:desk"), {"desk": desks["2"].pk, "skills": ["registration"]})
    desk.post(reverse("hall:desk_action", args=["next"]))
    page = desk.get(reverse("hall:desk")).content.decode()
    assert f"Ticket {visit.code}" in page and "Hryhorenko" not in page
    assert "belongs to a person whose record is not open to you" in page
    refused = AuditEntry.objects.filter(action="refused", person_ref=person.pk).first()
    assert refused.username == "abh.officer" and refused.detail["hall ticket"] == visit.code
    assert refused.detail["access"]["identity"] == {"refused": "request_missing"}
