"""Every read and write of a person's data. Each function records its audit entry inside the
same transaction as the change, so a change never commits without its entry or the reverse.

Reads that put a person's data on a page record a "read" naming the data categories shown.
Lookups for a write (`person_for_change`, `entry_for_change`) record nothing themselves: the
write records what it changed, and a page that then shows data records that read separately.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import roles_of
from anlaufstelle.core.roles import Role
from anlaufstelle.people.models import (
    Document,
    Household,
    HouseholdMember,
    LanguageSkill,
    Person,
    Qualification,
    Schooling,
    WorkExperience,
)


class Purpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration at reception")
    CASEWORK = "casework", _("Casework at a desk")
    REVIEW = "data_protection_review", _("Data-protection review")


# The role that justifies each purpose. A purpose the user's roles do not cover is refused, so a
# view cannot claim a purpose its user does not have.
PURPOSE_ROLES = {
    Purpose.REGISTRATION: Role.RECEPTION,
    Purpose.CASEWORK: Role.DESK_OFFICER,
    Purpose.REVIEW: Role.DATA_PROTECTION,
}
# A review looks at data; it never changes it.
WRITE_PURPOSES = frozenset({Purpose.REGISTRATION, Purpose.CASEWORK})
# When a user holds several roles, the most specific work wins.
_PURPOSE_PREFERENCE = (Purpose.CASEWORK, Purpose.REGISTRATION, Purpose.REVIEW)

MIN_QUERY_LENGTH = 2
MAX_QUERY_TERMS = 6

# The biography and document entries a person's page lists, by the name used in URLs.
ENTRY_MODELS: dict[str, type[models.Model]] = {
    "schooling": Schooling,
    "qualification": Qualification,
    "work": WorkExperience,
    "language": LanguageSkill,
    "document": Document,
}


def purpose_for(user: Any, *, write: bool = False) -> Purpose:
    roles = roles_of(user)
    for purpose in _PURPOSE_PREFERENCE:
        if PURPOSE_ROLES[purpose] in roles and (not write or purpose in WRITE_PURPOSES):
            return purpose
    raise PermissionDenied


def _checked_purpose(user: Any, purpose: str | None, *, write: bool) -> Purpose:
    if purpose is None:
        return purpose_for(user, write=write)
    if purpose not in Purpose.values:
        raise PermissionDenied(f"unknown purpose {purpose!r}")
    checked = Purpose(purpose)
    if PURPOSE_ROLES[checked] not in roles_of(user) or (write and checked not in WRITE_PURPOSES):
        raise PermissionDenied(f"purpose {checked} is not open to this user")
    return checked


def _record(
    *,
    user: Any,
    action: str,
    purpose: Purpose,
    person_id: int | None,
    categories: Iterable[str],
    detail: dict[str, Any],
) -> None:
    record(
        actor=Actor.from_user(user),
        action=action,
        purpose=purpose.value,
        person_id=person_id,
        categories=[str(c) for c in categories],
        detail=detail,
    )


def entry_kind(entry: models.Model) -> str:
    return next(kind for kind, model in ENTRY_MODELS.items() if isinstance(entry, model))


def categories_of(instance: models.Model, fields: Iterable[str] | None = None) -> set[str]:
    """The data categories of the named fields (all declared fields when none are named)."""
    if isinstance(instance, Document):
        # A document's category follows its kind: a passport is identity, a Duldung residence.
        return {instance.category}
    declared: dict[str, str] = instance.FIELD_CATEGORIES  # type: ignore[attr-defined]
    names = declared if fields is None else [f for f in fields if f in declared]
    return {str(declared[name]) for name in names}


def _field_value(instance: models.Model, name: str) -> Any:
    value = getattr(instance, name)
    # Multiple-country fields read back as a descriptor; compare their codes.
    if hasattr(value, "__iter__") and not isinstance(value, str | list | dict):
        return [str(code) for code in value]
    return value


def _apply(instance: models.Model, data: dict[str, Any]) -> list[str]:
    """Set the given fields and name those whose value really changed."""
    # Only declared data fields: a stray "person_id" or "pk" would move or overwrite a row.
    unknown = set(data) - set(instance.FIELD_CATEGORIES)  # type: ignore[attr-defined]
    if unknown:
        raise ValueError(f"not data fields of {type(instance).__name__}: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        before = _field_value(instance, name)
        setattr(instance, name, value)
        if _field_value(instance, name) != before:
            changed.append(name)
    return changed


def _filled_fields(instance: models.Model) -> list[str]:
    """Fields that hold something: only they disclose or record data of their category."""
    declared: dict[str, str] = instance.FIELD_CATEGORIES  # type: ignore[attr-defined]
    filled = []
    for name in declared:
        value = _field_value(instance, name)
        if value is not None and value is not False and value != "" and value != []:
            filled.append(name)
    return filled


# --- Search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    people: list[Person]
    # More people matched than were listed: the query should be narrowed, not paged through.
    truncated: bool


def search_terms(query: str) -> list[str]:
    return unicodedata.normalize("NFC", query).split()[:MAX_QUERY_TERMS]


@transaction.atomic
def search_people(
    *,
    user: Any,
    query: str,
    birth_year: int | None = None,
    limit: int = 25,
    purpose: str | None = None,
) -> SearchResult:
    """Everyone whose names contain every term of the query; never a list of everyone."""
    checked = _checked_purpose(user, purpose, write=False)
    terms = search_terms(query)
    if len("".join(terms)) < MIN_QUERY_LENGTH:
        raise ValidationError(
            {"q": _("Enter at least %(n)d characters of a name.") % {"n": MIN_QUERY_LENGTH}}
        )
    people = Person.objects.all()
    for term in terms:
        # iregex, not icontains: SQLite's LIKE folds only ASCII case, so "олександр" would miss
        # "Олександр"; its REGEXP runs Python's re, which folds every script.
        pattern = re.escape(term)
        people = people.filter(
            Q(family_name__iregex=pattern)
            | Q(given_names__iregex=pattern)
            | Q(family_name_original__iregex=pattern)
            | Q(given_names_original__iregex=pattern)
        )
    if birth_year is not None:
        people = people.filter(birth_date__year=birth_year)
    found = list(people.order_by("family_name", "given_names", "pk")[: limit + 1])
    result = SearchResult(people=found[:limit], truncated=len(found) > limit)
    _record(
        user=user,
        action=Action.SEARCH,
        purpose=checked,
        person_id=None,
        categories=[Category.IDENTITY],
        detail={"terms": terms, "birth_year": birth_year, "results": len(result.people)},
    )
    return result


# --- Reads -----------------------------------------------------------------------------------


def person_for_change(*, person_id: int) -> Person:
    return Person.objects.get(pk=person_id)


@transaction.atomic
def record_read(
    *,
    user: Any,
    person: Person,
    purpose: str | None = None,
    categories: Iterable[str] = (Category.IDENTITY,),
    detail: dict[str, Any] | None = None,
) -> None:
    """For a page that shows data of a person it already holds, e.g. a form shown again."""
    checked = _checked_purpose(user, purpose, write=False)
    _record(
        user=user,
        action=Action.READ,
        purpose=checked,
        person_id=person.pk,
        categories=categories,
        detail=detail or {},
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


def _record_household_reads(*, user: Any, person: Person, purpose: Purpose) -> set[str]:
    """Members' names appear on this person's page: a read of their identity, recorded under
    their own number so that their access request finds it."""
    membership = getattr(person, "membership", None)
    if membership is None:
        return set()
    for member in membership.household.members.all():
        if member.person_id != person.pk:
            _record(
                user=user,
                action=Action.READ,
                purpose=purpose,
                person_id=member.person_id,
                categories=[Category.IDENTITY],
                detail={"shown_with": person.pk},
            )
    household = membership.household
    return categories_of(membership) | categories_of(household, _filled_fields(household))


@transaction.atomic
def get_person_for_view(*, user: Any, person_id: int, purpose: str | None = None) -> Person:
    """A person with household, biography and documents, fetched in a fixed number of queries."""
    checked = _checked_purpose(user, purpose, write=False)
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
        )
        .get(pk=person_id)
    )
    shown = categories_of(person, _filled_fields(person))
    shown |= _record_household_reads(user=user, person=person, purpose=checked)
    for related in ("schooling", "qualifications", "work_experience", "language_skills"):
        for entry in getattr(person, related).all():
            shown |= categories_of(entry)
    for document in person.documents.all():
        shown |= categories_of(document)
    _record(
        user=user,
        action=Action.READ,
        purpose=checked,
        person_id=person.pk,
        categories=shown,
        detail={"page": "detail"},
    )
    return person


@transaction.atomic
def get_person_for_edit(*, user: Any, person_id: int, purpose: str | None = None) -> Person:
    person = person_for_change(person_id=person_id)
    record_read(
        user=user,
        person=person,
        purpose=purpose,
        categories=categories_of(person, _filled_fields(person)),
        detail={"page": "edit"},
    )
    return person


@transaction.atomic
def get_household_page(*, user: Any, person_id: int, purpose: str | None = None) -> Person:
    """A person with their household and its members, for managing the household."""
    checked = _checked_purpose(user, purpose, write=False)
    person = (
        Person.objects.select_related("membership__household")
        .prefetch_related(_household_members())
        .get(pk=person_id)
    )
    shown = {Category.IDENTITY} | _record_household_reads(user=user, person=person, purpose=checked)
    _record(
        user=user,
        action=Action.READ,
        purpose=checked,
        person_id=person.pk,
        categories=shown,
        detail={"page": "household"},
    )
    return person


def entry_for_change(*, person_id: int, kind: str, entry_id: int) -> Any:
    model = ENTRY_MODELS[kind]
    # Looked up through the person, so that an entry is only ever reached under its own person.
    return model.objects.select_related("person").get(  # type: ignore[attr-defined]
        pk=entry_id, person_id=person_id
    )


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


# --- Writes: the person ----------------------------------------------------------------------


@transaction.atomic
def register_person(*, user: Any, data: dict[str, Any], purpose: str | None = None) -> Person:
    checked = _checked_purpose(user, purpose, write=True)
    person = Person()
    _apply(person, data)
    person.full_clean()
    person.save()
    filled = _filled_fields(person)
    _record(
        user=user,
        action=Action.CREATE,
        purpose=checked,
        person_id=person.pk,
        categories=categories_of(person, filled),
        detail={"fields": filled},
    )
    return person


@transaction.atomic
def update_person(
    *, user: Any, person: Person, data: dict[str, Any], purpose: str | None = None
) -> list[str]:
    """Change the given fields; return the names of those that changed (none: nothing saved)."""
    checked = _checked_purpose(user, purpose, write=True)
    # Compare with the row as stored, not with an instance a form may already have changed.
    stored = Person.objects.select_for_update().get(pk=person.pk)
    changed = _apply(stored, data)
    if not changed:
        return []
    stored.full_clean()
    stored.save()
    _record(
        user=user,
        action=Action.UPDATE,
        purpose=checked,
        person_id=stored.pk,
        categories=categories_of(stored, changed),
        detail={"fields": changed},
    )
    return changed


# --- Writes: households ----------------------------------------------------------------------


@transaction.atomic
def create_household(
    *, user: Any, person: Person, data: dict[str, Any], purpose: str | None = None
) -> Household:
    """A new household with this person as its head."""
    checked = _checked_purpose(user, purpose, write=True)
    if HouseholdMember.objects.filter(person_id=person.pk).exists():
        raise ValidationError(_("This person already belongs to a household."))
    household = Household()
    _apply(household, data)
    household.full_clean()
    household.save()
    member = HouseholdMember(
        household=household, person_id=person.pk, relation=HouseholdMember.Relation.HEAD
    )
    member.full_clean()
    member.save()
    filled = _filled_fields(household)
    _record(
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
    *, user: Any, household: Household, data: dict[str, Any], purpose: str | None = None
) -> list[str]:
    checked = _checked_purpose(user, purpose, write=True)
    stored = Household.objects.select_for_update().get(pk=household.pk)
    changed = _apply(stored, data)
    if not changed:
        return []
    stored.full_clean()
    stored.save()
    # The household's address is every member's data: each of them gets the entry.
    for person_id in stored.members.values_list("person_id", flat=True):
        _record(
            user=user,
            action=Action.UPDATE,
            purpose=checked,
            person_id=person_id,
            categories=categories_of(stored, changed),
            detail={"household": stored.pk, "fields": changed},
        )
    return changed


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
    checked = _checked_purpose(user, purpose, write=True)
    if other_person_id == person.pk:
        raise ValidationError({"other_person_id": _("Choose another person than this one.")})
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
    member.save()
    _record(
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
    *, user: Any, membership: HouseholdMember, relation: str, purpose: str | None = None
) -> list[str]:
    checked = _checked_purpose(user, purpose, write=True)
    stored = HouseholdMember.objects.select_for_update().get(pk=membership.pk)
    changed = _apply(stored, {"relation": relation})
    if not changed:
        return []
    stored.full_clean()
    stored.save()
    _record(
        user=user,
        action=Action.UPDATE,
        purpose=checked,
        person_id=stored.person_id,
        categories=categories_of(stored, changed),
        detail={"household": stored.household_id, "fields": changed},
    )
    return changed


@transaction.atomic
def leave_household(*, user: Any, membership: HouseholdMember, purpose: str | None = None) -> None:
    """Take the person out of their household; a household left empty goes with them."""
    checked = _checked_purpose(user, purpose, write=True)
    household_id = membership.household_id
    HouseholdMember.objects.filter(pk=membership.pk).delete()
    emptied = not HouseholdMember.objects.filter(household_id=household_id).exists()
    if emptied:
        Household.objects.filter(pk=household_id).delete()
    _record(
        user=user,
        action=Action.DELETE,
        purpose=checked,
        person_id=membership.person_id,
        categories=categories_of(membership),
        detail={"household": household_id, "household_deleted": emptied},
    )


# --- Writes: biography and documents ---------------------------------------------------------


@transaction.atomic
def add_entry(
    *,
    user: Any,
    person: Person,
    kind: str,
    data: dict[str, Any],
    purpose: str | None = None,
) -> Any:
    """A new schooling, qualification, work, language or document entry for the person."""
    checked = _checked_purpose(user, purpose, write=True)
    entry = ENTRY_MODELS[kind](person_id=person.pk)
    _apply(entry, data)
    entry.full_clean()
    entry.save()
    filled = _filled_fields(entry)
    _record(
        user=user,
        action=Action.CREATE,
        purpose=checked,
        person_id=person.pk,
        categories=categories_of(entry, filled),
        detail={"entry": kind, "entry_id": entry.pk, "fields": filled},
    )
    return entry


@transaction.atomic
def update_entry(
    *, user: Any, entry: models.Model, data: dict[str, Any], purpose: str | None = None
) -> list[str]:
    checked = _checked_purpose(user, purpose, write=True)
    kind = entry_kind(entry)
    stored = type(entry).objects.select_for_update().get(pk=entry.pk)  # type: ignore[attr-defined]
    before = categories_of(stored)
    changed = _apply(stored, data)
    if not changed:
        return []
    stored.full_clean()
    stored.save()
    # A document whose kind changed from passport to Duldung touched both categories.
    categories = categories_of(stored, changed)
    if isinstance(stored, Document):
        categories |= before
    _record(
        user=user,
        action=Action.UPDATE,
        purpose=checked,
        person_id=stored.person_id,
        categories=categories,
        detail={"entry": kind, "entry_id": stored.pk, "fields": changed},
    )
    return changed


@transaction.atomic
def delete_entry(*, user: Any, entry: models.Model, purpose: str | None = None) -> None:
    checked = _checked_purpose(user, purpose, write=True)
    kind = entry_kind(entry)
    entry_id, person_id = entry.pk, entry.person_id  # type: ignore[attr-defined]
    categories = categories_of(entry)
    type(entry).objects.filter(pk=entry_id).delete()  # type: ignore[attr-defined]
    _record(
        user=user,
        action=Action.DELETE,
        purpose=checked,
        person_id=person_id,
        categories=categories,
        detail={"entry": kind, "entry_id": entry_id},
    )
