"""`merge_people` and `unmerge_people`: rows move, the merged record hides, both histories are
kept, and a data-protection officer's undo restores the state before the merge exactly."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from anlaufstelle.people import services
from anlaufstelle.people.models import (
    Document,
    Household,
    HouseholdMember,
    LanguageSkill,
    Person,
    PersonMerge,
    PersonNameKey,
    Schooling,
)
from tests.people.conftest import make_person


@pytest.fixture
def duplicate(db):
    dup = make_person(
        family_name="Schewtschenko",
        given_names="Alexander",
        birth_date=date(1985, 3, 14),
        sex="m",
        email="alexander@example.org",
        birth_place="Kyiv",
        phone="0151 999",
    )
    Document.objects.create(person=dup, kind="passport", number="FX123456")
    Schooling.objects.create(person=dup, level="primary", years=4)
    LanguageSkill.objects.create(person=dup, language="de", level="A2")
    LanguageSkill.objects.create(person=dup, language="uk", level="native")
    household = Household.objects.create(label="Notunterkunft")
    HouseholdMember.objects.create(household=household, person=dup, relation="head")
    return dup


@pytest.fixture
def survivor(person, family):
    LanguageSkill.objects.create(person=person, language="uk", level="C2")
    return person


def snapshot():
    """Everything a merge may touch, minus the change timestamps."""

    def rows(model):
        return sorted(
            (tuple(sorted(model_to_dict(obj).items(), key=str)) for obj in model.objects.all()),
            key=str,
        )

    people = []
    for person in Person.objects.order_by("pk"):
        data = model_to_dict(person)
        data.pop("updated_at", None)
        people.append(
            (person.pk, person.merged_into_id, person.merged_at, sorted(data.items(), key=str))
        )
    return {
        "people": people,
        "documents": rows(Document),
        "schooling": rows(Schooling),
        "languages": rows(LanguageSkill),
        "members": rows(HouseholdMember),
        "households": rows(Household),
        "keys": sorted(PersonNameKey.objects.values_list("person_id", "key")),
    }


def merge(personas, survivor, merged, who="reception"):
    return services.merge_people(user=personas[who], survivor_id=survivor.pk, merged_id=merged.pk)


def search(personas, query):
    return [p.pk for p in services.search_people(user=personas["reception"], query=query).people]


def test_a_merge_moves_rows_fills_gaps_and_hides_the_duplicate(
    personas, survivor, duplicate, audit_entries
):
    merge_record = merge(personas, survivor, duplicate)
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor and duplicate.merged_at is not None
    assert Document.objects.get(number="FX123456").person == survivor
    assert Schooling.objects.get().person == survivor
    # The survivor's own level of Ukrainian stays; the duplicate's German moves over.
    assert LanguageSkill.objects.get(person=survivor, language="uk").level == "C2"
    assert LanguageSkill.objects.get(person=survivor, language="de").level == "A2"
    assert LanguageSkill.objects.get(person=duplicate).language == "uk"
    # Empty fields are filled, filled ones are kept.
    assert survivor.email == "alexander@example.org" and survivor.birth_place == "Kyiv"
    assert survivor.phone == "+49 341 1234567"
    # The survivor's household is kept; the other membership is set aside for an undo.
    assert survivor.membership.household.label == "Familie Shevchenko"
    assert not HouseholdMember.objects.filter(person=duplicate).exists()
    assert merge_record.membership["moved"] is False
    assert set(merge_record.survivor_before) == {"email", "birth_place"}
    assert not duplicate.name_keys.exists()
    assert search(personas, "Alexander Schewtschenko") == [survivor.pk]
    first, second = audit_entries(action="merge")
    assert (first.action, first.person_ref, first.purpose) == ("merge", survivor.pk, "registration")
    assert first.detail["absorbed"] == duplicate.pk
    # The consent given for the duplicate record follows it (services/merge.py FOLLOWERS).
    moved = {"schooling": 1, "language": 1, "document": 1, "privacy.consent": 1}
    assert first.detail["moved"] == moved
    assert (second.action, second.person_ref) == ("merge", duplicate.pk)
    assert second.detail["merged_into"] == survivor.pk


def test_a_membership_moves_when_the_survivor_has_none(personas, stranger, duplicate):
    membership = duplicate.membership
    merge_record = merge(personas, stranger, duplicate)
    membership.refresh_from_db()
    assert membership.person == stranger
    assert merge_record.membership["moved"] is True


def test_a_merged_record_is_no_longer_changed_or_merged_again(personas, survivor, duplicate):
    merge(personas, survivor, duplicate)
    with pytest.raises(services.PersonMerged) as exc:
        services.person_for_change(person_id=duplicate.pk)
    assert exc.value.survivor_id == survivor.pk
    with pytest.raises(ValidationError):
        merge(personas, survivor, duplicate)


def test_a_record_cannot_be_merged_with_itself(personas, person, audit_entries):
    with pytest.raises(ValidationError):
        merge(personas, person, person)
    assert audit_entries() == []


def test_merging_needs_a_writing_role(personas, person, duplicate):
    with pytest.raises(PermissionDenied):
        merge(personas, person, duplicate, who="data_protection")
    assert Person.objects.get(pk=duplicate.pk).merged_into is None


def test_undo_by_data_protection_restores_the_exact_state(
    personas, survivor, duplicate, audit_entries
):
    before = snapshot()
    merge_record = merge(personas, survivor, duplicate)
    assert snapshot() != before
    services.unmerge_people(user=personas["data_protection"], merge_id=merge_record.pk)
    assert snapshot() == before
    merge_record.refresh_from_db()
    assert merge_record.undone_by == "datenschutz" and merge_record.undone_at is not None
    assert set(search(personas, "Alexander Schewtschenko")) == {survivor.pk, duplicate.pk}
    undo = audit_entries(purpose="data_protection_correction")
    assert [(e.action, e.purpose, e.person_ref) for e in undo] == [
        ("unmerge", "data_protection_correction", survivor.pk),
        ("unmerge", "data_protection_correction", duplicate.pk),
    ]
    assert undo[0].detail["merge"] == merge_record.pk
    # The merge itself stays recorded as it was: two entries, neither rewritten.
    assert len(audit_entries(action="merge")) == 2
    assert sorted(undo[0].detail["fields"]) == ["birth_place", "email"]


def test_undo_of_a_moved_membership_restores_it(personas, stranger, duplicate):
    before = snapshot()
    merge_record = merge(personas, stranger, duplicate)
    services.unmerge_people(user=personas["data_protection"], merge_id=merge_record.pk)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["reception", "foreigners_officer", "coordinator"])
def test_undo_is_refused_to_everyone_else(personas, survivor, duplicate, who):
    merge_record = merge(personas, survivor, duplicate)
    with pytest.raises(PermissionDenied):
        services.unmerge_people(user=personas[who], merge_id=merge_record.pk)
    assert Person.objects.get(pk=duplicate.pk).merged_into_id == survivor.pk


def test_a_merge_is_undone_once(personas, survivor, duplicate):
    merge_record = merge(personas, survivor, duplicate)
    services.unmerge_people(user=personas["data_protection"], merge_id=merge_record.pk)
    with pytest.raises(ValidationError):
        services.unmerge_people(user=personas["data_protection"], merge_id=merge_record.pk)


def test_the_later_merge_of_a_chain_is_undone_first(personas, survivor, duplicate, stranger):
    first = merge(personas, survivor, duplicate)
    merge(personas, stranger, survivor)
    with pytest.raises(ValidationError):
        services.unmerge_people(user=personas["data_protection"], merge_id=first.pk)
    assert PersonMerge.objects.get(pk=first.pk).undone_at is None


def test_a_field_changed_since_the_merge_is_not_emptied_by_the_undo(personas, survivor, duplicate):
    merge_record = merge(personas, survivor, duplicate)
    services.update_person(
        user=personas["reception"], person=survivor, data={"email": "new@example.org"}
    )
    services.unmerge_people(user=personas["data_protection"], merge_id=merge_record.pk)
    survivor.refresh_from_db()
    assert survivor.email == "new@example.org" and survivor.birth_place == ""
