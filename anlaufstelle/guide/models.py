"""The guide's staff-written pages (arrival, housing, school, ...). German is the source text;
each translation records the version of the German it was made from, so that a change of the
German marks it outdated until someone translates it again. Nothing is machine-translated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "de"

TOPICS = [
    ("arrival", _("Arrival")),
    ("housing", _("Housing")),
    ("school", _("School")),
    ("work", _("Work")),
    ("health", _("Health")),
    ("counselling", _("Counselling")),
    ("emergency", _("Emergency numbers")),
]


class Status(models.TextChoices):
    CURRENT = "current", _("up to date")
    OUTDATED = "outdated", _("outdated")
    MISSING = "missing", _("missing")


class GuidePage(models.Model):
    """A page in German, the source of its translations."""

    slug = models.SlugField(_("address name"), max_length=50, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=TOPICS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("German title"), max_length=200)
    body = models.TextField(_("German text"))
    # Counts changes of the German text; a translation made from an older one is outdated.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")

    def __str__(self) -> str:
        return self.title

    def translation(self, language: str) -> GuidePageTranslation | None:
        return next((t for t in self.translations.all() if t.language == language), None)

    def status(self, language: str) -> Status:
        if language == SOURCE_LANGUAGE:
            return Status.CURRENT
        found = self.translation(language)
        if found is None or not found.body.strip():
            return Status.MISSING
        return Status.CURRENT if found.source_version >= self.version else Status.OUTDATED


class GuidePageTranslation(models.Model):
    page = models.ForeignKey(
        GuidePage, on_delete=models.CASCADE, related_name="translations", verbose_name=_("page")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    source_version = models.PositiveIntegerField(
        _("version of the German text"),
        help_text=_("The version of the German text this translation was made from."),
    )
    # The German as it was when this translation was made: what changed since is shown to
    # the translator of an outdated translation.
    source_title = models.CharField(_("German title translated"), max_length=200, blank=True)
    source_body = models.TextField(_("German text translated"), blank=True)
    # Optimistic locking of edits of this translation.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("guide page translation")
        verbose_name_plural = _("guide page translations")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="guide_page_language")
        ]

    def __str__(self) -> str:
        return f"{self.page.slug} ({self.language})"
