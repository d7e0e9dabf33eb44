"""What the foreigners authority records beyond the registry, and the last outcome of each
rule per person, so that a change of the rules shows whom it affects."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.categories import Category
from anlaufstelle.people.models import LanguageSkill, Person, VersionedRow

# The registry's CEFR levels, without "native language": the rules ask for a level of German.
CEFR_LEVELS = [(v, label) for v, label in LanguageSkill.Level.choices if v != "native"]

# Every recorded fact; each is residence data of the person's file.
FACTS = (
    "entry_date",
    "identity_clarified_on",
    "identity_reasonable_steps_on",
    "fingerprinted_on",
    "german_oral",
    "german_qualification",
    "civic_knowledge",
    "constitution_declaration",
    "able_to_work",
    "livelihood_share_from_work",
    "housing_sufficient",
    "no_convictions",
    "deception",
    "removal_measures_imminent",
    "training_kind",
    "training_start",
    "training_commitment",
    "training_started_during_asylum",
)


class TrainingKind(models.TextChoices):
    QUALIFIED = "qualified", _("qualified vocational training")
    HELPER = "helper", _("assistant or helper training")


class RecordedFacts(VersionedRow):
    """Facts of the residence file the registry does not hold. Every field may be empty, and
    empty means unknown: the rules never read an empty yes/no as no."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="recorded_facts", verbose_name=_("person")
    )
    entry_date = models.DateField(_("first entry to Germany"), null=True, blank=True)
    identity_clarified_on = models.DateField(_("identity clarified on"), null=True, blank=True)
    identity_reasonable_steps_on = models.DateField(
        _("all reasonable steps to clarify identity documented on"), null=True, blank=True
    )
    fingerprinted_on = models.DateField(
        _("identity treatment (ED-Behandlung) on"), null=True, blank=True
    )
    german_oral = models.CharField(
        _("spoken German (CEFR)"), max_length=2, choices=CEFR_LEVELS, blank=True
    )
    german_qualification = models.BooleanField(
        _("German school-leaving or vocational qualification"), null=True, blank=True
    )
    civic_knowledge = models.BooleanField(
        _("basic knowledge of the legal and social order shown"), null=True, blank=True
    )
    constitution_declaration = models.BooleanField(
        _("declaration on the free democratic basic order signed"), null=True, blank=True
    )
    able_to_work = models.BooleanField(_("able to work (§ 8 SGB II)"), null=True, blank=True)
    livelihood_share_from_work = models.DecimalField(
        _("share of the household's need covered by work"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
    )
    housing_sufficient = models.BooleanField(_("sufficient housing"), null=True, blank=True)
    no_convictions = models.BooleanField(
        _("no conviction for an intentional offence in Germany"), null=True, blank=True
    )
    deception = models.BooleanField(
        _("own false statements or identity deception prevented removal"), null=True, blank=True
    )
    removal_measures_imminent = models.BooleanField(
        _("concrete measures to end the stay under way"), null=True, blank=True
    )
    # The vocational training a Duldung or permit for training rests on (§§ 60c, 16g).
    training_kind = models.CharField(
        _("vocational training"), max_length=10, choices=TrainingKind.choices, blank=True
    )
    training_start = models.DateField(_("training starts or started on"), null=True, blank=True)
    training_commitment = models.BooleanField(
        _("a qualified training place is promised after the helper training"),
        null=True,
        blank=True,
    )
    training_started_during_asylum = models.BooleanField(
        _("training began while the asylum procedure ran"), null=True, blank=True
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    FIELD_CATEGORIES = {name: Category.RESIDENCE for name in FACTS}

    class Meta:
        verbose_name = _("recorded facts")
        verbose_name_plural = _("recorded facts")

    def __str__(self) -> str:
        return f"facts of {self.person_id}"


class Conviction(VersionedRow):
    """A conviction in Germany as the residence rules weigh it (§ 104c Abs. 1 Nr. 3, § 25b Abs. 2,
    § 60d Abs. 1 Nr. 7 AufenthG): the daily rates of a fine, whether only foreigners can commit
    the offence, a juvenile sanction short of youth custody, a custodial sentence. A recorded
    conviction is residence data of the person's file, as the recorded facts are."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="convictions", verbose_name=_("person")
    )
    sentenced_on = models.DateField(_("sentenced on"), null=True, blank=True)
    daily_rates = models.PositiveIntegerField(_("fine in daily rates"), null=True, blank=True)
    foreigner_only = models.BooleanField(
        _("an offence only foreigners can commit"), null=True, blank=True
    )
    youth_sanction_only = models.BooleanField(
        _("a juvenile sanction short of youth custody"), null=True, blank=True
    )
    custodial = models.BooleanField(_("a prison or youth-custody sentence"), null=True, blank=True)

    FIELD_CATEGORIES = {
        "sentenced_on": Category.RESIDENCE,
        "daily_rates": Category.RESIDENCE,
        "foreigner_only": Category.RESIDENCE,
        "youth_sanction_only": Category.RESIDENCE,
        "custodial": Category.RESIDENCE,
    }

    class Meta:
        verbose_name = _("conviction")
        verbose_name_plural = _("convictions")
        ordering = ["sentenced_on", "pk"]

    def __str__(self) -> str:
        return f"conviction of {self.person_id}"


class LastOutcome(models.Model):
    """A rule's outcome for a person when last screened, under which rules (their digest)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    rule = models.CharField(_("rule"), max_length=40)
    outcome = models.CharField(_("outcome"), max_length=20)
    eligible_from = models.DateField(_("eligible from"), null=True, blank=True)
    digest = models.CharField(_("rules digest"), max_length=64)
    screened_at = models.DateTimeField(_("screened"), default=timezone.now)

    class Meta:
        verbose_name = _("last outcome")
        verbose_name_plural = _("last outcomes")
        constraints = [
            models.UniqueConstraint(fields=["person", "rule"], name="eligibility_one_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.rule}: {self.outcome}"
