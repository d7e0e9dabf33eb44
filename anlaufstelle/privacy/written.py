"""Written requests of an authority for one person's data (§ 71 Abs. 2 SGB X with § 87 Abs. 1
AufenthG): a basis marked `on_request` lets the requesting agency read only while its request is
on record. The agency that received the request records it: a desk officer of an agency whose
kind the basis obliges to answer, never one of the requesting agency itself (an agency does not
open another's data by recording its own request). Marking it answered ends the reading it
allowed; the record stays, for the access report and the audit trail."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.submissions import once
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Person
from anlaufstelle.people.services import get_person, person_for_change
from anlaufstelle.people.services.base import audit, checked_purpose, ended_and_audited
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy.models import LegalBasis, TransferRequest


def answering_bases(user: Any) -> list[LegalBasis]:
    """The bases in force that oblige the user's agency to answer a written request."""
    staff = getattr(user, "staff_member", None)
    agency = getattr(staff, "agency", None)
    if agency is None:
        return []
    day = timezone.localdate()
    return [
        row
        for row in LegalBasis.objects.filter(on_request=True)
        if (basis := access.basis_of(row)).in_force(day) and basis.from_holder(agency.kind)
    ]


def requesting_agencies(user: Any, bases: list[LegalBasis]) -> list[Agency]:
    """The agencies whose requests these bases answer, the user's own left out."""
    readers = [access.basis_of(row) for row in bases]
    own = user.staff_member.agency_id
    return [
        agency
        for agency in Agency.objects.exclude(pk=own).order_by("name")
        if any(basis.to_reader(agency.kind) for basis in readers)
    ]


def _recording(user: Any, person_id: int, page: str) -> tuple[Person, list[LegalBasis], Purpose]:
    """The person, and the bases under which the user's agency answers requests; refused if
    there are none (the agency is obliged to answer nobody)."""
    purpose = checked_purpose(user, None, write=True)
    person = person_for_change(person_id=person_id)
    bases = answering_bases(user)
    if not bases:
        access.refuse(
            person_id=person.pk,
            purpose=purpose,
            categories=[Category.IDENTITY],
            page=page,
            rule="answers_no_written_request",
            why=(_("Written requests"), _("no legal basis obliges your agency to answer one")),
        )
    get_person(user=user, person_id=person.pk, purpose=purpose, detail={"page": page})
    return person, bases, purpose


@transaction.atomic
def requests_page(
    *, user: Any, person_id: int
) -> tuple[Person, list[LegalBasis], list[Agency], list[TransferRequest]]:
    """The person, the bases and requesting agencies the form offers, and the requests on
    record under those bases (those the user's agency answers)."""
    person, bases, _purpose = _recording(user, person_id, "requests")
    found = list(
        TransferRequest.objects.filter(person=person, basis__in=bases).select_related(
            "agency", "basis", "recorded_by"
        )
    )
    return person, bases, requesting_agencies(user, bases), found


def _described(request: TransferRequest) -> dict[str, Any]:
    return {
        "request": request.pk,
        "agency": request.agency.code,
        "basis": request.basis.code,
        "reference": request.reference,
    }


@transaction.atomic
def record_request(
    *, user: Any, person_id: int, data: dict[str, Any], submission: uuid.UUID
) -> tuple[TransferRequest, bool]:
    """Record a written request received; (the request, True), or (the one recorded then,
    False) if this form was sent before."""
    person, bases, purpose = _recording(user, person_id, "request_add")
    basis, agency = data["basis"], data["agency"]
    if basis not in bases:
        raise ValidationError({"basis": _("Your agency answers no request under this basis.")})
    if agency not in requesting_agencies(user, bases):
        raise ValidationError({"agency": _("Choose an agency other than your own.")})
    if not access.basis_of(basis).to_reader(agency.kind):
        raise ValidationError(
            {"basis": _("This basis covers no request of %(agency)s.") % {"agency": agency}}
        )

    def create() -> TransferRequest:
        request = TransferRequest(
            person=person,
            agency=agency,
            basis=basis,
            reference=data["reference"],
            received_at=data["received_on"],
            valid_until=data.get("valid_until"),
            recorded_by=user,
        )
        request.full_clean()
        request.save()
        audit(
            user=user,
            action=Action.CREATE,
            purpose=purpose,
            person_id=person.pk,
            categories=basis.categories,
            detail=_described(request),
        )
        return request

    created, new = once(user, submission, create)
    assert created is not None  # `create` never declines
    return created, new


@transaction.atomic
def answer_request(*, user: Any, person_id: int, request_id: int) -> bool:
    """Mark the request answered: the reading it allowed ends now. False if it was answered
    already (a second desk at the same moment, or the form sent twice)."""
    person, bases, purpose = _recording(user, person_id, "request_answer")
    return ended_and_audited(
        user=user,
        purpose=purpose,
        person_id=person.pk,
        rows=TransferRequest.objects.filter(person=person, basis__in=bases),
        pk=request_id,
        stamp="answered_at",
        said=lambda r: (r.basis.categories, {**_described(r), "answered": True}),
    )
