"""Unusual access for the data-protection officer: who was paused for listing the registry, and
who is close to the limit now (people/services/pace.py counts; this page only reads)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import ExtractHour
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


def _by_user(keys: Q, kinds_of: Callable[[AuditEntry], Iterable[str]]) -> list[Paused]:
    """The refusals of the last DAYS whose detail has the `keys`, per user, newest first, with
    what `kinds_of` says each entry was about."""
    since = timezone.now() - timedelta(days=DAYS)
    refused = AuditEntry.objects.filter(keys, action=Action.REFUSED, at__gte=since)
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
    return _by_user(
        Q(detail__has_key="refused"), lambda entry: [str(entry.detail.get("refused", ""))]
    )


def refused_by_the_decision() -> list[Paused]:
    """Reads and writes refused by the access decision (privacy/decision.py) or the case
    file's rules (a case the user's agency takes no part in), by user, with the data
    categories asked for: someone trying the people of other agencies shows here."""
    labels = dict(Category.choices)
    return _by_user(
        Q(detail__has_key="access") | Q(detail__has_key="rule"),
        lambda entry: [str(labels.get(c, c)) for c in entry.categories],
    )


@dataclass(frozen=True)
class Night:
    username: str
    reads: int
    people: int
    last: datetime


def at_night() -> list[Night]:
    """Reads of people's data at night (UNUSUAL_NIGHT_HOURS, local time) in the last DAYS, by
    user: the centre is closed then, so each such read deserves a look."""
    start, end = settings.UNUSUAL_NIGHT_HOURS
    since = timezone.now() - timedelta(days=DAYS)
    hour = ExtractHour("at", tzinfo=timezone.get_current_timezone())
    night = (
        Q(hour__gte=start) | Q(hour__lt=end) if start > end else Q(hour__gte=start, hour__lt=end)
    )
    rows = (
        AuditEntry.objects.filter(
            action__in=[Action.READ, Action.EXPORT], at__gte=since, person_ref__isnull=False
        )
        .annotate(hour=hour)
        .filter(night)
        .values("username")
        .annotate(reads=Count("id"), people=Count("person_ref", distinct=True), last=Max("at"))
        .order_by("-last")
    )
    return [Night(r["username"], r["reads"], r["people"], r["last"]) for r in rows]


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
