"""The housing desk's pages as an officer of the housing agency uses them, and the vacancy
overview as the coordinator sees it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anlaufstelle.audit.models import Action
from anlaufstelle.housing.models import Bed, Placement, WaitingEntry
from tests.housing.conftest import family, place, waiting
from tests.people.conftest import make_person
from tests.trail import person_trail


@pytest.fixture
def desk(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def test_the_accommodations_and_an_accommodations_beds_with_who_lives_there(desk, housing, officer):
    home = place("Haus Linde", ("1", 2, True), accessible=True, takes_disabled=True)
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    bed = Bed.objects.order_by("pk").first()
    Placement.objects.create(person=person, bed=bed, agency=housing)

    listing = desk.get(reverse("housing:accommodations")).content.decode()
    detail = desk.get(reverse("housing:accommodation", args=[home.pk])).content.decode()

    assert "Haus Linde" in listing and "2 beds, 1 occupied, 1 free" in detail
    assert "Bilyk, Oksana" in detail and "free" in detail
    read = person_trail().filter(action=Action.READ).get()
    assert read.detail["shown"] == [person.pk]


def test_putting_a_household_on_the_waiting_list_once(desk, housing):
    _household, people = family("Koval", 3)
    url = reverse("housing:person", args=[people[0].pk])
    form = desk.get(url).context["form"]
    data = {
        "group": "family",
        "whole_household": "on",
        "urgency": "2",
        "submission": str(form["submission"].initial),
    }

    first = desk.post(url, data)
    again = desk.post(url, data)

    assert first.status_code == again.status_code == 302
    entry = WaitingEntry.objects.get()
    assert entry.size == 3 and entry.urgency == 2
    page = desk.get(url).content.decode()
    assert "beds needed: 3" in page


def test_bad_waiting_input_gets_a_message_and_changes_nothing(desk, housing):
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    url = reverse("housing:person", args=[person.pk])

    response = desk.post(url, {"group": "nobody", "urgency": "9", "since": "2099-01-01"})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"group", "urgency", "since"}
    assert "This date cannot be in the future." in response.content.decode()
    assert not WaitingEntry.objects.exists()


def test_allocating_a_family_from_the_waiting_list(desk, housing):
    place("Haus Eiche", ("E1", 4, False))
    household, people = family("Koval", 3)
    entry = waiting(people, household, agency=housing)

    listed = desk.get(reverse("housing:waiting")).content.decode()
    proposals = desk.get(reverse("housing:propose", args=[entry.pk]))
    (proposal,) = proposals.context["proposals"]
    response = desk.post(reverse("housing:allocate", args=[entry.pk]), {"beds": proposal.bed_ids})

    assert "Koval, Mutter" in listed and "Propose places" in listed
    assert response.status_code == 302
    assert Placement.objects.filter(moved_out_on=None).count() == 3
    page = desk.get(response["Location"]).content.decode()
    assert "Moved in: 3 people in Haus Eiche." in page
    assert "Haus Eiche" in page and "Kind2" in page


def test_beds_that_split_the_family_unasked_are_refused_with_a_message(desk, housing):
    place("Links", ("L", 2, False))
    place("Rechts", ("R", 2, False))
    household, people = family("Lysenko", 4)
    entry = waiting(people, household, agency=housing)
    beds = ",".join(str(pk) for pk in Bed.objects.values_list("pk", flat=True))

    offered = desk.get(reverse("housing:propose", args=[entry.pk])).content.decode()
    refused = desk.post(reverse("housing:allocate", args=[entry.pk]), {"beds": beds})

    assert "No single accommodation has enough free beds that fit." in offered
    assert refused.status_code == 409
    assert "which would split the household" in refused.content.decode()
    assert "Nothing was changed." in refused.content.decode()
    assert not Placement.objects.exists()

    split = desk.get(reverse("housing:propose", args=[entry.pk]) + "?split=1")
    assert "This splits the household across accommodations." in split.content.decode()
    chosen = desk.post(reverse("housing:allocate", args=[entry.pk]), {"beds": beds, "split": "on"})
    assert chosen.status_code == 302 and Placement.objects.filter(split=True).count() == 4


def test_a_garbled_proposal_is_refused_and_changes_nothing(desk, housing):
    place("Haus", ("A", 1, False))
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    entry = waiting([person], agency=housing)

    response = desk.post(reverse("housing:allocate", args=[entry.pk]), {"beds": "x,y"})

    assert response.status_code == 400 and "Choose a proposal." in response.content.decode()
    assert not Placement.objects.exists()


def test_move_out_frees_the_bed_and_says_so(desk, housing):
    place("Haus", ("A", 1, False))
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    placement = Placement.objects.create(person=person, bed=Bed.objects.get(), agency=housing)

    future = desk.post(reverse("housing:move_out", args=[placement.pk]), {"on": "2099-01-01"})
    assert Placement.objects.get().moved_out_on is None
    done = desk.post(reverse("housing:move_out", args=[placement.pk]), {}, follow=True)

    assert future.status_code == 302
    assert "Moved out: the bed is free." in done.content.decode()
    assert Placement.objects.get().moved_out_on is not None


def test_the_coordinator_sees_vacancies_without_names(client_for, housing):
    place("Haus Linde", ("1", 3, False))
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    Placement.objects.create(person=person, bed=Bed.objects.first(), agency=housing)

    page = client_for("coordinator").get(reverse("housing:vacancies"))
    bad = client_for("coordinator").get(
        reverse("housing:vacancies"), {"start": "2026-12-05", "end": "2026-01-01"}
    )

    body = page.content.decode()
    assert page.status_code == 200 and "Haus Linde" in body
    rows = [(r.beds, r.occupied, r.free) for r in page.context["rows"]]
    assert rows == [(3, 1, 2)] and len(page.context["days"]) == 14
    assert [(s.beds, s.peak) for s in page.context["spans"]] == [(3, 1), (3, 1)]
    assert "Bilyk" not in body
    assert bad.status_code == 400 and "The end comes before the start." in bad.content.decode()
    assert not person_trail().filter(action=Action.READ).exists()


def test_the_record_number_opens_the_persons_housing_page(desk, housing):
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")

    response = desk.get(reverse("housing:waiting"), {"person": person.pk})

    assert response["Location"] == reverse("housing:person", args=[person.pk])


def test_the_start_page_leads_housing_desks_and_coordinators_to_housing(desk, client_for):
    mine = desk.get(reverse("core:home")).content.decode()
    coordinator = client_for("coordinator").get(reverse("core:home")).content.decode()
    jobcenter = client_for("jobcenter_officer").get(reverse("core:home")).content.decode()

    assert f'href="{reverse("housing:accommodations")}"' in mine
    assert f'href="{reverse("housing:vacancies")}"' in coordinator
    assert "/housing/" not in jobcenter


def test_taking_an_entry_off_the_waiting_list(desk, housing):
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    entry = waiting([person], agency=housing)
    url = reverse("housing:withdraw", args=[entry.pk])

    first = desk.post(url, follow=True)
    again = desk.post(url, follow=True)

    assert "Taken off the waiting list." in first.content.decode()
    assert "This entry was no longer waiting." in again.content.decode()
    assert WaitingEntry.objects.get().status == "withdrawn"
    update = person_trail().filter(action=Action.UPDATE).get()
    assert update.person_ref == person.pk and update.detail["status"] == "withdrawn"
    assert "Nobody is waiting." in desk.get(reverse("housing:waiting")).content.decode()


def test_without_a_basis_for_the_identity_the_page_is_refused_and_the_list_withholds(desk, housing):
    """Reception registered the person; without the centre's identity basis and without a
    consent the housing agency may not see who they are."""
    from anlaufstelle.privacy.models import LegalBasis

    LegalBasis.objects.filter(code="centre-identity").delete()
    hidden = make_person(family_name="Hidden", given_names="Test", consented=False)
    waiting([hidden], agency=housing)

    page = desk.get(reverse("housing:person", args=[hidden.pk]))
    listed = desk.get(reverse("housing:waiting"))

    assert page.status_code == 403
    assert "Hidden" not in page.content.decode() and "Hidden" not in listed.content.decode()
    assert "Entries withheld by the access rules: 1." in listed.content.decode()
    refusals = person_trail().filter(action=Action.REFUSED)
    assert refusals.filter(person_ref=hidden.pk).exists()
    assert any(r.detail.get("withheld") == [hidden.pk] for r in refusals.filter(person_ref=None))


def test_accommodations_rooms_and_beds_are_set_up_in_the_admin(admin_client, housing):
    home = place("Haus Linde", ("1", 2, False))

    listing = admin_client.get(reverse("admin:housing_accommodation_changelist"))
    room = admin_client.get(reverse("admin:housing_room_change", args=[home.rooms.get().pk]))

    assert "Haus Linde" in listing.content.decode()
    assert room.status_code == 200 and "1-2" in room.content.decode()
    assert "placement" not in listing.content.decode().lower()
