"""A day of the live hall as a day file (`anlaufstelle-scenario/1`, docs/day-format.md), so that
yesterday can be replayed in the simulator and planned for.

Visitors arrive when their ticket was issued; a step that was served lasts as long as it took
(from *the visitor is here* to *done*, plus any time at the desk before the visitor was parked or
asked to come back later); a step not served (the visitor left, or the day is not
over) keeps the minutes the hall expected for it. Staff are the desk sessions, by login and
desk, from signing in to signing off (or to the day's last event). No names, no tickets'
tokens: the file holds what the simulator needs and nothing about people.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.db.models import Max

from anlaufstelle.flow import load_day
from anlaufstelle.flow.scenario import FORMAT, service_to_dict
from anlaufstelle.hall import state
from anlaufstelle.hall.models import HallDay

# A step served in no measurable time still took a moment.
SHORTEST_STEP = 0.1


def day_file(day: HallDay) -> dict[str, Any]:
    """The day as a day file's data (checked by the flow core's parser before it is returned)."""

    def minutes(at: datetime) -> float:
        return round(max(0.0, (at - day.opened_at).total_seconds() / 60), 3)

    hall = state.current(day.pk)
    last = day.events.aggregate(last=Max("at"))["last"] or day.opened_at
    end = minutes(last)
    visitors: list[dict[str, Any]] = []
    latest = end
    for visit in day.visits.prefetch_related("steps__service").order_by("number"):
        steps = {}
        for step in visit.steps.all():
            code = step.service.code
            if step.started_at and step.ended_at:
                served = minutes(step.ended_at) - minutes(step.started_at) + step.served_before / 60
                steps[code] = max(SHORTEST_STEP, round(served, 3))
            else:
                expected = hall.service_index[code].expected_minutes(visit.party_size)
                steps[code] = round(expected, 3)
        arrival = minutes(visit.created)
        latest = max(latest, arrival)
        visitors.append(
            {
                "id": visit.code,
                "arrival": arrival,
                "party_size": visit.party_size,
                "language": visit.language,
                "needs_interpreter": visit.needs_interpreter,
                "steps": steps,
                **({"priority": 1.0} if visit.priority_reason else {}),
            }
        )
    staff = []
    for session in day.sessions.select_related("user__staff_member", "desk").order_by("pk"):
        member = getattr(session.user, "staff_member", None)
        staff.append(
            {
                "id": f"{session.user.get_username()}@{session.desk.number}#{session.pk}",
                "skills": list(session.skills),
                "languages": list(member.languages) if member else [],
                "from": minutes(session.started),
                "to": max(minutes(session.ended or last), minutes(session.started) + SHORTEST_STEP),
            }
        )
    data = {
        "format": FORMAT,
        "name": f"{day.site.name} {day.date.isoformat()}",
        "opening_minutes": max(1, math.ceil(latest + 1)),
        "target_minutes": hall.target_minutes,
        "walk_minutes": hall.walk_minutes,
        "services": [service_to_dict(s) for s in hall.services],
        "staff": staff,
        "interpreters": [],
        "visitors": visitors,
    }
    load_day(data)  # the file this writes is one the simulator takes
    return data
