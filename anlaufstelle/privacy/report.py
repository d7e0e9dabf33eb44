"""The access report of Art. 15 GDPR: for one person, in their language, the data each agency
holds by category, what for and from where, who received them (from the audit trail), how long
they are kept, and the person's consents.

The data-protection officer produces it (purpose: data-protection review); the same access
decision applies, so sealed data show only that they exist and which agency answers for them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.cases.models import Case, CaseDocument, Conference, Note, Referral, Task
from anlaufstelle.core.categories import CATEGORY_CONTENTS, Category
from anlaufstelle.core.languages import UI_LANGUAGE_CODES, language_names
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Person
from anlaufstelle.people.services import pace, person_for_change
from anlaufstelle.people.services.base import (
    audit,
    categories_of,
    checked_purpose,
    declared_categories,
    filled_fields,
    permitted,
)
from anlaufstelle.privacy import consents as consent_rows
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy.decision import Decision
from anlaufstelle.privacy.models import RetentionRule
from anlaufstelle.privacy.services import basis_words

# The registry's rows of a person besides the person row itself, by related name.
ENTRY_RELATIONS = ("schooling", "qualifications", "work_experience", "language_skills", "documents")


@dataclass
class Held:
    """One category of the person's data as one agency holds it."""

    category: str
    label: str
    contents: str
    holder: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    shown: bool = True
    retention: str = ""


@dataclass
class Transfer:
    """Reads by one agency under one basis, of the same categories, taken together."""

    agency: str
    categories: list[str]
    basis: str
    first: datetime
    last: datetime
    count: int


@dataclass
class Report:
    person: Person
    language: str
    generated_at: datetime
    held: list[Held]
    purposes: list[str]
    sources: list[tuple[str, date, int]]
    transfers: list[Transfer]
    consents: list[consent_rows.ConsentRow]


def _shown(instance: models.Model, name: str) -> str:
    value = getattr(instance, name)
    if hasattr(value, "code") and hasattr(value, "name"):
        return str(value.name)  # a country
    if hasattr(value, "__iter__") and not isinstance(value, str | list | dict):
        return ", ".join(str(country.name) for country in value)  # countries
    choices = getattr(instance._meta.get_field(name), "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if name == "languages":
        return language_names(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _label(instance: models.Model, name: str) -> str:
    return str(getattr(instance._meta.get_field(name), "verbose_name", name))


def _rows_by_category(person: Person) -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    declared = declared_categories(person)
    for name in filled_fields(person):
        rows[str(declared[name])].append((_label(person, name), _shown(person, name)))
    for relation in ENTRY_RELATIONS:
        for entry in getattr(person, relation).all():
            # An entry's fields share one category (a document's follows its kind).
            category = min(categories_of(entry))
            text = "; ".join(
                f"{_label(entry, name)}: {_shown(entry, name)}" for name in filled_fields(entry)
            )
            rows[category].append((str(entry._meta.verbose_name), text))
    return rows


def _transfers(entries: list[AuditEntry]) -> list[Transfer]:
    """Reads of data another agency held (the registry's and the case file's), grouped."""
    grouped: dict[tuple[str, tuple[str, ...], str], list[datetime]] = defaultdict(list)
    for entry in entries:
        detail = entry.detail or {}
        answers = [detail.get("access") or {}, *(detail.get("case_access") or {}).values()]
        moved: dict[str, set[str]] = defaultdict(set)
        for record in answers:
            for category, answer in record.items():
                if isinstance(answer, dict) and answer.get("transfer"):
                    words = _in_words(str(answer.get("basis", "")), str(answer.get("citation", "")))
                    moved[words].add(category)
        for basis, categories in moved.items():
            grouped[(entry.agency, tuple(sorted(categories)), basis)].append(entry.at)
    labels = dict(Category.choices)
    return [
        Transfer(
            agency=agency or _("unknown agency"),
            categories=[str(labels.get(c, c)) for c in categories],
            basis=basis,
            first=min(times),
            last=max(times),
            count=len(times),
        )
        for (agency, categories, basis), times in sorted(
            grouped.items(), key=lambda item: min(item[1])
        )
    ]


def _referrals(person: Person) -> list[Transfer]:
    """What a referral passed to another agency: its categories, on the bases it named."""
    labels = dict(Category.choices)
    found = []
    for referral in Referral.objects.filter(case__person=person).select_related("to_agency"):
        bases = sorted(
            {
                _in_words(str(b.get("basis", "")), str(b.get("citation", "")))
                for b in referral.bases.values()
                if isinstance(b, dict) and b.get("basis") != "own"
            }
        )
        found.append(
            Transfer(
                agency=referral.to_agency.name,
                categories=[str(labels.get(c, c)) for c in referral.categories],
                basis="; ".join(bases) or _("referral"),
                first=referral.requested_at,
                last=referral.requested_at,
                count=1,
            )
        )
    return found


def _in_words(basis: str, citation: str) -> str:
    # Said to the person: their own consent is "your consent".
    kind, _sep, number = basis.partition(":")
    if kind == "consent":
        return _("your consent no. %(number)s") % {"number": number}
    return basis_words(basis, citation)


@transaction.atomic
def access_report(*, user: Any, person_id: int, language: str | None, form: str) -> Report:
    """Everything the report shows, read in one transaction, in `language` or else the first
    UI language the person speaks; its generation is recorded."""
    purpose = checked_purpose(user, Purpose.REVIEW, write=False)
    pace.check_person(user, person_id)
    person = person_for_change(person_id=person_id)
    decision = permitted(
        user=user, person=person, categories=list(Category), purpose=purpose, whole=False
    )
    case_rows = _case_rows(person)
    held: dict[Agency, set[str]] = defaultdict(set)
    for agency, category in case_rows:
        held[agency].add(category)
    case_decisions = access.decide_held(user=user, person=person, held=dict(held), purpose=purpose)
    language = language or language_of(person)
    with translation.override(language):
        report = _report(person, decision, case_rows, case_decisions, language)
    audit(
        user=user,
        action=Action.EXPORT,
        purpose=purpose,
        person_id=person.pk,
        categories=sorted(decision.allowed),
        detail={
            "document": "access_report",
            "format": form,
            "language": language,
            "access": decision.record(),
            "case_access": {agency.code: case_decisions[agency.pk].record() for agency in held},
        },
    )
    return report


def language_of(person: Person) -> str:
    """The first UI language the person speaks, else German."""
    spoken = [code for code in person.languages or [] if code in UI_LANGUAGE_CODES]
    return spoken[0] if spoken else "de"


def _case_rows(person: Person) -> dict[tuple[Agency, str], list[tuple[str, str]]]:
    """The case file's data of the person, by the agency that holds them and category."""
    rows: dict[tuple[Agency, str], list[tuple[str, str]]] = defaultdict(list)
    cases = list(Case.objects.filter(person=person).select_related("lead"))
    for case in cases:
        rows[(case.lead, Category.IDENTITY.value)].append(
            (str(_("Case")), f"{case.title} ({case.opened_at:%d.%m.%Y})")
        )
    for task in Task.objects.filter(case__in=cases).select_related("agency"):
        rows[(task.agency, Category.IDENTITY.value)].append(
            (str(_("Task")), f"{task.title} · {task.get_status_display()}")
        )
    for note in Note.objects.filter(case__in=cases).select_related("agency"):
        label = _("Note of %(date)s") % {"date": f"{note.created_at:%d.%m.%Y}"}
        rows[(note.agency, note.category)].append((str(label), note.text))
    for document in CaseDocument.objects.filter(case__in=cases).select_related("agency"):
        rows[(document.agency, document.category)].append(
            (str(_("Document")), f"{document.title} ({document.content_type})")
        )
    for conference in Conference.objects.filter(case__in=cases).select_related("agency"):
        label = _("Case conference of %(date)s") % {"date": f"{conference.held_on:%d.%m.%Y}"}
        rows[(conference.agency, conference.category)].append(
            (str(label), f"{conference.agenda}\n{conference.minutes}".strip())
        )
    return rows


def _held(
    holder: Agency | None,
    category: Category,
    rows: list[tuple[str, str]],
    shown: bool,
    retention: dict[str, RetentionRule],
) -> Held:
    rule = retention.get(category.value)
    period = (
        _("%(months)s months from %(start)s (%(citation)s)")
        % {"months": rule.months, "start": rule.get_start_display(), "citation": rule.citation}
        if rule
        else ""
    )
    return Held(
        category=category.value,
        label=str(category.label),
        contents=str(CATEGORY_CONTENTS[category]),
        holder=holder.name if holder is not None else _("the welcome centre"),
        rows=rows if shown else [],
        shown=shown,
        retention=period,
    )


def _report(
    person: Person,
    decision: Decision,
    case_rows: dict[tuple[Agency, str], list[tuple[str, str]]],
    case_decisions: dict[int, Decision],
    language: str,
) -> Report:
    holder = person.registered_by
    retention_of: dict[str | None, dict[str, RetentionRule]] = {}

    def retention(agency: Agency | None) -> dict[str, RetentionRule]:
        kind = agency.kind if agency is not None else None
        if kind not in retention_of:
            retention_of[kind] = RetentionRule.for_kind(kind)
        return retention_of[kind]

    registry = _rows_by_category(person)
    held = [
        _held(holder, category, registry[category.value], category.value in decision.allowed,
              retention(holder))
        for category in Category
        if registry.get(category.value)
    ]  # fmt: skip
    order = list(Category)
    for (agency, category), rows in sorted(
        case_rows.items(), key=lambda item: (item[0][0].name, order.index(Category(item[0][1])))
    ):
        shown = category in case_decisions[agency.pk].allowed
        held.append(_held(agency, Category(category), rows, shown, retention(agency)))
    entries = list(AuditEntry.objects.filter(person_ref=person.pk).order_by("seq"))
    purposes = sorted(
        {str(Purpose(e.purpose).label) for e in entries if e.purpose in Purpose.values}
    )
    written: dict[str, list[datetime]] = defaultdict(list)
    for e in entries:
        if e.action in (Action.CREATE, Action.UPDATE, Action.MERGE) and e.agency:
            written[e.agency].append(e.at)
    sources = [
        (agency, timezone.localtime(min(times)).date(), len(times))
        for agency, times in sorted(written.items(), key=lambda item: min(item[1]))
    ]
    reads = [e for e in entries if e.action in (Action.READ, Action.EXPORT, Action.SEARCH)]
    return Report(
        person=person,
        language=language,
        generated_at=timezone.now(),
        held=held,
        purposes=purposes,
        sources=sources,
        transfers=_transfers(reads) + _referrals(person),
        consents=consent_rows.rows(person),
    )
