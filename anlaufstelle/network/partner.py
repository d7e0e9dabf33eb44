"""What a partner organisation keeps itself: its profile and its offers (shown in the guide and
to the desks), and what any member of the house puts on the pinboard. Every change is made as
of the version the editor saw, so two advisers at once never overwrite each other unseen."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from anlaufstelle.core.permissions import roles_of
from anlaufstelle.core.roles import Role
from anlaufstelle.core.submissions import created_once
from anlaufstelle.network.models import Offer, PartnerProfile, Post, State
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.services.base import EditConflict


def organisation(user: Any) -> Agency:
    """The partner organisation the user advises for; refused for anyone else."""
    staff = getattr(user, "staff_member", None)
    if staff is None or staff.agency is None or Role.PARTNER not in roles_of(user):
        raise PermissionDenied
    return staff.agency


def profile(agency: Agency) -> PartnerProfile:
    """The organisation's profile, or a new one not yet saved."""
    found = PartnerProfile.objects.filter(agency=agency).first()
    return found or PartnerProfile(agency=agency)


def offers_of(agency: Agency) -> QuerySet[Offer]:
    return Offer.objects.filter(agency=agency).order_by("-active", "kind", "pk")


def own_offer(agency: Agency, offer: Offer) -> Offer:
    """The offer, if it is the organisation's own; another's is refused."""
    if offer.agency_id != agency.pk:
        raise PermissionDenied
    return offer


def _versioned_save(row: Any, data: dict[str, Any], version: int | None) -> Any:
    """Saves `data` on `row` as of `version`, under a row lock (`EditConflict` when someone saved
    meanwhile); a row not yet saved is created."""
    if row.pk is not None:
        stored = type(row).objects.select_for_update().get(pk=row.pk)
        if stored.version != version:
            raise EditConflict(stored)
        row = stored
        row.version += 1
    for name, value in data.items():
        setattr(row, name, value)
    row.full_clean(validate_unique=False)
    row.save()
    return row


@transaction.atomic
def save_profile(*, agency: Agency, data: dict[str, Any], version: int | None) -> PartnerProfile:
    existing = PartnerProfile.objects.filter(agency=agency).first()
    if existing is None:
        # Two first saves at once: the unique agency lets one in; the other edits on top of it.
        try:
            with transaction.atomic():
                return _versioned_save(PartnerProfile(agency=agency), data, None)
        except IntegrityError:
            existing = PartnerProfile.objects.get(agency=agency)
            raise EditConflict(existing) from None
    return _versioned_save(existing, data, version)


def add_offer(
    *, user: Any, agency: Agency, data: dict[str, Any], key: uuid.UUID | None
) -> tuple[Offer, bool]:
    """A new offer; the same form sent again adds it once (core/submissions.py)."""

    def create() -> Offer:
        offer = Offer(agency=agency, **data)
        offer.full_clean()
        offer.save()
        return offer

    return created_once(user, key, create)


@transaction.atomic
def edit_offer(*, offer: Offer, data: dict[str, Any], version: int) -> Offer:
    return _versioned_save(offer, data, version)


# --- The pinboard, for everyone of the house --------------------------------------------------


def agency_posts(user: Any, *, today: date | None = None) -> list[Post]:
    """The posts on the board that the user's organisation put up."""
    staff = getattr(user, "staff_member", None)
    if staff is None or staff.agency_id is None:
        return []
    today = today or timezone.localdate()
    return list(
        Post.objects.filter(
            state=State.PUBLISHED,
            expires_on__gte=today,
            posted_by__staff_member__agency_id=staff.agency_id,
        ).order_by("-created", "-pk")
    )


def may_withdraw(user: Any, post: Post) -> bool:
    """Moderators take any post off; everyone else those of their own organisation."""
    if roles_of(user) & {Role.COORDINATOR, Role.ADMINISTRATOR}:
        return True
    staff = getattr(user, "staff_member", None)
    poster = getattr(post.posted_by, "staff_member", None) if post.posted_by_id else None
    return bool(staff and poster and staff.agency_id and staff.agency_id == poster.agency_id)
