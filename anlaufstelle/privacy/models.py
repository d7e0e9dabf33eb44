"""What the access decision reads (privacy/decision.py): the legal bases a lawyer configures,
a person's consents, releases of sealed data, and written requests of an authority."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.categories import Category
from anlaufstelle.core.forms import staff_label
from anlaufstelle.core.languages import validate_language_codes
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.organisation.models import Agency
from anlaufstelle.privacy.decision import ANY, SEALED


def _codes(value: object, allowed: set[str], label: str, *, any_allowed: bool = False) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one %(what)s.") % {"what": label})
    unknown = [v for v in value if v not in allowed and not (any_allowed and v == ANY)]
    if unknown:
        raise ValidationError(
            _("Unknown %(what)s: %(codes)s")
            % {"what": label, "codes": ", ".join(map(str, unknown))}
        )


def validate_language_code(value: object) -> None:
    validate_language_codes([value])


def validate_kinds(value: object) -> None:
    _codes(value, set(Agency.Kind.values), str(_("kind of agency")), any_allowed=True)


def validate_categories(value: object) -> None:
    _codes(value, set(Category.values), str(_("data category")))


def validate_purposes(value: object) -> None:
    _codes(value, set(Purpose.values), str(_("purpose")))


class LegalBasis(models.Model):
    """One rule of lawful sharing, as configuration: data that agencies of `from_kinds` hold may
    be read by agencies of `to_kinds`, in `categories`, for `purposes`. `*` stands for any
    kind. The centre's lawyer corrects these rows in the admin; no code names them."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    citation = models.CharField(_("citation"), max_length=300)
    from_kinds = models.JSONField(_("from agencies of kind"), validators=[validate_kinds])
    to_kinds = models.JSONField(_("to agencies of kind"), validators=[validate_kinds])
    categories = models.JSONField(_("data categories"), validators=[validate_categories])
    purposes = models.JSONField(_("purposes"), validators=[validate_purposes])
    on_request = models.BooleanField(
        _("only on a written request"),
        default=False,
        help_text=_("Applies only where the reading agency's written request is on record."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return f"{self.title} ({self.citation})"

    def clean(self) -> None:
        sealed = sorted(set(self.categories or []) & SEALED)
        if sealed:
            raise ValidationError(
                {"categories": _("Sealed categories are opened only by a release, not a basis.")}
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end lies before the start.")})


class Consent(models.Model):
    """A person's consent (Art. 6(1)(a), 7, 9(2)(a) GDPR; § 67b Abs. 2 SGB X) as given on its
    form: never more than the boxes ticked there."""

    class GivenBy(models.TextChoices):
        PERSON = "person", _("the person")
        GUARDIAN = "guardian", _("a guardian")

    class How(models.TextChoices):
        SIGNED = "signed", _("signed paper form")
        ELECTRONIC = "electronic", _("electronic confirmation")
        ORAL = "oral", _("oral, with a protocol")

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    given_by = models.CharField(
        _("given by"), max_length=16, choices=GivenBy.choices, default=GivenBy.PERSON
    )
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_authority = models.CharField(
        _("evidence of the guardian's authority"), max_length=300, blank=True
    )
    categories = models.JSONField(_("data categories"), validators=[validate_categories])
    recipients = models.ManyToManyField(
        Agency, related_name="consents_received", blank=True, verbose_name=_("recipients")
    )
    # Persons the form names instead of (or beside) agencies: each sees what the consent
    # covers, their colleagues do not.
    named = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="consents_naming",
        blank=True,
        verbose_name=_("named recipients"),
    )
    purposes = models.JSONField(_("purposes"), validators=[validate_purposes])
    explicit_health = models.BooleanField(_("explicit consent for health data"), default=False)
    text_version = models.CharField(_("version of the form's text"), max_length=50)
    language = models.CharField(
        _("language of the form"), max_length=8, validators=[validate_language_code]
    )
    how = models.CharField(_("given how"), max_length=16, choices=How.choices)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_how = models.CharField(_("withdrawn how"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{_('consent')} #{self.pk}"

    def recipient_names(self) -> list[str]:
        """The agencies named, then the persons, each with their agency."""
        agencies = sorted(a.name for a in self.recipients.all())
        return agencies + sorted(staff_label(user) for user in self.named.all())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if Category.HEALTH in (self.categories or []) and not self.explicit_health:
            errors["explicit_health"] = _("Health data need their own explicit box.")
        if Category.YOUTH_OFFICE in (self.categories or []):
            errors["categories"] = _("Youth-office data are opened only by a release.")
        if self.given_by == self.GivenBy.GUARDIAN and not (
            self.guardian_name and self.guardian_authority
        ):
            errors["guardian_authority"] = _("Name the guardian and the evidence of authority.")
        if self.how == self.How.ORAL and not self.evidence:
            errors["evidence"] = _("An oral consent needs its protocol.")
        if self.valid_until and self.valid_until <= self.valid_from:
            errors["valid_until"] = _("The end lies before the start.")
        if errors:
            raise ValidationError(errors)


class Release(models.Model):
    """Sealed data of one category of one person opened to one named member of staff, for a
    reason and a time, by the agency that holds them."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="releases", verbose_name=_("person")
    )
    category = models.CharField(
        _("data category"),
        max_length=32,
        choices=[(c.value, c.label) for c in Category if c.value in SEALED],
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("for")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    until = models.DateTimeField(_("until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("release of sealed data")
        verbose_name_plural = _("releases of sealed data")

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.user} ({self.until:%d.%m.%Y %H:%M})"

    def clean(self) -> None:
        if self.until and self.granted_at and self.until <= self.granted_at:
            raise ValidationError({"until": _("The end lies before the start.")})


class TransferRequest(models.Model):
    """An authority's written request for one person's data, which a basis `on_request`
    needs (e.g. § 87 Abs. 1 AufenthG): recorded as such, with its reference."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="transfer_requests",
        verbose_name=_("person"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("requesting agency")
    )
    basis = models.ForeignKey(
        LegalBasis,
        on_delete=models.PROTECT,
        limit_choices_to={"on_request": True},
        related_name="requests",
        verbose_name=_("legal basis"),
    )
    reference = models.CharField(_("reference of the request"), max_length=200)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    valid_until = models.DateTimeField(_("answered by"), null=True, blank=True)
    # The request is answered: the reading it allowed ends, the record stays.
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("written request")
        verbose_name_plural = _("written requests")

    def __str__(self) -> str:
        return f"{self.agency}: {self.reference}"

    @property
    def ended(self) -> bool:
        """Past its date (answered or not): it opens nothing any more."""
        return self.valid_until is not None and self.valid_until <= timezone.now()


class RetentionRule(models.Model):
    """How long agencies of a kind keep a category of a person's data, from which event, on
    which legal basis: the schedule the access report tells the person and the retention job
    applies. Configuration like the legal bases: the lawyer corrects it in the admin."""

    class Start(models.TextChoices):
        LAST_CONTACT = "last_contact", _("the last contact with the person")
        REGISTRATION = "registration", _("the registration")

    agency_kind = models.CharField(
        _("agencies of kind"),
        max_length=32,
        choices=[(ANY, _("any kind")), *Agency.Kind.choices],
    )
    category = models.CharField(_("data category"), max_length=32, choices=Category.choices)
    months = models.PositiveIntegerField(_("kept for (months)"))
    start = models.CharField(_("counted from"), max_length=16, choices=Start.choices)
    citation = models.CharField(_("legal basis"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["agency_kind", "category"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(
                fields=["agency_kind", "category"], name="retention_once_per_kind_and_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_kind_display()} · {self.get_category_display()}: {self.months}"

    @classmethod
    def for_kind(cls, kind: str | None) -> dict[str, RetentionRule]:
        """The rule per category for an agency of `kind`: its own where one is configured,
        else the rule for any kind."""
        rules: dict[str, RetentionRule] = {}
        for rule in cls.objects.filter(agency_kind__in=[ANY, kind or ANY]):
            if rule.category not in rules or rule.agency_kind != ANY:
                rules[rule.category] = rule
        return rules


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def in_force(self, at: Any = None) -> LegalHoldQuerySet:
        at = at or timezone.now()
        return self.filter(placed_at__lte=at, lifted_at__isnull=True).filter(
            models.Q(until__isnull=True) | models.Q(until__gt=at)
        )


class LegalHold(models.Model):
    """Keeps a person's data from the retention job while a court case, an appeal or an audit
    needs them (Art. 17(3)(e) GDPR), with the reason and until when."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="legal_holds",
        verbose_name=_("person"),
    )
    reason = models.CharField(_("reason"), max_length=300)
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("placed by"),
    )

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.reason}"
