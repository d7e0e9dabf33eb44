"""Accommodation places and who lives in them: accommodations (shared housing, flats, emergency
places) with rooms and beds, the placement of a person in a bed, and the waiting list.

A placement and a waiting entry are data of the person held by the housing agency that made
them (privacy/decision.py): the fields are declared in `FIELD_CATEGORIES` like the registry's.
Accommodations, rooms and beds name no one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.categories import Category
from anlaufstelle.core.fields import staff_field
from anlaufstelle.core.validators import validate_multiline_characters, validate_text_characters
from anlaufstelle.organisation.models import Agency, Site


class Group(models.TextChoices):
    """Who is to be placed: the groups an accommodation may take in."""

    FAMILY = "family", _("family")
    SINGLE_WOMAN = "single_woman", _("single woman")
    SINGLE_MAN = "single_man", _("single man")


class Accommodation(models.Model):
    class Kind(models.TextChoices):
        SHARED = "shared", _("shared housing")
        FLAT = "flat", _("flat")
        EMERGENCY = "emergency", _("emergency place")

    class Period(models.TextChoices):
        NIGHT = "night", _("per night")
        MONTH = "month", _("per month")

    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_text_characters]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    address = models.TextField(_("address"), validators=[validate_multiline_characters])
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accommodations",
        verbose_name=_("site"),
    )
    accessible = models.BooleanField(
        _("step-free access"),
        default=False,
        help_text=_("The entrance can be reached without steps."),
    )
    takes_families = models.BooleanField(_("takes families"), default=False)
    takes_single_women = models.BooleanField(_("takes single women"), default=False)
    takes_single_men = models.BooleanField(_("takes single men"), default=False)
    takes_disabled = models.BooleanField(
        _("takes people with disabilities"),
        default=False,
        help_text=_("Staff and rooms are prepared for people with disabilities."),
    )
    cost = models.DecimalField(
        _("cost per bed"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    cost_period = models.CharField(
        _("cost period"), max_length=8, choices=Period.choices, default=Period.NIGHT
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")

    def __str__(self) -> str:
        return self.name

    def takes(self, group: str) -> bool:
        return {
            Group.FAMILY: self.takes_families,
            Group.SINGLE_WOMAN: self.takes_single_women,
            Group.SINGLE_MAN: self.takes_single_men,
        }.get(Group(group), False)


class Room(models.Model):
    accommodation = models.ForeignKey(
        Accommodation,
        on_delete=models.CASCADE,
        related_name="rooms",
        verbose_name=_("accommodation"),
    )
    label = models.CharField(_("label"), max_length=50, validators=[validate_text_characters])
    floor = models.SmallIntegerField(_("floor"), default=0, help_text=_("0 is the ground floor."))
    accessible = models.BooleanField(_("step-free room"), default=False)

    class Meta:
        ordering = ["accommodation", "floor", "label"]
        constraints = [
            models.UniqueConstraint(fields=["accommodation", "label"], name="one_room_label")
        ]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return f"{self.accommodation} · {self.label}"


class Bed(models.Model):
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="beds", verbose_name=_("room")
    )
    label = models.CharField(_("label"), max_length=50, validators=[validate_text_characters])

    class Meta:
        ordering = ["room", "label"]
        constraints = [models.UniqueConstraint(fields=["room", "label"], name="one_bed_label")]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")

    def __str__(self) -> str:
        return f"{self.room} · {self.label}"


class WaitingEntry(models.Model):
    class Urgency(models.IntegerChoices):
        # The lower the number, the sooner: the list is ordered by it, then by waiting time.
        TONIGHT = 1, _("tonight (no roof)")
        URGENT = 2, _("urgent")
        NORMAL = 3, _("normal")

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        PLACED = "placed", _("placed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="waiting_entries",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="waiting_entries",
        verbose_name=_("household"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    size = models.PositiveSmallIntegerField(_("beds needed"), validators=[MinValueValidator(1)])
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    needs_accessible = models.BooleanField(
        _("needs a step-free place"),
        default=False,
        help_text=_("Someone of them uses a wheelchair or cannot climb stairs."),
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    since = models.DateField(_("waiting since"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WAITING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = staff_field(_("created by"), keep=False)

    # What the housing agency knows of the people it houses: a benefit (accommodation under the
    # AsylbLG or SGB), except a disability's need for a step-free place, which is health data.
    FIELD_CATEGORIES = {
        "agency": Category.BENEFITS,
        "size": Category.BENEFITS,
        "group": Category.BENEFITS,
        "needs_accessible": Category.HEALTH,
        "urgency": Category.BENEFITS,
        "since": Category.BENEFITS,
        "status": Category.BENEFITS,
        "created_by": Category.BENEFITS,
    }

    class Meta:
        ordering = ["urgency", "since", "pk"]
        constraints = [
            # A person waits once at a time; the next entry after a placement or withdrawal.
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="waiting"), name="one_waiting_entry"
            )
        ]
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class Placement(models.Model):
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("household"),
    )
    bed = models.ForeignKey(
        Bed, on_delete=models.PROTECT, related_name="placements", verbose_name=_("bed")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    waiting = models.ForeignKey(
        WaitingEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("waiting-list entry"),
    )
    moved_in_on = models.DateField(_("moved in on"), default=timezone.localdate)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    split = models.BooleanField(
        _("household split on purpose"),
        default=False,
        help_text=_("The officer chose to place the household in more than one accommodation."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    placed_by = staff_field(_("placed by"), keep=False)

    FIELD_CATEGORIES = {
        "bed": Category.BENEFITS,
        "agency": Category.BENEFITS,
        "waiting": Category.BENEFITS,
        "moved_in_on": Category.BENEFITS,
        "moved_out_on": Category.BENEFITS,
        "split": Category.BENEFITS,
        "placed_by": Category.BENEFITS,
    }

    class Meta:
        ordering = ["-moved_in_on", "-pk"]
        constraints = [
            # The database's own guard behind the row locks of housing/services.py.
            models.UniqueConstraint(
                fields=["bed"], condition=Q(moved_out_on=None), name="one_current_placement_per_bed"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(moved_out_on=None),
                name="one_current_placement_per_person",
            ),
            models.CheckConstraint(
                condition=Q(moved_out_on=None) | Q(moved_out_on__gte=models.F("moved_in_on")),
                name="moved_out_after_moving_in",
            ),
        ]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.person} · {self.bed}"

    def clean(self) -> None:
        if self.moved_out_on is not None and self.moved_out_on < self.moved_in_on:
            raise ValidationError({"moved_out_on": _("The move-out cannot be before the move-in.")})
