"""The adapter between people and the matching core (people/namesearch.py) and the stored name
keys: built on every change through the services, rebuilt by `reindex_names`, gone with the
person."""

from datetime import date

import pytest
from django.core.management import call_command

from anlaufstelle.demo.builder import load_demo
from anlaufstelle.matching import BirthDate, Query, Record, index_keys
from anlaufstelle.people import namesearch, services
from anlaufstelle.people.models import Person, PersonNameKey


def stored_keys(person):
    return set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))


def found(personas, query):
    return [p.pk for p in services.search_people(user=personas["reception"], query=query).people]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"birth_date": date(1985, 3, 14)}, BirthDate(1985, 3, 14)),
        ({"birth_date": date(1985, 3, 1), "birth_date_precision": "month"}, BirthDate(1985, 3)),
        ({"birth_date": date(1985, 1, 1), "birth_date_precision": "year"}, BirthDate(1985)),
        ({"birth_date": date(1985, 1, 1), "birth_date_placeholder": True}, BirthDate(1985, 1, 1)),
        ({}, None),
    ],
)
def test_the_birth_date_goes_to_the_core_as_far_as_it_is_known(fields, expected):
    assert namesearch.birth_date_of(Person(family_name="X", **fields)) == expected


def test_a_person_becomes_a_record_of_the_core(person):
    record = namesearch.person_to_record(person)
    assert record.id == str(person.pk)
    assert (record.given_names, record.family_name) == ("Oleksandr", "Shevchenko")
    assert record.name_original == "Олександр Шевченко"
    assert (record.sex, record.nationality, record.birth_place) == ("m", "UKR", None)


def test_one_text_field_becomes_a_query():
    assert namesearch.text_query("Shevchenko, Oleksandr") == Query(
        given_names="Oleksandr", family_name="Shevchenko"
    )
    query = namesearch.text_query("Oleksandr Shevchenko", sex="m", nationality="UA")
    assert query.name_original == "Oleksandr Shevchenko" and query.nationality == "UKR"
    assert namesearch.text_query("Shevchenko,").name_original == "Shevchenko"


def test_registering_stores_the_keys_of_the_core(personas):
    person = services.register_person(
        user=personas["reception"],
        data={"family_name": "Bondarenko", "given_names": "Mykola", "birth_date": date(1990, 5, 6)},
    )
    assert stored_keys(person) == index_keys(namesearch.person_to_record(person))
    assert 0 < len(stored_keys(person)) <= 30


def test_an_update_refreshes_the_keys(personas, person):
    assert found(personas, "Oleksandr Shevchenko") == [person.pk]
    services.update_person(
        user=personas["reception"],
        person=person,
        data={
            "family_name": "Bondarenko",
            "family_name_original": "Бондаренко",
        },
    )
    assert found(personas, "Oleksandr Shevchenko") == []
    assert found(personas, "Oleksandr Bondarenko") == [person.pk]
    assert stored_keys(person) == namesearch.keys_for(Person.objects.get(pk=person.pk))


def test_a_change_of_contact_data_leaves_the_keys_alone(personas, person):
    before = set(PersonNameKey.objects.filter(person=person).values_list("pk", flat=True))
    services.update_person(user=personas["reception"], person=person, data={"phone": "0341 1"})
    assert set(PersonNameKey.objects.filter(person=person).values_list("pk", flat=True)) == before


def test_erasing_a_person_removes_their_keys(person, spouse):
    assert stored_keys(person)
    Person.objects.filter(pk=person.pk).delete()
    assert not PersonNameKey.objects.filter(person_id=person.pk).exists()
    assert stored_keys(spouse)


def test_keys_longer_than_the_column_are_cut_the_same_way_on_both_sides(personas, db):
    long_name = "Bartholomaeusschwarzkopfwinterbergstrassenbahnhaltestellenverwaltungsgesellschaft"
    raw = index_keys(Record(id="1", given_names="Omar", family_name=long_name))
    assert max(len(k) for k in raw) > PersonNameKey.MAX_LENGTH
    person = services.register_person(
        user=personas["reception"], data={"family_name": long_name, "given_names": "Omar"}
    )
    assert max(len(k) for k in stored_keys(person)) == PersonNameKey.MAX_LENGTH
    assert found(personas, f"Omar {long_name}") == [person.pk]


def test_reindex_names_rebuilds_every_key(personas, person, spouse, stranger, capsys):
    expected = {p.pk: stored_keys(p) for p in (person, spouse, stranger)}
    PersonNameKey.objects.all().delete()
    PersonNameKey.objects.create(person=person, key="stale")
    call_command("reindex_names", "--batch-size", "2")
    assert {p.pk: stored_keys(p) for p in (person, spouse, stranger)} == expected
    total = sum(len(keys) for keys in expected.values())
    assert f"Rebuilt {total} keys for 3 people." in capsys.readouterr().out


def test_the_demo_loader_builds_keys(db):
    load_demo(people=6)
    assert PersonNameKey.objects.values("person").distinct().count() == Person.objects.count()


def test_a_merged_record_keeps_no_keys(person, spouse):
    Person.objects.filter(pk=spouse.pk).update(merged_into=person)
    namesearch.refresh_keys(Person.objects.get(pk=spouse.pk))
    assert stored_keys(spouse) == set()
