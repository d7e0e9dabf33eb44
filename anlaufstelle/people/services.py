"""Every read and write of a person's data. Each function records its audit entry inside the
same transaction as the change, so a change never commits without its entry or the reverse.

Reads that put a person's data on a page record a "read" naming the data categories shown.
Lookups for a write (`person_for_change`, `entry_for_change`) record nothing themselves: the
write records what it changed, and a page that then shows data records that read separately.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import roles_of
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.matching import BirthDate
from anlaufstelle.people import namesearch
from anlaufstelle.people.models import (
    Document,
    Household,
    HouseholdMember,
    LanguageSkill,
    Person,
    PersonMerge,
    Qualification,
    Schooling,
    WorkExperience,
)

# The role that justifies each purpose. A purpose the user's roles do not cover is refused, so a
# view cannot claim a purpose its user does not have.
PURPOSE_ROLES = {
    Purpose.REGISTRATION: Role.RECEPTION,
    Purpose.CASEWORK: Role.DESK_OFFICER,
    Purpose.REVIEW: Role.DATA_PROTECTION,
    Purpose.CORRECTION: Role.DATA_PROTECTION,
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


def _locked_change(instance: models.Model, data: dict[str, Any]) -> tuple[Any, list[str]]:
    """Apply ``data`` to the row as stored (locked), validate and save it.

    Compares with the stored row, not with an instance a form may already have changed, and
    saves nothing when nothing changed. Returns the stored row and the changed field names."""
    stored = type(instance).objects.select_for_update().get(pk=instance.pk)  # type: ignore[attr-defined]
    changed = _apply(stored, data)
    if changed:
        stored.full_clean()
        stored.save()
    return stored, changed


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
    hits: list[namesearch.Hit]
    # More people matched than were listed: the query should be narrowed, not paged through.
    truncated: bool
    # Part of the name is shared by so many people that it was not followed on its own.
    too_common: bool = False

    @property
    def people(self) -> list[Person]:
        return [hit.person for hit in self.hits]


def search_terms(query: str) -> list[str]:
    return unicodedata.normalize("NFC", query).split()[:MAX_QUERY_TERMS]


def _given_fields(**fields: Any) -> list[str]:
    # Which fields a search used, never their values: a name in the audit trail would be a
    # copy of the very data the trail protects.
    return [name for name, value in fields.items() if value]


@transaction.atomic
def search_people(
    *,
    user: Any,
    query: str,
    born: BirthDate | None = None,
    sex: str | None = None,
    nationality: str | None = None,
    limit: int = 25,
    exclude: Iterable[int] = (),
    purpose: str | None = None,
) -> SearchResult:
    """The people who best match a name in any script or spelling, ranked by the matching
    core, with its explanation; never a list of everyone. See `namesearch.text_query` for how
    the one name field is read."""
    checked = _checked_purpose(user, purpose, write=False)
    terms = search_terms(query)
    if sum(1 for char in "".join(terms) if char.isalpha()) < MIN_QUERY_LENGTH:
        raise ValidationError(
            {"q": _("Enter at least %(n)d letters of a name.") % {"n": MIN_QUERY_LENGTH}}
        )
    wanted = namesearch.text_query(
        " ".join(terms), birth_date=born, sex=sex, nationality=nationality
    )
    found = namesearch.find(wanted, limit=limit, exclude=exclude)
    if not found.hits and not found.too_common:
        # Nothing by whole names: perhaps the name is still being typed. (A name too common to
        # follow is complete already; listing its first namesakes would only mislead.)
        found = namesearch.find_by_prefix(wanted, terms, limit=limit, exclude=exclude)
    result = SearchResult(hits=found.hits, truncated=found.truncated, too_common=found.too_common)
    _record(
        user=user,
        action=Action.SEARCH,
        purpose=checked,
        person_id=None,
        categories=[Category.IDENTITY],
        detail={
            "fields": _given_fields(name=terms, born=born, sex=sex, nationality=nationality),
            "results": len(result.hits),
            # Whose names the list showed: an access request must find this search too.
            "shown": [hit.person.pk for hit in result.hits],
        },
    )
    return result


class ProbableDuplicates(ValidationError):
    """The entered person is probably registered already; nothing was saved."""

    def __init__(self, hits: list[namesearch.Hit]) -> None:
        super().__init__(
            _(
                "This person is probably registered already. Check the records above; if this"
                " is a different person, confirm it and register again."
            ),
            code="probable_duplicates",
        )
        self.hits = hits


@transaction.atomic
def check_duplicates(
    *, user: Any, person: Person, exclude: Iterable[int] = (), purpose: str | None = None
) -> list[namesearch.Hit]:
    """Registered people who are probably this (saved or entered) person. Recorded as a
    search: it looks through the registry like one."""
    checked = _checked_purpose(user, purpose, write=False)
    hits = namesearch.probable_duplicates(namesearch.person_to_record(person), exclude=exclude)
    _record(
        user=user,
        action=Action.SEARCH,
        purpose=checked,
        person_id=person.pk,
        categories=[Category.IDENTITY],
        detail={"check": "duplicates", "results": len(hits)},
    )
    return hits


# --- Reads -----------------------------------------------------------------------------------


class PersonMerged(ObjectDoesNotExist):
    """The record was merged into another one; its data lives on there."""

    def __init__(self, *, person_id: int, survivor_id: int) -> None:
        super().__init__(f"person {person_id} was merged into {survivor_id}")
        self.person_id = person_id
        self.survivor_id = survivor_id


def _survivor_of(person: Person) -> int:
    # A survivor may itself have been merged later on: follow to the record that is current.
    target, seen = person.merged_into_id, {person.pk}
    while target is not None and target not in seen:
        seen.add(target)
        following = Person.objects.filter(pk=target).values_list("merged_into_id", flat=True)
        nxt = following.first()
        if nxt is None:
            break
        target = nxt
    return target  # type: ignore[return-value]


def _live(person: Person) -> Person:
    if person.merged_into_id is not None:
        raise PersonMerged(person_id=person.pk, survivor_id=_survivor_of(person))
    return person


def person_for_change(*, person_id: int) -> Person:
    return _live(Person.objects.get(pk=person_id))


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
            Prefetch(
                "merges_kept",
                queryset=PersonMerge.objects.filter(undone_at__isnull=True).order_by("-pk"),
                to_attr="merges",
            ),
        )
        .get(pk=person_id)
    )
    _live(person)
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
    _live(person)
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
    entry = model.objects.select_related("person").get(  # type: ignore[attr-defined]
        pk=entry_id, person_id=person_id
    )
    _live(entry.person)
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


# --- Writes: the person ----------------------------------------------------------------------


def register_person(
    *,
    user: Any,
    data: dict[str, Any],
    purpose: str | None = None,
    different_person: bool = False,
) -> Person:
    """Validate, check for duplicates, save. When the check finds probable duplicates nothing
    is saved (`ProbableDuplicates`) unless staff confirmed that this is a different person.

    Not one transaction: the duplicate check is a search that happened and stays recorded even
    when the registration then stops."""
    checked = _checked_purpose(user, purpose, write=True)
    person = Person()
    _apply(person, data)
    person.full_clean()
    hits = check_duplicates(user=user, person=person, purpose=checked)
    if hits and not different_person:
        raise ProbableDuplicates(hits)
    return _save_new_person(
        user=user, person=person, purpose=checked, not_duplicate_of=[h.person.pk for h in hits]
    )


@transaction.atomic
def _save_new_person(
    *, user: Any, person: Person, purpose: Purpose, not_duplicate_of: list[int]
) -> Person:
    person.save()
    namesearch.refresh_keys(person)
    filled = _filled_fields(person)
    detail: dict[str, Any] = {"fields": filled}
    if not_duplicate_of:
        # Staff saw these records and confirmed that this is someone else.
        detail["not_duplicate_of"] = not_duplicate_of
    _record(
        user=user,
        action=Action.CREATE,
        purpose=purpose,
        person_id=person.pk,
        categories=categories_of(person, filled),
        detail=detail,
    )
    return person


@transaction.atomic
def update_person(
    *, user: Any, person: Person, data: dict[str, Any], purpose: str | None = None
) -> list[str]:
    """Change the given fields; return the names of those that changed (none: nothing saved)."""
    checked = _checked_purpose(user, purpose, write=True)
    stored, changed = _locked_change(person, data)
    if not changed:
        return []
    namesearch.refresh_keys(stored)
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
    stored, changed = _locked_change(household, data)
    if not changed:
        return []
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
    stored, changed = _locked_change(membership, {"relation": relation})
    if not changed:
        return []
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
    # The categories before the change count too: see the document case below.
    locked = type(entry).objects.select_for_update()  # type: ignore[attr-defined]
    before = categories_of(locked.get(pk=entry.pk))
    stored, changed = _locked_change(entry, data)
    if not changed:
        return []
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


# --- Duplicates and merging ------------------------------------------------------------------

# Fields of the surviving record that a merge fills from the merged one when they are empty.
# Never overwritten: what the survivor holds was entered for it.
MERGE_FILLS = (
    "given_names",
    "family_name_original",
    "given_names_original",
    "sex",
    "nationalities",
    "birth_place",
    "birth_country",
    "languages",
    "phone",
    "email",
    "address",
    "particulars",
)
_BIRTH_DATE_FIELDS = ("birth_date", "birth_date_precision", "birth_date_placeholder")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def merge_fills(survivor: Person, merged: Person) -> list[str]:
    """The survivor's empty fields that the merged record would fill."""
    fills = [
        name
        for name in MERGE_FILLS
        if _is_empty(_field_value(survivor, name)) and not _is_empty(_field_value(merged, name))
    ]
    if survivor.stateless and "nationalities" in fills:
        fills.remove("nationalities")
    if survivor.birth_date is None and merged.birth_date is not None:
        fills.extend(_BIRTH_DATE_FIELDS)
    return fills


def _json_value(instance: models.Model, name: str) -> Any:
    value = _field_value(instance, name)
    return value.isoformat() if hasattr(value, "isoformat") else value


@dataclass(frozen=True)
class MergeComparison:
    first: Person
    second: Person
    match: namesearch.Match
    # What each would take over from the other if it survived.
    fills: dict[int, list[str]]
    # Entries and household of each, by kind: what a merge would move.
    counts: dict[int, dict[str, int]]


def _entry_counts(person: Person) -> dict[str, int]:
    counts = {
        kind: model.objects.filter(person_id=person.pk).count()  # type: ignore[attr-defined]
        for kind, model in ENTRY_MODELS.items()
    }
    counts["household"] = HouseholdMember.objects.filter(person_id=person.pk).count()
    return counts


@transaction.atomic
def duplicates_of(
    *, user: Any, person_id: int, purpose: str | None = None
) -> tuple[Person, list[namesearch.Hit]]:
    """A person and the records that are probably the same person, to choose one to merge."""
    person = person_for_change(person_id=person_id)
    record_read(user=user, person=person, purpose=purpose, detail={"page": "merge"})
    hits = check_duplicates(user=user, person=person, exclude=[person.pk], purpose=purpose)
    return person, hits


@transaction.atomic
def compare_for_merge(
    *, user: Any, person_id: int, other_id: int, purpose: str | None = None
) -> MergeComparison:
    """Two records side by side, with the core's verdict on them."""
    checked = _checked_purpose(user, purpose, write=False)
    if person_id == other_id:
        raise ValidationError(_("Choose another record than this one."))
    first = person_for_change(person_id=person_id)
    second = person_for_change(person_id=other_id)
    for one in (first, second):
        _record(
            user=user,
            action=Action.READ,
            purpose=checked,
            person_id=one.pk,
            categories=categories_of(one, _filled_fields(one)),
            detail={"page": "merge", "compared_with": (second if one is first else first).pk},
        )
    return MergeComparison(
        first=first,
        second=second,
        match=namesearch.score(
            namesearch.person_to_record(first), namesearch.person_to_record(second)
        ),
        fills={
            first.pk: merge_fills(first, second),
            second.pk: merge_fills(second, first),
        },
        counts={first.pk: _entry_counts(first), second.pk: _entry_counts(second)},
    )


def _locked_pair(first_id: int, second_id: int) -> dict[int, Person]:
    # Locked in id order, so that two merges of the same pair cannot deadlock.
    people = Person.objects.select_for_update().filter(pk__in=[first_id, second_id]).order_by("pk")
    found = {p.pk: p for p in people}
    if len(found) != 2:
        raise Person.DoesNotExist
    return found


@transaction.atomic
def merge_people(
    *, user: Any, survivor_id: int, merged_id: int, purpose: str | None = None
) -> PersonMerge:
    """Merge a duplicate record into the surviving one.

    Biography entries and documents move to the survivor (a language the survivor already has
    keeps the survivor's level); the household membership moves too, unless the survivor has
    one, which is then kept and the other set aside. Empty fields of the survivor are filled.
    The merged record stays, hidden from search, pointing to the survivor. Everything needed
    to undo it is stored in the `PersonMerge`; both records get an audit entry.
    """
    checked = _checked_purpose(user, purpose, write=True)
    if survivor_id == merged_id:
        raise ValidationError(_("A record cannot be merged with itself."))
    locked = _locked_pair(survivor_id, merged_id)
    survivor, merged = locked[survivor_id], locked[merged_id]
    if survivor.merged_into_id is not None or merged.merged_into_id is not None:
        raise ValidationError(_("One of the records has already been merged into another."))

    moved: dict[str, list[int]] = {}
    categories: set[str] = {str(Category.IDENTITY)}
    held = set(
        LanguageSkill.objects.filter(person_id=survivor.pk).values_list("language", flat=True)
    )
    for kind, model in ENTRY_MODELS.items():
        rows = list(model.objects.filter(person_id=merged.pk).order_by("pk"))  # type: ignore[attr-defined]
        if kind == "language":
            rows = [row for row in rows if row.language not in held]
        if rows:
            moved[kind] = [row.pk for row in rows]
            for row in rows:
                categories |= categories_of(row)
            model.objects.filter(pk__in=moved[kind]).update(person_id=survivor.pk)  # type: ignore[attr-defined]

    membership: dict[str, Any] = {}
    theirs = HouseholdMember.objects.filter(person_id=merged.pk).first()
    if theirs is not None:
        membership = {
            "id": theirs.pk,
            "household": theirs.household_id,
            "relation": theirs.relation,
            "moved": not HouseholdMember.objects.filter(person_id=survivor.pk).exists(),
        }
        if membership["moved"]:
            HouseholdMember.objects.filter(pk=theirs.pk).update(person_id=survivor.pk)
        else:
            # The survivor's own household is kept. The other membership is set aside (its
            # household stays, so that an undo can put the member back).
            HouseholdMember.objects.filter(pk=theirs.pk).delete()
        categories |= categories_of(theirs)

    fills = merge_fills(survivor, merged)
    survivor_before = {name: _json_value(survivor, name) for name in fills}
    for name in fills:
        setattr(survivor, name, getattr(merged, name))
    survivor.full_clean()
    survivor.save()
    merged.merged_into = survivor
    merged.merged_at = timezone.now()
    merged.full_clean()
    merged.save(update_fields=["merged_into", "merged_at", "updated_at"])
    namesearch.refresh_keys(survivor)
    namesearch.refresh_keys(merged)

    merge = PersonMerge(
        survivor=survivor,
        merged=merged,
        merged_by=Actor.from_user(user).username,
        moved=moved,
        survivor_before=survivor_before,
        membership=membership,
    )
    merge.full_clean()
    merge.save()
    summary = {kind: len(ids) for kind, ids in moved.items()}
    _record(
        user=user,
        action=Action.MERGE,
        purpose=checked,
        person_id=survivor.pk,
        categories=categories | categories_of(survivor, fills),
        detail={"merge": merge.pk, "absorbed": merged.pk, "moved": summary, "fields": fills},
    )
    _record(
        user=user,
        action=Action.MERGE,
        purpose=checked,
        person_id=merged.pk,
        categories=categories,
        detail={"merge": merge.pk, "merged_into": survivor.pk, "moved": summary},
    )
    return merge


def _require_data_protection(user: Any) -> None:
    if Role.DATA_PROTECTION not in roles_of(user):
        raise PermissionDenied("only data-protection officers undo merges")


@transaction.atomic
def get_merge(*, user: Any, merge_id: int) -> PersonMerge:
    """A merge with both records, for the page that offers to undo it."""
    _require_data_protection(user)
    merge = PersonMerge.objects.select_related("survivor", "merged").get(pk=merge_id)
    for person_id in (merge.survivor_id, merge.merged_id):
        _record(
            user=user,
            action=Action.READ,
            purpose=Purpose.REVIEW,
            person_id=person_id,
            categories=[Category.IDENTITY],
            detail={"page": "undo merge", "merge": merge.pk},
        )
    return merge


@transaction.atomic
def unmerge_people(*, user: Any, merge_id: int) -> PersonMerge:
    """Undo a merge: the rows go back, the survivor's filled fields are emptied again, the
    set-aside household membership returns and the merged record is searchable again.

    Only data-protection officers may, and only the latest merge of a chain: a survivor that
    was merged into yet another record since must be taken out of that merge first.
    """
    _require_data_protection(user)
    merge = PersonMerge.objects.select_for_update().get(pk=merge_id)
    if merge.is_undone:
        raise ValidationError(_("This merge has already been undone."))
    locked = _locked_pair(merge.survivor_id, merge.merged_id)
    survivor, merged = locked[merge.survivor_id], locked[merge.merged_id]
    if survivor.merged_into_id is not None:
        raise ValidationError(
            _("The surviving record has been merged into another one since. Undo that first.")
        )
    if merged.merged_into_id != survivor.pk:
        raise ValidationError(_("The records are no longer merged."))

    not_restored: dict[str, list[int]] = {}
    for kind, ids in merge.moved.items():
        model = ENTRY_MODELS[kind]
        here = model.objects.filter(pk__in=ids, person_id=survivor.pk)  # type: ignore[attr-defined]
        back = set(here.values_list("pk", flat=True))
        here.update(person_id=merged.pk)
        if missing := sorted(set(ids) - back):
            # Deleted or moved on since the merge: nothing left to give back.
            not_restored[kind] = missing
    membership = merge.membership
    if membership:
        if membership["moved"]:
            updated = HouseholdMember.objects.filter(
                pk=membership["id"], person_id=survivor.pk
            ).update(person_id=merged.pk)
            if not updated:
                not_restored["household"] = [membership["id"]]
        elif Household.objects.filter(pk=membership["household"]).exists():
            member = HouseholdMember(
                pk=membership["id"],
                household_id=membership["household"],
                person_id=merged.pk,
                relation=membership["relation"],
            )
            member.full_clean(validate_unique=False)
            member.save(force_insert=True)
        else:
            not_restored["household"] = [membership["id"]]

    # Fields the merge filled go back to empty, unless someone has changed them since.
    restored = []
    for name, before in merge.survivor_before.items():
        if _json_value(survivor, name) == _json_value(merged, name):
            setattr(survivor, name, before)
            restored.append(name)
    survivor.full_clean()
    survivor.save()
    merged.merged_into = None
    merged.merged_at = None
    merged.full_clean()
    merged.save(update_fields=["merged_into", "merged_at", "updated_at"])
    namesearch.refresh_keys(survivor)
    namesearch.refresh_keys(merged)
    merge.undone_at = timezone.now()
    merge.undone_by = Actor.from_user(user).username
    merge.save(update_fields=["undone_at", "undone_by"])
    for person_id, other in ((survivor.pk, merged.pk), (merged.pk, survivor.pk)):
        _record(
            user=user,
            action=Action.MERGE,
            purpose=Purpose.CORRECTION,
            person_id=person_id,
            categories=[Category.IDENTITY],
            detail={
                "merge": merge.pk,
                "undone": True,
                "other": other,
                "fields": restored if person_id == survivor.pk else [],
                "not_restored": not_restored,
            },
        )
    return merge


# --- Batch duplicate report ------------------------------------------------------------------


@transaction.atomic
def duplicate_report(
    *, user: Any, after: str = "", max_blocks: int | None = None
) -> namesearch.Report:
    """One page of the duplicate report: the probable duplicate pairs among the people who
    share a key, for a block of keys after `after`. For data-protection review only."""
    checked = _checked_purpose(user, Purpose.REVIEW, write=False)
    report = namesearch.duplicate_pairs(after=after, max_blocks=max_blocks)
    _record(
        user=user,
        action=Action.SEARCH,
        purpose=checked,
        person_id=None,
        categories=[Category.IDENTITY],
        detail={
            "report": "duplicates",
            "blocks": report.blocks,
            "pairs_considered": report.considered,
            "pairs_checked": report.checked,
            "results": len(report.pairs),
            # Whose names the page showed, so that an access request finds this review too.
            "shown": sorted(
                {pk for pair in report.pairs for pk in (pair.first.pk, pair.second.pk)}
            ),
        },
    )
    return report


def full_duplicate_report(*, max_blocks: int | None = None) -> namesearch.Report:
    """The whole report in one go, for the operator's command (recorded as the system).

    Not one transaction: at a million people the walk takes a while, and a transaction that
    long would hold back the database's clean-up of old rows. Each page reads on its own."""
    pairs: dict[tuple[int, int], namesearch.Pair] = {}
    checked = blocks = considered = 0
    for page in namesearch.all_duplicate_pairs(max_blocks=max_blocks):
        checked += page.checked
        blocks += page.blocks
        considered += page.considered
        for pair in page.pairs:
            pairs.setdefault((pair.first.pk, pair.second.pk), pair)
    ordered = sorted(pairs.values(), key=lambda p: (-p.match.score, p.first.pk, p.second.pk))
    _record(
        user=None,
        action=Action.SEARCH,
        purpose=Purpose.REVIEW,
        person_id=None,
        categories=[Category.IDENTITY],
        detail={
            "report": "duplicates",
            "blocks": blocks,
            "pairs_considered": considered,
            "pairs_checked": checked,
            "results": len(ordered),
        },
    )
    return namesearch.Report(
        pairs=ordered, checked=checked, blocks=blocks, next_after=None, considered=considered
    )
