"""Tolerated people of the screening tests, made directly in the database like the registry
tests' people (tests/people/conftest.py), so that setting up leaves no audit entries."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from anlaufstelle.people.models import Document
from tests.people.conftest import make_person
from tests.trail import person_trail

ON = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def tolerated(name: str, since: date, born: date, *, consented: bool = True, **fields):
    person = make_person(
        family_name=name, given_names="Test", birth_date=born, consented=consented, **fields
    )
    Document.objects.create(
        person=person, kind="arrival_certificate", number=f"AN-{name[:6]}", issued_on=since,
        valid_until=date(since.year + 1, since.month, 1),
    )  # fmt: skip
    Document.objects.create(
        person=person, kind="duldung", number=f"DU-{name[:6]}",
        issued_on=date(since.year + 1, since.month, 1), valid_until=date(2027, 6, 30),
        legal_basis="§ 60a AufenthG",
    )  # fmt: skip
    return person


@pytest.fixture
def young(db, agencies):
    """Came at 17 in 2021, tolerated since 2022: § 25a is open until the 27th birthday."""
    return tolerated("Ahmadi", date(2021, 3, 1), date(2004, 5, 1))


@pytest.fixture
def audit_entries():
    def entries(**filters):
        return list(person_trail().filter(**filters).order_by("seq"))

    return entries
