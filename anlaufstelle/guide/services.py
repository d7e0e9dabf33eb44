"""What the guide's public service pages say about a service: where it is, when it is open, and
how long the hall makes people wait for it today. Read-only, and nothing about any person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from anlaufstelle.appointments.models import Capacity, OpeningHours
from anlaufstelle.hall import live, state
from anlaufstelle.hall.models import HallDay
from anlaufstelle.organisation.models import Desk, Service, Site, document_label


@dataclass(frozen=True)
class Place:
    site: Site
    desks: list[Desk]

    @property
    def rooms(self) -> list[str]:
        return sorted({d.room for d in self.desks if d.room})


@dataclass(frozen=True)
class Hours:
    weekday: int
    opens: str
    closes: str


@dataclass(frozen=True)
class Wait:
    """Today's wait for a service in a site's hall: ``open`` is False when the hall has not
    opened today or has closed; ``minutes`` is None when no one is waiting for it."""

    open: bool
    waiting: int = 0
    minutes: int | None = None


@dataclass
class ServicePage:
    service: Service
    name: str
    description: str
    audience: str
    documents: list[str]
    prerequisites: list[Service]
    places: list[Place] = field(default_factory=list)
    hours: dict[int, list[Hours]] = field(default_factory=dict)
    open_now: bool = False
    waits: dict[int, Wait] = field(default_factory=dict)
    bookable: bool = False


def translated(values: dict[str, str] | None, language: str) -> str:
    """The text in the language, else German (the one required), else any."""
    values = values or {}
    return values.get(language) or values.get("de") or next(iter(values.values()), "")


def public_services() -> list[Service]:
    return list(Service.objects.filter(active=True).select_related("agency"))


def service_sites(service: Service) -> list[Site]:
    """The sites where the service is served: a desk of its agency or anyone's desk, or its own
    or the site's opening hours there."""
    desks = Desk.objects.filter(Q(agencies=service.agency) | Q(agencies=None))
    return list(Site.objects.filter(desks__in=desks).distinct().order_by("name"))


def places(service: Service) -> list[Place]:
    found = []
    for site in service_sites(service):
        desks = list(
            Desk.objects.filter(site=site, agencies=service.agency).order_by("number")
        ) or list(Desk.objects.filter(site=site, agencies=None).order_by("number"))
        found.append(Place(site, desks))
    return found


def weekly_hours(service: Service, site: Site) -> dict[int, list[Hours]]:
    """Weekday -> intervals: the service's own hours at the site where it keeps them, else the
    site's."""
    rows = OpeningHours.objects.filter(site=site, service=service)
    if not rows.exists():
        rows = OpeningHours.objects.filter(site=site, service=None)
    hours: dict[int, list[Hours]] = {}
    for r in rows.order_by("weekday", "opens"):
        hours.setdefault(r.weekday, []).append(
            Hours(r.weekday, r.opens.strftime("%H:%M"), r.closes.strftime("%H:%M"))
        )
    return hours


def is_open(service: Service, site: Site, *, now: datetime | None = None) -> bool:
    """Whether the service is open at the site at ``now`` (the local time)."""
    local = timezone.localtime(now or timezone.now())
    clock = local.strftime("%H:%M")
    return any(
        h.opens <= clock < h.closes for h in weekly_hours(service, site).get(local.weekday(), [])
    )


def wait(service: Service, site: Site, *, now: datetime | None = None) -> Wait:
    """Today's wait as the coordinator's overview counts it (hall.live.overview): the visitors
    queued for the service and how long the longest of them has waited so far."""
    now = now or timezone.now()
    day = HallDay.objects.filter(site=site, date=timezone.localdate(now)).defer("state").first()
    if day is None or now >= live.closing_time(day):
        return Wait(open=False)
    queue = state.current(day.pk).queues.get(service.code) or {}
    if not queue:
        return Wait(open=True)
    minutes_now = (now - day.opened_at).total_seconds() / 60
    longest = max(minutes_now - step.since for step in queue.values())
    return Wait(open=True, waiting=len(queue), minutes=max(0, round(longest)))


def is_bookable(service: Service) -> bool:
    return Capacity.objects.filter(service=service, online__gt=0).exists()


def page(service: Service, language: str, *, now: datetime | None = None) -> ServicePage:
    found = places(service)
    first = found[0].site if found else None
    return ServicePage(
        service=service,
        name=translated(service.names, language),
        description=translated(service.descriptions, language),
        audience=translated(service.audience, language),
        documents=[document_label(code) for code in service.required_documents],
        prerequisites=list(service.prerequisites.filter(active=True)),
        places=found,
        hours=weekly_hours(service, first) if first else {},
        open_now=bool(first and is_open(service, first, now=now)),
        waits={p.site.pk: wait(service, p.site, now=now) for p in found},
        bookable=is_bookable(service),
    )
