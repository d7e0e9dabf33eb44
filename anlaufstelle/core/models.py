"""What the core keeps in the database: the forms already carried out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A creating form, sent once. Its key is made when the form is shown and comes back with
    it, so a double click, a resubmission after the back button or a retry after a lost
    connection finds what the first one created instead of creating it again."""

    key = models.UUIDField(_("key"), primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    # What the first submission created, e.g. "people.person:12" (empty until it has).
    result = models.CharField(_("result"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.key} → {self.result or '-'}"
