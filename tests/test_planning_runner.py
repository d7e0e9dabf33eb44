"""The planning runner as the web process starts it: a process of its own on a real database.
Killed with SIGKILL in the middle of a plan, it loses nothing: the next runner takes the job
over once the heartbeat is stale, and finishes it."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from tests.databases import new_database, query
from tests.test_cli import COMMAND, DJANGO_ENV

QUEUE_A_JOB = """
from django.contrib.auth import get_user_model
from anlaufstelle.flow import day_to_dict, load_day_file
from anlaufstelle.planning.models import PlanningJob
from anlaufstelle.planning.services import SAMPLES_DIR
owner = get_user_model().objects.create_user("planner")
day = day_to_dict(load_day_file(SAMPLES_DIR / "leipzig-peak.json"))
PlanningJob.objects.create(owner=owner, day_key="sample:leipzig-peak", day_label="Leipzig",
                           day=day, digest="d", headcount=40, language="en")
"""
JOB = "SELECT state, evaluations, attempts, outcome IS NOT NULL FROM planning_planningjob"


def _wait_for(url: str, done, timeout: float) -> tuple[object, ...]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = query(url, JOB)
        if rows and done(rows[0]):
            return rows[0]
        time.sleep(0.2)
    raise AssertionError(f"the job did not get there in {timeout} s: {query(url, JOB)}")


def test_a_runner_killed_mid_plan_loses_nothing(tmp_path: Path) -> None:
    with new_database(tmp_path, "jobs") as url:
        env = {
            **DJANGO_ENV,
            "DATABASE_URL": url,
            "ANLAUFSTELLE_VAR_DIR": str(tmp_path),
            "PLANNING_STALE_SECONDS": "2",
            "PLANNING_RUNNER": "external",
        }

        def command(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(COMMAND), *args], env=env, capture_output=True, text=True, timeout=300
            )

        assert command("migrate", "--noinput", "-v", "0").returncode == 0
        shell = command("shell", "-c", QUEUE_A_JOB)
        assert shell.returncode == 0, shell.stderr
        runner = subprocess.Popen(
            [str(COMMAND), "planning_jobs", "--once"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            # Running, with progress written: then killed without a chance to say anything.
            _wait_for(url, lambda row: row[0] == "running" and row[1] > 0, timeout=120)
        finally:
            runner.kill()
            runner.wait()
        state, evaluations, attempts, has_outcome = query(url, JOB)[0]
        assert (state, attempts, has_outcome) == ("running", 1, False)
        # A second runner waits out the stale heartbeat of the dead one and finishes the job.
        time.sleep(2.5)
        second = command("planning_jobs", "--once", "-v", "2")
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == "1 planning job(s) ended."
        state, evaluations, attempts, has_outcome = query(url, JOB)[0]
        assert (state, attempts, has_outcome) == ("done", 2, True)
