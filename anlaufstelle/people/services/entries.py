"""Writes of biography entries and documents."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db import models, transaction

from anlaufstelle.audit.models import Action
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.submissions import created_once
from anlaufstelle.people.models import Person
from anlaufstelle.people.services.base import (
    ENTRY_MODELS,
    Entry,
    apply_data,
    audit,
    audited_update,
    categories_of,
    checked_purpose,
    entry_kind,
    filled_fields,
    permitted,
)

M = TypeVar("M", bound=models.Model)


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
    checked = checked_purpose(user, purpose, write=True)
    return create_audited(
        user=user,
        person=person,
        row=ENTRY_MODELS[kind](person_id=person.pk),
        data=data,
        purpose=checked,
        label=kind,
    )


def create_audited(
    *, user: Any, person: Person, row: M, data: dict[str, Any], purpose: Purpose, label: str
) -> M:
    """A new row about the person from `data` (an entry, a conviction): checked, allowed only
    in the categories its filled fields hold that the user's agency may see of the person, and
    recorded as written with those fields."""
    apply_data(row, data)
    row.full_clean()
    filled = filled_fields(row)
    written = categories_of(row, filled)
    permitted(user=user, person=person, categories=written, purpose=purpose)
    row.save()
    audit(
        user=user,
        action=Action.CREATE,
        purpose=purpose,
        person_id=person.pk,
        categories=written,
        detail={"entry": label, "entry_id": row.pk, "fields": filled},
    )
    return row


def add_entry_once(
    *,
    user: Any,
    person: Person,
    kind: str,
    data: dict[str, Any],
    purpose: str | None = None,
    submission: uuid.UUID | None = None,
) -> tuple[Any, bool]:
    """`add_entry`, once per form key: a double click or a form sent again after a lost answer
    returns the entry its first submission added (False) instead of adding it again."""

    def attempt() -> Any:
        return add_entry(user=user, person=person, kind=kind, data=data, purpose=purpose)

    return created_once(user, submission, attempt)


@transaction.atomic
def update_entry(
    *,
    user: Any,
    entry: models.Model,
    data: dict[str, Any],
    purpose: str | None = None,
    expected_version: int | None = None,
) -> list[str]:
    """Change an entry; with `expected_version`, `EditConflict` if it was saved meanwhile."""
    return audited_update(
        user=user,
        instance=entry,
        data=data,
        purpose=purpose,
        detail={"entry": entry_kind(entry), "entry_id": entry.pk},
        expected_version=expected_version,
    )


@transaction.atomic
def delete_entry(*, user: Any, entry: Entry, purpose: str | None = None) -> None:
    checked = checked_purpose(user, purpose, write=True)
    kind = entry_kind(entry)
    entry_id, person_id = entry.pk, entry.person_id
    categories = categories_of(entry)
    permitted(user=user, person=entry.person, categories=categories, purpose=checked)
    type(entry).objects.filter(pk=entry_id).delete()
    audit(
        user=user,
        action=Action.DELETE,
        purpose=checked,
        person_id=person_id,
        categories=categories,
        detail={"entry": kind, "entry_id": entry_id},
    )
