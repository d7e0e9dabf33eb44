"""export-day: a day of the live hall as a day file that the simulator replays."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from anlaufstelle.flow import get_policy, load_day, simulate
from anlaufstelle.hall import services
from anlaufstelle.hall.export import day_file
from anlaufstelle.hall.models import DeskSession, HallDay, Step, Visit

pytestmark = pytest.mark.django_db


def _served_in(step: Step, start: float, minutes: float) -> None:
    """Times as a real day would have them (the test runs in a moment)."""
    opened = step.visit.day.opened_at
    Step.objects.filter(pk=step.pk).update(
        started_at=opened + timedelta(minutes=start),
        ended_at=opened + timedelta(minutes=start + minutes),
    )


def test_a_day_becomes_a_day_file_the_simulator_replays(site, desks, officers):
    first = services.issue_ticket(site=site, services=["residence"], language="uk")
    second = services.issue_ticket(
        site=site, services=["registration"], language="ar", party_size=3
    )
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    for _ in range(2):
        services.call_next(desk)
        services.came(desk)
        services.done(desk)
    day = HallDay.objects.get()
    steps = Step.objects.filter(service__code="registration").order_by("visit__number")
    _served_in(steps[0], 1.0, 4.0)
    _served_in(steps[1], 6.0, 5.5)
    Visit.objects.filter(pk=second.pk).update(created=day.opened_at + timedelta(minutes=2))
    DeskSession.objects.update(started=day.opened_at, ended=day.opened_at + timedelta(minutes=30))
    data = day_file(day)
    assert [v["id"] for v in data["visitors"]] == ["A-001", "A-002"]
    one, two = data["visitors"]
    assert one["steps"]["registration"] == 4.0
    # Residence was not served: the minutes the hall expected for it.
    assert one["steps"]["residence"] == pytest.approx(6.0)
    assert (two["arrival"], two["steps"], two["party_size"]) == (2.0, {"registration": 5.5}, 3)
    assert [(s["skills"], s["from"], s["to"]) for s in data["staff"]] == [
        (["registration"], 0.0, 30.0)
    ]
    assert data["staff"][0]["id"].startswith("rezeption@1#")
    result = simulate(load_day(data), get_policy("pooled"))
    # Nobody serves residence in the exported day: one visitor is served, one is not.
    assert (result.figures.visitors, result.figures.served) == (2, 1)
    assert first.token not in json.dumps(data) and "Shevchenko" not in json.dumps(data)


def test_the_command_writes_the_file(site, tmp_path):
    services.issue_ticket(site=site, services=["registration"], language="uk")
    day = HallDay.objects.get()
    out = tmp_path / "day.json"
    call_command("export-day", "--site", site.name, "--date", day.date.isoformat(), "-o", str(out))
    assert load_day(json.loads(out.read_text())).visitors[0].id == "A-001"


@pytest.mark.parametrize(
    ("site_arg", "date_arg", "message"),
    [
        ("Nowhere", "2026-12-03", "no site 'Nowhere' (sites: Ankunftszentrum Test)"),
        ("{site}", "03.12.2026", "not a date (YYYY-MM-DD): '03.12.2026'"),
        ("{site}", "2020-01-01", "Ankunftszentrum Test had no live hall on 2020-01-01"),
    ],
)
def test_bad_arguments_are_one_clear_line(site, site_arg, date_arg, message):
    with pytest.raises(CommandError) as raised:
        call_command("export-day", "--site", site_arg.format(site=site.pk), "--date", date_arg)
    assert str(raised.value) == message and raised.value.returncode == 2
