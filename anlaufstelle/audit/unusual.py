"""Unusual access for the data-protection officer: who was paused for listing the registry, and
who is close to the limit now (people/services/pace.py counts; this page only reads)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max
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


def _by_user(key: str, kinds_of: Callable[[AuditEntry], Iterable[str]]) -> list[Paused]:
    """The refusals of the last DAYS whose detail has `key`, per user, newest first, with what
    `kinds_of` says each entry was about."""
    since = timezone.now() - timedelta(days=DAYS)
    refused = AuditEntry.objects.filter(action=Action.REFUSED, at__gte=since, detail__has_key=key)
    rows = refused.values("username").annotate(times=Count("id"), last=Max("at")).order_by("-last")
    kinds: dict[str, set[str]] = {}
    for entry in refused.only("username", "detail", "categories"):
        kinds.setdefault(entry.username, set()).update(kinds_of(entry))
    return [
        Paused(row["username"], row["times"], row["last"], sorted(kinds.get(row["username"], ())))
        for row in rows
    ]


def paused() -> list[Paused]:
    """Pauses for listing the registry (their entries name the pattern under "refused")."""
    return _by_user("refused", lambda entry: [str(entry.detail.get("refused", ""))])


def refused_by_the_decision() -> list[Paused]:
    """Reads the access decision refused (privacy/decision.py), by user, with the data
    categories asked for: someone trying the people of other agencies shows here."""
    labels = dict(Category.choices)
    return _by_user("access", lambda entry: [str(labels.get(c, c)) for c in entry.categories])


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
