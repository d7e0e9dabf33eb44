"""Consents as staff record them: the person's consents on one page, a new consent from its
signed form, a withdrawal, and the form itself in the person's language.

A consent is declared to the agency that holds the data and would pass them on (the
controller, Art. 4 No. 7 GDPR), so only its staff record one. Anyone who may open the person
records a withdrawal: it only ever narrows what others see, and the person may declare it to
whichever desk they meet (Art. 7(3) GDPR). Both take effect at once, because the access
decision reads the consent rows on every read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import CATEGORY_CONTENTS, Category
from anlaufstelle.core.forms import staff_label
from anlaufstelle.core.languages import UI_LANGUAGE_CODES
from anlaufstelle.core.pdf import render_pdf
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.submissions import once
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Person
from anlaufstelle.people.services import get_person, pace, person_for_change
from anlaufstelle.people.services.base import audit, checked_purpose, ended_and_audited, permitted
from anlaufstelle.privacy import decision as rules
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy.models import Consent

# The version of the form's text (templates/privacy/consent_form.html). Change it whenever the
# text changes: each consent keeps the version its person signed.
FORM_VERSION = "Einwilligung Anlaufstelle 2026-12-04"
# What a consent may cover: every category but the youth office's, which only a release opens
# (§ 65 SGB VIII); health data only with their own box (Art. 9(2)(a) GDPR).
CONSENT_CATEGORIES = [c for c in Category if c.value != Category.YOUTH_OFFICE]
CONSENT_PURPOSES = [Purpose.CASEWORK, Purpose.REGISTRATION]

STATE_LABELS = {
    None: _("in force"),
    rules.CONSENT_WITHDRAWN: _("withdrawn"),
    rules.CONSENT_EXPIRED: _("expired"),
    rules.CONSENT_NOT_YET: _("not yet valid"),
}


class NotTheHolder(access.Refused):
    """Only staff of the agency that holds a person's data record their consent to share them."""


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    state: str | None

    @property
    def in_force(self) -> bool:
        return self.state is None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(c, c)) for c in self.consent.categories]

    @property
    def purpose_labels(self) -> list[str]:
        labels = dict(Purpose.choices)
        return [str(labels.get(p, p)) for p in self.consent.purposes]


def state_of(consent: Consent, at: datetime) -> str | None:
    """None while the consent holds, else why not: the same test the access decision makes."""
    return rules.Grant(
        id=consent.pk,
        categories=frozenset(consent.categories),
        recipients=frozenset(),
        purposes=frozenset(consent.purposes),
        valid_from=consent.valid_from,
        valid_until=consent.valid_until,
        withdrawn_at=consent.withdrawn_at,
    ).state(at)


def holder_of(person: Person) -> Agency | None:
    return person.registered_by


def is_holder(user: Any, person: Person) -> bool:
    staff = getattr(user, "staff_member", None)
    return (
        staff is not None
        and person.registered_by_id is not None
        and (staff.agency_id == person.registered_by_id)
    )


def require_holder(user: Any, person: Person, purpose: Purpose) -> None:
    """Refused (and recorded, privacy/middleware.py) unless the user's agency holds the
    person's data."""
    if is_holder(user, person):
        return
    raise NotTheHolder(
        person_id=person.pk,
        purpose=purpose,
        categories=[Category.IDENTITY],
        detail={"page": "consent_add", "rule": "not_the_holder"},
        reasons=[
            (
                str(_("Consent")),
                str(_("a consent is recorded by the agency that holds the person's data")),
            )
        ],
    )


def recipients_for(person: Person) -> list[Agency]:
    """The agencies a consent may name: every agency of the centre but the holder itself."""
    agencies = Agency.objects.order_by("name")
    if person.registered_by_id is not None:
        agencies = agencies.exclude(pk=person.registered_by_id)
    return list(agencies)


def rows(person: Person, at: datetime | None = None) -> list[ConsentRow]:
    at = at or timezone.now()
    consents = person.consents.prefetch_related(
        "recipients", "named__staff_member__agency"
    ).select_related("recorded_by")
    return [ConsentRow(consent=c, state=state_of(c, at)) for c in consents]


@transaction.atomic
def consents_page(*, user: Any, person_id: int) -> tuple[Person, list[ConsentRow]]:
    """The person's name and their consents; the read is recorded like any other."""
    person = get_person(user=user, person_id=person_id, detail={"page": "consents"})
    return person, rows(person)


def person_to_record_for(*, user: Any, person_id: int) -> Person:
    """The person whose consent the user is about to record: refused (and the refusal
    recorded) before anything of them is read, unless the user's agency holds their data."""
    purpose = checked_purpose(user, None, write=True)
    require_holder(user, person_for_change(person_id=person_id), purpose)
    return get_person(
        user=user, person_id=person_id, purpose=purpose, detail={"page": "consent_add"}
    )


def record_consent(
    *, user: Any, person_id: int, data: dict[str, Any], submission: uuid.UUID
) -> tuple[Consent, bool]:
    """Save the consent as ticked on its signed form; returns it and whether this call saved
    it (False: the same form was sent before). Refused unless the user's agency holds the
    person's data (`NotTheHolder`); a form that asks more than the rules allow is refused as a
    whole (`ValidationError`) and nothing is saved."""
    person = person_to_record_for(user=user, person_id=person_id)
    purpose = checked_purpose(user, None, write=True)

    def create() -> Consent:
        recipients = list(data.get("recipients") or [])
        named = list(data.get("named") or [])
        if not (recipients or named):
            raise ValidationError(
                {"recipients": _("Name at least one agency or person, as on the form.")}
            )
        consent = Consent(
            person=person,
            given_by=data["given_by"],
            guardian_name=data.get("guardian_name", ""),
            guardian_authority=data.get("guardian_authority", ""),
            categories=sorted(data["categories"]),
            purposes=sorted(data["purposes"]),
            explicit_health=bool(data.get("explicit_health")),
            text_version=FORM_VERSION,
            language=data["language"],
            how=data["how"],
            evidence=data.get("evidence", ""),
            valid_until=data.get("valid_until"),
            recorded_by=user,
        )
        consent.full_clean()
        if any(a.pk == person.registered_by_id for a in recipients):
            raise ValidationError({"recipients": _("The agency that holds the data needs none.")})
        if any(staff_agency(u) == person.registered_by_id for u in named):
            raise ValidationError({"named": _("The agency that holds the data needs none.")})
        consent.save()
        consent.recipients.set(recipients)
        consent.named.set(named)
        audit(
            user=user,
            action=Action.CREATE,
            purpose=purpose,
            person_id=person.pk,
            categories=[Category.IDENTITY],
            detail={"consent": consent.pk, **_described(consent, recipients, named)},
        )
        return consent

    created, new = once(user, submission, create)
    assert created is not None  # `create` never declines
    return created, new


def staff_agency(user: Any) -> int | None:
    staff = getattr(user, "staff_member", None)
    return staff.agency_id if staff is not None else None


def named_staff(person: Person) -> QuerySet[Any]:
    """The members of staff a consent may name: active staff of every agency but the
    holder's."""
    users = get_user_model().objects.filter(is_active=True, staff_member__isnull=False)
    if person.registered_by_id is not None:
        users = users.exclude(staff_member__agency_id=person.registered_by_id)
    return users.select_related("staff_member__agency").order_by("last_name", "first_name")


def _described(consent: Consent, recipients: list[Agency], named: list[Any]) -> dict[str, Any]:
    return {
        "consent_categories": list(consent.categories),
        "recipients": sorted(a.code for a in recipients),
        "named": sorted(u.get_username() for u in named),
        "purposes": list(consent.purposes),
        "valid_until": consent.valid_until.isoformat() if consent.valid_until else None,
    }


@transaction.atomic
def withdraw_consent(*, user: Any, person_id: int, consent_id: int, how: str) -> bool:
    """Withdraw from now on; True if this call withdrew it, False if it was withdrawn already
    (a second desk at the same moment, or the form sent twice: the first time stays)."""
    purpose = checked_purpose(user, None, write=True)
    person = get_person(
        user=user, person_id=person_id, purpose=purpose, detail={"page": "consent_withdraw"}
    )
    return ended_and_audited(
        user=user,
        purpose=purpose,
        person_id=person.pk,
        rows=Consent.objects.filter(person=person),
        pk=consent_id,
        stamp="withdrawn_at",
        said=lambda c: ([Category.IDENTITY], {"consent": c.pk, "withdrawn": how}),
        withdrawn_how=how,
    )


@transaction.atomic
def consent_form(
    *, user: Any, person_id: int, language: str, consent_id: int | None = None
) -> bytes:
    """The consent form as a PDF in `language`: blank, for the person to tick and sign, or
    with the boxes of a recorded consent ticked (then in the language it was given in). It
    carries the person's name, so it is recorded as an export."""
    purpose = checked_purpose(user, None, write=False)
    pace.check_person(user, person_id)
    person = person_for_change(person_id=person_id)
    decision = permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
    consent = None
    if consent_id is not None:
        consent = Consent.objects.prefetch_related("recipients", "named__staff_member__agency").get(
            pk=consent_id, person=person
        )
        # In the language it was given in, where the interface has that language.
        language = consent.language if consent.language in UI_LANGUAGE_CODES else "de"
    audit(
        user=user,
        action=Action.EXPORT,
        purpose=purpose,
        person_id=person.pk,
        categories=[Category.IDENTITY],
        detail={
            "document": "consent_form",
            "language": language,
            "consent": consent_id,
            "access": decision.record(),
        },
    )
    recipients = recipients_for(person)
    if consent is not None:
        # Agencies named then keep their row even if the list of agencies changed since.
        recipients = sorted({*recipients, *consent.recipients.all()}, key=lambda a: a.name)
    context = {
        "person": person,
        "holder": holder_of(person),
        "recipients": recipients,
        "categories": [
            (c.value, c.label, CATEGORY_CONTENTS[c])
            for c in CONSENT_CATEGORIES
            if c != Category.HEALTH
        ],
        "purposes": [(p.value, p.label) for p in CONSENT_PURPOSES],
        "version": consent.text_version if consent else FORM_VERSION,
        "consent": consent,
        "consent_state": state_of(consent, timezone.now()) if consent else None,
        "ticked_categories": set(consent.categories) if consent else set(),
        "ticked_recipients": {a.pk for a in consent.recipients.all()} if consent else set(),
        # The persons a recorded consent names, each a row of its own, ticked as given.
        "named": [staff_label(u) for u in consent.named.all()] if consent else [],
        "ticked_purposes": set(consent.purposes) if consent else set(),
        "health_ticked": bool(consent and consent.explicit_health),
    }
    return render_pdf("privacy/consent_form.html", context, language)
