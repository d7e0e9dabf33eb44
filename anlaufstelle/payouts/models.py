"""Benefit decisions and their payouts, by cheque or by SEPA transfer.

A payout's amount, period, account and state are benefit data of the person (Category.BENEFITS),
held by the agency that decided; who entered or released it is bookkeeping. A payout goes
draft → released (by a second person, never its creator) → exported (in a transfer file) or
handed over (the cheque) → executed (the bank booked the file) or cashed; or it is cancelled.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.categories import Category
from anlaufstelle.core.fields import staff_field
from anlaufstelle.core.validators import validate_country_code, validate_text_characters
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Person, VersionedRow

# Fields of the models below that are not the person's data: who did what, when, and the links
# between the rows (tests/payouts/test_models.py checks every other field has a category).
BOOKKEEPING = frozenset(
    {
        "agency",
        "decision",
        "decided_by",
        "created_by",
        "released_by",
        "released_at",
        "cancelled_by",
        "cancelled_at",
        "run",
        "payout",
        "number",
        "issued_by",
        "issued_at",
        "handed_over_by",
        "handed_over_at",
        "cashed_by",
        "cashed_at",
    }
)

CENT = Decimal("0.01")


class Regime(models.TextChoices):
    SGB2 = "sgb2", _("SGB II (Jobcenter)")
    SGB12 = "sgb12", _("SGB XII (social office)")
    ASYLBLG = "asylblg", _("AsylbLG (social office)")


# Who pays under each regime: the kinds of agency whose desks decide and release.
REGIME_AGENCIES = {
    Regime.SGB2: Agency.Kind.JOBCENTER,
    Regime.SGB12: Agency.Kind.SOCIAL_OFFICE,
    Regime.ASYLBLG: Agency.Kind.SOCIAL_OFFICE,
}
PAYING_AGENCIES = (Agency.Kind.SOCIAL_OFFICE, Agency.Kind.JOBCENTER)


def _period_clean(row: models.Model, start: str, end: str) -> None:
    first, last = getattr(row, start), getattr(row, end)
    if first and last and last < first:
        raise ValidationError({end: _("The period cannot end before it begins.")})


class BenefitDecision(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="benefit_decisions", verbose_name=_("person")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding agency")
    )
    regime = models.CharField(_("legal regime"), max_length=10, choices=Regime.choices)
    # What the rules engine said when the decision was entered ("" when it could not say):
    # the officer decides, the evaluation is on record beside it.
    regime_by_rules = models.CharField(
        _("regime by the rules"), max_length=20, blank=True, editable=False
    )
    amount_per_month = models.DecimalField(
        _("amount per month"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(CENT)],
    )
    period_from = models.DateField(_("from"))
    period_until = models.DateField(_("until"))
    reference = models.CharField(
        _("file reference"), max_length=60, blank=True, validators=[validate_text_characters]
    )
    decided_by = staff_field(_("decided by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    FIELD_CATEGORIES = {
        "regime": Category.BENEFITS,
        "regime_by_rules": Category.BENEFITS,
        "amount_per_month": Category.BENEFITS,
        "period_from": Category.BENEFITS,
        "period_until": Category.BENEFITS,
        "reference": Category.BENEFITS,
    }

    class Meta:
        verbose_name = _("benefit decision")
        verbose_name_plural = _("benefit decisions")
        ordering = ["-period_from", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.get_regime_display()} {self.period_from:%d.%m.%Y}–{self.period_until:%d.%m.%Y}"
        )

    def clean(self) -> None:
        _period_clean(self, "period_from", "period_until")


class PayingAccount(models.Model):
    """The account an agency pays from: the debtor of its transfer files."""

    agency = models.OneToOneField(
        Agency, on_delete=models.PROTECT, related_name="paying_account", verbose_name=_("agency")
    )
    name = models.CharField(_("account holder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)
    street = models.CharField(_("street"), max_length=70, blank=True)
    building = models.CharField(_("house number"), max_length=16, blank=True)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    town = models.CharField(_("town"), max_length=35)
    country = models.CharField(
        _("country"), max_length=2, default="DE", validators=[validate_country_code]
    )

    class Meta:
        verbose_name = _("paying account")
        verbose_name_plural = _("paying accounts")

    def __str__(self) -> str:
        return f"{self.name} {self.iban}"

    def clean(self) -> None:
        # The same checks as every transfer file makes of it (payouts/sepa.py), at entry.
        from anlaufstelle.payouts.sepa import normalise_bic, normalise_iban

        errors = {}
        try:
            self.iban = normalise_iban(self.iban)
        except ValueError:
            errors["iban"] = _("This IBAN is not valid for a SEPA transfer.")
        try:
            self.bic = normalise_bic(self.bic, iban=self.iban)
        except ValueError:
            errors["bic"] = _("This BIC is not valid for this IBAN.")
        if not self.bic:
            errors.setdefault("bic", _("A transfer file names the paying bank's BIC."))
        if errors:
            raise ValidationError(errors)


class PayoutRun(models.Model):
    """One SEPA file: the released transfers of one agency collected at one moment."""

    class Status(models.TextChoices):
        EXPORTED = "exported", _("file made, not yet executed")
        EXECUTED = "executed", _("executed by the bank")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    execution_date = models.DateField(_("requested execution date"))
    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    xml = models.TextField(_("SEPA file"), editable=False)
    count = models.PositiveIntegerField(_("number of transfers"))
    control_sum = models.DecimalField(_("control sum"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.EXPORTED
    )
    created_by = staff_field(_("made by"))
    created_at = models.DateTimeField(_("made"), default=timezone.now, editable=False)
    executed_by = staff_field(_("marked executed by"), optional=True)
    executed_at = models.DateTimeField(_("marked executed"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout run")
        verbose_name_plural = _("payout runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"run {self.pk}"

    @property
    def filename(self) -> str:
        return f"sepa-{self.agency.code}-{self.pk}-{self.execution_date:%Y%m%d}.xml"


class Payout(VersionedRow):
    class Method(models.TextChoices):
        CHEQUE = "cheque", _("cheque")
        TRANSFER = "transfer", _("transfer")

    class Status(models.TextChoices):
        DRAFT = "draft", _("waiting for release")
        RELEASED = "released", _("released")
        EXPORTED = "exported", _("in a transfer file / cheque handed over")
        EXECUTED = "executed", _("executed / cashed")
        CANCELLED = "cancelled", _("cancelled")

    decision = models.ForeignKey(
        BenefitDecision,
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("benefit decision"),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=9, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    period_from = models.DateField(_("for the period from"))
    period_until = models.DateField(_("for the period until"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    account_holder = models.CharField(
        _("account holder"), max_length=70, blank=True, validators=[validate_text_characters]
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    # The holder's address, structured as pain.001.001.09 wants it (town and country).
    holder_postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    holder_town = models.CharField(
        _("town"), max_length=35, blank=True, validators=[validate_text_characters]
    )
    holder_country = models.CharField(
        _("country"), max_length=2, blank=True, validators=[validate_country_code]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # One file at most: a foreign key, not a list, and only set while collecting under lock.
    run = models.ForeignKey(
        PayoutRun,
        on_delete=models.PROTECT,
        related_name="payouts",
        null=True,
        blank=True,
        verbose_name=_("transfer file"),
    )
    created_by = staff_field(_("entered by"))
    created_at = models.DateTimeField(_("entered"), default=timezone.now, editable=False)
    released_by = staff_field(_("released by"), optional=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    cancelled_by = staff_field(_("cancelled by"), optional=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    FIELD_CATEGORIES = {
        "amount": Category.BENEFITS,
        "period_from": Category.BENEFITS,
        "period_until": Category.BENEFITS,
        "method": Category.BENEFITS,
        "account_holder": Category.BENEFITS,
        "iban": Category.BENEFITS,
        "bic": Category.BENEFITS,
        "holder_postcode": Category.BENEFITS,
        "holder_town": Category.BENEFITS,
        "holder_country": Category.BENEFITS,
        "status": Category.BENEFITS,
    }

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The four eyes, in the database too: whoever entered a payout never released it.
            models.CheckConstraint(
                condition=~Q(released_by=models.F("created_by")) | Q(released_by=None),
                name="payouts_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(run=None) | Q(method="transfer"), name="payouts_run_only_transfers"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """How the payout is named to people and in the file's end-to-end id."""
        return f"A-{self.pk}"

    def clean(self) -> None:
        _period_clean(self, "period_from", "period_until")
        if self.method == self.Method.TRANSFER:
            missing = {
                name: _("A transfer needs this.")
                for name in ("account_holder", "iban", "holder_town", "holder_country")
                if not getattr(self, name)
            }
            if missing:
                raise ValidationError(missing)


class ChequeCounter(models.Model):
    """The last cheque number of the centre: taken under its row lock with the cheque's insert,
    in one transaction, so numbers have no gaps and none is given twice."""

    last = models.PositiveIntegerField(_("last cheque number"), default=0)

    class Meta:
        verbose_name = _("cheque counter")
        verbose_name_plural = _("cheque counters")

    def __str__(self) -> str:
        return str(self.last)


class Cheque(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("issued, not handed over")
        HANDED_OVER = "handed_over", _("handed over")
        CASHED = "cashed", _("cashed")
        CANCELLED = "cancelled", _("cancelled")

    number = models.PositiveIntegerField(_("cheque number"), unique=True)
    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, related_name="cheques", verbose_name=_("payout")
    )
    amount = models.DecimalField(_("amount"), max_digits=9, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ISSUED
    )
    issued_by = staff_field(_("issued by"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    handed_over_by = staff_field(_("handed over by"), optional=True)
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    confirmation = models.CharField(
        _("confirmation of receipt"),
        max_length=200,
        blank=True,
        validators=[validate_text_characters],
        help_text=_("How the recipient confirmed receipt, e.g. signed the list, passport shown."),
    )
    cashed_by = staff_field(_("marked cashed by"), optional=True)
    cashed_at = models.DateTimeField(_("cashed"), null=True, blank=True)
    cancelled_by = staff_field(_("cancelled by"), optional=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("reason for cancelling"),
        max_length=200,
        blank=True,
        validators=[validate_text_characters],
    )

    FIELD_CATEGORIES = {
        "amount": Category.BENEFITS,
        "status": Category.BENEFITS,
        "confirmation": Category.BENEFITS,
        "cancel_reason": Category.BENEFITS,
    }

    class Meta:
        verbose_name = _("cheque")
        verbose_name_plural = _("cheques")
        ordering = ["number"]
        constraints = [
            # A payout has one cheque in circulation at most; a cancelled one stays in the log.
            models.UniqueConstraint(
                fields=["payout"],
                condition=~Q(status="cancelled"),
                name="payouts_one_live_cheque",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number:06d}"
