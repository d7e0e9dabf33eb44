"""Planning jobs: a run of the planner that a coordinator asked for, kept in the database with
its day, so that planning never holds a web request and never forgets an upload. A job holds
no personal data: a day file describes visits, not people."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanningJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        TIMED_OUT = "timed_out", _("stopped at the time limit")

    FINISHED = (State.DONE, State.FAILED, State.TIMED_OUT)

    # A random id: the address of a job's page says nothing about other jobs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)
    # What to plan: the day in the day format (as the parser accepted it), its page key and
    # label, and the planner's inputs.
    day_key = models.CharField(max_length=100)
    day_label = models.CharField(max_length=300)
    day = models.JSONField()
    digest = models.CharField(max_length=32)
    headcount = models.PositiveIntegerField()
    target_p90 = models.FloatField(null=True, blank=True)
    # Messages written by the runner are in the language the coordinator asked in.
    language = models.CharField(max_length=10)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    evaluations = models.PositiveIntegerField(default=0)
    round = models.PositiveSmallIntegerField(default=0)
    rounds = models.PositiveSmallIntegerField(default=0)
    outcome = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["state", "created"], name="planning_job_queue")]

    def __str__(self) -> str:
        return f"{self.day_label} ({self.headcount}): {self.state}"

    @property
    def finished_state(self) -> bool:
        return self.state in self.FINISHED
