"""A person's consent for tests: what reception records when the person agrees that the
agencies of the house may see their registry data for casework (privacy/models.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from anlaufstelle.organisation.models import Agency
from anlaufstelle.privacy.models import Consent

# Everything but the sealed categories, which no consent opens.
OPEN_CATEGORIES = ["identity", "contact", "biography", "residence", "benefits"]


def consent(
    person: Any,
    *agencies: Agency,
    categories: list[str] | None = None,
    purposes: list[str] | None = None,
    **fields: Any,
) -> Consent:
    """A signed consent of `person` for `agencies` (every agency when none is named)."""
    values: dict[str, Any] = {
        "person": person,
        "categories": categories or OPEN_CATEGORIES,
        "purposes": purposes or ["casework", "registration"],
        "text_version": "test-1",
        "language": "uk",
        "how": Consent.How.SIGNED,
        "valid_from": timezone.now() - timedelta(minutes=1),
    }
    values.update(fields)
    given = Consent.objects.create(**values)
    given.recipients.set(agencies or Agency.objects.all())
    return given
