"""Writes of the person record itself: registration and changes."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import connection, transaction

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.submissions import once
from anlaufstelle.people import namesearch
from anlaufstelle.people.models import Person
from anlaufstelle.people.services.base import (
    apply_data,
    audit,
    audited_update,
    categories_of,
    checked_purpose,
    filled_fields,
)
from anlaufstelle.people.services.search import ProbableDuplicates, check_duplicates

# The advisory lock that registrations take in turn (any fixed number no other code uses).
REGISTRATION_LOCK = 0x416E6C52  # "AnlR"


def register_person(
    *,
    user: Any,
    data: dict[str, Any],
    purpose: str | None = None,
    different_person: bool = False,
) -> Person:
    """`register_person_once` without a form's key: every call registers."""
    person, _ = register_person_once(
        user=user, data=data, purpose=purpose, different_person=different_person
    )
    return person


def register_person_once(
    *,
    user: Any,
    data: dict[str, Any],
    purpose: str | None = None,
    different_person: bool = False,
    submission: uuid.UUID | None = None,
) -> tuple[Person, bool]:
    """Validate, check for duplicates, save; returns the person and whether this call
    registered them. When the check finds probable duplicates nothing is saved
    (`ProbableDuplicates`) unless staff confirmed that this is a different person.

    Registrations take turns: the check and the save are one transaction that waits for any
    other registration's, so of two identical registrations sent at once the second finds the
    first. The form's `submission` key makes a double click or a resent form return the person
    its first submission registered (False) instead of registering them again. The check is a
    search that happened: its entry stays recorded when the registration then stops."""
    checked = checked_purpose(user, purpose, write=True)
    person = Person()
    apply_data(person, data)
    # The registering agency holds the registry's data (privacy/decision.py).
    staff = getattr(user, "staff_member", None)
    person.registered_by_id = staff.agency_id if staff is not None else None
    person.full_clean()
    found: list[namesearch.Hit] = []

    def attempt() -> Person | None:
        _one_registration_at_a_time()
        hits = check_duplicates(user=user, person=person, purpose=checked)
        if hits and not different_person:
            found.extend(hits)
            return None
        return _save_new_person(
            user=user, person=person, purpose=checked, not_duplicate_of=[h.person.pk for h in hits]
        )

    if submission is None:
        registered, new = transaction.atomic(attempt)(), True
    else:
        registered, new = once(user, submission, attempt)
    if registered is None:
        raise ProbableDuplicates(found)
    return registered, new


def _one_registration_at_a_time() -> None:
    """Waits, inside the caller's transaction, until no other registration is under way.
    SQLite's immediate transactions take turns already; PostgreSQL takes a lock for this."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRATION_LOCK])


@transaction.atomic
def _save_new_person(
    *, user: Any, person: Person, purpose: Purpose, not_duplicate_of: list[int]
) -> Person:
    person.save()
    namesearch.refresh_keys(person)
    filled = filled_fields(person)
    detail: dict[str, Any] = {"fields": filled}
    if not_duplicate_of:
        # Staff saw these records and confirmed that this is someone else.
        detail["not_duplicate_of"] = not_duplicate_of
    audit(
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
    *,
    user: Any,
    person: Person,
    data: dict[str, Any],
    purpose: str | None = None,
    expected_version: int | None = None,
) -> list[str]:
    """Change the given fields; return the names of those that changed (none: nothing saved).
    With `expected_version` (the version the form was filled in on), `EditConflict` when
    someone saved the person since."""
    return audited_update(
        user=user,
        instance=person,
        data=data,
        purpose=purpose,
        detail={},
        person_ids=lambda stored: [stored.pk],
        after_save=namesearch.refresh_keys,
        expected_version=expected_version,
    )


@transaction.atomic
def record_link(*, user: Any, person: Person, detail: dict[str, Any]) -> None:
    """Another part of the house linked a record of its own to the person (reception attached
    a hall ticket, say): audited like any write about the person, naming what was linked."""
    audit(
        user=user,
        action=Action.UPDATE,
        purpose=checked_purpose(user, None, write=True),
        person_id=person.pk,
        categories=[Category.IDENTITY],
        detail=detail,
    )
