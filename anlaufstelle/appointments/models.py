"""Bookings of whole visits, and what they are booked against: opening hours and capacity.

A booking is a *visit*: all of a person's concerns (their prerequisites added), in the order the
prerequisites allow, from one start time. Each step is kept as a :class:`BookedStep` with the
time it is expected to start, so the capacity of a service in an hour is counted with one
query over the steps, not by replanning every booking.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.organisation.models import Service, Site

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

# Without letters and digits that are mistaken for each other (0/O, 1/I/L, 5/S, 8/B) when the
# code is read aloud on the phone or typed from a printed letter.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY2345679"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OpeningHours(models.Model):
    """When a site is open on a weekday; for one service, when it keeps other hours there."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("site")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("service"),
        help_text=_("Empty: the hours of the whole site."),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["site", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_hours_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Capacity(models.Model):
    """Visits a service can take at a site in one hour of a weekday, split three ways: bookable
    online by visitors, bookable only by staff (follow-ups, phone, invitations), and kept free
    for walk-ins. One unit is one single person's step; a household uses more."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="capacities")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="capacities")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    hour = models.PositiveSmallIntegerField(
        _("hour"), validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    online = models.PositiveIntegerField(_("bookable online"), default=0)
    staff_only = models.PositiveIntegerField(_("bookable by staff only"), default=0)
    walk_in = models.PositiveIntegerField(_("kept for walk-ins"), default=0)

    class Meta:
        ordering = ["site", "service", "weekday", "hour"]
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "service", "weekday", "hour"], name="one_capacity_per_hour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.get_weekday_display()} {self.hour:02d}:00"


class BookingDay(models.Model):
    """One row per site and date with bookings: every booking of the day takes its lock, so two
    people booking the last free time at once cannot both get it, and ``version`` changes with
    every booking (the cached free times of the day are keyed by it)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE)
    date = models.DateField()
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "date"], name="one_booking_day")]

    def __str__(self) -> str:
        return f"{self.site} {self.date}"


class Channel(models.TextChoices):
    ONLINE = "online", _("booked online")
    RECEPTION = "reception", _("booked at reception")
    DESK = "desk", _("follow-up booked at a desk")
    PHONE = "phone", _("booked by phone")
    INVITATION = "invitation", _("invitation")


STAFF_CHANNELS = (Channel.RECEPTION, Channel.DESK, Channel.PHONE, Channel.INVITATION)


class Booking(models.Model):
    class State(models.TextChoices):
        HELD = "held", _("held while the form is filled in")
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        CHECKED_IN = "checked_in", _("checked in")
        MISSED = "missed", _("not come")

    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, default=new_code)
    # The secret in the visitor's link to change or cancel; the code alone opens nothing.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, verbose_name=_("site"))
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("expected end"))
    party_size = models.PositiveSmallIntegerField(
        _("people"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    language = models.CharField(_("language"), max_length=8, choices=list(SPOKEN_LANGUAGES.items()))
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("person"),
    )
    channel = models.CharField(_("booked"), max_length=12, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    held_until = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    visit = models.OneToOneField(
        "hall.Visit", on_delete=models.SET_NULL, null=True, blank=True, related_name="booking"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    # A form sent twice (a double click, a reload) books once.
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Optimistic version: a change made on a page that showed an older state is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [models.Index(fields=["site", "state", "start"])]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def services(self) -> list[Service]:
        return [step.service for step in self.steps.select_related("service").order_by("order")]


class BookedStep(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="steps")
    service = models.ForeignKey(Service, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField()
    start = models.DateTimeField()
    # Capacity units the step uses: one per single person's step, more for a household.
    units = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["booking", "order"]
        indexes = [models.Index(fields=["service", "start"])]

    def __str__(self) -> str:
        return f"{self.booking} {self.order}: {self.service}"


class InvitationRun(models.Model):
    """A coordinator's invitation of a group of people (the Migrationsagentur's invitation
    system): who is selected, for which concerns, over which days; the run proposes a time for
    each that levels the load, then sends letters and e-mails."""

    class Criterion(models.TextChoices):
        EXPIRING = "expiring", _("residence documents expiring within some weeks")
        NOT_SEEN = "not_seen", _("registered, but not yet seen by the agency")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        SENT = "sent", _("sent")
        DISCARDED = "discarded", _("discarded")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, verbose_name=_("site"))
    concerns = models.JSONField(_("concerns"), default=list)
    criterion = models.CharField(_("who is invited"), max_length=12, choices=Criterion.choices)
    weeks = models.PositiveSmallIntegerField(_("weeks"), default=8)
    agency = models.ForeignKey(
        "organisation.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("agency"),
        help_text=_("For “not yet seen”: the agency that has not seen them."),
    )
    first_day = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(_("days"), default=5)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PROPOSED
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # What the run does to the simulated days: figures before and after, by day.
    effect = models.JSONField(default=dict, blank=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation run")
        verbose_name_plural = _("invitation runs")

    def __str__(self) -> str:
        return f"{self.get_criterion_display()} {self.first_day}"


class Invitation(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        SENT = "sent", _("invited")
        CONFIRMED = "confirmed", _("confirmed")
        MOVED = "moved", _("moved")
        CANCELLED = "cancelled", _("cancelled")

    run = models.ForeignKey(InvitationRun, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="invitations"
    )
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    language = models.CharField(max_length=8)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person"], name="one_invitation_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.person_id}"


class Overbooking(models.Model):
    """Whether the coordinator lets a site's capacity take more bookings than units, by the
    share of booked visitors who do not come (measured per service, appointments/noshows.py),
    and up to what share at most."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="overbooking")
    allowed = models.BooleanField(_("overbook by the measured no-show rate"), default=False)
    at_most = models.PositiveSmallIntegerField(
        _("at most (percent)"), default=20, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("overbooking")
        verbose_name_plural = _("overbooking")

    def __str__(self) -> str:
        return f"{self.site}: {self.allowed}"
