"""Reads: a person's data for a page, each recorded with the data categories it shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Prefetch

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.people.models import (
    Document,
    HouseholdMember,
    LanguageSkill,
    Person,
    PersonMerge,
    Qualification,
    Schooling,
    WorkExperience,
)
from anlaufstelle.people.services import pace
from anlaufstelle.people.services.base import (
    ENTRY_MODELS,
    audit,
    categories_of,
    checked_purpose,
    filled_fields,
    permitted,
)
from anlaufstelle.privacy import services as access

# What a person's page shows: the registry's categories.
PAGE_CATEGORIES = frozenset(
    {Category.IDENTITY, Category.CONTACT, Category.BIOGRAPHY, Category.RESIDENCE}
)


class PersonMerged(ObjectDoesNotExist):
    """The record was merged into another one; its data lives on there."""

    def __init__(self, *, person_id: int, survivor_id: int) -> None:
        super().__init__(f"person {person_id} was merged into {survivor_id}")
        self.person_id = person_id
        self.survivor_id = survivor_id


def _survivor_of(person: Person, target: int) -> int:
    # A survivor may itself have been merged later on: follow to the record that is current.
    seen = {person.pk}
    while target not in seen:
        seen.add(target)
        following = Person.objects.filter(pk=target).values_list("merged_into_id", flat=True)
        nxt = following.first()
        if nxt is None:
            break
        target = nxt
    return target


def live(person: Person) -> Person:
    if person.merged_into_id is not None:
        raise PersonMerged(
            person_id=person.pk, survivor_id=_survivor_of(person, person.merged_into_id)
        )
    return person


def person_for_change(*, person_id: int) -> Person:
    return live(Person.objects.get(pk=person_id))


@transaction.atomic
def record_read(
    *,
    user: Any,
    person: Person,
    purpose: str | None = None,
    categories: Iterable[str] = (Category.IDENTITY,),
    detail: dict[str, Any] | None = None,
) -> None:
    """For a page that shows data of a person it already holds, e.g. a form shown again:
    refused as a whole where the access decision refuses any of the categories."""
    checked = checked_purpose(user, purpose, write=False)
    categories = set(categories)
    decision = permitted(user=user, person=person, categories=categories, purpose=checked)
    audit(
        user=user,
        action=Action.READ,
        purpose=checked,
        person_id=person.pk,
        categories=categories,
        detail={**(detail or {}), "access": decision.record()},
    )


@transaction.atomic
def get_person(
    *,
    user: Any,
    person_id: int,
    purpose: str | None = None,
    categories: Iterable[str] = (Category.IDENTITY,),
    detail: dict[str, Any] | None = None,
) -> Person:
    """A person for a page that shows only the given categories, e.g. the name above a form."""
    pace.check_person(user, person_id)
    person = person_for_change(person_id=person_id)
    record_read(user=user, person=person, purpose=purpose, categories=categories, detail=detail)
    return person


def _household_members() -> Prefetch:
    return Prefetch(
        "membership__household__members",
        queryset=HouseholdMember.objects.select_related("person").order_by(
            "person__family_name", "person__given_names"
        ),
    )


def _record_household_reads(
    *, user: Any, person: Person, purpose: Purpose, allowed: frozenset[str]
) -> set[str]:
    """Members' names appear on this person's page where the access decision lets the user see
    each member's identity (`member.shown`): a read of their identity, recorded under their own
    number so that their access request finds it. The household's address is contact data of
    this person, shown only where `allowed` holds it."""
    membership = getattr(person, "membership", None)
    if membership is None:
        return set()
    members = [m for m in membership.household.members.all() if m.person_id != person.pk]
    decisions = access.decide_many(
        user=user,
        people=[m.person for m in members],
        categories=[Category.IDENTITY],
        purpose=purpose,
    )
    for member in membership.household.members.all():
        member.shown = member.person_id == person.pk
    for member in members:
        decision = decisions[member.person_id]
        member.shown = Category.IDENTITY in decision.allowed
        if member.shown:
            audit(
                user=user,
                action=Action.READ,
                purpose=purpose,
                person_id=member.person_id,
                categories=[Category.IDENTITY],
                detail={"shown_with": person.pk, "access": decision.record()},
            )
    household = membership.household
    shown = categories_of(membership) | categories_of(household, filled_fields(household))
    return shown & allowed


@transaction.atomic
def get_person_for_view(*, user: Any, person_id: int, purpose: str | None = None) -> Person:
    """A person with household, biography and documents, fetched in a fixed number of queries."""
    checked = checked_purpose(user, purpose, write=False)
    pace.check_person(user, person_id)
    person = (
        Person.objects.select_related("membership__household")
        .prefetch_related(
            _household_members(),
            Prefetch("schooling", queryset=Schooling.objects.order_by("-years", "pk")),
            Prefetch("qualifications", queryset=Qualification.objects.order_by("-year", "pk")),
            Prefetch(
                "work_experience", queryset=WorkExperience.objects.order_by("-from_year", "pk")
            ),
            Prefetch("language_skills", queryset=LanguageSkill.objects.order_by("language")),
            Prefetch("documents", queryset=Document.objects.order_by("-valid_until", "-pk")),
            Prefetch(
                "merges_kept",
                queryset=PersonMerge.objects.filter(undone_at__isnull=True).order_by("-pk"),
                to_attr="merges",
            ),
        )
        .get(pk=person_id)
    )
    live(person)
    held = categories_of(person, filled_fields(person))
    for related in ("schooling", "qualifications", "work_experience", "language_skills"):
        for entry in getattr(person, related).all():
            held |= categories_of(entry)
    for document in person.documents.all():
        held |= categories_of(document)
    # Every category the page can show, filled or not: an empty section shown to someone who
    # may not see it would tell them there is nothing.
    decision = permitted(
        user=user, person=person, categories=PAGE_CATEGORIES, purpose=checked, whole=False
    )
    person.access = decision
    shown = held & decision.allowed
    shown |= _record_household_reads(
        user=user, person=person, purpose=checked, allowed=decision.allowed
    )
    audit(
        user=user,
        action=Action.READ,
        purpose=checked,
        person_id=person.pk,
        categories=shown,
        detail={"page": "detail", "access": decision.record()},
    )
    return person


@transaction.atomic
def get_person_for_edit(*, user: Any, person_id: int, purpose: str | None = None) -> Person:
    person = person_for_change(person_id=person_id)
    record_read(
        user=user,
        person=person,
        purpose=purpose,
        # The form shows every field, empty or not: all of them must be open to the user.
        categories={str(c) for c in Person.FIELD_CATEGORIES.values()},
        detail={"page": "edit"},
    )
    return person


@transaction.atomic
def get_household_page(*, user: Any, person_id: int, purpose: str | None = None) -> Person:
    """A person with their household and its members, for managing the household."""
    checked = checked_purpose(user, purpose, write=False)
    person = (
        Person.objects.select_related("membership__household")
        .prefetch_related(_household_members())
        .get(pk=person_id)
    )
    live(person)
    household = {Category.IDENTITY, Category.CONTACT}
    decision = permitted(user=user, person=person, categories=household, purpose=checked)
    shown = {Category.IDENTITY} | _record_household_reads(
        user=user, person=person, purpose=checked, allowed=decision.allowed
    )
    audit(
        user=user,
        action=Action.READ,
        purpose=checked,
        person_id=person.pk,
        categories=shown,
        detail={"page": "household", "access": decision.record()},
    )
    return person


def entry_for_change(*, person_id: int, kind: str, entry_id: int) -> Any:
    model = ENTRY_MODELS[kind]
    # Looked up through the person, so that an entry is only ever reached under its own person.
    entry = model.objects.select_related("person").get(pk=entry_id, person_id=person_id)
    live(entry.person)
    return entry


@transaction.atomic
def get_entry(
    *, user: Any, person_id: int, kind: str, entry_id: int, purpose: str | None = None
) -> Any:
    entry = entry_for_change(person_id=person_id, kind=kind, entry_id=entry_id)
    record_read(
        user=user,
        person=entry.person,
        purpose=purpose,
        categories=categories_of(entry) | {Category.IDENTITY},
        detail={"entry": kind, "entry_id": entry.pk},
    )
    return entry
