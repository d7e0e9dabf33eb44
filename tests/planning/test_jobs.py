"""Planning jobs: the page queues, a runner claims and plans, the page shows progress and then
the proposal; time limits, runners that went silent, and how many run at once."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from planning_helpers import job_url, plan_now

from anlaufstelle.planning import jobs
from anlaufstelle.planning.models import PlanningJob

PLAN = reverse("planning:plan")
HTMX = {"HTTP_HX_REQUEST": "true"}
RURAL = {"day": "sample:rural-walk-in", "headcount": 9}
State = PlanningJob.State


def queue(client, data=RURAL, **headers):
    response = client.post(PLAN, data, **headers)
    return response, PlanningJob.objects.latest("created")


def test_a_queued_job_is_a_progress_block_that_polls_its_own_page(coordinator):
    response, job = queue(coordinator, **HTMX)
    assert job.state == State.QUEUED and job.headcount == 9 and job.day_key == RURAL["day"]
    html = response.content.decode()
    assert "Waiting for the planner to start…" in html
    assert f'hx-get="{job_url(job)}" hx-trigger="every 1s"' in html
    assert response["HX-Push-Url"] == job_url(job)
    # Its page says the same while nobody has run it, and reloads itself without JavaScript.
    page = coordinator.get(job_url(job)).content.decode()
    assert "Waiting for the planner to start…" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page


def test_the_form_without_javascript_goes_to_the_jobs_page(coordinator):
    response, job = queue(coordinator)
    assert response.status_code == 302 and response["Location"] == job_url(job)


def test_a_running_job_shows_its_round_and_simulations(coordinator):
    _response, job = queue(coordinator)
    PlanningJob.objects.filter(pk=job.pk).update(
        state=State.RUNNING, heartbeat=timezone.now(), round=3, rounds=10, evaluations=42
    )
    html = coordinator.get(job_url(job), **HTMX).content.decode()
    assert "Planning: round 3 of at most 10." in html
    assert '<progress class="planning-job__bar" max="10" value="3"' in html
    assert "42 staffings simulated so far." in html


def test_a_finished_job_stops_polling_and_shows_the_proposal(coordinator):
    response = plan_now(coordinator, RURAL, **HTMX)
    html = response.content.decode()
    assert "Proposal for 9 staff" in html and 'hx-trigger="every 1s"' not in html
    job = PlanningJob.objects.get()
    assert job.state == State.DONE and job.attempts == 1 and job.finished is not None
    # The progress was written on the way: as many simulations as the planner reports.
    assert 0 < job.evaluations <= job.outcome["evaluations"]
    assert job.rounds == 10


def test_progress_is_written_as_it_comes(coordinator, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 0.0)
    plan_now(coordinator, RURAL)
    job = PlanningJob.objects.get()
    assert job.evaluations == job.outcome["evaluations"]


def test_a_job_past_its_time_limit_is_stopped_and_says_so(coordinator, settings, monkeypatch):
    settings.PLANNING_TIME_LIMIT_SECONDS = 60
    ticks = itertools.count(step=30.0)  # every look at the clock: half a minute later
    monkeypatch.setattr(jobs.time, "monotonic", lambda: next(ticks))
    response = plan_now(coordinator, RURAL, **HTMX)
    job = PlanningJob.objects.get()
    assert job.state == State.TIMED_OUT and job.outcome is None
    message = (
        "The planner stopped after 1 minute, its time limit. Try a smaller headcount or a "
        "shorter day."
    )
    assert job.error == message
    assert message in response.content.decode()
    assert response.context["outcome"] is None


def test_a_failure_is_said_in_the_language_the_coordinator_asked_in(coordinator, settings):
    settings.LANGUAGE_CODE = "de"
    coordinator.post(PLAN, {**RURAL, "headcount": 1}, HTTP_ACCEPT_LANGUAGE="de")
    job = PlanningJob.objects.get()
    assert job.language == "de"
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == State.FAILED
    assert job.error.startswith("Keine Planung möglich")


def test_a_job_whose_runner_went_silent_is_taken_over(coordinator, settings):
    _response, job = queue(coordinator)
    assert jobs.claim("dead-runner").pk == job.pk
    # The runner was killed: no heartbeat for longer than the stale interval.
    old = timezone.now() - timedelta(seconds=settings.PLANNING_STALE_SECONDS + 1)
    PlanningJob.objects.filter(pk=job.pk).update(heartbeat=old)
    assert jobs.run_pending(worker="second-runner") == 1
    job.refresh_from_db()
    assert (job.state, job.worker, job.attempts) == (State.DONE, "second-runner", 2)
    assert "Proposal for 9 staff" in coordinator.get(job_url(job)).content.decode()


def test_a_job_that_kept_killing_its_runners_is_given_up(coordinator, settings):
    _response, job = queue(coordinator)
    old = timezone.now() - timedelta(seconds=settings.PLANNING_STALE_SECONDS + 1)
    for attempt in range(jobs.MAX_ATTEMPTS):
        assert jobs.claim(f"runner-{attempt}").pk == job.pk
        PlanningJob.objects.filter(pk=job.pk).update(heartbeat=old)
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == State.FAILED and job.outcome is None
    assert "stopped unexpectedly 3 times" in job.error


def test_a_live_runner_keeps_its_job(coordinator):
    _response, job = queue(coordinator)
    assert jobs.claim("first").pk == job.pk
    # Its heartbeat is fresh: a second runner finds nothing to do.
    assert jobs.claim("second") is None
    job.refresh_from_db()
    assert (job.worker, job.attempts) == ("first", 1)


def test_no_more_jobs_run_at_once_than_allowed(coordinator, settings):
    settings.PLANNING_PARALLEL = 1
    _r, first = queue(coordinator)
    _r, second = queue(coordinator, {**RURAL, "headcount": 10})
    assert jobs.claim("a").pk == first.pk
    assert jobs.claim("b") is None
    second.refresh_from_db()
    assert second.state == State.QUEUED
    settings.PLANNING_PARALLEL = 2
    assert jobs.claim("b").pk == second.pk


def test_a_runner_that_lost_its_job_does_not_overwrite_the_new_runners_end(coordinator):
    _response, job = queue(coordinator)
    claimed = jobs.claim("first")
    # Meanwhile another runner took the job over and finished it.
    PlanningJob.objects.filter(pk=job.pk).update(worker="second", state=State.DONE, outcome={})
    assert jobs.run(claimed, "first") == State.DONE
    job.refresh_from_db()
    assert (job.worker, job.outcome) == ("second", {})


@pytest.mark.parametrize("key", ["job:not-a-uuid", "job:00000000-0000-0000-0000-000000000000"])
def test_a_day_of_no_job_of_ones_own_is_refused(coordinator, key):
    response = coordinator.post(PLAN, {"day": key, "headcount": 3}, **HTMX)
    assert response.status_code == 200
    assert "not available" in response.context["plan_form"].non_field_errors()[0]
    assert not PlanningJob.objects.exists()


def _claim_at_once(runners: list[str]) -> list[object]:
    """Each runner claims in a thread of its own, all at the same moment on PostgreSQL (SQLite
    takes writers one at a time: there they claim in turn)."""
    import threading

    from django.db import connection

    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(len(runners) if concurrent else 1)
    claimed: dict[str, object] = {}

    def take(name: str) -> None:
        try:
            start.wait()
            job = jobs.claim(name)
            claimed[name] = job.pk if job else None
        finally:
            if concurrent:
                connection.close()

    threads = [threading.Thread(target=take, args=(name,)) for name in runners]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()
    return [claimed[name] for name in runners]


def test_runners_claiming_at_once_take_different_jobs(committed_db, personas, settings):
    settings.PLANNING_PARALLEL = 4
    day = {"name": "d"}
    made = [
        PlanningJob.objects.create(
            owner=personas["coordinator"], day_key="k", day_label="d", day=day, digest="d",
            headcount=h, language="en",
        )
        for h in (3, 4, 5)
    ]  # fmt: skip
    taken = _claim_at_once(["a", "b", "c", "d"])
    assert sorted(str(t) for t in taken if t) == sorted(str(j.pk) for j in made)
    assert taken.count(None) == 1
    assert PlanningJob.objects.filter(state=State.RUNNING, attempts=1).count() == 3
