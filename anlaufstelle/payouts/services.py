"""Benefit decisions, payouts and their release, transfer files, cheques and reconciliation.

Who: desk officers of a paying agency (social office, Jobcenter) enter decisions and payouts;
a payout is released by a desk officer of the same kind of agency other than the one who
entered it (four eyes, also a database constraint). Only the deciding agency's desks make its
transfer files, issue its cheques and mark them executed or cashed. Coordinators see the
reconciliation's figures, which name no one. Anyone else is refused, and the refusal recorded.

Every read and write of a person's payouts asks the access decision (privacy/services.py): the
person's identity is the registry's, the decision and its payouts are the deciding agency's
own benefit data (`decide_held`). Each goes into the audit trail in the same transaction; a
refusal (no access, the four eyes, a file with a bad account) is recorded after its
transaction rolled back, so nothing else remains of it.

A payout is in one transfer file at most: the file's payouts are collected under row locks
that skip rows another desk is collecting (`select_for_update(skip_locked=True)`), and the
payout's single `run` column is set only where it is still empty.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import desk_agency, roles_of
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.core.submissions import created_once
from anlaufstelle.organisation.models import Agency
from anlaufstelle.payouts import sepa
from anlaufstelle.payouts.models import (
    PAYING_AGENCIES,
    REGIME_AGENCIES,
    BenefitDecision,
    Cheque,
    ChequeCounter,
    PayingAccount,
    Payout,
    PayoutRun,
    Regime,
)
from anlaufstelle.people.models import Person
from anlaufstelle.people.services import person_for_change
from anlaufstelle.people.services.base import (
    audit,
    checked_purpose,
    held_or_refused,
    identities_shown,
    permitted,
)
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy.decision import Decision

BENEFITS = [Category.BENEFITS]
M = TypeVar("M")

# The account problems of sepa.py in words.
ACCOUNT_PROBLEMS = {
    sepa.IBAN_INVALID: _("the IBAN is not valid"),
    sepa.IBAN_NOT_SEPA: _("the IBAN is of a country outside the SEPA area"),
    sepa.BIC_INVALID: _("the BIC is not valid"),
    sepa.BIC_COUNTRY: _("the BIC is of another country than the IBAN"),
    sepa.NAME_MISSING: _("the account holder is missing"),
    sepa.AMOUNT_NOT_POSITIVE: _("the amount is not above zero"),
}


class NotPossible(Exception):
    """A step that cannot be done as asked; nothing was changed. `message` is for the officer,
    `rule` for the audit trail."""

    def __init__(self, message: Any, rule: str, *, person_id: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.rule = rule
        self.person_id = person_id


# --- Who may -----------------------------------------------------------------------------------


def paying_agency(user: Any) -> Agency | None:
    """The user's agency if it pays benefits and the user is one of its desk officers."""
    return cast(Agency | None, desk_agency(user, *PAYING_AGENCIES))


def may_reconcile(user: Any) -> bool:
    return paying_agency(user) is not None or Role.COORDINATOR in roles_of(user)


def _record_refusal(user: Any, *, what: str, rule: str, person_id: int | None = None) -> None:
    record(
        actor=Actor.from_user(user),
        action=Action.REFUSED,
        purpose=Purpose.CASEWORK.value,
        person_id=person_id,
        categories=BENEFITS,
        detail={"payouts": what, "rule": rule},
    )


def desk(user: Any, *, what: str, person_id: int | None = None) -> tuple[Agency, Purpose]:
    """The user's paying agency and purpose; refused, and recorded, for anyone else."""
    agency = paying_agency(user)
    if agency is None:
        _record_refusal(user, what=what, rule="not a desk of a paying agency", person_id=person_id)
        raise PermissionDenied(f"payouts: {what}")
    return agency, checked_purpose(user, None, write=True)


def refuse_unless_reconciler(user: Any) -> None:
    if not may_reconcile(user):
        _record_refusal(user, what="reconciliation", rule="not a desk of a paying agency")
        raise PermissionDenied("payouts: reconciliation")


def _refusing(user: Any, what: str, step: Callable[[], M]) -> M:
    """Run `step` in its own transaction; a `NotPossible` is recorded after the rollback."""
    try:
        with transaction.atomic():
            return step()
    except NotPossible as exc:
        _record_refusal(user, what=what, rule=exc.rule, person_id=exc.person_id)
        raise


# --- Deciding reads ------------------------------------------------------------------------------


def _held(user: Any, person: Person, agency: Agency, purpose: Purpose) -> Decision:
    """The deciding agency's benefit data about the person, and their identity: refused as a
    whole if either is."""
    permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
    return held_or_refused(
        user=user, person=person, agency=agency, categories=BENEFITS, purpose=purpose
    )


def _identities(user: Any, people: Iterable[Person], purpose: Purpose, page: str) -> set[int]:
    """The ids of the people whose identity the user may see; the others recorded as withheld."""
    shown, _decided = identities_shown(
        user=user, people=people, purpose=purpose, detail={"payouts": page}
    )
    return {p.pk for p in shown}


# --- A person's decisions and payouts -----------------------------------------------------------


@dataclass
class PersonPayouts:
    person: Person
    decisions: list[BenefitDecision]
    withheld: int  # decisions of agencies whose data the user may not see


def regime_by_rules(user: Any, person: Person, on: date) -> str:
    """The benefit regime the rules engine evaluates for the person today, where it can say
    and the user may read the residence file it needs (the read is recorded there)."""
    from anlaufstelle.eligibility import services as eligibility

    try:
        results = eligibility.perspectives(user, person, on=on)
    except access.Refused:
        return ""
    outcome = next((r.outcome for r in results if r.rule == "benefit-regime"), "")
    return outcome if outcome in Regime.values else ""


def person_payouts(*, user: Any, person_id: int) -> PersonPayouts:
    agency, purpose = desk(user, what="person's payouts", person_id=person_id)
    with transaction.atomic():
        person = person_for_change(person_id=person_id)
        permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
        decisions = list(
            BenefitDecision.objects.filter(person=person)
            .select_related("agency", "decided_by")
            .prefetch_related("payouts__cheques", "payouts__created_by", "payouts__released_by")
        )
        agencies = {d.agency for d in decisions} | {agency}
        decided = access.decide_held(
            user=user,
            person=person,
            held={a: set(BENEFITS) for a in agencies},
            purpose=purpose,
        )
        shown = [d for d in decisions if not decided[d.agency_id].refused]
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=person.pk,
            categories=[Category.IDENTITY, *BENEFITS],
            detail={
                "payouts": "person",
                "decisions": [d.pk for d in shown],
                "access": decided[agency.pk].record(),
            },
        )
    return PersonPayouts(person=person, decisions=shown, withheld=len(decisions) - len(shown))


def decision_form(*, user: Any, person_id: int) -> tuple[Person, str]:
    """The person for the decision form, read as decided and recorded, and the regime the
    rules engine evaluates for them today ("" where it cannot say)."""
    agency, purpose = desk(user, what="add a benefit decision", person_id=person_id)
    with transaction.atomic():
        person = person_for_change(person_id=person_id)
        permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=person.pk,
            categories=[Category.IDENTITY],
            detail={"payouts": "decision form"},
        )
    return person, regime_by_rules(user, person, timezone.localdate())


def _add_decision(*, user: Any, person_id: int, data: dict[str, Any]) -> BenefitDecision:
    agency, purpose = desk(user, what="add a benefit decision", person_id=person_id)
    person = person_for_change(person_id=person_id)
    _held(user, person, agency, purpose)
    if REGIME_AGENCIES[Regime(data["regime"])] != agency.kind:
        raise ValidationError(
            {"regime": _("Benefits under this regime are not paid by your agency.")}
        )
    decision = BenefitDecision(
        person=person,
        agency=agency,
        regime=data["regime"],
        regime_by_rules=data.get("regime_by_rules", ""),
        amount_per_month=data["amount_per_month"],
        period_from=data["period_from"],
        period_until=data["period_until"],
        reference=data.get("reference", ""),
        decided_by=user,
    )
    decision.full_clean()
    decision.save()
    audit(
        user=user,
        action=Action.CREATE,
        purpose=purpose,
        person_id=person.pk,
        categories=BENEFITS,
        detail={"benefit decision": decision.pk, "regime": decision.regime},
    )
    return decision


def add_decision(
    *, user: Any, person_id: int, data: dict[str, Any], submission: uuid.UUID | None = None
) -> tuple[BenefitDecision, bool]:
    """Record a benefit decision of the user's agency, once per form key. Invalid data is
    refused (`ValidationError`) and nothing is written."""
    desk(user, what="add a benefit decision", person_id=person_id)

    @transaction.atomic
    def attempt() -> BenefitDecision:
        return _add_decision(user=user, person_id=person_id, data=data)

    return created_once(user, submission, attempt)


def decision_for_payout(*, user: Any, decision_id: int) -> BenefitDecision:
    """A decision of the user's agency, read as decided and recorded, for the payout form."""
    agency, purpose = desk(user, what="add a payout")
    with transaction.atomic():
        decision = BenefitDecision.objects.select_related("person").get(
            pk=decision_id, agency=agency
        )
        _held(user, decision.person, agency, purpose)
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=decision.person_id,
            categories=[Category.IDENTITY, *BENEFITS],
            detail={"benefit decision": decision.pk},
        )
    return decision


def _account_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The transfer's account, normalised; a bad IBAN or BIC refused at its field."""
    if data["method"] != Payout.Method.TRANSFER:
        return {
            "account_holder": "",
            "iban": "",
            "bic": "",
            "holder_postcode": "",
            "holder_town": "",
            "holder_country": "",
        }
    errors: dict[str, Any] = {}
    iban = bic = ""
    try:
        iban = sepa.normalise_iban(data.get("iban") or "")
    except ValueError as exc:
        errors["iban"] = ACCOUNT_PROBLEMS[str(exc)]
    try:
        bic = sepa.normalise_bic(data.get("bic") or "", iban=iban)
    except ValueError as exc:
        errors["bic"] = ACCOUNT_PROBLEMS[str(exc)]
    if errors:
        raise ValidationError(errors)
    return {
        "account_holder": (data.get("account_holder") or "").strip(),
        "iban": iban,
        "bic": bic,
        "holder_postcode": (data.get("holder_postcode") or "").strip(),
        "holder_town": (data.get("holder_town") or "").strip(),
        "holder_country": (data.get("holder_country") or "").strip().upper(),
    }


def _add_payout(*, user: Any, decision_id: int, data: dict[str, Any]) -> Payout:
    agency, purpose = desk(user, what="add a payout")
    decision = BenefitDecision.objects.select_related("person").get(pk=decision_id, agency=agency)
    _held(user, decision.person, agency, purpose)
    payout = Payout(
        decision=decision,
        amount=data["amount"],
        period_from=data["period_from"],
        period_until=data["period_until"],
        method=data["method"],
        created_by=user,
        **_account_fields(data),
    )
    payout.full_clean()
    if payout.period_from < decision.period_from or payout.period_until > decision.period_until:
        raise ValidationError(
            {"period_until": _("The payout's period lies outside the decision's period.")}
        )
    payout.save()
    audit(
        user=user,
        action=Action.CREATE,
        purpose=purpose,
        person_id=decision.person_id,
        categories=BENEFITS,
        detail={"payout": payout.pk, "method": payout.method, "amount": str(payout.amount)},
    )
    return payout


def add_payout(
    *, user: Any, decision_id: int, data: dict[str, Any], submission: uuid.UUID | None = None
) -> tuple[Payout, bool]:
    """Enter a payout of a decision, waiting for release, once per form key."""
    desk(user, what="add a payout")

    @transaction.atomic
    def attempt() -> Payout:
        return _add_payout(user=user, decision_id=decision_id, data=data)

    return created_once(user, submission, attempt)


# --- Release (four eyes) and cancelling ---------------------------------------------------------


@dataclass
class Queue:
    rows: list[Payout]
    withheld: int


def release_queue(*, user: Any) -> Queue:
    """Payouts waiting for release that the user's kind of agency pays, the oldest first."""
    agency, purpose = desk(user, what="release queue")
    with transaction.atomic():
        payouts = list(
            Payout.objects.filter(status=Payout.Status.DRAFT, decision__agency__kind=agency.kind)
            .select_related("decision__person", "decision__agency", "created_by")
            .order_by("created_at", "pk")
        )
        shown = _identities(user, [p.decision.person for p in payouts], purpose, "release queue")
        held = _others_held(user, payouts, agency, purpose)
        rows = [
            p
            for p in payouts
            if p.decision.person_id in shown
            and held.get((p.decision.person_id, p.decision.agency_id), True)
        ]
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=None,
            categories=[Category.IDENTITY, *BENEFITS],
            detail={
                "payouts": "release queue",
                "shown": sorted({p.decision.person_id for p in rows}),
            },
        )
    return Queue(rows, len(payouts) - len(rows))


def _others_held(
    user: Any, payouts: list[Payout], agency: Agency, purpose: Purpose
) -> dict[tuple[int, int], bool]:
    """For payouts another agency of the kind decided: whether the access decision lets the
    user see that agency's benefit data about the person (as releasing one asks, `_held`)."""
    pairs = {
        (p.decision.person, p.decision.agency) for p in payouts if p.decision.agency_id != agency.pk
    }
    return {
        (person.pk, other.pk): not access.decide_held(
            user=user, person=person, held={other: set(BENEFITS)}, purpose=purpose
        )[other.pk].refused
        for person, other in pairs
    }


def _locked_payout(payout_id: int, version: int) -> Payout:
    payout = (
        Payout.objects.select_for_update(of=("self",))
        .select_related("decision__person", "decision__agency")
        .get(pk=payout_id)
    )
    if payout.version != version:
        raise NotPossible(
            _("This payout was changed meanwhile. Look at it again before you act on it."),
            "changed meanwhile",
            person_id=payout.decision.person_id,
        )
    return payout


def _change(payout: Payout, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(payout, name, value)
    payout.version += 1
    payout.full_clean()
    payout.save(update_fields=[*fields, "version"])


def _moved(user: Any, purpose: Purpose, payout: Payout, status: str, step: str) -> None:
    """The payout moved to `status` by the user now (`step`: released, cancelled), recorded."""
    _change(payout, status=status, **{f"{step}_by": user, f"{step}_at": timezone.now()})
    audit(
        user=user,
        action=Action.UPDATE,
        purpose=purpose,
        person_id=payout.decision.person_id,
        categories=BENEFITS,
        detail={"payout": payout.pk, "status": payout.status},
    )


def release(*, user: Any, payout_id: int, version: int) -> Payout:
    """Release a payout entered by someone else (four eyes), at the version the user saw."""
    agency, purpose = desk(user, what="release")

    def step() -> Payout:
        payout = _locked_payout(payout_id, version)
        person_id = payout.decision.person_id
        if payout.decision.agency.kind != agency.kind:
            raise NotPossible(
                _("Only a desk of the agency that pays this benefit may release it."),
                "other kind of agency",
                person_id=person_id,
            )
        if payout.created_by_id == user.pk:
            raise NotPossible(
                _("You entered this payout yourself: a second person must release it."),
                "four eyes",
                person_id=person_id,
            )
        if payout.status != Payout.Status.DRAFT:
            raise NotPossible(
                _("This payout is not waiting for release."), "not a draft", person_id=person_id
            )
        _held(user, payout.decision.person, payout.decision.agency, purpose)
        _moved(user, purpose, payout, Payout.Status.RELEASED, "released")
        return payout

    return _refusing(user, "release", step)


def cancel(*, user: Any, payout_id: int, version: int) -> Payout:
    """Cancel a payout that has not gone out: waiting for release, or released without a
    cheque in circulation and not in a transfer file."""
    agency, purpose = desk(user, what="cancel")

    def step() -> Payout:
        payout = _locked_payout(payout_id, version)
        person_id = payout.decision.person_id
        if payout.decision.agency_id != agency.pk:
            raise NotPossible(
                _("Only a desk of the deciding agency may cancel this payout."),
                "other agency",
                person_id=person_id,
            )
        live = payout.cheques.exclude(status=Cheque.Status.CANCELLED).exists()
        if payout.status not in (Payout.Status.DRAFT, Payout.Status.RELEASED) or live:
            raise NotPossible(
                _("This payout has gone out already and can no longer be cancelled."),
                "gone out",
                person_id=person_id,
            )
        _held(user, payout.decision.person, agency, purpose)
        _moved(user, purpose, payout, Payout.Status.CANCELLED, "cancelled")
        return payout

    return _refusing(user, "cancel", step)


# --- Transfer files ---------------------------------------------------------------------------


def _transfer(payout: Payout) -> sepa.Transfer:
    decision = payout.decision
    address = (
        sepa.Address(
            town=payout.holder_town, country=payout.holder_country, postcode=payout.holder_postcode
        )
        if payout.holder_town and payout.holder_country
        else None
    )
    return sepa.Transfer(
        ref=payout.number,
        name=payout.account_holder,
        iban=payout.iban,
        bic=payout.bic,
        amount=payout.amount,
        # The remittance line the person reads on their statement: the regime and the period,
        # in German whatever the officer's language (a bank statement of a German authority).
        purpose=remittance(decision, payout),
        end_to_end_id=f"ANL-{payout.pk}",
        address=address,
    )


def remittance(decision: BenefitDecision, payout: Payout) -> str:
    with translation.override("de"):
        regime = decision.get_regime_display()
    period = f"{payout.period_from:%d.%m.%Y}-{payout.period_until:%d.%m.%Y}"
    return f"{regime} {period} {decision.reference}".strip()[:140]


def _debtor(account: PayingAccount) -> sepa.Debtor:
    return sepa.Debtor(
        name=account.name,
        iban=account.iban,
        bic=account.bic,
        address=sepa.Address(
            street=account.street,
            building=account.building,
            postcode=account.postcode,
            town=account.town,
            country=account.country,
        ),
    )


def problems_in_words(problems: list[sepa.Problem]) -> str:
    return "; ".join(
        f"{p.ref}: {ACCOUNT_PROBLEMS.get(p.code, p.code)}"
        if p.ref != "debtor"
        else str(_("the paying account: %(problem)s") % {"problem": ACCOUNT_PROBLEMS[p.code]})
        for p in problems
    )


def build_run(*, user: Any, execution_date: date) -> PayoutRun:
    """One SEPA file of every released transfer of the user's agency that is in no file yet.
    A bad account anywhere refuses the whole file, naming each bad payout; nothing is written."""
    agency, purpose = desk(user, what="make a transfer file")

    def step() -> PayoutRun:
        account = PayingAccount.objects.filter(agency=agency).first()
        if account is None:
            raise NotPossible(
                _("Your agency has no paying account on record; an administrator enters it."),
                "no paying account",
            )
        if execution_date < timezone.localdate():
            raise NotPossible(_("The execution date cannot be in the past."), "date in the past")
        # Rows another desk is collecting right now are skipped: they go into its file.
        payouts = list(
            Payout.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=Payout.Status.RELEASED,
                method=Payout.Method.TRANSFER,
                run=None,
                decision__agency=agency,
            )
            .select_related("decision__person")
            .order_by("pk")
        )
        if not payouts:
            raise NotPossible(_("There is no released transfer to pay."), "nothing to pay")
        people = {p.decision.person_id: p.decision.person for p in payouts}
        for person in people.values():
            _held(user, person, agency, purpose)
        try:
            made = sepa.build_credit_transfer(
                debtor=_debtor(account),
                transfers=[_transfer(p) for p in payouts],
                execution_date=execution_date,
            )
        except sepa.BadTransfers as bad:
            raise NotPossible(
                _("No file was made. Correct or cancel these payouts first: %(lines)s")
                % {"lines": problems_in_words(bad.problems)},
                "bad accounts: " + ", ".join(f"{p.ref} {p.code}" for p in bad.problems),
            ) from bad
        run = PayoutRun(
            agency=agency,
            execution_date=execution_date,
            message_id=made.message_id,
            xml=made.xml.decode(),
            count=made.count,
            control_sum=made.control_sum,
            created_by=user,
        )
        run.full_clean()
        run.save()
        taken = Payout.objects.filter(pk__in=[p.pk for p in payouts], run=None).update(
            run=run, status=Payout.Status.EXPORTED, version=F("version") + 1
        )
        if taken != len(payouts):  # cannot happen under the locks; never a payout twice
            raise RuntimeError("a payout of this file is in another file")
        by_person: dict[int, list[int]] = defaultdict(list)
        for p in payouts:
            by_person[p.decision.person_id].append(p.pk)
        for person_id, ids in by_person.items():
            audit(
                user=user,
                action=Action.EXPORT,
                purpose=purpose,
                person_id=person_id,
                categories=BENEFITS,
                detail={"transfer file": run.pk, "payouts": ids},
            )
        return run

    return _refusing(user, "make a transfer file", step)


def _by_person(payouts: Iterable[Payout]) -> dict[Person, list[int]]:
    found: dict[Person, list[int]] = defaultdict(list)
    for payout in payouts:
        found[payout.decision.person].append(payout.pk)
    return found


def run_file(*, user: Any, run_id: int) -> PayoutRun:
    """The stored file of a run of the user's agency, for download: the names and accounts of
    everyone in it, so decided for each (refused as a whole, recorded by privacy/middleware.py)
    and recorded as each one's export."""
    agency, purpose = desk(user, what="download a transfer file")
    with transaction.atomic():
        run = PayoutRun.objects.select_related("agency").get(pk=run_id, agency=agency)
        people = _by_person(run.payouts.select_related("decision__person"))
        for person in people:
            _held(user, person, agency, purpose)
        for person, ids in people.items():
            audit(
                user=user,
                action=Action.EXPORT,
                purpose=purpose,
                person_id=person.pk,
                categories=[Category.IDENTITY, *BENEFITS],
                detail={"transfer file": run.pk, "download": run.filename, "payouts": ids},
            )
    return run


def mark_executed(*, user: Any, run_id: int) -> bool:
    """The bank executed the run's file: its payouts are paid. False if marked already."""
    agency, purpose = desk(user, what="mark a transfer file executed")
    with transaction.atomic():
        run = PayoutRun.objects.select_for_update().get(pk=run_id, agency=agency)
        if run.status == PayoutRun.Status.EXECUTED:
            return False
        run.status = PayoutRun.Status.EXECUTED
        run.executed_by = user
        run.executed_at = timezone.now()
        run.save(update_fields=["status", "executed_by", "executed_at"])
        exported = run.payouts.filter(status=Payout.Status.EXPORTED)
        people = _by_person(exported.select_related("decision__person"))
        for person in people:
            _held(user, person, agency, purpose)
        exported.update(status=Payout.Status.EXECUTED, version=F("version") + 1)
        for person, ids in people.items():
            audit(
                user=user,
                action=Action.UPDATE,
                purpose=purpose,
                person_id=person.pk,
                categories=BENEFITS,
                detail={"transfer file": run.pk, "executed": ids},
            )
    return True


# --- Reconciliation ---------------------------------------------------------------------------


@dataclass
class Figure:
    label: Any
    count: int
    amount: Decimal


@dataclass
class Reconciliation:
    runs: list[PayoutRun]
    outstanding: list[Figure]
    # Only for a desk of a paying agency: its payouts not yet paid, with names as decided.
    open_payouts: list[Payout] = field(default_factory=list)
    withheld: int = 0
    agency: Agency | None = None


def _figure(label: Any, rows: Any) -> Figure:
    got = rows.aggregate(n=Count("pk"), total=Sum("amount"))
    return Figure(label, got["n"], got["total"] or Decimal("0.00"))


def reconciliation(*, user: Any) -> Reconciliation:
    """The runs and what is outstanding: per state, counts and sums (for a coordinator, of every
    agency and naming no one); for a desk, its agency's open payouts by name as decided."""
    refuse_unless_reconciler(user)
    agency = paying_agency(user)
    payouts = Payout.objects.all()
    cheques = Cheque.objects.all()
    runs = PayoutRun.objects.select_related("agency")
    if agency is not None:
        payouts = payouts.filter(decision__agency=agency)
        cheques = cheques.filter(payout__decision__agency=agency)
        runs = runs.filter(agency=agency)
    outstanding = [
        _figure(_("waiting for release"), payouts.filter(status=Payout.Status.DRAFT)),
        _figure(
            _("released transfers in no file yet"),
            payouts.filter(status=Payout.Status.RELEASED, method=Payout.Method.TRANSFER),
        ),
        _figure(
            _("released cheque payouts without a cheque"),
            payouts.filter(status=Payout.Status.RELEASED, method=Payout.Method.CHEQUE).exclude(
                cheques__status__in=[Cheque.Status.ISSUED, Cheque.Status.HANDED_OVER]
            ),
        ),
        _figure(
            _("transfers in a file not yet executed"),
            payouts.filter(status=Payout.Status.EXPORTED, method=Payout.Method.TRANSFER),
        ),
        _figure(_("cheques issued, not handed over"), cheques.filter(status=Cheque.Status.ISSUED)),
        _figure(
            _("cheques handed over, not cashed"), cheques.filter(status=Cheque.Status.HANDED_OVER)
        ),
    ]
    result = Reconciliation(runs=list(runs[:50]), outstanding=outstanding, agency=agency)
    if agency is None:
        return result
    purpose = checked_purpose(user, None, write=False)
    with transaction.atomic():
        open_rows = list(
            payouts.filter(
                status__in=[Payout.Status.DRAFT, Payout.Status.RELEASED, Payout.Status.EXPORTED]
            )
            .select_related("decision__person", "run")
            .order_by("created_at", "pk")[:500]
        )
        shown = _identities(user, [p.decision.person for p in open_rows], purpose, "outstanding")
        result.open_payouts = [p for p in open_rows if p.decision.person_id in shown]
        result.withheld = len(open_rows) - len(result.open_payouts)
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=None,
            categories=[Category.IDENTITY, *BENEFITS],
            detail={
                "payouts": "outstanding",
                "shown": sorted({p.decision.person_id for p in result.open_payouts}),
            },
        )
    return result


# --- Cheques -----------------------------------------------------------------------------------


@dataclass
class ChequeLog:
    waiting: list[Payout]  # released cheque payouts of the agency without a live cheque
    cheques: list[Cheque]
    names: set[int]  # person ids whose names the user may see
    withheld: int


def cheque_log(*, user: Any, limit: int = 200) -> ChequeLog:
    """The centre's cheque log, the newest first (names only of the user's agency's people,
    as decided), and the agency's released cheque payouts waiting for a cheque."""
    agency, purpose = desk(user, what="cheque log")
    with transaction.atomic():
        waiting = list(
            Payout.objects.filter(
                status=Payout.Status.RELEASED,
                method=Payout.Method.CHEQUE,
                decision__agency=agency,
            )
            .exclude(cheques__status__in=[Cheque.Status.ISSUED, Cheque.Status.HANDED_OVER])
            .select_related("decision__person")
            .order_by("released_at", "pk")
        )
        cheques = list(
            Cheque.objects.select_related(
                "payout__decision__person", "payout__decision__agency"
            ).order_by("-number")[:limit]
        )
        own = [
            c.payout.decision.person for c in cheques if c.payout.decision.agency_id == agency.pk
        ]
        people = [p.decision.person for p in waiting] + own
        names = _identities(user, people, purpose, "cheque log")
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=None,
            categories=[Category.IDENTITY, *BENEFITS],
            detail={"payouts": "cheque log", "shown": sorted(names)},
        )
    return ChequeLog(
        waiting=[p for p in waiting if p.decision.person_id in names],
        cheques=cheques,
        names=names,
        withheld=len({p.pk for p in people}) - len(names),
    )


def _issue_cheque(*, user: Any, payout_id: int) -> Cheque:
    agency, purpose = desk(user, what="issue a cheque")
    payout = (
        Payout.objects.select_for_update(of=("self",))
        .select_related("decision__person")
        .get(pk=payout_id)
    )
    person_id = payout.decision.person_id
    if payout.decision.agency_id != agency.pk:
        raise NotPossible(
            _("Only a desk of the deciding agency may issue this cheque."),
            "other agency",
            person_id=person_id,
        )
    if payout.method != Payout.Method.CHEQUE or payout.status != Payout.Status.RELEASED:
        raise NotPossible(
            _("Only a released cheque payout gets a cheque."), "not released", person_id=person_id
        )
    if payout.cheques.exclude(status=Cheque.Status.CANCELLED).exists():
        raise NotPossible(
            _("This payout has a cheque already."), "cheque exists", person_id=person_id
        )
    _held(user, payout.decision.person, agency, purpose)
    # The counter's lock orders every issue in the centre: the next number is the last plus one,
    # written in the same transaction as the cheque, so numbers have no gaps.
    counter, _new = ChequeCounter.objects.select_for_update().get_or_create(pk=1)
    counter.last += 1
    counter.save(update_fields=["last"])
    cheque = Cheque(number=counter.last, payout=payout, amount=payout.amount, issued_by=user)
    cheque.full_clean()
    cheque.save()
    audit(
        user=user,
        action=Action.CREATE,
        purpose=purpose,
        person_id=person_id,
        categories=BENEFITS,
        detail={"cheque": cheque.number, "payout": payout.pk, "amount": str(cheque.amount)},
    )
    return cheque


def issue_cheque(
    *, user: Any, payout_id: int, submission: uuid.UUID | None = None
) -> tuple[Cheque, bool]:
    """The next cheque number for a released cheque payout, once per form key."""
    desk(user, what="issue a cheque")

    def attempt() -> Cheque:
        return _issue_cheque(user=user, payout_id=payout_id)

    try:
        return created_once(user, submission, attempt)
    except NotPossible as exc:
        # Recorded after the form key's transaction rolled back, so the refusal stays.
        _record_refusal(user, what="issue a cheque", rule=exc.rule, person_id=exc.person_id)
        raise


def _cheque_step(
    *,
    user: Any,
    cheque_id: int,
    what: str,
    allowed_from: tuple[str, ...],
    fields: dict[str, Any],
    payout_status: str,
) -> Cheque:
    """Moves a cheque on (`fields`) and its payout to `payout_status`, under row locks, for a
    desk of the deciding agency only and from the statuses `allowed_from`; audited."""
    agency, purpose = desk(user, what=what)

    def step() -> Cheque:
        cheque = (
            Cheque.objects.select_for_update(of=("self",))
            .select_related("payout__decision__person")
            .get(pk=cheque_id)
        )
        payout = Payout.objects.select_for_update().get(pk=cheque.payout_id)
        person_id = cheque.payout.decision.person_id
        if cheque.payout.decision.agency_id != agency.pk:
            raise NotPossible(
                _("Only a desk of the deciding agency may do this."),
                "other agency",
                person_id=person_id,
            )
        if cheque.status not in allowed_from:
            raise NotPossible(
                _("Cheque %(number)s is %(status)s: this step does not apply.")
                % {"number": cheque, "status": cheque.get_status_display()},
                f"cheque {cheque.status}",
                person_id=person_id,
            )
        _held(user, cheque.payout.decision.person, agency, purpose)
        for name, value in fields.items():
            setattr(cheque, name, value)
        if payout.status != payout_status:
            _change(payout, status=payout_status)
        cheque.full_clean()
        cheque.save(update_fields=list(fields))
        audit(
            user=user,
            action=Action.UPDATE,
            purpose=purpose,
            person_id=person_id,
            categories=BENEFITS,
            detail={"cheque": cheque.number, "status": cheque.status, "payout": payout.pk},
        )
        return cheque

    return _refusing(user, what, step)


def hand_over(*, user: Any, cheque_id: int, confirmation: str) -> Cheque:
    """The cheque is in the person's hands; how they confirmed receipt is on record."""
    confirmation = confirmation.strip()
    if not confirmation:
        raise ValidationError({"confirmation": _("Say how the recipient confirmed receipt.")})

    return _cheque_step(
        user=user,
        cheque_id=cheque_id,
        what="hand over a cheque",
        allowed_from=(Cheque.Status.ISSUED,),
        fields={
            "status": Cheque.Status.HANDED_OVER,
            "handed_over_by": user,
            "handed_over_at": timezone.now(),
            "confirmation": confirmation,
        },
        payout_status=Payout.Status.EXPORTED,
    )


def mark_cashed(*, user: Any, cheque_id: int) -> Cheque:
    return _cheque_step(
        user=user,
        cheque_id=cheque_id,
        what="mark a cheque cashed",
        allowed_from=(Cheque.Status.HANDED_OVER,),
        fields={"status": Cheque.Status.CASHED, "cashed_by": user, "cashed_at": timezone.now()},
        payout_status=Payout.Status.EXECUTED,
    )


def cancel_cheque(*, user: Any, cheque_id: int, reason: str) -> Cheque:
    """A cheque not yet cashed is void (spoilt, lost, stopped); it keeps its number in the log
    and the payout may get a new cheque."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the cheque is cancelled.")})

    # The payout goes back to released, for a new cheque.
    return _cheque_step(
        user=user,
        cheque_id=cheque_id,
        what="cancel a cheque",
        allowed_from=(Cheque.Status.ISSUED, Cheque.Status.HANDED_OVER),
        fields={
            "status": Cheque.Status.CANCELLED,
            "cancelled_by": user,
            "cancelled_at": timezone.now(),
            "cancel_reason": reason,
        },
        payout_status=Payout.Status.RELEASED,
    )


# --- The day's cheque list ---------------------------------------------------------------------


@dataclass
class DayList:
    day: date
    cheques: list[Cheque]
    names: set[int]
    issued: Figure
    handed_over: Figure
    cancelled: Figure
    still_open: Figure
    first: int | None
    last: int | None

    @property
    def balances(self) -> bool:
        """Issued = handed over (cashed included) + cancelled + still open, in number and sum,
        and the numbers of the day run without a gap."""
        parts = (self.handed_over, self.cancelled, self.still_open)
        gapless = self.first is None or (
            self.last is not None and self.last - self.first + 1 == self.issued.count
        )
        return (
            gapless
            and self.issued.count == sum(p.count for p in parts)
            and self.issued.amount == sum((p.amount for p in parts), Decimal("0"))
        )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def day_list(*, user: Any, day: date) -> DayList:
    """Every cheque of the centre issued on `day`, by number, and how they stand now."""
    agency, purpose = desk(user, what="day's cheque list")
    start, end = day_bounds(day)
    with transaction.atomic():
        cheques = list(
            Cheque.objects.filter(issued_at__gte=start, issued_at__lt=end)
            .select_related("payout__decision__person", "payout__decision__agency")
            .order_by("number")
        )
        own = [
            c.payout.decision.person for c in cheques if c.payout.decision.agency_id == agency.pk
        ]
        names = _identities(user, own, purpose, "day's cheque list")
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=None,
            categories=[Category.IDENTITY, *BENEFITS],
            detail={"payouts": "day's cheque list", "day": day.isoformat(), "shown": sorted(names)},
        )

    def figure(label: Any, statuses: Iterable[str] | None) -> Figure:
        rows = [c for c in cheques if statuses is None or c.status in statuses]
        return Figure(label, len(rows), sum((c.amount for c in rows), Decimal("0.00")))

    return DayList(
        day=day,
        cheques=cheques,
        names=names,
        issued=figure(_("issued"), None),
        handed_over=figure(
            _("handed over (cashed included)"), (Cheque.Status.HANDED_OVER, Cheque.Status.CASHED)
        ),
        cancelled=figure(_("cancelled"), (Cheque.Status.CANCELLED,)),
        still_open=figure(_("still open"), (Cheque.Status.ISSUED,)),
        first=cheques[0].number if cheques else None,
        last=cheques[-1].number if cheques else None,
    )


# --- The printed cheque ----------------------------------------------------------------------


@dataclass
class PrintedCheque:
    cheque: Cheque
    person: Person
    account: PayingAccount | None


def cheque_to_print(*, user: Any, cheque_id: int) -> PrintedCheque:
    """A cheque of the user's agency to print for its payee: issued or handed over (a
    cancelled, cashed one is not printed again); the payee's identity and the agency's benefit
    data decided, and the print recorded as an export."""
    agency, purpose = desk(user, what="print a cheque")

    def step() -> PrintedCheque:
        cheque = Cheque.objects.select_related(
            "payout__decision__person", "payout__decision__agency", "issued_by"
        ).get(pk=cheque_id)
        decision = cheque.payout.decision
        if decision.agency_id != agency.pk:
            raise NotPossible(
                _("Only a desk of the deciding agency may do this."),
                "other agency",
                person_id=decision.person_id,
            )
        if cheque.status not in (Cheque.Status.ISSUED, Cheque.Status.HANDED_OVER):
            raise NotPossible(
                _("Cheque %(number)s is %(status)s: this step does not apply.")
                % {"number": cheque, "status": cheque.get_status_display()},
                f"cheque {cheque.status}",
                person_id=decision.person_id,
            )
        _held(user, decision.person, agency, purpose)
        audit(
            user=user,
            action=Action.EXPORT,
            purpose=purpose,
            person_id=decision.person_id,
            categories=[Category.IDENTITY, *BENEFITS],
            detail={"payouts": "cheque printed", "cheque": cheque.number},
        )
        account = PayingAccount.objects.filter(agency=agency).first()
        return PrintedCheque(cheque, decision.person, account)

    return _refusing(user, "print a cheque", step)
