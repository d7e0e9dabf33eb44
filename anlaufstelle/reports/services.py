"""The report for its reader: built, and its reading of people's data recorded. The
demographics count the people of the visits in the range; the audit trail gets one entry
naming the range and how many were counted (no one by name), and an export is recorded as
such."""

from __future__ import annotations

from datetime import date
from typing import Any

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.organisation.models import Site
from anlaufstelle.people.services.base import audit
from anlaufstelle.reports.figures import Report, build


def report(*, user: Any, start: date, end: date, sites: list[Site], export: str = "") -> Report:
    found = build(start=start, end=end, sites=sites)
    audit(
        user=user,
        action=Action.EXPORT if export else Action.READ,
        purpose=Purpose.STATISTICS,
        person_id=None,
        categories=[Category.IDENTITY],
        detail={
            "report": f"{start.isoformat()}..{end.isoformat()}",
            "sites": [s.pk for s in sites],
            "people counted": found.people_counted,
            **({"format": export} if export else {}),
        },
    )
    return found
