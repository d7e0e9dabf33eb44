"""The coordinator's view of a site's hall now, and a projection of the rest of the day.

The projection runs the flow core forward from the hall as it stands: every visitor still in
the hall with the steps they have not done (the minutes the hall expects for them), the desks
signed in now with the services they serve, until the hall closes; the simulator then says when
the queues empty and how many will not be served. It is as good as the expected minutes: a
desk that signs off, or visitors still to come, change it at the next look.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from anlaufstelle.flow import DEFAULT_POLICY, get_policy, load_day, simulate
from anlaufstelle.flow.hall import Hall
from anlaufstelle.flow.policyview import ABSENT, DONE, EXPECTED
from anlaufstelle.flow.scenario import FORMAT, service_to_dict
from anlaufstelle.hall import clock, services, state
from anlaufstelle.hall.models import (
    AT_A_DESK,
    DeskSession,
    HallDay,
    HallEvent,
    InterpreterSession,
    Step,
    Visit,
)
from anlaufstelle.organisation.models import Service, Site


@dataclass(frozen=True)
class ServiceLine:
    name: str
    waiting: int
    longest_minutes: float


@dataclass(frozen=True)
class DeskLine:
    session: DeskSession
    serving: str  # the ticket at the desk, or ""
    serves: list[str]  # the names of the services the desk serves now
    skills: list[tuple[str, str, bool]]  # (code, name, served now) of the officer's skills


@dataclass(frozen=True)
class InterpreterLine:
    session: InterpreterSession
    languages: str
    with_desk: str  # where they are needed now ("B02, A-047"), or ""


@dataclass(frozen=True)
class Projection:
    empties_at: datetime | None  # when the last visitor in the hall is expected to be done
    unserved: int  # visitors in the hall now who will not be served by closing time
    in_hall: int
    # Minutes from now until each visitor in the hall is expected at their next desk (by the
    # visit's hall id; a visitor the projection does not serve today is missing).
    waits: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Overview:
    day: HallDay
    waiting: int
    services: list[ServiceLine]
    desks: list[DeskLine]
    interpreters: list[InterpreterLine]
    calls_per_hour: list[tuple[int, int]]
    done: int
    within_target: float | None  # share of the visitors done today within the target
    projection: Projection | None
    closes_at: datetime


def closing_time(day: HallDay) -> datetime:
    hour, minute = (int(part) for part in settings.HALL_CLOSES_AT.split(":"))
    return timezone.make_aware(datetime.combine(day.date, time(hour, minute)))


def overview(site: Site) -> Overview:
    day = services.today(site)
    now = clock.now()
    minutes_now = (now - day.opened_at).total_seconds() / 60
    hall = state.current(day.pk)
    names = {s.code: s.name for s in Service.objects.filter(code__in=hall.order)}
    lines = []
    for code in hall.order:
        queue = hall.queues[code]
        if queue:
            longest = max(minutes_now - step.since for step in queue.values())
            lines.append(ServiceLine(names.get(code, code), len(queue), max(0.0, longest)))
    sessions = DeskSession.objects.filter(day=day, ended__isnull=True).select_related(
        "desk", "user__staff_member"
    )
    desks = []
    for session in sessions.order_by("desk__number"):
        step = services.current_step(session)
        member = getattr(session.user, "staff_member", None)
        own = list(member.skills.filter(active=True).order_by("pk")) if member else []
        desks.append(
            DeskLine(
                session,
                step.visit.code if step else "",
                [names.get(code, code) for code in session.skills],
                [(s.code, s.name, s.code in session.skills) for s in own],
            )
        )
    calls = Counter(
        timezone.localtime(at).hour
        for at in HallEvent.objects.filter(day=day, kind="called").values_list("at", flat=True)
    )
    finished = Visit.objects.filter(day=day, state=Visit.State.DONE)
    done = finished.count()
    target = timedelta(minutes=services.TARGET_MINUTES)
    within = len(
        [
            v
            for v in finished.only("created", "finished")
            if v.finished is not None and v.finished - v.created <= target
        ]
    )
    closes = closing_time(day)
    return Overview(
        day=day,
        waiting=Visit.objects.filter(day=day, state=Visit.State.WAITING).count(),
        services=lines,
        desks=desks,
        interpreters=_interpreters(day),
        calls_per_hour=sorted(calls.items()),
        done=done,
        within_target=within / done if done else None,
        projection=project(hall, list(sessions), (closes - now).total_seconds() / 60, now),
        closes_at=closes,
    )


def _interpreters(day: HallDay) -> list[InterpreterLine]:
    """The interpreters signed in to the hall, and the desk and ticket each is called to."""
    engaged = {
        step.interpreting_id: f"{_desk_number(step)}, {step.visit.code}"
        for step in Step.objects.filter(
            visit__day=day,
            interpreting__ended__isnull=True,
            state__in=AT_A_DESK,
        ).select_related("session__desk", "visit")
    }
    sessions = InterpreterSession.objects.filter(day=day, ended__isnull=True).select_related(
        "interpreter"
    )
    return [
        InterpreterLine(
            session, ", ".join(session.interpreter.languages), engaged.get(session.pk, "")
        )
        for session in sessions.order_by("interpreter__name")
    ]


def _desk_number(step: Step) -> str:
    return step.session.desk.number if step.session else "—"


# The visitors' status pages poll every few seconds; the projection behind their estimated
# waits is computed at most this often per site and server process.
WAITS_FRESH_SECONDS = 20


def estimated_wait(visit: Visit) -> float | None:
    """Minutes until ``visit`` is expected at their next desk, as the projection of the rest of
    the day says (None if it cannot say: no desk serves their next step today)."""
    key = f"hall-waits:{visit.day_id}"
    waits = cache.get(key)
    if waits is None:
        # One thread of the process projects; the others answer with the last projection
        # meanwhile instead of each simulating the same day at once (half a second at a
        # busy hall, for every phone that asks in that moment).
        stale = _last_waits.get(visit.day_id)
        if not _projecting.acquire(blocking=stale is None):
            return stale.get(visit.hall_id) if stale else None
        try:
            waits = cache.get(key)
            if waits is None:
                waits = _project_waits(visit.day_id)
                cache.set(key, waits, WAITS_FRESH_SECONDS)
                _last_waits[visit.day_id] = waits
                while len(_last_waits) > 32:  # only today's days are asked for
                    del _last_waits[next(iter(_last_waits))]
        finally:
            _projecting.release()
    return waits.get(visit.hall_id)


_projecting = threading.Lock()
_last_waits: dict[int, dict[str, float]] = {}


def _project_waits(day_id: int) -> dict[str, float]:
    day = HallDay.objects.defer("state").get(pk=day_id)
    now = clock.now()
    sessions = list(DeskSession.objects.filter(day=day, ended__isnull=True))
    minutes_left = (closing_time(day) - now).total_seconds() / 60
    projection = project(state.current(day.pk), sessions, minutes_left, now)
    return projection.waits if projection else {}


def project(
    hall: Hall, sessions: list[DeskSession], minutes_left: float, now: datetime
) -> Projection | None:
    """Simulate the rest of the day from the hall as it stands (see the module doc)."""
    visitors: list[dict[str, Any]] = []
    for i, plan in enumerate(hall.plans):
        if hall.vviews[i].state in (DONE, ABSENT, EXPECTED):
            continue
        steps = {
            s.service: round(s.expected_minutes, 3)
            for s in plan.steps
            if s.service not in hall.done[i]
        }
        visitors.append(
            {
                "id": plan.visitor_id,
                "arrival": 0,
                "party_size": plan.party_size,
                "language": plan.language,
                "needs_interpreter": plan.needs_interpreter,
                "steps": steps,
            }
        )
    if minutes_left < 1 or not visitors:
        return None if minutes_left < 1 else Projection(now, 0, 0)
    staff = [
        {"id": s.hall_id, "skills": list(s.skills), "languages": [], "from": 0, "to": minutes_left}
        for s in sessions
    ]
    if not staff:
        return Projection(None, len(visitors), len(visitors))
    day = load_day(
        {
            "format": FORMAT,
            "opening_minutes": minutes_left,
            "target_minutes": hall.target_minutes,
            "walk_minutes": hall.walk_minutes,
            "services": [service_to_dict(s) for s in hall.services],
            "staff": staff,
            "interpreters": [],
            "visitors": visitors,
        }
    )
    result = simulate(day, get_policy(DEFAULT_POLICY))
    leaving = [v.leaving for v in result.visitors if v.served and v.leaving is not None]
    unserved = result.figures.visitors - result.figures.served
    empties = now + timedelta(minutes=max(leaving)) if leaving and not unserved else None
    waits = {v.id: v.steps[0].start for v in result.visitors if v.steps}
    return Projection(empties, unserved, len(visitors), waits)
