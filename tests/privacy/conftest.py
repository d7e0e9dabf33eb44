"""The registry as the access decision sees it: people registered at reception, with or
without a consent, and a desk officer of the bank of the house."""

from __future__ import annotations

from datetime import date

import pytest

from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Household, HouseholdMember, Person
from tests.conftest import _staff, in_english

english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture
def bank(agencies):
    return Agency.objects.create(
        code="sparkasse", name="Sparkasse", kind=Agency.Kind.BANK, controller_name="Sparkasse"
    )


@pytest.fixture
def bank_officer(bank):
    return _staff("sparkasse", bank, [Role.DESK_OFFICER], first="Sven", last="Spar")


@pytest.fixture
def olena(agencies):
    """Registered at reception, and no consent given."""
    return Person.objects.create(
        family_name="Koval",
        given_names="Olena",
        birth_date=date(1990, 5, 1),
        phone="+49 341 555 0101",
        particulars="cares for her grandmother",
        registered_by=agencies["reception"],
    )


@pytest.fixture
def son(olena, agencies):
    child = Person.objects.create(
        family_name="Koval", given_names="Taras", registered_by=agencies["reception"]
    )
    household = Household.objects.create(label="Familie Koval", address="Ringstr. 9")
    HouseholdMember.objects.create(household=household, person=olena, relation="head")
    HouseholdMember.objects.create(household=household, person=child, relation="child")
    return child
