"""Writes of the person record itself: registration and changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from anlaufstelle.audit.models import Action
from anlaufstelle.core.purposes import Purpose
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
    checked = checked_purpose(user, purpose, write=True)
    person = Person()
    apply_data(person, data)
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
