"""Planning as a background job: the page queues a job and shows its progress; a runner process
claims it, runs the planner and writes the outcome back.

A web request never runs the planner, so a large day never holds a web worker for minutes, and
the day lives in the job, so an upload too large for the session is never "forgotten". By
default the web process starts a detached runner (``anlaufstelle planning_jobs --once``) when it
queues a job; with ``PLANNING_RUNNER=external`` the operator runs one as a service.

A runner claims the oldest waiting job under a row lock that other runners skip, and keeps a
heartbeat while it works. A job whose runner went silent (killed, out of memory, the machine
restarted) is taken over by the next runner, at most :data:`MAX_ATTEMPTS` times; a job that
runs past ``PLANNING_TIME_LIMIT_SECONDS`` is stopped and says so.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anlaufstelle.flow import PlanProgress, ScenarioError, day_to_dict
from anlaufstelle.planning import services
from anlaufstelle.planning.errors import describe
from anlaufstelle.planning.models import PlanningJob

log = logging.getLogger("anlaufstelle.planning")
State = PlanningJob.State

# A job whose runner died this often is not tried again: it may be what kills the runners.
MAX_ATTEMPTS = 3
# The planning form's key of a job's day ("job:<id>").
JOB_KEY = "job:"
# The page's progress is written at most this often (each write is a short transaction).
PROGRESS_SECONDS = 1.0


class _Stop(Exception):
    """Raised from the planner's progress callback: the job is to end now."""

    def __init__(self, state: str, message: str = "") -> None:
        super().__init__(state)
        self.state = state
        self.message = message


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


# --- Queueing ----------------------------------------------------------------------------------


def submit(
    *,
    user: Any,
    session: Any,
    key: str | None,
    headcount: int,
    target_p90: float | None,
    upload: UploadedFile[bytes] | None = None,
) -> PlanningJob:
    """Queue the planner for the chosen day; a day that cannot be planned at all is refused
    here, with the page's own messages (:class:`services.PlanningError`)."""
    earlier = _job_of_key(user, key) if upload is None else None
    if earlier is not None:
        loaded = services.job_day(earlier)
    else:
        loaded = services.load_day_choice(key=key, session=session, upload=upload)
    services.check_plannable(loaded.day)
    job = PlanningJob.objects.create(
        owner=user,
        day_key=loaded.key,
        day_label=loaded.label[:300],
        day=day_to_dict(loaded.day),
        digest=loaded.digest,
        headcount=headcount,
        target_p90=target_p90,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(launch)
    return job


def day_key_of(job: PlanningJob) -> str:
    """The key under which the planning form plans a job's day again."""
    return f"{JOB_KEY}{job.pk}"


def _job_of_key(user: Any, key: str | None) -> PlanningJob | None:
    if not key or not key.startswith(JOB_KEY):
        return None
    try:
        job_id = uuid.UUID(key[len(JOB_KEY) :])
    except ValueError:
        raise services.PlanningError(str(services.NOT_AVAILABLE)) from None
    job = job_for(user, job_id)
    if job is None:
        raise services.PlanningError(str(services.NOT_AVAILABLE))
    return job


def launch() -> None:
    """Start a detached runner that drains the queue and exits (``PLANNING_RUNNER=process``)."""
    if settings.PLANNING_RUNNER != "process":
        return
    try:
        runner = subprocess.Popen(
            [sys.executable, "-m", "anlaufstelle.cli", "planning_jobs", "--once"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        # The job stays queued: the next job, a look at its page or an external runner takes it.
        log.exception("could not start a planning runner")
        return
    # Reap it when it ends, so that no finished runner lingers as a zombie process.
    threading.Thread(target=runner.wait, daemon=True).start()


def job_for(user: Any, job_id: Any) -> PlanningJob | None:
    """A job any planner may open (the views check the role): a job holds a day and a staffing,
    no personal data, and a coordinator may send a colleague the address of a plan."""
    return PlanningJob.objects.filter(pk=job_id).first()


def is_stale(job: PlanningJob, now: Any = None) -> bool:
    now = now or timezone.now()
    limit = timedelta(seconds=settings.PLANNING_STALE_SECONDS)
    return job.state == State.RUNNING and (job.heartbeat is None or job.heartbeat < now - limit)


def waiting_without_runner(job: PlanningJob) -> bool:
    """A job that has waited longer than a runner takes to start, or whose runner went silent,
    needs a runner: looking at its page starts one."""
    now = timezone.now()
    limit = timedelta(seconds=settings.PLANNING_STALE_SECONDS)
    return is_stale(job, now) or (job.state == State.QUEUED and job.created < now - limit)


# --- Running -----------------------------------------------------------------------------------


def claim(worker: str) -> PlanningJob | None:
    """Take the oldest job waiting (or left by a silent runner) unless enough run already. The
    row lock is skipped by other runners; the conditional update keeps two runners from taking
    one job where the database has no row locks (SQLite)."""
    now = timezone.now()
    fresh = now - timedelta(seconds=settings.PLANNING_STALE_SECONDS)
    with transaction.atomic():
        if (
            PlanningJob.objects.filter(state=State.RUNNING, heartbeat__gte=fresh).count()
            >= settings.PLANNING_PARALLEL
        ):
            return None
        job = (
            PlanningJob.objects.select_for_update(skip_locked=True)
            .filter(Q(state=State.QUEUED) | Q(state=State.RUNNING, heartbeat__lt=fresh))
            .order_by("created")
            .first()
        )
        if job is None:
            return None
        taken = PlanningJob.objects.filter(
            pk=job.pk, state=job.state, heartbeat=job.heartbeat
        ).update(
            state=State.RUNNING,
            worker=worker,
            heartbeat=now,
            started=now,
            attempts=F("attempts") + 1,
        )
        if not taken:
            return None
    job.refresh_from_db()
    return job


def _finish(job: PlanningJob, worker: str, state: str, **fields: Any) -> bool:
    return bool(
        PlanningJob.objects.filter(pk=job.pk, worker=worker, state=State.RUNNING).update(
            state=state, finished=timezone.now(), heartbeat=timezone.now(), **fields
        )
    )


class _Heartbeat(threading.Thread):
    """Tells the others, every third of the stale interval, that this job's runner lives, however
    long one simulation of a large day takes."""

    def __init__(self, job: PlanningJob, worker: str) -> None:
        super().__init__(daemon=True)
        self.job_id = job.pk
        self.worker = worker
        self.done = threading.Event()

    def run(self) -> None:
        every = max(0.2, settings.PLANNING_STALE_SECONDS / 3)
        try:
            while not self.done.wait(every):
                PlanningJob.objects.filter(
                    pk=self.job_id, worker=self.worker, state=State.RUNNING
                ).update(heartbeat=timezone.now())
        finally:
            connection.close()


def run(job: PlanningJob, worker: str, *, beat: bool = False) -> str:
    """Run the planner for a claimed job and write its end: done with the outcome, failed with
    the reason in the coordinator's language, or stopped at the time limit. Returns the state
    written (or the job's state if another runner has taken it over meanwhile).

    Progress is written with a heartbeat; ``beat`` adds a thread that beats between the
    writes too, for a runner process whose single simulations may outlast the stale interval
    (it needs a connection of its own, which a test inside one transaction cannot give it)."""
    if job.attempts > MAX_ATTEMPTS:
        with translation.override(job.language):
            message = _(
                "The planner stopped unexpectedly %(count)d times on this day; it is not tried "
                "again. The server's log says more."
            ) % {"count": MAX_ATTEMPTS}
        _finish(job, worker, State.FAILED, error=message)
        return State.FAILED
    limit = settings.PLANNING_TIME_LIMIT_SECONDS
    started = time.monotonic()
    last = 0.0

    def progress(p: PlanProgress) -> None:
        nonlocal last
        now = time.monotonic()
        if now - started > limit:
            raise _Stop(State.TIMED_OUT)
        if now - last < PROGRESS_SECONDS:
            return
        last = now
        written = PlanningJob.objects.filter(pk=job.pk, worker=worker, state=State.RUNNING).update(
            evaluations=p.evaluations, round=p.round, rounds=p.rounds, heartbeat=timezone.now()
        )
        if not written:
            raise _Stop("")  # taken over by another runner: its result counts

    heartbeat = _Heartbeat(job, worker) if beat else None
    if heartbeat is not None:
        heartbeat.start()
    try:
        with translation.override(job.language):
            state, fields = _plan(job, progress, limit)
    finally:
        if heartbeat is not None:
            heartbeat.done.set()
            heartbeat.join()
    if state and _finish(job, worker, state, **fields):
        return state
    job.refresh_from_db()
    return job.state


def _plan(job: PlanningJob, progress: Any, limit: int) -> tuple[str, dict[str, Any]]:
    try:
        outcome = services.run_plan(
            loaded=services.job_day(job),
            headcount=job.headcount,
            target_p90=job.target_p90,
            progress=progress,
        )
    except _Stop as stop:
        if stop.state == State.TIMED_OUT:
            minutes = max(1, round(limit / 60))
            message = ngettext(
                "The planner stopped after %(minutes)d minute, its time limit. Try a smaller "
                "headcount or a shorter day.",
                "The planner stopped after %(minutes)d minutes, its time limit. Try a smaller "
                "headcount or a shorter day.",
                minutes,
            ) % {"minutes": minutes}
            return stop.state, {"error": message}
        return "", {}
    except services.PlanningError as exc:
        return State.FAILED, {"error": exc.message}
    except ScenarioError as exc:
        return State.FAILED, {"error": services.CANNOT_USE % {"problem": describe(exc)}}
    except Exception:
        log.exception("planning job %s failed", job.pk)
        return State.FAILED, {
            "error": _("The planner failed unexpectedly; the server's log says why.")
        }
    return State.DONE, {"outcome": services.outcome_to_json(outcome), "error": ""}


def run_pending(
    *, worker: str | None = None, once: bool = True, idle: float = 2.0, beat: bool = False
) -> int:
    """Claim and run jobs until none waits (``once``) or for ever, polling every ``idle``
    seconds. Returns how many jobs this runner ended."""
    worker = worker or worker_name()
    ended = 0
    while True:
        job = claim(worker)
        if job is not None:
            run(job, worker, beat=beat)
            ended += 1
            continue
        if once:
            return ended
        time.sleep(idle)
        # A standing runner outlives its connection's age and any restart of the database.
        close_old_connections()
