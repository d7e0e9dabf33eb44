"""Every people view × every persona: the role check comes before any lookup, so a refused user
learns nothing (403 whether the person exists or not) and an allowed one gets 404 for nobody."""

import pytest
from django.urls import reverse

READERS = {"reception", "foreigners_officer", "jobcenter_officer", "data_protection"}
WRITERS = {"reception", "foreigners_officer", "jobcenter_officer"}
PERSONAS = [
    "reception",
    "foreigners_officer",
    "jobcenter_officer",
    "coordinator",
    "data_protection",
    "administrator",
    "outsider",
]
NOBODY = {"person_id": 999}
ENTRY = {"person_id": 999, "kind": "schooling", "entry_id": 999}

# (URL name, kwargs, who may use it, status an allowed user gets on GET for a missing person)
VIEWS = [
    ("search", {}, READERS, 200),
    ("register", {}, WRITERS, 200),
    ("detail", NOBODY, READERS, 404),
    ("edit", NOBODY, WRITERS, 404),
    ("household", NOBODY, WRITERS, 404),
    ("household_create", NOBODY, WRITERS, 404),
    ("household_join", NOBODY, WRITERS, 404),
    ("household_edit", NOBODY, WRITERS, 404),
    ("membership_edit", NOBODY, WRITERS, 404),
    ("household_leave", NOBODY, WRITERS, 404),
    ("entry_add", {"person_id": 999, "kind": "document"}, WRITERS, 404),
    ("entry_edit", ENTRY, WRITERS, 404),
    ("entry_delete", ENTRY, WRITERS, 404),
    ("merge", NOBODY, WRITERS, 404),
    ("merge_compare", {"person_id": 999, "other_id": 998}, WRITERS, 404),
    ("merge_undo", {"merge_id": 999}, {"data_protection"}, 404),
    ("duplicates", {}, {"data_protection"}, 200),
]


@pytest.mark.parametrize(("name", "kwargs", "allowed", "status"), VIEWS, ids=[v[0] for v in VIEWS])
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix(client_for, name, kwargs, allowed, status, persona):
    response = client_for(persona).get(reverse(f"people:{name}", kwargs=kwargs))
    assert response.status_code == (status if persona in allowed else 403)


@pytest.mark.parametrize(("name", "kwargs", "allowed", "status"), VIEWS, ids=[v[0] for v in VIEWS])
def test_anonymous_users_are_sent_to_log_in(client, db, name, kwargs, allowed, status):
    response = client.get(reverse(f"people:{name}", kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize(("name", "kwargs", "allowed", "status"), VIEWS, ids=[v[0] for v in VIEWS])
def test_refused_posts_change_nothing(client_for, audit_entries, name, kwargs, allowed, status):
    response = client_for("coordinator").post(reverse(f"people:{name}", kwargs=kwargs), {})
    assert response.status_code == 403
    assert audit_entries() == []


def test_there_is_no_list_of_everyone(client_for, person, stranger):
    client = client_for("reception")
    for query in ({}, {"q": ""}, {"q": " "}, {"q": "*"}, {"q": "%"}, {"q": "_"}):
        html = client.get(reverse("people:search"), query).content.decode()
        assert "Haddad" not in html and "Shevchenko" not in html, query
