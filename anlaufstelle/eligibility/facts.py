"""A person's facts for the rules engine (docs/rules-check.md), from the registry and what the
foreigners authority recorded (`RecordedFacts`). Only what the rows say: a fact they do not hold
stays absent, so that the engine answers "cannot tell" and names it (docs/eligibility.md has
the table of sources)."""

from __future__ import annotations

from datetime import date
from typing import Any

from anlaufstelle.core.categories import Category
from anlaufstelle.eligibility.models import FACTS, Conviction, RecordedFacts
from anlaufstelle.people.models import (
    Document,
    HouseholdMember,
    Person,
    Qualification,
    Recognition,
    Schooling,
    WorkExperience,
)

# Residence documents as the contract's statuses. The arrival certificate stands for the
# Aufenthaltsgestattung: the stay is permitted from its issue (§ 55 Abs. 1 AsylG).
STATUS_OF_DOCUMENT: dict[str, str] = {
    Document.Kind.DULDUNG: "duldung",
    Document.Kind.ARRIVAL_CERTIFICATE: "gestattung",
    Document.Kind.FIKTIONSBESCHEINIGUNG: "fiktion",
    Document.Kind.RESIDENCE_PERMIT: "permit",
}
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

# Passed on as they are; the share is a number, "no convictions" an empty list, and the
# training's four fields one object.
SCALARS = tuple(
    f
    for f in FACTS
    if f not in ("livelihood_share_from_work", "no_convictions") and not f.startswith("training_")
)
# School attendance in Germany by the registry's level; "no schooling" is no attendance.
SCHOOLING_KIND: dict[str, str] = {
    Schooling.Level.PRIMARY: "school",
    Schooling.Level.LOWER_SECONDARY: "school",
    Schooling.Level.UPPER_SECONDARY: "school",
    Schooling.Level.VOCATIONAL_SCHOOL: "vocational",
    Schooling.Level.UNIVERSITY: "university",
}
GERMANY = "DE"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _basis(legal_basis: str) -> str | None:
    """ "§ 24 AufenthG" → "§24": the contract names the norm, without the act."""
    text = legal_basis.replace(" ", "")
    if not text.startswith("§"):
        return None
    number = "".join(ch for ch in text[1:].split("Abs")[0] if ch.isalnum())
    return f"§{number.removesuffix('AufenthG')}" if number else None


def statuses(documents: list[Document], on: date) -> list[dict[str, Any]]:
    """One status per residence document with a known issue date (without it the start is
    unknown and the status is left out, not guessed). The newest of a kind that is still valid
    on the day lasts (`to` null): documents of a toleration are renewed, not ended."""
    found = [d for d in documents if d.kind in STATUS_OF_DOCUMENT and d.issued_on]
    found.sort(key=lambda d: d.issued_on or date.min)
    newest = found[-1] if found else None
    out = []
    for document in found:
        lasts = document is newest and (document.valid_until is None or document.valid_until >= on)
        out.append(
            {
                "kind": STATUS_OF_DOCUMENT[document.kind],
                "basis": _basis(document.legal_basis),
                "from": _iso(document.issued_on),
                "to": None if lasts else _iso(document.valid_until),
            }
        )
    return out


def facts_of(person: Person, on: date, allowed: set[str]) -> dict[str, Any]:
    """The facts of the categories the access decision opened (`allowed`); the rest absent."""
    facts: dict[str, Any] = {"pid": str(person.pk)}
    if Category.IDENTITY in allowed:
        facts["birth_date"] = _iso(person.birth_date)
        facts["children"] = _children(person)
    if Category.BIOGRAPHY in allowed:
        german = [s.level for s in person.language_skills.all() if s.language == "de"]
        if german and german[0] in CEFR:
            facts["german_level"] = german[0]
        facts["schooling"] = schooling(list(person.schooling.all()))
        facts["employment"] = employment(list(person.work_experience.all()))
        facts["qualification"] = qualifications(list(person.qualifications.all()))
    if Category.RESIDENCE in allowed:
        facts["statuses"] = statuses(list(person.documents.all()), on)
        recorded = RecordedFacts.objects.filter(person=person).first()
        if recorded is not None:
            facts.update(recorded_facts(recorded))
        convictions = list(person.convictions.all())
        if convictions:  # what is recorded in detail outweighs the yes/no
            facts["convictions"] = [conviction(c) for c in convictions]
    return {k: v for k, v in facts.items() if v is not None}


def _in_germany(rows: list[Any]) -> list[Any]:
    return [r for r in rows if _country(r) == GERMANY]


def _country(row: Any) -> str:
    # A CountryField reads back as a Country; its code is "" where none was given.
    return str(getattr(row.country, "code", row.country))


def _dropping_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def schooling(rows: list[Schooling]) -> list[dict[str, Any]] | None:
    """School attendance in Germany. Without any such entry the registry cannot tell "none"
    from "not recorded", so the fact stays unknown; an entry without its first day or success
    is passed on as such and the engine names what is missing."""
    found = [r for r in _in_germany(rows) if r.level in SCHOOLING_KIND]
    if not found:
        return None
    return [
        _dropping_none(
            {
                "from": _iso(r.started_on),
                "to": _iso(r.ended_on),
                "kind": SCHOOLING_KIND[r.level],
                # Success as recorded; a finished attendance tells it by its completion.
                "successful": r.successful
                if r.successful is not None
                else (r.completed if r.ended_on else None),
            }
        )
        for r in found
    ]


def employment(rows: list[WorkExperience]) -> list[dict[str, Any]] | None:
    """Employment in Germany with its days, hours and social insurance where recorded."""
    found = _in_germany(rows)
    if not found:
        return None
    return [
        _dropping_none(
            {
                "from": _iso(r.started_on),
                "to": _iso(r.ended_on),
                "hours_per_week": None if r.hours_per_week is None else float(r.hours_per_week),
                "social_insurance": r.social_insurance,
            }
        )
        for r in found
    ]


def qualifications(rows: list[Qualification]) -> list[dict[str, Any]] | None:
    """Qualifications gained in Germany, and foreign ones fully recognised here; others do not
    count for the rules and are left out."""
    out = []
    for r in rows:
        if _country(r) == GERMANY:
            kind = "de_degree" if r.kind == Qualification.Kind.ACADEMIC else "de_training"
        elif r.recognition == Recognition.FULL:
            kind = "foreign_recognised"
        else:
            continue
        out.append(_dropping_none({"kind": kind, "completed_on": _iso(r.completed_on)}))
    return out or None


def conviction(row: Conviction) -> dict[str, Any]:
    return _dropping_none(
        {
            "daily_rates": row.daily_rates,
            "foreigner_only": row.foreigner_only,
            "youth_sanction_only": row.youth_sanction_only,
            "custodial": row.custodial,
        }
    )


def recorded_facts(recorded: RecordedFacts) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in SCALARS:
        value = getattr(recorded, name)
        if value in (None, ""):
            continue
        out[name] = _iso(value) if isinstance(value, date) else value
    if recorded.livelihood_share_from_work is not None:
        out["livelihood_share_from_work"] = float(recorded.livelihood_share_from_work)
    if recorded.no_convictions:  # "none" is a fact; "some" needs the details, so unknown
        out["convictions"] = []
    if recorded.training_kind or recorded.training_start:
        out["training"] = _dropping_none(
            {
                "kind": recorded.training_kind or None,
                "start": _iso(recorded.training_start),
                "commitment": recorded.training_commitment,
                "started_during_asylum": recorded.training_started_during_asylum,
            }
        )
    return out


def _children(person: Person) -> list[dict[str, Any]] | None:
    """Children of the household whose head or partner the person is; unknown otherwise."""
    membership = HouseholdMember.objects.filter(person=person).first()
    if membership is None or membership.relation not in (
        HouseholdMember.Relation.HEAD,
        HouseholdMember.Relation.SPOUSE,
    ):
        return None
    children = HouseholdMember.objects.filter(
        household_id=membership.household_id, relation=HouseholdMember.Relation.CHILD
    ).select_related("person")
    return [
        {"birth_date": _iso(c.person.birth_date), "in_household": True}
        for c in children
        if c.person.birth_date
    ]
