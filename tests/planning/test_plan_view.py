"""Running the planner from the page: the form queues a job, a runner plans, and the job's page
shows the proposal; with htmx only the planner fragment comes back, without JavaScript the
whole page; errors land at the form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from planning_helpers import RURAL, day_file, plan_now, read

from anlaufstelle.flow import load_day_file
from anlaufstelle.planning import services
from anlaufstelle.planning.models import PlanningJob

URL = reverse("planning:plan")
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_plan_has_the_asked_headcount(coordinator):
    response = plan_now(coordinator, {"day": "sample:rural-walk-in", "headcount": 9})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.headcount == 9
    assert len(outcome.staff) == 9
    assert sum(row.count for row in outcome.skill_mix) == 9
    assert len(PlanningJob.objects.get().outcome["staff"]) == 9
    html = response.content.decode()
    assert "Proposal for 9 staff" in html
    assert "Download plan (JSON)" in html
    # Against the day's own staff, under silo and the default policy.
    own = len(load_day_file(RURAL).staff)
    groups = re.findall(r'scope="colgroup" colspan="2">([^<]*)<', html)
    assert groups == [f"Day&#x27;s own staff ({own})", "Proposed staff (9)"]
    policies = [c.label for c in outcome.columns]
    assert policies == ["Silo (as today)", "Pooled (Anlaufstelle)"] * 2


def test_without_htmx_the_whole_page_comes_back(coordinator):
    response = plan_now(coordinator, {"day": "sample:rural-walk-in", "headcount": 11})
    html = response.content.decode()
    assert "<html" in html and 'id="comparison"' in html and 'id="planner"' in html
    assert response["Vary"].count("HX-Request") == 1


def test_with_htmx_only_the_planner_fragment_comes_back(coordinator):
    response = plan_now(coordinator, {"day": "sample:rural-walk-in", "headcount": 11}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="section" id="planner"')
    assert "<html" not in html and 'id="comparison"' not in html
    assert [t.name for t in response.templates][0] == "planning/_planner.html"
    assert "Proposal for 11 staff" in html
    assert "HX-Request" in response["Vary"]


def test_a_target_is_reported_as_met_or_missed(coordinator, tiny_day):
    data = {"day": "upload", "headcount": 4, "day_file": day_file(tiny_day)}
    met = plan_now(coordinator, {**data, "target_p90": "500"}, **HTMX)
    assert met.context["outcome"].meets_target is True
    assert "The proposal meets the target of 500 minutes" in met.content.decode()
    missed = plan_now(coordinator, {"day": "upload", "headcount": 4, "target_p90": "1"}, **HTMX)
    assert missed.context["outcome"].meets_target is False
    assert "The proposal misses the target of 1 minutes" in missed.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"headcount": ""}, "headcount", "This field is required."),
        ({"headcount": "0"}, "headcount", "greater than or equal to 1"),
        ({"headcount": "many"}, "headcount", "Enter a whole number."),
        ({"headcount": str(services.MAX_HEADCOUNT + 1)}, "headcount", "less than or equal"),
        ({"headcount": "5", "target_p90": "soon"}, "target_p90", "Enter a number."),
        ({"headcount": "9" * 5000}, "headcount", "Enter a whole number."),
        ({"headcount": "5", "target_p90": "1e400"}, "target_p90", "Enter a number."),
        ({"headcount": "5", "target_p90": "nan"}, "target_p90", "Enter a number."),
        ({"headcount": "5", "target_p90": "1e100"}, "target_p90", "less than or equal"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_bad_input_is_a_form_error(coordinator, data, field, message):
    response = coordinator.post(URL, {"day": "sample:rural-walk-in", **data}, **HTMX)
    assert response.status_code == 200
    assert any(message in e for e in response.context["plan_form"].errors[field])
    assert response.context["outcome"] is None
    assert not PlanningJob.objects.exists()


def test_too_small_a_headcount_is_explained(coordinator):
    response = plan_now(coordinator, {"day": "sample:rural-walk-in", "headcount": 2}, **HTMX)
    assert response.status_code == 200
    assert PlanningJob.objects.get().state == PlanningJob.State.FAILED
    errors = response.context["plan_form"].non_field_errors()
    assert "No plan possible: headcount: 2 is too small" in errors[0]
    assert "kern-alert--danger" in response.content.decode()


def test_a_lost_upload_asks_for_the_file(coordinator, tiny_day):
    response = coordinator.post(URL, {"day": "upload", "headcount": 3}, **HTMX)
    html = response.content.decode()
    assert "upload it again" in html
    assert 'name="day_file"' in html
    # ... and with the file the planner runs.
    again = plan_now(
        coordinator, {"day": "upload", "headcount": 3, "day_file": day_file(tiny_day)}, **HTMX
    )
    assert again.context["outcome"].headcount == 3


def test_the_fragment_keeps_the_loading_indicator_and_htmx_attributes(coordinator):
    html = plan_now(coordinator, {"day": "sample:rural-walk-in", "headcount": 11}, **HTMX)
    html = html.content.decode()
    form = re.search(r"<form[^>]*hx-post[^>]*>", html).group(0)
    assert 'hx-target="#planner"' in form and 'hx-indicator="#plan-loading"' in form
    assert 'action="/planning/plan/"' in form and 'method="post"' in form
    assert 'id="plan-loading"' in html


def test_keeping_the_own_staff_is_said_plainly(coordinator):
    # The rural example with nobody booked: no change of how bookings are honoured moves it.
    walk_ins = read(RURAL)
    for visitor in walk_ins["visitors"]:
        visitor.pop("appointment", None)
    data = {"day": "upload", "headcount": 11, "day_file": day_file(walk_ins)}
    response = plan_now(coordinator, data)
    outcome = response.context["outcome"]
    assert outcome.kept_current
    html = response.content.decode()
    assert (
        "No plan for 11 staff waits less than the day's own staff (mean wait 59.2 minutes),"
        " so the proposal is the day's own staff."
    ) in html
    assert "With 12 staff the planner's plan waits 59.1 minutes." in html
    # The proposal's figures are the own staff's, so the table shows no worse plan.
    own, proposed = outcome.figures[6].cells[1], outcome.figures[6].cells[3]
    assert outcome.figures[6].key == "mean_wait_minutes" and own == proposed


def test_a_day_whose_minutes_underflow_is_planned_not_a_500(coordinator, tiny_day):
    # Steps of 5e-324 minutes against a service of two days: the planner's forecast of the
    # day took the logarithm of their ratio, 0, and the page answered "math domain error".
    tiny_day["services"][0]["typical_minutes"] = 2880
    for v in tiny_day["visitors"]:
        if "reception" in v["steps"]:
            v["steps"]["reception"] = 5e-324
    coordinator.post(reverse("planning:upload"), {"day_file": day_file(tiny_day)})
    response = plan_now(coordinator, {"day": "upload", "headcount": 4})
    assert response.status_code == 200
    assert response.context["outcome"].headcount == 4
    assert "Proposal for 4 staff" in response.content.decode()
