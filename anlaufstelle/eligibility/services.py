"""Screening the registry with the rules engine, a person's perspectives, and recording the
facts the foreigners authority holds. Every read goes through the access decision and into the
audit trail: the screening reads the residence data of everyone it lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import desk_agency
from anlaufstelle.core.submissions import created_once
from anlaufstelle.eligibility.facts import facts_of
from anlaufstelle.eligibility.models import Conviction, LastOutcome, RecordedFacts
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Document, Person
from anlaufstelle.people.services.base import (
    audit,
    audited_update,
    categories_of,
    checked_purpose,
    permitted,
    record_withheld,
)
from anlaufstelle.people.services.entries import create_audited
from anlaufstelle.privacy import services as access
from anlaufstelle.rules import Result, RuleSet, evaluate, load_rules

# The screening is the foreigners authority's task (Dresden's "Perspektive Bleiberecht"): it
# reads residence files to find titles, which §§ 86, 87 AufenthG leave to that authority.
TITLES = (
    "aufenthg-25a",
    "aufenthg-25b",
    "aufenthg-104c",
    "aufenthg-60c",
    "aufenthg-60d",
    "aufenthg-19d",
    "aufenthg-16g",
)
OPEN = ("eligible", "not_yet", "unknown")
SCREENED = [Category.IDENTITY, Category.RESIDENCE, Category.BIOGRAPHY]
MAX_PEOPLE = 2000


def rules() -> RuleSet:
    return load_rules(settings.RULES_DIR or None)


def may_screen(user: Any) -> bool:
    return desk_agency(user, Agency.Kind.FOREIGNERS_AUTHORITY) is not None


def refuse_unless_screener(user: Any) -> None:
    """Refused, and recorded, unless a desk of the foreigners authority asks. A user with no
    purpose to read the registry at all (a coordinator) is refused before anything."""
    purpose = checked_purpose(user, None, write=False)
    if may_screen(user):
        return
    audit(
        user=user,
        action=Action.REFUSED,
        purpose=purpose,
        person_id=None,
        categories=[Category.RESIDENCE],
        detail={"screening": "not a desk of the foreigners authority"},
    )
    raise PermissionDenied


@dataclass
class Row:
    person: Person
    results: list[Result]
    deadline: date | None
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # rule, before, now


@dataclass
class Screening:
    on: date
    rows: list[Row]
    read: int  # tolerated people found, before the access decision
    withheld: int
    digest: str
    changed: list[Row]


def _tolerated(on: date) -> list[Person]:
    """People with a Duldung or a § 104c permit valid on the day (or of unknown end)."""
    valid = Q(documents__valid_until__isnull=True) | Q(documents__valid_until__gte=on)
    held = Q(documents__kind=Document.Kind.DULDUNG) | Q(
        documents__kind=Document.Kind.RESIDENCE_PERMIT, documents__legal_basis__contains="104c"
    )
    return list(
        Person.objects.filter(merged_into=None)
        .filter(held & valid)
        .distinct()
        .prefetch_related(
            "documents",
            "language_skills",
            "schooling",
            "work_experience",
            "qualifications",
            "convictions",
        )
        .order_by("pk")[:MAX_PEOPLE]
    )


def screen(user: Any, *, on: date, rule: str | None = None) -> Screening:
    """The tolerated people with a title open or not yet decided, the nearest deadline first;
    with the people whose outcome changed since the rules did (stored per person and rule)."""
    refuse_unless_screener(user)
    purpose = checked_purpose(user, None, write=False)
    ruleset = rules()
    found = _tolerated(on)
    decided = access.decide_many(user=user, people=found, categories=SCREENED, purpose=purpose)
    needed = {Category.IDENTITY, Category.RESIDENCE}
    shown = [p for p in found if needed <= set(decided[p.pk].allowed)]
    rows = []
    with transaction.atomic():
        stored = {
            (o.person_id, o.rule): o
            for o in LastOutcome.objects.select_for_update().filter(person__in=shown)
        }
        for person in shown:
            facts = facts_of(person, on, set(decided[person.pk].allowed))
            results = [r for r in evaluate(facts, on, ruleset) if r.rule in TITLES]
            row = Row(person, results, None)
            for result in results:
                before = stored.get((person.pk, result.rule))
                if (
                    before is not None
                    and before.digest != ruleset.digest
                    and before.outcome != result.outcome
                ):
                    row.changed.append((result.rule, before.outcome, result.outcome))
                _store(person, result, ruleset.digest, before)
            row.results = [r for r in results if r.outcome in OPEN and (not rule or r.rule == rule)]
            deadlines = [d for r in row.results for d in (r.deadline, r.eligible_from) if d]
            row.deadline = min(deadlines, default=None)
            if row.results or row.changed:
                rows.append(row)
    rows.sort(key=lambda r: (r.deadline is None, r.deadline or on, r.person.pk))
    audit(
        user=user,
        action=Action.SEARCH,
        purpose=purpose,
        person_id=None,
        categories=SCREENED,
        detail={
            "screening": on.isoformat(),
            "rule": rule or "",
            "rules digest": ruleset.digest,
            "shown": [r.person.pk for r in rows],
            "withheld": len(found) - len(shown),
        },
    )
    if len(found) > len(shown):
        record_withheld(
            user=user,
            purpose=purpose,
            withheld=[p for p in found if p not in shown],
            needed=needed,
            decided=decided,
            detail={"screening": on.isoformat()},
        )
    changed = [r for r in rows if r.changed]
    return Screening(on, rows, len(found), len(found) - len(shown), ruleset.digest, changed)


def _store(person: Person, result: Result, digest: str, before: LastOutcome | None) -> None:
    values = {
        "outcome": result.outcome,
        "eligible_from": result.eligible_from,
        "digest": digest,
        "screened_at": timezone.now(),
    }
    if before is None:
        LastOutcome.objects.create(person=person, rule=result.rule, **values)
    else:
        LastOutcome.objects.filter(pk=before.pk).update(**values)


def perspectives(user: Any, person: Person, *, on: date) -> list[Result]:
    """Every rule's result for one person, the residence file read as the decision allows
    (refused, and recorded, if it does not); the read recorded with the rules' digest."""
    purpose = checked_purpose(user, None, write=False)
    decision = permitted(user=user, person=person, categories=[Category.RESIDENCE], purpose=purpose)
    allowed = set(decision.allowed)
    if (
        Category.BIOGRAPHY
        in access.decide(
            user=user, person=person, categories=[Category.BIOGRAPHY], purpose=purpose
        ).allowed
    ):
        allowed.add(Category.BIOGRAPHY)
    ruleset = rules()
    results = evaluate(facts_of(person, on, allowed), on, ruleset)
    audit(
        user=user,
        action=Action.READ,
        purpose=purpose,
        person_id=person.pk,
        categories=sorted(allowed),
        detail={"perspectives": on.isoformat(), "rules digest": ruleset.digest},
    )
    return results


def facts_for_edit(user: Any, person: Person) -> RecordedFacts:
    """The recorded facts for the form: a read of residence data, decided and recorded."""
    refuse_unless_screener(user)
    purpose = checked_purpose(user, None, write=False)
    permitted(user=user, person=person, categories=[Category.RESIDENCE], purpose=purpose)
    audit(
        user=user,
        action=Action.READ,
        purpose=purpose,
        person_id=person.pk,
        categories=[Category.RESIDENCE],
        detail={"entry": "recorded facts"},
    )
    return RecordedFacts.objects.filter(person=person).first() or RecordedFacts(person=person)


@transaction.atomic
def record_facts(
    *, user: Any, person: Person, data: dict[str, Any], expected_version: int
) -> list[str]:
    """Write what the foreigners authority recorded, over the version the edit began from
    (`EditConflict` otherwise); the change is decided and recorded as any residence entry."""
    refuse_unless_screener(user)
    row, created = RecordedFacts.objects.get_or_create(person=person)
    return audited_update(
        user=user,
        instance=row,
        data=data,
        purpose=None,
        detail={"entry": "recorded facts", "created": created},
        expected_version=expected_version,
    )


def convictions_for_edit(person: Person) -> list[Conviction]:
    """The person's recorded convictions, for the facts page (read with the facts)."""
    return list(Conviction.objects.filter(person=person))


@transaction.atomic
def _add_conviction(*, user: Any, person: Person, data: dict[str, Any]) -> Conviction:
    refuse_unless_screener(user)
    purpose = checked_purpose(user, None, write=True)
    row = create_audited(
        user=user,
        person=person,
        row=Conviction(person=person),
        data=data,
        purpose=purpose,
        label="conviction",
    )
    recorded = RecordedFacts.objects.filter(person=person, no_convictions=True).first()
    if recorded is not None:  # "no conviction" is no longer true
        audited_update(
            user=user,
            instance=recorded,
            data={"no_convictions": False},
            purpose=None,
            detail={"entry": "recorded facts", "conviction": row.pk},
        )
    return row


def add_conviction(
    *, user: Any, person: Person, data: dict[str, Any], submission: Any = None
) -> tuple[Conviction, bool]:
    """Record a conviction, once per form key (a form sent twice records it once: False)."""

    def attempt() -> Conviction:
        return _add_conviction(user=user, person=person, data=data)

    return created_once(user, submission, attempt)


@transaction.atomic
def delete_conviction(*, user: Any, person: Person, conviction_id: int) -> bool:
    """Remove a recorded conviction (e.g. one recorded in error or struck from the register);
    False when it was gone already, e.g. removed from another desk."""
    refuse_unless_screener(user)
    purpose = checked_purpose(user, None, write=True)
    row = Conviction.objects.select_for_update().filter(person=person, pk=conviction_id).first()
    if row is None:
        return False
    categories = categories_of(row)
    permitted(user=user, person=person, categories=categories, purpose=purpose)
    row.delete()
    audit(
        user=user,
        action=Action.DELETE,
        purpose=purpose,
        person_id=person.pk,
        categories=categories,
        detail={"entry": "conviction", "entry_id": conviction_id},
    )
    return True
