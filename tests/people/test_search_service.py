import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anlaufstelle.people.models import Person
from anlaufstelle.people.services import Purpose, search_people


def names(result):
    return [p.given_names for p in result.people]


def test_every_term_must_match_one_of_the_names(personas, person, spouse, stranger):
    result = search_people(user=personas["reception"], query="shevchenko iryna")
    assert names(result) == ["Iryna"]


def test_the_match_ignores_case_in_every_script(personas, person, stranger):
    assert names(search_people(user=personas["reception"], query="ОЛЕКСАНДР")) == ["Oleksandr"]
    assert names(search_people(user=personas["reception"], query="шевч")) == ["Oleksandr"]
    assert names(search_people(user=personas["reception"], query="SHEV")) == ["Oleksandr"]


def test_terms_with_regex_characters_are_taken_literally(personas, person):
    assert search_people(user=personas["reception"], query="shev.*").people == []


def test_the_birth_year_narrows_the_search(personas, person, spouse):
    result = search_people(user=personas["reception"], query="Shevchenko", birth_year=1987)
    assert names(result) == ["Iryna"]


def test_too_many_matches_are_cut_and_flagged(personas, db):
    Person.objects.bulk_create(Person(family_name=f"Müller{i}") for i in range(4))
    result = search_people(user=personas["reception"], query="müller", limit=3)
    assert len(result.people) == 3
    assert result.truncated


@pytest.mark.parametrize("query", ["", " ", "a", " b  "])
def test_a_query_under_two_characters_is_refused_and_not_recorded(
    personas, person, audit_entries, query
):
    with pytest.raises(ValidationError):
        search_people(user=personas["reception"], query=query)
    assert audit_entries() == []


def test_a_search_records_terms_and_count_but_no_names_and_no_person(
    personas, person, spouse, audit_entries
):
    search_people(user=personas["foreigners_officer"], query=" Shevchenko ", birth_year=1985)
    [entry] = audit_entries()
    assert entry.action == "search"
    assert entry.purpose == Purpose.CASEWORK
    assert entry.username == "abh.officer"
    assert entry.person_ref is None
    assert entry.categories == ["identity"]
    assert entry.detail == {"terms": ["Shevchenko"], "birth_year": 1985, "results": 1}


def test_the_purpose_must_belong_to_the_users_role(personas, person):
    with pytest.raises(PermissionDenied):
        search_people(user=personas["reception"], query="Shev", purpose=Purpose.REVIEW)
    with pytest.raises(PermissionDenied):
        search_people(user=personas["coordinator"], query="Shev")
