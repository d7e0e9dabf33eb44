"""The demo's past: two weeks of finished hall days at each site (tickets, their steps at the
desks, the waits and the time in the centre), so that the reports have days to show. Generated
with plain random numbers, not the simulator: the figures look like a busy centre, and they
are demo figures only. About two thirds of the tickets belong to registered people, whose
ages, sexes and nationalities the reports count."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from anlaufstelle.flow.hall import Hall
from anlaufstelle.hall import state
from anlaufstelle.hall.models import HallDay, Step, Visit
from anlaufstelle.hall.services import CLOSING_MINUTES, TARGET_MINUTES, WALK_MINUTES
from anlaufstelle.organisation.models import Service, Site
from anlaufstelle.planning.centre import site_services

# Tickets on a weekday at the busiest site; the others have fewer.
BUSIEST = 140
# Arrivals per opening hour, as a share: most come in the morning.
HOURLY = {8: 0.18, 9: 0.2, 10: 0.16, 11: 0.13, 12: 0.09, 13: 0.09, 14: 0.08, 15: 0.05, 16: 0.02}
LANGUAGES = {"uk": 0.55, "ru": 0.2, "ar": 0.1, "fa": 0.06, "de": 0.04, "en": 0.03, "ku": 0.02}


def load(*, sites: list[Site], people: list[int], rng: random.Random, today: date) -> int:
    """Finished hall days for the last two weeks' weekdays; returns how many tickets."""
    tickets = 0
    for weight, site in zip((1.0, 0.45, 0.25, 0.15), sites, strict=False):
        services = _services(site)
        if not services:
            continue
        empty = Hall(
            services=site_services(site),
            target_minutes=TARGET_MINUTES,
            walk_minutes=WALK_MINUTES,
            closing_time=CLOSING_MINUTES,
        )
        for back in range(14, 0, -1):
            day = today - timedelta(days=back)
            if day.weekday() >= 5:
                continue
            opened = timezone.make_aware(datetime.combine(day, time(8, 0)))
            hall_day = HallDay.objects.create(
                site=site, date=day, opened_at=opened, state=state.dump(empty)
            )
            count = round(BUSIEST * weight * rng.uniform(0.8, 1.2))
            tickets += _tickets(hall_day, count, services, people, rng)
    return tickets


def _services(site: Site) -> list[Service]:
    codes = {s.id for s in site_services(site)}
    return list(Service.objects.filter(code__in=codes).exclude(code="reception"))


def _weighted(weights: dict[Any, float], rng: random.Random) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _tickets(
    day: HallDay, count: int, services: list[Service], people: list[int], rng: random.Random
) -> int:
    visits: list[tuple[Visit, list[Any]]] = []
    steps: list[Step] = []
    for number in range(1, count + 1):
        hour = _weighted(HOURLY, rng)
        created = day.opened_at.replace(hour=hour, minute=rng.randrange(60))
        wait = rng.expovariate(1 / 14)
        missed = rng.random() < 0.04
        chosen = rng.sample(services, k=min(len(services), rng.choice([1, 1, 2, 2, 3])))
        at = created + timedelta(minutes=wait)
        plan: list[tuple[Service, int, datetime, datetime | None, datetime | None, str]] = []
        for order, service in enumerate(chosen):
            called = at
            if missed:
                plan.append((service, order, called, None, None, ""))
                break
            started = called + timedelta(minutes=rng.uniform(0.5, 3))
            ended = started + timedelta(
                minutes=max(2.0, rng.gauss(float(service.typical_minutes), 4))
            )
            outcome = (
                "done"
                if rng.random() < 0.9
                else rng.choice(["documents_missing", "not_responsible"])
            )
            plan.append((service, order, called, started, ended, outcome))
            at = ended + timedelta(minutes=rng.expovariate(1 / 6))
        finished = None if missed else plan[-1][4]
        visit = Visit(
            day=day,
            number=number,
            language=_weighted(LANGUAGES, rng),
            party_size=rng.choice([1, 1, 1, 2, 3, 4]),
            state=Visit.State.MISSED if missed else Visit.State.DONE,
            created=created,
            finished=finished,
            person_id=rng.choice(people) if people and rng.random() < 0.65 else None,
        )
        visits.append((visit, plan))
    Visit.objects.bulk_create([v for v, _plan in visits])
    for visit, plan in visits:
        for service, order, called, began, done, outcome in plan:
            steps.append(
                Step(
                    visit=visit,
                    service=service,
                    order=order,
                    state=Step.State.DONE if outcome else Step.State.WAITING,
                    calls=1 if outcome else 3,
                    called_at=called,
                    started_at=began,
                    ended_at=done,
                    outcome=outcome,
                )
            )
    Step.objects.bulk_create(steps)
    return len(visits)
