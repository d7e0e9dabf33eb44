"""Every view × every role: allowed (the page renders) or refused (403), and anonymous users
are sent to the login. A new view fails `test_every_view_is_in_the_matrix` until it is added."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from anlaufstelle.people.models import (
    Household,
    HouseholdMember,
    Person,
    PersonMerge,
    Schooling,
)

PERSONAS = [
    "reception",
    "foreigners_officer",
    "jobcenter_officer",
    "coordinator",
    "data_protection",
    "administrator",
    "outsider",
]
READERS = {"reception", "foreigners_officer", "jobcenter_officer", "data_protection"}
WRITERS = {"reception", "foreigners_officer", "jobcenter_officer"}
ANY_ROLE = set(PERSONAS) - {"outsider"}
MANAGERS = {"coordinator", "administrator"}

# url name → (kwargs builder, personas allowed)
MATRIX = {
    "core:home": (lambda o: {}, ANY_ROLE),
    "people:search": (lambda o: {}, READERS),
    "people:register": (lambda o: {}, WRITERS),
    "people:detail": (lambda o: {"person_id": o["person"].pk}, READERS),
    "people:edit": (lambda o: {"person_id": o["person"].pk}, WRITERS),
    "people:merge": (lambda o: {"person_id": o["person"].pk}, WRITERS),
    "people:merge_compare": (
        lambda o: {"person_id": o["person"].pk, "other_id": o["loner"].pk},
        WRITERS,
    ),
    "people:merge_undo": (lambda o: {"merge_id": o["merge"].pk}, {"data_protection"}),
    "people:duplicates": (lambda o: {}, {"data_protection"}),
    "people:household": (lambda o: {"person_id": o["person"].pk}, WRITERS),
    "people:household_create": (lambda o: {"person_id": o["loner"].pk}, WRITERS),
    "people:household_join": (lambda o: {"person_id": o["loner"].pk}, WRITERS),
    "people:household_edit": (lambda o: {"person_id": o["person"].pk}, WRITERS),
    "people:membership_edit": (lambda o: {"person_id": o["person"].pk}, WRITERS),
    "people:household_leave": (lambda o: {"person_id": o["person"].pk}, WRITERS),
    "people:entry_add": (lambda o: {"person_id": o["person"].pk, "kind": "schooling"}, WRITERS),
    "people:entry_edit": (
        lambda o: {"person_id": o["person"].pk, "kind": "schooling", "entry_id": o["schooling"].pk},
        WRITERS,
    ),
    "people:entry_delete": (
        lambda o: {"person_id": o["person"].pk, "kind": "schooling", "entry_id": o["schooling"].pk},
        WRITERS,
    ),
    "organisation:overview": (lambda o: {}, MANAGERS),
    "organisation:service": (lambda o: {"code": o["service"].code}, MANAGERS),
    "audit:log": (lambda o: {}, {"data_protection"}),
    "planning:index": (lambda o: {}, MANAGERS),
}
# Open to everyone by design: the visitors' pages, the login and the health check.
PUBLIC = {"core:welcome", "core:login", "core:healthz"}
# Not pages: POST-only actions checked in their own tests.
ACTIONS = {"core:logout", "planning:upload", "planning:plan", "planning:download"}
NAMESPACES = {"core", "people", "organisation", "audit", "planning"}


def _named_urls(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            names |= _named_urls(pattern, inner or "")
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            names.add(f"{namespace}:{pattern.name}")
    return names


def test_every_view_is_in_the_matrix():
    assert _named_urls(get_resolver()) == set(MATRIX) | PUBLIC | ACTIONS


@pytest.fixture
def objects(personas, services):
    person = Person.objects.create(family_name="Koval", given_names="Olena", sex="f")
    loner = Person.objects.create(family_name="Melnyk", given_names="Ivan", sex="m")
    household = Household.objects.create(label="Koval")
    HouseholdMember.objects.create(household=household, person=person, relation="head")
    schooling = Schooling.objects.create(person=person, level="primary", years=4)
    twin = Person.objects.create(family_name="Koval", given_names="Olena", merged_into=person)
    merge = PersonMerge.objects.create(survivor=person, merged=twin, merged_by="rezeption")
    return {
        "merge": merge,
        "person": person,
        "loner": loner,
        "schooling": schooling,
        "service": services["residence"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_view_allows_exactly_its_roles(name, objects, client_for, client):
    kwargs_of, allowed = MATRIX[name]
    url = reverse(name, kwargs=kwargs_of(objects))
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous.url
    for persona in PERSONAS:
        status = client_for(persona).get(url).status_code
        expected = 200 if persona in allowed else 403
        assert status == expected, f"{name} as {persona}: {status}, expected {expected}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_need_no_login(name, client):
    assert client.get(reverse(name)).status_code == 200
