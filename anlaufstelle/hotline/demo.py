"""The demo's hotlines: a Ukrainian/Russian line as Leipzig ran one and an Arabic/Farsi line,
with two weeks of calls that name no one (a morning peak, benefits and residence asked most),
so that the figures page has something to show."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from anlaufstelle.hotline.models import Call, FollowUp, Line, Outcome, Topic

LINES = [
    ("ua-ru", "Hotline Ukrainisch/Russisch", ["uk", "ru"], "+49 341 123-4500"),
    ("ar-fa", "Hotline Arabisch/Farsi", ["ar", "fa"], "+49 341 123-4600"),
]
# Calls per hour of a weekday on the Ukrainian/Russian line; the other line has a third.
HOURLY = {8: 9, 9: 12, 10: 10, 11: 8, 12: 5, 13: 6, 14: 7, 15: 5, 16: 3}
TOPICS = [
    (Topic.BENEFITS, 30),
    (Topic.RESIDENCE, 25),
    (Topic.HOUSING, 12),
    (Topic.APPOINTMENT, 12),
    (Topic.ARRIVAL, 8),
    (Topic.WORK, 5),
    (Topic.SCHOOL, 4),
    (Topic.HEALTH, 2),
    (Topic.OTHER, 2),
]
OUTCOMES = [
    (Outcome.ANSWERED, 70),
    (Outcome.REFERRED, 15),
    (Outcome.FOLLOW_UP, 8),
    (Outcome.DROPPED, 7),
]


def load(*, taker: Any, rng: random.Random, today: date, days: int = 14) -> int:
    """The lines and their calls of the last ``days`` weekdays before today; returns how many
    calls."""
    lines = [
        Line.objects.create(code=code, name=name, languages=langs, phone=phone)
        for code, name, langs, phone in LINES
    ]
    calls = []
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for line, share in ((lines[0], 1.0), (lines[1], 0.35)):
            for hour, mean in HOURLY.items():
                for _n in range(max(0, round(rng.gauss(mean * share, 1.5)))):
                    calls.append(_call(line, day, hour, taker, rng))
    Call.objects.bulk_create(calls)
    return len(calls)


def _call(line: Line, day: date, hour: int, taker: Any, rng: random.Random) -> Call:
    started = timezone.make_aware(datetime.combine(day, time(hour, rng.randrange(60))))
    outcome = _weighted(OUTCOMES, rng)
    follow_up = ""
    done = None
    if outcome == Outcome.FOLLOW_UP:
        follow_up = FollowUp.CALLBACK
        done = started + timedelta(hours=rng.randint(1, 20))  # called back since: no number
    return Call(
        line=line,
        started_at=started,
        minutes=1 if outcome == Outcome.DROPPED else max(1, round(rng.gauss(6, 3))),
        language=rng.choice(line.languages),
        topic=_weighted(TOPICS, rng),
        outcome=outcome,
        follow_up=follow_up,
        follow_up_done_at=done,
        taken_by=taker,
    )


def _weighted(choices: Sequence[tuple[str, int]], rng: random.Random) -> str:
    values, weights = zip(*choices, strict=True)
    return str(rng.choices(values, weights=weights)[0])
