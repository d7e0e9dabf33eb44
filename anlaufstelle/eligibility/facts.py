"""A person's facts for the rules engine (docs/rules-check.md), from the registry and what the
foreigners authority recorded (`RecordedFacts`). Only what the rows say: a fact they do not hold
stays absent, so that the engine answers "cannot tell" and names it (docs/eligibility.md has
the table of sources)."""

from __future__ import annotations

from datetime import date
from typing import Any

from anlaufstelle.core.categories import Category
from anlaufstelle.eligibility.models import FACTS, RecordedFacts
from anlaufstelle.people.models import Document, HouseholdMember, Person

# Residence documents as the contract's statuses. The arrival certificate stands for the
# Aufenthaltsgestattung: the stay is permitted from its issue (§ 55 Abs. 1 AsylG).
STATUS_OF_DOCUMENT: dict[str, str] = {
    Document.Kind.DULDUNG: "duldung",
    Document.Kind.ARRIVAL_CERTIFICATE: "gestattung",
    Document.Kind.FIKTIONSBESCHEINIGUNG: "fiktion",
    Document.Kind.RESIDENCE_PERMIT: "permit",
}
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

# Passed on as they are; the share is a number and "no convictions" an empty list.
SCALARS = tuple(f for f in FACTS if f not in ("livelihood_share_from_work", "no_convictions"))


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
    if Category.RESIDENCE in allowed:
        facts["statuses"] = statuses(list(person.documents.all()), on)
        recorded = RecordedFacts.objects.filter(person=person).first()
        if recorded is not None:
            facts.update(recorded_facts(recorded))
    return {k: v for k, v in facts.items() if v is not None}


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
