"""Merging two records of one person, and undoing a merge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import roles_of
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.people import namesearch
from anlaufstelle.people.models import (
    Household,
    HouseholdMember,
    LanguageSkill,
    Person,
    PersonMerge,
)
from anlaufstelle.people.services.base import (
    ENTRY_MODELS,
    audit,
    categories_of,
    checked_purpose,
    field_value,
    filled_fields,
    permitted,
)
from anlaufstelle.people.services.reads import person_for_change, record_read
from anlaufstelle.people.services.search import check_duplicates

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


# What else belongs to the human a record stands for, and follows a merge to the survivor (and
# goes back with an undo): other apps' rows, named by model label so that the registry imports
# none of them, with the data category each counts as in the audit trail. A row the survivor
# cannot take (a second current placement or waiting entry, a second record of residence facts,
# a second invitation of one run) stays with the merged record, and the merge records that.
FOLLOWERS: dict[str, Category] = {
    "cases.case": Category.IDENTITY,
    "eligibility.recordedfacts": Category.RESIDENCE,
    "eligibility.conviction": Category.RESIDENCE,
    "payouts.benefitdecision": Category.BENEFITS,
    "housing.waitingentry": Category.IDENTITY,
    "housing.placement": Category.IDENTITY,
    "hotline.call": Category.IDENTITY,
    "hall.visit": Category.IDENTITY,
    "appointments.booking": Category.IDENTITY,
    "appointments.invitation": Category.IDENTITY,
    "privacy.consent": Category.IDENTITY,
    "privacy.release": Category.IDENTITY,
    "privacy.transferrequest": Category.IDENTITY,
    "privacy.legalhold": Category.IDENTITY,
}


def _move_rows(model: type[models.Model], ids: list[int], to: int) -> tuple[list[int], list[int]]:
    """Moves the rows to person `to`: (moved, refused by a constraint). All at once where the
    survivor can take them all, which is the usual case; else one savepoint each."""
    if not ids:
        return [], []
    try:
        with transaction.atomic():
            model._default_manager.filter(pk__in=ids).update(person_id=to)
    except IntegrityError:
        pass
    else:
        return list(ids), []
    moved, refused = [], []
    for pk in ids:
        try:
            with transaction.atomic():
                model._default_manager.filter(pk=pk).update(person_id=to)
        except IntegrityError:
            refused.append(pk)
        else:
            moved.append(pk)
    return moved, refused


def _follow(
    merged: Person, survivor: Person
) -> tuple[dict[str, list[int]], dict[str, list[int]], set[str]]:
    """Moves the FOLLOWERS of `merged` to `survivor`: (moved ids, stayed ids, categories)."""
    moved: dict[str, list[int]] = {}
    stayed: dict[str, list[int]] = {}
    categories: set[str] = set()
    for label, category in FOLLOWERS.items():
        model = apps.get_model(label)
        rows = model._default_manager.filter(person_id=merged.pk).order_by("pk")
        done, refused = _move_rows(model, list(rows.values_list("pk", flat=True)), survivor.pk)
        if done:
            moved[label] = done
            categories.add(str(category))
        if refused:
            stayed[label] = refused
    return moved, stayed, categories


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def merge_fills(survivor: Person, merged: Person) -> list[str]:
    """The survivor's empty fields that the merged record would fill."""
    fills = [
        name
        for name in MERGE_FILLS
        if _is_empty(field_value(survivor, name)) and not _is_empty(field_value(merged, name))
    ]
    if survivor.stateless and "nationalities" in fills:
        fills.remove("nationalities")
    if survivor.birth_date is None and merged.birth_date is not None:
        fills.extend(_BIRTH_DATE_FIELDS)
    return fills


def _json_value(instance: models.Model, name: str) -> Any:
    value = field_value(instance, name)
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
        kind: model.objects.filter(person_id=person.pk).count()
        for kind, model in ENTRY_MODELS.items()
    }
    counts["household"] = HouseholdMember.objects.filter(person_id=person.pk).count()
    # The person's rows in the other parts of the house, which follow a merge too.
    counts["records"] = sum(
        apps.get_model(label)._default_manager.filter(person_id=person.pk).count()
        for label in FOLLOWERS
    )
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
    checked = checked_purpose(user, purpose, write=False)
    if person_id == other_id:
        raise ValidationError(_("Choose another record than this one."))
    first = person_for_change(person_id=person_id)
    second = person_for_change(person_id=other_id)
    for one in (first, second):
        shown = categories_of(one, filled_fields(one))
        decision = permitted(user=user, person=one, categories=shown, purpose=checked)
        audit(
            user=user,
            action=Action.READ,
            purpose=checked,
            person_id=one.pk,
            categories=shown,
            detail={
                "access": decision.record(),
                "page": "merge",
                "compared_with": (second if one is first else first).pk,
                # The page names both: each entry lists both, like a search lists its hits.
                "shown": sorted([first.pk, second.pk]),
            },
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
    checked = checked_purpose(user, purpose, write=True)
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
        rows = list(model.objects.filter(person_id=merged.pk).order_by("pk"))
        if kind == "language":
            rows = [
                row for row in rows if isinstance(row, LanguageSkill) and row.language not in held
            ]
        if rows:
            moved[kind] = [row.pk for row in rows]
            for row in rows:
                categories |= categories_of(row)
            model.objects.filter(pk__in=moved[kind]).update(person_id=survivor.pk)
    followed, stayed, followed_categories = _follow(merged, survivor)
    moved.update(followed)
    categories |= followed_categories

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
    # What the survivor could not take stays with the merged record, named in both entries.
    left = {label: len(ids) for label, ids in stayed.items()}
    audit(
        user=user,
        action=Action.MERGE,
        purpose=checked,
        person_id=survivor.pk,
        categories=categories | categories_of(survivor, fills),
        detail={
            "merge": merge.pk,
            "absorbed": merged.pk,
            "moved": summary,
            "stayed": left,
            "fields": fills,
        },
    )
    audit(
        user=user,
        action=Action.MERGE,
        purpose=checked,
        person_id=merged.pk,
        categories=categories,
        detail={"merge": merge.pk, "merged_into": survivor.pk, "moved": summary, "stayed": left},
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
    for person in (merge.survivor, merge.merged):
        identity = [Category.IDENTITY]
        decision = permitted(user=user, person=person, categories=identity, purpose=Purpose.REVIEW)
        audit(
            user=user,
            action=Action.READ,
            purpose=Purpose.REVIEW,
            person_id=person.pk,
            categories=identity,
            detail={"page": "undo merge", "merge": merge.pk, "access": decision.record()},
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
        if kind in FOLLOWERS:
            model = apps.get_model(kind)
            mine = model._default_manager.filter(pk__in=ids, person_id=survivor.pk)
            returned, _refused = _move_rows(
                model, list(mine.values_list("pk", flat=True)), merged.pk
            )
            # Gone since, moved on, or refused by a constraint: named as not given back.
            if missing := sorted(set(ids) - set(returned)):
                not_restored[kind] = missing
            continue
        model = ENTRY_MODELS[kind]
        here = model.objects.filter(pk__in=ids, person_id=survivor.pk)
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
        audit(
            user=user,
            action=Action.UNMERGE,
            purpose=Purpose.CORRECTION,
            person_id=person_id,
            categories=[Category.IDENTITY],
            detail={
                "merge": merge.pk,
                "other": other,
                "fields": restored if person_id == survivor.pk else [],
                "not_restored": not_restored,
            },
        )
    return merge
