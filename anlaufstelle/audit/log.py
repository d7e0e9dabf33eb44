"""The audit log as the data-protection officer reads it: filtered, a page at a time, with the
people named. Naming them is itself a read of their identity data, so the page is recorded in
the trail like a search is: who looked, why, and whose names were shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from anlaufstelle.audit.models import Action, AuditEntry, AuditShown, shown_ids
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.people.models import Person

PAGE_SIZE = 50


@dataclass(frozen=True)
class LogFilter:
    person: int | None = None
    username: str = ""
    action: str = ""
    agency: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class LogRow:
    entry: AuditEntry
    # None when the entry names nobody, or the person is no longer in the registry
    person: Person | None
    # Set when the entry matched the filter's person only because its page listed them among
    # others (a search, a duplicate check): how many people that list showed.
    listed_among: int | None = None


@dataclass(frozen=True)
class LogPage:
    page: Page[AuditEntry]
    rows: list[LogRow]
    # The person the log is filtered by, if any
    person: int | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_entries(wanted: LogFilter) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.order_by("-seq")
    if wanted.person:
        # The entries about the person, and those whose pages listed them (see AuditShown).
        shown = AuditShown.objects.filter(person_ref=wanted.person).values("entry_id")
        entries = entries.filter(Q(person_ref=wanted.person) | Q(pk__in=shown))
    if wanted.username:
        entries = entries.filter(username=wanted.username)
    if wanted.action:
        entries = entries.filter(action=wanted.action)
    if wanted.agency:
        entries = entries.filter(agency=wanted.agency)
    # Whole days in the centre's time zone, the end day included.
    if wanted.since:
        entries = entries.filter(at__gte=_day_start(wanted.since))
    if wanted.until:
        entries = entries.filter(at__lt=_day_start(wanted.until + timedelta(days=1)))
    return entries


@transaction.atomic
def read_log(*, user: Any, wanted: LogFilter, page_number: Any = 1) -> LogPage:
    page = Paginator(filtered_entries(wanted), PAGE_SIZE).get_page(page_number)
    ids = sorted({entry.person_ref for entry in page if entry.person_ref is not None})
    people = Person.objects.in_bulk(ids)
    if people:
        record(
            actor=Actor.from_user(user),
            action=Action.READ,
            purpose=Purpose.REVIEW,
            categories=[Category.IDENTITY],
            detail={
                "view": "audit_log",
                # Whose names the page showed: an access request must find this read too.
                "shown": sorted(people),
            },
        )
    rows = [
        LogRow(
            entry=entry,
            person=people.get(entry.person_ref or 0),
            listed_among=_listed_among(entry, wanted.person),
        )
        for entry in page
    ]
    return LogPage(page=page, rows=rows, person=wanted.person)


def _listed_among(entry: AuditEntry, person: int | None) -> int | None:
    if not person or entry.person_ref == person:
        return None
    shown = shown_ids(entry.detail)
    return len(shown) if person in shown else None
