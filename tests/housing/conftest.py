"""A housing agency with one desk officer, three accommodations, and the people of the housing
tests, made directly in the database so that setting up leaves no audit entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from anlaufstelle.core.roles import Role
from anlaufstelle.housing.models import Accommodation, Bed, Room, WaitingEntry
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Household, HouseholdMember
from tests.conftest import _staff
from tests.people.conftest import make_person

ON = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def housing(agencies):
    return Agency.objects.create(
        code="wohnen",
        name="Wohnungsverwaltung",
        kind=Agency.Kind.HOUSING,
        controller_name="Stadt Musterstadt, Wohnungsverwaltung",
        legal_basis={"de": "Art. 6 Abs. 1 lit. e DSGVO"},
    )


@pytest.fixture
def officer(housing):
    return _staff("wohnen.officer", housing, [Role.DESK_OFFICER], first="Wanda", last="Wohnen")


@pytest.fixture
def second_officer(housing):
    return _staff("wohnen.zwei", housing, [Role.DESK_OFFICER], first="Willi", last="Wohnen")


def place(name: str, *rooms: tuple[str, int, bool], **fields) -> Accommodation:
    """An accommodation with rooms of (label, beds, step-free)."""
    values = {
        "kind": Accommodation.Kind.SHARED,
        "address": "Musterstraße 1, 04109 Leipzig",
        "cost": Decimal("20.00"),
        "takes_families": True,
        "takes_single_women": True,
        "takes_single_men": True,
    }
    accommodation = Accommodation.objects.create(name=name, **{**values, **fields})
    for label, beds, accessible in rooms:
        room = Room.objects.create(accommodation=accommodation, label=label, accessible=accessible)
        for n in range(beds):
            Bed.objects.create(room=room, label=f"{label}-{n + 1}")
    return accommodation


def family(name: str, size: int) -> tuple[Household, list]:
    household = Household.objects.create(label=name)
    people = []
    for n in range(size):
        person = make_person(family_name=name, given_names=f"Kind{n}" if n else "Mutter")
        HouseholdMember.objects.create(
            household=household, person=person, relation="head" if n == 0 else "child"
        )
        people.append(person)
    return household, people


def waiting(people, household=None, *, agency, **fields) -> WaitingEntry:
    values = {"group": "family" if household else "single_woman", "urgency": 3, "since": ON}
    return WaitingEntry.objects.create(
        person=people[0],
        household=household,
        agency=agency,
        size=len(people),
        **{**values, **fields},
    )
