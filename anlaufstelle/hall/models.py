"""The live hall of a site on a day, as the database holds it.

The dispatcher's state (`flow.hall.Hall`) is a snapshot on the day's row (`HallDay.state`, packed
by hall/state.py) and the changes written since (`HallChange`, one row per event). Each event
locks the day's row, takes the `Hall` from the process's memory if no other process has written
since (`version`), or brings the kept one up to date by replaying the changes since, or builds it
from the snapshot and the changes; then it applies one transition, lets the dispatcher decide and
writes the change down, all in one transaction (hall/services.py). The rows beside it say the same
for the screens and the reports: a ticket per visit, a step per service of the visit, desk
sessions, and every transition of a step as an event in an append-only table.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anlaufstelle.hall import clock
from anlaufstelle.organisation.models import Desk, Interpreter, Service, Site


def _status_token() -> str:
    return secrets.token_urlsafe(16)


class HallDay(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="hall_days")
    date = models.DateField()
    # Minutes of the hall count from here (the first event of the day).
    opened_at = models.DateTimeField()
    # Compressed JSON, not jsonb: at a thousand visitors the snapshot is 400 KB of text, which
    # PostgreSQL would parse and compress again on every event (40 ms); packed it is 25 KB.
    # The state after event number `snapshot_seq`; the changes after it are `HallChange` rows.
    state = models.BinaryField()
    snapshot_seq = models.BigIntegerField(default=0)
    # Events so far (each a `HallChange` numbered 1, 2, ...).
    seq = models.BigIntegerField(default=0)
    # A new random number with every event: the state a process keeps in memory is current
    # exactly when its number is the row's (a rolled-back event's number never is).
    version = models.BigIntegerField(default=0)
    next_number = models.PositiveIntegerField(default=1)
    # No visitor set aside (did not come, or comes back later) queues again before this time
    # (none if empty): an event looks for returning visitors only once it has come.
    next_return = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "date"], name="hall_day_once")]

    def __str__(self) -> str:
        return f"{self.site} {self.date}"

    @property
    def snapshot(self) -> dict[str, Any]:
        """The dispatcher's state now, as `Hall.from_snapshot` takes it."""
        from anlaufstelle.hall.state import current

        return current(self.pk).snapshot()


class HallChange(models.Model):
    """What one event changed in the dispatcher's state (`flow.journal`), to be replayed by a
    process whose hall in memory is older. Rows before the day's snapshot are removed when a
    newer snapshot is written."""

    day = models.ForeignKey(HallDay, on_delete=models.CASCADE, related_name="changes")
    seq = models.BigIntegerField()
    # The day's version after this event: a process that kept the hall of this event holds it
    # exactly when its version is this one.
    version = models.BigIntegerField()
    # The operations, as JSON (small: not worth compressing).
    ops = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "seq"], name="hall_change_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day_id}#{self.seq}"


class Visit(models.Model):
    """A ticket: one visitor (or a party served together) and their concerns, without a name."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        AT_DESK = "at_desk", _("at a desk")
        ABSENT = "absent", _("did not come when called")
        MISSED = "missed", _("missed too many calls")
        PENDING = "pending", _("comes back later")
        PARKED = "parked", _("waits for a desk to take them back")
        DONE = "done", _("done")

    day = models.ForeignKey(HallDay, on_delete=models.CASCADE, related_name="visits")
    number = models.PositiveIntegerField()
    # The unguessable address of the visitor's status page (the ticket's QR code).
    token = models.CharField(max_length=32, unique=True, default=_status_token)
    language = models.CharField(max_length=8)
    needs_interpreter = models.BooleanField(default=False)
    party_size = models.PositiveSmallIntegerField(default=1)
    priority_reason = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    # The hall's clock, not the save's: a rehearsal issues tickets at the times of its day.
    created = models.DateTimeField(default=clock.now, editable=False)
    # The key of the form that issued it (reception's or a kiosk's): a double tap or a resent
    # form finds this ticket instead of issuing a second one.
    request_key = models.UUIDField(null=True, blank=True, editable=False)
    finished = models.DateTimeField(null=True, blank=True)
    # When the visitor last did not come when called (they queue again a while later).
    absent_since = models.DateTimeField(null=True, blank=True)
    # When a visitor set aside (did not come, or must come back later) queues again.
    returns_at = models.DateTimeField(null=True, blank=True)
    # The person in the registry, if reception attached the ticket to them (never printed, never
    # on a public screen; desks see it through the people services, which audit the read).
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "number"], name="hall_ticket_number_once"),
            models.UniqueConstraint(fields=["day", "request_key"], name="hall_ticket_per_form"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """What is called out and shown: a letter and three digits, e.g. A-047."""
        return f"A-{self.number:03d}"

    @property
    def hall_id(self) -> str:
        return f"v{self.pk}"


class Outcome(models.TextChoices):
    DONE = "done", _("done")
    DOCUMENTS_MISSING = "documents_missing", _("documents missing")
    NOT_RESPONSIBLE = "not_responsible", _("not responsible here")
    DECLINED = "declined", _("the visitor declined")


class Step(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        AT_DESK = "at_desk", _("at the desk")
        # Begun, and set aside at the desk (the visitor fills in a form, the desk waits for a
        # call back): the same desk takes the visitor back.
        PARKED = "parked", _("parked at the desk")
        DONE = "done", _("done")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="steps")
    service = models.ForeignKey(Service, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    session = models.ForeignKey(
        "DeskSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="steps"
    )
    # The interpreter the dispatcher called along, if the visitor needs one at this desk.
    interpreting = models.ForeignKey(
        "InterpreterSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
    )
    calls = models.PositiveSmallIntegerField(default=0)
    called_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Seconds at the desk before the visitor was parked or asked to come back later: the step
    # took these plus the time from its last start to its end.
    served_before = models.FloatField(default=0.0)
    parked_at = models.DateTimeField(null=True, blank=True)
    # What came of a done step, as the desk says (counted in the reports).
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["visit", "order"]

    def __str__(self) -> str:
        return f"{self.visit_id}:{self.service_id}"


# A step whose visitor a desk has now: called there, or at it.
AT_A_DESK = (Step.State.CALLED, Step.State.AT_DESK)


class DeskSession(models.Model):
    """A desk officer signed in at a desk, serving some of their skills."""

    day = models.ForeignKey(HallDay, on_delete=models.CASCADE, related_name="sessions")
    desk = models.ForeignKey(Desk, on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    skills = models.JSONField(default=list)
    # Free in the hall: *call next* was pressed, and no done, no-show or come-back-later since
    # (the snapshot says the same; this lets a repeated press skip the site's lock).
    ready = models.BooleanField(default=False)
    started = models.DateTimeField(default=clock.now, editable=False)
    ended = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One officer at one desk at a time, and one desk per officer.
            models.UniqueConstraint(
                fields=["desk"], condition=models.Q(ended__isnull=True), name="hall_desk_once"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(ended__isnull=True), name="hall_officer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.desk_id}"

    @property
    def hall_id(self) -> str:
        return f"s{self.pk}"


class InterpreterSession(models.Model):
    """An interpreter in the hall, called along with visitors who need their language."""

    day = models.ForeignKey(HallDay, on_delete=models.CASCADE, related_name="interpreting")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT)
    started = models.DateTimeField(default=clock.now, editable=False)
    ended = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interpreter"],
                condition=models.Q(ended__isnull=True),
                name="hall_interpreter_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interpreter_id}@{self.day_id}"

    @property
    def hall_id(self) -> str:
        return f"i{self.pk}"


class HallEvent(models.Model):
    """Every transition, with its time: append-only (an event is never changed or removed)."""

    day = models.ForeignKey(HallDay, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, null=True, blank=True)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, null=True, blank=True)
    session = models.ForeignKey(DeskSession, on_delete=models.CASCADE, null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.at:%H:%M:%S} {self.kind}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("hall events are never changed")
        super().save(*args, **kwargs)
