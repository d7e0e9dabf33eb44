"""The phone hotline's log: the lines the centre runs (e.g. a Ukrainian/Russian line) and each
call taken on them. A call names no one unless the call-taker links it to a person's record,
which the access decision must allow (hotline/services.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.fields import staff_field
from anlaufstelle.core.languages import validate_language_codes
from anlaufstelle.core.validators import validate_multiline_characters, validate_text_characters
from anlaufstelle.people.models import Person


class Line(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, validators=[validate_text_characters])
    languages = models.JSONField(_("languages"), default=list, validators=[validate_language_codes])
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    active = models.BooleanField(_("in service"), default=True)

    class Meta:
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.TextChoices):
    ARRIVAL = "arrival", _("arrival and registration")
    RESIDENCE = "residence", _("residence and documents")
    BENEFITS = "benefits", _("benefits and money")
    HOUSING = "housing", _("housing")
    WORK = "work", _("work and language courses")
    SCHOOL = "school", _("school and childcare")
    HEALTH = "health", _("health")
    APPOINTMENT = "appointment", _("appointments")
    OTHER = "other", _("other")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("question answered")
    REFERRED = "referred", _("referred to a service or partner")
    FOLLOW_UP = "follow_up", _("needs a follow-up")
    DROPPED = "dropped", _("call dropped")


class FollowUp(models.TextChoices):
    NONE = "", _("none")
    CALLBACK = "callback", _("call back")
    APPOINTMENT = "appointment", _("appointment booked")
    TASK = "task", _("task in a case")


class Call(models.Model):
    line = models.ForeignKey(
        Line, on_delete=models.PROTECT, related_name="calls", verbose_name=_("hotline")
    )
    started_at = models.DateTimeField(_("call began"), default=timezone.now, db_index=True)
    minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    language = models.CharField(_("language of the call"), max_length=8)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    follow_up = models.CharField(
        _("follow-up"), max_length=16, choices=FollowUp.choices, blank=True
    )
    # Only for a call back: the number is deleted once the call back is done (data economy).
    callback_number = models.CharField(_("number to call back"), max_length=40, blank=True)
    callback_due = models.DateTimeField(_("call back by"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    booking_code = models.CharField(_("booking code"), max_length=20, blank=True)
    note = models.TextField(
        _("note"),
        blank=True,
        validators=[validate_multiline_characters],
        help_text=_("What was asked and answered; no names or personal details."),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    task = models.ForeignKey(
        "cases.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("task"),
    )
    taken_by = staff_field(_("taken by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.line.code} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def open_callback(self) -> bool:
        return self.follow_up == FollowUp.CALLBACK and self.follow_up_done_at is None
