"""Releases of sealed data (health, youth office): a desk officer of the agency that holds them
opens one category of one person to one named member of staff, for a reason, until a time, and
may revoke it; the access decision (privacy/decision.py) reads the releases on every read."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.cases.models import CaseDocument, Conference, Note
from anlaufstelle.core.permissions import roles_of
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.submissions import once
from anlaufstelle.people.models import Person
from anlaufstelle.people.services import get_person, person_for_change
from anlaufstelle.people.services.base import audit, checked_purpose, ended_and_audited
from anlaufstelle.privacy import decision as rules
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy.models import Release


def sealed_held(user: Any, person: Person) -> list[str]:
    """The sealed categories of the person's case file that the user's agency holds."""
    staff = getattr(user, "staff_member", None)
    if staff is None:
        return []
    held: set[str] = set()
    for model in (Note, CaseDocument, Conference):
        held |= set(
            model.objects.filter(
                case__person=person, agency_id=staff.agency_id, category__in=rules.SEALED
            ).values_list("category", flat=True)
        )
    return sorted(held)


def person_of(person_id: int) -> Person:
    return person_for_change(person_id=person_id)


def held_by(user: Any, person: Person) -> list[str]:
    """The sealed categories `user` may release of `person` (none unless a desk officer)."""
    if not rules.SEALED_ROLES & set(roles_of(user)):
        return []
    return sealed_held(user, person)


def _releasing(user: Any, person_id: int, page: str) -> tuple[Person, list[str], Purpose]:
    """The person, and the sealed categories the user may release of them: only a desk officer
    of the agency that holds them (who sees them, privacy/decision.py); else refused."""
    purpose = checked_purpose(user, None, write=True)
    person = person_for_change(person_id=person_id)
    held = held_by(user, person)
    if not held:
        access.refuse(
            person_id=person.pk,
            purpose=purpose,
            categories=sorted(rules.SEALED),
            page=page,
            rule="not_the_holder_of_sealed_data",
            why=(_("Sealed data"), _("only the agency that holds them releases them")),
        )
    get_person(user=user, person_id=person.pk, purpose=purpose, detail={"page": page})
    return person, held, purpose


@transaction.atomic
def releases_page(*, user: Any, person_id: int) -> tuple[Person, list[str], list[Release]]:
    person, held, _purpose = _releasing(user, person_id, "releases")
    found = list(Release.objects.filter(person=person, category__in=held).select_related("user"))
    return person, held, found


@transaction.atomic
def grant_release(
    *, user: Any, person_id: int, data: dict[str, Any], submission: uuid.UUID | None = None
) -> tuple[Release, bool]:
    """Open one sealed category of the person to one named member of staff, for a reason,
    until a time: (the release, True), or (the one granted then, False) if this form was sent
    before."""
    person, held, purpose = _releasing(user, person_id, "release_add")
    if data["category"] not in held:
        raise ValidationError({"category": _("Your agency holds no such data of this person.")})

    def create() -> Release:
        release = Release(
            person=person,
            category=data["category"],
            user=data["user"],
            granted_by=user,
            reason=data["reason"],
            until=data["until"],
        )
        release.full_clean()
        release.save()
        audit(
            user=user,
            action=Action.CREATE,
            purpose=purpose,
            person_id=person.pk,
            categories=[release.category],
            detail={"release": release.pk, "for": release.user.get_username()},
        )
        return release

    created, new = once(user, submission or uuid.uuid4(), create)
    assert created is not None  # `create` never declines
    return created, new


@transaction.atomic
def revoke_release(*, user: Any, person_id: int, release_id: int) -> bool:
    person, held, purpose = _releasing(user, person_id, "release_revoke")
    return ended_and_audited(
        user=user,
        purpose=purpose,
        person_id=person.pk,
        rows=Release.objects.filter(person=person, category__in=held),
        pk=release_id,
        stamp="revoked_at",
        said=lambda r: ([r.category], {"release": r.pk, "revoked": True}),
    )
