"""People of the registry tests: a Ukrainian family and a stranger, made directly in the
database (with their search keys) so that setting up a test leaves no audit entries behind."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Household, HouseholdMember, Person
from anlaufstelle.people.namesearch import refresh_keys
from tests.consents import consent
from tests.trail import person_trail


def make_person(*, consented: bool = True, **fields) -> Person:
    """A person saved directly, with the search keys the services would have stored: registered
    by reception (where its agency exists) and, unless `consented=False`, with a consent that
    lets every agency of the house see their registry data, as most visitors give at reception."""
    fields.setdefault("registered_by", Agency.objects.filter(code="lotsen").first())
    person = Person.objects.create(**fields)
    refresh_keys(person)
    if consented:
        consent(person)
    return person


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions name messages by their English msgid, whatever catalogs are compiled."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def person(db, agencies):
    return make_person(
        family_name="Shevchenko",
        given_names="Oleksandr",
        family_name_original="Шевченко",
        given_names_original="Олександр",
        birth_date=date(1985, 3, 14),
        sex="m",
        nationalities=["UA"],
        languages=["uk", "ru"],
        phone="+49 341 1234567",
    )


@pytest.fixture
def spouse(db, agencies):
    return make_person(
        family_name="Shevchenko",
        given_names="Iryna",
        family_name_original="Шевченко",
        given_names_original="Ірина",
        birth_date=date(1987, 6, 2),
        nationalities=["UA"],
    )


@pytest.fixture
def stranger(db, agencies):
    return make_person(family_name="Haddad", given_names="Lina", birth_date=date(1990, 1, 1))


@pytest.fixture
def family(person, spouse):
    household = Household.objects.create(label="Familie Shevchenko", address="Hauptstr. 1")
    HouseholdMember.objects.create(household=household, person=person, relation="head")
    HouseholdMember.objects.create(household=household, person=spouse, relation="spouse")
    return household


@pytest.fixture
def audit_entries():
    """The audit entries about people's data written since the test began, oldest first (not
    the records of the test's staff accounts being set up)."""

    def entries(**filters):
        return list(person_trail().filter(**filters).order_by("seq"))

    return entries
