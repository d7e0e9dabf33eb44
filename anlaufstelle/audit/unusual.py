"""Unusual access for the data-protection officer: who was paused for listing the registry, and
who is close to the limit now (people/services/pace.py counts; this page only reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.people.services import pace

DAYS = 30
NEAR = 0.6  # of the limit: shown as approaching it


@dataclass(frozen=True)
class Paused:
    username: str
    times: int
    last: datetime
    kinds: list[str]


@dataclass(frozen=True)
class Close:
    username: str
    people: int
    limit: int


def paused(days: int = DAYS) -> list[Paused]:
    since = timezone.now() - timedelta(days=days)
    refused = AuditEntry.objects.filter(action=Action.REFUSED, at__gte=since)
    rows = refused.values("username").annotate(times=Count("id"), last=Max("at")).order_by("-last")
    kinds: dict[str, set[str]] = {}
    for username, detail in refused.values_list("username", "detail"):
        kinds.setdefault(username, set()).add(str(detail.get("refused", "")))
    return [
        Paused(row["username"], row["times"], row["last"], sorted(kinds.get(row["username"], ())))
        for row in rows
    ]


def close_to_the_limit() -> list[Close]:
    limit = settings.PEOPLE_PER_HOUR
    if not limit:
        return []
    rows = (
        pace.opened_this_hour()
        .values("username")
        .annotate(people=Count("person_ref", distinct=True))
        .filter(people__gte=max(1, int(limit * NEAR)))
        .order_by("-people")
    )
    return [Close(row["username"], row["people"], limit) for row in rows]
