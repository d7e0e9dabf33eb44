"""The shared case file: a case per person (or their household) led by one agency, with tasks per
agency, notes and documents that each belong to a data category and to the agency that wrote
them, referrals between agencies, and case conferences.

The agency that wrote a note or uploaded a document holds it (privacy/decision.py): another
agency reads it only on a legal basis or with the person's consent, and sealed categories
(health, youth office) not at all without a release.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.validators import validate_multiline_characters, validate_text_characters
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import VersionedRow
from anlaufstelle.privacy.models import validate_categories


class Case(VersionedRow):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="cases", verbose_name=_("person")
    )
    for_household = models.BooleanField(
        _("for the whole household"),
        default=False,
        help_text=_("The case concerns the person's household, not only the person."),
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_text_characters])
    lead = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="cases_led", verbose_name=_("lead agency")
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # the demo's cases, opened by no one
        related_name="+",
        verbose_name=_("opened by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # The title names the concern, as a visit's concerns do: identity-level, like the name.
    FIELD_CATEGORIES = {"title": Category.IDENTITY, "for_household": Category.IDENTITY}

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"{self.title} ({self.pk})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Task(VersionedRow):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    OPEN_STATES = (Status.OPEN, Status.IN_PROGRESS)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("agency")
    )
    title = models.CharField(_("task"), max_length=200, validators=[validate_text_characters])
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    due = models.DateField(_("due"), null=True, blank=True)
    remind_on = models.DateField(
        _("remind on"),
        null=True,
        blank=True,
        help_text=_("From this day the task stands on its owner's start page."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_tasks",
        verbose_name=_("owner"),
    )
    conference = models.ForeignKey(
        "Conference",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("decided at the conference"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # A task says what an agency does for the person: identity-level, like the case's title.
    FIELD_CATEGORIES = {
        "title": Category.IDENTITY,
        "status": Category.IDENTITY,
        "due": Category.IDENTITY,
        "remind_on": Category.IDENTITY,
    }

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    def is_overdue(self, today: date | None = None) -> bool:
        return bool(self.is_open and self.due and self.due < (today or timezone.localdate()))


class Note(models.Model):
    """What an officer wrote down, in one data category; held by the author's agency. A note is
    not changed afterwards: a correction is a new note (the record shows what was known when)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    category = models.CharField(_("data category"), max_length=32, choices=Category.choices)
    text = models.TextField(_("note"), validators=[validate_multiline_characters])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{_('note')} {self.pk}"


class CaseDocument(models.Model):
    """An uploaded file: kept outside the web root under a random name, its type checked from
    its content, served only through an access-checked, audited view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    category = models.CharField(_("data category"), max_length=32, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_text_characters])
    stored_as = models.CharField(_("stored as"), max_length=64, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document of a case")
        verbose_name_plural = _("documents of cases")

    def __str__(self) -> str:
        return self.title


class Referral(VersionedRow):
    """One agency asks another to take part in a case (`share`) or to take over its lead
    (`lead`), naming the data categories passed, the purpose, and the basis of each category
    as the access decision found it when asked."""

    class Kind(models.TextChoices):
        SHARE = "share", _("take part in the case")
        LEAD = "lead", _("take over the lead")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        COMPLETED = "completed", _("completed")
        REVOKED = "revoked", _("revoked")

    # While a referral is in one of these, the receiving agency takes part in the case.
    SHARING = (Status.ACCEPTED, Status.COMPLETED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SHARE)
    from_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="referrals_in", verbose_name=_("to")
    )
    categories = models.JSONField(_("data categories"), validators=[validate_categories])
    purpose = models.CharField(
        _("purpose"), max_length=64, choices=Purpose.choices, default=Purpose.CASEWORK
    )
    # Per category: the basis that allowed passing it ("own", a basis code, "consent:<id>")
    # with its citation, as decided when the referral was asked for.
    bases = models.JSONField(_("bases"), default=dict)
    note = models.TextField(_("note"), blank=True, validators=[validate_multiline_characters])
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    reason = models.TextField(_("reason"), blank=True, validators=[validate_multiline_characters])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The hall's forward that carried it, if any (a visit's step).
    step = models.ForeignKey(
        "hall.Step",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the hall's step"),
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.from_agency} → {self.to_agency}"

    def clean(self) -> None:
        if self.from_agency_id == self.to_agency_id:
            raise ValidationError({"to_agency": _("An agency does not refer to itself.")})


class Conference(models.Model):
    """A case conference: the agencies and staff who met, the agenda and the minutes; its
    decisions become tasks. The minutes are held by the agency that wrote them, in a data
    category, like a note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conferences")
    held_on = models.DateField(_("held on"))
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name=_("agencies"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("staff present")
    )
    agenda = models.TextField(_("agenda"), validators=[validate_multiline_characters])
    minutes = models.TextField(_("minutes"), blank=True, validators=[validate_multiline_characters])
    category = models.CharField(
        _("data category of the minutes"),
        max_length=32,
        choices=Category.choices,
        default=Category.BIOGRAPHY,
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("minutes kept by")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")

    def __str__(self) -> str:
        return f"{self.case} · {self.held_on:%d.%m.%Y}"
