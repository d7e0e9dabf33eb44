"""Unusual access for the data-protection officer: who was paused for listing the registry, and
who is close to the limit now (people/services/pace.py counts; this page only reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.core.categories import Category
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


def _refused(days: int, key: str) -> QuerySet[AuditEntry]:
    since = timezone.now() - timedelta(days=days)
    return AuditEntry.objects.filter(action=Action.REFUSED, at__gte=since, detail__has_key=key)


def paused(days: int = DAYS) -> list[Paused]:
    """Pauses for listing the registry (their entries name the pattern under "refused")."""
    refused = _refused(days, "refused")
    rows = refused.values("username").annotate(times=Count("id"), last=Max("at")).order_by("-last")
    kinds: dict[str, set[str]] = {}
    for username, detail in refused.values_list("username", "detail"):
        kinds.setdefault(username, set()).add(str(detail.get("refused", "")))
    return [
        Paused(row["username"], row["times"], row["last"], sorted(kinds.get(row["username"], ())))
        for row in rows
    ]


def refused_by_the_decision(days: int = DAYS) -> list[Paused]:
    """Reads the access decision refused (privacy/decision.py), by user, with the data
    categories asked for: someone trying the people of other agencies shows here."""
    refused = _refused(days, "access")
    rows = refused.values("username").annotate(times=Count("id"), last=Max("at")).order_by("-last")
    labels = dict(Category.choices)
    kinds: dict[str, set[str]] = {}
    for username, categories in refused.values_list("username", "categories"):
        kinds.setdefault(username, set()).update(str(labels.get(c, c)) for c in categories)
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
