"""The centre as it is configured, as a day the simulator and the planner can run.

A site's day is built from the organisation's rows: the active services of the agencies that
have a desk at the site (with their prerequisites among them, typical minutes and per-person
factor), the staff of those agencies with the skills they have there and the languages they
speak, and the centre's interpreters. The visitors come from a shipped visitor pattern (a
forecast in ``anlaufstelle/flow/forecasts/``): its arrivals over the day, concerns, languages,
party sizes and durations, matched to the services by their code and scaled to the centre's
staff (see :func:`anlaufstelle.flow.generator.forecast_for_centre`). Staff work the pattern's
opening hours; no shift plan is configured yet.

The day holds no personal data: staff and interpreters appear by their login name or a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.flow import Day, load_day
from anlaufstelle.flow.generator import example_forecast, forecast_for_centre, generate_day
from anlaufstelle.flow.scenario import Interpreter, Service, StaffMember
from anlaufstelle.organisation import models as org

#: Visitor patterns a coordinator can plan the configured centre with.
PATTERNS: dict[str, Promise] = {
    "leipzig-peak": _("visitors as at the Leipzig peak"),
    "burgenland-walk-in": _("rural walk-in visitors"),
}
KEY_PREFIX = "centre"
# One fixed draw of visitors, so that the same configuration always gives the same day.
SEED = 1


@dataclass(frozen=True, slots=True)
class CentreChoice:
    key: str
    site: str
    pattern: str


def choices() -> list[CentreChoice]:
    """Each site with desks, under each visitor pattern."""
    sites = org.Site.objects.with_desks()
    return [
        CentreChoice(f"{KEY_PREFIX}:{site.pk}:{pattern}", site.name, str(label))
        for site in sites
        for pattern, label in PATTERNS.items()
    ]


def parse_key(key: str) -> tuple[int, str] | None:
    """(site id, pattern) of a centre key, or None if the key is not one."""
    parts = key.split(":")
    if len(parts) != 3 or parts[0] != KEY_PREFIX or parts[2] not in PATTERNS:
        return None
    try:
        return int(parts[1]), parts[2]
    except ValueError:
        return None


def site_services(site: org.Site) -> list[Service]:
    """The services of a site as the flow core takes them: the active services of the agencies
    with a desk there, with their prerequisites among them (the live hall runs on these too)."""
    agencies = org.Agency.objects.filter(desks__site=site).distinct()
    rows = list(
        org.Service.objects.filter(active=True, agency__in=agencies)
        .select_related("agency")
        .prefetch_related("prerequisites")
        .order_by("pk")
    )
    codes = {s.code for s in rows}
    return [
        Service(
            id=s.code,
            agency=s.agency.code,
            # Prerequisites elsewhere are not this site's to enforce.
            requires=tuple(sorted(p.code for p in s.prerequisites.all() if p.code in codes)),
            typical_minutes=float(s.typical_minutes),
            per_person_factor=float(s.per_person_factor),
        )
        for s in rows
    ]


def site_day(site: org.Site, pattern: str) -> Day:
    """The site as configured, with a day of visitors drawn from the pattern.

    Raises ``ScenarioError`` (from the flow core) when the site offers none of the pattern's
    concerns or has no staff for them."""
    agencies = org.Agency.objects.filter(desks__site=site).distinct()
    services = site_services(site)
    codes = {s.id for s in services}
    staff = []
    members = (
        org.StaffMember.objects.filter(agency__in=agencies)
        .select_related("user")
        .prefetch_related(Prefetch("skills", queryset=org.Service.objects.order_by("pk")))
        .order_by("pk")
    )
    for member in members:
        skills = tuple(s.code for s in member.skills.all() if s.code in codes)
        if skills:
            staff.append(
                StaffMember(member.user.get_username(), skills, tuple(member.languages), 0, 1)
            )
    interpreters = [
        Interpreter(f"interpreter-{x.pk}", tuple(x.languages), 0, 1)
        for x in org.Interpreter.objects.order_by("pk")
        if x.languages
    ]
    forecast = forecast_for_centre(
        example_forecast(pattern),
        services=services,
        staff=staff,
        interpreters=interpreters,
        name=f"{site.name} ({pattern})",
    )
    return load_day(generate_day(forecast, SEED))
