"""A merge takes everything else of the duplicate record along (cases, convictions, benefit
decisions, placements, calls, consents …), except what the survivor cannot take twice, which
stays and is named; the undo gives it all back."""

from __future__ import annotations

from datetime import date

import pytest

from anlaufstelle.cases.models import Case
from anlaufstelle.eligibility.models import Conviction, RecordedFacts
from anlaufstelle.hotline.models import Call, Line
from anlaufstelle.housing.models import Accommodation, Bed, Placement, Room
from anlaufstelle.organisation.models import Agency
from anlaufstelle.payouts.models import BenefitDecision
from anlaufstelle.people import services
from anlaufstelle.privacy.models import Consent
from tests.conftest import in_english
from tests.consents import consent
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture
def housing(agencies):
    agency = Agency.objects.create(
        code="wohnen", name="Wohnungsverwaltung", kind="housing", controller_name="Stadt"
    )
    place = Accommodation.objects.create(
        name="Haus A", kind="shared", address="Weg 1", cost=20, takes_families=True
    )
    room = Room.objects.create(accommodation=place, label="1")
    beds = [Bed.objects.create(room=room, label=str(n)) for n in (1, 2)]
    return agency, beds


@pytest.fixture
def pair(agencies, personas, housing):
    """Two records of one man; the duplicate has a life of its own in the other apps."""
    agency, beds = housing
    survivor = make_person(family_name="Melnyk", given_names="Ivan", birth_date=date(1990, 1, 2))
    duplicate = make_person(family_name="Melnik", given_names="Ivan", birth_date=date(1990, 1, 2))
    Case.objects.create(person=duplicate, title="Grundsicherung", lead=agencies["jobcenter"])
    Conviction.objects.create(person=duplicate, daily_rates=30)
    RecordedFacts.objects.create(person=duplicate, entry_date=date(2022, 3, 1))
    RecordedFacts.objects.create(person=survivor, entry_date=date(2022, 3, 4))
    BenefitDecision.objects.create(
        person=duplicate,
        agency=agencies["jobcenter"],
        regime="sgb2",
        amount_per_month=563,
        period_from=date(2026, 1, 1),
        period_until=date(2026, 6, 30),
        decided_by=personas["jobcenter_officer"],
    )
    Placement.objects.create(person=survivor, bed=beds[0], agency=agency)
    Placement.objects.create(person=duplicate, bed=beds[1], agency=agency)
    line = Line.objects.create(code="ua", name="UA", languages=["uk"])
    Call.objects.create(
        line=line, minutes=3, language="uk", topic="other", outcome="answered",
        taken_by=personas["reception"], person=duplicate,
    )  # fmt: skip
    consent(duplicate, agencies["jobcenter"])
    return survivor, duplicate


def test_a_merge_takes_the_duplicates_other_records_along(personas, pair, audit_entries):
    survivor, duplicate = pair
    consents = Consent.objects.filter(person=duplicate).count()  # reception's and ours
    merge = services.merge_people(
        user=personas["reception"], survivor_id=survivor.pk, merged_id=duplicate.pk
    )
    assert Case.objects.get(title="Grundsicherung").person == survivor
    assert Conviction.objects.get().person == survivor
    assert BenefitDecision.objects.get().person == survivor
    assert Call.objects.get().person == survivor
    assert not Consent.objects.filter(person=duplicate).exists()
    # Two current placements or two records of facts cannot be one man's: the duplicate's stay.
    assert Placement.objects.filter(person=survivor).count() == 1
    assert Placement.objects.filter(person=duplicate).count() == 1
    assert RecordedFacts.objects.get(person=survivor).entry_date == date(2022, 3, 4)
    assert RecordedFacts.objects.filter(person=duplicate).exists()
    assert merge.records_moved == 4 + consents and merge.entries_moved == 0
    first, _second = audit_entries(action="merge")
    assert first.detail["moved"]["cases.case"] == 1
    assert first.detail["stayed"] == {"eligibility.recordedfacts": 1, "housing.placement": 1}
    assert {"identity", "residence", "benefits"} <= set(first.categories)


def test_the_undo_gives_every_record_back(personas, pair):
    survivor, duplicate = pair
    consents = set(Consent.objects.filter(person=duplicate).values_list("pk", flat=True))
    merge = services.merge_people(
        user=personas["reception"], survivor_id=survivor.pk, merged_id=duplicate.pk
    )
    services.unmerge_people(user=personas["data_protection"], merge_id=merge.pk)
    assert Case.objects.get().person == duplicate
    assert Conviction.objects.get().person == duplicate
    assert BenefitDecision.objects.get().person == duplicate
    assert Call.objects.get().person == duplicate
    assert set(Consent.objects.filter(person=duplicate).values_list("pk", flat=True)) == consents
    assert Placement.objects.filter(person=duplicate).count() == 1
    assert Placement.objects.filter(person=survivor).count() == 1


def test_the_undo_page_names_the_further_records(personas, pair, client_for):
    from django.urls import reverse

    survivor, duplicate = pair
    merge = services.merge_people(
        user=personas["reception"], survivor_id=survivor.pk, merged_id=duplicate.pk
    )
    page = client_for("data_protection").get(
        reverse("people:merge_undo", kwargs={"merge_id": merge.pk})
    )
    expected = f"{merge.records_moved} further records (cases, benefit decisions, placements"
    assert expected in page.content.decode()


def test_the_comparison_counts_the_further_records_of_each(personas, pair, client_for):
    from django.urls import reverse

    survivor, duplicate = pair
    page = client_for("reception").get(
        reverse("people:merge_compare", kwargs={"person_id": survivor.pk, "other_id": duplicate.pk})
    )
    row = page.content.decode().split("Further records")[1].split("</tr>")[0]
    # A case, a conviction, facts, a benefit decision, a placement and a call, and consents.
    theirs = 6 + Consent.objects.filter(person=duplicate).count()
    ours = 2 + Consent.objects.filter(person=survivor).count()  # facts and placement
    assert f">{ours}</td>" in row and f">{theirs}</td>" in row
