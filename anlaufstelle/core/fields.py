"""Model fields many apps declare alike."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def staff_field(label: Any, *, optional: bool = False, keep: bool = True) -> models.ForeignKey:
    """Who did something (entered, released, moderated …): a user, without a reverse relation.
    `optional` for a step not taken yet; `keep` protects the user from deletion while the row
    names them (money and placements), else the row forgets them (the pinboard)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT if keep else models.SET_NULL,
        related_name="+",
        null=optional or not keep,
        blank=optional or not keep,
        verbose_name=label,
    )
