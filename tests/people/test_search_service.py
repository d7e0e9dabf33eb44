"""`search_people` runs the matching core on the key table: each difficulty a name meets on
its way to the desk, through the database."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anlaufstelle.matching import BirthDate
from anlaufstelle.people.models import Person
from anlaufstelle.people.namesearch import text_query
from anlaufstelle.people.services import Purpose, search_people
from tests.people.conftest import make_person


def ids(result):
    return [p.pk for p in result.people]


def search(personas, query, **kwargs):
    return search_people(user=personas["reception"], query=query, **kwargs)


@pytest.fixture
def olha(db):
    # No original script on record: a Cyrillic search must find the passport spelling.
    return make_person(
        family_name="Kovalenko", given_names="Olha", birth_date=date(1992, 4, 30), sex="f"
    )


@pytest.fixture
def namesake(db):
    return make_person(
        family_name="Shevchenko", given_names="Oleksandr", birth_date=date(1961, 11, 2)
    )


def test_a_cyrillic_query_finds_the_latin_record(personas, olha, person, stranger):
    assert ids(search(personas, "Ольга Коваленко")) == [olha.pk]


def test_another_transliteration_finds_the_person(personas, person, spouse, stranger):
    # German spelling of Олександр Шевченко.
    assert ids(search(personas, "Alexandr Schewtschenko"))[0] == person.pk


def test_the_russian_form_of_the_given_name_finds_the_ukrainian_one(personas, person, namesake):
    result = search(personas, "Alexander Shevchenko", born=BirthDate(1985))
    assert ids(result)[0] == person.pk
    # Found first, but a birth year alone does not make another spelling the same person.
    assert not result.hits[0].duplicate
    assert "verdict.uncorroborated" in [r.code for r in result.hits[0].match.reasons]


def test_a_typo_in_the_family_name_is_forgiven(personas, person, stranger):
    assert ids(search(personas, "Oleksandr Shevchneko")) == [person.pk]


def test_swapped_names_are_found(personas, person, spouse):
    result = search(personas, "Shevchenko Oleksandr")
    assert ids(result)[0] == person.pk
    assert "name.swapped" in [r.code for r in result.hits[0].match.reasons]


def test_family_comma_given_says_which_part_is_which(personas, person, spouse):
    assert ids(search(personas, "Shevchenko, Iryna"))[0] == spouse.pk


def test_the_arabic_comma_also_says_which_part_is_which():
    query = text_query("Shevchenko\u060c Iryna")
    assert (query.family_name, query.given_names) == ("Shevchenko", "Iryna")


def test_a_year_only_record_is_found_by_a_full_date(personas, db):
    mykola = make_person(
        family_name="Bondarenko",
        given_names="Mykola",
        birth_date=date(1990, 1, 1),
        birth_date_precision="year",
        sex="m",
        nationalities=["UA"],
    )
    namesake = make_person(
        family_name="Bondarenko", given_names="Mykola", birth_date=date(1958, 2, 11), sex="m"
    )
    result = search(personas, "Mykola Bondarenko", born=BirthDate(1990, 5, 6))
    assert ids(result) == [mykola.pk, namesake.pk] and not result.hits[0].duplicate
    # The same name written exactly alike, with the same sex and nationality, corroborates it.
    result = search(
        personas, "Mykola Bondarenko", born=BirthDate(1990, 5, 6), sex="m", nationality="UA"
    )
    assert ids(result)[0] == mykola.pk and result.hits[0].duplicate
    assert not result.hits[1].duplicate


def test_a_year_in_the_search_ranks_the_right_namesake_first(personas, person, namesake):
    assert ids(search(personas, "Oleksandr Shevchenko", born=BirthDate(1961)))[0] == namesake.pk
    assert ids(search(personas, "Oleksandr Shevchenko", born=BirthDate(1985)))[0] == person.pk


def test_a_placeholder_date_meets_the_real_one(personas, db):
    lina = make_person(
        family_name="Haddad",
        given_names="Lina",
        birth_date=date(1990, 1, 1),
        birth_date_placeholder=True,
    )
    result = search(personas, "Lina Haddad", born=BirthDate(1990, 7, 14))
    assert ids(result) == [lina.pk]
    assert "date.year_placeholder" in [r.code for r in result.hits[0].match.reasons]


def test_sex_and_nationality_sharpen_the_ranking(personas, person, spouse):
    result = search(personas, "Shevchenko", sex="f", nationality="UA")
    assert ids(result)[0] == spouse.pk


def test_results_are_ranked_best_first_and_explained(personas, person, namesake, spouse):
    result = search(personas, "Oleksandr Shevchenko", born=BirthDate(1985, 3, 14))
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert result.hits[0].match.describe()[0] == "family name: same (Shevchenko)"


def test_merged_people_are_not_found(personas, person, namesake):
    Person.objects.filter(pk=namesake.pk).update(merged_into=person)
    assert namesake.pk not in ids(search(personas, "Oleksandr Shevchenko"))


def test_too_many_matches_are_cut_and_flagged(personas, db):
    for year in range(1980, 1984):
        make_person(family_name="Müller", given_names="Anna", birth_date=date(year, 2, 3))
    result = search(personas, "Anna Müller", limit=3)
    assert len(result.people) == 3
    assert result.truncated


@pytest.mark.parametrize("query", ["", " ", "a", " b  ", "12", "a 1"])
def test_a_query_under_two_letters_is_refused_and_not_recorded(
    personas, person, audit_entries, query
):
    with pytest.raises(ValidationError):
        search(personas, query)
    assert audit_entries() == []


def test_a_search_records_fields_count_and_whom_it_showed_but_no_names(
    personas, person, spouse, audit_entries
):
    search_people(
        user=personas["foreigners_officer"], query=" Shevchenko Oleksandr ", born=BirthDate(1985)
    )
    [entry] = audit_entries()
    assert entry.action == "search"
    assert entry.purpose == Purpose.CASEWORK
    assert entry.username == "abh.officer"
    assert entry.person_ref is None
    assert entry.categories == ["identity"]
    assert entry.detail == {"fields": ["name", "born"], "results": 1, "shown": [person.pk]}
    assert "Shevchenko" not in str(entry.detail)


def test_the_purpose_must_belong_to_the_users_role(personas, person):
    with pytest.raises(PermissionDenied):
        search(personas, "Shevchenko", purpose=Purpose.REVIEW)
    with pytest.raises(PermissionDenied):
        search_people(user=personas["coordinator"], query="Shevchenko")


def test_keys_shared_by_too_many_people_are_not_followed(personas, person, namesake, monkeypatch):
    # A name so common that its keys say nothing: the search says so instead of reading them.
    monkeypatch.setattr("anlaufstelle.matching.index.MAX_POSTINGS", 1)
    result = search(personas, "Oleksandr Shevchenko")
    assert result.too_common and result.hits == []
    # The full birth date is a rare key again: it still finds the person.
    assert ids(search(personas, "Oleksandr Shevchenko", born=BirthDate(1985, 3, 14))) == [person.pk]


def test_the_row_budget_spends_itself_on_the_rarest_keys(personas, person, namesake, monkeypatch):
    monkeypatch.setattr("anlaufstelle.matching.index.ROW_BUDGET", 3)
    result = search(personas, "Oleksandr Shevchenko", born=BirthDate(1961, 11, 2))
    assert ids(result)[0] == namesake.pk and result.too_common


def test_a_name_still_being_typed_is_found_by_its_beginning(personas, person, spouse):
    assert set(ids(search(personas, "Shevch"))) == {person.pk, spouse.pk}
    # Lower-case Cyrillic finds the capitalised original-script name (not only ASCII folds).
    assert ids(search(personas, "шевченко ірин")) == [spouse.pk]


def test_every_typed_word_must_begin_a_name(personas, person, spouse):
    assert ids(search(personas, "Shevch Oleks")) == [person.pk]
    assert ids(search(personas, "Shevch Xyz")) == []
