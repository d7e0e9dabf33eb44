"""The figures for staffing the lines: calls per hour and topic, the average minutes, the
dropped calls; the same numbers in the CSV; a bad range named."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from anlaufstelle.hotline import services
from anlaufstelle.hotline.models import Call, Line

URL = reverse("hotline:figures")


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def _calls(line, personas):
    taker = personas["reception"]
    rows = [
        (date(2026, 11, 30), 9, "benefits", 6, "answered"),
        (date(2026, 11, 30), 9, "benefits", 4, "answered"),
        (date(2026, 11, 30), 9, "housing", 10, "dropped"),
        (date(2026, 12, 1), 14, "residence", 8, "referred"),
        (date(2026, 12, 3), 9, "benefits", 2, "answered"),  # after the range
    ]
    for day, hour, topic, minutes, outcome in rows:
        Call.objects.create(
            line=line, started_at=_at(day, hour, 15), minutes=minutes, language="uk",
            topic=topic, outcome=outcome, taken_by=taker,
        )  # fmt: skip


def test_calls_per_hour_and_topic(line, personas):
    _calls(line, personas)
    found = services.figures(start=date(2026, 11, 30), end=date(2026, 12, 1))
    assert found.calls == 4 and found.dropped == 1 and found.average_minutes == 7.0
    assert found.by_hour[9] == {"benefits": 2, "housing": 1}
    assert found.by_hour[14] == {"residence": 1}
    assert found.busiest[0] == (9, 3)
    nine = next(row for row in found.table() if row[0] == 9)
    assert nine[-1] == 3
    assert (9, 3, 1.5) in found.per_hour and found.days == 2


def test_one_line_only(line, personas):
    _calls(line, personas)
    other = Line.objects.create(code="ar", name="Hotline AR", languages=["ar"])
    found = services.figures(start=date(2026, 11, 30), end=date(2026, 12, 1), line=other)
    assert found.calls == 0


def test_the_page_and_its_csv_say_the_same(client_for, line, personas):
    _calls(line, personas)
    client = client_for("coordinator")
    params = {"start": "2026-11-30", "end": "2026-12-01"}
    page = client.get(URL, params)
    assert page.status_code == 200
    assert "4 calls from 30.11.2026 to 01.12.2026." in page.content.decode()
    exported = client.get(URL, {**params, "format": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][0] == "hour" and rows[0][-1] == "all topics"
    nine = next(r for r in rows[1:] if r[0] == "9")
    assert nine[-1] == "3"


def test_a_bad_range_is_named(client_for, line):
    response = client_for("coordinator").get(URL, {"start": "2026-12-05", "end": "2026-12-01"})
    assert response.status_code == 400
    assert "The end cannot be before the start." in response.content.decode()
