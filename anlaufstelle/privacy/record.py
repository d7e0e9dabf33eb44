"""The record of processing activities (Art. 30 GDPR), one per agency as controller, generated
from the configuration as it is now: the agency and its services, the legal bases, the
retention rules and the staff's roles. Change the configuration and the record follows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anlaufstelle.core.categories import CATEGORY_CONTENTS, Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import Agency, Service, StaffMember
from anlaufstelle.privacy.decision import ANY
from anlaufstelle.privacy.models import LegalBasis, RetentionRule

# What the software does to protect the data (Art. 32 GDPR), as far as the code does it; the
# centre adds its own organisational measures.
SAFEGUARDS = [
    gettext_lazy(
        "Every read, write, export and refusal of a person's data passes one access decision by "
        "agency, data category, purpose and time, and is recorded in the audit trail with its "
        "basis."
    ),
    gettext_lazy(
        "The audit trail is append-only and chained with a key kept outside the database; signed "
        "checkpoints outside the database show a trail cut off or wiped."
    ),
    gettext_lazy("On PostgreSQL the application runs as a role that owns no tables."),
    gettext_lazy(
        "Staff find people by search only; opening many people or short searches again and again "
        "is paused and shown to the data-protection officer."
    ),
    gettext_lazy(
        "Health and youth-office data stay with the agency that holds them unless a release names "
        "the reader."
    ),
    gettext_lazy(
        "Documents are checked by content, kept outside the web root under random names and handed "
        "out only through an access-checked, recorded download."
    ),
    gettext_lazy(
        "Sign-in with a second factor where the configuration requires it; sensitive roles are "
        "given by a second administrator."
    ),
]


@dataclass
class Recipient:
    agencies: str
    categories: str
    purposes: str
    citation: str
    on_request: bool


@dataclass
class ControllerRecord:
    agency: Agency
    purposes: list[str]
    categories: list[tuple[str, str, str]]  # label, what it holds, how long
    recipients: list[Recipient]
    services: list[str]


def _held_by(agency: Agency) -> list[Category]:
    """The categories an agency's staff may write: all but the youth office's own, which only
    the youth office holds."""
    return [
        c for c in Category if c != Category.YOUTH_OFFICE or agency.kind == Agency.Kind.YOUTH_OFFICE
    ]


def build() -> list[ControllerRecord]:
    agencies = list(Agency.objects.order_by("name"))
    bases = list(LegalBasis.objects.all())
    kinds: dict[str, list[str]] = defaultdict(list)
    for agency in agencies:
        kinds[agency.kind].append(agency.name)
    services: dict[int, list[str]] = defaultdict(list)
    for service in Service.objects.filter(active=True).order_by("pk"):
        services[service.agency_id].append(service.name)
    registering = {
        staff.agency_id
        for staff in StaffMember.objects.all()
        if Role.RECEPTION.value in (staff.roles or [])
    }
    labels = dict(Category.choices)
    purposes = dict(Purpose.choices)
    records = []
    for agency in agencies:
        own = [str(Purpose.CASEWORK.label)]
        if agency.pk in registering:
            own.insert(0, str(Purpose.REGISTRATION.label))
        retention = RetentionRule.for_kind(agency.kind)
        categories = []
        for category in _held_by(agency):
            rule = retention.get(category.value)
            period = (
                _("%(months)s months from %(start)s (%(citation)s)")
                % {
                    "months": rule.months,
                    "start": rule.get_start_display(),
                    "citation": rule.citation,
                }
                if rule
                else _("not configured")
            )
            categories.append((str(category.label), str(CATEGORY_CONTENTS[category]), period))
        recipients = []
        for basis in bases:
            if not (ANY in basis.from_kinds or agency.kind in basis.from_kinds):
                continue
            to = (
                [_("every agency of the centre")]
                if ANY in basis.to_kinds
                else sorted(
                    name
                    for kind in basis.to_kinds
                    for name in kinds.get(kind, [])
                    if name != agency.name
                )
            )
            if not to:
                continue  # no agency of that kind in the centre
            recipients.append(
                Recipient(
                    agencies=", ".join(to),
                    categories=", ".join(str(labels.get(c, c)) for c in basis.categories),
                    purposes=", ".join(str(purposes.get(p, p)) for p in basis.purposes),
                    citation=basis.citation,
                    on_request=basis.on_request,
                )
            )
        records.append(
            ControllerRecord(
                agency=agency,
                purposes=own,
                categories=categories,
                recipients=recipients,
                services=services.get(agency.pk, []),
            )
        )
    return records
