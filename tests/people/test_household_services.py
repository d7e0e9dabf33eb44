import pytest
from django.core.exceptions import ValidationError

from anlaufstelle.people import services
from anlaufstelle.people.models import Household, HouseholdMember


def test_create_household_makes_the_person_its_head(personas, person, audit_entries):
    household = services.create_household(
        user=personas["reception"], person=person, data={"label": "Shevchenko", "address": ""}
    )
    assert person.membership.household == household
    assert person.membership.relation == "head"
    [entry] = audit_entries()
    assert (entry.action, entry.person_ref) == ("create", person.pk)
    assert entry.categories == ["identity"]
    assert entry.detail == {"household": household.pk, "fields": ["relation", "label"]}


def test_a_person_has_one_household(personas, person, family, audit_entries):
    with pytest.raises(ValidationError):
        services.create_household(user=personas["reception"], person=person, data={})
    assert Household.objects.count() == 1 and audit_entries() == []


def test_join_household_adds_the_person_with_a_relation(
    personas, family, spouse, stranger, audit_entries
):
    member = services.join_household(
        user=personas["reception"], person=stranger, other_person_id=spouse.pk, relation="sibling"
    )
    assert member.household == family and member.relation == "sibling"
    [entry] = audit_entries()
    assert (entry.action, entry.person_ref, entry.categories) == (
        "create",
        stranger.pk,
        ["identity"],
    )


@pytest.mark.parametrize(
    ("other", "relation", "field", "message"),
    [
        ("self", "child", "other_person_id", "Choose another person than this one."),
        ("nobody", "child", "other_person_id", "There is no person with this number."),
        ("loner", "child", "other_person_id", "does not belong to a household yet"),
        ("spouse", "head", "relation", "This household already has a head of household."),
        ("spouse", "cousin", "relation", "is not a valid choice"),
    ],
)
def test_join_household_refuses_what_cannot_be(
    personas, family, spouse, stranger, audit_entries, other, relation, field, message
):
    other_id = {"self": stranger.pk, "nobody": 999, "spouse": spouse.pk}.get(other)
    if other == "loner":
        other_id = services.register_person(
            user=personas["reception"], data={"family_name": "Alone"}
        ).pk
    before = len(audit_entries())
    with pytest.raises(ValidationError) as exc:
        services.join_household(
            user=personas["reception"], person=stranger, other_person_id=other_id, relation=relation
        )
    assert message in " ".join(exc.value.message_dict[field])
    assert not HouseholdMember.objects.filter(person=stranger).exists()
    assert len(audit_entries()) == before


def test_a_household_change_is_recorded_for_every_member(
    personas, person, spouse, family, audit_entries
):
    changed = services.update_household(
        user=personas["reception"], household=family, data={"address": "Neue Str. 2"}
    )
    assert changed == ["address"]
    entries = audit_entries()
    assert {e.person_ref for e in entries} == {person.pk, spouse.pk}
    assert all(e.categories == ["contact"] and e.action == "update" for e in entries)


def test_a_relation_change_is_recorded_once_and_only_when_it_changes(
    personas, spouse, family, audit_entries
):
    services.update_membership(
        user=personas["reception"], membership=spouse.membership, relation="spouse"
    )
    assert audit_entries() == []
    changed = services.update_membership(
        user=personas["reception"], membership=spouse.membership, relation="sibling"
    )
    assert changed == ["relation"]
    assert HouseholdMember.objects.get(person=spouse).relation == "sibling"
    [entry] = audit_entries()
    assert (entry.action, entry.person_ref, entry.categories) == (
        "update",
        spouse.pk,
        ["identity"],
    )
    assert entry.detail == {"household": family.pk, "fields": ["relation"]}


def test_a_second_head_is_refused(personas, spouse, family, audit_entries):
    with pytest.raises(ValidationError):
        services.update_membership(
            user=personas["reception"], membership=spouse.membership, relation="head"
        )
    assert HouseholdMember.objects.get(person=spouse).relation == "spouse"
    assert audit_entries() == []


def test_leaving_deletes_the_household_only_when_it_is_empty(
    personas, person, spouse, family, audit_entries
):
    services.leave_household(user=personas["reception"], membership=spouse.membership)
    assert Household.objects.filter(pk=family.pk).exists()
    services.leave_household(
        user=personas["reception"], membership=HouseholdMember.objects.get(person=person)
    )
    assert not Household.objects.exists()
    first, second = audit_entries()
    assert (first.action, first.person_ref, first.detail["household_deleted"]) == (
        "delete",
        spouse.pk,
        False,
    )
    assert (second.person_ref, second.detail["household_deleted"]) == (person.pk, True)
