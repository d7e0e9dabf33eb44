"""What every service of the registry shares: the purpose check, the audit entry, the data
categories of fields, and the audited update of one row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Protocol, runtime_checkable

from django.core.exceptions import PermissionDenied
from django.db import models

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import roles_of
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.people.models import (
    Document,
    LanguageSkill,
    Person,
    Qualification,
    Schooling,
    WorkExperience,
)
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy.decision import Decision

# The roles that justify each purpose. A purpose the user's roles do not cover is refused, so a
# view cannot claim a purpose its user does not have. A partner adviser's counselling is
# casework for their own organisation.
PURPOSE_ROLES: dict[Purpose, frozenset[Role]] = {
    Purpose.REGISTRATION: frozenset({Role.RECEPTION}),
    Purpose.CASEWORK: frozenset({Role.DESK_OFFICER, Role.PARTNER}),
    Purpose.REVIEW: frozenset({Role.DATA_PROTECTION}),
    Purpose.CORRECTION: frozenset({Role.DATA_PROTECTION}),
}
# A review looks at data; it never changes it.
WRITE_PURPOSES = frozenset({Purpose.REGISTRATION, Purpose.CASEWORK})
# When a user holds several roles, the most specific work wins.
_PURPOSE_PREFERENCE = (Purpose.CASEWORK, Purpose.REGISTRATION, Purpose.REVIEW)

# One of the biography and document entries; each belongs to exactly one person.
Entry = Schooling | Qualification | WorkExperience | LanguageSkill | Document

# The biography and document entries a person's page lists, by the name used in URLs.
ENTRY_MODELS: dict[str, type[Entry]] = {
    "schooling": Schooling,
    "qualification": Qualification,
    "work": WorkExperience,
    "language": LanguageSkill,
    "document": Document,
}


def purpose_for(user: Any, *, write: bool = False) -> Purpose:
    roles = roles_of(user)
    for purpose in _PURPOSE_PREFERENCE:
        if PURPOSE_ROLES[purpose] & roles and (not write or purpose in WRITE_PURPOSES):
            return purpose
    raise PermissionDenied


def checked_purpose(user: Any, purpose: str | None, *, write: bool) -> Purpose:
    if purpose is None:
        return purpose_for(user, write=write)
    if purpose not in Purpose.values:
        raise PermissionDenied(f"unknown purpose {purpose!r}")
    checked = Purpose(purpose)
    # A purpose no role claims (the demo's loading, the retention schedule) is no one's to ask.
    claimed = PURPOSE_ROLES.get(checked, frozenset()) & roles_of(user)
    if not claimed or (write and checked not in WRITE_PURPOSES):
        raise PermissionDenied(f"purpose {checked} is not open to this user")
    return checked


def permitted(
    *,
    user: Any,
    person: Person,
    categories: Iterable[str],
    purpose: Purpose,
    whole: bool = True,
) -> Decision:
    """The access decision (privacy/decision.py) for a read of these categories: refused
    (`AccessRefused`, recorded by privacy/middleware.py) if any of them is refused, or with
    `whole=False` only if the person's identity is, for a page that leaves out the rest."""
    decision = access.decide(
        user=user, person=person, categories={*categories, Category.IDENTITY}, purpose=purpose
    )
    if decision.refused if whole else Category.IDENTITY in decision.refused:
        raise access.AccessRefused(person_id=person.pk, purpose=purpose, decision=decision)
    return decision


def audit(
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


def held_or_refused(
    *, user: Any, person: Person, agency: Any, categories: Iterable[str], purpose: Purpose
) -> Decision:
    """The decision on `agency`'s own data of these categories about the person (housing,
    payouts): refused as a whole (`AccessRefused`, recorded by privacy/middleware.py) if any
    category is."""
    decision = access.decide_held(
        user=user, person=person, held={agency: set(categories)}, purpose=purpose
    )[agency.pk]
    if decision.refused:
        raise access.AccessRefused(person_id=person.pk, purpose=purpose, decision=decision)
    return decision


def identities_shown(
    *, user: Any, people: Iterable[Person], purpose: Purpose, detail: dict[str, Any]
) -> tuple[list[Person], dict[int, Decision]]:
    """The people (each once) whose identity the user may see, with every decision; the others
    recorded as withheld from the list `detail` names."""
    found = list({p.pk: p for p in people}.values())
    decided = access.decide_many(
        user=user, people=found, categories=[Category.IDENTITY], purpose=purpose
    )
    shown = [p for p in found if Category.IDENTITY in decided[p.pk].allowed]
    hidden = [p for p in found if Category.IDENTITY not in decided[p.pk].allowed]
    if hidden:
        record_withheld(
            user=user,
            purpose=purpose,
            withheld=hidden,
            needed=[Category.IDENTITY],
            decided=decided,
            detail=detail,
        )
    return shown, decided


def record_withheld(
    *,
    user: Any,
    purpose: Purpose,
    withheld: Iterable[Any],
    needed: Iterable[str],
    decided: dict[int, Any],
    detail: dict[str, Any],
) -> None:
    """One refused entry for the people the access decision withheld from a list (a
    screening, an invitation run), with each refused category's reasons (``access``, as a
    refused page records it); ``detail`` says which list."""
    people = list(withheld)
    wanted = set(needed)
    reasons: dict[str, set[str]] = defaultdict(set)
    for person in people:
        for answer in decided[person.pk].answers:
            if not answer.allowed and answer.category in wanted:
                reasons[answer.category].add(str(answer.reason))
    audit(
        user=user,
        action=Action.REFUSED,
        purpose=purpose,
        person_id=None,
        categories=sorted(reasons),
        detail={
            **detail,
            "access": {c: {"refused": "; ".join(sorted(r))} for c, r in sorted(reasons.items())},
            "withheld": [p.pk for p in people],
        },
    )


def ended_and_audited(
    *,
    user: Any,
    purpose: Purpose,
    person_id: int,
    rows: models.QuerySet[Any],
    pk: int,
    stamp: str,
    said: Callable[[Any], tuple[Iterable[str], dict[str, Any]]],
    **also: Any,
) -> bool:
    """End row `pk` of the person's `rows` now (a consent withdrawn, a release revoked, a
    request answered; `access.ended_once`) and write it to the audit trail with the categories
    and detail `said` gives for the row. False, and nothing written, if it had ended before."""
    row = access.ended_once(rows, pk, stamp, **also)
    if row is None:
        return False
    categories, detail = said(row)
    audit(
        user=user,
        action=Action.UPDATE,
        purpose=purpose,
        person_id=person_id,
        categories=categories,
        detail=detail,
    )
    return True


def entry_kind(entry: models.Model) -> str:
    return next(kind for kind, model in ENTRY_MODELS.items() if isinstance(entry, model))


@runtime_checkable
class Categorised(Protocol):
    """A model that declares the data category of each of its fields (see people/models.py)."""

    FIELD_CATEGORIES: ClassVar[Mapping[str, str]]


def declared_categories(instance: models.Model) -> Mapping[str, str]:
    """The instance's `FIELD_CATEGORIES`; a model without them holds no data we may record."""
    if not isinstance(instance, Categorised):
        raise TypeError(f"{type(instance).__name__} declares no FIELD_CATEGORIES")
    return instance.FIELD_CATEGORIES


def categories_of(instance: models.Model, fields: Iterable[str] | None = None) -> set[str]:
    """The data categories of the named fields (all declared fields when none are named)."""
    if isinstance(instance, Document):
        # A document's category follows its kind: a passport is identity, a Duldung residence.
        return {instance.category}
    declared = declared_categories(instance)
    names = declared if fields is None else [f for f in fields if f in declared]
    return {str(declared[name]) for name in names}


def field_value(instance: models.Model, name: str) -> Any:
    value = getattr(instance, name)
    # Multiple-country fields read back as a descriptor; compare their codes. A list field is a
    # multiple choice whose order means nothing (a form sends the choices in the order it
    # lists them): the same choices in another order are no change.
    if hasattr(value, "__iter__") and not isinstance(value, str | list | dict):
        return sorted(str(code) for code in value)
    if isinstance(value, list):
        return sorted(str(item) for item in value)
    return value


def apply_data(instance: models.Model, data: dict[str, Any]) -> list[str]:
    """Set the given fields and name those whose value really changed."""
    # Only declared data fields: a stray "person_id" or "pk" would move or overwrite a row.
    unknown = set(data) - set(declared_categories(instance))
    if unknown:
        raise ValueError(f"not data fields of {type(instance).__name__}: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        before = field_value(instance, name)
        setattr(instance, name, value)
        if field_value(instance, name) != before:
            changed.append(name)
    return changed


def filled_fields(instance: models.Model) -> list[str]:
    """Fields that hold something: only they disclose or record data of their category."""
    declared = declared_categories(instance)
    filled = []
    for name in declared:
        value = field_value(instance, name)
        if value is not None and value is not False and value != "" and value != []:
            filled.append(name)
    return filled


@runtime_checkable
class Versioned(Protocol):
    """A row that counts its saved changes (see `Person.version`)."""

    version: int


class EditConflict(Exception):
    """Someone saved the row since the edit began (its version moved on); nothing was saved.
    `stored` is the row as it is now, for showing both versions."""

    def __init__(self, stored: models.Model) -> None:
        super().__init__(f"{type(stored).__name__} {stored.pk} was changed meanwhile")
        self.stored = stored


def audited_update(
    *,
    user: Any,
    instance: models.Model,
    data: dict[str, Any],
    purpose: str | None,
    detail: dict[str, Any],
    person_ids: Callable[[Any], Iterable[int]] = lambda stored: [stored.person_id],
    after_save: Callable[[Any], None] | None = None,
    expected_version: int | None = None,
) -> list[str]:
    """Change the given fields of one row and record the update for each person it concerns
    (the row's own person unless `person_ids` says otherwise); return the names of the fields
    that changed.

    The row is locked and compared as stored, not as a form may already have changed it, so
    nothing is saved or recorded when nothing changed. `after_save` runs inside the same
    transaction before the entry is written (e.g. to refresh the person's name keys).

    A row with a `version` is saved only over the version the edit began from
    (`expected_version`); otherwise `EditConflict`. The lock makes two saves of the same version
    take turns: the second sees the first's version and is refused. Only the changed fields
    are written."""
    checked = checked_purpose(user, purpose, write=True)
    stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if (
        isinstance(stored, Versioned)
        and expected_version is not None
        and stored.version != expected_version
    ):
        raise EditConflict(stored)
    # A document's category follows its kind: a passport turned Duldung touched both.
    before = categories_of(stored) if isinstance(stored, Document) else set()
    changed = apply_data(stored, data)
    if not changed:
        return []
    stored.full_clean()
    # A person's record or entry changes only where the user's agency may see what changes.
    person = stored if isinstance(stored, Person) else getattr(stored, "person", None)
    if isinstance(person, Person):
        touched = categories_of(stored, changed) | before
        permitted(user=user, person=person, categories=touched, purpose=checked)
    # Only what changed (and the time of the change): a column someone else wrote meanwhile
    # keeps their value.
    written = [
        f.name
        for f in stored._meta.concrete_fields
        if f.name in changed or getattr(f, "auto_now", False)
    ]
    if isinstance(stored, Versioned):
        stored.version += 1
        written.append("version")
    stored.save(update_fields=written)
    if after_save is not None:
        after_save(stored)
    categories = categories_of(stored, changed) | before
    for person_id in person_ids(stored):
        audit(
            user=user,
            action=Action.UPDATE,
            purpose=checked,
            person_id=person_id,
            categories=categories,
            detail={**detail, "fields": changed},
        )
    return changed
