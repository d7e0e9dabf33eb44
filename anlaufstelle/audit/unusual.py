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


@dataclass(frozen=True)
class Outside:
    username: str
    people: int
    of: int


def outside_their_work() -> list[Outside]:
    """Users who read many people their agency neither registered nor takes part in a case of
    (cases/services.py), in the last DAYS: at least UNUSUAL_PEOPLE_OUTSIDE_WORK of them. A desk
    in the hall reads walk-ins without a case too, so this is a list to look at, not a verdict."""
    threshold = settings.UNUSUAL_PEOPLE_OUTSIDE_WORK
    if not threshold:
        return []
    # Imported here: the case file builds on the audit trail, not the other way round.
    from anlaufstelle.cases.models import Case, Referral
    from anlaufstelle.organisation.models import StaffMember
    from anlaufstelle.people.models import Person

    since = timezone.now() - timedelta(days=DAYS)
    # The referrals by which an agency takes part in a case (cases/services.py `taking_part`).
    taking_part = [Referral.Status.REQUESTED, *Referral.SHARING]
    read: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    rows = (
        AuditEntry.objects.filter(
            action__in=[Action.READ, Action.EXPORT],
            at__gte=since,
            person_ref__isnull=False,
            user_id_ref__isnull=False,
        )
        .values_list("user_id_ref", "username", "person_ref")
        .distinct()
    )
    for user_id, username, person_id in rows:
        assert user_id is not None and person_id is not None  # filtered above
        read.setdefault(user_id, set()).add(person_id)
        names[user_id] = username
    agency_of = dict(
        StaffMember.objects.filter(user_id__in=read).values_list("user_id", "agency_id")
    )
    found = []
    for user_id, people in read.items():
        if len(people) < threshold:
            continue
        agency = agency_of.get(user_id)
        own = set(
            Person.objects.filter(pk__in=people, registered_by_id=agency).values_list(
                "pk", flat=True
            )
        )
        in_cases = (
            Q(lead_id=agency)
            | Q(tasks__agency_id=agency)
            | Q(referrals__to_agency_id=agency, referrals__status__in=taking_part)
        )
        own |= set(
            Case.objects.filter(in_cases, person_id__in=people).values_list("person_id", flat=True)
        )
        outside = len(people - own)
        if outside >= threshold:
            found.append(Outside(names[user_id], outside, len(people)))
    return sorted(found, key=lambda row: -row.people)
