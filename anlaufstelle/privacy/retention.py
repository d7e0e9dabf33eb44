"""The retention schedule applied (Art. 5(1)(e), 17 GDPR; § 84 SGB X): what of each person is
due for erasure under the rules (`RetentionRule`), and the erasure itself.

A category of a person's data is due when its rule's months have passed since the rule's start:
the person's registration, or the last contact with them (the latest change to their record, a
ticket in the hall, an entry in one of their cases). When every category the person has data
in is due, the person is erased as a whole: their record and all that hangs on it (search keys,
biography, documents, consents, releases, requests, cases with their notes, files, tasks,
referrals and conferences, records merged into theirs and the merge history); their tickets in
the hall keep no link to them. Otherwise only what is due goes, except the identity, which
stays while anything else of the person is kept: the record's fields of a due category are
emptied, and its entries and the case notes, documents and minutes of that category deleted. A
legal hold in force keeps the person whole. Each erasure is written to the audit trail, which
names categories and counts, never content.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.cases import files
from anlaufstelle.cases.models import Case, CaseDocument, Conference, Note, Task
from anlaufstelle.core.categories import TECHNICAL_FIELDS, Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.hall.models import Visit
from anlaufstelle.payouts.models import BenefitDecision, Cheque, Payout
from anlaufstelle.people.models import Person
from anlaufstelle.people.services.base import (
    ENTRY_MODELS,
    categories_of,
    declared_categories,
    filled_fields,
)
from anlaufstelle.privacy.models import LegalHold, RetentionRule


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass
class Plan:
    """What is due of one person: everything (`whole`), or the data of these categories held
    by agencies of these kinds (`due`: kind, category)."""

    person_id: int
    last_contact: datetime
    whole: bool
    due: set[tuple[str | None, str]] = field(default_factory=set)
    held: bool = False

    @property
    def nothing(self) -> bool:
        return not self.whole and not self.due

    @property
    def categories(self) -> list[str]:
        return sorted({category for _kind, category in self.due})


class Rules:
    """The rule for a category by the kind of the holding agency, looked up once."""

    def __init__(self) -> None:
        self.by_kind: dict[str | None, dict[str, RetentionRule]] = {}

    def __call__(self, kind: str | None, category: str) -> RetentionRule | None:
        if kind not in self.by_kind:
            self.by_kind[kind] = RetentionRule.for_kind(kind)
        return self.by_kind[kind].get(category)


def _due(rule: RetentionRule | None, person: Person, last: datetime, now: datetime) -> bool:
    if rule is None:
        return False  # no period configured: kept until a rule says otherwise
    start = person.created_at if rule.start == RetentionRule.Start.REGISTRATION else last
    return add_months(start, rule.months) <= now


def last_contacts(people: list[Person]) -> dict[int, datetime]:
    """The latest of: the record's last change, a ticket in the hall, an entry in a case."""
    ids = [p.pk for p in people]
    latest = {p.pk: max(p.updated_at, p.created_at) for p in people}

    def later(rows: Any) -> None:
        for pk, at in rows:
            if at is not None and at > latest[pk]:
                latest[pk] = at

    later(Visit.objects.filter(person_id__in=ids).values("person_id").annotate(m=Max("created"))
          .values_list("person_id", "m"))  # fmt: skip
    later(Case.objects.filter(person_id__in=ids).values("person_id").annotate(m=Max("opened_at"))
          .values_list("person_id", "m"))  # fmt: skip
    for model, stamp in ((Note, "created_at"), (Task, "created_at"),
                         (CaseDocument, "uploaded_at"), (Conference, "created_at")):  # fmt: skip
        later(model.objects.filter(case__person_id__in=ids).values("case__person_id")
              .annotate(m=Max(stamp)).values_list("case__person_id", "m"))  # fmt: skip
    return latest


def _registry_categories(person: Person) -> set[str]:
    held = categories_of(person, filled_fields(person))
    for model in ENTRY_MODELS.values():
        for entry in model.objects.filter(person_id=person.pk):
            held |= categories_of(entry)
    return held


def _remove_files(names: list[str]) -> None:
    for name in names:
        files.remove(name)


def _holder_kind(person: Person) -> str | None:
    return person.registered_by.kind if person.registered_by is not None else None


def plan(person: Person, last: datetime, now: datetime, rules: Rules) -> Plan:
    """What of `person` is due at `now`."""
    holder = _holder_kind(person)
    held: set[tuple[str | None, str]] = {(holder, c) for c in _registry_categories(person)}
    for model in (Note, CaseDocument, Conference):
        rows = model.objects.filter(case__person_id=person.pk).values_list(
            "agency__kind", "category"
        )
        held |= set(rows)
    if Case.objects.filter(person_id=person.pk).exists():
        held.add((holder, Category.IDENTITY.value))
    # Benefit decisions and their payouts are the deciding agency's benefits data.
    for kind in BenefitDecision.objects.filter(person_id=person.pk).values_list(
        "agency__kind", flat=True
    ):
        held.add((kind, Category.BENEFITS.value))
    due = {(kind, c) for kind, c in held if _due(rules(kind, c), person, last, now)}
    on_hold = LegalHold.objects.in_force(now).filter(person_id=person.pk).exists()
    if held and due == held:
        return Plan(person.pk, last, whole=True, due=due, held=on_hold)
    # The identity stays while anything else of the person is kept.
    due = {(kind, c) for kind, c in due if c != Category.IDENTITY}
    return Plan(person.pk, last, whole=False, due=due, held=on_hold)


def due(now: datetime | None = None, *, limit: int | None = None) -> list[Plan]:
    """Everyone of whom something is due, whether or not a hold keeps them."""
    now = now or timezone.now()
    rules = Rules()
    found: list[Plan] = []
    people = Person.objects.filter(merged_into__isnull=True).select_related("registered_by")
    # Only someone unchanged for the shortest period can be due (the last contact is never
    # before the record's last change), so the rest is not looked at person by person.
    shortest = {
        start: RetentionRule.objects.filter(start=start).aggregate(m=Min("months"))["m"]
        for start in RetentionRule.Start.values
    }
    if shortest[RetentionRule.Start.LAST_CONTACT] is None and (
        shortest[RetentionRule.Start.REGISTRATION] is None
    ):
        return []
    candidates = Q()
    if shortest[RetentionRule.Start.LAST_CONTACT] is not None:
        cutoff = add_months(now, -shortest[RetentionRule.Start.LAST_CONTACT])
        candidates |= Q(updated_at__lte=cutoff)
    if shortest[RetentionRule.Start.REGISTRATION] is not None:
        cutoff = add_months(now, -shortest[RetentionRule.Start.REGISTRATION])
        candidates |= Q(created_at__lte=cutoff)
    people = people.filter(candidates)
    batch: list[Person] = []

    def run(batch: list[Person]) -> None:
        contacts = last_contacts(batch)
        for person in batch:
            result = plan(person, contacts[person.pk], now, rules)
            if not result.nothing:
                found.append(result)

    for person in people.order_by("pk").iterator(chunk_size=500):
        batch.append(person)
        if len(batch) == 500:
            run(batch)
            batch = []
        if limit is not None and len(found) >= limit:
            break
    if batch:
        run(batch)
    return found


# --- Erasure ---------------------------------------------------------------------------------


def _record(plan: Plan, detail: dict[str, Any]) -> None:
    record(
        actor=Actor(user_id=None, username="retention", agency="", roles=""),
        action=Action.DELETE,
        purpose=Purpose.RETENTION,
        person_id=plan.person_id,
        categories=plan.categories,
        detail={"retention": detail, "last_contact": plan.last_contact.isoformat()},
    )


@transaction.atomic
def erase_whole(plan: Plan) -> dict[str, Any]:
    """The person and all that hangs on them, in one transaction; the files after it commits
    (a rollback keeps them)."""
    person = Person.objects.select_for_update().get(pk=plan.person_id)
    ids = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    names = list(CaseDocument.objects.filter(case__person_id__in=ids)
                 .values_list("stored_as", flat=True))  # fmt: skip
    categories = sorted(_registry_categories(person))
    household = getattr(getattr(person, "membership", None), "household", None)
    Visit.objects.filter(person_id__in=ids).update(person=None)
    # Payment records point at the person and protect them: they go first, cheques before
    # their payouts before the decisions. A transfer file already made keeps its XML (the
    # bank's record of the payment).
    Cheque.objects.filter(payout__decision__person_id__in=ids).delete()
    Payout.objects.filter(decision__person_id__in=ids).delete()
    BenefitDecision.objects.filter(person_id__in=ids).delete()
    Person.objects.filter(merged_into=person).delete()
    person.delete()  # cascades: name keys, entries, consents, cases, merges, membership
    if household is not None and not household.members.exists():
        household.delete()
    transaction.on_commit(partial(_remove_files, names))
    detail = {"whole": True, "categories": categories, "records": len(ids), "files": len(names)}
    _record(plan, detail)
    return detail


@transaction.atomic
def erase_categories(plan: Plan) -> dict[str, Any]:
    """Only what is due: the record's fields emptied and entries deleted where the registry's
    holder's rule is due; case items where the rule of the agency that holds them is."""
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("registered_by")
        .get(pk=plan.person_id)
    )
    holder = _holder_kind(person)
    registry = {c for kind, c in plan.due if kind == holder}
    emptied = [
        name
        for name, category in declared_categories(person).items()
        if str(category) in registry and name not in TECHNICAL_FIELDS
    ]
    for name in emptied:
        setattr(person, name, Person._meta.get_field(name).get_default())  # type: ignore[union-attr]
    if emptied:
        person.version += 1
        person.save()
    entries = 0
    for entry_model in ENTRY_MODELS.values():
        for entry in entry_model.objects.filter(person_id=person.pk):
            if categories_of(entry) & registry:
                entry.delete()
                entries += 1
    items = 0
    names: list[str] = []
    for model in (Note, CaseDocument, Conference):
        for item in model.objects.filter(case__person_id=person.pk).select_related("agency"):
            if (item.agency.kind, item.category) in plan.due:
                if isinstance(item, CaseDocument):
                    names.append(item.stored_as)
                item.delete()
                items += 1
    transaction.on_commit(partial(_remove_files, names))
    detail = {"whole": False, "categories": plan.categories, "fields": emptied,
              "entries": entries, "case_items": items}  # fmt: skip
    _record(plan, detail)
    return detail


@transaction.atomic
def _erase(person_id: int, now: datetime, rules: Rules) -> tuple[Plan, dict[str, Any]] | None:
    """Lock the person, decide again what is due (a desk may have seen them since the list was
    made, or a hold been placed) and erase that, in one transaction."""
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("registered_by")
        .filter(pk=person_id, merged_into__isnull=True)
        .first()
    )
    if person is None:
        return None  # erased or merged meanwhile
    fresh = plan(person, last_contacts([person])[person.pk], now, rules)
    if fresh.nothing or fresh.held:
        return None
    return fresh, erase_whole(fresh) if fresh.whole else erase_categories(fresh)


def apply(plans: list[Plan], now: datetime | None = None) -> list[tuple[Plan, dict[str, Any]]]:
    """Erase what is due, one person per transaction; those on hold are left as they are."""
    now = now or timezone.now()
    rules = Rules()
    done = []
    for item in plans:
        if item.held:
            continue
        erased = _erase(item.person_id, now, rules)
        if erased is not None:
            done.append(erased)
    return done
