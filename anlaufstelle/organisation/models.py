"""Who does what, where: sites, agencies, services, desks, staff and interpreters."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.languages import (
    language_names,
    pick_translation,
    validate_language_codes,
    validate_translations,
)
from anlaufstelle.core.roles import Role
from anlaufstelle.people.models import Document

# Required documents that are not a kind of identity or residence paper in the registry.
OTHER_DOCUMENT_LABELS = {
    "registration_certificate": _("registration certificate (Meldebescheinigung)"),
    "landlord_confirmation": _("landlord's confirmation (Wohnungsgeberbestätigung)"),
    "biometric_photo": _("biometric photo"),
    "benefit_notice": _("benefit notice"),
    "birth_certificate": _("birth certificate"),
    "school_reports": _("school reports"),
    "cv": _("CV"),
    "certificates": _("certificates of qualifications"),
}


def document_label(code: str) -> str:
    """A readable name for a required-document code: registry kinds, known extras, else the
    code as it was entered."""
    kinds = dict(Document.Kind.choices)
    if code in kinds:
        return str(kinds[code])
    if code in OTHER_DOCUMENT_LABELS:
        return str(OTHER_DOCUMENT_LABELS[code])
    return code


leika_validator = RegexValidator(
    r"^\d{14}$", _("A LeiKa key has exactly 14 digits."), code="invalid_leika"
)


class SiteQuerySet(models.QuerySet["Site"]):
    def with_desks(self) -> SiteQuerySet:
        """The sites that can run a hall: those with at least one desk, by name."""
        return self.filter(desks__isnull=False).distinct().order_by("name")


class Site(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_popup = models.BooleanField(
        _("pop-up site"), default=False, help_text=_("A temporary site, e.g. at a reception camp.")
    )
    open_from = models.DateField(_("open from"), null=True, blank=True)
    open_until = models.DateField(_("open until"), null=True, blank=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.open_from and self.open_until and self.open_until < self.open_from:
            raise ValidationError({"open_until": _("A site cannot close before it opens.")})


class Agency(models.Model):
    class Kind(models.TextChoices):
        CITIZENS_OFFICE = "citizens_office", _("Citizens' office")
        FOREIGNERS_AUTHORITY = "foreigners_authority", _("Foreigners authority")
        SOCIAL_OFFICE = "social_office", _("Social office")
        JOBCENTER = "jobcenter", _("Jobcenter")
        JOB_AGENCY = "job_agency", _("Federal job agency")
        YOUTH_OFFICE = "youth_office", _("Youth office")
        SCHOOL_AUTHORITY = "school_authority", _("School authority")
        BANK = "bank", _("Bank")
        HOUSING = "housing", _("Housing administration")
        GUIDES = "guides", _("Guides (Lotsen)")
        PARTNER = "partner", _("Partner organisation")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # Each agency is its own data controller (Art. 4 No. 7 GDPR).
    controller_name = models.CharField(_("data controller"), max_length=300)
    controller_contact = models.CharField(_("controller contact"), max_length=300, blank=True)
    legal_basis = models.JSONField(
        _("legal basis texts"),
        default=dict,
        blank=True,
        help_text=_("Texts by language code, German required, e.g. §§ 86 ff. AufenthG."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    @property
    def legal_basis_text(self) -> str:
        return pick_translation(self.legal_basis) if self.legal_basis else ""

    def clean(self) -> None:
        if self.legal_basis:
            try:
                validate_translations(self.legal_basis)
            except ValidationError as exc:
                raise ValidationError({"legal_basis": exc.messages}) from exc


PICTOGRAMS = [
    ("bank", _("bank")),
    ("benefits", _("benefits")),
    ("counselling", _("counselling")),
    ("documents", _("documents")),
    ("family", _("family")),
    ("health", _("health")),
    ("housing", _("housing")),
    ("information", _("information")),
    ("money", _("money")),
    ("registration", _("registration")),
    ("residence", _("residence")),
    ("school", _("school")),
    ("work", _("work")),
]
# What a service without a pictogram of its own shows.
DEFAULT_PICTOGRAM = "other"


class Service(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    leika_key = models.CharField(
        _("LeiKa key"), max_length=14, validators=[leika_validator], db_index=True
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="services", verbose_name=_("agency")
    )
    names = models.JSONField(
        _("names"),
        validators=[validate_translations],
        help_text=_("By language code; German required."),
    )
    descriptions = models.JSONField(
        _("descriptions"), default=dict, blank=True, help_text=_("By language code.")
    )
    # Shown in the guide under "Who may use it", in the visitor's language.
    audience = models.JSONField(
        _("who may use it"), default=dict, blank=True, help_text=_("By language code.")
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="enables",
        verbose_name=_("prerequisites"),
    )
    # The picture beside the plain words at the kiosk, for visitors who read neither German nor
    # their own script well (organisation/static/organisation/pictograms/<name>.svg).
    pictogram = models.CharField(
        _("pictogram"), max_length=20, choices=PICTOGRAMS, blank=True, default=""
    )
    typical_minutes = models.DecimalField(
        _("typical minutes"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    per_person_factor = models.DecimalField(
        _("per-person factor"),
        max_digits=4,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Extra share of the typical time for each further household member."),
    )
    required_documents = models.JSONField(
        _("required documents"),
        default=list,
        blank=True,
        help_text=_("Document kinds the visitor should bring."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["agency__name", "code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_translation(self.names)

    @property
    def description(self) -> str:
        return pick_translation(self.descriptions) if self.descriptions else ""

    @property
    def pictogram_path(self) -> str:
        """The pictogram's file among the static files."""
        return f"organisation/pictograms/{self.pictogram or DEFAULT_PICTOGRAM}.svg"

    @property
    def document_labels(self) -> list[str]:
        return [document_label(code) for code in self.required_documents]

    @property
    def translations(self) -> list[dict[str, str]]:
        """Name and description in each UI language, empty where not translated."""
        return [
            {
                "code": code,
                "language": language,
                "name": self.names.get(code, ""),
                "description": (self.descriptions or {}).get(code, ""),
            }
            for code, language in settings.LANGUAGES
        ]


class Desk(models.Model):
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="desks", verbose_name=_("site")
    )
    number = models.CharField(_("number"), max_length=20)
    room = models.CharField(_("room"), max_length=100, blank=True)
    agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="desks",
        verbose_name=_("agencies"),
        help_text=_("Empty for a desk anyone may use (Jedermanns-Arbeitsplatz)."),
    )

    class Meta:
        ordering = ["site__name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="unique_desk_number")
        ]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")

    def __str__(self) -> str:
        return f"{self.site} · {self.number}"


def validate_roles(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one role."), code="required")
    unknown = [role for role in value if role not in Role.values]
    if unknown:
        raise ValidationError(
            _("Unknown role: %(roles)s"), params={"roles": ", ".join(map(str, unknown))}
        )


class StaffMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_member",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="staff", verbose_name=_("agency")
    )
    roles = models.JSONField(_("roles"), default=list, validators=[validate_roles])
    skills = models.ManyToManyField(
        Service,
        blank=True,
        related_name="qualified_staff",
        verbose_name=_("skills"),
        help_text=_("Services this person may serve."),
    )
    languages = models.JSONField(_("languages"), default=list, validators=[validate_language_codes])

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def get_roles_display(self) -> str:
        labels = dict(Role.choices)
        return ", ".join(str(labels.get(role, role)) for role in self.roles)

    @property
    def language_names(self) -> str:
        return language_names(self.languages)


class Interpreter(models.Model):
    class Kind(models.TextChoices):
        EMPLOYED = "employed", _("employed")
        VOLUNTEER = "volunteer", _("volunteer")

    name = models.CharField(_("name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreter",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    languages = models.JSONField(_("languages"), validators=[validate_language_codes])
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")

    def __str__(self) -> str:
        return self.name

    @property
    def language_names(self) -> str:
        return language_names(self.languages)


class RightsRequest(models.Model):
    """Roles an administrator wanted to give themselves: applied only when a second
    administrator confirms (four eyes), never by the one who asked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a second administrator")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="rights_requests",
        verbose_name=_("staff member"),
    )  # fmt: skip
    roles = models.JSONField(_("roles asked for"), default=list, validators=[validate_roles])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("asked by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("request for roles")
        verbose_name_plural = _("requests for roles")

    def __str__(self) -> str:
        return f"{self.staff}: {', '.join(self.roles)} ({self.status})"

    def get_roles_display(self) -> str:
        labels = dict(Role.choices)
        return ", ".join(str(labels.get(role, role)) for role in self.roles)
