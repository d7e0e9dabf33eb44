"""Downloading a job's proposal: the staff and interpreters in the day format, as an
attachment; only the coordinator's own finished job."""

from __future__ import annotations

import json

from django.urls import reverse
from planning_helpers import RURAL, day_file, job_url, plan_now, read

from anlaufstelle.flow import load_day, simulate
from anlaufstelle.flow.policies import get_policy
from anlaufstelle.planning import services
from anlaufstelle.planning.models import PlanningJob

PLAN = reverse("planning:plan")


def download_url(job):
    return reverse("planning:job_download", kwargs={"job_id": job.pk})


def test_the_download_is_a_day_format_attachment_that_load_day_accepts(coordinator):
    shown = plan_now(coordinator, {"day": "sample:rural-walk-in", "headcount": 9})
    assert download_url(PlanningJob.objects.get()) in shown.content.decode()
    response = coordinator.get(download_url(PlanningJob.objects.get()))
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


def test_a_job_not_yet_done_or_failed_has_nothing_to_download(coordinator):
    coordinator.post(PLAN, {"day": "sample:rural-walk-in", "headcount": 9})
    job = PlanningJob.objects.get()
    assert coordinator.get(download_url(job)).status_code == 404
    plan_now(coordinator, {"day": "sample:rural-walk-in", "headcount": 1})
    failed = PlanningJob.objects.get(headcount=1)
    assert failed.state == PlanningJob.State.FAILED
    assert coordinator.get(download_url(failed)).status_code == 404


def test_another_planner_opens_the_same_plan(coordinator, client_for):
    mine = plan_now(coordinator, {"day": "sample:rural-walk-in", "headcount": 9})
    job = PlanningJob.objects.get()
    other = client_for("administrator")
    theirs = other.get(job_url(job))
    assert theirs.context["outcome"] == mine.context["outcome"]
    assert other.get(download_url(job)).content == coordinator.get(download_url(job)).content


def test_an_upload_too_large_for_the_session_is_planned_again_from_its_job(
    coordinator, tiny_day, monkeypatch
):
    # The day is too large for the session: the job keeps it, and the job's form plans it
    # again without asking for the file.
    monkeypatch.setattr(services, "MAX_SESSION_DAY_BYTES", 10)
    first = plan_now(coordinator, {"day": "upload", "headcount": 3, "day_file": day_file(tiny_day)})
    assert first.context["outcome"].headcount == 3
    job = PlanningJob.objects.get()
    assert first.context["plan_form"]["day"].value() == f"job:{job.pk}"
    assert 'id="plan-day_file"' not in first.content.decode()
    again = plan_now(coordinator, {"day": f"job:{job.pk}", "headcount": 4})
    assert again.context["outcome"].headcount == 4
    data = json.loads(coordinator.get(download_url(PlanningJob.objects.get(headcount=4))).content)
    assert len(load_day({**tiny_day, **data}).staff) == 4


def test_the_web_planner_uses_few_variations():
    # The planner is the slow part of the page: the web keeps it to one generated variation.
    assert services.WEB_VARIATIONS == 1
