"""Why a person's data is read or written. Every audit entry names one; the audit log shows
the label. Kept in core because the audit trail, the registry and later the case file all
speak of the same purposes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration at reception")
    CASEWORK = "casework", _("Casework at a desk")
    REVIEW = "data_protection_review", _("Data-protection review")
    # Undoing a wrong merge: a data-protection officer restores the data as it was (Art. 16
    # GDPR). Not a general write purpose: only `unmerge_people` records it.
    CORRECTION = "data_protection_correction", _("Correction by data protection")
    # Seed data of `anlaufstelle demo`, written by the system, never by a person.
    DEMO = "demo", _("Loading the demo centre")
    # The retention schedule's erasures (`anlaufstelle retention`), run by no person.
    RETENTION = "retention", _("Erasure under the retention schedule")
    # Accounts, roles and rights of staff: who may see and do what.
    ADMINISTRATION = "administration", _("Administration of accounts and rights")
    # The reports' counts of people (reports/): aggregated, small counts suppressed, nobody
    # named; no one's record is shown for it.
    STATISTICS = "statistics", _("Statistics for the crisis staff")
