"""Writes of households and their members."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.people.models import Household, HouseholdMember, Person
from anlaufstelle.people.services.base import (
    apply_data,
    audit,
    audited_update,
    categories_of,
    checked_purpose,
    filled_fields,
    permitted,
)


def _may_write(user: Any, person_ids: Any, categories: set[str], purpose: Any) -> None:
    """A household's data are each member's: the access decision must let the user see these
    categories of every person the write touches (`AccessRefused` otherwise)."""
    for person in Person.objects.filter(pk__in=list(person_ids)).order_by("pk"):
        permitted(user=user, person=person, categories=categories, purpose=purpose)


def _one_at_a_time(person: Person) -> None:
    # Two desks putting the same person into a household take turns on the person's row: the
    # second then finds the first's membership and gets the message, not a broken unique rule.
    Person.objects.select_for_update().filter(pk=person.pk).exists()


@transaction.atomic
def create_household(
    *, user: Any, person: Person, data: dict[str, Any], purpose: str | None = None
) -> Household:
    """A new household with this person as its head."""
    checked = checked_purpose(user, purpose, write=True)
    _one_at_a_time(person)
    if HouseholdMember.objects.filter(person_id=person.pk).exists():
        raise ValidationError(_("This person already belongs to a household."))
    household = Household()
    apply_data(household, data)
    household.full_clean()
    member = HouseholdMember(person_id=person.pk, relation=HouseholdMember.Relation.HEAD)
    filled = filled_fields(household)
    _may_write(user, [person.pk], categories_of(member) | categories_of(household, filled), checked)
    household.save()
    member.household = household
    member.full_clean()
    member.save()
    audit(
        user=user,
        action=Action.CREATE,
        purpose=checked,
        person_id=person.pk,
        categories=categories_of(member) | categories_of(household, filled),
        detail={"household": household.pk, "fields": ["relation", *filled]},
    )
    return household


@transaction.atomic
def update_household(
    *,
    user: Any,
    household: Household,
    data: dict[str, Any],
    purpose: str | None = None,
    expected_version: int | None = None,
) -> list[str]:
    """Change the household; with `expected_version`, `EditConflict` if saved meanwhile."""
    # The household's address is every member's data: each of them gets the entry, and the
    # user must be allowed to see it of each of them.
    members = household.members.values_list("person_id", flat=True)
    checked = checked_purpose(user, purpose, write=True)
    _may_write(user, members, categories_of(household), checked)
    return audited_update(
        user=user,
        instance=household,
        data=data,
        purpose=purpose,
        detail={"household": household.pk},
        person_ids=lambda stored: stored.members.values_list("person_id", flat=True),
        expected_version=expected_version,
    )


@transaction.atomic
def join_household(
    *,
    user: Any,
    person: Person,
    other_person_id: int,
    relation: str,
    purpose: str | None = None,
) -> HouseholdMember:
    """Add this person to the household another person already belongs to."""
    checked = checked_purpose(user, purpose, write=True)
    if other_person_id == person.pk:
        raise ValidationError({"other_person_id": _("Choose another person than this one.")})
    _one_at_a_time(person)
    if HouseholdMember.objects.filter(person_id=person.pk).exists():
        raise ValidationError(_("This person already belongs to a household."))
    other = HouseholdMember.objects.filter(person_id=other_person_id).first()
    if other is None:
        message = (
            _("This person does not belong to a household yet. Create one on their page first.")
            if Person.objects.filter(pk=other_person_id).exists()
            else _("There is no person with this number.")
        )
        raise ValidationError({"other_person_id": message})
    member = HouseholdMember(
        household_id=other.household_id, person_id=person.pk, relation=relation
    )
    member.full_clean()
    # Joining shows who the others are: the user must see the person and the one named.
    _may_write(user, [person.pk], categories_of(member), checked)
    _may_write(user, [other_person_id], {Category.IDENTITY}, checked)
    member.save()
    audit(
        user=user,
        action=Action.CREATE,
        purpose=checked,
        person_id=person.pk,
        categories=categories_of(member),
        detail={"household": other.household_id, "fields": ["relation"]},
    )
    return member


@transaction.atomic
def update_membership(
    *,
    user: Any,
    membership: HouseholdMember,
    relation: str,
    purpose: str | None = None,
    expected_version: int | None = None,
) -> list[str]:
    return audited_update(
        user=user,
        instance=membership,
        data={"relation": relation},
        purpose=purpose,
        detail={"household": membership.household_id},
        expected_version=expected_version,
    )


@transaction.atomic
def leave_household(*, user: Any, membership: HouseholdMember, purpose: str | None = None) -> None:
    """Take the person out of their household; a household left empty goes with them."""
    checked = checked_purpose(user, purpose, write=True)
    _may_write(user, [membership.person_id], categories_of(membership), checked)
    household_id = membership.household_id
    HouseholdMember.objects.filter(pk=membership.pk).delete()
    emptied = not HouseholdMember.objects.filter(household_id=household_id).exists()
    if emptied:
        Household.objects.filter(pk=household_id).delete()
    audit(
        user=user,
        action=Action.DELETE,
        purpose=checked,
        person_id=membership.person_id,
        categories=categories_of(membership),
        detail={"household": household_id, "household_deleted": emptied},
    )
