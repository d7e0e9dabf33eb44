"""Search first, for real: no one lists the registry by walking person numbers or by searching
two letters at a time.

The audit trail already holds every read and search with its user and time, so the pace is
counted there, with no counter of its own that could disagree: the distinct people a user opened
in the last hour (not counting household members shown beside them), and the short searches
(two or three letters) of the last hour. Past a limit the next new person or short search is
refused with a calm page (429); the refusal is recorded in the trail and logged, and the
data-protection officer's page "Unusual access" lists it. A desk sees 60 to 120 visitors a day,
a household rarely more than ten people: the defaults (150 people, 40 short searches an hour)
are far above a busy day and far below a registry of thousands.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from anlaufstelle.audit.models import Action, AuditEntry

log = logging.getLogger("anlaufstelle.security")

WINDOW = timedelta(hours=1)
# A search of fewer letters than this lists many people: it counts against the short limit.
SHORT_QUERY_LETTERS = 4


class TooFast(PermissionDenied):
    """A pattern that lists the registry: refused, recorded, shown to data protection."""

    def __init__(self, kind: str, limit: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.limit = limit


def _recent(user: Any, action: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        user_id_ref=user.pk, action=action, at__gte=timezone.now() - WINDOW
    )


def opened_this_hour() -> QuerySet[AuditEntry]:
    """This hour's reads of people someone opened (not members shown beside them)."""
    return AuditEntry.objects.filter(
        action=Action.READ, at__gte=timezone.now() - WINDOW, person_ref__isnull=False
    ).exclude(detail__has_key="shown_with")


def people_opened(user: Any) -> QuerySet[AuditEntry]:
    return opened_this_hour().filter(user_id_ref=user.pk)


def check_person(user: Any, person_id: int) -> None:
    limit = settings.PEOPLE_PER_HOUR
    if not limit:
        return
    opened = people_opened(user)
    if opened.filter(person_ref=person_id).exists():
        return  # opening a person again reveals nothing new
    if opened.values("person_ref").distinct().count() >= limit:
        raise TooFast("people", limit)


def is_short(letters: int) -> bool:
    return letters < SHORT_QUERY_LETTERS


def check_short_search(user: Any, letters: int) -> None:
    limit = settings.SHORT_SEARCHES_PER_HOUR
    if not limit or not is_short(letters):
        return
    if _recent(user, Action.SEARCH).filter(detail__short=True).count() >= limit:
        raise TooFast("short searches", limit)
