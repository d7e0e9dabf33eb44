"""The audit entries a test of people's data is about."""

from __future__ import annotations

from django.db.models import QuerySet

from anlaufstelle.audit.models import Action, AuditEntry


def person_trail() -> QuerySet[AuditEntry]:
    """Every entry but the records of the test's staff accounts being set up (rights)."""
    return AuditEntry.objects.exclude(action=Action.RIGHTS)
