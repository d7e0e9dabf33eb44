"""The shared registry: people, households, migration biographies and documents.

Each model declares `FIELD_CATEGORIES`: the data category of every field (see
core/categories.py); a test checks that no field is left without one.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from anlaufstelle.core.categories import Category
from anlaufstelle.core.languages import validate_language_codes
from anlaufstelle.core.validators import (
    validate_multiline_characters,
    validate_name_characters,
    validate_text_characters,
)
from anlaufstelle.privacy.decision import Decision

# Digits with the separators people write; letters would be a name or a note in the wrong field.
phone_validator = RegexValidator(
    r"^\+?[0-9(][0-9 ()/-]{2,}$",
    _("Enter a phone number: digits, spaces and + ( ) / - only."),
    code="invalid_phone",
)
# Letters of any script: some national papers (e.g. Ukrainian internal passports) use Cyrillic.
document_number_validator = RegexValidator(
    r"^[^\W_]+(?:[ ./-][^\W_]+)*$",
    _("Enter the number as printed: letters and digits, separated by single spaces, - / or ."),
    code="invalid_document_number",
)
# Nobody registered here was born, nor holds a paper issued, before this day; an earlier date is
# a typing slip (or a probe: 0001-01-01).
EARLIEST_DATE = date(1900, 1, 1)
# No identity or residence paper runs longer (passports 10 years, some permits 15); a date
# further ahead is a slip, or 31.12.9999 typed for "does not expire", which is left empty here.
LONGEST_VALIDITY_YEARS = 30


class DatePrecision(models.TextChoices):
    DAY = "day", _("day, month and year")
    MONTH = "month", _("month and year only")
    YEAR = "year", _("year only")


class Sex(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    DIVERSE = "x", _("diverse / not specified")


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        """People who are not merged into another record: the ones search and reports show."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    family_name = models.CharField(
        _("family name (as in passport)"), max_length=150, validators=[validate_name_characters]
    )
    given_names = models.CharField(
        _("given names (as in passport)"),
        max_length=200,
        blank=True,
        validators=[validate_name_characters],
    )
    family_name_original = models.CharField(
        _("family name in original script"),
        max_length=150,
        blank=True,
        validators=[validate_name_characters],
    )
    given_names_original = models.CharField(
        _("given names in original script"),
        max_length=200,
        blank=True,
        validators=[validate_name_characters],
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the birth date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    birth_date_placeholder = models.BooleanField(
        _("01.01. is a placeholder"),
        default=False,
        help_text=_("Tick when the day and month 01.01. were filled in because they are unknown."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    nationalities = CountryField(_("nationalities"), multiple=True, blank=True)
    stateless = models.BooleanField(_("stateless"), default=False)
    birth_place = models.CharField(
        _("place of birth"), max_length=150, blank=True, validators=[validate_name_characters]
    )
    birth_country = CountryField(_("country of birth"), blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_language_codes]
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True, validators=[EmailValidator()])
    address = models.TextField(_("address"), blank=True, validators=[validate_multiline_characters])
    particulars = models.TextField(
        _("particulars"),
        blank=True,
        help_text=_("What helps in advising, e.g. caring duties. Never health details here."),
        validators=[validate_multiline_characters],
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # Counts the saved changes: an edit names the version it started from, and a save over a
    # newer version is refused instead of silently undoing someone else's change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # A record found to be a duplicate stays (its history and audit trail belong to it) but
    # points to the record that survived. CASCADE: it is the same person, so erasing the
    # survivor erases this record too.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_records",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True, editable=False)
    # The agency whose staff registered the person holds the registry's data as controller
    # (privacy/decision.py); empty for records from before it was kept, which only a legal
    # basis for data of any agency opens.
    registered_by = models.ForeignKey(
        "organisation.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("registered by"),
    )

    objects = PersonQuerySet.as_manager()
    # What the page that read the person may show of them (people/services/reads.py).
    access: Decision

    FIELD_CATEGORIES = {
        "family_name": Category.IDENTITY,
        "given_names": Category.IDENTITY,
        "family_name_original": Category.IDENTITY,
        "given_names_original": Category.IDENTITY,
        "birth_date": Category.IDENTITY,
        "birth_date_precision": Category.IDENTITY,
        "birth_date_placeholder": Category.IDENTITY,
        "sex": Category.IDENTITY,
        "nationalities": Category.IDENTITY,
        "stateless": Category.IDENTITY,
        "birth_place": Category.IDENTITY,
        "birth_country": Category.IDENTITY,
        "languages": Category.BIOGRAPHY,
        "phone": Category.CONTACT,
        "email": Category.CONTACT,
        "address": Category.CONTACT,
        "particulars": Category.BIOGRAPHY,
    }

    class Meta:
        ordering = ["family_name", "given_names"]
        indexes = [models.Index(fields=["family_name", "given_names"], name="person_name_idx")]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_names}".strip(", ")

    @property
    def name_original(self) -> str:
        return " ".join(p for p in (self.given_names_original, self.family_name_original) if p)

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.birth_date:
            if self.birth_date > timezone.localdate():
                errors["birth_date"] = _("The birth date cannot be in the future.")
            elif self.birth_date < EARLIEST_DATE:
                errors["birth_date"] = _("The birth date cannot be before 1900.")
            if self.birth_date_placeholder and (self.birth_date.day, self.birth_date.month) != (
                1,
                1,
            ):
                errors["birth_date_placeholder"] = _("Only a date on 01.01. can be a placeholder.")
        elif self.birth_date_placeholder:
            errors["birth_date_placeholder"] = _("Enter the birth date that is a placeholder.")
        if self.stateless and self.nationalities:
            errors["stateless"] = _("A stateless person has no nationality.")
        if errors:
            raise ValidationError(errors)

    def earliest_birth_date(self) -> date | None:
        """The earliest day the person can have been born on, as far as the record knows: a
        date known to the year or month only, or a 01.01. placeholder, could be its first day."""
        born = self.birth_date
        if not born:
            return None
        if self.birth_date_placeholder or self.birth_date_precision == DatePrecision.YEAR:
            return born.replace(month=1, day=1)
        if self.birth_date_precision == DatePrecision.MONTH:
            return born.replace(day=1)
        return born

    def birth_date_display(self) -> str:
        if not self.birth_date:
            return ""
        if self.birth_date_placeholder or self.birth_date_precision == DatePrecision.YEAR:
            return str(self.birth_date.year)
        if self.birth_date_precision == DatePrecision.MONTH:
            return f"{self.birth_date.month:02d}.{self.birth_date.year}"
        return self.birth_date.strftime("%d.%m.%Y")


class PersonNameKey(models.Model):
    """One blocking key of a person's name (see anlaufstelle/matching/keys.py): a search looks
    its own keys up here instead of comparing with everyone. Derived from the identity fields
    and rebuilt whenever they change (people/namesearch.py); erased with the person."""

    MAX_LENGTH = 48

    # No index of its own: the unique constraint (person, key) serves look-ups by person.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="name_keys",
        db_index=False,
        verbose_name=_("person"),
    )
    key = models.CharField(_("search key"), max_length=MAX_LENGTH)

    FIELD_CATEGORIES = {"key": Category.IDENTITY}

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="one_row_per_person_and_key")
        ]
        # Key first, person second: a look-up by key reads the person ids from the index
        # alone (an index-only scan on PostgreSQL), never the table.
        indexes = [models.Index(fields=["key", "person"], name="person_name_key_idx")]
        verbose_name = _("search key of a name")
        verbose_name_plural = _("search keys of names")

    def __str__(self) -> str:
        return self.key


class PersonMerge(models.Model):
    """A merge of a duplicate record into the surviving one, with everything needed to undo
    it: which rows moved, what the survivor's fields held before, which household membership
    of the merged record was set aside."""

    survivor = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="merges_kept", verbose_name=_("survivor")
    )
    merged = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="merges_absorbed",
        verbose_name=_("merged record"),
    )
    created_at = models.DateTimeField(_("merged"), default=timezone.now, editable=False)
    merged_by = models.CharField(_("merged by"), max_length=150)
    # {"schooling": [ids], "document": [ids], "cases.case": [ids], ...}: the rows moved to the
    # survivor, entries by kind and other apps' rows by model label (services/merge.py).
    moved = models.JSONField(_("moved entries"), default=dict, blank=True)
    # The survivor's fields that were empty and filled from the merged record, as they were.
    survivor_before = models.JSONField(_("survivor's previous values"), default=dict, blank=True)
    # {"id", "household", "relation", "moved"}: the merged record's household membership;
    # moved to the survivor, or set aside when the survivor already had one.
    membership = models.JSONField(_("household membership"), default=dict, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.CharField(_("undone by"), max_length=150, blank=True)

    FIELD_CATEGORIES = {
        "survivor": Category.IDENTITY,
        "merged": Category.IDENTITY,
        "merged_by": Category.IDENTITY,
        "moved": Category.IDENTITY,
        "survivor_before": Category.IDENTITY,
        "membership": Category.IDENTITY,
        "undone_at": Category.IDENTITY,
        "undone_by": Category.IDENTITY,
    }

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("merge of two records")
        verbose_name_plural = _("merges of two records")

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def entries_moved(self) -> int:
        """Biography entries and documents moved (their kinds have no app label)."""
        return sum(len(ids) for kind, ids in self.moved.items() if "." not in kind)

    @property
    def records_moved(self) -> int:
        """Other apps' rows moved: cases, payout decisions, placements, calls …"""
        return sum(len(ids) for kind, ids in self.moved.items() if "." in kind)

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class VersionedRow(models.Model):
    """A row that counts its saved changes, like `Person.version`: an edit names the version it
    started from, and a save over a newer one is refused (people/services/base.py)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Household(VersionedRow):
    label = models.CharField(
        _("label"), max_length=200, blank=True, validators=[validate_text_characters]
    )
    address = models.TextField(_("address"), blank=True, validators=[validate_multiline_characters])
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    FIELD_CATEGORIES = {"label": Category.IDENTITY, "address": Category.CONTACT}

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.label or _("Household %(id)s") % {"id": self.pk}


class HouseholdMember(VersionedRow):
    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse or partner")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        SIBLING = "sibling", _("sibling")
        GRANDPARENT = "grandparent", _("grandparent")
        GRANDCHILD = "grandchild", _("grandchild")
        OTHER = "other", _("other relative")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="membership", verbose_name=_("person")
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)

    FIELD_CATEGORIES = {"relation": Category.IDENTITY}

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        super().validate_constraints(exclude=exclude)
        # One head per household. A check across rows, so it runs with the constraints: bulk
        # loaders that skip those (or exclude the household) are not slowed by a query per row.
        if exclude and "household" in exclude:
            return
        if self.relation == self.Relation.HEAD and self.household_id:
            heads = HouseholdMember.objects.filter(
                household_id=self.household_id, relation=self.Relation.HEAD
            ).exclude(pk=self.pk)
            if heads.exists():
                raise ValidationError(
                    {"relation": _("This household already has a head of household.")}
                )


def _period_errors(start: date | None, end: date | None) -> dict[str, Any]:
    """A period's days: not begun in the future, not ended before it began."""
    errors: dict[str, Any] = {}
    if start and start > timezone.localdate():
        errors["started_on"] = _("This date cannot be in the future.")
    if start and end and end < start:
        errors["ended_on"] = _("The end cannot be before the start.")
    return errors


class Schooling(VersionedRow):
    class Level(models.TextChoices):
        NONE = "none", _("no schooling")
        PRIMARY = "primary", _("primary school")
        LOWER_SECONDARY = "lower_secondary", _("lower secondary school")
        UPPER_SECONDARY = "upper_secondary", _("upper secondary school / school-leaving exam")
        VOCATIONAL_SCHOOL = "vocational_school", _("vocational school")
        UNIVERSITY = "university", _("university")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="schooling", verbose_name=_("person")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    country = CountryField(_("country"), blank=True)
    years = models.PositiveSmallIntegerField(_("years of schooling"), null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=False)
    certificate = models.CharField(
        _("certificate"), max_length=200, blank=True, validators=[validate_text_characters]
    )
    # The days and the success of school attendance in Germany, which residence titles count
    # (§ 25a AufenthG); empty where not known, never guessed from the years.
    started_on = models.DateField(_("attended from"), null=True, blank=True)
    ended_on = models.DateField(_("attended until"), null=True, blank=True)
    successful = models.BooleanField(
        _("attended with success (school reports)"), null=True, blank=True
    )

    FIELD_CATEGORIES = {
        "level": Category.BIOGRAPHY,
        "country": Category.BIOGRAPHY,
        "years": Category.BIOGRAPHY,
        "completed": Category.BIOGRAPHY,
        "certificate": Category.BIOGRAPHY,
        "started_on": Category.BIOGRAPHY,
        "ended_on": Category.BIOGRAPHY,
        "successful": Category.BIOGRAPHY,
    }

    class Meta:
        verbose_name = _("schooling")
        verbose_name_plural = _("schooling")

    def __str__(self) -> str:
        return str(self.get_level_display())

    def clean(self) -> None:
        errors = _period_errors(self.started_on, self.ended_on)
        if self.years is not None and self.years > 20:
            errors["years"] = _("Enter at most 20 years.")
        if errors:
            raise ValidationError(errors)


class Recognition(models.TextChoices):
    NOT_APPLIED = "not_applied", _("not applied for")
    PENDING = "pending", _("pending")
    FULL = "full", _("fully recognised")
    PARTIAL = "partial", _("partly recognised")
    REFUSED = "refused", _("not recognised")
    NOT_REQUIRED = "not_required", _("not required")


class Qualification(VersionedRow):
    class Kind(models.TextChoices):
        VOCATIONAL = "vocational", _("vocational")
        ACADEMIC = "academic", _("academic")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_text_characters])
    country = CountryField(_("country"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    # The day counts for residence titles (§ 19d AufenthG); the year alone does not tell it.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    recognition = models.CharField(
        _("recognition in Germany"),
        max_length=14,
        choices=Recognition.choices,
        default=Recognition.NOT_APPLIED,
        validators=[validate_text_characters],
    )

    FIELD_CATEGORIES = {
        "kind": Category.BIOGRAPHY,
        "title": Category.BIOGRAPHY,
        "country": Category.BIOGRAPHY,
        "year": Category.BIOGRAPHY,
        "completed_on": Category.BIOGRAPHY,
        "recognition": Category.BIOGRAPHY,
    }

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.year is not None and not 1940 <= self.year <= timezone.localdate().year:
            errors["year"] = _("Enter a year between 1940 and this year.")
        if self.completed_on and self.completed_on > timezone.localdate():
            errors["completed_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class WorkExperience(VersionedRow):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="work_experience", verbose_name=_("person")
    )
    occupation = models.CharField(
        _("occupation"), max_length=200, validators=[validate_text_characters]
    )
    country = CountryField(_("country"), blank=True)
    from_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    to_year = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, validators=[validate_multiline_characters]
    )
    # Employment in Germany as residence titles count it (§§ 25b, 60d AufenthG): the days, the
    # hours and whether it is subject to social insurance; empty where not known.
    started_on = models.DateField(_("employed from"), null=True, blank=True)
    ended_on = models.DateField(_("employed until"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    social_insurance = models.BooleanField(_("subject to social insurance"), null=True, blank=True)

    FIELD_CATEGORIES = {
        "occupation": Category.BIOGRAPHY,
        "country": Category.BIOGRAPHY,
        "from_year": Category.BIOGRAPHY,
        "to_year": Category.BIOGRAPHY,
        "description": Category.BIOGRAPHY,
        "started_on": Category.BIOGRAPHY,
        "ended_on": Category.BIOGRAPHY,
        "hours_per_week": Category.BIOGRAPHY,
        "social_insurance": Category.BIOGRAPHY,
    }

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")

    def __str__(self) -> str:
        return self.occupation

    def clean(self) -> None:
        this_year = timezone.localdate().year
        errors = {}
        for name in ("from_year", "to_year"):
            value = getattr(self, name)
            if value is not None and not 1940 <= value <= this_year:
                errors[name] = _("Enter a year between 1940 and this year.")
        if not errors and self.from_year and self.to_year and self.to_year < self.from_year:
            errors["to_year"] = _("The end cannot be before the start.")
        errors.update(_period_errors(self.started_on, self.ended_on))
        if self.hours_per_week is not None and not 0 < self.hours_per_week <= 80:
            errors["hours_per_week"] = _("Enter between 0 and 80 hours.")
        if errors:
            raise ValidationError(errors)


class LanguageSkill(VersionedRow):
    class Level(models.TextChoices):
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"
        NATIVE = "native", _("native language")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="language_skills", verbose_name=_("person")
    )
    language = models.CharField(_("language"), max_length=8)
    level = models.CharField(_("level (CEFR)"), max_length=6, choices=Level.choices)
    certified = models.BooleanField(_("certificate available"), default=False)

    FIELD_CATEGORIES = {
        "language": Category.BIOGRAPHY,
        "level": Category.BIOGRAPHY,
        "certified": Category.BIOGRAPHY,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="one_level_per_language")
        ]
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")

    def __str__(self) -> str:
        return f"{self.language} {self.level}"

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # Checked before the unique constraint, whose message names the person and is shown
        # apart from the field; this one stands next to the language.
        skipped = set(exclude or ()) & {"person", "language"}
        if not skipped and self.person_id:
            others = LanguageSkill.objects.filter(person_id=self.person_id, language=self.language)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"language": _("A level for this language is already recorded.")}
                )
        super().validate_constraints(exclude=exclude)

    def clean(self) -> None:
        try:
            validate_language_codes([self.language])
        except ValidationError as exc:
            raise ValidationError({"language": exc.messages}) from exc


class Document(VersionedRow):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("passport")
        ID_CARD = "id_card", _("identity card")
        ARRIVAL_CERTIFICATE = "arrival_certificate", _("arrival certificate (Ankunftsnachweis)")
        FIKTIONSBESCHEINIGUNG = "fiktionsbescheinigung", _("Fiktionsbescheinigung")
        RESIDENCE_PERMIT = "residence_permit", _("residence permit")
        DULDUNG = "duldung", _("Duldung (toleration)")

    # Identity papers prove who someone is; the others decide their right to stay.
    IDENTITY_KINDS = frozenset({Kind.PASSPORT, Kind.ID_CARD})

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="documents", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=50, validators=[document_number_validator])
    issuing_country = CountryField(_("issuing country"), blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=100, blank=True, help_text=_("e.g. § 24 AufenthG")
    )

    FIELD_CATEGORIES = {
        "kind": Category.RESIDENCE,
        "number": Category.RESIDENCE,
        "issuing_country": Category.RESIDENCE,
        "issued_on": Category.RESIDENCE,
        "valid_until": Category.RESIDENCE,
        "legal_basis": Category.RESIDENCE,
    }

    class Meta:
        ordering = ["-valid_until"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def category(self) -> str:
        return Category.IDENTITY if self.kind in self.IDENTITY_KINDS else Category.RESIDENCE

    def is_expired(self, *, today: date | None = None) -> bool:
        return bool(self.valid_until and self.valid_until < (today or timezone.localdate()))

    def clean(self) -> None:
        errors: dict[str, str | Promise | ValidationError] = {}
        today = timezone.localdate()
        born = self.person.earliest_birth_date() if self.person_id else None
        if self.issued_on:
            if self.issued_on > today:
                errors["issued_on"] = _("The issue date cannot be in the future.")
            elif self.issued_on < EARLIEST_DATE:
                errors["issued_on"] = _("The issue date cannot be before 1900.")
            elif born and self.issued_on < born:
                errors["issued_on"] = _("The issue date cannot be before the person's birth.")
        if self.valid_until:
            if self.valid_until < EARLIEST_DATE:
                errors["valid_until"] = _("The expiry date cannot be before 1900.")
            elif self.valid_until.year > today.year + LONGEST_VALIDITY_YEARS:
                errors["valid_until"] = ValidationError(
                    _(
                        "No document is valid for more than %(years)d years. Leave the date "
                        "empty for a document that does not expire."
                    ),
                    params={"years": LONGEST_VALIDITY_YEARS},
                )
        issued, until = self.issued_on, self.valid_until
        if issued and until and until < issued and not errors:
            errors["valid_until"] = _("A document cannot expire before it was issued.")
        if errors:
            raise ValidationError(errors)
