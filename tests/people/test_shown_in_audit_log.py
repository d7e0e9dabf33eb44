"""Issue 9: the officer's filter by person finds every page that showed the person's name, not
only the entries about them: a search, the duplicate check at registration and on the merge
page, and the merge comparison."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.people import services
from anlaufstelle.people.models import Person
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(db):
    return make_person(
        family_name="Schewtschenko",
        given_names="Alexander",
        birth_date=date(1985, 3, 14),
        sex="m",
    )


def _log_rows(client, person):
    response = client.get(reverse("audit:log"), {"person": person.pk})
    assert response.status_code == 200
    return response, {row.entry.pk: row for row in response.context["log"].rows}


def test_the_filter_by_person_lists_every_page_that_showed_them(
    client_for, personas, person, spouse, duplicate, stranger
):
    reception = client_for("reception")
    reception.get(reverse("people:search"), {"q": "Shevchenko"})
    [search] = AuditEntry.objects.filter(action="search", detail__has_key="fields")
    assert person.pk in search.detail["shown"]
    # The duplicate check of a registration, before anything is saved.
    entered = Person(
        family_name="Shevchenko", given_names="Oleksandr", birth_date=date(1985, 3, 14)
    )
    services.check_duplicates(user=personas["reception"], person=entered)
    registration = AuditEntry.objects.latest("seq")
    assert registration.person_ref is None and person.pk in registration.detail["shown"]
    # The merge page of the duplicate lists the person as its probable duplicate.
    reception.get(reverse("people:merge", kwargs={"person_id": duplicate.pk}))
    merge_check = AuditEntry.objects.latest("seq")
    assert merge_check.person_ref == duplicate.pk and person.pk in merge_check.detail["shown"]
    reception.get(
        reverse("people:merge_compare", kwargs={"person_id": duplicate.pk, "other_id": person.pk})
    )
    compared = AuditEntry.objects.get(person_ref=duplicate.pk, detail__has_key="compared_with")
    assert compared.detail["shown"] == sorted([person.pk, duplicate.pk])

    response, rows = _log_rows(client_for("data_protection"), person)
    assert {search.pk, registration.pk, merge_check.pk, compared.pk} <= set(rows)
    # Why each matched: listed among others, or the entry is about the person.
    assert rows[search.pk].listed_among == len(search.detail["shown"])
    assert rows[registration.pk].listed_among == len(registration.detail["shown"])
    assert rows[merge_check.pk].listed_among == len(merge_check.detail["shown"])
    assert rows[compared.pk].listed_among == 2
    about = AuditEntry.objects.get(person_ref=person.pk, detail__has_key="compared_with")
    assert about.pk in rows and rows[about.pk].listed_among is None
    html = response.content.decode()
    assert f"No. {person.pk} shown in a list of 2" in html


def test_a_person_no_page_showed_is_not_matched(client_for, personas, person, stranger):
    client_for("reception").get(reverse("people:search"), {"q": "Shevchenko"})
    services.check_duplicates(
        user=personas["reception"],
        person=Person(
            family_name="Shevchenko", given_names="Oleksandr", birth_date=date(1985, 3, 14)
        ),
    )
    _response, rows = _log_rows(client_for("data_protection"), stranger)
    assert rows == {}
