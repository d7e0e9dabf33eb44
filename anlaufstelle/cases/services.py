"""Workflows of the case file. Every read of a case passes the access decision for each piece
of data by the agency that holds it, and every read, write and refusal goes to the audit trail.

Who takes part in a case: its lead agency, the agencies with a task in it, and those a referral
was sent to (while it is asked for, accepted or completed). Only they, and the data-protection
officer for a review, open it; what each of them sees of it is the access decision's answer.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.cases import files
from anlaufstelle.cases.models import Case, CaseDocument, Conference, Note, Referral, Task
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.core.submissions import created_once
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Person
from anlaufstelle.people.services import person_for_change
from anlaufstelle.people.services.base import audit, checked_purpose, permitted
from anlaufstelle.privacy import decision as rules
from anlaufstelle.privacy import services as access

# Only the youth office writes youth-office data (§ 65 SGB VIII protects what is entrusted to it).
YOUTH_OFFICE_KINDS = frozenset({Agency.Kind.YOUTH_OFFICE})


class NotInCase(access.Refused):
    """The user's agency takes no part in the case (or is not the party of the referral or
    task it would change): refused, and recorded by privacy/middleware.py."""


def agency_of(user: Any) -> Agency | None:
    staff = getattr(user, "staff_member", None)
    return staff.agency if staff is not None else None


def taking_part(case: Case) -> set[int]:
    """The agencies that take part in the case (by id)."""
    agencies = {case.lead_id}
    agencies |= set(case.tasks.values_list("agency_id", flat=True))
    agencies |= set(
        case.referrals.filter(
            status__in=[Referral.Status.REQUESTED, *Referral.SHARING]
        ).values_list("to_agency_id", flat=True)
    )
    return agencies


def _audit(
    user: Any, action: str, purpose: Purpose, case: Case, categories: Any, **detail: Any
) -> None:
    """Into the audit trail: what the user did with the case, recorded about its person."""
    audit(
        user=user,
        action=action,
        purpose=purpose,
        person_id=case.person_id,
        categories=categories,
        detail={"case": case.pk, **detail},
    )


def _refuse(user: Any, case: Case, purpose: str, what: str) -> NotInCase:
    return NotInCase(
        person_id=case.person_id,
        purpose=purpose,
        categories=[Category.IDENTITY],
        detail={"case": case.pk, "page": what, "rule": "not_in_case"},
        reasons=[(str(_("Case")), str(_("your agency takes no part in this case")))],
    )


def _case_for(user: Any, case_id: int, *, write: bool, what: str) -> tuple[Case, Purpose]:
    """The case, if the user's agency takes part in it (or, to read, the user reviews data
    protection); else refused and recorded. The person's identity must be open to the user."""
    purpose = checked_purpose(user, None, write=write)
    case = Case.objects.select_related("person", "lead").get(pk=case_id)
    agency = agency_of(user)
    reviewing = purpose == Purpose.REVIEW
    if not reviewing and (agency is None or agency.pk not in taking_part(case)):
        raise _refuse(user, case, purpose, what)
    permitted(user=user, person=case.person, categories=[Category.IDENTITY], purpose=purpose)
    return case, purpose


@transaction.atomic
def case_for_form(*, user: Any, case_id: int, page: str) -> Case:
    """The case above one of its forms, which shows only the person's name and the case's
    title: refused unless the user's agency takes part; recorded as a read of the identity."""
    case, purpose = _case_for(user, case_id, write=True, what=page)
    _audit(user, Action.READ, purpose, case, [Category.IDENTITY], page=page)
    return case


def agencies_in(case: Case) -> list[Agency]:
    return list(Agency.objects.filter(pk__in=taking_part(case)).order_by("name"))


# --- Opening a case --------------------------------------------------------------------------


@transaction.atomic
def open_case(
    *, user: Any, person_id: int, data: dict[str, Any], submission: uuid.UUID | None = None
) -> tuple[Case, bool]:
    """A new case of the person, led by the user's agency."""
    purpose = checked_purpose(user, None, write=True)
    person = person_for_change(person_id=person_id)
    permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
    agency = agency_of(user)
    if agency is None:
        raise PermissionDenied("no agency")

    def create() -> Case:
        case = Case(
            person=person,
            title=data["title"],
            for_household=bool(data.get("for_household")),
            lead=agency,
            opened_by=user,
        )
        case.full_clean()
        case.save()
        audit(
            user=user,
            action=Action.CREATE,
            purpose=purpose,
            person_id=person.pk,
            categories=[Category.IDENTITY],
            detail={"case": case.pk, "lead": agency.code},
        )
        return case

    return created_once(user, submission, create)


def cases_of(*, user: Any, person: Person) -> list[Case]:
    """The person's cases the user's agency takes part in (for the person's page and the desk),
    after the page's own read of the person was decided and recorded."""
    agency = agency_of(user)
    if agency is None:
        return []
    shared = Q(lead=agency) | Q(tasks__agency=agency)
    shared |= Q(
        referrals__to_agency=agency,
        referrals__status__in=[Referral.Status.REQUESTED, *Referral.SHARING],
    )
    return list(Case.objects.filter(shared, person=person).select_related("lead").distinct())


def at_desk(*, user: Any, person: Person) -> list[tuple[Case, list[Task]]]:
    """For the hall's desk serving the person (whose read the desk recorded): the open cases
    the officer's agency takes part in, each with its open tasks for that agency."""
    agency = agency_of(user)
    found = [case for case in cases_of(user=user, person=person) if case.is_open]
    if agency is None or not found:
        return []
    tasks: dict[int, list[Task]] = defaultdict(list)
    for task in Task.objects.filter(
        case__in=found, agency=agency, status__in=Task.OPEN_STATES
    ).order_by("due", "pk"):
        tasks[task.case_id].append(task)
    return [(case, tasks[case.pk]) for case in found]


# --- The case page ---------------------------------------------------------------------------


@dataclass
class Withheld:
    """Data of one agency in one category the reader may not see, and why."""

    agency: str
    category: str
    count: int
    reason: str


@dataclass
class CasePage:
    case: Case
    purpose: Purpose
    notes: list[Note]
    documents: list[CaseDocument]
    conferences: list[Conference]
    tasks: list[Task]
    referrals: list[Referral]
    withheld: list[Withheld] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    # The viewer's agency holds sealed data of the person here, which it may release.
    holds_sealed: bool = False


def _decide_items(user: Any, case: Case, items: list[Any], purpose: str) -> dict[int, Any]:
    """The access decision for each holding agency of `items` (notes, documents, minutes), for
    the categories it holds."""
    held: dict[Agency, set[str]] = defaultdict(set)
    for item in items:
        held[item.agency].add(item.category)
    return access.decide_held(user=user, person=case.person, held=dict(held), purpose=purpose)


def _split(
    items: list[Any], decisions: dict[int, Any], viewer_agency: Agency | None
) -> tuple[list[Any], list[tuple[Any, rules.Answer]]]:
    """The items the reader may see, and those refused with the answer."""
    shown: list[tuple[Any, rules.Answer]] = []
    refused: list[tuple[Any, rules.Answer]] = []
    for item in items:
        answer = decisions[item.agency_id].answer(item.category)
        (shown if answer.allowed else refused).append((item, answer))
    # A sealed item another agency holds is not even counted: only its own agency may know it
    # exists (the page says so to them).
    refused = [
        (item, answer)
        for item, answer in refused
        if item.category not in rules.SEALED
        or (viewer_agency is not None and item.agency_id == viewer_agency.pk)
    ]
    return [item for item, _answer in shown], refused


@transaction.atomic
def case_page(*, user: Any, case_id: int) -> CasePage:
    case, purpose = _case_for(user, case_id, write=False, what="case")
    viewer_agency = agency_of(user)
    notes: list[Any] = list(case.notes.select_related("agency", "author"))
    documents: list[Any] = list(case.documents.select_related("agency", "uploaded_by"))
    conferences: list[Any] = list(
        case.conferences.select_related("agency").prefetch_related("agencies")
    )
    decisions = _decide_items(user, case, [*notes, *documents, *conferences], purpose)
    shown_notes, refused_notes = _split(notes, decisions, viewer_agency)
    shown_documents, refused_documents = _split(documents, decisions, viewer_agency)
    shown_minutes, refused_minutes = _split(conferences, decisions, viewer_agency)
    shown_ids = {c.pk for c in shown_minutes}
    for conference in conferences:
        conference.minutes_shown = conference.pk in shown_ids
    withheld: dict[tuple[str, str, str], int] = defaultdict(int)
    labels = dict(Category.choices)
    for item, answer in [*refused_notes, *refused_documents, *refused_minutes]:
        reason = access.REASONS.get(answer.reason, answer.reason)
        key = (item.agency.name, str(labels.get(item.category, item.category)), str(reason))
        withheld[key] += 1
    page = CasePage(
        case=case,
        purpose=purpose,
        notes=shown_notes,
        documents=shown_documents,
        conferences=conferences,
        tasks=list(case.tasks.select_related("agency", "owner")),
        referrals=list(case.referrals.select_related("from_agency", "to_agency")),
        withheld=[Withheld(a, c, n, r) for (a, c, r), n in sorted(withheld.items())],
        agencies=agencies_in(case),
        holds_sealed=viewer_agency is not None
        and any(
            item.category in rules.SEALED and item.agency_id == viewer_agency.pk
            for item in [*shown_notes, *shown_documents, *shown_minutes]
        ),
    )
    shown_categories = {Category.IDENTITY.value}
    shown_categories |= {i.category for i in [*shown_notes, *shown_documents, *shown_minutes]}
    _audit(
        user,
        Action.READ,
        purpose,
        case,
        sorted(shown_categories),
        page="case",
        # Per holding agency: each category's basis or reason (a read of another agency's
        # data is marked as a transfer, as on the person's page).
        case_access={
            item.agency.code: decisions[item.agency_id].record()
            for item in [*notes, *documents, *conferences]
        },
    )
    return page


# --- Notes, documents ------------------------------------------------------------------------


def _check_category(agency: Agency, category: str) -> None:
    if category == Category.YOUTH_OFFICE and agency.kind not in YOUTH_OFFICE_KINDS:
        raise ValidationError({"category": _("Only the youth office writes youth-office data.")})


@transaction.atomic
def add_note(*, user: Any, case_id: int, category: str, text: str) -> Note:
    case, purpose = _case_for(user, case_id, write=True, what="note_add")
    agency = agency_of(user)
    assert agency is not None  # _case_for let only a taking-part agency through
    _check_category(agency, category)
    note = Note(case=case, agency=agency, category=category, text=text, author=user)
    note.full_clean()
    note.save()
    _audit(user, Action.CREATE, purpose, case, [category], note=note.pk)
    return note


@transaction.atomic
def upload_document(
    *, user: Any, case_id: int, upload: Any, size: int | None, title: str, category: str
) -> CaseDocument:
    """Keep an uploaded file with the case: checked and written first, so that a refused
    upload leaves nothing; the file goes again if the row cannot be saved."""
    case, purpose = _case_for(user, case_id, write=True, what="document_add")
    agency = agency_of(user)
    assert agency is not None
    _check_category(agency, category)
    stored = files.store(upload, size=size)
    try:
        document = CaseDocument(
            case=case,
            agency=agency,
            category=category,
            title=title,
            stored_as=stored.name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=user,
        )
        document.full_clean()
        document.save()
        _audit(
            user,
            Action.CREATE,
            purpose,
            case,
            [category],
            document=document.pk,
            sha256=stored.sha256,
        )
    except BaseException:
        files.remove(stored.name)
        raise
    return document


@transaction.atomic
def document_to_download(*, user: Any, document_id: int) -> CaseDocument:
    """The document, if the user's agency takes part in its case and the access decision lets
    the user see its category of the holding agency's data; the download is recorded."""
    document = CaseDocument.objects.select_related("agency", "case").get(pk=document_id)
    case, purpose = _case_for(user, document.case_id, write=False, what="document")
    decision = _decide_items(user, case, [document], purpose)[document.agency_id]
    answer = decision.answer(document.category)
    if not answer.allowed:
        raise access.AccessRefused(person_id=case.person_id, purpose=purpose, decision=decision)
    _audit(
        user,
        Action.EXPORT,
        purpose,
        case,
        [document.category],
        document=document.pk,
        case_access={document.agency.code: decision.record()},
    )
    return document


# --- Tasks -----------------------------------------------------------------------------------


@transaction.atomic
def add_task(
    *,
    user: Any,
    case_id: int,
    data: dict[str, Any],
    conference: Conference | None = None,
) -> Task:
    case, purpose = _case_for(user, case_id, write=True, what="task_add")
    task = Task(case=case, created_by=user, conference=conference, **data)
    task.full_clean()
    _check_owner(task)
    task.save()
    _audit(
        user,
        Action.CREATE,
        purpose,
        case,
        [Category.IDENTITY],
        task=task.pk,
        agency=task.agency.code,
    )
    return task


def _check_owner(task: Task) -> None:
    owner_agency = agency_of(task.owner) if task.owner is not None else None
    if task.owner is not None and (owner_agency is None or owner_agency.pk != task.agency_id):
        raise ValidationError({"owner": _("The owner works for another agency.")})


class TaskChanged(Exception):
    """Someone changed the task since the form was opened; nothing was saved."""

    def __init__(self, task: Task) -> None:
        super().__init__(f"task {task.pk} changed meanwhile")
        self.task = task


def _task_party(user: Any, task: Task) -> tuple[Case, Purpose]:
    case, purpose = _case_for(user, task.case_id, write=True, what="task_edit")
    agency = agency_of(user)
    if agency is None or agency.pk != task.agency_id:
        raise _refuse(user, case, purpose, "task_edit")
    return case, purpose


@transaction.atomic
def task_for_form(*, user: Any, task_id: int) -> Task:
    """A task above its form, for staff of its agency; recorded as a read of the identity."""
    task = Task.objects.select_related("case", "case__person", "case__lead").get(pk=task_id)
    case, purpose = _task_party(user, task)
    _audit(user, Action.READ, purpose, case, [Category.IDENTITY], page="task_edit", task=task.pk)
    return task


@transaction.atomic
def update_task(*, user: Any, task_id: int, version: int, data: dict[str, Any]) -> Task:
    """Status, due date, reminder or owner; only by staff of the task's agency, only over the
    version the form showed."""
    task = Task.objects.select_for_update().select_related("case").get(pk=task_id)
    case, purpose = _task_party(user, task)
    if task.version != version:
        raise TaskChanged(task)
    changed = [name for name, value in data.items() if getattr(task, name) != value]
    if not changed:
        return task
    for name in changed:
        setattr(task, name, data[name])
    task.full_clean()
    _check_owner(task)
    task.version += 1
    task.save()
    _audit(
        user,
        Action.UPDATE,
        purpose,
        case,
        [Category.IDENTITY],
        task=task.pk,
        fields=sorted(changed),
    )
    return task


def _tasks_for(user: Any, agency: Agency, today: date, ahead: int) -> list[Task]:
    mine = Q(owner=user) | Q(owner__isnull=True, agency=agency)
    soon = Q(due__lte=today + timedelta(days=ahead)) | Q(remind_on__lte=today)
    return list(
        Task.objects.filter(mine, soon, status__in=Task.OPEN_STATES, case__closed_at__isnull=True)
        .select_related("case", "case__person", "agency")
        .order_by("due", "pk")[:50]
    )


@dataclass
class WorkList:
    tasks: list[Task]
    referrals: list[Referral]


@transaction.atomic
def work_list(user: Any, *, today: date | None = None, ahead: int = 7) -> WorkList:
    """The start page's reminders: open tasks the user owns, and those of their agency nobody
    owns, due within `ahead` days or past their reminder day; and referrals to the agency that
    nobody has answered. Each names a person: only those whose identity the user may see are
    listed, and the list is recorded as a read of them."""
    agency = agency_of(user)
    if agency is None:
        return WorkList([], [])
    today = today or timezone.localdate()
    tasks = _tasks_for(user, agency, today, ahead)
    referrals = list(
        Referral.objects.filter(to_agency=agency, status=Referral.Status.REQUESTED)
        .select_related("case", "case__person", "from_agency")
        .order_by("requested_at")[:50]
    )
    cases = [t.case for t in tasks] + [r.case for r in referrals]
    people = {case.person_id: case.person for case in cases}
    if not people:
        return WorkList([], [])
    purpose = checked_purpose(user, None, write=False)
    decided = access.decide_many(
        user=user, people=people.values(), categories=[Category.IDENTITY], purpose=purpose
    )
    open_to = {pk for pk, d in decided.items() if Category.IDENTITY in d.allowed}
    work = WorkList(
        tasks=[t for t in tasks if t.case.person_id in open_to],
        referrals=[r for r in referrals if r.case.person_id in open_to],
    )
    if open_to:
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=None,
            categories=[Category.IDENTITY],
            detail={"page": "work_list", "shown": sorted(open_to)},
        )
    return work


# --- Case conferences ------------------------------------------------------------------------


@transaction.atomic
def hold_conference(*, user: Any, case_id: int, data: dict[str, Any]) -> Conference:
    """Record a case conference; its minutes are held by the user's agency, in the category
    the form names, and read by the others like a note."""
    case, purpose = _case_for(user, case_id, write=True, what="conference_add")
    agency = agency_of(user)
    assert agency is not None
    category = data.get("category") or Category.BIOGRAPHY
    _check_category(agency, category)
    conference = Conference(
        case=case,
        held_on=data["held_on"],
        agenda=data["agenda"],
        minutes=data.get("minutes", ""),
        category=category,
        agency=agency,
        created_by=user,
    )
    conference.full_clean()
    conference.save()
    conference.agencies.set(data.get("agencies") or [agency])
    conference.participants.set(data.get("participants") or [])
    _audit(
        user,
        Action.CREATE,
        purpose,
        case,
        [category],
        conference=conference.pk,
        agencies=sorted(a.code for a in conference.agencies.all()),
    )
    return conference


# --- Referrals -------------------------------------------------------------------------------


def lawful_for(
    *, person: Person, holder: Agency, to: Agency, categories: list[str], purpose: str
) -> rules.Decision:
    """May `to` receive these categories of data `holder` holds, for `purpose`, now? The same
    decision as for a reader of that agency (a desk officer), who has no release."""
    viewer = rules.Viewer(
        user_id=0,
        agency=to.code,
        agency_kind=to.kind,
        roles=frozenset({Role.DESK_OFFICER.value}),
    )
    at = timezone.localtime()
    return rules.decide(
        viewer,
        {category: (holder.code, holder.kind) for category in categories},
        purpose,
        at,
        bases=access.bases(),
        grants=access.grants([person.pk], to.code)[person.pk],
        requests=access.requests([person.pk], to.code, at)[person.pk],
    )


class ReferralRefused(ValidationError):
    """What the referral would pass has no basis: the categories and the reasons."""


@transaction.atomic
def refer(
    *,
    user: Any,
    case_id: int,
    data: dict[str, Any],
    step: Any = None,
    submission: uuid.UUID | None = None,
) -> tuple[Referral, bool]:
    """Ask another agency to take part in the case, or to take over its lead. Refused as a
    whole, naming each category and why, unless a legal basis or the person's consent lets the
    receiving agency have every category named."""
    case, purpose = _case_for(user, case_id, write=True, what="referral_add")
    agency = agency_of(user)
    assert agency is not None
    to: Agency = data["to_agency"]
    categories = sorted(data["categories"])
    wanted_purpose = data.get("purpose") or Purpose.CASEWORK
    lawful = lawful_for(
        person=case.person, holder=agency, to=to, categories=categories, purpose=wanted_purpose
    )
    if lawful.refused:
        labels = dict(Category.choices)
        raise ReferralRefused(
            {
                "categories": [
                    _("%(category)s: %(reason)s")
                    % {
                        "category": labels.get(a.category, a.category),
                        "reason": access.REASONS.get(a.reason, a.reason),
                    }
                    for a in lawful.answers
                    if not a.allowed
                ]
            }
        )

    def create() -> Referral:
        referral = Referral(
            case=case,
            kind=data.get("kind") or Referral.Kind.SHARE,
            from_agency=agency,
            to_agency=to,
            categories=categories,
            purpose=wanted_purpose,
            bases={a.category: {"basis": a.basis, "citation": a.citation} for a in lawful.answers},
            note=data.get("note", ""),
            requested_by=user,
            step=step,
        )
        referral.full_clean()
        referral.save()
        _audit(
            user,
            Action.CREATE,
            purpose,
            case,
            categories,
            referral=referral.pk,
            to=to.code,
            kind=referral.kind,
            bases=referral.bases,
        )
        return referral

    return created_once(user, submission, create)


# Who may move a referral from which state to which: the receiving agency answers a request and
# completes what it accepted; the referring agency revokes what is not finished.
_UNFINISHED = (Referral.Status.REQUESTED, Referral.Status.ACCEPTED)
MOVES = {
    "accept": ("to", (Referral.Status.REQUESTED,), Referral.Status.ACCEPTED),
    "reject": ("to", (Referral.Status.REQUESTED,), Referral.Status.REJECTED),
    "complete": ("to", (Referral.Status.ACCEPTED,), Referral.Status.COMPLETED),
    "revoke": (
        "from",
        (Referral.Status.REQUESTED, Referral.Status.ACCEPTED),
        Referral.Status.REVOKED,
    ),
}
NEEDS_REASON = frozenset({"reject", "revoke"})


class ReferralMoved(Exception):
    """The referral is no longer in a state that allows this (someone acted meanwhile)."""

    def __init__(self, referral: Referral) -> None:
        super().__init__(f"referral {referral.pk} is {referral.status}")
        self.referral = referral


def _party(user: Any, referral: Referral, move: str) -> tuple[Case, Purpose]:
    """The referral's case, if the user works for the party that makes this move. The parties
    move it whether or not their agency still takes part (a second answer after a rejection is
    told that it came too late, not refused)."""
    purpose = checked_purpose(user, None, write=True)
    case = Case.objects.select_related("person", "lead").get(pk=referral.case_id)
    agency = agency_of(user)
    side = MOVES[move][0]
    party = referral.to_agency_id if side == "to" else referral.from_agency_id
    if agency is None or agency.pk != party:
        raise _refuse(user, case, purpose, f"referral_{move}")
    permitted(user=user, person=case.person, categories=[Category.IDENTITY], purpose=purpose)
    return case, purpose


@transaction.atomic
def referral_for_form(*, user: Any, referral_id: int, move: str) -> Referral:
    """The referral above the form of a move, for its party; recorded as a read of the
    person's identity (the form shows the name, the case's title and the referral)."""
    referral = Referral.objects.select_related("from_agency", "to_agency").get(pk=referral_id)
    case, purpose = _party(user, referral, move)
    _audit(
        user,
        Action.READ,
        purpose,
        case,
        [Category.IDENTITY],
        page=f"referral_{move}",
        referral=referral.pk,
    )
    referral.case = case
    return referral


@transaction.atomic
def move_referral(*, user: Any, referral_id: int, move: str, reason: str = "") -> Referral:
    _side, sources, target = MOVES[move]
    referral = (
        Referral.objects.select_for_update()
        .select_related("case", "from_agency", "to_agency")
        .get(pk=referral_id)
    )
    case, purpose = _party(user, referral, move)
    if referral.status not in sources:
        raise ReferralMoved(referral)
    if move in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    referral.status = target
    referral.reason = reason
    referral.decided_by = user
    referral.decided_at = timezone.now()
    referral.version += 1
    referral.save()
    if move == "accept" and referral.kind == Referral.Kind.LEAD:
        # The lead changes hands: the new lead agency owns the case from now on.
        Case.objects.filter(pk=case.pk).update(lead=referral.to_agency, version=case.version + 1)
    _audit(
        user,
        Action.UPDATE,
        purpose,
        case,
        list(referral.categories),
        referral=referral.pk,
        status=target,
        reason=reason,
    )
    return referral
