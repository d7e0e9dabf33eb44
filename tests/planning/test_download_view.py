"""Downloading the proposal: the staff and interpreters in the day format, as an attachment."""

from __future__ import annotations

import json

from django.urls import reverse
from planning_helpers import RURAL, day_file, read

from anlaufstelle.flow import load_day, simulate
from anlaufstelle.flow.policies import get_policy
from anlaufstelle.planning import services

URL = reverse("planning:download")
PLAN = reverse("planning:plan")


def test_the_download_is_a_day_format_attachment_that_load_day_accepts(coordinator):
    shown = coordinator.post(PLAN, {"day": "sample:rural-walk-in", "headcount": 9})
    response = coordinator.post(
        URL, {"day": "sample:rural-walk-in", "headcount": 9, "target_p90": ""}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="plan-burgenland-walk-in-seed1-9.json"'
    )
    data = json.loads(response.content)
    assert set(data) == {"staff", "interpreters"}
    # The plan shown is the plan downloaded.
    assert data["staff"] == list(shown.context["outcome"].staff)
    original = read(RURAL)
    day = load_day({**original, **data})
    assert len(day.staff) == 9
    assert [v.id for v in day.visitors] == [v["id"] for v in original["visitors"]]
    assert simulate(day, get_policy("pooled")).figures.visitors == len(original["visitors"])


def test_the_download_form_carries_the_plans_inputs(coordinator):
    shown = coordinator.post(
        PLAN, {"day": "sample:rural-walk-in", "headcount": 9, "target_p90": "90.5"}
    ).content.decode()
    form = shown.split('action="/planning/plan/download/"')[1].split("</form>")[0]
    assert 'name="day" value="sample:rural-walk-in"' in form
    assert 'name="headcount" value="9"' in form
    assert 'name="target_p90" value="90.5"' in form


def test_without_a_plan_in_the_session_the_plan_is_made_again(coordinator, tiny_day):
    response = coordinator.post(
        URL, {"day": "upload", "headcount": 3, "day_file": day_file(tiny_day, "tiny.json")}
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert len(load_day({**tiny_day, **data}).staff) == 3


def test_bad_input_returns_the_page_with_the_error(coordinator):
    response = coordinator.post(URL, {"day": "sample:rural-walk-in", "headcount": "0"})
    assert response.status_code == 400
    assert response.context["plan_form"].errors["headcount"]
    assert "Content-Disposition" not in response


def test_a_plan_that_cannot_be_made_returns_the_page_with_the_error(coordinator):
    response = coordinator.post(URL, {"day": "sample:rural-walk-in", "headcount": 1})
    assert response.status_code == 400
    assert "No plan possible" in response.content.decode()


def test_the_web_planner_uses_few_variations():
    # The planner is the slow part of the page: the web keeps it to one generated variation.
    assert services.WEB_VARIATIONS == 1
