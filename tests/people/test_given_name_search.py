"""A given name alone finds people: reception often hears only a first name. The listing
goes through the audited search service, in every script, capped with the count shown."""

from datetime import date

import pytest

from anlaufstelle.matching import BirthDate
from anlaufstelle.people import services
from anlaufstelle.people.models import Person
from anlaufstelle.people.namesearch import GIVEN_NAME_LIMIT, refresh_keys
from tests.people.conftest import make_person


def search(personas, query, **kwargs):
    return services.search_people(user=personas["reception"], query=query, **kwargs)


def ids(result):
    return {hit.person.pk for hit in result.hits}


@pytest.mark.parametrize("name", ["Олександр", "Oleksandr", "Alexander", "Aleksandr"])
def test_a_given_name_alone_finds_the_person_in_a_registry_of_two(personas, person, stranger, name):
    result = search(personas, name)
    assert ids(result) == {person.pk}
    assert result.total == 1 and not result.truncated


@pytest.fixture
def mohammeds(db):
    return [
        make_person(
            family_name="Amiri",
            given_names="Mohammad",
            family_name_original="امیری",
            given_names_original="محمد",
            nationalities=["AF"],
        ),
        make_person(family_name="Al-Ahmad", given_names="Mohammed", nationalities=["SY"]),
        make_person(family_name="Rezaei", given_names="Muhammad"),
        make_person(family_name="Haddad", given_names="Mohamed", birth_date=date(2001, 5, 2)),
    ]


@pytest.fixture
def others(db):
    return [
        make_person(family_name="Haddad", given_names="Mahmoud", given_names_original="محمود"),
        make_person(family_name="Karimi", given_names="Jamil"),
    ]


@pytest.mark.parametrize("name", ["محمد", "Mohammed", "Mohammad", "Muhammad", "Mohamed"])
def test_every_spelling_of_an_arabic_given_name_finds_every_other(
    personas, mohammeds, others, name
):
    result = search(personas, name)
    assert ids(result) == {p.pk for p in mohammeds}
    assert result.total == len(mohammeds)


def test_the_same_spelling_ranks_first(personas, mohammeds):
    result = search(personas, "Mohammad")
    assert result.hits[0].person.given_names == "Mohammad"


def test_a_family_name_is_still_found_alongside_the_given_name(personas, db):
    family = make_person(family_name="Karim", given_names="Lina")
    given = make_person(family_name="Haddad", given_names="Karim")
    result = search(personas, "Karim")
    assert [hit.person.pk for hit in result.hits] == [family.pk, given.pk]
    assert result.total == 2


def test_a_common_given_name_is_capped_counted_and_recorded(personas, db, audit_entries):
    people = [
        make_person(family_name=f"Kovalenko{'a' * i}", given_names="Oleksandr")
        for i in range(GIVEN_NAME_LIMIT + 12)
    ]
    result = search(personas, "Oleksandr")
    assert len(result.hits) == GIVEN_NAME_LIMIT
    assert result.total == len(people) and result.truncated
    # The most recently registered first.
    assert ids(result) == {p.pk for p in people[-GIVEN_NAME_LIMIT:]}
    [entry] = audit_entries()
    assert entry.action == "search" and entry.person_ref is None
    assert entry.detail["shown"] == [hit.person.pk for hit in result.hits]
    assert entry.detail["total"] == len(people)
    assert "Oleksandr" not in str(entry.detail)


@pytest.fixture
def namesake_born_1961(db):
    return make_person(family_name="Bondar", given_names="Oleksandr", birth_date=date(1961, 1, 5))


def test_with_a_birth_date_the_name_keys_find_the_holder_of_that_year(
    personas, person, namesake_born_1961
):
    result = search(personas, "Oleksandr", born=BirthDate(1985))
    assert [hit.person.pk for hit in result.hits] == [person.pk]
    assert result.total is None


def test_merged_and_excluded_people_are_not_listed(personas, person, namesake_born_1961):
    Person.objects.filter(pk=namesake_born_1961.pk).update(merged_into=person)
    refresh_keys(Person.objects.get(pk=namesake_born_1961.pk))
    assert ids(search(personas, "Oleksandr")) == {person.pk}
    assert ids(search(personas, "Oleksandr", exclude=[person.pk])) == set()


def test_a_name_being_typed_still_finds_by_its_beginning(personas, mohammeds):
    typed = {p.pk for p in mohammeds if p.given_names.startswith("Moham")}
    assert len(typed) == 3 and ids(search(personas, "Moham")) == typed
